"""The built-in indicator sources, each on a small dataset worked out by hand.

Every figure below is computed in a comment from the records listed beside it. Unless a test
says otherwise the period is the academic year 2021-2022 (2021-09-01 to 2022-08-31) and the day
judged is 2022-06-30, so the last day that counts (``SourceContext.end``) is 2022-06-30.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from branchkit.errors import InputError, RecordError, UnknownNameError, format_path
from branchkit.framework.builtin_sources import BUILTIN_SOURCES
from branchkit.framework.evaluation import measure_indicator
from branchkit.framework.indicators import Indicator, IndicatorSpec, Selector, Status
from branchkit.framework.model import Area, Framework, Practice
from branchkit.framework.sources import IndicatorSource, SourceContext
from branchkit.mechanisms.checklists import Checklist, ChecklistItem
from branchkit.mechanisms.contacts.assistance import AssistanceCase, AssistancePlan
from branchkit.mechanisms.contacts.network import Assignment, Tier
from branchkit.mechanisms.inputs import PairingInput, PointInput, PredicateInput
from branchkit.mechanisms.obligations.model import Obligation, Outcome
from branchkit.mechanisms.pairing import (
    Eligibility,
    Feature,
    PairingResult,
    PairingScheme,
    PairRule,
    Profile,
)
from branchkit.mechanisms.points import Award
from branchkit.mechanisms.rubrics import Assessment, Carrier, Competency, Rubric
from branchkit.mechanisms.staging import Candidate, Dimension, PredicateCall, RuleCall, Scheme
from branchkit.mechanisms.targets import Dimension as TargetDimension
from branchkit.mechanisms.targets import Measure, Target
from branchkit.mechanisms.verdicts import Outcome as VerdictOutcome
from branchkit.mechanisms.verdicts import Verdict
from branchkit.plugins.contributions import PairingScorer, PointRule, Predicate
from branchkit.records import Dataset, Event, Evidence, Label, Period, Person, RoleSpan, Unit
from tests.staging_support import pk_scheme, report, reports

D = Decimal
YEAR = Period.parse("2021-2022")
AS_OF = dt.date(2022, 6, 30)
SOURCES: dict[str, IndicatorSource] = {source.key: source for source in BUILTIN_SOURCES}


def label(text: str) -> Label:
    return Label(zh=text, en=text)


def person(person_id: str, *roles: str | RoleSpan) -> Person:
    return Person(
        id=person_id,
        name=f"姓名{person_id}",
        roles=tuple(RoleSpan(role=role) if isinstance(role, str) else role for role in roles),
    )


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def framework(**parts: Any) -> Framework:
    """A framework with one area and one practice, ``work``, and the parts given."""
    return Framework(
        key="demo",
        label=label("示例支部"),
        organisation=label("示例学院"),
        areas=(
            Area(
                key="area",
                label=label("领域"),
                approach=label("做法"),
                practices=(Practice(key="work", label=label("工作")),),
            ),
        ),
        **parts,
    )


def context(
    parts: Mapping[str, Any] | None = None,
    *,
    people: Iterable[Person] = (),
    units: Iterable[Unit] = (),
    events: Iterable[Event] = (),
    evidence: Iterable[Evidence] = (),
    sections: Mapping[str, tuple[Any, ...]] | None = None,
    as_of: dt.date = AS_OF,
    behaviour: Mapping[str, Mapping[str, Any]] | None = None,
) -> SourceContext:
    return SourceContext(
        framework=framework(**(parts or {})),
        dataset=Dataset(
            people=tuple(people), units=tuple(units), events=tuple(events), evidence=tuple(evidence)
        ),
        sections=sections or {},
        period=YEAR,
        as_of=as_of,
        behaviour=behaviour,
    )


def measure(
    where: SourceContext, source: str, target: Decimal | None = None, **select: Any
) -> Indicator:
    """The indicator ``figure`` of ``source`` over ``where``, with the selector fields given."""
    spec = IndicatorSpec(
        key="figure",
        label=label("指标"),
        practice="work",
        source=source,
        select=Selector(**select),
        target=target,
    )
    return measure_indicator(spec, SOURCES[source], where)


def figures(found: Indicator) -> tuple[Decimal, str, tuple[str, ...], Decimal | None]:
    return found.value, found.unit.en, found.records, found.target


def test_every_source_is_listed_in_the_module_table() -> None:
    import branchkit.framework.builtin_sources as module

    assert module.__doc__ is not None
    for key in SOURCES:
        assert f"``{key}``" in module.__doc__
    assert set(SOURCES) >= {"pairing_coverage", "staging_selected"}
    assert SOURCES["pairing_coverage"].needs == SOURCES["pairing_coverage"].reads == {"key"}
    assert SOURCES["staging_selected"].needs == SOURCES["staging_selected"].reads == {"key"}


# --- selectors and unknown names ----------------------------------------------------------------

ALL_FIELDS = tuple(field.name for field in attrs.fields(Selector))
VALUES: dict[str, Any] = dict.fromkeys(ALL_FIELDS, "x") | {
    "kinds": ("theme_day",),
    "team_kinds": ("branch",),
    "unranked": True,
    "lead": True,
    "since": dt.date(2018, 1, 1),
}
# The field a field is given with (a checklist's item with its key), and those given apart
# from the others (unranked, never with a rank).
PARTNERS = {"item": "key", "lead": "role", "with_role": "role"}
APART = frozenset({"unranked"})


def test_every_selector_field_has_a_value_to_try() -> None:
    assert set(VALUES) == set(ALL_FIELDS)
    assert {"since", "lead", "unranked", "team_kinds", "item", "with_role"} <= set(ALL_FIELDS)


@pytest.mark.parametrize("source", sorted(key for key, s in SOURCES.items() if s.needs))
def test_a_missing_needed_field_is_an_error_at_its_path(source: str) -> None:
    needs = SOURCES[source].needs
    with pytest.raises(RecordError) as caught:
        measure(context(), source)
    assert caught.value.record == "indicator figure"
    assert [format_path(path) for path, _ in caught.value.problems] == [
        f"$.select.{name}" for name in sorted(needs)
    ]
    assert all(f"the source {source} needs it" in m for _, m in caught.value.problems)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_a_field_the_source_does_not_read_is_an_error_at_its_path(source: str) -> None:
    reads = SOURCES[source].reads
    extra = set(ALL_FIELDS) - reads
    for group in (extra - APART, extra & APART):
        if not group:
            continue
        partners = {PARTNERS[name] for name in group if name in PARTNERS}
        names = {*SOURCES[source].needs, *group, *partners}
        with pytest.raises(RecordError) as caught:
            measure(context(), source, **{name: VALUES[name] for name in names})
        assert [(format_path(path), message) for path, message in caught.value.problems] == [
            (f"$.select.{name}", f"the source {source} does not read it")
            for name in sorted(names - reads)
        ]


@pytest.mark.parametrize(
    ("source", "select", "kind", "known"),
    [
        ("target", {"key": "nope"}, "target", ("reach", "service")),
        ("checklist_completion", {"key": "nope"}, "checklist", ("secretary",)),
        ("obligation_compliance", {"key": "nope"}, "obligation", ("lessons",)),
        ("rubric_share", {"key": "nope", "competency": "character"}, "rubric", ("literacy",)),
        ("rubric_share", {"key": "literacy", "competency": "nope"}, "competency", ("character",)),
        ("contact_coverage", {"key": "nope"}, "tier", ("dorms",)),
        ("pairing_coverage", {"key": "nope"}, "pairing scheme", ("data-scheme", "mentoring")),
        ("staging_selected", {"key": "nope"}, "staged scheme", ("demo",)),
        ("staging_eligible", {"key": "nope"}, "staged scheme", ("demo",)),
        ("staging_candidates", {"key": "nope"}, "staged scheme", ("demo",)),
    ],
)
def test_an_unknown_key_names_the_known_ones(
    source: str, select: dict[str, Any], kind: str, known: tuple[str, ...]
) -> None:
    parts = {
        "targets": (
            Target(key="service", label=label("服务"), event_kinds=("volunteer_service",)),
            Target(key="reach", label=label("人次"), measure=Measure.PERSON_TIMES, at_least=9),
        ),
        "checklists": (SECRETARY,),
        "obligations": (LESSONS,),
        "rubrics": (RUBRIC,),
        "tiers": (DORMS,),
        "pairings": (MENTORING,),
        "schemes": (pk_scheme(),),
    }
    data_scheme = attrs.evolve(MENTORING, key="data-scheme")
    where = context(parts, sections={"pairings": (data_scheme,)})
    with pytest.raises(UnknownNameError) as caught:
        measure(where, source, **select)
    assert (caught.value.kind, caught.value.name, caught.value.known) == (kind, "nope", known)
    assert f"known: {', '.join(known)}" in str(caught.value)


# --- target -------------------------------------------------------------------------------------


def test_target_counts_the_events_of_the_period_up_to_the_day() -> None:
    service = Target(
        key="service", label=label("三送"), event_kinds=("volunteer_service",), at_least=3
    )
    events = [
        Event(id="v0", kind="volunteer_service", date=day("2021-08-20")),  # before the year
        Event(id="v1", kind="volunteer_service", date=day("2021-10-01")),
        Event(id="v2", kind="volunteer_service", date=day("2022-03-01")),
        Event(id="v3", kind="volunteer_service", date=day("2022-07-15")),  # after the day
        Event(id="x1", kind="theme_day", date=day("2021-11-11")),  # another kind
    ]
    where = context({"targets": (service,)}, events=events)
    # v1 and v2 count: 2 events of the target's 3 (its at_least), so partly met (2 >= 1.5).
    found = measure(where, "target", key="service")
    assert figures(found) == (D(2), "events", ("v1", "v2"), D(3))
    assert found.status is Status.PARTLY
    # The indicator's own target comes first: 2 of 2 is met.
    assert measure(where, "target", target=D(2), key="service").status is Status.MET


def test_target_met_for_each_audience_counts_the_audiences_reached() -> None:
    three_in = Target(
        key="three-in",
        label=label("三进"),
        event_kinds=("lecture",),
        audiences=("campus", "class", "classroom"),
        each=TargetDimension.AUDIENCE,
    )
    events = [
        Event(id="l1", kind="lecture", date=day("2021-10-10"), audience=("campus",)),
        Event(id="l2", kind="lecture", date=day("2022-01-10"), audience=("campus", "class")),
    ]
    # campus has 2 lectures, class 1, classroom 0: 2 of the 3 audiences reach at_least 1.
    found = measure(context({"targets": (three_in,)}, events=events), "target", key="three-in")
    assert figures(found) == (D(2), "reached", ("l1", "l2"), D(3))


# --- outcomes and events ------------------------------------------------------------------------

OUTCOMES = (
    Outcome(
        id="o1",
        kind="award",
        date=day("2021-12-01"),
        level="national",
        rank="first",
        persons=("T1",),
    ),
    Outcome(
        id="o2",
        kind="award",
        date=day("2022-01-05"),
        level="municipal",
        rank="second",
        persons=("S1",),
    ),
    Outcome(id="o3", kind="training", date=day("2022-03-03"), count=50, persons=("T1",)),
    # Before the year, and after the day judged (though within the year): neither counts.
    Outcome(id="o4", kind="award", date=day("2021-05-01"), level="national", persons=("T1",)),
    Outcome(id="o5", kind="award", date=day("2022-07-10"), level="national", persons=("S1",)),
)


@pytest.mark.parametrize(
    ("select", "value", "records"),
    [
        ({}, 52, ("o1", "o2", "o3")),  # 1 + 1 + 50 person-times of the training
        ({"kinds": ("award",)}, 2, ("o1", "o2")),
        ({"kinds": ("award",), "level": "national"}, 1, ("o1",)),
        ({"rank": "second"}, 1, ("o2",)),
        ({"kinds": ("training",)}, 50, ("o3",)),
        ({"role": "teacher"}, 51, ("o1", "o3")),  # T1 is the only teacher: o1 and o3
        ({"role": "teacher", "level": "municipal"}, 0, ()),
    ],
)
def test_outcomes_sum_the_counts_of_those_chosen(
    select: dict[str, Any], value: int, records: tuple[str, ...]
) -> None:
    where = context(
        people=[person("T1", "teacher"), person("S1", "student")],
        sections={"outcomes": OUTCOMES},
    )
    found = measure(where, "outcomes", **select)
    assert figures(found) == (D(value), "outcomes", records, None)
    assert found.status is None


def test_events_count_the_kinds_held_in_the_period_up_to_the_day() -> None:
    events = [
        Event(id="t0", kind="theme_day", date=day("2021-08-31")),  # the day before the year
        Event(id="t1", kind="theme_day", date=day("2021-09-01")),  # its first day
        Event(id="t2", kind="theme_day", date=day("2022-06-30")),  # the day judged
        Event(id="t3", kind="theme_day", date=day("2022-07-01")),  # the day after
        Event(id="k1", kind="lecture", date=day("2022-01-01")),
    ]
    where = context(events=events)
    assert figures(measure(where, "events", kinds=("theme_day",))) == (
        D(2),
        "events",
        ("t1", "t2"),
        None,
    )
    # 3 of a target of 12 is below half of it: not met.
    both = measure(where, "events", target=D(12), kinds=("theme_day", "lecture"))
    assert (both.value, both.records, both.status) == (D(3), ("k1", "t1", "t2"), Status.NOT_MET)


# --- checklists and obligations -----------------------------------------------------------------


def _item(key: str, evidence: str, due: str) -> ChecklistItem:
    return ChecklistItem(
        key=key, label=label(key), evidence_kinds=(evidence,), due=dt.date.fromisoformat(due)
    )


SECRETARY = Checklist(
    key="secretary",
    version="2021",
    label=label("书记清单"),
    role="branch_secretary",
    items=(_item("plan", "work_plan", "2022-03-31"),),
    category="responsibility",
)
CHECKLISTS = (
    SECRETARY,
    Checklist(
        key="organiser",
        version="2021",
        label=label("组织委员清单"),
        role="organiser",
        items=(_item("report", "report_doc", "2022-05-31"),),
        category="responsibility",
    ),
    # Nobody holds full_member: its items are owed by nobody.
    Checklist(
        key="members",
        version="2021",
        label=label("党员清单"),
        role="full_member",
        items=(_item("notes", "study_notes", "2022-05-31"),),
        category="study",
    ),
    # Replaced before the year: not in force on the day.
    Checklist(
        key="old",
        version="2019",
        label=label("旧清单"),
        role="branch_secretary",
        valid_to=day("2021-08-31"),
        items=(_item("plan", "work_plan", "2020-03-31"),),
        category="responsibility",
    ),
)


def checklist_context() -> SourceContext:
    return context(
        {"checklists": CHECKLISTS},
        people=[person("T1", "branch_secretary"), person("T2", "organiser")],
        evidence=[Evidence(id="p1", kind="work_plan", date=day("2022-03-01"), persons=("T1",))],
    )


@pytest.mark.parametrize(
    ("select", "value", "records"),
    [
        # T1's plan is complete (p1, before its due day); T2's report has no evidence: 1 of 2.
        ({"category": "responsibility"}, "50.00", ("organiser", "secretary")),
        ({"key": "secretary"}, "100.00", ("secretary",)),
        ({"key": "organiser"}, "0.00", ("organiser",)),
        # Owed by nobody: 0 of 0 is 0, and no list is behind it.
        ({"key": "members"}, "0.00", ()),
        ({}, "50.00", ("organiser", "secretary")),
    ],
)
def test_checklist_completion_is_the_share_of_items_owed_complete(
    select: dict[str, Any], value: str, records: tuple[str, ...]
) -> None:
    found = measure(checklist_context(), "checklist_completion", **select)
    assert figures(found) == (D(value), "%", records, None)


def test_checklist_lists_count_the_lists_of_a_category_in_force() -> None:
    where = checklist_context()
    # secretary and organiser are in force on the day; old was replaced before the year.
    found = measure(where, "checklist_lists", category="responsibility")
    assert figures(found) == (D(2), "lists", ("organiser", "secretary"), None)
    assert figures(measure(where, "checklist_lists", category="study")) == (
        D(1),
        "lists",
        ("members",),
        None,
    )


LESSONS = Obligation(
    key="lessons",
    label=label("每季度示范课"),
    role="benchmark_member",
    event_kind="demonstration_lesson",
)


def test_obligation_compliance_is_the_share_of_person_periods_met() -> None:
    people = [
        person("T1", "benchmark_member"),
        person("T2", RoleSpan(role="benchmark_member", start=day("2022-01-01"))),
    ]
    events = [
        Event(id="d1", kind="demonstration_lesson", date=day("2021-09-15"), participants=("T1",)),
        Event(
            id="d2", kind="demonstration_lesson", date=day("2022-02-10"), participants=("T1", "T2")
        ),
        # 2021-Q3 overlaps the year and is judged whole: an August lesson counts for it.
        Event(id="d4", kind="demonstration_lesson", date=day("2021-08-01"), participants=("T1",)),
        Event(id="d3", kind="demonstration_lesson", date=day("2022-07-05"), participants=("T2",)),
    ]
    # Quarters begun by the day: 2021-Q3, 2021-Q4, 2022-Q1, 2022-Q2. T1 owes all 4 and meets
    # Q3 (d1, d4) and Q1 (d2); T2 owes Q1 and Q2 and meets Q1 (d2). 3 of 6 person-quarters.
    where = context({"obligations": (LESSONS,)}, people=people, events=events)
    found = measure(where, "obligation_compliance", key="lessons")
    assert figures(found) == (D("50.00"), "%", ("d1", "d2", "d4"), None)


# --- rubrics ------------------------------------------------------------------------------------

RUBRIC = Rubric(
    key="literacy",
    label=label("三财素养"),
    competencies=(Competency(key="character", label=label("重财品"), threshold=D(60)),),
    carriers=(Carrier(key="courses", label=label("课程")),),
)


def test_rubric_share_is_the_share_of_the_cohort_meeting_a_threshold() -> None:
    rubric = Rubric(
        key="literacy",
        label=label("三财素养"),
        competencies=(
            Competency(key="character", label=label("重财品"), threshold=D(60)),
            Competency(key="knowledge", label=label("强财智"), threshold=D(70)),
        ),
        carriers=(Carrier(key="courses", label=label("课程")),),
    )

    def scored(who: str, competency: str, score: int, when: str = "2022-03-01") -> Assessment:
        return Assessment(
            rubric="literacy",
            person=who,
            competency=competency,
            carrier="courses",
            score=D(score),
            date=day(when),
        )

    assessments = (
        scored("S1", "character", 80),
        scored("S2", "character", 50),
        scored("S2", "character", 65, "2022-07-10"),  # after the day: 50 stands
        scored("S3", "character", 60),
        scored("S1", "knowledge", 75),
        scored("S2", "knowledge", 69),
        scored("S4", "character", 90, "2021-05-01"),  # before the year: S4 is not assessed
    )
    where = context({"rubrics": (rubric,)}, sections={"assessments": assessments})
    # The cohort is S1, S2, S3. Character: 80 and 60 meet 60, 50 does not: 2 of 3.
    found = measure(where, "rubric_share", key="literacy", competency="character")
    assert figures(found) == (D("66.67"), "%", (), None)
    # Knowledge: 75 meets 70; 69 does not; S3's missing cell counts the scale's minimum, 0.
    found = measure(where, "rubric_share", key="literacy", competency="knowledge")
    assert found.value == D("33.33")


# --- contacts -----------------------------------------------------------------------------------

DORMS = Tier(
    key="dorms", label=label("支委联系寝室"), holder_role="committee_member", unit_kind="dorm"
)
UNITS = (
    Unit(id="c1", kind="class", name="金融2101班"),
    Unit(id="c2", kind="class", name="金融2102班"),
    Unit(id="d1", kind="dorm", name="1-101"),
    Unit(id="d2", kind="dorm", name="1-102"),
    Unit(id="d3", kind="dorm", name="1-103"),
)


def test_assistance_counts_distinct_persons_and_units_of_cases_opened_by_the_day() -> None:
    def case(case_id: str, who: str, units: tuple[str, ...], opened: str) -> AssistanceCase:
        return AssistanceCase(
            id=case_id, category="economic", person=who, units=units, opened=day(opened)
        )

    cases = (
        case("a1", "S1", ("c1", "d1"), "2021-10-01"),
        case("a2", "S1", ("c1", "d2"), "2022-01-01"),  # S1 again
        case("a3", "S2", ("c2",), "2022-07-10"),  # opened after the day
        case("a0", "S3", ("d3",), "2020-10-01"),  # opened before the year: still counts
    )
    where = context(
        {"plans": (AssistancePlan(key="economic", label=label("经济困难")),)},
        units=UNITS,
        sections={"cases": cases},
    )
    # Persons S1 and S3, by cases a0, a1, a2.
    assert figures(measure(where, "assistance_persons")) == (
        D(2),
        "persons",
        ("a0", "a1", "a2"),
        None,
    )
    # The people helped are singled out by their cases; the units helped are not people.
    assert measure(where, "assistance_persons").sensitive_count
    assert not measure(where, "assistance_units", unit_kind="dorm").sensitive_count
    # Dorms d1, d2, d3; one class, c1.
    assert figures(measure(where, "assistance_units", unit_kind="dorm"))[:3] == (
        D(3),
        "units",
        ("a0", "a1", "a2"),
    )
    assert measure(where, "assistance_units", unit_kind="class").value == D(1)
    assert measure(where, "assistance_units", unit_kind="programme").value == D(0)


def test_contact_coverage_is_the_share_of_a_tiers_targets_covered() -> None:
    assignments = (
        Assignment(tier="dorms", holder="T2", target="d1"),
        Assignment(tier="dorms", holder="T2", target="d2", end=day("2022-01-31")),  # ended
        Assignment(tier="dorms", holder="T1", target="d3"),  # T1 is no committee member
    )
    where = context(
        {"tiers": (DORMS,)},
        people=[person("T1", "teacher"), person("T2", "committee_member")],
        units=UNITS,
        sections={"assignments": assignments},
    )
    # Of the dorms d1, d2, d3 only d1 has a valid tie: 1 of 3.
    assert figures(measure(where, "contact_coverage", key="dorms")) == (D("33.33"), "%", (), None)


# --- pairing ------------------------------------------------------------------------------------

MENTORING = PairingScheme(
    key="mentoring",
    label=label("青年教师结对"),
    mentor_role="teacher",
    mentee_role="young_teacher",
    capacity=1,
    # The scheme pairs by the solver; the source judges the recorded pairs all the same.
    method="optimal",
)
MENTORING_PEOPLE = (
    person("M1", "teacher"),
    person("M2", "teacher"),
    person("Y1", "young_teacher"),
    person("Y2", "young_teacher"),
    person("Y3", "young_teacher"),
    person("Y4", RoleSpan(role="young_teacher", start=day("2022-09-01"))),  # not yet
)
PAIR_RULES = (
    PairRule(scheme="mentoring", mentor="M1", mentee="Y1", kind="given"),
    PairRule(scheme="mentoring", mentor="M2", mentee="Y2", kind="locked"),
    # M1's one place is Y1's: this given pair is over capacity and not formed.
    PairRule(scheme="mentoring", mentor="M1", mentee="Y3", kind="given"),
    PairRule(scheme="mentoring", mentor="M2", mentee="Y3", kind="forbidden"),
    # Ended before the day.
    PairRule(scheme="mentoring", mentor="M2", mentee="Y1", kind="given", end=day("2021-12-31")),
    # Another scheme's.
    PairRule(scheme="other", mentor="M2", mentee="Y3", kind="given"),
)


def pairing_context(
    parts: Mapping[str, Any] | None = None,
    *,
    sections: Mapping[str, tuple[Any, ...]] | None = None,
    behaviour: Mapping[str, Mapping[str, Any]] | None = None,
) -> SourceContext:
    return context(
        {"pairings": (MENTORING,)} if parts is None else parts,
        people=MENTORING_PEOPLE,
        sections={"pair_rules": PAIR_RULES} if sections is None else sections,
        behaviour=behaviour,
    )


def not_computed() -> Any:
    raise AssertionError("the memo should have it")


def test_pairing_coverage_is_the_share_of_mentees_paired_by_the_recorded_pairs() -> None:
    where = pairing_context()
    # The pairs change on 2022-01-01 (M2-Y1 ended the day before), so they are checked on
    # 2021-09-01 and on 2022-01-01. Mentees: Y1, Y2, Y3 (Y4 starts later). Paired on both days:
    # Y2 (locked to M2), Y1 (given to M1; on the first day given to M2 as well, a second
    # mentor, not formed). Y3's given pair finds M1 full, and M2 is forbidden: 2 of 3.
    found = measure(where, "pairing_coverage", key="mentoring")
    assert figures(found) == (D("66.67"), "%", ("Y1", "Y2"), None)
    # The recorded pairs were checked by the manual method, whatever the scheme's own.
    result: PairingResult = where.memo("pairing/mentoring/2022-01-01", not_computed)
    assert result.method == "manual"
    assert [(p.kind, p.mentee) for p in result.problems] == [("over_capacity", "Y3")]


def test_pairing_coverage_counts_the_pairs_of_the_period_up_to_the_day_judged() -> None:
    later = attrs.evolve(PAIR_RULES[1], start=day("2022-01-01"))  # M2-Y2 locked from 2022
    rules = (PAIR_RULES[0], later, *PAIR_RULES[2:])
    on = {
        when: context(
            {"pairings": (MENTORING,)},
            people=MENTORING_PEOPLE,
            sections={"pair_rules": rules},
            as_of=day(when),
        )
        for when in ("2021-12-01", "2022-06-30")
    }
    # On 2021-12-01 only M1-Y1 holds (M1-Y3 over capacity, M2-Y1 a second mentor): 1 of 3.
    assert measure(on["2021-12-01"], "pairing_coverage", key="mentoring").records == ("Y1",)
    assert measure(on["2022-06-30"], "pairing_coverage", key="mentoring").records == ("Y1", "Y2")
    # Without any recorded pair, nobody is paired: 0 of 3.
    assert figures(measure(pairing_context(sections={}), "pairing_coverage", key="mentoring")) == (
        D("0.00"),
        "%",
        (),
        None,
    )


def test_pairing_scheme_may_come_from_the_data() -> None:
    where = pairing_context(parts={}, sections={"pair_rules": PAIR_RULES, "pairings": (MENTORING,)})
    assert measure(where, "pairing_coverage", key="mentoring").value == D("66.67")


def test_pairing_scorers_come_from_the_behaviour() -> None:
    fit_feature = Feature(key="fit", label=label("契合"), kind="scorer", scorer="fit")
    scored = attrs.evolve(MENTORING, features=(fit_feature,))
    with pytest.raises(UnknownNameError, match="unknown pairing scorer 'fit'; known: none"):
        measure(pairing_context({"pairings": (scored,)}), "pairing_coverage", key="mentoring")
    calls: list[PairingInput] = []

    def fit(given: PairingInput) -> Decimal:
        calls.append(given)
        return D(1)

    # The behaviour may hold the function, or the plugin's contribution wrapping it.
    contributed = PairingScorer(key="fit", label=label("契合"), score=fit)
    for scorer in (fit, contributed):
        calls.clear()
        where = pairing_context(
            {"pairings": (scored,)}, behaviour={"pairing_scorers": {"fit": scorer}}
        )
        assert measure(where, "pairing_coverage", key="mentoring").value == D("66.67")
        assert calls  # the matches' compatibility was scored by the plugin's function


def test_profiles_are_read_for_eligibility() -> None:
    strict = attrs.evolve(MENTORING, eligibility=Eligibility(mentor_min_years=8))
    profiles = (
        Profile(person="M1", teaching_since=day("2010-09-01")),  # 11 years on the day
        Profile(person="M2", teaching_since=day("2019-09-01")),  # 2 years: not a mentor
    )
    where = pairing_context(
        {"pairings": (strict,)}, sections={"pair_rules": PAIR_RULES, "profiles": profiles}
    )
    # M2 is not eligible: the locked pair M2-Y2 cannot be kept. Only Y1 is paired: 1 of 3.
    assert figures(measure(where, "pairing_coverage", key="mentoring"))[:3] == (
        D("33.33"),
        "%",
        ("Y1",),
    )


# --- staging ------------------------------------------------------------------------------------


def cand(candidate_id: str, stage: str = "activist", **facts: Any) -> Candidate:
    return Candidate(id=candidate_id, name=f"候选人{candidate_id}", stage=stage, facts=facts)


# The points contest of tests.staging_support: gates a year as activist and an exam of 60;
# study 70 + 3 per ideological report (weight 0.5), service 2 per hour + 5 if recommended
# (weight 0.5); quota 3. On 2022-06-30 a year as activist means activist_date <= 2021-06-30.
CANDIDATES = (
    # 35 + 20 x 0.5 = 45
    cand("A", activist_date=day("2020-09-01"), exam_score=80, service_hours=10),
    # 35 + (40 + 5) x 0.5 = 57.5
    cand("B", activist_date=day("2021-03-01"), exam_score=70, service_hours=20, recommended=True),
    # Not a year as activist: not eligible.
    cand("C", activist_date=day("2021-09-01"), exam_score=90, service_hours=30),
    # Failed the exam: not eligible.
    cand("D", activist_date=day("2020-09-01"), exam_score=50, service_hours=30),
    # 35 + 10 x 0.5 = 40; its facts are text, as a table gives them, typed by the scheme.
    cand("E", activist_date="2020-10-01", exam_score="60", service_hours="5"),
    # (70 + 4 x 3) x 0.5 + 0 = 41: four reports by the day (a fifth comes after it).
    cand("F", activist_date=day("2020-11-01"), exam_score=65),
    # At another stage: not a candidate of the contest.
    cand("G", stage="applicant", activist_date=day("2020-09-01"), exam_score=99),
)
F_REPORTS = (
    *reports("F", 4, day("2022-01-01")),
    report("late", day("2022-07-01"), "F"),
)


def staging_context(
    sections: Mapping[str, tuple[Any, ...]] | None = None,
    *,
    scheme: Scheme | None = None,
    behaviour: Mapping[str, Mapping[str, Any]] | None = None,
) -> SourceContext:
    return context(
        {"schemes": (scheme or pk_scheme(),)},
        events=F_REPORTS,
        sections={"candidates": CANDIDATES} if sections is None else sections,
        behaviour=behaviour,
    )


def test_staging_sources_count_the_selection_of_a_points_contest() -> None:
    where = staging_context()
    # Eligible, by total: B 57.5, A 45, F 41, E 40. The quota of 3 selects B, A and F.
    assert figures(measure(where, "staging_selected", key="demo")) == (
        D(3),
        "candidates",
        ("A", "B", "F"),
        None,
    )
    assert figures(measure(where, "staging_eligible", key="demo")) == (
        D(4),
        "candidates",
        ("A", "B", "E", "F"),
        None,
    )
    assert figures(measure(where, "staging_candidates", key="demo")) == (
        D(6),
        "candidates",
        ("A", "B", "C", "D", "E", "F"),
        None,
    )
    # As the indicator's target says: 3 selected of 5 wanted is partly met.
    assert measure(where, "staging_selected", target=D(5), key="demo").status is Status.PARTLY


def test_staging_judges_on_the_last_day_that_counts() -> None:
    where = context(
        {"schemes": (pk_scheme(),)},
        events=F_REPORTS,
        sections={"candidates": CANDIDATES},
        as_of=day("2021-12-31"),
    )
    # On 2021-12-31 a year as activist means activist_date <= 2020-12-31: A, D, E, F; D failed
    # the exam. F has no report yet: 35. A 45, E 40, F 35: all three selected.
    assert measure(where, "staging_selected", key="demo").records == ("A", "E", "F")


def test_staging_a_tie_flagged_at_the_quota_is_not_selected() -> None:
    tied = (
        cand("P", activist_date=day("2020-09-01"), exam_score=80, service_hours=15),  # 50
        cand("Q", activist_date=day("2020-09-01"), exam_score=80, service_hours=10),  # 45
        cand("R", activist_date=day("2020-09-01"), exam_score=80, service_hours=10),  # 45
    )
    where = staging_context({"candidates": tied}, scheme=pk_scheme(quota=2, on_boundary_tie="flag"))
    # Q and R tie on the quota line and are left to a decision: only P is selected.
    assert measure(where, "staging_selected", key="demo").records == ("P",)
    assert measure(where, "staging_eligible", key="demo").value == D(3)


def test_staging_prefers_the_schemes_own_section() -> None:
    # The section candidates/demo is the scheme's; candidates (here another scheme's, at a stage
    # this one lacks) is not read.
    other = (cand("Z", stage="elsewhere"),)
    where = staging_context({"candidates": other, "candidates/demo": CANDIDATES})
    assert measure(where, "staging_selected", key="demo").records == ("A", "B", "F")
    with pytest.raises(InputError, match="no stage has the key 'elsewhere'"):
        measure(staging_context({"candidates": other}), "staging_selected", key="demo")


def test_staging_reads_document_parts_with_the_reader_the_caller_hands_over() -> None:
    part = {"rows": "a part of a document, as io keeps a deferred section"}
    seen: list[tuple[object, str]] = []

    def reader(entry: object, scheme: Scheme) -> tuple[Candidate, ...]:
        seen.append((entry, scheme.key))
        return CANDIDATES[:3]

    where = staging_context(
        {"candidates": (part, *CANDIDATES[3:])},
        behaviour={"section_readers": {"candidates": reader}},
    )
    assert measure(where, "staging_candidates", key="demo").value == D(6)
    assert seen == [(part, "demo")]
    with pytest.raises(UnknownNameError, match="unknown section reader 'candidates'; known: none"):
        measure(staging_context({"candidates": (part,)}), "staging_selected", key="demo")


def test_staging_a_candidate_given_twice_is_refused_alike_or_not() -> None:
    duplicate = r"\$\.candidates\[7\]\.id: duplicate 'A' \(first at index 0\)"
    twice = staging_context({"candidates": (*CANDIDATES, *CANDIDATES)})
    with pytest.raises(InputError, match=duplicate):
        measure(twice, "staging_candidates", key="demo")
    changed = cand("A", activist_date=day("2020-09-01"), exam_score=81, service_hours=10)
    with pytest.raises(InputError, match=duplicate):
        measure(
            staging_context({"candidates": (*CANDIDATES, changed)}), "staging_selected", key="demo"
        )


def test_staging_point_rules_come_from_the_behaviour() -> None:
    bonus = Dimension(
        key="bonus", label=label("加分"), rules=(RuleCall(key="extra", rule="extra"),)
    )
    scheme = pk_scheme()
    scheme = attrs.evolve(scheme, dimensions=(*scheme.dimensions, bonus))
    with pytest.raises(UnknownNameError, match="unknown point rule 'extra'"):
        measure(staging_context(scheme=scheme), "staging_selected", key="demo")

    def extra(given: PointInput) -> list[Award]:
        # 20 points to E only: E's total becomes 60, the highest.
        points = D(20) if given.subject == "E" else D(0)
        return [Award(points=points, reason=label("加分"))]

    contributed = PointRule(key="extra", label=label("加分"), compute=extra)
    for rule in (extra, contributed):
        where = staging_context(scheme=scheme, behaviour={"point_rules": {"extra": rule}})
        assert measure(where, "staging_selected", key="demo").records == ("A", "B", "E")


def test_staging_predicates_come_from_the_behaviour() -> None:
    gate = PredicateCall(key="vetted", predicate="vetted")
    scheme = pk_scheme(extra_gates=(gate,))
    # Without the plugin's predicate the gate is unknown, and nobody passes it.
    assert measure(staging_context(scheme=scheme), "staging_eligible", key="demo").value == 0

    def vetted(given: PredicateInput) -> Verdict:
        # Only B is vetted: the one eligible candidate, and so the one selected.
        passed = given.subject == "B"
        return Verdict(
            outcome=VerdictOutcome.PASSED if passed else VerdictOutcome.FAILED, reason=label("审查")
        )

    contributed = Predicate(key="vetted", label=label("审查"), evaluate=vetted)
    for predicate in (vetted, contributed):
        where = staging_context(scheme=scheme, behaviour={"predicates": {"vetted": predicate}})
        assert measure(where, "staging_selected", key="demo").records == ("B",)


def test_staging_reads_a_candidates_file_through_io(tmp_path: Path) -> None:
    from branchkit.io.candidates import candidates_from_document
    from branchkit.plugins.host import Host

    (tmp_path / "candidates.csv").write_text(
        "学号,姓名,阶段,确定积极分子日期,考试成绩,志愿服务时长,推荐推优\n"
        "A,甲,入党积极分子,2020-09-01,80,10,\n"
        "B,乙,入党积极分子,2021-03-01,70,20,是\n"
        "C,丙,入党积极分子,2021-09-01,90,30,\n",
        encoding="utf-8",
    )
    loaded = Host.create(autoload=False).load(tmp_path)
    where = staging_context(
        dict(loaded.sections),
        behaviour={"section_readers": {"candidates": candidates_from_document}},
    )
    # A 45 and B 57.5 are eligible; C has not been an activist for a year.
    assert measure(where, "staging_selected", key="demo").records == ("A", "B")


# --- the memo -----------------------------------------------------------------------------------


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of ``module.name`` from now on."""
    calls: list[int] = []
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_the_memo_runs_each_mechanism_once_per_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # The modules themselves: the staging package's ``evaluate`` is the function.
    pairing = importlib.import_module("branchkit.mechanisms.pairing.evaluate")
    staging = importlib.import_module("branchkit.mechanisms.staging.evaluate")
    pairs = counting(monkeypatch, pairing, "pair")
    contests = counting(monkeypatch, staging, "evaluate")
    where = context(
        {"pairings": (MENTORING,), "schemes": (pk_scheme(),)},
        people=MENTORING_PEOPLE,
        events=F_REPORTS,
        sections={"pair_rules": PAIR_RULES, "candidates": CANDIDATES},
    )
    for _ in range(3):
        measure(where, "pairing_coverage", key="mentoring")
        for source in ("staging_selected", "staging_eligible", "staging_candidates"):
            measure(where, source, key="demo")
    # Pairs are checked on two days: the period's first, and the day after M2-Y1 ended.
    assert (len(pairs), len(contests)) == (2, 1)
    # A new context computes afresh.
    measure(pairing_context(), "pairing_coverage", key="mentoring")
    assert len(pairs) == 4


