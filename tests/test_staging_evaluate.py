"""A points contest evaluated by hand: gates, points, bands, rank, tie-breaks and the quota.

The contest (see ``pk_scheme``): study is 70 + 3 per ideological report, at most 100; service
is 2 per service hour + 5 when recommended, at most 100; each weighs 0.5. Ties are broken by
study, then the earlier activist date, then the id. Judged on 2022-06-30:

=========  ==========  ====  =====  ====  =======  =====================  ===========  ======
id         activist    exam  hours  rec.  reports  study (× 0.5)          service      total
=========  ==========  ====  =====  ====  =======  =====================  ===========  ======
2021001    2021-03-01  90    45     yes   6        70 + 18 = 88 → 44.00   95 → 47.50   91.50
2021002    2021-03-01  75    38     no    8        70 + 24 = 94 → 47.00   76 → 38.00   85.00
2021003    2021-02-01  80    40     yes   5        70 + 15 = 85 → 42.50   85 → 42.50   85.00
2021004    2021-01-10  70    40     yes   5        85 → 42.50             85 → 42.50   85.00
2021005    2021-01-10  65    40     yes   5        85 → 42.50             85 → 42.50   85.00
2021006    2021-04-01  60    41     no    2        76 → 38.00             82 → 41.00   79.00
2021007    2021-03-01  55    50     yes   12       106 → 100 → 50.00      105 → 100    100.00
2021008    (none)      88    (none) (no)  0        70 → 35.00             0 → 0.00     35.00
=========  ==========  ====  =====  ====  =======  =====================  ===========  ======

2021007 fails the exam and 2021008's activist date is missing (unknown): both are ineligible.
The four at 85.00 are ordered 2021002 (more study points), then 2021004 and 2021005 (activist
since 2021-01-10; by id between them), then 2021003 (activist since 2021-02-01). With a quota
of 3, the tie at 85.00 straddles the quota line.
"""

from __future__ import annotations

import datetime as dt
import decimal

import attrs
import pytest

from branchkit.mechanisms import Award, Outcome
from branchkit.mechanisms.fingerprint import fingerprint
from branchkit.mechanisms.staging import (
    Candidate,
    CandidateResult,
    Decision,
    Dimension,
    DimensionScore,
    GateResult,
    PerEvent,
    Scheme,
    Selection,
    StagingResult,
    TieBreak,
    evaluate,
)
from branchkit.records import Event, Label
from tests.staging_support import candidate, label, pk_scheme, report, reports

D = dt.date
Dec = decimal.Decimal
AS_OF = D(2022, 6, 30)

CANDIDATES = (
    candidate(
        "2021001", activist_date=D(2021, 3, 1), exam_score=90, service_hours=45, recommended=True
    ),
    candidate(
        "2021002", activist_date=D(2021, 3, 1), exam_score=75, service_hours=38, recommended=False
    ),
    candidate(
        "2021003", activist_date=D(2021, 2, 1), exam_score=80, service_hours=40, recommended=True
    ),
    candidate(
        "2021004", activist_date=D(2021, 1, 10), exam_score=70, service_hours=40, recommended=True
    ),
    candidate(
        "2021005", activist_date=D(2021, 1, 10), exam_score=65, service_hours=40, recommended=True
    ),
    candidate(
        "2021006", activist_date=D(2021, 4, 1), exam_score=60, service_hours=41, recommended=False
    ),
    candidate(
        "2021007", activist_date=D(2021, 3, 1), exam_score=55, service_hours=50, recommended=True
    ),
    candidate("2021008", exam_score=88),
    # At another stage: not ranked at the activist stage.
    candidate("2021010", stage="applicant", exam_score=99, service_hours=50),
)
REPORT_COUNTS = {"2021001": 6, "2021002": 8, "2021003": 5, "2021004": 5, "2021005": 5}
REPORT_COUNTS |= {"2021006": 2, "2021007": 12, "2021010": 3}
EVENTS = (
    *(
        event
        for person, count in REPORT_COUNTS.items()
        for event in reports(person, count, D(2022, 1, 3))
    ),
    report("late", D(2022, 7, 1), "2021001"),  # after the day judged: does not count
)
ORDER = ["2021001", "2021002", "2021004", "2021005", "2021003", "2021006", "2021007", "2021008"]


