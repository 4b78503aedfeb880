"""Nested fields in tables: dotted headings and child sections, read and written.

CSV files and workbooks give a term's label as ``label.zh``/``中文名称`` columns, an event's
counts as ``counts.<name>``/``人次`` columns, and people's roles and memberships as tables of
their own (``人员角色``, ``人员所属单位``) whose rows name the person; every problem is one line
with its file, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

from branchkit.errors import InputError, RecordError
from branchkit.io import (
    CORE_IMPORTERS,
    CORE_SECTIONS,
    TABLE_IMPORTERS,
    Child,
    Document,
    Loaded,
    Parent,
    Section,
    load,
    load_file,
    make_converter,
    record_tables,
    structure_document,
    write_csv,
    write_workbook,
)
from branchkit.records import (
    Event,
    Label,
    Membership,
    Person,
    RoleSpan,
    Term,
    Unit,
)

TABLES = ("csv", "xlsx")
IN_A_CELL = "cannot be given in a table cell"
TERM_COLUMNS = (
    "vocabulary (词表), key (代码, 编号), label, label.zh (中文名称), label.en (英文名称), "
    "description, description.zh (中文说明), description.en (英文说明)"
)


def write_tables(folder: Path, kind: str, tables: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """The tables as CSV files named by them, or as the sheets of one workbook, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        for name, rows in tables.items():
            with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as file:
                csv.writer(file).writerows(rows)
    else:
        book = openpyxl.Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for name, rows in tables.items():
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(list(row))
        book.save(folder / "数据.xlsx")
    return folder


def where(kind: str, table: str) -> str:
    """How problems name a table: its CSV file, or its sheet of the workbook."""
    return f"{table}.csv: " if kind == "csv" else f"数据.xlsx: sheet {table}, "


def problem_lines(path: Path, **options: Any) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_core(path, **options)
    return [str(problem).removeprefix(f"{path}/") for problem in caught.value.problems]


def load_core(
    path: Path,
    *,
    sections: Mapping[str, Section] = CORE_SECTIONS,
    vocabulary: Mapping[str, frozenset[str]] | None = None,
) -> Loaded:
    return load(
        path,
        importers=(*CORE_IMPORTERS, *TABLE_IMPORTERS),
        sections=sections,
        converter=make_converter(),
        vocabulary=vocabulary,
    )


PEOPLE = [["人员编号", "姓名"], ["2021001", "王芳"], ["2021002", "李雷"], ["T1001", "张老师"]]
UNITS = [
    ["编号", "类型", "名称"],
    ["jr2101", "class", "金融2101班"],
    ["d12-301", "dorm", "12栋301"],
]


# --- dotted headings -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", TABLES)
def test_a_terms_label_in_dotted_columns(tmp_path: Path, kind: str) -> None:
    folder = write_tables(
        tmp_path,
        kind,
        {
            "术语": [
                ["词表", "代码", "中文名称", "英文名称", "description.zh", "Description . EN"],
                ["role", "activist", "入党积极分子", "activist", "向党组织靠拢的学生", "a student"],
                ["role", "student", "学生", "student", "", ""],
            ]
        },
    )
    assert load_core(folder).dataset.terms == (
        Term(
            vocabulary="role",
            key="activist",
            label=Label(zh="入党积极分子", en="activist"),
            description=Label(zh="向党组织靠拢的学生", en="a student"),
        ),
        Term(vocabulary="role", key="student", label=Label(zh="学生", en="student")),
    )


@pytest.mark.parametrize("kind", TABLES)
def test_an_events_counts_by_name(tmp_path: Path, kind: str) -> None:
    folder = write_tables(
        tmp_path,
        kind,
        {
            "人员": PEOPLE,
            "活动": [
                ["编号", "类型", "日期", "参与人", "人次", "问卷数", "counts.symposia"],
                ["e1", "survey", "2021-10-09", "2021001；2021002、T1001", "12", "300", "1"],
                ["e2", "theme_day", "2021-10-10", "2021001", "40", "", ""],
            ],
        },
    )
    first, second = load_core(folder).dataset.events
    assert first.counts == {"person_times": 12, "questionnaires": 300, "symposia": 1}
    # A list in one cell is split as before, on ；, ; or 、.
    assert first.participants == ("2021001", "2021002", "T1001")
    # An empty cell leaves its name out, so the event does not count it (0).
    assert second.counts == {"person_times": 40}
    assert second.count("questionnaires") == 0


