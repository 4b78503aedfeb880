"""The "三合作" example: the seed's cooperation figures come back out of the records.

The figures expected follow from the design in ``examples/make_cooperation.py``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from branchkit import Host
from branchkit.io import Loaded
from branchkit.mechanisms.obligations import Outcome, summarise_outcomes
from branchkit.mechanisms.targets import TargetProgress, evaluate_targets
from branchkit.records import Period
from branchkit_cqfe import hooks

EXAMPLES = Path(__file__).parents[1] / "examples"
GENERATED = ("合作活动.toml",)
AS_OF = dt.date(2022, 8, 31)
BRANCH = "fin-tb"

# The seed's report, "三合作". "余" (10余场) is more than the number and fewer than the next ten.
# "两年来开展服务活动10余场"
SEED_SENDS_EVENTS_ABOVE, SEED_SENDS_EVENTS_BELOW = 10, 20
# "服务群众300余人次"
SEED_SENDS_REACH_ABOVE, SEED_SENDS_REACH_BELOW = 300, 400
# "送进乡村、社区和中小学"
SEED_SENDS_AUDIENCES = ("community", "school", "village")
# "进校园、进班级、进课堂"
SEED_ENTRIES_AUDIENCES = ("campus", "class", "classroom")
# "不到一年时间开展培训项目3个，培训130人次"
SEED_BASE_PROJECTS = 3
SEED_BASE_TRAINEES = 130
# "2018年、2020年获评学院先进基层党组织"
SEED_COLLEGE_HONOURS = 2
# "2019年获批全国党建工作样板支部培育创建单位"
SEED_NATIONAL_HONOURS = 1
# "获重庆日报、华龙网、永川电视台、永川日报等媒体报道30余次"
SEED_MEDIA_ABOVE, SEED_MEDIA_BELOW = 30, 40


@pytest.fixture(scope="module")
def progress(host: Host, loaded: Loaded) -> dict[str, TargetProgress]:
    targets = host.framework("cqfe").targets
    found = evaluate_targets(
        targets, events=loaded.dataset.events, period=Period.parse("2021-2022"), as_of=AS_OF
    )
    return {row.target: row for row in found}


@pytest.fixture(scope="module")
def outcomes(loaded: Loaded) -> tuple[Outcome, ...]:
    return loaded.sections["outcomes"]


# --- the framework -------------------------------------------------------------------------


def test_the_targets_and_their_periods(host: Host) -> None:
    listed = host.load(Path(hooks.__file__).parent / "cooperation.toml").sections["targets"]
    targets = {t.key: t for t in host.framework("cqfe").targets if t in listed}
    assert list(targets) == [
        "three-sends-events",
        "three-sends-reach",
        "three-sends-audiences",
        "three-entries",
        "base-projects",
        "base-trainees",
    ]
    two_years = targets["three-sends-events"].period
    assert two_years is not None
    assert (two_years.start, two_years.end) == (dt.date(2020, 9, 1), dt.date(2022, 8, 31))
    base = targets["base-projects"].period
    assert base is not None
    assert (base.start, base.end) == (dt.date(2021, 9, 1), dt.date(2022, 8, 31))


def test_every_key_the_targets_use_is_a_term(host: Host) -> None:
    vocabulary = host.vocabulary()
    for target in host.framework("cqfe").targets:
        assert set(target.event_kinds) <= vocabulary["event_kind"], target.key
        assert set(target.audiences) <= vocabulary["audience"], target.key
        assert set(target.partners) <= vocabulary["partner"], target.key
    assert {"honour", "media_report"} <= vocabulary["outcome_kind"]


def test_cooperation_file_is_a_valid_data_file(host: Host) -> None:
    assert host.validate(Path(hooks.__file__).parent / "cooperation.toml") == ()


# --- the seed's figures --------------------------------------------------------------------


def test_three_sends(progress: dict[str, TargetProgress]) -> None:
    events = progress["three-sends-events"]
    assert SEED_SENDS_EVENTS_ABOVE < events.value < SEED_SENDS_EVENTS_BELOW
    assert events.value == 14
    reach = progress["three-sends-reach"]
    assert SEED_SENDS_REACH_ABOVE < reach.value < SEED_SENDS_REACH_BELOW
    assert reach.value == 327
    # The students' service without a partner firm stays out.
    assert "SS99" not in reach.events
    audiences = progress["three-sends-audiences"]
    assert audiences.met
    assert audiences.short_of == ()
    assert tuple(sorted(r.key for r in audiences.audiences if r.key)) == SEED_SENDS_AUDIENCES
    assert all(p.met and p.closed for p in (events, reach))


def test_three_entries(progress: dict[str, TargetProgress]) -> None:
    entries = progress["three-entries"]
    assert entries.met
    assert entries.short_of == ()
    rows = {row.key: row.value for row in entries.audiences}
    assert tuple(sorted(k for k in rows if k)) == SEED_ENTRIES_AUDIENCES
    assert all(rows[key] >= 1 for key in SEED_ENTRIES_AUDIENCES)


def test_one_base(progress: dict[str, TargetProgress]) -> None:
    projects = progress["base-projects"]
    assert projects.value == SEED_BASE_PROJECTS
    assert projects.met
    trainees = progress["base-trainees"]
    assert trainees.value == SEED_BASE_TRAINEES
    assert trainees.met


def test_recognitions(outcomes: tuple[Outcome, ...]) -> None:
    rows = summarise_outcomes(outcomes, teams={BRANCH})
    counts = {(row.kind, row.level): row.outcomes for row in rows}
    assert counts[("honour", "college")] == SEED_COLLEGE_HONOURS
    assert counts[("honour", "national")] == SEED_NATIONAL_HONOURS
    assert SEED_MEDIA_ABOVE < counts[("media_report", None)] < SEED_MEDIA_BELOW
    assert counts[("media_report", None)] == 34
    honours = sorted((o.date.year, o.level) for o in outcomes if o.kind == "honour")
    assert honours == [(2018, "college"), (2019, "national"), (2020, "college")]


def test_the_branch_is_a_unit(loaded: Loaded) -> None:
    units = {unit.id: unit for unit in loaded.dataset.units}
    assert units[BRANCH].kind == "branch"


# --- the generator -------------------------------------------------------------------------


def test_the_generator_writes_the_same_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(EXAMPLES / "make_cooperation.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