def run(
    scheme: Scheme | None = None, *, quota: int | None = None, stage: str | None = None
) -> StagingResult:
    """The contest of :data:`CANDIDATES` on :data:`AS_OF`."""
    return evaluate(
        scheme if scheme is not None else pk_scheme(),
        CANDIDATES,
        as_of=AS_OF,
        events=EVENTS,
        quota=quota,
        stage=stage,
    )


def by_id(result: StagingResult) -> dict[str, CandidateResult]:
    return {r.id: r for r in result.candidates}


def test_the_first_candidate_in_full() -> None:
    first = run().candidates[0]
    sources = tuple(f"2021001-r{n:02d}" for n in range(6))
    assert first == CandidateResult(
        id="2021001",
        name="候选人2021001",
        stage="activist",
        group="",
        gates=(
            GateResult(
                key="one_year",
                label=label("培养考察满一年", "one year as activist"),
                outcome=Outcome.PASSED,
                reason=label(
                    "自确定积极分子日期（2021-03-01）起已满1年",
                    "1 year since activist date (2021-03-01) reached",
                ),
                facts=("activist_date",),
            ),
            GateResult(
                key="exam",
                label=label("考试合格", "exam passed"),
                outcome=Outcome.PASSED,
                reason=label(
                    "考试成绩为90，要求不低于60", "exam score is 90; required at least 60"
                ),
                facts=("exam_score",),
            ),
        ),
        eligible=True,
        dimensions=(
            DimensionScore(
                key="study",
                label=label("学习", "study"),
                base=Dec(70),
                earned=Dec("88.00"),
                points=Dec("88.00"),
                weighted=Dec("44.00"),
                awards=(
                    Award(
                        points=Dec("18.00"),
                        reason=label("思想汇报6次×3", "6 × ideological report at 3"),
                        sources=sources,
                    ),
                ),
            ),
            DimensionScore(
                key="service",
                label=label("服务", "service"),
                base=Dec(0),
                earned=Dec("95.00"),
                points=Dec("95.00"),
                weighted=Dec("47.50"),
                awards=(
                    Award(
                        points=Dec("90.00"),
                        reason=label("志愿服务时长45×2", "service hours 45 × 2"),
                    ),
                    Award(points=Dec("5.00"), reason=label("推荐推优：是", "recommended: yes")),
                ),
            ),
        ),
        total=Dec("91.50"),
        band="priority",
        rank=1,
        selected=True,
    )
    assert str(first.total) == "91.50"


def test_ranking_totals_bands_and_selection() -> None:
    result = run()
    assert [
        (r.id, str(r.total), r.band, r.rank, r.eligible, r.selected, r.needs_decision)
        for r in result.candidates
    ] == [
        ("2021001", "91.50", "priority", 1, True, True, False),
        ("2021002", "85.00", "key", 2, True, True, False),
        ("2021004", "85.00", "key", 3, True, True, False),
        ("2021005", "85.00", "key", 4, True, False, False),
        ("2021003", "85.00", "key", 5, True, False, False),
        ("2021006", "79.00", "general", 6, True, False, False),
        # Ineligible, after the ranked, by id: the best total is not enough.
        ("2021007", "100.00", "priority", None, False, False, False),
        ("2021008", "35.00", "general", None, False, False, False),
    ]
    assert result.counts == {"candidates": 8, "eligible": 6, "selected": 3, "needs_decision": 0}
    assert (result.scheme, result.as_of, result.stage, result.quota) == (
        "demo",
        AS_OF,
        "activist",
        3,
    )


def test_points_of_the_capped_and_the_empty() -> None:
    found = by_id(run())
    study, service = found["2021007"].dimensions
    # 70 + 12 × 3 = 106 and 2 × 50 + 5 = 105, both capped at 100.
    assert (study.earned, study.points, study.weighted) == (Dec(106), Dec(100), Dec(50))
    assert (str(study.earned), str(study.points), str(study.weighted)) == (
        "106.00",
        "100.00",
        "50.00",
    )
    assert (str(service.earned), str(service.points)) == ("105.00", "100.00")
    assert str(service.weighted) == "50.00"
    study, service = found["2021008"].dimensions
    assert (str(study.points), study.awards, str(study.weighted)) == ("70.00", (), "35.00")
    assert (str(service.points), service.awards, str(service.weighted)) == ("0.00", (), "0.00")