def test_a_wrapping_source_sees_one_mechanism_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from branchkit.mechanisms import targets

    runs = counting(monkeypatch, targets, "evaluate_targets")
    measured: list[str] = []
    inner = SOURCES["target"]

    def wrapped(where: SourceContext, select: Selector) -> Any:
        measured.append(select.key or "")
        return inner.measure(where, select)

    source = IndicatorSource(
        key="counted_target",
        label=label("计数"),
        reads=inner.reads,
        needs=inner.needs,
        measure=wrapped,
    )
    service = Target(key="service", label=label("服务"), event_kinds=("volunteer_service",))
    reach = Target(key="reach", label=label("人次"), measure=Measure.PERSON_TIMES, at_least=9)
    where = context({"targets": (service, reach)})
    for key in ("service", "reach", "service"):
        spec = IndicatorSpec(
            key=f"i-{key}",
            label=label(key),
            practice="work",
            source="counted_target",
            select=Selector(key=key),
        )
        measure_indicator(spec, source, where)
    assert (measured, len(runs)) == (["service", "reach", "service"], 1)


# --- the selector's later fields: since, lead, team_kinds, unranked, item, with_role ------------


def test_selector_fields_that_need_a_partner_or_exclude_one() -> None:
    # An item is of a checklist (key); lead and with_role are about the holders of role; an
    # outcome without a rank cannot also have one; a team kind is a key like any other.
    with pytest.raises(RecordError) as caught:
        Selector(item="cluster", lead=True, with_role="young_teacher", rank="first", unranked=True)
    assert [(format_path(path), message) for path, message in caught.value.problems] == [
        ("$.unranked", "not with a rank"),
        ("$.item", "only with a key"),
        ("$.lead", "only with a role"),
        ("$.with_role", "only with a role"),
    ]
    with pytest.raises(RecordError, match=r"\$\.team_kinds\[1\]: 'Research team' is not a key"):
        Selector(team_kinds=("branch", "Research team"))
    # Given with their partners, they are given; left at their defaults, they are not.
    both = Selector(key="members", item="cluster", role="young_teacher", lead=True)
    assert both.given == {"key", "item", "role", "lead"}
    assert Selector(lead=False, unranked=False, since=None).given == frozenset()


