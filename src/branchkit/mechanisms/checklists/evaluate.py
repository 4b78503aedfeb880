"""Role checklists judged on a day: what each holder completed, what is missing, what is overdue.

:func:`evaluate_checklists` is a pure function of the checklists (every version of each), the
people, the evidence, the item transitions, the day judged (``as_of``) and the period whose
recurring periods are judged. Its rules:

* **Versions.** The versions of one checklist key must not overlap. A ``boolean`` or
  ``count`` item is judged by the version in force on ``as_of``; a ``recurring`` item, period
  by period, by the version in force on the period's *deciding day*: its last day, or
  ``as_of`` for a period still running. Every record names the version it was judged by, so
  judging again on an earlier day gives the earlier version's figures unchanged.
* **Holders.** An item is owed by everyone who holds the checklist's role on the deciding
  day (``as_of`` for a one-off item). ``responsible`` only names who answers for it.
* **Evidence.** A piece of evidence counts for a holder when its kind is one the item needs,
  it names the holder among its ``persons`` (evidence naming only units counts for nobody: a
  unit cannot be chased), and it is dated within the item's window: for a one-off item from the
  version's ``valid_from`` to its due day (``due``, else the version's ``valid_to``) and never
  after ``as_of``; for a recurring item within the period and never after ``as_of``. Each
  kind the item needs must reach ``at_least`` by the sum of its evidence's counts; a kind short
  of it is *missing*. Evidence dated after the due day does not count: a late item stays
  overdue.
* **State.** An item's state starts ``pending`` and follows its transitions dated up to
  ``as_of``, by date (the same day: in the order given), through
  :data:`~branchkit.mechanisms.checklists.transitions.TRANSITIONS`; an illegal one is an error.
  A transition belongs to one version's record, so a new version starts pending again.
* **Complete** means nothing missing and, when the checklist ``needs_verification``, the
  state ``verified`` (a review may come after the due day: it judges evidence dated by then).
  **Overdue** means not complete and due on or before ``as_of``.

Adding evidence can only add to the counts, so it never lowers completion.

>>> import datetime as dt
>>> from branchkit.mechanisms.checklists import (
...     Checklist, ChecklistItem, ItemKind, evaluate_checklists)
>>> from branchkit.records import Evidence, Label, Person, PeriodKind, RoleSpan
>>> plan = ChecklistItem(key="plan", label=Label(zh="年度计划", en="annual plan"),
...                      evidence_kinds=("work_plan",), due=dt.date(2022, 3, 31))
>>> talks = ChecklistItem(key="talks", label=Label(zh="每季度谈心谈话", en="talks a quarter"),
...                       kind=ItemKind.RECURRING, every=PeriodKind.QUARTER, at_least=2,
...                       evidence_kinds=("talk_record",))
>>> secretary = Checklist(key="secretary", version="2022", role="branch_secretary",
...                       label=Label(zh="书记清单", en="secretary's list"), items=(plan, talks))
>>> people = [Person(id="T1", name="李娜", roles=(RoleSpan(role="branch_secretary"),))]
>>> evidence = [Evidence(id="p1", kind="work_plan", date=dt.date(2022, 3, 1), persons=("T1",)),
...             Evidence(id="t1", kind="talk_record", date=dt.date(2022, 2, 1), count=2,
...                      persons=("T1",))]
>>> result = evaluate_checklists([secretary], people=people, evidence=evidence,
...                              as_of=dt.date(2022, 5, 1))
>>> [(r.item, r.period, r.done, r.complete, r.overdue) for r in result.records]
[('plan', None, 1, True, False), ('talks', '2021-Q3', 0, False, True), ('talks', '2021-Q4', 0, False, True), ('talks', '2022-Q1', 2, True, False), ('talks', '2022-Q2', 0, False, False)]
>>> [(t.holder, t.owed, t.complete, t.overdue) for t in result.holders]
[('T1', 5, 2, 2)]
"""  # noqa: E501 - a doctest's expected line is as long as the result

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence, Set

from branchkit.errors import Path, RecordError
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
from branchkit.mechanisms.checklists.transitions import TRANSITIONS, ItemState, transition_problem
from branchkit.mechanisms.obligations.compliance import deciding_day, judged_periods
from branchkit.records._checks import duplicate_problems
from branchkit.records.events import Evidence
from branchkit.records.people import Person, RoleSpan
from branchkit.records.periods import Period, PeriodKind

