"""Role checklists: completion by hand, versions, overdue and missing evidence, and properties."""

from __future__ import annotations

import datetime as dt
import json
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.io import make_converter
from branchkit.io.pseudonyms import Pseudonymiser
from branchkit.mechanisms.checklists import (
    Action,
    Checklist,
    ChecklistItem,
    ChecklistResult,
    ItemKind,
    ItemState,
    ItemTransition,
    evaluate_checklists,
)
from branchkit.records import Evidence, Label, Period, PeriodKind, Person, RoleSpan
from branchkit.report.checklist import ChecklistReport
from branchkit.report.disclosure import Disclosure

D = dt.date
AS_OF = D(2022, 8, 15)
PLAN = ChecklistItem(
    key="plan",
    label=Label(zh="制定年度工作计划", en="annual work plan"),
    evidence_kinds=("work_plan",),
    due=D(2022, 3, 31),
)
TALKS = ChecklistItem(
    key="talks",
    label=Label(zh="谈心谈话", en="heart-to-heart talks"),
    kind=ItemKind.COUNT,
    at_least=3,
    evidence_kinds=("talk_record",),
    due=D(2022, 6, 30),
)
MEETING = ChecklistItem(
    key="meeting",
    label=Label(zh="每季度支部党员大会", en="a members' meeting a quarter"),
    kind=ItemKind.RECURRING,
    every=PeriodKind.QUARTER,
    evidence_kinds=("minutes", "sign_in"),
    responsible="organiser",
)
SECRETARY = Checklist(
    key="secretary",
    version="2022",
    label=Label(zh="支部书记工作清单", en="the secretary's checklist"),
    role="branch_secretary",
    valid_from=D(2022, 1, 1),
    valid_to=D(2022, 12, 31),
    items=(PLAN, TALKS, MEETING),
)


def secretary(person_id: str, start: dt.date | None = None, end: dt.date | None = None) -> Person:
    span = RoleSpan(role="branch_secretary", start=start, end=end)
    return Person(id=person_id, name=f"书记{person_id}", roles=(span,))


def proof(
    evidence_id: str,
    kind: str,
    day: dt.date,
    *persons: str,
    count: int = 1,
    units: tuple[str, ...] = (),
) -> Evidence:
    return Evidence(id=evidence_id, kind=kind, date=day, persons=persons, count=count, units=units)


def judge(
    evidence: list[Evidence],
    *,
    people: list[Person] | None = None,
    checklists: list[Checklist] | None = None,
    transitions: list[ItemTransition] | None = None,
    as_of: dt.date = AS_OF,
    period: str = "2022",
) -> ChecklistResult:
    return evaluate_checklists(
        checklists if checklists is not None else [SECRETARY],
        people=people if people is not None else [secretary("T1")],
        evidence=evidence,
        transitions=transitions or (),
        as_of=as_of,
        period=Period.parse(period),
    )


def rows(result: ChecklistResult) -> list[tuple[str, str, str | None, int, tuple[str, ...], bool]]:
    return [(r.holder, r.item, r.period, r.done, r.missing, r.complete) for r in result.records]


# --- completion by hand ---------------------------------------------------------------------


