"""Point rules and dimensions: exact Decimal points, caps, weights, and rounding half up."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from typing import cast

import pytest

from branchkit.mechanisms import Award
from branchkit.mechanisms.inputs import PointInput
from branchkit.mechanisms.staging import (
    Bonus,
    Candidate,
    Compare,
    Dimension,
    DimensionScore,
    FactValue,
    PerEvent,
    PointRuleFunction,
    Present,
    RankBand,
    Ratio,
    RuleCall,
    Scaled,
    evaluate,
    round_points,
)
from branchkit.records import Event, Label, PeriodKind
from tests.staging_support import candidate, context, dimension, label, make_scheme, report

D = dt.date
Dec = decimal.Decimal
AS_OF = D(2021, 12, 31)
REPORTS = label("思想汇报", "ideological report")


def exact(points: Dec, written: str) -> bool:
    """Whether ``points`` is the Decimal written so, digits and all."""
    return isinstance(points, Dec) and str(points) == written


def scores(
    dim: Dimension,
    candidates: Iterable[Candidate],
    *,
    events: Iterable[Event] = (),
    precision: str = "0.01",
    as_of: dt.date = AS_OF,
    point_rules: dict[str, PointRuleFunction] | None = None,
) -> dict[str, DimensionScore]:
    """Each candidate's score in the one dimension of a scheme without gates."""
    scheme = make_scheme(dimensions=(dim,), precision=precision)
    result = evaluate(scheme, candidates, as_of=as_of, events=events, point_rules=point_rules)
    return {r.id: r.dimensions[0] for r in result.candidates}


def score(
    dim: Dimension, *, events: Iterable[Event] = (), precision: str = "0.01", **facts: FactValue
) -> DimensionScore:
    """The score of one candidate with ``facts`` in the dimension."""
    person = Candidate(id="2021001", stage="activist", facts=facts)
    return scores(dim, [person], events=events, precision=precision)["2021001"]


# --- rounding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "precision", "rounded"),
    [
        ("2.345", "0.01", "2.35"),  # half up, where half even would give 2.34
        ("2.335", "0.01", "2.34"),
        ("2.3449", "0.01", "2.34"),
        ("-2.345", "0.01", "-2.35"),  # a penalty rounds away from zero too (四舍五入)
        ("0.125", "0.01", "0.13"),
        ("13.05", "0.1", "13.1"),
        ("2.5", "1", "3"),
        ("3", "0.01", "3.00"),
    ],
)
def test_round_points_half_up(points: str, precision: str, rounded: str) -> None:
    assert exact(round_points(Dec(points), Dec(precision)), rounded)


# --- per event -----------------------------------------------------------------------------


def test_per_event_counts_the_candidates_events_of_the_kind_up_to_the_day() -> None:
    rule = PerEvent(key="reports", event="report", points=Dec(3))
    events = [
        report("e1", D(2021, 4, 1), "2021001"),
        report("e2", D(2021, 7, 1), "2021001", "2021002"),
        report("e3", D(2021, 12, 31), "2021001"),
        report("e4", D(2022, 1, 1), "2021001"),  # after the day judged
        report("e5", D(2021, 5, 1), "2021001", kind="theme_day"),
    ]
    awards = rule.awards(context(AS_OF, events=events), REPORTS)
    assert awards == [
        Award(
            points=Dec(9),
            reason=Label(zh="思想汇报3次×3", en="3 × ideological report at 3"),
            sources=("e1", "e2", "e3"),
        )
    ]
    assert rule.awards(context(AS_OF), REPORTS) == []


def test_per_event_since_a_dated_fact() -> None:
    rule = PerEvent(key="reports", event="report", points=Dec(3), since="activist_date")
    events = [
        report("e1", D(2021, 3, 14), "2021001"),
        report("e2", D(2021, 3, 15), "2021001"),
        report("e3", D(2021, 4, 1), "2021001"),
    ]
    awards = rule.awards(context(AS_OF, events=events, activist_date=D(2021, 3, 15)), REPORTS)
    assert [(award.points, award.sources) for award in awards] == [(Dec(6), ("e2", "e3"))]
    assert rule.reads() == ("activist_date",)