def test_gates_of_the_ineligible() -> None:
    found = by_id(run())
    exam = found["2021007"].gates[1]
    assert (exam.outcome, exam.reason) == (
        Outcome.FAILED,
        label("考试成绩为55，要求不低于60", "exam score is 55; required at least 60"),
    )
    year, exam = found["2021008"].gates
    assert (year.outcome, year.reason) == (
        Outcome.UNKNOWN,
        label("缺少确定积极分子日期", "missing: activist date"),
    )
    assert exam.outcome is Outcome.PASSED
    # 2021006's exam is exactly 60: it passes.
    assert found["2021006"].gates[1].outcome is Outcome.PASSED


def test_tie_notes_name_the_step_that_decided() -> None:
    found = by_id(run())
    at_quota = "（名额线上同分）"
    assert found["2021001"].tie is None
    assert found["2021006"].tie is None
    assert found["2021002"].tie == label(
        f"与2021004总分同为85.00{at_quota}，依学习（高者优先）排序",
        "same total 85.00 as 2021004 (a tie at the quota); ordered by study (higher first)",
    )
    assert found["2021004"].tie == label(
        f"与2021002总分同为85.00{at_quota}，依学习（高者优先）排序",
        "same total 85.00 as 2021002 (a tie at the quota); ordered by study (higher first)",
    )
    assert found["2021005"].tie == label(
        f"与2021004总分同为85.00{at_quota}，依编号排序",
        "same total 85.00 as 2021004 (a tie at the quota); ordered by id",
    )
    assert found["2021003"].tie == label(
        f"与2021005总分同为85.00{at_quota}，依确定积极分子日期（早者优先）排序",
        "same total 85.00 as 2021005 (a tie at the quota); "
        "ordered by activist date (earlier first)",
    )


def test_a_tie_inside_the_quota_is_not_at_the_quota() -> None:
    result = run(quota=5)
    assert [r.id for r in result.candidates if r.selected] == ORDER[:5]
    assert by_id(result)["2021005"].tie == label(
        "与2021004总分同为85.00，依编号排序", "same total 85.00 as 2021004; ordered by id"
    )
    assert result.counts["selected"] == 5
    assert result.quota == 5


def test_boundary_tie_flagged_for_a_decision() -> None:
    result = run(pk_scheme(on_boundary_tie="flag"))
    assert [r.id for r in result.candidates] == ORDER
    # Only those strictly above the tied total are selected; the tied ones need a decision.
    assert [(r.id, r.rank, r.selected, r.needs_decision) for r in result.candidates[:6]] == [
        ("2021001", 1, True, False),
        ("2021002", 2, False, True),
        ("2021004", 3, False, True),
        ("2021005", 4, False, True),
        ("2021003", 5, False, True),
        ("2021006", 6, False, False),
    ]
    assert result.counts == {"candidates": 8, "eligible": 6, "selected": 1, "needs_decision": 4}


@pytest.mark.parametrize(
    ("quota", "mode", "selected", "needs_decision"),
    [
        (0, "break", [], []),
        (0, "flag", [], []),
        (1, "flag", ["2021001"], []),  # 91.50 against 85.00: no tie at the line
        (2, "break", ORDER[:2], []),
        (2, "flag", ["2021001"], ORDER[1:5]),
        (5, "flag", ORDER[:5], []),  # the tie is inside the quota
        (6, "flag", ORDER[:6], []),
        (10, "break", ORDER[:6], []),  # more places than eligible candidates
    ],
)
def test_quota_and_tie_modes(
    quota: int, mode: str, selected: list[str], needs_decision: list[str]
) -> None:
    scheme = pk_scheme(on_boundary_tie=mode)  # type: ignore[arg-type]
    result = run(scheme, quota=quota)
    assert [r.id for r in result.candidates if r.selected] == selected
    assert [r.id for r in result.candidates if r.needs_decision] == needs_decision
    assert result.quota == quota


def test_without_a_quota_every_eligible_is_selected() -> None:
    result = run(pk_scheme(quota=None))
    assert result.quota is None
    assert [r.id for r in result.candidates if r.selected] == ORDER[:6]
    assert all(r.tie is None or "名额线" not in r.tie.zh for r in result.candidates)


def test_events_after_the_day_judged_do_not_count() -> None:
    later = evaluate(pk_scheme(), CANDIDATES, as_of=D(2022, 7, 1), events=EVENTS)
    first = by_id(later)["2021001"]
    # The report of 2022-07-01 now counts: 70 + 7 × 3 = 91 → 45.50; total 93.00.
    assert str(first.dimensions[0].weighted) == "45.50"
    assert str(first.total) == "93.00"
    assert len(first.dimensions[0].awards[0].sources) == 7


