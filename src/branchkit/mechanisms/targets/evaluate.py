"""Progress towards counted targets: events, person-times and distinct persons in a period.

:func:`evaluate_targets` is a pure function of the targets, the event log, the period looked
at and the day judged (``as_of``). For each target, by these rules:

* **The period** is the target's own, when it has one (two academic years), else the period
  looked at.
* **What counts**: an event of one of the target's kinds (any kind when it lists none) that
  names one of its partners and reaches one of its audiences (when it lists them), whose date
  (its first day) falls in the period and is on or before ``as_of``.
* **Person-times** of an event: its count entry (``person_times``, or the target's
  ``count_name``) when it records one, but never fewer than the distinct people it lists as
  participants, since each of them is a person-time too; an event without the entry counts
  its distinct participants. **Distinct persons**: the distinct participant ids across the
  counted events. So person-times are never fewer than distinct persons.
* **Counts** (measure ``count``) sum the counted events' ``count_name`` entry, 0 where an event
  has none. **Distinct partners**: the distinct partner organisations the counted events name,
  only those the target lists when it lists any.
* **Projection** to the period's end is linear in elapsed days: the value times the period's
  days over the days elapsed by ``as_of`` (inclusive), rounded down. A period that has ended
  projects its value; one not begun projects nothing. Distinct persons repeat from event to
  event, so their projection is an upper bound.
* **Breakdowns** by partner and by audience apply the target's measure to the counted events
  naming each key; an event naming two partners counts for both (for distinct partners, a
  partner's row is 1, or 0 for a partner the target does not list). A target met ``each``
  partner (or audience) is met when every one it lists reaches ``at_least`` on its own.

>>> import datetime as dt
>>> from branchkit.mechanisms.targets import Measure, Target, evaluate_targets
>>> from branchkit.records import Event, Label, Period
>>> reach = Target(key="reach", label=Label(zh="服务人次", en="person-times"),
...                event_kinds=("volunteer_service",), measure=Measure.PERSON_TIMES,
...                at_least=100)
>>> events = [
...     Event(id="s1", kind="volunteer_service", date=dt.date(2022, 3, 5),
...           participants=("2021001", "2021002"), audience=("community",),
...           counts={"person_times": 30}),
...     Event(id="s2", kind="volunteer_service", date=dt.date(2022, 4, 9),
...           participants=("2021001",), audience=("school",)),
...     Event(id="s3", kind="volunteer_service", date=dt.date(2022, 9, 1),
...           counts={"person_times": 50}),
... ]
>>> (progress,) = evaluate_targets([reach], events=events, period=Period.parse("2022"),
...                                as_of=dt.date(2022, 6, 30))
>>> progress.value, progress.met, progress.events, progress.elapsed_days, progress.projection
(31, False, ('s1', 's2'), 181, 62)
>>> [(row.key, row.value) for row in progress.audiences]
[('community', 30), ('school', 1)]
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Collection, Iterable, Sequence

from branchkit.errors import RecordError
from branchkit.mechanisms.targets.model import (
    Breakdown,
    Dimension,
    Measure,
    Target,
    TargetProgress,
)
from branchkit.records._checks import duplicate_problems
from branchkit.records.events import Event
from branchkit.records.periods import Period

__all__ = [
    "counts_towards",
    "elapsed_days",
    "evaluate_targets",
    "measure_events",
    "person_times",
    "project",
]


def person_times(event: Event, count_name: str = "person_times") -> int:
    """An event's person-times: its count entry, but never fewer than its distinct participants.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.targets import person_times
    >>> from branchkit.records import Event
    >>> day = dt.date(2022, 3, 5)
    >>> person_times(Event(id="a", kind="training", date=day, counts={"person_times": 40}))
    40
    >>> person_times(Event(id="b", kind="training", date=day, participants=("T1", "T2", "T1")))
    2
    >>> person_times(Event(id="c", kind="training", date=day, participants=("T1", "T2"),
    ...                    counts={"trainees": 1}), "trainees")
    2

    :param event: the event.
    :param count_name: the entry of its ``counts`` that holds person-times.
    """
    listed = len(set(event.participants))
    return max(event.count(count_name), listed)


def measure_events(
    events: Sequence[Event],
    measure: Measure,
    count_name: str,
    partners: Collection[str] = (),
) -> int:
    """The measure over ``events``: how many, their person-times, persons, counts or partners.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.targets import Measure, measure_events
    >>> from branchkit.records import Event
    >>> day = dt.date(2018, 11, 9)
    >>> meetings = [
    ...     Event(id="m1", kind="alliance_meeting", date=day, partners=("c1", "c2", "b1")),
    ...     Event(id="m2", kind="alliance_meeting", date=day, partners=("c2", "c3"),
    ...           counts={"questionnaires": 40}),
    ... ]
    >>> measure_events(meetings, Measure.DISTINCT_PARTNERS, "", partners=("c1", "c2", "c3"))
    3
    >>> measure_events(meetings, Measure.COUNT, "questionnaires")
    40

    :param events: the events counted (each once).
    :param measure: what to count.
    :param count_name: the entry of an event's ``counts`` that holds person-times, or that a
        ``count`` measure sums.
    :param partners: for distinct partners, the partners that count; none means every one.
    """
    if measure is Measure.EVENTS:
        return len(events)
    if measure is Measure.PERSON_TIMES:
        return sum(person_times(event, count_name) for event in events)
    if measure is Measure.COUNT:
        return sum(event.count(count_name) for event in events)
    if measure is Measure.DISTINCT_PARTNERS:
        named = {partner for event in events for partner in event.partners}
        return len(named & set(partners)) if partners else len(named)
    return len({person for event in events for person in event.participants})


def elapsed_days(period: Period, as_of: dt.date) -> int:
    """The days of ``period`` up to and including ``as_of``: 0 before it, all after it.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.targets import elapsed_days
    >>> from branchkit.records import Period
    >>> year = Period.parse("2022")
    >>> [elapsed_days(year, dt.date(*day)) for day in ((2021, 12, 31), (2022, 1, 1), (2023, 1, 1))]
    [0, 1, 365]

    :param period: the period.
    :param as_of: the day judged.
    """
    if as_of < period.start:
        return 0
    return (min(as_of, period.end) - period.start).days + 1


def project(value: int, period: Period, as_of: dt.date) -> int | None:
    """``value`` projected linearly to the end of ``period``, rounded down.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.targets import project
    >>> from branchkit.records import Period
    >>> project(31, Period.parse("2022"), dt.date(2022, 6, 30))  # 31 * 365 // 181
    62
    >>> year = Period.parse("2022")
    >>> project(31, year, dt.date(2023, 1, 1)), project(0, year, dt.date(2021, 12, 31))
    (31, None)

    :param value: the figure reached by ``as_of``.
    :param period: the period.
    :param as_of: the day judged.
    :returns: the projection; ``value`` once the period has ended; ``None`` before it begins.
    """
    return _projected(value, period.days, elapsed_days(period, as_of))


def _projected(value: int, days: int, elapsed: int) -> int | None:
    """``value`` reached in ``elapsed`` days of ``days``, projected to the last of them."""
    if elapsed == 0:
        return None
    # Integer arithmetic: the same figures on every machine, and never rounded up to "met".
    return value * days // elapsed


def counts_towards(target: Target, event: Event, period: Period, as_of: dt.date) -> bool:
    """Whether ``event`` counts towards ``target`` judged over ``period`` on ``as_of``.

    :param target: the target.
    :param event: the event.
    :param period: the period the target is judged over.
    :param as_of: the day judged; later events do not count yet.
    """
    if target.event_kinds and event.kind not in target.event_kinds:
        return False
    if target.partners and not set(event.partners) & set(target.partners):
        return False
    if target.audiences and not set(event.audience) & set(target.audiences):
        return False
    return period.contains(event.date) and event.date <= as_of


#: The keys an event names, per dimension.
_KEYS_OF: dict[Dimension, Callable[[Event], tuple[str, ...]]] = {
    Dimension.PARTNER: operator.attrgetter("partners"),
    Dimension.AUDIENCE: operator.attrgetter("audience"),
}


def _breakdown(
    target: Target,
    dimension: Dimension,
    counted: Sequence[Event],
    period: Period,
    as_of: dt.date,
) -> tuple[Breakdown, ...]:
    keys_of = _KEYS_OF[dimension]
    groups: dict[str, list[Event]] = {key: [] for key in target.groups(dimension)}
    unnamed: list[Event] = []
    for event in counted:
        named = keys_of(event)
        if not named:
            unnamed.append(event)
        for name in dict.fromkeys(named):
            groups.setdefault(name, []).append(event)
    rows: list[tuple[str | None, list[Event]]] = [*sorted(groups.items())]
    if unnamed:
        rows.append((None, unnamed))
    days, elapsed = period.days, elapsed_days(period, as_of)
    own_partner = target.measure is Measure.DISTINCT_PARTNERS and dimension is Dimension.PARTNER
    found = []
    for key, events in rows:
        if own_partner:
            # A partner's own row counts that partner alone, and only one the target counts.
            value = int(key is not None and (not target.partners or key in target.partners))
        else:
            value = measure_events(events, target.measure, target.count_name, target.partners)
        found.append(
            Breakdown(
                dimension=dimension,
                key=key,
                value=value,
                projection=_projected(value, days, elapsed),
                met=value >= target.at_least,
                events=tuple([event.id for event in events]),
            )
        )
    return tuple(found)


def _progress(
    target: Target, log: Sequence[Event], period: Period, as_of: dt.date
) -> TargetProgress:
    counted = [event for event in log if counts_towards(target, event, period, as_of)]
    value = measure_events(counted, target.measure, target.count_name, target.partners)
    partners = _breakdown(target, Dimension.PARTNER, counted, period, as_of)
    audiences = _breakdown(target, Dimension.AUDIENCE, counted, period, as_of)
    if target.each is None:
        short_of: tuple[str, ...] = ()
        met = value >= target.at_least
    else:
        rows = partners if target.each is Dimension.PARTNER else audiences
        reached = {row.key: row.met for row in rows}
        short_of = tuple(sorted(key for key in target.groups(target.each) if not reached[key]))
        met = not short_of
    return TargetProgress(
        target=target.key,
        measure=target.measure,
        period=period,
        as_of=as_of,
        required=target.at_least,
        value=value,
        met=met,
        share=value / target.at_least,
        elapsed_days=elapsed_days(period, as_of),
        total_days=period.days,
        projection=project(value, period, as_of),
        closed=period.end <= as_of,
        short_of=short_of,
        events=tuple(event.id for event in counted),
        persons=tuple(sorted({person for event in counted for person in event.participants})),
        partners=partners,
        audiences=audiences,
    )


def evaluate_targets(
    targets: Iterable[Target],
    *,
    events: Iterable[Event],
    period: Period | None,
    as_of: dt.date,
) -> tuple[TargetProgress, ...]:
    """Each target's progress by ``as_of``, with the events behind it, by the module's rules.

    :param targets: the targets; their keys must be unique.
    :param events: the event log; ids must be unique.
    :param period: the period looked at, for the targets without a period of their own.
    :param as_of: the day judged: later events do not count, and the projection runs from it.
    :returns: one progress per target, by key.
    :raises RecordError: for a duplicate target key or event id, or a target without a period
        when ``period`` is ``None``.
    """
    aims = tuple(targets)
    given = tuple(events)
    found = [
        *duplicate_problems("targets", aims, lambda target: target.key),
        *duplicate_problems("events", given, operator.attrgetter("id"), "id"),
    ]
    if period is None:
        found.extend(
            (("targets", index, "period"), "no period: give the target one, or look at one")
            for index, target in enumerate(aims)
            if target.period is None
        )
    if found:
        raise RecordError("targets input", found)
    # Only the kinds some target counts are looked at, unless a target counts every kind.
    kinds = {kind for target in aims for kind in target.event_kinds}
    if all(target.event_kinds for target in aims):
        log = [event for event in given if event.kind in kinds]
    else:
        log = list(given)
    # Ordered once, so the events behind every figure are listed by date then id.
    log.sort(key=lambda event: (event.date, event.id))
    by_kind: dict[str, list[Event]] = {}
    for event in log:
        by_kind.setdefault(event.kind, []).append(event)
    judged = []
    for target in sorted(aims, key=lambda target: target.key):
        over = target.period if target.period is not None else period
        assert over is not None  # a target without a period was reported above
        judged.append(_progress(target, _of_kinds(log, by_kind, target.event_kinds), over, as_of))
    return tuple(judged)


def _of_kinds(
    log: list[Event], by_kind: dict[str, list[Event]], kinds: Sequence[str]
) -> list[Event]:
    """The log's events of ``kinds`` (all of them for none), in the log's order."""
    if not kinds:
        return log
    if len(kinds) == 1:
        return by_kind.get(kinds[0], [])
    wanted = set(kinds)
    return [event for event in log if event.kind in wanted]
