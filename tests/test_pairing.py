"""Mentor pairing by hand: eligibility, compatibility, locked and forbidden pairs, the methods.

Every figure here is worked out by hand; the properties over random instances are in
``test_pairing_properties.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal

import numpy as np
import pytest

from branchkit import hookimpl
from branchkit.errors import (
    InputError,
    MissingDependencyError,
    PluginConflictError,
    PluginContributionError,
    RecordError,
    UnknownNameError,
)
from branchkit.mechanisms.inputs import PairingInput
from branchkit.mechanisms.pairing import (
    Eligibility,
    Feature,
    Match,
    Method,
    PairingResult,
    PairingScheme,
    PairRule,
    Preference,
    Profile,
    Scorer,
    deferred_acceptance,
    pair,
    pair_reasons,
    person_reasons,
    score_pair,
    solve_optimal,
)
from branchkit.mechanisms.pairing.optimal import optimal_matrix
from branchkit.plugins import Host, PluginSource
from branchkit.plugins.contributions import PairingScorer
from branchkit.records import Label, Person, RoleSpan

DAY = dt.date(2024, 9, 1)
KEY = "mentoring"


def person(key: str, *roles: str, until: dt.date | None = None) -> Person:
    return Person(
        id=key, name=f"教师{key}", roles=tuple(RoleSpan(role=r, end=until) for r in roles)
    )


def mentor(key: str, *roles: str, until: dt.date | None = None) -> Person:
    return person(key, "teacher", *roles, until=until)


def mentee(key: str, *roles: str) -> Person:
    return person(key, "young_teacher", *roles)


def feature(key: str, kind: str = "scorer", weight: str = "1", **rest: str) -> Feature:
    return Feature(
        key=key,
        label=Label(zh=key, en=key),
        kind=kind,  # type: ignore[arg-type]
        weight=Decimal(weight),
        **rest,
    )


def scheme(
    *features: Feature, capacity: int = 1, eligibility: Eligibility | None = None
) -> PairingScheme:
    return PairingScheme(
        key=KEY,
        label=Label(zh="青年教师结对", en="mentoring"),
        mentor_role="teacher",
        mentee_role="young_teacher",
        capacity=capacity,
        eligibility=eligibility or Eligibility(),
        features=features,
    )


def table(scores: Mapping[tuple[str, str], str]) -> dict[str, Scorer]:
    """A scorer that reads a pair's score from ``scores`` (0 for a pair not in it)."""

    def score(given: PairingInput) -> Decimal:
        return Decimal(scores.get((given.mentor.id, given.mentee.id), "0"))

    return {"table": score}


def rule(mentor_id: str, mentee_id: str, kind: str, **rest: object) -> PairRule:
    return PairRule(scheme=KEY, mentor=mentor_id, mentee=mentee_id, kind=kind, **rest)  # type: ignore[arg-type]


def pairs(result: PairingResult) -> list[tuple[str, str]]:
    return [(match.mentor, match.mentee) for match in result.matches]


def unpaired(result: PairingResult) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(item.mentee, item.kind, item.lost_to) for item in result.unpaired]


def problems(result: PairingResult) -> list[tuple[str, str, str, bool]]:
    return [(p.kind, p.mentor, p.mentee, p.locked) for p in result.problems]


# --- eligibility ------------------------------------------------------------------------------


def test_person_reasons_name_every_condition_not_met() -> None:
    rules = Eligibility(mentor_roles=("full_member",), mentor_min_years=8, mentee_max_years=3)
    chosen = scheme(eligibility=rules)
    veteran = Profile(person="T1", teaching_since=dt.date(2010, 9, 1))
    assert person_reasons(chosen, "mentor", mentor("T1", "full_member"), veteran, DAY) == ()
    # Eight years on 2024-09-01 only from 2016-09-01: one day later is a year short.
    late = Profile(person="T2", teaching_since=dt.date(2016, 9, 2))
    found = person_reasons(chosen, "mentor", person("T2"), late, DAY)
    assert [reason.en for reason in found] == [
        "does not hold the role teacher on the day",
        "does not hold full_member, which mentors need",
        "7 years of teaching; mentors need at least 8",
    ]
    assert found[2].zh == "从教7年，导师须至少8年"
    unknown = person_reasons(
        chosen, "mentor", mentor("T3", "full_member"), Profile(person="T3"), DAY
    )
    assert [reason.en for reason in unknown] == ["years of teaching not known"]
    old = Profile(person="Y1", teaching_since=dt.date(2020, 8, 31))
    assert [r.en for r in person_reasons(chosen, "mentee", mentee("Y1"), old, DAY)] == [
        "4 years of teaching; mentees have at most 3"
    ]
    young = Profile(person="Y2", teaching_since=dt.date(2021, 9, 1))
    assert person_reasons(chosen, "mentee", mentee("Y2"), young, DAY) == ()


