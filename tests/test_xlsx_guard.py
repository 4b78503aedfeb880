"""Workbooks hold text: no cell is ever a formula, and identifiers keep their digits.

Checked twice, independently of any spreadsheet program: read back with openpyxl (a text cell,
its value unchanged, Excel's quote prefix on the dangerous ones) and in the sheet's own XML (an
inline string for every cell, no ``<f>`` element anywhere).
"""

from __future__ import annotations

import string
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import attrs
import cattrs
import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.records import Label
from branchkit.records.labels import Language
from branchkit.report.tables import (
    FORMULA_PREFIXES,
    Table,
    write_report_xlsx,
    write_xlsx,
    write_xlsx_sheets,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://example.com","click")',
    "+A1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
IDENTIFIERS = ["20210001", "0012", "1e5", "3.14", "-7", "TRUE", "#N/A", "2022-01-01", "1/2"]
PLAIN = ["王芳", "a = b", "达标", "73.75", ""]


def sheet_xml(path: Path, number: int = 1) -> ElementTree.Element:
    with zipfile.ZipFile(path) as archive:
        return ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{number}.xml"))


def assert_all_text(path: Path, sheets: int = 1) -> None:
    for number in range(1, sheets + 1):
        root = sheet_xml(path, number)
        assert root.findall(f".//{MAIN}f") == [], "a formula element in the sheet"
        cells = root.findall(f".//{MAIN}c")
        assert {cell.get("t") for cell in cells if len(cell)} <= {"inlineStr"}


def test_formula_prefixes() -> None:
    assert FORMULA_PREFIXES == ("=", "+", "-", "@", "\t", "\r")


def test_dangerous_cells_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "guard.xlsx"
    write_xlsx([DANGEROUS, IDENTIFIERS, PLAIN], path, "guard")
    assert_all_text(path)
    sheet = openpyxl.load_workbook(path)["guard"]
    for cell, value in zip(sheet[1][: len(DANGEROUS)], DANGEROUS, strict=True):
        assert cell.data_type == "s"
        assert cell.quotePrefix, value
        # XML turns a carriage return into a line feed; the rest of the text is as written.
        expected = value.replace("\r", "\n")
        assert cell.value == expected
    formulas = openpyxl.load_workbook(path, data_only=False)["guard"]
    assert not any(cell.data_type == "f" for row in formulas.iter_rows() for cell in row)


def test_identifiers_and_look_alike_numbers_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "ids.xlsx"
    write_xlsx([IDENTIFIERS], path, "ids")
    sheet = openpyxl.load_workbook(path)["ids"]
    assert [cell.value for cell in sheet[1]] == IDENTIFIERS
    assert all(cell.data_type == "s" for cell in sheet[1])
    # Only what a spreadsheet would run gets the quote prefix.
    assert [cell.quotePrefix for cell in sheet[1]] == [value == "-7" for value in IDENTIFIERS]


def test_plain_text_has_no_quote_prefix(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    write_xlsx([PLAIN], path, "plain")
    sheet = openpyxl.load_workbook(path)["plain"]
    assert [cell.value for cell in sheet[1]] == [*PLAIN[:-1], None]
    assert not any(cell.quotePrefix for cell in sheet[1])


@attrs.frozen(kw_only=True)
class TwoTables:
    def to_json(self, converter: cattrs.Converter) -> str:
        return "{}\n"

    def heading(self, language: Language) -> str:
        return "heading"

    def tables(self, language: Language) -> tuple[Table, ...]:
        return (
            Table(key="a", title=Label(zh="甲", en="First"), rows=[["h"], ["=A1"]]),
            Table(key="b", title=Label(zh="乙", en="Second"), rows=[["h"], ["20210001"]]),
        )


def test_reports_keep_their_sheets_and_gain_the_guard(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_report_xlsx(TwoTables(), "en", path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["First", "Second"]
    assert (book["First"]["A2"].value, book["First"]["A2"].quotePrefix) == ("=A1", True)
    assert (book["Second"]["A2"].value, book["Second"]["A2"].data_type) == ("20210001", "s")
    assert_all_text(path, sheets=2)


# Text openpyxl can write: no control characters but tab and line feed.
_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_characters="".join(chr(code) for code in range(32) if chr(code) not in "\t\n"),
    ),
    max_size=12,
)


@settings(max_examples=25, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.sampled_from(["", *FORMULA_PREFIXES[:-1]]), _TEXT).map("".join)
        | st.text(alphabet=string.digits, min_size=1, max_size=10),
        min_size=1,
        max_size=8,
    )
)
def test_any_text_comes_back_as_text(cells: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.xlsx"
        write_xlsx_sheets([("any", [cells])], path)
        assert_all_text(path)
        row = openpyxl.load_workbook(path)["any"][1]
        for cell, value in zip(row, cells, strict=False):
            assert cell.value == (value or None)
            if value:
                assert cell.data_type == "s"
                assert bool(cell.quotePrefix) == value.startswith(FORMULA_PREFIXES)
