"""Outcomes counted by kind, level and rank, by hand and by brute force; team credit."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.obligations import (
    Outcome,
    OutcomeCount,
    credited,
    outcome_problems,
    summarise_outcomes,
    team_members,
)
from branchkit.records import Membership, Period, Person

D = dt.date
OUTCOMES = [
    Outcome(id="o1", kind="award", date=D(2021, 12, 10), level="municipal", rank="first",
            teams=("rt1",)),
    Outcome(id="o2", kind="award", date=D(2022, 4, 1), level="national", rank="second",
            persons=("T1",)),
    Outcome(id="o3", kind="award", date=D(2022, 3, 1), level="college", persons=("Y1",)),
    Outcome(id="o4", kind="project", date=D(2021, 11, 1), level="municipal", persons=("T2", "Y2"),
            teams=("tr1",)),
    Outcome(id="o5", kind="course", date=D(2022, 8, 31), level="municipal", teams=("tr1",)),
    Outcome(id="o6", kind="paper", date=D(2022, 9, 1), persons=("Y1",)),
    Outcome(id="o7", kind="training", date=D(2021, 10, 15), count=50),
    Outcome(id="o8", kind="award", date=D(2021, 8, 31), level="municipal", rank="first",
            persons=("T1",)),
    Outcome(id="o9", kind="award", date=D(2022, 1, 15), level="municipal", rank="second",
            persons=("Y1",), teams=("rt1",)),
    Outcome(id="o10", kind="award", date=D(2022, 5, 1), level="municipal", rank="first",
            persons=("T2",)),
    Outcome(id="o11", kind="award", date=D(2022, 6, 1), rank="first", persons=("T2",)),
    Outcome(id="o12", kind="paper", date=D(2021, 9, 1)),
]  # fmt: skip
YEAR = Period.parse("2021-2022")


def rows(counts: tuple[OutcomeCount, ...]) -> list[tuple[str, str | None, str | None, int, int]]:
    return [(c.kind, c.level, c.rank, c.outcomes, c.total) for c in counts]


def test_counts_by_kind_level_and_rank_by_hand() -> None:
    counts = summarise_outcomes(OUTCOMES, period=YEAR)
    # o6 (2022-09-01) and o8 (2021-08-31) lie just outside the academic year; o12 on its first
    # day and o5 on its last are in. A missing level or rank sorts after the ones given.
    assert rows(counts) == [
        ("award", "college", None, 1, 1),
        ("award", "municipal", "first", 2, 2),
        ("award", "municipal", "second", 1, 1),
        ("award", "national", "second", 1, 1),
        ("award", None, "first", 1, 1),
        ("course", "municipal", None, 1, 1),
        ("paper", None, None, 1, 1),
        ("project", "municipal", None, 1, 1),
        ("training", None, None, 1, 50),
    ]
    assert counts[1].ids == ("o1", "o10")
    everything = summarise_outcomes(OUTCOMES)
    assert sum(c.outcomes for c in everything) == len(OUTCOMES)
    assert [c.ids for c in everything if c.kind == "paper"] == [("o12", "o6")]


def ids(
    *,
    persons: Collection[str] | None = None,
    teams: Collection[str] | None = None,
    members: Mapping[str, Collection[str]] | None = None,
) -> list[str]:
    counts = summarise_outcomes(
        OUTCOMES, period=YEAR, persons=persons, teams=teams, members=members
    )
    return sorted((i for c in counts for i in c.ids), key=lambda i: int(i[1:]))


def test_people_and_teams_choose_outcomes() -> None:
    assert ids(persons={"T1"}) == ["o2"]
    assert ids(persons={"Y1", "T2"}) == ["o3", "o4", "o9", "o10", "o11"]
    assert ids(teams={"rt1"}) == ["o1", "o9"]
    # Either a person or a team: the union.
    assert ids(persons={"T1"}, teams={"tr1"}) == ["o2", "o4", "o5"]
    assert ids(persons=set()) == []
    assert ids(teams=()) == []


def test_a_teams_credit_reaches_its_members_only_when_asked() -> None:
    members = {"rt1": ("T1", "Y1"), "tr1": ("T2",)}
    assert ids(persons={"T1"}, members=members) == ["o1", "o2", "o9"]
    assert ids(persons={"T2"}, members=members) == ["o4", "o5", "o10", "o11"]
    # Without people, members change nothing; a person's own outcome stays off their team's.
    assert summarise_outcomes(OUTCOMES, members=members) == summarise_outcomes(OUTCOMES)
    assert not credited(OUTCOMES[1], teams={"rt1"}, members=members)


def test_team_members_on_a_day() -> None:
    people = [
        Person(id="T1", name="王建国", memberships=(Membership(unit="rt1"),)),
        Person(id="Y1", name="陈静", memberships=(Membership(unit="rt1", end=D(2022, 2, 28)),)),
        Person(id="Y2", name="刘洋", memberships=(Membership(unit="tr1", start=D(2022, 3, 1)),)),
        Person(id="C1", name="赵敏", memberships=(Membership(unit="c1"),)),
    ]
    assert team_members(people, teams=["tr1", "rt1", "none"], day=D(2022, 2, 28)) == {
        "none": (),
        "rt1": ("T1", "Y1"),
        "tr1": (),
    }
    assert team_members(people, teams=["rt1", "tr1"], day=D(2022, 3, 1)) == {
        "rt1": ("T1",),
        "tr1": ("Y2",),
    }


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(RecordError, match=r"\$\.outcomes\[1\]\.id: duplicate 'o1'"):
        summarise_outcomes([OUTCOMES[0], OUTCOMES[0]])


def test_outcomes_naming_what_is_not_on_record() -> None:
    outcomes = [
        Outcome(id="o1", kind="award", date=D(2022, 1, 1), level="city", rank="first",
                persons=("T1", "T9"), teams=("rt1", "rt9")),
        Outcome(id="o1", kind="paper", date=D(2022, 1, 2), rank="gold"),
    ]  # fmt: skip
    vocabulary = {"outcome_kind": {"award", "paper"}, "level": {"municipal"}}
    found = outcome_problems(outcomes, people={"T1"}, units={"rt1"}, vocabulary=vocabulary)
    assert list(found) == [
        (("outcomes", 1, "id"), "duplicate 'o1' (first at index 0)"),
        (("outcomes", 0, "persons", 1), "no person 'T9'"),
        (("outcomes", 0, "teams", 1), "no unit 'rt9'"),
        (("outcomes", 0, "level"), "unknown level 'city'; known: municipal"),
    ]  # fmt: skip
    # Without a vocabulary, keys are not checked; ranks here have none.
    assert list(outcome_problems(outcomes[:1], people={"T1", "T9"}, units={"rt1", "rt9"})) == []


def test_an_outcome_checks_its_fields() -> None:
    with pytest.raises(RecordError, match="count: must be at least 1"):
        Outcome(id="x", kind="training", date=D(2022, 1, 1), count=0)
    with pytest.raises(RecordError, match="level: 'Municipal' is not a key"):
        Outcome(id="x", kind="award", date=D(2022, 1, 1), level="Municipal")


# --- properties -----------------------------------------------------------------------------

PEOPLE_IDS = ("P1", "P2", "P3")
TEAMS = ("rt1", "tr1")
days = st.dates(min_value=D(2021, 1, 1), max_value=D(2023, 12, 31))


@st.composite
def outcome_lists(draw: st.DrawFn) -> list[Outcome]:
    return [
        Outcome(
            id=f"o{index}",
            kind=draw(st.sampled_from(["award", "project", "paper"])),
            date=draw(days),
            level=draw(st.none() | st.sampled_from(["college", "municipal", "national"])),
            rank=draw(st.none() | st.sampled_from(["first", "second"])),
            persons=tuple(draw(st.lists(st.sampled_from(PEOPLE_IDS), max_size=2, unique=True))),
            teams=tuple(draw(st.lists(st.sampled_from(TEAMS), max_size=1))),
            count=draw(st.integers(1, 60)),
        )
        for index in range(draw(st.integers(0, 15)))
    ]


chosen_people = st.none() | st.sets(st.sampled_from(PEOPLE_IDS))
chosen_teams = st.none() | st.sets(st.sampled_from(TEAMS))
member_maps = st.none() | st.fixed_dictionaries(
    {team: st.lists(st.sampled_from(PEOPLE_IDS), unique=True) for team in TEAMS}
)
periods = st.none() | st.sampled_from([Period.parse(k) for k in ("2021-2022", "2022", "2022-Q2")])


@settings(max_examples=200, deadline=None)
@given(
    outcomes=outcome_lists(),
    period=periods,
    persons=chosen_people,
    teams=chosen_teams,
    members=member_maps,
    rng=st.randoms(),
)
def test_counts_equal_brute_force_in_any_order(
    *,
    outcomes: list[Outcome],
    period: Period | None,
    persons: set[str] | None,
    teams: set[str] | None,
    members: Mapping[str, Collection[str]] | None,
    rng: random.Random,
) -> None:
    counts = summarise_outcomes(
        outcomes, period=period, persons=persons, teams=teams, members=members
    )
    shuffled = summarise_outcomes(
        rng.sample(outcomes, k=len(outcomes)),
        period=period,
        persons=persons,
        teams=teams,
        members=members,
    )
    assert shuffled == counts

    def kept(outcome: Outcome) -> bool:
        if period is not None and not period.start <= outcome.date <= period.end:
            return False
        if persons is None and teams is None:
            return True
        reached = set(outcome.persons)
        if members is not None:
            for team in outcome.teams:
                reached.update(members.get(team, ()))
        by_person = persons is not None and bool(reached & persons)
        by_team = teams is not None and bool(set(outcome.teams) & teams)
        return by_person or by_team

    chosen = [outcome for outcome in outcomes if kept(outcome)]
    groups = {(o.kind, o.level, o.rank) for o in chosen}
    assert len(counts) == len(groups)
    for row in counts:
        same = [o for o in chosen if (o.kind, o.level, o.rank) == (row.kind, row.level, row.rank)]
        assert row.outcomes == len(same)
        assert row.total == sum(o.count for o in same)
        assert row.ids == tuple(sorted(o.id for o in same))
    # Sorted by kind, level and rank, a missing level or rank last.
    order = [(r.kind, r.level is None, r.level or "", r.rank is None, r.rank or "") for r in counts]
    assert order == sorted(order)