__all__ = [
    "StateKey",
    "checklist_problems",
    "evaluate_checklists",
    "item_states",
    "latest_versions",
    "version_in_force",
]

#: What one item's state belongs to: checklist, version, item, holder and period (or ``None``).
StateKey = tuple[str, str, str, str, str | None]

_Index = dict[tuple[str, str], list[Evidence]]
_ID = operator.attrgetter("id")


def version_in_force(versions: Iterable[Checklist], day: dt.date) -> Checklist | None:
    """The version in force on ``day``, if any (versions of one key do not overlap).

    :param versions: the versions of one checklist.
    :param day: the day.
    """
    for version in versions:
        if version.in_force(day):
            return version
    return None


def latest_versions(checklists: Iterable[Checklist]) -> dict[str, Checklist]:
    """Each checklist key's latest version: the one in force from the latest day.

    A list's name and category are its latest version's: a revision may rename or move it.

    :param checklists: every version of every checklist.
    """
    latest: dict[str, Checklist] = {}
    for version in sorted(checklists, key=_start):
        latest[version.key] = version
    return latest


def _start(version: Checklist) -> dt.date:
    return version.valid_from or dt.date.min


def _overlap_problems(checklists: Sequence[Checklist]) -> Iterable[tuple[Path, str]]:
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, version in enumerate(checklists):
        by_key[version.key].append(index)
    for key, indexes in sorted(by_key.items()):
        ordered = sorted(indexes, key=lambda i: (_start(checklists[i]), checklists[i].version))
        for before, after in itertools.pairwise(ordered):
            earlier, later = checklists[before], checklists[after]
            if earlier.valid_to is None or earlier.valid_to >= _start(later):
                yield (
                    ("checklists", after, "valid_from"),
                    f"version {later.version!r} of {key!r} overlaps version {earlier.version!r}",
                )


def _transition_problems(
    transitions: Sequence[ItemTransition], checklists: Sequence[Checklist]
) -> Iterable[tuple[Path, str]]:
    versions = {(version.key, version.version): version for version in checklists}
    keys = {version.key for version in checklists}
    kinds: dict[str, PeriodKind | None] = {}  # the kind of each period key, parsed once
    for index, change in enumerate(transitions):
        where: Path = ("item_transitions", index)
        version = versions.get((change.checklist, change.version))
        if version is None:
            if change.checklist in keys:
                message = f"no version {change.version!r} of checklist {change.checklist!r}"
                yield (*where, "version"), message
            else:
                yield (*where, "checklist"), f"no checklist {change.checklist!r}"
            continue
        item = version.item(change.item)
        if item is None:
            message = f"no item {change.item!r} in version {change.version!r}"
            yield (*where, "item"), f"{message} of {change.checklist!r}"
        elif item.every is None and change.period is not None:
            yield (*where, "period"), f"item {item.key!r} is not recurring: it has no period"
        elif item.every is not None:
            yield from _period_problems(where, item, item.every, change.period, kinds)


def _period_problems(
    where: Path,
    item: ChecklistItem,
    every: PeriodKind,
    key: str | None,
    kinds: dict[str, PeriodKind | None],
) -> Iterable[tuple[Path, str]]:
    if key is None:
        yield (*where, "period"), f"item {item.key!r} recurs: name the period"
        return
    if key not in kinds:
        try:
            kinds[key] = Period.parse(key).kind
        except ValueError:
            kinds[key] = None
    if kinds[key] is not every:
        yield (*where, "period"), f"{key!r} is not a {every.value} key, as item {item.key!r} needs"


def checklist_problems(
    checklists: Sequence[Checklist],
    *,
    people: Sequence[Person] = (),
    evidence: Sequence[Evidence] = (),
    transitions: Sequence[ItemTransition] = (),
) -> list[tuple[Path, str]]:
    """What is wrong with the inputs taken together, as ``(path, message)`` pairs.

    Duplicate checklist versions, overlapping versions of one key, duplicate person or
    evidence ids, and transitions naming a checklist, version, item or period that does not
    exist. Paths start with the section: ``checklists``, ``people``, ``evidence`` or
    ``item_transitions``, then the record's index.

    :param checklists: every version of every checklist.
    :param people: the people.
    :param evidence: the evidence.
    :param transitions: the item transitions.
    """
    return [
        *duplicate_problems("checklists", checklists, lambda c: f"{c.key} {c.version}", "version"),
        *_overlap_problems(checklists),
        *duplicate_problems("people", people, _ID, "id"),
        *duplicate_problems("evidence", evidence, _ID, "id"),
        *_transition_problems(transitions, checklists),
    ]