def test_dotted_headings_are_compared_like_other_names() -> None:
    terms, events = CORE_SECTIONS["terms"], CORE_SECTIONS["events"]
    assert terms.field_for("ＬＡＢＥＬ．ＺＨ") == "label.zh"  # full-width letters and dot
    assert terms.field_for(" Label . En ") == "label.en"
    assert terms.field_for("中文　名称") == "label.zh"
    # After a table of named values, the name is taken as written (keys are case-sensitive).
    assert events.field_for("counts.Person_Times") == "counts.Person_Times"
    assert events.field_for("人次") == "counts.person_times"
    for unknown in ("label.fr", "title.zh", "counts.", "label.zh.x", "roles.role"):
        assert CORE_SECTIONS["people"].field_for(unknown) is None
        assert terms.field_for(unknown) is None
        assert events.field_for(unknown) is None


@pytest.mark.parametrize("kind", TABLES)
def test_unknown_and_whole_nested_columns_are_refused_at_their_headings(
    tmp_path: Path, kind: str
) -> None:
    folder = write_tables(
        tmp_path,
        kind,
        {
            "术语": [["词表", "代码", "label", "label.fr"], ["role", "activist", "x", "y"]],
            "活动": [["编号", "类型", "日期", "counts"], ["e1", "survey", "2021-10-09", "3"]],
            "人员": [["人员编号", "姓名", "memberships"], ["2021001", "王芳", "jr2101"]],
        },
    )
    at = {table: where(kind, table) for table in ("术语", "活动", "人员")}
    lines = problem_lines(folder)
    assert sorted(lines) == sorted(
        [
            f"{at['术语']}row 1, column label: {IN_A_CELL}; give its parts in the columns "
            "label.zh (中文名称), label.en (英文名称)",
            f"{at['术语']}row 1, column label.fr: unknown column; expected one of: {TERM_COLUMNS}",
            f"{at['活动']}row 1, column counts: {IN_A_CELL}; give each of its values in a column "
            "named counts.<name> (counts.person_times (人次), counts.questionnaires (问卷数))",
            f"{at['人员']}row 1, column memberships: {IN_A_CELL}; give them as rows of the "
            "section memberships (人员所属单位), each naming its record in the column person "
            "(人员编号, 学号, 工号)",
        ]
    )


@pytest.mark.parametrize("kind", TABLES)
def test_problems_in_dotted_columns_name_the_row_and_column(tmp_path: Path, kind: str) -> None:
    folder = write_tables(
        tmp_path,
        kind,
        {
            "术语": [
                ["词表", "代码", "中文名称", "英文名称", "中文说明"],
                ["role", "activist", "积极分子", "activist", ""],
                ["role", "student", "学生", "", ""],
                ["role", "teacher", "教师", "teacher", "老师"],
            ],
            "活动": [
                ["编号", "类型", "日期", "人次", "问卷数"],
                ["e1", "survey", "2021-10-09", "x", "3"],
                ["e2", "survey", "2021-10-09", "", "-3"],
            ],
        },
    )
    terms, events = where(kind, "术语"), where(kind, "活动")
    assert problem_lines(folder) == [
        f"{terms}row 3, column 英文名称: missing (it is required)",
        # No column gives description.en: the problem names the column that would.
        f"{terms}row 4, column description.en: missing (it is required)",
        f'{events}row 2, column 人次: expected an integer, got "x"',
        f"{events}row 3, column 问卷数: a count cannot be negative, got -3",
    ]


def test_a_dotted_heading_in_a_data_file(tmp_path: Path) -> None:
    path = tmp_path / "terms.toml"
    path.write_text(
        '[["术语"]]\n"词表" = "role"\n"代码" = "activist"\n"中文名称" = "积极分子"\n'
        'label = { en = "activist" }\n'
        '[["术语"]]\nvocabulary = "role"\nkey = "student"\n'
        'label = { zh = "学生", en = "student" }\n"中文名称" = "学生们"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert [str(problem) for problem in caught.value.problems] == [
        f'{path}: $["术语"][1]["中文名称"]: gives a part of label.zh that is given already'
    ]
    path.write_text(path.read_text(encoding="utf-8").rsplit('"中文名称"', 1)[0], encoding="utf-8")
    assert load_file(path).dataset.terms[0].label == Label(zh="积极分子", en="activist")


