"""Indicators: the figures a branch's practices produce, each with its target and status.

An :class:`Indicator` is one figure (sessions held, share of students contacted, ...) computed
from a practice's records, with the ids of the records behind it. With a target it is scored
and has a :class:`Status`; without one it is informational: shown, never scored.

:meth:`Indicator.judged` derives the status from the value and the target: met at the target,
partly met from ``partly_at`` times the target (half, unless told), else not met.

>>> from decimal import Decimal
>>> from branchkit.framework.indicators import Indicator
>>> from branchkit.records import Label
>>> sessions = Indicator.judged(
...     key="sessions",
...     label=Label(zh="主题党日", en="Party days held"),
...     practice="party-days",
...     value=Decimal(9),
...     unit=Label(zh="次", en="sessions"),
...     target=Decimal(12),
...     records=("event-1", "event-2"),
... )
>>> sessions.status
<Status.PARTLY: 'partly'>
>>> sessions.attainment
Decimal('0.75')
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Iterator

import attrs

from branchkit.errors import Path, RecordError
from branchkit.framework._numbers import CONTEXT, ONE, ZERO, finite_problems, share_problems
from branchkit.records._checks import ensure_valid, key_problems, text_problems
from branchkit.records.labels import Label

__all__ = ["Indicator", "IndicatorSpec", "Selector", "Status"]

#: The share of the target at which :meth:`Indicator.judged` calls an indicator partly met.
PARTLY_AT = decimal.Decimal("0.5")


class Status(enum.Enum):
    """How far an indicator with a target has come."""

    #: The value reached the target.
    MET = "met"
    #: The value fell short of the target but reached the "partly" share of it.
    PARTLY = "partly"
    #: The value fell short of both.
    NOT_MET = "not_met"


@attrs.frozen(kw_only=True)
class Indicator:
    """One figure of a branch's practice, with the records behind it and, if scored, its target.

    A scored indicator (one with a target) has a value of at least 0 and a status; the status
    must agree with the figures: :attr:`Status.MET` exactly when the value reaches the target.
    Whether a shortfall is :attr:`Status.PARTLY` or :attr:`Status.NOT_MET` is the judge's call
    (:meth:`judged` makes it by a share of the target). An informational indicator (no target)
    has no status and may take any finite value.

    :param key: the indicator's key, unique among the indicators scored together.
    :param label: its name (主题党日开展次数).
    :param practice: the key of the framework practice that produces it.
    :param value: the figure.
    :param unit: what the figure counts (次, sessions; %, percent).
    :param target: the figure to reach, not negative; ``None`` for an informational indicator.
    :param status: how far the value has come; ``None`` exactly when there is no target.
    :param records: the ids of the records behind the value (events, contact logs, ...).
    :param area: the key of the framework area it belongs to, if any.
    :param sensitive_count: whether the value counts people that sensitive records single out
        (students given assistance for hardship): an output then shows a count from 1 to
        ``k - 1`` as ``"<k"``, and withholds the figures that would give it away.
    """

    key: str
    label: Label
    practice: str
    value: decimal.Decimal
    unit: Label
    target: decimal.Decimal | None = None
    status: Status | None = None
    records: tuple[str, ...] = ()
    area: str | None = None
    sensitive_count: bool = False

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from key_problems("practice", self.practice)
        if self.area is not None:
            yield from key_problems("area", self.area)
        yield from finite_problems("value", self.value)
        seen: set[str] = set()
        for index, record in enumerate(self.records):
            for _, message in text_problems("records", record):
                yield ("records", index), message
            if record in seen:
                yield ("records", index), f"duplicate {record!r}"
            seen.add(record)
        if self.target is None:
            if self.status is not None:
                yield ("status",), "an indicator without a target has no status"
            return
        if not self.target.is_finite() or self.target < 0:
            yield ("target",), "must be a finite number, not negative"
            return
        if not self.value.is_finite():
            return
        if self.value < 0:
            yield ("value",), "a scored indicator's value must not be negative"
        if self.status is None:
            yield ("status",), "an indicator with a target needs a status"
        elif (self.status is Status.MET) != (self.value >= self.target):
            reached = "reaches" if self.value >= self.target else "falls short of"
            yield (
                ("status",),
                f"{self.status.value!r} contradicts the value {self.value}, which {reached} "
                f"the target {self.target}",
            )

    @classmethod
    def judged(
        cls,
        *,
        key: str,
        label: Label,
        practice: str,
        value: decimal.Decimal,
        unit: Label,
        target: decimal.Decimal | None,
        partly_at: decimal.Decimal = PARTLY_AT,
        records: tuple[str, ...] = (),
        area: str | None = None,
        sensitive_count: bool = False,
    ) -> Indicator:
        """An indicator whose status follows from its value and target.

        Met when ``value >= target``; partly met when ``value >= partly_at * target``; else
        not met. Without a target, the indicator is informational and has no status.

        :param key: the indicator's key.
        :param label: its name.
        :param practice: the key of the practice that produces it.
        :param value: the figure.
        :param unit: what the figure counts.
        :param target: the figure to reach; ``None`` for an informational indicator.
        :param partly_at: the share of the target, from 0 to 1, that counts as partly met.
        :param records: the ids of the records behind the value.
        :param area: the key of the area it belongs to, if any.
        :param sensitive_count: whether the value counts people sensitive records single out.
        :raises branchkit.errors.RecordError: when a value breaks the rules above.
        """
        problems = list(share_problems("partly_at", partly_at))
        if problems:
            raise RecordError(cls.__name__, problems)
        status: Status | None = None
        if target is not None and target.is_finite() and value.is_finite():
            if value >= target:
                status = Status.MET
            elif value >= CONTEXT.multiply(partly_at, target):
                status = Status.PARTLY
            else:
                status = Status.NOT_MET
        return cls(
            key=key,
            label=label,
            practice=practice,
            value=value,
            unit=unit,
            target=target,
            status=status,
            records=records,
            area=area,
            sensitive_count=sensitive_count,
        )

    @property
    def scored(self) -> bool:
        """Whether the indicator has a target, and so counts in a score."""
        return self.target is not None

    @property
    def attainment(self) -> decimal.Decimal | None:
        """How much of the target the value reaches, from 0 to 1, unrounded.

        ``min(value / target, 1)``; 1 for a target of 0; ``None`` without a target.
        """
        if self.target is None:
            return None
        if self.value >= self.target:
            return ONE
        # Here 0 <= value < target, so the target is more than 0.
        return max(ZERO, CONTEXT.divide(self.value, self.target))


@attrs.frozen(kw_only=True)
class Selector:
    """Which of a mechanism's records an indicator reads; each source reads some fields.

    Every field given narrows what is counted; a field the source does not read is an error
    (:meth:`~branchkit.framework.sources.IndicatorSource.selector_problems`), never ignored.
    In a framework's TOML it is the indicator's ``select`` table::

        select = { kinds = ["online_course"], role = "young_teacher", lead = true }

    :param key: the key of the framework record read: a target, checklist, tier, assistance
        plan, rubric, pairing scheme, obligation or staged scheme.
    :param kinds: event or outcome kinds.
    :param level: an outcome level (``national``).
    :param rank: an outcome rank (``second``).
    :param unranked: only outcomes without a rank (a national honour, not a nomination to
        it); not with ``rank``.
    :param category: a checklist category (``responsibility``).
    :param item: a checklist item's key (``cluster``), of the checklist ``key``; needs it.
    :param competency: a rubric competency.
    :param unit_kind: a unit kind (``class``, ``dorm``).
    :param team_kinds: the unit kinds of the teams an outcome is credited to
        (``research_team``, ``branch``): only outcomes credited to a team of one of them.
        Several, unlike ``unit_kind``, since a branch's teams are often of several kinds.
    :param role: a role whose holders the figure is about.
    :param lead: only outcomes whose first credited person (the one who led it: 主持人,
        牵头人) holds ``role``; needs it.
    :param with_role: a second role, held on the same day as ``role`` (young teachers who
        became committee members); needs ``role``.
    :param since: the first day counted, instead of the period's start (honours since 2018);
        the last stays the day judged, or the period's end if earlier, and a ``since`` after
        it counts nothing.
    """

    key: str | None = None
    kinds: tuple[str, ...] = ()
    level: str | None = None
    rank: str | None = None
    unranked: bool = False
    category: str | None = None
    item: str | None = None
    competency: str | None = None
    unit_kind: str | None = None
    team_kinds: tuple[str, ...] = ()
    role: str | None = None
    lead: bool = False
    with_role: str | None = None
    since: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        for field in attrs.fields(Selector):
            value = getattr(self, field.name)
            if isinstance(value, str):
                yield from key_problems(field.name, value)
        for name in ("kinds", "team_kinds"):
            for index, kind in enumerate(getattr(self, name)):
                yield from (((name, index), message) for _, message in key_problems("", kind))
        if self.unranked and self.rank is not None:
            yield ("unranked",), "not with a rank"
        for name, needed in (("item", "key"), ("lead", "role"), ("with_role", "role")):
            if getattr(self, name) and not getattr(self, needed):
                yield (name,), f"only with a {needed}"

    @property
    def given(self) -> frozenset[str]:
        """The names of the fields given (not left at their default)."""
        return frozenset(
            field.name for field in attrs.fields(Selector) if getattr(self, field.name)
        )


@attrs.frozen(kw_only=True)
class IndicatorSpec:
    """How a framework computes one indicator: from which source, over which records.

    In a framework's TOML::

        [[framework.indicators]]
        key = "students-helped"
        label = { zh = "帮扶学生人数", en = "Students helped" }
        practice = "contacts"
        source = "assistance_persons"
        target = 80

    :param key: the indicator's key, unique in the framework.
    :param label: its name.
    :param practice: the key of the practice it belongs to; its area is the practice's.
    :param source: the key of the :class:`~branchkit.framework.sources.IndicatorSource` that
        computes it.
    :param select: which records the source reads (a target's key, outcome kinds, ...).
    :param target: the figure to reach; without it, the source's own (a target's
        ``at_least``), and without that the indicator is informational.
    :param partly_at: the share of the target that counts as partly met.
    :param unit: what the figure counts, if not the source's unit.
    :param description: where the figure comes from or why it matters (the words of the
        branch's report it answers to).
    """

    key: str
    label: Label
    practice: str
    source: str
    select: Selector = attrs.field(factory=Selector)
    target: decimal.Decimal | None = None
    partly_at: decimal.Decimal = PARTLY_AT
    unit: Label | None = None
    description: Label | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from key_problems("practice", self.practice)
        yield from key_problems("source", self.source)
        if self.target is not None and (not self.target.is_finite() or self.target < 0):
            yield ("target",), "must be a finite number, not negative"
        yield from share_problems("partly_at", self.partly_at)