def _describe(change: ItemTransition) -> str:
    period = "" if change.period is None else f" ({change.period})"
    return (
        f"item {change.item!r} of checklist {change.checklist!r} version {change.version!r} "
        f"for {change.holder!r}{period} on {change.date.isoformat()}"
    )


def item_states(
    transitions: Iterable[ItemTransition], *, as_of: dt.date
) -> dict[StateKey, ItemState]:
    """Each item's state after its transitions dated up to ``as_of``.

    Transitions of one item apply by date; those of one day in the order given. An item
    without a transition is ``pending`` and is not listed.

    :param transitions: the transitions, as the data lists them.
    :param as_of: the day judged: later transitions are not applied.
    :returns: the state of every item with a transition, by :data:`StateKey`.
    :raises RecordError: for each item with an action the table does not allow, naming the
        item, its state and the action (only the first such action of an item: after it, its
        state is unknown).
    """
    listed = tuple(transitions)
    by_item: dict[StateKey, list[int]] = defaultdict(list)
    for index, change in enumerate(listed):
        if change.date <= as_of:
            key = (change.checklist, change.version, change.item, change.holder, change.period)
            by_item[key].append(index)
    states: dict[StateKey, ItemState] = {}
    problems: list[tuple[Path, str]] = []
    table = TRANSITIONS
    for key, indexes in by_item.items():
        if len(indexes) > 1:
            # sorted is stable: a day's transitions stay in the order given.
            indexes.sort(key=lambda i: listed[i].date)
        state = ItemState.PENDING
        for index in indexes:
            change = listed[index]
            after = table.get((state, change.action))
            if after is None:
                message = transition_problem(state, change.action, _describe(change))
                problems.append((("item_transitions", index, "action"), message))
                break
            state = after
        else:
            states[key] = state
    if problems:
        problems.sort()
        raise RecordError("item transitions", problems)
    return states


def _evidence_index(evidence: Iterable[Evidence], as_of: dt.date) -> _Index:
    """Evidence up to ``as_of`` by person and kind, each once, by date then id."""
    # Evidence of no count proves nothing.
    counted = [proof for proof in evidence if proof.date <= as_of and proof.count != 0]
    counted.sort(key=lambda proof: (proof.date, proof.id))
    index: _Index = defaultdict(list)
    for proof in counted:
        # One that names a person twice counts once.
        for person in set(proof.persons):
            index[person, proof.kind].append(proof)
    return index


#: Each role's people (those with a span of it at some time, in the order given), each with
#: their spans of that role.
_ByRole = dict[str, list[tuple[str, list[RoleSpan]]]]


def _by_role(people: Sequence[Person], roles: Set[str]) -> _ByRole:
    """Each of ``roles``' people and their spans of it, the people in the order given."""
    found: _ByRole = defaultdict(list)
    for person in people:
        spans: dict[str, list[RoleSpan]] = {}
        for span in person.roles:
            if span.role in roles:
                spans.setdefault(span.role, []).append(span)
        for role, held in spans.items():
            found[role].append((person.id, held))
    return found


def _holders(by_role: _ByRole, role: str, day: dt.date) -> list[str]:
    """The ids of the people holding ``role`` on ``day``, in the order of ``by_role``."""
    found = []
    for person, spans in by_role.get(role, ()):
        for span in spans:
            if (span.start is None or span.start <= day) and (span.end is None or day <= span.end):
                found.append(person)
                break
    return found


