"""Counted targets: events, person-times and distinct persons reached within a period.

A :class:`Target` (at least 10 service events, at least 300 person-times in two years) is
judged by :func:`evaluate_targets` into a :class:`TargetProgress`: the figure reached, whether
it is met, its projection to the period's end, the events behind it and its breakdowns by
partner organisation and by audience.
"""

from branchkit.mechanisms.targets.evaluate import (
    counts_towards,
    elapsed_days,
    evaluate_targets,
    measure_events,
    person_times,
    project,
)
from branchkit.mechanisms.targets.model import (
    Breakdown,
    Dimension,
    Measure,
    Target,
    TargetProgress,
)

__all__ = [
    "Breakdown",
    "Dimension",
    "Measure",
    "Target",
    "TargetProgress",
    "counts_towards",
    "elapsed_days",
    "evaluate_targets",
    "measure_events",
    "person_times",
    "project",
]
