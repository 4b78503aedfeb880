"""The HTML report: chart geometry checked by hand, escaping, no outside references, bytes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from branchkit.errors import RecordError
from branchkit.plugins import contributions
from branchkit.records.labels import Label
from branchkit.report import charts
from branchkit.report.html import (
    ChartBlock,
    FiguresBlock,
    HtmlPage,
    HtmlSection,
    KeyFigure,
    TableBlock,
    TextBlock,
    contribution_blocks,
    render_html,
    table_block,
)
from branchkit.report.tables import Table
from tests.html_sample import CRITERIA, sample_page

ROOT = Path(__file__).resolve().parents[1]


def svg_tree(svg: Markup) -> ET.Element:
    # The charts are well-formed XML (without a namespace), so ElementTree reads them.
    return ET.fromstring(str(svg))


def elements(svg: Markup, tag: str, kind: str | None = None) -> list[dict[str, str]]:
    found = svg_tree(svg).iter(tag)
    return [dict(e.attrib) for e in found if kind is None or e.get("class") == kind]


def texts(svg: Markup) -> list[str]:
    return [e.text or "" for e in svg_tree(svg).iter("text")]


# -- radar ---------------------------------------------------------------------------------------


def test_radar_points_by_hand() -> None:
    # Three axes at 0°, 120° and 240° clockwise from the top, radius 100:
    # A = 100 -> (0, -100); B = 50 -> 50 * (sin 120°, -cos 120°) = (43.30, 25.00); C = 0 -> (0, 0).
    svg = charts.radar([("A", 100), ("B", 50), ("C", 0)], title="t", radius=100)
    (value,) = elements(svg, "polygon", "value")
    assert value["points"] == "0.00,-100.00 43.30,25.00 0.00,0.00"
    outer = elements(svg, "polygon", "grid")[-1]
    assert outer["points"] == "0.00,-100.00 86.60,50.00 -86.60,50.00"
    assert [(c["cx"], c["cy"]) for c in elements(svg, "circle")] == [
        ("0.00", "-100.00"),
        ("43.30", "25.00"),
        ("0.00", "0.00"),
    ]
    # The centre: the widest label ("A", 0.6 * 13 = 7.8) plus 16 to the side, two lines of
    # text (2 * 17) plus 8 above; the drawing is twice that plus the radius each way.
    (group,) = svg_tree(svg).iter("g")
    assert group.get("transform") == "translate(123.80 142.00)"
    assert svg_tree(svg).get("viewBox") == "0 0 248 284"
    # Each axis's name and value are written as text, for a reader without colour.
    assert texts(svg)[-6:] == ["A", "100", "B", "50", "C", "0"]


def test_radar_earlier_period_and_scale() -> None:
    svg = charts.radar(
        [("A", Decimal("2.5")), ("B", 5), ("C", 10)],
        title="t",
        maximum=5,
        earlier=[5, Decimal("2.5"), 0],
        radius=100,
    )
    (value,) = elements(svg, "polygon", "value")
    # 2.5 of 5 is half the radius; 10 of 5 is drawn at the edge (and written as 10).
    assert value["points"] == "0.00,-50.00 86.60,50.00 -86.60,50.00"
    (earlier,) = elements(svg, "polygon", "earlier")
    assert earlier["points"] == "0.00,-100.00 43.30,25.00 0.00,0.00"
    assert earlier["stroke-dasharray"] == "5 3"
    assert "10" in texts(svg)
    # The inner rings' figures give the scale: 1, 2, 3, 4 of 5.
    assert [t for t in texts(svg) if t in {"1", "2", "3", "4"}] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("axes", "options", "message"),
    [
        ([("A", 1), ("B", 2)], {}, "at least 3 axes"),
        ([("A", 1), ("B", 2), ("C", 3)], {"maximum": 0}, "above 0"),
        ([("A", 1), ("B", 2), ("C", 3)], {"earlier": [1, 2]}, "2 earlier values for 3 axes"),
    ],
)
def test_radar_refuses(
    axes: list[tuple[str, int]], options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        charts.radar(axes, title="t", **options)  # type: ignore[arg-type]


# -- bars, shares, ranking -----------------------------------------------------------------------


def test_bars_by_hand() -> None:
    svg = charts.bars(
        [("A", 50, 100), ("B", 100, None)], title="t", unit="次", label_width=100, length=200
    )
    # The scale is the largest figure, 100: A's bar is half the track, its target at its end.
    # Row 0 starts at TOP = 8 and its bar (BAR_HEIGHT 16) at 8 + (30 - 16) / 2 = 15; row 1
    # one ROW_HEIGHT (30) lower.
    assert elements(svg, "rect", "bar") == [
        {"class": "bar", "x": "100.00", "y": "15.00", "width": "100.00", "height": "16.00",
         "fill": "#3d6fb4"},
        {"class": "bar", "x": "100.00", "y": "45.00", "width": "200.00", "height": "16.00",
         "fill": "#3d6fb4"},
    ]  # fmt: skip
    assert [r["width"] for r in elements(svg, "rect", "track")] == ["200.00", "200.00"]
    (target,) = elements(svg, "line", "target")
    assert (target["x1"], target["x2"], target["y1"], target["y2"]) == (
        "300.00",
        "300.00",
        "11.00",
        "35.00",
    )
    assert texts(svg) == ["A", "50 / 100 次", "B", "100 次"]
    assert svg_tree(svg).find("desc") is not None
    assert svg_tree(svg).findtext("desc") == "A: 50 / 100 次; B: 100 次"


def test_bars_scale_met_and_overflow() -> None:
    svg = charts.bars(
        [("A", 50, 40), ("B", 250, None), ("C", 0, 0)],
        title="t",
        maximum=200,
        label_width=100,
        length=200,
    )
    bars = elements(svg, "rect", "bar")
    # 50 of 200 is a quarter; 250 stops at the end of the track; a met target is darker.
    assert [b["width"] for b in bars] == ["50.00", "200.00", "0.00"]
    assert [b["fill"] for b in bars] == ["#1f4e8c", "#3d6fb4", "#1f4e8c"]
    assert [t["x1"] for t in elements(svg, "line", "target")] == ["140.00", "100.00"]
    assert texts(svg)[1::2] == ["50 / 40", "250", "0 / 0"]


def test_bars_without_rows_or_figures() -> None:
    assert elements(charts.bars([], title="t"), "rect") == []
    svg = charts.bars([("A", 0, None)], title="t", label_width=10, length=100)
    assert [b["width"] for b in elements(svg, "rect", "bar")] == ["0.00"]


def test_stacked_share_by_hand() -> None:
    svg = charts.stacked_share(
        [("a", 3, 4), ("b", 0, 0), ("c", 2, 3)], title="t", label_width=100, length=200
    )
    # 3 of 4 fills 150 of 200; 2 of 3 fills 133.33 and shows 66.7% (66.666... rounded half up).
    assert [r["width"] for r in elements(svg, "rect", "covered")] == ["150.00", "0.00", "133.33"]
    assert [r["y"] for r in elements(svg, "rect", "covered")] == ["15.00", "45.00", "75.00"]
    assert texts(svg) == ["a", "3 / 4 (75.0%)", "b", "0 / 0", "c", "2 / 3 (66.7%)"]


@pytest.mark.parametrize(("covered", "total"), [(5, 4), (-1, 4)])
def test_stacked_share_refuses_impossible_counts(covered: int, total: int) -> None:
    with pytest.raises(ValueError, match=rf"row 0 \('a'\): {covered} covered of {total}"):
        charts.stacked_share([("a", covered, total)], title="t")


def test_ranking_by_hand() -> None:
    svg = charts.ranking(
        [
            ("a", 60, True, (("x", 40), ("y", 20))),
            ("b", 30, False, (("x", 30), ("y", 0))),
        ],
        title="t",
        label_width=50,
        length=300,
    )
    # The scale is the largest total, 60: 40 points are 200 long, 20 are 100, 30 are 150.
    # The legend takes the first row, so the candidates' bars start one row down (y 45, 75).
    segments = [(s["x"], s["y"], s["width"]) for s in elements(svg, "rect", "segment")]
    assert segments == [
        ("50.00", "45.00", "200.00"),
        ("250.00", "45.00", "100.00"),
        ("50.00", "75.00", "150.00"),
    ]
    # A candidate who failed a gate: paler segments and a dashed outline; no segment for 0.
    opacities = [s["fill-opacity"] for s in elements(svg, "rect", "segment")]
    assert opacities == ["1", "1", "0.45"]
    (failed,) = elements(svg, "rect", "failed")
    assert (failed["width"], failed["stroke-dasharray"]) == ("150.00", "4 2")
    assert [k["fill"] for k in elements(svg, "rect", "key")] == ["#7fa7d9", "#f2c14e"]
    assert texts(svg) == ["x", "y", "a", "40", "20", "✓ 60", "b", "30", "✗ 30"]
    assert svg_tree(svg).findtext("desc") == "a: ✓ 60 (x 40, y 20); b: ✗ 30 (x 30, y 0)"


def test_charts_are_deterministic_and_accessible() -> None:
    page = sample_page()
    for section in page.sections:
        for block in section.blocks:
            if isinstance(block, ChartBlock):
                root = svg_tree(block.svg)
                assert root.get("role") == "img"
                assert root.get("aria-label") == root.findtext("title")
                assert root.findtext("desc")
                assert "xmlns" not in str(block.svg)
    assert render_html(sample_page()) == render_html(sample_page())


# -- the page --------------------------------------------------------------------------------

EVIL = "<script>alert(1)</script> \"&'"
EVIL_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;"


def page_with(text: str) -> HtmlPage:
    """A page with ``text`` in every field that takes text, charts included."""
    charts_of_text = (
        charts.radar([(text, 1), (text, 2), (text, 3)], title=text, maximum=3),
        charts.bars([(text, 1, 2)], title=text, unit=text),
        charts.stacked_share([(text, 1, 2)], title=text),
        charts.ranking([(text, 3, False, ((text, 3),))], title=text, passed=text, failed=text),
    )
    return HtmlPage(
        title=text,
        language="en",
        subtitle=text,
        summary=(KeyFigure(label=text, value=text, note=text),),
        sections=(
            HtmlSection(
                heading=text,
                blocks=(
                    TextBlock(text=text),
                    FiguresBlock(figures=(KeyFigure(label=text, value=text, note=text),)),
                    TableBlock(headings=(text,), rows=((text,),), caption=text),
                    *(ChartBlock(svg=svg, caption=text) for svg in charts_of_text),
                ),
            ),
            HtmlSection(heading=text),
        ),
        footer=(text,),
    )


def test_every_text_is_escaped() -> None:
    html = render_html(page_with(EVIL))
    assert "<script" not in html
    assert "alert(1)</script>" not in html
    assert "\"&'" not in html
    # Title (twice: tab and heading), subtitle, 2 * 3 figure texts, section heading twice
    # (contents and section), paragraph, table (3), 4 captions, 4 charts' titles (twice each:
    # aria-label and <title>) and their texts, footer.
    assert html.count(EVIL_ESCAPED) >= 30


class Structure(HTMLParser):
    """The tags and attribute names of a page, in order, and its texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.texts: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = tuple(sorted(name for name, _ in attrs))
        # A table cell is classed as a figure when its text is one: that is the text's doing.
        self.tags.append((tag, () if tag == "td" else names))
        self.attributes.extend(value for _, value in attrs if value is not None)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append((f"/{tag}", ()))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


