"""Role checklists: roles -> versioned checklists -> items, with evidence, review and completion.

:mod:`~branchkit.mechanisms.checklists.model` holds the records,
:mod:`~branchkit.mechanisms.checklists.transitions` the frozen table of an item's review
states, and :mod:`~branchkit.mechanisms.checklists.evaluate` the judging of them on a day.
"""

from branchkit.mechanisms.checklists.evaluate import (
    StateKey,
    checklist_problems,
    evaluate_checklists,
    item_states,
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
    "next_state",
    "replay",
    "transition_problem",
    "version_in_force",
]
