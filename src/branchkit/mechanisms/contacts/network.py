"""Contact networks: tiers that tie holders of a role to units, and what the ties cover.

A :class:`Tier` says who holds ties (people with a role, such as ``committee_member``) to which
units (units of a kind, such as ``dorm``), how many ties each unit needs and how many units a
holder may take, whether a holder may be tied to their own unit, and how often each unit must
be contacted. :class:`Assignment` records are the dated ties; the contact log is made of events
of the tier's contact kind naming the holder among the participants and the unit among the
units.

:func:`evaluate_network` is a pure function of the tiers, the ties, the people, the units, the
events and a day: per tier, the coverage of every unit, the load of every holder, the gaps
(units not covered enough, ties that are no longer valid and why) and the contacts overdue.

>>> import datetime as dt
>>> from branchkit.records import Person, RoleSpan, Unit
>>> tier = Tier(key="dorms", label=Label(zh="支委联系寝室", en="committee member to dorm"),
...             holder_role="committee_member", unit_kind="dorm", max_per_holder=2)
>>> people = [Person(id="T1", name="李娜", roles=(RoleSpan(role="committee_member"),))]
>>> units = [Unit(id="d1", kind="dorm", name="1-101"), Unit(id="d2", kind="dorm", name="1-102")]
>>> ties = [Assignment(tier="dorms", holder="T1", unit="d1")]
>>> result = evaluate_network([tier], ties, people=people, units=units, as_of=dt.date(2022, 3, 1))
>>> [(c.unit, c.covered) for c in result.tiers[0].coverage]
[('d1', True), ('d2', False)]
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Iterator, Sequence
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
from branchkit.records.sensitivity import IDENTIFIER, PERSONAL
from branchkit.records.units import Unit

__all__ = [
    "Assignment",
    "Gap",
    "HolderLoad",
    "LoadSummary",
    "NetworkResult",
    "OverdueContact",
    "Tier",
    "TierResult",
    "UnitCoverage",
    "evaluate_network",
]


@attrs.frozen(kw_only=True)
class Tier:
    """One tier of a contact network.

    :param key: the tier's key.
    :param label: its name (支部联系班级, ...).
    :param holder_role: the role a holder must hold on the day judged.
    :param unit_kind: the kind of unit the tier covers.
    :param min_per_unit: how many valid ties each unit needs to be covered.
    :param max_per_holder: the most units a holder may take, if limited.
    :param exclude_own_unit: whether a holder may not be tied to a unit they belong to.
    :param contact_kind: the event kind of the tier's contacts, if contacts are logged.
    :param contact_every: how often each covered unit must be contacted (``month``, ...).
    """

    key: str
    label: Label
    holder_role: str
    unit_kind: str
    min_per_unit: int = 1
    max_per_holder: int | None = None
    exclude_own_unit: bool = False
    contact_kind: str | None = None
    contact_every: PeriodKind | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from key_problems("holder_role", self.holder_role)
        yield from key_problems("unit_kind", self.unit_kind)
        if self.min_per_unit < 1:
            yield ("min_per_unit",), "must be at least 1"
        if self.max_per_holder is not None and self.max_per_holder < 1:
            yield ("max_per_holder",), "must be at least 1"
        if (self.contact_every is None) != (self.contact_kind is None):
            yield ("contact_every",), "contact_kind and contact_every go together"
        if self.contact_every is PeriodKind.CUSTOM:
            yield ("contact_every",), "a custom period has no fixed length"


@attrs.frozen(kw_only=True)
class Assignment:
    """A dated tie of a holder to a unit in a tier.

    :param tier: the tier's key.
    :param holder: the holder's person id; personal.
    :param unit: the unit's id.
    :param start: the first day of the tie, if known.
    :param end: the last day; ``None`` while it lasts.
    """

    tier: str
    holder: str = attrs.field(metadata=IDENTIFIER)
    unit: str
    start: dt.date | None = None
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, span_problems(self.start, self.end))

    def active_on(self, day: dt.date) -> bool:
        """Whether the tie holds on ``day``."""
        return within_span(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class UnitCoverage:
    """How one unit is covered in a tier.

    :param unit: the unit's id.
    :param holders: the holders with a valid tie to it, sorted.
    :param covered: whether it has at least the tier's minimum of valid ties.
    """

    unit: str
    holders: tuple[str, ...]
    covered: bool


@attrs.frozen(kw_only=True)
class HolderLoad:
    """How many units one holder takes in a tier.

    :param holder: the holder's person id.
    :param units: the units of the holder's valid ties, sorted.
    :param over_limit: whether the holder takes more than the tier allows.
    """

    holder: str = attrs.field(metadata=IDENTIFIER)
    units: tuple[str, ...]
    over_limit: bool


@attrs.frozen(kw_only=True)
class LoadSummary:
    """The load of a tier's holders, who hold the role on the day, tied or not.

    :param holders: how many hold the tier's role.
    :param minimum: the fewest units a holder takes.
    :param mean: the mean, rounded to 0.01.
    :param maximum: the most units a holder takes.
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
    "unit_unknown",
    "unit_gone",
    "wrong_unit_kind",
    "own_unit",
]


