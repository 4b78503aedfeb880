"""Point rules: how a dimension's points are earned, exactly.

Points are :class:`~decimal.Decimal`. Every award is rounded to the scheme's precision (0.01 by
default) half up (四舍五入), and so is every weighted dimension; the total is the exact sum of
those, so no float drift can ever change a rank.

Kinds (the ``kind`` of a rule's TOML table):

``per_event``
    points for each event of a kind the candidate took part in, optionally capped per period;
``scaled``
    a numeric fact times a factor (an exam score × 15%);
``ratio``
    one fact divided by another times a scale (yes votes / voters × 30);
``bonus``
    points (negative for a penalty) when a condition passes;
``rank_band``
    points by rank within the candidate's group (top 20% get 10, one less per ten places
    below);
``rule``
    a point rule a plugin contributes, called by its key.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal

import attrs

from branchkit.mechanisms.inputs import PointInput
from branchkit.mechanisms.points import Award
from branchkit.mechanisms.staging.conditions import Condition
from branchkit.mechanisms.staging.context import Context
from branchkit.mechanisms.staging.facts import FactValue
from branchkit.mechanisms.verdicts import Outcome
from branchkit.records._checks import frozen_mapping
from branchkit.records.labels import Label
from branchkit.records.periods import Period, PeriodKind

__all__ = [
    "Bonus",
    "PerEvent",
    "RankBand",
    "RankTable",
    "Ratio",
    "RuleCall",
    "Scaled",
    "ScoringRule",
    "round_points",
]

ZERO = decimal.Decimal(0)


def round_points(points: decimal.Decimal, precision: decimal.Decimal) -> decimal.Decimal:
    """``points`` rounded to ``precision``, half up.

    >>> round_points(decimal.Decimal("2.345"), decimal.Decimal("0.01"))
    Decimal('2.35')
    """
    return points.quantize(precision, rounding=decimal.ROUND_HALF_UP)


def _number(value: FactValue | None) -> decimal.Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | decimal.Decimal):
        return decimal.Decimal(value)
    return None


@attrs.frozen(kw_only=True)
class _RuleBase:
    key: str
    label: Label | None = None


@attrs.frozen(kw_only=True)
class PerEvent(_RuleBase):
    """Points for each event of a kind the candidate took part in, up to the day judged.

    :param event: the event kind's key, such as ``ideological_report``.
    :param points: points per event.
    :param since: a dated fact; only events on or after it count (``activist_date``).
    :param cap: the most points the rule gives in each ``cap_per`` period (or in all).
    :param cap_per: the period kind the cap applies to, if not to all events together.
    """

    kind: Literal["per_event"] = "per_event"
    event: str
    points: decimal.Decimal
    since: str | None = None
    cap: decimal.Decimal | None = None
    cap_per: PeriodKind | None = None

    def reads(self) -> tuple[str, ...]:
        """The facts the rule reads."""
        return (self.since,) if self.since else ()

    def awards(self, context: Context, name: Label) -> list[Award]:
        """The awards for one candidate."""
        start = context.candidate.fact(self.since) if self.since else None
        counted = sorted(
            (
                event
                for event in context.events
                if event.kind == self.event
                and event.date <= context.as_of
                and (not isinstance(start, dt.date) or event.date >= start)
            ),
            key=lambda event: (event.date, event.id),
        )
        groups: dict[str, list[str]] = {}
        for event in counted:
            period = Period.containing(event.date, self.cap_per).key if self.cap_per else "all"
            groups.setdefault(period, []).append(event.id)
        awards = []
        for period, ids in groups.items():
            earned = self.points * len(ids)
            capped = min(earned, self.cap) if self.cap is not None else earned
            where = "" if period == "all" else f"（{period}）"
            where_en = "" if period == "all" else f" in {period}"
            note_zh = f"，封顶{self.cap}" if capped != earned else ""
            note_en = f", capped at {self.cap}" if capped != earned else ""
            awards.append(
                Award(
                    points=capped,
                    reason=Label(
                        zh=f"{name.zh}{where}{len(ids)}次×{self.points}{note_zh}",
                        en=f"{len(ids)} × {name.en}{where_en} at {self.points}{note_en}",
                    ),
                    sources=tuple(ids),
                )
            )
        return awards


@attrs.frozen(kw_only=True)
class Scaled(_RuleBase):
    """A numeric fact times a factor: an exam score × 0.15.

    :param fact: the numeric fact.
    :param factor: the factor.
    :param cap: the most points the rule gives, if limited.
    """

    kind: Literal["scaled"] = "scaled"
    fact: str
    factor: decimal.Decimal
    cap: decimal.Decimal | None = None

    def reads(self) -> tuple[str, ...]:
        """The facts the rule reads."""
        return (self.fact,)

    def awards(self, context: Context, name: Label) -> list[Award]:
        """The awards for one candidate."""
        value = _number(context.candidate.fact(self.fact))
        if value is None:
            return []
        earned = value * self.factor
        points = min(earned, self.cap) if self.cap is not None else earned
        fact = context.label(self.fact)
        return [
            Award(
                points=points,
                reason=Label(
                    zh=f"{fact.zh}{context.show(self.fact, 'zh')}×{self.factor}",
                    en=f"{fact.en} {context.show(self.fact, 'en')} × {self.factor}",
                ),
            )
        ]


@attrs.frozen(kw_only=True)
class Ratio(_RuleBase):
    """One fact divided by another, times a scale: yes votes / voters × 30.

    :param numerator: the fact on top.
    :param denominator: the fact below; a zero gives no points.
    :param scale: what a ratio of 1 is worth.
    """

    kind: Literal["ratio"] = "ratio"
    numerator: str
    denominator: str
    scale: decimal.Decimal

    def reads(self) -> tuple[str, ...]:
        """The facts the rule reads."""
        return (self.numerator, self.denominator)

    def awards(self, context: Context, name: Label) -> list[Award]:
        """The awards for one candidate."""
        top = _number(context.candidate.fact(self.numerator))
        below = _number(context.candidate.fact(self.denominator))
        if top is None or below is None or below == 0:
            return []
        a, b = context.label(self.numerator), context.label(self.denominator)
        return [
            Award(
                # Multiplied first: 1 / 48 × 30 is exactly 0.625, but 1 / 48 rounded to the
                # context's 28 digits, times 30, is 0.6249…9 and would round down.
                points=top * self.scale / below,
                reason=Label(
                    zh=f"{a.zh}{top}÷{b.zh}{below}×{self.scale}",
                    en=f"{a.en} {top} / {b.en} {below} × {self.scale}",
                ),
            )
        ]


@attrs.frozen(kw_only=True)
class Bonus(_RuleBase):
    """Points when a condition passes; negative points make it a penalty.

    :param when: the condition.
    :param points: the points given when it passes.
    """

    kind: Literal["bonus"] = "bonus"
    when: Condition
    points: decimal.Decimal

    def reads(self) -> tuple[str, ...]:
        """The facts the rule reads."""
        return self.when.reads()

    def awards(self, context: Context, name: Label) -> list[Award]:
        """The awards for one candidate."""
        verdict = self.when.evaluate(context)
        if verdict.outcome is not Outcome.PASSED:
            return []
        return [Award(points=self.points, reason=verdict.reason)]


@attrs.frozen(kw_only=True)
class RankBand(_RuleBase):
    """Points by rank within the candidate's group, on a numeric fact.

    The best ``top_share`` of the group (rounded up, at least one) get ``top_points``; below
    them, every ``step_places`` places cost ``step_points``, never below ``floor``. Equal
    values share the better rank (1, 2, 2, 4). Candidates without the fact get nothing.

    :param fact: the numeric fact ranked.
    :param top_share: the share of the group in the top band, such as 0.2.
    :param top_points: the points of the top band.
    :param step_places: how many places each step below spans.
    :param step_points: the points each step costs.
    :param floor: the fewest points a ranked candidate gets.
    :param higher_is_better: whether a higher value ranks first.
    """

    kind: Literal["rank_band"] = "rank_band"
    fact: str
    top_share: decimal.Decimal
    top_points: decimal.Decimal
    step_places: int = 10
    step_points: decimal.Decimal = decimal.Decimal(1)
    floor: decimal.Decimal = ZERO
    higher_is_better: bool = True

    def reads(self) -> tuple[str, ...]:
        """The facts the rule reads."""
        return (self.fact,)

    def points_for(self, rank: int, group_size: int) -> decimal.Decimal:
        """The points of the ``rank``-th place (1 is best) in a group of ``group_size``."""
        top_count = max(1, math.ceil(self.top_share * group_size))
        if rank <= top_count:
            return self.top_points
        steps = math.ceil(decimal.Decimal(rank - top_count) / self.step_places)
        return max(self.floor, self.top_points - self.step_points * steps)

    def table(self, contexts: Sequence[Context]) -> RankTable:
        """Every candidate's rank and group size, computed over all of them at once."""
        groups: dict[str, list[tuple[decimal.Decimal, str]]] = {}
        for context in contexts:
            value = _number(context.candidate.fact(self.fact))
            if value is not None:
                groups.setdefault(context.candidate.group, []).append((value, context.candidate.id))
        ranks: dict[str, tuple[int, int]] = {}
        for members in groups.values():
            ordered = sorted(members, key=lambda m: -m[0] if self.higher_is_better else m[0])
            rank = 0
            previous: decimal.Decimal | None = None
            for place, (value, candidate) in enumerate(ordered, start=1):
                if value != previous:
                    rank, previous = place, value
                ranks[candidate] = (rank, len(ordered))
        return RankTable(rule=self, ranks=MappingProxyType(ranks))


