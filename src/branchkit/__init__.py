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

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from branchkit._version import __version__

if TYPE_CHECKING:
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

# Each public name and the module that defines it. They are imported on first use, so that
# `import branchkit.errors` or the command line's --help does not load every layer.
_HOMES = {
    "BranchkitError": "branchkit.errors",
    "InputError": "branchkit.errors",
    "Problem": "branchkit.errors",
    "Area": "branchkit.framework",
    "Framework": "branchkit.framework",
    "Practice": "branchkit.framework",
    "make_converter": "branchkit.io",
    "Host": "branchkit.plugins",
    "hookimpl": "branchkit.plugins",
    **dict.fromkeys(
        (
            "Dataset", "Event", "Evidence", "Label", "Membership", "Period", "PeriodKind",
            "Person", "RoleSpan", "Sensitivity", "Term", "Unit",
        ),
        "branchkit.records",
    ),
}  # fmt: skip

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'branchkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
