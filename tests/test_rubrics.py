"""Competency rubrics: profiles and distributions by hand, record checks, and properties."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.mechanisms.rubrics import (
    Assessment,
    Carrier,
    Competency,
    Level,
    Rubric,
    RubricResult,
    Scale,
    Weight,
    assessment_problems,
    evaluate_rubric,
)
from branchkit.records import Label, Period
from branchkit.records.privacy import PrivacyPolicy, redact
from branchkit.records.sensitivity import is_people_count

D = dt.date
AS_OF = D(2022, 6, 30)


def label(zh: str, en: str) -> Label:
    return Label(zh=zh, en=en)


COMPETENCIES = (
    Competency(key="character", label=label("重财品", "Character"), threshold=Decimal(60)),
    Competency(key="knowledge", label=label("强财智", "Knowledge"), threshold=Decimal(70)),
    Competency(key="talent", label=label("成财英", "Talent"), threshold=Decimal(60)),
)
CARRIERS = (
    Carrier(key="courses", label=label("课程", "Courses")),
    Carrier(key="activities", label=label("活动", "Activities")),
    Carrier(key="practice", label=label("实践", "Practice")),
)
# Courses weigh double everywhere, except that talent is not taught through courses at all.
SCORED = Rubric(
    key="three-literacies",
    label=label("三财素养", "Three literacies"),
    competencies=COMPETENCIES,
    carriers=CARRIERS,
    weights=(
        Weight(carrier="courses", weight=Decimal(2)),
        Weight(carrier="courses", competency="talent", weight=Decimal(0)),
    ),
)
LEVELS = (
    Level(key="fail", label=label("不合格", "Fail"), points=Decimal(0)),
    Level(key="pass", label=label("合格", "Pass"), points=Decimal(60)),
    Level(key="good", label=label("良好", "Good"), points=Decimal(80)),
    Level(key="excellent", label=label("优秀", "Excellent"), points=Decimal(95)),
)
LEVELLED = attrs.evolve(
    SCORED, key="levels", scale=Scale(levels=LEVELS), weights=(), aggregation="best",
    missing="skip",
)  # fmt: skip


JUNE = D(2022, 6, 1)


def scored(
    person: str, competency: str, carrier: str, score: int | str, day: dt.date = JUNE
) -> Assessment:
    return Assessment(
        rubric="three-literacies", person=person, competency=competency, carrier=carrier,
        score=Decimal(score), date=day, evidence=("e1",),
    )  # fmt: skip


def levelled(person: str, competency: str, carrier: str, level: str) -> Assessment:
    return Assessment(
        rubric="levels", person=person, competency=competency, carrier=carrier, level=level,
        date=D(2022, 6, 1),
    )  # fmt: skip


ASSESSMENTS = [
    scored("S1", "character", "courses", 80),
    scored("S1", "character", "activities", 70),
    scored("S1", "character", "practice", 50, D(2022, 5, 1)),
    scored("S1", "character", "practice", 65, D(2022, 6, 20)),  # replaces the May score
    scored("S1", "character", "practice", 100, D(2022, 7, 1)),  # after the day judged
    scored("S1", "talent", "courses", 100),  # weight 0: shown, never counted
    scored("S1", "talent", "activities", 61),
    scored("S1", "talent", "practice", 59),
    scored("S2", "character", "courses", 90),
    scored("S2", "knowledge", "courses", "70.5"),
    scored("S2", "knowledge", "activities", 70),
    scored("S2", "knowledge", "practice", 70),
    scored("S3", "knowledge", "practice", 100, D(2021, 8, 1)),  # before the academic year
]


def test_profiles_by_hand() -> None:
    result = evaluate_rubric(SCORED, ASSESSMENTS, as_of=AS_OF)
    assert [profile.person for profile in result.profiles] == ["S1", "S2", "S3"]
    character = result.profile("S1").result("character")
    assert [(cell.carrier, cell.value, cell.weight) for cell in character.cells] == [
        ("courses", Decimal(80), Decimal(2)),
        ("activities", Decimal(70), Decimal(1)),
        ("practice", Decimal(65), Decimal(1)),
    ]
    assert character.cells[2].assessment == ASSESSMENTS[3]
    # (2 x 80 + 70 + 65) / 4
    assert (character.aggregate, character.met) == (Decimal("73.75"), True)
    # Missing cells count as the minimum, 0: (0 + 0 + 0) / 4.
    knowledge = result.profile("S1").result("knowledge")
    assert knowledge.missing == ("courses", "activities", "practice")
    assert (knowledge.aggregate, knowledge.met) == (Decimal("0.00"), False)
    # Courses are out of talent: (61 + 59) / 2.
    talent = result.profile("S1").result("talent")
    assert (talent.cells[0].value, talent.cells[0].counted) == (Decimal(100), None)
    assert (talent.aggregate, talent.met) == (Decimal("60.00"), True)
    # (2 x 70.5 + 70 + 70) / 4 = 70.25: meets 70.
    assert result.profile("S2").result("knowledge").aggregate == Decimal("70.25")
    assert result.profile("S2").result("character").aggregate == Decimal("45.00")
    assert not result.profile("S2").met_all
    assert result.profile("S3").result("knowledge").aggregate == Decimal("25.00")


def test_distributions_by_hand() -> None:
    result = evaluate_rubric(SCORED, ASSESSMENTS, as_of=AS_OF)
    character = result.distribution("character")
    # S1 73.75, S2 45.00, S3 0.00 (nothing assessed, so the minimum everywhere).
    assert (character.cohort, character.unassessed, character.meeting) == (3, 0, 1)
    assert character.share_meeting == Decimal("0.3333")
    assert character.mean == Decimal("39.58")  # 118.75 / 3 = 39.5833...
    assert [(band.key, band.label.zh, band.persons) for band in character.bands] == [
        ("band-1", "0.00–20.00", 1),
        ("band-2", "20.00–40.00", 0),
        ("band-3", "40.00–60.00", 1),
        ("band-4", "60.00–80.00", 1),
        ("band-5", "80.00–100.00", 0),
    ]
    knowledge = result.distribution("knowledge")
    assert (knowledge.meeting, knowledge.share_meeting) == (1, Decimal("0.3333"))


def test_latest_up_to_the_day_and_within_the_period() -> None:
    later = evaluate_rubric(SCORED, ASSESSMENTS, as_of=D(2022, 7, 1))
    # The July score of 100 now stands: (160 + 70 + 100) / 4 = 82.5.
    assert later.profile("S1").result("character").aggregate == Decimal("82.50")
    earlier = evaluate_rubric(SCORED, ASSESSMENTS, as_of=D(2022, 5, 31))
    assert earlier.profile("S1").result("character").cells[2].value == Decimal(50)
    assert [profile.person for profile in earlier.profiles] == ["S1", "S3"]
    year = Period.academic_year(2021)
    within = evaluate_rubric(SCORED, ASSESSMENTS, period=year, as_of=AS_OF)
    assert (within.period, [p.person for p in within.profiles]) == ("2021-2022", ["S1", "S2"])


def test_persons_choose_the_cohort() -> None:
    result = evaluate_rubric(SCORED, ASSESSMENTS, persons=["S9", "S2", "S2"], as_of=AS_OF)
    assert [profile.person for profile in result.profiles] == ["S2", "S9"]
    nobody = result.profile("S9")
    assert all(r.aggregate == Decimal("0.00") and not r.met for r in nobody.competencies)
    assert result.distribution("knowledge").meeting == 1
    empty = evaluate_rubric(SCORED, ASSESSMENTS, persons=(), as_of=AS_OF)
    assert empty.distribution("talent").share_meeting is None
    assert empty.distribution("talent").mean is None


def test_levels_best_and_skipped_cells_by_hand() -> None:
    assessments = [
        levelled("S1", "character", "courses", "pass"),
        levelled("S1", "character", "practice", "excellent"),
        levelled("S2", "character", "activities", "fail"),
        levelled("S2", "knowledge", "activities", "good"),
        levelled("S3", "knowledge", "courses", "pass"),
    ]
    result = evaluate_rubric(LEVELLED, [*assessments, *ASSESSMENTS], as_of=AS_OF)
    s1 = result.profile("S1").result("character")
    assert [cell.counted for cell in s1.cells] == [Decimal(60), None, Decimal(95)]
    assert (s1.aggregate, s1.met) == (Decimal("95.00"), True)
    # Under skip, a competency without any assessment has no aggregate and is not met.
    assert result.profile("S1").result("knowledge").aggregate is None
    character = result.distribution("character")
    assert [(band.key, band.persons) for band in character.bands] == [
        ("fail", 1), ("pass", 0), ("good", 0), ("excellent", 1),
    ]  # fmt: skip
    assert (character.cohort, character.unassessed, character.meeting) == (3, 1, 1)
    assert character.mean == Decimal("47.50")
    knowledge = result.distribution("knowledge")
    assert [band.persons for band in knowledge.bands] == [0, 1, 1, 0]
    assert (knowledge.meeting, knowledge.share_meeting) == (1, Decimal("0.3333"))


def test_the_mean_of_weights_under_skip() -> None:
    skipping = attrs.evolve(SCORED, missing="skip")
    result = evaluate_rubric(skipping, ASSESSMENTS, as_of=AS_OF)
    # Only courses assessed: 2 x 90 / 2.
    assert result.profile("S2").result("character").aggregate == Decimal("90.00")
    assert result.distribution("character").unassessed == 1


def test_rounding_is_half_up_to_the_scales_places() -> None:
    one_place = attrs.evolve(SCORED, scale=Scale(places=1), weights=())
    rows = [scored("S1", "character", "courses", "72.2"),
            scored("S1", "character", "activities", "72.3"),
            scored("S1", "character", "practice", "72.25")]  # fmt: skip
    # (72.2 + 72.3 + 72.25) / 3 = 72.25 exactly: half up gives 72.3 (half even would give 72.2).
    aggregate = evaluate_rubric(one_place, rows, as_of=AS_OF).profile("S1").competencies[0]
    assert aggregate.aggregate == Decimal("72.3")


def test_assessments_that_do_not_fit_are_refused() -> None:
    rows = [
        scored("S1", "character", "courses", 80),
        scored("S1", "character", "courses", 90),
        scored("S1", "ethics", "courses", 101),
        attrs.evolve(scored("S1", "talent", "lectures", 1), score=None, level="good"),
        attrs.evolve(scored("S2", "talent", "courses", 1), rubric="other"),
    ]
    with pytest.raises(RecordError) as caught:
        evaluate_rubric(SCORED, rows, as_of=AS_OF)
    assert caught.value.problems == (
        (("assessments", 2, "competency"), "rubric 'three-literacies' has no competency 'ethics'"),
        (("assessments", 2, "score"), "is outside the scale 0 to 100"),
        (("assessments", 3, "carrier"), "rubric 'three-literacies' has no carrier 'lectures'"),
        (("assessments", 3, "level"), "is not a level of rubric 'three-literacies'; known: none"),
        (
            ("assessments", 1, "date"),
            "a second assessment of 'S1' in character/courses on 2022-06-01 (first at index 0)",
        ),
    )
    found = list(assessment_problems([SCORED], rows[4:], people={"S1"}))
    assert found == [
        (("assessments", 0, "person"), "no person 'S2'"),
        (("assessments", 0, "rubric"), "no rubric 'other'; known: three-literacies"),
    ]
    # The messages never hold the score given.
    assert "101" not in str(caught.value)


def test_a_cell_assessed_twice_on_one_day_is_refused_whatever_the_day_judged() -> None:
    # One cell on three days, the third repeating the second: refused even though both are
    # after the day judged.
    rows = [
        scored("S1", "character", "courses", 80, D(2022, 6, 1)),
        scored("S1", "character", "courses", 85, D(2022, 7, 1)),
        scored("S1", "character", "courses", 90, D(2022, 7, 1)),
    ]
    with pytest.raises(RecordError) as caught:
        evaluate_rubric(SCORED, rows, as_of=D(2022, 6, 30))
    assert caught.value.problems == (
        (
            ("assessments", 2, "date"),
            "a second assessment of 'S1' in character/courses on 2022-07-01 (first at index 1)",
        ),
    )
    # On three different days, the latest up to the day judged stands.
    rows[2] = scored("S1", "character", "courses", 90, D(2022, 5, 1))
    result = evaluate_rubric(SCORED, rows, as_of=D(2022, 6, 30))
    assert result.profile("S1").result("character").cells[0].assessment == rows[0]


def test_records_check_themselves() -> None:
    with pytest.raises(RecordError, match=r"give either a score or a level"):
        attrs.evolve(scored("S1", "character", "courses", 1), level="good")
    with pytest.raises(RecordError, match=r"score: must be a finite number"):
        scored("S1", "character", "courses", "NaN")
    with pytest.raises(RecordError, match=r"levels\[1\]\.points: must be more than the level"):
        Scale(levels=(LEVELS[1], LEVELS[0]))
    with pytest.raises(RecordError, match=r"maximum: must be more than the minimum 0"):
        Scale(maximum=Decimal(0))
    with pytest.raises(RecordError, match=r"weight: must be a finite number, not negative"):
        Weight(carrier="courses", weight=Decimal(-1))
    no_talent = tuple(
        Weight(carrier=carrier.key, competency="talent", weight=Decimal(0)) for carrier in CARRIERS
    )
    with pytest.raises(RecordError) as caught:
        attrs.evolve(
            SCORED,
            competencies=(*COMPETENCIES, attrs.evolve(COMPETENCIES[0], threshold=Decimal(101))),
            weights=(*no_talent, Weight(carrier="lectures", weight=Decimal(1)), no_talent[0]),
        )
    assert caught.value.problems == (
        (("competencies", 3, "key"), "duplicate 'character' (first at index 0)"),
        (("competencies", 3, "threshold"), "101 is outside the scale 0 to 100"),
        (("weights", 4, "carrier"), "duplicate 'courses/talent' (first at index 0)"),
        (("weights", 3, "carrier"), "no carrier 'lectures'"),
        (("competencies", 2), "needs a carrier of weight more than 0"),
    )


def test_outputs_hide_small_groups_and_may_hide_scores() -> None:
    result = evaluate_rubric(SCORED, ASSESSMENTS, as_of=AS_OF)
    assert is_people_count(type(result.distributions[0]), "meeting")
    plain = redact(result.distributions[0])
    assert (plain["cohort"], plain["meeting"], plain["unassessed"]) == ("<5", "<5", 0)
    assert [band["persons"] for band in plain["bands"]] == ["<5", 0, "<5", "<5", 0]
    hidden = redact(result.profiles[0], PrivacyPolicy(personal_roles=frozenset()))
    assert hidden["person"] == "<redacted>"
    assert hidden["competencies"][0]["aggregate"] == "<redacted>"
    assert hidden["competencies"][0]["cells"][0]["value"] == "<redacted>"


# --- properties -----------------------------------------------------------------------------

PEOPLE = ("P1", "P2", "P3", "P4")
RUBRICS = (
    SCORED,
    attrs.evolve(SCORED, aggregation="best", missing="skip"),
    attrs.evolve(SCORED, missing="skip"),
    attrs.evolve(LEVELLED, key="three-literacies", aggregation="weighted_mean"),
    attrs.evolve(LEVELLED, key="three-literacies", missing="minimum"),
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rubric, list[Assessment]]:
    rubric = draw(st.sampled_from(RUBRICS))
    cells = st.tuples(
        st.sampled_from(PEOPLE),
        st.sampled_from([c.key for c in COMPETENCIES]),
        st.sampled_from([c.key for c in CARRIERS]),
        st.dates(min_value=D(2022, 1, 1), max_value=D(2022, 12, 31)),
    )
    keys = draw(st.lists(cells, max_size=30, unique=True))
    rows = []
    for person, competency, carrier, day in keys:
        if rubric.scale.levels:
            level = draw(st.sampled_from([level.key for level in LEVELS]))
            score = None
        else:
            level = None
            score = draw(st.decimals(min_value=0, max_value=100, places=1))
        rows.append(
            Assessment(
                rubric=rubric.key, person=person, competency=competency, carrier=carrier,
                score=score, level=level, date=day,
            )
        )  # fmt: skip
    return rubric, rows


chosen = st.none() | st.lists(st.sampled_from((*PEOPLE, "P9")), max_size=5)
periods = st.none() | st.sampled_from([Period.parse(key) for key in ("2022", "2022-Q2")])
days = st.dates(min_value=D(2022, 1, 1), max_value=D(2023, 1, 31))


def reference_aggregate(
    rubric: Rubric,
    rows: list[Assessment],
    *,
    person: str,
    competency: str,
    as_of: dt.date,
    period: Period | None,
) -> Decimal | None:
    """The aggregate worked out again from the rules, in fractions."""
    parts: list[tuple[Fraction, Fraction]] = []
    for carrier in rubric.carriers:
        found = [
            row for row in rows
            if (row.person, row.competency, row.carrier) == (person, competency, carrier.key)
            and row.date <= as_of and (period is None or period.start <= row.date <= period.end)
        ]  # fmt: skip
        weight = Fraction(rubric.weight(competency, carrier.key))
        if weight == 0:
            continue
        if found:
            last = max(found, key=lambda row: row.date)
            points = last.score if last.level is None else rubric.scale.points_of(last.level)
            assert points is not None
            parts.append((weight, Fraction(points)))
        elif rubric.missing == "minimum":
            parts.append((weight, Fraction(rubric.scale.minimum)))
    if not parts:
        return None
    if rubric.aggregation == "best":
        exact = max(points for _, points in parts)
    else:
        exact = Fraction(sum(w * p for w, p in parts)) / sum(w for w, _ in parts)
    # Half up on an exact fraction: compare with the rounded value's two neighbours.
    unit = Fraction(1, 10**rubric.scale.places)
    down = (exact // unit) * unit
    rounded = down + unit if exact - down >= unit / 2 else down
    return (Decimal(rounded.numerator) / Decimal(rounded.denominator)).quantize(
        rubric.scale.unit, rounding=ROUND_HALF_UP
    )


@settings(max_examples=150, deadline=None)
@given(case=cases(), persons=chosen, period=periods, as_of=days, rng=st.randoms())
def test_results_equal_a_brute_force_count_in_any_order(
    *,
    case: tuple[Rubric, list[Assessment]],
    persons: list[str] | None,
    period: Period | None,
    as_of: dt.date,
    rng: random.Random,
) -> None:
    rubric, rows = case
    result = evaluate_rubric(rubric, rows, persons=persons, period=period, as_of=as_of)
    shuffled = evaluate_rubric(
        rubric, rng.sample(rows, k=len(rows)), persons=persons, period=period, as_of=as_of
    )
    assert shuffled == result
    counted = {
        row.person for row in rows
        if row.date <= as_of and (period is None or period.contains(row.date))
    }  # fmt: skip
    cohort = sorted(set(persons) if persons is not None else counted)
    assert [profile.person for profile in result.profiles] == cohort
    for competency in rubric.competencies:
        expected = {
            person: reference_aggregate(
                rubric, rows, person=person, competency=competency.key, as_of=as_of, period=period
            )
            for person in cohort
        }
        got = {p.person: p.result(competency.key).aggregate for p in result.profiles}
        assert got == expected
        meeting = sum(1 for a in expected.values() if a is not None and a >= competency.threshold)
        distribution = result.distribution(competency.key)
        assert distribution.meeting == meeting
        assert distribution.cohort == len(cohort)
        if cohort:
            assert distribution.share_meeting == (Decimal(meeting) / len(cohort)).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
        else:
            assert distribution.share_meeting is None
        total = sum(band.persons for band in distribution.bands) + distribution.unassessed
        assert total == len(cohort)
        assert distribution.unassessed == sum(1 for a in expected.values() if a is None)


def raise_one(row: Assessment, data: st.DataObject) -> Assessment:
    if row.level is not None:
        keys = [level.key for level in LEVELS]
        higher = keys[keys.index(row.level) :]
        return attrs.evolve(row, level=data.draw(st.sampled_from(higher)))
    assert row.score is not None
    return attrs.evolve(
        row, score=data.draw(st.decimals(min_value=row.score, max_value=100, places=1))
    )


@settings(max_examples=150, deadline=None)
@given(case=cases(), data=st.data())
def test_raising_one_score_never_lowers_that_persons_aggregate(
    *, case: tuple[Rubric, list[Assessment]], data: st.DataObject
) -> None:
    rubric, rows = case
    if not rows:
        return
    index = data.draw(st.integers(0, len(rows) - 1))
    raised = list(rows)
    raised[index] = raise_one(rows[index], data)
    row = rows[index]
    before = evaluate_rubric(rubric, rows, as_of=D(2022, 12, 31))
    after = evaluate_rubric(rubric, raised, as_of=D(2022, 12, 31))
    old = before.profile(row.person).result(row.competency)
    new = after.profile(row.person).result(row.competency)
    # A raised score changes no cell's presence: both have an aggregate or neither (a cell of
    # weight 0 under skip counts for nothing).
    assert (old.aggregate is None) == (new.aggregate is None)
    if old.aggregate is not None and new.aggregate is not None:
        assert new.aggregate >= old.aggregate
    assert new.met or not old.met


def test_a_result_is_a_plain_record() -> None:
    result = evaluate_rubric(SCORED, ASSESSMENTS, as_of=AS_OF)
    assert isinstance(result, RubricResult)
    assert (result.aggregation, result.missing, result.as_of) == ("weighted_mean", "minimum", AS_OF)
    with pytest.raises(KeyError):
        result.profile("nobody")
