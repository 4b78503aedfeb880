"""The evaluation's HTML page: what it shows, from the report's own figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branchkit.framework import Area, Framework, Practice
from branchkit.framework.evaluation import Evaluation
from branchkit.framework.indicators import Indicator
from branchkit.framework.scorecard import score
from branchkit.framework.standard import Criterion, GradeBand, IndicatorLink, Standard
from branchkit.records import Label, Period
from branchkit.report.evaluation import EvaluationReport
from branchkit.report.evaluation_html import evaluation_page
from branchkit.report.html import ChartBlock, TableBlock, render_html


def label(zh: str, en: str) -> Label:
    return Label(zh=zh, en=en)


FRAMEWORK = Framework(
    key="demo",
    label=label("示例支部", "Demo branch"),
    organisation=label("示例学院", "Demo College"),
    areas=(
        Area(
            key="students",
            label=label("服务学生", "Students"),
            approach=label("三机制", "Three mechanisms"),
            practices=(Practice(key="days", label=label("主题党日", "Party days")),),
        ),
        Area(
            key="region",
            label=label("服务区域", "Region"),
            approach=label("三合作", "Three cooperations"),
            practices=(Practice(key="sends", label=label("三送", "Three sends")),),
        ),
    ),
)
# Party days 9 of 12 (partly, 75%); services 12 of 10 (met, 100%); reports informational.
HELD = Indicator.judged(
    key="held", label=label("主题党日次数", "Party days held"), practice="days",
    value=Decimal(9), unit=label("次", "days"), target=Decimal(12), area="students",
)  # fmt: skip
SENDS = Indicator.judged(
    key="sends", label=label("三送次数", "Services"), practice="sends",
    value=Decimal(12), unit=label("场", "events"), target=Decimal(10), area="region",
)  # fmt: skip
REPORTS = Indicator.judged(
    key="reports", label=label("媒体报道", "Media reports"), practice="sends",
    value=Decimal(4), unit=label("次", "reports"), target=None, area="region",
)  # fmt: skip
CRITERIA = tuple(Criterion(key=key, label=label(f"{key}有力", key)) for key in ("a", "b", "c"))
STANDARD = Standard(
    key="demo",
    label=label("示例标准", "Demo standard"),
    criteria=CRITERIA,
    links=(
        IndicatorLink(indicator="held", criterion="a"),
        IndicatorLink(indicator="sends", criterion="b"),
        IndicatorLink(indicator="held", criterion="c"),
        IndicatorLink(indicator="sends", criterion="c"),
    ),
    bands=(
        GradeBand(key="pass", label=label("合格", "pass"), at_least=Decimal(0)),
        GradeBand(key="good", label=label("良好", "good"), at_least=Decimal(80)),
    ),
)


def report(earlier: Evaluation | None = None) -> EvaluationReport:
    indicators = (HELD, SENDS, REPORTS)
    evaluation = Evaluation(
        framework="demo",
        period=Period.parse("2021-2022"),
        as_of=dt.date(2022, 8, 31),
        indicators=indicators,
        scorecards=(score(STANDARD, indicators, unit="demo", areas=["students", "region"]),),
        rules="ab" * 32,
        data="cd" * 32,
    )
    return EvaluationReport(
        framework=FRAMEWORK, evaluation=evaluation, standards={"demo": STANDARD}, earlier=earlier
    )


def test_the_page_by_hand() -> None:
    page = evaluation_page(report(), "zh")
    # Criteria a 75, b 100, c (75 + 100) / 2 = 87.5; overall (75 + 100 + 87.5) / 3 = 87.50.
    assert [(f.label, f.value) for f in page.summary] == [
        ("示例标准", "87.50 · 良好"),
        ("达标指标", "1/2"),
    ]
    assert [section.heading for section in page.sections] == ["示例标准", "服务学生", "服务区域"]
    standard, students, region = page.sections
    radar, criteria = standard.blocks
    assert isinstance(radar, ChartBlock)
    assert isinstance(criteria, TableBlock)
    # The standard's own column is left out: the heading names it.
    assert "示例标准" not in criteria.rows[0]
    assert [row[2] for row in criteria.rows] == ["75.00", "100.00", "87.50"]
    # The region's bars: the scored indicator only, at its attainment against 100%.
    bars, table = region.blocks
    assert isinstance(bars, ChartBlock)
    assert "Services" not in bars.svg
    assert "三送次数" in bars.svg
    assert "媒体报道" not in bars.svg
    assert isinstance(table, TableBlock)
    assert [row[1] for row in table.rows] == ["三送次数", "媒体报道"]
    assert page.footer == (f"规则指纹 {'ab' * 32}", f"数据指纹 {'cd' * 32}")
    assert students.blocks


def test_coverage_and_ranking_sections() -> None:
    page = evaluation_page(
        report(),
        "en",
        coverage=[("Branch to classes", 9, 10)],
        ranking=[("2021001 Li Na", Decimal("87.5"), True, (("politics", Decimal(40)),))],
    )
    headings = [section.heading for section in page.sections]
    assert headings[-2:] == ["Contact coverage", "Points ranking"]
    html = render_html(page)
    assert "Branch to classes" in html
    assert "2021001 Li Na" in html
    assert html.count("<svg") == 5  # radar, two areas' bars, coverage, ranking


def test_the_earlier_period_is_drawn_on_the_radar() -> None:
    before = report().evaluation
    page = evaluation_page(report(earlier=before), "en")
    radar = page.sections[0].blocks[0]
    assert isinstance(radar, ChartBlock)
    assert "stroke-dasharray" in radar.svg
    # The comparison table joins the page's other tables.
    assert page.sections[-1].heading == "Other"
