"""Role checklists: roles -> versioned checklists -> items, with evidence, review and completion.

:mod:`~branchkit.mechanisms.checklists.model` holds the records,
:mod:`~branchkit.mechanisms.checklists.transitions` the frozen table of an item's review
states, and :mod:`~branchkit.mechanisms.checklists.evaluate` the judging of them on a day.
"""

import typing

from branchkit.mechanisms.checklists.evaluate import (
    StateKey,
    checklist_problems,
    evaluate_checklists,
    item_states,
    latest_versions,
    version_in_force,
)
from branchkit.mechanisms.checklists.model import (
    Checklist,
    ChecklistItem,
    ChecklistResult,
    ChecklistTotals,
    HolderTotals,
    ItemKind,
    ItemResult,
    ItemTotals,
    ItemTransition,
    RoleTotals,
)
from branchkit.mechanisms.checklists.transitions import (
    ACTION_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    Action,
    ItemState,
    next_state,
    replay,
    transition_problem,
)

__all__ = [
    "ACTION_LABELS",
    "STATE_LABELS",
    "TRANSITIONS",
    "Action",
    "Checklist",
    "ChecklistItem",
    "ChecklistResult",
    "ChecklistTotals",
    "HolderTotals",
    "ItemKind",
    "ItemResult",
    "ItemState",
    "ItemTotals",
    "ItemTransition",
    "RoleTotals",
    "StateKey",
    "checklist_problems",
    "evaluate_checklists",
    "item_states",
    "latest_versions",
    "next_state",
    "replay",
    "transition_problem",
    "version_in_force",
]

# The columnar pass needs numpy: it is imported on first use, so that importing branchkit (and
# starting its command line) does not pay for numpy when unused.
if typing.TYPE_CHECKING:
    from branchkit.mechanisms.checklists.columnar import ChecklistArrays as ChecklistArrays
    from branchkit.mechanisms.checklists.columnar import ChecklistColumns as ChecklistColumns
    from branchkit.mechanisms.checklists.columnar import checklist_columns as checklist_columns
    from branchkit.mechanisms.checklists.columnar import (
        evaluate_checklist_columns as evaluate_checklist_columns,
    )

_COLUMNAR = (
    "ChecklistArrays",
    "ChecklistColumns",
    "checklist_columns",
    "evaluate_checklist_columns",
)
__all__ += _COLUMNAR  # noqa: PLE0605


def __getattr__(name: str) -> object:
    """The names of the columnar pass, imported when first asked for."""
    if name in _COLUMNAR:
        from branchkit.mechanisms.checklists import columnar  # noqa: PLC0415

        return getattr(columnar, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
