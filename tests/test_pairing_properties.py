"""Mentor pairing on random instances, against references written here from the rules alone.

Eligibility and compatibility are worked out again in this file, by the rules of the scheme,
without branchkit's code; the optimal method is checked against exhaustive search, the stable
method against the definition of stability and against the ``matching`` package, and every
method against the rules (capacities, eligibility, forbidden and locked pairs) and against a
reshuffling of its inputs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from random import Random
from typing import NamedTuple, TypeVar

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident  # type: ignore[import-untyped]
from scipy.optimize import linear_sum_assignment

from branchkit.mechanisms.inputs import PairingInput
from branchkit.mechanisms.pairing import (
    Eligibility,
    Feature,
    PairingResult,
    PairingScheme,
    PairRule,
    Preference,
    Profile,
    deferred_acceptance,
    pair,
    solve_optimal,
)
from branchkit.records import Label, Person, RoleSpan

T = TypeVar("T")
DAY = dt.date(2024, 9, 1)
KEY = "mentoring"
METHODS = ("optimal", "stable", "manual")


def hashed(given: PairingInput) -> Decimal:
    """A plugin's score that varies from pair to pair: 0, 0.1, ... or 1."""
    return Decimal(sum(map(ord, given.mentor.id + given.mentee.id)) % 11) / 10


SCORERS = {"hashed": hashed}


class Instance(NamedTuple):
    scheme: PairingScheme
    people: list[Person]
    profiles: list[Profile]
    rules: list[PairRule]
    preferences: list[Preference]

    def run(self, method: str) -> PairingResult:
        return pair(
            self.scheme,
            people=self.people,
            profiles=self.profiles,
            rules=self.rules,
            preferences=self.preferences,
            as_of=DAY,
            method=method,  # type: ignore[arg-type]
            scorers=SCORERS,
        )


def label(text: str) -> Label:
    return Label(zh=text, en=text)


FEATURES = (
    Feature(key="office", label=label("office"), kind="same", attribute="department"),
    Feature(key="courses", label=label("courses"), kind="overlap", attribute="subjects"),
    Feature(key="time", label=label("time"), kind="overlap", attribute="slots"),
    Feature(key="fit", label=label("fit"), kind="scorer", scorer="hashed"),
)
WEIGHTS = st.sampled_from([Decimal(1), Decimal(2), Decimal("0.5"), Decimal("1.25")])


@st.composite
def instances(
    draw: st.DrawFn,
    *,
    kinds: Sequence[str] = ("forbidden",),
    rankings: bool = False,
    most_mentees: int = 5,
) -> Instance:
    """A scheme, its people and profiles, rules of ``kinds`` and, if asked, rankings."""
    mentors = [f"T{n}" for n in range(draw(st.integers(1, 4)))]
    mentees = [f"Y{n}" for n in range(draw(st.integers(0, most_mentees)))]
    # Sometimes a mentor is a young teacher too.
    both = draw(st.booleans())
    # In half the instances nobody is kept out, so that they pair; in the others, the
    # conditions that keep people out hold now and then.
    rarely = st.sampled_from([False, False, False, True]) if draw(st.booleans()) else st.just(False)
    people = []
    for key in mentors:
        # A teacher until the day (still one on it), or until a year before (no longer one).
        end = DAY.replace(year=2023) if draw(rarely) else draw(st.sampled_from([None, DAY]))
        roles = [RoleSpan(role="teacher", end=end)]
        if not draw(rarely):
            roles.append(RoleSpan(role="full_member"))
        if both and key == "T0":
            roles.append(RoleSpan(role="young_teacher"))
        people.append(Person(id=key, name=f"教师{key}", roles=tuple(roles)))
    people += [
        Person(id=key, name=f"青年{key}", roles=(RoleSpan(role="young_teacher"),))
        for key in mentees
    ]
    values = st.lists(st.sampled_from("xyz"), unique=True, max_size=3).map(tuple)
    profiles = [
        Profile(
            person=p.id,
            department=draw(st.sampled_from(["", "a", "a", "b"])),
            subjects=draw(values),
            slots=draw(values),
            teaching_since=draw(
                st.sampled_from(
                    [dt.date(2022, 9, 1), dt.date(2010, 9, 1), dt.date(2020, 9, 1), None]
                )
            ),
            capacity=draw(st.sampled_from([None, None, 0, 1, 2])),
        )
        for p in people
        if draw(st.integers(0, 5))  # a few have no profile
    ]
    features = tuple(
        Feature(
            key=f.key,
            label=f.label,
            kind=f.kind,
            attribute=f.attribute,
            scorer=f.scorer,
            weight=draw(WEIGHTS),
        )
        for f in FEATURES
        if draw(st.booleans())
    )
    eligibility = Eligibility(
        mentor_roles=("full_member",) if draw(rarely) else (),
        mentor_min_years=5 if draw(rarely) else None,
        mentee_max_years=3 if draw(rarely) else None,
        same_department=draw(rarely),
    )
    scheme = PairingScheme(
        key=KEY,
        label=label("mentoring"),
        mentor_role="teacher",
        mentee_role="young_teacher",
        capacity=draw(st.integers(1, 2)),
        eligibility=eligibility,
        features=features,
    )
    everyone = [p.id for p in people] + ["Z9"]  # Z9 is nobody
    # Rules mostly name a mentor and a mentee, now and then anyone.
    sides = st.tuples(st.sampled_from(mentors), st.sampled_from(mentees or ["Z9"]))
    anyone = st.tuples(st.sampled_from(everyone), st.sampled_from(everyone))
    rules = [
        PairRule(scheme=KEY, mentor=mentor, mentee=mentee, kind=kind)  # type: ignore[arg-type]
        for kind in kinds
        for mentor, mentee in draw(st.lists(st.one_of(sides, sides, sides, anyone), max_size=3))
        if mentor != mentee
    ]
    preferences = []
    if rankings:
        for p in people:
            if draw(st.booleans()):
                order = draw(st.permutations(everyone))
                ranking = tuple(order[: draw(st.integers(0, len(order)))])
                preferences.append(Preference(scheme=KEY, person=p.id, ranking=ranking))
    return Instance(scheme, people, profiles, rules, preferences)


