"""Contact networks: tiers that tie holders of a role to targets, and what the ties cover.

A :class:`Tier` says who holds ties (people with a role, such as ``committee_member``) to which
targets: units of a kind (``dorm``, ``class``) or people with a role (``student``). It says how
many ties each target needs, how many targets a holder may take, whether a holder may be tied to
their own unit, and how often each target must be contacted. :class:`Assignment` records are
the dated ties; the contact log is made of events of the tier's contact kind naming the target
among the event's units (or, for people, among its participants).

:func:`evaluate_network` is a pure function of the tiers, the ties, the people, the units, the
events and a day: per tier, the coverage of every target, the load of every holder, the gaps
(targets not covered enough, ties that are no longer valid and why) and the contacts overdue;
for a tier of people, also the people no tier reaches at all (:attr:`TierResult.unreached`).

>>> import datetime as dt
>>> from branchkit.records import Person, RoleSpan, Unit
>>> tier = Tier(key="dorms", label=Label(zh="支委联系寝室", en="committee member to dorm"),
...             holder_role="committee_member", unit_kind="dorm", max_per_holder=2)
>>> people = [Person(id="T1", name="李娜", roles=(RoleSpan(role="committee_member"),))]
>>> units = [Unit(id="d1", kind="dorm", name="1-101"), Unit(id="d2", kind="dorm", name="1-102")]
>>> ties = [Assignment(tier="dorms", holder="T1", target="d1")]
>>> result = evaluate_network([tier], ties, people=people, units=units, as_of=dt.date(2022, 3, 1))
>>> [(c.target, c.covered) for c in result.tiers[0].coverage]
[('d1', True), ('d2', False)]
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Literal

import attrs

from branchkit.errors import Path
from branchkit.records._checks import (
    duplicate_problems,
    ensure_valid,
    key_problems,
    span_problems,
    within_span,
)
from branchkit.records.events import Event
from branchkit.records.labels import Label
from branchkit.records.people import Person
from branchkit.records.periods import Period, PeriodKind
from branchkit.records.sensitivity import IDENTIFIER
from branchkit.records.units import Unit

__all__ = [
    "NO_NAMES",
    "Assignment",
    "Coverage",
    "Gap",
    "HolderLoad",
    "LoadSummary",
    "NetworkResult",
    "OverdueContact",
    "Tier",
    "TierResult",
    "evaluate_network",
    "tie_problem",
    "tier_targets",
]


@attrs.frozen(kw_only=True)
class Tier:
    """One tier of a contact network.

    A tier's targets are either the units of one kind (``unit_kind``) or the people holding one
    role (``person_role``); exactly one of the two is given.

    :param key: the tier's key.
    :param label: its name (支部联系班级, ...).
    :param holder_role: the role a holder must hold on the day judged.
    :param unit_kind: the kind of unit the tier covers (``class``, ``dorm``).
    :param person_role: the role of the people the tier covers (``student``).
    :param min_per_target: how many valid ties each target needs to be covered.
    :param max_per_holder: the most targets a holder may take, if limited.
    :param exclude_own_unit: whether a holder may not be tied to a unit they belong to; a holder
        is never tied to themself.
    :param contact_kind: the event kind of the tier's contacts, if contacts are logged.
    :param contact_every: how often each covered target must be contacted (``month``, ...).

    >>> Tier(key="t", label=Label(zh="联系", en="contact"), holder_role="member")
    Traceback (most recent call last):
      ...
    branchkit.errors.RecordError: invalid Tier: $.unit_kind: give unit_kind or person_role
    """

    key: str
    label: Label
    holder_role: str
    unit_kind: str | None = None
    person_role: str | None = None
    min_per_target: int = 1
    max_per_holder: int | None = None
    exclude_own_unit: bool = False
    contact_kind: str | None = None
    contact_every: PeriodKind | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from key_problems("holder_role", self.holder_role)
        if (self.unit_kind is None) == (self.person_role is None):
            yield ("unit_kind",), "give unit_kind or person_role"
        if self.unit_kind is not None:
            yield from key_problems("unit_kind", self.unit_kind)
        if self.person_role is not None:
            yield from key_problems("person_role", self.person_role)
            if self.exclude_own_unit:
                yield ("exclude_own_unit",), "applies to tiers of units only"
        if self.min_per_target < 1:
            yield ("min_per_target",), "must be at least 1"
        if self.max_per_holder is not None and self.max_per_holder < 1:
            yield ("max_per_holder",), "must be at least 1"
        if (self.contact_every is None) != (self.contact_kind is None):
            yield ("contact_every",), "contact_kind and contact_every go together"
        if self.contact_every is PeriodKind.CUSTOM:
            yield ("contact_every",), "a custom period has no fixed length"

    @property
    def covers_people(self) -> bool:
        """Whether the tier's targets are people (rather than units)."""
        return self.person_role is not None


