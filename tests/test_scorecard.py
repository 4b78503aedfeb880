"""Indicators and scorecards: figures by hand, grading together, comparison, properties."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError, format_path
from branchkit.framework.ahp import Judgement
from branchkit.framework.indicators import Indicator, Status
from branchkit.framework.scorecard import (
    AreaScore,
    Change,
    Contribution,
    Direction,
    Scorecard,
    compare,
    grade_together,
    score,
)
from branchkit.framework.standard import Criterion, GradeBand, IndicatorLink, Standard, Veto
from branchkit.io import make_converter
from branchkit.records import Label

D = Decimal


def label(text: str) -> Label:
    return Label(zh=text, en=text)


UNIT = Label(zh="次", en="times")


def indicator(
    key: str,
    value: str,
    target: str | None,
    area: str | None = None,
    records: tuple[str, ...] = (),
) -> Indicator:
    return Indicator.judged(
        key=key,
        label=label(key),
        practice="practice",
        value=D(value),
        unit=UNIT,
        target=None if target is None else D(target),
        area=area,
        records=records,
    )


# --- indicators ----------------------------------------------------------------------------


def test_judged_status_at_the_boundaries() -> None:
    assert indicator("a", "12", "12").status is Status.MET
    assert indicator("a", "13", "12").status is Status.MET
    assert indicator("a", "6", "12").status is Status.PARTLY  # exactly half
    assert indicator("a", "5.99", "12").status is Status.NOT_MET
    assert indicator("a", "0", "0").status is Status.MET
    informational = indicator("a", "-3", None)
    assert (informational.status, informational.attainment, informational.scored) == (
        None,
        None,
        False,
    )
    strict = Indicator.judged(
        key="a",
        label=label("a"),
        practice="p",
        value=D(9),
        unit=UNIT,
        target=D(10),
        partly_at=D("0.95"),
    )
    assert strict.status is Status.NOT_MET


def test_attainment() -> None:
    assert indicator("a", "9", "12").attainment == D("0.75")
    assert indicator("a", "30", "12").attainment == D(1)
    assert indicator("a", "0", "0").attainment == D(1)
    assert indicator("a", "0", "5").attainment == D(0)


def test_indicator_rules() -> None:
    with pytest.raises(RecordError) as caught:
        Indicator(
            key="a",
            label=label("a"),
            practice="p",
            value=D(5),
            unit=UNIT,
            target=D(10),
            status=Status.MET,
            records=("e1", "e1", " "),
        )
    assert [(format_path(p), m) for p, m in caught.value.problems] == [
        ("$.records[1]", "duplicate 'e1'"),
        ("$.records[2]", "must not be empty"),
        ("$.status", "'met' contradicts the value 5, which falls short of the target 10"),
    ]
    with pytest.raises(RecordError, match=r"\$\.status: an indicator with a target needs a"):
        Indicator(key="a", label=label("a"), practice="p", value=D(5), unit=UNIT, target=D(1))
    with pytest.raises(RecordError, match=r"\$\.status: an indicator without a target has no"):
        Indicator(key="a", label=label("a"), practice="p", value=D(5), unit=UNIT, status=Status.MET)
    with pytest.raises(RecordError, match=r"\$\.target: must be a finite number, not negative"):
        indicator("a", "5", "-1")
    with pytest.raises(RecordError, match=r"\$\.value: a scored indicator's value must not be"):
        indicator("a", "-5", "10")
    with pytest.raises(RecordError, match=r"\$\.value: must be a finite number"):
        indicator("a", "NaN", None)
    with pytest.raises(RecordError, match=r"\$\.partly_at: must be a number from 0 to 1"):
        Indicator.judged(
            key="a",
            label=label("a"),
            practice="p",
            value=D(1),
            unit=UNIT,
            target=D(2),
            partly_at=D("1.5"),
        )
    # A shortfall may be judged partly or not met by hand; only "met" must match the figures.
    assert (
        Indicator(
            key="a",
            label=label("a"),
            practice="p",
            value=D(1),
            unit=UNIT,
            target=D(10),
            status=Status.PARTLY,
        ).status
        is Status.PARTLY
    )


# --- a small standard, scored by hand --------------------------------------------------------
#
# Criteria (weights 2 : 1 : 1, so 0.5, 0.25, 0.25):
#   politics  <- sessions (link weight 2), contacts (1)     contacts is shared
#   service   <- contacts (1)
#   team      <- training (1), mentoring (1)                mentoring is not given: counts 0
# Veto: sessions not met caps the grade at "pass". Bands: pass 0, good 60, excellent 85.
#
# Indicators:
#   sessions  5 of 12   -> attainment 5/12 = 0.41666..., below half: not met   (area party)
#   contacts  45 of 50  -> 0.9, partly met                                     (area students)
#   training  12 of 10  -> 1 (capped), met                                     (area party)
#   members   30, no target: informational, not scored                         (area students)
#
# By hand:
#   politics = (2 x 5/12 + 1 x 0.9) / 3 x 100 = 520/9 = 57.777... -> 57.78
#   service  = 0.9 x 100                                  = 90.00
#   team     = (1 + 0) / 2 x 100                          = 50.00
#   overall  = 0.5 x 520/9 + 0.25 x 90 + 0.25 x 50 = 28.888... + 22.5 + 12.5 = 63.888... -> 63.89
#   points   = 28.89, 22.50, 12.50
#   areas: party = (5/12 + 1) / 2 x 100 = 70.833... -> 70.83; students = 90.00
#   grade: 63.89 reaches "good"; the sessions veto caps it at "pass".
#   With AHP weights 4/7, 2/7, 1/7 instead: (4 x 520/9 + 2 x 90 + 50) / 7 = 65.873... -> 65.87

BANDS = (
    GradeBand(key="pass", label=Label(zh="合格", en="Pass"), at_least=D(0)),
    GradeBand(key="good", label=Label(zh="良好", en="Good"), at_least=D(60), max_share=D("0.4")),
    GradeBand(
        key="excellent",
        label=Label(zh="优秀", en="Excellent"),
        at_least=D(85),
        max_share=D("0.2"),
    ),
)


def criterion(key: str, weight: str | None = None) -> Criterion:
    return Criterion(key=key, label=label(key), weight=None if weight is None else D(weight))


def link(indicator_key: str, criterion_key: str, weight: str = "1") -> IndicatorLink:
    return IndicatorLink(indicator=indicator_key, criterion=criterion_key, weight=D(weight))


STANDARD = Standard(
    key="seven-strong",
    label=Label(zh="七个有力", en="Seven strengths"),
    criteria=(criterion("politics", "2"), criterion("service", "1"), criterion("team", "1")),
    links=(
        link("sessions", "politics", "2"),
        link("contacts", "politics"),
        link("contacts", "service"),
        link("training", "team"),
        link("mentoring", "team"),
    ),
    vetoes=(Veto(key="party-days", label=label("veto"), indicator="sessions", cap="pass"),),
    bands=BANDS,
)
INDICATORS = (
    indicator("sessions", "5", "12", area="party", records=("e1", "e2")),
    indicator("contacts", "45", "50", area="students"),
    indicator("training", "12", "10", area="party"),
    indicator("members", "30", None, area="students"),
)


def test_scorecard_by_hand() -> None:
    card = score(STANDARD, INDICATORS, unit="branch-1")
    assert card.standard == "seven-strong"
    assert card.unit == "branch-1"
    assert [(c.key, c.weight, c.score, c.points) for c in card.criteria] == [
        ("politics", D("0.5000"), D("57.78"), D("28.89")),
        ("service", D("0.2500"), D("90.00"), D("22.50")),
        ("team", D("0.2500"), D("50.00"), D("12.50")),
    ]
    assert card.overall == D("63.89")
    assert card.reached == "good"
    assert card.vetoes == ("party-days",)
    assert card.grade == "pass"
    assert card.missing == ("mentoring",)
    assert card.weighting == "given"
    assert card.ahp is None
    assert card.areas == (
        AreaScore(key="party", score=D("70.83"), indicators=("sessions", "training")),
        AreaScore(key="students", score=D("90.00"), indicators=("contacts",)),
    )
    assert card.criterion("politics").contributions == (
        Contribution(indicator="sessions", weight=D(2), share=D("0.6667"), attainment=D("0.4167")),
        Contribution(indicator="contacts", weight=D(1), share=D("0.3333"), attainment=D("0.9000")),
    )
    assert card.criterion("team").contributions == (
        Contribution(indicator="training", weight=D(1), share=D("0.5000"), attainment=D(1)),
        Contribution(
            indicator="mentoring", weight=D(1), share=D("0.5000"), attainment=D(0), missing=True
        ),
    )
    assert [(i.indicator.key, i.attainment, i.criteria) for i in card.indicators] == [
        ("contacts", D("0.9000"), ("politics", "service")),
        ("members", None, ()),
        ("sessions", D("0.4167"), ("politics",)),
        ("training", D(1), ("team",)),
    ]
    assert card.indicator("sessions").indicator.records == ("e1", "e2")
    with pytest.raises(KeyError):
        card.indicator("mentoring")
    with pytest.raises(KeyError):
        card.criterion("nothing")


def test_scorecard_with_ahp_weights() -> None:
    weighed = attrs.evolve(
        STANDARD,
        criteria=tuple(criterion(c.key) for c in STANDARD.criteria),
        judgements=(
            Judgement(prefer="politics", over="service", strength=2),
            Judgement(prefer="service", over="team", strength=2),
            Judgement(prefer="politics", over="team", strength=4),
        ),
    )
    card = score(weighed, INDICATORS, unit="branch-1")
    assert card.overall == D("65.87")
    assert [c.weight for c in card.criteria] == [D("0.5714"), D("0.2857"), D("0.1429")]
    assert card.weighting == "ahp"
    assert card.ahp == weighed.ahp_result()


def test_veto_applies_to_a_missing_indicator_and_not_to_a_partly_met_one() -> None:
    without = score(STANDARD, INDICATORS[1:], unit="branch-1")
    assert without.vetoes == ("party-days",)
    assert without.missing == ("mentoring", "sessions")
    partly = (indicator("sessions", "6", "12"), *INDICATORS[1:])
    assert score(STANDARD, partly, unit="branch-1").vetoes == ()


def test_all_met_scores_100_and_reaches_the_top() -> None:
    full = [indicator(key, "10", "10") for key in ("sessions", "contacts", "training", "mentoring")]
    card = score(STANDARD, full, unit="branch-1")
    assert card.overall == D("100.00")
    assert (card.reached, card.grade, card.vetoes, card.missing) == (
        "excellent",
        "excellent",
        (),
        (),
    )


def test_nothing_given_scores_0() -> None:
    card = score(STANDARD, (), unit="branch-1")
    assert card.overall == D("0.00")
    assert card.grade == "pass"
    assert card.missing == ("contacts", "mentoring", "sessions", "training")
    assert card.areas == ()


def test_linked_informational_indicator_is_left_out() -> None:
    only_informational = (indicator("contacts", "45", None), *INDICATORS[::2])
    card = score(STANDARD, only_informational, unit="branch-1")
    service = card.criterion("service")
    assert service.score == D("0.00")
    assert service.contributions == (
        Contribution(indicator="contacts", weight=D(1), share=None, attainment=None),
    )
    assert not service.contributions[0].counted
    # politics now rests on sessions alone: 5/12 -> 41.67.
    assert card.criterion("politics").score == D("41.67")


def test_areas_listed_in_the_given_order() -> None:
    card = score(STANDARD, INDICATORS, unit="b", areas=("students", "party", "teachers"))
    assert [(a.key, a.score) for a in card.areas] == [
        ("students", D("90.00")),
        ("party", D("70.83")),
        ("teachers", None),
    ]
    with pytest.raises(RecordError) as caught:
        score(STANDARD, INDICATORS, unit="b", areas=("party",))
    assert [(format_path(p), m) for p, m in caught.value.problems] == [
        ("$.indicators[1].area", "no area 'students'; known: party"),
        ("$.indicators[3].area", "no area 'students'; known: party"),
    ]


def test_duplicate_indicators_and_bad_unit_are_refused() -> None:
    with pytest.raises(RecordError, match=r"\$\.indicators\[1\]\.key: duplicate 'sessions'"):
        score(STANDARD, (INDICATORS[0], INDICATORS[0]), unit="b")
    with pytest.raises(RecordError, match=r"\$\.unit: must not be empty"):
        score(STANDARD, INDICATORS, unit=" ")


def test_rounding_is_half_up_at_the_end_only() -> None:
    single = Standard(
        key="s",
        label=label("s"),
        criteria=(criterion("c"),),
        links=(link("a", "c"), link("b", "c")),
        bands=BANDS[:1],
    )

    def overall(first: tuple[str, str], second: tuple[str, str]) -> Decimal:
        pair = (indicator("a", *first), indicator("b", *second))
        return score(single, pair, unit="u").overall

    # Attainments 1/8 and 1/800: (0.125 + 0.00125) / 2 x 100 = 6.3125 -> 6.31. Rounding the
    # attainment first (0.00125 -> 0.0013) would give 6.315 -> 6.32.
    assert overall(("1", "8"), ("1", "800")) == D("6.31")
    # 1/400 and 0: 0.0025 / 2 x 100 = 0.125 -> 0.13, half up (half even would give 0.12).
    assert overall(("1", "400"), ("0", "1")) == D("0.13")


# --- grading together ------------------------------------------------------------------------
#
# Five branches scoring 95, 95, 90, 70 and 50. Excellent (85+) may hold floor(0.2 x 5) = 1,
# good (60+) floor(0.4 x 5) = 2.
#   excellent: a 95, b 95, c 90 -> a stays (tied with b at 95, "a" sorts first); b, c move down
#   good:      b 95, c 90, d 70 -> b and c stay; d moves down
#   pass:      d, e


ONE = Standard(
    key="one",
    label=label("one"),
    criteria=(criterion("c"),),
    links=(link("x", "c"),),
    bands=BANDS,
)


def card_of(unit: str, value: str) -> Scorecard:
    return score(ONE, (indicator("x", value, "100"),), unit=unit)


def test_grade_together_with_share_limits_and_a_tie() -> None:
    cards = [card_of("e", "50"), card_of("b", "95"), card_of("a", "95"), card_of("c", "90")]
    cards.insert(3, card_of("d", "70"))
    assert [c.grade for c in cards] == ["pass", "excellent", "excellent", "good", "excellent"]
    graded = grade_together(ONE, cards)
    assert [(c.unit, c.grade, c.moved_from) for c in graded] == [
        ("e", "pass", ()),
        ("b", "good", ("excellent",)),
        ("a", "excellent", ()),
        ("d", "pass", ("good",)),
        ("c", "good", ("excellent",)),
    ]
    assert [c.reached for c in graded] == [c.reached for c in cards]
    assert grade_together(ONE, graded) == graded


def test_grade_together_keeps_vetoed_grades() -> None:
    unlimited_good = attrs.evolve(
        ONE, bands=(BANDS[0], attrs.evolve(BANDS[1], max_share=None), BANDS[2])
    )
    vetoed = attrs.evolve(card_of("a", "99"), grade="pass", vetoes=("v",))
    graded = grade_together(unlimited_good, [vetoed, card_of("b", "90")])
    # floor(0.2 x 2) = 0: nobody may be excellent; b moves to good, a stays at pass.
    assert [(c.unit, c.grade) for c in graded] == [("a", "pass"), ("b", "good")]
    # With good limited to floor(0.4 x 2) = 0 as well, b moves on down to pass.
    assert [(c.unit, c.grade, c.moved_from) for c in grade_together(ONE, graded)] == [
        ("a", "pass", ()),
        ("b", "pass", ("excellent", "good")),
    ]


def test_grade_together_refusals() -> None:
    other = score(STANDARD, INDICATORS, unit="x")
    with pytest.raises(RecordError) as caught:
        grade_together(ONE, [card_of("a", "1"), card_of("a", "2"), other])
    assert [(format_path(p), m) for p, m in caught.value.problems] == [
        ("$.scorecards[1].unit", "duplicate 'a' (first at index 0)"),
        ("$.scorecards[2].standard", "scored against 'seven-strong', not 'one'"),
    ]
    assert grade_together(ONE, []) == ()


# --- comparison ------------------------------------------------------------------------------


def test_compare() -> None:
    earlier = score(STANDARD, INDICATORS, unit="branch-1")
    current = score(
        STANDARD,
        (
            indicator("sessions", "12", "12", area="party"),
            indicator("contacts", "45", "50", area="students"),
            indicator("mentoring", "2", "4", area="party"),
            indicator("visits", "3", None),
        ),
        unit="branch-1",
    )
    # Now: politics (2 x 1 + 0.9) / 3 = 96.67; service 90; team (0 + 0.5) / 2 = 25;
    # overall 0.5 x 96.666... + 22.5 + 6.25 = 77.08.
    assert current.overall == D("77.08")
    comparison = compare(current, earlier)
    assert comparison.overall == Change(
        key="overall",
        current=D("77.08"),
        earlier=D("63.89"),
        change=D("13.19"),
        direction=Direction.ROSE,
    )
    assert (comparison.grade, comparison.earlier_grade) == ("good", "pass")
    assert [(c.key, c.change, c.direction) for c in comparison.criteria] == [
        ("politics", D("38.89"), Direction.ROSE),
        ("service", D("0.00"), Direction.SAME),
        ("team", D("-25.00"), Direction.FELL),
    ]
    assert [(c.key, c.current, c.earlier, c.direction) for c in comparison.indicators] == [
        ("contacts", D(45), D(45), Direction.SAME),
        ("members", None, D(30), Direction.GONE),
        ("mentoring", D(2), None, Direction.NEW),
        ("sessions", D(12), D(5), Direction.ROSE),
        ("training", None, D(12), Direction.GONE),
        ("visits", D(3), None, Direction.NEW),
    ]
    assert compare(earlier, earlier).overall.direction is Direction.SAME
    with pytest.raises(RecordError, match=r"\$\.earlier\.standard: scored against 'one'"):
        compare(earlier, card_of("a", "1"))


def test_compare_lists_criteria_only_the_earlier_card_has() -> None:
    earlier = score(STANDARD, INDICATORS, unit="b")
    current = attrs.evolve(earlier, criteria=earlier.criteria[:1])
    keys = [(c.key, c.direction) for c in compare(current, earlier).criteria]
    assert keys == [
        ("politics", Direction.SAME),
        ("service", Direction.GONE),
        ("team", Direction.GONE),
    ]


# --- properties ------------------------------------------------------------------------------

CONVERTER = make_converter()
VALUES = st.decimals(min_value=0, max_value=200, places=1)
TARGETS = st.decimals(min_value=0, max_value=100, places=1)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Standard, tuple[Indicator, ...]]:
    """A random standard over indicators i0..i5, and some of those indicators."""
    indicator_keys = [f"i{index}" for index in range(6)]
    count = draw(st.integers(min_value=1, max_value=4))
    criterion_keys = [f"c{index}" for index in range(count)]
    links = []
    for key in criterion_keys:
        chosen = draw(
            st.lists(st.sampled_from(indicator_keys), min_size=1, max_size=3, unique=True)
        )
        for name in chosen:
            weight = draw(st.sampled_from(["1", "2", "0.5", "3"]))
            links.append(link(name, key, weight))
    weighting = draw(st.sampled_from(["given", "ahp", "equal"]))
    judgements = []
    if weighting == "ahp":
        for a in range(count):
            for b in range(a + 1, count):
                strength = draw(st.integers(min_value=1, max_value=9))
                judgements.append(
                    Judgement(prefer=criterion_keys[a], over=criterion_keys[b], strength=strength)
                )
    criteria = tuple(
        criterion(key, draw(st.sampled_from(["1", "2", "5"])) if weighting == "given" else None)
        for key in criterion_keys
    )
    vetoes = tuple(
        Veto(
            key=f"v{index}",
            label=label("v"),
            indicator=name,
            cap=draw(st.sampled_from(["pass", "good"])),
        )
        for index, name in enumerate(
            draw(st.lists(st.sampled_from(indicator_keys), max_size=2, unique=True))
        )
    )
    standard = Standard(
        key="random",
        label=label("random"),
        criteria=criteria,
        links=tuple(links),
        bands=BANDS,
        vetoes=vetoes,
        judgements=tuple(judgements),
        accept_inconsistent=True,
    )
    indicators = []
    for name in indicator_keys:
        kind = draw(st.sampled_from(["missing", "scored", "scored", "informational"]))
        if kind == "missing":
            continue
        target = None if kind == "informational" else str(draw(TARGETS))
        area = draw(st.sampled_from([None, "party", "students"]))
        indicators.append(indicator(name, str(draw(VALUES)), target, area=area))
    return standard, tuple(indicators)


@settings(max_examples=60, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_indicator_order_does_not_matter(
    case: tuple[Standard, tuple[Indicator, ...]], rng: random.Random
) -> None:
    standard, indicators = case
    shuffled = list(indicators)
    rng.shuffle(shuffled)
    assert score(standard, shuffled, unit="u") == score(standard, indicators, unit="u")


@settings(max_examples=60, deadline=None)
@given(cases())
def test_overall_within_0_and_100(case: tuple[Standard, tuple[Indicator, ...]]) -> None:
    standard, indicators = case
    card = score(standard, indicators, unit="u")
    assert D(0) <= card.overall <= D(100)
    for criterion_score in card.criteria:
        assert D(0) <= criterion_score.score <= D(100)
    band_order = [band.key for band in standard.bands]
    assert band_order.index(card.grade) <= band_order.index(card.reached)


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_raising_a_value_never_lowers_a_score(
    case: tuple[Standard, tuple[Indicator, ...]], data: st.DataObject
) -> None:
    standard, indicators = case
    if not indicators:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(indicators) - 1))
    raised = indicators[index]
    more = data.draw(st.decimals(min_value="0.1", max_value=100, places=1))
    higher = list(indicators)
    higher[index] = Indicator.judged(
        key=raised.key,
        label=raised.label,
        practice=raised.practice,
        value=raised.value + more,
        unit=raised.unit,
        target=raised.target,
        area=raised.area,
    )
    before = score(standard, indicators, unit="u")
    after = score(standard, higher, unit="u")
    assert after.overall >= before.overall
    for old, new in zip(before.criteria, after.criteria, strict=True):
        assert new.score >= old.score
    for old_area, new_area in zip(before.areas, after.areas, strict=True):
        assert (new_area.score or 0) >= (old_area.score or 0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.decimals(min_value=0, max_value=100, places=0), min_size=0, max_size=25),
    st.sampled_from(["0", "0.1", "0.2", "0.25", "0.5", "1"]),
    st.sampled_from(["0.1", "0.3", "0.4", "1"]),
)
def test_share_limits_are_never_exceeded(values: list[Decimal], top: str, middle: str) -> None:
    bands = (
        BANDS[0],
        attrs.evolve(BANDS[1], max_share=D(middle)),
        attrs.evolve(BANDS[2], max_share=D(top)),
    )
    standard = attrs.evolve(ONE, bands=bands)
    cards = [
        score(standard, (indicator("x", str(value), "100"),), unit=f"u{index:02d}")
        for index, value in enumerate(values)
    ]
    graded = grade_together(standard, cards)
    for band in bands[1:]:
        assert band.max_share is not None
        allowed = math.floor(band.max_share * len(cards))
        assert sum(card.grade == band.key for card in graded) <= allowed
    order = [band.key for band in bands]
    for card, before in zip(graded, cards, strict=True):
        assert order.index(card.grade) <= order.index(before.grade)
        assert len(card.moved_from) == order.index(before.grade) - order.index(card.grade)
    # Every unit moved down from a band ranks below every unit left in it.
    for band in bands[1:]:
        stayed = [(-c.overall, c.unit) for c in graded if c.grade == band.key]
        moved = [(-c.overall, c.unit) for c in graded if band.key in c.moved_from]
        assert not stayed or not moved or max(stayed) < min(moved)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_scorecard_round_trips(case: tuple[Standard, tuple[Indicator, ...]]) -> None:
    standard, indicators = case
    card = score(standard, indicators, unit="branch-1")
    assert CONVERTER.structure(CONVERTER.unstructure(card), Scorecard) == card
    assert CONVERTER.structure(CONVERTER.unstructure(standard), Standard) == standard
