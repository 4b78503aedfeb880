"""The records of counted targets and of the progress made towards them.

A :class:`Target` states a counted outcome a branch aims for: at least so many events of some
kinds, person-times or distinct persons, within a period, optionally only among events with
chosen partner organisations or audiences. :class:`TargetProgress` says how far the events
have brought it by a day, with the events behind the figure, its projection to the period's
end and its :class:`Breakdown` by partner and by audience.

A target of measure ``count`` sums another entry of the events' counts (questionnaires
returned), and one of measure ``distinct_partners`` counts the partner organisations the events
name; with ``partners`` listed, only those count, so an alliance's colleges and its financial
institutions are two targets.

A framework's TOML states "at least 10 service events and 300 person-times in the two years
from September 2021" as two targets (the period is any :class:`~branchkit.records.Period`)::

    [[framework.targets]]
    key = "three-sends-events"
    label = { zh = "三送活动不少于10场", en = "at least 10 Three Sends events" }
    event_kinds = ["volunteer_service"]
    measure = "events"
    at_least = 10
    period = { key = "2021-2023", start = 2021-09-01, end = 2023-08-31 }

    [[framework.targets]]
    key = "three-sends-reach"
    label = { zh = "三送服务不少于300人次", en = "at least 300 person-times served" }
    event_kinds = ["volunteer_service"]
    measure = "person_times"
    at_least = 300
    period = { key = "2021-2023", start = 2021-09-01, end = 2023-08-31 }

>>> import datetime as dt
>>> from branchkit.mechanisms.targets import Measure, Target
>>> from branchkit.records import Label, Period
>>> Target(key="reach", label=Label(zh="服务人次", en="person-times"),
...        event_kinds=("volunteer_service",), measure=Measure.PERSON_TIMES, at_least=0)
Traceback (most recent call last):
  ...
branchkit.errors.RecordError: invalid Target: $.at_least: must be at least 1
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid, key_problems, text_problems
from branchkit.records.labels import Label
from branchkit.records.periods import Period
from branchkit.records.sensitivity import IDENTIFIER

__all__ = ["Breakdown", "Dimension", "Measure", "Target", "TargetProgress"]


class Measure(enum.Enum):
    """What a target counts over the events it counts."""

    #: The number of events.
    EVENTS = "events"
    #: The person-times reached: per event its count entry (``person_times`` unless the target
    #: names another), but never fewer than the distinct people it lists as participants.
    PERSON_TIMES = "person_times"
    #: The distinct people listed as participants across the events.
    DISTINCT_PERSONS = "distinct_persons"
    #: The sum of each event's count entry named by the target's ``count_name``, with no floor
    #: from its participants: questionnaires returned, pages printed.
    COUNT = "count"
    #: The distinct partner organisations named across the events: the colleges an alliance's
    #: meetings brought together.
    DISTINCT_PARTNERS = "distinct_partners"

    @property
    def label(self) -> Label:
        """The measure's name for people, in both languages."""
        return _MEASURE_LABELS[self]


_MEASURE_LABELS = {
    Measure.EVENTS: Label(zh="活动场次", en="events"),
    Measure.PERSON_TIMES: Label(zh="人次", en="person-times"),
    Measure.DISTINCT_PERSONS: Label(zh="人数", en="distinct persons"),
    Measure.COUNT: Label(zh="计数", en="count"),
    Measure.DISTINCT_PARTNERS: Label(zh="合作单位数", en="distinct partners"),
}


class Dimension(enum.Enum):
    """A way to break a target's figure down: by partner organisation or by audience."""

    #: The partner organisations an event names (:attr:`~branchkit.records.Event.partners`).
    PARTNER = "partner"
    #: The kinds of audience an event reached (:attr:`~branchkit.records.Event.audience`).
    AUDIENCE = "audience"


