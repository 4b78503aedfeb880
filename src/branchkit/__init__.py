"""branchkit: branch evaluation frameworks for college party branches.

Generic mechanisms (contact networks, mentor pairings, staged scoring, role checklists,
targets) over frozen records, configured and extended by plugins, evaluated against standards
such as "七个有力", and reported for people.

The names most callers need are importable from here::

    >>> import branchkit
    >>> host = branchkit.Host.create(autoload=False)
    >>> "toml" in host.importers()
    True
"""

import logging

from branchkit._version import __version__
from branchkit.errors import BranchkitError, InputError, Problem
from branchkit.framework import Area, Framework, Practice
from branchkit.io import make_converter
from branchkit.plugins import Host, hookimpl
from branchkit.records import (
    Dataset,
    Event,
    Evidence,
    Label,
    Membership,
    Period,
    PeriodKind,
    Person,
    RoleSpan,
    Sensitivity,
    Term,
    Unit,
)

# A library leaves logging set-up to the application; without a handler of its own, Python
# would print branchkit's warnings to stderr a second time through its last-resort handler.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Area",
    "BranchkitError",
    "Dataset",
    "Event",
    "Evidence",
    "Framework",
    "Host",
    "InputError",
    "Label",
    "Membership",
    "Period",
    "PeriodKind",
    "Person",
    "Practice",
    "Problem",
    "RoleSpan",
    "Sensitivity",
    "Term",
    "Unit",
    "__version__",
    "hookimpl",
    "make_converter",
]
