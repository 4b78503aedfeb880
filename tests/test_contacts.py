"""Contact networks: coverage, load, gaps and overdue contacts, by hand and by brute force."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.contacts import Assignment, Tier, evaluate_network
from branchkit.records import Event, Label, Membership, PeriodKind, Person, RoleSpan, Unit

DAY = dt.date(2022, 3, 15)
DORMS = Tier(
    key="dorms",
    label=Label(zh="支委联系寝室", en="committee member to dorm"),
    holder_role="committee_member",
    unit_kind="dorm",
    max_per_holder=2,
    exclude_own_unit=True,
    contact_kind="dorm_visit",
    contact_every=PeriodKind.MONTH,
)
UNITS = [
    Unit(id="d1", kind="dorm", name="1-101"),
    Unit(id="d2", kind="dorm", name="1-102"),
    Unit(id="d3", kind="dorm", name="1-103"),
    Unit(id="d4", kind="dorm", name="1-104", end=dt.date(2022, 1, 31)),
    Unit(id="c1", kind="class", name="金融2101班"),
]


def member(person_id: str, *, until: dt.date | None = None, dorm: str | None = None) -> Person:
    return Person(
        id=person_id,
        name=f"委员{person_id}",
        roles=(RoleSpan(role="committee_member", end=until),),
        memberships=(Membership(unit=dorm),) if dorm else (),
    )


PEOPLE = [member("T1"), member("T2", dorm="d2"), member("T3", until=dt.date(2022, 2, 28))]
TIES = [
    Assignment(tier="dorms", holder="T1", target="d1"),
    Assignment(tier="dorms", holder="T1", target="d3"),
    Assignment(tier="dorms", holder="T1", target="c1"),
    Assignment(tier="dorms", holder="T2", target="d2"),
    Assignment(tier="dorms", holder="T3", target="d3"),
    Assignment(tier="dorms", holder="T9", target="d1"),
    Assignment(tier="dorms", holder="T2", target="d4"),
    Assignment(tier="dorms", holder="T2", target="d9"),
    Assignment(tier="dorms", holder="T2", target="d1", end=dt.date(2022, 3, 14)),
]


def test_coverage_load_and_gaps_by_hand() -> None:
    (result,) = evaluate_network([DORMS], TIES, people=PEOPLE, units=UNITS, as_of=DAY).tiers
    # Valid ties on 2022-03-15: T1-d1, T1-d3. T1-c1 is a class, T2-d2 is T2's own dorm,
    # T3 left the committee on 2022-02-28, T9 is unknown, d4 closed on 2022-01-31, d9 is
    # unknown, and T2-d1 ended the day before.
    assert [(c.target, c.holders, c.covered) for c in result.coverage] == [
        ("d1", ("T1",), True),
        ("d2", (), False),
        ("d3", ("T1",), True),
    ]
    assert [(g.kind, g.target, g.holder) for g in result.gaps] == [
        ("uncovered", "d2", None),
        ("wrong_target", "c1", "T1"),
        ("holder_unknown", "d1", "T9"),
        ("own_unit", "d2", "T2"),
        ("holder_without_role", "d3", "T3"),
        ("target_gone", "d4", "T2"),
        ("target_unknown", "d9", "T2"),
    ]
    # Holders of the role on the day: T1 and T2 (T3 left; T9 is unknown). T1 takes 2 units,
    # T2 none.
    assert [(h.holder, h.targets, h.over_limit) for h in result.holders] == [
        ("T1", ("d1", "d3"), False),
        ("T2", (), False),
    ]
    assert (result.load.holders, result.load.minimum, result.load.maximum) == (2, 0, 2)
    assert result.load.mean == Decimal("1.00")  # (2 + 0) / 2
    assert result.covered == 2


def test_a_holder_over_the_limit() -> None:
    ties = [Assignment(tier="dorms", holder="T1", target=unit) for unit in ("d1", "d2", "d3")]
    (result,) = evaluate_network([DORMS], ties, people=PEOPLE, units=UNITS, as_of=DAY).tiers
    assert [(h.holder, h.over_limit) for h in result.holders] == [("T1", True), ("T2", False)]
    assert result.load.over_limit == 1


def test_monthly_contacts_overdue() -> None:
    def visit(key: str, kind: str, day: dt.date, *units: str) -> Event:
        return Event(id=key, kind=kind, date=day, participants=("T1",), units=units)

    visits = [
        visit("v1", "dorm_visit", dt.date(2022, 1, 10), "d1"),
        visit("v2", "dorm_visit", dt.date(2022, 2, 28), "d1", "d3"),
        visit("v3", "theme_day", dt.date(2022, 1, 20), "d3"),
    ]
    network = evaluate_network(
        [DORMS], TIES, people=PEOPLE, units=UNITS, events=visits, as_of=DAY,
        since=dt.date(2022, 1, 1),
    )  # fmt: skip
    # Whole months before March: January and February. d1 was visited in both; d3 only on
    # the last day of February (a theme day is not a visit). d2 is not covered: no check.
    assert [(o.target, o.period, o.last_contact) for o in network.tiers[0].overdue] == [
        ("d3", "2022-01", None),
    ]


def test_tier_rules() -> None:
    with pytest.raises(RecordError) as caught:
        Tier(
            key="Dorms",
            label=Label(zh="寝室", en="dorms"),
            holder_role="committee_member",
            unit_kind="dorm",
            min_per_target=0,
            contact_kind="dorm_visit",
        )
    assert [path for path, _ in caught.value.problems] == [
        ("key",),
        ("min_per_target",),
        ("contact_every",),
    ]


def test_tier_keys_must_be_unique() -> None:
    with pytest.raises(RecordError, match="duplicate 'dorms'"):
        evaluate_network([DORMS, DORMS], [], as_of=DAY)


UNIT_IDS = [f"d{n}" for n in range(6)]
HOLDER_IDS = [f"T{n}" for n in range(5)]


@settings(max_examples=80, deadline=None)
@given(
    ties=st.lists(st.tuples(st.sampled_from(HOLDER_IDS), st.sampled_from(UNIT_IDS)), max_size=20),
    holders=st.sets(st.sampled_from(HOLDER_IDS)),
    minimum=st.integers(1, 3),
)
def test_coverage_and_load_equal_brute_force(
    ties: list[tuple[str, str]], holders: set[str], minimum: int
) -> None:
    tier = Tier(
        key="t", label=Label(zh="层", en="tier"), holder_role="member", unit_kind="dorm",
        min_per_target=minimum, max_per_holder=2,
    )  # fmt: skip
    people = [Person(id=h, name=h, roles=(RoleSpan(role="member"),)) for h in sorted(holders)]
    units = [Unit(id=u, kind="dorm", name=u) for u in UNIT_IDS]
    assignments = [Assignment(tier="t", holder=h, target=u) for h, u in ties]
    (result,) = evaluate_network([tier], assignments, people=people, units=units, as_of=DAY).tiers
    valid = {(h, u) for h, u in ties if h in holders}
    for coverage in result.coverage:
        expected = sorted(h for h, u in valid if u == coverage.target)
        assert list(coverage.holders) == expected
        assert coverage.covered == (len(expected) >= minimum)
    for load in result.holders:
        expected_units = sorted(u for h, u in valid if h == load.holder)
        assert list(load.targets) == expected_units
        assert load.over_limit == (len(expected_units) > 2)
    assert result.load.holders == len(holders)
    invalid = [(g.holder, g.target) for g in result.gaps if g.kind == "holder_unknown"]
    assert sorted(invalid) == sorted((h, u) for h, u in ties if h not in holders)
