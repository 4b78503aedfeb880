"""The "三联系" example: the seed's figures come back out of the records, with the year's gaps.

The expected gaps follow from the design in ``examples/make_contacts.py``, not from a run of it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from branchkit import Host, Label
from branchkit.io import Loaded
from branchkit.mechanisms.contacts import (
    CaseSummary,
    LoadSummary,
    NetworkResult,
    TierResult,
    evaluate_network,
    summarise_cases,
)
from branchkit.mechanisms.staging.durations import Duration
from branchkit.records.periods import PeriodKind
from branchkit.records.privacy import PrivacyPolicy
from branchkit_cqfe import hooks

EXAMPLES = Path(__file__).parents[1] / "examples"
GENERATED = ("人员.toml", "单位.csv", "联系分工.csv", "活动.csv", "帮扶对象.csv", "帮扶跟进.csv")
YEAR_START = dt.date(2021, 9, 1)
AS_OF = dt.date(2022, 8, 31)

# The seed's report: "帮扶困难学生80余名，帮扶困难班级7个、寝室19间" (80-odd students, 7 classes
# and 19 dormitories helped). "80余名" is more than 80 and fewer than 90.
SEED_STUDENTS_ABOVE = 80
SEED_STUDENTS_BELOW = 90
SEED_CLASSES = 7
SEED_DORMS = 19

# The student committee member: the first student of 金融2002班 after its ten activists. The
# 2020 cohort's numbers go on from the thirty activists (20200031...); 金融2001班 takes 22 of
# them (32 students), so he is 20200053.
S1 = "20200053"


@pytest.fixture(scope="module")
def network(host: Host, loaded: Loaded) -> NetworkResult:
    return evaluate_network(
        host.framework("cqfe").tiers,
        loaded.sections["assignments"],
        people=loaded.dataset.people,
        units=loaded.dataset.units,
        events=loaded.dataset.events,
        as_of=AS_OF,
        since=YEAR_START,
    )


@pytest.fixture(scope="module")
def summary(host: Host, loaded: Loaded) -> CaseSummary:
    return summarise_cases(
        loaded.sections["cases"],
        loaded.sections["follow_ups"],
        units=loaded.dataset.units,
        plans=host.framework("cqfe").plans,
        as_of=AS_OF,
    )


def tier(network: NetworkResult, key: str) -> TierResult:
    (found,) = (result for result in network.tiers if result.tier == key)
    return found


# --- the framework -------------------------------------------------------------------------


def test_three_tiers_with_their_labels_and_rules(host: Host) -> None:
    tiers = host.framework("cqfe").tiers
    assert [(t.key, t.label.zh) for t in tiers] == [
        ("branch-class", "支部联系班级"),
        ("committee-dorm", "支委联系寝室"),
        ("member-student", "党员联系学生"),
    ]
    assert all(t.label.en for t in tiers)
    assert [(t.holder_role, t.unit_kind or t.person_role, t.max_per_holder) for t in tiers] == [
        ("committee_member", "class", 2),
        ("committee_member", "dorm", 10),
        ("full_member", "paired_student", 4),
    ]
    assert [t.exclude_own_unit for t in tiers] == [True, True, False]
    assert [t.contact_kind for t in tiers] == ["class_contact", "dorm_visit", "student_talk"]
    assert {t.contact_every for t in tiers} == {PeriodKind.MONTH}


def test_three_plans_with_their_labels_and_intervals(host: Host) -> None:
    plans = host.framework("cqfe").plans
    assert [(p.key, p.label.zh, p.follow_up_every) for p in plans] == [
        ("economic", "经济困难学生帮扶计划", Duration(months=3)),
        ("self_management", "自我管理困难学生帮扶计划", Duration(months=1)),
        ("psychological", "心理障碍学生帮扶计划", Duration(days=14)),
    ]
    assert all(p.label.en for p in plans)


def test_only_counsellors_see_sensitive_fields(host: Host) -> None:
    assert host.framework("cqfe").privacy == PrivacyPolicy(
        sensitive_roles=frozenset({"counsellor"}), k=5
    )
    assert host.label("role", "counsellor") == Label(zh="辅导员", en="counsellor")


def test_every_key_the_tiers_use_is_a_term(host: Host) -> None:
    # Loading checks the records' keys, not the tiers': this does.
    vocabulary = host.vocabulary()
    for t in host.framework("cqfe").tiers:
        assert t.holder_role in vocabulary["role"], t.key
        if t.unit_kind is not None:
            assert t.unit_kind in vocabulary["unit_kind"], t.key
        if t.person_role is not None:
            assert t.person_role in vocabulary["role"], t.key
        assert t.contact_kind in vocabulary["event_kind"], t.key


def test_contacts_file_is_a_valid_data_file(host: Host) -> None:
    assert host.validate(Path(hooks.__file__).parent / "contacts.toml") == ()


# --- the seed's figures --------------------------------------------------------------------


def test_the_seeds_figures_come_out_of_the_records(summary: CaseSummary) -> None:
    assert SEED_STUDENTS_ABOVE <= summary.persons < SEED_STUDENTS_BELOW
    assert summary.units_by_kind["class"] == SEED_CLASSES
    assert summary.units_by_kind["dorm"] == SEED_DORMS
    assert set(summary.units_by_kind) == {"class", "dorm"}


def test_cases_by_plan(summary: CaseSummary) -> None:
    # 44 in economic hardship (two also in a psychological case), 27 with self-management
    # difficulty (one also psychological), 15 psychological: 83 students in 86 cases.
    assert dict(summary.persons_by_category) == {
        "economic": 44,
        "self_management": 27,
        "psychological": 15,
    }
    assert (summary.cases, summary.open_cases, summary.persons) == (86, 44, 83)


def test_cases_name_known_plans_people_and_services(host: Host, loaded: Loaded) -> None:
    # Loading does not check a case's category, people or services against anything.
    plans = {plan.key for plan in host.framework("cqfe").plans}
    people = {person.id for person in loaded.dataset.people}
    services = host.vocabulary()["service"]
    assert services == {
        "career_planning",
        "subject_guidance",
        "self_management",
        "employment_entrepreneurship",
    }
    used: Counter[str] = Counter()
    for case in loaded.sections["cases"]:
        assert case.category in plans, case.id
        assert {case.person, case.holder} <= people, case.id
        assert case.services, case.id
        used.update(case.services)
    assert set(used) == services


# --- the network's gaps --------------------------------------------------------------------


def test_branch_to_classes(network: NetworkResult) -> None:
    classes = tier(network, "branch-class")
    # Ten classes; 证券2101班 was never assigned.
    assert (len(classes.coverage), classes.covered) == (10, 9)
    assert [(g.kind, g.target) for g in classes.gaps] == [("uncovered", "zq2101")]
    # Five committee members hold two classes each, T1006 the one he took over, S1 none.
    assert classes.load == LoadSummary(
        holders=6, minimum=0, mean=Decimal("1.50"), maximum=2, over_limit=0
    )
    # 金融2102班 had no class meeting with its member in February, after the winter break.
    assert [(o.target, o.period) for o in classes.overdue] == [("jr2102", "2022-02")]


def test_committee_to_dormitories(network: NetworkResult) -> None:
    dorms = tier(network, "committee-dorm")
    # Sixty rooms and one opened in March 2022; three uncovered: S1's own room, the room T1005
    # kept when he left the committee, and the new room nobody took.
    assert (len(dorms.coverage), dorms.covered) == (61, 58)
    assert [(g.kind, g.target, g.holder) for g in dorms.gaps] == [
        ("uncovered", "d12-301", None),
        ("uncovered", "d13-503", None),
        ("uncovered", "d13-607", None),
        ("own_unit", "d12-301", S1),
        ("holder_without_role", "d13-503", "T1005"),
    ]
    assert dorms.load == LoadSummary(
        holders=6, minimum=9, mean=Decimal("9.67"), maximum=10, over_limit=0
    )
    # T1003 away on training in November, T1004 in the winter break, T1006 at the handover.
    assert [(o.target, o.period) for o in dorms.overdue] == [
        ("d13-201", "2021-11"),
        ("d13-202", "2021-11"),
        ("d13-305", "2022-02"),
        ("d13-504", "2022-04"),
    ]


def test_members_to_students(loaded: Loaded, network: NetworkResult) -> None:
    students = tier(network, "member-student")
    # 43 paired students; T1012 moved to another college in June and his three stay tied to him.
    assert (len(students.coverage), students.covered) == (43, 40)
    kinds = Counter(g.kind for g in students.gaps)
    assert kinds == Counter({"uncovered": 3, "holder_without_role": 3})
    assert {g.holder for g in students.gaps if g.kind == "holder_without_role"} == {"T1012"}
    uncovered = {g.target for g in students.gaps if g.kind == "uncovered"}
    people = {person.id: person for person in loaded.dataset.people}
    assert all(people[student].holds("activist", AS_OF) for student in uncovered)
    # Eleven teachers and the two veteran students are full members; T1007 has five students.
    assert students.load == LoadSummary(
        holders=13, minimum=2, mean=Decimal("3.08"), maximum=5, over_limit=1
    )
    assert [h.holder for h in students.holders if h.over_limit] == ["T1007"]
    assert students.overdue == ()


def test_overdue_follow_ups(loaded: Loaded, summary: CaseSummary) -> None:
    categories = {case.id: case.category for case in loaded.sections["cases"]}
    # Two economic cases missed the June check; one self-management case was last followed up
    # on 6 July, one psychological case on 5 August.
    assert Counter(categories[item.case] for item in summary.overdue) == Counter(
        {"economic": 2, "self_management": 1, "psychological": 1}
    )
    lasts = {categories[item.case]: item.last for item in summary.overdue}
    assert (lasts["self_management"], lasts["psychological"]) == (
        dt.date(2022, 7, 6),
        dt.date(2022, 8, 5),
    )


# --- the generator -------------------------------------------------------------------------


def test_the_generator_writes_the_same_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(EXAMPLES / "make_contacts.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
