"""Suggestions that fill a tier's gaps: which holder could take which uncovered target.

:func:`suggest_assignments` proposes new ties for the targets of a :class:`Tier` that have
fewer valid ties than the tier asks for, as of a day. The proposal:

- proposes only ties the tier's rules allow. The holder holds the tier's role on the day and
  is not tied to the target already. The holder is not the target, nor (under
  ``exclude_own_unit``) a member of it, and the pair is not ``forbidden``. A target's
  missing ties each go to a different holder;
- never takes a holder past ``max_per_holder``. A holder over the limit already takes
  nothing new;
- fills as many missing ties as the free places allow. Among the proposals that fill this
  many, it takes one that balances load: the sum of the squares of the holders' loads is as
  small as it can be, so the largest load is too;
- keeps every valid tie. With ``keep_existing=False`` it may also end the surplus ties of
  holders over the limit. A tie is ended outright when its target keeps enough other ties,
  or else handed to another holder with a free place. A target covered today stays covered.
  Ending ties matters less than filling gaps: a holder stays over the limit rather than take
  a place another gap needs.

How: this is an assignment problem, solved by :func:`scipy.optimize.linear_sum_assignment`
(the ``solver`` extra). Each missing tie is a row and each free place of a holder a column.
The ``k``-th new place of a holder who takes ``n`` targets costs ``n + k``. These costs grow
with the load, so the cheapest proposal spreads the new ties evenly: the cost of a holder's
places adds up to a convex function of the holder's load, whose sum is least exactly when
the squares of the loads add up to least. Each matched row earns a reward larger than every
cost put together, so the solver first fills as many rows as it can and only then balances.
A pair the rules refuse is worth nothing, the same as leaving the row unmatched, so an
instance that cannot be filled still solves and its leftover rows are reported as
:class:`Unfilled` instead of raising. Greedy filling, by contrast, can spend a holder on a
target that others could have taken and leave a gap that another order would have filled.

The solver alone could give a target two places of one holder. Such a repeat is dropped and
its row solved again without that holder, until no repeat is left. A repeat can only arise
when a target lacks more than one tie (``min_per_target`` above 1) or when ``keep_existing``
is false; otherwise the proposal is optimal. A place no optimal proposal needs (beyond every
row's cheapest ones) is left out of the matrix, and so are the missing ties that any holder
may take beyond as many as there are places: the matrix stays small when holders are
unlimited or targets many. With ``min_per_target`` above 1 the solver fills as many ties as
it can, which is not always the same as covering as many targets as it can (that problem is
much harder).

Sorted ids fix the matrix, so the same inputs, in any order, give the same proposal.

>>> import datetime as dt
>>> from branchkit.records import Label, Membership, Person, RoleSpan, Unit
>>> tier = Tier(key="dorms", label=Label(zh="支委联系寝室", en="committee member to dorm"),
...             holder_role="committee_member", unit_kind="dorm", max_per_holder=2,
...             exclude_own_unit=True)
>>> people = [
...     Person(id="T1", name="李娜", roles=(RoleSpan(role="committee_member"),),
...            memberships=(Membership(unit="d5"),)),
...     Person(id="T2", name="王芳", roles=(RoleSpan(role="committee_member"),),
...            memberships=(Membership(unit="d3"),)),
... ]
>>> units = [Unit(id=f"d{n}", kind="dorm", name=f"1-10{n}") for n in range(1, 6)]
>>> ties = [Assignment(tier="dorms", holder="T1", target="d1")]
>>> suggestion = suggest_assignments(tier, ties, people=people, units=units,
...                                  as_of=dt.date(2022, 3, 1), forbidden=[("T2", "d5")])
>>> [(tie.target, tie.holder) for tie in suggestion.added]
[('d2', 'T2'), ('d3', 'T1'), ('d4', 'T2')]
>>> [(gap.target, gap.needed, gap.kind) for gap in suggestion.unfilled]
[('d5', 1, 'no_holder')]
>>> suggestion.covered_before, suggestion.covered_after
(1, 4)

T2 lives in d3, so d3 can only go to T1, who has one free place; T2 takes d2 and d4. T1 lives
in d5 and T2 may not take it, so no one is left for d5.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from branchkit.errors import MissingDependencyError
from branchkit.mechanisms.contacts.network import Assignment, Tier, tie_problem, tier_targets
from branchkit.records.labels import Label
from branchkit.records.people import Person
from branchkit.records.sensitivity import IDENTIFIER
from branchkit.records.units import Unit

__all__ = ["Suggestion", "Unfilled", "UnfilledKind", "suggest_assignments"]

#: Why a target is still short: ``no_holder`` when no holder of the role may take it (each is
#: tied to it already, is the target or one of its members, or is forbidden), ``no_place`` when
#: some may, but none of them has a free place left.
UnfilledKind = Literal["no_holder", "no_place"]


@attrs.frozen(kw_only=True)
class Unfilled:
    """A target the proposal leaves short of ties.

    :param target: the target's id.
    :param needed: how many more valid ties it would need to be covered.
    :param kind: why no more are proposed (see :data:`UnfilledKind`).
    :param reason: in words, in both languages.
    """

    target: str = attrs.field(metadata=IDENTIFIER)
    needed: int
    kind: UnfilledKind
    reason: Label


@attrs.frozen(kw_only=True)
class Suggestion:
    """A proposal that fills a tier's gaps, as of a day.

    :param tier: the tier's key.
    :param as_of: the day the proposal is for; the new ties start on it.
    :param added: the new ties, by target and holder.
    :param ended: the valid ties the proposal ends, as they read once ended (their last day is
        the day before ``as_of``), by target and holder; empty unless asked to
        rearrange existing ties.
    :param unfilled: the targets still short of ties after the proposal, by target.
    :param covered_before: how many targets are covered today.
    :param covered_after: how many would be covered with the proposal applied.
    """

    tier: str
    as_of: dt.date
    added: tuple[Assignment, ...]
    ended: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    covered_before: int
    covered_after: int

    def apply(self, assignments: Iterable[Assignment]) -> tuple[Assignment, ...]:
        """The ties with the proposal applied: the ties it ends ended, the new ties added.

        A tie is ended when it is of the tier, holds on ``as_of`` and, ended the day before,
        is one of :attr:`ended`; the others are kept as they are.

        :param assignments: the ties the proposal was made from.
        """
        ended = set(self.ended)
        last_day = self.as_of - dt.timedelta(days=1)
        kept = []
        for tie in assignments:
            # A tie that starts on as_of cannot end the day before; no proposal ends one.
            if tie.tier == self.tier and tie.active_on(self.as_of) and tie.active_on(last_day):
                closed = attrs.evolve(tie, end=last_day)
                if closed in ended:
                    kept.append(closed)
                    continue
            kept.append(tie)
        return (*kept, *self.added)


class _Network(NamedTuple):
    """A tier as of a day: its targets and holders, and its valid ties."""

    targets: list[str]
    holders: list[str]
    tied: dict[str, set[str]]  # target -> holders with a valid tie
    ties_of: dict[str, set[str]]  # holder -> targets of their valid ties
    records: dict[tuple[str, str], list[Assignment]]  # (holder, target) -> its tie records


class _Row(NamedTuple):
    """One row of the assignment: a missing tie of a target, or a tie that may be moved."""

    target: str
    owner: str | None  # the holder over the limit whose tie this is; None for a missing tie


class _Choice(NamedTuple):
    """What the solver made of a row: a tie to ``holder``, or keep or end the owner's tie."""

    action: Literal["tie", "keep", "end"]
    holder: str | None = None


