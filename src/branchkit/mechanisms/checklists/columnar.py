"""Columnar evaluation of role checklists: states, evidence counts and totals, with numpy.

:func:`~branchkit.mechanisms.checklists.evaluate.evaluate_checklists` builds a record per item
owed, which is what a report needs but costs too much for a whole college. Here the same inputs
as of a day are first put into columns by :func:`checklist_columns`, once, in plain Python:
the checks of the object path, the version judged and the holders owing each item (by the
object path's own rules), one row per item owed in the order of its records with its evidence
window as day numbers, one row per evidence kind each item needs, the evidence as sorted keys,
and the transitions up to the day judged with their states and actions as integer codes, sorted
by item then date. :func:`evaluate_checklist_columns` then works on arrays only: it replays the
transitions through :data:`~branchkit.mechanisms.checklists.transitions.TRANSITIONS` as an
integer table in rounds (step ``k`` of every item at once; an illegal step raises the object
path's :class:`~branchkit.errors.RecordError`), sums the evidence counts of each kind within
each window (``numpy.searchsorted`` on cumulative counts), decides what is missing, complete
and overdue, and adds the totals up by item, checklist, role and holder (``numpy.bincount``).
:meth:`ChecklistArrays.to_result` builds the records, equal to
:func:`~branchkit.mechanisms.checklists.evaluate.evaluate_checklists` on the same inputs.

>>> import datetime as dt
>>> from branchkit.mechanisms.checklists import (
...     Action, Checklist, ChecklistItem, ItemTransition, evaluate_checklists)
>>> from branchkit.mechanisms.checklists.columnar import (
...     checklist_columns, evaluate_checklist_columns)
>>> from branchkit.records import Evidence, Label, Person, RoleSpan
>>> plan = ChecklistItem(key="plan", label=Label(zh="年度计划", en="annual plan"),
...                      evidence_kinds=("work_plan",), due=dt.date(2022, 3, 31))
>>> secretary = Checklist(key="secretary", version="2022", role="branch_secretary",
...                       label=Label(zh="书记清单", en="secretary's list"), items=(plan,),
...                       needs_verification=True)
>>> people = [Person(id=p, name=p, roles=(RoleSpan(role="branch_secretary"),))
...           for p in ("T1", "T2")]
>>> evidence = [Evidence(id="p1", kind="work_plan", date=dt.date(2022, 3, 1), persons=("T1",))]
>>> changes = [ItemTransition(checklist="secretary", version="2022", item="plan", holder="T1",
...                           action=action, date=dt.date(2022, 3, 2))
...            for action in (Action.SUBMIT, Action.VERIFY)]
>>> inputs = dict(people=people, evidence=evidence, transitions=changes,
...               as_of=dt.date(2022, 5, 1))
>>> arrays = evaluate_checklist_columns(checklist_columns([secretary], **inputs))
>>> arrays.done.tolist(), arrays.complete.tolist(), arrays.overdue.tolist()
([1, 0], [True, False], [False, True])
>>> arrays.holder_totals.tolist()
[[1, 1, 0], [1, 0, 1]]
>>> arrays.to_result() == evaluate_checklists([secretary], **inputs)
True
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from branchkit.errors import Path, RecordError
from branchkit.mechanisms.checklists.evaluate import (
    StateKey,
    _describe,
    checklist_problems,
    version_in_force,
)
from branchkit.mechanisms.checklists.model import (
    Checklist,
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
    TRANSITIONS,
    Action,
    ItemState,
    transition_problem,
)
from branchkit.mechanisms.obligations.compliance import deciding_day, judged_periods
from branchkit.records.events import Evidence
from branchkit.records.people import Person
from branchkit.records.periods import Period, PeriodKind

__all__ = [
    "ACTIONS",
    "STATES",
    "TABLE",
    "ChecklistArrays",
    "ChecklistColumns",
    "checklist_columns",
    "evaluate_checklist_columns",
]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: The states by code: a state's code is its index here (``pending`` is 0).
STATES: tuple[ItemState, ...] = tuple(ItemState)
#: The actions by code: an action's code is its index here.
ACTIONS: tuple[Action, ...] = tuple(Action)


def _table() -> Ints:
    table = np.full((len(STATES), len(ACTIONS)), -1, dtype=np.int64)
    for (state, action), after in TRANSITIONS.items():
        table[STATES.index(state), ACTIONS.index(action)] = STATES.index(after)
    table.setflags(write=False)
    return table


#: :data:`~branchkit.mechanisms.checklists.transitions.TRANSITIONS` as codes: ``TABLE[state,
#: action]`` is the code of the next state, or -1 where the table has no such change.
TABLE: Ints = _table()
_VERIFIED = STATES.index(ItemState.VERIFIED)
#: Day numbers (up to ``date.max``) fit below this: pairs and days share one sort key.
_DAYS = 1 << 22


def _ints(values: Sequence[int]) -> Ints:
    return np.asarray(values, dtype=np.int64).reshape(len(values))


def _bools(values: Sequence[bool]) -> Bools:
    return np.asarray(values, dtype=np.bool_).reshape(len(values))


@attrs.frozen(kw_only=True, eq=False)
class ChecklistColumns:
    """The inputs of a day as columns, each decision of versions and holders already made.

    Rows of *records* are the items owed, in the order of the object path's records (by
    checklist, holder, item, then period). Rows of *needs* are the evidence kinds each record
    needs, record by record in the item's order. *Evidence* rows are one per person named and
    piece of evidence dated by the day judged (with a count), sorted by ``key``. *Steps* are the
    transitions dated by the day judged, sorted by item, date, then the order given.

    :param as_of: the day judged.
    :param period: the period whose recurring periods are judged.
    :param lists: the checklist versions given (their roles name the role totals).
    :param transitions: the transitions given, for the messages of illegal ones.
    :param record_keys: per record: checklist, version, item, holder, period (or ``None``).
    :param record_responsible: per record, the role answering for it.
    :param record_due: per record, its due day, if any.
    :param record_kinds: per record, the evidence kinds it needs, in the item's order.
    :param required: per record, how much of each kind it needs.
    :param closed: per record, whether its due day is on or before ``as_of``.
    :param needs_verification: per record, whether its checklist needs verification.
    :param record_state: per record, the row of its item in the replay, or -1 if it has none.
    :param record_item: per record, the code of its ``(checklist, item)`` in ``item_keys``.
    :param record_checklist: per record, the code of its checklist in ``checklist_keys``.
    :param record_role: per record, the code of its version's role in ``role_keys``.
    :param record_holder: per record, the code of its holder in ``holder_keys``.
    :param item_keys: the ``(checklist, item)`` pairs with records, sorted.
    :param checklist_keys: the checklists with records, sorted.
    :param checklist_versions: per checklist key, the versions its records were judged by.
    :param role_keys: the roles with records, sorted.
    :param holder_keys: the holders with records, sorted.
    :param need_record: per need, its record's row.
    :param need_first: per need, the code of the first day of its window.
    :param need_last: per need, the code of the last day of its window.
    :param evidence_key: per evidence row, ``pair * 2**22 + day number``, sorted.
    :param evidence_count: per evidence row, its count.
    :param evidence_id: per evidence row, the id of its evidence.
    :param evidence_date: per evidence row, the date of its evidence.
    :param step_item: per step, the row of its item in the replay (``0 .. items - 1``).
    :param step_action: per step, the code of its action in :data:`ACTIONS`.
    :param step_index: per step, its index among the transitions given.
    :param step_rank: per step, its rank among its item's steps (0 for the first).
    :param items: how many items have steps.
    """

    as_of: dt.date
    period: Period
    lists: tuple[Checklist, ...]
    transitions: tuple[ItemTransition, ...]
    record_keys: tuple[StateKey, ...]
    record_responsible: tuple[str, ...]
    record_due: tuple[dt.date | None, ...]
    record_kinds: tuple[tuple[str, ...], ...]
    required: Ints
    closed: Bools
    needs_verification: Bools
    record_state: Ints
    record_item: Ints
    record_checklist: Ints
    record_role: Ints
    record_holder: Ints
    item_keys: tuple[tuple[str, str], ...]
    checklist_keys: tuple[str, ...]
    checklist_versions: tuple[tuple[str, ...], ...]
    role_keys: tuple[str, ...]
    holder_keys: tuple[str, ...]
    need_record: Ints
    need_first: Ints
    need_last: Ints
    evidence_key: Ints
    evidence_count: Ints
    evidence_id: tuple[str, ...]
    evidence_date: tuple[dt.date, ...]
    step_item: Ints
    step_action: Ints
    step_index: Ints
    step_rank: Ints
    items: int


#: A record owed before sorting: checklist, holder, item, period or "", version, period,
#: responsible, due, kinds, at_least, first and last day of its window, needs verification.
_Row = tuple[
    str,
    str,
    str,
    str,
    str,
    str | None,
    str,
    dt.date | None,
    tuple[str, ...],
    int,
    dt.date,
    dt.date,
    bool,
]


class _Owed:
    """The records owed, gathered while judging versions, before they are sorted."""

    def __init__(self) -> None:
        self.rows: list[_Row] = []


def _gather(
    owed: _Owed,
    versions: list[Checklist],
    people: Sequence[Person],
    looked_at: Period,
    as_of: dt.date,
) -> None:
    """The records of one checklist key's versions, by the object path's rules."""

    def add(
        version: Checklist,
        *,
        items: Iterable[tuple[str, tuple[str, ...], int, str | None]],
        holders: list[str],
        part: Period | None,
        first: dt.date,
        due: dt.date | None,
    ) -> None:
        last = as_of if due is None or due > as_of else due
        period_key = None if part is None else part.key
        for key, kinds, at_least, responsible in items:
            for holder in holders:
                owed.rows.append(
                    (
                        version.key,
                        holder,
                        key,
                        period_key or "",
                        version.version,
                        period_key,
                        responsible or version.role,
                        due,
                        kinds,
                        at_least,
                        first,
                        last,
                        version.needs_verification,
                    )
                )

    current = version_in_force(versions, as_of)
    if current is not None:
        holders = [person.id for person in people if person.holds(current.role, as_of)]
        for item in current.items:
            if item.kind is not ItemKind.RECURRING:
                first = current.valid_from or dt.date.min
                due = item.due or current.valid_to
                row = (item.key, item.evidence_kinds, item.at_least, item.responsible)
                add(current, items=[row], holders=holders, part=None, first=first, due=due)
    kinds = {item.every for v in versions for item in v.items if item.every is not None}
    for every in sorted(kinds, key=lambda kind: kind.value):
        for part in judged_periods(every, looked_at, as_of):
            day = deciding_day(part, as_of)
            judged = version_in_force(versions, day)
            if judged is None:
                continue
            holders = [person.id for person in people if person.holds(judged.role, day)]
            rows = [
                (item.key, item.evidence_kinds, item.at_least, item.responsible)
                for item in judged.items
                if item.every is every
            ]
            add(judged, items=rows, holders=holders, part=part, first=part.start, due=part.end)


def _codes(values: Iterable[str]) -> dict[str, int]:
    return {value: code for code, value in enumerate(sorted(set(values)))}


def _steps(
    changes: Sequence[ItemTransition], as_of: dt.date
) -> tuple[dict[StateKey, int], list[int], list[int], list[int]]:
    """The items with a transition by the day judged, and the steps sorted by item and date."""
    item_rows: dict[StateKey, int] = {}
    step_order: list[tuple[int, int, int]] = []
    for index, change in enumerate(changes):
        if change.date <= as_of:
            key = (change.checklist, change.version, change.item, change.holder, change.period)
            row = item_rows.setdefault(key, len(item_rows))
            step_order.append((row, change.date.toordinal(), index))
    # Sorted by item, date, then index: a day's transitions stay in the order given.
    step_order.sort()
    step_item = [row for row, _, _ in step_order]
    step_index = [index for _, _, index in step_order]
    step_rank: list[int] = []
    previous, rank = -1, 0
    for row in step_item:
        rank = rank + 1 if row == previous else 0
        step_rank.append(rank)
        previous = row
    return item_rows, step_item, step_index, step_rank


_Found = list[tuple[int, str, int, dt.date]]


def _needs(
    rows: Sequence[_Row], proofs: Sequence[Evidence], as_of: dt.date
) -> tuple[list[int], list[int], list[int], _Found]:
    """The needs of the records with their windows as keys, and the evidence they look at."""
    pairs: dict[tuple[str, str], int] = {}
    need_record: list[int] = []
    need_first: list[int] = []
    need_last: list[int] = []
    for number, row in enumerate(rows):
        holder, first, last = row[1], row[10].toordinal(), row[11].toordinal()
        for kind in row[8]:
            pair = pairs.setdefault((holder, kind), len(pairs))
            need_record.append(number)
            need_first.append(pair * _DAYS + first)
            need_last.append(pair * _DAYS + last)
    found: _Found = []
    for proof in proofs:
        # Evidence of no count proves nothing; one that names a person twice counts once.
        if proof.date > as_of or proof.count == 0:
            continue
        for person in set(proof.persons):
            pair = pairs.get((person, proof.kind), -1)
            if pair >= 0:
                found.append(
                    (pair * _DAYS + proof.date.toordinal(), proof.id, proof.count, proof.date)
                )
    found.sort()
    return need_record, need_first, need_last, found


def checklist_columns(
    checklists: Iterable[Checklist],
    *,
    people: Iterable[Person],
    evidence: Iterable[Evidence],
    transitions: Iterable[ItemTransition] = (),
    as_of: dt.date,
    period: Period | None = None,
) -> ChecklistColumns:
    """The inputs as columns, for :func:`evaluate_checklist_columns`.

    The parameters and the checks are those of
    :func:`~branchkit.mechanisms.checklists.evaluate.evaluate_checklists`; an illegal
    transition is found by :func:`evaluate_checklist_columns`.

    :param checklists: every version of every checklist.
    :param people: the people, for the roles they hold.
    :param evidence: the evidence.
    :param transitions: the items' state changes.
    :param as_of: the day judged.
    :param period: the period whose recurring periods are judged; by default the academic
        year containing ``as_of``.
    :raises RecordError: for inputs that do not fit together.
    """
    lists = tuple(checklists)
    persons = sorted(people, key=lambda person: person.id)
    proofs = tuple(evidence)
    changes = tuple(transitions)
    problems = checklist_problems(lists, people=persons, evidence=proofs, transitions=changes)
    if problems:
        raise RecordError("checklists input", problems)
    looked_at = period or Period.containing(as_of, PeriodKind.ACADEMIC_YEAR)

    owed = _Owed()
    by_key: dict[str, list[Checklist]] = defaultdict(list)
    for version in lists:
        by_key[version.key].append(version)
    for key in sorted(by_key):
        _gather(owed, by_key[key], persons, looked_at, as_of)
    rows = owed.rows
    rows.sort(key=lambda row: row[:4])
    role_of = {(version.key, version.version): version.role for version in lists}

    item_rows, step_item, step_index, step_rank = _steps(changes, as_of)
    action_code = {action: code for code, action in enumerate(ACTIONS)}

    record_keys: list[StateKey] = [(row[0], row[4], row[2], row[1], row[5]) for row in rows]
    item_codes = {pair: code for code, pair in enumerate(sorted({(r[0], r[2]) for r in rows}))}
    checklist_codes = _codes(row[0] for row in rows)
    role_codes = _codes(role_of[row[0], row[4]] for row in rows)
    holder_codes = _codes(row[1] for row in rows)
    versions: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        versions[row[0]].add(row[4])

    need_record, need_first, need_last, found = _needs(rows, proofs, as_of)

    return ChecklistColumns(
        as_of=as_of,
        period=looked_at,
        lists=lists,
        transitions=changes,
        record_keys=tuple(record_keys),
        record_responsible=tuple(row[6] for row in rows),
        record_due=tuple(row[7] for row in rows),
        record_kinds=tuple(row[8] for row in rows),
        required=_ints([row[9] for row in rows]),
        closed=_bools([row[7] is not None and row[7] <= as_of for row in rows]),
        needs_verification=_bools([row[12] for row in rows]),
        record_state=_ints([item_rows.get(key, -1) for key in record_keys]),
        record_item=_ints([item_codes[row[0], row[2]] for row in rows]),
        record_checklist=_ints([checklist_codes[row[0]] for row in rows]),
        record_role=_ints([role_codes[role_of[row[0], row[4]]] for row in rows]),
        record_holder=_ints([holder_codes[row[1]] for row in rows]),
        item_keys=tuple(item_codes),
        checklist_keys=tuple(checklist_codes),
        checklist_versions=tuple(tuple(sorted(versions[key])) for key in checklist_codes),
        role_keys=tuple(role_codes),
        holder_keys=tuple(holder_codes),
        need_record=_ints(need_record),
        need_first=_ints(need_first),
        need_last=_ints(need_last),
        evidence_key=_ints([entry[0] for entry in found]),
        evidence_count=_ints([entry[2] for entry in found]),
        evidence_id=tuple(entry[1] for entry in found),
        evidence_date=tuple(entry[3] for entry in found),
        step_item=_ints(step_item),
        step_action=_ints([action_code[changes[index].action] for index in step_index]),
        step_index=_ints(step_index),
        step_rank=_ints(step_rank),
        items=len(item_rows),
    )


@attrs.frozen(kw_only=True, eq=False)
class ChecklistArrays:
    """What :func:`evaluate_checklist_columns` found, as arrays over the columns' rows.

    Totals are ``[owed, complete, overdue]`` rows, one per key of the columns' ``item_keys``,
    ``checklist_keys``, ``role_keys`` or ``holder_keys``.

    :param columns: the columns evaluated.
    :param state: per record, the code of its state in :data:`STATES`.
    :param total: per need, the sum of the counts of its evidence within its window.
    :param first: per need, the first row of its evidence among the columns' evidence rows.
    :param last: per need, the row after the last of its evidence.
    :param short: per need, whether its total is short of the record's ``required``.
    :param done: per record, the least of its needs' totals.
    :param complete: per record, whether it is complete.
    :param overdue: per record, whether it is overdue.
    :param item_totals: the totals per item.
    :param checklist_totals: the totals per checklist.
    :param role_totals: the totals per role.
    :param holder_totals: the totals per holder.
    """

    columns: ChecklistColumns
    state: Ints
    total: Ints
    first: Ints
    last: Ints
    short: Bools
    done: Ints
    complete: Bools
    overdue: Bools
    item_totals: Ints
    checklist_totals: Ints
    role_totals: Ints
    holder_totals: Ints

    def to_result(self) -> ChecklistResult:
        """The records and totals, equal to the object path's on the same inputs."""
        columns = self.columns
        ids, dates = columns.evidence_id, columns.evidence_date
        first, last, short = self.first.tolist(), self.last.tolist(), self.short.tolist()
        states = [STATES[code] for code in self.state.tolist()]
        done, complete = self.done.tolist(), self.complete.tolist()
        required, closed = columns.required.tolist(), columns.closed.tolist()
        records: list[ItemResult] = []
        need = 0
        for number, (checklist, version, item, holder, period) in enumerate(columns.record_keys):
            kinds = columns.record_kinds[number]
            missing: list[str] = []
            counted: list[int] = []
            for kind in kinds:
                counted.extend(range(first[need], last[need]))
                if short[need]:
                    missing.append(kind)
                need += 1
            if len(kinds) > 1:
                counted.sort(key=lambda row: (dates[row], ids[row]))
            records.append(
                ItemResult(
                    checklist=checklist,
                    version=version,
                    item=item,
                    holder=holder,
                    responsible=columns.record_responsible[number],
                    period=period,
                    due=columns.record_due[number],
                    required=required[number],
                    done=done[number],
                    evidence=tuple(ids[row] for row in counted),
                    missing=tuple(missing),
                    state=states[number],
                    complete=complete[number],
                    closed=closed[number],
                )
            )
        return ChecklistResult(
            as_of=columns.as_of,
            period=columns.period,
            records=tuple(records),
            items=tuple(
                ItemTotals(checklist=checklist, item=item, owed=o, complete=c, overdue=d)
                for (checklist, item), (o, c, d) in zip(
                    columns.item_keys, self.item_totals.tolist(), strict=True
                )
            ),
            checklists=tuple(
                ChecklistTotals(checklist=key, versions=versions, owed=o, complete=c, overdue=d)
                for key, versions, (o, c, d) in zip(
                    columns.checklist_keys,
                    columns.checklist_versions,
                    self.checklist_totals.tolist(),
                    strict=True,
                )
            ),
            roles=tuple(
                RoleTotals(role=role, owed=o, complete=c, overdue=d)
                for role, (o, c, d) in zip(
                    columns.role_keys, self.role_totals.tolist(), strict=True
                )
            ),
            holders=tuple(
                HolderTotals(holder=holder, owed=o, complete=c, overdue=d)
                for holder, (o, c, d) in zip(
                    columns.holder_keys, self.holder_totals.tolist(), strict=True
                )
            ),
        )


