"""Records written as tables: a workbook's sheets, or CSV files, that read back as the records.

The inverse of reading tables (:mod:`branchkit.io.tables` and :mod:`branchkit.io.nesting`).
:func:`record_tables` turns each section's records into one :class:`Table`, named by the
section's label, with a column per field headed by the field's first heading (its name where it
has none, or with ``language="en"``). A field inside a field is a column per part (``label.zh``;
``counts.person_times`` for each name any record counts), and a list of records is the rows of
its child section, written right after its parent's table, each row naming its record. A
deferred section's entries (the :class:`~branchkit.io.documents.Document` parts that give
candidates) are written as the tables they were read from.

Cells are what a spreadsheet user would type: text, numbers, true/false and dates; a list of
values is one cell with the values joined by ``；``. An empty value (``None``, ``""``, an empty
list) is an empty cell, which reads back as the field's default; a value that would not read
back as itself (an empty text where the field has another default, a list value that contains
a separator) is refused. Identifiers stay text. Sensitive fields are refused unless asked for.

:func:`write_workbook` writes tables as the sheets of an ``.xlsx`` workbook, byte for byte the
same for the same tables (its timestamps are fixed), text cells never formulas;
:func:`write_csv` writes one table as a CSV file.

>>> import datetime as dt
>>> from branchkit.io import CORE_SECTIONS, record_tables
>>> from branchkit.records import Person, RoleSpan
>>> person = Person(id="2021001", name="王芳",
...                 roles=(RoleSpan(role="activist", start=dt.date(2021, 3, 1)),))
>>> for table in record_tables({"people": [person]}, CORE_SECTIONS):
...     print(table.name, *table.headings, sep=", ")
...     for row in table.rows:
...         print(*row, sep=", ")
人员, 学号, 姓名, 出生日期, 身份证号
2021001, 王芳, None, None
人员角色, 人员编号, 角色, 开始日期, 结束日期
2021001, activist, 2021-03-01, None
人员所属单位, 人员编号, 单位, 开始日期, 结束日期
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import enum
import io
import math
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path as FilePath
from typing import Any

import attrs

from branchkit.errors import MissingDependencyError
from branchkit.io.documents import Document, Section
from branchkit.io.nesting import fields_of, unwrap_optional
from branchkit.records.labels import Language
from branchkit.records.sensitivity import Sensitivity, sensitivity_of

__all__ = [
    "FORMULA_PREFIXES",
    "LIST_SEPARATOR",
    "Table",
    "record_tables",
    "write_csv",
    "write_workbook",
]

#: What joins the values of a list in one cell (the full-width semicolon; the readers also
#: split on ``;`` and ``、``).
LIST_SEPARATOR = "；"
_SEPARATORS = (";", "；", "、")
#: The first characters that make a spreadsheet program read text as a formula (``=``, ``+``,
#: ``-``, ``@``) or let one follow (a tab, a carriage return): such text gets Excel's quote
#: prefix, so that it stays text when someone edits the cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What the workbook says it was made and changed on: the same every time, so that the same
# tables give the same bytes (the zip format's earliest date).
_FIXED_TIME = dt.datetime(1980, 1, 1)


@attrs.frozen(kw_only=True)
class Table:
    """A table to write: its name, its headings and its rows of cells.

    :param name: the sheet's name, or the CSV file's stem.
    :param headings: the column headings, row 1.
    :param rows: the rows, each a cell per heading; ``None`` is an empty cell.
    """

    name: str
    headings: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def record_tables(
    records: Mapping[str, Sequence[Any]],
    sections: Mapping[str, Section],
    *,
    language: Language = "zh",
    headings: Mapping[str, Mapping[str, str]] | None = None,
    include_sensitive: bool = False,
) -> tuple[Table, ...]:
    """Each section's records as a table, and each list of records as its child section's.

    :param records: the records by section key, in the order the tables are wanted (as
        :attr:`~branchkit.io.loading.Loaded.sections` gives them, or any order).
    :param sections: the sections known, by key: those of ``records`` and their children.
    :param language: ``zh`` for tables named by their Chinese labels and headed by the first
        heading of each field; ``en`` for English labels and the fields' own names.
    :param headings: headings to write instead, by section key and field path
        (``{"people": {"id": "人员编号"}}``); each must be one the section reads as that field.
    :param include_sensitive: write sensitive fields (ID numbers) when they have values;
        without it, such a value is refused.
    :raises ValueError: for records that a table cannot give back as they are.
    """
    chosen = headings or {}
    for key, by_path in chosen.items():
        for path, heading in by_path.items():
            if key not in sections or sections[key].field_for(heading) != path:
                raise ValueError(f"{key}: {heading!r} is not a heading of {path}")
    children: dict[str, list[Section]] = {}
    for _, section in sorted(sections.items()):
        if section.parent is not None:
            children.setdefault(section.parent.section, []).append(section)
    for key, found in children.items():
        # In the order of the fields they give (a person's roles, then memberships).
        owner = sections[key].record_type if key in sections else None
        order = [field.alias or field.name for field, _, _ in fields_of(owner)] if owner else []
        found.sort(key=lambda child: _position(order, child))
    tables: list[Table] = []
    for key, entries in records.items():
        if key not in sections:
            raise ValueError(f"no section {key!r} is known")
        section = sections[key]
        if section.parent is not None:
            raise ValueError(f"{key}: a child section's rows are written with their records")
        if section.deferred:
            tables.append(_document_table(section, entries, language))
            continue
        if not section.many:
            raise ValueError(f"{key}: a section of one record cannot be a table")
        own = _Writer(section, language, chosen.get(key, {}), include_sensitive)
        skipped = {child.parent.field for child in children.get(key, []) if child.parent}
        tables.append(own.table(entries, skipped))
        for child in children.get(key, []):
            parent = child.parent
            assert parent is not None
            rows = [
                (getattr(record, parent.key), item)
                for record in entries
                for item in getattr(record, parent.field)
            ]
            writer = _Writer(child, language, chosen.get(child.key, {}), include_sensitive)
            tables.append(writer.child_table(rows))
    return tuple(tables)


def _table_name(section: Section, language: Language) -> str:
    return section.label.text(language) if section.label is not None else section.key


class _Writer:
    """The columns and cells of one section's table."""

    def __init__(
        self,
        section: Section,
        language: Language,
        headings: Mapping[str, str],
        include_sensitive: bool,
    ) -> None:
        self.section = section
        self.language = language
        self.headings = headings
        self.include_sensitive = include_sensitive

    def heading(self, path: str) -> str:
        if path in self.headings:
            return self.headings[path]
        headings = self.section.headers.get(path, ())
        return headings[0] if headings and self.language == "zh" else path

    def table(self, records: Sequence[Any], skipped: set[str]) -> Table:
        columns = self._columns(self.section.record_type, records, "", skipped)
        rows = tuple(tuple(self._cell(record, column) for column in columns) for record in records)
        headings = tuple(self.heading(column.path) for column in columns)
        return Table(name=_table_name(self.section, self.language), headings=headings, rows=rows)

    def child_table(self, rows: Sequence[tuple[object, Any]]) -> Table:
        parent = self.section.parent
        assert parent is not None
        records = [record for _, record in rows]
        columns = self._columns(self.section.record_type, records, "", set())
        where = f"{self.section.key}.{parent.column}"
        written = tuple(
            (_cell(key, where), *(self._cell(record, column) for column in columns))
            for key, record in rows
        )
        headings = (self.heading(parent.column), *(self.heading(c.path) for c in columns))
        name = _table_name(self.section, self.language)
        return Table(name=name, headings=headings, rows=written)

    def _columns(
        self, record_type: type, records: Sequence[Any], prefix: str, skipped: set[str]
    ) -> list[_Column]:
        columns: list[_Column] = []
        for field, tp, shape in fields_of(record_type):
            alias = field.alias or field.name
            path = prefix + alias
            values = [getattr(record, field.name) for record in records]
            if shape == "value":
                columns.append(_Column(path=path, owner=record_type, field=field))
            elif shape == "record":
                inner = [value for value in values if value is not None]
                columns.extend(self._columns(unwrap_optional(tp), inner, path + ".", set()))
            elif shape == "mapping":
                # The names with headings first, in the section's order, then the others sorted.
                present = {name for value in values for name in value}
                listed = [
                    p[len(path) + 1 :] for p in self.section.headers if p.startswith(path + ".")
                ]
                names = [name for name in listed if name in present]
                names += sorted(present - set(names))
                columns.extend(
                    _Column(path=f"{path}.{name}", owner=record_type, field=field) for name in names
                )
            elif alias not in skipped and any(values):
                raise ValueError(
                    f"{self.section.key}: {path} is a list of records and no child section gives it"
                )
        return columns

    def _cell(self, record: Any, column: _Column) -> object:
        value: Any = record
        for part in column.path.split("."):
            if value is None:
                break
            value = value.get(part) if isinstance(value, Mapping) else getattr(value, part)
        where = f"{self.section.key}.{column.path}"
        field = column.field
        if (
            value is not None
            and not self.include_sensitive
            and sensitivity_of(column.owner, field.name) is Sensitivity.SENSITIVE
        ):
            raise ValueError(f"{where} is sensitive; pass include_sensitive=True to write it")
        cell = _cell(value, where)
        own = column.path.rsplit(".", 1)[-1] == (field.alias or field.name)  # not a mapping's
        if cell is None and value is not None and own:
            default: Any = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if default is attrs.NOTHING or value != default:
                raise ValueError(f"{where}: {value!r} would read back as the field's default")
        return cell


