"""The three example frameworks of the docs, ranked by hand and by branchkit.

Each expected figure below is worked out in the comment above it from the example's files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from branchkit import Host
from branchkit.io.candidates import candidates_from_document
from branchkit.mechanisms.staging import StagingResult, evaluate

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples" / "staging"
SCRIPT = Path(sys.executable).with_name("branchkit")
AS_OF = dt.date(2022, 12, 31)


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(environ={})


def ranked(host: Host, framework: str, members: str, data: str | None = None) -> StagingResult:
    loaded = host.load(EXAMPLES / framework)
    assert loaded.framework is not None
    scheme = loaded.framework.scheme()
    path = EXAMPLES / members
    importer = host.importer_for(path)
    assert importer is not None
    candidates = candidates_from_document(importer.read(path), scheme)
    dataset = host.load(EXAMPLES / data).dataset if data else None
    return evaluate(
        scheme,
        candidates,
        as_of=AS_OF,
        people=dataset.people if dataset else (),
        events=dataset.events if dataset else (),
    )


def table(result: StagingResult) -> list[tuple[str, int | None, Decimal, bool]]:
    return [(c.id, c.rank, c.total, c.selected) for c in result.candidates]


def test_additive_points_without_stages_or_caps(host: Host) -> None:
    result = ranked(host, "additive.toml", "additive-members.csv", "additive-events.toml")
    # M01: services v1, v2 (2 + 2) and theme days t1, t2 (1 + 1) = 6
    # M02: service v1 (2), reports r1, r2 (3 + 3), theme day t1 (1) = 9
    # M03: service v1 (2), report r2 (3), theme day t1 (1) = 6; after M01 by id
    # M04: service v2 (2), theme day t1 (1) = 3
    assert table(result) == [
        ("M02", 1, Decimal("9.00"), True),
        ("M01", 2, Decimal("6.00"), True),
        ("M03", 3, Decimal("6.00"), True),
        ("M04", 4, Decimal("3.00"), True),
    ]
    assert [award.sources for award in result.candidates[0].dimensions[0].awards] == [
        ("v1",),
        ("r1", "r2"),
        ("t1",),
    ]


def test_capped_dimensions_with_rank_bands(host: Host) -> None:
    result = ranked(host, "capped.toml", "capped-members.csv")
    # Study, half a point an hour, capped at 20: C01 26 -> 20, C02 15.5, C03 9.25, C04 20,
    # C05 6, C06 22 -> 20.
    # Contest bands per class (top 20% of 3 is 1 place: 10 points; places 2-11: 9):
    # 一班 C02 95 (1st, 10), C01 and C03 88 (both 2nd, 9); 二班 C05 91 (10), C06 85 (9),
    # C04 70 (3rd, 9).
    # Totals: C01 29, C04 29, C06 29 (contest 9 each, so by id), C02 25.5, C03 18.25, C05 16.
    assert table(result) == [
        ("C01", 1, Decimal("29.00"), True),
        ("C04", 2, Decimal("29.00"), True),
        ("C06", 3, Decimal("29.00"), True),
        ("C02", 4, Decimal("25.50"), False),
        ("C03", 5, Decimal("18.25"), False),
        ("C05", 6, Decimal("16.00"), False),
    ]
    study = result.candidates[0].dimensions[0]
    assert (study.earned, study.points) == (Decimal("26.00"), Decimal("20"))


def test_vote_share_and_exam_with_a_base_of_100(host: Host) -> None:
    result = ranked(host, "vote-exam.toml", "vote-exam-members.csv")
    # A04: 100 + 19/20 x 30 (28.5) + 74 x 0.15 (11.1) = 139.60
    # A03: 100 + 18/20 x 30 (27) + 80 x 0.15 (12) = 139.00
    # A01: 100 + 17/20 x 30 (25.5) + 87 x 0.15 (13.05) = 138.55
    # A02: 100 + 30 + 8.7 = 138.70, but failed the exam (58 < 60): not ranked.
    assert table(result) == [
        ("A04", 1, Decimal("139.60"), True),
        ("A03", 2, Decimal("139.00"), True),
        ("A01", 3, Decimal("138.55"), False),
        ("A02", None, Decimal("138.70"), False),
    ]
    assert result.counts == {"candidates": 4, "eligible": 3, "selected": 2, "needs_decision": 0}


def test_the_command_line_gives_the_same_ranking_as_json() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHKIT_")}
    run = subprocess.run(
        [
            str(SCRIPT), "rank", str(EXAMPLES / "vote-exam-members.csv"),
            "--framework", str(EXAMPLES / "vote-exam.toml"),
            "--as-of", AS_OF.isoformat(), "--format", "json",
        ],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert [(c["id"], c["rank"], c["total"], c["selected"]) for c in document["candidates"]] == [
        ("A04", 1, "139.60", True),
        ("A03", 2, "139.00", True),
        ("A01", 3, "138.55", False),
        ("A02", None, "138.70", False),
    ]
