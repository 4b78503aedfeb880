"""Coverage over a period equals judging the network on every day of it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.mechanisms.contacts import Assignment, Tier, evaluate_network
from branchkit.mechanisms.contacts.over_time import coverage_over
from branchkit.records import Label, Membership, Period, PeriodKind, Person, RoleSpan, Unit

PERIOD = Period(
    key="window", kind=PeriodKind.CUSTOM, start=dt.date(2022, 3, 1), end=dt.date(2022, 4, 9)
)
TIERS = (
    Tier(key="dorms", label=Label(zh="寝室", en="dorms"), holder_role="committee_member",
         unit_kind="dorm", min_per_target=1, exclude_own_unit=True),
    Tier(key="students", label=Label(zh="学生", en="students"), holder_role="member",
         person_role="student", min_per_target=2),
)  # fmt: skip
DAYS = st.one_of(st.none(), st.dates(dt.date(2022, 2, 20), dt.date(2022, 4, 20)))


def span(start: dt.date | None, end: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    if start is not None and end is not None and end < start:
        return end, start
    return start, end


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[Person], list[Unit], list[Assignment]]:
    units = []
    for n in range(3):
        start, end = span(draw(DAYS), draw(DAYS))
        units.append(Unit(id=f"d{n}", kind="dorm", name=f"d{n}", start=start, end=end))
    people = []
    for n in range(5):
        roles = []
        for role in draw(st.sets(st.sampled_from(["committee_member", "member", "student"]))):
            start, end = span(draw(DAYS), draw(DAYS))
            roles.append(RoleSpan(role=role, start=start, end=end))
        memberships = []
        if draw(st.booleans()):
            start, end = span(draw(DAYS), draw(DAYS))
            memberships.append(Membership(unit=f"d{draw(st.integers(0, 2))}", start=start, end=end))
        people.append(
            Person(id=f"P{n}", name=f"P{n}", roles=tuple(roles), memberships=tuple(memberships))
        )
    ties = []
    for _ in range(draw(st.integers(0, 10))):
        tier = draw(st.sampled_from(["dorms", "students"]))
        target = draw(
            st.sampled_from(
                ["d0", "d1", "d2"] if tier == "dorms" else ["P0", "P1", "P2", "P3", "P4"]
            )
        )
        start, end = span(draw(DAYS), draw(DAYS))
        ties.append(
            Assignment(
                tier=tier, holder=f"P{draw(st.integers(0, 4))}", target=target, start=start, end=end
            )
        )
    return people, units, ties


@settings(max_examples=60, deadline=None)
@given(networks())
def test_coverage_over_a_period_equals_every_day_judged(
    network: tuple[list[Person], list[Unit], list[Assignment]],
) -> None:
    people, units, ties = network
    results = coverage_over(TIERS, ties, people=people, units=units, period=PERIOD)
    days: list[dict[str, int]] = [{}, {}]
    covered: list[dict[str, int]] = [{}, {}]
    day = PERIOD.start
    while day <= PERIOD.end:
        judged = evaluate_network(TIERS, ties, people=people, units=units, as_of=day)
        for index, tier in enumerate(judged.tiers):
            for entry in tier.coverage:
                days[index][entry.target] = days[index].get(entry.target, 0) + 1
                covered[index][entry.target] = covered[index].get(entry.target, 0) + entry.covered
        day += dt.timedelta(days=1)
    for index, result in enumerate(results):
        assert {c.target: (c.days, c.covered_days) for c in result.targets} == {
            target: (count, covered[index][target]) for target, count in days[index].items()
        }
        assert result.always_covered == sum(
            covered[index][target] == count for target, count in days[index].items()
        )


def test_a_tie_that_ends_and_a_holder_who_leaves_by_hand() -> None:
    # d1 is tied to T1 all March; T2's tie to d2 ends on 03-10 and T3 takes it from 03-21:
    # d2 is covered on 10 + 11 = 21 days. T4 holds d3 until leaving the committee on 03-15.
    people = [
        Person(id="T1", name="T1", roles=(RoleSpan(role="committee_member"),)),
        Person(id="T2", name="T2", roles=(RoleSpan(role="committee_member"),)),
        Person(id="T3", name="T3", roles=(RoleSpan(role="committee_member"),)),
        Person(
            id="T4", name="T4", roles=(RoleSpan(role="committee_member", end=dt.date(2022, 3, 15)),)
        ),
    ]
    units = [Unit(id=f"d{n}", kind="dorm", name=f"d{n}") for n in (1, 2, 3)]
    ties = [
        Assignment(tier="dorms", holder="T1", target="d1"),
        Assignment(tier="dorms", holder="T2", target="d2", end=dt.date(2022, 3, 10)),
        Assignment(tier="dorms", holder="T3", target="d2", start=dt.date(2022, 3, 21)),
        Assignment(tier="dorms", holder="T4", target="d3"),
    ]
    (dorms, _) = coverage_over(
        TIERS, ties, people=people, units=units, period=Period.parse("2022-03")
    )
    assert [(c.target, c.days, c.covered_days, c.always) for c in dorms.targets] == [
        ("d1", 31, 31, True),
        ("d2", 31, 21, False),
        ("d3", 31, 15, False),
    ]
    assert dorms.always_covered == 1
