"""Assistance cases: people helped under a plan, their follow-ups, and what they add up to.

A case names the person helped, the units it concerns (their class, their dorm), the holder
responsible, a category (the seed branch has economic hardship, self-management difficulty and
psychological barriers), a plan, dated follow-ups, a status and an outcome. The category, the
plan, the notes and the outcome are sensitive: they stay out of repr and messages.

:func:`summarise_cases` counts, as of a day: the persons helped and the units helped (by unit
kind, such as classes and dorms), per category, per unit and per holder, and the open cases
whose follow-up is overdue.

>>> import datetime as dt
>>> from branchkit.records import Unit
>>> cases = [
...     AssistanceCase(id="a1", category="economic", person="S1", units=("c1", "d1"),
...                    holder="T1", opened=dt.date(2021, 10, 1)),
...     AssistanceCase(id="a2", category="economic", person="S2", units=("c1", "d2"),
...                    holder="T1", opened=dt.date(2021, 10, 8)),
... ]
>>> units = [Unit(id="c1", kind="class", name="金融2101班"),
...          Unit(id="d1", kind="dorm", name="1-101"), Unit(id="d2", kind="dorm", name="1-102")]
>>> summary = summarise_cases(cases, units=units, as_of=dt.date(2022, 6, 30))
>>> summary.persons, dict(summary.units_by_kind)
(2, {'class': 1, 'dorm': 2})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping

import attrs

from branchkit.errors import Path
from branchkit.mechanisms.staging.durations import Duration
from branchkit.records._checks import (
    ensure_valid,
    frozen_mapping,
    key_problems,
    span_problems,
    text_problems,
)
from branchkit.records.labels import Label
from branchkit.records.sensitivity import (
    IDENTIFIER,
    PEOPLE_COUNT,
    SENSITIVE,
    redacted_repr,
)
from branchkit.records.units import Unit

__all__ = [
    "AssistanceCase",
    "AssistancePlan",
    "CaseSummary",
    "FollowUp",
    "OverdueFollowUp",
    "case_problems",
    "follow_up_problems",
    "summarise_cases",
]


@attrs.frozen(kw_only=True)
class AssistancePlan:
    """An assistance plan a framework runs: the category its cases carry.

    The plan itself is public (a branch says it helps students in economic hardship); which
    person is in which plan is what is sensitive, so :attr:`AssistanceCase.category` is.

    :param key: the category's key (``economic``, ``self_management``, ``psychological``).
    :param label: its name.
    :param follow_up_every: how often an open case needs a follow-up, if the plan says.

    >>> plan = AssistancePlan(key="economic", label=Label(zh="经济困难", en="economic hardship"),
    ...                       follow_up_every=Duration(months=1))
    >>> plan.follow_up_every.label.en
    '1 month'
    """

    key: str
    label: Label
    follow_up_every: Duration | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("key", self.key))


@attrs.frozen(kw_only=True)
class FollowUp:
    """One follow-up of a case: a row of its own, so that a table can give it.

    :param case: the case's id.
    :param date: the day it took place.
    :param by: who followed up (a person id); personal.
    :param note: what was done or found; sensitive.
    """

    case: str
    date: dt.date
    by: str = attrs.field(default="", metadata=IDENTIFIER)
    note: str = attrs.field(default="", metadata=SENSITIVE, repr=redacted_repr)


@attrs.frozen(kw_only=True)
class AssistanceCase:
    """A person helped under an assistance plan.

    :param id: the case's identifier.
    :param category: the plan's key (``economic``, ``self_management``, ``psychological``);
        sensitive, because it says why the person needs help.
    :param person: the id of the person helped; personal.
    :param units: the ids of the units the case concerns (the person's class and dorm).
    :param holder: the id of the person responsible; personal.
    :param opened: the day the case was opened.
    :param closed: the day it was closed, while it is open ``None``.
    :param plan: what the help is; sensitive.
    :param outcome: how it ended; sensitive.
    :param services: the kinds of service given (``career_planning``, ``subject_guidance``, ...).
    """

    id: str
    category: str = attrs.field(metadata=SENSITIVE, repr=redacted_repr)
    person: str = attrs.field(metadata=IDENTIFIER)
    units: tuple[str, ...] = ()
    holder: str = attrs.field(default="", metadata=IDENTIFIER)
    opened: dt.date
    closed: dt.date | None = None
    plan: str = attrs.field(default="", metadata=SENSITIVE, repr=redacted_repr)
    outcome: str = attrs.field(default="", metadata=SENSITIVE, repr=redacted_repr)
    services: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("id", self.id)
        # The category's own value stays out of the message: it is sensitive.
        if list(key_problems("category", self.category)):
            yield ("category",), "is not a key (lower-case letters, digits, '_' and '-')"
        yield from text_problems("person", self.person)
        for problem in span_problems(self.opened, self.closed):
            yield ("closed",), problem[1]

    def open_on(self, day: dt.date) -> bool:
        """Whether the case is open on ``day``."""
        return self.opened <= day and (self.closed is None or day <= self.closed)


def case_problems(
    cases: Iterable[AssistanceCase],
    *,
    people: Collection[str],
    units: Collection[str],
    services: Collection[str] | None = None,
) -> Iterator[tuple[Path, str]]:
    """Cases naming people or units that are not on record, or unknown kinds of service.

    Paths are ``("cases", index, field)`` (with the item's index for a list), as the section's
    records are numbered. The person named is an identifier, not a sensitive value, so it may
    be named in the message; the category is not looked at.

    :param cases: the cases.
    :param people: the ids of the people on record.
    :param units: the ids of the units on record.
    :param services: the known kinds of service; ``None`` checks none.

    >>> import datetime as dt
    >>> case = AssistanceCase(id="a1", category="economic", person="S9", units=("c1",),
    ...                       opened=dt.date(2021, 10, 1), services=("tutoring",))
    >>> problems = case_problems([case], people={"S1"}, units={"c1"}, services={"career_planning"})
    >>> for path, message in problems:
    ...     print(path, message)
    ('cases', 0, 'person') no person 'S9'
    ('cases', 0, 'services', 0) unknown service 'tutoring'; known: career_planning
    """
    known = ", ".join(sorted(services)) if services is not None else ""
    for index, case in enumerate(cases):
        if case.person not in people:
            yield ("cases", index, "person"), f"no person {case.person!r}"
        if case.holder and case.holder not in people:
            yield ("cases", index, "holder"), f"no person {case.holder!r}"
        for at, unit in enumerate(case.units):
            if unit not in units:
                yield ("cases", index, "units", at), f"no unit {unit!r}"
        for at, service in enumerate(case.services):
            if services is not None and service not in services:
                yield (
                    ("cases", index, "services", at),
                    f"unknown service {service!r}; known: {known}",
                )


def follow_up_problems(
    cases: Iterable[AssistanceCase], follow_ups: Iterable[FollowUp]
) -> Iterator[tuple[Path, str]]:
    """Follow-ups of no known case, or dated before their case was opened.

    Paths are ``("follow_ups", index, field)``, as the section's records are numbered.
    """
    opened = {case.id: case.opened for case in cases}
    for index, follow_up in enumerate(follow_ups):
        if follow_up.case not in opened:
            yield ("follow_ups", index, "case"), f"no case {follow_up.case!r}"
        elif follow_up.date < opened[follow_up.case]:
            yield ("follow_ups", index, "date"), "is before the case was opened"


def _category_problems(
    cases: Iterable[AssistanceCase], plans: set[str]
) -> Iterator[tuple[Path, str]]:
    known = ", ".join(sorted(plans))
    for index, case in enumerate(cases):
        if case.category not in plans:
            # The category itself stays out of the message: it is sensitive.
            yield ("cases", index, "category"), f"is none of the plans: {known}"


@attrs.frozen(kw_only=True)
class OverdueFollowUp:
    """An open case whose follow-up is overdue.

    :param case: the case's id.
    :param holder: the person responsible; personal.
    :param due: the day the follow-up was due.
    :param last: the last follow-up, if any.
    """

    case: str
    holder: str = attrs.field(metadata=IDENTIFIER)
    due: dt.date
    last: dt.date | None


@attrs.frozen(kw_only=True, unsafe_hash=False)
class CaseSummary:
    """What a set of cases adds up to, as of a day.

    :param as_of: the day.
    :param cases: how many cases were opened on or before the day.
    :param open_cases: how many are open on the day.
    :param persons: how many distinct persons were helped.
    :param units_by_kind: how many distinct units were helped, by unit kind.
    :param persons_by_category: distinct persons per category. Like the other counts of
        people, outputs show a small count as ``"<k"``, since it can point at a person; its
        repr shows none.
    :param persons_by_unit: distinct persons per unit; its repr shows none.
    :param cases_by_holder: cases per holder, by the holder's id (an identifier).
    :param overdue: the open cases whose follow-up is overdue, by due day.
    """

    as_of: dt.date
    cases: int
    open_cases: int
    persons: int = attrs.field(metadata=PEOPLE_COUNT)
    units_by_kind: Mapping[str, int] = attrs.field(converter=frozen_mapping)
    persons_by_category: Mapping[str, int] = attrs.field(
        converter=frozen_mapping, metadata=PEOPLE_COUNT, repr=redacted_repr
    )
    persons_by_unit: Mapping[str, int] = attrs.field(
        converter=frozen_mapping, metadata=PEOPLE_COUNT, repr=redacted_repr
    )
    cases_by_holder: Mapping[str, int] = attrs.field(converter=frozen_mapping, metadata=IDENTIFIER)
    overdue: tuple[OverdueFollowUp, ...]


def summarise_cases(
    cases: Iterable[AssistanceCase],
    follow_ups: Iterable[FollowUp] = (),
    *,
    units: Iterable[Unit] = (),
    plans: Iterable[AssistancePlan] = (),
    as_of: dt.date,
    follow_up_every: Duration | None = None,
) -> CaseSummary:
    """Count the persons and units helped and the overdue follow-ups, as of ``as_of``.

    :param cases: the cases; those opened after ``as_of`` are left out.
    :param follow_ups: the cases' follow-ups; those after ``as_of`` are left out.
    :param units: the units, for their kinds; a case's unit not among them counts under the
        kind ``unknown``.
    :param plans: the plans, for how often each category's open cases need a follow-up; when
        given, every case's category must be one of theirs, so that the counts per category
        name only plans a branch runs openly.
    :param as_of: the day.
    :param follow_up_every: how often an open case needs a follow-up when its plan does not
        say; ``None`` checks none. A case is overdue when its last follow-up (or its opening)
        plus this is before ``as_of``.
    :raises RecordError: for a follow-up of no known case, or before its case was opened, or
        a case whose category is none of ``plans``.
    """
    listed = tuple(cases)
    notes = tuple(follow_ups)
    runs = tuple(plans)
    ensure_valid("cases", follow_up_problems(listed, notes))
    if runs:
        ensure_valid("cases", _category_problems(listed, {plan.key for plan in runs}))
    every = {plan.key: plan.follow_up_every for plan in runs if plan.follow_up_every}
    last: dict[str, dt.date] = {}
    for note in notes:
        if note.date <= as_of and note.date > last.get(note.case, dt.date.min):
            last[note.case] = note.date
    kinds = {unit.id: unit.kind for unit in units}
    counted = sorted((c for c in listed if c.opened <= as_of), key=lambda c: c.id)
    persons: set[str] = set()
    units_helped: dict[str, set[str]] = {}
    by_category: dict[str, set[str]] = {}
    by_unit: dict[str, set[str]] = {}
    by_holder: dict[str, int] = {}
    overdue: list[OverdueFollowUp] = []
    for case in counted:
        persons.add(case.person)
        by_category.setdefault(case.category, set()).add(case.person)
        for unit in case.units:
            units_helped.setdefault(kinds.get(unit, "unknown"), set()).add(unit)
            by_unit.setdefault(unit, set()).add(case.person)
        if case.holder:
            by_holder[case.holder] = by_holder.get(case.holder, 0) + 1
        interval = every.get(case.category, follow_up_every)
        if interval is not None and case.open_on(as_of):
            previous = last.get(case.id)
            due = interval.after(previous or case.opened)
            if due < as_of:
                overdue.append(
                    OverdueFollowUp(case=case.id, holder=case.holder, due=due, last=previous)
                )
    return CaseSummary(
        as_of=as_of,
        cases=len(counted),
        open_cases=sum(case.open_on(as_of) for case in counted),
        persons=len(persons),
        units_by_kind={kind: len(ids) for kind, ids in units_helped.items()},
        persons_by_category={key: len(ids) for key, ids in by_category.items()},
        persons_by_unit={key: len(ids) for key, ids in by_unit.items()},
        cases_by_holder=by_holder,
        overdue=tuple(sorted(overdue, key=lambda item: (item.due, item.case))),
    )
