"""Staged scoring: stages, gate conditions, time rules, votes, point rules and selection.

A :class:`Scheme` describes the stages candidates move through, the gate conditions of each
move, the facts they read, the dimensions of points with their rules, the bands of totals and
how candidates are selected. :func:`evaluate` judges, scores, ranks and selects the candidates
at a stage; :func:`due_list` says what each needs next. Both are pure functions.
"""

from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.conditions import (
    AtLeastSince,
    Compare,
    Condition,
    CountOf,
    HasEvidence,
    NotAfter,
    OneOf,
    PredicateCall,
    Present,
    ValidFor,
    Vote,
    Within,
)
from branchkit.mechanisms.staging.context import Context, PointRuleFunction, PredicateFunction
from branchkit.mechanisms.staging.due import due_list
from branchkit.mechanisms.staging.durations import Duration
from branchkit.mechanisms.staging.evaluate import build_contexts, evaluate
from branchkit.mechanisms.staging.facts import Fact, FactType, FactValue, coerce_fact
from branchkit.mechanisms.staging.prepare import prepare_candidates
from branchkit.mechanisms.staging.results import (
    CandidateResult,
    Decision,
    DimensionScore,
    DueItem,
    GateResult,
    StagingResult,
)
from branchkit.mechanisms.staging.rules import (
    Bonus,
    PerEvent,
    RankBand,
    RankTable,
    Ratio,
    RuleCall,
    Scaled,
    ScoringRule,
    round_points,
)
from branchkit.mechanisms.staging.scheme import (
    Band,
    Dimension,
    Scheme,
    Selection,
    Stage,
    TieBreak,
    Transition,
)

__all__ = [
    "AtLeastSince",
    "Band",
    "Bonus",
    "Candidate",
    "CandidateResult",
    "Compare",
    "Condition",
    "Context",
    "CountOf",
    "Decision",
    "Dimension",
    "DimensionScore",
    "DueItem",
    "Duration",
    "Fact",
    "FactType",
    "FactValue",
    "GateResult",
    "HasEvidence",
    "NotAfter",
    "OneOf",
    "PerEvent",
    "PointRuleFunction",
    "PredicateCall",
    "PredicateFunction",
    "Present",
    "RankBand",
    "RankTable",
    "Ratio",
    "RuleCall",
    "Scaled",
    "Scheme",
    "ScoringRule",
    "Selection",
    "Stage",
    "StagingResult",
    "TieBreak",
    "Transition",
    "ValidFor",
    "Vote",
    "Within",
    "build_contexts",
    "coerce_fact",
    "due_list",
    "evaluate",
    "prepare_candidates",
    "round_points",
]

# The columnar path needs numpy. It is imported on first use, so that importing branchkit (and
# starting its command line) does not pay for numpy when it is not used.
import typing

if typing.TYPE_CHECKING:
    from branchkit.mechanisms.staging.columnar import CandidateColumns as CandidateColumns
    from branchkit.mechanisms.staging.columnar import ColumnarResult as ColumnarResult
    from branchkit.mechanisms.staging.columnar import EventColumns as EventColumns
    from branchkit.mechanisms.staging.columnar import FactColumn as FactColumn
    from branchkit.mechanisms.staging.columnar import evaluate_columns as evaluate_columns

_COLUMNAR = (
    "CandidateColumns",
    "ColumnarResult",
    "EventColumns",
    "FactColumn",
    "evaluate_columns",
)
__all__ += _COLUMNAR  # noqa: PLE0605


def __getattr__(name: str) -> object:
    """The names of the columnar path, imported when first asked for."""
    if name in _COLUMNAR:
        from branchkit.mechanisms.staging import columnar  # noqa: PLC0415

        return getattr(columnar, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
