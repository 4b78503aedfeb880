"""Writing rows of text as a terminal table, CSV or an Excel workbook.

Workbook cells are written as text cells, so a value beginning with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return) is never taken for a formula, and identifiers stay text
(see :func:`write_xlsx_sheets`). A report made of titled
:class:`Table` s (a :class:`TitledReport`) is rendered whole by :func:`render_report`, or
written to a workbook by :func:`write_report_xlsx`.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import attrs
import cattrs

from branchkit.errors import MissingDependencyError
from branchkit.records.labels import Label, Language

__all__ = [
    "FORMULA_PREFIXES",
    "Table",
    "TitledReport",
    "headings",
    "json_text",
    "render_report",
    "text_table",
    "to_csv",
    "write_report_xlsx",
    "write_xlsx",
    "write_xlsx_sheets",
]


@attrs.frozen(kw_only=True)
class Table:
    """One titled table of a report.

    :param key: a key for the table (``gaps``).
    :param title: its title, used as the sheet's name in a workbook.
    :param rows: its rows of text, headings first.
    """

    key: str
    title: Label
    rows: list[list[str]]


def headings(language: Language, *pairs: tuple[str, str]) -> list[str]:
    """A table's headings in ``language``, from ``(zh, en)`` pairs.

    >>> from branchkit.report.tables import headings
    >>> headings("en", ("层级", "tier"), ("说明", "reason"))
    ['tier', 'reason']
    """
    return [zh if language == "zh" else en for zh, en in pairs]


def json_text(document: object) -> str:
    """A report's JSON: sorted keys and one layout, so the same input gives the same bytes."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class TitledReport(Protocol):
    """A report that is JSON for programs and titled tables for people."""

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole report as JSON text."""

    def heading(self, language: Language) -> str:
        """The line above the tables: what the report is of, and as of when."""

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The tables, in reading order."""


def render_report(
    report: TitledReport,
    output_format: Literal["table", "json", "csv"],
    language: Language,
    converter: cattrs.Converter,
) -> str:
    """A report as JSON, as CSV (each table under its title) or as terminal tables.

    :param report: the report.
    :param output_format: ``json``, ``csv`` or ``table``.
    :param language: the language of titles and headings.
    :param converter: the converter that unstructures the results, for JSON.
    """
    if output_format == "json":
        return report.to_json(converter)
    parts = report.tables(language)
    if output_format == "csv":
        return "\n".join(to_csv([[part.title.text(language)], *part.rows]) for part in parts)
    blocks = [f"{part.title.text(language)}\n{text_table(part.rows)}" for part in parts]
    return f"{report.heading(language)}\n\n" + "\n".join(blocks)


def _width(text: str) -> int:
    # Chinese characters take two columns of a terminal.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def text_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned columns of text, the first row as headings."""
    if not rows:
        return ""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def to_csv(rows: Sequence[Sequence[str]]) -> str:
    """Rows as CSV text (write it with a byte-order mark for spreadsheet programs)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_xlsx(rows: Sequence[Sequence[str]], path: Path, sheet: str) -> None:
    """Rows into a new workbook at ``path``, every cell a text cell."""
    write_xlsx_sheets([(sheet, rows)], path)


#: The first characters that make a spreadsheet program read a cell's text as a formula
#: (``=``, ``+``, ``-``, ``@``) or let one follow (a tab, a carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def write_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[Sequence[str]]]], path: Path) -> None:
    """Each ``(name, rows)`` as a sheet of a new workbook at ``path``; every cell is text.

    Every cell is a text cell (an inline string), never a formula, a number or an error, so
    identifiers such as ``20210001`` keep their digits and a value such as ``=HYPERLINK(...)``
    is shown, not run. A value beginning with one of :data:`FORMULA_PREFIXES` also gets
    Excel's quote prefix, so that it stays text when someone edits the cell.

    :param sheets: the sheets in order; names are at most 31 characters, as Excel requires.
    :param path: where to write the workbook.
    """
    try:
        from openpyxl import Workbook  # noqa: PLC0415 - an optional dependency
    except ImportError:
        raise MissingDependencyError("Excel workbooks", "xlsx") from None
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    for sheet, rows in sheets:
        worksheet = book.create_sheet(title=sheet)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = worksheet.cell(row=r, column=c)
                cell.value = value
                # openpyxl takes "=..." for a formula (and "#N/A" for an error): a text cell.
                cell.data_type = "s"
                if value.startswith(FORMULA_PREFIXES):
                    # Excel's leading apostrophe: the cell stays text when edited.
                    cell.quotePrefix = True
    book.save(path)


def write_report_xlsx(report: TitledReport, language: Language, path: Path) -> None:
    """A report's tables as the sheets of a new workbook, named by their titles.

    :param report: the report.
    :param language: the language of titles and headings.
    :param path: where to write the workbook.
    """
    # Excel allows sheet names of at most 31 characters.
    sheets = [(part.title.text(language)[:31], part.rows) for part in report.tables(language)]
    write_xlsx_sheets(sheets, path)
