"""The columnar pass over a contact network gives what the object path gives, as arrays."""

from __future__ import annotations

import datetime as dt
import random
import typing
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.contacts import Assignment, Tier, evaluate_network
from branchkit.mechanisms.contacts.columnar import (
    GAP_KINDS,
    VALID,
    NetworkArrays,
    NetworkColumns,
    TierColumns,
    evaluate_columns,
    network_columns,
)
from branchkit.mechanisms.contacts.network import GapKind, LoadSummary, NetworkResult
from branchkit.records import Event, Label, Membership, PeriodKind, Person, RoleSpan, Unit

D = dt.date
DAY = D(2022, 3, 15)
BEFORE, AFTER = D(2022, 2, 28), D(2022, 4, 1)


def label(text: str) -> Label:
    return Label(zh=text, en=text)


def codes(*kinds: GapKind) -> list[int]:
    return [GAP_KINDS.index(kind) for kind in kinds]


# ---------------------------------------------------------------------------------------------
# A small network, worked out by hand.

DORMS = Tier(
    key="dorms",
    label=label("committee member to dorm"),
    holder_role="committee_member",
    unit_kind="dorm",
    max_per_holder=1,
    exclude_own_unit=True,
)
CLASSES = Tier(
    key="classes",
    label=label("member to class"),
    holder_role="member",
    unit_kind="class",
    min_per_target=2,
)
STUDENTS = Tier(
    key="students", label=label("member to student"), holder_role="member",
    person_role="student", max_per_holder=1,
)  # fmt: skip
UNITS = [
    Unit(id="d1", kind="dorm", name="1-101"),
    Unit(id="d2", kind="dorm", name="1-102"),
    Unit(id="d3", kind="dorm", name="1-103", end=D(2022, 1, 31)),
    Unit(id="c1", kind="class", name="金融2101班"),
    Unit(id="c2", kind="class", name="金融2102班"),
]


def person(
    key: str, *roles: str | tuple[str, D], units: tuple[str | tuple[str, D], ...] = ()
) -> Person:
    """A person with open roles and memberships, or ones that ended on the date given."""
    return Person(
        id=key,
        name=key,
        roles=tuple(
            RoleSpan(role=r) if isinstance(r, str) else RoleSpan(role=r[0], end=r[1]) for r in roles
        ),
        memberships=tuple(
            Membership(unit=u) if isinstance(u, str) else Membership(unit=u[0], end=u[1])
            for u in units
        ),
    )


PEOPLE = [
    person("s1", "student", units=("d1", "c1")),
    person("s2", "student", units=("d2", "c1")),
    person("s3", "student", units=("d2", "c2")),
    person("s4", ("student", D(2022, 1, 31)), units=("d2",)),
    person("s5", "student", "member", units=(("d2", BEFORE), "c2")),
    person("s6", "student", units=("d1", "c2")),
    person("T1", "committee_member", "member", units=("d1",)),
    person("T2", "committee_member", units=("d2",)),
    person("M1", "member"),
    person("M2", ("member", BEFORE)),
]
TIES = [
    Assignment(tier="dorms", holder="T2", target="d1"),
    Assignment(tier="dorms", holder="T2", target="d1"),  # listed twice, counts once
    Assignment(tier="dorms", holder="T1", target="d2", end=D(2022, 3, 14)),  # ended
    Assignment(tier="dorms", holder="T2", target="d2"),  # T2's own dorm
    Assignment(tier="dorms", holder="T1", target="d1"),  # T1's own dorm
    Assignment(tier="dorms", holder="T2", target="d3"),  # closed
    Assignment(tier="dorms", holder="T2", target="c1"),  # a class
    Assignment(tier="dorms", holder="X9", target="d1"),  # nobody
    Assignment(tier="dorms", holder="T1", target="zz"),  # no such unit
    Assignment(tier="dorms", holder="M1", target="d1"),  # not on the committee
    Assignment(tier="classes", holder="M1", target="c1"),
    Assignment(tier="classes", holder="T1", target="c1"),
    Assignment(tier="classes", holder="M1", target="c2"),
    Assignment(tier="classes", holder="M2", target="c2"),  # no longer a member
    Assignment(tier="students", holder="M1", target="s1"),
    Assignment(tier="students", holder="M1", target="s3"),
    Assignment(tier="students", holder="T1", target="s3"),
    Assignment(tier="students", holder="T1", target="s4"),  # graduated
    Assignment(tier="students", holder="T1", target="T2"),  # never a student
    Assignment(tier="students", holder="s5", target="s5"),  # themself
    Assignment(tier="other", holder="T1", target="d1"),  # no such tier
]
TIERS = [DORMS, CLASSES, STUDENTS]