def test_completion_by_hand() -> None:
    evidence = [
        proof("p1", "work_plan", D(2022, 3, 31), "T1"),  # on the due day: counts
        proof("t1", "talk_record", D(2022, 2, 1), "T1", count=2),
        proof("t2", "talk_record", D(2022, 6, 30), "T1", "T1"),  # named twice: counts once
        proof("m1", "minutes", D(2022, 2, 10), "T1"),
        proof("s1", "sign_in", D(2022, 3, 31), "T1"),
        proof("m2", "minutes", D(2022, 4, 1), "T1"),  # Q2 has minutes but no sign-in sheet
        proof("p2", "work_plan", D(2022, 3, 1), "T2"),
    ]
    result = judge(evidence, people=[secretary("T1"), secretary("T2")])
    assert rows(result) == [
        ("T1", "meeting", "2022-Q1", 1, (), True),
        ("T1", "meeting", "2022-Q2", 0, ("sign_in",), False),
        ("T1", "meeting", "2022-Q3", 0, ("minutes", "sign_in"), False),
        ("T1", "plan", None, 1, (), True),
        ("T1", "talks", None, 3, (), True),
        ("T2", "meeting", "2022-Q1", 0, ("minutes", "sign_in"), False),
        ("T2", "meeting", "2022-Q2", 0, ("minutes", "sign_in"), False),
        ("T2", "meeting", "2022-Q3", 0, ("minutes", "sign_in"), False),
        ("T2", "plan", None, 1, (), True),
        ("T2", "talks", None, 0, ("talk_record",), False),
    ]
    first = result.records[0]
    assert first.evidence == ("m1", "s1")
    assert (first.responsible, first.version, first.due) == ("organiser", "2022", D(2022, 3, 31))
    assert result.records[4].evidence == ("t1", "t2")
    assert [(t.holder, t.owed, t.complete, t.overdue) for t in result.holders] == [
        ("T1", 5, 3, 1),
        ("T2", 5, 1, 3),
    ]
    assert [(t.item, t.owed, t.complete, t.overdue) for t in result.items] == [
        ("meeting", 6, 1, 3),
        ("plan", 2, 2, 0),
        ("talks", 2, 1, 1),
    ]
    assert [(t.checklist, t.versions, t.owed, t.complete) for t in result.checklists] == [
        ("secretary", ("2022",), 10, 4)
    ]
    assert [(t.role, t.owed, t.complete, t.overdue) for t in result.roles] == [
        ("branch_secretary", 10, 4, 4)
    ]
    # Q3 is still running on 2022-08-15: missing evidence, but not overdue.
    assert [(r.holder, r.item, r.period) for r in result.overdue] == [
        ("T2", "meeting", "2022-Q1"),
        ("T1", "meeting", "2022-Q2"),
        ("T2", "meeting", "2022-Q2"),
        ("T2", "talks", None),
    ]
    assert len(result.missing) == 6


def test_evidence_after_the_due_day_or_the_day_judged_does_not_count() -> None:
    late = [proof("p1", "work_plan", D(2022, 4, 1), "T1")]
    (plan,) = [r for r in judge(late).records if r.item == "plan"]
    assert (plan.done, plan.complete, plan.overdue) == (0, False, True)
    ahead = [proof("t1", "talk_record", D(2022, 6, 1), "T1", count=3)]
    (talks,) = [r for r in judge(ahead, as_of=D(2022, 5, 31)).records if r.item == "talks"]
    assert (talks.done, talks.closed, talks.overdue) == (0, False, False)


def test_evidence_before_the_version_began_does_not_count() -> None:
    early = [proof("p1", "work_plan", D(2021, 12, 31), "T1")]
    (plan,) = [r for r in judge(early).records if r.item == "plan"]
    assert plan.missing == ("work_plan",)


def test_evidence_naming_only_a_unit_counts_for_nobody() -> None:
    unit_only = [proof("p1", "work_plan", D(2022, 3, 1), units=("branch-1",))]
    (plan,) = [r for r in judge(unit_only).records if r.item == "plan"]
    assert plan.complete is False


def test_holders_are_those_of_the_deciding_day() -> None:
    # T2 took over on 2022-05-01: owes the one-off items and Q2 onward; T1 owes Q1 only.
    people = [secretary("T1", end=D(2022, 4, 30)), secretary("T2", start=D(2022, 5, 1))]
    result = judge([], people=people, as_of=D(2022, 6, 1))
    assert [(r.holder, r.item, r.period) for r in result.records] == [
        ("T1", "meeting", "2022-Q1"),
        ("T2", "meeting", "2022-Q2"),
        ("T2", "plan", None),
        ("T2", "talks", None),
    ]


# --- versions -------------------------------------------------------------------------------

REVISED = attrs.evolve(
    SECRETARY,
    version="2023",
    valid_from=D(2023, 1, 1),
    valid_to=None,
    items=(
        attrs.evolve(PLAN, due=D(2023, 3, 31)),
        attrs.evolve(TALKS, at_least=5, due=D(2023, 6, 30)),
    ),
)
SPANNING = [
    proof("p1", "work_plan", D(2022, 3, 1), "T1"),
    proof("t1", "talk_record", D(2022, 5, 1), "T1", count=4),
    proof("m1", "minutes", D(2022, 11, 1), "T1"),
    proof("s1", "sign_in", D(2022, 11, 1), "T1"),
    proof("t2", "talk_record", D(2023, 5, 1), "T1", count=4),
]


def test_a_new_version_keeps_old_results_reproducible() -> None:
    before = judge(SPANNING[:4], as_of=D(2022, 12, 31))
    both = judge(SPANNING, checklists=[REVISED, SECRETARY], as_of=D(2022, 12, 31))
    assert both == before
    assert {r.version for r in both.records} == {"2022"}


