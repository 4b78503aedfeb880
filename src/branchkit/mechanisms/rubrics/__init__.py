"""Competency rubrics: competencies x carriers, per-person profiles and cohort distributions."""

from branchkit.mechanisms.rubrics.evaluate import (
    assessment_points,
    assessment_problems,
    evaluate_rubric,
)
from branchkit.mechanisms.rubrics.model import (
    Aggregation,
    Assessment,
    BandCount,
    Carrier,
    Cell,
    CohortDistribution,
    Competency,
    CompetencyResult,
    Level,
    MissingRule,
    PersonProfile,
    Rubric,
    RubricResult,
    Scale,
    Weight,
)

__all__ = [
    "Aggregation",
    "Assessment",
    "BandCount",
    "Carrier",
    "Cell",
    "CohortDistribution",
    "Competency",
    "CompetencyResult",
    "Level",
    "MissingRule",
    "PersonProfile",
    "Rubric",
    "RubricResult",
    "Scale",
    "Weight",
    "assessment_points",
    "assessment_problems",
    "evaluate_rubric",
]
