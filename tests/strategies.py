"""Hypothesis strategies that build valid records of every public type.

Every strategy here produces records that their constructors accept: keys match the key
pattern, texts are non-empty and not padded, spans end on or after their start, counts are at
least zero, and keys are unique where a record or a dataset requires it. Texts are mostly
Chinese-looking (CJK ideographs) mixed with ASCII; all data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from branchkit.framework.model import Area, Framework, Practice
from branchkit.mechanisms import Award, Outcome, Verdict
from branchkit.records import (
    LANGUAGES,
    VOCABULARIES,
    Dataset,
    Event,
    Evidence,
    Label,
    Membership,
    Period,
    PeriodKind,
    Person,
    RoleSpan,
    Term,
    Unit,
)

__all__ = [
    "areas",
    "awards",
    "custom_periods",
    "datasets",
    "dates",
    "events",
    "evidence_items",
    "frameworks",
    "identifiers",
    "keys",
    "labels",
    "memberships",
    "named_periods",
    "people",
    "periods",
    "practices",
    "role_spans",
    "terms",
    "texts",
    "units",
    "verdicts",
]

#: The earliest and latest days the strategies use (named periods need a year on either side).
FIRST_DAY = dt.date(1000, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_TEXT_CHARACTERS = st.one_of(
    _CJK, _CJK, st.sampled_from(string.ascii_letters + string.digits + " -·（）")
)


def keys(max_words: int = 3) -> st.SearchStrategy[str]:
    """Keys: lower-case ASCII words joined by ``_`` or ``-``, starting with a letter."""
    word = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)
    head = st.text(string.ascii_lowercase, min_size=1, max_size=1)
    tail = st.lists(st.tuples(st.sampled_from("_-"), word), max_size=max_words - 1)
    return st.builds(
        lambda first, rest, parts: first + rest + "".join(sep + w for sep, w in parts),
        head,
        st.text(string.ascii_lowercase + string.digits, max_size=5),
        tail,
    )


def texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Text shown to people: non-empty, not padded with spaces, mostly CJK ideographs."""
    return st.text(_TEXT_CHARACTERS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def identifiers() -> st.SearchStrategy[str]:
    """Identifiers such as student numbers or event ids: ASCII, non-empty, not padded."""
    return st.one_of(
        st.integers(2000000, 2099999).map(str),
        st.builds(lambda prefix, n: f"{prefix}-{n:03d}", keys(max_words=1), st.integers(0, 999)),
    )


def dates() -> st.SearchStrategy[dt.date]:
    """Days between :data:`FIRST_DAY` and :data:`LAST_DAY`."""
    return st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


@st.composite
def _spans(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    first, second = sorted([draw(dates()), draw(dates())])
    start = draw(st.one_of(st.none(), st.just(first)))
    end = draw(st.one_of(st.none(), st.just(second)))
    return start, end


@st.composite
def labels(draw: st.DrawFn) -> Label:
    """A label with both texts."""
    return Label(zh=draw(texts()), en=draw(texts()))


@st.composite
def role_spans(draw: st.DrawFn) -> RoleSpan:
    """A role held over an optional span."""
    start, end = draw(_spans())
    return RoleSpan(role=draw(keys()), start=start, end=end)


@st.composite
def memberships(draw: st.DrawFn, unit_ids: tuple[str, ...] | None = None) -> Membership:
    """A membership of one of ``unit_ids`` (of any identifier when ``None``)."""
    unit = draw(identifiers() if unit_ids is None else st.sampled_from(unit_ids))
    start, end = draw(_spans())
    return Membership(unit=unit, start=start, end=end)


@st.composite
def people(
    draw: st.DrawFn, person_id: str | None = None, unit_ids: tuple[str, ...] | None = None
) -> Person:
    """A person, with ``person_id`` as the id when given.

    Memberships are of ``unit_ids`` (none when it is empty), or of any identifier when ``None``.
    """
    return Person(
        id=person_id if person_id is not None else draw(identifiers()),
        name=draw(texts(max_size=4)),
        roles=tuple(draw(st.lists(role_spans(), max_size=3))),
        memberships=()
        if unit_ids == ()
        else tuple(draw(st.lists(memberships(unit_ids), max_size=2))),
        birth_date=draw(st.none() | dates()),
        id_number=draw(
            st.none()
            | st.text(string.digits, min_size=17, max_size=17).map(lambda digits: digits + "X")
        ),
    )


@st.composite
def units(draw: st.DrawFn, unit_id: str | None = None, parents: tuple[str, ...] = ()) -> Unit:
    """A unit, with ``unit_id`` as the id and one of ``parents`` (or none) as its parent."""
    own = unit_id if unit_id is not None else draw(identifiers())
    parent_choices = [p for p in parents if p != own]
    parent = draw(st.none() | st.sampled_from(parent_choices)) if parent_choices else None
    start, end = draw(_spans())
    return Unit(id=own, kind=draw(keys()), name=draw(texts()), parent=parent, start=start, end=end)


def named_periods() -> st.SearchStrategy[Period]:
    """Periods made by the named constructors, of every named kind."""
    years = st.integers(FIRST_DAY.year, LAST_DAY.year)
    return st.one_of(
        st.builds(Period.academic_year, years),
        st.builds(Period.semester, years, st.sampled_from([1, 2])),
        st.builds(Period.year, years),
        st.builds(Period.quarter, years, st.integers(1, 4)),
        st.builds(Period.month, years, st.integers(1, 12)),
    )


@st.composite
def custom_periods(draw: st.DrawFn) -> Period:
    """A period built directly, of any kind, with any key."""
    start, end = sorted([draw(dates()), draw(dates())])
    return Period(key=draw(texts()), kind=draw(st.sampled_from(PeriodKind)), start=start, end=end)


def periods() -> st.SearchStrategy[Period]:
    """Named and custom periods."""
    return st.one_of(named_periods(), custom_periods())


@st.composite
def events(
    draw: st.DrawFn,
    event_id: str | None = None,
    person_ids: tuple[str, ...] | None = None,
    unit_ids: tuple[str, ...] | None = None,
) -> Event:
    """An event; its participants and units are drawn from the ids given (any when ``None``)."""
    date = draw(dates())
    end_date = draw(st.none() | st.dates(min_value=date, max_value=LAST_DAY))
    return Event(
        id=event_id if event_id is not None else draw(identifiers()),
        kind=draw(keys()),
        date=date,
        end_date=end_date,
        title=draw(st.just("") | texts()),
        participants=_some(draw, person_ids),
        units=_some(draw, unit_ids),
        partners=tuple(draw(st.lists(identifiers(), max_size=2))),
        audience=tuple(draw(st.lists(keys(max_words=1), max_size=2))),
        counts=draw(st.dictionaries(keys(), st.integers(0, 10**6), max_size=4)),
    )


@st.composite
def evidence_items(
    draw: st.DrawFn,
    evidence_id: str | None = None,
    person_ids: tuple[str, ...] | None = None,
    unit_ids: tuple[str, ...] | None = None,
) -> Evidence:
    """Evidence; its persons and units are drawn from the ids given (any when ``None``)."""
    return Evidence(
        id=evidence_id if evidence_id is not None else draw(identifiers()),
        kind=draw(keys()),
        date=draw(dates()),
        reference=draw(st.just("") | texts()),
        count=draw(st.integers(0, 1000)),
        persons=_some(draw, person_ids),
        units=_some(draw, unit_ids),
        note=draw(st.just("") | texts()),
    )


def _some(draw: st.DrawFn, ids: tuple[str, ...] | None) -> tuple[str, ...]:
    if ids is None:
        return tuple(draw(st.lists(identifiers(), max_size=3)))
    if not ids:
        return ()
    return tuple(draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)))


