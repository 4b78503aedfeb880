"""Columnar evaluation of a contact network: coverage, load, gaps and reach, with numpy.

:func:`~branchkit.mechanisms.contacts.network.evaluate_network` builds a record for every
target, holder and gap, which is what a report needs but costs too much for a whole college
(fifty thousand students). Here the same network as of a day is first put into columns by
:func:`network_columns`, once: per tier, its targets and its holders as sorted ids, and every
tie active on the day as integers (the row of its target, the row of its holder, the kind of
its gap), its validity already decided by the object path's own rules. :func:`evaluate_columns`
then works on arrays only: valid ties per target (``numpy.bincount``), covered targets, the
load of each holder and the summary of loads, the uncovered targets, the invalid ties and their
kinds, and who is reached by no tier at all. A record of the object path is built only when
asked: :meth:`TierArrays.coverage_of`, :meth:`TierArrays.load_of` and :meth:`TierArrays.tie_gap`
for one row, :meth:`NetworkArrays.to_network_result` for everything, equal to
:func:`~branchkit.mechanisms.contacts.network.evaluate_network` on the same records.

**Reach.** A person a tier of people covers (a student) is *reached* when some tier of people
covers them (their own contact), or when they belong on the day to a unit that some tier of
units covers (their dorm, their class). :attr:`TierArrays.unreached` gives, per tier of people,
those of its targets whom no tier reaches; :attr:`NetworkArrays.reached` gives the same for
every person of :attr:`NetworkColumns.people`.

**Contacts overdue** are not computed on arrays: they go through the contact log event by
event. :meth:`NetworkArrays.to_network_result` finds them with the object path's own function
from the events and the first day it is given (none by default, as ``since=None`` does).

>>> import datetime as dt
>>> from branchkit.mechanisms.contacts import Assignment, Tier, evaluate_network
>>> from branchkit.mechanisms.contacts.columnar import (
...     GAP_KINDS, evaluate_columns, network_columns)
>>> from branchkit.records import Label, Membership, Person, RoleSpan, Unit
>>> day = dt.date(2022, 3, 1)
>>> dorms = Tier(key="dorms", label=Label(zh="支委联系寝室", en="committee member to dorm"),
...              holder_role="committee_member", unit_kind="dorm", max_per_holder=1)
>>> students = Tier(key="students", label=Label(zh="党员联系学生", en="member to student"),
...                 holder_role="member", person_role="student")
>>> def student(key: str, dorm: str) -> Person:
...     return Person(id=key, name=key, roles=(RoleSpan(role="student"),),
...                   memberships=(Membership(unit=dorm),))
>>> people = [student("s1", "d1"), student("s2", "d2"), student("s3", "d2"),
...           Person(id="T1", name="李娜", roles=(RoleSpan(role="committee_member"),
...                                               RoleSpan(role="member")))]
>>> units = [Unit(id="d1", kind="dorm", name="1-101"), Unit(id="d2", kind="dorm", name="1-102")]
>>> ties = [Assignment(tier="dorms", holder="T1", target="d1"),
...         Assignment(tier="dorms", holder="T1", target="s2"),
...         Assignment(tier="students", holder="T1", target="s3")]
>>> columns = network_columns([dorms, students], ties, people=people, units=units, as_of=day)
>>> result = evaluate_columns(columns)
>>> dorm, person = result.tiers
>>> dorm.valid.tolist(), dorm.covered.tolist(), dorm.uncovered.tolist()
([1, 0], [True, False], [1])
>>> [GAP_KINDS[code] for code in dorm.invalid_kind.tolist()]
['target_unknown']
>>> person.covered.tolist(), person.load.tolist(), person.summary.mean
([False, False, True], [1], Decimal('1.00'))
>>> [columns.tiers[1].targets[row] for row in person.unreached.tolist()]
['s2']
>>> result.to_network_result() == evaluate_network(
...     [dorms, students], ties, people=people, units=units, as_of=day)
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, cast, get_args

import attrs
import numpy as np
import numpy.typing as npt

from branchkit.mechanisms.contacts.network import (
    NO_NAMES,
    Assignment,
    Coverage,
    Gap,
    GapKind,
    HolderLoad,
    LoadSummary,
    NetworkResult,
    Tier,
    TierResult,
    _covered_from,
    _load_mean,
    _overdue,
    _uncovered_gap,
    tie_problem,
    tier_targets,
)
from branchkit.records._checks import duplicate_problems, ensure_valid
from branchkit.records.events import Event
from branchkit.records.labels import Label
from branchkit.records.people import Person
from branchkit.records.units import Unit

__all__ = [
    "GAP_KINDS",
    "VALID",
    "NetworkArrays",
    "NetworkColumns",
    "TierArrays",
    "TierColumns",
    "evaluate_columns",
    "network_columns",
]

#: An array of integers (rows, counts).
IntArray = npt.NDArray[np.int64]
#: An array of yes/no values (masks).
BoolArray = npt.NDArray[np.bool_]
#: An array of small codes (the kinds of ties).
CodeArray = npt.NDArray[np.int8]

#: The kind code of a valid tie.
VALID: Final = -1
#: What each gap code stands for: ``GAP_KINDS[code]``. A tie's code is :data:`VALID` or the
#: code of why it is not valid; ``0`` (``uncovered``) is a target's, never a tie's.
GAP_KINDS: Final = cast("tuple[GapKind, ...]", get_args(GapKind))
_CODES: Final = MappingProxyType({kind: code for code, kind in enumerate(GAP_KINDS)})


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    # A read-only view: the array itself (perhaps the caller's) keeps its flags.
    view = array.view()
    view.flags.writeable = False
    return view


def _rows(values: npt.ArrayLike, what: str) -> IntArray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{what} must be a one-dimensional array")
    if array.size and array.dtype.kind not in "iu":
        raise ValueError(f"{what} must hold integers, not {array.dtype}")
    return _frozen(array.astype(np.int64, copy=False))


def _within(array: IntArray, low: int, high: int, what: str) -> None:
    if array.size and (int(array.min()) < low or int(array.max()) >= high):
        raise ValueError(f"{what} must be in [{low}, {high})")


@attrs.frozen(kw_only=True, eq=False)
class TierColumns:
    """One tier of a network as of a day, in columns; build it with :func:`network_columns`.

    The ties are the tier's ties active on the day, sorted by target id, then holder id (the
    order of the object path's gaps); a tie listed twice is two rows, and counts once. The
    arrays are read-only views.

    :param tier: the tier.
    :param targets: the ids of the tier's targets on the day, sorted, as
        :func:`~branchkit.mechanisms.contacts.network.tier_targets` gives them.
    :param holders: the ids of the people holding the tier's role on the day, sorted.
    :param tie_target: per tie, the row of its target in ``targets``; -1 for a target that is
        not one of them.
    :param tie_holder: per tie, the row of its holder in ``holders``; -1 for a holder who is
        not one of them.
    :param tie_kind: per tie, :data:`VALID`, or the code in :data:`GAP_KINDS` of why the tie
        is not valid.
    :param tie_target_ids: per tie, the target's id as the tie names it.
    :param tie_holder_ids: per tie, the holder's id as the tie names it.
    :param reasons: per invalid tie, by its row, why it is not valid, in words.
    :param target_person: for a tier of people, the row of each target in
        :attr:`NetworkColumns.people`; empty for a tier of units.
    :param member_person: for a tier of units, with ``member_target``, every membership on the
        day of a person of :attr:`NetworkColumns.people` in one of the tier's targets: the
        person's row; empty for a tier of people.
    :param member_target: the row in ``targets`` of the unit of each membership.
    :param tie_starts: per tie, its first day, if known; for the contacts overdue, which are
        checked from the start of a target's earliest valid tie. Empty when not known.
    """

    tier: Tier
    targets: tuple[str, ...]
    holders: tuple[str, ...]
    tie_target: IntArray
    tie_holder: IntArray
    tie_kind: CodeArray
    tie_target_ids: tuple[str, ...]
    tie_holder_ids: tuple[str, ...]
    reasons: Mapping[int, Label]
    target_person: IntArray
    member_person: IntArray
    member_target: IntArray
    tie_starts: tuple[dt.date | None, ...] = ()
    #: The target of each tie that counts (valid, the first of its pair), sorted.
    valid_target: IntArray = attrs.field(init=False, repr=False)
    #: The holder of each tie that counts, in the same order.
    valid_holder: IntArray = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        for name in ("tie_target", "tie_holder", "target_person", "member_person", "member_target"):
            object.__setattr__(self, name, _rows(getattr(self, name), name))
        size = len(self.tie_target)
        codes = _rows(self.tie_kind, "tie_kind")
        if not (
            len(self.tie_holder) == len(codes) == len(self.tie_target_ids) == size
            and len(self.tie_holder_ids) == size
        ):
            raise ValueError("a tier's tie columns must be of one length")
        if self.tie_starts and len(self.tie_starts) != size:
            raise ValueError("tie_starts must give one day (or None) per tie, or none at all")
        _within(self.tie_target, -1, len(self.targets), "tie_target")
        _within(self.tie_holder, -1, len(self.holders), "tie_holder")
        # A tie is valid or not valid for a reason; "uncovered" (code 0) is a target's gap.
        _within(codes, VALID, len(GAP_KINDS), "tie_kind")
        if np.any(codes == _CODES["uncovered"]):
            raise ValueError("a tie is never 'uncovered'")
        kind = codes.astype(np.int8)
        valid = kind == VALID
        if set(self.reasons) != set(np.flatnonzero(~valid).tolist()):
            raise ValueError("reasons must give one reason for each invalid tie, by its row")
        target, holder = self.tie_target[valid], self.tie_holder[valid]
        if np.any(target < 0) or np.any(holder < 0):
            raise ValueError("a valid tie must have a target and a holder of the tier")
        # Rows come sorted by (target, holder), so a tie listed twice is two adjacent rows.
        pair = target * max(len(self.holders), 1) + holder
        step = np.diff(pair)
        if np.any(step < 0):
            raise ValueError("ties must be sorted by target, then holder")
        first = np.concatenate(([True], step > 0)) if pair.size else np.zeros(0, np.bool_)
        if self.tier.covers_people:
            if len(self.target_person) != len(self.targets) or len(self.member_person):
                raise ValueError("a tier of people gives one person per target and no members")
        elif len(self.target_person):
            raise ValueError("a tier of units has no target_person")
        if len(self.member_person) != len(self.member_target):
            raise ValueError("member_person and member_target must be of one length")
        _within(self.member_target, 0, len(self.targets), "member_target")
        object.__setattr__(self, "tie_kind", _frozen(kind))
        object.__setattr__(self, "reasons", MappingProxyType(dict(self.reasons)))
        object.__setattr__(self, "valid_target", _frozen(target[first]))
        object.__setattr__(self, "valid_holder", _frozen(holder[first]))

    def __len__(self) -> int:
        """The number of ties."""
        return len(self.tie_target)


@attrs.frozen(kw_only=True, eq=False)
class NetworkColumns:
    """A contact network as of a day, in columns; build it with :func:`network_columns`.

    :param as_of: the day the ties' validity, the targets and the holders are decided for.
    :param tiers: one set of columns per tier, in the tiers' order; their keys are unique.
    :param people: the ids of every target of every tier of people on the day, sorted: the
        people whose reach is measured.
    """

    as_of: dt.date
    tiers: tuple[TierColumns, ...]
    people: tuple[str, ...]

    def __attrs_post_init__(self) -> None:
        ensure_valid("network", duplicate_problems("tiers", self.tiers, lambda c: c.tier.key))
        for columns in self.tiers:
            _within(columns.target_person, 0, len(self.people), "target_person")
            _within(columns.member_person, 0, len(self.people), "member_person")


def _memberships(
    units: Sequence[frozenset[str]], rows: Mapping[str, int]
) -> tuple[list[int], list[int]]:
    person: list[int] = []
    target: list[int] = []
    for at, ids in enumerate(units):
        # Sorted: a set's order may differ from run to run, and the columns must not.
        for unit in sorted(ids):
            row = rows.get(unit)
            if row is not None:
                person.append(at)
                target.append(row)
    return person, target


def network_columns(
    tiers: Iterable[Tier],
    assignments: Iterable[Assignment],
    *,
    people: Iterable[Person] = (),
    units: Iterable[Unit] = (),
    as_of: dt.date,
    names: Mapping[str, Label] = NO_NAMES,
) -> NetworkColumns:
    """The columns of a network as of a day, from records, with every tie's validity decided.

    A tie is judged by the rules of
    :func:`~branchkit.mechanisms.contacts.network.evaluate_network`, and people and units are
    taken by id as it takes them (the last record of an id wins).

    :param tiers: the tiers; their keys must be unique.
    :param assignments: the ties; those of other tiers or not active on ``as_of`` are left out.
    :param people: the people, for roles and memberships on the day.
    :param units: the units, for kinds and existence on the day.
    :param as_of: the day judged.
    :param names: names of roles and unit kinds for the reasons of invalid ties, as
        :func:`~branchkit.mechanisms.contacts.network.evaluate_network` takes them.
    """
    listed = tuple(tiers)
    ensure_valid("network", duplicate_problems("tiers", listed, lambda tier: tier.key))
    people_by_id = {person.id: person for person in people}
    units_by_id = {unit.id: unit for unit in units}
    ties: dict[str, list[Assignment]] = {tier.key: [] for tier in listed}
    for tie in assignments:
        found = ties.get(tie.tier)
        if found is not None and tie.active_on(as_of):
            found.append(tie)
    targets = {
        tier.key: tier_targets(tier, people_by_id.values(), units_by_id.values(), as_of)
        for tier in listed
    }
    reached = sorted({key for tier in listed if tier.covers_people for key in targets[tier.key]})
    person_row = {key: row for row, key in enumerate(reached)}
    units_of = (
        [people_by_id[key].units_on(as_of) for key in reached]
        if any(not tier.covers_people for tier in listed)
        else []
    )
    built = []
    for tier in listed:
        target_row = {key: row for row, key in enumerate(targets[tier.key])}
        holders = sorted(p.id for p in people_by_id.values() if p.holds(tier.holder_role, as_of))
        holder_row = {key: row for row, key in enumerate(holders)}
        rows = sorted(ties[tier.key], key=lambda t: (t.target, t.holder))
        kinds: list[int] = []
        reasons: dict[int, Label] = {}
        for at, tie in enumerate(rows):
            problem = tie_problem(tier, tie, people_by_id, units_by_id, as_of, names=names)
            if problem is None:
                kinds.append(VALID)
            else:
                kinds.append(_CODES[problem[0]])
                reasons[at] = problem[1]
        if tier.covers_people:
            target_person = [person_row[key] for key in targets[tier.key]]
            members: tuple[list[int], list[int]] = ([], [])
        else:
            target_person = []
            members = _memberships(units_of, target_row)
        built.append(
            TierColumns(
                tier=tier,
                targets=tuple(targets[tier.key]),
                holders=tuple(holders),
                tie_target=np.fromiter(
                    (target_row.get(t.target, -1) for t in rows), np.int64, len(rows)
                ),
                tie_holder=np.fromiter(
                    (holder_row.get(t.holder, -1) for t in rows), np.int64, len(rows)
                ),
                tie_kind=np.asarray(kinds, dtype=np.int8),
                tie_target_ids=tuple(t.target for t in rows),
                tie_holder_ids=tuple(t.holder for t in rows),
                reasons=reasons,
                target_person=np.asarray(target_person, dtype=np.int64),
                member_person=np.asarray(members[0], dtype=np.int64),
                member_target=np.asarray(members[1], dtype=np.int64),
                tie_starts=tuple(t.start for t in rows),
            )
        )
    return NetworkColumns(as_of=as_of, tiers=tuple(built), people=tuple(reached))


@attrs.frozen(kw_only=True, eq=False)
class TierArrays:
    """What :func:`evaluate_columns` finds for one tier, as read-only arrays.

    :param columns: the tier's columns.
    :param as_of: the day judged.
    :param valid: per target, its valid ties (distinct holders).
    :param covered: per target, whether it has at least the tier's minimum of valid ties.
    :param load: per holder, the targets of their valid ties.
    :param over_limit: per holder, whether they take more than the tier allows.
    :param summary: the load summary, as the object path gives it.
    :param uncovered: the rows of the targets not covered, in order.
    :param invalid: the rows of the ties that are not valid, in order (by target, then holder).
    :param invalid_kind: their kind codes in :data:`GAP_KINDS`.
    :param unreached: for a tier of people, the rows of its targets whom no tier reaches (see
        the module's notes on reach); empty for a tier of units.
    """

    columns: TierColumns
    as_of: dt.date
    valid: IntArray
    covered: BoolArray
    load: IntArray
    over_limit: BoolArray
    summary: LoadSummary
    uncovered: IntArray
    invalid: IntArray
    invalid_kind: CodeArray
    unreached: IntArray

    def coverage_of(self, row: int) -> Coverage:
        """The coverage record of the target in ``row``.

        :param row: the target's row in the columns' ``targets``.
        """
        columns = self.columns
        start, end = np.searchsorted(columns.valid_target, [row, row + 1]).tolist()
        return Coverage(
            target=columns.targets[row],
            holders=tuple(columns.holders[h] for h in columns.valid_holder[start:end].tolist()),
            covered=bool(self.covered[row]),
        )

    def load_of(self, row: int) -> HolderLoad:
        """The load record of the holder in ``row``.

        :param row: the holder's row in the columns' ``holders``.
        """
        columns = self.columns
        found = columns.valid_target[columns.valid_holder == row].tolist()
        return HolderLoad(
            holder=columns.holders[row],
            targets=tuple(columns.targets[t] for t in found),
            over_limit=bool(self.over_limit[row]),
        )

    def tie_gap(self, row: int) -> Gap:
        """The gap of the invalid tie in ``row``.

        :param row: the tie's row, one of :attr:`invalid`.
        :raises ValueError: when the tie is valid.
        """
        columns = self.columns
        code = int(columns.tie_kind[row])
        if code == VALID:
            raise ValueError(f"tie {row} is valid")
        return Gap(
            kind=GAP_KINDS[code],
            target=columns.tie_target_ids[row],
            holder=columns.tie_holder_ids[row],
            reason=columns.reasons[row],
        )

    def _covered_from(self) -> dict[str, dt.date]:
        columns = self.columns
        if not columns.tie_starts:
            return {}
        valid = np.flatnonzero(columns.tie_kind == VALID).tolist()
        return _covered_from(
            (columns.tie_target_ids[row], columns.tie_starts[row]) for row in valid
        )

    def to_tier_result(
        self, *, events: Iterable[Event] = (), since: dt.date | None = None
    ) -> TierResult:
        """The object path's result for the tier, equal to ``evaluate_network``'s.

        :param events: the contact log, for the contacts overdue.
        :param since: the first day contacts are checked from, as ``evaluate_network`` takes
            it; ``None`` checks none.
        """
        columns = self.columns
        tier, targets, holders = columns.tier, columns.targets, columns.holders
        # The valid ties come by target, then holder; by holder, then target after a lexsort.
        by_target = columns.valid_holder.tolist()
        ends = np.cumsum(self.valid).tolist()
        covered = self.covered.tolist()
        coverage = tuple(
            Coverage(
                target=target,
                holders=tuple(holders[h] for h in by_target[end - count : end]),
                covered=is_covered,
            )
            for target, count, end, is_covered in zip(
                targets, self.valid.tolist(), ends, covered, strict=True
            )
        )
        order = np.lexsort((columns.valid_target, columns.valid_holder))
        by_holder = columns.valid_target[order].tolist()
        loads = tuple(
            HolderLoad(
                holder=holder,
                targets=tuple(targets[t] for t in by_holder[end - count : end]),
                over_limit=over,
            )
            for holder, count, end, over in zip(
                holders,
                self.load.tolist(),
                np.cumsum(self.load).tolist(),
                self.over_limit.tolist(),
                strict=True,
            )
        )
        valid = self.valid.tolist()
        gaps = (
            *(_uncovered_gap(tier, targets[row], valid[row]) for row in self.uncovered.tolist()),
            *(self.tie_gap(row) for row in self.invalid.tolist()),
        )
        return TierResult(
            tier=tier.key,
            coverage=coverage,
            holders=loads,
            load=self.summary,
            gaps=gaps,
            overdue=_overdue(
                tier, coverage, tuple(events), self.as_of, since, covered_from=self._covered_from()
            ),
            unreached=tuple(targets[row] for row in self.unreached.tolist()),
        )


@attrs.frozen(kw_only=True, eq=False)
class NetworkArrays:
    """What :func:`evaluate_columns` finds for a network.

    :param columns: the network's columns.
    :param tiers: one result per tier, in the tiers' order.
    :param reached: per person of the columns' ``people``, whether some tier reaches them:
        covered in a tier of people, or a member on the day of a unit covered in a tier of
        units.
    """

    columns: NetworkColumns
    tiers: tuple[TierArrays, ...]
    reached: BoolArray

    @property
    def unreached(self) -> IntArray:
        """The rows in the columns' ``people`` of the people no tier reaches."""
        return np.flatnonzero(~self.reached)

    def tier(self, key: str) -> TierArrays:
        """The result of the tier with ``key``.

        :param key: the tier's key.
        :raises KeyError: when no tier has it.
        """
        for found in self.tiers:
            if found.columns.tier.key == key:
                return found
        raise KeyError(key)

    def to_network_result(
        self, *, events: Iterable[Event] = (), since: dt.date | None = None
    ) -> NetworkResult:
        """The object path's result, equal to ``evaluate_network``'s on the same records.

        The contacts overdue are found from ``events`` by the object path's own function, so
        ``events`` and ``since`` are those ``evaluate_network`` would be given.

        :param events: the contact log (events of each tier's contact kind).
        :param since: the first day contacts are checked from; ``None`` checks none.
        """
        log = tuple(events)
        return NetworkResult(
            as_of=self.columns.as_of,
            tiers=tuple(tier.to_tier_result(events=log, since=since) for tier in self.tiers),
        )


def _summary(load: IntArray, over_limit: BoolArray) -> LoadSummary:
    if not load.size:
        return LoadSummary(holders=0, minimum=0, mean=_load_mean(0, 0), maximum=0, over_limit=0)
    return LoadSummary(
        holders=int(load.size),
        minimum=int(load.min()),
        mean=_load_mean(int(load.sum()), int(load.size)),
        maximum=int(load.max()),
        over_limit=int(np.count_nonzero(over_limit)),
    )


def evaluate_columns(columns: NetworkColumns) -> NetworkArrays:
    """Coverage, load, gaps and reach of every tier of a network in columns, as arrays.

    Each tier costs a few passes over its ties, targets and holders; reach one pass over the
    memberships of each tier of units.

    :param columns: the network, as :func:`network_columns` gives it.
    """
    found = []
    reached = np.zeros(len(columns.people), dtype=np.bool_)
    for tier_columns in columns.tiers:
        tier = tier_columns.tier
        valid = np.bincount(tier_columns.valid_target, minlength=len(tier_columns.targets))
        covered = valid >= tier.min_per_target
        load = np.bincount(tier_columns.valid_holder, minlength=len(tier_columns.holders))
        limit = tier.max_per_holder
        over_limit = load > limit if limit is not None else np.zeros(len(load), dtype=np.bool_)
        invalid = np.flatnonzero(tier_columns.tie_kind != VALID)
        if tier.covers_people:
            reached[tier_columns.target_person[covered]] = True
        else:
            reached[tier_columns.member_person[covered[tier_columns.member_target]]] = True
        found.append((tier_columns, valid, covered, load, over_limit, invalid))
    tiers = tuple(
        TierArrays(
            columns=tier_columns,
            as_of=columns.as_of,
            valid=_frozen(valid),
            covered=_frozen(covered),
            load=_frozen(load),
            over_limit=_frozen(over_limit),
            summary=_summary(load, over_limit),
            uncovered=_frozen(np.flatnonzero(~covered)),
            invalid=_frozen(invalid),
            invalid_kind=_frozen(tier_columns.tie_kind[invalid]),
            unreached=_frozen(
                np.flatnonzero(~reached[tier_columns.target_person])
                if tier_columns.tier.covers_people
                else np.zeros(0, dtype=np.int64)
            ),
        )
        for tier_columns, valid, covered, load, over_limit, invalid in found
    )
    return NetworkArrays(columns=columns, tiers=tiers, reached=_frozen(reached))
