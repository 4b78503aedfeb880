"""Contact networks and assistance cases: who is tied to which unit, and who is helped."""

from branchkit.mechanisms.contacts.assistance import (
    AssistanceCase,
    AssistancePlan,
    CaseSummary,
    FollowUp,
    OverdueFollowUp,
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
    tier_targets,
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
    "Tier",
    "TierResult",
    "evaluate_network",
    "follow_up_problems",
    "summarise_cases",
    "tier_targets",
]
