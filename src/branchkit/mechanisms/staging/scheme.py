"""A staged scheme: stages, the gates between them, facts, point dimensions, bands, selection.

The scheme is data: it can be built from Python objects or structured from TOML by the strict
converter. Building one checks it whole: duplicate and unknown stage keys, cycles among the
transitions (named by their keys), duplicate condition keys within a transition, facts that
conditions and rules read but the scheme does not declare, and values of the wrong type.
"""

from __future__ import annotations

import decimal
import graphlib
from collections.abc import Iterator
from typing import Literal

import attrs

from branchkit.errors import Path
from branchkit.mechanisms.staging.conditions import (
    AtLeastSince,
    Compare,
    Condition,
    CountOf,
    NotAfter,
    OneOf,
    ValidFor,
    Vote,
    Within,
)
from branchkit.mechanisms.staging.facts import Fact, FactType, FactValue, coerce_fact
from branchkit.mechanisms.staging.rules import (
    Bonus,
    PerEvent,
    RankBand,
    Ratio,
    Scaled,
    ScoringRule,
)
from branchkit.records._checks import duplicate_problems, ensure_valid, key_problems
from branchkit.records.labels import Label
from branchkit.records.periods import PeriodKind

__all__ = ["Band", "Dimension", "Scheme", "Selection", "Stage", "TieBreak", "Transition"]

Found = Iterator[tuple[Path, str]]
_ONE = decimal.Decimal(1)
_ZERO = decimal.Decimal(0)


@attrs.frozen(kw_only=True)
class Stage:
    """A stage a candidate can be at.

    :param key: the stage's key.
    :param label: its name.
    """

    key: str
    label: Label

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("key", self.key))


@attrs.frozen(kw_only=True)
class Transition:
    """The move from one stage to the next, and the gate conditions it needs.

    :param source: the stage moved from.
    :param target: the stage moved to.
    :param conditions: the gate conditions; every one must pass.
    :param label: the move's name, if it has one.
    """

    source: str
    target: str
    conditions: tuple[Condition, ...] = ()
    label: Label | None = None


@attrs.frozen(kw_only=True)
class Dimension:
    """A dimension of points: a base, rules that add to it, a cap and a weight.

    :param key: the dimension's key.
    :param label: its name.
    :param rules: the rules that earn its points.
    :param base: the points every candidate starts with.
    :param cap: the most points the dimension can reach (before its weight), if limited.
    :param floor: the fewest points it can fall to (after penalties), if limited.
    :param weight: what its points are multiplied by in the total.
    """

    key: str
    label: Label
    rules: tuple[ScoringRule, ...] = ()
    base: decimal.Decimal = _ZERO
    cap: decimal.Decimal | None = None
    floor: decimal.Decimal | None = None
    weight: decimal.Decimal = _ONE


@attrs.frozen(kw_only=True)
class Band:
    """A band of totals: a total at or above ``at_least`` (and below the next band) is in it.

    :param key: the band's key.
    :param label: its name.
    :param at_least: the lowest total in the band.
    """

    key: str
    label: Label
    at_least: decimal.Decimal


@attrs.frozen(kw_only=True)
class TieBreak:
    """One step of the tie-break chain.

    :param by: ``dimension`` (its points), ``fact`` (a fact's value) or ``id``.
    :param key: the dimension's or fact's key (none for ``id``).
    :param order: ``desc`` puts the higher value first, ``asc`` the lower (an earlier date).
    """

    by: Literal["dimension", "fact", "id"]
    key: str | None = None
    order: Literal["desc", "asc"] = "desc"

    @property
    def label(self) -> Label:
        """The step in words."""
        if self.by == "id":
            return Label(zh="编号", en="id")
        way_zh, way_en = (
            ("高者优先", "higher first") if self.order == "desc" else ("低者优先", "lower first")
        )
        return Label(zh=f"{self.key}（{way_zh}）", en=f"{self.key} ({way_en})")