def test_per_event_cap_per_quarter() -> None:
    rule = PerEvent(
        key="reports", event="report", points=Dec(3), cap=Dec(6), cap_per=PeriodKind.QUARTER
    )
    events = [
        report("e3", D(2021, 3, 31), "2021001"),  # the last day of Q1 counts for Q1
        report("e1", D(2021, 1, 5), "2021001"),
        report("e2", D(2021, 2, 10), "2021001"),
        report("e4", D(2021, 4, 1), "2021001"),
    ]
    awards = rule.awards(context(AS_OF, events=events), REPORTS)
    assert awards == [
        # Q1: 3 × 3 = 9, capped at 6.
        Award(
            points=Dec(6),
            reason=Label(
                zh="思想汇报（2021-Q1）3次×3，封顶6",
                en="3 × ideological report in 2021-Q1 at 3, capped at 6",
            ),
            sources=("e1", "e2", "e3"),
        ),
        Award(
            points=Dec(3),
            reason=Label(
                zh="思想汇报（2021-Q2）1次×3", en="1 × ideological report in 2021-Q2 at 3"
            ),
            sources=("e4",),
        ),
    ]


def test_per_event_cap_over_all_events() -> None:
    rule = PerEvent(key="reports", event="report", points=Dec(3), cap=Dec(6))
    events = [report(f"e{n}", D(2021, n, 1), "2021001") for n in (1, 5, 9)]
    assert rule.awards(context(AS_OF, events=events), REPORTS) == [
        Award(
            points=Dec(6),
            reason=Label(zh="思想汇报3次×3，封顶6", en="3 × ideological report at 3, capped at 6"),
            sources=("e1", "e5", "e9"),
        )
    ]


# --- scaled, ratio, bonus ------------------------------------------------------------------


def test_scaled_exam_score() -> None:
    rule = Scaled(key="exam", fact="exam_score", factor=Dec("0.15"))
    # 87 × 0.15 = 13.05, exactly.
    assert rule.awards(context(AS_OF, exam_score=87), REPORTS) == [
        Award(points=Dec("13.05"), reason=Label(zh="考试成绩87×0.15", en="exam score 87 × 0.15"))
    ]
    assert rule.awards(context(AS_OF), REPORTS) == []
    capped = Scaled(key="exam", fact="exam_score", factor=Dec("0.15"), cap=Dec(10))
    assert capped.awards(context(AS_OF, exam_score=87), REPORTS)[0].points == Dec(10)


def test_scaled_points_round_half_up_to_the_precision() -> None:
    dim = dimension("exam", Scaled(key="exam", fact="exam_score", factor=Dec("0.15")))
    assert exact(score(dim, exam_score=87).points, "13.05")
    # Half up: 13.05 → 13.1 (half even would give 13.0); to whole points 13.
    assert exact(score(dim, precision="0.1", exam_score=87).points, "13.1")
    assert exact(score(dim, precision="1", exam_score=87).points, "13")


def test_scaled_decimal_fact() -> None:
    rule = Scaled(key="literacy", fact="literacy", factor=Dec("0.2"))
    awards = rule.awards(context(AS_OF, literacy=Dec("88.5")), REPORTS)
    assert [str(award.points) for award in awards] == ["17.70"]


REVIEW = Ratio(key="approval", numerator="review_yes", denominator="review_voters", scale=Dec(30))


def test_ratio_yes_over_voters() -> None:
    # 17 / 20 × 30 = 25.5.
    assert REVIEW.awards(context(AS_OF, review_yes=17, review_voters=20), REPORTS) == [
        Award(
            points=Dec("25.5"),
            reason=Label(
                zh="评议赞成数17÷评议人数20×30", en="review approvals 17 / reviewers 20 × 30"
            ),
        )
    ]


