"""The ``teacher-branch`` plugin's hook implementations."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib.resources import as_file, files

import attrs

from branchkit import Framework, Term, hookimpl
from branchkit.framework.sources import IndicatorSource
from branchkit.io import Loaded, load_file
from branchkit.plugins.contributions import ReportSection
from branchkit_teacher_branch.attendance import ATTENDANCE_SECTION, THEME_DAY_ATTENDANCE


# [load]
@functools.cache
def _load(name: str) -> Loaded:
    # Loaded and checked once per process: every host asks again, and the records are immutable.
    with as_file(files("branchkit_teacher_branch") / name) as path:
        return load_file(path)


# [/load]


# [frameworks]
@hookimpl
def branchkit_frameworks() -> Sequence[Framework]:
    """The teachers' branch: its identity and practices, with their mechanisms and indicators.

    The duty list and yearly review of the pioneer posts (pioneer.toml), the monthly theme day
    (theme_days.toml), and the indicators of all three practices with their alignment to the
    "七个有力" standard of branchkit-cpc (evaluation.toml).
    """
    framework = _load("framework.toml").framework
    if framework is None:
        raise RuntimeError("framework.toml has no [framework] section")
    pioneer = _load("pioneer.toml").sections
    theme_days = _load("theme_days.toml").sections
    evaluation = _load("evaluation.toml").sections
    return [
        attrs.evolve(
            framework,
            checklists=pioneer["checklists"],
            obligations=(*pioneer["obligations"], *theme_days["obligations"]),
            indicators=evaluation["indicators"],
            alignments=evaluation["alignments"],
        )
    ]


# [/frameworks]


# [terms]
@hookimpl
def branchkit_terms() -> Sequence[Term]:
    """The roles, event, evidence and outcome kinds the branch uses beyond the national ones."""
    return _load("terms.toml").dataset.terms


# [/terms]


# [sources]
@hookimpl
def branchkit_indicator_sources() -> Sequence[IndicatorSource]:
    """The theme-day attendance, make-up sessions counted."""
    return [THEME_DAY_ATTENDANCE]


@hookimpl
def branchkit_report_sections() -> Sequence[ReportSection]:
    """Each member's theme days, in the teachers' branch's reports."""
    return [ATTENDANCE_SECTION]


# [/sources]
