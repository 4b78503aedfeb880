"""Evaluating a staged scheme: gates, points, rank, selection, pure and deterministic.

:func:`evaluate` is a pure function of the scheme, the candidates, the records around them and
the day: the same inputs give the same result, whatever the order of the candidates.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable, Mapping, Sequence

import attrs

from branchkit.errors import UnknownNameError
from branchkit.mechanisms.fingerprint import fingerprint
from branchkit.mechanisms.points import Award
from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.context import Context, PointRuleFunction, PredicateFunction
from branchkit.mechanisms.staging.facts import FactType
from branchkit.mechanisms.staging.results import (
    CandidateResult,
    DimensionScore,
    GateResult,
    StagingResult,
)
from branchkit.mechanisms.staging.rules import RankBand, RankTable, RuleCall, round_points
from branchkit.mechanisms.staging.scheme import Dimension, Scheme, TieBreak
from branchkit.mechanisms.verdicts import Outcome
from branchkit.records.events import Event, Evidence
from branchkit.records.labels import Label
from branchkit.records.people import Person

__all__ = ["build_contexts", "evaluate"]


def build_contexts(
    scheme: Scheme,
    candidates: Iterable[Candidate],
    *,
    as_of: dt.date,
    people: Iterable[Person] = (),
    events: Iterable[Event] = (),
    evidence: Iterable[Evidence] = (),
    predicates: Mapping[str, PredicateFunction] | None = None,
    point_rules: Mapping[str, PointRuleFunction] | None = None,
) -> list[Context]:
    """One context per candidate, sorted by id, with the candidate's own events and evidence."""
    ordered = sorted(candidates, key=lambda c: c.id)
    ids = {candidate.id for candidate in ordered}
    # Only the records naming a candidate are sorted and indexed: the rest belong to nobody here.
    named = [event for event in events if not ids.isdisjoint(event.participants)]
    named.sort(key=lambda event: (event.date, event.id))
    by_person: dict[str, list[Event]] = {}
    for event in named:
        for person in dict.fromkeys(event.participants):
            if person in ids:
                by_person.setdefault(person, []).append(event)
    about = [item for item in evidence if not ids.isdisjoint(item.persons)]
    about.sort(key=lambda item: (item.date, item.id))
    evidence_of: dict[str, list[Evidence]] = {}
    for item in about:
        for person in dict.fromkeys(item.persons):
            if person in ids:
                evidence_of.setdefault(person, []).append(item)
    people_by_id = {person.id: person for person in people}
    facts = {fact.key: fact for fact in scheme.facts}
    return [
        Context(
            candidate=candidate,
            as_of=as_of,
            facts=facts,
            people=people_by_id,
            events=tuple(by_person.get(candidate.id, ())),
            evidence=tuple(evidence_of.get(candidate.id, ())),
            predicates=predicates or {},
            point_rules=point_rules or {},
        )
        for candidate in ordered
    ]


_Bounds = tuple[decimal.Decimal, decimal.Decimal | None, decimal.Decimal | None]


def _bounds(dimension: Dimension, precision: decimal.Decimal) -> _Bounds:
    """A dimension's base, cap and floor, rounded to ``precision``."""
    # Every figure is written in the scheme's unit of points: base, cap and floor included.
    return (
        round_points(dimension.base, precision),
        None if dimension.cap is None else round_points(dimension.cap, precision),
        None if dimension.floor is None else round_points(dimension.floor, precision),
    )


def _score(
    dimension: Dimension,
    context: Context,
    tables: Mapping[int, RankTable],
    precision: decimal.Decimal,
    bounds: _Bounds,
) -> DimensionScore:
    """One candidate's points in ``dimension``; ``bounds`` are :func:`_bounds`' for it."""
    awards: list[Award] = []
    for rule in dimension.rules:
        name = rule.label or dimension.label
        source = tables[id(rule)] if isinstance(rule, RankBand) else rule
        for award in source.awards(context, name):
            points = round_points(award.points, precision)
            if type(award) is Award:
                awards.append(Award(points=points, reason=award.reason, sources=award.sources))
            else:  # a plugin's own kind of award stays of its kind
                awards.append(attrs.evolve(award, points=points))
    base, cap, floor = bounds
    earned = base + sum((award.points for award in awards), decimal.Decimal(0))
    points = earned
    if cap is not None:
        points = min(points, cap)
    if floor is not None:
        points = max(points, floor)
    return DimensionScore(
        key=dimension.key,
        label=dimension.label,
        base=base,
        earned=earned,
        points=points,
        weighted=round_points(points * dimension.weight, precision),
        awards=tuple(awards),
    )


