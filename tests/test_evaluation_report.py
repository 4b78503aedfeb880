"""The evaluation report's tables, JSON, Markdown and sheets, for a branch worked out by hand.

The branch, its two years and every figure are in ``tests/evaluation_support.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest

from branchkit import Host
from branchkit.framework.evaluation import Evaluation, evaluate
from branchkit.framework.model import Framework
from branchkit.framework.scorecard import Direction
from branchkit.plugins.contributions import (
    Block,
    Metric,
    Paragraph,
    ReportContext,
    ReportSection,
    Table,
)
from branchkit.records import Label, Period
from branchkit.records.privacy import PrivacyPolicy
from branchkit.report.disclosure import Disclosure
from branchkit.report.evaluation import EvaluationReport, compare_evaluations, sheet_names
from branchkit.report.markdown import markdown_cell, markdown_table, render_markdown
from tests.evaluation_support import Branch, write_branch

YEAR = Period.parse("2021-2022")
EARLIER = Period.parse("2020-2021")


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(autoload=False)


@pytest.fixture(scope="module")
def branch(tmp_path_factory: pytest.TempPathFactory) -> Branch:
    return write_branch(tmp_path_factory.mktemp("branch"))


@pytest.fixture(scope="module")
def framework(host: Host, branch: Branch) -> Framework:
    found = host.load(branch.framework).framework
    assert found is not None
    return found


def evaluation_of(host: Host, framework: Framework, folder: Path, period: Period) -> Evaluation:
    loaded = host.load(folder)
    return evaluate(
        framework,
        dataset=loaded.dataset,
        sections=loaded.sections,
        period=period,
        as_of=period.end,
        sources=host.indicator_sources(),
        standards=host.standards(),
    )


@pytest.fixture(scope="module")
def current(host: Host, framework: Framework, branch: Branch) -> Evaluation:
    return evaluation_of(host, framework, branch.current, YEAR)


@pytest.fixture(scope="module")
def earlier(host: Host, framework: Framework, branch: Branch) -> Evaluation:
    return evaluation_of(host, framework, branch.earlier, EARLIER)


def report_of(
    framework: Framework,
    current: Evaluation,
    earlier: Evaluation | None = None,
    sections: Sequence[ReportSection] = (),
) -> EvaluationReport:
    return EvaluationReport(
        framework=framework,
        evaluation=current,
        earlier=earlier,
        sections=tuple(sections),
    )


def rows_of(report: EvaluationReport, key: str, language: str = "en") -> list[list[str]]:
    for table in report.tables(language):  # type: ignore[arg-type]
        if table.key == key:
            return table.rows
    raise KeyError(key)


def test_the_heading_names_the_branch_period_day_and_fingerprints(
    framework: Framework, current: Evaluation
) -> None:
    report = report_of(framework, current)
    assert report.heading("zh") == (
        f"示例支部 · 2021—2022学年 · 2022-08-31 · 规则 {current.rules[:12]} · "
        f"数据 {current.data[:12]}"
    )
    assert report.heading("en").startswith("Demo branch · academic year 2021-2022 · 2022-08-31")
    assert [table.key for table in report.tables("en")] == [
        "scorecards", "criteria", "areas", "indicators",
    ]  # fmt: skip


def test_the_scorecard_by_hand(framework: Framework, current: Evaluation) -> None:
    report = report_of(framework, current)
    assert rows_of(report, "scorecards") == [
        ["standard", "overall", "grade", "band reached", "vetoes applied", "weighting",
         "indicators missing"],
        ["Demo standard", "73.75", "good", "good", "—", "given weights", "—"],
    ]  # fmt: skip
    assert rows_of(report, "scorecards", "zh")[1] == [
        "示例标准", "73.75", "良好", "良好", "—", "给定权重", "—",
    ]  # fmt: skip


def test_the_criteria_by_hand(framework: Framework, current: Evaluation) -> None:
    rows = rows_of(report_of(framework, current), "criteria")
    assert rows == [
        ["standard", "criterion", "weight", "score", "points", "indicators (share)"],
        ["Demo standard", "Educating members", "0.7500", "65.00", "48.75",
         "Party days held (0.5000), Awards won (0.2500), Responsibility lists (0.2500)"],
        ["Demo standard", "Serving staff and students", "0.2500", "100.00", "25.00",
         "Service events (1.0000)"],
    ]  # fmt: skip
    zh = rows_of(report_of(framework, current), "criteria", "zh")
    assert zh[1][-1] == "主题党日开展次数（0.5000）、获奖项数（0.2500）、责任清单数（0.2500）"


def test_the_areas_by_hand(framework: Framework, current: Evaluation) -> None:
    assert rows_of(report_of(framework, current), "areas") == [
        ["area", "score", "indicators scored"],
        ["Student development", "60.00", "3"],
        ["Regional development", "100.00", "1"],
    ]


def test_the_indicators_by_hand(framework: Framework, current: Evaluation) -> None:
    report = report_of(framework, current)
    assert rows_of(report, "indicators") == [
        ["area", "practice", "indicator", "value", "target", "status", "attainment"],
        ["Student development", "Party days", "Party days held", "8 events", "10 events",
         "partly met", "80.00%"],
        ["Student development", "Awards", "Awards won", "2 outcomes", "4 outcomes",
         "partly met", "50.00%"],
        ["Student development", "Party days", "Responsibility lists", "1 lists", "2 lists",
         "partly met", "50.00%"],
        ["Regional development", "Volunteering", "Service events", "6 events", "5 events",
         "met", "100.00%"],
    ]  # fmt: skip
    assert [row[5] for row in rows_of(report, "indicators", "zh")[1:]] == [
        "部分达标", "部分达标", "部分达标", "达标",
    ]  # fmt: skip


def test_the_records_behind_the_indicators_stay_out_of_the_tables(
    framework: Framework, current: Evaluation
) -> None:
    assert current.indicator("theme-days").records == tuple(f"t{n}" for n in range(1, 9))
    assert current.indicator("awards").records == ("o1", "o2")
    cells = {cell for table in report_of(framework, current).tables("en") for row in table.rows
             for cell in row}  # fmt: skip
    assert not cells & {"t1", "o1", "o2", "s1", "secretary", "20210001"}


def test_the_earlier_year_by_hand(earlier: Evaluation) -> None:
    card = earlier.scorecard("demo-standard")
    assert (str(card.overall), card.reached, card.grade, card.vetoes) == (
        "61.56",
        "good",
        "pass",
        ("no-service",),
    )
    assert [str(c.score) for c in card.criteria] == ["68.75", "40.00"]


def test_the_comparison_by_hand(
    framework: Framework, current: Evaluation, earlier: Evaluation
) -> None:
    (comparison,) = compare_evaluations(current, earlier)
    assert (str(comparison.overall.change), comparison.overall.direction) == (
        "12.19", Direction.ROSE,
    )  # fmt: skip
    assert (comparison.earlier_grade, comparison.grade) == ("pass", "good")
    report = report_of(framework, current, earlier)
    assert report.tables("en")[-1].title == Label(
        zh="与2020—2021学年比较", en="Compared with academic year 2020-2021"
    )
    assert rows_of(report, "comparison") == [
        ["standard", "item", "earlier", "now", "change", "direction"],
        ["Demo standard", "overall", "61.56", "73.75", "+12.19", "rose"],
        ["Demo standard", "grade", "pass", "good", "—", "rose"],
        ["Demo standard", "Educating members", "68.75", "65.00", "-3.75", "fell"],
        ["Demo standard", "Serving staff and students", "40.00", "100.00", "+60.00", "rose"],
        # In the framework's order of indicators.
        ["Demo standard", "Party days held", "10 events", "8 events", "-2", "fell"],
        ["Demo standard", "Awards won", "1 outcomes", "2 outcomes", "+1", "rose"],
        ["Demo standard", "Responsibility lists", "1 lists", "1 lists", "0", "same"],
        ["Demo standard", "Service events", "2 events", "6 events", "+4", "rose"],
    ]
    assert [row[-1] for row in rows_of(report, "comparison", "zh")[1:5]] == [
        "上升", "上升", "下降", "上升",
    ]  # fmt: skip
    # Compared the other way round, the grade falls.
    backwards = report_of(framework, earlier, current)
    assert rows_of(backwards, "comparison")[2] == [
        "Demo standard", "grade", "good", "pass", "—", "fell",
    ]  # fmt: skip


def test_no_comparison_for_a_standard_only_one_year_has(
    current: Evaluation, earlier: Evaluation
) -> None:
    assert compare_evaluations(current, attrs.evolve(earlier, scorecards=())) == ()


def test_the_json_round_trips_to_the_same_evaluation(
    host: Host, framework: Framework, current: Evaluation, earlier: Evaluation
) -> None:
    converter = host.converter()
    report = report_of(framework, current, earlier)
    text = report.to_json(converter)
    document = json.loads(text)
    assert sorted(document) == ["comparisons", "earlier", "evaluation"]
    assert converter.structure(document["evaluation"], Evaluation) == current
    assert converter.structure(document["earlier"], Evaluation) == earlier
    assert document["evaluation"]["indicators"][0]["records"] == [f"t{n}" for n in range(1, 9)]
    assert document["comparisons"][0]["overall"] == {
        "key": "overall", "current": "73.75", "earlier": "61.56", "change": "12.19",
        "direction": "rose",
    }  # fmt: skip
    # Sorted keys and one layout: the text is its own canonical form.
    assert text == json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert report_of(framework, current).to_json(converter).count('"earlier": null') == 1


def test_markdown_is_a_title_a_summary_and_pipe_tables(
    framework: Framework, current: Evaluation, earlier: Evaluation
) -> None:
    report = report_of(framework, current, earlier)
    text = render_markdown(report, "zh", title="支部评价报告")
    lines = text.splitlines()
    assert lines[0] == "# 支部评价报告"
    assert lines[2] == report.heading("zh")
    assert "## 评价结果" in lines
    start = lines.index("## 指标")
    assert lines[start + 2 : start + 5] == [
        "| 领域 | 做法 | 指标 | 数值 | 目标 | 状态 | 达成度 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| 服务学生发展 | 主题党日 | 主题党日开展次数 | 8 次 | 10 次 | 部分达标 | 80.00% |",
    ]
    assert "## 与2020—2021学年比较" in lines
    # Every row of every table has as many cells as its headings.
    for line in lines:
        if line.startswith("|"):
            assert line.count(" | ") + 1 in {3, 6, 7}, line


def test_markdown_cells_are_escaped() -> None:
    assert markdown_cell("a | b") == "a \\| b"
    assert markdown_cell("one\ntwo\r\nthree") == "one<br>two<br>three"
    assert markdown_cell("") == " "
    assert markdown_cell("<redacted>") == "\\<redacted\\>"
    assert markdown_cell("*bold* _it_ `code` [link]") == (
        "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]"
    )
    table = markdown_table([["a", "b"], ["x|y", "1\n2"]])
    assert table.splitlines()[2] == "| x\\|y | 1<br>2 |"
    assert markdown_table([]) == ""


def test_the_sheets_are_the_scorecard_then_one_per_area(
    framework: Framework, current: Evaluation, earlier: Evaluation
) -> None:
    sheets = dict(report_of(framework, current, earlier).sheets("zh"))
    assert list(sheets) == ["评分", "服务学生发展", "服务地方发展", "与上期比较"]
    summary = sheets["评分"]
    assert summary[0] == [report_of(framework, current).heading("zh")]
    assert summary[1:4] == [
        [],
        ["评价结果"],
        rows_of(report_of(framework, current), "scorecards", "zh")[0],
    ]
    assert ["领域得分"] in summary
    students = sheets["服务学生发展"]
    assert students[0] == ["做法", "指标", "数值", "目标", "状态", "达成度"]
    assert [row[1] for row in students[1:]] == ["主题党日开展次数", "获奖项数", "责任清单数"]
    assert sheets["服务地方发展"][1] == ["志愿服务", "志愿服务场次", "6 活动场次", "5 活动场次",
                                       "达标", "100.00%"]  # fmt: skip
    assert sheets["与上期比较"][:2] == [
        ["与2020—2021学年比较"],
        ["评价标准", "项目", "上期", "本期", "变化", "趋势"],
    ]
    english = [name for name, _ in report_of(framework, current).sheets("en")]
    assert english == ["Scorecard", "Student development", "Regional development"]


def test_sheet_names_fit_excel() -> None:
    assert sheet_names(["a" * 40, "a" * 40, "x/y:z", "'quoted'", "Sheet", "sheet"]) == (
        "a" * 31, "a" * 27 + " (2)", "x_y_z", "quoted", "Sheet", "sheet (2)",
    )  # fmt: skip


def build_section(context: ReportContext) -> Sequence[Block]:
    return [
        Paragraph(text=Label(zh=f"{context.framework.label.zh}的走访", en="Visits made")),
        Metric(label=Label(zh="走访次数", en="visits"), value=12, unit=Label(zh="次", en="times")),
        Metric(label=Label(zh="覆盖率", en="coverage"), value="95", unit=Label(zh="%", en="%")),
        Table(
            columns=(Label(zh="学号", en="student"), Label(zh="次数", en="times")),
            rows=((20210001, 2), ("=1+1", 3)),
        ),
    ]


SECTION = ReportSection(key="visits", label=Label(zh="走访", en="Visits"), build=build_section)


def test_plugin_sections_become_tables(framework: Framework, current: Evaluation) -> None:
    report = report_of(framework, current, sections=[SECTION])
    parts = [table for table in report.tables("en") if table.key.startswith("section:")]
    assert [(table.key, table.title.en) for table in parts] == [
        ("section:visits:0", "Visits"),
        ("section:visits:1", "Visits"),
        ("section:visits:2", "Visits"),
    ]
    assert parts[0].rows == [["note"], ["Visits made"]]
    assert parts[1].rows == [["item", "value"], ["visits", "12 times"], ["coverage", "95%"]]
    assert parts[2].rows == [["student", "times"], ["20210001", "2"], ["=1+1", "3"]]
    assert rows_of(report, "section:visits:0", "zh") == [["说明"], ["示例支部的走访"]]
    sheets = dict(report.sheets("en"))
    assert sheets["Visits"] == [
        ["note"], ["Visits made"], [],
        ["item", "value"], ["visits", "12 times"], ["coverage", "95%"], [],
        ["student", "times"], ["20210001", "2"], ["=1+1", "3"],
    ]  # fmt: skip


def test_an_evaluation_without_scorecards_shows_its_indicators(
    framework: Framework, current: Evaluation
) -> None:
    bare = attrs.evolve(current, scorecards=())
    report = report_of(framework, bare)
    assert [table.key for table in report.tables("en")] == ["indicators"]
    assert report.sheets("en")[0] == ("Scorecard", [[report.heading("en")]])


def test_an_informational_indicator_has_no_status_or_attainment(
    host: Host, framework: Framework, branch: Branch
) -> None:
    informational = attrs.evolve(
        framework,
        indicators=tuple(
            attrs.evolve(spec, target=None) if spec.key == "awards" else spec
            for spec in framework.indicators
        ),
    )
    found = evaluation_of(host, informational, branch.current, YEAR)
    row = rows_of(report_of(informational, found), "indicators")[2]
    assert row == ["Student development", "Awards", "Awards won", "2 outcomes", "—",
                   "informational", "—"]  # fmt: skip
    criteria = rows_of(report_of(informational, found), "criteria")
    assert "Awards won (not scored)" in criteria[1][-1]


def test_the_day_judged_is_in_the_heading(host: Host, framework: Framework, branch: Branch) -> None:
    loaded = host.load(branch.current)
    found = evaluate(
        framework,
        dataset=loaded.dataset,
        sections=loaded.sections,
        period=YEAR,
        as_of=dt.date(2022, 3, 31),
        sources=host.indicator_sources(),
    )
    assert " · 2022-03-31 · " in report_of(framework, found).heading("en")
    # By the end of March, 7 party days (Sep-Dec and Jan-Mar).
    assert rows_of(report_of(framework, found), "indicators")[1][3] == "7 events"


def test_the_records_in_the_json_are_disclosed_as_identifiers(
    host: Host, framework: Framework, current: Evaluation
) -> None:
    hidden = attrs.evolve(
        report_of(framework, current),
        disclosure=Disclosure(policy=PrivacyPolicy(personal_roles=frozenset())),
    )
    document = json.loads(hidden.to_json(host.converter()))
    assert document["evaluation"]["indicators"][1]["records"] == ["<redacted>", "<redacted>"]
    assert document["evaluation"]["indicators"][1]["value"] == "2"
    # The tables show no ids, so they are the same for every reader.
    assert hidden.tables("en") == report_of(framework, current).tables("en")