# Text without control characters (which no report needs, and which HTML forbids), with the
# characters that matter to HTML made likely.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"'/=` \n;:-!"),
        st.characters(exclude_categories=("Cc", "Cs")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() != "")


@settings(max_examples=60, deadline=None)
@given(text=TEXT)
def test_any_text_stays_text(text: str) -> None:
    # Whatever the text, the page has the same elements and attributes as with a harmless
    # text, and a browser's parser gives the text back as it was: it never becomes markup.
    html = render_html(page_with(text))
    found = structure(html)
    assert found.tags == structure(render_html(page_with("x"))).tags
    assert found.texts.count(text) >= 20
    assert found.attributes.count(text) >= 4


def test_no_reference_outside_the_page() -> None:
    for language in ("zh", "en"):
        html = render_html(sample_page(language))
        outside = re.findall(
            r"(?i)https?:|//|url\(|@import|@font-face|<script|<link|<img|<iframe|<object|"
            r"<embed|\bsrc=|\bsrcset=|xlink|xmlns",
            html,
        )
        assert outside == [], outside
        # The only links are to the page's own sections.
        assert re.findall(r'href="([^"]*)"', html) == ["#section-1", "#section-2", "#section-3"]


def test_content_security_policy_comes_first() -> None:
    html = render_html(sample_page())
    csp = (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    )
    assert html.index('<meta charset="utf-8">') < html.index(csp) < html.index("<title>")
    assert html.index(csp) < html.index("<style>")
    # The character set is declared within the first 1024 bytes, as HTML requires.
    assert html.encode().index(b"<meta charset") < 1024


