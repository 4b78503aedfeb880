"""Indexed and short-cut paths of the mechanisms, each against a straightforward version.

The mechanisms index the records once per call (events by kind, people by role, contacts by
date), skip the records that cannot count and take short cuts for the usual case (ASCII
headings, no duplicates, facts already typed). Each test here writes the plain version out,
as the rule reads, and checks that the mechanism gives exactly what it gives.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import InputError, Path
from branchkit.framework.builtin_sources import BUILTIN_SOURCES
from branchkit.framework.indicators import Selector
from branchkit.framework.model import Area, Framework, Practice
from branchkit.framework.sources import SourceContext
from branchkit.io.names import _INVISIBLE, _SPACE_BY_CJK, normalise_name
from branchkit.mechanisms.contacts.network import Coverage, Tier, _overdue
from branchkit.mechanisms.obligations import Obligation, Outcome, check_obligations, credited
from branchkit.mechanisms.obligations.compliance import deciding_day, judged_periods
from branchkit.mechanisms.staging import Candidate, FactValue, build_contexts, prepare_candidates
from branchkit.mechanisms.staging.facts import coerce_fact
from branchkit.mechanisms.targets import Measure, Target, counts_towards, evaluate_targets
from branchkit.records import (
    Dataset,
    Event,
    Evidence,
    Label,
    Membership,
    Period,
    PeriodKind,
    Person,
    RoleSpan,
)
from branchkit.records._checks import duplicate_problems, first_at_index, within_span
from tests import strategies
from tests.staging_support import FACTS, make_scheme

LABEL = Label(zh="标签", en="label")
#: A few of each, so that the records drawn share them.
KINDS = ("talk", "visit", "meeting")
ROLES = ("member", "secretary", "teacher")
PEOPLE = ("P1", "P2", "P3", "P4")
UNITS = ("u1", "u2", "u3")
#: Days of two years, often a month's first or last, where the rules' bounds are.
DAYS = st.one_of(
    st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2022, 12, 31)),
    st.builds(dt.date, st.sampled_from([2021, 2022]), st.integers(1, 12), st.just(1)),
    st.builds(
        lambda year, month: Period.month(year, month).end,
        st.sampled_from([2021, 2022]),
        st.integers(1, 12),
    ),
)


@st.composite
def _span(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    first, second = sorted([draw(DAYS), draw(DAYS)])
    return draw(st.none() | st.just(first)), draw(st.none() | st.just(second))


@st.composite
def _person(draw: st.DrawFn, person_id: str) -> Person:
    roles = []
    for role in draw(st.lists(st.sampled_from(ROLES), max_size=4)):
        start, end = draw(_span())
        roles.append(RoleSpan(role=role, start=start, end=end))
    joined = []
    for unit in draw(st.lists(st.sampled_from(UNITS), max_size=3)):
        start, end = draw(_span())
        joined.append(Membership(unit=unit, start=start, end=end))
    return Person(id=person_id, name="某人", roles=tuple(roles), memberships=tuple(joined))


@st.composite
def _people(draw: st.DrawFn) -> list[Person]:
    ids = draw(st.lists(st.sampled_from(PEOPLE), unique=True))
    return [draw(_person(person_id)) for person_id in ids]


@st.composite
def _events(draw: st.DrawFn) -> list[Event]:
    found = []
    for index in range(draw(st.integers(0, 12))):
        found.append(
            Event(
                id=f"e{index}",
                kind=draw(st.sampled_from(KINDS)),
                date=draw(DAYS),
                participants=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=4))),
                units=tuple(draw(st.lists(st.sampled_from(UNITS), max_size=2))),
                partners=tuple(draw(st.lists(st.sampled_from(("b1", "b2")), max_size=2))),
                audience=tuple(draw(st.lists(st.sampled_from(("town", "school")), max_size=2))),
                counts=draw(st.dictionaries(st.just("person_times"), st.integers(0, 9))),
            )
        )
    return draw(st.permutations(found))


# --- names and checks ------------------------------------------------------------------------


def plain_normalise(name: str) -> str:
    """:func:`normalise_name` as its rule reads, for every name."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", name))
    text = re.sub(r"\s+", " ", text).strip()
    return _SPACE_BY_CJK.sub("", text).casefold()


