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


def test_contacts_are_owed_only_from_the_start_of_a_tie() -> None:
    # T1 took d1 on 2022-02-10 and d3 on 2022-02-01; T4's tie to d2 has no start. Contacts
    # are checked from January: d1 owes none for January (not tied yet) nor February (tied
    # mid-month); d3 owes February, which began on its tie's first day; d2 owes both months.
    people = [*PEOPLE, member("T4")]
    ties = [
        Assignment(tier="dorms", holder="T1", target="d1", start=dt.date(2022, 2, 10)),
        Assignment(tier="dorms", holder="T1", target="d3", start=dt.date(2022, 2, 1)),
        Assignment(tier="dorms", holder="T4", target="d2"),
    ]
    network = evaluate_network(
        [DORMS], ties, people=people, units=UNITS, as_of=DAY, since=dt.date(2022, 1, 1)
    )
    assert [(o.target, o.period) for o in network.tiers[0].overdue] == [
        ("d2", "2022-01"),
        ("d2", "2022-02"),
        ("d3", "2022-02"),
    ]


def test_reasons_name_roles_and_kinds_by_their_vocabulary_names() -> None:
    names = {
        "role/committee_member": Label(zh="支部委员", en="committee member"),
        "unit_kind/class": Label(zh="班级", en="class"),
        "unit_kind/dorm": Label(zh="寝室", en="dormitory"),
    }
    (result,) = evaluate_network(
        [DORMS], TIES, people=PEOPLE, units=UNITS, as_of=DAY, names=names
    ).tiers
    reasons = {(g.kind, g.target): g.reason for g in result.gaps}
    assert reasons["holder_without_role", "d3"] == Label(
        zh="联系人已不担任支部委员", en="the holder is no longer a committee member"
    )
    assert reasons["wrong_target", "c1"] == Label(
        zh="单位类型为班级，应为寝室", en="the unit is a class, not a dormitory"
    )


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


# ---------------------------------------------------------------------------------------------
# Tiers of people: members tied to students.

STUDENTS = Tier(
    key="students",
    label=Label(zh="党员联系学生", en="member to student"),
    holder_role="member",
    person_role="student",
    max_per_holder=2,
    contact_kind="talk",
    contact_every=PeriodKind.MONTH,
)


def student(
    person_id: str,
    *,
    until: dt.date | None = None,
    also: str | None = None,
    dorms: tuple[Membership, ...] = (),
) -> Person:
    roles = (RoleSpan(role="student", end=until),)
    return Person(
        id=person_id,
        name=f"学生{person_id}",
        roles=(*roles, RoleSpan(role=also)) if also else roles,
        memberships=dorms,
    )


STUDENT_PEOPLE = [
    student("s1"),
    student("s2"),
    student("s3", until=dt.date(2022, 1, 31)),  # graduated
    student("s4", also="member"),
    Person(id="M1", name="党员M1", roles=(RoleSpan(role="member"),)),
    Person(id="M2", name="党员M2", roles=(RoleSpan(role="member"),)),
]
STUDENT_TIES = [
    Assignment(tier="students", holder="M1", target="s1"),
    Assignment(tier="students", holder="M2", target="s1"),
    Assignment(tier="students", holder="M1", target="s2"),
    Assignment(tier="students", holder="M1", target="s3"),
    Assignment(tier="students", holder="M1", target="M2"),
    Assignment(tier="students", holder="s4", target="s4"),
    Assignment(tier="students", holder="M2", target="s9"),
]


def test_a_tier_of_people_by_hand() -> None:
    (result,) = evaluate_network([STUDENTS], STUDENT_TIES, people=STUDENT_PEOPLE, as_of=DAY).tiers
    # Students on 2022-03-15: s1, s2, s4 (s3 graduated on 2022-01-31). Valid ties: M1-s1,
    # M2-s1, M1-s2. M1-s3: s3 is no longer a student; M1-M2: M2 never was one; s4-s4: a
    # holder tied to themself; M2-s9: nobody.
    assert [(c.target, c.holders, c.covered) for c in result.coverage] == [
        ("s1", ("M1", "M2"), True),
        ("s2", ("M1",), True),
        ("s4", (), False),
    ]
    assert [(g.kind, g.target, g.holder, g.reason.en) for g in result.gaps] == [
        ("uncovered", "s4", None, "0 valid ties; at least 1 needed"),
        ("wrong_target", "M2", "M1", "the person has never been a student"),
        ("target_gone", "s3", "M1", "the person is no longer a student"),
        ("own_unit", "s4", "s4", "the holder belongs to the unit"),
        ("target_unknown", "s9", "M2", "the person is not on record"),
    ]
    assert [(h.holder, h.targets, h.over_limit) for h in result.holders] == [
        ("M1", ("s1", "s2"), False),
        ("M2", ("s1",), False),
        ("s4", (), False),
    ]
    load = result.load
    assert (load.holders, load.minimum, load.mean, load.maximum, load.over_limit) == (
        3, 0, Decimal("1.00"), 2, 0,
    )  # fmt: skip
    # No tier of units: s4, not covered, is reached by no tier.
    assert result.unreached == ("s4",)


