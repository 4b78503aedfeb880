"""A branch's evaluation as one HTML page: the year at a glance, then the figures behind it.

:func:`evaluation_page` builds the :class:`~branchkit.report.html.HtmlPage` that
``branchkit evaluate --format html`` writes, from an
:class:`~branchkit.report.evaluation.EvaluationReport` (every value already through its
disclosure) and, where the framework has them, the contact network's coverage by tier and the
points ranking of its staged scheme:

* the key figures: each standard's score and grade, and how many indicators are met;
* per standard, a radar of its criteria (with the earlier period's outline when compared) and
  the table of criteria;
* per area, bars of each scored indicator's attainment against its target (100%), and the
  table of the area's indicators;
* the contact coverage by tier, and the ranking with each candidate's points by dimension
  and whether every gate was passed;
* the comparison with the earlier period and the plugins' sections, as tables;
* in the footer, the fingerprints of the rules and of the data, and the head of the points
  ledger the candidates were read from, if they were.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.framework import Area, Framework, Practice
>>> from branchkit.framework.evaluation import Evaluation
>>> from branchkit.framework.indicators import Indicator
>>> from branchkit.framework.scorecard import score
>>> from branchkit.framework.standard import Criterion, GradeBand, IndicatorLink, Standard
>>> from branchkit.records import Label, Period
>>> from branchkit.report.evaluation import EvaluationReport
>>> from branchkit.report.evaluation_html import evaluation_page
>>> from branchkit.report.html import render_html
>>> def label(zh, en):
...     return Label(zh=zh, en=en)
>>> framework = Framework(
...     key="demo", label=label("示例支部", "Demo branch"), organisation=label("示例学院", "Demo"),
...     areas=(Area(key="students", label=label("服务学生", "Students"),
...                 approach=label("三机制", "Three mechanisms"),
...                 practices=(Practice(key="days", label=label("主题党日", "Party days")),)),))
>>> held = Indicator.judged(key="held", label=label("主题党日次数", "Party days held"),
...                         practice="days", value=Decimal(9), unit=label("次", "days"),
...                         target=Decimal(12), area="students")
>>> criteria = tuple(Criterion(key=key, label=label(key, key)) for key in ("a", "b", "c"))
>>> standard = Standard(
...     key="demo", label=label("示例标准", "Demo standard"), criteria=criteria,
...     links=tuple(IndicatorLink(indicator="held", criterion=c.key) for c in criteria),
...     bands=(GradeBand(key="pass", label=label("合格", "pass"), at_least=Decimal(0)),))
>>> evaluation = Evaluation(
...     framework="demo", period=Period.parse("2021-2022"), as_of=dt.date(2022, 8, 31),
...     indicators=(held,), scorecards=(score(standard, [held], unit="demo"),),
...     rules="ab" * 32, data="cd" * 32)
>>> report = EvaluationReport(framework=framework, evaluation=evaluation,
...                           standards={"demo": standard})
>>> page = evaluation_page(report, "en")
>>> [figure.value for figure in page.summary]
['75.00 · pass', '0/1']
>>> [section.heading for section in page.sections]
['Demo standard', 'Students']
>>> "<svg" in render_html(page)
True
"""

from __future__ import annotations

from collections.abc import Sequence

from branchkit.framework.indicators import Status
from branchkit.records.labels import Label, Language
from branchkit.report import charts
from branchkit.report.evaluation import EvaluationReport
from branchkit.report.html import (
    ChartBlock,
    HtmlBlock,
    HtmlPage,
    HtmlSection,
    KeyFigure,
    TableBlock,
    table_block,
)
from branchkit.report.ranking import ledger_head_line
from branchkit.report.tables import Table

__all__ = ["evaluation_page"]

_MET = Label(zh="达标指标", en="Indicators met")
_COVERAGE = Label(zh="联系覆盖", en="Contact coverage")
_RANKING = Label(zh="积分排名", en="Points ranking")
_ATTAINMENT = Label(zh="完成度（目标为100%）", en="Attainment (the target is 100%)")
_RULES = Label(zh="规则指纹", en="Rules fingerprint")
_DATA = Label(zh="数据指纹", en="Data fingerprint")
_OTHER = Label(zh="其他", en="Other")


def _rows_of(table: Table, column: int, value: str) -> TableBlock:
    """The table's block with only the rows whose ``column`` reads ``value``, without it.

    The section's heading already names the value, so the column would only repeat it.
    """

    def rest(row: Sequence[str]) -> tuple[str, ...]:
        return (*row[:column], *row[column + 1 :])

    heading, *rows = table.rows
    kept = tuple(rest(row) for row in rows if row[column] == value)
    return TableBlock(headings=rest(heading), rows=kept)


