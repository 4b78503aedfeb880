"""``branchkit rank`` and ``branchkit due`` on the seed branch's example, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "plugins" / "branchkit-cqfe" / "examples"
WORKBOOK = EXAMPLES.with_name("examples-workbook") / "支部数据2021-2022.xlsx"
SCRIPT = Path(sys.executable).with_name("branchkit")
AS_OF = "2022-06-30"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BRANCHKIT_")}
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        check=False,
    )


def rank_json(path: Path, *extra: str) -> dict[str, object]:
    result = run(
        "rank", str(path), "--framework", "cqfe", "--as-of", AS_OF, "--format", "json", *extra
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="module")
def ranking() -> dict[str, object]:
    return rank_json(EXAMPLES / "candidates.csv")


def test_rank_selects_development_targets_with_reasons(ranking: dict[str, object]) -> None:
    candidates = ranking["candidates"]
    assert isinstance(candidates, list)
    assert len(candidates) == 30
    assert ranking["counts"] == {
        "candidates": 30,
        "eligible": 13,
        "needs_decision": 0,
        "selected": 5,
    }
    assert (ranking["scheme"], ranking["stage"], ranking["quota"]) == ("development", "activist", 5)
    for entry in candidates:
        assert {"id", "rank", "selected", "total", "dimensions", "gates"} <= set(entry)
    selected = [c for c in candidates if c["selected"]]
    # The five selected are the first five ranked, and no one unranked is selected.
    assert [c["rank"] for c in selected] == [1, 2, 3, 4, 5]
    eligible = [c for c in candidates if c["eligible"]]
    totals = [float(c["total"]) for c in eligible]
    assert totals == sorted(totals, reverse=True)
    assert max(float(c["total"]) for c in candidates if not c["eligible"]) > totals[4]
    failed = [
        g for c in candidates if not c["eligible"] for g in c["gates"] if g["outcome"] != "passed"
    ]
    assert {g["key"] for g in failed} <= {"one_year", "contacts", "reports", "courses"}
    assert all(g["reason"]["zh"] and g["reason"]["en"] for g in failed)


def test_rank_json_is_byte_for_byte_the_same_twice() -> None:
    args = ("rank", str(EXAMPLES / "candidates.csv"), "--framework", "cqfe", "--as-of", AS_OF)
    first = run(*args, "--format", "json")
    second = run(*args, "--format", "json")
    assert first.stdout == second.stdout


def test_the_workbook_and_the_csv_rank_the_same(ranking: dict[str, object]) -> None:
    # The example workbook's sheet 候选人 holds the CSV's rows as typed cells.
    assert rank_json(WORKBOOK) == ranking


def test_the_order_of_rows_changes_nothing(tmp_path: Path, ranking: dict[str, object]) -> None:
    lines = (EXAMPLES / "candidates.csv").read_text(encoding="utf-8-sig").splitlines()
    reversed_file = tmp_path / "candidates.csv"
    reversed_file.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    assert rank_json(reversed_file) == ranking


def test_quota_and_stage_options(ranking: dict[str, object]) -> None:
    smaller = rank_json(EXAMPLES / "candidates.csv", "--quota", "2")
    assert smaller["counts"] == {
        "candidates": 30,
        "eligible": 13,
        "needs_decision": 0,
        "selected": 2,
    }
    nobody = rank_json(EXAMPLES / "candidates.csv", "--stage", "applicant")
    assert nobody["counts"] == {"candidates": 0, "eligible": 0, "needs_decision": 0, "selected": 0}


def test_rank_as_a_table_and_as_csv() -> None:
    args = ("rank", str(EXAMPLES / "candidates.csv"), "--framework", "cqfe", "--as-of", AS_OF)
    table = run(*args)
    assert table.returncode == 0
    first_line = table.stdout.splitlines()[0]
    assert first_line.startswith(
        "“3434+积分制”党员发展 · 2022-06-30 · 30 candidates, 13 eligible, 5 selected"
    )
    english = run(*args, "--format", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(english.stdout)))
    assert rows[0][:8] == [
        "rank",
        "id",
        "name",
        "eligible",
        "total",
        "band",
        "selected",
        "needs decision",
    ]
    assert len(rows) == 31
    assert [row[6] for row in rows[1:]].count("yes") == 5


def test_rank_writes_a_workbook_with_text_cells(tmp_path: Path) -> None:
    candidates = tmp_path / "candidates.csv"
    source = (EXAMPLES / "candidates.csv").read_text(encoding="utf-8-sig").splitlines()
    # A name that a spreadsheet would run as a formula, were it not written as text.
    source[1] = source[1].replace(source[1].split(",")[1], "=HYPERLINK(1)", 1)
    candidates.write_text("\n".join(source) + "\n", encoding="utf-8")
    output = tmp_path / "ranking.xlsx"
    result = run("rank", str(candidates), "--framework", "cqfe", "--as-of", AS_OF,
                 "--format", "xlsx", "--output", str(output))  # fmt: skip
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(output).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["名次", "编号", "姓名"]
    assert all(isinstance(row[1], str) for row in values[1:])
    names = [row[2] for row in values[1:]]
    assert "=HYPERLINK(1)" in names
    cells = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)


def test_xlsx_needs_an_output_path() -> None:
    result = run(
        "rank", str(EXAMPLES / "candidates.csv"), "--framework", "cqfe", "--format", "xlsx"
    )
    assert result.returncode == 2
    assert "--format xlsx needs --output PATH" in result.stderr


def test_bad_cells_are_reported_by_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "candidates.csv"
    path.write_text(
        "学号,姓名,阶段,确定积极分子日期,思想汇报次数,备注\n"
        "2021001,王芳,入党积极分子,2021/3/1,4,\n"
        "2021002,李娜,积极分子,2021-03-01,四,\n",
        encoding="utf-8",
    )
    result = run("rank", str(path), "--framework", "cqfe", "--as-of", AS_OF)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: row 2, column 确定积极分子日期: "
        'expected a date written YYYY-MM-DD, got "2021/3/1"',
        f"{path}: row 3, column 阶段: no stage is called '积极分子'; known: applicant, activist, "
        "development_target, probationary_member, full_member",
        f'{path}: row 3, column 思想汇报次数: expected an integer, got "四"',
    ]


def test_unknown_framework_and_bad_date() -> None:
    unknown = run("rank", str(EXAMPLES / "candidates.csv"), "--framework", "nope")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error: unknown framework 'nope'; known: ")
    bad_date = run(
        "rank", str(EXAMPLES / "candidates.csv"), "--framework", "cqfe", "--as-of", "2022/06/30"
    )
    assert bad_date.returncode == 2
    assert "is not a date written YYYY-MM-DD" in bad_date.stderr


def test_due_lists_what_each_candidate_needs_next() -> None:
    result = run("due", str(EXAMPLES / "candidates.csv"), "--framework", "cqfe",
                 "--as-of", AS_OF, "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    waits = {item["candidate"]: item["due"] for item in items if item["kind"] == "wait"}
    # 20200001 became an activist on 2021-07-13: one year is reached on 2022-07-13.
    assert waits["20200001"] == "2022-07-13"
    assert all(item["status"] == "pending" for item in items if item["kind"] == "wait")
    dues = [item["due"] for item in items]
    assert dues == sorted(dues)