# The teachers: T1 a young teacher, T2 not. Units: two teams of different kinds, the branch
# itself and a class. The period is 2021-2022 and the day judged 2022-06-30.
LED_PEOPLE = (
    person("T1", "teacher", "young_teacher"),
    person("T2", "teacher"),
    person("S1", "student"),
)
LED_UNITS = (
    Unit(id="rt", kind="research_team", name="科研创新团队"),
    Unit(id="trt", kind="teaching_reform_team", name="教学改革团队"),
    Unit(id="br", kind="branch", name="教工党支部"),
    Unit(id="cls", kind="class", name="金融2001班"),
)
LED_OUTCOMES = (
    # Projects: the first person led it (主持人).
    Outcome(id="p1", kind="project", date=day("2021-11-10"), level="college",
            persons=("T1", "T2"), teams=("rt",)),  # led by T1, of the research team
    Outcome(id="p2", kind="project", date=day("2022-05-10"), level="college",
            persons=("T2", "T1"), teams=("trt",)),  # led by T2, T1 second
    Outcome(id="p3", kind="project", date=day("2022-05-16"), level="college",
            persons=("T2",)),  # of no team
    Outcome(id="p4", kind="project", date=day("2021-12-01"), level="municipal",
            persons=("T1",), teams=("cls",)),  # led by T1, credited to a class too
    # The branch's honours and a report, before the year; one after the day judged.
    Outcome(id="h1", kind="honour", date=day("2018-06-29"), level="college", teams=("br",)),
    Outcome(id="h2", kind="honour", date=day("2019-11-20"), level="national", teams=("br",)),
    Outcome(id="h3", kind="honour", date=day("2020-06-30"), level="college", teams=("br",)),
    Outcome(id="m0", kind="media_report", date=day("2017-12-31"), teams=("br",)),
    Outcome(id="h4", kind="honour", date=day("2022-07-05"), level="college", teams=("br",)),
    # A student's national honour, and a nomination to another.
    Outcome(id="n1", kind="student_honour", date=day("2022-04-29"), level="national",
            persons=("S1",)),
    Outcome(id="n2", kind="student_honour", date=day("2022-05-19"), level="national",
            rank="nominee", persons=("S1",)),
)  # fmt: skip


