"""Tables: CSV files and Excel workbooks, read into documents of cells.

A table is one section: a CSV file's section is named by the file's stem (``people.csv``,
``人员名单.csv``), a workbook's by each sheet's name (``人员``, ``活动``). Row 1 holds the
column headings, which name the fields of the section's records by their names or by the
headings the section lists (``学号`` for ``id``); every later row is one record. A blank row is
skipped, and an empty cell is left out, so that the field's default applies (or, for a required
field, the row is reported as missing it).

Cells keep what the file gives: every CSV cell is text, and a workbook's cells are text,
numbers, true/false and dates. The converter for tables
(``make_converter(text_values=True)``) reads numbers, dates, true/false and lists from text,
and refuses a number where text is expected: ``2023001`` typed as a number is not a student
number, because a spreadsheet would have shown ``2023001.0`` or ``2.02E+06`` as readily.

Problems name the row and the column as a spreadsheet shows them
(``people.csv: row 12, column 学号: expected text, got the number 2023001``; in a workbook,
``sheet 人员, row 12, column 学号``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path as FilePath

from branchkit.errors import InputError, MissingDependencyError, Path, Problem
from branchkit.io.documents import Document, Importer
from branchkit.io.names import visible_name
from branchkit.io.readers import read_text
from branchkit.records.labels import Label

__all__ = ["TABLE_IMPORTERS", "column_letter", "read_csv", "read_xlsx"]

#: A table's rows as the file gives them: the spreadsheet row number and the cells.
Rows = Iterable[tuple[int, Sequence[object]]]


def column_letter(number: int) -> str:
    """The spreadsheet name of the column ``number`` (1 is ``A``).

    >>> from branchkit.io.tables import column_letter
    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _heading(cell: object) -> str:
    """A heading cell as it is shown: without invisible characters or surrounding spaces."""
    if _is_empty(cell):
        return ""
    return visible_name(cell.isoformat() if isinstance(cell, dt.date) else str(cell))


class _Table:
    """One table being read: its headings, rows and the problems of its layout."""

    def __init__(self, name: str, prefix: str) -> None:
        self.name = name
        self.prefix = prefix  # "sheet 人员, " in a workbook
        self.header_row = 1
        self.headings: list[str] = []
        self.rows: list[dict[str, object]] = []
        self.row_numbers: list[int] = []
        self.problems: list[Problem] = []

    def locate(self, path: Path) -> str | None:
        """A path inside the table in spreadsheet words."""
        if not path or path[0] != self.name:
            return None
        rest = path[1:]
        if not rest:
            return f"sheet {self.name}" if self.prefix else "the file's name"
        if isinstance(rest[0], str):
            return f"{self.prefix}row {self.header_row}, column {rest[0]}"
        if not 0 <= rest[0] < len(self.row_numbers):
            return None
        row = f"{self.prefix}row {self.row_numbers[rest[0]]}"
        if len(rest) > 1 and isinstance(rest[1], str):
            return f"{row}, column {rest[1]}"
        return row

    def problem(self, path: Path, message: str, source: str) -> None:
        location = self.locate(path)
        self.problems.append(Problem(source=source, path=path, location=location, message=message))

    def read(self, rows: Rows, source: str, cell: Callable[[object], object]) -> bool:
        """Read the table's rows; ``False`` when it has no row at all, not even headings."""
        header: list[str] | None = None
        for number, cells in rows:
            if all(_is_empty(value) for value in cells):
                continue
            if header is None:
                header = self._header(number, cells, source)
                continue
            self._row(number, cells, header, source, cell)
        return header is not None

    def _header(self, number: int, cells: Sequence[object], source: str) -> list[str]:
        self.header_row = number
        header = [_heading(value) for value in cells]
        first: dict[str, int] = {}
        for position, heading in enumerate(header, start=1):
            if not heading:
                continue
            if heading in first:
                self.problem(
                    (self.name, heading),
                    f"the heading is given twice (columns {column_letter(first[heading])} "
                    f"and {column_letter(position)})",
                    source,
                )
                header[position - 1] = ""  # its cells are not read
            else:
                first[heading] = position
        self.headings = [heading for heading in header if heading]
        return header

    def _row(
        self,
        number: int,
        cells: Sequence[object],
        header: list[str],
        source: str,
        cell: Callable[[object], object],
    ) -> None:
        row: dict[str, object] = {}
        index = len(self.rows)
        self.rows.append(row)
        self.row_numbers.append(number)
        for position, value in enumerate(cells, start=1):
            if _is_empty(value):
                continue
            if position > len(header):
                self.problem(
                    (self.name, index),
                    f"a cell beyond the headings (column {column_letter(position)}; "
                    f"the headings end at column {column_letter(len(header))})",
                    source,
                )
                break
            heading = header[position - 1]
            if not heading:
                self.problem(
                    (self.name, index, column_letter(position)),
                    "a value in a column without a heading",
                    source,
                )
                continue
            row[heading] = cell(value)


