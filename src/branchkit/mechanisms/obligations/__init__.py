"""Periodic obligations of a role, and outcomes credited to people and teams."""

from branchkit.mechanisms.obligations.compliance import (
    check_obligations,
    compliance_by_person,
    deciding_day,
    judged_periods,
)
from branchkit.mechanisms.obligations.model import (
    Compliance,
    Obligation,
    ObligationSummary,
    Outcome,
    OutcomeCount,
    PersonCompliance,
)
from branchkit.mechanisms.obligations.outcomes import (
    OUTCOME_VOCABULARIES,
    credited,
    outcome_problems,
    summarise_outcomes,
    team_members,
)

__all__ = [
    "OUTCOME_VOCABULARIES",
    "Compliance",
    "Obligation",
    "ObligationSummary",
    "Outcome",
    "OutcomeCount",
    "PersonCompliance",
    "check_obligations",
    "compliance_by_person",
    "credited",
    "deciding_day",
    "judged_periods",
    "outcome_problems",
    "summarise_outcomes",
    "team_members",
]