@st.composite
def terms(draw: st.DrawFn, vocabulary: str | None = None) -> Term:
    """A vocabulary term, of one of the core vocabularies unless ``vocabulary`` is given."""
    return Term(
        vocabulary=vocabulary
        if vocabulary is not None
        else draw(st.sampled_from(sorted(VOCABULARIES))),
        key=draw(keys()),
        label=draw(labels()),
        description=draw(st.none() | labels()),
    )


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """A dataset whose cross-record checks all pass.

    Ids are unique per kind of record; each unit's parent is a unit listed before it (so there
    is no cycle); memberships, participants and evidence refer only to units and people that
    exist.
    """
    unit_ids = tuple(draw(st.lists(identifiers(), max_size=4, unique=True)))
    built_units = tuple(
        draw(units(unit_id=unit_id, parents=unit_ids[:index]))
        for index, unit_id in enumerate(unit_ids)
    )
    person_ids = tuple(draw(st.lists(identifiers(), max_size=4, unique=True)))
    built_people = tuple(draw(people(person_id=pid, unit_ids=unit_ids)) for pid in person_ids)
    built_periods = tuple(draw(st.lists(periods(), max_size=3, unique_by=lambda p: p.key)))
    event_ids = draw(st.lists(identifiers(), max_size=3, unique=True))
    built_events = tuple(
        draw(events(event_id=eid, person_ids=person_ids, unit_ids=unit_ids)) for eid in event_ids
    )
    evidence_ids = draw(st.lists(identifiers(), max_size=3, unique=True))
    built_evidence = tuple(
        draw(evidence_items(evidence_id=eid, person_ids=person_ids, unit_ids=unit_ids))
        for eid in evidence_ids
    )
    built_terms = tuple(
        draw(st.lists(terms(), max_size=3, unique_by=lambda t: (t.vocabulary, t.key)))
    )
    return Dataset(
        people=built_people,
        units=built_units,
        periods=built_periods,
        events=built_events,
        evidence=built_evidence,
        terms=built_terms,
    )