def _network(
    tier: Tier,
    assignments: Iterable[Assignment],
    people: dict[str, Person],
    units: dict[str, Unit],
    day: dt.date,
) -> _Network:
    """The tier's targets, holders and valid ties on ``day``, by the rules of the network.

    :param tier: the tier.
    :param assignments: every tie.
    :param people: the people by id.
    :param units: the units by id.
    :param day: the day.
    """
    targets = tier_targets(tier, people.values(), units.values(), day)
    holders = sorted(key for key, person in people.items() if person.holds(tier.holder_role, day))
    tied: dict[str, set[str]] = {target: set() for target in targets}
    ties_of: dict[str, set[str]] = {holder: set() for holder in holders}
    records: dict[tuple[str, str], list[Assignment]] = {}
    for tie in assignments:
        if tie.tier != tier.key or not tie.active_on(day):
            continue
        if tie_problem(tier, tie, people, units, day) is not None:
            continue
        records.setdefault((tie.holder, tie.target), []).append(tie)
        tied[tie.target].add(tie.holder)
        ties_of[tie.holder].add(tie.target)
    return _Network(targets, holders, tied, ties_of, records)


def _rows(
    tier: Tier, network: _Network, keep_existing: bool, day: dt.date
) -> tuple[list[_Row], dict[str, int]]:
    """The rows to solve, by target, and how many ties each holder over the limit may keep.

    A target short of ties has one row per missing tie. Unless ``keep_existing``, each tie of a
    holder over the limit is a row too, which the holder keeps, ends or hands on; a tie that
    starts on ``day`` is kept as it is, since it cannot end the day before it starts.

    :param tier: the tier.
    :param network: the tier on the day.
    :param keep_existing: whether every valid tie is kept.
    :param day: the day.
    """
    rows = [
        _Row(target, None)
        for target in network.targets
        for _ in range(tier.min_per_target - len(network.tied[target]))
    ]
    within: dict[str, int] = {}
    limit = tier.max_per_holder
    if not keep_existing and limit is not None:
        for holder in network.holders:
            targets = network.ties_of[holder]
            if len(targets) <= limit:
                continue
            movable = sorted(
                target
                for target in targets
                if all(tie.start != day for tie in network.records[holder, target])
            )
            rows.extend(_Row(target, holder) for target in movable)
            within[holder] = max(0, limit - (len(targets) - len(movable)))
    # A target's rows together, a tie to move before a missing one: repeats keep the first.
    rows.sort(key=lambda row: (row.target, row.owner is None, row.owner or ""))
    return rows, within


