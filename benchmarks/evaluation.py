"""Benchmark of the main job: ``branchkit evaluate`` on the bundled example, and a university.

Run alone: ``python benchmarks/evaluation.py [--quick]``. The process runs on one core.

* **The main job, end to end** (target <= 1 s): ``branchkit evaluate`` on the cqfe plugin's
  example folder, writing the HTML report, as a process: start-up, plugins, reading and
  structuring the files, every mechanism, the scorecard and the page. Beside it, the same
  command writing JSON (informative).
* **A whole university** (target <= 10 s for 200 branches): :func:`evaluate` over 200
  branches' records, each of the example's size (323 people, 36 checklists, 86 assistance
  cases, 2,692 assessments, ...): the example's records, evaluated 200 times, each in a
  context of its own, so that no evaluation reuses another's results (every mechanism runs
  again, and both fingerprints are computed again). The records are read once, outside the
  time. ``--quick`` evaluates 20 and scales the time to 200.

Each time is the median of several runs after a warm-up (the university's: one run).
"""

from __future__ import annotations

from timing import median_time, once, one_core, verdict

# isort: split

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from branchkit import Host
from branchkit.framework.evaluation import Evaluation, evaluate
from branchkit.io.candidates import candidates_from_document
from branchkit.records import Period

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "plugins" / "branchkit-cqfe" / "examples"
SCRIPT = str(Path(sys.executable).with_name("branchkit"))
AS_OF = dt.date(2022, 8, 31)
PERIOD = "2021-2022"
MAIN_JOB_SECONDS = 1.0
UNIVERSITY_SECONDS = 10.0
BRANCHES = 200


def main_job(output_format: str, output: Path) -> None:
    """``branchkit evaluate`` on the example, as a process."""
    subprocess.run(
        [
            SCRIPT, "evaluate", str(EXAMPLES), "--framework", "cqfe", "--as-of", str(AS_OF),
            "--period", PERIOD, "--format", output_format, "--output", str(output),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip


def main() -> None:
    """Time the main job and a university's evaluation, and print them beside their targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer branches and repeats")
    quick = parser.parse_args().quick
    one_core()
    repeats = 3 if quick else 7
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        html, _ = median_time(lambda: main_job("html", page), repeats)
        json_time, _ = median_time(lambda: main_job("json", Path(folder) / "r.json"), repeats)
    print(
        f"branchkit evaluate, the example, HTML (process): {html:.3f} s "
        f"(target <= {MAIN_JOB_SECONDS:.0f} s: {verdict(html <= MAIN_JOB_SECONDS)})"
    )
    print(f"branchkit evaluate, the example, JSON (process): {json_time:.3f} s (informative)")

    host = Host.create()
    loaded = host.load(EXAMPLES)
    framework = host.framework("cqfe")
    behaviour: dict[str, Any] = {
        "predicates": host.predicates(),
        "point_rules": host.point_rules(),
        "pairing_scorers": host.pairing_scorers(),
        "section_readers": {"candidates": candidates_from_document},
    }
    sources, standards = host.indicator_sources(), host.standards()
    count = 20 if quick else BRANCHES
    branches = [loaded.dataset] * count
    period = Period.parse(PERIOD)

    def university() -> list[Evaluation]:
        return [
            evaluate(
                framework,
                dataset=dataset,
                sections=loaded.sections,
                period=period,
                as_of=AS_OF,
                sources=sources,
                standards=standards,
                behaviour=behaviour,
            )
            for dataset in branches
        ]

    seconds, found = once(university)
    scaled = seconds * BRANCHES / count
    print(
        f"evaluate, {count} branches of the example's size: {seconds:.2f} s "
        f"({scaled:.2f} s for {BRANCHES}; target <= {UNIVERSITY_SECONDS:.0f} s: "
        f"{verdict(scaled <= UNIVERSITY_SECONDS)})"
    )
    assert len(found) == count


if __name__ == "__main__":
    main()