@given(st.text(st.characters(max_codepoint=127)) | st.text())
def test_a_name_is_normalised_as_the_rule_reads(name: str) -> None:
    assert normalise_name(name) == plain_normalise(name)


def plain_duplicates(name: str, items: Sequence[str], field: str) -> Iterator[tuple[Path, str]]:
    first_seen: dict[str, int] = {}
    for index, value in enumerate(items):
        if value in first_seen:
            where = first_at_index(name, first_seen[value], index)
            yield (name, index, field), f"duplicate {value!r} ({where})"
        else:
            first_seen[value] = index


@given(st.lists(st.sampled_from("abcd")))
def test_duplicates_are_those_an_earlier_item_has(values: list[str]) -> None:
    found = list(duplicate_problems("things", values, lambda value: value, "id"))
    assert found == list(plain_duplicates("things", values, "id"))


# --- people ----------------------------------------------------------------------------------


@given(strategies.people(), strategies.dates(), strategies.keys())
def test_roles_and_units_on_a_day_are_those_of_the_spans(
    person: Person, day: dt.date, other: str
) -> None:
    for role in {other, *(span.role for span in person.roles)}:
        held = any(span.role == role and span.active_on(day) for span in person.roles)
        assert person.holds(role, day) is held
    assert person.roles_on(day) == {span.role for span in person.roles if span.active_on(day)}
    assert person.units_on(day) == {m.unit for m in person.memberships if m.active_on(day)}


# --- staging ---------------------------------------------------------------------------------

_SCHEME = make_scheme()
_TYPED: dict[str, Any] = {
    "activist_date": st.dates() | st.sampled_from(["2021-03-01", " 2021-03-01"]),
    "exam_score": st.integers(-5, 100) | st.sampled_from(["7", " 8 ", decimal.Decimal("9")]),
    "literacy": st.decimals(allow_nan=False, allow_infinity=False, places=2)
    | st.integers(0, 9)
    | st.sampled_from(["3.5", 2.5]),
    "recommended": st.booleans() | st.sampled_from(["是", "no"]),
    "political_status": st.sampled_from(["团员", " 群众", "群众 "]),
    "contact_persons": st.sampled_from([("T1",), ("T1", "T2"), "T1；T2", [" T3"]]),
}


@st.composite
def _candidates(draw: st.DrawFn) -> list[Candidate]:
    found = []
    for person_id in draw(st.lists(st.sampled_from(PEOPLE), max_size=4)):
        keys = draw(st.lists(st.sampled_from(sorted(_TYPED)), unique=True))
        facts: dict[str, FactValue] = {key: draw(_TYPED[key]) for key in keys}
        found.append(Candidate(id=person_id, stage="activist", facts=facts))
    return found


def plain_prepare(candidates: list[Candidate]) -> tuple[Candidate, ...]:
    """Every candidate rebuilt with its facts given the declared types (no problems)."""
    declared = {fact.key: fact for fact in FACTS}
    return tuple(
        attrs.evolve(
            candidate,
            facts={
                key: coerce_fact(declared[key], value) for key, value in candidate.facts.items()
            },
        )
        for candidate in candidates
    )


def _shown(candidates: Sequence[Candidate]) -> list[list[tuple[str, type, str]]]:
    # Equal is not enough: 1 == True == Decimal(1), and Decimal("1.0") == Decimal("1").
    return [[(k, type(v), repr(v)) for k, v in c.facts.items()] for c in candidates]


@given(_candidates())
def test_prepared_candidates_are_those_rebuilt_with_typed_facts(
    candidates: list[Candidate],
) -> None:
    try:
        expected = plain_prepare(candidates)
    except ValueError:
        expected = None
    try:
        found = prepare_candidates(_SCHEME, candidates)
    except InputError:
        assert expected is None or len({c.id for c in candidates}) < len(candidates)
        return
    assert expected is not None
    assert found == expected
    assert _shown(found) == _shown(expected)