def _blocked(
    tier: Tier,
    network: _Network,
    targets: set[str],
    *,
    forbidden: Iterable[tuple[str, str]],
    people: dict[str, Person],
    units: dict[str, Unit],
    day: dt.date,
) -> dict[str, set[str]]:
    """The holders of the role who may not be newly tied to each of ``targets``.

    They are those tied to it already, those the network's rules refuse (the target itself,
    or, under ``exclude_own_unit``, its members), and those ``forbidden``. Every other pair
    of a holder of the role and a target of the tier passes the rules, so only the holders
    who are the target or belong to it are put to them.

    :param tier: the tier.
    :param network: the tier on the day.
    :param targets: the targets of the rows.
    :param forbidden: the ``(holder, target)`` pairs never to propose.
    :param people: the people by id.
    :param units: the units by id.
    :param day: the day.
    """
    blocked = {target: set(network.tied[target]) for target in targets}
    for holder, target in forbidden:
        if target in blocked:
            blocked[target].add(holder)
    for holder in network.holders:
        for target in ({holder} | people[holder].units_on(day)) & targets:
            tie = Assignment(tier=tier.key, holder=holder, target=target)
            if tie_problem(tier, tie, people, units, day) is not None:
                blocked[target].add(holder)
    return blocked


def _needed_places(
    load: npt.NDArray[np.int64], cap: npt.NDArray[np.int64], allowed: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """How many of each holder's places the matrix needs: the first ones, by cost.

    With ``n`` rows, some optimal assignment matches each row to one of its ``n`` cheapest
    allowed places: were it matched elsewhere, one of those would be free and no dearer. A
    row's threshold is the least cost at which it has ``n`` allowed places costing no more,
    found by bisection for all rows at once; a holder's places up to the highest threshold of
    the rows that may take the holder are all that is needed.

    :param load: each holder's load; their ``k``-th new place costs ``load + k``.
    :param cap: how many new places each holder has.
    :param allowed: which holders (columns) each row may take.
    """
    rows = allowed.shape[0]
    low = np.full(rows, int(load.min()), dtype=np.int64)
    high = np.full(rows, int((load + cap - 1).max()), dtype=np.int64)
    while (searching := low < high).any():
        middle = (low + high) // 2
        within = np.clip(middle[:, None] - load[None, :] + 1, 0, cap[None, :])
        enough = np.where(allowed, within, 0).sum(axis=1) >= rows
        high = np.where(searching & enough, middle, high)
        low = np.where(searching & ~enough, middle + 1, low)
    threshold = np.where(allowed, low[:, None], -1).max(axis=0)
    needed: npt.NDArray[np.int64] = np.clip(threshold - load + 1, 0, cap)
    return needed


def _costs(
    movers: npt.NDArray[np.bool_],
    places: tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]],
    own: tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]],
    spare: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """The cost matrix: a matched row earns a reward, less the cost of the column it takes.

    Priorities, each worth more than everything below it put together: fill a missing tie;
    keep an owner's tie somewhere; keep owners within the limit; end a spare tie rather than
    move it; balance the loads. A pair that is not allowed costs 0, as an unmatched row does.

    :param movers: which rows are ties of holders over the limit (the others are missing ties).
    :param places: which rows may take each holder's place, and each place's cost.
    :param own: which rows may take each of their owner's own places, and whether that place
        is beyond the limit.
    :param spare: which rows may take each target's spare ties, to end the tie outright.
    """
    count = len(movers)
    balance = int(places[1].max(initial=0)) + 3
    over = balance * (count + 1)
    reward = np.where(movers, float(over + balance), float(over * (count + 1)))[:, None]
    blocks = (
        np.where(places[0], places[1] + 2 * movers[:, None] - reward, 0.0),
        np.where(own[0], own[1] * over - reward, 0.0),
        np.where(spare, 1.0 - reward, 0.0),
    )
    return np.hstack(blocks).reshape(count, -1)