def _tie_value(result: CandidateResult, step: TieBreak, facts: Mapping[str, object]) -> object:
    if step.by == "dimension":
        return next((d.weighted for d in result.dimensions if d.key == step.key), None)
    if step.by == "fact":
        return facts.get(step.key or "")
    return result.id


def _compare_by(step: TieBreak, a: object, b: object) -> int:
    if a == b:
        return 0
    if a is None:
        return 1
    if b is None:
        return -1
    try:
        higher = a > b  # type: ignore[operator]
    except TypeError:
        higher = str(a) > str(b)
    first = higher if step.order == "desc" else not higher
    return -1 if first else 1


_ID_ORDER = TieBreak(by="id", order="asc")


def _chain(scheme: Scheme) -> tuple[TieBreak, ...]:
    return (*scheme.selection.tie_breaks, _ID_ORDER)


def _decider(
    a: CandidateResult,
    b: CandidateResult,
    chain: Sequence[TieBreak],
    facts: Mapping[str, Mapping[str, object]],
) -> tuple[int, TieBreak]:
    for step in chain:
        order = _compare_by(
            step, _tie_value(a, step, facts[a.id]), _tie_value(b, step, facts[b.id])
        )
        if order:
            return order, step
    return 0, chain[-1]


def evaluate(
    scheme: Scheme,
    candidates: Iterable[Candidate],
    *,
    as_of: dt.date,
    people: Iterable[Person] = (),
    events: Iterable[Event] = (),
    evidence: Iterable[Evidence] = (),
    predicates: Mapping[str, PredicateFunction] | None = None,
    point_rules: Mapping[str, PointRuleFunction] | None = None,
    stage: str | None = None,
    quota: int | None = None,
) -> StagingResult:
    """Judge, score, rank and select the candidates at a stage.

    :param scheme: the rules.
    :param candidates: the candidates, facts typed (see
        :func:`~branchkit.mechanisms.staging.prepare.prepare_candidates`).
    :param as_of: the day judged: events and evidence after it do not count.
    :param people: the people, for conditions on roles (sponsors, contact persons).
    :param events: the events; each counts for its participants.
    :param evidence: the evidence; each counts for its persons.
    :param predicates: plugin condition predicates by key.
    :param point_rules: plugin point rules by key.
    :param stage: the stage to rank; the scheme's selection stage by default.
    :param quota: the quota; the scheme's by default.
    :raises UnknownNameError: when a rule calls a point rule no plugin provides.
    """
    selection = scheme.selection
    stage = selection.stage if stage is None else stage
    quota = selection.quota if quota is None else quota
    for dimension in scheme.dimensions:
        for rule in dimension.rules:
            if isinstance(rule, RuleCall) and rule.rule not in (point_rules or {}):
                raise UnknownNameError("point rule", rule.rule, point_rules or {})
    listed = [c for c in candidates if not scheme.stages or not stage or c.stage == stage]
    ids = {candidate.id for candidate in listed}
    contexts = build_contexts(
        scheme,
        listed,
        as_of=as_of,
        people=people,
        # The records of nobody listed are left out here, in the same pass as the later ones.
        events=[e for e in events if e.date <= as_of and not ids.isdisjoint(e.participants)],
        evidence=[e for e in evidence if e.date <= as_of and not ids.isdisjoint(e.persons)],
        predicates=predicates,
        point_rules=point_rules,
    )
    transition = scheme.move_from(stage) if stage else None
    conditions = transition.conditions if transition is not None else ()
    tables = {
        id(rule): rule.table(contexts)
        for dimension in scheme.dimensions
        for rule in dimension.rules
        if isinstance(rule, RankBand)
    }
    precision = scheme.precision
    bounds = [(dimension, _bounds(dimension, precision)) for dimension in scheme.dimensions]
    unranked: list[CandidateResult] = []
    for context in contexts:
        gates = []
        for condition in conditions:
            verdict = condition.evaluate(context)
            gates.append(
                GateResult(
                    key=condition.key,
                    label=condition.label or verdict.reason,
                    outcome=verdict.outcome,
                    reason=verdict.reason,
                    facts=verdict.facts,
                )
            )
        dimensions = tuple(
            _score(dimension, context, tables, precision, rounded) for dimension, rounded in bounds
        )
        total = sum((d.weighted for d in dimensions), decimal.Decimal(0))
        band = scheme.band_of(total)
        candidate = context.candidate
        unranked.append(
            CandidateResult(
                id=candidate.id,
                name=candidate.name,
                stage=candidate.stage,
                group=candidate.group,
                gates=tuple(gates),
                eligible=all(gate.outcome is Outcome.PASSED for gate in gates),
                dimensions=dimensions,
                total=total,
                band=band.key if band is not None else None,
                rank=None,
                selected=False,
            )
        )
    facts = {context.candidate.id: context.candidate.facts for context in contexts}
    ranked = _rank([r for r in unranked if r.eligible], scheme, quota, facts)
    rest = [r for r in unranked if not r.eligible]
    results = (*ranked, *rest)
    return StagingResult(
        scheme=scheme.key,
        fingerprint=fingerprint(scheme),
        as_of=as_of,
        stage=stage,
        quota=quota,
        candidates=results,
        counts={
            "candidates": len(results),
            "eligible": len(ranked),
            "selected": sum(r.selected for r in results),
            "needs_decision": sum(r.needs_decision for r in results),
        },
    )


