"""Coverage over a period: on how many days each target of a tier was covered.

A network judged on one day says who is covered then; a branch reporting on a term or a year
wants to know whether each dormitory was covered *throughout*. :func:`coverage_over` answers
for every day of a period. Coverage can change only on a day when a tie, a role, a membership
or a unit begins, or the day after one ends, so the network is judged once per stretch of days
between such changes, not once per day.

>>> import datetime as dt
>>> from branchkit.mechanisms.contacts import Assignment, Tier
>>> from branchkit.records import Label, Period, Person, RoleSpan, Unit
>>> tier = Tier(key="dorms", label=Label(zh="支委联系寝室", en="dorms"),
...             holder_role="committee_member", unit_kind="dorm")
>>> people = [Person(id="T1", name="李娜", roles=(RoleSpan(role="committee_member"),))]
>>> units = [Unit(id="d1", kind="dorm", name="1-101"), Unit(id="d2", kind="dorm", name="1-102")]
>>> ties = [Assignment(tier="dorms", holder="T1", target="d1"),
...         Assignment(tier="dorms", holder="T1", target="d2", start=dt.date(2022, 3, 11))]
>>> (result,) = coverage_over([tier], ties, people=people, units=units,
...                           period=Period.parse("2022-03"))
>>> [(c.target, c.days, c.covered_days) for c in result.targets]
[('d1', 31, 31), ('d2', 31, 21)]
>>> result.always_covered
1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

import attrs

from branchkit.mechanisms.contacts.network import (
    NO_NAMES,
    Assignment,
    Tier,
    evaluate_network,
)
from branchkit.records.labels import Label
from branchkit.records.people import Person
from branchkit.records.periods import Period
from branchkit.records.sensitivity import IDENTIFIER
from branchkit.records.units import Unit

__all__ = ["PeriodCoverage", "TierCoverageOver", "coverage_over"]


@attrs.frozen(kw_only=True)
class PeriodCoverage:
    """How one target was covered over a period.

    :param target: the target's id.
    :param days: the days of the period on which it was one of the tier's targets (a dormitory
        that opened mid-period counts from its first day).
    :param covered_days: of those, the days on which it was covered.
    """

    target: str = attrs.field(metadata=IDENTIFIER)
    days: int
    covered_days: int

    @property
    def always(self) -> bool:
        """Whether it was covered on every day it was a target."""
        return self.covered_days == self.days


@attrs.frozen(kw_only=True)
class TierCoverageOver:
    """A tier's coverage over a period.

    :param tier: the tier's key.
    :param period: the period.
    :param targets: every target the tier had on any day of the period, by id.
    """

    tier: str
    period: Period
    targets: tuple[PeriodCoverage, ...]

    @property
    def always_covered(self) -> int:
        """How many targets were covered on every day they were targets."""
        return sum(target.always for target in self.targets)


def _changes(
    assignments: Iterable[Assignment], people: Iterable[Person], units: Iterable[Unit]
) -> Iterator[dt.date]:
    """Every day on which something that coverage depends on may have changed."""
    one_day = dt.timedelta(days=1)
    spans: list[tuple[dt.date | None, dt.date | None]] = [(t.start, t.end) for t in assignments]
    spans.extend((u.start, u.end) for u in units)
    for person in people:
        spans.extend((r.start, r.end) for r in person.roles)
        spans.extend((m.start, m.end) for m in person.memberships)
    for start, end in spans:
        if start is not None:
            yield start
        if end is not None and end < dt.date.max:
            yield end + one_day


def coverage_over(
    tiers: Iterable[Tier],
    assignments: Iterable[Assignment],
    *,
    people: Iterable[Person] = (),
    units: Iterable[Unit] = (),
    period: Period,
    names: Mapping[str, Label] = NO_NAMES,
) -> tuple[TierCoverageOver, ...]:
    """On how many days of ``period`` each target of each tier was a target and was covered.

    Each day is judged as :func:`~branchkit.mechanisms.contacts.network.evaluate_network`
    judges it. The network is evaluated once per stretch of days without a change, so the cost
    grows with the number of dates in the records, not with the period's length.

    :param tiers: the tiers; their keys must be unique.
    :param assignments: the ties, with their dates.
    :param people: the people, with their dated roles and memberships.
    :param units: the units, with the days they exist.
    :param period: the period.
    :param names: names of roles and unit kinds, as ``evaluate_network`` takes them.
    """
    listed = tuple(tiers)
    ties = tuple(assignments)
    folks = tuple(people)
    places = tuple(units)
    firsts = sorted(
        {period.start}
        | {day for day in _changes(ties, folks, places) if period.start < day <= period.end}
    )
    days: list[dict[str, int]] = [{} for _ in listed]
    covered: list[dict[str, int]] = [{} for _ in listed]
    ends = [*firsts[1:], period.end + dt.timedelta(days=1)]
    for first, following in zip(firsts, ends, strict=True):
        length = (following - first).days
        network = evaluate_network(
            listed, ties, people=folks, units=places, as_of=first, names=names
        )
        for index, result in enumerate(network.tiers):
            for entry in result.coverage:
                days[index][entry.target] = days[index].get(entry.target, 0) + length
                if entry.covered:
                    covered[index][entry.target] = covered[index].get(entry.target, 0) + length
    return tuple(
        TierCoverageOver(
            tier=tier.key,
            period=period,
            targets=tuple(
                PeriodCoverage(
                    target=target,
                    days=days[index][target],
                    covered_days=covered[index].get(target, 0),
                )
                for target in sorted(days[index])
            ),
        )
        for index, tier in enumerate(listed)
    )