class _Solver:
    """The assignment of the rows, solved again without repeats until none is left.

    :param tier: the tier.
    :param network: the tier on the day.
    :param rows: the rows, by target.
    :param within: how many ties each holder over the limit may keep.
    :param blocked: the holders who may not be newly tied to each target of the rows.
    :param solve: :func:`scipy.optimize.linear_sum_assignment`.
    """

    def __init__(
        self,
        tier: Tier,
        network: _Network,
        rows: Sequence[_Row],
        *,
        within: Mapping[str, int],
        blocked: Mapping[str, set[str]],
        solve: Callable[[npt.NDArray[np.float64]], tuple[npt.NDArray[np.intp], ...]],
    ) -> None:
        self.tier = tier
        self.network = network
        self.rows = rows
        self.within = within
        self.blocked = blocked
        self.solve = solve
        self.added: dict[str, set[str]] = {row.target: set() for row in rows}
        self.new_load: Counter[str] = Counter()
        self.kept: Counter[str] = Counter()
        self.ended: Counter[str] = Counter()
        self.choices: list[_Choice | None] = [None] * len(rows)

    def run(self) -> list[_Choice | None]:
        """What became of each row: a choice, or ``None`` for a missing tie left unfilled."""
        pending = list(range(len(self.rows)))
        while pending:
            repeated = False
            fixed: set[int] = set()
            chosen: dict[str, set[str]] = {}
            for index, choice in self._round(pending):
                target = self.rows[index].target
                if choice.holder is not None:
                    if choice.holder in chosen.setdefault(target, set()):
                        repeated = True
                        continue
                    chosen[target].add(choice.holder)
                self._fix(index, choice)
                fixed.add(index)
            if not repeated:
                break
            pending = [index for index in pending if index not in fixed]
        return self.choices

    def _fix(self, index: int, choice: _Choice) -> None:
        row = self.rows[index]
        self.choices[index] = choice
        if choice.holder is not None:
            self.added[row.target].add(choice.holder)
            self.new_load[choice.holder] += 1
        elif choice.action == "end":
            self.ended[row.target] += 1
        elif row.owner is not None:
            self.kept[row.owner] += 1

    def _load(self, holder: str) -> int:
        return len(self.network.ties_of[holder]) + self.new_load[holder]

    def _round(self, pending: Sequence[int]) -> list[tuple[int, _Choice]]:
        """The solver's matches of the pending rows to what is still free."""
        pending, holders, allowed, cost_of = self._places(pending)
        if not pending:
            return []
        rows = [self.rows[index] for index in pending]
        place_holder = np.repeat(np.arange(len(holders)), [len(c) for c in cost_of])
        place_cost = np.array([cost for costs in cost_of for cost in costs], dtype=np.int64)
        movers = np.array([row.owner is not None for row in rows], dtype=bool)
        own, spare = self._owned(rows)
        cost = _costs(movers, (allowed[:, place_holder], place_cost), own, spare)
        if cost.shape[1] == 0:
            return []
        owned = len(place_holder) + own[1].size
        matches: list[tuple[int, _Choice]] = []
        solved = (part.tolist() for part in self.solve(cost))
        for number, column in zip(*solved, strict=True):
            if cost[number, column] >= 0:  # a pair not allowed: the row is left unmatched
                continue
            if column < len(place_holder):
                choice = _Choice("tie", holders[place_holder[column]])
            else:
                choice = _Choice("keep" if column < owned else "end")
            matches.append((pending[number], choice))
        return sorted(matches)

    def _places(
        self, pending: Sequence[int]
    ) -> tuple[list[int], list[str], npt.NDArray[np.bool_], list[range]]:
        """The rows worth solving, the holders with a free place, and the places the matrix needs.

        Returned with which holders each row may take, and the costs of each holder's places.
        A missing tie whose target refuses none of these holders may take any place, at the
        same cost as any other such tie; no more of them can be filled than there are places,
        so only that many of them, the first, are worth solving.

        :param pending: the rows of the round.
        """
        limit = self.tier.max_per_holder
        # Holders over the limit take nothing new; everyone else with the role may.
        holders = [
            holder for holder in self.network.holders if limit is None or self._load(holder) < limit
        ]
        column = {holder: number for number, holder in enumerate(holders)}
        load = np.array([self._load(holder) for holder in holders], dtype=np.int64)
        room = len(pending) * len(holders) if limit is None else int((limit - load).sum())
        refused: dict[str, list[int]] = {}
        kept: list[int] = []
        for index in pending:
            row = self.rows[index]
            if row.target not in refused:
                taken = self.blocked[row.target] | self.added[row.target]
                refused[row.target] = [column[holder] for holder in taken if holder in column]
            if row.owner is None and not refused[row.target]:
                if room <= 0:
                    continue
                room -= 1
            kept.append(index)
        allowed = np.ones((len(kept), len(holders)), dtype=bool)
        for number, index in enumerate(kept):
            allowed[number, refused[self.rows[index].target]] = False
        if not allowed.size:
            return kept, holders, allowed, []
        free = len(kept) if limit is None else limit - load
        cap = np.minimum(free, allowed.sum(axis=0)).astype(np.int64)
        needed = _needed_places(load, cap, allowed).tolist()
        costs = [range(n, n + k) for n, k in zip(load.tolist(), needed, strict=True)]
        return kept, holders, allowed, costs

    def _owned(
        self, rows: Sequence[_Row]
    ) -> tuple[tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]], npt.NDArray[np.bool_]]:
        """The owners' own places, to keep their ties, and the targets' spare ties, to end one.

        An owner has one place per tie of theirs in the round, the first ones within the
        limit, the others beyond it; a target has as many spare ties as it can lose and stay
        covered, but no more than its ties in the round.

        :param rows: the rows of the round.
        """
        owners = Counter(row.owner for row in rows if row.owner is not None)
        own_owner: list[str] = []
        beyond: list[int] = []
        for owner, moving in sorted(owners.items()):
            free = max(0, self.within[owner] - self.kept[owner])
            own_owner += [owner] * moving
            beyond += [int(number >= free) for number in range(moving)]
        spare_target: list[str] = []
        moved = Counter(row.target for row in rows if row.owner is not None)
        for target, moving in sorted(moved.items()):
            left = len(self.network.tied[target]) - self.tier.min_per_target - self.ended[target]
            spare_target += [target] * min(max(0, left), moving)
        owner_of = np.array([row.owner or "" for row in rows], dtype=object)
        target_of = np.array(
            [row.target if row.owner is not None else None for row in rows], dtype=object
        )
        own = np.equal.outer(owner_of, np.array(own_owner, dtype=object)).astype(bool)
        spare = np.equal.outer(target_of, np.array(spare_target, dtype=object)).astype(bool)
        return (own, np.array(beyond, dtype=np.int64)), spare


