"""Suggestions that fill a tier's gaps: by hand, by properties, and against brute force."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections import Counter
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import MissingDependencyError
from branchkit.mechanisms.contacts import Assignment, Tier, TierResult, evaluate_network
from branchkit.mechanisms.contacts.suggest import Suggestion, Unfilled, suggest_assignments
from branchkit.records import Label, Membership, Person, RoleSpan, Unit

DAY = dt.date(2022, 3, 15)
YESTERDAY = DAY - dt.timedelta(days=1)
ROLE = "committee_member"


def dorm_tier(
    *, min_per_target: int = 1, max_per_holder: int | None = None, exclude_own_unit: bool = False
) -> Tier:
    return Tier(
        key="dorms",
        label=Label(zh="支委联系寝室", en="committee member to dorm"),
        holder_role=ROLE,
        unit_kind="dorm",
        min_per_target=min_per_target,
        max_per_holder=max_per_holder,
        exclude_own_unit=exclude_own_unit,
    )


def member(person_id: str, *dorms: str, until: dt.date | None = None) -> Person:
    return Person(
        id=person_id,
        name=f"委员{person_id}",
        roles=(RoleSpan(role=ROLE, end=until),),
        memberships=tuple(Membership(unit=dorm) for dorm in dorms),
    )


def dorms(count: int) -> list[Unit]:
    return [Unit(id=f"d{n}", kind="dorm", name=f"1-10{n}") for n in range(1, count + 1)]


def tie(holder: str, target: str, start: dt.date | None = None) -> Assignment:
    return Assignment(tier="dorms", holder=holder, target=target, start=start)


def pairs(ties: tuple[Assignment, ...]) -> list[tuple[str, str]]:
    """The ties as (target, holder), the order a suggestion sorts them in."""
    return [(t.target, t.holder) for t in ties]


def gaps(suggestion: Suggestion) -> list[tuple[str, int, str]]:
    return [(u.target, u.needed, u.kind) for u in suggestion.unfilled]


# --- By hand ---------------------------------------------------------------------------------


def test_new_ties_go_to_the_least_loaded_holders() -> None:
    # T1 takes d1 already; d2 and d3 are uncovered. T1 may take one more, but T2 and T3 take
    # none: giving d2 to T2 and d3 to T3 leaves every load at 1.
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=2),
        [tie("T1", "d1")],
        people=[member("T1"), member("T2"), member("T3")],
        units=dorms(3),
        as_of=DAY,
        forbidden=[("T3", "d2"), ("T2", "d3")],
    )
    assert pairs(suggestion.added) == [("d2", "T2"), ("d3", "T3")]
    assert all(t.start == DAY and t.end is None and t.tier == "dorms" for t in suggestion.added)
    assert (suggestion.covered_before, suggestion.covered_after) == (1, 3)
    assert suggestion.unfilled == ()
    assert suggestion.ended == ()
    assert (suggestion.tier, suggestion.as_of) == ("dorms", DAY)


def test_limits_and_exclusions_decide_who_takes_what() -> None:
    # Three dorms uncovered; two holders with a limit of 2, T1 at 1 already. T2 lives in d3,
    # so d3 can only go to T1, whose one free place it takes; T2 takes d2 and d4.
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=2, exclude_own_unit=True),
        [tie("T1", "d1")],
        people=[member("T1"), member("T2", "d3")],
        units=dorms(4),
        as_of=DAY,
    )
    assert pairs(suggestion.added) == [("d2", "T2"), ("d3", "T1"), ("d4", "T2")]
    assert (suggestion.covered_before, suggestion.covered_after) == (1, 4)
    assert suggestion.unfilled == ()


def test_targets_left_short_say_why() -> None:
    # Limit 1: T1 is full; T2 lives in d4 and may not take d3; T1 may not take d4 either.
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=1, exclude_own_unit=True),
        [tie("T1", "d1")],
        people=[member("T1"), member("T2", "d4"), member("T3", until=YESTERDAY)],
        units=dorms(4),
        as_of=DAY,
        forbidden=[("T2", "d3"), ("T1", "d4")],
    )
    assert pairs(suggestion.added) == [("d2", "T2")]
    assert gaps(suggestion) == [("d3", 1, "no_place"), ("d4", 1, "no_holder")]
    assert suggestion.unfilled[0] == Unfilled(
        target="d3",
        needed=1,
        kind="no_place",
        reason=Label(
            zh="还差1名联系人：可以联系它的联系人名额已满",
            en="1 more tie needed; the holders who may take it have no free place",
        ),
    )
    assert suggestion.unfilled[1].reason.en == (
        "1 more tie needed; no holder may take it (tied to it already, the target or a member of "
        "it, or forbidden)"
    )
    assert (suggestion.covered_before, suggestion.covered_after) == (1, 2)


def test_two_ties_per_target_come_from_different_holders() -> None:
    # d1 needs two ties, d2 one more (T4, at the limit, takes it). Only T3 may take d2, so
    # d1 gets T1 and T2.
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=1, min_per_target=2),
        [tie("T4", "d2")],
        people=[member("T1"), member("T2"), member("T3"), member("T4")],
        units=dorms(2),
        as_of=DAY,
        forbidden=[("T1", "d2"), ("T2", "d2")],
    )
    assert pairs(suggestion.added) == [("d1", "T1"), ("d1", "T2"), ("d2", "T3")]
    assert (suggestion.covered_before, suggestion.covered_after) == (0, 2)


def test_a_target_never_gets_the_same_holder_twice() -> None:
    # T1 has three free places, and is the only holder: each dorm can have T1 once only.
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=3, min_per_target=2),
        [],
        people=[member("T1")],
        units=dorms(2),
        as_of=DAY,
    )
    assert pairs(suggestion.added) == [("d1", "T1"), ("d2", "T1")]
    assert gaps(suggestion) == [("d1", 1, "no_holder"), ("d2", 1, "no_holder")]
    assert (suggestion.covered_before, suggestion.covered_after) == (0, 0)


def test_unlimited_holders_share_the_load() -> None:
    # No limit: T1 takes three dorms already, T2 none; six more dorms are uncovered. The most
    # even split gives T2 five and T1 one (4 and 5), or T2 four and T1 two (5 and 4).
    ties = [tie("T1", f"d{n}") for n in (1, 2, 3)]
    suggestion = suggest_assignments(
        dorm_tier(), ties, people=[member("T1"), member("T2")], units=dorms(9), as_of=DAY
    )
    loads = Counter(t.holder for t in [*ties, *suggestion.added])
    assert sorted(loads.values()) == [4, 5]
    assert sorted(t.target for t in suggestion.added) == [f"d{n}" for n in range(4, 10)]
    assert suggestion.covered_after == 9


def test_keep_existing_keeps_a_holder_over_the_limit() -> None:
    ties = [tie("T1", "d1"), tie("T1", "d2")]
    people = [member("T1"), member("T2"), member("T3")]
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=1), ties, people=people, units=dorms(3), as_of=DAY,
        forbidden=[("T3", "d3"), ("T3", "d1")],
    )  # fmt: skip
    assert pairs(suggestion.added) == [("d3", "T2")]
    assert suggestion.ended == ()


def test_a_tie_over_the_limit_is_handed_on() -> None:
    # T1 takes d1 and d2 with a limit of 1. d3 is uncovered and only T2 may take it, which
    # comes first; so d2 (T3 may not take d1) moves to T3.
    ties = [tie("T1", "d1"), tie("T1", "d2", start=dt.date(2021, 9, 1))]
    people = [member("T1"), member("T2"), member("T3")]
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=1), ties, people=people, units=dorms(3), as_of=DAY,
        keep_existing=False, forbidden=[("T3", "d3"), ("T3", "d1")],
    )  # fmt: skip
    assert pairs(suggestion.added) == [("d2", "T3"), ("d3", "T2")]
    assert suggestion.ended == (
        Assignment(
            tier="dorms", holder="T1", target="d2", start=dt.date(2021, 9, 1), end=YESTERDAY
        ),
    )
    assert (suggestion.covered_before, suggestion.covered_after) == (2, 3)
    applied = suggestion.apply(ties)
    assert applied == (ties[0], suggestion.ended[0], *suggestion.added)
    (after,) = evaluate_network(
        [dorm_tier(max_per_holder=1)], applied, people=people, units=dorms(3), as_of=DAY
    ).tiers
    assert after.load.over_limit == 0


def test_a_spare_tie_over_the_limit_is_ended() -> None:
    # d1 has two ties where one is needed; T1 is over the limit: its tie to d1 ends. T2 is at
    # the limit, so d2 cannot move and T1 keeps it.
    ties = [tie("T1", "d1"), tie("T1", "d2"), tie("T2", "d1")]
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=1), ties, people=[member("T1"), member("T2")], units=dorms(2),
        as_of=DAY, keep_existing=False,
    )  # fmt: skip
    assert suggestion.added == ()
    assert pairs(suggestion.ended) == [("d1", "T1")]
    assert (suggestion.covered_before, suggestion.covered_after) == (2, 2)


def test_a_tie_that_starts_today_is_not_ended() -> None:
    ties = [tie("T1", "d1", start=DAY), tie("T1", "d2", start=DAY)]
    suggestion = suggest_assignments(
        dorm_tier(max_per_holder=1), ties, people=[member("T1"), member("T2")], units=dorms(2),
        as_of=DAY, keep_existing=False,
    )  # fmt: skip
    assert suggestion.ended == suggestion.added == ()


def test_a_tier_of_people_never_ties_a_holder_to_themself() -> None:
    tier = Tier(
        key="students", label=Label(zh="党员联系学生", en="member to student"),
        holder_role="member", person_role="student", max_per_holder=2,
    )  # fmt: skip
    both = (RoleSpan(role="member"), RoleSpan(role="student"))
    people = [
        Person(id="M1", name="党员一", roles=both),
        Person(id="S1", name="学生一", roles=(RoleSpan(role="student"),)),
    ]
    suggestion = suggest_assignments(tier, [], people=people, as_of=DAY)
    assert [(t.target, t.holder, t.tier) for t in suggestion.added] == [("S1", "M1", "students")]
    assert gaps(suggestion) == [("M1", 1, "no_holder")]


def test_nothing_to_fill() -> None:
    suggestion = suggest_assignments(
        dorm_tier(), [tie("T1", "d1")], people=[member("T1")], units=dorms(1), as_of=DAY
    )
    assert (suggestion.added, suggestion.unfilled, suggestion.covered_after) == ((), (), 1)


def test_no_holder_at_all() -> None:
    suggestion = suggest_assignments(dorm_tier(), [], people=[], units=dorms(2), as_of=DAY)
    assert gaps(suggestion) == [("d1", 1, "no_holder"), ("d2", 1, "no_holder")]


def test_without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(MissingDependencyError, match=r"branchkit\[solver\]") as caught:
        suggest_assignments(dorm_tier(), [], people=[], as_of=DAY)
    assert (caught.value.feature, caught.value.extra) == ("contact suggestions", "solver")


# --- Properties ------------------------------------------------------------------------------

HOLDERS = [f"T{n}" for n in range(4)]
DORMS = [f"d{n}" for n in range(5)]


class Case(NamedTuple):
    tier: Tier
    ties: list[Assignment]
    people: list[Person]
    units: list[Unit]
    forbidden: list[tuple[str, str]]
    keep_existing: bool


@st.composite
def cases(draw: st.DrawFn, *, min_per_target: int | None = None, keep: bool | None = None) -> Case:
    """Small networks: holders who may have left or live in a dorm, closed dorms, stray ties."""
    tier = dorm_tier(
        min_per_target=draw(st.integers(1, 2)) if min_per_target is None else min_per_target,
        max_per_holder=draw(st.none() | st.integers(1, 3)),
        exclude_own_unit=draw(st.booleans()),
    )
    people = [
        member(
            holder,
            *draw(st.lists(st.sampled_from(DORMS), max_size=1)),
            until=YESTERDAY if draw(st.integers(0, 5)) == 0 else None,
        )
        for holder in draw(st.lists(st.sampled_from(HOLDERS), unique=True, max_size=4))
    ]
    units = [
        Unit(
            id=dorm, kind="dorm", name=dorm, end=YESTERDAY if draw(st.integers(0, 6)) == 0 else None
        )
        for dorm in draw(st.lists(st.sampled_from(DORMS), unique=True, min_size=1))
    ]
    units.append(Unit(id="c1", kind="class", name="c1"))
    ties = [
        tie(holder, target, start=draw(st.sampled_from([None, DAY, dt.date(2021, 9, 1)])))
        for holder, target in draw(
            st.lists(
                st.tuples(st.sampled_from([*HOLDERS, "X9"]), st.sampled_from([*DORMS, "c1"])),
                max_size=10,
            )
        )
    ]
    other = st.builds(
        lambda holder, target: Assignment(tier="other", holder=holder, target=target),
        st.sampled_from(HOLDERS),
        st.sampled_from(DORMS),
    )
    ties += draw(st.lists(other, max_size=2))
    forbidden = draw(
        st.lists(st.tuples(st.sampled_from(HOLDERS), st.sampled_from(DORMS)), max_size=4)
    )
    return Case(tier, ties, people, units, forbidden, draw(st.booleans()) if keep is None else keep)


def suggest(case: Case) -> Suggestion:
    return suggest_assignments(
        case.tier, case.ties, people=case.people, units=case.units, as_of=DAY,
        keep_existing=case.keep_existing, forbidden=case.forbidden,
    )  # fmt: skip


def evaluate(case: Case, ties: tuple[Assignment, ...] | list[Assignment]) -> TierResult:
    (result,) = evaluate_network(
        [case.tier], ties, people=case.people, units=case.units, as_of=DAY
    ).tiers
    return result


def valid_pairs(result: TierResult) -> set[tuple[str, str]]:
    return {(holder, c.target) for c in result.coverage for holder in c.holders}


def loads(result: TierResult) -> dict[str, int]:
    return {h.holder: len(h.targets) for h in result.holders}


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_suggestions_keep_every_rule(case: Case) -> None:
    suggestion = suggest(case)
    before = evaluate(case, case.ties)
    after = evaluate(case, suggestion.apply(case.ties))
    limit = case.tier.max_per_holder

    # Coverage: as counted, never lower, and no target covered today is uncovered after.
    assert suggestion.covered_before == before.covered
    assert suggestion.covered_after == after.covered >= before.covered
    covered = {c.target for c in before.coverage if c.covered}
    assert covered <= {c.target for c in after.coverage if c.covered}

    # Every new tie is valid by the network's rules (holder with the role, target of the kind,
    # not the holder's own unit), new, not forbidden, and starts today.
    added = [(t.holder, t.target) for t in suggestion.added]
    assert len(set(added)) == len(added)
    assert set(added) <= valid_pairs(after)
    assert not set(added) & valid_pairs(before)
    assert not set(added) & set(case.forbidden)
    people = {p.id: p for p in case.people}
    for holder, target in added:
        assert people[holder].holds(ROLE, DAY)
        assert not (case.tier.exclude_own_unit and target in people[holder].units_on(DAY))
    assert all(t.start == DAY and t.end is None and t.tier == "dorms" for t in suggestion.added)
    assert pairs(suggestion.added) == sorted(pairs(suggestion.added))

    # Limits: no one goes past the limit, and whoever takes a new tie ends within it.
    load_before, load_after = loads(before), loads(after)
    taking = Counter(holder for holder, _ in added)
    for holder, load in load_after.items():
        if limit is not None:
            assert load <= max(limit, load_before[holder])
            assert not taking[holder] or load <= limit

    # Ended ties: only if asked, only valid ties of holders over the limit, ended yesterday.
    if case.keep_existing:
        assert suggestion.ended == ()
    for ended in suggestion.ended:
        assert ended.end == YESTERDAY
        assert (ended.holder, ended.target) in valid_pairs(before)
        assert limit is not None
        assert load_before[ended.holder] > limit

    # The targets left short are exactly those uncovered after, with what they still need.
    assert {u.target: u.needed for u in suggestion.unfilled} == {
        c.target: case.tier.min_per_target - len(c.holders) for c in after.coverage if not c.covered
    }


@settings(max_examples=100, deadline=None)
@given(case=cases(), data=st.data())
def test_the_same_input_in_any_order_gives_the_same_suggestion(
    case: Case, data: st.DataObject
) -> None:
    shuffled = Case(
        case.tier,
        data.draw(st.permutations(case.ties)),
        data.draw(st.permutations(case.people)),
        data.draw(st.permutations(case.units)),
        data.draw(st.permutations(case.forbidden)),
        case.keep_existing,
    )
    assert suggest(shuffled) == suggest(case)


def brute_force(case: Case, before: TierResult) -> tuple[int, int, int]:
    """The most ties that can be filled, then the least largest load and the least sum of
    squares of loads among the proposals filling that many, over every proposal."""
    limit = case.tier.max_per_holder
    load = loads(before)
    short = [c.target for c in before.coverage if not c.covered]
    allowed = {
        target: [
            holder
            for holder in load
            if (holder, target) not in case.forbidden
            and (holder, target) not in valid_pairs(before)
            and (holder, target) in valid_pairs(evaluate(case, [tie(holder, target)]))
        ]
        for target in short
    }
    best: tuple[int, int, int] | None = None
    for choice in itertools.product(*([None, *allowed[target]] for target in short)):
        taken = Counter(holder for holder in choice if holder is not None)
        if limit is not None and any(load[h] + n > limit for h, n in taken.items()):
            continue
        after = [load[h] + taken[h] for h in load]
        key = (-sum(taken.values()), max(after, default=0), sum(n * n for n in after))
        best = key if best is None else min(best, key)
    assert best is not None
    return -best[0], best[1], best[2]


@settings(max_examples=150, deadline=None)
@given(case=cases(min_per_target=1, keep=True))
def test_the_balance_is_the_best_there_is(case: Case) -> None:
    suggestion = suggest(case)
    before = evaluate(case, case.ties)
    after = loads(evaluate(case, suggestion.apply(case.ties)))
    filled, largest, squares = brute_force(case, before)
    assert len(suggestion.added) == filled
    assert max(after.values(), default=0) == largest
    # The least sum of squares: the solver's objective, which also makes the largest least.
    assert sum(n * n for n in after.values()) == squares


def test_brute_force_keys_are_lexicographic() -> None:
    # With T1 at 2 and T2 at 0, no limit, two dorms: the best is T2 taking both (2, 2).
    case = Case(dorm_tier(), [tie("T1", "d1"), tie("T1", "d2")], [member("T1"), member("T2")],
                dorms(4), [], True)  # fmt: skip
    assert brute_force(case, evaluate(case, case.ties)) == (2, 2, 8)
    assert sorted(loads(evaluate(case, suggest(case).apply(case.ties))).values()) == [2, 2]