def _rank(
    eligible: list[CandidateResult],
    scheme: Scheme,
    quota: int | None,
    facts: Mapping[str, Mapping[str, object]],
) -> list[CandidateResult]:
    chain = _chain(scheme)

    def order(a: CandidateResult, b: CandidateResult) -> int:
        if a.total != b.total:
            return -1 if a.total > b.total else 1
        return _decider(a, b, chain, facts)[0]

    ordered = sorted(eligible, key=functools.cmp_to_key(order))
    limit = len(ordered) if quota is None else min(quota, len(ordered))
    boundary = ordered[limit - 1].total if 0 < limit < len(ordered) else None
    straddles = boundary is not None and ordered[limit].total == boundary
    flag = straddles and scheme.selection.on_boundary_tie == "flag"
    results = []
    for index, result in enumerate(ordered):
        tie = _tie_note(
            ordered, index, chain, facts, scheme, at_boundary=straddles and result.total == boundary
        )
        at_tie = straddles and result.total == boundary
        # Flagged: only those strictly above a tie at the quota; otherwise the first `limit`.
        selected = (boundary is not None and result.total > boundary) if flag else index < limit
        results.append(
            attrs.evolve(
                result,
                rank=index + 1,
                selected=selected,
                needs_decision=flag and at_tie,
                tie=tie,
            )
        )
    return results


def _tie_note(
    ordered: Sequence[CandidateResult],
    index: int,
    chain: Sequence[TieBreak],
    facts: Mapping[str, Mapping[str, object]],
    scheme: Scheme,
    *,
    at_boundary: bool,
) -> Label | None:
    result = ordered[index]
    neighbours = [
        i
        for i in (index - 1, index + 1)
        if 0 <= i < len(ordered) and ordered[i].total == result.total
    ]
    if not neighbours:
        return None
    other = ordered[neighbours[0]]
    first, second = (other, result) if neighbours[0] < index else (result, other)
    step = _step_label(_decider(first, second, chain, facts)[1], scheme)
    where_zh = "（名额线上同分）" if at_boundary else ""
    where_en = " (a tie at the quota)" if at_boundary else ""
    return Label(
        zh=f"与{other.id}总分同为{result.total}{where_zh}，依{step.zh}排序",
        en=f"same total {result.total} as {other.id}{where_en}; ordered by {step.en}",
    )


def _step_label(step: TieBreak, scheme: Scheme) -> Label:
    """A tie-break step in words, with the dimension's or fact's name."""
    if step.by == "id":
        return Label(zh="编号", en="id")
    if step.by == "dimension":
        name = next(d.label for d in scheme.dimensions if d.key == step.key)
        dated = False
    else:
        fact = next(f for f in scheme.facts if f.key == step.key)
        name, dated = fact.label, fact.type is FactType.DATE
    words = {
        (False, "desc"): ("高者优先", "higher first"),
        (False, "asc"): ("低者优先", "lower first"),
        (True, "desc"): ("晚者优先", "later first"),
        (True, "asc"): ("早者优先", "earlier first"),
    }[dated, step.order]
    return Label(zh=f"{name.zh}（{words[0]}）", en=f"{name.en} ({words[1]})")