def _unique(name: str, values: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield (name, index), f"duplicate {value!r}"
        seen.add(value)


@attrs.frozen(kw_only=True)
class Target:
    """A counted outcome to reach within a period: so many events, person-times or persons.

    An event counts towards the target when its kind is one of ``event_kinds`` (any kind when
    there are none), it names at least one of ``partners`` (when there are any) and at least
    one of ``audiences`` (when there are any), and its date falls in the period, on or before
    the day judged.

    :param key: the target's key.
    :param label: its name (三送活动不少于10场).
    :param event_kinds: the kinds of event that count; none means every kind.
    :param measure: what is counted: events, person-times or distinct persons.
    :param at_least: the figure to reach; at least 1.
    :param period: the period the target is set for (two academic years, say); without one,
        the target is judged over the period the caller looks at.
    :param partners: only events naming at least one of these partner organisations count.
    :param audiences: only events reaching at least one of these kinds of audience count
        (keys of the ``audience`` vocabulary: ``village``, ``community``, ``school``, ...).
    :param each: when given, ``at_least`` applies to each of the listed ``partners`` (or
        ``audiences``) on its own: 三进 is met only when campus, classes and classrooms were
        each reached.
    :param count_name: the entry of an event's ``counts`` that holds its person-times, or
        what a ``count`` target sums (``questionnaires``).
    """

    key: str
    label: Label
    event_kinds: tuple[str, ...] = ()
    measure: Measure = Measure.EVENTS
    at_least: int = 1
    period: Period | None = None
    partners: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    each: Dimension | None = None
    count_name: str = "person_times"

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        for index, kind in enumerate(self.event_kinds):
            yield from ((("event_kinds", index), m) for _, m in key_problems("", kind))
        yield from _unique("event_kinds", self.event_kinds)
        if self.at_least < 1:
            yield ("at_least",), "must be at least 1"
        for index, partner in enumerate(self.partners):
            yield from ((("partners", index), m) for _, m in text_problems("", partner))
        yield from _unique("partners", self.partners)
        for index, audience in enumerate(self.audiences):
            yield from ((("audiences", index), m) for _, m in key_problems("", audience))
        yield from _unique("audiences", self.audiences)
        if self.each is not None and not self.groups(self.each):
            field = "partners" if self.each is Dimension.PARTNER else "audiences"
            yield ("each",), f"each {self.each.value} needs the {field} listed"
        yield from key_problems("count_name", self.count_name)

    def groups(self, dimension: Dimension) -> tuple[str, ...]:
        """The partners or audiences the target lists, for ``dimension``.

        :param dimension: partner or audience.
        """
        return self.partners if dimension is Dimension.PARTNER else self.audiences


@attrs.frozen(kw_only=True)
class Breakdown:
    """A target's figure over the counted events naming one partner or one audience.

    An event naming two partners counts in both rows, so the rows of a dimension may add up to
    more than the target's value.

    :param dimension: partner or audience.
    :param key: the partner or audience; ``None`` for the counted events that name none.
    :param value: the target's measure over those events.
    :param projection: the value projected to the period's end, as for the whole target.
    :param met: whether ``value`` reaches the target's ``at_least`` (it matters for a target
        met for ``each`` partner or audience).
    :param events: the ids of those events, by date then id.
    """

    dimension: Dimension
    key: str | None
    value: int
    projection: int | None
    met: bool
    events: tuple[str, ...]


@attrs.frozen(kw_only=True)
class TargetProgress:
    """How far the events have brought one target by the day judged.

    :param target: the target's key.
    :param measure: what it counts.
    :param period: the period it is judged over.
    :param as_of: the day judged.
    :param required: the figure to reach (the target's ``at_least``).
    :param value: the figure reached: the measure over the counted events.
    :param met: whether the target is met: ``value`` reaches ``required``, or, for a target
        met for each partner or audience, every one listed does.
    :param share: ``value`` as a share of ``required`` (1.0 when just met; may exceed 1).
    :param elapsed_days: the days of the period up to the day judged (0 before it begins).
    :param total_days: the days of the period.
    :param projection: ``value`` projected linearly to the period's end: ``value`` times
        ``total_days`` over ``elapsed_days``, rounded down; ``value`` itself once the period
        has ended, ``None`` before it begins.
    :param closed: whether the period has ended by the day judged.
    :param short_of: for a target met for each partner or audience, those listed that have
        not reached ``required``; else empty.
    :param events: the ids of the counted events, by date then id.
    :param persons: the distinct participants of those events, sorted.
    :param partners: the breakdown by partner, by key with the events naming none last; every
        partner the target lists has a row, even at 0.
    :param audiences: the breakdown by audience, in the same order.
    """

    target: str
    measure: Measure
    period: Period
    as_of: dt.date
    required: int
    value: int
    met: bool
    share: float
    elapsed_days: int
    total_days: int
    projection: int | None
    closed: bool
    short_of: tuple[str, ...]
    events: tuple[str, ...]
    persons: tuple[str, ...] = attrs.field(metadata=IDENTIFIER)
    partners: tuple[Breakdown, ...]
    audiences: tuple[Breakdown, ...]

    @property
    def projected_met(self) -> bool | None:
        """Whether the projection reaches the figure required; ``None`` without a projection."""
        return None if self.projection is None else self.projection >= self.required
