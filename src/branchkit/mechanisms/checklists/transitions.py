"""The states of a checklist item and the frozen table of the changes allowed between them.

An item starts ``pending``. Its holder submits it; a reviewer verifies or rejects it; a
rejected item is resubmitted and reviewed again. Nothing else is allowed: :data:`TRANSITIONS`
maps each allowed ``(state, action)`` pair to the state it leads to, and is read-only. There
is no state-machine object per item: an item's state is the fold of its actions over the
table (:func:`replay`), which is a dictionary look-up per action.

>>> from branchkit.mechanisms.checklists.transitions import Action, ItemState, replay
>>> replay([Action.SUBMIT, Action.REJECT, Action.RESUBMIT, Action.VERIFY]).value
'verified'
>>> replay([Action.VERIFY], what="item 'plan' of 'T1'")
Traceback (most recent call last):
  ...
branchkit.errors.RecordError: invalid ItemTransition: $.action: cannot verify item 'plan' of 'T1': it is pending; verify is allowed from: submitted
"""  # noqa: E501 - a doctest's expected line is as long as the message

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from branchkit.errors import RecordError
from branchkit.records.labels import Label

__all__ = [
    "ACTION_LABELS",
    "STATE_LABELS",
    "TRANSITIONS",
    "Action",
    "ItemState",
    "next_state",
    "replay",
    "transition_problem",
]


class ItemState(enum.Enum):
    """Where an item stands in its review."""

    PENDING = "pending"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Action(enum.Enum):
    """What can be done to an item."""

    SUBMIT = "submit"
    VERIFY = "verify"
    REJECT = "reject"
    RESUBMIT = "resubmit"


#: The allowed changes: ``(state, action) -> next state``; any other pair is illegal.
TRANSITIONS: Mapping[tuple[ItemState, Action], ItemState] = MappingProxyType(
    {
        (ItemState.PENDING, Action.SUBMIT): ItemState.SUBMITTED,
        (ItemState.SUBMITTED, Action.VERIFY): ItemState.VERIFIED,
        (ItemState.SUBMITTED, Action.REJECT): ItemState.REJECTED,
        (ItemState.REJECTED, Action.RESUBMIT): ItemState.SUBMITTED,
    }
)

#: The states' names for people.
STATE_LABELS: Mapping[ItemState, Label] = MappingProxyType(
    {
        ItemState.PENDING: Label(zh="待提交", en="pending"),
        ItemState.SUBMITTED: Label(zh="已提交待审核", en="submitted"),
        ItemState.VERIFIED: Label(zh="已审核通过", en="verified"),
        ItemState.REJECTED: Label(zh="已退回", en="rejected"),
    }
)

#: The actions' names for people.
ACTION_LABELS: Mapping[Action, Label] = MappingProxyType(
    {
        Action.SUBMIT: Label(zh="提交", en="submit"),
        Action.VERIFY: Label(zh="审核通过", en="verify"),
        Action.REJECT: Label(zh="退回", en="reject"),
        Action.RESUBMIT: Label(zh="重新提交", en="resubmit"),
    }
)


def transition_problem(state: ItemState, action: Action, what: str) -> str:
    """Why ``action`` cannot be applied to ``what`` in ``state``, in words.

    :param state: the state the item is in.
    :param action: the action tried.
    :param what: the item, as the message names it.
    """
    allowed = sorted(before.value for before, act in TRANSITIONS if act is action)
    return (
        f"cannot {action.value} {what}: it is {state.value}; "
        f"{action.value} is allowed from: {', '.join(allowed)}"
    )


def next_state(state: ItemState, action: Action, what: str = "the item") -> ItemState:
    """The state ``action`` leads to from ``state``.

    :param state: the state the item is in.
    :param action: the action applied.
    :param what: the item, as an error message names it.
    :raises RecordError: when the table does not allow ``action`` from ``state``.
    """
    found = TRANSITIONS.get((state, action))
    if found is None:
        raise RecordError(
            "ItemTransition", [(("action",), transition_problem(state, action, what))]
        )
    return found


def replay(
    actions: Iterable[Action], start: ItemState = ItemState.PENDING, what: str = "the item"
) -> ItemState:
    """The state after applying ``actions`` in order, starting from ``start``.

    :param actions: the actions, in the order they were done.
    :param start: the state before the first one.
    :param what: the item, as an error message names it.
    :raises RecordError: at the first action the table does not allow.
    """
    state = start
    for action in actions:
        state = next_state(state, action, what)
    return state