def test_ratio_without_a_denominator_gives_nothing() -> None:
    assert REVIEW.awards(context(AS_OF, review_yes=0, review_voters=0), REPORTS) == []
    assert REVIEW.awards(context(AS_OF, review_yes=3), REPORTS) == []
    assert REVIEW.awards(context(AS_OF, review_voters=3), REPORTS) == []


@pytest.mark.parametrize(
    ("yes", "voters", "points"),
    [
        # 1 / 48 × 30 = 0.625 exactly: half up gives 0.63. Dividing first would round
        # 1 / 48 to 28 digits, and 0.6249…9 would round down to 0.62.
        (1, 48, "0.63"),
        (2, 3, "20.00"),  # 2 / 3 × 30 = 20 exactly
        (1, 3, "10.00"),
        (1, 7, "4.29"),  # 4.2857…
        (20, 20, "30.00"),
    ],
)
def test_ratio_is_exact_before_rounding(yes: int, voters: int, points: str) -> None:
    dim = dimension("review", REVIEW)
    assert exact(score(dim, review_yes=yes, review_voters=voters).points, points)


def test_bonus_and_penalty() -> None:
    bonus = Bonus(
        key="recommended", when=Present(key="recommended", fact="recommended"), points=Dec(2)
    )
    assert bonus.awards(context(AS_OF, recommended=True), REPORTS) == [
        Award(points=Dec(2), reason=Label(zh="推荐推优：是", en="recommended: yes"))
    ]
    assert bonus.awards(context(AS_OF, recommended=False), REPORTS) == []
    assert bonus.awards(context(AS_OF), REPORTS) == []  # unknown gives nothing either
    penalty = Bonus(
        key="failed",
        when=Compare(key="failed", fact="exam_score", op="<", value=60),
        points=Dec(-5),
    )
    assert penalty.awards(context(AS_OF, exam_score=59), REPORTS) == [
        Award(
            points=Dec(-5),
            reason=Label(
                zh="考试成绩为59，要求低于60", en="exam score is 59; required less than 60"
            ),
        )
    ]
    assert penalty.awards(context(AS_OF, exam_score=60), REPORTS) == []
    assert penalty.reads() == ("exam_score",)


# --- rank bands ----------------------------------------------------------------------------

TOP_FIFTH = RankBand(
    key="rank", fact="course_score", top_share=Dec("0.2"), top_points=Dec(10), step_places=10
)


@pytest.mark.parametrize(
    ("rank", "points"),
    [(1, 10), (5, 10), (6, 9), (15, 9), (16, 8), (25, 8)],
)
def test_rank_band_points_of_25_places(rank: int, points: int) -> None:
    # Top 20% of 25 = 5 places get 10; places 6–15 get 9; places 16–25 get 8.
    assert TOP_FIFTH.points_for(rank, 25) == points


def test_rank_band_steps_and_floor() -> None:
    rule = RankBand(
        key="rank",
        fact="course_score",
        top_share=Dec("0.2"),
        top_points=Dec(100),
        step_points=Dec(5),
        floor=Dec(70),
    )
    # 100 places: 20 on top; 21–30 lose one step, 31–40 two, ...; never below 70.
    assert [rule.points_for(rank, 100) for rank in (20, 21, 30, 31, 60, 61, 71, 100)] == [
        100, 95, 95, 90, 80, 75, 70, 70,
    ]  # fmt: skip
    # The top band is rounded up and has at least one place: 20% of 3 is 0.6 → 1 place.
    assert [rule.points_for(rank, 3) for rank in (1, 2, 3)] == [100, 95, 95]
    assert rule.points_for(1, 1) == 100


def test_rank_band_over_25_candidates() -> None:
    people = [
        candidate(f"20210{n:02d}", group="fin-2101", course_score=Dec(100 - n))
        for n in range(1, 26)
    ]
    found = scores(dimension("coursework", TOP_FIFTH), people)
    points = [found[f"20210{n:02d}"].points for n in range(1, 26)]
    assert points == [Dec(10)] * 5 + [Dec(9)] * 10 + [Dec(8)] * 10
    assert found["2021001"].awards == (
        Award(
            points=Dec("10.00"),
            reason=Label(
                zh="课业成绩99，（fin-2101组）排名1/25",
                en="course score 99, ranked 1 of 25 in group fin-2101",
            ),
        ),
    )