def test_pair_reasons_one_person_and_departments() -> None:
    same = scheme(eligibility=Eligibility(same_department=True))
    finance = Profile(person="T1", department="finance")
    assert pair_reasons(same, finance, Profile(person="Y1", department="finance")) == ()
    assert [
        r.en for r in pair_reasons(same, finance, Profile(person="Y1", department="audit"))
    ] == ["not in the same department"]
    assert [r.en for r in pair_reasons(same, finance, Profile(person="Y1"))] == [
        "department not known"
    ]
    assert [r.en for r in pair_reasons(scheme(), finance, Profile(person="T1"))] == [
        "mentor and mentee are the same person"
    ]
    assert pair_reasons(scheme(), finance, Profile(person="Y1", department="audit")) == ()


# --- compatibility ----------------------------------------------------------------------------


def given_pair(mentor_profile: Profile, mentee_profile: Profile) -> PairingInput:
    return PairingInput(
        mentor=mentor(mentor_profile.person),
        mentee=mentee(mentee_profile.person),
        mentor_profile=mentor_profile,
        mentee_profile=mentee_profile,
        as_of=DAY,
    )


def test_compatibility_is_the_sum_of_exact_weighted_scores() -> None:
    chosen = scheme(
        feature("office", "same", "2", attribute="department"),
        feature("courses", "overlap", "1.5", attribute="subjects"),
        feature("time", "overlap", "0.25", attribute="slots"),
        feature("tags", "overlap", "3", attribute="tags"),
    )
    given = given_pair(
        Profile(person="T1", department="finance", subjects=("a", "b", "c"), slots=("mon",)),
        Profile(person="Y1", department="finance", subjects=("c", "d"), slots=("mon", "tue")),
    )
    total, breakdown = score_pair(chosen, given)
    # Courses share 1 of 4 (0.25 x 1.5), free time 1 of 2 (0.5 x 0.25), no tags at all (0).
    assert [(p.feature, p.score, p.points) for p in breakdown] == [
        ("office", Decimal("1.0000"), Decimal("2.0000")),
        ("courses", Decimal("0.2500"), Decimal("0.37500")),
        ("time", Decimal("0.5000"), Decimal("0.125000")),
        ("tags", Decimal("0.0000"), Decimal("0.0000")),
    ]
    assert total == Decimal("2.5")
    assert str(total) == "2.500000"


def test_an_unknown_department_is_never_the_same() -> None:
    chosen = scheme(feature("office", "same", attribute="department"))
    total, _ = score_pair(chosen, given_pair(Profile(person="T1"), Profile(person="Y1")))
    assert total == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.00005"), "0.0000"),  # half to even: down to 0
        (Decimal("0.00015"), "0.0002"),  # half to even: up to 2
        (0.1, "0.1000"),  # the float's exact value is a hair above 0.1
        (Decimal(1), "1.0000"),
        (0, "0.0000"),
    ],
)
def test_scorer_scores_are_rounded_half_to_even(value: Decimal | float, expected: str) -> None:
    chosen = scheme(feature("fit", scorer="fit"))
    _, (part,) = score_pair(
        chosen,
        given_pair(Profile(person="T1"), Profile(person="Y1")),
        scorers={"fit": lambda given: value},
    )
    assert str(part.score) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("1.5"), "pairing scorer 'fit' returned Decimal('1.5'); a score is from 0 to 1"),
        (-0.1, "pairing scorer 'fit' returned -0.1; a score is from 0 to 1"),
        (float("nan"), "pairing scorer 'fit' returned nan; a score is from 0 to 1"),
        (True, "pairing scorer 'fit' returned a bool, not a number"),
        ("0.5", "pairing scorer 'fit' returned a str, not a number"),
    ],
)
def test_a_scorer_that_returns_no_score_is_an_error(value: object, message: str) -> None:
    chosen = scheme(feature("fit", scorer="fit"))
    with pytest.raises(PluginContributionError) as caught:
        score_pair(
            chosen,
            given_pair(Profile(person="T1"), Profile(person="Y1")),
            scorers={"fit": lambda given: value},  # type: ignore[dict-item,return-value]
        )
    assert str(caught.value) == message