def test_results_name_the_version_they_were_judged_by() -> None:
    result = judge(
        SPANNING, checklists=[SECRETARY, REVISED], as_of=D(2023, 8, 1), period="2022-2023"
    )
    assert [(r.item, r.period, r.version, r.done, r.complete) for r in result.records] == [
        # The quarters judged under 2022 are those whose last day it was in force.
        ("meeting", "2022-Q3", "2022", 0, False),
        ("meeting", "2022-Q4", "2022", 1, True),
        ("plan", None, "2023", 0, False),
        ("talks", None, "2023", 4, False),  # 2023 needs five; 2022's evidence is not 2023's
    ]
    assert result.checklists[0].versions == ("2022", "2023")


def test_overlapping_versions_are_rejected() -> None:
    overlapping = attrs.evolve(REVISED, valid_from=D(2022, 12, 31))
    with pytest.raises(RecordError, match=r"version '2023' of 'secretary' overlaps version '2022'"):
        judge([], checklists=[SECRETARY, overlapping])


def test_duplicate_versions_are_rejected() -> None:
    with pytest.raises(RecordError, match=r"checklists\[1\]\.version: duplicate 'secretary 2022'"):
        judge([], checklists=[SECRETARY, SECRETARY])


# --- verification ---------------------------------------------------------------------------

VERIFIED_LIST = attrs.evolve(SECRETARY, needs_verification=True)


def change(action: Action, day: dt.date, item: str = "plan", **fields: str) -> ItemTransition:
    return ItemTransition(
        checklist="secretary",
        version=fields.get("version", "2022"),
        item=item,
        holder=fields.get("holder", "T1"),
        action=action,
        date=day,
        period=fields.get("period"),
    )


def plan_of(result: ChecklistResult) -> tuple[ItemState, bool]:
    (plan,) = [r for r in result.records if r.item == "plan"]
    return plan.state, plan.complete


def test_a_checklist_that_needs_verification_is_complete_only_when_verified() -> None:
    evidence = [proof("p1", "work_plan", D(2022, 3, 1), "T1")]
    submitted = [change(Action.SUBMIT, D(2022, 3, 2))]
    assert plan_of(judge(evidence, checklists=[VERIFIED_LIST], transitions=submitted)) == (
        ItemState.SUBMITTED,
        False,
    )
    verified = [*submitted, change(Action.VERIFY, D(2022, 4, 10))]  # after the due day
    assert plan_of(judge(evidence, checklists=[VERIFIED_LIST], transitions=verified)) == (
        ItemState.VERIFIED,
        True,
    )
    # A verified item without its evidence is not complete either.
    assert plan_of(judge([], checklists=[VERIFIED_LIST], transitions=verified)) == (
        ItemState.VERIFIED,
        False,
    )
    # Before the review, judged on an earlier day.
    early = judge(evidence, checklists=[VERIFIED_LIST], transitions=verified, as_of=D(2022, 4, 9))
    assert plan_of(early) == (ItemState.SUBMITTED, False)


def test_a_checklist_without_verification_records_the_state_but_needs_only_evidence() -> None:
    evidence = [proof("p1", "work_plan", D(2022, 3, 1), "T1")]
    result = judge(evidence, transitions=[change(Action.SUBMIT, D(2022, 3, 2))])
    assert plan_of(result) == (ItemState.SUBMITTED, True)


def test_a_recurring_items_state_is_per_period() -> None:
    moves = [
        change(Action.SUBMIT, D(2022, 3, 30), "meeting", period="2022-Q1"),
        change(Action.VERIFY, D(2022, 3, 30), "meeting", period="2022-Q1"),  # same day, in order
    ]
    result = judge([], checklists=[VERIFIED_LIST], transitions=moves)
    assert [(r.period, r.state) for r in result.records if r.item == "meeting"] == [
        ("2022-Q1", ItemState.VERIFIED),
        ("2022-Q2", ItemState.PENDING),
        ("2022-Q3", ItemState.PENDING),
    ]


def test_an_illegal_transition_is_rejected_with_the_item_state_and_action() -> None:
    moves = [change(Action.SUBMIT, D(2022, 3, 2)), change(Action.RESUBMIT, D(2022, 3, 3))]
    with pytest.raises(RecordError) as caught:
        judge([], checklists=[VERIFIED_LIST], transitions=moves)
    assert caught.value.problems == (
        (
            ("item_transitions", 1, "action"),
            "cannot resubmit item 'plan' of checklist 'secretary' version '2022' for 'T1' on "
            "2022-03-03: it is submitted; resubmit is allowed from: rejected",
        ),
    )