def evaluation_page(
    report: EvaluationReport,
    language: Language,
    *,
    coverage: Sequence[tuple[str, int, int]] = (),
    ranking: Sequence[charts.RankingRow] = (),
) -> HtmlPage:
    """The evaluation's page, in ``language``; see the module for what it shows.

    :param report: the evaluation, its framework and standards, and what may be shown.
    :param language: the page's language.
    :param coverage: ``(tier, covered, targets)`` per tier of the contact network, if any.
    :param ranking: ``(candidate, points, passed every gate, ((dimension, points), ...))``
        per candidate of the staged scheme's ranking, in rank order, if any; names already
        disclosed.
    """
    evaluation = report.evaluation
    framework = report.framework
    tables = {table.key: table for table in report.tables(language)}
    summary = [
        KeyFigure(
            label=report.standard_label(card.standard, language),
            value=f"{card.overall} · {report.band_label(card.standard, card.grade, language)}",
        )
        for card in evaluation.scorecards
    ]
    scored = [found for found in evaluation.indicators if found.status is not None]
    met = sum(found.status is Status.MET for found in scored)
    summary.append(KeyFigure(label=_MET.text(language), value=f"{met}/{len(scored)}"))
    sections = [
        _standard_section(report, card.standard, language, tables) for card in evaluation.scorecards
    ]
    sections.extend(_area_sections(report, language, tables))
    if coverage:
        title = _COVERAGE.text(language)
        chart = charts.stacked_share(coverage, title=title)
        sections.append(HtmlSection(heading=title, blocks=(ChartBlock(svg=chart),)))
    if ranking:
        title = _RANKING.text(language)
        sections.append(
            HtmlSection(
                heading=title, blocks=(ChartBlock(svg=charts.ranking(ranking, title=title)),)
            )
        )
    rest = [
        table_block(table, language)
        for key, table in tables.items()
        if key not in {"scorecards", "criteria", "areas", "indicators"}
    ]
    if rest:
        sections.append(HtmlSection(heading=_OTHER.text(language), blocks=tuple(rest)))
    return HtmlPage(
        title=framework.label.text(language),
        language=language,
        subtitle=report.heading(language),
        summary=tuple(summary),
        sections=tuple(sections),
        footer=(
            f"{_RULES.text(language)} {evaluation.rules}",
            f"{_DATA.text(language)} {evaluation.data}",
            *(() if report.ledger is None else (ledger_head_line(report.ledger, language),)),
        ),
    )


def _standard_section(
    report: EvaluationReport, standard: str, language: Language, tables: dict[str, Table]
) -> HtmlSection:
    card = report.evaluation.scorecard(standard)
    earlier = None
    if report.earlier is not None:
        before = {c.standard: c for c in report.earlier.scorecards}.get(standard)
        if before is not None and [c.key for c in before.criteria] == [
            c.key for c in card.criteria
        ]:
            earlier = [criterion.score for criterion in before.criteria]
    title = report.standard_label(standard, language)
    blocks: list[HtmlBlock] = []
    if len(card.criteria) >= 3:  # a radar needs three axes
        axes = [(criterion.label.text(language), criterion.score) for criterion in card.criteria]
        blocks.append(ChartBlock(svg=charts.radar(axes, title=title, earlier=earlier)))
    if "criteria" in tables:
        blocks.append(_rows_of(tables["criteria"], 0, title))
    return HtmlSection(heading=title, blocks=tuple(blocks))


def _area_sections(
    report: EvaluationReport, language: Language, tables: dict[str, Table]
) -> list[HtmlSection]:
    sections = []
    for area in report.framework.areas:
        name = area.label.text(language)
        rows: list[tuple[str, charts.Number, charts.Number | None]] = [
            (found.label.text(language), round(found.attainment * 100, 2), 100)
            for found in report.evaluation.indicators
            if found.area == area.key
            and found.attainment is not None
            and report.withheld(found) is None
        ]
        blocks: list[HtmlBlock] = []
        if rows:
            chart = charts.bars(
                rows,
                title=f"{name} · {_ATTAINMENT.text(language)}",
                unit="%",
                maximum=100,
            )
            blocks.append(ChartBlock(svg=chart))
        if "indicators" in tables:
            blocks.append(_rows_of(tables["indicators"], 0, name))
        sections.append(HtmlSection(heading=name, blocks=tuple(blocks)))
    return sections