def test_a_feature_naming_an_unknown_scorer_is_an_error_for_every_method() -> None:
    chosen = scheme(feature("fit", scorer="fitness"))
    methods: tuple[Method, ...] = ("optimal", "stable", "manual")
    for method in methods:
        with pytest.raises(UnknownNameError) as caught:
            pair(chosen, people=[], as_of=DAY, method=method, scorers={"fit": lambda g: 1.0})
        assert str(caught.value) == "unknown pairing scorer 'fitness'; known: fit"


def test_scorers_are_given_both_people_their_profiles_and_the_day() -> None:
    seen: list[PairingInput] = []

    def remember(given: PairingInput) -> float:
        seen.append(given)
        return 0.5

    result = pair(
        scheme(feature("fit", scorer="fit")),
        people=[mentor("T1"), mentee("Y1")],
        profiles=[Profile(person="Y1", department="finance")],
        as_of=DAY,
        scorers={"fit": remember},
    )
    assert pairs(result) == [("T1", "Y1")]
    assert result.matches[0].compatibility == Decimal("0.5000")
    (given,) = seen
    assert (given.mentor.id, given.mentee.id, given.as_of) == ("T1", "Y1", DAY)
    assert given.mentor_profile == Profile(person="T1")  # none on record: an empty one
    assert given.mentee_profile.department == "finance"


# --- the optimal method -----------------------------------------------------------------------


def test_optimal_pairs_as_many_as_it_can_before_compatibility() -> None:
    # A fits Y1 best (10), but Y2 may only have A: pairing both (9 + 0) beats Y1 with A (10).
    people = [mentor("A"), mentor("B"), mentee("Y1"), mentee("Y2")]
    scores = {("A", "Y1"): "1", ("A", "Y2"): "0.9", ("B", "Y1"): "0"}
    result = pair(
        scheme(feature("fit", weight="10", scorer="table")),
        people=people,
        rules=[rule("B", "Y2", "forbidden")],
        as_of=DAY,
        scorers=table(scores),
    )
    assert pairs(result) == [("A", "Y2"), ("B", "Y1")]
    assert [m.compatibility for m in result.matches] == [Decimal("9.0000"), Decimal("0.0000")]
    assert result.total == Decimal("9.0000")
    assert result.unpaired == ()
    assert result.free_places == {}


def test_optimal_then_maximises_total_compatibility_under_capacities() -> None:
    # A takes two, B one. Greedy would give Y1 to B (its best, 0.9), then Y2 and Y3 to A
    # (0.5 + 0.5 = 1.9); the optimum gives B Y2 (0.8) and A Y1 and Y3 (0.7 + 0.5 = 2.0).
    scores = {
        ("A", "Y1"): "0.7",
        ("A", "Y2"): "0.5",
        ("A", "Y3"): "0.5",
        ("B", "Y1"): "0.9",
        ("B", "Y2"): "0.8",
    }
    result = pair(
        scheme(feature("fit", scorer="table")),
        people=[mentor("A"), mentor("B"), mentee("Y1"), mentee("Y2"), mentee("Y3")],
        profiles=[Profile(person="A", capacity=2)],
        rules=[rule("B", "Y3", "forbidden")],
        as_of=DAY,
        scorers=table(scores),
    )
    assert pairs(result) == [("A", "Y1"), ("A", "Y3"), ("B", "Y2")]
    assert result.total == Decimal("2.0000")


