"""The example as one workbook: the same records, and the same evaluation, as the folder.

``examples-workbook/支部数据2021-2022.xlsx`` is written by ``examples/make_workbook.py`` from
the records of ``examples/`` as branchkit loads them, a sheet per section (people's roles and
memberships in sheets of their own, events' counts in columns), Chinese sheet names and
headings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from branchkit import Host
from branchkit.cli import cli
from branchkit.io import Document, Loaded

EXAMPLES = Path(__file__).parents[1] / "examples"
WORKBOOK = Path(__file__).parents[1] / "examples-workbook" / "支部数据2021-2022.xlsx"
EVALUATE = ("--framework", "cqfe", "--as-of", "2022-08-31", "--period", "2021-2022")
SHEETS = [
    "人员",
    "人员角色",
    "人员所属单位",
    "单位",
    "活动",
    "佐证",
    "成果",
    "联系分工",
    "帮扶对象",
    "帮扶跟进",
    "教师档案",
    "结对",
    "素养评价",
    "清单事项办理",
    "候选人",
]


@pytest.fixture(scope="module")
def folder(loaded: Loaded) -> Loaded:
    return loaded


@pytest.fixture(scope="module")
def workbook(host: Host) -> Loaded:
    return host.load(WORKBOOK)


# --- the generator -------------------------------------------------------------------------


def test_the_generator_writes_the_same_bytes(tmp_path: Path) -> None:
    for run in ("first", "second"):
        subprocess.run(
            [sys.executable, str(EXAMPLES / "make_workbook.py"), str(tmp_path / run)],
            check=True,
            capture_output=True,
        )
    first, second = (tmp_path / run / WORKBOOK.name for run in ("first", "second"))
    assert [path.name for path in (tmp_path / "first").iterdir()] == [WORKBOOK.name]
    assert first.read_bytes() == second.read_bytes() == WORKBOOK.read_bytes()


def test_the_sheets_and_headings_are_chinese() -> None:
    book = openpyxl.load_workbook(WORKBOOK, read_only=True)
    try:
        assert book.sheetnames == SHEETS
        for sheet in book.worksheets:
            headings = next(sheet.iter_rows(max_row=1, values_only=True))
            assert all(isinstance(h, str) and not h.isascii() for h in headings), sheet.title
        people = book["人员"]
        assert next(people.iter_rows(max_row=1, values_only=True))[:2] == ("人员编号", "姓名")
        events = next(book["活动"].iter_rows(max_row=1, values_only=True))
        assert events[-2:] == ("人次", "问卷数")
    finally:
        book.close()


def test_identifiers_are_text_cells() -> None:
    book = openpyxl.load_workbook(WORKBOOK)  # not read-only: cells with their types
    try:
        for sheet, column in (("人员", "A"), ("人员角色", "A"), ("素养评价", "B"), ("候选人", "A")):
            cells = book[sheet][column][1:]
            assert cells, sheet
            assert {cell.data_type for cell in cells} == {"s"}, sheet
        # Student numbers are digits, kept as text: never 20200001.0 or 2.02E+07.
        assert book["人员"]["A"][1].value == "20190025"
    finally:
        book.close()


# --- the same records ----------------------------------------------------------------------


def test_the_workbook_gives_the_folders_records(folder: Loaded, workbook: Loaded) -> None:
    # One sheet per section holds the records in the order the folder gives them (its files in
    # name order, each file's records in order), so they compare as they are, not sorted; the
    # roles and memberships come back joined onto the people, in their order.
    assert workbook.sources == (str(WORKBOOK),)
    assert workbook.dataset == folder.dataset
    assert sorted(workbook.sections) == sorted(folder.sections)
    for key in folder.sections:
        if key != "candidates":
            assert workbook.sections[key] == folder.sections[key], key
    people = workbook.dataset.people
    assert sum(len(person.roles) for person in people) == 451
    assert sum(len(person.memberships) for person in people) == 646
    assert sum(event.count("person_times") for event in workbook.dataset.events) == sum(
        event.count("person_times") for event in folder.dataset.events
    )


def test_the_candidates_are_the_csv_rows_as_typed_cells(folder: Loaded, workbook: Loaded) -> None:
    # Both give the candidates once: the folder as the text of candidates.csv, the workbook
    # as the same rows with typed cells; they differ only where a cell is typed.
    (csv,) = folder.sections["candidates"]
    (given,) = workbook.sections["candidates"]
    assert isinstance(given, Document)
    assert isinstance(csv, Document)
    assert given.headings["候选人"] == csv.headings["candidates"]
    rows = given.content["候选人"]
    assert len(rows) == len(csv.content["candidates"]) == 30
    for typed, text in zip(rows, csv.content["candidates"], strict=True):
        assert typed.keys() == text.keys()
        for heading, cell in typed.items():
            if isinstance(cell, dt.date):
                assert cell.isoformat() == text[heading]
            elif isinstance(cell, int | float):
                assert cell == float(text[heading])
            else:
                assert cell == text[heading]


# --- the same evaluation -------------------------------------------------------------------


def evaluate(data: Path) -> dict[str, Any]:
    env: dict[str, str | None] = {name: None for name in os.environ if name.startswith("BRANCHKIT")}
    result = CliRunner().invoke(
        cli, ["evaluate", str(data), *EVALUATE, "--format", "json"], env=env
    )
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_the_evaluation_is_the_folders(tmp_path: Path) -> None:
    on_folder, on_workbook = evaluate(EXAMPLES), evaluate(WORKBOOK)
    folder_data = on_folder["evaluation"].pop("data")
    workbook_data = on_workbook["evaluation"].pop("data")
    # Every indicator and scorecard, the rules' fingerprint and everything else are the same.
    assert on_workbook == on_folder
    assert on_workbook["evaluation"]["indicators"]
    assert on_workbook["evaluation"]["scorecards"]
    # The data's fingerprint differs by the candidates' cells only (text in the CSV file,
    # typed in the workbook): the folder with the workbook's sheet 候选人 in place of
    # candidates.csv has the workbook's.
    assert workbook_data != folder_data
    typed = tmp_path / "examples"
    shutil.copytree(EXAMPLES, typed, ignore=shutil.ignore_patterns("candidates.csv", "*.py"))
    sheet = openpyxl.load_workbook(WORKBOOK)["候选人"]
    book = openpyxl.Workbook()
    candidates = book.active
    assert candidates is not None
    candidates.title = "候选人"
    for row in sheet.iter_rows(values_only=True):
        candidates.append(row)
    book.save(typed / "candidates.xlsx")
    assert evaluate(typed)["evaluation"]["data"] == workbook_data