def test_the_arrays_of_a_network_by_hand() -> None:
    columns = network_columns(TIERS, TIES, people=PEOPLE, units=UNITS, as_of=DAY)
    result = evaluate_columns(columns)
    dorms, classes, _ = result.tiers
    # The people reach is about: the students on the day (s4 graduated).
    assert columns.people == ("s1", "s2", "s3", "s5", "s6")

    # Dorms d1 and d2 (d3 closed); holders T1, T2. Active ties by (target, holder):
    # c1-T2, d1-M1, d1-T1, d1-T2, d1-T2, d1-X9, d2-T2, d3-T2, zz-T1 (T1-d2 ended).
    tier = columns.tiers[0]
    assert (tier.targets, tier.holders) == (("d1", "d2"), ("T1", "T2"))
    assert tier.tie_target.tolist() == [-1, 0, 0, 0, 0, 0, 1, -1, -1]
    assert tier.tie_holder.tolist() == [1, -1, 0, 1, 1, -1, 1, 1, 0]
    assert tier.tie_kind.tolist() == [
        *codes("wrong_target", "holder_without_role", "own_unit"), VALID, VALID,
        *codes("holder_unknown", "own_unit", "target_gone", "target_unknown"),
    ]  # fmt: skip
    assert (tier.valid_target.tolist(), tier.valid_holder.tolist()) == ([0], [1])
    # Memberships on the day in d1/d2 of the people above (s5 left d2): (person, dorm) rows.
    assert tier.member_person.tolist() == [0, 1, 2, 4]
    assert tier.member_target.tolist() == [0, 1, 1, 0]
    assert dorms.valid.tolist() == [1, 0]
    assert dorms.covered.tolist() == [True, False]
    assert dorms.uncovered.tolist() == [1]
    assert dorms.load.tolist() == [0, 1]
    assert dorms.over_limit.tolist() == [False, False]  # T2 takes 1, the limit
    assert dorms.summary == LoadSummary(
        holders=2, minimum=0, mean=Decimal("0.50"), maximum=1, over_limit=0
    )
    assert dorms.invalid.tolist() == [0, 1, 2, 5, 6, 7, 8]
    assert dorms.invalid_kind.tolist() == codes(
        "wrong_target", "holder_without_role", "own_unit", "holder_unknown", "own_unit",
        "target_gone", "target_unknown",
    )  # fmt: skip
    assert dorms.unreached.tolist() == []

    # Classes c1, c2, two ties each needed; holders M1, T1, s5 (M2 left).
    assert columns.tiers[1].holders == ("M1", "T1", "s5")
    assert columns.tiers[1].member_target.tolist() == [0, 0, 1, 1, 1]  # s1 s2 in c1, s3 s5 s6 c2
    assert classes.valid.tolist() == [2, 1]
    assert classes.covered.tolist() == [True, False]
    assert classes.uncovered.tolist() == [1]
    assert classes.load.tolist() == [2, 1, 0]
    assert classes.summary == LoadSummary(
        holders=3, minimum=0, mean=Decimal("1.00"), maximum=2, over_limit=0
    )
    assert classes.invalid_kind.tolist() == codes("holder_without_role")


