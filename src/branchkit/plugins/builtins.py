"""branchkit's own hook implementations, registered as the plugin named ``builtin``.

Core uses the same hooks as every plugin: it contributes the importers for TOML, JSON and YAML
files, CSV files and Excel workbooks, the sections of the core records, the vocabulary of
unit kinds, and the indicator sources over its mechanisms.
"""

from __future__ import annotations

from collections.abc import Sequence

from branchkit.framework.builtin_sources import BUILTIN_SOURCES
from branchkit.framework.sources import IndicatorSource
from branchkit.io.documents import Importer, Section
from branchkit.io.loading import CORE_SECTIONS
from branchkit.io.readers import CORE_IMPORTERS
from branchkit.io.tables import TABLE_IMPORTERS
from branchkit.plugins.markers import hookimpl
from branchkit.records import Label, Term

__all__ = [
    "branchkit_importers",
    "branchkit_indicator_sources",
    "branchkit_sections",
    "branchkit_terms",
]


@hookimpl
def branchkit_importers() -> Sequence[Importer]:
    """The readers of TOML, JSON and YAML documents, CSV files and Excel workbooks."""
    return (*CORE_IMPORTERS, *TABLE_IMPORTERS)


@hookimpl
def branchkit_sections() -> Sequence[Section]:
    """The framework section and one section per field of :class:`~branchkit.records.Dataset`."""
    return tuple(CORE_SECTIONS.values())


_UNIT_KINDS = {
    "school": ("二级学院", "school"),
    "department": ("系部", "department"),
    "teaching_office": ("教研室", "teaching office"),
    "programme": ("专业", "programme"),
    "class": ("班级", "class"),
    "dorm": ("寝室", "dormitory"),
    "branch": ("党支部", "party branch"),
}


@hookimpl
def branchkit_terms() -> Sequence[Term]:
    """The kinds of unit every college has."""
    return [
        Term(vocabulary="unit_kind", key=key, label=Label(zh=zh, en=en))
        for key, (zh, en) in _UNIT_KINDS.items()
    ]


@hookimpl
def branchkit_indicator_sources() -> Sequence[IndicatorSource]:
    """The indicator sources over branchkit's mechanisms (targets, checklists, outcomes, ...)."""
    return BUILTIN_SOURCES