def _replay(columns: ChecklistColumns) -> Ints:
    """The state of every item of the replay, its steps applied in rounds, step k at once."""
    state = np.zeros(columns.items, dtype=np.int64)
    ranks = columns.step_rank
    if ranks.size == 0:
        return state
    order = np.argsort(ranks, kind="stable")
    bounds = np.searchsorted(ranks[order], np.arange(int(ranks.max()) + 2))
    alive = np.ones(columns.items, dtype=np.bool_)
    bad_steps: list[Ints] = []
    bad_states: list[Ints] = []
    for k in range(bounds.size - 1):
        steps = order[bounds[k] : bounds[k + 1]]
        items = columns.step_item[steps]
        before = state[items]
        after = TABLE[before, columns.step_action[steps]]
        bad = (after < 0) & alive[items]
        if bad.any():
            bad_steps.append(steps[bad])
            bad_states.append(before[bad])
            alive[items[bad]] = False
        state[items] = np.where(after < 0, before, after)
    if bad_steps:
        problems: list[tuple[Path, str]] = []
        for step, code in zip(
            np.concatenate(bad_steps).tolist(), np.concatenate(bad_states).tolist(), strict=True
        ):
            index = int(columns.step_index[step])
            change = columns.transitions[index]
            message = transition_problem(STATES[code], change.action, _describe(change))
            problems.append((("item_transitions", index, "action"), message))
        problems.sort()
        raise RecordError("item transitions", problems)
    return state


