"""``branchkit obligations`` end to end, on a small branch whose figures are worked out by hand.

The branch (``tests/data/obligations``), as of 2022-05-20, over the academic year 2021-2022:

* a demonstration lesson a quarter for benchmark members, from 2021-09-01. The quarters judged
  are 2021-Q3 (it overlaps the year, and the obligation is in force on its last day) to 2022-Q2
  (still running). T1 holds the role throughout: e01 (2021-08-20, before the obligation began
  but inside 2021-Q3), e02 (2021-12-31, the last day of Q4), e04 (2022-03-31, the last day of
  Q1); e05 (2022-05-21) is after the day judged, so Q2 is pending. T2 became a benchmark member
  on 2022-01-10: owes Q1 (e08 of 2022-01-05 and e04) and Q2 (e06). T3 stopped on 2022-03-15:
  owes Q3 (e07, 2021-09-30) and Q4, whose lesson never came: e03 is on 2022-01-01, in Q1, which
  T3 does not owe. 8 person-quarters, 6 met, 1 overdue, 1 pending.
* two lesson reviews a semester for young teachers. Y1: 2021-2022-1 has r2 only (Y1 listed
  twice on it: one review), so it is overdue at 1 of 2; 2021-2022-2 has r3 (2022-02-01, its
  first day) and r4: met. Y2 became a young teacher on 2022-03-01: owes only 2021-2022-2, with
  r4: pending. e09 is a review, but by T1, who is not a young teacher.
* outcomes: o8 (2021-08-31) is before the year and o6 (2022-05-21) after the day judged; o5 on
  the day judged counts. A missing level or rank sorts last; o7 is a training of 50.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import click
import openpyxl
import pytest
from click.testing import CliRunner, Result

from branchkit.cli.main import cli
from branchkit.cli.obligations import obligations
from branchkit.cli.settings import Settings

DATA = Path(__file__).resolve().parent / "data" / "obligations"
BRANCH = DATA / "branch"
FRAMEWORK = DATA / "framework.toml"
KEY = "0123456789abcdef0123456789abcdef"


@click.group(cls=type(cli))
@click.pass_context
def group(ctx: click.Context) -> None:
    # The plugins' own data is left out: the test data names every role and kind it uses.
    ctx.obj = Settings(("cpc", "cqfe", "teacher-branch"), None)


group.add_command(obligations)


def run(*args: str, key: str | None = None) -> Result:
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("BRANCHKIT_")
    }
    if key is not None:
        env["BRANCHKIT_PSEUDONYM_KEY"] = key
    return CliRunner().invoke(group, ["obligations", *args], env=env, catch_exceptions=False)


def report_of(*extra: str, branch: Path = BRANCH, key: str | None = None) -> Result:
    return run(str(branch), "--framework", str(FRAMEWORK), "--as-of", "2022-05-20", *extra, key=key)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = report_of("--format", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def summary(report: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in report["obligations"] if s["obligation"] == key)
    return found


def records(report: dict[str, Any], key: str) -> list[tuple[str, str, list[str], bool, bool]]:
    return [
        (r["person"], r["period"], r["events"], r["met"], r["closed"])
        for r in summary(report, key)["records"]
    ]


def test_the_period_and_day_judged(report: dict[str, Any]) -> None:
    assert report["framework"] == "demo-obligations"
    assert report["as_of"] == "2022-05-20"
    assert report["period"] == {
        "key": "2021-2022", "kind": "academic_year", "start": "2021-09-01", "end": "2022-08-31",
    }  # fmt: skip


def test_quarterly_lessons_by_hand(report: dict[str, Any]) -> None:
    lessons = summary(report, "demo-lesson")
    assert (lessons["people"], lessons["owed"], lessons["met"]) == (3, 8, 6)
    assert records(report, "demo-lesson") == [
        ("T1", "2021-Q3", ["e01"], True, True),
        ("T1", "2021-Q4", ["e02"], True, True),
        ("T1", "2022-Q1", ["e04"], True, True),
        ("T1", "2022-Q2", [], False, False),
        ("T2", "2022-Q1", ["e08", "e04"], True, True),
        ("T2", "2022-Q2", ["e06"], True, False),
        ("T3", "2021-Q3", ["e07"], True, True),
        ("T3", "2021-Q4", [], False, True),
    ]
    assert [(c["person"], c["period"], c["due"], c["done"]) for c in lessons["overdue"]] == [
        ("T3", "2021-Q4", "2021-12-31", 0)
    ]


def test_semester_reviews_by_hand(report: dict[str, Any]) -> None:
    reviews = summary(report, "lesson-review")
    assert (reviews["people"], reviews["owed"], reviews["met"]) == (2, 3, 1)
    assert records(report, "lesson-review") == [
        ("Y1", "2021-2022-1", ["r2"], False, True),
        ("Y1", "2021-2022-2", ["r3", "r4"], True, False),
        ("Y2", "2021-2022-2", ["r4"], False, False),
    ]
    assert [(c["person"], c["done"], c["required"]) for c in reviews["overdue"]] == [("Y1", 1, 2)]


def test_totals_per_person(report: dict[str, Any]) -> None:
    assert [
        (p["obligation"], p["person"], p["owed"], p["met"], p["overdue"], p["pending"], p["done"])
        for p in report["persons"]
    ] == [
        ("demo-lesson", "T1", 4, 3, 0, 1, 3),
        ("demo-lesson", "T2", 2, 2, 0, 0, 3),
        ("demo-lesson", "T3", 2, 1, 1, 0, 1),
        ("lesson-review", "Y1", 2, 1, 1, 0, 3),
        ("lesson-review", "Y2", 1, 0, 0, 1, 1),
    ]


def test_outcomes_by_hand(report: dict[str, Any]) -> None:
    assert [
        (o["kind"], o["level"], o["rank"], o["outcomes"], o["total"], o["ids"])
        for o in report["outcomes"]
    ] == [
        ("award", "college", None, 1, 1, ["o3"]),
        ("award", "municipal", "first", 1, 1, ["o1"]),
        ("award", "municipal", "second", 1, 1, ["o9"]),
        ("award", "national", "second", 1, 1, ["o2"]),
        ("course", "municipal", None, 1, 1, ["o5"]),
        ("project", "municipal", None, 1, 1, ["o4"]),
        ("promotion", None, None, 1, 1, ["o10"]),
        ("training", None, None, 1, 50, ["o7"]),
    ]


def test_one_day_later_the_lesson_and_the_paper_count() -> None:
    result = run(str(BRANCH), "--framework", str(FRAMEWORK), "--as-of", "2022-05-21",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert ("T1", "2022-Q2", ["e05"], True, False) in records(document, "demo-lesson")
    assert [o["ids"] for o in document["outcomes"] if o["kind"] == "paper"] == [["o6"]]


def test_a_quarter_looked_at() -> None:
    result = report_of("--period", "2022-Q1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["period"]["key"] == "2022-Q1"
    assert [(r[0], r[1]) for r in records(document, "demo-lesson")] == [
        ("T1", "2022-Q1"),
        ("T2", "2022-Q1"),
    ]
    # Both semesters overlap the quarter: 2021-2022-1 ends on 2022-01-31.
    assert [(r[0], r[1]) for r in records(document, "lesson-review")] == [
        ("Y1", "2021-2022-1"),
        ("Y1", "2021-2022-2"),
        ("Y2", "2021-2022-2"),
    ]
    assert [o["ids"] for o in document["outcomes"]] == [["o3"], ["o9"]]


def test_the_table_in_chinese_and_in_english() -> None:
    result = report_of()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "示例支部 · 2021—2022学年 · 2022-05-20"
    assert "每季度一次示范课  每季度  1         3           8           6       1     1" in lines
    assert "每学期两次听评课  Y1 陈静  2021-2022-1  2022-01-31  1/2" in lines
    assert "每季度一次示范课  T2 李娜    2           2       0     0             3" in lines
    assert "获奖      市级    一等奖  1     1" in lines
    assert "培训      —       —       1     50" in lines
    english = report_of("--lang", "en").stdout.splitlines()
    assert english[0] == "Demo branch · academic year 2021-2022 · 2022-05-20"
    assert "award      municipal  first prize   1        1" in english


def test_csv_and_xlsx_hold_the_same_tables(tmp_path: Path) -> None:
    csv_text = report_of("--format", "csv", "--lang", "en").stdout
    assert csv_text.splitlines()[:3] == [
        "Obligations",
        "obligation,every,required,people,owed,met,overdue,pending",
        "a demonstration lesson a quarter,quarter,1,3,8,6,1,1",
    ]
    workbook = tmp_path / "obligations.xlsx"
    result = report_of("--format", "xlsx", "--output", str(workbook), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Obligations", "Overdue", "Compliance by person", "Outcomes"]
    overdue = [[cell.value for cell in row] for row in book["Overdue"].iter_rows()]
    assert overdue[1] == [
        "a demonstration lesson a quarter", "T3 张伟", "2021-Q4", "2021-12-31", "0/1",
    ]  # fmt: skip


def test_rows_in_another_order_give_the_same_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "branch"
    shutil.copytree(BRANCH, folder)
    for name in ("活动.csv", "成果.csv"):
        heading, *rows = (folder / name).read_text(encoding="utf-8").splitlines()
        (folder / name).write_text("\n".join([heading, *reversed(rows)]) + "\n", encoding="utf-8")
    for output_format in ("json", "table"):
        first = report_of("--format", output_format).stdout
        assert report_of("--format", output_format, branch=folder).stdout == first


def test_pseudonymised_export_has_no_ids_and_no_names() -> None:
    first = report_of("--format", "json", "--pseudonymise", key=KEY)
    assert first.exit_code == 0, first.stderr
    for secret in ('"T1"', '"Y1"', "王建国", "陈静"):
        assert secret not in first.stdout
    assert report_of("--format", "json", "--pseudonymise", key=KEY).stdout == first.stdout
    assert report_of("--format", "json", "--pseudonymise", key=KEY[::-1]).stdout != first.stdout
    table = report_of("--pseudonymise", key=KEY).stdout
    assert "王建国" not in table
    assert "p-" in table


def test_usage_errors() -> None:
    bad = report_of("--period", "2021-2023")
    assert bad.exit_code == 2
    assert "not an academic year" in bad.stderr
    later = report_of("--period", "2022-Q3")
    assert later.exit_code == 2
    assert "2022-Q3 begins after the day judged, 2022-05-20" in later.stderr
    assert report_of("--format", "xlsx").exit_code == 2


def test_outcomes_that_name_what_is_not_on_record(tmp_path: Path) -> None:
    folder = tmp_path / "branch"
    shutil.copytree(BRANCH, folder)
    with (folder / "成果.csv").open("a", encoding="utf-8") as outcomes:
        outcomes.write("o11,prize,获奖,2022-01-01,city,,T9,rt9,\n")
        outcomes.write("o1,award,重复,2022-01-01,,,,,\n")
    result = report_of(branch=folder)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder}: $.outcomes[11].id: duplicate 'o1' (first at index 0)",
        f"{folder}: $.outcomes[10].persons[0]: no person 'T9'",
        f"{folder}: $.outcomes[10].teams[0]: no unit 'rt9'",
        f"{folder}: $.outcomes[10].kind: unknown outcome kind 'prize'; known: award, course, "
        "paper, project, promotion, training",
        f"{folder}: $.outcomes[10].level: unknown level 'city'; known: college, "
        "municipal, national",
    ]


def test_nothing_to_report(tmp_path: Path) -> None:
    folder = tmp_path / "branch"
    shutil.copytree(BRANCH, folder)
    (folder / "成果.csv").unlink()
    bare = tmp_path / "bare.toml"
    text = FRAMEWORK.read_text(encoding="utf-8")
    bare.write_text(text[: text.index("[[framework.obligations]]")], encoding="utf-8")
    result = run(str(folder), "--framework", str(bare), "--as-of", "2022-05-20")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "nothing to report: the framework has no obligations and the data no outcomes"
    )
    # Outcomes alone are reported.
    with_outcomes = run(str(BRANCH), "--framework", str(bare), "--as-of", "2022-05-20")
    assert with_outcomes.exit_code == 0, with_outcomes.stderr
    assert "成果统计" in with_outcomes.stdout
    assert "常规任务完成情况" not in with_outcomes.stdout