def evaluate_checklists(
    checklists: Iterable[Checklist],
    *,
    people: Iterable[Person],
    evidence: Iterable[Evidence],
    transitions: Iterable[ItemTransition] = (),
    as_of: dt.date,
    period: Period | None = None,
) -> ChecklistResult:
    """Every item owed on ``as_of``, its evidence, its state, and the totals.

    The rules are the module's.

    :param checklists: every version of every checklist; versions of one key must not
        overlap and ``(key, version)`` must be unique.
    :param people: the people, for the roles they hold; ids must be unique.
    :param evidence: the evidence; ids must be unique. Other kinds are ignored.
    :param transitions: the items' state changes; needed only for checklists that need
        verification, but applied (and checked) for every checklist.
    :param as_of: the day judged.
    :param period: the period whose recurring periods are judged (each overlapping it and
        begun by ``as_of``, judged whole); by default the academic year containing ``as_of``.
    :returns: the records and their totals.
    :raises RecordError: for inputs that do not fit together (:func:`checklist_problems`) or
        an illegal transition (:func:`item_states`).
    """
    lists = tuple(checklists)
    persons = sorted(people, key=lambda person: person.id)
    proofs = tuple(evidence)
    changes = tuple(transitions)
    problems = checklist_problems(lists, people=persons, evidence=proofs, transitions=changes)
    if problems:
        raise RecordError("checklists input", problems)
    looked_at = period or Period.containing(as_of, PeriodKind.ACADEMIC_YEAR)
    states = item_states(changes, as_of=as_of)
    # Only the people who ever hold a list's role can owe its items: looked up, not scanned.
    judge = _Judge(
        as_of=as_of,
        index=_evidence_index(proofs, as_of),
        states=states,
        by_role=_by_role(persons, {version.role for version in lists}),
        looked_at=looked_at,
    )
    by_key: dict[str, list[Checklist]] = defaultdict(list)
    for version in lists:
        by_key[version.key].append(version)
    for key in sorted(by_key):
        _judge_versions(judge, by_key[key])
    records = judge.records
    records.sort(key=lambda r: (r.checklist, r.holder, r.item, r.period or ""))
    return _result(records, lists, as_of, looked_at)


class _Judge:
    """Judges items against the evidence and states, and keeps the records it makes.

    Many lists share a role and a deciding day, and a kind of period: each role's holders on
    a day, and each kind's periods judged, are found once.
    """

    def __init__(
        self,
        *,
        as_of: dt.date,
        index: _Index,
        states: dict[StateKey, ItemState],
        by_role: _ByRole,
        looked_at: Period,
    ) -> None:
        self.as_of = as_of
        self.index = index
        # The states by item and period, then by holder: one look-up per item judged.
        self.states: dict[tuple[str, str, str, str | None], dict[str, ItemState]] = {}
        for (checklist, version, item, holder, period), state in states.items():
            self.states.setdefault((checklist, version, item, period), {})[holder] = state
        self.by_role = by_role
        self.looked_at = looked_at
        self.records: list[ItemResult] = []
        self._holding: dict[tuple[str, dt.date], list[str]] = {}
        self._periods: dict[PeriodKind, tuple[Period, ...]] = {}

    def holders(self, role: str, day: dt.date) -> list[str]:
        """The ids of the people holding ``role`` on ``day``, by id."""
        found = self._holding.get((role, day))
        if found is None:
            found = self._holding[role, day] = _holders(self.by_role, role, day)
        return found

    def periods(self, every: PeriodKind) -> tuple[Period, ...]:
        """The periods of ``every`` judged (:func:`judged_periods`)."""
        found = self._periods.get(every)
        if found is None:
            found = self._periods[every] = judged_periods(every, self.looked_at, self.as_of)
        return found

    def __call__(
        self,
        version: Checklist,
        item: ChecklistItem,
        holders: list[str],
        *,
        part: Period | None,
        first: dt.date,
        due: dt.date | None,
    ) -> None:
        """Add a record of ``item`` per holder, counting evidence from ``first`` to ``due``."""
        as_of, index, states = self.as_of, self.index, self.states
        last = as_of if due is None or due > as_of else due
        period_key = None if part is None else part.key
        responsible = item.responsible or version.role
        needs = version.needs_verification
        closed = due is not None and due <= as_of
        kinds, at_least = tuple(item.evidence_kinds), item.at_least
        checklist, version_key, item_key = version.key, version.version, item.key
        pending, verified = ItemState.PENDING, ItemState.VERIFIED
        held = states.get((checklist, version_key, item_key, period_key), {})
        append = self.records.append
        for holder in holders:
            if len(kinds) == 1:  # the usual case, without the lists of several kinds
                kind = kinds[0]
                done = 0
                ids = []
                for proof in index.get((holder, kind), ()):
                    day = proof.date
                    if day > last:
                        break  # the index is by date: nothing later counts
                    if first <= day:
                        done += proof.count
                        ids.append(proof.id)
                evidence = tuple(ids)
                missing: tuple[str, ...] = () if done >= at_least else kinds  # (kind,)
            else:
                evidence, missing, done = _count(
                    index, holder, kinds, at_least, first=first, last=last
                )
            state = held.get(holder, pending)
            append(
                ItemResult(
                    checklist=checklist,
                    version=version_key,
                    item=item_key,
                    holder=holder,
                    responsible=responsible,
                    period=period_key,
                    due=due,
                    required=at_least,
                    done=done,
                    evidence=evidence,
                    missing=missing,
                    state=state,
                    complete=not missing and (not needs or state is verified),
                    closed=closed,
                )
            )


