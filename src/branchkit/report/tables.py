"""Writing rows of text as a terminal table, CSV or an Excel workbook.

Workbook cells are written as text cells, so a value beginning with ``=``, ``+``, ``-`` or
``@`` is never taken for a formula, and identifiers stay text.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from branchkit.errors import MissingDependencyError

__all__ = ["text_table", "to_csv", "write_xlsx", "write_xlsx_sheets"]


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


def write_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[Sequence[str]]]], path: Path) -> None:
    """Each ``(name, rows)`` as a sheet of a new workbook at ``path``; every cell is text.

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
                cell.data_type = "s"  # text, never a formula
    book.save(path)
