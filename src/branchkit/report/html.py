"""A report as one self-contained HTML page: text, key figures, tables and SVG charts.

A report builder describes the page as an :class:`HtmlPage` of plain text (already in the
reader's language, already disclosed: redaction happens before the page is built) and
:func:`render_html` writes it with Jinja2, with autoescaping on, so every text is escaped. The
only markup taken as it is comes from :mod:`branchkit.report.charts`, in a
:class:`ChartBlock`.

The page needs nothing outside itself: styles are inlined, charts are inline SVG, fonts are
the reader's own (a stack of common Chinese system fonts), there is no script, and a
``Content-Security-Policy`` forbids the browser to fetch anything, so opening it makes no
network request. It prints to PDF from a browser: each section starts a new page, figures and
table rows are not split, and every value is written as text, so nothing hangs on colour.

>>> from branchkit.report.html import HtmlPage, HtmlSection, KeyFigure, TextBlock, render_html
>>> page = HtmlPage(
...     title="联系覆盖 <2024>",
...     language="zh",
...     summary=(KeyFigure(label="覆盖率", value="92%"),),
...     sections=(HtmlSection(heading="说明", blocks=(TextBlock(text='A & "B"'),)),),
...     footer=("规则指纹 0123abcd",),
... )
>>> html = render_html(page)
>>> html.splitlines()[:2]
['<!DOCTYPE html>', '<html lang="zh-CN">']
>>> "<title>联系覆盖 &lt;2024&gt;</title>" in html
True
>>> [line.strip() for line in html.splitlines() if "A &amp;" in line]
['<p>A &amp; &#34;B&#34;</p>']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

import attrs
import jinja2
from markupsafe import Markup

from branchkit.errors import Path
from branchkit.plugins import contributions
from branchkit.records._checks import ensure_valid
from branchkit.records.labels import LANGUAGES, Language
from branchkit.report.tables import Table

__all__ = [
    "ChartBlock",
    "FiguresBlock",
    "HtmlBlock",
    "HtmlPage",
    "HtmlSection",
    "KeyFigure",
    "TableBlock",
    "TextBlock",
    "contribution_blocks",
    "render_html",
    "table_block",
]

#: The value of ``<html lang>`` per language.
_HTML_LANG = {"zh": "zh-CN", "en": "en"}
#: The page's own words, in each language.
_WORDS = {
    "zh": {"contents": "目录", "summary": "概览"},
    "en": {"contents": "Contents", "summary": "At a glance"},
}
# A cell that is a figure (12, -3.5, 1,024, 92.50%, 45 / 50) is aligned right in tables.
_NUMERIC = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?( / \d[\d,]*(\.\d+)?%?)?")


@attrs.frozen(kw_only=True)
class KeyFigure:
    """One figure shown large, at the top of the page or in a :class:`FiguresBlock`.

    :param label: what it is (总分).
    :param value: the figure as text (86.40).
    :param note: a line under it: its unit, target or grade, if any.
    """

    label: str
    value: str
    note: str = ""


@attrs.frozen(kw_only=True)
class TextBlock:
    """A paragraph of text.

    :param text: the paragraph.
    """

    kind: ClassVar[str] = "text"
    text: str


@attrs.frozen(kw_only=True)
class FiguresBlock:
    """A row of key figures.

    :param figures: the figures, in order.
    """

    kind: ClassVar[str] = "figures"
    figures: tuple[KeyFigure, ...]


@attrs.frozen(kw_only=True)
class TableBlock:
    """A table of text: headings and rows of cells.

    :param headings: the column headings.
    :param rows: the rows, each as long as :attr:`headings`.
    :param caption: the table's title, if any.
    """

    kind: ClassVar[str] = "table"
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        width = len(self.headings)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                yield ("rows", index), f"has {len(row)} cells for {width} headings"


def _is_markup(instance: object, attribute: attrs.Attribute[Markup], value: object) -> None:
    # A plain string here would be someone's text taken for markup; only the charts module
    # makes Markup, from escaped parts.
    if not isinstance(value, Markup):
        raise TypeError(f"{attribute.name} must be a chart from branchkit.report.charts")


@attrs.frozen(kw_only=True)
class ChartBlock:
    """A chart made by :mod:`branchkit.report.charts`, with its caption.

    :param svg: the chart, as the charts module returned it; plain text is refused.
    :param caption: the chart's title shown above it, if any.
    """

    kind: ClassVar[str] = "chart"
    svg: Markup = attrs.field(validator=_is_markup)
    caption: str = ""


#: What a section is made of.
HtmlBlock = TextBlock | FiguresBlock | TableBlock | ChartBlock


@attrs.frozen(kw_only=True)
class HtmlSection:
    """A section of the page: a heading and its blocks; printed, it starts a new page.

    :param heading: the section's heading.
    :param blocks: its blocks, in order.
    """

    heading: str
    blocks: tuple[HtmlBlock, ...] = ()


@attrs.frozen(kw_only=True)
class HtmlPage:
    """A whole report page.

    :param title: the page's title, also the browser tab's.
    :param language: the language the texts are in (sets ``<html lang>`` and the page's own
        words).
    :param subtitle: a line under the title (the branch and the period), if any.
    :param summary: the key figures shown under the title.
    :param sections: the sections, in order; with more than one, a list of contents leads.
    :param footer: lines at the foot of the page (the fingerprints of the rules and the data).
    """

    title: str
    language: Language = attrs.field(validator=attrs.validators.in_(LANGUAGES))
    subtitle: str = ""
    summary: tuple[KeyFigure, ...] = ()
    sections: tuple[HtmlSection, ...] = ()
    footer: tuple[str, ...] = ()


@functools.cache
def _environment() -> jinja2.Environment:
    # One environment per process: the template is compiled once. Autoescaping is on for
    # every template, whatever its name, and an undefined name is an error, not an empty text.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("branchkit.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _numeric(cell: str) -> bool:
    return _NUMERIC.fullmatch(cell) is not None


def render_html(page: HtmlPage) -> str:
    """The page as HTML text; the same page gives the same text.

    :param page: the page.
    """
    template = _environment().get_template("report.html.j2")
    return template.render(
        page=page,
        lang=_HTML_LANG[page.language],
        words=_WORDS[page.language],
        numeric=_numeric,
    )


def table_block(table: Table, language: Language) -> TableBlock:
    """A report's :class:`~branchkit.report.tables.Table` as a table block.

    Its first row becomes the headings and its title the caption.

    :param table: the table, headings first (as every text report of branchkit makes them).
    :param language: the language of the caption.
    """
    headings, *rows = table.rows or [[]]
    return TableBlock(
        headings=tuple(headings),
        rows=tuple(tuple(row) for row in rows),
        caption=table.title.text(language),
    )


def contribution_blocks(
    blocks: Sequence[contributions.Block], language: Language
) -> tuple[HtmlBlock, ...]:
    """A plugin's report section's blocks as blocks of the page, in ``language``.

    Paragraphs become text, tables become tables, and metrics next to each other one row of
    figures.

    :param blocks: the blocks the plugin's :class:`~branchkit.plugins.contributions.ReportSection`
        built.
    :param language: the page's language.
    """
    found: list[HtmlBlock] = []
    figures: list[KeyFigure] = []
    for block in blocks:
        if isinstance(block, contributions.Metric):
            note = block.unit.text(language) if block.unit is not None else ""
            figures.append(
                KeyFigure(label=block.label.text(language), value=str(block.value), note=note)
            )
            continue
        if figures:
            found.append(FiguresBlock(figures=tuple(figures)))
            figures = []
        if isinstance(block, contributions.Paragraph):
            found.append(TextBlock(text=block.text.text(language)))
        else:
            found.append(
                TableBlock(
                    headings=tuple(column.text(language) for column in block.columns),
                    rows=tuple(tuple(str(cell) for cell in row) for row in block.rows),
                )
            )
    if figures:
        found.append(FiguresBlock(figures=tuple(figures)))
    return tuple(found)
