"""Periodic obligations: who owed which period, what they did, and what is overdue.

:func:`check_obligations` is a pure function of the obligations, the people, the event log, the
period looked at and the day judged (``as_of``). For each obligation it judges the periods of
the obligation's ``every`` kind (calendar quarters, semesters, months, ...) that overlap the
period looked at and begin on or before ``as_of``, by these rules:

* **The deciding day** of a period is its last day, or ``as_of`` for a period still running.
  The period is **closed** when its last day is on or before ``as_of``.
* **Who owes it**: everyone who holds the obligation's role on the deciding day, provided the
  obligation is in force that day (between its ``start`` and ``end``). Someone who takes the
  role mid-period owes that whole period; someone who gives it up before the period's last day
  owes nothing for it. An obligation that begins mid-period is owed for that period; one that
  ends before a period's last day is not.
* **What counts**: an event of the obligation's ``event_kind`` that names the person among its
  participants counts for the period containing its date (its first day), if that date is on or
  before ``as_of``. The period is judged whole: an event earlier in the period than the role or
  the obligation began still counts. An event counts once, however often the person is listed.
* A period partly inside the period looked at is judged whole, under its own key: the same
  ``2021-Q3`` gives the same figures in the reports of both academic years it straddles.

>>> import datetime as dt
>>> from branchkit.mechanisms.obligations import (
...     Obligation, check_obligations, compliance_by_person)
>>> from branchkit.records import Event, Label, Period, Person, RoleSpan
>>> lesson = Obligation(key="lesson", label=Label(zh="每季度示范课", en="a lesson a quarter"),
...                     role="benchmark_member", event_kind="demonstration_lesson")
>>> people = [Person(id="T1", name="李娜", roles=(RoleSpan(role="benchmark_member"),))]
>>> events = [Event(id="e1", kind="demonstration_lesson", date=dt.date(2022, 3, 31),
...                 participants=("T1",)),
...           Event(id="e2", kind="demonstration_lesson", date=dt.date(2022, 7, 1),
...                 participants=("T1",))]
>>> (summary,) = check_obligations([lesson], people=people, events=events,
...                                period=Period.parse("2022"), as_of=dt.date(2022, 8, 15))
>>> [(c.period, c.done, c.met, c.closed) for c in summary.records]
[('2022-Q1', 1, True, True), ('2022-Q2', 0, False, True), ('2022-Q3', 1, True, False)]
>>> [c.period for c in summary.overdue]
['2022-Q2']
>>> [(p.person, p.owed, p.met, p.overdue) for p in compliance_by_person([summary])]
[('T1', 3, 2, 1)]
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence, Set

from branchkit.errors import Path, RecordError
from branchkit.mechanisms.obligations.model import (
    Compliance,
    Obligation,
    ObligationSummary,
    PersonCompliance,
)
from branchkit.records._checks import duplicate_problems, within_span
from branchkit.records.events import Event
from branchkit.records.people import Person
from branchkit.records.periods import Period, PeriodKind

__all__ = ["check_obligations", "compliance_by_person", "deciding_day", "judged_periods"]

_ID = operator.attrgetter("id")


def judged_periods(kind: PeriodKind, period: Period, as_of: dt.date) -> tuple[Period, ...]:
    """The periods of ``kind`` that overlap ``period`` and begin on or before ``as_of``, in order.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.obligations.compliance import judged_periods
    >>> from branchkit.records import Period, PeriodKind
    >>> year = Period.parse("2021-2022")
    >>> [p.key for p in judged_periods(PeriodKind.QUARTER, year, dt.date(2022, 4, 1))]
    ['2021-Q3', '2021-Q4', '2022-Q1', '2022-Q2']

    :param kind: the kind of the periods (not ``custom``).
    :param period: the period looked at.
    :param as_of: the day judged; later periods have not begun.
    """
    found: list[Period] = []
    last = min(period.end, as_of)
    current = Period.containing(period.start, kind)
    while current.start <= last:
        found.append(current)
        current = Period.containing(current.end + dt.timedelta(days=1), kind)
    return tuple(found)


def deciding_day(period: Period, as_of: dt.date) -> dt.date:
    """The day that decides who owes ``period``: its last day, or ``as_of`` while it runs.

    :param period: a period judged.
    :param as_of: the day judged.
    """
    return min(period.end, as_of)


def _input_problems(
    obligations: Sequence[Obligation], people: Sequence[Person], events: Sequence[Event]
) -> list[tuple[Path, str]]:
    return [
        *duplicate_problems("obligations", obligations, lambda duty: duty.key),
        *duplicate_problems("people", people, _ID, "id"),
        *duplicate_problems("events", events, _ID, "id"),
    ]


def _taken_part(
    events: Iterable[Event], as_of: dt.date, kinds: Set[str]
) -> dict[tuple[str, str], list[Event]]:
    """Events of ``kinds`` up to ``as_of`` by kind and participant, each once, by date then id."""
    counted = [event for event in events if event.kind in kinds and event.date <= as_of]
    counted.sort(key=lambda event: (event.date, event.id))
    found: dict[tuple[str, str], list[Event]] = {}
    for event in counted:
        # A person listed twice on one event took part once.
        for person in set(event.participants):
            found.setdefault((event.kind, person), []).append(event)
    return found


def _summary(duty: Obligation, records: list[Compliance]) -> ObligationSummary:
    records.sort(key=lambda record: (record.person, record.due))
    return ObligationSummary(
        obligation=duty.key,
        people=len({record.person for record in records}),
        owed=len(records),
        met=sum(record.met for record in records),
        overdue=tuple(
            sorted(
                (record for record in records if record.overdue),
                key=lambda record: (record.due, record.person),
            )
        ),
        records=tuple(records),
    )


def check_obligations(
    obligations: Iterable[Obligation],
    *,
    people: Iterable[Person],
    events: Iterable[Event],
    period: Period,
    as_of: dt.date,
) -> tuple[ObligationSummary, ...]:
    """Every person-period owed of each obligation, whether it was met, and what is overdue.

    The rules are the module's: a period is owed by whoever holds the role on its deciding day
    (:func:`deciding_day`) while the obligation is in force, and an event counts for the
    period containing its date when the person took part and its date is on or before
    ``as_of``.

    :param obligations: the obligations; their keys must be unique.
    :param people: the people, for the roles they held; their ids must be unique.
    :param events: the event log; ids must be unique. Events of other kinds are ignored.
    :param period: the period looked at: every period of each obligation's ``every`` kind that
        overlaps it and begins on or before ``as_of`` is judged (:func:`judged_periods`).
    :param as_of: the day judged: later events do not count, and a period ending after it is
        not closed (its shortfall is not overdue yet).
    :returns: one summary per obligation, by key.
    :raises RecordError: for a duplicate obligation key, person id or event id.
    """
    duties = tuple(obligations)
    persons = tuple(people)
    log = tuple(events)
    found = _input_problems(duties, persons, log)
    if found:
        raise RecordError("obligations input", found)
    taken = _taken_part(log, as_of, {duty.event_kind for duty in duties})
    ordered = sorted(persons, key=lambda person: person.id)
    # Only those who ever hold a duty's role can owe it: the others are not looked at each day.
    ever: dict[str, list[Person]] = {duty.role: [] for duty in duties}
    for person in ordered:
        for span in person.roles:
            holders = ever.get(span.role)
            # A person with two spans of a role is listed once: the last one listed, if so.
            if holders is not None and (not holders or holders[-1] is not person):
                holders.append(person)
    summaries = []
    for duty in sorted(duties, key=lambda duty: duty.key):
        records: list[Compliance] = []
        for part in judged_periods(duty.every, period, as_of):
            day = deciding_day(part, as_of)
            if not within_span(day, duty.start, duty.end):
                continue
            for person in ever[duty.role]:
                if not person.holds(duty.role, day):
                    continue
                counted = [
                    event.id
                    for event in taken.get((duty.event_kind, person.id), ())
                    if part.contains(event.date)
                ]
                records.append(
                    Compliance(
                        obligation=duty.key,
                        person=person.id,
                        period=part.key,
                        due=part.end,
                        required=duty.at_least,
                        done=len(counted),
                        events=tuple(counted),
                        met=len(counted) >= duty.at_least,
                        closed=part.end <= as_of,
                    )
                )
        summaries.append(_summary(duty, records))
    return tuple(summaries)


def compliance_by_person(summaries: Iterable[ObligationSummary]) -> tuple[PersonCompliance, ...]:
    """Each person's totals for each obligation, by obligation then person.

    :param summaries: the summaries :func:`check_obligations` returned.
    """
    totals: dict[tuple[str, str], list[Compliance]] = {}
    for summary in summaries:
        for record in summary.records:
            totals.setdefault((summary.obligation, record.person), []).append(record)
    return tuple(
        PersonCompliance(
            obligation=obligation,
            person=person,
            owed=len(records),
            met=sum(record.met for record in records),
            overdue=sum(record.overdue for record in records),
            pending=sum(not record.closed and not record.met for record in records),
            done=sum(record.done for record in records),
        )
        for (obligation, person), records in sorted(totals.items())
    )