@attrs.frozen(kw_only=True)
class Assignment:
    """A dated tie of a holder to a target (a unit or a person) in a tier.

    :param tier: the tier's key.
    :param holder: the holder's person id; personal.
    :param target: the id of the unit or person tied to; an identifier, since a dorm or a
        student can point at a person.
    :param start: the first day of the tie, if known.
    :param end: the last day; ``None`` while it lasts.
    """

    tier: str
    holder: str = attrs.field(metadata=IDENTIFIER)
    target: str = attrs.field(metadata=IDENTIFIER)
    start: dt.date | None = None
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, span_problems(self.start, self.end))

    def active_on(self, day: dt.date) -> bool:
        """Whether the tie holds on ``day``."""
        return within_span(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class Coverage:
    """How one target is covered in a tier.

    :param target: the target's id.
    :param holders: the holders with a valid tie to it, sorted.
    :param covered: whether it has at least the tier's minimum of valid ties.
    """

    target: str = attrs.field(metadata=IDENTIFIER)
    holders: tuple[str, ...] = attrs.field(metadata=IDENTIFIER)
    covered: bool


@attrs.frozen(kw_only=True)
class HolderLoad:
    """How many targets one holder takes in a tier.

    :param holder: the holder's person id.
    :param targets: the targets of the holder's valid ties, sorted.
    :param over_limit: whether the holder takes more than the tier allows.
    """

    holder: str = attrs.field(metadata=IDENTIFIER)
    targets: tuple[str, ...] = attrs.field(metadata=IDENTIFIER)
    over_limit: bool


@attrs.frozen(kw_only=True)
class LoadSummary:
    """The load of a tier's holders, who hold the role on the day, tied or not.

    :param holders: how many hold the tier's role.
    :param minimum: the fewest targets a holder takes.
    :param mean: the mean, rounded half up to 0.01.
    :param maximum: the most targets a holder takes.
    :param over_limit: how many take more than the tier allows.
    """

    holders: int
    minimum: int
    mean: decimal.Decimal
    maximum: int
    over_limit: int


GapKind = Literal[
    "uncovered",
    "holder_unknown",
    "holder_without_role",
    "target_unknown",
    "target_gone",
    "wrong_target",
    "own_unit",
]


@attrs.frozen(kw_only=True)
class Gap:
    """Something the network lacks or a tie that no longer counts.

    :param kind: ``uncovered`` (a target with too few valid ties), or why a tie is not valid:
        ``holder_unknown``, ``holder_without_role``, ``target_unknown`` (no such unit or
        person), ``target_gone`` (the unit no longer exists, the person no longer holds the
        tier's role), ``wrong_target`` (a unit of another kind, a person without the role
        ever), ``own_unit`` (the holder's own unit, or the holder themself).
    :param target: the target concerned.
    :param holder: the holder concerned, for a tie.
    :param reason: in words, in both languages.
    """

    kind: GapKind
    target: str = attrs.field(metadata=IDENTIFIER)
    holder: str | None = attrs.field(default=None, metadata=IDENTIFIER)
    reason: Label


@attrs.frozen(kw_only=True)
class OverdueContact:
    """A period in which a covered target had no contact.

    :param target: the target's id.
    :param period: the period's key (``2022-03``).
    :param last_contact: the day of the target's last contact before the period's end, if any.
    """

    target: str = attrs.field(metadata=IDENTIFIER)
    period: str
    last_contact: dt.date | None


@attrs.frozen(kw_only=True)
class TierResult:
    """Everything the network says about one tier.

    :param tier: the tier's key.
    :param coverage: every target of the tier on the day, by id.
    :param holders: every holder of the role on the day, by id.
    :param load: the load summary.
    :param gaps: the gaps, uncovered targets first, then invalid ties, each by target and
        holder.
    :param overdue: the contacts overdue, by target and period.
    :param unreached: for a tier of people, those of its targets whom no tier reaches: not
        covered in any tier of people, and belonging on the day to no unit covered in a tier of
        units (a student without a contact of their own whose dorm and class have none either);
        sorted. Empty for a tier of units.
    """

    tier: str
    coverage: tuple[Coverage, ...]
    holders: tuple[HolderLoad, ...]
    load: LoadSummary
    gaps: tuple[Gap, ...]
    overdue: tuple[OverdueContact, ...]
    unreached: tuple[str, ...] = attrs.field(default=(), metadata=IDENTIFIER)

    @property
    def covered(self) -> int:
        """How many targets are covered."""
        return sum(target.covered for target in self.coverage)


@attrs.frozen(kw_only=True)
class NetworkResult:
    """A contact network as of one day.

    :param as_of: the day judged.
    :param tiers: one result per tier, in the tiers' order.
    """

    as_of: dt.date
    tiers: tuple[TierResult, ...]


#: No names: reasons name roles and kinds by their keys.
NO_NAMES: Mapping[str, Label] = MappingProxyType({})


def _name(names: Mapping[str, Label], vocabulary: str, key: str) -> Label:
    return names.get(f"{vocabulary}/{key}", Label(zh=key, en=key))


def _target_problem(
    tier: Tier,
    target: str,
    people: Mapping[str, Person],
    units: Mapping[str, Unit],
    day: dt.date,
    *,
    names: Mapping[str, Label],
) -> tuple[GapKind, Label] | None:
    if tier.person_role is not None:
        role = _name(names, "role", tier.person_role)
        person = people.get(target)
        if person is None:
            return "target_unknown", Label(
                zh="联系对象不在人员名单中", en="the person is not on record"
            )
        if not any(span.role == tier.person_role for span in person.roles):
            return "wrong_target", Label(
                zh=f"联系对象从未担任{role.zh}", en=f"the person has never been a {role.en}"
            )
        if not person.holds(tier.person_role, day):
            return "target_gone", Label(
                zh=f"联系对象已不是{role.zh}", en=f"the person is no longer a {role.en}"
            )
        return None
    unit = units.get(target)
    if unit is None:
        return "target_unknown", Label(zh="单位不在单位名单中", en="the unit is not on record")
    if unit.kind != tier.unit_kind:
        found, wanted = (
            _name(names, "unit_kind", unit.kind),
            _name(names, "unit_kind", tier.unit_kind or ""),
        )
        return "wrong_target", Label(
            zh=f"单位类型为{found.zh}，应为{wanted.zh}",
            en=f"the unit is a {found.en}, not a {wanted.en}",
        )
    if not unit.exists_on(day):
        return "target_gone", Label(zh="单位已不存在", en="the unit no longer exists")
    return None


def tie_problem(
    tier: Tier,
    tie: Assignment,
    people: Mapping[str, Person],
    units: Mapping[str, Unit],
    day: dt.date,
    *,
    names: Mapping[str, Label] = NO_NAMES,
) -> tuple[GapKind, Label] | None:
    """Why ``tie`` does not count in ``tier`` on ``day``, or ``None`` when it does.

    The tie's tier and dates are not looked at: the caller picks the ties active on the day.

    :param tier: the tier.
    :param tie: the tie.
    :param people: the people by id.
    :param units: the units by id.
    :param day: the day judged.
    :param names: names of roles and unit kinds for the reasons, keyed like vocabulary terms
        (``role/committee_member``); a key without a name is shown as it is.
    :returns: the gap's kind and its reason in both languages.
    """
    person = people.get(tie.holder)
    if person is None:
        return "holder_unknown", Label(zh="联系人不在人员名单中", en="the holder is not on record")
    if not person.holds(tier.holder_role, day):
        role = _name(names, "role", tier.holder_role)
        return "holder_without_role", Label(
            zh=f"联系人已不担任{role.zh}", en=f"the holder is no longer a {role.en}"
        )
    problem = _target_problem(tier, tie.target, people, units, day, names=names)
    if problem is not None:
        return problem
    if tie.target == tie.holder or (tier.exclude_own_unit and tie.target in person.units_on(day)):
        return "own_unit", Label(
            zh="联系人联系本人或本人所在单位", en="the holder belongs to the unit"
        )
    return None


def tier_targets(
    tier: Tier, people: Iterable[Person], units: Iterable[Unit], day: dt.date
) -> list[str]:
    """The ids of a tier's targets on ``day``, sorted: its kind's units, or its role's people."""
    if tier.person_role is not None:
        return sorted(p.id for p in people if p.holds(tier.person_role, day))
    return sorted(u.id for u in units if u.kind == tier.unit_kind and u.exists_on(day))


def _load_mean(total: int, holders: int) -> decimal.Decimal:
    """The mean of ``total`` targets over ``holders`` holders, rounded half up to 0.01.

    Without holders the mean is ``0.00``, as if one holder took nothing.

    :param total: the number of valid ties of the tier's holders.
    :param holders: the number of holders of the tier's role.
    """
    return (decimal.Decimal(total) / max(holders, 1)).quantize(
        decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP
    )


def _uncovered_gap(tier: Tier, target: str, valid: int) -> Gap:
    """The gap of a target of ``tier`` that has only ``valid`` valid ties.

    :param tier: the tier.
    :param target: the target's id.
    :param valid: how many valid ties it has, fewer than the tier's minimum.
    """
    return Gap(
        kind="uncovered",
        target=target,
        reason=Label(
            zh=f"有效联系人{valid}名，至少需要{tier.min_per_target}名",
            en=f"{valid} valid ties; at least {tier.min_per_target} needed",
        ),
    )


def _periods_to(first: dt.date, day: dt.date, kind: PeriodKind) -> list[Period]:
    found: list[Period] = []
    period = Period.containing(first, kind)
    while period.end < day:
        found.append(period)
        period = Period.containing(period.end + dt.timedelta(days=1), kind)
    return found


def _tier_result(
    tier: Tier,
    *,
    ties: Sequence[Assignment],
    people: dict[str, Person],
    ever: Mapping[str, Mapping[str, Person]],
    units: dict[str, Unit],
    events: Sequence[Event],
    day: dt.date,
    since: dt.date | None,
    periods: dict[PeriodKind, list[Period]],
    names: Mapping[str, Label],
) -> TierResult:
    """One tier's result.

    ``ties`` are in the order of the gaps, by target then holder; ``ever`` holds, for each
    role the tier reads, the people with a span of it; ``periods`` the periods of contacts
    found so far, by kind, for the tiers to share.
    """
    valid: dict[str, set[str]] = {}
    by_holder: dict[str, set[str]] = {}
    starts: list[tuple[str, dt.date | None]] = []
    gaps: list[Gap] = []
    for tie in ties:
        if tie.tier != tier.key or not tie.active_on(day):
            continue
        problem = tie_problem(tier, tie, people, units, day, names=names)
        if problem is not None:
            kind, reason = problem
            gaps.append(Gap(kind=kind, target=tie.target, holder=tie.holder, reason=reason))
            continue
        valid.setdefault(tie.target, set()).add(tie.holder)
        by_holder.setdefault(tie.holder, set()).add(tie.target)
        starts.append((tie.target, tie.start))
    coverage = tuple(
        Coverage(
            target=target,
            holders=tuple(sorted(valid.get(target, ()))),
            covered=len(valid.get(target, ())) >= tier.min_per_target,
        )
        for target in tier_targets(tier, _people_of(tier, ever), units.values(), day)
    )
    uncovered = [_uncovered_gap(tier, c.target, len(c.holders)) for c in coverage if not c.covered]
    role_holders = {p.id for p in ever[tier.holder_role].values() if p.holds(tier.holder_role, day)}
    limit = tier.max_per_holder
    holders = tuple(
        HolderLoad(
            holder=holder,
            targets=tuple(sorted(by_holder.get(holder, ()))),
            over_limit=limit is not None and len(by_holder.get(holder, ())) > limit,
        )
        for holder in sorted(role_holders)
    )
    counts = [len(h.targets) for h in holders] or [0]
    load = LoadSummary(
        holders=len(role_holders),
        minimum=min(counts),
        mean=_load_mean(sum(counts), len(role_holders)),
        maximum=max(counts),
        over_limit=sum(h.over_limit for h in holders),
    )
    return TierResult(
        tier=tier.key,
        coverage=coverage,
        holders=holders,
        load=load,
        gaps=(*uncovered, *gaps),
        overdue=_overdue(
            tier,
            coverage,
            events,
            day,
            since,
            covered_from=_covered_from(starts),
            periods=periods,
        ),
    )


def _people_of(tier: Tier, ever: Mapping[str, Mapping[str, Person]]) -> Iterable[Person]:
    """The people who may be ``tier``'s targets: none for a tier of units."""
    return ever[tier.person_role].values() if tier.person_role is not None else ()


def _covered_from(valid: Iterable[tuple[str, dt.date | None]]) -> dict[str, dt.date]:
    """Per target, the first day of its earliest valid tie; none for a tie with no first day."""
    first: dict[str, dt.date | None] = {}
    for target, start in valid:
        if target not in first:
            first[target] = start
        else:
            known = first[target]
            first[target] = None if known is None or start is None else min(known, start)
    return {target: start for target, start in first.items() if start is not None}


def _overdue(
    tier: Tier,
    coverage: Sequence[Coverage],
    events: Sequence[Event],
    day: dt.date,
    since: dt.date | None,
    *,
    covered_from: Mapping[str, dt.date],
    periods: dict[PeriodKind, list[Period]] | None = None,
) -> tuple[OverdueContact, ...]:
    """The contacts ``tier``'s covered targets missed, in the whole periods since ``since``.

    :param periods: the periods of contacts already found, by kind, to share between tiers
        judged on the same day since the same day; the periods this tier needs are added.
    """
    if tier.contact_kind is None or tier.contact_every is None or since is None:
        return ()
    contacts: defaultdict[str, list[dt.date]] = defaultdict(list)
    people = tier.covers_people
    for event in events:
        if event.kind != tier.contact_kind or event.date > day:
            continue
        date = event.date
        for target in event.participants if people else event.units:
            contacts[target].append(date)
    overdue = []
    found = {} if periods is None else periods
    if tier.contact_every not in found:
        found[tier.contact_every] = _periods_to(since, day, tier.contact_every)
    bounds = [(p.start, p.end, p.key) for p in found[tier.contact_every]]
    for entry in coverage:
        if not entry.covered:
            continue
        target = entry.target
        dates = sorted(contacts.get(target, ()))
        # A period before the target's ties began was nobody's to keep.
        first = covered_from.get(target, dt.date.min)
        for start, end, key in bounds:
            if start < first:
                continue
            # The last contact by the period's end; the period had one if it is in the period.
            before = bisect.bisect_right(dates, end)
            last = dates[before - 1] if before else None
            if last is None or last < start:
                overdue.append(OverdueContact(target=target, period=key, last_contact=last))
    return tuple(overdue)


def _with_unreached(
    tiers: Sequence[Tier],
    results: Sequence[TierResult],
    people: dict[str, Person],
    day: dt.date,
) -> tuple[TierResult, ...]:
    covered_people: set[str] = set()
    covered_units: set[str] = set()
    for tier, result in zip(tiers, results, strict=True):
        found = covered_people if tier.covers_people else covered_units
        found.update(entry.target for entry in result.coverage if entry.covered)
    return tuple(
        attrs.evolve(
            result,
            unreached=tuple(
                entry.target
                for entry in result.coverage
                if entry.target not in covered_people
                and covered_units.isdisjoint(people[entry.target].units_on(day))
            ),
        )
        if tier.covers_people
        else result
        for tier, result in zip(tiers, results, strict=True)
    )


def evaluate_network(
    tiers: Iterable[Tier],
    assignments: Iterable[Assignment],
    *,
    people: Iterable[Person] = (),
    units: Iterable[Unit] = (),
    events: Iterable[Event] = (),
    as_of: dt.date,
    since: dt.date | None = None,
    names: Mapping[str, Label] = NO_NAMES,
) -> NetworkResult:
    """Coverage, load, gaps and overdue contacts of every tier, as of a day.

    A tier of people also lists the people no tier reaches (:attr:`TierResult.unreached`).

    :param tiers: the tiers; their keys must be unique.
    :param assignments: the ties; those of other tiers or not active on ``as_of`` are ignored.
    :param people: the people, for roles and memberships on the day.
    :param units: the units, for kinds and existence on the day.
    :param events: the contact log (events of each tier's contact kind).
    :param as_of: the day judged.
    :param since: the first day contacts are checked from; every whole period of the tier's
        ``contact_every`` from the one containing it up to the one before ``as_of``'s is
        checked, for each covered target from the first period that begins on or after the
        start of its earliest valid tie (a tie without a start counts from ``since``). ``None``
        checks no contacts.
    :param names: names of roles and unit kinds for the gaps' reasons, keyed like vocabulary
        terms (``role/committee_member``: 支部委员); a key without a name is shown as it is.
    """
    listed = tuple(tiers)
    ensure_valid("network", duplicate_problems("tiers", listed, lambda tier: tier.key))
    people_by_id = {person.id: person for person in people}
    units_by_id = {unit.id: unit for unit in units}
    # Each tier reads its own ties, by target then holder, and the events of its contact kind.
    by_tier: dict[str, list[Assignment]] = {}
    for tie in sorted(assignments, key=lambda t: (t.target, t.holder)):
        by_tier.setdefault(tie.tier, []).append(tie)
    by_kind: dict[str, list[Event]] = {}
    for event in events:
        by_kind.setdefault(event.kind, []).append(event)
    # The people who ever hold a role some tier reads: only they can hold it on the day.
    ever: dict[str, dict[str, Person]] = {}
    for tier in listed:
        ever[tier.holder_role] = {}
        if tier.person_role is not None:
            ever[tier.person_role] = {}
    for person in people_by_id.values():
        for span in person.roles:
            if span.role in ever:
                ever[span.role][person.id] = person
    periods: dict[PeriodKind, list[Period]] = {}
    results = [
        _tier_result(
            tier,
            ties=by_tier.get(tier.key, []),
            people=people_by_id,
            ever=ever,
            units=units_by_id,
            events=by_kind.get(tier.contact_kind or "", ()),
            day=as_of,
            since=since,
            periods=periods,
            names=names,
        )
        for tier in listed
    ]
    return NetworkResult(as_of=as_of, tiers=_with_unreached(listed, results, people_by_id, as_of))