def test_stage_override() -> None:
    result = run(stage="applicant")
    assert result.stage == "applicant"
    assert [r.id for r in result.candidates] == ["2021010"]
    # There is no move from applicant to development_target: no gates to pass.
    (only,) = result.candidates
    # 70 + 3 × 3 = 79 → 39.50; 2 × 50 = 100 → 50.00.
    assert (only.gates, only.eligible, only.rank, str(only.total)) == ((), True, 1, "89.50")


def test_fingerprint_names_the_rules_not_the_candidates() -> None:
    result = run()
    assert result.fingerprint == fingerprint(pk_scheme())
    assert len(result.fingerprint) == 64
    fewer = evaluate(pk_scheme(), CANDIDATES[:3], as_of=AS_OF, events=EVENTS[:4])
    assert fewer.fingerprint == result.fingerprint
    assert run(pk_scheme(report_points="4")).fingerprint != result.fingerprint
    assert run(pk_scheme(quota=4)).fingerprint != result.fingerprint
    # The quota given to evaluate is not part of the rules.
    assert run(quota=4).fingerprint == result.fingerprint


def test_candidate_order_does_not_matter() -> None:
    assert evaluate(pk_scheme(), reversed(CANDIDATES), as_of=AS_OF, events=EVENTS[::-1]) == run()


def test_a_scheme_that_only_ranks() -> None:
    # No stages, no dimensions: every total is 0, and the chain alone orders the candidates.
    def ranking(order: str) -> list[str]:
        scheme = Scheme(
            key="rank",
            label=label("排名", "rank"),
            facts=tuple(f for f in pk_scheme().facts if f.key == "literacy"),
            selection=Selection(
                tie_breaks=(TieBreak(by="fact", key="literacy", order=order),)  # type: ignore[arg-type]
            ),
        )
        people = [
            Candidate(id="x", stage="a", facts={"literacy": Dec(80)}),
            Candidate(id="y", stage="b"),
            Candidate(id="z", stage="c", facts={"literacy": Dec(90)}),
            Candidate(id="w", stage="d", facts={"literacy": Dec(80)}),
        ]
        result = evaluate(scheme, people, as_of=AS_OF)
        return [r.id for r in result.candidates]

    # A candidate without the fact comes last either way; equal values fall back to the id.
    assert ranking("desc") == ["z", "w", "x", "y"]
    assert ranking("asc") == ["w", "x", "z", "y"]


def test_a_tie_break_on_a_dimension_uses_its_weighted_points() -> None:
    scheme = Scheme(
        key="rank",
        label=label("排名", "rank"),
        dimensions=(
            Dimension(
                key="a",
                label=label("甲", "a"),
                rules=(PerEvent(key="p", event="report", points=Dec(1)),),
                weight=Dec(2),
            ),
            Dimension(
                key="b",
                label=label("乙", "b"),
                rules=(PerEvent(key="p", event="talk", points=Dec(1)),),
            ),
        ),
        selection=Selection(tie_breaks=(TieBreak(by="dimension", key="b"),)),
    )
    events: list[Event] = [
        report("r1", D(2022, 1, 1), "p1"),  # p1: a = 1 × 2 = 2, b = 0
        report("t1", D(2022, 1, 1), "p2", kind="talk"),  # p2: a = 0, b = 2
        report("t2", D(2022, 1, 2), "p2", kind="talk"),
    ]
    people = [Candidate(id="p1", stage="x"), Candidate(id="p2", stage="x")]
    result = evaluate(scheme, people, as_of=AS_OF, events=events)
    assert [(r.id, str(r.total)) for r in result.candidates] == [("p2", "2.00"), ("p1", "2.00")]
    assert result.candidates[0].tie == Label(
        zh="与p1总分同为2.00，依乙（高者优先）排序",
        en="same total 2.00 as p1; ordered by b (higher first)",
    )


def test_a_decision_can_be_recorded_on_a_result() -> None:
    first = run().candidates[0]
    decided = attrs.evolve(
        first, decision=Decision(outcome="confirmed", by="支部委员会", on=D(2022, 7, 5))
    )
    assert decided.decision is not None
    assert decided.decision.outcome == "confirmed"
    assert first.decision is None