@pytest.mark.parametrize(
    ("select", "records"),
    [
        # T1 is credited with p1, p2 and p4, and led p1 and p4: p2 is T2's.
        ({"kinds": ("project",), "role": "young_teacher"}, ("p1", "p2", "p4")),
        ({"kinds": ("project",), "role": "young_teacher", "lead": True}, ("p1", "p4")),
        (
            {"kinds": ("project",), "level": "college", "role": "young_teacher", "lead": True},
            ("p1",),
        ),
        # No person, no leader: the team's honours are led by nobody.
        ({"role": "young_teacher", "lead": True}, ("p1", "p4")),
        ({"role": "teacher", "lead": True}, ("p1", "p2", "p3", "p4")),
        # Of the two teams: p1 (rt) and p2 (trt); p3 has no team, p4's is a class.
        (
            {"kinds": ("project",), "team_kinds": ("research_team", "teaching_reform_team")},
            ("p1", "p2"),
        ),
        ({"team_kinds": ("research_team",), "role": "young_teacher", "lead": True}, ("p1",)),
        ({"team_kinds": ("teaching_reform_team",), "role": "young_teacher", "lead": True}, ()),
        # The branch's outcomes of the year: none (h1 to h3 and m0 before it, h4 after the day).
        ({"team_kinds": ("branch",)}, ()),
        # Since 2018: h1, h2 and h3; m0 is of 2017 and h4 still after the day judged.
        ({"team_kinds": ("branch",), "since": day("2018-01-01")}, ("h1", "h2", "h3")),
        ({"kinds": ("honour",), "level": "college", "since": day("2018-01-01")}, ("h1", "h3")),
        ({"kinds": ("media_report",), "since": day("2017-12-31")}, ("m0",)),
        # A since within the year narrows it: the projects from May, p2 and p3.
        ({"kinds": ("project",), "since": day("2022-05-01")}, ("p2", "p3")),
        # A since after the day judged counts nothing.
        ({"since": day("2022-07-01")}, ()),
        # The honour without a rank, the nomination with one, or both.
        ({"kinds": ("student_honour",), "unranked": True}, ("n1",)),
        ({"kinds": ("student_honour",), "rank": "nominee"}, ("n2",)),
        ({"kinds": ("student_honour",)}, ("n1", "n2")),
        (
            {"unranked": True, "since": day("2018-01-01")},
            ("h1", "h2", "h3", "n1", "p1", "p2", "p3", "p4"),
        ),
    ],
)
def test_outcomes_led_by_a_role_of_teams_of_a_kind_since_a_day_or_unranked(
    select: dict[str, Any], records: tuple[str, ...]
) -> None:
    where = context(people=LED_PEOPLE, units=LED_UNITS, sections={"outcomes": LED_OUTCOMES})
    # Each outcome counts 1.
    assert figures(measure(where, "outcomes", **select)) == (
        D(len(records)),
        "outcomes",
        records,
        None,
    )