def test_a_tier_of_people_and_reach_by_hand() -> None:
    columns = network_columns(TIERS, TIES, people=PEOPLE, units=UNITS, as_of=DAY)
    result = evaluate_columns(columns)
    dorms, classes, students = result.tiers
    # Students s1 s2 s3 s5 s6; ties T2-T1, s1-M1, s3-M1, s3-T1, s4-T1, s5-s5.
    tier = columns.tiers[2]
    assert tier.target_person.tolist() == [0, 1, 2, 3, 4]
    assert tier.tie_target.tolist() == [-1, 0, 2, 2, -1, 3]
    assert tier.tie_holder.tolist() == [1, 0, 0, 1, 1, 2]
    assert students.valid.tolist() == [1, 0, 2, 0, 0]
    assert students.uncovered.tolist() == [1, 3, 4]
    assert students.load.tolist() == [2, 1, 0]
    assert students.over_limit.tolist() == [True, False, False]
    assert students.summary == LoadSummary(
        holders=3, minimum=0, mean=Decimal("1.00"), maximum=2, over_limit=1
    )
    assert students.invalid.tolist() == [0, 4, 5]
    assert students.invalid_kind.tolist() == codes("wrong_target", "target_gone", "own_unit")
    # Reached: s1 and s3 tied, s2 through class c1, s6 through dorm d1; s5 left d2, and c2
    # has one tie of the two it needs.
    assert result.reached.tolist() == [True, True, True, False, True]
    assert result.unreached.tolist() == [3]
    assert students.unreached.tolist() == [3]

    expected = evaluate_network(TIERS, TIES, people=PEOPLE, units=UNITS, as_of=DAY)
    assert [t.unreached for t in expected.tiers] == [(), (), ("s5",)]
    assert result.to_network_result() == expected
    assert students.coverage_of(2) == expected.tiers[2].coverage[2]
    assert students.load_of(0) == expected.tiers[2].holders[0]
    assert dorms.tie_gap(6) == expected.tiers[0].gaps[5]  # d2 uncovered, then rows 0 1 2 5 6
    with pytest.raises(ValueError, match="tie 3 is valid"):
        dorms.tie_gap(3)
    assert result.tier("classes") is classes
    with pytest.raises(KeyError):
        result.tier("nope")


def test_contacts_overdue_come_from_the_events_given() -> None:
    tier = Tier(
        key="dorms", label=label("dorms"), holder_role="committee_member", unit_kind="dorm",
        contact_kind="dorm_visit", contact_every=PeriodKind.MONTH,
    )  # fmt: skip
    visits = [Event(id="v1", kind="dorm_visit", date=D(2022, 2, 3), units=("d1",))]
    ties = [Assignment(tier="dorms", holder="T2", target="d1")]
    result = evaluate_columns(network_columns([tier], ties, people=PEOPLE, units=UNITS, as_of=DAY))
    assert result.to_network_result().tiers[0].overdue == ()
    converted = result.to_network_result(events=visits, since=D(2022, 1, 1))
    expected = evaluate_network(
        [tier], ties, people=PEOPLE, units=UNITS, events=visits, as_of=DAY, since=D(2022, 1, 1)
    )
    assert converted == expected
    assert [(o.target, o.period) for o in converted.tiers[0].overdue] == [("d1", "2022-01")]


def test_the_same_columns_whatever_the_order_of_the_records() -> None:
    first = network_columns(TIERS, TIES, people=PEOPLE, units=UNITS, as_of=DAY)
    shuffled = random.Random(5)
    people, units, ties = list(PEOPLE), list(UNITS), list(TIES)
    for items in (people, units, ties):
        shuffled.shuffle(items)
    again = network_columns(TIERS, ties, people=people, units=units, as_of=DAY)
    assert same_arrays(evaluate_columns(first), evaluate_columns(again))
    assert same_arrays(evaluate_columns(first), evaluate_columns(first))
    assert (
        evaluate_columns(again).to_network_result() == evaluate_columns(first).to_network_result()
    )


