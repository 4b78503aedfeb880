"""Loading files and folders: every problem of every file, each against its own file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from branchkit.errors import InputError
from branchkit.framework.model import Framework
from branchkit.io import (
    CORE_IMPORTERS,
    CORE_SECTIONS,
    DATASET_SECTIONS,
    Loaded,
    Parent,
    Section,
    load,
    load_file,
    make_converter,
)
from branchkit.records import (
    Dataset,
    Event,
    Label,
    Membership,
    Period,
    Person,
    RoleSpan,
    Term,
    dataset_problems,
)

DATA = Path(__file__).parent / "data"

NOT_A_KEY = "is not a key: use lower-case letters, digits, '_' and '-', starting with a letter"
PERSON_FIELDS = "id, name, roles, memberships, birth_date, id_number"
EVENT_FIELDS = "id, kind, date, end_date, title, participants, units, partners, audience, counts"
# Every core section, as the message listing the known ones gives them (test_core_sections
# in test_loading.py checks which they are).
SECTIONS = ", ".join(sorted(CORE_SECTIONS))
PERIOD_KINDS = '"academic_year", "semester", "year", "quarter", "month", "custom"'


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test data folder, so that problems name files by stable relative paths."""
    monkeypatch.chdir(DATA)


def problem_lines(path: str | Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_file(path)
    return [str(problem) for problem in caught.value.problems]


def load_core(path: Path, vocabulary: dict[str, frozenset[str]] | None = None) -> Loaded:
    return load(
        path,
        importers=CORE_IMPORTERS,
        sections=CORE_SECTIONS,
        converter=make_converter(),
        vocabulary=vocabulary,
    )


# --- the bad files, line by line -----------------------------------------------------------

EXPECTED_LINES = {
    "bad/records.toml": [
        "bad/records.toml: $.people[0].id: expected a string, got 2023001.0",
        f"bad/records.toml: $.people[0].roles[0].role: 'Activist' {NOT_A_KEY}",
        f"bad/records.toml: $.people[1].nickname: unknown key; expected one of: {PERSON_FIELDS}",
        "bad/records.toml: $.people[2].birth_date: expected a date written YYYY-MM-DD, "
        "got 2003-03-01T08:00:00",
        "bad/records.toml: $.units[0].end: 2021-08-31 is before the start 2021-09-01",
        "bad/records.toml: $.events[0].counts.persons: a count cannot be negative, got -3",
        'bad/records.toml: $.events[1].date: expected a date written YYYY-MM-DD, got "2021/04/18"',
        'bad/records.toml: $.events[1].participants: expected an array, got "2021001"',
        "bad/records.toml: $.events[1].counts.person_times: expected an integer, got nan",
        "bad/records.toml: $.evidence[0].count: expected an integer, got true",
    ],
    "bad/records.json": [
        "bad/records.json: $.framework.organisation.en: missing (it is required)",
        "bad/records.json: $.framework.areas[0].practices[0].key: expected a string, got 12",
        "bad/records.json: $.framework.areas[0].practices[1].label: expected a table, "
        'got "“三财素养”教育机制"',
        'bad/records.json: $.framework.language: expected one of "zh", "en", got "fr"',
        "bad/records.json: $.people[0].birth_date: expected a date written YYYY-MM-DD, "
        'got "2003-02-29"',
        "bad/records.json: $.people[1].memberships[0].start: expected a date written YYYY-MM-DD, "
        'got "20210901"',
        f'bad/records.json: $.periods[0].kind: expected one of {PERIOD_KINDS}, got "quarterly"',
        "bad/records.json: $.evidence[0].count: expected an integer, got 1.5",
    ],
    "bad/records.yaml": [
        "bad/records.yaml: $.people[0].id: expected a string, got 2021001",
        'bad/records.yaml: $.people[0].memberships: expected an array, got "fin-2101"',
        "bad/records.yaml: $.people[1].roles[0].end: 2021-02-28 is before the start 2021-03-01",
        "bad/records.yaml: $.units[0].parent: expected a string, got an array",
        'bad/records.yaml: $.terms[0].label: expected a table, got "入党积极分子"',
        "bad/records.yaml: $.events[0].date: expected a date written YYYY-MM-DD, "
        "got 2021-04-17T10:00:00",
        "bad/records.yaml: $.events[0].counts.persons: expected an integer, got nan",
        f"bad/records.yaml: $.events[0].colour: unknown key; expected one of: {EVENT_FIELDS}",
        f"bad/records.yaml: $.visits: unknown section; expected one of: {SECTIONS}",
    ],
}


@pytest.mark.usefixtures("in_data")
@pytest.mark.parametrize("name", sorted(EXPECTED_LINES))
def test_a_bad_file_gives_every_promised_line(name: str) -> None:
    assert problem_lines(name) == EXPECTED_LINES[name]


@pytest.mark.usefixtures("in_data")
@pytest.mark.parametrize("name", sorted(EXPECTED_LINES))
def test_the_error_message_lists_the_lines_after_a_count(name: str) -> None:
    with pytest.raises(InputError) as caught:
        load_core(Path(name))
    expected = EXPECTED_LINES[name]
    assert str(caught.value).splitlines() == [f"{len(expected)} problems in the input:", *expected]


@pytest.mark.usefixtures("in_data")
def test_syntax_errors_when_loading() -> None:
    assert problem_lines("bad/syntax.json") == [
        "bad/syntax.json: line 3, column 22: invalid JSON: Expecting ',' delimiter"
    ]
    assert problem_lines("bad/syntax.yaml") == [
        "bad/syntax.yaml: line 4, column 7: invalid YAML: expected ',' or ']', but got ':'"
    ]
    (toml_line,) = problem_lines("bad/syntax.toml")
    assert toml_line.startswith("bad/syntax.toml: syntax: invalid TOML: ")


# --- a good folder -------------------------------------------------------------------------


@pytest.mark.usefixtures("in_data")
def test_a_folder_of_files_merges_into_one_dataset() -> None:
    loaded = load_file("good/branch")
    # Files are read in name order; the README is not a data file.
    assert loaded.sources == (
        "good/branch/events.json",
        "good/branch/framework.toml",
        "good/branch/people.toml",
        "good/branch/terms.yml",
        "good/branch/units.yaml",
    )
    assert isinstance(loaded.framework, Framework)
    assert loaded.framework.key == "demo"
    assert [p.key for p in loaded.framework.practices] == [
        "contacts",
        "development",
        "volunteering",
    ]
    dataset = loaded.dataset
    assert dataset.people[0] == Person(
        id="2021001",
        name="王芳",
        birth_date=dt.date(2003, 5, 12),
        roles=(
            RoleSpan(role="activist", start=dt.date(2021, 3, 1), end=dt.date(2022, 2, 28)),
            RoleSpan(role="development_target", start=dt.date(2022, 3, 1)),
        ),
        memberships=(
            Membership(unit="fin-2101", start=dt.date(2021, 9, 1)),
            Membership(unit="d12-305"),
        ),
    )
    assert [p.id for p in dataset.people] == ["2021001", "2021002"]
    assert [u.id for u in dataset.units] == ["finance", "fin-2101", "d12-305"]
    assert dataset.periods == (Period.semester(2020, 2),)
    (event,) = dataset.events
    assert isinstance(event, Event)
    assert event.counts == {"person_times": 35, "questionnaires": 200}
    assert [e.id for e in dataset.evidence] == ["ev-001"]
    assert dataset.terms[1] == Term(
        vocabulary="audience",
        key="community",
        label=Label(zh="社区", en="community"),
        description=Label(zh="城市社区居民", en="residents of an urban community"),
    )
    assert list(dataset_problems(dataset)) == []


@pytest.mark.usefixtures("in_data")
def test_loaded_sections_are_the_records_by_key() -> None:
    loaded = load_file("good/branch")
    assert list(loaded.sections) == ["events", "evidence", "people", "periods", "terms", "units"]
    for key, records in loaded.sections.items():
        assert records == getattr(loaded.dataset, key)


@pytest.mark.usefixtures("in_data")
def test_one_file_of_a_folder_loads_alone() -> None:
    loaded = load_file(Path("good/branch/framework.toml"))
    assert loaded.sources == ("good/branch/framework.toml",)
    assert loaded.framework is not None
    assert loaded.framework.area("region").practices[0].key == "volunteering"
    assert loaded.dataset.people == ()
    assert loaded.sections == {}


@pytest.mark.usefixtures("in_data")
def test_vocabulary_problems_are_reported_against_their_file() -> None:
    vocabulary = {
        "role": frozenset({"full_member"}),
        "unit_kind": frozenset({"department", "class"}),
        "audience": frozenset(),
    }
    with pytest.raises(InputError) as caught:
        load_core(Path("good/branch"), vocabulary)
    # "activist" and "community" are terms of the folder itself.
    assert [str(p) for p in caught.value.problems] == [
        "good/branch/people.toml: $.people[0].roles[1].role: "
        "'development_target' is not a known role",
        "good/branch/units.yaml: $.units[2].kind: 'dorm' is not a known unit kind",
    ]


# --- problems across files -----------------------------------------------------------------


@pytest.mark.usefixtures("in_data")
def test_cross_file_problems_name_their_own_file_and_index() -> None:
    assert problem_lines("bad/crossref") == [
        "bad/crossref/people-b.toml: $.people[1].id: "
        "duplicate '2021002' (first in bad/crossref/people-a.toml at index 1)",
        "bad/crossref/people-b.toml: $.people[0].memberships[1].unit: "
        "no unit has the id 'fin-2102'",
        "bad/crossref/events.toml: $.events[1].participants[1]: no person has the id '2021009'",
    ]


def test_a_duplicate_in_the_same_file_names_its_local_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(DATA / "good/branch/people.toml", tmp_path / "a.toml")
    (tmp_path / "b.toml").write_text(
        '[[people]]\nid = "2021009"\nname = "赵敏"\n\n[[people]]\nid = "2021009"\nname = "赵敏"\n',
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        load_core(Path())
    assert [str(p) for p in caught.value.problems] == [
        "b.toml: $.people[1].id: duplicate '2021009' (first at index 0)",
        "a.toml: $.people[0].memberships[0].unit: no unit has the id 'fin-2101'",
        "a.toml: $.people[0].memberships[1].unit: no unit has the id 'd12-305'",
        "a.toml: $.people[1].memberships[0].unit: no unit has the id 'fin-2101'",
    ]


def test_every_file_of_a_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.toml").write_text('[[people]]\nid = 1\nname = "王芳"\n', "utf-8")
    (tmp_path / "b.json").write_text("[]", "utf-8")
    (tmp_path / "c.yaml").write_text("events:\n  - id: e-1\n", "utf-8")
    # A reference problem is not checked while a file has problems of its own.
    (tmp_path / "d.toml").write_text(
        '[[events]]\nid = "e-2"\nkind = "meeting"\ndate = 2021-04-17\nparticipants = ["x"]\n',
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert problem_lines(".") == [
        "a.toml: $.people[0].id: expected a string, got 1",
        "b.json: the top level must be a table of sections",
        "c.yaml: $.events[0].kind: missing (it is required)",
        "c.yaml: $.events[0].date: missing (it is required)",
    ]


@pytest.mark.usefixtures("in_data")
def test_a_second_framework_is_a_problem() -> None:
    assert problem_lines("bad/two-frameworks") == [
        "bad/two-frameworks/b.toml: $.framework: "
        "a second framework; bad/two-frameworks/a.toml already has one"
    ]


# --- folders and files that cannot be loaded -----------------------------------------------


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    assert problem_lines(tmp_path) == [f"{tmp_path}: the folder has no readable file"]
    (tmp_path / "notes.txt").write_text("not data", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "people.toml").write_text("", "utf-8")
    assert problem_lines(tmp_path) == [f"{tmp_path}: the folder has no readable file"]


@pytest.mark.usefixtures("in_data")
@pytest.mark.parametrize("name", ["missing.toml", "missing", "bad/missing.yaml"])
def test_a_missing_path_is_a_problem(name: str) -> None:
    assert problem_lines(name) == [f"{name}: no such file or folder"]
    with pytest.raises(InputError) as caught:
        load_core(Path(name))
    assert [str(p) for p in caught.value.problems] == [f"{name}: no such file or folder"]


def test_a_file_no_importer_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "people.txt").write_text("id,name\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert problem_lines("people.txt") == [
        "people.txt: no importer reads this file; known: .csv, .json, .toml, .xlsx, .yaml, .yml"
    ]


@pytest.mark.parametrize(
    ("name", "text"), [("list.json", "[1, 2]"), ("empty.yaml", ""), ("text.yaml", "people\n")]
)
def test_the_top_level_must_be_a_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert problem_lines(name) == [f"{name}: the top level must be a table of sections"]


def test_an_empty_toml_file_loads_as_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.toml").write_text("# nothing yet\n", "utf-8")
    loaded = load_file(tmp_path / "empty.toml")
    assert loaded.framework is None
    assert loaded.sections == {}
    assert loaded.dataset == Dataset()


# --- sections ------------------------------------------------------------------------------


def test_core_sections() -> None:
    assert DATASET_SECTIONS == ("people", "units", "periods", "events", "evidence", "terms")
    framework_parts = ["framework", "schemes", "tiers", "plans", "pairings", "obligations"]
    framework_parts += ["rubrics", "checklists", "targets", "indicators", "standards"]
    framework_parts += ["alignments"]
    records = ["candidates", "assignments", "cases", "follow_ups", *DATASET_SECTIONS]
    records += ["profiles", "pair_rules", "preferences", "outcomes", "assessments"]
    records += ["item_transitions"]
    children = ["role_spans", "memberships"]  # people's roles and memberships, as rows
    assert sorted(CORE_SECTIONS) == sorted([*framework_parts, *records, *children])
    assert CORE_SECTIONS["role_spans"].parent == Parent(
        section="people", field="roles", column="person"
    )
    assert CORE_SECTIONS["memberships"].parent == Parent(
        section="people", field="memberships", column="person"
    )
    assert CORE_SECTIONS["framework"].many is False
    assert CORE_SECTIONS["framework"].record_type is Framework
    assert all(CORE_SECTIONS[key].many for key in DATASET_SECTIONS)
    assert CORE_SECTIONS["people"].record_type is Person
    assert CORE_SECTIONS["people"].target == tuple[Person, ...]
    with pytest.raises(TypeError):
        CORE_SECTIONS["visits"] = CORE_SECTIONS["people"]  # type: ignore[index]


def test_a_section_added_to_the_core_ones_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "labels.toml").write_text(
        '[[labels]]\nzh = "走访"\nen = "Visits"\n\n[[people]]\nid = "1"\nname = "王芳"\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    sections = {**CORE_SECTIONS, "labels": Section(key="labels", record_type=Label)}
    loaded = load(
        Path("labels.toml"), importers=CORE_IMPORTERS, sections=sections, converter=make_converter()
    )
    assert loaded.sections == {
        "labels": (Label(zh="走访", en="Visits"),),
        "people": (Person(id="1", name="王芳"),),
    }
    assert loaded.dataset.people == (Person(id="1", name="王芳"),)
    # Without the section, the same file has an unknown one.
    with pytest.raises(InputError) as caught:
        load_core(Path("labels.toml"))
    assert [str(p) for p in caught.value.problems] == [
        f"labels.toml: $.labels: unknown section; expected one of: {SECTIONS}"
    ]


def test_a_section_of_one_record_keeps_one_entry_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[motto]\nzh = "求真"\nen = "Seek truth"\n', "utf-8")
    (tmp_path / "b.toml").write_text('[motto]\nzh = "务实"\nen = "Be practical"\n', "utf-8")
    sections = {**CORE_SECTIONS, "motto": Section(key="motto", record_type=Label, many=False)}
    loaded = load(tmp_path, importers=CORE_IMPORTERS, sections=sections, converter=make_converter())
    assert loaded.sections == {
        "motto": (Label(zh="求真", en="Seek truth"), Label(zh="务实", en="Be practical"))
    }


def test_candidates_are_kept_for_the_scheme_that_reads_them() -> None:
    # A folder that holds candidates beside other records loads: the candidates' facts are
    # typed only by the scheme that ranks them, so each file's part is kept as a document.
    from branchkit.io.candidates import candidates_from_document
    from branchkit.plugins.host import Host

    host = Host.create(environ={})
    examples = Path(__file__).parents[1] / "plugins" / "branchkit-cqfe" / "examples"
    (text,) = host.load(examples).sections["candidates"]
    workbook = examples.with_name("examples-workbook") / "支部数据2021-2022.xlsx"
    (cells,) = host.load(workbook).sections["candidates"]
    assert Path(text.source).name == "candidates.csv"
    # Kept as given: text in the CSV file, typed cells (a date, a number) in the workbook.
    assert text.content["candidates"][0]["出生日期"] == "2001-11-14"
    assert cells.content["候选人"][0]["出生日期"] == dt.date(2001, 11, 14)
    scheme = host.frameworks()["cqfe"].scheme()
    from_csv, from_xlsx = (candidates_from_document(d, scheme) for d in (text, cells))
    assert len(from_csv) == 30
    assert from_csv == from_xlsx