# --- child sections ------------------------------------------------------------------------


ROLES = [
    ["人员编号", "角色", "开始日期", "结束日期"],
    ["2021001", "student", "2021-09-01", ""],
    ["T1001", "full_member", "2010-07-01", ""],
    ["2021001", "activist", "2022-03-01", ""],
]
MEMBERSHIPS = [["学号", "单位"], ["2021001", "jr2101"], ["2021001", "d12-301"]]


SINCE = dt.date(2010, 7, 1)


@pytest.mark.parametrize("kind", TABLES)
def test_child_tables_give_peoples_roles_and_memberships(tmp_path: Path, kind: str) -> None:
    folder = write_tables(
        tmp_path,
        kind,
        {"人员": PEOPLE, "人员角色": ROLES, "人员所属单位": MEMBERSHIPS, "单位": UNITS},
    )
    loaded = load_core(folder)
    assert loaded.dataset.people == (
        Person(
            id="2021001",
            name="王芳",
            roles=(
                RoleSpan(role="student", start=dt.date(2021, 9, 1)),
                RoleSpan(role="activist", start=dt.date(2022, 3, 1)),
            ),
            memberships=(Membership(unit="jr2101"), Membership(unit="d12-301")),
        ),
        Person(id="2021002", name="李雷"),
        Person(id="T1001", name="张老师", roles=(RoleSpan(role="full_member", start=SINCE),)),
    )
    # The child sections are gone: their rows are in the people.
    assert sorted(loaded.sections) == ["people", "units"]


def test_child_rows_join_people_given_in_another_file(tmp_path: Path) -> None:
    (tmp_path / "人员.toml").write_text(
        '[[people]]\nid = "2021001"\nname = "王芳"\n'
        '[[people]]\nid = "2021002"\nname = "李雷"\nroles = [{ role = "student" }]\n',
        encoding="utf-8",
    )
    write_tables(tmp_path, "csv", {"人员职务": [["学号", "职务"], ["2021001", "committee_member"]]})
    (tmp_path / "更多角色.toml").write_text(
        '[["人员角色"]]\nperson = "2021001"\nrole = "activist"\nstart = 2022-03-01\n',
        encoding="utf-8",
    )
    people = load_core(tmp_path).dataset.people
    # Files in name order (人员.toml, 人员职务.csv, 更多角色.toml), rows in order.
    assert people[0].roles == (
        RoleSpan(role="committee_member"),
        RoleSpan(role="activist", start=dt.date(2022, 3, 1)),
    )
    assert people[1].roles == (RoleSpan(role="student"),)


@pytest.mark.parametrize("kind", TABLES)
def test_problems_of_child_rows_name_the_row_and_column(tmp_path: Path, kind: str) -> None:
    rows: list[list[object]] = [
        ["人员编号", "角色", "开始日期", "结束日期"],
        ["2021001", "student", "2021-09-01", ""],
        ["2021009", "student", "", ""],
        ["", "activist", "", ""],
        ["2021002", "activist", "2022-03-01", "2021-03-01"],
    ]
    if kind == "xlsx":
        rows.append([2021002, "student", "", ""])  # a number, not the text of a number
    folder = write_tables(tmp_path, kind, {"人员": PEOPLE, "人员角色": rows})
    at = where(kind, "人员角色")
    expected = [
        f"{at}row 4, column 人员编号: missing (it is required)",
        f"{at}row 5, column 结束日期: 2021-03-01 is before the start 2022-03-01",
    ]
    if kind == "xlsx":
        expected.append(f"{at}row 6, column 人员编号: expected text, got the number 2021002")
    assert problem_lines(folder) == expected
    # With the rows fixed, the checks across files: a person no file gives.
    rows[3][0] = "2021002"
    rows[4][3] = ""
    rows[5:] = []
    write_tables(tmp_path, kind, {"人员": PEOPLE, "人员角色": rows})
    assert problem_lines(folder) == [
        f"{at}row 3, column 人员编号: no record in people has the id '2021009'"
    ]


def test_a_list_comes_from_one_place(tmp_path: Path) -> None:
    (tmp_path / "人员.toml").write_text(
        '[[people]]\nid = "2021001"\nname = "王芳"\nroles = [{ role = "student" }]\n',
        encoding="utf-8",
    )
    write_tables(
        tmp_path,
        "csv",
        {"人员角色": [["人员编号", "角色"], ["2021001", "activist"], ["2021001", "student"]]},
    )
    assert problem_lines(tmp_path) == [
        "人员角色.csv: row 2, column 人员编号: the record with the id '2021001' gives its roles "
        "itself; give them in one place"
    ]