def same_arrays(one: NetworkArrays, other: NetworkArrays) -> bool:
    def figures(result: NetworkArrays) -> list[object]:
        found: list[object] = [result.columns.people, result.reached.tolist()]
        for tier in result.tiers:
            columns = tier.columns
            found += [
                columns.targets, columns.holders, columns.tie_target.tolist(),
                columns.tie_holder.tolist(), columns.tie_kind.tolist(),
                columns.member_person.tolist(), columns.member_target.tolist(),
                tier.valid.tolist(), tier.load.tolist(), tier.summary, tier.invalid.tolist(),
                tier.unreached.tolist(),
            ]  # fmt: skip
        return found

    return figures(one) == figures(other)


def test_the_arrays_are_read_only() -> None:
    result = evaluate_columns(network_columns(TIERS, TIES, people=PEOPLE, units=UNITS, as_of=DAY))
    with pytest.raises(ValueError, match="read-only"):
        result.tiers[0].valid[0] = 5
    with pytest.raises(ValueError, match="read-only"):
        result.tiers[0].columns.tie_target[0] = 5


def test_gap_codes_follow_the_gap_kinds() -> None:
    assert typing.get_args(GapKind) == GAP_KINDS
    assert VALID == -1


def test_columns_are_checked() -> None:
    def tier_columns(**changes: object) -> TierColumns:
        fields: dict[str, object] = {
            "tier": DORMS, "targets": ("d1", "d2"), "holders": ("T1",),
            "tie_target": np.array([0, 1]), "tie_holder": np.array([0, 0]),
            "tie_kind": np.array([VALID, VALID]), "tie_target_ids": ("d1", "d2"),
            "tie_holder_ids": ("T1", "T1"), "reasons": {}, "target_person": np.zeros(0, int),
            "member_person": np.zeros(0, int), "member_target": np.zeros(0, int),
        }  # fmt: skip
        fields.update(changes)
        return TierColumns(**fields)  # type: ignore[arg-type]

    assert tier_columns().valid_target.tolist() == [0, 1]
    with pytest.raises(ValueError, match="one length"):
        tier_columns(tie_holder=np.array([0]))
    with pytest.raises(ValueError, match="tie_target must be in"):
        tier_columns(tie_target=np.array([0, 2]))
    with pytest.raises(ValueError, match="sorted by target"):
        tier_columns(tie_target=np.array([1, 0]))
    with pytest.raises(ValueError, match="never 'uncovered'"):
        tier_columns(tie_kind=np.array([0, VALID]), reasons={0: label("x")})
    with pytest.raises(ValueError, match="one reason for each invalid tie"):
        tier_columns(
            tie_kind=np.array(codes("target_gone", "target_gone")), reasons={0: label("x")}
        )
    with pytest.raises(ValueError, match="target and a holder"):
        tier_columns(tie_holder=np.array([0, -1]))
    with pytest.raises(ValueError, match="integers"):
        tier_columns(tie_target=np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="no target_person"):
        tier_columns(target_person=np.array([0, 1]))
    with pytest.raises(ValueError, match="member_person must be in"):
        NetworkColumns(
            as_of=DAY, people=(),
            tiers=(tier_columns(member_person=np.array([0]), member_target=np.array([0])),),
        )  # fmt: skip
    with pytest.raises(RecordError, match="duplicate 'dorms'"):
        NetworkColumns(as_of=DAY, people=(), tiers=(tier_columns(), tier_columns()))
    with pytest.raises(RecordError, match="duplicate 'dorms'"):
        network_columns([DORMS, DORMS], [], as_of=DAY)


def test_an_empty_network() -> None:
    result = evaluate_columns(network_columns(TIERS, [], as_of=DAY))
    assert [t.summary for t in result.tiers] == [
        LoadSummary(holders=0, minimum=0, mean=Decimal("0.00"), maximum=0, over_limit=0)
    ] * 3
    assert result.reached.size == 0
    assert result.to_network_result() == evaluate_network(TIERS, [], as_of=DAY)