# --- the rules, again, from the scheme alone --------------------------------------------------


class Reference:
    """Who takes part, who may be paired, how well they fit, by the rules alone."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.scheme = instance.scheme
        self.people = {p.id: p for p in instance.people}
        self.profiles = {p.person: p for p in instance.profiles}
        self.forbidden = {(r.mentor, r.mentee) for r in instance.rules if r.kind == "forbidden"}

    def profile(self, key: str) -> Profile:
        return self.profiles.get(key, Profile(person=key))

    def years(self, key: str) -> int | None:
        since = self.profile(key).teaching_since
        if since is None:
            return None
        return DAY.year - since.year - ((DAY.month, DAY.day) < (since.month, since.day))

    def roles(self, key: str) -> set[str]:
        person = self.people.get(key)
        if person is None:
            return set()
        return {span.role for span in person.roles if span.end is None or span.end >= DAY}

    def holds(self, side: str, key: str) -> bool:
        return (
            self.scheme.mentor_role if side == "mentor" else self.scheme.mentee_role
        ) in self.roles(key)

    def takes_part(self, side: str, key: str) -> bool:
        rules = self.scheme.eligibility
        if not self.holds(side, key):
            return False
        years = self.years(key)
        if side == "mentor":
            if not set(rules.mentor_roles) <= self.roles(key):
                return False
            return rules.mentor_min_years is None or (
                years is not None and years >= rules.mentor_min_years
            )
        if not set(rules.mentee_roles) <= self.roles(key):
            return False
        return rules.mentee_max_years is None or (
            years is not None and years <= rules.mentee_max_years
        )

    def eligible(self, mentor: str, mentee: str) -> bool:
        if mentor == mentee or (mentor, mentee) in self.forbidden:
            return False
        if not (self.takes_part("mentor", mentor) and self.takes_part("mentee", mentee)):
            return False
        if self.scheme.eligibility.same_department:
            ours, theirs = self.profile(mentor).department, self.profile(mentee).department
            return bool(ours) and ours == theirs
        return True

    def capacity(self, mentor: str) -> int:
        own = self.profile(mentor).capacity
        return self.scheme.capacity if own is None else own

    def compatibility(self, mentor: str, mentee: str) -> Decimal:
        ours, theirs = self.profile(mentor), self.profile(mentee)
        total = Decimal(0)
        for feature in self.scheme.features:
            if feature.kind == "same":
                score = Fraction(
                    int(bool(ours.department) and ours.department == theirs.department)
                )
            elif feature.kind == "overlap":
                a = set(getattr(ours, feature.attribute or ""))
                b = set(getattr(theirs, feature.attribute or ""))
                score = Fraction(len(a & b), len(a | b)) if a | b else Fraction(0)
            else:
                given = PairingInput(
                    mentor=self.people[mentor], mentee=self.people[mentee],
                    mentor_profile=ours, mentee_profile=theirs, as_of=DAY,
                )  # fmt: skip
                score = Fraction(hashed(given))
            exact = Decimal(score.numerator) / Decimal(score.denominator)
            total += exact.quantize(Decimal("0.0001"), ROUND_HALF_EVEN) * feature.weight
        return total

    def mentors(self) -> list[str]:
        return sorted(k for k in self.people if self.takes_part("mentor", k))

    def mentees(self) -> list[str]:
        return sorted(k for k in self.people if self.holds("mentee", k))


def exhaustive(reference: Reference) -> tuple[int, Decimal]:
    """The most pairs and, of those, the most compatibility, by trying every assignment."""
    mentors, mentees = reference.mentors(), reference.mentees()
    options = [
        [(None, Decimal(0))]
        + [(m, reference.compatibility(m, e)) for m in mentors if reference.eligible(m, e)]
        for e in mentees
    ]
    best = (0, Decimal(0))
    for choice in itertools.product(*options):
        load = Counter(m for m, _ in choice if m is not None)
        if any(count > reference.capacity(m) for m, count in load.items()):
            continue
        best = max(best, (sum(load.values()), sum((c for _, c in choice), Decimal(0))))
    return best


def check_rules(reference: Reference, result: PairingResult) -> None:
    """Capacities, eligibility and forbidden pairs are never broken; everyone is accounted for."""
    load = Counter(match.mentor for match in result.matches)
    for match in result.matches:
        assert reference.eligible(match.mentor, match.mentee)
        assert match.compatibility == reference.compatibility(match.mentor, match.mentee)
        assert match.compatibility == sum((p.points for p in match.breakdown), Decimal(0))
    for mentor, count in load.items():
        assert count <= reference.capacity(mentor)
    paired = [match.mentee for match in result.matches]
    assert len(paired) == len(set(paired))
    left = [item.mentee for item in result.unpaired]
    assert sorted(paired + left) == reference.mentees()
    assert dict(result.free_places) == {
        m: reference.capacity(m) - load[m]
        for m in reference.mentors()
        if reference.capacity(m) - load[m] > 0
    }
    assert result.total == sum((match.compatibility for match in result.matches), Decimal(0))
    assert [(m.mentor, m.mentee) for m in result.matches] == sorted(
        (m.mentor, m.mentee) for m in result.matches
    )


# --- the optimal method -----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(instances())
def test_optimal_equals_exhaustive_search(instance: Instance) -> None:
    reference = Reference(instance)
    result = instance.run("optimal")
    check_rules(reference, result)
    assert (len(result.matches), result.total) == exhaustive(reference)
    # Nobody is left unpaired while a mentor they may have has a free place.
    for item in result.unpaired:
        assert not any(
            reference.eligible(mentor, item.mentee) and mentor in result.free_places
            for mentor in reference.mentors()
        )


def dense_objective(gains: np.ndarray, capacities: Sequence[int]) -> tuple[int, int]:
    """The most pairs and compatibility by a dense assignment: one column per place."""
    mentees = gains.shape[0]
    columns = np.repeat(np.arange(len(capacities)), capacities)
    # Pair first: each pair is worth more than any total of compatibilities.
    big = int(gains.max(initial=0)) * mentees + 1
    worth = np.where(gains[:, columns] >= 0, gains[:, columns] + big, 0)
    if worth.size == 0:
        return 0, 0
    rows, cols = linear_sum_assignment(worth, maximize=True)
    taken = gains[rows, columns[cols]] >= 0
    return int(taken.sum()), int(gains[rows[taken], columns[cols[taken]]].sum())


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 40),
    st.integers(1, 15),
    st.integers(0, 2**31 - 1),
)
def test_solve_optimal_agrees_with_a_dense_assignment(
    mentees: int, mentors: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    capacities = rng.integers(0, 4, mentors)
    allowed = rng.random((mentees, mentors)) < 0.3
    gains = np.where(allowed, rng.integers(0, 20, (mentees, mentors)), -1)
    mentee_of, mentor_of = np.nonzero(allowed)
    chosen = solve_optimal(
        mentees=mentees,
        capacities=capacities,
        mentee_of=mentee_of,
        mentor_of=mentor_of,
        gains=gains[mentee_of, mentor_of],
    )
    # The pairs' order does not matter.
    order = rng.permutation(mentee_of.size)
    again = solve_optimal(
        mentees=mentees,
        capacities=capacities,
        mentee_of=mentee_of[order],
        mentor_of=mentor_of[order],
        gains=gains[mentee_of, mentor_of][order],
    )
    assert again.tolist() == chosen.tolist()
    paired = np.flatnonzero(chosen >= 0)
    assert np.all(allowed[paired, chosen[paired]])
    assert np.all(np.bincount(chosen[paired], minlength=mentors) <= capacities)
    got = (len(paired), int(gains[paired, chosen[paired]].sum()))
    assert got == dense_objective(gains, capacities.tolist())


# --- the stable method ------------------------------------------------------------------------


def ranked_lists(
    reference: Reference,
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each side's acceptable partners, best first: both lists must name a pair."""
    own = {p.person: p.ranking for p in reference.instance.preferences}
    mentors = reference.mentors()
    mentees = [e for e in reference.mentees() if reference.takes_part("mentee", e)]

    def order(key: str, options: list[str], score: dict[str, Decimal]) -> list[str]:
        if key in own:
            return [other for other in own[key] if other in options]
        return sorted(options, key=lambda other: (-score[other], other))

    of_mentee = {
        e: order(
            e,
            [m for m in mentors if reference.eligible(m, e)],
            {m: reference.compatibility(m, e) for m in mentors if reference.eligible(m, e)},
        )
        for e in mentees
    }
    of_mentor = {
        m: order(
            m,
            [e for e in mentees if reference.eligible(m, e)],
            {e: reference.compatibility(m, e) for e in mentees if reference.eligible(m, e)},
        )
        for m in mentors
    }
    mutual_mentee = {e: [m for m in ms if e in of_mentor[m]] for e, ms in of_mentee.items()}
    mutual_mentor = {m: [e for e in es if m in of_mentee[e]] for m, es in of_mentor.items()}
    return mutual_mentee, mutual_mentor


