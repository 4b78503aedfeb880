"""``branchkit checklist`` end to end, on a secretary's list in two versions.

As of 2022-06-30 (the academic year 2021-2022), the 2022 version is in force: the annual
plan was due on 2022-03-31 and its evidence is dated 2022-04-02, too late, so it is overdue;
the quarterly talks are owed from 2022-Q1 (the 2021 version had none): two talks in Q1 meet
it, one talk in Q2 does not, and Q2 closes on the day judged. As of 2021-11-30 the 2021
version is in force, and its plan, due on 2021-10-31, was met on 2021-10-20.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "checklists"
SCRIPT = Path(sys.executable).with_name("branchkit")


def checklist(*args: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("BRANCHKIT_")}
    return subprocess.run(
        [str(SCRIPT), "checklist", str(DATA / "branch"), "--framework",
         str(DATA / "framework.toml"), *args],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )  # fmt: skip


def records(as_of: str) -> list[dict[str, Any]]:
    result = checklist("--as-of", as_of, "--format", "json")
    assert result.returncode == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)["result"]["records"]
    return found


def test_the_version_in_force_and_its_figures_by_hand() -> None:
    assert [
        (r["version"], r["item"], r["period"], r["done"], r["complete"], r["missing"])
        for r in records("2022-06-30")
    ] == [
        ("2022", "plan", None, 0, False, ["work_plan"]),
        ("2022", "talks", "2022-Q1", 2, True, []),
        ("2022", "talks", "2022-Q2", 1, False, ["talk_record"]),
    ]


def test_an_earlier_day_keeps_the_earlier_versions_result() -> None:
    assert [(r["version"], r["item"], r["done"], r["complete"]) for r in records("2021-11-30")] == [
        ("2021", "plan", 1, True)
    ]


def test_the_table_names_the_overdue_items() -> None:
    result = checklist("--as-of", "2022-06-30")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "示例支部 · 2021—2022学年 · 2022-06-30"
    assert "书记责任清单  2022  3         1       2     33.3%" in lines
    assert sum("T1 王建国" in line and "待提交" in line for line in lines) == 2