@attrs.frozen
class _Column:
    path: str
    owner: type
    field: attrs.Attribute[Any]


def _cell(value: object, where: str) -> object:
    """A value as a cell: ``None`` for an empty one."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, decimal.Decimal) and value.is_finite():
        number = float(value)
        # A number cell when the number reads back as the same decimal, written the same.
        return number if str(decimal.Decimal(repr(number))) == str(value) else str(value)
    if isinstance(value, dt.datetime):
        raise ValueError(f"{where}: a date and time has no cell that reads back as one")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, tuple | list | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        parts = [_list_item(item, where) for item in items]
        return LIST_SEPARATOR.join(parts) if parts else None
    raise ValueError(f"{where}: {type(value).__name__} has no cell")


def _list_item(value: object, where: str) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, int | decimal.Decimal) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"{where}: {type(value).__name__} cannot be a list value in a cell")
    if not value.strip() or value != value.strip() or any(s in value for s in _SEPARATORS):
        raise ValueError(
            f"{where}: {value!r} cannot be a list value in a cell (empty, surrounded by "
            "spaces, or with a separator ; ； 、)"
        )
    return value


def _document_table(section: Section, entries: Sequence[Any], language: Language) -> Table:
    """A deferred section's documents of tables as one table; they must share their headings."""
    headings: tuple[str, ...] | None = None
    rows: list[tuple[object, ...]] = []
    for entry in entries:
        if not isinstance(entry, Document) or not entry.text_values:
            raise ValueError(f"{section.key}: only the parts of tables can be written again")
        for written, content in entry.content.items():
            given = entry.headings.get(written) or tuple(
                dict.fromkeys(heading for row in content for heading in row)
            )
            if headings is not None and given != headings:
                raise ValueError(f"{section.key}: the tables have different headings")
            headings = given
            rows.extend(tuple(row.get(heading) for heading in given) for row in content)
    return Table(name=_table_name(section, language), headings=headings or (), rows=tuple(rows))