def test_who_takes_part_and_why_the_others_are_unpaired() -> None:
    rules = Eligibility(mentor_roles=("full_member",), same_department=True)
    people = [
        mentor("T1", "full_member"),
        mentor("T2"),  # not a full member
        mentor("T3", "full_member"),
        mentor("T4", "full_member", until=dt.date(2024, 8, 31)),  # no longer a teacher
        mentee("Y1"),
        mentee("Y2"),
        mentee("Y3"),
        mentee("Y4"),
        person("S1", "student"),
    ]
    profiles = [
        Profile(person="T1", department="finance"),
        Profile(person="T2", department="audit"),
        Profile(person="T3", department="audit", capacity=0),
        Profile(person="T4", department="tax"),
        Profile(person="Y1", department="finance"),
        Profile(person="Y2", department="finance"),
        Profile(person="Y3", department="audit"),
        Profile(person="Y4", department="tax"),
    ]
    result = pair(scheme(eligibility=rules), people=people, profiles=profiles, as_of=DAY)
    # T1 takes Y1 or Y2, equally good, and the other lost the only finance place to them; T3
    # has no places; nobody in tax may mentor Y4.
    ((chosen_mentor, winner),) = pairs(result)
    loser = "Y2" if winner == "Y1" else "Y1"
    assert (chosen_mentor, winner in {"Y1", "Y2"}) == ("T1", True)
    assert unpaired(result) == [
        (loser, "no_free_place", (winner,)),
        ("Y3", "no_free_place", ()),
        ("Y4", "no_eligible_mentor", ()),
    ]
    assert result.unpaired[0].reason == Label(
        zh="可与其结对的导师名额已满", en="the mentors who may take this mentee have no place left"
    )
    assert result.unpaired[2].reason.en == (
        "no mentor may be paired with this mentee (none is eligible and allowed)"
    )
    assert result.free_places == {}


def test_an_ineligible_mentee_is_unpaired_with_their_own_reasons() -> None:
    rules = Eligibility(mentee_roles=("new_staff",), mentee_max_years=3)
    result = pair(
        scheme(eligibility=rules, capacity=2),
        people=[mentor("T1"), mentee("Y1", "new_staff"), mentee("Y2")],
        profiles=[
            Profile(person="Y1", teaching_since=dt.date(2023, 9, 1)),
            Profile(person="Y2", teaching_since=dt.date(2015, 9, 1)),
        ],
        as_of=DAY,
    )
    assert pairs(result) == [("T1", "Y1")]
    (item,) = result.unpaired
    assert (item.mentee, item.kind) == ("Y2", "no_eligible_mentor")
    assert item.reason == Label(
        zh="本人不符合条件：未担任 new_staff（被指导人须担任）；从教9年，被指导人至多3年",
        en="not eligible: does not hold new_staff, which mentees need; 9 years of teaching; "
        "mentees have at most 3",
    )
    assert result.free_places == {"T1": 1}


def test_free_places_are_listed_by_mentor() -> None:
    result = pair(
        scheme(capacity=2),
        people=[mentor("T2"), mentor("T1"), mentee("Y1")],
        as_of=DAY,
    )
    assert pairs(result) == [("T1", "Y1")]
    assert list(result.free_places.items()) == [("T1", 1), ("T2", 2)]
    assert result.method == "optimal"
    assert result.scheme == KEY
    assert result.as_of == DAY


# --- locked and forbidden pairs ---------------------------------------------------------------


def test_locked_pairs_are_kept_and_use_places() -> None:
    # Alone, the optimum would pair Y1 with T1 (1) and Y2 with T2 (1); T1-Y2 is locked.
    scores = {("T1", "Y1"): "1", ("T2", "Y2"): "1", ("T2", "Y1"): "0.5"}
    result = pair(
        scheme(feature("fit", scorer="table")),
        people=[mentor("T1"), mentor("T2"), mentee("Y1"), mentee("Y2")],
        rules=[rule("T1", "Y2", "locked", start=dt.date(2023, 9, 1))],
        as_of=DAY,
        scorers=table(scores),
    )
    assert [(m.mentor, m.mentee, m.locked) for m in result.matches] == [
        ("T1", "Y2", True),
        ("T2", "Y1", False),
    ]
    assert result.total == Decimal("0.5000")
    assert result.problems == ()


