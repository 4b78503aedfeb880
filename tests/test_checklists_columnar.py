"""The columnar pass over role checklists gives what the object path gives, as arrays."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.checklists import (
    TRANSITIONS,
    Action,
    Checklist,
    ChecklistItem,
    ChecklistResult,
    ItemKind,
    ItemState,
    ItemTransition,
    evaluate_checklists,
)
from branchkit.mechanisms.checklists.columnar import (
    ACTIONS,
    STATES,
    TABLE,
    ChecklistArrays,
    checklist_columns,
    evaluate_checklist_columns,
)
from branchkit.records import Evidence, Label, Period, PeriodKind, Person, RoleSpan

D = dt.date
AS_OF = D(2022, 8, 15)
KINDS = ("plan", "talk", "minutes")
HOLDERS = ("A", "B", "C")
LEGAL = {state: [a for (s, a) in TRANSITIONS if s is state] for state in ItemState}


def label(text: str) -> Label:
    return Label(zh=text, en=text)


def columnar(
    checklists: list[Checklist],
    *,
    people: list[Person],
    evidence: list[Evidence],
    transitions: list[ItemTransition],
    as_of: dt.date,
) -> ChecklistArrays:
    columns = checklist_columns(
        checklists, people=people, evidence=evidence, transitions=transitions, as_of=as_of
    )
    return evaluate_checklist_columns(columns)


def test_the_table_is_the_transitions_table() -> None:
    for s, state in enumerate(STATES):
        for a, action in enumerate(ACTIONS):
            after = TRANSITIONS.get((state, action))
            assert TABLE[s, a] == (-1 if after is None else STATES.index(after))
    assert STATES[0] is ItemState.PENDING


def test_importing_the_package_does_not_import_numpy() -> None:
    code = (
        "import sys; import branchkit.mechanisms.checklists as c; "
        "assert 'numpy' not in sys.modules, 'numpy imported'; "
        "assert c.checklist_columns is not None; assert 'numpy' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_lazy_names_are_the_modules() -> None:
    package = importlib.import_module("branchkit.mechanisms.checklists")
    assert package.evaluate_checklist_columns is evaluate_checklist_columns
    with pytest.raises(AttributeError):
        _ = package.no_such_name


def test_no_checklists_gives_empty_arrays() -> None:
    arrays = columnar([], people=[], evidence=[], transitions=[], as_of=AS_OF)
    assert arrays.done.size == 0
    assert arrays.to_result() == evaluate_checklists([], people=[], evidence=[], as_of=AS_OF)


def test_bad_inputs_raise_as_the_object_path() -> None:
    item = ChecklistItem(key="plan", label=label("plan"), evidence_kinds=("plan",))
    lists = [Checklist(key="c", version="1", label=label("c"), role="r", items=(item,))]
    change = ItemTransition(
        checklist="c", version="2", item="plan", holder="A", action=Action.SUBMIT, date=AS_OF
    )
    with pytest.raises(RecordError) as objects:
        evaluate_checklists(lists, people=[], evidence=[], transitions=[change], as_of=AS_OF)
    with pytest.raises(RecordError) as columns:
        columnar(lists, people=[], evidence=[], transitions=[change], as_of=AS_OF)
    assert str(columns.value) == str(objects.value)


# ---------------------------------------------------------------------------------------------
# Random inputs: versions, recurring items, evidence in and out of windows, transitions.

dates = st.dates(min_value=D(2021, 6, 1), max_value=D(2022, 12, 31))


@st.composite
def items(draw: st.DrawFn, key: str) -> ChecklistItem:
    kind = draw(st.sampled_from(ItemKind))
    needs = tuple(draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=2, unique=True)))
    at_least = 1 if kind is ItemKind.BOOLEAN else draw(st.integers(1, 3))
    if kind is ItemKind.RECURRING:
        every = draw(st.sampled_from([PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.SEMESTER]))
        return ChecklistItem(
            key=key, label=label(key), kind=kind, evidence_kinds=needs, at_least=at_least,
            every=every,
        )  # fmt: skip
    return ChecklistItem(
        key=key, label=label(key), kind=kind, evidence_kinds=needs, at_least=at_least,
        due=draw(st.none() | dates),
        responsible=draw(st.none() | st.just("organiser")),
    )  # fmt: skip


@st.composite
def versions(draw: st.DrawFn, key: str) -> list[Checklist]:
    """One to three versions of ``key`` that do not overlap."""
    cuts = sorted(draw(st.lists(dates, max_size=2, unique=True)))
    bounds: list[tuple[dt.date | None, dt.date | None]] = []
    start: dt.date | None = draw(st.none() | st.just(D(2021, 1, 1)))
    for cut in cuts:
        bounds.append((start, cut))
        start = cut + dt.timedelta(days=1)
    bounds.append((start, draw(st.none() | st.just(D(2023, 6, 30)))))
    found = []
    for number, (valid_from, valid_to) in enumerate(bounds):
        keys = draw(st.lists(st.sampled_from(("i1", "i2", "i3")), min_size=1, unique=True))
        found.append(
            Checklist(
                key=key,
                version=f"v{number}",
                label=label(key),
                role=draw(st.sampled_from(("secretary", "member"))),
                valid_from=valid_from,
                valid_to=valid_to,
                items=tuple(draw(items(k)) for k in keys),
                needs_verification=draw(st.booleans()),
            )
        )
    return found


@st.composite
def people(draw: st.DrawFn) -> list[Person]:
    found = []
    for holder in HOLDERS:
        spans = []
        for role in draw(st.lists(st.sampled_from(("secretary", "member")), unique=True)):
            start = draw(st.none() | dates)
            end = draw(st.none() | dates)
            if start is not None and end is not None and end < start:
                start, end = end, start
            spans.append(RoleSpan(role=role, start=start, end=end))
        found.append(Person(id=holder, name=holder, roles=tuple(spans)))
    return found


@st.composite
def evidence(draw: st.DrawFn) -> list[Evidence]:
    count = draw(st.integers(0, 12))
    return [
        Evidence(
            id=f"e{number:02d}",
            kind=draw(st.sampled_from((*KINDS, "other"))),
            date=draw(dates),
            count=draw(st.integers(0, 3)),
            persons=tuple(draw(st.lists(st.sampled_from((*HOLDERS, "Z")), max_size=3))),
        )
        for number in range(count)
    ]


def _period_of(item: ChecklistItem, day: dt.date) -> str | None:
    return None if item.every is None else Period.containing(day, item.every).key


@st.composite
def transitions(draw: st.DrawFn, lists: list[Checklist], legal: bool) -> list[ItemTransition]:
    """Sequences of actions on random items; legal ones follow the table from ``pending``."""
    found: list[ItemTransition] = []
    for _ in range(draw(st.integers(0, 6))):
        version = draw(st.sampled_from(lists))
        item = draw(st.sampled_from(version.items))
        holder = draw(st.sampled_from((*HOLDERS, "Z")))
        day = draw(dates)
        period = _period_of(item, day)
        state = ItemState.PENDING
        for _ in range(draw(st.integers(1, 4))):
            if legal:
                if not LEGAL[state]:
                    break
                action = draw(st.sampled_from(LEGAL[state]))
                state = TRANSITIONS[state, action]
                day += dt.timedelta(days=draw(st.integers(0, 40)))
            else:
                action = draw(st.sampled_from(Action))
                day = draw(dates)
            found.append(
                ItemTransition(
                    checklist=version.key,
                    version=version.version,
                    item=item.key,
                    holder=holder,
                    action=action,
                    date=day,
                    period=period,
                )
            )
    return draw(st.permutations(found)) if not legal else found


@st.composite
def inputs(
    draw: st.DrawFn, legal: bool = True
) -> tuple[list[Checklist], list[Person], list[Evidence], list[ItemTransition], dt.date]:
    lists = [c for key in draw(st.sampled_from([("s",), ("s", "m")])) for c in draw(versions(key))]
    return (
        lists,
        draw(people()),
        draw(evidence()),
        draw(transitions(lists, legal)),
        draw(dates),
    )


def outcome(call: object) -> ChecklistResult | str:
    assert callable(call)
    try:
        result = call()
    except RecordError as error:
        return f"error: {error}"
    assert isinstance(result, ChecklistResult)
    return result


@given(inputs())
@settings(max_examples=300, deadline=None)
def test_columns_give_the_object_paths_result(
    case: tuple[list[Checklist], list[Person], list[Evidence], list[ItemTransition], dt.date],
) -> None:
    lists, persons, proofs, changes, as_of = case
    expected = outcome(
        lambda: evaluate_checklists(
            lists, people=persons, evidence=proofs, transitions=changes, as_of=as_of
        )
    )
    arrays_result = outcome(
        lambda: columnar(
            lists, people=persons, evidence=proofs, transitions=changes, as_of=as_of
        ).to_result()
    )
    assert arrays_result == expected
    if isinstance(expected, ChecklistResult):
        arrays = columnar(lists, people=persons, evidence=proofs, transitions=changes, as_of=as_of)
        assert arrays.complete.tolist() == [r.complete for r in expected.records]
        assert arrays.overdue.tolist() == [r.overdue for r in expected.records]
        assert int(np.sum(arrays.holder_totals[:, 0])) == len(expected.records)


@given(inputs(legal=False))
@settings(max_examples=300, deadline=None)
def test_illegal_transitions_raise_the_same_error(
    case: tuple[list[Checklist], list[Person], list[Evidence], list[ItemTransition], dt.date],
) -> None:
    lists, persons, proofs, changes, as_of = case
    expected = outcome(
        lambda: evaluate_checklists(
            lists, people=persons, evidence=proofs, transitions=changes, as_of=as_of
        )
    )
    found = outcome(
        lambda: columnar(
            lists, people=persons, evidence=proofs, transitions=changes, as_of=as_of
        ).to_result()
    )
    assert found == expected


def test_an_illegal_step_is_reported_once_per_item() -> None:
    item = ChecklistItem(key="plan", label=label("plan"), evidence_kinds=("plan",))
    lists = [Checklist(key="c", version="1", label=label("c"), role="r", items=(item,))]
    common = {"checklist": "c", "version": "1", "item": "plan"}
    changes = [
        ItemTransition(holder="A", action=Action.VERIFY, date=D(2022, 1, 2), **common),
        ItemTransition(holder="A", action=Action.REJECT, date=D(2022, 1, 3), **common),
        ItemTransition(holder="B", action=Action.SUBMIT, date=D(2022, 1, 1), **common),
        ItemTransition(holder="B", action=Action.SUBMIT, date=D(2022, 1, 1), **common),
    ]
    with pytest.raises(RecordError) as objects:
        evaluate_checklists(lists, people=[], evidence=[], transitions=changes, as_of=AS_OF)
    with pytest.raises(RecordError) as columns:
        columnar(lists, people=[], evidence=[], transitions=changes, as_of=AS_OF)
    assert columns.value.problems == objects.value.problems
    assert len(columns.value.problems) == 2