def test_transitions_must_name_what_exists() -> None:
    moves = [
        change(Action.SUBMIT, D(2022, 3, 2), "plans"),
        change(Action.SUBMIT, D(2022, 3, 2), version="2031"),
        change(Action.SUBMIT, D(2022, 3, 2), "meeting"),
        change(Action.SUBMIT, D(2022, 3, 2), "meeting", period="2022-03"),
        change(Action.SUBMIT, D(2022, 3, 2), period="2022-Q1"),
    ]
    with pytest.raises(RecordError) as caught:
        judge([], transitions=moves)
    assert [path for path, _ in caught.value.problems] == [
        ("item_transitions", i, field)
        for i, field in enumerate(["item", "version", "period", "period", "period"])
    ]
    assert "'2022-03' is not a quarter key" in str(caught.value)


# --- the records check themselves -----------------------------------------------------------


def test_items_check_their_kind() -> None:
    with pytest.raises(RecordError, match="a recurring item needs the period"):
        ChecklistItem(
            key="x", label=PLAN.label, kind=ItemKind.RECURRING, evidence_kinds=("minutes",)
        )
    with pytest.raises(RecordError, match="a boolean item is done once"):
        ChecklistItem(key="x", label=PLAN.label, at_least=2, evidence_kinds=("minutes",))
    with pytest.raises(RecordError, match="only a recurring item has a period"):
        attrs.evolve(PLAN, every=PeriodKind.MONTH)
    with pytest.raises(RecordError, match="at least one kind of evidence"):
        attrs.evolve(PLAN, evidence_kinds=())
    with pytest.raises(RecordError, match=r"evidence_kinds\[1\]\.kind: duplicate 'minutes'"):
        attrs.evolve(PLAN, evidence_kinds=("minutes", "minutes"))


def test_checklists_check_their_items_and_span() -> None:
    with pytest.raises(RecordError, match=r"items\[1\]\.key: duplicate 'plan'"):
        attrs.evolve(SECRETARY, items=(PLAN, PLAN))
    with pytest.raises(RecordError, match=r"valid_to: 2021-12-31 is before the start"):
        attrs.evolve(SECRETARY, valid_to=D(2021, 12, 31))


# --- properties -----------------------------------------------------------------------------

HOLDERS = ("T1", "T2", "T3")
KINDS = ("work_plan", "talk_record", "minutes", "sign_in")
days = st.dates(min_value=D(2021, 12, 1), max_value=D(2022, 9, 30))
evidence_lists = st.lists(
    st.builds(
        lambda kind, day, persons, count: (kind, day, persons, count),
        st.sampled_from(KINDS),
        days,
        st.lists(st.sampled_from(HOLDERS), max_size=2).map(tuple),
        st.integers(0, 3),
    ),
    max_size=25,
)


def as_evidence(specs: list[tuple[str, dt.date, tuple[str, ...], int]]) -> list[Evidence]:
    return [
        Evidence(id=f"e{n:03d}", kind=kind, date=day, persons=persons, count=count)
        for n, (kind, day, persons, count) in enumerate(specs)
    ]


PEOPLE = [secretary("T1"), secretary("T2", end=D(2022, 5, 15)), secretary("T3", D(2022, 4, 1))]


@given(evidence_lists, evidence_lists, days)
@settings(max_examples=150, deadline=None)
def test_adding_evidence_never_lowers_completion(
    first: list[tuple[str, dt.date, tuple[str, ...], int]],
    more: list[tuple[str, dt.date, tuple[str, ...], int]],
    as_of: dt.date,
) -> None:
    before = judge(as_evidence(first), people=PEOPLE, as_of=as_of)
    after = judge(as_evidence(first + more), people=PEOPLE, as_of=as_of)
    assert [(r.holder, r.item, r.period) for r in after.records] == [
        (r.holder, r.item, r.period) for r in before.records
    ]
    for old, new in zip(before.records, after.records, strict=True):
        assert new.done >= old.done
        assert set(new.missing) <= set(old.missing)
        assert new.complete >= old.complete
    for old_totals, new_totals in zip(before.holders, after.holders, strict=True):
        assert new_totals.complete >= old_totals.complete
        assert new_totals.overdue <= old_totals.overdue