def test_locked_pairs_that_cannot_be_kept_are_reported_and_their_people_paired() -> None:
    people = [
        mentor("T1"),
        mentor("T2"),
        mentor("T3", until=dt.date(2024, 6, 30)),  # left before the day
        mentee("Y1"),
        mentee("Y2"),
        mentee("Y3"),
        mentee("Y4"),
    ]
    rules = [
        rule("T1", "Y1", "locked"),
        rule("T1", "Y2", "locked"),  # T1 has one place, taken by Y1 (earlier in id order)
        rule("T2", "Y1", "locked"),  # Y1 is locked to T1 already
        rule("T3", "Y3", "locked"),  # T3 no longer a teacher
        rule("T2", "Y4", "locked"),
        rule("T2", "Y4", "forbidden"),
        rule("T9", "Y3", "locked"),  # nobody called T9
    ]
    result = pair(scheme(), people=people, rules=rules, as_of=DAY)
    assert problems(result) == [
        ("over_capacity", "T1", "Y2", True),
        ("mentee_twice", "T2", "Y1", True),
        ("forbidden", "T2", "Y4", True),
        ("locked_missing", "T3", "Y3", True),
        ("locked_missing", "T9", "Y3", True),
    ]
    reasons = [p.reason.en for p in result.problems]
    assert reasons == [
        "locked pair not kept: the mentor's places are all taken (1)",
        "locked pair not kept: the mentee has a mentor already",
        "locked pair not kept: the pair is forbidden",
        "locked pair not kept: the mentor is not on record or does not hold the mentor role "
        "on the day",
        "locked pair not kept: the mentor is not on record or does not hold the mentor role "
        "on the day",
    ]
    assert result.problems[0].reason.zh == "锁定结对未能保留：导师的名额已满（1个）"
    # T1 keeps Y1; T2's one place goes to Y2 or Y3, equally good (Y4 may not have T2).
    kept, (second, taker, locked) = [(m.mentor, m.mentee, m.locked) for m in result.matches]
    assert kept == ("T1", "Y1", True)
    assert (second, locked, taker in {"Y2", "Y3"}) == ("T2", False, True)
    left = "Y3" if taker == "Y2" else "Y2"
    assert unpaired(result) == sorted(
        [(left, "no_free_place", ("Y1", taker)), ("Y4", "no_free_place", ("Y1",))]
    )


def test_an_ineligible_locked_pair_is_not_kept() -> None:
    rules = Eligibility(mentor_roles=("full_member",))
    result = pair(
        scheme(eligibility=rules),
        people=[mentor("T1"), mentor("T2", "full_member"), mentee("Y1")],
        rules=[rule("T1", "Y1", "locked")],
        as_of=DAY,
    )
    assert problems(result) == [("ineligible", "T1", "Y1", True)]
    assert result.problems[0].reason.en == (
        "locked pair not kept: mentor: does not hold full_member, which mentors need"
    )
    assert pairs(result) == [("T2", "Y1")]
    assert result.free_places == {}


def test_rules_of_other_schemes_and_days_are_ignored() -> None:
    rules = [
        rule("T1", "Y1", "forbidden", end=dt.date(2024, 8, 31)),
        rule("T1", "Y1", "locked", start=dt.date(2024, 9, 2)),
        PairRule(scheme="other", mentor="T1", mentee="Y1", kind="forbidden"),
        rule("T1", "Y1", "given"),  # read by the manual method only
    ]
    result = pair(scheme(), people=[mentor("T1"), mentee("Y1")], rules=rules, as_of=DAY)
    assert [(m.mentor, m.mentee, m.locked) for m in result.matches] == [("T1", "Y1", False)]


def test_forbidden_pairs_are_never_formed() -> None:
    result = pair(
        scheme(),
        people=[mentor("T1"), mentee("Y1")],
        rules=[rule("T1", "Y1", "forbidden")],
        as_of=DAY,
    )
    assert pairs(result) == []
    assert unpaired(result) == [("Y1", "no_eligible_mentor", ())]


def test_a_person_holding_both_roles_is_never_their_own_mentor() -> None:
    both = person("P1", "teacher", "young_teacher")
    result = pair(scheme(), people=[both, mentor("T1")], as_of=DAY)
    assert pairs(result) == [("T1", "P1")]
    assert result.free_places == {"P1": 1}


# --- the stable method ------------------------------------------------------------------------


def test_stable_pairs_differ_from_the_optimal_ones() -> None:
    # Compatibility: A-Y1 1, A-Y2 0.9, B-Y1 0.9, B-Y2 0.1. A and Y1 like each other best, so
    # every stable result pairs them (total 1.1); the optimum is A-Y2, B-Y1 (1.8).
    scores = {("A", "Y1"): "1", ("A", "Y2"): "0.9", ("B", "Y1"): "0.9", ("B", "Y2"): "0.1"}
    common = {
        "people": [mentor("A"), mentor("B"), mentee("Y1"), mentee("Y2")],
        "as_of": DAY,
        "scorers": table(scores),
    }
    chosen = scheme(feature("fit", scorer="table"))
    stable = pair(chosen, method="stable", **common)  # type: ignore[arg-type]
    assert pairs(stable) == [("A", "Y1"), ("B", "Y2")]
    assert stable.total == Decimal("1.1000")
    optimal = pair(chosen, method="optimal", **common)  # type: ignore[arg-type]
    assert pairs(optimal) == [("A", "Y2"), ("B", "Y1")]
    assert optimal.total == Decimal("1.8000")


