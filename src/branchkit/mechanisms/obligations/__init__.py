"""Periodic obligations of a role, and outcomes credited to people and teams."""

from branchkit.mechanisms.obligations.model import (
    Compliance,
    Obligation,
    ObligationSummary,
    Outcome,
    OutcomeCount,
)

__all__ = ["Compliance", "Obligation", "ObligationSummary", "Outcome", "OutcomeCount"]