def _document(source: str, tables: Sequence[_Table]) -> Document:
    by_name = {table.name: table for table in tables}

    def locate(path: Path) -> str | None:
        table = by_name.get(str(path[0])) if path else None
        return table.locate(path) if table is not None else None

    return Document(
        source=source,
        content={table.name: table.rows for table in tables},
        locator=locate,
        text_values=True,
        headings={table.name: tuple(table.headings) for table in tables},
        problems=tuple(problem for table in tables for problem in table.problems),
    )


# --- CSV -----------------------------------------------------------------------------------


def read_csv(path: FilePath) -> Document:
    """A CSV file as a document of one table, named by the file's stem.

    The file is UTF-8 text (with or without a byte-order mark) or GB18030 text, with commas
    between cells and double quotes around cells that need them. Every cell is text, as given.
    """
    # GB18030 is what Excel and WPS write as "CSV" on a computer set up for Chinese.
    text = read_text(path, fallback="gb18030")
    table = _Table(path.stem, prefix="")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    # The spreadsheet row of a record is its number among records, blank ones included (a
    # quoted cell may hold a line break, so lines are not rows).
    rows = ((number, cells) for number, cells in enumerate(reader, start=1))
    try:
        table.read(rows, str(path), _csv_cell)
    except csv.Error as error:
        raise InputError(
            [
                Problem(
                    source=str(path),
                    location=f"line {reader.line_num}",
                    message=f"invalid CSV: {error}",
                )
            ]
        ) from None
    return _document(str(path), [table])


def _csv_cell(value: object) -> object:
    return value


# --- Excel ---------------------------------------------------------------------------------


def _xlsx_cell(value: object) -> object:
    """A workbook cell's value: a date cell (a date and time at midnight) becomes a date.

    A date and time with a time of day stays one, for the converter to refuse where a date is
    expected.
    """
    if isinstance(value, dt.datetime) and value.time() == dt.time() and value.tzinfo is None:
        return value.date()
    return value


def read_xlsx(path: FilePath) -> Document:
    """An Excel workbook (``.xlsx``) as a document of one table per sheet, named by the sheet.

    Cells keep their types (text, numbers, true/false, dates); a formula gives the value Excel
    last calculated for it, and is empty if the workbook was never calculated. An empty sheet
    is no table. Needs the ``xlsx`` extra (openpyxl).

    :raises MissingDependencyError: when openpyxl is not installed.
    """
    try:
        import openpyxl  # noqa: PLC0415 - an optional dependency, imported when used
        from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415
    except ImportError:
        raise MissingDependencyError("Excel workbooks", "xlsx") from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        message = f"cannot read: {error.strerror}"
        raise InputError([Problem(source=str(path), message=message)]) from None
    except (KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as error:
        message = f"not an Excel workbook (.xlsx): {error}"
        raise InputError([Problem(source=str(path), message=message)]) from None
    tables: list[_Table] = []
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong extent; read all rows
            table = _Table(sheet.title, prefix=f"sheet {sheet.title}, ")
            rows = enumerate(sheet.iter_rows(values_only=True), start=1)
            if table.read(rows, str(path), _xlsx_cell):
                tables.append(table)
    finally:
        workbook.close()
    return _document(str(path), tables)


#: The importers of tables core provides (through its built-in plugin): CSV and Excel.
TABLE_IMPORTERS: tuple[Importer, ...] = (
    Importer(
        key="csv",
        label=Label(zh="CSV 文件", en="CSV file"),
        suffixes=(".csv",),
        read=read_csv,
    ),
    Importer(
        key="xlsx",
        label=Label(zh="Excel 工作簿", en="Excel workbook"),
        suffixes=(".xlsx",),
        read=read_xlsx,
    ),
)