@attrs.frozen(kw_only=True, unsafe_hash=False)
class RankTable:
    """The ranks of a :class:`RankBand` rule over all candidates.

    :param rule: the rule.
    :param ranks: each candidate's rank and the size of their group.
    """

    rule: RankBand
    ranks: Mapping[str, tuple[int, int]]

    def awards(self, context: Context, name: Label) -> list[Award]:
        """The awards for one candidate."""
        found = self.ranks.get(context.candidate.id)
        if found is None:
            return []
        rank, size = found
        fact = context.label(self.rule.fact)
        group = context.candidate.group
        where_zh = f"（{group}组）" if group else ""
        where_en = f" in group {group}" if group else ""
        return [
            Award(
                points=self.rule.points_for(rank, size),
                reason=Label(
                    zh=f"{fact.zh}{context.show(self.rule.fact, 'zh')}，"
                    f"{where_zh}排名{rank}/{size}",
                    en=f"{fact.en} {context.show(self.rule.fact, 'en')}, ranked {rank} of {size}"
                    f"{where_en}",
                ),
            )
        ]


@attrs.frozen(kw_only=True, unsafe_hash=False)
class RuleCall(_RuleBase):
    """A point rule a plugin contributes, called by its key with parameters.

    :param rule: the rule's key (see ``branchkit_point_rules``).
    :param params: its parameters.
    :param facts: the facts it reads, for the checks of the scheme.
    """

    kind: Literal["rule"] = "rule"
    rule: str
    params: Mapping[str, FactValue] = attrs.field(factory=dict, converter=frozen_mapping)
    facts: tuple[str, ...] = ()

    def reads(self) -> tuple[str, ...]:
        """The facts the rule reads."""
        return self.facts

    def awards(self, context: Context, name: Label) -> list[Award]:
        """The awards for one candidate, from the plugin's function."""
        function = context.point_rules.get(self.rule)
        if function is None:
            raise LookupError(f"no plugin provides the point rule {self.rule!r}")
        awards = list(
            function(
                PointInput(
                    subject=context.candidate.id,
                    facts=context.candidate.facts,
                    events=context.events,
                    params=self.params,
                    period=None,
                )
            )
        )
        for award in awards:
            if not isinstance(award, Award) or not isinstance(award.points, decimal.Decimal):
                raise TypeError(f"point rule {self.rule!r} must return Awards with Decimal points")
        return awards


#: Every kind of point rule; TOML tables choose one by their ``kind``.
ScoringRule = PerEvent | Scaled | Ratio | Bonus | RankBand | RuleCall