@pytest.mark.parametrize("kind", TABLES)
def test_checks_of_joined_records_point_at_the_rows(tmp_path: Path, kind: str) -> None:
    folder = write_tables(
        tmp_path,
        kind,
        {
            "人员": PEOPLE,
            "人员角色": [["人员编号", "角色"], ["2021001", "student"], ["2021002", "activst"]],
            "人员所属单位": [["人员编号", "单位"], ["2021001", "jr2101"], ["2021002", "nowhere"]],
            "单位": UNITS,
        },
    )
    vocabulary = {"role": frozenset({"student", "activist"})}
    roles, memberships = where(kind, "人员角色"), where(kind, "人员所属单位")
    assert sorted(problem_lines(folder, vocabulary=vocabulary)) == sorted(
        [
            f"{memberships}row 3, column 单位: no unit has the id 'nowhere'",
            f"{roles}row 3, column 角色: 'activst' is not a known role",
        ]
    )


# --- a child section of a plugin's own -----------------------------------------------------


@attrs.frozen(kw_only=True)
class Session:
    day: dt.date
    topic: str


@attrs.frozen(kw_only=True)
class Course:
    code: str
    title: str
    sessions: tuple[Session, ...] = ()
    hours: Label | None = None


COURSES = {
    "courses": Section(key="courses", record_type=Course, label=Label(zh="课程", en="Courses")),
    "sessions": Section(
        key="sessions",
        record_type=Session,
        label=Label(zh="课次", en="Sessions"),
        headers={"course": ("课程代码",), "day": ("日期",), "topic": ("主题",)},
        parent=Parent(section="courses", field="sessions", column="course", key="code"),
    ),
}


MARCH = dt.date(2022, 3, 1)


def test_any_section_may_have_a_child_section(tmp_path: Path) -> None:
    folder = write_tables(
        tmp_path,
        "xlsx",
        {
            "课程": [["code", "title"], ["FIN101", "金融学"], ["FIN102", "证券投资"]],
            "课次": [["课程代码", "日期", "主题"], ["FIN102", "2022-03-01", "股票"]],
        },
    )
    assert load_core(folder, sections=COURSES).sections["courses"] == (
        Course(code="FIN101", title="金融学"),
        Course(code="FIN102", title="证券投资", sessions=(Session(day=MARCH, topic="股票"),)),
    )


def test_a_child_section_structures_into_children() -> None:
    document = Document(
        source="a.yaml",
        content={"课次": [{"课程代码": "FIN101", "日期": "2022-03-01", "主题": "x"}]},
    )
    structured = structure_document(document, COURSES, make_converter(text_values=True))
    assert structured.sections["sessions"] == (
        Child(parent="FIN101", record=Session(day=dt.date(2022, 3, 1), topic="x")),
    )


def test_child_sections_are_checked() -> None:
    with pytest.raises(RecordError, match=r"\$\.parent\.column: Session has a field 'day'"):
        Section(key="s", record_type=Session, parent=Parent(section="c", field="f", column="day"))
    with pytest.raises(RecordError, match=r"\$\.parent: only a section of many records"):
        Section(
            key="s",
            record_type=Session,
            deferred=True,
            parent=Parent(section="c", field="f", column="course"),
        )
    with pytest.raises(RecordError, match=r"\$\.headers\[\"label\.fr\"\]: Term has no field"):
        Section(key="t", record_type=Term, headers={"label.fr": ("法文名称",)})
    wrong = dict(COURSES)
    wrong["sessions"] = attrs.evolve(
        COURSES["sessions"], parent=Parent(section="courses", field="title", column="course")
    )
    with pytest.raises(ValueError, match=r"section sessions: Course\.title is no list of Session"):
        load_core(Path("."), sections=wrong)


# --- writing tables ------------------------------------------------------------------------