def test_rank_band_ties_share_the_better_rank() -> None:
    values = [95, 94, 93, 92, 91, 91, 90] + [50] * 18  # places 5 and 6 tie; 25 in all
    people = [candidate(f"c{n:02d}", course_score=Dec(v)) for n, v in enumerate(values, start=1)]
    found = scores(dimension("coursework", TOP_FIFTH), people)
    # c05 and c06 both rank 5 (top band); c07 ranks 7; the 18 at 50 all rank 8 (place 8 → 9).
    assert [found[f"c{n:02d}"].points for n in (5, 6, 7, 8, 25)] == [10, 10, 9, 9, 9]
    assert found["c06"].awards[0].reason.en == "course score 91, ranked 5 of 25"
    assert found["c25"].awards[0].reason.zh == "课业成绩50，排名8/25"


def test_rank_band_ranks_each_group_separately() -> None:
    people = [
        candidate("a1", group="a", course_score=Dec(90)),
        candidate("a2", group="a", course_score=Dec(80)),
        candidate("a3", group="a", course_score=Dec(70)),
        candidate("b1", group="b", course_score=Dec(60)),
        candidate("b2", group="b", course_score=Dec(50)),
        candidate("n1", group="b"),  # no score: not ranked, not counted in the group
    ]
    found = scores(dimension("coursework", TOP_FIFTH), people)
    assert {key: s.points for key, s in found.items()} == {
        "a1": 10, "a2": 9, "a3": 9, "b1": 10, "b2": 9, "n1": 0,
    }  # fmt: skip
    assert found["b2"].awards[0].reason.en == "course score 50, ranked 2 of 2 in group b"
    assert found["n1"].awards == ()


def test_rank_band_lower_is_better() -> None:
    rule = RankBand(
        key="rank",
        fact="course_score",
        top_share=Dec("0.5"),
        top_points=Dec(2),
        step_places=1,
        higher_is_better=False,
    )
    people = [candidate(f"c{n}", course_score=Dec(v)) for n, v in enumerate([3, 1, 2, 4])]
    found = scores(dimension("coursework", rule), people)
    # Ranks by lower value: c1 (1), c2 (2), c0 (3), c3 (4); the top half get 2, then 1, 0.
    assert {key: s.points for key, s in found.items()} == {"c1": 2, "c2": 2, "c0": 1, "c3": 0}


# --- plugin point rules --------------------------------------------------------------------


def test_rule_call_through_the_context() -> None:
    seen: list[PointInput] = []

    def theme_days(given: PointInput) -> Sequence[Award]:
        seen.append(given)
        each = given.params["each"]
        assert isinstance(each, Dec)
        days = [event.id for event in given.events if event.kind == "theme_day"]
        return [
            Award(
                points=each * len(days),
                reason=Label(zh="主题党日", en="theme days"),
                sources=tuple(days),
            )
        ]

    rule = RuleCall(key="theme", rule="theme_days", params={"each": Dec("0.125")})
    events = [report(f"t{n}", D(2021, n, 1), "2021001", kind="theme_day") for n in (3, 6, 9)]
    found = scores(
        dimension("theme", rule),
        [candidate("2021001", exam_score=80)],
        events=events,
        point_rules={"theme_days": theme_days},
    )
    # 3 × 0.125 = 0.375 → 0.38.
    assert found["2021001"].awards == (
        Award(
            points=Dec("0.38"),
            reason=Label(zh="主题党日", en="theme days"),
            sources=("t3", "t6", "t9"),
        ),
    )
    assert seen == [
        PointInput(
            subject="2021001",
            facts={"exam_score": 80},
            events=tuple(events),
            params={"each": Dec("0.125")},
            period=None,
        )
    ]


