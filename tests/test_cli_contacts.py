"""``branchkit contacts`` end to end, on a small network whose figures are worked out by hand.

The network (``tests/data/contacts``), as of 2022-03-15, contacts checked from 2022-01-01:

* branch-class: classes c1 and c2; T1 takes c1. Committee members on the day: T1 and T2 (T3
  left on 2022-02-28). Loads 1 and 0: mean 0.50.
* committee-dorm (at most 2 each, not one's own dorm, visited monthly): T1 takes d1 and d3;
  T2's tie to d2 is their own dorm and T3's tie to d2 outlived T3's role, so d2 is uncovered.
  d1 was visited in January and February; d3 only in February, so January is overdue for d3.
* member-student (at most 2 each): students on the day are S1-S4 and T2 (a student member);
  S5 graduated at the end of 2021. T1 takes S1 (and S5, no longer a student), T2 takes S2 and
  S3; S4 and T2 are uncovered. Full members: T1, T2, T3 with loads 1, 2, 0.
* cases: a1 (S1, economic, c1 and d1), a2 (S3, psychological, c2 and d3), a3 (S2, economic,
  c1 and d2, closed in January): 3 students, 2 classes, 3 dorms, 2 open. a2's plan wants a
  follow-up every 14 days; the last was 2022-02-01, so one was due on 2022-02-15. a1's plan
  wants one a month; the last was 2022-02-20, due 2022-03-20: not yet.
* k = 3: the 2 economic students and the 1 psychological student show as "<3".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

DATA = Path(__file__).resolve().parent / "data" / "contacts"
BRANCH = DATA / "branch"
FRAMEWORK = DATA / "network.toml"
SCRIPT = Path(sys.executable).with_name("branchkit")
KEY = "0123456789abcdef0123456789abcdef"


def run(*args: str, key: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("BRANCHKIT_")}
    if key is not None:
        env["BRANCHKIT_PSEUDONYM_KEY"] = key
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, encoding="utf-8", env=env, check=False
    )


def contacts(*extra: str, key: str | None = None) -> subprocess.CompletedProcess[str]:
    return run(
        "contacts", str(BRANCH), "--framework", str(FRAMEWORK), "--as-of", "2022-03-15",
        "--since", "2022-01-01", *extra, key=key,
    )  # fmt: skip


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = contacts("--format", "json", "--suggest")
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def tier(report: dict[str, Any], key: str) -> dict[str, Any]:
    network = report["network"]
    assert isinstance(network, dict)
    found: dict[str, Any] = next(t for t in network["tiers"] if t["tier"] == key)
    return found


def test_coverage_and_load_by_hand(report: dict[str, Any]) -> None:
    classes = tier(report, "branch-class")
    assert [(c["target"], c["holders"], c["covered"]) for c in classes["coverage"]] == [
        ("c1", ["T1"], True),
        ("c2", [], False),
    ]
    assert classes["load"] == {
        "holders": 2, "minimum": 0, "mean": "0.50", "maximum": 1, "over_limit": 0,
    }  # fmt: skip
    students = tier(report, "member-student")
    assert [c["target"] for c in students["coverage"] if not c["covered"]] == ["S4", "T2"]
    assert [(h["holder"], h["targets"]) for h in students["holders"]] == [
        ("T1", ["S1"]),
        ("T2", ["S2", "S3"]),
        ("T3", []),
    ]


def test_coverage_throughout_the_period_by_hand(report: dict[str, Any]) -> None:
    # From 2022-01-01 to 2022-03-15. c1 was tied to T1 throughout, c2 never. d2 was covered by
    # T3 until T3 left the committee on 2022-02-28 (T2's tie is to T2's own dorm). S5 stopped
    # being a student before the period, so is not counted; S4 and T2 were never covered.
    over = {item["tier"]: item for item in report["coverage_over"]}
    assert [
        (t["target"], t["days"], t["covered_days"]) for t in over["branch-class"]["targets"]
    ] == [
        ("c1", 74, 74),
        ("c2", 74, 0),
    ]
    dorms = {t["target"]: t["covered_days"] for t in over["committee-dorm"]["targets"]}
    assert dorms == {"d1": 74, "d2": 59, "d3": 74}
    students = {t["target"]: t["covered_days"] for t in over["member-student"]["targets"]}
    assert students == {"S1": 74, "S2": 74, "S3": 74, "S4": 0, "T2": 0}


def test_gaps_and_overdue_contacts_by_hand(report: dict[str, Any]) -> None:
    dorms = tier(report, "committee-dorm")
    assert [(g["kind"], g["target"], g["holder"]) for g in dorms["gaps"]] == [
        ("uncovered", "d2", None),
        ("own_unit", "d2", "T2"),
        ("holder_without_role", "d2", "T3"),
    ]
    assert dorms["overdue"] == [{"target": "d3", "period": "2022-01", "last_contact": None}]
    students = tier(report, "member-student")
    assert [(g["kind"], g["target"]) for g in students["gaps"]][-1] == ("target_gone", "S5")


def test_cases_are_counted_and_small_groups_hidden(report: dict[str, Any]) -> None:
    cases = report["cases"]
    assert isinstance(cases, dict)
    assert (cases["persons"], cases["cases"], cases["open_cases"]) == (3, 3, 2)
    assert cases["units_by_kind"] == {"class": 2, "dorm": 3}
    assert cases["persons_by_category"] == {"economic": "<3", "psychological": "<3"}
    assert cases["overdue"] == [
        {"case": "a2", "holder": "C1", "due": "2022-02-15", "last": "2022-02-01"}
    ]
    # Who is helped is itself sensitive: no case is listed without a role that may see it.
    assert report["case_list"] == []


def test_suggestions_fill_what_rules_allow(report: dict[str, Any]) -> None:
    proposals = {s["tier"]: s for s in report["suggestions"]}
    # c2: T2 takes no class yet, T1 one: the balanced choice is T2.
    assert [(t["holder"], t["target"]) for t in proposals["branch-class"]["added"]] == [
        ("T2", "c2")
    ]
    # d2: T1 is at the limit of 2 and T2 lives there: nobody may take it.
    assert proposals["committee-dorm"]["added"] == []
    assert [u["target"] for u in proposals["committee-dorm"]["unfilled"]] == ["d2"]
    # S4 and T2: T2 is full and may not take themself; T1 has one place, T3 two.
    added = [(t["holder"], t["target"]) for t in proposals["member-student"]["added"]]
    assert sorted(holder for holder, _ in added) == ["T1", "T3"]
    assert sorted(target for _, target in added) == ["S4", "T2"]
    assert ("T2", "T2") not in added


def test_a_counsellor_sees_the_cases_and_the_small_groups() -> None:
    result = contacts("--format", "json", "--role", "counsellor")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["cases"]["persons_by_category"] == {"economic": 2, "psychological": 1}
    listed = document["case_list"]
    assert [(c["id"], c["person"], c["category"]) for c in listed] == [
        ("a1", "S1", "economic"),
        ("a2", "S3", "psychological"),
        ("a3", "S2", "economic"),
    ]
    assert listed[0]["plan"] == "申请助学金并安排勤工助学岗位"


def test_the_table_in_chinese_and_in_english() -> None:
    result = contacts()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "示例支部 · 2022-03-15"
    assert (
        # Covered throughout: d1 and d3 (d2 lost T3 at the end of February).
        "支委联系寝室  3       2       1       2         0     1.00  2     0         2         1"
        "         2" in lines
    )
    assert "经济困难学生帮扶（人）  <3" in lines
    assert "帮扶对象" not in result.stdout  # the list of cases is for a counsellor's eyes
    english = contacts("--lang", "en")
    assert "Coverage and load" in english.stdout
    assert "persons helped                    3" in english.stdout.splitlines()


def test_csv_and_xlsx_hold_the_same_tables(tmp_path: Path) -> None:
    csv_text = contacts("--format", "csv", "--lang", "en").stdout
    assert csv_text.splitlines()[:2] == [
        "Coverage and load",
        "tier,targets,covered,uncovered,holders,min,mean,max,over limit,invalid ties,overdue,"
        "covered throughout 2022-01-01 to 2022-03-15",
    ]
    workbook = tmp_path / "contacts.xlsx"
    result = contacts("--format", "xlsx", "--output", str(workbook), "--lang", "en")
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == [
        "Coverage and load", "Gaps", "Contacts overdue", "Assistance", "Follow-ups overdue",
    ]  # fmt: skip
    gaps = [[cell.value for cell in row] for row in book["Gaps"].iter_rows()]
    assert gaps[1][:3] == ["branch to class", "uncovered", "c2 金融2102班"]
    assert all(
        cell.data_type == "s" for row in book["Gaps"].iter_rows() for cell in row if cell.value
    )


def test_pseudonymised_export_has_no_ids_and_no_names() -> None:
    first = contacts("--format", "json", "--pseudonymise", "--role", "counsellor", key=KEY)
    assert first.returncode == 0, first.stderr
    for secret in ('"T1"', '"S1"', "王建国", "张伟", "李晓梅"):
        assert secret not in first.stdout
    again = contacts("--format", "json", "--pseudonymise", "--role", "counsellor", key=KEY)
    other = contacts("--format", "json", "--pseudonymise", "--role", "counsellor", key=KEY[::-1])
    assert again.stdout == first.stdout
    assert other.stdout != first.stdout
    table = contacts("--pseudonymise", key=KEY).stdout
    assert "王建国" not in table
    assert "p-" in table
    assert KEY not in first.stdout + table


def test_usage_and_input_errors() -> None:
    unknown_role = contacts("--role", "councellor")
    assert unknown_role.returncode == 2
    assert "'councellor' may see nothing more than anyone; roles with more: counsellor" in (
        unknown_role.stderr
    )
    no_key = contacts("--pseudonymise")
    assert no_key.returncode == 1
    assert "no pseudonym key" in no_key.stderr
    no_tiers = run("contacts", str(BRANCH), "--framework", "cpc")
    assert no_tiers.returncode == 1
    assert no_tiers.stderr.strip().endswith("the framework has no contact tiers")
    assert contacts("--replace").returncode == 2
    assert contacts("--format", "xlsx").returncode == 2


def test_cases_and_ties_that_name_what_is_not_on_record(tmp_path: Path) -> None:
    folder = tmp_path / "branch"
    shutil.copytree(BRANCH, folder)
    with (folder / "帮扶对象.csv").open("a", encoding="utf-8") as cases:
        cases.write("a4,economic,S9,c1；d9,T1,2022-02-01,,,tutoring\n")
    with (folder / "联系分工.csv").open("a", encoding="utf-8") as ties:
        ties.write("dorm-visits,T1,d1,2021-09-01\n")
    result = run("contacts", str(folder), "--framework", str(FRAMEWORK), "--as-of", "2022-03-15")
    assert result.returncode == 1
    known = "career_planning, employment_entrepreneurship, self_management, subject_guidance"
    assert result.stderr.splitlines() == [
        f"{folder}: $.cases[3].person: no person 'S9'",
        f"{folder}: $.cases[3].units[1]: no unit 'd9'",
        f"{folder}: $.cases[3].services[0]: unknown service 'tutoring'; known: {known}",
        f"{folder}: $.assignments[9].tier: no tier 'dorm-visits'; tiers: branch-class, "
        "committee-dorm, member-student",
    ]