@attrs.frozen(kw_only=True)
class Selection:
    """Which candidates are ranked and how many are selected ("积分PK").

    Candidates at ``stage`` who pass every gate of the move to ``target`` are ranked by their
    total, then by the tie-break chain, then by id. At most ``quota`` are selected. When equal
    totals straddle the quota, ``on_boundary_tie`` says what happens: ``break`` lets the chain
    decide and reports it; ``flag`` selects only those above the tie and marks the tied ones
    for a human decision.

    :param stage: the stage whose candidates are ranked; empty for a scheme without stages.
    :param target: the stage selection moves them to; empty for a scheme without stages.
    :param quota: the most selected; ``None`` for no limit.
    :param tie_breaks: the tie-break chain, applied in order before the id.
    :param on_boundary_tie: ``break`` or ``flag``.
    """

    stage: str = ""
    target: str = ""
    quota: int | None = None
    tie_breaks: tuple[TieBreak, ...] = ()
    on_boundary_tie: Literal["break", "flag"] = "break"


_DATE_RULES = AtLeastSince | ValidFor | NotAfter | Within


def _field_of(condition: Condition, fact: str) -> Path:
    """Where in ``condition`` the fact is named: ``("then",)``, ``("facts", 1)``."""
    for field in attrs.fields(type(condition)):
        value = getattr(condition, field.name)
        if field.name in ("key", "kind", "label"):
            continue
        if value == fact:
            return (field.name,)
        if isinstance(value, tuple) and fact in value:
            return (field.name, value.index(fact))
    return ()


def _condition_problems(path: Path, condition: Condition, facts: dict[str, Fact]) -> Found:
    for fact in condition.reads():
        if fact not in facts:
            yield (
                (*path, *_field_of(condition, fact)),
                f"the fact {fact!r} is not declared in the scheme's facts",
            )
    if isinstance(condition, _DATE_RULES):
        for fact in condition.reads():
            if fact in facts and facts[fact].type is not FactType.DATE:
                yield path, f"the fact {fact!r} must be a date for the {condition.kind} condition"
    if isinstance(condition, CountOf):
        spec = facts.get(condition.fact)
        if spec is not None and spec.type is not FactType.IDS:
            yield path, f"the fact {condition.fact!r} must list ids for the count_of condition"
    if isinstance(condition, Vote):
        for fact in condition.reads():
            if fact in facts and facts[fact].type is not FactType.INTEGER:
                yield path, f"the fact {fact!r} must be an integer for the vote condition"
    if isinstance(condition, OneOf) and not condition.values:
        yield (*path, "values"), "needs at least one value"
    if isinstance(condition, Compare | OneOf) and condition.fact in facts:
        places: list[tuple[Path, FactValue]] = (
            [(("value",), condition.value)]
            if isinstance(condition, Compare)
            else [(("values", index), value) for index, value in enumerate(condition.values)]
        )
        for place, value in places:
            try:
                coerce_fact(facts[condition.fact], value)
            except ValueError as error:
                yield (*path, *place), f"{error} for the fact {condition.fact!r}"


def _rule_problems(path: Path, rule: ScoringRule, facts: dict[str, Fact]) -> Found:
    # A bonus's condition reports its own facts, at the condition.
    for fact in () if isinstance(rule, Bonus) else rule.reads():
        if fact not in facts:
            yield path, f"the fact {fact!r} is not declared in the scheme's facts"
    since = facts.get(rule.since or "") if isinstance(rule, PerEvent) else None
    if since is not None and since.type is not FactType.DATE:
        yield path, f"the fact {since.key!r} must be a date for the per_event rule"
    numeric = (FactType.INTEGER, FactType.DECIMAL)
    if isinstance(rule, Scaled | Ratio | RankBand):
        for fact in rule.reads():
            if fact in facts and facts[fact].type not in numeric:
                yield path, f"the fact {fact!r} must be a number for the {rule.kind} rule"
    if isinstance(rule, Bonus):
        yield from _condition_problems((*path, "when"), rule.when, facts)
    if isinstance(rule, RankBand) and not _ZERO < rule.top_share <= _ONE:
        yield (*path, "top_share"), "must be more than 0 and at most 1"
    if isinstance(rule, PerEvent) and rule.cap_per is PeriodKind.CUSTOM:
        yield (
            (*path, "cap_per"),
            (
                "a custom period cannot group events; use academic_year, semester, year, quarter "
                "or month"
            ),
        )
    if isinstance(rule, RankBand) and rule.step_places < 1:
        yield (*path, "step_places"), "must be at least 1"