def resident_optimal(
    of_mentee: dict[str, list[str]], of_mentor: dict[str, list[str]], capacity: dict[str, int]
) -> set[tuple[str, str]]:
    """The resident-optimal stable matching of the ``matching`` package."""
    hospitals = {m for m, es in of_mentor.items() if es and capacity[m] > 0}
    residents = {e: [m for m in ms if m in hospitals] for e, ms in of_mentee.items()}
    residents = {e: ms for e, ms in residents.items() if ms}
    wanted = {m: [e for e in of_mentor[m] if e in residents] for m in hospitals}
    wanted = {m: es for m, es in wanted.items() if es}
    residents = {e: [m for m in ms if m in wanted] for e, ms in residents.items()}
    residents = {e: ms for e, ms in residents.items() if ms}
    if not residents:
        return set()
    game = HospitalResident.create_from_dictionaries(
        residents, wanted, {m: capacity[m] for m in wanted}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        solution = game.solve(optimal="resident")
    return {(str(m.name), str(e.name)) for m, es in solution.items() for e in es}


@settings(max_examples=300, deadline=None)
@given(instances(rankings=True, most_mentees=6))
def test_stable_has_no_blocking_pair_and_is_mentee_optimal(instance: Instance) -> None:
    reference = Reference(instance)
    result = instance.run("stable")
    check_rules(reference, result)
    of_mentee, of_mentor = ranked_lists(reference)
    partner = {match.mentee: match.mentor for match in result.matches}
    held: dict[str, list[str]] = {}
    for match in result.matches:
        held.setdefault(match.mentor, []).append(match.mentee)
    for mentee, mentors in of_mentee.items():
        current = partner.get(mentee)
        assert current is None or current in mentors  # only acceptable pairs are formed
        better = mentors if current is None else mentors[: mentors.index(current)]
        for mentor in better:
            mine = held.get(mentor, [])
            if len(mine) < reference.capacity(mentor):
                raise AssertionError(f"{mentee} and {mentor}, who has a free place, block")
            if not mine:
                continue  # a mentor without places blocks no one
            worst = max(of_mentor[mentor].index(e) for e in mine)
            assert of_mentor[mentor].index(mentee) > worst, f"{mentee} and {mentor} block"
    capacity = {m: reference.capacity(m) for m in reference.mentors()}
    assert set(partner.items()) == {
        (e, m) for m, e in resident_optimal(of_mentee, of_mentor, capacity)
    }
    for item in result.unpaired:
        if item.kind == "lost_to_others":
            assert item.lost_to
            assert set(item.lost_to) <= set(partner)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.integers(0, 2**31 - 1))
