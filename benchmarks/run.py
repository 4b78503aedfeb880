"""Benchmarks of the foundation: start-up, plugin loading, structuring and loading records.

Run with ``nox -s bench`` (or ``python benchmarks/run.py [--quick]`` where branchkit and both
plugins are installed). Each figure is the median of several runs of one complete call, as a
user would make it; the data are synthetic and seeded, so runs are comparable. Targets are
printed beside the figures they apply to. The benchmarks of staged scoring at a province's scale
(``benchmarks/staging.py``), of contact networks at a college's (``benchmarks/contacts.py``) and
of suggestions that fill a network's gaps (``benchmarks/contacts_suggest.py``) and of pairing
(``benchmarks/pairing.py``), of role checklists (``benchmarks/checklists.py``), of the main
job, ``branchkit evaluate`` (``benchmarks/evaluation.py``), and of the points ledger
(``benchmarks/ledger.py``) follow, each in a process of its own on one core.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from branchkit import Host, Person, make_converter

SCRIPT = str(Path(sys.executable).with_name("branchkit"))


def median_seconds(call: Callable[[], object], repeats: int) -> float:
    """The median wall-clock time of ``call`` over ``repeats`` runs, after one warm-up run."""
    call()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def people_rows(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Synthetic people as a data file holds them: ids, names, dated roles, memberships."""
    rng = random.Random(seed)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    roles = ["applicant", "activist", "development_target", "probationary_member", "full_member"]
    rows = []
    for index in range(count):
        year = 2018 + rng.randrange(5)
        rows.append(
            {
                "id": f"S{year}{index:06d}",
                "name": rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                "roles": [
                    {"role": rng.choice(roles), "start": f"{year}-{rng.randrange(1, 13):02d}-01"}
                ],
                "memberships": [{"unit": f"class-{rng.randrange(300)}"}],
                "birth_date": f"{year - 18}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            }
        )
    return rows


def write_dataset(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """A JSON data file with the people and the 300 classes they belong to."""
    units = [{"id": f"class-{n}", "kind": "class", "name": f"{n}班"} for n in range(300)]
    path = folder / "people.json"
    path.write_text(json.dumps({"units": units, "people": rows}, ensure_ascii=False))
    return path


def main() -> None:
    """Measure and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    options = parser.parse_args()
    repeats = 3 if options.quick else 7
    count = 10_000 if options.quick else 100_000

    results: list[tuple[str, float, str]] = []
    help_time = median_seconds(
        lambda: subprocess.run([SCRIPT, "--help"], check=True, capture_output=True), repeats
    )
    results.append(("branchkit --help (process)", help_time, "target <= 0.3 s"))
    plugins_time = median_seconds(
        lambda: subprocess.run(
            [SCRIPT, "plugins", "--format", "json"], check=True, capture_output=True
        ),
        repeats,
    )
    results.append(("branchkit plugins --format json (process)", plugins_time, ""))
    results.append(("Host.create() with both plugins", median_seconds(Host.create, repeats), ""))

    rows = people_rows(count)
    converter = make_converter()
    structure = median_seconds(lambda: converter.structure(rows, tuple[Person, ...]), repeats)
    people = converter.structure(rows, tuple[Person, ...])
    unstructure = median_seconds(lambda: converter.unstructure(people), repeats)
    results.append((f"structure {count:,} people (strict)", structure, ""))
    results.append((f"unstructure {count:,} people", unstructure, ""))

    host = Host.create()
    with tempfile.TemporaryDirectory() as folder:
        path = write_dataset(Path(folder), rows)
        loaded = median_seconds(lambda: host.load(path), repeats)
    results.append((f"load + check a JSON file of {count:,} people", loaded, ""))

    width = max(len(name) for name, _, _ in results)
    print(f"branchkit benchmarks (Python {sys.version.split()[0]}, median of {repeats} runs)")
    for name, seconds, note in results:
        per = ""
        if "people" in name:
            per = f"  ({seconds / count * 1e6:.1f} µs per person)"
        print(f"  {name:<{width}}  {seconds * 1000:9.1f} ms{per}  {note}".rstrip())
    sys.stdout.flush()
    # Each runs in its own process: numpy's thread pools are limited to one thread before numpy
    # is imported there, and its memory figures are its own.
    quick = ["--quick"] if options.quick else []
    for script in (
        "staging.py",
        "contacts.py",
        "contacts_suggest.py",
        "pairing.py",
        "checklists.py",
        "evaluation.py",
        "ledger.py",
    ):
        subprocess.run([sys.executable, str(Path(__file__).with_name(script)), *quick], check=True)


if __name__ == "__main__":
    main()
