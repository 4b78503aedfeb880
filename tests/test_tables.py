"""Tables: CSV files and Excel workbooks with Chinese headings, read strictly, row by row."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import string
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchkit import Host
from branchkit.errors import InputError, MissingDependencyError, RecordError
from branchkit.io import (
    CORE_SECTIONS,
    NOT_IN_A_CELL,
    TABLE_IMPORTERS,
    ConversionProblem,
    Document,
    Section,
    load_file,
    make_converter,
    normalise_name,
    read_csv,
    read_xlsx,
    structure,
    structure_document,
    structure_sections,
    visible_name,
)
from branchkit.records import Dataset, Event, Evidence, Label, Person, Unit
from tests import strategies as bs

DATA = Path(__file__).parent / "data" / "tables"

PEOPLE_COLUMNS = (
    "id (学号, 工号, 编号, 人员编号), name (姓名), roles, memberships, birth_date (出生日期), "
    "id_number (身份证号)"
)
# Every core section, as the message listing the known ones gives them (test_core_sections
# in test_loading.py checks which they are).
SECTIONS = ", ".join(sorted(CORE_SECTIONS))
ID_NUMBER = "110101200302011234"


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the tables' data folder, so that problems name files by stable relative paths."""
    monkeypatch.chdir(DATA)