def test_outcomes_read_no_with_role_and_refuse_duplicate_ids() -> None:
    where = context(people=LED_PEOPLE, units=LED_UNITS, sections={"outcomes": LED_OUTCOMES})
    # with_role is role_holders' field: the outcomes source would ignore it, so it is an error.
    with pytest.raises(RecordError) as caught:
        measure(where, "outcomes", role="teacher", with_role="young_teacher")
    assert [(format_path(path), message) for path, message in caught.value.problems] == [
        ("$.select.with_role", "the source outcomes does not read it")
    ]
    twice = context(sections={"outcomes": (*LED_OUTCOMES, LED_OUTCOMES[0])})
    with pytest.raises(RecordError, match=r"duplicate 'p1'"):
        measure(twice, "outcomes", since=day("2018-01-01"))


def test_events_since_a_day_before_the_period() -> None:
    events = [
        Event(id="e0", kind="theme_day", date=day("2020-10-01")),  # the year before
        Event(id="t0", kind="theme_day", date=day("2021-08-31")),  # the day before the year
        Event(id="t1", kind="theme_day", date=day("2021-09-01")),
        Event(id="t2", kind="theme_day", date=day("2022-06-30")),  # the day judged
        Event(id="t3", kind="theme_day", date=day("2022-07-01")),  # the day after: never
        Event(id="k1", kind="lecture", date=day("2021-01-01")),
    ]
    where = context(events=events)
    # From 2020-09-01: e0, t0, t1 and t2, by date.
    assert figures(measure(where, "events", kinds=("theme_day",), since=day("2020-09-01"))) == (
        D(4),
        "events",
        ("e0", "t0", "t1", "t2"),
        None,
    )
    # From 2022-01-01, within the year: t2 only. From after the day judged: none.
    assert measure(where, "events", kinds=("theme_day",), since=day("2022-01-01")).records == (
        "t2",
    )
    assert measure(where, "events", kinds=("theme_day",), since=day("2022-07-01")).value == 0
    # unranked is about outcomes: the events source does not read it.
    with pytest.raises(RecordError, match=r"\$\.select\.unranked: the source events does not"):
        measure(where, "events", kinds=("theme_day",), unranked=True)


