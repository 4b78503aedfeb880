"""What a staged evaluation gives: for each candidate, gates, points, total, rank and selection.

Every figure carries its explanation: each gate its outcome, reason and the facts it read;
each dimension its awards, each with the rule's reason and the records behind it. Rankings are
advisory: a :class:`Decision` records what people then decided, who and when.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Literal

import attrs

from branchkit.mechanisms.points import Award
from branchkit.mechanisms.verdicts import Outcome
from branchkit.records.labels import Label
from branchkit.records.sensitivity import IDENTIFIER, PERSONAL

__all__ = [
    "CandidateResult",
    "Decision",
    "DimensionScore",
    "DueItem",
    "GateResult",
    "StagingResult",
]


@attrs.frozen(kw_only=True)
class GateResult:
    """One gate condition's outcome for one candidate.

    :param key: the condition's key.
    :param label: the condition's name.
    :param outcome: passed, failed or unknown.
    :param reason: why, in both languages.
    :param facts: the facts it read.
    """

    key: str
    label: Label
    outcome: Outcome
    reason: Label
    facts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class DimensionScore:
    """One dimension's points for one candidate.

    :param key: the dimension's key.
    :param label: its name.
    :param base: the points every candidate starts with.
    :param earned: the base plus every award, before the cap and floor.
    :param points: the points after the cap and floor.
    :param weighted: the points times the weight, rounded: what the total adds.
    :param awards: the awards, each with its reason and sources.
    """

    key: str
    label: Label
    base: decimal.Decimal
    earned: decimal.Decimal
    points: decimal.Decimal
    weighted: decimal.Decimal
    awards: tuple[Award, ...] = ()


@attrs.frozen(kw_only=True)
class Decision:
    """What people decided about a ranked candidate.

    :param outcome: ``confirmed``, ``rejected`` or ``deferred``.
    :param by: who decided (a meeting, a person).
    :param on: when.
    :param reason: why.
    """

    outcome: Literal["confirmed", "rejected", "deferred"]
    by: str
    on: dt.date
    reason: str = ""


@attrs.frozen(kw_only=True)
class CandidateResult:
    """Everything the evaluation says about one candidate.

    :param id: the candidate's id.
    :param name: the candidate's name.
    :param stage: the stage the candidate is at.
    :param group: the candidate's group.
    :param gates: the gate conditions of the move selection leads to, in order.
    :param eligible: whether every gate passed.
    :param dimensions: the points per dimension.
    :param total: the sum of the weighted dimensions.
    :param band: the key of the band the total falls in, if any.
    :param rank: the place among the eligible (1 is first); ``None`` when not eligible.
    :param selected: whether the candidate is within the quota.
    :param needs_decision: whether a tie at the quota leaves the choice to people.
    :param tie: how a tie with a neighbour was broken, if there was one.
    :param decision: what people decided, once they have.
    """

    id: str = attrs.field(metadata=IDENTIFIER)
    name: str = attrs.field(metadata=PERSONAL)
    stage: str
    group: str
    gates: tuple[GateResult, ...]
    eligible: bool
    dimensions: tuple[DimensionScore, ...]
    total: decimal.Decimal
    band: str | None
    rank: int | None
    selected: bool
    needs_decision: bool = False
    tie: Label | None = None
    decision: Decision | None = None


@attrs.frozen(kw_only=True, unsafe_hash=False)
class StagingResult:
    """A whole evaluation: every candidate at the stage, ranked, with the run's figures.

    :param scheme: the scheme's key.
    :param fingerprint: the SHA-256 of the scheme's rules: the result names the rules that
        made it.
    :param as_of: the day judged.
    :param stage: the stage whose candidates were ranked.
    :param quota: the quota applied, if any.
    :param candidates: the candidates in rank order, the ineligible after, by id.
    :param counts: how many candidates, eligible, selected and needing a decision.
    """

    scheme: str
    fingerprint: str
    as_of: dt.date
    stage: str
    quota: int | None
    candidates: tuple[CandidateResult, ...]
    counts: Mapping[str, int]


@attrs.frozen(kw_only=True)
class DueItem:
    """What a candidate needs next, and by when.

    :param candidate: the candidate's id.
    :param gate: the key of the gate condition it comes from.
    :param kind: ``wait`` (a time to pass), ``deadline`` (something to do by a day),
        ``renew`` (something that expires) or ``inconsistent`` (dates that cannot be right).
    :param due: the day it is due or reached, if there is one.
    :param status: ``pending``, ``overdue`` or ``impossible``.
    :param reason: the gate's reason, in both languages.
    """

    candidate: str = attrs.field(metadata=IDENTIFIER)
    gate: str
    kind: Literal["wait", "deadline", "renew", "inconsistent"]
    due: dt.date | None
    status: Literal["pending", "overdue", "impossible"]
    reason: Label
