"""``branchkit targets`` end to end, on service events whose figures are worked out by hand.

The events (``tests/data/targets``), as of 2022-12-31, the two academic years from 2021-09-01
(730 days, 487 of them elapsed): v2 (the first day), v3 and v4 count; v1 is the day before,
v5 a training and v6 (the last day) still to come. 3 events (projected 3 * 730 // 487 = 4) and
30 + 2 + 3 = 35 person-times (v3 has no entry: its 2 participants; v4's entry of 2 is below its
3 participants), projected 52. The yearly target has no period of its own: over 2022-2023 only
v4 counts (B, C and D: 3 volunteers, met; 122 of 365 days, projected 8); over 2021-2022, v2 and
v3 (A, B and C), closed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
import openpyxl
import pytest
from click.testing import CliRunner, Result

from branchkit.cli.main import cli
from branchkit.cli.settings import Settings
from branchkit.cli.targets import targets

DATA = Path(__file__).resolve().parent / "data" / "targets"
BRANCH = DATA / "branch"
FRAMEWORK = DATA / "framework.toml"
KEY = "0123456789abcdef0123456789abcdef"


@click.group(cls=type(cli))
@click.pass_context
def group(ctx: click.Context) -> None:
    # The plugins' own data is left out: the test data names every kind and audience it uses.
    ctx.obj = Settings(("cpc", "cqfe"), None)


group.add_command(targets)


def run(*args: str, key: str | None = None) -> Result:
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("BRANCHKIT_")
    }
    if key is not None:
        env["BRANCHKIT_PSEUDONYM_KEY"] = key
    return CliRunner().invoke(group, ["targets", *args], env=env, catch_exceptions=False)


def report_of(*extra: str, key: str | None = None) -> Result:
    return run(str(BRANCH), "--framework", str(FRAMEWORK), "--as-of", "2022-12-31", *extra, key=key)


def json_of(*extra: str) -> dict[str, Any]:
    result = report_of("--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return json_of()


def progress(report: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(t for t in report["targets"] if t["target"] == key)
    return found


def test_the_period_and_day_judged(report: dict[str, Any]) -> None:
    assert (report["framework"], report["as_of"]) == ("demo-targets", "2022-12-31")
    assert report["period"]["key"] == "2022-2023"
    assert [t["target"] for t in report["targets"]] == [
        "sends-events", "sends-reach", "yearly-volunteers",
    ]  # fmt: skip


def test_two_year_targets_by_hand(report: dict[str, Any]) -> None:
    events = progress(report, "sends-events")
    assert (events["value"], events["required"], events["met"]) == (3, 10, False)
    assert (events["projection"], events["elapsed_days"], events["total_days"]) == (4, 487, 730)
    assert events["events"] == ["v2", "v3", "v4"]
    reach = progress(report, "sends-reach")
    assert (reach["value"], reach["projection"], reach["measure"]) == (35, 52, "person_times")
    assert [(row["key"], row["value"]) for row in reach["partners"]] == [
        ("ccb", 32), ("cq-school", 2), (None, 3),
    ]  # fmt: skip
    assert [(row["key"], row["value"]) for row in reach["audiences"]] == [
        ("community", 3), ("school", 2), ("village", 30),
    ]  # fmt: skip


def test_a_target_without_a_period_takes_the_period_looked_at(report: dict[str, Any]) -> None:
    yearly = progress(report, "yearly-volunteers")
    assert (yearly["value"], yearly["met"], yearly["projection"]) == (3, True, 8)
    assert yearly["persons"] == ["B", "C", "D"]
    earlier = progress(json_of("--period", "2021-2022"), "yearly-volunteers")
    assert (earlier["period"]["key"], earlier["events"], earlier["closed"]) == (
        "2021-2022", ["v2", "v3"], True,
    )  # fmt: skip


def test_tables_name_partners_and_audiences() -> None:
    result = report_of("--lang", "zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("示例支部 · 2022—2023学年 · 2022-12-31\n")
    assert "建设银行永川支行" in result.stdout
    assert "三送服务不少于300人次" in result.stdout
    english = report_of("--lang", "en").stdout
    assert "CCB Yongchuan" in english
    assert "villages" in english


def test_csv_and_xlsx(tmp_path: Path) -> None:
    csv = report_of("--format", "csv", "--lang", "en")
    assert csv.exit_code == 0, csv.stderr
    assert csv.stdout.splitlines()[0] == "Targets"
    book = tmp_path / "targets.xlsx"
    assert report_of("--format", "xlsx", "--output", str(book)).exit_code == 0
    assert openpyxl.load_workbook(book).sheetnames == ["目标完成情况", "按合作单位", "按服务对象"]


def test_pseudonyms_hide_participants() -> None:
    result = report_of("--format", "json", "--pseudonymise", key=KEY)
    assert result.exit_code == 0, result.stderr
    yearly = progress(json.loads(result.stdout), "yearly-volunteers")
    assert len(yearly["persons"]) == 3
    assert not {"B", "C", "D"} & set(yearly["persons"])


def test_a_period_after_the_day_judged_is_refused() -> None:
    result = report_of("--period", "2023-2024")
    assert result.exit_code == 2
    assert "begins after the day judged" in result.stderr


def test_xlsx_needs_an_output() -> None:
    result = report_of("--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.stderr