def test_stable_reads_rankings_and_explains_the_unpaired() -> None:
    people = [mentor("A"), mentor("B"), mentor("C"), mentee("Y1"), mentee("Y2"), mentee("Y3")]
    preferences = [
        Preference(scheme=KEY, person="Y1", ranking=("A", "B")),
        Preference(scheme=KEY, person="Y2", ranking=("A", "Z9")),  # Z9 is nobody: skipped
        Preference(scheme=KEY, person="Y3", ranking=("C",)),
        Preference(scheme=KEY, person="A", ranking=("Y2", "Y1")),
        Preference(scheme=KEY, person="B", ranking=("Y3",)),
        Preference(scheme=KEY, person="C", ranking=("Y1", "Y2")),
        Preference(scheme="other", person="C", ranking=("Y3",)),
    ]
    result = pair(scheme(), people=people, preferences=preferences, as_of=DAY, method="stable")
    # Y1 -> A (held), Y2 -> A: A prefers Y2 and lets Y1 go; Y1 -> B, who does not rank Y1.
    # Y3 ranks only C, who does not rank Y3; B ranks only Y3, who does not rank B.
    assert pairs(result) == [("A", "Y2")]
    assert unpaired(result) == [
        ("Y1", "lost_to_others", ("Y2",)),
        ("Y3", "not_ranked", ()),
    ]
    assert result.unpaired[0].reason.en == "every acceptable mentor chose mentees they rank higher"
    assert result.unpaired[1].reason.zh == "可结对的导师均不在双方志愿之中"
    assert result.free_places == {"B": 1, "C": 1}


def test_stable_rankings_by_compatibility_break_ties_by_id() -> None:
    # Nobody ranks: everybody ranks by compatibility, all 0, so by id. Y1 proposes to A first.
    result = pair(
        scheme(), people=[mentor("B"), mentor("A"), mentee("Y2"), mentee("Y1")], as_of=DAY,
        method="stable",
    )  # fmt: skip
    assert pairs(result) == [("A", "Y1"), ("B", "Y2")]


def test_stable_with_locked_pairs_and_full_mentors() -> None:
    result = pair(
        scheme(),
        people=[mentor("A"), mentee("Y1"), mentee("Y2")],
        rules=[rule("A", "Y2", "locked")],
        preferences=[Preference(scheme=KEY, person="Y1", ranking=("A",))],
        as_of=DAY,
        method="stable",
    )
    assert [(m.mentor, m.mentee, m.locked) for m in result.matches] == [("A", "Y2", True)]
    assert unpaired(result) == [("Y1", "no_free_place", ("Y2",))]


def test_a_second_ranking_of_one_person_is_an_input_problem() -> None:
    preferences = [
        Preference(scheme=KEY, person="Y1", ranking=("A",)),
        Preference(scheme="other", person="Y1", ranking=("A",)),
        Preference(scheme=KEY, person="Y1", ranking=("B",)),
    ]
    with pytest.raises(InputError) as caught:
        pair(scheme(), people=[], preferences=preferences, as_of=DAY, method="stable")
    assert [str(p) for p in caught.value.problems] == [
        "$.preferences[2].person: a second ranking of the same person (first at index 0)"
    ]


# --- the manual method ------------------------------------------------------------------------


