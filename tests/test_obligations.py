"""Periodic obligations: compliance by hand at the edges of periods, and by brute force."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.obligations import (
    Compliance,
    Obligation,
    ObligationSummary,
    PersonCompliance,
    check_obligations,
    compliance_by_person,
    judged_periods,
)
from branchkit.records import Event, Label, Period, PeriodKind, Person, RoleSpan

D = dt.date
LESSON = Obligation(
    key="lesson",
    label=Label(zh="每季度一次示范课", en="a demonstration lesson a quarter"),
    role="benchmark_member",
    event_kind="demonstration_lesson",
)
YEAR_END = D(2022, 12, 31)
REVIEWS = Obligation(
    key="reviews",
    label=Label(zh="每学期两次听评课", en="two lesson reviews a semester"),
    role="young_teacher",
    event_kind="lesson_review",
    at_least=2,
    every=PeriodKind.SEMESTER,
)


def holder(
    person_id: str,
    role: str = "benchmark_member",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Person:
    return Person(
        id=person_id, name=f"教师{person_id}", roles=(RoleSpan(role=role, start=start, end=end),)
    )


def lesson(event_id: str, day: dt.date, *people: str, kind: str = "demonstration_lesson") -> Event:
    return Event(id=event_id, kind=kind, date=day, participants=people)


def judge(
    events: list[Event],
    people: list[Person] | None = None,
    *,
    duty: Obligation = LESSON,
    period: str = "2022",
    as_of: dt.date = YEAR_END,
) -> ObligationSummary:
    (summary,) = check_obligations(
        [duty],
        people=people if people is not None else [holder("T1")],
        events=events,
        period=Period.parse(period),
        as_of=as_of,
    )
    return summary


def table(summary: ObligationSummary) -> list[tuple[str, str, int, bool, bool]]:
    return [(r.person, r.period, r.done, r.met, r.closed) for r in summary.records]


# --- the edges of a period, by hand -------------------------------------------------------


def test_an_event_on_the_last_day_of_a_quarter_counts_for_that_quarter() -> None:
    summary = judge([lesson("e1", D(2022, 3, 31), "T1")], period="2022-Q1", as_of=D(2022, 4, 1))
    assert table(summary) == [("T1", "2022-Q1", 1, True, True)]
    assert summary.records[0].events == ("e1",)
    assert summary.records[0].due == D(2022, 3, 31)


def test_an_event_on_the_first_day_of_the_next_quarter_does_not() -> None:
    summary = judge([lesson("e1", D(2022, 4, 1), "T1")], as_of=D(2022, 6, 30))
    assert table(summary) == [
        ("T1", "2022-Q1", 0, False, True),
        ("T1", "2022-Q2", 1, True, True),
    ]
    assert [(c.period, c.done, c.required) for c in summary.overdue] == [("2022-Q1", 0, 1)]


def test_an_event_after_the_day_judged_does_not_count() -> None:
    events = [lesson("e1", D(2022, 5, 21), "T1")]
    summary = judge(events, period="2022-Q2", as_of=D(2022, 5, 20))
    # Still running and not met: pending, not overdue.
    assert table(summary) == [("T1", "2022-Q2", 0, False, False)]
    assert summary.overdue == ()
    assert table(judge(events, period="2022-Q2", as_of=D(2022, 5, 21))) == [
        ("T1", "2022-Q2", 1, True, False)
    ]


def test_a_period_ending_on_the_day_judged_is_closed() -> None:
    on_the_day = judge([], period="2022-Q1", as_of=D(2022, 3, 31))
    assert table(on_the_day) == [("T1", "2022-Q1", 0, False, True)]
    assert [c.period for c in on_the_day.overdue] == ["2022-Q1"]
    the_day_before = judge([], period="2022-Q1", as_of=D(2022, 3, 30))
    assert table(the_day_before) == [("T1", "2022-Q1", 0, False, False)]
    assert the_day_before.overdue == ()


def test_only_periods_begun_by_the_day_judged_are_judged() -> None:
    summary = judge([lesson("e1", D(2022, 4, 1), "T1")], as_of=D(2022, 4, 1))
    assert table(summary) == [("T1", "2022-Q1", 0, False, True), ("T1", "2022-Q2", 1, True, False)]
    assert judge([], period="2022-Q3", as_of=D(2022, 6, 30)).records == ()


def test_periods_partly_inside_the_period_looked_at_are_judged_whole() -> None:
    year = Period.parse("2021-2022")
    assert [p.key for p in judged_periods(PeriodKind.QUARTER, year, D(2023, 1, 1))] == [
        "2021-Q3", "2021-Q4", "2022-Q1", "2022-Q2", "2022-Q3",
    ]  # fmt: skip
    # A lesson in July 2021 is in 2021-Q3, which overlaps the academic year 2021-2022.
    summary = judge([lesson("e1", D(2021, 7, 5), "T1")], period="2021-2022", as_of=D(2021, 10, 1))
    assert table(summary) == [("T1", "2021-Q3", 1, True, True), ("T1", "2021-Q4", 0, False, False)]


def test_semesters_and_months() -> None:
    events = [
        lesson("r1", D(2022, 1, 31), "Y1", kind="lesson_review"),
        lesson("r2", D(2022, 2, 1), "Y1", kind="lesson_review"),
        lesson("r3", D(2022, 8, 31), "Y1", kind="lesson_review"),
    ]
    summary = judge(
        events, [holder("Y1", "young_teacher")], duty=REVIEWS, period="2021-2022",
        as_of=D(2022, 9, 1),
    )  # fmt: skip
    assert table(summary) == [
        ("Y1", "2021-2022-1", 1, False, True),
        ("Y1", "2021-2022-2", 2, True, True),
    ]
    monthly = attrs.evolve(LESSON, every=PeriodKind.MONTH)
    months = judge([lesson("e1", D(2022, 2, 28), "T1")], duty=monthly, period="2022-Q1")
    assert table(months) == [
        ("T1", "2022-01", 0, False, True),
        ("T1", "2022-02", 1, True, True),
        ("T1", "2022-03", 0, False, True),
    ]


# --- who owes a period ----------------------------------------------------------------------


def test_someone_who_takes_the_role_mid_period_owes_the_whole_period() -> None:
    # T2 became a benchmark member on 2022-02-15; the lesson of 2022-01-20 still counts.
    people = [holder("T2", start=D(2022, 2, 15))]
    summary = judge([lesson("e1", D(2022, 1, 20), "T2")], people, as_of=D(2022, 6, 30))
    assert table(summary) == [("T2", "2022-Q1", 1, True, True), ("T2", "2022-Q2", 0, False, True)]


def test_someone_who_gives_up_the_role_before_the_last_day_owes_nothing_for_it() -> None:
    people = [holder("T3", end=D(2022, 3, 30)), holder("T4", end=D(2022, 3, 31))]
    summary = judge([], people, as_of=D(2022, 6, 30))
    assert [(r.person, r.period) for r in summary.records] == [("T4", "2022-Q1")]


def test_a_running_period_is_owed_by_whoever_holds_the_role_on_the_day_judged() -> None:
    people = [holder("T1", end=D(2022, 5, 1)), holder("T2", start=D(2022, 5, 20))]
    summary = judge([], people, period="2022-Q2", as_of=D(2022, 5, 20))
    assert [(r.person, r.closed) for r in summary.records] == [("T2", False)]


def test_the_obligations_own_start_and_end_are_respected() -> None:
    # In force from 2022-02-15 to 2022-06-29: Q1 is owed (in force on its last day), Q2 is not.
    dated = attrs.evolve(LESSON, start=D(2022, 2, 15), end=D(2022, 6, 29))
    summary = judge([lesson("e1", D(2022, 1, 3), "T1")], duty=dated)
    assert table(summary) == [("T1", "2022-Q1", 1, True, True)]
    # Ending on a quarter's last day, it is owed for that quarter.
    to_june = attrs.evolve(LESSON, end=D(2022, 6, 30))
    assert [r.period for r in judge([], duty=to_june).records] == ["2022-Q1", "2022-Q2"]
    # Not yet in force on the day judged: the running quarter is not owed.
    later = attrs.evolve(LESSON, start=D(2022, 5, 1))
    assert judge([], duty=later, period="2022-Q2", as_of=D(2022, 4, 30)).records == ()


# --- what counts ------------------------------------------------------------------------------


def test_only_participants_and_the_obligations_kind_count_and_each_event_once() -> None:
    events = [
        lesson("e1", D(2022, 2, 1), "T1", "T1"),  # listed twice: one lesson
        lesson("e2", D(2022, 2, 2), "T2"),  # someone else's
        lesson("e3", D(2022, 2, 3), "T1", kind="lesson_review"),  # another kind
    ]
    twice = attrs.evolve(LESSON, at_least=2)
    summary = judge(events, duty=twice, period="2022-Q1")
    assert table(summary) == [("T1", "2022-Q1", 1, False, True)]
    assert summary.records[0].events == ("e1",)


def test_events_are_listed_by_date_then_id() -> None:
    events = [
        lesson("b", D(2022, 2, 1), "T1"),
        lesson("a", D(2022, 2, 1), "T1"),
        lesson("c", D(2022, 1, 5), "T1"),
    ]
    assert judge(events, period="2022-Q1").records[0].events == ("c", "a", "b")


def test_summary_and_totals_by_hand() -> None:
    people = [holder("T2"), holder("T1"), holder("Y1", "young_teacher")]
    events = [
        lesson("e1", D(2022, 1, 10), "T1", "T2"),
        lesson("e2", D(2022, 4, 10), "T2"),
        lesson("e3", D(2022, 7, 10), "T1"),
        lesson("r1", D(2022, 3, 1), "Y1", kind="lesson_review"),
    ]
    summaries = check_obligations(
        [REVIEWS, LESSON], people=people, events=events, period=Period.parse("2022"),
        as_of=D(2022, 8, 15),
    )  # fmt: skip
    assert [s.obligation for s in summaries] == ["lesson", "reviews"]
    lessons, reviews = summaries
    assert (lessons.people, lessons.owed, lessons.met) == (2, 6, 4)
    assert [(c.person, c.period) for c in lessons.overdue] == [("T1", "2022-Q2")]
    assert [(r.person, r.period) for r in lessons.records] == [
        ("T1", "2022-Q1"), ("T1", "2022-Q2"), ("T1", "2022-Q3"),
        ("T2", "2022-Q1"), ("T2", "2022-Q2"), ("T2", "2022-Q3"),
    ]  # fmt: skip
    # The semester 2021-2022-2 runs to 2022-08-31, so Y1's shortfall is not overdue yet; the
    # semester 2021-2022-1 ended on 2022-01-31 without a review.
    assert [(r.period, r.done, r.closed) for r in reviews.records] == [
        ("2021-2022-1", 0, True),
        ("2021-2022-2", 1, False),
    ]
    assert compliance_by_person(summaries) == (
        PersonCompliance(obligation="lesson", person="T1", owed=3, met=2, overdue=1, pending=0,
                         done=2),
        PersonCompliance(obligation="lesson", person="T2", owed=3, met=2, overdue=0, pending=1,
                         done=2),
        PersonCompliance(obligation="reviews", person="Y1", owed=2, met=0, overdue=1, pending=1,
                         done=1),
    )  # fmt: skip


def test_overdue_is_by_due_day_then_person() -> None:
    people = [holder("T2"), holder("T1", end=D(2022, 3, 31))]
    summary = judge([], people, period="2022", as_of=D(2022, 7, 1))
    assert [(c.due, c.person) for c in summary.overdue] == [
        (D(2022, 3, 31), "T1"),
        (D(2022, 3, 31), "T2"),
        (D(2022, 6, 30), "T2"),
    ]


def test_duplicates_are_refused() -> None:
    with pytest.raises(RecordError, match=r"\$\.obligations\[1\]\.key: duplicate 'lesson'"):
        check_obligations(
            [LESSON, LESSON], people=[], events=[], period=Period.parse("2022"), as_of=D(2022, 1, 1)
        )
    with pytest.raises(RecordError, match=r"\$\.people\[1\]\.id: duplicate 'T1'"):
        judge([], [holder("T1"), holder("T1")])
    with pytest.raises(RecordError, match=r"\$\.events\[1\]\.id: duplicate 'e1'"):
        judge([lesson("e1", D(2022, 1, 1), "T1"), lesson("e1", D(2022, 2, 1), "T1")])


def test_a_compliance_is_overdue_when_closed_and_not_met() -> None:
    base = Compliance(
        obligation="lesson", person="T1", period="2022-Q1", due=D(2022, 3, 31), required=1,
        done=0, events=(), met=False, closed=True,
    )  # fmt: skip
    assert base.overdue
    assert not attrs.evolve(base, closed=False).overdue
    assert not attrs.evolve(base, met=True, done=1, events=("e1",)).overdue


# --- properties -----------------------------------------------------------------------------

PEOPLE_IDS = ("P1", "P2", "P3", "P4")
ROLES = ("benchmark_member", "young_teacher")
KINDS = ("demonstration_lesson", "lesson_review")
FIRST, LAST = D(2021, 6, 1), D(2023, 6, 30)
days = st.dates(min_value=FIRST, max_value=LAST)


@st.composite
def spans(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    first, second = sorted([draw(days), draw(days)])
    return draw(st.none() | st.just(first)), draw(st.none() | st.just(second))


@st.composite
def people_lists(draw: st.DrawFn) -> list[Person]:
    chosen = draw(st.lists(st.sampled_from(PEOPLE_IDS), unique=True))
    found = []
    for person in chosen:
        roles = []
        for _ in range(draw(st.integers(0, 2))):
            start, end = draw(spans())
            roles.append(RoleSpan(role=draw(st.sampled_from(ROLES)), start=start, end=end))
        found.append(Person(id=person, name=f"教师{person}", roles=tuple(roles)))
    return found


@st.composite
def event_lists(draw: st.DrawFn) -> list[Event]:
    count = draw(st.integers(0, 12))
    return [
        Event(
            id=f"e{index:02d}",
            kind=draw(st.sampled_from(KINDS)),
            date=draw(days),
            participants=tuple(draw(st.lists(st.sampled_from(PEOPLE_IDS), max_size=3))),
        )
        for index in range(count)
    ]


@st.composite
def obligation_lists(draw: st.DrawFn) -> list[Obligation]:
    found = []
    for index in range(draw(st.integers(1, 3))):
        start, end = draw(spans())
        found.append(
            Obligation(
                key=f"duty{index}",
                label=Label(zh=f"任务{index}", en=f"duty {index}"),
                role=draw(st.sampled_from(ROLES)),
                event_kind=draw(st.sampled_from(KINDS)),
                at_least=draw(st.integers(1, 3)),
                every=draw(st.sampled_from([k for k in PeriodKind if k is not PeriodKind.CUSTOM])),
                start=start,
                end=end,
            )
        )
    return found


looked_at = st.sampled_from(
    [Period.parse(key) for key in ("2021-2022", "2022", "2022-Q1", "2021-2022-2", "2022-07")]
)


@settings(max_examples=150, deadline=None)
@given(
    duties=obligation_lists(),
    people=people_lists(),
    events=event_lists(),
    period=looked_at,
    as_of=days,
    rng=st.randoms(),
)
def test_the_same_inputs_in_any_order_give_the_same_result(
    *,
    duties: list[Obligation],
    people: list[Person],
    events: list[Event],
    period: Period,
    as_of: dt.date,
    rng: random.Random,
) -> None:
    first = check_obligations(duties, people=people, events=events, period=period, as_of=as_of)
    shuffled = [
        attrs.evolve(
            event, participants=tuple(rng.sample(event.participants, k=len(event.participants)))
        )
        for event in rng.sample(events, k=len(events))
    ]
    again = check_obligations(
        rng.sample(duties, k=len(duties)),
        people=rng.sample(people, k=len(people)),
        events=shuffled,
        period=period,
        as_of=as_of,
    )
    assert again == first
    assert compliance_by_person(again) == compliance_by_person(first)


@settings(max_examples=150, deadline=None)
@given(
    duties=obligation_lists(),
    people=people_lists(),
    events=event_lists(),
    period=looked_at,
    as_of=days,
)
def test_compliance_equals_brute_force(
    *,
    duties: list[Obligation],
    people: list[Person],
    events: list[Event],
    period: Period,
    as_of: dt.date,
) -> None:
    summaries = check_obligations(duties, people=people, events=events, period=period, as_of=as_of)
    by_key = {duty.key: duty for duty in duties}
    for summary in summaries:
        duty = by_key[summary.obligation]
        expected: set[tuple[str, str]] = set()
        # Every period of the kind, day by day: one that overlaps the period looked at, has
        # begun by the day judged, and whose deciding day falls in the obligation's span.
        day = period.start - dt.timedelta(days=400)
        while day <= period.end:
            part = Period.containing(day, duty.every)
            decides = min(part.end, as_of)
            if (
                part.overlaps(period)
                and part.start <= as_of
                and (duty.start is None or duty.start <= decides)
                and (duty.end is None or decides <= duty.end)
            ):
                expected.update(
                    (person.id, part.key) for person in people if person.holds(duty.role, decides)
                )
            day += dt.timedelta(days=1)
        assert {(r.person, r.period) for r in summary.records} == expected
        for record in summary.records:
            part = Period.parse(record.period)
            counted = sorted(
                (event.date, event.id)
                for event in events
                if event.kind == duty.event_kind
                and record.person in event.participants
                and part.contains(event.date)
                and event.date <= as_of
            )
            assert record.events == tuple(event_id for _, event_id in counted)
            # Never an event twice: done is the number of distinct events.
            assert record.done == len(set(record.events)) == len(record.events)
            assert record.met == (record.done >= duty.at_least)
            assert record.closed == (part.end <= as_of)
            assert record.due == part.end
        assert summary.owed == len(summary.records)
        assert summary.met == sum(r.met for r in summary.records)
        assert summary.overdue == tuple(
            sorted((r for r in summary.records if r.overdue), key=lambda r: (r.due, r.person))
        )
        # An event counts in one period only, for each person.
        seen = [(r.person, e) for r in summary.records for e in r.events]
        assert len(seen) == len(set(seen))


@settings(max_examples=150, deadline=None)
@given(
    duties=obligation_lists(),
    people=people_lists(),
    events=event_lists(),
    more=event_lists(),
    period=looked_at,
    as_of=days,
)
def test_adding_events_never_turns_a_met_period_unmet(
    *,
    duties: list[Obligation],
    people: list[Person],
    events: list[Event],
    more: list[Event],
    period: Period,
    as_of: dt.date,
) -> None:
    before = check_obligations(duties, people=people, events=events, period=period, as_of=as_of)
    extra = [attrs.evolve(event, id=f"x{event.id}") for event in more]
    after = check_obligations(
        duties, people=people, events=[*events, *extra], period=period, as_of=as_of
    )
    for old, new in zip(before, after, strict=True):
        assert [(r.person, r.period) for r in old.records] == [
            (r.person, r.period) for r in new.records
        ]
        for was, now in zip(old.records, new.records, strict=True):
            assert now.done >= was.done
            assert now.met or not was.met
        assert len(new.overdue) <= len(old.overdue)