def _totals(codes: Ints, size: int, complete: Bools, overdue: Bools) -> Ints:
    return np.stack(
        [
            np.bincount(codes, minlength=size),
            np.bincount(codes, weights=complete, minlength=size).astype(np.int64),
            np.bincount(codes, weights=overdue, minlength=size).astype(np.int64),
        ],
        axis=1,
    ).reshape(size, 3)


def evaluate_checklist_columns(columns: ChecklistColumns) -> ChecklistArrays:
    """Every item's state, evidence counts, completion and the totals, on arrays.

    :param columns: the inputs as columns, from :func:`checklist_columns`.
    :returns: the arrays; :meth:`ChecklistArrays.to_result` gives the object path's result.
    :raises RecordError: for an illegal transition, as the object path raises it.
    """
    item_state = _replay(columns)
    records = columns.record_state.size
    state = np.zeros(records, dtype=np.int64)
    has = columns.record_state >= 0
    state[has] = item_state[columns.record_state[has]]

    keys = columns.evidence_key
    cumulative = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(columns.evidence_count)])
    first = np.searchsorted(keys, columns.need_first, side="left").astype(np.int64)
    last = np.searchsorted(keys, columns.need_last, side="right").astype(np.int64)
    # A window that ends before it begins (due before the version's first day) holds nothing.
    last = np.maximum(last, first)
    total = cumulative[last] - cumulative[first]
    short = total < columns.required[columns.need_record]
    if records:
        starts = np.flatnonzero(np.r_[True, np.diff(columns.need_record) != 0])
        done = np.minimum.reduceat(total, starts)
        missing = np.logical_or.reduceat(short, starts)
    else:
        done = np.zeros(0, dtype=np.int64)
        missing = np.zeros(0, dtype=np.bool_)
    complete = ~missing & (~columns.needs_verification | (state == _VERIFIED))
    overdue = columns.closed & ~complete
    return ChecklistArrays(
        columns=columns,
        state=state,
        total=total,
        first=first,
        last=last,
        short=short,
        done=done.astype(np.int64),
        complete=complete,
        overdue=overdue,
        item_totals=_totals(columns.record_item, len(columns.item_keys), complete, overdue),
        checklist_totals=_totals(
            columns.record_checklist, len(columns.checklist_keys), complete, overdue
        ),
        role_totals=_totals(columns.record_role, len(columns.role_keys), complete, overdue),
        holder_totals=_totals(columns.record_holder, len(columns.holder_keys), complete, overdue),
    )