@attrs.frozen(kw_only=True)
class Gap:
    """Something the network lacks or a tie that no longer counts.

    :param kind: ``uncovered`` (a unit with too few valid ties), or why a tie is not valid:
        ``holder_unknown``, ``holder_without_role``, ``unit_unknown``, ``unit_gone``,
        ``wrong_unit_kind``, ``own_unit``.
    :param unit: the unit concerned.
    :param holder: the holder concerned, for a tie.
    :param reason: in words, in both languages.
    """

    kind: GapKind
    unit: str
    holder: str | None = attrs.field(default=None, metadata=PERSONAL)
    reason: Label


@attrs.frozen(kw_only=True)
class OverdueContact:
    """A period in which a covered unit had no contact.

    :param unit: the unit's id.
    :param period: the period's key (``2022-03``).
    :param last_contact: the day of the unit's last contact before the period's end, if any.
    """

    unit: str
    period: str
    last_contact: dt.date | None


@attrs.frozen(kw_only=True)
class TierResult:
    """Everything the network says about one tier.

    :param tier: the tier's key.
    :param coverage: every unit of the tier's kind that exists on the day, by id.
    :param holders: every holder of the role on the day, by id.
    :param load: the load summary.
    :param gaps: the gaps, uncovered units first, then invalid ties, each by unit and holder.
    :param overdue: the contacts overdue, by unit and period.
    """

    tier: str
    coverage: tuple[UnitCoverage, ...]
    holders: tuple[HolderLoad, ...]
    load: LoadSummary
    gaps: tuple[Gap, ...]
    overdue: tuple[OverdueContact, ...]

    @property
    def covered(self) -> int:
        """How many units are covered."""
        return sum(unit.covered for unit in self.coverage)


@attrs.frozen(kw_only=True)
class NetworkResult:
    """A contact network as of one day.

    :param as_of: the day judged.
    :param tiers: one result per tier, in the tiers' order.
    """

    as_of: dt.date
    tiers: tuple[TierResult, ...]