# ---------------------------------------------------------------------------------------------
# Random small networks: every kind of invalid tie, ended ties, closed units, lost roles.

PERSON_IDS = ("p0", "p1", "p2", "p3", "p4", "p5", "u0")
UNIT_IDS = ("u0", "u1", "u2", "u3", "u4")
ROLES = ("student", "member", "committee_member", "activist")
KINDS = ("dorm", "class")
# Spans that hold on the day (most), ended before it, start after it.
SPANS = st.sampled_from(
    [(None, None)] * 4 + [(D(2021, 9, 1), None), (D(2021, 9, 1), AFTER), (None, BEFORE)]
    + [(AFTER, None), (D(2021, 9, 1), DAY), (DAY, None)]
)  # fmt: skip


@st.composite
def people_of(draw: st.DrawFn) -> list[Person]:
    """People with roles and memberships that hold, ended or have not begun.

    Now and then one id comes twice: the last record of an id counts.
    """
    found = []
    chosen = draw(st.lists(st.sampled_from(PERSON_IDS), min_size=1, max_size=7, unique=True))
    if draw(st.integers(0, 4)) == 0:
        chosen.append(draw(st.sampled_from(chosen)))
    for key in chosen:
        roles = []
        for role in [role for role in ROLES if draw(st.integers(0, 2))]:
            start, end = draw(SPANS)
            roles.append(RoleSpan(role=role, start=start, end=end))
        memberships = []
        for unit in draw(st.lists(st.sampled_from([*UNIT_IDS, "gone"]), max_size=2)):
            start, end = draw(SPANS)
            memberships.append(Membership(unit=unit, start=start, end=end))
        found.append(Person(id=key, name=key, roles=tuple(roles), memberships=tuple(memberships)))
    return found


@st.composite
def units_of(draw: st.DrawFn) -> list[Unit]:
    """Dorms and classes that exist, closed, or open later; a unit may share a person's id."""
    found = []
    for key in draw(st.lists(st.sampled_from(UNIT_IDS), min_size=1, max_size=6)):
        start, end = draw(SPANS)
        found.append(
            Unit(id=key, kind=draw(st.sampled_from(KINDS)), name=key, start=start, end=end)
        )
    return found


@st.composite
def tiers_of(draw: st.DrawFn) -> list[Tier]:
    """One to four tiers with distinct keys, of units and of people."""
    found = []
    for index in range(draw(st.integers(1, 4))):
        holder_role = draw(st.sampled_from(ROLES[1:]))
        minimum = draw(st.integers(1, 2))
        most = draw(st.sampled_from([None, 1, 2]))
        contact = draw(st.booleans())
        common = {
            "key": f"t{index}", "label": label(f"tier {index}"), "holder_role": holder_role,
            "min_per_target": minimum, "max_per_holder": most,
            "contact_kind": "visit" if contact else None,
            "contact_every": PeriodKind.MONTH if contact else None,
        }  # fmt: skip
        if draw(st.booleans()):
            tier = Tier(
                **common,
                person_role=draw(st.sampled_from(["student", "activist"])),
            )
        else:
            tier = Tier(
                **common,
                unit_kind=draw(st.sampled_from(KINDS)),
                exclude_own_unit=draw(st.booleans()),
            )
        found.append(tier)
    return found