# --- files ---------------------------------------------------------------------------------


def write_csv(table: Table, path: FilePath) -> None:
    """One table as a CSV file: UTF-8 with a byte-order mark, as spreadsheet programs read it.

    Dates are written ``YYYY-MM-DD``, true and false as ``true`` and ``false``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.headings)
    writer.writerows([_csv_text(cell) for cell in row] for row in table.rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def _csv_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        text = repr(cell)
        if "e" in text or "inf" in text or "nan" in text:
            raise ValueError(f"the number {text} has no plain decimal text")
        return text
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


class _StillZip(zipfile.ZipFile):
    """A zip archive whose entries all carry the same fixed time, not the time of writing."""

    def writestr(  # type: ignore[override]
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: str | bytes,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_FIXED_TIME.timetuple()[:6])
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(  # type: ignore[override]
        self,
        filename: str | FilePath,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = arcname if arcname is not None else FilePath(filename).name
        self.writestr(name, FilePath(filename).read_bytes(), compress_type, compresslevel)


def write_workbook(tables: Sequence[Table], path: FilePath) -> None:
    """Tables as the sheets of a new ``.xlsx`` workbook at ``path``, the same bytes each time.

    Text is a text cell, never a formula (text that begins like one also gets Excel's quote
    prefix, see :data:`FORMULA_PREFIXES`), so identifiers such as ``20210001`` keep their
    digits; numbers, true/false and dates are cells of their kind (dates shown
    ``yyyy-mm-dd``). The workbook's creation and change times, and its zip entries' times,
    are fixed. Needs the ``xlsx`` extra (openpyxl).

    :raises ValueError: for a sheet name Excel does not allow (longer than 31 characters, or
        given twice).
    :raises MissingDependencyError: when openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook  # noqa: PLC0415 - an optional dependency
        from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415
    except ImportError:
        raise MissingDependencyError("Excel workbooks", "xlsx") from None
    names = [table.name for table in tables]
    for name in names:
        if len(name) > 31 or names.count(name) > 1:
            raise ValueError(f"{name!r} cannot name a sheet (at most 31 characters, once each)")
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    for table in tables:
        sheet = book.create_sheet(title=table.name)
        for r, row in enumerate((table.headings, *table.rows), start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl takes "=..." for a formula otherwise
                    if value.startswith(FORMULA_PREFIXES):
                        cell.quotePrefix = True
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    book.properties.creator = "branchkit"
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    with _StillZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()


def _position(order: list[str], child: Section) -> int:
    field = child.parent.field if child.parent is not None else ""
    return order.index(field) if field in order else len(order)