def _unfilled(target: str, needed: int, may: bool) -> Unfilled:
    """A target left short of ``needed`` ties; ``may`` if some holder of the role may take it.

    :param target: the target's id.
    :param needed: how many more ties it needs.
    :param may: whether a holder of the role may be tied to it, had they a free place.
    """
    ties = "tie" if needed == 1 else "ties"
    if may:
        return Unfilled(
            target=target,
            needed=needed,
            kind="no_place",
            reason=Label(
                zh=f"还差{needed}名联系人：可以联系它的联系人名额已满",
                en=f"{needed} more {ties} needed; the holders who may take it have no free place",
            ),
        )
    return Unfilled(
        target=target,
        needed=needed,
        kind="no_holder",
        reason=Label(
            zh=f"还差{needed}名联系人：没有可以联系它的联系人（已联系、本人或其成员、被排除）",
            en=f"{needed} more {ties} needed; no holder may take it (tied to it already, the "
            "target or a member of it, or forbidden)",
        ),
    )


def suggest_assignments(
    tier: Tier,
    assignments: Iterable[Assignment],
    *,
    people: Iterable[Person],
    units: Iterable[Unit] = (),
    as_of: dt.date,
    keep_existing: bool = True,
    forbidden: Iterable[tuple[str, str]] = (),
) -> Suggestion:
    """A proposal of new ties that fills the gaps of ``tier`` as of a day, balancing load.

    See the module's documentation for what the proposal guarantees and how it is found.

    :param tier: the tier.
    :param assignments: the ties; those of other tiers or not active on ``as_of`` are ignored,
        and so are those the network finds invalid.
    :param people: the people, for roles and memberships on the day.
    :param units: the units, for kinds and existence on the day.
    :param as_of: the day; new ties start on it, ended ties end the day before.
    :param keep_existing: whether every valid tie is kept; if false, the ties of holders over
        ``max_per_holder`` may be ended or handed to other holders.
    :param forbidden: ``(holder, target)`` pairs never to propose.
    :raises MissingDependencyError: when scipy (the ``solver`` extra) is not installed.
    """
    try:
        from scipy.optimize import linear_sum_assignment  # noqa: PLC0415
    except ImportError:
        raise MissingDependencyError("contact suggestions", "solver") from None
    people_by_id = {person.id: person for person in people}
    units_by_id = {unit.id: unit for unit in units}
    network = _network(tier, assignments, people_by_id, units_by_id, as_of)
    rows, within = _rows(tier, network, keep_existing, as_of)
    targets = {row.target for row in rows}
    blocked = _blocked(
        tier,
        network,
        targets,
        forbidden=forbidden,
        people=people_by_id,
        units=units_by_id,
        day=as_of,
    )
    solver = _Solver(
        tier, network, rows, within=within, blocked=blocked, solve=linear_sum_assignment
    )
    choices = solver.run()

    added: list[Assignment] = []
    ended: dict[Assignment, None] = {}
    change: Counter[str] = Counter()
    filled: Counter[str] = Counter()
    last_day = as_of - dt.timedelta(days=1)
    for row, choice in zip(rows, choices, strict=True):
        if choice is not None and choice.holder is not None:
            added.append(
                Assignment(tier=tier.key, holder=choice.holder, target=row.target, start=as_of)
            )
            change[row.target] += 1
            filled[row.target] += row.owner is None
        if row.owner is not None and choice is not None and choice.action != "keep":
            for tie in network.records[row.owner, row.target]:
                ended[attrs.evolve(tie, end=last_day)] = None
            change[row.target] -= 1

    minimum = tier.min_per_target
    unfilled = []
    for target in sorted(targets):
        needed = minimum - len(network.tied[target]) - filled[target]
        if needed > 0:
            taken = blocked[target] | solver.added[target]
            may = any(holder not in taken for holder in network.holders)
            unfilled.append(_unfilled(target, needed, may))
    before = [len(network.tied[target]) for target in network.targets]
    return Suggestion(
        tier=tier.key,
        as_of=as_of,
        added=tuple(sorted(added, key=lambda tie: (tie.target, tie.holder))),
        ended=tuple(
            sorted(ended, key=lambda tie: (tie.target, tie.holder, tie.start or dt.date.min))
        ),
        unfilled=tuple(unfilled),
        covered_before=sum(count >= minimum for count in before),
        covered_after=sum(
            count + change[target] >= minimum
            for target, count in zip(network.targets, before, strict=True)
        ),
    )