def test_deferred_acceptance_agrees_with_the_matching_package(mentees: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    mentors = max(1, int(0.6 * mentees))
    capacities = rng.integers(1, 4, mentors).tolist()
    prefs = [
        rng.permutation(mentors)[: rng.integers(1, min(10, mentors) + 1)].tolist()
        for _ in range(mentees)
    ]
    applicants: dict[int, list[int]] = {}
    for mentee, ranking in enumerate(prefs):
        for mentor in ranking:
            applicants.setdefault(mentor, []).append(mentee)
    mentor_prefs = [rng.permutation(applicants.get(m, [])).tolist() for m in range(mentors)]
    chosen = deferred_acceptance(prefs, mentor_prefs, capacities)
    ours = {(f"t{m}", f"s{e}") for e, m in enumerate(chosen) if m >= 0}
    theirs = resident_optimal(
        {f"s{e}": [f"t{m}" for m in ranking] for e, ranking in enumerate(prefs)},
        {f"t{m}": [f"s{e}" for e in ranking] for m, ranking in enumerate(mentor_prefs)},
        {f"t{m}": c for m, c in enumerate(capacities)},
    )
    assert {(m, e) for m, e in ours} == theirs


# --- every method -----------------------------------------------------------------------------


def kept_locked(reference: Reference, rules: Sequence[PairRule]) -> set[tuple[str, str]]:
    """The locked pairs that can be kept, in the order of mentor and mentee ids."""
    kept: set[tuple[str, str]] = set()
    load: Counter[str] = Counter()
    for mentor, mentee in sorted({(r.mentor, r.mentee) for r in rules if r.kind == "locked"}):
        if not reference.eligible(mentor, mentee):
            continue
        if mentee in {e for _, e in kept} or load[mentor] >= reference.capacity(mentor):
            continue
        kept.add((mentor, mentee))
        load[mentor] += 1
    return kept


@settings(max_examples=300, deadline=None)
@given(instances(kinds=("forbidden", "locked", "given"), rankings=True), st.sampled_from(METHODS))
def test_rules_are_never_broken_and_locked_pairs_kept(instance: Instance, method: str) -> None:
    reference = Reference(instance)
    result = instance.run(method)
    check_rules(reference, result)
    kept = kept_locked(reference, instance.rules)
    assert {(m.mentor, m.mentee) for m in result.matches if m.locked} == kept
    locked = {(r.mentor, r.mentee) for r in instance.rules if r.kind == "locked"}
    assert {(p.mentor, p.mentee) for p in result.problems if p.locked} == locked - kept
    if method == "manual":
        given_pairs = {(r.mentor, r.mentee) for r in instance.rules if r.kind == "given"}
        assert {(m.mentor, m.mentee) for m in result.matches if not m.locked} <= given_pairs
        reported = {(p.mentor, p.mentee) for p in result.problems if not p.locked}
        formed = {(m.mentor, m.mentee) for m in result.matches}
        assert reported | formed >= given_pairs
    else:
        assert all(p.locked for p in result.problems)


@settings(max_examples=150, deadline=None)
@given(
    instances(kinds=("forbidden", "locked", "given"), rankings=True),
    st.sampled_from(METHODS),
    st.randoms(use_true_random=False),
)
def test_results_do_not_depend_on_the_order_of_records(
    instance: Instance, method: str, rng: Random
) -> None:
    def shuffled(items: list[T]) -> list[T]:
        copy = list(items)
        rng.shuffle(copy)
        return copy

    reordered = Instance(
        instance.scheme,
        shuffled(instance.people),
        shuffled(instance.profiles),
        shuffled(instance.rules),
        shuffled(instance.preferences),
    )
    assert reordered.run(method) == instance.run(method)
