"""Assistance cases: persons and units helped, overdue follow-ups, and what never leaks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.contacts import AssistanceCase, AssistancePlan, FollowUp, summarise_cases
from branchkit.mechanisms.staging import Duration
from branchkit.records import Label, Unit

UNITS = [
    Unit(id="c1", kind="class", name="金融2101班"),
    Unit(id="c2", kind="class", name="金融2102班"),
    Unit(id="d1", kind="dorm", name="1-101"),
    Unit(id="d2", kind="dorm", name="1-102"),
    Unit(id="d3", kind="dorm", name="1-103"),
]


def case(key: str, person: str, category: str, *units: str, **extra: object) -> AssistanceCase:
    fields: dict[str, object] = {"holder": "T1", "opened": dt.date(2021, 10, 1), **extra}
    return AssistanceCase(id=key, category=category, person=person, units=units, **fields)  # type: ignore[arg-type]


CASES = [
    case("a1", "S1", "economic", "c1", "d1"),
    case("a2", "S1", "psychological", "c1", "d1", holder="T2"),
    case("a3", "S2", "economic", "c1", "d2", closed=dt.date(2022, 1, 15)),
    case("a4", "S3", "self_management", "c2", "d3"),
    case("a5", "S4", "economic", "c2", "d3", opened=dt.date(2022, 7, 1)),
]  # fmt: skip
FOLLOW_UPS = [
    FollowUp(case="a4", date=dt.date(2022, 5, 20), by="T1", note="谈心"),
    FollowUp(case="a4", date=dt.date(2022, 4, 2), by="T1"),
    FollowUp(case="a2", date=dt.date(2022, 7, 3), by="T2"),  # after the day judged
]


def test_persons_and_units_helped_by_hand() -> None:
    summary = summarise_cases(
        CASES,
        FOLLOW_UPS,
        units=UNITS,
        as_of=dt.date(2022, 6, 30),
        follow_up_every=Duration(months=1),
    )
    # a5 opens after the day: 4 cases, 3 persons (S1 twice), classes c1 and c2, dorms d1, d2
    # and d3; a3 closed in January.
    assert (summary.cases, summary.open_cases, summary.persons) == (4, 3, 3)
    assert dict(summary.units_by_kind) == {"class": 2, "dorm": 3}
    assert dict(summary.persons_by_category) == {
        "economic": 2,
        "psychological": 1,
        "self_management": 1,
    }
    assert dict(summary.persons_by_unit) == {"c1": 2, "c2": 1, "d1": 1, "d2": 1, "d3": 1}
    assert dict(summary.cases_by_holder) == {"T1": 3, "T2": 1}
    # Open with no follow-up since 2021-10-01: due 2021-11-01 (a1, a2). a4 was followed up
    # on 2022-05-20: due 2022-06-20, before 2022-06-30, so overdue too.
    assert [(o.case, o.due, o.last) for o in summary.overdue] == [
        ("a1", dt.date(2021, 11, 1), None),
        ("a2", dt.date(2021, 11, 1), None),
        ("a4", dt.date(2022, 6, 20), dt.date(2022, 5, 20)),
    ]


def test_a_follow_up_on_the_due_day_is_not_overdue() -> None:
    followed = case("a9", "S9", "economic", "c1")
    notes = [FollowUp(case="a9", date=dt.date(2022, 5, 30))]
    summary = summarise_cases(
        [followed], notes, as_of=dt.date(2022, 6, 30), follow_up_every=Duration(months=1)
    )
    assert summary.overdue == ()
    later = summarise_cases(
        [followed], notes, as_of=dt.date(2022, 7, 1), follow_up_every=Duration(months=1)
    )
    assert [o.case for o in later.overdue] == ["a9"]


def test_sensitive_fields_stay_out_of_repr_and_errors() -> None:
    secret = case("a1", "S1", "psychological", "c1", plan="心理咨询每周一次", outcome="好转")
    text = repr(secret) + repr(summarise_cases([secret], as_of=dt.date(2022, 1, 1)))
    for value in ("psychological", "心理咨询", "好转"):
        assert value not in text
    with pytest.raises(RecordError) as caught:
        case("a2", "S2", "Psychological Barrier", "c1")
    assert "Psychological" not in str(caught.value)
    assert caught.value.problems[0][0] == ("category",)


def test_follow_ups_need_their_case_and_cannot_come_before_it() -> None:
    notes = [
        FollowUp(case="a1", date=dt.date(2021, 9, 1)),
        FollowUp(case="a1", date=dt.date(2021, 10, 1)),
        FollowUp(case="a7", date=dt.date(2021, 10, 1)),
    ]
    with pytest.raises(RecordError) as caught:
        summarise_cases([case("a1", "S1", "economic")], notes, as_of=dt.date(2022, 1, 1))
    assert caught.value.problems == (
        (("follow_ups", 0, "date"), "is before the case was opened"),
        (("follow_ups", 2, "case"), "no case 'a7'"),
    )


def test_a_plan_sets_its_own_follow_up_interval() -> None:
    plans = [
        AssistancePlan(key="psychological", label=Label(zh="心理", en="psychological"),
                       follow_up_every=Duration(days=14)),
        AssistancePlan(key="economic", label=Label(zh="经济困难", en="economic hardship")),
    ]  # fmt: skip
    cases = [case("a1", "S1", "psychological"), case("a2", "S2", "economic")]
    notes = [
        FollowUp(case="a1", date=dt.date(2022, 1, 1)),
        FollowUp(case="a2", date=dt.date(2022, 1, 1)),
    ]
    summary = summarise_cases(
        cases, notes, plans=plans, as_of=dt.date(2022, 1, 20), follow_up_every=Duration(months=1)
    )
    # a1's plan wants one every 14 days: due 2022-01-15, overdue on the 20th. a2 falls back to
    # a month: due 2022-02-01, not yet.
    assert [(o.case, o.due) for o in summary.overdue] == [("a1", dt.date(2022, 1, 15))]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["S1", "S2", "S3", "S4"]),
            st.sampled_from(["economic", "psychological"]),
            st.sets(st.sampled_from(["c1", "c2", "d1", "d2", "d3"]), max_size=3),
        ),
        max_size=12,
    )
)
def test_counts_equal_brute_force(rows: list[tuple[str, str, set[str]]]) -> None:
    cases = [case(f"a{i}", p, c, *sorted(u)) for i, (p, c, u) in enumerate(rows)]
    summary = summarise_cases(cases, units=UNITS, as_of=dt.date(2022, 1, 1))
    assert summary.persons == len({p for p, _, _ in rows})
    helped = {u for _, _, units in rows for u in units}
    expected = {
        kind: count
        for kind in ("class", "dorm")
        if (count := len({u for u in helped if u.startswith(kind[0])}))
    }
    assert dict(summary.units_by_kind) == expected
    # Distinct persons: never more than cases, never fewer than the largest category.
    assert summary.persons <= summary.cases
    assert all(n <= summary.persons for n in summary.persons_by_category.values())


def test_with_plans_every_category_must_be_one_of_theirs() -> None:
    plans = [AssistancePlan(key="economic", label=Label(zh="经济困难", en="economic hardship"))]
    cases = [case("a1", "S1", "economic"), case("a2", "S2", "secret-marker")]
    with pytest.raises(RecordError) as caught:
        summarise_cases(cases, plans=plans, as_of=dt.date(2022, 1, 1))
    assert caught.value.problems == ((("cases", 1, "category"), "is none of the plans: economic"),)
    assert "secret-marker" not in str(caught.value)