@pytest.mark.parametrize(
    ("language", "lang", "contents"), [("zh", "zh-CN", "目录"), ("en", "en", "Contents")]
)
def test_language(language: str, lang: str, contents: str) -> None:
    html = render_html(sample_page(language))  # type: ignore[arg-type]
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">\n')
    assert f'<nav aria-label="{contents}">' in html
    for label, _, _ in CRITERIA:
        assert label.text(language) in html  # type: ignore[arg-type]


def test_print_styles() -> None:
    html = render_html(sample_page())
    assert "@media print" in html
    assert "section { break-before: page; margin-top: 0; }" in html
    assert '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"' in html


def test_the_same_page_gives_the_same_bytes_in_any_process() -> None:
    expected = render_html(sample_page("zh")).encode()
    program = (
        "import sys\n"
        "from branchkit.report.html import render_html\n"
        "from tests.html_sample import sample_page\n"
        "sys.stdout.buffer.write(render_html(sample_page('zh')).encode())\n"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, check=True
        )
        assert done.stdout == expected


def test_contents_only_for_several_sections() -> None:
    one = HtmlPage(title="t", language="en", sections=(HtmlSection(heading="only"),))
    assert "<nav" not in render_html(one)
    assert "<footer>" not in render_html(one)


def test_figures_align_right_in_tables() -> None:
    block = TableBlock(
        headings=("a", "b", "c", "d", "e"),
        rows=(("12", "-3.5", "92.50%", "45 / 50", "2021001 张三"),),
    )
    html = render_html(
        HtmlPage(title="t", language="en", sections=(HtmlSection(heading="s", blocks=(block,)),))
    )
    cells = re.findall(r"<td( class=\"num\")?>([^<]*)</td>", html)
    assert [bool(number) for number, _ in cells] == [True, True, True, True, False]