@attrs.frozen(kw_only=True)
class Scheme:
    """A staged scheme with points and selection.

    :param key: the scheme's key.
    :param label: its name.
    :param stages: the stages, in order; empty for a scheme that only ranks.
    :param transitions: the moves between stages with their gates.
    :param facts: the facts conditions and rules read.
    :param dimensions: the dimensions of points.
    :param bands: the bands of totals.
    :param selection: how candidates are ranked and selected.
    :param precision: the unit points are rounded to, half up.
    """

    key: str
    label: Label
    stages: tuple[Stage, ...] = ()
    transitions: tuple[Transition, ...] = ()
    facts: tuple[Fact, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    bands: tuple[Band, ...] = ()
    selection: Selection = Selection()
    precision: decimal.Decimal = decimal.Decimal("0.01")

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Found:
        yield from key_problems("key", self.key)
        yield from duplicate_problems("stages", self.stages, lambda stage: stage.key)
        yield from duplicate_problems("facts", self.facts, lambda fact: fact.key)
        yield from duplicate_problems("dimensions", self.dimensions, lambda d: d.key)
        yield from duplicate_problems("bands", self.bands, lambda band: band.key)
        stages = {stage.key for stage in self.stages}
        facts = {fact.key: fact for fact in self.facts}
        yield from self._graph_problems(stages)
        for t_index, transition in enumerate(self.transitions):
            path: Path = ("transitions", t_index)
            yield from (
                ((*path, *relative), message)
                for relative, message in duplicate_problems(
                    "conditions", transition.conditions, lambda c: c.key
                )
            )
            for c_index, condition in enumerate(transition.conditions):
                yield from _condition_problems((*path, "conditions", c_index), condition, facts)
        for d_index, dimension in enumerate(self.dimensions):
            for r_index, rule in enumerate(dimension.rules):
                yield from _rule_problems(("dimensions", d_index, "rules", r_index), rule, facts)
        yield from self._selection_problems(stages, facts)
        if self.precision <= 0:
            yield ("precision",), "must be more than 0"

    def _graph_problems(self, stages: set[str]) -> Found:
        # Lists in the order written, not sets: the cycle reported is the same every run.
        graph: dict[str, list[str]] = {stage.key: [] for stage in self.stages}
        for index, transition in enumerate(self.transitions):
            for end in ("source", "target"):
                if getattr(transition, end) not in stages:
                    yield (
                        ("transitions", index, end),
                        (f"no stage has the key {getattr(transition, end)!r}"),
                    )
            graph.setdefault(transition.target, []).append(transition.source)
        try:
            tuple(graphlib.TopologicalSorter(graph).static_order())
        except graphlib.CycleError as error:
            cycle = " -> ".join(error.args[1])
            yield ("transitions",), f"the stages form a cycle: {cycle}"

    def _selection_problems(self, stages: set[str], facts: dict[str, Fact]) -> Found:
        selection = self.selection
        if stages and selection.stage and selection.stage not in stages:
            yield ("selection", "stage"), f"no stage has the key {selection.stage!r}"
        if (
            selection.stage
            and selection.target
            and self.transition(selection.stage, selection.target) is None
        ):
            yield (
                ("selection", "target"),
                (f"no transition leads from {selection.stage!r} to {selection.target!r}"),
            )
        if selection.quota is not None and selection.quota < 0:
            yield ("selection", "quota"), "cannot be negative"
        dimensions = {dimension.key for dimension in self.dimensions}
        for index, step in enumerate(selection.tie_breaks):
            known = dimensions if step.by == "dimension" else facts if step.by == "fact" else None
            if known is not None and step.key not in known:
                yield (
                    ("selection", "tie_breaks", index, "key"),
                    (f"no {step.by} has the key {step.key!r}"),
                )

    def transition(self, source: str, target: str) -> Transition | None:
        """The move from ``source`` to ``target``, if the scheme has one."""
        for transition in self.transitions:
            if transition.source == source and transition.target == target:
                return transition
        return None

    def move_from(self, stage: str) -> Transition | None:
        """The move whose gates candidates at ``stage`` are judged by.

        From the selection's stage, the move to the selection's target; from any other stage,
        its only move onward (``None`` when it has none or several).
        """
        if stage == self.selection.stage and self.selection.target:
            return self.transition(stage, self.selection.target)
        onward = [t for t in self.transitions if t.source == stage]
        return onward[0] if len(onward) == 1 else None

    def band_of(self, total: decimal.Decimal) -> Band | None:
        """The band a total falls in, if any."""
        reached = [band for band in self.bands if total >= band.at_least]
        return max(reached, key=lambda band: band.at_least) if reached else None