def test_manual_checks_the_given_pairs_in_id_order() -> None:
    rules_ = Eligibility(mentor_roles=("full_member",))
    people = [
        mentor("T1", "full_member"),
        mentor("T2", "full_member"),
        mentor("T3"),
        mentee("Y1"),
        mentee("Y2"),
        mentee("Y3"),
        mentee("Y4"),
    ]
    rules = [
        rule("T1", "Y1", "given"),
        rule("T1", "Y2", "given"),  # T1's one place went to Y1
        rule("T2", "Y1", "given"),  # Y1 has T1
        rule("T2", "Y2", "given"),
        rule("T2", "Y3", "forbidden"),
        rule("T2", "Y3", "given"),
        rule("T3", "Y3", "given"),  # T3 is not a full member
        rule("T4", "Y4", "given"),  # nobody called T4
        rule("T1", "Y1", "given", note="given twice"),
    ]
    result = pair(
        scheme(eligibility=rules_), people=people, rules=rules, as_of=DAY, method="manual"
    )
    assert pairs(result) == [("T1", "Y1"), ("T2", "Y2")]
    assert problems(result) == [
        ("over_capacity", "T1", "Y2", False),
        ("mentee_twice", "T2", "Y1", False),
        ("forbidden", "T2", "Y3", False),
        ("ineligible", "T3", "Y3", False),
        ("unknown_person", "T4", "Y4", False),
    ]
    assert result.problems[3].reason.en == "mentor: does not hold full_member, which mentors need"
    assert result.problems[4].reason.zh == "导师不在名单中或当日未担任导师角色"
    # Y3 may have T1 only (T2 is forbidden, T3 not eligible); Y4 T1 or T2.
    assert unpaired(result) == [
        ("Y3", "no_free_place", ("Y1",)),
        ("Y4", "no_free_place", ("Y1", "Y2")),
    ]


def test_manual_names_the_mentees_no_pair_was_given_for() -> None:
    result = pair(
        scheme(capacity=2),
        people=[mentor("T1"), mentee("Y1"), mentee("Y2")],
        rules=[rule("T1", "Y1", "given"), rule("T1", "Y2", "locked")],
        as_of=DAY,
        method="manual",
    )
    assert [(m.mentor, m.mentee, m.locked) for m in result.matches] == [
        ("T1", "Y1", False),
        ("T1", "Y2", True),
    ]
    lone = pair(
        scheme(capacity=2),
        people=[mentor("T1"), mentee("Y1")],
        as_of=DAY,
        method="manual",
    )
    assert unpaired(lone) == [("Y1", "not_given", ())]
    assert lone.unpaired[0].reason.en == (
        "no pair was given, though mentors who may take this mentee have places"
    )


# --- the records given --------------------------------------------------------------------------


def test_a_person_or_profile_given_twice_is_an_input_problem() -> None:
    with pytest.raises(InputError) as caught:
        pair(scheme(), people=[mentor("T1"), mentor("T1")], as_of=DAY)
    assert [str(p) for p in caught.value.problems] == ["$.people[1]: the same person as index 0"]
    with pytest.raises(InputError) as caught:
        pair(
            scheme(),
            people=[mentor("T1")],
            profiles=[Profile(person="T1"), Profile(person="T1", capacity=3)],
            as_of=DAY,
        )
    assert [str(p) for p in caught.value.problems] == ["$.profiles[1]: the same person as index 0"]


def test_the_schemes_method_is_the_default() -> None:
    chosen = PairingScheme(
        key=KEY,
        label=Label(zh="结对", en="pairs"),
        mentor_role="teacher",
        mentee_role="young_teacher",
        method="manual",
    )
    result = pair(chosen, people=[mentor("T1"), mentee("Y1")], as_of=DAY)
    assert result.method == "manual"
    assert pairs(result) == []
    assert pair(chosen, people=[], as_of=DAY, method="stable").method == "stable"


def test_the_optimal_method_needs_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy.sparse", None)
    with pytest.raises(MissingDependencyError) as caught:
        pair(scheme(), people=[mentor("T1"), mentee("Y1")], as_of=DAY)
    assert "'solver' extra" in str(caught.value)
    # The other methods are plain Python.
    assert pairs(pair(scheme(), people=[mentor("T1"), mentee("Y1")], as_of=DAY, method="stable"))


def test_weights_too_fine_to_weigh_exactly_are_an_error() -> None:
    chosen = scheme(feature("fit", weight="123456789.0001", scorer="fit"))
    people = [mentor(f"T{n}") for n in range(3)] + [mentee(f"Y{n}") for n in range(3)]
    with pytest.raises(RecordError) as caught:
        pair(chosen, people=people, as_of=DAY, scorers={"fit": lambda given: 1})
    assert str(caught.value) == (
        "invalid PairingScheme: $.features: the compatibilities are too large to be weighed exactly"
    )


# --- the solvers on numbers -------------------------------------------------------------------