@st.composite
def practices(draw: st.DrawFn, key: str | None = None) -> Practice:
    """A practice, called ``key`` when given."""
    return Practice(
        key=key if key is not None else draw(keys()),
        label=draw(labels()),
        summary=draw(st.none() | labels()),
    )


@st.composite
def areas(draw: st.DrawFn, key: str | None = None, practice_keys: tuple[str, ...] = ()) -> Area:
    """An area, called ``key``, whose practices are called ``practice_keys`` when given."""
    if not practice_keys:
        practice_keys = tuple(draw(st.lists(keys(), min_size=1, max_size=3, unique=True)))
    return Area(
        key=key if key is not None else draw(keys()),
        label=draw(labels()),
        approach=draw(labels()),
        practices=tuple(draw(practices(key=k)) for k in practice_keys),
    )


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    """A framework whose area keys are unique, as are its practice keys across all areas."""
    area_keys = draw(st.lists(keys(), min_size=1, max_size=3, unique=True))
    practice_keys = draw(
        st.lists(keys(), min_size=len(area_keys), max_size=len(area_keys) + 4, unique=True)
    )
    # Give each area one practice key, then share the rest out.
    shares: list[list[str]] = [[k] for k in practice_keys[: len(area_keys)]]
    for extra in practice_keys[len(area_keys) :]:
        shares[draw(st.integers(0, len(area_keys) - 1))].append(extra)
    return Framework(
        key=draw(keys()),
        label=draw(labels()),
        organisation=draw(labels()),
        areas=tuple(
            draw(areas(key=k, practice_keys=tuple(share)))
            for k, share in zip(area_keys, shares, strict=True)
        ),
        language=draw(st.sampled_from(LANGUAGES)),
        summary=draw(st.none() | labels()),
    )


@st.composite
def verdicts(draw: st.DrawFn) -> Verdict:
    """A verdict of any outcome."""
    return Verdict(
        outcome=draw(st.sampled_from(Outcome)),
        reason=draw(labels()),
        facts=tuple(draw(st.lists(keys(), max_size=3))),
    )


@st.composite
def awards(draw: st.DrawFn) -> Award:
    """An award of exact (finite, possibly negative) decimal points."""
    return Award(
        points=draw(st.decimals(allow_nan=False, allow_infinity=False)),
        reason=draw(labels()),
        sources=tuple(draw(st.lists(identifiers(), max_size=3))),
    )