@given(_candidates(), _events(), st.data())
def test_contexts_hold_each_candidates_own_records(
    candidates: list[Candidate], events: list[Event], data: st.DataObject
) -> None:
    unique = list({candidate.id: candidate for candidate in candidates}.values())
    evidence = [
        Evidence(id=event.id, kind=event.kind, date=event.date, persons=event.participants)
        for event in data.draw(st.permutations(events))
    ]
    as_of = dt.date(2022, 1, 1)
    contexts = build_contexts(_SCHEME, unique, as_of=as_of, events=events, evidence=evidence)
    assert [context.candidate for context in contexts] == sorted(unique, key=lambda c: c.id)
    for context in contexts:
        own = context.candidate.id
        assert context.events == tuple(
            sorted((e for e in events if own in e.participants), key=lambda e: (e.date, e.id))
        )
        assert context.evidence == tuple(
            sorted((e for e in evidence if own in e.persons), key=lambda e: (e.date, e.id))
        )


# --- obligations and outcomes ----------------------------------------------------------------


def plain_compliance(
    duty: Obligation, people: list[Person], events: list[Event], period: Period, as_of: dt.date
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each person-period owed, with the events counted, as the rules of the module read."""
    found = []
    for part in judged_periods(duty.every, period, as_of):
        day = deciding_day(part, as_of)
        if not within_span(day, duty.start, duty.end):
            continue
        for person in sorted(people, key=lambda p: p.id):
            if not person.holds(duty.role, day):
                continue
            counted = [
                event.id
                for event in sorted(events, key=lambda e: (e.date, e.id))
                if event.kind == duty.event_kind
                and person.id in event.participants
                and event.date <= as_of
                and part.contains(event.date)
            ]
            found.append((person.id, part.key, tuple(counted)))
    return sorted(found, key=lambda record: (record[0], Period.parse(record[1]).end))


@settings(max_examples=60, deadline=None)
@given(
    _people(),
    _events(),
    st.lists(
        st.tuples(st.sampled_from(ROLES), st.sampled_from(KINDS), _span()), min_size=1, max_size=3
    ),
    DAYS,
)
def test_obligations_count_what_the_rules_count(
    people: list[Person],
    events: list[Event],
    duties: list[tuple[str, str, tuple[dt.date | None, dt.date | None]]],
    as_of: dt.date,
) -> None:
    obligations = [
        Obligation(
            key=f"duty-{index}",
            label=LABEL,
            role=role,
            event_kind=kind,
            every=PeriodKind.QUARTER,
            start=start,
            end=end,
        )
        for index, (role, kind, (start, end)) in enumerate(duties)
    ]
    period = Period.containing(as_of, PeriodKind.ACADEMIC_YEAR)
    summaries = check_obligations(
        obligations, people=people, events=events, period=period, as_of=as_of
    )
    for duty, summary in zip(obligations, summaries, strict=True):
        found = [(r.person, r.period, r.events) for r in summary.records]
        assert found == plain_compliance(duty, people, events, period, as_of)


_OUTCOMES = {source.key: source for source in BUILTIN_SOURCES}["outcomes"]
FRAMEWORK = Framework(
    key="demo",
    label=LABEL,
    organisation=LABEL,
    areas=(
        Area(
            key="area", label=LABEL, approach=LABEL, practices=(Practice(key="work", label=LABEL),)
        ),
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    _people(),
    st.lists(
        st.tuples(
            st.sampled_from(KINDS),
            DAYS,
            st.lists(st.sampled_from(PEOPLE), max_size=2),
            st.integers(1, 5),
        ),
        max_size=8,
    ),
    st.lists(st.sampled_from(KINDS), max_size=3),
    st.none() | st.sampled_from(ROLES),
    st.booleans(),
)
def test_outcomes_counted_are_those_chosen_one_by_one(
    people: list[Person],
    drawn: list[tuple[str, dt.date, list[str], int]],
    kinds: list[str],
    role: str | None,
    lead: bool,
) -> None:
    outcomes = tuple(
        Outcome(id=f"o{index}", kind=kind, date=date, persons=tuple(persons), count=count)
        for index, (kind, date, persons, count) in enumerate(drawn)
    )
    context = SourceContext(
        framework=FRAMEWORK,
        dataset=Dataset(people=tuple(people)),
        sections={"outcomes": outcomes},
        period=Period.parse("2021-2022"),
        as_of=dt.date(2022, 6, 30),
    )
    select = Selector(kinds=tuple(kinds), role=role, lead=lead and role is not None)
    end = context.end
    holders = {p.id for p in people if role is not None and p.holds(role, end)}

    def chosen(outcome: Outcome) -> bool:
        if not context.period.start <= outcome.date <= end:
            return False
        if kinds and outcome.kind not in kinds:
            return False
        if role is None:
            return True
        if select.lead:
            return bool(outcome.persons) and outcome.persons[0] in holders
        return credited(outcome, persons=holders)

    found = [outcome for outcome in outcomes if chosen(outcome)]
    measured = _OUTCOMES.measure(context, select)
    assert measured.value == sum(outcome.count for outcome in found)
    assert measured.records == tuple(sorted(outcome.id for outcome in found))


# --- targets ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    _events(),
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(KINDS), unique=True, max_size=3),
            st.sampled_from(list(Measure)),
            st.lists(st.sampled_from(("b1", "b2")), unique=True, max_size=2),
        ),
        min_size=1,
        max_size=4,
    ),
    DAYS,
)
def test_targets_count_the_events_that_count_towards_them(
    events: list[Event],
    drawn: list[tuple[list[str], Measure, list[str]]],
    as_of: dt.date,
) -> None:
    targets = [
        Target(
            key=f"t{index}",
            label=LABEL,
            event_kinds=tuple(kinds),
            measure=measure,
            partners=tuple(partners),
        )
        for index, (kinds, measure, partners) in enumerate(drawn)
    ]
    period = Period.containing(as_of, PeriodKind.YEAR)
    log = sorted(events, key=lambda e: (e.date, e.id))
    for progress, target in zip(
        evaluate_targets(targets, events=events, period=period, as_of=as_of), targets, strict=True
    ):
        counted = [e for e in log if counts_towards(target, e, period, as_of)]
        assert progress.events == tuple(e.id for e in counted)
        (alone,) = evaluate_targets([target], events=counted, period=period, as_of=as_of)
        assert progress == alone


# --- contacts --------------------------------------------------------------------------------


def plain_overdue(
    tier: Tier,
    coverage: Sequence[Coverage],
    events: Sequence[Event],
    *,
    day: dt.date,
    since: dt.date,
    covered_from: dict[str, dt.date],
) -> list[tuple[str, str, dt.date | None]]:
    """Each covered target's periods with no contact, as the rules of the module read."""
    every = tier.contact_every
    assert every is not None
    periods = []
    period = Period.containing(since, every)
    while period.end < day:
        periods.append(period)
        period = Period.containing(period.end + dt.timedelta(days=1), every)
    found = []
    for entry in coverage:
        if not entry.covered:
            continue
        dates = sorted(
            event.date
            for event in events
            if event.kind == tier.contact_kind and event.date <= day
            for target in (event.participants if tier.covers_people else event.units)
            if target == entry.target
        )
        first = covered_from.get(entry.target, dt.date.min)
        for period in periods:
            if period.start >= first and not any(period.contains(date) for date in dates):
                before = [date for date in dates if date <= period.end]
                found.append((entry.target, period.key, before[-1] if before else None))
    return found


@st.composite
def _tiers(draw: st.DrawFn) -> Tier:
    people = draw(st.booleans())
    return Tier(
        key="tier",
        label=LABEL,
        holder_role="member",
        unit_kind=None if people else "dorm",
        person_role="student" if people else None,
        contact_kind="talk",
        contact_every=draw(st.sampled_from([PeriodKind.MONTH, PeriodKind.QUARTER])),
    )


@st.composite
def _coverage(draw: st.DrawFn) -> list[Coverage]:
    covered = draw(st.sets(st.sampled_from(PEOPLE + UNITS)))
    return [
        Coverage(target=target, holders=(), covered=target in covered)
        for target in (PEOPLE + UNITS)
    ]


@settings(max_examples=80, deadline=None)
@given(
    _tiers(),
    _coverage(),
    _events(),
    st.dictionaries(st.sampled_from(PEOPLE + UNITS), DAYS),
    st.tuples(DAYS, DAYS),
)
def test_contacts_overdue_are_the_periods_without_one(
    tier: Tier,
    coverage: list[Coverage],
    events: list[Event],
    covered_from: dict[str, dt.date],
    days: tuple[dt.date, dt.date],
) -> None:
    since, day = days
    found = _overdue(tier, coverage, events, day, since, covered_from=covered_from)
    assert [(o.target, o.period, o.last_contact) for o in found] == plain_overdue(
        tier, coverage, events, day=day, since=since, covered_from=covered_from
    )
