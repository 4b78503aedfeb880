"""The "三带头" example: the seed's teacher figures come back out of the records.

The pairs and the overdue lessons expected follow from the design in
``examples/make_teachers.py``, not from a run of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from branchkit import Host, Label
from branchkit.io import Loaded
from branchkit.mechanisms.obligations import (
    Obligation,
    ObligationSummary,
    Outcome,
    OutcomeCount,
    check_obligations,
    compliance_by_person,
    summarise_outcomes,
    team_members,
)
from branchkit.mechanisms.pairing import PairingScheme, PairRule, Profile, pair
from branchkit.records import Period, Person
from branchkit.records.periods import PeriodKind
from branchkit_cqfe import hooks

EXAMPLES = Path(__file__).parents[1] / "examples"
GENERATED = ("教师档案.csv", "结对.csv", "活动记录.csv", "成果.csv")
YEAR = Period.parse("2021-2022")
AS_OF = dt.date(2022, 8, 31)
TEAM_KINDS = ("research_team", "teaching_reform_team")

# The seed's report, "实施“三带头”促教师发展". "余" (50余人次, 20余项) is more than the number and
# fewer than the next ten.
# "带领青年教师参加职业教育和教学改革相关培训50余人次"
SEED_TRAINING_ABOVE, SEED_TRAINING_BELOW = 50, 60
# "立项职业教育和教学改革市级项目8项、校级项目20余项"
SEED_MUNICIPAL_PROJECTS = 8
SEED_COLLEGE_PROJECTS_ABOVE, SEED_COLLEGE_PROJECTS_BELOW = 20, 30
# "建设市级线下一流课程1门、市级线上一流课程1门"
SEED_MUNICIPAL_OFFLINE_COURSES = 1
SEED_MUNICIPAL_ONLINE_COURSES = 1
# "支部指导的5名青年教师"
SEED_YOUNG_TEACHERS = 5
# "共荣获教学类比赛市级三等奖1项、校级一、二、三等奖各2项"
SEED_TEACHING_AWARDS = {
    ("municipal", "third"): 1,
    ("college", "first"): 2,
    ("college", "second"): 2,
    ("college", "third"): 2,
}
# "指导学生参加技能竞赛荣获行业赛国家个人三等奖3项、市赛二等奖1项、三等奖2项"
SEED_STUDENT_AWARDS = {
    ("national", "third"): 3,
    ("municipal", "second"): 1,
    ("municipal", "third"): 2,
}
# "牵头搭建在线课程2门，主持校级课题4项，发表论文29篇"
SEED_ONLINE_COURSES_LED = 2
SEED_COLLEGE_PROJECTS_LED = 4
SEED_PAPERS = 29
# "1名青年教师发展为财富管理专业负责人，2名青年教师发展为支部委员"
SEED_PROGRAMME_HEADS = 1
SEED_COMMITTEE_MEMBERS = 2


@pytest.fixture(scope="module")
def people(loaded: Loaded) -> dict[str, Person]:
    return {person.id: person for person in loaded.dataset.people}


@pytest.fixture(scope="module")
def outcomes(loaded: Loaded) -> tuple[Outcome, ...]:
    return loaded.sections["outcomes"]


@pytest.fixture(scope="module")
def young(people: dict[str, Person]) -> frozenset[str]:
    return frozenset(p.id for p in people.values() if p.holds("young_teacher", AS_OF))


@pytest.fixture(scope="module")
def teams(loaded: Loaded) -> frozenset[str]:
    return frozenset(unit.id for unit in loaded.dataset.units if unit.kind in TEAM_KINDS)


@pytest.fixture(scope="module")
def scheme(host: Host) -> PairingScheme:
    (found,) = host.framework("cqfe").pairings
    return found


def by_level_and_rank(
    rows: Iterable[OutcomeCount], kind: str
) -> dict[tuple[str | None, str | None], int]:
    return {(row.level, row.rank): row.outcomes for row in rows if row.kind == kind}


def led_by(outcomes: Iterable[Outcome], leaders: frozenset[str]) -> list[Outcome]:
    # A project's or a course's first person is its leader (主持人, 牵头人).
    return [
        o for o in outcomes if YEAR.contains(o.date) and o.persons[:1] in {(p,) for p in leaders}
    ]


# --- the framework -------------------------------------------------------------------------


def test_the_pairing_scheme_pairs_young_teachers_one_to_one(scheme: PairingScheme) -> None:
    assert scheme.key == "young-teachers"
    assert scheme.label.zh == "青年教师一对一指导"
    assert (scheme.mentor_role, scheme.mentee_role, scheme.capacity) == (
        "teacher",
        "young_teacher",
        1,
    )
    assert scheme.eligibility.mentor_roles == ("full_member",)
    assert scheme.eligibility.mentor_min_years == 8
    assert scheme.method == "optimal"
    assert [(f.key, f.kind, f.attribute, int(f.weight)) for f in scheme.features] == [
        ("subjects", "overlap", "subjects", 3),
        ("department", "same", "department", 2),
        ("slots", "overlap", "slots", 1),
    ]


def test_each_benchmark_member_owes_two_lessons_a_quarter(host: Host) -> None:
    obligations = host.framework("cqfe").obligations
    assert [(o.key, o.label.zh, o.role, o.event_kind) for o in obligations] == [
        ("demonstration-lesson", "每季度示范课", "benchmark_member", "demonstration_lesson"),
        ("lesson-observation", "每季度集中听评课", "benchmark_member", "lesson_observation"),
    ]
    assert {(o.at_least, o.every) for o in obligations} == {(1, PeriodKind.QUARTER)}
    assert all(o.label.en for o in obligations)


def test_every_key_the_scheme_and_obligations_use_is_a_term(host: Host) -> None:
    vocabulary = host.vocabulary()
    framework = host.framework("cqfe")
    for scheme in framework.pairings:
        roles = {scheme.mentor_role, scheme.mentee_role, *scheme.eligibility.mentor_roles}
        assert roles <= vocabulary["role"]
    for duty in framework.obligations:
        assert duty.role in vocabulary["role"]
        assert duty.event_kind in vocabulary["event_kind"]
    assert host.label("event_kind", "lesson_observation") == Label(
        zh="集中听评课", en="collective lesson observation"
    )
    assert set(TEAM_KINDS) <= vocabulary["unit_kind"]


def test_teachers_file_is_a_valid_data_file(host: Host) -> None:
    assert host.validate(Path(hooks.__file__).parent / "teachers.toml") == ()


# --- the records ---------------------------------------------------------------------------


def test_both_event_files_load_into_one_log(loaded: Loaded) -> None:
    def rows(name: str) -> int:
        with (EXAMPLES / name).open(encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))

    names = {Path(source).name for source in loaded.sources}
    assert {"活动.csv", "活动记录.csv"} <= names
    events = loaded.dataset.events
    # Other practices' events come from files of their own (合作活动.toml): these two files'
    # rows are all in the one log.
    from_files = [e for e in events if e.id.startswith("JX")]
    assert len(from_files) == rows("活动记录.csv")
    assert len(events) >= rows("活动.csv") + rows("活动记录.csv")
    lessons = {e.kind for e in events if e.id.startswith("JX")}
    assert lessons == {"demonstration_lesson", "lesson_observation"}


def test_outcomes_name_known_kinds_people_and_teams(
    host: Host, loaded: Loaded, people: dict[str, Person], outcomes: tuple[Outcome, ...]
) -> None:
    # Loading does not check an outcome's keys or people against anything: this does.
    vocabulary = host.vocabulary()
    units = {unit.id: unit.kind for unit in loaded.dataset.units}
    for outcome in outcomes:
        assert outcome.kind in vocabulary["outcome_kind"], outcome.id
        assert outcome.level is None or outcome.level in vocabulary["level"], outcome.id
        assert outcome.rank is None or outcome.rank in vocabulary["rank"], outcome.id
        assert outcome.persons or outcome.teams, outcome.id
        assert set(outcome.persons) <= set(people), outcome.id
        assert set(outcome.teams) <= set(units), outcome.id
    # An outcome credited to teachers credits teams only of the teachers' kinds.
    teachers = {p.id for p in people.values() if any(s.role == "teacher" for s in p.roles)}
    for outcome in outcomes:
        if set(outcome.persons) & teachers:
            assert all(units[team] in TEAM_KINDS for team in outcome.teams), outcome.id
    assert {o.kind for o in outcomes} == vocabulary["outcome_kind"]


def test_profiles_and_pairs_name_teachers(
    loaded: Loaded, people: dict[str, Person], scheme: PairingScheme
) -> None:
    profiles: tuple[Profile, ...] = loaded.sections["profiles"]
    teachers = {p.id for p in people.values() if any(s.role == "teacher" for s in p.roles)}
    assert {profile.person for profile in profiles} == teachers
    assert all(profile.teaching_since is not None for profile in profiles)
    rules: tuple[PairRule, ...] = loaded.sections["pair_rules"]
    assert {rule.scheme for rule in rules} == {scheme.key}
    assert {p for rule in rules for p in (rule.mentor, rule.mentee)} <= teachers


def test_the_branchs_teams_take_in_every_young_teacher(
    people: dict[str, Person], young: frozenset[str], teams: frozenset[str]
) -> None:
    # "支部牵头组建科研创新团队、教学改革团队": one team of each kind.
    members = team_members(people.values(), teams=teams, day=AS_OF)
    assert sorted(members) == ["rt", "trt"]
    assert young <= {member for listed in members.values() for member in listed}


# --- the seed's figures: lead reform ------------------------------------------------------


def test_the_teams_reform_figures(outcomes: tuple[Outcome, ...], teams: frozenset[str]) -> None:
    rows = summarise_outcomes(outcomes, period=YEAR, teams=teams)
    projects = by_level_and_rank(rows, "project")
    assert projects[("municipal", None)] == SEED_MUNICIPAL_PROJECTS
    assert SEED_COLLEGE_PROJECTS_ABOVE < projects[("college", None)] < SEED_COLLEGE_PROJECTS_BELOW
    assert projects == {("municipal", None): 8, ("college", None): 23}
    assert by_level_and_rank(rows, "course") == {
        ("municipal", None): SEED_MUNICIPAL_OFFLINE_COURSES
    }
    online = by_level_and_rank(rows, "online_course")
    assert online == {("municipal", None): SEED_MUNICIPAL_ONLINE_COURSES}
    # The year before and a project of no team stay out of the figures.
    everything = by_level_and_rank(summarise_outcomes(outcomes), "project")
    assert everything == {("municipal", None): 9, ("college", None): 24}


def test_young_teachers_training(outcomes: tuple[Outcome, ...], young: frozenset[str]) -> None:
    rows = summarise_outcomes(outcomes, period=YEAR, persons=young)
    (training,) = (row for row in rows if row.kind == "training")
    assert SEED_TRAINING_ABOVE < training.total < SEED_TRAINING_BELOW
    assert (training.outcomes, training.total) == (16, 53)


# --- the seed's figures: the five young teachers ------------------------------------------


def test_five_young_teachers_all_mentored(
    loaded: Loaded, young: frozenset[str], people: dict[str, Person]
) -> None:
    assert len(young) == SEED_YOUNG_TEACHERS
    rules: tuple[PairRule, ...] = loaded.sections["pair_rules"]
    mentored = {rule.mentee for rule in rules if rule.kind != "forbidden"}
    assert mentored == young
    # T1005 and T1006 are members; the other three are not in the Party yet.
    members = {t for t in young if people[t].holds("full_member", AS_OF)}
    assert members == {"T1005", "T1006"}


def test_young_teachers_outcomes(outcomes: tuple[Outcome, ...], young: frozenset[str]) -> None:
    rows = summarise_outcomes(outcomes, period=YEAR, persons=young)
    assert by_level_and_rank(rows, "award") == SEED_TEACHING_AWARDS
    assert by_level_and_rank(rows, "student_award") == SEED_STUDENT_AWARDS
    assert by_level_and_rank(rows, "paper") == {(None, None): SEED_PAPERS}
    led = led_by(outcomes, young)
    online = [o for o in led if o.kind == "online_course"]
    assert len(online) == SEED_ONLINE_COURSES_LED
    assert all(o.level is None for o in online)
    projects = [o for o in led if o.kind == "project"]
    assert len(projects) == SEED_COLLEGE_PROJECTS_LED
    assert {o.level for o in projects} == {"college"}
    # Other teachers' prizes and papers, and the year before, are on record but not counted.
    assert len([o for o in outcomes if o.kind == "paper"]) > SEED_PAPERS


def test_prizes_go_to_students_with_their_young_coaches(
    outcomes: tuple[Outcome, ...], young: frozenset[str], people: dict[str, Person]
) -> None:
    rows = summarise_outcomes(outcomes, period=YEAR, persons=young)
    ids = {i for row in rows if row.kind == "student_award" for i in row.ids}
    for outcome in (o for o in outcomes if o.id in ids):
        students = [p for p in outcome.persons if people[p].holds("student", outcome.date)]
        assert students, outcome.id
        assert set(outcome.persons) - set(students) & young, outcome.id
    national = [o for o in outcomes if o.id in ids and o.level == "national"]
    # "国家个人三等奖": each an individual prize.
    assert all(sum(p not in young for p in o.persons) == 1 for o in national)


def test_a_programme_head_and_two_committee_members(
    outcomes: tuple[Outcome, ...], young: frozenset[str], people: dict[str, Person]
) -> None:
    heads = {t for t in young if any(s.role == "programme_head" for s in people[t].roles)}
    assert len(heads) == SEED_PROGRAMME_HEADS
    (appointment,) = (o for o in outcomes if o.kind == "promotion" and set(o.persons) & young)
    assert appointment.persons == tuple(heads)
    assert "财富管理专业负责人" in appointment.title
    committee = {t for t in young if any(s.role == "committee_member" for s in people[t].roles)}
    assert len(committee) == SEED_COMMITTEE_MEMBERS


# --- the benchmark members' lessons -------------------------------------------------------


@pytest.fixture(scope="module")
def obligations(host: Host, loaded: Loaded) -> dict[str, ObligationSummary]:
    duties: tuple[Obligation, ...] = host.framework("cqfe").obligations
    summaries = check_obligations(
        duties,
        people=loaded.dataset.people,
        events=loaded.dataset.events,
        period=YEAR,
        as_of=AS_OF,
    )
    return {summary.obligation: summary for summary in summaries}


def test_the_quarters_missed(obligations: dict[str, ObligationSummary]) -> None:
    # T1007 gave no demonstration lesson in the short quarter after the winter break; T1008's
    # December observation slipped into January; T1003 coached students for the spring's
    # skills contests instead of giving either lesson.
    overdue = {
        key: [(c.person, c.period) for c in summary.overdue] for key, summary in obligations.items()
    }
    assert overdue == {
        "demonstration-lesson": [("T1007", "2022-Q1"), ("T1003", "2022-Q2")],
        "lesson-observation": [("T1008", "2021-Q4"), ("T1003", "2022-Q2")],
    }


def test_who_owed_which_quarters(obligations: dict[str, ObligationSummary]) -> None:
    # Four benchmark members from September owe five quarters each (2021-Q3 to 2022-Q3), T1009
    # from April two; 2022-Q3 runs on past 31 August, and its lessons are not due yet.
    for summary in obligations.values():
        assert (summary.people, summary.owed, summary.met) == (5, 22, 15)
    totals = {(p.obligation, p.person): p for p in compliance_by_person(obligations.values())}
    assert {person for _, person in totals} == {"T1002", "T1003", "T1007", "T1008", "T1009"}
    assert all(p.pending == 1 for p in totals.values())
    late = [
        c for c in obligations["lesson-observation"].records
        if (c.person, c.period) == ("T1008", "2022-Q1")
    ]  # fmt: skip
    assert [c.done for c in late] == [2]


# --- the pairing ---------------------------------------------------------------------------


def test_the_pairing_for_the_next_year(
    loaded: Loaded, scheme: PairingScheme, young: frozenset[str], people: dict[str, Person]
) -> None:
    result = pair(
        scheme,
        people=loaded.dataset.people,
        profiles=loaded.sections["profiles"],
        rules=loaded.sections["pair_rules"],
        as_of=AS_OF,
    )
    assert result.method == "optimal"
    assert result.unpaired == ()
    pairs = {match.mentee: match.mentor for match in result.matches}
    # The two locked pairs stay. T1015 fits T1009 best again; T1006 goes to T1002, who teaches
    # both his courses, before T1004, who shares one; T1005's mentor left in June and T1008
    # is a relative, so T1010 of the same office.
    assert pairs == {
        "T1013": "T1003",
        "T1014": "T1007",
        "T1015": "T1009",
        "T1006": "T1002",
        "T1005": "T1010",
    }
    assert {m.mentee for m in result.matches if m.locked} == {"T1013", "T1014"}
    # One to one: every young teacher once, every mentor once.
    assert set(pairs) == young
    assert len(set(pairs.values())) == len(pairs)
    profiles = {profile.person: profile for profile in loaded.sections["profiles"]}
    least = scheme.eligibility.mentor_min_years
    assert least is not None
    for mentor in pairs.values():
        assert people[mentor].holds("teacher", AS_OF)
        assert people[mentor].holds("full_member", AS_OF)
        years = profiles[mentor].years_teaching(AS_OF)
        assert years is not None
        assert years >= least


def test_the_years_pairs_checked_as_given(loaded: Loaded, scheme: PairingScheme) -> None:
    # In March 2022 the year's pairs, made by hand and the new teachers' locked, all hold.
    result = pair(
        scheme,
        people=loaded.dataset.people,
        profiles=loaded.sections["profiles"],
        rules=loaded.sections["pair_rules"],
        as_of=dt.date(2022, 3, 1),
        method="manual",
    )
    assert result.problems == ()
    assert {m.mentee: m.mentor for m in result.matches} == {
        "T1005": "T1012",
        "T1006": "T1004",
        "T1013": "T1003",
        "T1014": "T1007",
        "T1015": "T1009",
    }


# --- the generator -------------------------------------------------------------------------


def test_the_generator_writes_the_same_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(EXAMPLES / "make_teachers.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