def test_deferred_acceptance_by_hand() -> None:
    # Mentor 0 (two places) prefers 2, 1, 0; mentor 1 prefers 0, 2; mentor 2 takes no one.
    assert deferred_acceptance([[0, 1], [0], [0, 1], [2]], [[2, 1, 0], [0, 2], [3]], [2, 1, 0]) == [
        1,
        0,
        0,
        -1,
    ]
    assert deferred_acceptance([], [], []) == []


def test_solve_optimal_refuses_malformed_pairs() -> None:
    with pytest.raises(ValueError, match="one-dimensional, of one length"):
        solve_optimal(mentees=1, capacities=[1], mentee_of=[0], mentor_of=[0, 0], gains=[1])
    with pytest.raises(ValueError, match="must not be negative"):
        solve_optimal(mentees=1, capacities=[1], mentee_of=[0], mentor_of=[0], gains=[-1])
    with pytest.raises(ValueError, match="a pair is given twice"):
        solve_optimal(mentees=1, capacities=[1], mentee_of=[0, 0], mentor_of=[0, 0], gains=[1, 2])


def test_the_matrix_has_one_place_per_useful_place_and_one_unpaired_column_per_row() -> None:
    # Mentee 1 has no pair; mentor 0 has 3 places but 2 eligible mentees; mentor 1 none.
    problem = optimal_matrix(
        mentees=3,
        capacities=[3, 0],
        mentee_of=np.array([0, 2, 2]),
        mentor_of=np.array([0, 0, 1]),
        gains=np.array([4, 1, 9]),
    )
    assert problem.rows.tolist() == [0, 2]
    assert problem.place_mentor.tolist() == [0, 0]
    # Pair weights 4 + 1 - gain; unpaired (4 + 1) + 4 + 1 (the penalty is 4 + 1 + 1).
    assert problem.matrix.toarray().tolist() == [
        [1.0, 1.0, 11.0, 0.0],
        [4.0, 4.0, 0.0, 11.0],
    ]


# --- plugins ------------------------------------------------------------------------------------


def campus(given: PairingInput) -> float:
    return 1.0 if set(given.mentor_profile.tags) & set(given.mentee_profile.tags) else 0.0


class CampusPlugin:
    @hookimpl
    def branchkit_pairing_scorers(self) -> Sequence[PairingScorer]:
        return [
            PairingScorer(
                key="same_campus", label=Label(zh="同一校区", en="same campus"), score=campus
            )
        ]


def test_a_plugin_contributes_a_scorer_that_schemes_use() -> None:
    source = PluginSource(name="campus", distribution="campus-plugin", version="1.0")
    host = Host.create(plugins=[(source, CampusPlugin())], autoload=False)
    scorers = host.pairing_scorers()
    assert list(scorers) == ["same_campus"]
    assert scorers["same_campus"].label.en == "same campus"
    (info,) = [plugin for plugin in host.plugins if plugin.source.name == "campus"]
    assert info.hooks == ("branchkit_pairing_scorers",)
    result = pair(
        scheme(feature("campus", weight="2", scorer="same_campus")),
        people=[mentor("T1"), mentor("T2"), mentee("Y1")],
        profiles=[Profile(person="T2", tags=("north",)), Profile(person="Y1", tags=("north",))],
        as_of=DAY,
        scorers={key: scorer.score for key, scorer in scorers.items()},
    )
    assert result.matches == (
        Match(
            mentor="T2",
            mentee="Y1",
            compatibility=Decimal("2.0000"),
            breakdown=result.matches[0].breakdown,
        ),
    )
    assert [(p.feature, p.score) for p in result.matches[0].breakdown] == [
        ("campus", Decimal("1.0000"))
    ]


def test_two_plugins_contributing_one_scorer_conflict() -> None:
    first = PluginSource(name="campus", distribution="campus-plugin", version="1.0")
    second = PluginSource(name="campus2", distribution="other-plugin", version="2.0")
    with pytest.raises(PluginConflictError, match="pairing scorer 'same_campus'"):
        Host.create(plugins=[(first, CampusPlugin()), (second, CampusPlugin())], autoload=False)


def test_a_scorer_hook_returning_something_else_is_an_error() -> None:
    class Wrong:
        @hookimpl
        def branchkit_pairing_scorers(self) -> Sequence[object]:
            return [campus]

    source = PluginSource(name="wrong", distribution="wrong-plugin", version="1.0")
    with pytest.raises(PluginContributionError, match="returned a function, not a PairingScorer"):
        Host.create(plugins=[(source, Wrong())], autoload=False)