def records() -> dict[str, tuple[Any, ...]]:
    return {
        "people": (
            Person(
                id="2021001",
                name="王芳",
                roles=(
                    RoleSpan(role="student", start=dt.date(2021, 9, 1)),
                    RoleSpan(role="activist", start=dt.date(2022, 3, 1), end=dt.date(2022, 8, 31)),
                ),
                memberships=(Membership(unit="jr2101"),),
                birth_date=dt.date(2003, 2, 1),
            ),
            Person(id="T1001", name="张老师"),
        ),
        "units": (Unit(id="jr2101", kind="class", name="金融2101班"),),
        "events": (
            Event(
                id="e1",
                kind="survey",
                date=dt.date(2021, 10, 9),
                title="=问卷调查",  # text that would be a formula
                participants=("2021001", "T1001"),
                counts={"questionnaires": 300, "person_times": 12, "symposia": 0},
            ),
            Event(id="e2", kind="theme_day", date=dt.date(2021, 10, 10), title="-主题党日"),
        ),
        "terms": (
            Term(vocabulary="role", key="student", label=Label(zh="学生", en="student")),
            Term(
                vocabulary="role",
                key="activist",
                label=Label(zh="积极分子", en="activist"),
                description=Label(zh="入党积极分子", en="an activist"),
            ),
        ),
    }


def test_records_as_tables() -> None:
    tables = {table.name: table for table in record_tables(records(), CORE_SECTIONS)}
    assert list(tables) == ["人员", "人员角色", "人员所属单位", "单位", "活动", "术语"]
    assert tables["活动"].headings == (
        "编号", "类型", "日期", "结束日期", "标题", "参与人", "单位", "合作单位", "对象",
        "人次", "问卷数", "counts.symposia",
    )  # fmt: skip
    assert tables["活动"].rows[0][5] == "2021001；T1001"
    assert tables["术语"].headings == (
        "词表",
        "代码",
        "中文名称",
        "英文名称",
        "中文说明",
        "英文说明",
    )
    assert tables["人员角色"].rows == (
        ("2021001", "student", dt.date(2021, 9, 1), None),
        ("2021001", "activist", dt.date(2022, 3, 1), dt.date(2022, 8, 31)),
    )
    english = record_tables(records(), CORE_SECTIONS, language="en")
    assert [table.name for table in english][:3] == ["People", "Person roles", "Memberships"]
    assert english[0].headings == ("id", "name", "birth_date", "id_number")


@pytest.mark.parametrize("kind", TABLES)
def test_records_written_as_tables_read_back_as_themselves(tmp_path: Path, kind: str) -> None:
    tables = record_tables(records(), CORE_SECTIONS, headings={"people": {"id": "人员编号"}})
    if kind == "csv":
        for table in tables:
            write_csv(table, tmp_path / f"{table.name}.csv")
    else:
        write_workbook(tables, tmp_path / "数据.xlsx")
    loaded = load_core(tmp_path)
    assert {key: loaded.sections[key] for key in records()} == records()


def test_a_written_workbook_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    tables = record_tables(records(), CORE_SECTIONS)
    write_workbook(tables, tmp_path / "a.xlsx")
    write_workbook(tables, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"1980-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    title = book["活动"]["E2"]
    assert (title.value, title.data_type, title.quotePrefix) == ("=问卷调查", "s", True)
    assert book["人员"]["A2"].data_type == "s"


def test_what_a_table_cannot_give_back_is_refused() -> None:
    person = Person(id="2021001", name="王芳", id_number="110101200302011234")
    with pytest.raises(ValueError, match=r"people\.id_number is sensitive"):
        record_tables({"people": (person,)}, CORE_SECTIONS)
    assert record_tables({"people": (person,)}, CORE_SECTIONS, include_sensitive=True)
    event = Event(id="e1", kind="survey", date=dt.date(2021, 10, 9), participants=("a；b",))
    with pytest.raises(ValueError, match=r"events\.participants: 'a；b' cannot be a list value"):
        record_tables({"events": (event,)}, CORE_SECTIONS)
    course = Course(
        code="FIN101", title="x", sessions=(Session(day=dt.date(2022, 3, 1), topic="y"),)
    )
    alone = {"courses": COURSES["courses"]}
    with pytest.raises(ValueError, match="courses: sessions is a list of records and no child"):
        record_tables({"courses": (course,)}, alone)
    with pytest.raises(ValueError, match="people: '姓名' is not a heading of id"):
        record_tables({}, CORE_SECTIONS, headings={"people": {"id": "姓名"}})
    with pytest.raises(ValueError, match="a child section's rows are written with their records"):
        record_tables({"role_spans": ()}, CORE_SECTIONS)
