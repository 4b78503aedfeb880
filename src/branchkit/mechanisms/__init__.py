"""Mechanisms: generic, pure functions from records to results with explanations."""

from branchkit.mechanisms.points import Award
from branchkit.mechanisms.verdicts import Outcome, Verdict

__all__ = ["Award", "Outcome", "Verdict"]