def test_contacts_of_a_tier_of_people_are_among_the_participants() -> None:
    talks = [
        Event(id="e1", kind="talk", date=dt.date(2022, 1, 10), participants=("M1", "s1")),
        Event(id="e2", kind="talk", date=dt.date(2022, 2, 20), participants=("M2", "s2")),
        # A talk naming s2 among its units, and a meeting s2 took part in, are not contacts.
        Event(id="e3", kind="talk", date=dt.date(2022, 1, 5), participants=("M1",), units=("s2",)),
        Event(id="e4", kind="meeting", date=dt.date(2022, 1, 15), participants=("s2",)),
    ]
    network = evaluate_network(
        [STUDENTS], STUDENT_TIES, people=STUDENT_PEOPLE, events=talks, as_of=DAY,
        since=dt.date(2022, 1, 1),
    )  # fmt: skip
    # January and February, for the covered students s1 and s2.
    assert [(o.target, o.period, o.last_contact) for o in network.tiers[0].overdue] == [
        ("s1", "2022-02", dt.date(2022, 1, 10)),
        ("s2", "2022-01", None),
    ]


def test_people_reached_by_no_tier() -> None:
    ended = dt.date(2022, 2, 28)
    people = [
        *PEOPLE,
        Person(id="M1", name="党员M1", roles=(RoleSpan(role="member"),)),
        student("s1", dorms=(Membership(unit="d1"),)),
        student("s2", dorms=(Membership(unit="d2"),)),
        student("s3", dorms=(Membership(unit="d2"), Membership(unit="d1", end=ended))),
        student("s5", dorms=(Membership(unit="d4"),)),
        student("s6", until=ended, dorms=(Membership(unit="d2"),)),
    ]
    ties = [
        Assignment(tier="dorms", holder="T1", target="d1"),
        Assignment(tier="students", holder="M1", target="s2"),
    ]
    dorms, students = evaluate_network(
        [DORMS, STUDENTS], ties, people=people, units=UNITS, as_of=DAY
    ).tiers
    # d1 is covered, d2 is not, d4 closed. s1 lives in d1, s2 has a contact; s3 left d1 on
    # 2022-02-28 and d2 has no contact; s5's dorm closed; s6 is no longer a student.
    assert [(c.target, c.covered) for c in dorms.coverage] == [
        ("d1", True),
        ("d2", False),
        ("d3", False),
    ]
    assert students.unreached == ("s3", "s5")
    assert dorms.unreached == ()


def test_tier_rules_for_a_tier_of_people() -> None:
    name = Label(zh="联系", en="contact")
    with pytest.raises(RecordError) as caught:
        Tier(
            key="students", label=name, holder_role="member", person_role="student",
            exclude_own_unit=True,
        )  # fmt: skip
    assert caught.value.problems == ((("exclude_own_unit",), "applies to tiers of units only"),)
    with pytest.raises(RecordError) as caught:
        Tier(key="both", label=name, holder_role="member", unit_kind="dorm", person_role="student")
    assert caught.value.problems == ((("unit_kind",), "give unit_kind or person_role"),)
    with pytest.raises(RecordError) as caught:
        Tier(key="neither", label=name, holder_role="member")
    assert caught.value.problems == ((("unit_kind",), "give unit_kind or person_role"),)
    assert STUDENTS.covers_people
    assert not DORMS.covers_people


def test_the_mean_load_rounds_half_up() -> None:
    holders = [member(f"T{n}") for n in range(1, 9)]
    pool = [Assignment(tier="dorms", holder="T1", target=unit) for unit in ("d1", "d2", "d3")]
    pool += [Assignment(tier="dorms", holder=f"T{n}", target="d1") for n in range(2, 9)]
    # Eight holders: 1/8 = 0.125 and 5/8 = 0.625 round up (half to even would give 0.12 and
    # 0.62); 3/8 = 0.375 gives 0.38 either way.
    for tied, mean in ((1, "0.13"), (5, "0.63"), (3, "0.38")):
        (result,) = evaluate_network(
            [DORMS], pool[:tied], people=holders, units=UNITS, as_of=DAY
        ).tiers
        assert sum(len(h.targets) for h in result.holders) == tied
        assert result.load.holders == 8
        assert str(result.load.mean) == mean