# The committee and the young teachers; the period 2021-2022, the day judged 2022-06-30.
COMMITTEE_PEOPLE = (
    # On the committee until March, a young teacher throughout: both in the year.
    person("T1", RoleSpan(role="committee_member", start=day("2021-06-18"),
                          end=day("2022-03-31")),
           RoleSpan(role="young_teacher", start=day("2017-09-01"))),
    # Elected in April, a young teacher: both.
    person("T2", RoleSpan(role="committee_member", start=day("2022-04-01")),
           RoleSpan(role="young_teacher", start=day("2018-03-01"))),
    # On the committee, never a young teacher.
    person("T3", RoleSpan(role="committee_member", start=day("2021-06-18"))),
    # A young teacher until 2021-03-31, elected in June: never both on one day.
    person("T4", RoleSpan(role="young_teacher", end=day("2021-03-31")),
           RoleSpan(role="committee_member", start=day("2021-06-18"))),
    # On the committee from 2019 to 2021-06-17, a young teacher: both, before the year only.
    person("T5", RoleSpan(role="committee_member", start=day("2019-01-01"),
                          end=day("2021-06-17")),
           RoleSpan(role="young_teacher")),
    # Elected after the day judged.
    person("T6", RoleSpan(role="committee_member", start=day("2022-07-01")), "young_teacher"),
    person("Y1", "young_teacher"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("select", "as_of", "records"),
    [
        # On the committee on some day of the year up to the day judged: T1 to T4.
        ({"role": "committee_member"}, AS_OF, ("T1", "T2", "T3", "T4")),
        # And a young teacher on one of those days: T1 and T2 (T4 was no longer one).
        ({"role": "committee_member", "with_role": "young_teacher"}, AS_OF, ("T1", "T2")),
        # Since 2019, T5 too.
        (
            {"role": "committee_member", "with_role": "young_teacher", "since": day("2019-01-01")},
            AS_OF,
            ("T1", "T2", "T5"),
        ),
        # Judged on 2021-12-31: T2 not elected yet.
        ({"role": "committee_member", "with_role": "young_teacher"}, day("2021-12-31"), ("T1",)),
        ({"role": "young_teacher", "with_role": "committee_member"}, AS_OF, ("T1", "T2")),
        ({"role": "programme_head"}, AS_OF, ()),
    ],
)
def test_role_holders_count_the_people_who_held_a_role_and_another(
    select: dict[str, Any], as_of: dt.date, records: tuple[str, ...]
) -> None:
    where = context(people=COMMITTEE_PEOPLE, as_of=as_of)
    assert figures(measure(where, "role_holders", **select)) == (
        D(len(records)),
        "persons",
        records,
        None,
    )


def test_role_holders_need_a_role_and_read_no_lead() -> None:
    where = context(people=COMMITTEE_PEOPLE)
    with pytest.raises(RecordError) as caught:
        measure(where, "role_holders", kinds=("committee",))
    # kinds is not read, and role is needed: both at their paths, needs first.
    assert [(format_path(path), message) for path, message in caught.value.problems] == [
        ("$.select.role", "the source role_holders needs it"),
        ("$.select.kinds", "the source role_holders does not read it"),
    ]
    with pytest.raises(RecordError, match=r"\$\.select\.lead: the source role_holders does not"):
        measure(where, "role_holders", role="committee_member", lead=True)


# 党员责任清单: every full member completes a task of the programme cluster by 2022-06-30 and
# hands in study notes by 2022-05-31.
PARTY_MEMBERS = Checklist(
    key="party-members",
    version="2021",
    label=label("党员清单"),
    role="full_member",
    items=(
        _item("notes", "study_notes", "2022-05-31"),
        _item("cluster", "cluster_task", "2022-06-30"),
    ),
    category="responsibility",
)


def item_context() -> SourceContext:
    return context(
        {"checklists": (SECRETARY, PARTY_MEMBERS)},
        people=[person("M1", "full_member"), person("M2", "full_member"),
                person("M3", "full_member"), person("T1", "branch_secretary")],
        evidence=[
            Evidence(id="n1", kind="study_notes", date=day("2022-04-01"),
                     persons=("M1", "M2", "M3")),
            Evidence(id="c1", kind="cluster_task", date=day("2022-03-01"), persons=("M1",)),
            Evidence(id="c2", kind="cluster_task", date=day("2022-06-30"), persons=("M2",)),
            # After the due day (and the day judged): M3's task does not count.
            Evidence(id="c3", kind="cluster_task", date=day("2022-07-02"), persons=("M3",)),
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("select", "value", "records"),
    [
        # The cluster: M1 and M2 of the three members, by c1 and c2: 2 of 3.
        ({"key": "party-members", "item": "cluster"}, "66.67", ("c1", "c2")),
        # The notes: all three, by n1 (one piece of evidence for three records).
        ({"key": "party-members", "item": "notes"}, "100.00", ("n1",)),
        # The whole list: 5 of 6, and the list is behind it.
        ({"key": "party-members"}, "83.33", ("party-members",)),
        # Another category: the item is not of it, 0 of 0.
        ({"key": "party-members", "item": "cluster", "category": "study"}, "0.00", ()),
        (
            {"key": "party-members", "item": "cluster", "category": "responsibility"},
            "66.67",
            ("c1", "c2"),
        ),
    ],
)
def test_checklist_completion_of_one_item(
    select: dict[str, Any], value: str, records: tuple[str, ...]
) -> None:
    found = measure(item_context(), "checklist_completion", target=D(100), **select)
    assert figures(found) == (D(value), "%", records, D(100))


def test_checklist_item_unknown_or_not_read() -> None:
    # secretary has the one item plan.
    with pytest.raises(UnknownNameError) as caught:
        measure(item_context(), "checklist_completion", key="secretary", item="cluster")
    assert (caught.value.kind, caught.value.name, caught.value.known) == (
        "checklist item",
        "cluster",
        ("plan",),
    )
    # An item without its list is refused by the selector itself.
    with pytest.raises(RecordError, match=r"\$\.item: only with a key"):
        measure(item_context(), "checklist_completion", item="cluster")
    # checklist_lists counts whole lists: it reads neither a key nor an item.
    with pytest.raises(RecordError) as refused:
        measure(item_context(), "checklist_lists", category="study", key="x", item="cluster")
    assert [format_path(path) for path, _ in refused.value.problems] == [
        "$.select.item",
        "$.select.key",
    ]
