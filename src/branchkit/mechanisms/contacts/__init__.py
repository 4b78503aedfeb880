"""Contact networks: tiers of ties between holders of a role and units, and their coverage."""

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
    "Gap",
    "HolderLoad",
    "LoadSummary",
    "NetworkResult",
    "OverdueContact",
    "Tier",
    "TierResult",
    "UnitCoverage",
    "evaluate_network",
]