def test_rule_call_without_a_plugin_or_with_float_points() -> None:
    rule = RuleCall(key="theme", rule="theme_days")
    with pytest.raises(LookupError, match="no plugin provides the point rule 'theme_days'"):
        rule.awards(context(AS_OF), REPORTS)

    def floats(given: PointInput) -> Sequence[Award]:
        return [Award(points=cast("Dec", 1.5), reason=REPORTS)]

    with pytest.raises(TypeError, match="point rule 'theme_days' must return Awards with Decimal"):
        rule.awards(context(AS_OF, point_rules={"theme_days": floats}), REPORTS)


# --- dimensions: base, cap, floor, weight --------------------------------------------------


def test_dimension_base_cap_and_weight() -> None:
    dim = dimension(
        "political",
        PerEvent(key="reports", event="report", points=Dec(3)),
        base="70",
        cap="100",
        weight="0.3",
    )
    events = [report(f"e{n:02d}", D(2021, 1, n), "2021001") for n in range(1, 13)]
    found = score(dim, events=events)
    # 70 + 12 × 3 = 106, capped at 100; × 0.3 = 30.
    assert (found.base, found.earned, found.points) == (Dec(70), Dec(106), Dec(100))
    assert exact(found.earned, "106.00")
    assert exact(found.weighted, "30.00")
    assert found.awards[0].sources == tuple(f"e{n:02d}" for n in range(1, 13))
    # Without events, the base alone: 70 × 0.3 = 21.
    assert exact(score(dim).weighted, "21.00")


def test_dimension_floor_after_a_penalty() -> None:
    penalty = Bonus(
        key="failed",
        when=Compare(key="failed", fact="exam_score", op="<", value=60),
        points=Dec(-5),
    )
    dim = dimension("conduct", penalty, base="3", floor="0")
    found = score(dim, exam_score=40)
    # 3 − 5 = −2, raised to the floor 0.
    assert (found.earned, found.points, found.weighted) == (Dec(-2), Dec(0), Dec(0))
    assert exact(found.earned, "-2.00")
    assert exact(score(dimension("conduct", penalty, base="3"), exam_score=40).points, "-2.00")


def test_weighted_dimension_rounds_half_up() -> None:
    dim = dimension("literacy", Scaled(key="s", fact="literacy", factor=Dec(1)), weight="0.5")
    # 4.69 × 0.5 = 2.345 → 2.35.
    found = score(dim, literacy=Dec("4.69"))
    assert exact(found.points, "4.69")
    assert exact(found.weighted, "2.35")


def test_each_award_is_rounded_before_adding_up() -> None:
    events = [report(f"e{n}", D(2021, n, 1), "2021001") for n in (1, 2, 3)]
    together = PerEvent(key="r", event="report", points=Dec("0.125"))
    by_month = PerEvent(key="r", event="report", points=Dec("0.125"), cap_per=PeriodKind.MONTH)
    # One award of 3 × 0.125 = 0.375 → 0.38; three awards of 0.125 → 0.13 each → 0.39.
    assert exact(score(dimension("a", together), events=events).points, "0.38")
    month = score(dimension("a", by_month), events=events)
    assert [str(award.points) for award in month.awards] == ["0.13", "0.13", "0.13"]
    assert exact(month.points, "0.39")


def test_no_float_anywhere() -> None:
    dim = dimension(
        "mixed",
        Scaled(key="s", fact="exam_score", factor=Dec("0.15")),
        Ratio(key="r", numerator="review_yes", denominator="review_voters", scale=Dec(30)),
        PerEvent(key="p", event="report", points=Dec("1.5")),
        base="10",
        weight="0.7",
    )
    found = score(
        dim,
        events=[report("e1", D(2021, 5, 1), "2021001")],
        exam_score=87,
        review_yes=17,
        review_voters=20,
    )
    values = [found.base, found.earned, found.points, found.weighted]
    values += [award.points for award in found.awards]
    assert all(type(value) is Dec for value in values)
    # 10 + 13.05 + 25.50 + 1.50 = 50.05; × 0.7 = 35.035 → 35.04.
    assert exact(found.earned, "50.05")
    assert exact(found.weighted, "35.04")