def _invalid(
    tier: Tier,
    tie: Assignment,
    people: dict[str, Person],
    units: dict[str, Unit],
    day: dt.date,
) -> tuple[GapKind, Label] | None:
    person, unit = people.get(tie.holder), units.get(tie.unit)
    if person is None:
        return "holder_unknown", Label(zh="联系人不在人员名单中", en="the holder is not on record")
    if not person.holds(tier.holder_role, day):
        return "holder_without_role", Label(
            zh=f"联系人已不担任{tier.holder_role}",
            en=f"the holder no longer holds {tier.holder_role}",
        )
    if unit is None:
        return "unit_unknown", Label(zh="单位不在单位名单中", en="the unit is not on record")
    if not unit.exists_on(day):
        return "unit_gone", Label(zh="单位已不存在", en="the unit no longer exists")
    if unit.kind != tier.unit_kind:
        return "wrong_unit_kind", Label(
            zh=f"单位类型为{unit.kind}，应为{tier.unit_kind}",
            en=f"the unit is a {unit.kind}, not a {tier.unit_kind}",
        )
    if tier.exclude_own_unit and tie.unit in person.units_on(day):
        return "own_unit", Label(zh="联系人联系本人所在单位", en="the holder belongs to the unit")
    return None


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
    units: dict[str, Unit],
    events: Sequence[Event],
    day: dt.date,
    since: dt.date | None,
) -> TierResult:
    valid: dict[str, set[str]] = {}
    by_holder: dict[str, set[str]] = {}
    gaps: list[Gap] = []
    for tie in sorted(ties, key=lambda t: (t.unit, t.holder)):
        if tie.tier != tier.key or not tie.active_on(day):
            continue
        problem = _invalid(tier, tie, people, units, day)
        if problem is not None:
            kind, reason = problem
            gaps.append(Gap(kind=kind, unit=tie.unit, holder=tie.holder, reason=reason))
            continue
        valid.setdefault(tie.unit, set()).add(tie.holder)
        by_holder.setdefault(tie.holder, set()).add(tie.unit)
    kind_units = sorted(
        u.id for u in units.values() if u.kind == tier.unit_kind and u.exists_on(day)
    )
    coverage = tuple(
        UnitCoverage(
            unit=unit,
            holders=tuple(sorted(valid.get(unit, ()))),
            covered=len(valid.get(unit, ())) >= tier.min_per_unit,
        )
        for unit in kind_units
    )
    uncovered = [
        Gap(
            kind="uncovered",
            unit=c.unit,
            reason=Label(
                zh=f"有效联系人{len(c.holders)}名，至少需要{tier.min_per_unit}名",
                en=f"{len(c.holders)} valid ties; at least {tier.min_per_unit} needed",
            ),
        )
        for c in coverage
        if not c.covered
    ]
    role_holders = {p.id for p in people.values() if p.holds(tier.holder_role, day)}
    limit = tier.max_per_holder
    holders = tuple(
        HolderLoad(
            holder=holder,
            units=tuple(sorted(by_holder.get(holder, ()))),
            over_limit=limit is not None and len(by_holder.get(holder, ())) > limit,
        )
        for holder in sorted(role_holders)
    )
    counts = [len(h.units) for h in holders] or [0]
    load = LoadSummary(
        holders=len(role_holders),
        minimum=min(counts),
        mean=(decimal.Decimal(sum(counts)) / len(counts)).quantize(decimal.Decimal("0.01")),
        maximum=max(counts),
        over_limit=sum(h.over_limit for h in holders),
    )
    return TierResult(
        tier=tier.key,
        coverage=coverage,
        holders=holders,
        load=load,
        gaps=(*uncovered, *gaps),
        overdue=_overdue(tier, coverage, events, day, since),
    )


def _overdue(
    tier: Tier,
    coverage: Sequence[UnitCoverage],
    events: Sequence[Event],
    day: dt.date,
    since: dt.date | None,
) -> tuple[OverdueContact, ...]:
    if tier.contact_kind is None or tier.contact_every is None or since is None:
        return ()
    contacts: dict[str, list[dt.date]] = {}
    for event in events:
        if event.kind != tier.contact_kind or event.date > day:
            continue
        for unit_id in event.units:
            contacts.setdefault(unit_id, []).append(event.date)
    overdue = []
    periods = _periods_to(since, day, tier.contact_every)
    for unit in coverage:
        if not unit.covered:
            continue
        dates = sorted(contacts.get(unit.unit, ()))
        for period in periods:
            if not any(period.contains(date) for date in dates):
                before = [date for date in dates if date <= period.end]
                overdue.append(
                    OverdueContact(
                        unit=unit.unit,
                        period=period.key,
                        last_contact=before[-1] if before else None,
                    )
                )
    return tuple(overdue)


def evaluate_network(
    tiers: Iterable[Tier],
    assignments: Iterable[Assignment],
    *,
    people: Iterable[Person] = (),
    units: Iterable[Unit] = (),
    events: Iterable[Event] = (),
    as_of: dt.date,
    since: dt.date | None = None,
) -> NetworkResult:
    """Coverage, load, gaps and overdue contacts of every tier, as of a day.

    :param tiers: the tiers; their keys must be unique.
    :param assignments: the ties; those of other tiers or not active on ``as_of`` are ignored.
    :param people: the people, for roles and memberships on the day.
    :param units: the units, for kinds and existence on the day.
    :param events: the contact log (events of each tier's contact kind).
    :param as_of: the day judged.
    :param since: the first day contacts are checked from; every whole period of the tier's
        ``contact_every`` from the one containing it up to the one before ``as_of``'s is
        checked. ``None`` checks no contacts.
    """
    listed = tuple(tiers)
    ensure_valid("network", duplicate_problems("tiers", listed, lambda tier: tier.key))
    people_by_id = {person.id: person for person in people}
    units_by_id = {unit.id: unit for unit in units}
    ties = tuple(assignments)
    log = tuple(events)
    return NetworkResult(
        as_of=as_of,
        tiers=tuple(
            _tier_result(
                tier,
                ties=ties,
                people=people_by_id,
                units=units_by_id,
                events=log,
                day=as_of,
                since=since,
            )
            for tier in listed
        ),
    )
