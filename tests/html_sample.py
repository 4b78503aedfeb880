"""A made-up evaluation page with every kind of block and chart, for the HTML report's tests."""

from __future__ import annotations

from decimal import Decimal

from branchkit.records.labels import Label, Language
from branchkit.report import charts
from branchkit.report.html import (
    ChartBlock,
    FiguresBlock,
    HtmlPage,
    HtmlSection,
    KeyFigure,
    TableBlock,
    TextBlock,
    table_block,
)
from branchkit.report.tables import Table

#: The seven criteria of "七个有力", with made-up scores (and last year's).
CRITERIA = (
    (Label(zh="教育党员有力", en="Educating members effectively"), Decimal("92.50"), 88),
    (Label(zh="管理党员有力", en="Managing members effectively"), Decimal("88.00"), 90),
    (Label(zh="监督党员有力", en="Supervising members effectively"), Decimal("75.25"), 70),
    (Label(zh="组织师生有力", en="Organising teachers and students effectively"), Decimal(81), 80),
    (Label(zh="宣传师生有力", en="Informing teachers and students effectively"), Decimal(64), 60),
    (Label(zh="凝聚师生有力", en="Uniting teachers and students effectively"), Decimal(97), 85),
    (Label(zh="服务师生有力", en="Serving teachers and students effectively"), Decimal(100), 92),
)


def sample_page(language: Language = "zh") -> HtmlPage:
    """A page as the evaluate command might build it, in ``language``."""
    zh = language == "zh"

    def say(chinese: str, english: str) -> str:
        return chinese if zh else english

    axes = [(label.text(language), value) for label, value, _ in CRITERIA]
    radar = charts.radar(
        axes, title=say("七个有力得分", "Seven strengths"), earlier=[e for _, _, e in CRITERIA]
    )
    areas = charts.bars(
        [
            (say("组织建设", "Organisation"), Decimal(12), Decimal(12)),
            (say("三联系", "Three contacts"), Decimal(45), Decimal(50)),
            (say("三带头", "Three leads"), Decimal(9), Decimal(12)),
            (say("三角色", "Three roles"), Decimal(30), None),
        ],
        title=say("各领域指标与目标", "Areas against targets"),
        unit=say("次", "times"),
    )
    coverage = charts.stacked_share(
        [
            (say("支部—班级", "Branch to class"), 8, 8),
            (say("委员—宿舍", "Committee to dorm"), 22, 24),
            (say("党员—学生", "Member to student"), 131, 180),
        ],
        title=say("联系覆盖", "Contact coverage"),
    )
    dimensions = (say("思想", "Ideas"), say("学业", "Study"), say("服务", "Service"))
    ranking = charts.ranking(
        [
            (
                "1. 2021001",
                Decimal("95.5"),
                True,
                tuple(zip(dimensions, (40, 30, Decimal("25.5")), strict=True)),
            ),
            ("2. 2021007", 88, True, tuple(zip(dimensions, (35, 33, 20), strict=True))),
            ("3. 2021012", 90, False, tuple(zip(dimensions, (42, 28, 20), strict=True))),
        ],
        title=say("积分PK排名", "Points ranking"),
        passed=say("✓ 通过", "✓ passed"),
        failed=say("✗ 未通过", "✗ failed"),
    )
    scores = TableBlock(
        headings=(say("标准", "criterion"), say("得分", "score"), say("上年", "last year")),
        rows=tuple((label.text(language), str(value), str(e)) for label, value, e in CRITERIA),
        caption=say("各项得分", "Scores"),
    )
    gaps = Table(
        key="gaps",
        title=Label(zh="联系缺口", en="Contact gaps"),
        rows=[
            [say("层级", "tier"), say("缺口", "gap")],
            [say("党员—学生", "member to student"), "49"],
        ],
    )
    return HtmlPage(
        title=say(
            "计算机学院学生党支部 2023—2024 学年评估", "Student branch, 2023-2024 evaluation"
        ),
        language=language,
        subtitle=say("对照“七个有力”", "Against the seven strengths"),
        summary=(
            KeyFigure(label=say("总分", "Overall"), value="85.39", note=say("优秀", "excellent")),
            KeyFigure(label=say("联系覆盖", "Contact coverage"), value="76.8%"),
        ),
        sections=(
            HtmlSection(
                heading=say("七个有力", "Seven strengths"),
                blocks=(ChartBlock(svg=radar, caption=say("得分雷达", "Scores")), scores),
            ),
            HtmlSection(
                heading=say("领域与联系", "Areas and contacts"),
                blocks=(
                    TextBlock(
                        text=say("横穿条形的竖线为目标。", "The line across a bar is its target.")
                    ),
                    ChartBlock(svg=areas),
                    ChartBlock(svg=coverage, caption=say("按层级", "By tier")),
                    table_block(gaps, language),
                    FiguresBlock(figures=(KeyFigure(label=say("帮扶", "Helped"), value="12"),)),
                ),
            ),
            HtmlSection(heading=say("积分PK", "Points ranking"), blocks=(ChartBlock(svg=ranking),)),
        ),
        footer=(
            say("规则指纹", "Rules") + " sha256:0f3a9c",
            say("数据指纹", "Data") + " sha256:77b1e2",
        ),
    )