@st.composite
def networks(
    draw: st.DrawFn,
) -> tuple[list[Tier], list[Assignment], list[Person], list[Unit], list[Event]]:
    """Tiers, ties (repeated, ended, of no tier, to nobody), people, units and visits."""
    tiers, people, units = draw(tiers_of()), draw(people_of()), draw(units_of())
    everyone = sorted({p.id for p in people} | {"x9"})
    anything = sorted({p.id for p in people} | {u.id for u in units} | {"nope"})
    ties = []
    for _ in range(draw(st.integers(0, 25))):
        tier = draw(st.sampled_from(tiers))
        # Mostly holders who had the tier's role and targets of the tier's kind or role at some
        # time, so that many ties are valid and the others fail for every reason.
        holders = sorted({p.id for p in people if any(r.role == tier.holder_role for r in p.roles)})
        targets = sorted(
            {p.id for p in people if any(r.role == tier.person_role for r in p.roles)}
            | {u.id for u in units if u.kind == tier.unit_kind}
        )
        start, end = draw(SPANS)
        ties.append(
            Assignment(
                tier=draw(st.sampled_from([tier.key] * 5 + ["other"])),
                holder=draw(st.sampled_from(holders * 6 + everyone)),
                target=draw(st.sampled_from(targets * 6 + anything)),
                start=start,
                end=end,
            )
        )
    ties += draw(st.lists(st.sampled_from(ties), max_size=4)) if ties else []
    visits = [
        Event(
            id=f"e{index}",
            kind="visit",
            date=draw(st.dates(D(2022, 1, 1), D(2022, 3, 31))),
            participants=tuple(draw(st.lists(st.sampled_from(PERSON_IDS), max_size=2))),
            units=tuple(draw(st.lists(st.sampled_from(UNIT_IDS), max_size=2))),
        )
        for index in range(draw(st.integers(0, 4)))
    ]
    return tiers, ties, people, units, visits


def brute_reached(result: NetworkResult, tiers: list[Tier], people: list[Person]) -> list[str]:
    """The people of the tiers of people whom no tier reaches, worked out from the records."""
    by_id = {p.id: p for p in people}
    covered = {
        (tier.covers_people, c.target)
        for tier, found in zip(tiers, result.tiers, strict=True)
        for c in found.coverage
        if c.covered
    }
    return sorted(
        {
            c.target
            for tier, found in zip(tiers, result.tiers, strict=True)
            if tier.covers_people
            for c in found.coverage
            if (True, c.target) not in covered
            and not any((False, unit) in covered for unit in by_id[c.target].units_on(DAY))
        }
    )


@settings(deadline=None, max_examples=400)
@given(networks(), st.sampled_from([None, D(2022, 1, 1)]))
def test_the_columns_convert_to_the_object_result(
    network: tuple[list[Tier], list[Assignment], list[Person], list[Unit], list[Event]],
    since: dt.date | None,
) -> None:
    tiers, ties, people, units, visits = network
    columns = network_columns(tiers, ties, people=people, units=units, as_of=DAY)
    result = evaluate_columns(columns)
    expected = evaluate_network(
        tiers, ties, people=people, units=units, events=visits, as_of=DAY, since=since
    )
    assert result.to_network_result(events=visits, since=since) == expected
    for arrays, found in zip(result.tiers, expected.tiers, strict=True):
        targets = arrays.columns.targets
        assert arrays.valid.tolist() == [len(c.holders) for c in found.coverage]
        assert arrays.covered.tolist() == [c.covered for c in found.coverage]
        assert arrays.load.tolist() == [len(h.targets) for h in found.holders]
        assert arrays.over_limit.tolist() == [h.over_limit for h in found.holders]
        assert arrays.summary == found.load
        uncovered = [g.target for g in found.gaps if g.kind == "uncovered"]
        assert [targets[row] for row in arrays.uncovered.tolist()] == uncovered
        assert [GAP_KINDS[code] for code in arrays.invalid_kind.tolist()] == [
            g.kind for g in found.gaps if g.kind != "uncovered"
        ]
        assert [targets[row] for row in arrays.unreached.tolist()] == list(found.unreached)
        for row in range(len(targets)):
            assert arrays.coverage_of(row) == found.coverage[row]
        for row in range(len(arrays.columns.holders)):
            assert arrays.load_of(row) == found.holders[row]
    unreached = sorted(columns.people[row] for row in result.unreached.tolist())
    assert unreached == brute_reached(expected, tiers, people)
