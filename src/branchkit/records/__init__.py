"""Records: the frozen facts every mechanism reads.

People with dated roles and unit memberships, nested units, periods, events, evidence and
vocabulary terms, each a frozen ``attrs`` class that checks its own rules when built and raises
:class:`~branchkit.errors.RecordError` listing every broken one. Fields carry their
:class:`Sensitivity` in metadata. Records hold no serialisation logic: that belongs to
:func:`branchkit.io.make_converter`.
"""

from branchkit.records.dataset import Dataset, dataset_problems
from branchkit.records.events import Event, Evidence
from branchkit.records.labels import LANGUAGES, Label, Language
from branchkit.records.people import Membership, Person, RoleSpan
from branchkit.records.periods import Period, PeriodKind
from branchkit.records.sensitivity import (
    PERSONAL,
    SENSITIVE,
    Sensitivity,
    fields_at_least,
    redacted_repr,
    sensitivity_of,
)
from branchkit.records.terms import VOCABULARIES, Term
from branchkit.records.units import Unit, UnitTree

__all__ = [
    "LANGUAGES",
    "PERSONAL",
    "SENSITIVE",
    "VOCABULARIES",
    "Dataset",
    "Event",
    "Evidence",
    "Label",
    "Language",
    "Membership",
    "Period",
    "PeriodKind",
    "Person",
    "RoleSpan",
    "Sensitivity",
    "Term",
    "Unit",
    "UnitTree",
    "dataset_problems",
    "fields_at_least",
    "redacted_repr",
    "sensitivity_of",
]