def test_records_refuse_what_would_break_the_page() -> None:
    with pytest.raises(TypeError, match=r"must be a chart from branchkit\.report\.charts"):
        ChartBlock(svg="<svg></svg>")  # type: ignore[arg-type]
    with pytest.raises(RecordError, match="has 1 cells for 2 headings"):
        TableBlock(headings=("a", "b"), rows=(("x",),))
    with pytest.raises(ValueError, match="'language' must be in"):
        HtmlPage(title="t", language="fr")  # type: ignore[arg-type]


def test_table_block_from_a_report_table() -> None:
    table = Table(key="gaps", title=Label(zh="缺口", en="Gaps"), rows=[["tier", "gap"], ["a", "1"]])
    assert table_block(table, "en") == TableBlock(
        headings=("tier", "gap"), rows=(("a", "1"),), caption="Gaps"
    )
    empty = Table(key="none", title=Label(zh="无", en="None"), rows=[])
    assert table_block(empty, "zh") == TableBlock(headings=(), rows=(), caption="无")


def test_contribution_blocks() -> None:
    person = Label(zh="人", en="persons")
    blocks = contribution_blocks(
        [
            contributions.Paragraph(text=Label(zh="说明", en="Note")),
            contributions.Metric(label=Label(zh="帮扶", en="Helped"), value=12, unit=person),
            contributions.Metric(label=Label(zh="谈心", en="Talks"), value="30"),
            contributions.Table(
                columns=(Label(zh="层级", en="tier"), Label(zh="人数", en="count")),
                rows=(("class", 3),),
            ),
            contributions.Metric(label=Label(zh="覆盖", en="Covered"), value="90%"),
        ],
        "en",
    )
    assert blocks == (
        TextBlock(text="Note"),
        FiguresBlock(
            figures=(
                KeyFigure(label="Helped", value="12", note="persons"),
                KeyFigure(label="Talks", value="30"),
            )
        ),
        TableBlock(headings=("tier", "count"), rows=(("class", "3"),)),
        FiguresBlock(figures=(KeyFigure(label="Covered", value="90%"),)),
    )


def test_the_command_line_does_not_load_the_renderer() -> None:
    # The command line starts fast: Jinja2 is imported only when an HTML report is written.
    program = "import sys, branchkit.cli.main; print('jinja2' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
