"""The frozen table of a checklist item's review states."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.checklists import (
    ACTION_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    Action,
    ItemState,
    next_state,
    replay,
)

LEGAL = {
    (ItemState.PENDING, Action.SUBMIT): ItemState.SUBMITTED,
    (ItemState.SUBMITTED, Action.VERIFY): ItemState.VERIFIED,
    (ItemState.SUBMITTED, Action.REJECT): ItemState.REJECTED,
    (ItemState.REJECTED, Action.RESUBMIT): ItemState.SUBMITTED,
}


def test_the_table_is_the_review_workflow() -> None:
    assert dict(TRANSITIONS) == LEGAL


def test_the_table_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        TRANSITIONS[ItemState.VERIFIED, Action.REJECT] = ItemState.REJECTED  # type: ignore[index]


def test_every_state_and_action_has_a_name_in_both_languages() -> None:
    assert set(STATE_LABELS) == set(ItemState)
    assert set(ACTION_LABELS) == set(Action)
    assert STATE_LABELS[ItemState.VERIFIED].zh == "已审核通过"


@pytest.mark.parametrize(
    ("state", "action"),
    [pair for pair in itertools.product(ItemState, Action) if pair not in LEGAL],
    ids=lambda value: value.value,
)
def test_every_other_pair_is_rejected_with_a_clear_message(
    state: ItemState, action: Action
) -> None:
    with pytest.raises(RecordError) as caught:
        next_state(state, action, "item 'plan' of 'T1'")
    ((path, message),) = caught.value.problems
    assert path == ("action",)
    assert message.startswith(
        f"cannot {action.value} item 'plan' of 'T1': it is {state.value}; "
        f"{action.value} is allowed from: "
    )


def test_a_verified_item_is_final() -> None:
    with pytest.raises(RecordError, match="cannot reject the item: it is verified; reject is "
                       "allowed from: submitted"):  # fmt: skip
        replay([Action.SUBMIT, Action.VERIFY, Action.REJECT])


@given(st.lists(st.sampled_from(list(Action)), max_size=8))
def test_replay_walks_the_table_or_stops_at_the_first_illegal_action(
    actions: list[Action],
) -> None:
    state = ItemState.PENDING
    for action in actions:
        if (state, action) not in LEGAL:
            with pytest.raises(RecordError, match=f"cannot {action.value} "):
                replay(actions)
            return
        state = LEGAL[state, action]
    assert replay(actions) is state