def problem_lines(path: str | Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_file(path)
    return [str(problem) for problem in caught.value.problems]


Cell = object


def write_xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[Cell]]]) -> Path:
    """A workbook with one sheet per entry, each given as rows of cells."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows(rows)
    return path


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("学号", "学号"),
        ("学　号", "学号"),  # a full-width space between Chinese characters
        ("\ufeff学号", "学号"),  # a byte-order mark left at the start of a file
        (" 学号\t", "学号"),
        ("学\u200b号", "学号"),  # a zero-width space
        ("姓 名", "姓名"),
        ("ＩＤ", "id"),  # full-width letters
        ("Ｉｄ＿Ｎｕｍｂｅｒ", "id_number"),
        ("出生日期（年月日）", "出生日期(年月日)"),  # full-width brackets
        ("Birth   Date", "birth date"),  # inner spaces between words kept, as one
        ("人员名单", "人员名单"),
        ("PEOPLE", "people"),
    ],
)
def test_normalise_name(name: str, normal: str) -> None:
    assert normalise_name(name) == normal


def test_visible_name_keeps_the_spelling_and_drops_what_nobody_sees() -> None:
    assert visible_name("\ufeff 学　号 ") == "学　号"
    assert visible_name("姓\u200b名") == "姓名"


def test_core_sections_are_named_in_chinese_too() -> None:
    people = CORE_SECTIONS["people"]
    assert people.label == Label(zh="人员", en="People")
    assert all(
        people.matches(name) for name in ("people", "人员", "人员名单", " 人员名单 ", "People")
    )
    assert not people.matches("人员表")
    assert [people.field_for(h) for h in ("学　号", "工号", "姓名", "身份证号", "备注")] == [
        "id",
        "id",
        "name",
        "id_number",
        None,
    ]
    assert CORE_SECTIONS["events"].field_for("参加人员") == "participants"
    assert CORE_SECTIONS["units"].field_for("上级单位") == "parent"
    assert CORE_SECTIONS["evidence"].matches("佐证材料")


# --- sections' names and headings -----------------------------------------------------------


def test_a_heading_must_name_a_field_and_only_one() -> None:
    with pytest.raises(RecordError) as caught:
        Section(
            key="people",
            record_type=Person,
            headers={
                "nickname": ("昵称",),
                "id": ("编号", "名字"),
                "name": ("名字", " "),
            },
        )
    assert caught.value.problems == (
        (
            ("headers", "nickname"),
            "Person has no field 'nickname'; fields: "
            "id, name, roles, memberships, birth_date, id_number",
        ),
        (("headers", "name", 0), "'名字' also names the field 'id'"),
        (("headers", "name", 1), "must not be empty"),
    )


def test_a_heading_may_not_be_another_fields_name() -> None:
    with pytest.raises(RecordError, match="'Name' also names the field 'name'"):
        Section(key="people", record_type=Person, headers={"id": ("Name",)})


def test_sections_with_headings_compare_by_value() -> None:
    first = Section(key="labels", record_type=Label, headers={"zh": ["中文"]})
    second = Section(key="labels", record_type=Label, headers={"zh": ("中文",)})
    assert first == second
    assert first.headers["zh"] == ("中文",)
    assert attrs.evolve(first, aliases=("标签",)).matches("标签")


def test_a_yaml_style_document_may_use_chinese_names_and_is_told_in_them() -> None:
    document = Document(
        source="people.yaml",
        content={"人员": [{"学号": "2021001", "姓名": "王芳"}, {"学号": 2021002, "姓名": "李雷"}]},
    )
    with pytest.raises(InputError) as caught:
        structure_sections(document, CORE_SECTIONS, make_converter())
    assert [str(p) for p in caught.value.problems] == [
        'people.yaml: $["人员"][1]["学号"]: expected a string, got 2021002'
    ]
    assert caught.value.problems[0].path == ("人员", 1, "学号")
    fixed = Document(source="people.yaml", content={"人员名单": [{"工号": "T01", "name": "张伟"}]})
    structured = structure_document(fixed, CORE_SECTIONS, make_converter())
    assert structured.sections == {"people": (Person(id="T01", name="张伟"),)}
    assert structured.original_path(("people", 0, "id")) == ("人员名单", 0, "工号")
    assert structured.original_path(("people", 0, "name")) == ("人员名单", 0, "name")


def test_a_field_given_twice_and_a_section_given_twice_are_problems() -> None:
    document = Document(
        source="people.json",
        content={
            "people": [{"id": "1", "学号": "2", "name": "王芳", "unknown": 1}],
            "人员": [],
            "terms": [],
        },
    )
    with pytest.raises(InputError) as caught:
        structure_sections(document, CORE_SECTIONS, make_converter())
    unknown = "unknown key; expected one of: id, name, roles, memberships, birth_date, id_number"
    assert [str(p) for p in caught.value.problems] == [
        'people.json: $.people[0]["学号"]: names the same field (id) as id',
        f"people.json: $.people[0].unknown: {unknown}",
        'people.json: $["人员"]: gives the section people again (first as people)',
    ]


def test_a_name_two_sections_claim_is_a_problem() -> None:
    sections = {
        "people": CORE_SECTIONS["people"],
        "staff": Section(key="staff", record_type=Person, aliases=("人员",)),
    }
    document = Document(source="a.json", content={"人员": []})
    with pytest.raises(InputError) as caught:
        structure_sections(document, sections, make_converter())
    assert [str(p) for p in caught.value.problems] == [
        'a.json: $["人员"]: names more than one section: people, staff'
    ]


# --- the converter for cells ---------------------------------------------------------------

CELLS = make_converter(text_values=True)


@pytest.mark.parametrize(
    ("text", "number"), [("12", 12), ("+3", 3), ("-0", 0), ("007", 7), (12, 12), (12.0, 12)]
)
def test_integers_from_cells(text: object, number: int) -> None:
    assert CELLS.structure(text, int) == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.0", 'expected an integer, got "1.0"'),
        ("1e3", 'expected an integer, got "1e3"'),
        ("1,000", 'expected an integer, got "1,000"'),
        ("１２", 'expected an integer, got "１２"'),
        (" 12", 'expected an integer, got " 12"'),
        ("", 'expected an integer, got ""'),
        (1.5, "expected an integer, got the number 1.5"),
        (True, "expected an integer, got the logical value TRUE"),
        ("9" * 5000, 'expected an integer, got "' + "9" * 38 + "…"),
    ],
)
def test_other_cells_are_not_integers(value: object, message: str) -> None:
    with pytest.raises(ConversionProblem) as caught:
        CELLS.structure(value, int)
    assert caught.value.describe(show_value=True) == message


def test_numbers_and_decimals_from_plain_decimal_text() -> None:
    assert CELLS.structure("1.5", float) == 1.5
    assert CELLS.structure("-2", float) == -2.0
    assert CELLS.structure("1.50", decimal.Decimal) == decimal.Decimal("1.50")
    assert CELLS.structure(2.5, decimal.Decimal) == decimal.Decimal("2.5")
    for text in ("NaN", "inf", "-Infinity", "1e3", "1.", ".5", "1,5", "", " 1"):
        for target in (float, decimal.Decimal):
            with pytest.raises(ConversionProblem):
                CELLS.structure(text, target)
    # Too large for a float: refused, not infinity; a decimal keeps every digit.
    for value in ("1" * 400 + ".0", 10**400):
        with pytest.raises(ConversionProblem, match=r"^expected a number, got "):
            CELLS.structure(value, float)
    assert CELLS.structure("1" * 400, decimal.Decimal) == decimal.Decimal("1" * 400)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *[("true", True), ("TRUE", True), ("是", True), ("Yes", True), (True, True)],
        *[("false", False), ("False", False), ("否", False), ("no", False), (" 否 ", False)],
    ],
)
def test_true_and_false_from_cells(text: object, value: bool) -> None:
    assert CELLS.structure(text, bool) is value


@pytest.mark.parametrize("text", ["1", "0", "对", "y", "", 1])
def test_other_cells_are_not_true_or_false(text: object) -> None:
    with pytest.raises(ConversionProblem, match=r"expected true or false \(true/false, yes/no"):
        CELLS.structure(text, bool)


def test_lists_from_one_cell() -> None:
    assert CELLS.structure("a;b；c、d", tuple[str, ...]) == ("a", "b", "c", "d")
    assert CELLS.structure(" a ; ;b ", tuple[str, ...]) == ("a", "b")
    assert CELLS.structure("；", tuple[str, ...]) == ()
    assert CELLS.structure("1;2", tuple[int, ...]) == (1, 2)
    assert CELLS.structure(["a b"], tuple[str, ...]) == ("a b",)
    with pytest.raises(InputError) as caught:
        structure(2021001, tuple[str, ...], converter=CELLS)
    assert str(caught.value.problems[0]) == "$[0]: expected text, got the number 2021001"


def test_text_stays_text_and_dates_are_iso() -> None:
    assert CELLS.structure("2023001.0", str) == "2023001.0"
    assert CELLS.structure(" 王芳", str) == " 王芳"
    assert CELLS.structure("2021-03-04", dt.date) == dt.date(2021, 3, 4)
    assert CELLS.structure(dt.date(2021, 3, 4), dt.date) == dt.date(2021, 3, 4)
    with pytest.raises(ConversionProblem) as caught:
        CELLS.structure(dt.datetime(2021, 3, 4, 10, 30), dt.date)
    assert caught.value.describe(show_value=True) == (
        "expected a date written YYYY-MM-DD, got the date and time 2021-03-04 10:30:00"
    )


def test_nested_records_cannot_be_given_in_a_cell() -> None:
    for target in (tuple[Label, ...], Label, Mapping[str, int], tuple[tuple[str, ...], ...]):
        with pytest.raises(ConversionProblem) as caught:
            CELLS.structure("activist", target)
        assert caught.value.describe(show_value=True) == NOT_IN_A_CELL
        assert str(caught.value) == NOT_IN_A_CELL


def test_only_the_cell_converter_reads_text() -> None:
    strict = make_converter()
    for value, target in (("12", int), ("是", bool), ("1.5", float), ("a;b", tuple[str, ...])):
        with pytest.raises(ConversionProblem):
            strict.structure(value, target)
    with pytest.raises(ConversionProblem, match=r"^expected a string, got an integer$"):
        strict.structure(12, str)


# --- CSV -----------------------------------------------------------------------------------

EXPECTED_PEOPLE = (
    Person(id="2021001", name="王芳", birth_date=dt.date(2003, 2, 1), id_number=ID_NUMBER),
    Person(id="2021002", name="李雷"),
    # A CSV cell is text: "2023001.0" is an identifier as written, not the number 2023001.
    Person(id="2023001.0", name="张伟", birth_date=dt.date(2002, 11, 30)),
)
EXPECTED_UNITS = (
    Unit(id="finance", kind="school", name="金融学院"),
    Unit(id="fin-2101", kind="class", name="金融2101班", parent="finance"),
)
EXPECTED_EVENTS = (
    Event(
        id="e-001",
        kind="volunteer_service",
        date=dt.date(2021, 4, 17),
        title="金融知识进社区",
        participants=("2021001", "2021002"),
        units=("fin-2101",),
        partners=("ccb-yongchuan",),
        audience=("community", "school"),
    ),
    Event(
        id="e-002",
        kind="theme_day",
        date=dt.date(2021, 5, 4),
        end_date=dt.date(2021, 5, 5),
        title="五四主题团日, 第二天",
        participants=("2021001",),
    ),
)
EXPECTED = Dataset(people=EXPECTED_PEOPLE, units=EXPECTED_UNITS, events=EXPECTED_EVENTS)


def test_csv_files_with_chinese_names_and_headings_load_into_records() -> None:
    # 人员名单.csv starts with a byte-order mark and has the headings "学　号 " (a full-width
    # space and a trailing one) and " 姓名 "; it ends lines with CR LF and has a blank line.
    raw = (DATA / "good" / "人员名单.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "学　号 , 姓名 ".encode() in raw
    loaded = load_file(DATA / "good")
    assert loaded.dataset == EXPECTED
    assert sorted(loaded.sections) == ["events", "people", "units"]


def test_a_csv_file_reads_as_a_document_of_text_cells() -> None:
    document = read_csv(DATA / "good" / "人员名单.csv")
    assert document.text_values
    assert document.headings == {"人员名单": ("学　号", "姓名", "出生日期", "身份证号")}
    assert document.content == {
        "人员名单": [
            {"学　号": "2021001", "姓名": "王芳", "出生日期": "2003-02-01", "身份证号": ID_NUMBER},
            {"学　号": "2021002", "姓名": "李雷"},
            {"学　号": "2023001.0", "姓名": "张伟", "出生日期": "2002-11-30"},
        ]
    }
    assert document.locate(("人员名单", 2, "姓名")) == "row 5, column 姓名"  # after a blank row
    assert document.locate(("人员名单", "学　号")) == "row 1, column 学　号"
    assert document.locate(("人员名单",)) == "the file's name"
    assert document.locate(("people", 0)) is None


def test_the_same_records_as_toml_csv_and_xlsx_are_the_same_dataset(tmp_path: Path) -> None:
    from_toml = load_file(DATA / "same.toml").dataset
    from_csv = load_file(DATA / "good").dataset
    workbook = write_xlsx(
        tmp_path / "branch.xlsx",
        {
            "人员": [
                ["学号", "姓名", "出生日期", "身份证号"],
                ["2021001", "王芳", dt.date(2003, 2, 1), ID_NUMBER],
                ["2021002", "李雷", None, None],
                ["2023001.0", "张伟", dt.datetime(2002, 11, 30), None],
            ],
            "单位": [
                ["单位编号", "类型", "名称", "上级"],
                ["finance", "school", "金融学院"],
                ["fin-2101", "class", "金融2101班", "finance"],
            ],
            "活动": [
                ["编号", "类型", "日期", "结束日期", "标题", "参加人员", "单位", "合作单位",
                 "对象"],
                ["e-001", "volunteer_service", dt.date(2021, 4, 17), None, "金融知识进社区",
                 "2021001;2021002", "fin-2101", "ccb-yongchuan", "community；school"],
                ["e-002", "theme_day", dt.date(2021, 5, 4), "2021-05-05", "五四主题团日, 第二天",
                 "2021001"],
            ],
        },
    )  # fmt: skip
    from_xlsx = load_file(workbook).dataset
    assert from_toml == from_csv == from_xlsx == EXPECTED


def test_a_gb18030_csv_file_reads_like_utf8(tmp_path: Path) -> None:
    text = (DATA / "good" / "人员名单.csv").read_text("utf-8-sig")
    raw = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (tmp_path / "人员名单.csv").write_bytes(raw)
    assert load_file(tmp_path / "人员名单.csv").dataset == Dataset(people=EXPECTED_PEOPLE)


def test_a_csv_file_in_another_encoding_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes("学号,姓名\n".encode("utf-16"))
    assert problem_lines(tmp_path / "people.csv") == [
        f"{tmp_path / 'people.csv'}: neither UTF-8 nor GB18030 text (byte 0)"
    ]


def test_broken_csv_quoting_is_a_problem_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text('学号,姓名\n2021001,"王芳"x\n', "utf-8")
    (line,) = problem_lines(tmp_path / "people.csv")
    assert line == f"{tmp_path / 'people.csv'}: line 2: invalid CSV: ',' expected after '\"'"


EXPECTED_BAD_LINES = [
    f"bad/人员.csv: row 1, column 备注: unknown column; expected one of: {PEOPLE_COLUMNS}",
    "bad/人员.csv: row 4, column 学号: missing (it is required)",
    'bad/人员.csv: row 5, column 出生日期: expected a date written YYYY-MM-DD, got "2021/3/4"',
    "bad/人员.csv: row 7, column 姓名: must not start or end with spaces",
    "bad/人员.csv: row 8: a cell beyond the headings (column F; the headings end at column E)",
    'bad/佐证材料.csv: row 2, column 数量: expected an integer, got "abc"',
    'bad/佐证材料.csv: row 3, column 数量: expected an integer, got "1.5"',
    'bad/佐证材料.csv: row 4, column 数量: expected an integer, got "1e3"',
    'bad/佐证材料.csv: row 6, column 数量: expected an integer, got "１２"',
    'bad/佐证材料.csv: row 7, column 日期: expected a date written YYYY-MM-DD, got "2021-04-31"',
]


@pytest.mark.usefixtures("in_data")
def test_every_bad_row_of_every_csv_file_is_reported_at_once() -> None:
    # Rows 3 of 人员.csv ("2023001.0" as an id: text, so an identifier) and 5 of 佐证材料.csv
    # ("+3" as a count) are good; the blank row 6 of 人员.csv is skipped but counted.
    lines = problem_lines("bad")
    assert lines == EXPECTED_BAD_LINES
    assert all(ID_NUMBER not in line for line in lines)


@pytest.mark.usefixtures("in_data")
def test_problems_of_a_table_carry_its_own_path_and_location() -> None:
    with pytest.raises(InputError) as caught:
        load_file("bad/人员.csv")
    problem = caught.value.problems[2]
    assert problem.source == "bad/人员.csv"
    assert problem.path == ("人员", 3, "出生日期")
    assert problem.location == "row 5, column 出生日期"


def test_an_empty_cell_is_not_given_so_defaults_apply(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "佐证.csv",
        [["编号", "类型", "日期", "数量", "备注"], ["ev-1", "minutes", "2021-04-17", "", "  "]],
    )
    (evidence,) = load_file(tmp_path / "佐证.csv").dataset.evidence
    assert evidence == Evidence(id="ev-1", kind="minutes", date=dt.date(2021, 4, 17))
    assert evidence.count == 1


def test_layout_problems_of_a_csv_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "people.csv",
        [
            ["id", "name", "", "name", "学号"],
            ["2021001", "王芳", "", "", ""],
            ["2021002", "李雷", "x", "", ""],
        ],
    )
    assert problem_lines(path) == [
        f"{path}: row 1, column name: the heading is given twice (columns B and D)",
        f"{path}: row 1, column 学号: names the same field (id) as id",
        f"{path}: row 3, column C: a value in a column without a heading",
    ]


def test_a_table_cannot_give_a_section_of_one_record(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "framework.csv", [["key"], ["demo"]])
    assert problem_lines(path) == [
        f"{path}: the file's name: the section framework is one record, which a table cannot "
        "give; use a TOML, JSON or YAML file"
    ]


def test_a_csv_file_named_for_no_section(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "学生.csv", [["学号"], ["2021001"]])
    assert problem_lines(path) == [
        f"{path}: the file's name: unknown section; expected one of: {SECTIONS}"
    ]


def test_nested_fields_in_a_cell_are_a_clear_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "活动.csv",
        [["编号", "类型", "日期", "counts"], ["e-1", "meeting", "2021-04-17", "3"]],
    )
    people = write_csv(tmp_path / "人员.csv", [["学号", "姓名", "roles"], ["1", "王芳", "x"]])
    # Refused once, at the heading, with the columns or the table that give it instead (see
    # test_tables_nested.py).
    in_a_cell = "cannot be given in a table cell"
    assert problem_lines(path) == [
        f"{path}: row 1, column counts: {in_a_cell}; give each of its values in a column named "
        "counts.<name> (counts.person_times (人次), counts.questionnaires (问卷数))"
    ]
    assert problem_lines(people) == [
        f"{people}: row 1, column roles: {in_a_cell}; give them as rows of the section "
        "role_spans (人员角色), each naming its record in the column person (人员编号, 学号, 工号)"
    ]


def test_checks_across_records_name_rows_and_columns(tmp_path: Path) -> None:
    write_csv(tmp_path / "人员.csv", [["学号", "姓名"], ["2021001", "王芳"], ["2021001", "李雷"]])
    write_csv(
        tmp_path / "活动.csv",
        [["编号", "类型", "日期", "参与人"], ["e-1", "meeting", "2021-04-17", "2021001、2021009"]],
    )
    more = tmp_path / "人员补充.toml"  # read after 人员.csv: files are read in name order
    more.write_text('[[people]]\nid = "2021001"\nname = "张伟"\n', "utf-8")
    assert problem_lines(tmp_path) == [
        f"{tmp_path / '人员.csv'}: row 3, column 学号: duplicate '2021001' (first at row 2)",
        f"{more}: $.people[0].id: duplicate '2021001' (first in {tmp_path / '人员.csv'} at row 2)",
        f"{tmp_path / '活动.csv'}: row 2, column 参与人: no person has the id '2021009'",
    ]


def test_the_host_reads_tables_with_its_own_converters(tmp_path: Path) -> None:
    host = Host.create(autoload=False, environ={})
    assert host.importer_for("人员.csv") is TABLE_IMPORTERS[0]
    assert host.importer_for("branch.XLSX") is TABLE_IMPORTERS[1]
    write_csv(tmp_path / "单位.csv", [["编号", "类型", "名称"], ["d1", "dorm", "12栋305"]])
    assert host.load(tmp_path).dataset.units == (Unit(id="d1", kind="dorm", name="12栋305"),)
    write_csv(tmp_path / "单位.csv", [["编号", "类型", "名称"], ["d1", "flat", "12栋305"]])
    assert [str(p) for p in host.validate(tmp_path)] == [
        f"{tmp_path / '单位.csv'}: row 2, column 类型: 'flat' is not a known unit kind"
    ]


# --- Excel ---------------------------------------------------------------------------------

PEOPLE_HEADINGS = ["学号", "姓名", "出生日期", "身份证号"]


def test_workbook_cells_keep_their_types_and_each_wrong_one_is_reported(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "branch.xlsx",
        {
            "人员": [
                PEOPLE_HEADINGS,
                [2023001, "王芳", dt.date(2003, 2, 1)],  # a number for an identifier
                [2023001.5, "李雷"],  # a non-integral number
                ["2021003", "张伟", dt.datetime(2003, 2, 1)],  # a date cell: a date
                ["2021004", "赵六", dt.datetime(2003, 2, 1, 8, 30)],  # a time of day: refused
                ["2021005", "钱七", "2003-02-01", 110101200302011234],  # sensitive: no value
            ],
            "说明": [["本工作簿的说明"]],
        },
    )
    assert problem_lines(path) == [
        f"{path}: sheet 人员, row 2, column 学号: expected text, got the number 2023001",
        f"{path}: sheet 人员, row 3, column 学号: expected text, got the number 2023001.5",
        f"{path}: sheet 人员, row 5, column 出生日期: expected a date written YYYY-MM-DD, "
        "got the date and time 2003-02-01 08:30:00",
        f"{path}: sheet 人员, row 6, column 身份证号: expected text, got a number",
        f"{path}: sheet 说明: unknown section; expected one of: {SECTIONS}",
    ]


def test_a_date_cell_is_a_date(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "people.xlsx",
        {"人员名单": [PEOPLE_HEADINGS, ["2021003", "张伟", dt.datetime(2003, 2, 1)]]},
    )
    document = read_xlsx(path)
    assert document.content == {
        "人员名单": [{"学号": "2021003", "姓名": "张伟", "出生日期": dt.date(2003, 2, 1)}]
    }
    assert document.locate(("人员名单", 0, "学号")) == "sheet 人员名单, row 2, column 学号"
    assert load_file(path).dataset.people == (
        Person(id="2021003", name="张伟", birth_date=dt.date(2003, 2, 1)),
    )


def test_sheets_with_chinese_names_are_sections(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "branch.xlsx",
        {
            "人员名单": [PEOPLE_HEADINGS, ["2021001", "王芳"]],
            "组织": [["编号", "类型", "名称"], ["fin-2101", "class", "金融2101班"]],
            "活动记录": [
                ["活动编号", "活动类型", "日期", "参与人", "涉及单位"],
                ["e-1", "meeting", dt.date(2021, 4, 17), "2021001", "fin-2101"],
            ],
            "Sheet": [],  # an empty sheet is no table
        },
    )
    loaded = load_file(path)
    assert loaded.dataset == Dataset(
        people=(Person(id="2021001", name="王芳"),),
        units=(Unit(id="fin-2101", kind="class", name="金融2101班"),),
        events=(
            Event(
                id="e-1",
                kind="meeting",
                date=dt.date(2021, 4, 17),
                participants=("2021001",),
                units=("fin-2101",),
            ),
        ),
    )


def test_a_formula_gives_its_calculated_value_or_nothing(tmp_path: Path) -> None:
    # openpyxl writes formulas without calculating them: the cell has no value yet.
    path = write_xlsx(
        tmp_path / "units.xlsx",
        {"单位": [["编号", "类型", "名称", "上级"], ["d1", "dorm", "12栋305", '=IF(1,"x","")']]},
    )
    assert load_file(path).dataset.units == (Unit(id="d1", kind="dorm", name="12栋305"),)


def test_layout_problems_of_a_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "branch.xlsx",
        {
            "人员": [
                [None],
                ["学号", None, "姓名"],  # the headings may start below blank rows
                ["2021001", None, "王芳", "x"],
                ["2021002", 3, "李雷"],
            ]
        },
    )
    assert problem_lines(path) == [
        f"{path}: sheet 人员, row 3: a cell beyond the headings "
        "(column D; the headings end at column C)",
        f"{path}: sheet 人员, row 4, column B: a value in a column without a heading",
    ]


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "people.xlsx").write_text("学号,姓名\n", "utf-8")
    (line,) = problem_lines(tmp_path / "people.xlsx")
    assert line.startswith(f"{tmp_path / 'people.xlsx'}: not an Excel workbook (.xlsx): ")


def test_excel_lock_files_in_a_folder_are_not_read(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "branch.xlsx", {"人员": [PEOPLE_HEADINGS, ["2021001", "王芳"]]})
    (tmp_path / "~$branch.xlsx").write_bytes(b"\x00owner")
    assert load_file(tmp_path).sources == (str(tmp_path / "branch.xlsx"),)


def test_excel_without_openpyxl_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "branch.xlsx", {"人员": [PEOPLE_HEADINGS]})
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    expected = "Excel workbooks need the 'xlsx' extra: pip install 'branchkit[xlsx]'"
    with pytest.raises(MissingDependencyError) as caught:
        read_xlsx(path)
    assert str(caught.value) == expected
    assert caught.value.extra == "xlsx"
    with pytest.raises(MissingDependencyError):
        load_file(path)
    # CSV files need nothing beyond the standard library.
    write_csv(tmp_path / "people.csv", [["学号", "姓名"], ["2021001", "王芳"]])
    assert load_file(tmp_path / "people.csv").dataset.people == (Person(id="2021001", name="王芳"),)


# --- privacy -------------------------------------------------------------------------------

_MARKER_DIGITS = st.text(string.digits, min_size=17, max_size=17).map(lambda s: "9" + s)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(digits=_MARKER_DIGITS, as_float=st.booleans())
def test_an_id_number_never_appears_in_a_problem(
    tmp_path: Path, digits: str, as_float: bool
) -> None:
    number: object = float(digits) if as_float else int(digits)
    shown = repr(number) if as_float else digits
    path = write_xlsx(
        tmp_path / "people.xlsx",
        {
            "人员": [
                [*PEOPLE_HEADINGS, "备注"],
                ["2021001", "王芳", None, number],
                [2021002, " 李雷", None, digits, digits],
            ]
        },
    )
    with pytest.raises(InputError) as caught:
        load_file(path)
    message = str(caught.value)
    assert f"{path}: sheet 人员, row 2, column 身份证号: expected text, got a number" in message
    assert digits not in message
    assert shown not in message
    assert digits[:10] not in message


# --- round trips ---------------------------------------------------------------------------

_DAYS = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def flat_datasets(draw: st.DrawFn) -> Dataset:
    """People, units and events whose fields all fit in table cells, with valid references."""
    person_ids = draw(st.lists(bs.identifiers(), min_size=1, max_size=4, unique=True))
    unit_ids = draw(st.lists(bs.identifiers(), max_size=3, unique=True))
    people = tuple(
        Person(
            id=person_id,
            name=draw(bs.texts(max_size=4)),
            birth_date=draw(st.none() | _DAYS),
            id_number=draw(st.none() | st.text(string.digits, min_size=17, max_size=17)),
        )
        for person_id in person_ids
    )
    units = tuple(
        Unit(
            id=unit_id,
            kind=draw(bs.keys()),
            name=draw(bs.texts()),
            parent=draw(st.none() | st.sampled_from(unit_ids[:index])) if index else None,
            start=draw(st.none() | _DAYS.filter(lambda day: day.year < 2000)),
            end=draw(st.none() | _DAYS.filter(lambda day: day.year >= 2000)),
        )
        for index, unit_id in enumerate(unit_ids)
    )
    events = []
    for event_id in draw(st.lists(bs.identifiers(), max_size=3, unique=True)):
        date = draw(_DAYS)
        events.append(
            Event(
                id=event_id,
                kind=draw(bs.keys()),
                date=date,
                end_date=draw(st.none() | st.just(date + dt.timedelta(days=2))),
                title=draw(st.just("") | bs.texts()),
                participants=tuple(draw(st.lists(st.sampled_from(person_ids), unique=True))),
                units=tuple(draw(st.lists(st.sampled_from(unit_ids), unique=True)))
                if unit_ids
                else (),
                partners=tuple(draw(st.lists(bs.identifiers(), max_size=2))),
                audience=tuple(draw(st.lists(bs.keys(max_words=1), max_size=2))),
            )
        )
    return Dataset(people=people, units=units, periods=(), events=tuple(events))


# The headings each table is written with: a Chinese one for every field.
_HEADINGS: dict[str, tuple[str, dict[str, str]]] = {
    "people": ("人员", {"id": "学号", "name": "姓名", "birth_date": "出生日期",
                        "id_number": "身份证号"}),
    "units": ("单位", {"id": "单位编号", "kind": "类型", "name": "名称", "parent": "上级单位",
                       "start": "开始日期", "end": "结束日期"}),
    "events": ("活动", {"id": "活动编号", "kind": "活动类型", "date": "日期",
                        "end_date": "结束日期", "title": "标题", "participants": "参与人",
                        "units": "涉及单位", "partners": "合作单位", "audience": "服务对象"}),
}  # fmt: skip


def _rows(
    records: Sequence[Any], headings: Mapping[str, str], cell: Callable[[Any], Cell]
) -> list[list[Cell]]:
    header: list[Cell] = list(headings.values())
    return [header, *([cell(getattr(record, field)) for field in headings] for record in records)]


def _text_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "；".join(value)
    return str(value)


def _typed_cell(value: Any) -> Cell:
    if isinstance(value, tuple):
        return "、".join(value) if value else None
    return value if value != "" else None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dataset=flat_datasets(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_tables_round_trip(tmp_path: Path, dataset: Dataset, encoding: str) -> None:
    folder = tmp_path / encoding
    folder.mkdir(exist_ok=True)
    sheets: dict[str, list[list[Cell]]] = {}
    for key, (name, headings) in _HEADINGS.items():
        records = getattr(dataset, key)
        text_rows = _rows(records, headings, _text_cell)
        write_csv(folder / f"{name}.csv", [[str(c) for c in row] for row in text_rows], encoding)
        sheets[name] = _rows(records, headings, _typed_cell)
    workbook = write_xlsx(tmp_path / "branch.xlsx", sheets)
    assert load_file(folder).dataset == dataset
    assert load_file(workbook).dataset == dataset
