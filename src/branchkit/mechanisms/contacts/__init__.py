"""Contact networks and assistance cases: who is tied to which unit, and who is helped."""

from branchkit.mechanisms.contacts.assistance import (
    AssistanceCase,
    CaseSummary,
    FollowUp,
    OverdueFollowUp,
    summarise_cases,
)
from branchkit.mechanisms.contacts.network import (
    Assignment,
    Gap,
    HolderLoad,
    LoadSummary,
    NetworkResult,
    OverdueContact,
    Tier,
    TierResult,
    UnitCoverage,
    evaluate_network,
)

__all__ = [
    "Assignment",
    "AssistanceCase",
    "CaseSummary",
    "FollowUp",
    "Gap",
    "HolderLoad",
    "LoadSummary",
    "NetworkResult",
    "OverdueContact",
    "OverdueFollowUp",
    "Tier",
    "TierResult",
    "UnitCoverage",
    "evaluate_network",
    "summarise_cases",
]
