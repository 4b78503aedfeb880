"""The records of periodic obligations and of credited outcomes.

An :class:`Obligation` is a duty of everyone holding a role: at least so many events of a kind
in each period (one demonstration lesson a quarter). :class:`Compliance` says, for one person
and one period, whether they met it and by which events; :class:`ObligationSummary` adds them
up per obligation and :class:`PersonCompliance` per obligation and person.

An :class:`Outcome` is something achieved and credited — an award at a level and a rank, a
project, a course, a paper, a promotion, a training — to people, to teams (units such as a
research team) or to both; ``count`` carries person-times where one record stands for many
(a training attended by 50). :class:`OutcomeCount` rows add them up by kind, level and rank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid, key_problems, span_problems, text_problems
from branchkit.records.labels import Label
from branchkit.records.periods import PeriodKind
from branchkit.records.sensitivity import IDENTIFIER

__all__ = [
    "Compliance",
    "Obligation",
    "ObligationSummary",
    "Outcome",
    "OutcomeCount",
    "PersonCompliance",
]


@attrs.frozen(kw_only=True)
class Obligation:
    """A duty of everyone who holds a role: at least so many events of a kind per period.

    :param key: the obligation's key.
    :param label: its name (每季度示范课).
    :param role: the role whose holders owe it (``benchmark_member``).
    :param event_kind: the kind of event that fulfils it; the person must be among the event's
        participants.
    :param at_least: how many such events each period needs.
    :param every: the period (``quarter``, ``semester``, ``month``, ...); not ``custom``.
    :param start: the first day the obligation applies, if not always.
    :param end: the last day, if it ended.
    """

    key: str
    label: Label
    role: str
    event_kind: str
    at_least: int = 1
    every: PeriodKind = PeriodKind.QUARTER
    start: dt.date | None = None
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from key_problems("role", self.role)
        yield from key_problems("event_kind", self.event_kind)
        if self.at_least < 1:
            yield ("at_least",), "must be at least 1"
        if self.every is PeriodKind.CUSTOM:
            yield ("every",), "a custom period has no fixed length"
        yield from span_problems(self.start, self.end)


@attrs.frozen(kw_only=True)
class Compliance:
    """How one person met one obligation in one period.

    :param obligation: the obligation's key.
    :param person: the person's id.
    :param period: the period's key (``2022-Q1``).
    :param due: the period's last day: events up to and including it count.
    :param required: how many events the period needs.
    :param done: how many the person took part in.
    :param events: the ids of those events, by date.
    :param met: whether ``done`` reaches ``required``.
    :param closed: whether the period has ended by the day judged (an open period that is
        not met yet is not overdue).
    """

    obligation: str
    person: str = attrs.field(metadata=IDENTIFIER)
    period: str
    due: dt.date
    required: int
    done: int
    events: tuple[str, ...]
    met: bool
    closed: bool

    @property
    def overdue(self) -> bool:
        """Whether the period has ended without the obligation met."""
        return self.closed and not self.met


@attrs.frozen(kw_only=True)
class ObligationSummary:
    """One obligation over the periods judged.

    :param obligation: the obligation's key.
    :param people: how many people owed it in at least one period.
    :param owed: how many person-periods owed it.
    :param met: how many of them met it.
    :param overdue: the closed person-periods not met, by due day then person.
    :param records: every person-period, by person then period.
    """

    obligation: str
    people: int
    owed: int
    met: int
    overdue: tuple[Compliance, ...]
    records: tuple[Compliance, ...]


@attrs.frozen(kw_only=True)
class PersonCompliance:
    """One person's record of one obligation over the periods judged.

    :param obligation: the obligation's key.
    :param person: the person's id.
    :param owed: how many periods the person owed it.
    :param met: in how many of them they met it.
    :param overdue: how many ended without it met.
    :param pending: how many are still running and not met yet.
    :param done: how many events counted, over all those periods.
    """

    obligation: str
    person: str = attrs.field(metadata=IDENTIFIER)
    owed: int
    met: int
    overdue: int
    pending: int
    done: int


@attrs.frozen(kw_only=True)
class Outcome:
    """Something achieved, credited to people, teams or both.

    :param id: the outcome's identifier.
    :param kind: its kind (``award``, ``student_award``, ``project``, ``course``, ``paper``,
        ``promotion``, ``training``, ...), a key of the ``outcome_kind`` vocabulary.
    :param title: what it is called.
    :param date: the day it was achieved (awarded, approved, published, appointed).
    :param level: its level (``national``, ``municipal``, ``college``), if it has one.
    :param rank: its rank within the level (``first``, ``second``, ``third``), if it has one.
    :param persons: the people credited; identifiers.
    :param teams: the teams credited (units, such as a research team).
    :param count: how many it stands for: 1, or the person-times of a training.
    :param note: anything else, in words.
    """

    id: str
    kind: str
    title: str = ""
    date: dt.date
    level: str | None = None
    rank: str | None = None
    persons: tuple[str, ...] = attrs.field(default=(), metadata=IDENTIFIER)
    teams: tuple[str, ...] = ()
    count: int = 1
    note: str = ""

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("id", self.id)
        yield from key_problems("kind", self.kind)
        for name in ("level", "rank"):
            value = getattr(self, name)
            if value is not None:
                yield from key_problems(name, value)
        if self.count < 1:
            yield ("count",), "must be at least 1"


@attrs.frozen(kw_only=True)
class OutcomeCount:
    """How many outcomes of one kind, level and rank.

    :param kind: the kind.
    :param level: the level, or ``None`` for outcomes without one.
    :param rank: the rank, or ``None`` for outcomes without one.
    :param outcomes: how many records.
    :param total: the sum of their counts (person-times for trainings).
    :param ids: the outcomes' ids, sorted: the records behind the figure.
    """

    kind: str
    level: str | None
    rank: str | None
    outcomes: int
    total: int
    ids: tuple[str, ...]
