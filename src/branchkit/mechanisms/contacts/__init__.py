"""Contact networks and assistance cases: who is tied to which target, and who is helped."""

import typing

from branchkit.mechanisms.contacts.assistance import (
    AssistanceCase,
    AssistancePlan,
    CaseSummary,
    FollowUp,
    OverdueFollowUp,
    case_problems,
    follow_up_problems,
    summarise_cases,
)
from branchkit.mechanisms.contacts.network import (
    Assignment,
    Coverage,
    Gap,
    HolderLoad,
    LoadSummary,
    NetworkResult,
    OverdueContact,
    Tier,
    TierResult,
    evaluate_network,
    tie_problem,
    tier_targets,
)
from branchkit.mechanisms.contacts.over_time import (
    PeriodCoverage,
    TierCoverageOver,
    coverage_over,
)

__all__ = [
    "Assignment",
    "AssistanceCase",
    "AssistancePlan",
    "CaseSummary",
    "Coverage",
    "FollowUp",
    "Gap",
    "HolderLoad",
    "LoadSummary",
    "NetworkResult",
    "OverdueContact",
    "OverdueFollowUp",
    "PeriodCoverage",
    "Tier",
    "TierCoverageOver",
    "TierResult",
    "case_problems",
    "coverage_over",
    "evaluate_network",
    "follow_up_problems",
    "summarise_cases",
    "tie_problem",
    "tier_targets",
]

# The columnar pass and the suggestions need numpy: they are imported on first use, so that
# importing branchkit (and starting its command line) does not pay for numpy when unused.
if typing.TYPE_CHECKING:
    from branchkit.mechanisms.contacts.columnar import NetworkArrays as NetworkArrays
    from branchkit.mechanisms.contacts.columnar import NetworkColumns as NetworkColumns
    from branchkit.mechanisms.contacts.columnar import TierArrays as TierArrays
    from branchkit.mechanisms.contacts.columnar import TierColumns as TierColumns
    from branchkit.mechanisms.contacts.columnar import evaluate_columns as evaluate_columns
    from branchkit.mechanisms.contacts.columnar import network_columns as network_columns
    from branchkit.mechanisms.contacts.suggest import Suggestion as Suggestion
    from branchkit.mechanisms.contacts.suggest import Unfilled as Unfilled
    from branchkit.mechanisms.contacts.suggest import UnfilledKind as UnfilledKind
    from branchkit.mechanisms.contacts.suggest import suggest_assignments as suggest_assignments

_COLUMNAR = (
    "NetworkArrays",
    "NetworkColumns",
    "TierArrays",
    "TierColumns",
    "evaluate_columns",
    "network_columns",
)
_SUGGEST = ("Suggestion", "Unfilled", "UnfilledKind", "suggest_assignments")
__all__ += _COLUMNAR  # noqa: PLE0605
__all__ += _SUGGEST  # noqa: PLE0605


def __getattr__(name: str) -> object:
    """The names of the columnar pass and of the suggestions, imported when first asked for."""
    if name in _COLUMNAR:
        from branchkit.mechanisms.contacts import columnar  # noqa: PLC0415

        return getattr(columnar, name)
    if name in _SUGGEST:
        from branchkit.mechanisms.contacts import suggest  # noqa: PLC0415

        return getattr(suggest, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