def _count(
    index: _Index,
    holder: str,
    kinds: Sequence[str],
    at_least: int,
    *,
    first: dt.date,
    last: dt.date,
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """The evidence of ``kinds`` dated from ``first`` to ``last`` that counts for ``holder``.

    :returns: the ids of the evidence, by date then id; the kinds short of ``at_least``; and
        how much of the scarcest kind counted (-1 without kinds).
    """
    counted: list[Evidence] = []
    missing: list[str] = []
    done = -1
    for kind in kinds:
        total = 0
        for proof in index.get((holder, kind), ()):
            day = proof.date
            if day > last:
                break  # the index is by date: nothing later counts
            if first <= day:
                total += proof.count
                counted.append(proof)
        if total < at_least:
            missing.append(kind)
        done = total if done < 0 else min(done, total)
    counted.sort(key=lambda proof: (proof.date, proof.id))
    return tuple([proof.id for proof in counted]), tuple(missing), done


def _judge_versions(judge: _Judge, versions: list[Checklist]) -> None:
    """Judge the items of one checklist key's versions, by the module's rules."""
    as_of = judge.as_of
    current = version_in_force(versions, as_of)
    if current is not None:
        holders = judge.holders(current.role, as_of)
        for item in current.items:
            if item.kind is not ItemKind.RECURRING:
                first = current.valid_from or dt.date.min
                due = item.due or current.valid_to
                judge(current, item, holders, part=None, first=first, due=due)
    kinds = {item.every for v in versions for item in v.items if item.every is not None}
    for every in sorted(kinds, key=lambda kind: kind.value):
        for part in judge.periods(every):
            day = deciding_day(part, as_of)
            judged = version_in_force(versions, day)
            if judged is None:
                continue
            holders = judge.holders(judged.role, day)
            for item in judged.items:
                if item.every is every:
                    judge(judged, item, holders, part=part, first=part.start, due=part.end)


#: What the totals read of a record.
_TOTALLED = operator.attrgetter("checklist", "version", "item", "holder", "complete", "closed")


def _result(
    records: list[ItemResult], lists: Sequence[Checklist], as_of: dt.date, looked_at: Period
) -> ChecklistResult:
    # [owed, complete, overdue] per group.
    items: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    checklists: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    roles: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    holders: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    versions: dict[str, set[str]] = defaultdict(set)
    role_of = {(version.key, version.version): version.role for version in lists}
    # Records alike in everything the totals read are added up together.
    alike = Counter(map(_TOTALLED, records))
    for (checklist, version, item, holder, complete, closed), count in alike.items():
        overdue = closed and not complete
        for figures in (
            items[checklist, item],
            checklists[checklist],
            roles[role_of[checklist, version]],
            holders[holder],
        ):
            figures[0] += count
            figures[1] += complete * count
            figures[2] += overdue * count
        versions[checklist].add(version)
    return ChecklistResult(
        as_of=as_of,
        period=looked_at,
        records=tuple(records),
        items=tuple(
            ItemTotals(checklist=checklist, item=item, owed=o, complete=c, overdue=d)
            for (checklist, item), (o, c, d) in sorted(items.items())
        ),
        checklists=tuple(
            ChecklistTotals(
                checklist=key,
                versions=tuple(sorted(versions[key])),
                owed=o,
                complete=c,
                overdue=d,
            )
            for key, (o, c, d) in sorted(checklists.items())
        ),
        roles=tuple(
            RoleTotals(role=role, owed=o, complete=c, overdue=d)
            for role, (o, c, d) in sorted(roles.items())
        ),
        holders=tuple(
            HolderTotals(holder=holder, owed=o, complete=c, overdue=d)
            for holder, (o, c, d) in sorted(holders.items())
        ),
    )