@given(evidence_lists, days, st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_the_order_of_the_inputs_does_not_matter(
    specs: list[tuple[str, dt.date, tuple[str, ...], int]], as_of: dt.date, rng: random.Random
) -> None:
    evidence, people = as_evidence(specs), list(PEOPLE)
    lists = [SECRETARY, REVISED]
    moves = [change(Action.SUBMIT, D(2022, 3, 2)), change(Action.SUBMIT, D(2022, 3, 2), "talks")]
    expected = judge(evidence, people=people, checklists=lists, transitions=moves, as_of=as_of)
    for sequence in (evidence, people, lists, moves):
        rng.shuffle(sequence)
    shuffled = judge(evidence, people=people, checklists=lists, transitions=moves, as_of=as_of)
    assert shuffled == expected


# --- the report -----------------------------------------------------------------------------


def report_of(result: ChecklistResult, disclosure: Disclosure | None = None) -> ChecklistReport:
    people = {person.id: person for person in [secretary("T1"), secretary("T2")]}
    return ChecklistReport(
        framework="demo",
        checklists=(SECRETARY,),
        result=result,
        people=people,
        disclosure=disclosure or Disclosure(),
    )


HAND_CHECKED = [
    proof("p1", "work_plan", D(2022, 3, 31), "T1"),
    proof("t1", "talk_record", D(2022, 2, 1), "T1", count=3),
    proof("m1", "minutes", D(2022, 2, 10), "T1"),
    proof("s1", "sign_in", D(2022, 3, 31), "T1"),
]


def test_the_report_tables_by_hand() -> None:
    result = judge(HAND_CHECKED, people=[secretary("T1"), secretary("T2")])
    tables = {table.key: table.rows for table in report_of(result).tables("en")}
    assert tables["checklists"] == [
        ["checklist", "versions", "owed", "complete", "overdue", "completion"],
        ["the secretary's checklist", "2022", "10", "3", "5", "30.0%"],
    ]
    assert tables["holders"][1:] == [
        ["T1 书记T1", "5", "3", "1", "60.0%"],
        ["T2 书记T2", "5", "0", "4", "0.0%"],
    ]
    assert tables["overdue"][1] == [
        "the secretary's checklist", "a members' meeting a quarter", "T2 书记T2", "2022-Q1",
        "2022-03-31", "minutes, sign_in", "pending",
    ]  # fmt: skip
    assert [row[2:4] for row in tables["missing"][1:]] == [
        ["T1 书记T1", "2022-Q3"],
        ["T2 书记T2", "2022-Q3"],
    ]


def test_the_report_counts_lists_by_category() -> None:
    result = judge(HAND_CHECKED, people=[secretary("T1"), secretary("T2")])
    assert "categories" not in {table.key for table in report_of(result).tables("en")}
    # The 2021 version was an institution list; the 2022 revision, the latest, moved it.
    earlier = attrs.evolve(
        SECRETARY,
        version="2021",
        valid_from=D(2021, 1, 1),
        valid_to=D(2021, 12, 31),
        category="institution",
    )
    report = ChecklistReport(
        framework="demo",
        checklists=(attrs.evolve(SECRETARY, category="responsibility"), earlier),
        result=result,
        names={"checklist_category/responsibility": Label(zh="责任清单", en="responsibility")},
    )
    tables = {table.key: table.rows for table in report.tables("zh")}
    assert tables["categories"] == [
        ["类别", "清单数", "应完成项", "已完成", "逾期", "完成率"],
        ["责任清单", "1", "10", "3", "5", "30.0%"],
    ]


def test_a_category_is_a_key() -> None:
    with pytest.raises(RecordError, match=r"\$\.category"):
        attrs.evolve(SECRETARY, category="责任 清单")


def test_the_report_as_json_pseudonymises_every_holder() -> None:
    result = judge(HAND_CHECKED)
    pseudonyms = Disclosure(pseudonymiser=Pseudonymiser(key=b"0123456789abcdef0123456789abcdef"))
    plain = json.loads(report_of(result).to_json(make_converter()))
    assert plain["result"]["records"][0]["holder"] == "T1"
    assert plain["result"]["records"][0]["state"] == "pending"
    hidden = report_of(result, pseudonyms).to_json(make_converter())
    assert '"T1"' not in hidden
    assert "书记T1" not in report_of(result, pseudonyms).tables("zh")[1].rows[1][0]
