"""``branchkit ledger``, and ``rank`` and ``evaluate`` reading a ledger, on real files.

The data are synthetic: the demo framework of the docs' ledger page and a few activists.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from branchkit.cli import cli
from branchkit.ledger import Ledger

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples" / "ledger"

POINTS = (
    "学号,日期,项目,分值,事由\n"
    "2021001,2024-01-10,political,3,思想汇报\n"
    "2021002,2024-01-12,political,5,主题党日\n"
    "2021003,2024-02-01,service,4,志愿服务\n"
    "2021001,2024-03-05,service,2,志愿服务\n"
)


def run(*args: str | Path) -> Result:
    env = {"BRANCHKIT_BLOCK_PLUGINS": None, "BRANCHKIT_STRICT_PLUGINS": None}
    return CliRunner().invoke(cli, [str(arg) for arg in args], env=env, catch_exceptions=False)


def ok(*args: str | Path) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "points.toml", tmp_path)
    shutil.copy(EXAMPLES / "records.toml", tmp_path)
    (tmp_path / "积分.csv").write_text(POINTS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def ledger(folder: Path) -> Path:
    path = folder / "branch.ledger"
    ok("ledger", "init", path)
    ok("ledger", "import", path, folder / "积分.csv", "--actor", "组织委员")
    return path


def rank_json(ledger: Path, as_of: str, *extra: str) -> str:
    framework = ledger.with_name("points.toml")
    return ok(
        "rank", ledger, "--framework", framework, "--as-of", as_of, "--format", "json", *extra
    ).stdout


def totals(ranking: str) -> dict[str, str]:
    return {found["id"]: found["total"] for found in json.loads(ranking)["candidates"]}


def balances(ledger: Path, as_of: str = "2024-12-31") -> list[dict[str, object]]:
    document = json.loads(
        ok("ledger", "balance", ledger, "--as-of", as_of, "--format", "json").stdout
    )
    standings: list[dict[str, object]] = document["standings"]
    return standings


def head_of(ledger: Path) -> str:
    with Ledger.open(ledger) as opened:
        return str(opened.head())


def tamper(path: Path, statement: str) -> None:
    """Change the file behind the ledger's back, as anyone with the file could."""
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER entries_no_update")
    raw.execute("DROP TRIGGER entries_no_delete")
    raw.execute(statement)
    raw.commit()
    raw.close()


def assert_export_round_trips(path: Path, folder: Path) -> None:
    """An export imports into a new ledger with equal balances, and into its own as nothing."""
    exported = folder / "export.csv"
    ok("ledger", "export", path, "--format", "csv", "--output", exported)
    fresh = folder / "fresh.ledger"
    ok("ledger", "init", fresh)
    with Ledger.open(path) as opened:
        count = len(opened)
    into_fresh = ok("ledger", "import", fresh, exported, "--actor", "管理员")
    assert f"{count} entries added" in into_fresh.stdout
    assert balances(fresh) == balances(path)
    assert balances(fresh, "2024-01-31") == balances(path, "2024-01-31")
    again = ok("ledger", "import", path, exported).stdout
    assert f"0 entries added, {count} already recorded" in again


def test_the_whole_life_of_a_ledger(folder: Path) -> None:
    path = folder / "branch.ledger"
    created = ok("ledger", "init", path)
    assert created.stdout.startswith(f"created {path} (schema version ")
    assert run("ledger", "init", path).exit_code == 1  # never over an existing file

    # Chinese headings; then the same file again, which changes nothing.
    imported = ok("ledger", "import", path, folder / "积分.csv", "--actor", "组织委员")
    assert "4 rows, 4 entries added, 0 already recorded" in imported.stdout
    head = head_of(path)
    again = ok("ledger", "import", path, folder / "积分.csv", "--actor", "组织委员")
    assert "0 entries added, 4 already recorded" in again.stdout
    assert head_of(path) == head

    # One bad row: nothing of the file is recorded, and the row and column are named.
    bad = folder / "bad.csv"
    bad.write_text(
        "学号,日期,项目,分值,事由\n"
        "2021004,2024-02-10,political,2,思想汇报\n"
        "2021005,2024/2/11,political,2,思想汇报\n",
        encoding="utf-8",
    )
    refused = run("ledger", "import", path, bad, "--actor", "组织委员")
    assert refused.exit_code == 1
    assert (
        f'{bad}: row 3, column 日期: expected a date written YYYY-MM-DD, got "2024/2/11"'
        in refused.stderr.splitlines()
    )
    assert f"{bad}: 1 problem; nothing imported from it" in refused.stderr
    assert head_of(path) == head

    # The ranking as of January, made now; then a correction; then the same ranking again.
    january = rank_json(path, "2024-01-31")
    assert totals(january) == {"2021001": "3.00", "2021002": "5.00"}
    assert json.loads(january)["ledger"] == {"seq": 4, "hash": head.split()[1]}
    time.sleep(0.01)
    made_at = dt.datetime.now(dt.UTC)
    time.sleep(0.01)
    corrected = ok(
        "ledger", "correct", path, "--entry", "1", "--value", "1",
        "--reason", "录入错误", "--actor", "书记",
    )  # fmt: skip
    assert corrected.stdout.startswith("correction #5 of entry #1 recorded")
    assert totals(rank_json(path, "2024-01-31")) == {"2021001": "1.00", "2021002": "5.00"}
    # As known when it was made, the past ranking is reproduced byte for byte, head included.
    assert rank_json(path, "2024-01-31", "--known-at", made_at.isoformat()) == january
    march = rank_json(path, "2024-03-31")
    assert totals(march) == {"2021001": "3.00", "2021002": "5.00", "2021003": "4.00"}

    # The chain verifies, and so does a backup.
    verified = ok("ledger", "verify", path)
    assert verified.stdout == f"ledger verified: 5 entries, head {head_of(path)}\n"
    copy = folder / "copy.ledger"
    assert ok("ledger", "backup", path, copy).stdout.startswith(f"{copy}: ledger verified: 5 ")
    ok("ledger", "verify", copy)

    assert_export_round_trips(path, folder)

    # Tampering behind the ledger's back is found and the entry named.
    tamper(path, "UPDATE entries SET value = '30' WHERE seq = 2")
    tampered = run("ledger", "verify", path)
    assert tampered.exit_code == 1
    assert "ledger NOT verified" in tampered.stderr
    assert "entry #2 (key 'f:" in tampered.stderr
    assert "does not match its hash" in tampered.stderr


def test_the_head_of_a_report_is_checked_by_verify(ledger: Path) -> None:
    printed = json.loads(rank_json(ledger, "2024-03-31"))["ledger"]
    head = f"#{printed['seq']} {printed['hash']}"
    assert ok("ledger", "verify", ledger, "--head", head).exit_code == 0
    # Removing the last entry leaves a chain that matches itself, but not the printed head.
    tamper(ledger, "DELETE FROM entries WHERE seq = 4")
    assert ok("ledger", "verify", ledger).exit_code == 0
    removed = run("ledger", "verify", ledger, "--head", head)
    assert removed.exit_code == 1
    assert f"the head {head} printed earlier is not in the chain" in removed.stderr
    assert run("ledger", "verify", ledger, "--head", "#4 abc").exit_code == 2


def test_rank_prints_the_head_in_every_format(ledger: Path, folder: Path) -> None:
    head = head_of(ledger)
    args = ("rank", ledger, "--framework", folder / "points.toml", "--as-of", "2024-03-31")
    table = ok(*args).stdout
    assert table.splitlines()[0].startswith("积分PK · 2024-03-31 · 3 candidates")
    assert table.splitlines()[-1] == f"账本链头 {head}"
    csv_text = ok(*args, "--format", "csv", "--lang", "en").stdout
    assert csv_text.endswith(f"\nledger head {head}\n")
    workbook = folder / "ranking.xlsx"
    ok(*args, "--format", "xlsx", "--output", workbook)
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["排名", "账本"]
    assert book["账本"]["A1"].value == f"账本链头 {head}"


def test_a_ledger_is_known_by_its_header_too(ledger: Path, folder: Path) -> None:
    renamed = folder / "台账"
    shutil.copy(ledger, renamed)
    assert rank_json(renamed, "2024-03-31") == rank_json(ledger, "2024-03-31")


def test_known_at_needs_a_ledger(folder: Path) -> None:
    candidates = folder / "candidates.csv"
    candidates.write_text("编号,姓名\n2021001,王芳\n", encoding="utf-8")
    result = run(
        "rank", candidates, "--framework", folder / "points.toml",
        "--known-at", "2024-03-01T12:00+08:00",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--known-at goes with a ledger as FILE" in result.stderr


def test_evaluate_reads_the_candidates_from_a_ledger(ledger: Path, folder: Path) -> None:
    head = head_of(ledger)
    args = (
        "evaluate", folder / "records.toml", "--framework", folder / "points.toml",
        "--as-of", "2024-03-31", "--ledger", ledger,
    )  # fmt: skip
    heading = ok(*args).stdout.splitlines()[0]
    assert heading.endswith(f" · 账本 #4 {head.split()[1][:12]}")
    document = json.loads(ok(*args, "--format", "json").stdout)
    assert document["ledger"] == {"seq": 4, "hash": head.split()[1]}
    selected = {i["key"]: i for i in document["evaluation"]["indicators"]}["selected"]
    assert selected["value"] == "2"
    page = ok(*args, "--format", "html").stdout
    assert f"账本链头 {head}" in page
    # Without a ledger, the report is as before: no ledger anywhere.
    plain = run(*args[:-2], "--format", "json")
    assert "ledger" not in json.loads(plain.stdout)
    known = run(*args[:-2], "--known-at", "2024-03-01T12:00+08:00")
    assert known.exit_code == 2


def test_add_records_once_and_reports_bad_options(ledger: Path) -> None:
    args = (
        "ledger", "add", ledger, "--candidate", "2021004", "--subject", "service",
        "--value", "1.5", "--on", "2024-03-10", "--reason", "社区服务", "--actor", "组织委员",
    )  # fmt: skip
    first = ok(*args)
    assert first.stdout.startswith("entry #5 recorded (key c:")
    assert ok(*args).stdout.startswith("entry #5 already recorded")
    assert ok(*args, "--key", "second-service").stdout.startswith("entry #6 recorded")
    assert balances(ledger)[-1]["points"] == {"service": "3"}
    bad = run(
        "ledger", "add", ledger, "--candidate", "2021004", "--subject", "service",
        "--value", "三", "--on", "2024/3/10", "--reason", "r", "--actor", "a",
    )  # fmt: skip
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [
        'branchkit ledger add: --on: expected a date written YYYY-MM-DD, got "2024/3/10"',
        'branchkit ledger add: --value: expected a number, got "三"',
    ]
    unknown = run(
        "ledger", "add", ledger, "--candidate", "2021004", "--subject", "sports",
        "--value", "1", "--on", "2024-03-10", "--reason", "r", "--actor", "a",
        "--framework", ledger.with_name("points.toml"),
    )  # fmt: skip
    assert unknown.exit_code == 1
    assert "--subject: the scheme has no fact 'sports'" in unknown.stderr


def test_correct_voids_and_refuses_what_it_cannot(ledger: Path) -> None:
    void = ok(
        "ledger", "correct", ledger, "--entry", "#2", "--void",
        "--reason", "重复", "--actor", "书记",
    )  # fmt: skip
    assert "of entry #2 recorded" in void.stdout
    # 2021002's only entry no longer counts: they have no standing at all.
    assert [one["candidate"] for one in balances(ledger)] == ["2021001", "2021003"]
    missing = run(
        "ledger", "correct", ledger, "--entry", "99", "--value", "1",
        "--reason", "r", "--actor", "a",
    )  # fmt: skip
    assert missing.exit_code == 1
    assert "no entry '99' to correct" in missing.stderr
    both = run("ledger", "correct", ledger, "--entry", "1", "--reason", "r", "--actor", "a")
    assert both.exit_code == 2
    typed = run(
        "ledger", "correct", ledger, "--entry", "1", "--value", "x", "--reason", "r", "--actor", "a"
    )  # fmt: skip
    assert typed.stderr == 'branchkit ledger correct: --value: expected a number, got "x"\n'


def test_sensitive_values_are_shown_only_to_a_role_that_may_see_them(ledger: Path) -> None:
    framework = ledger.with_name("points.toml")
    ok(
        "ledger", "add", ledger, "--candidate", "2021003", "--kind", "事实",
        "--subject", "counselled", "--value", "是", "--on", "2024-02-02",
        "--reason", "心理帮扶", "--actor", "辅导员", "--framework", framework,
    )  # fmt: skip

    def fact(*extra: str | Path) -> dict[str, object]:
        shown = ok("ledger", "show", ledger, "--candidate", "2021003", "--format", "json", *extra)
        entries: list[dict[str, object]] = json.loads(shown.stdout)["entries"]
        return entries[-1]

    hidden = {"value": "<redacted>", "reason": "<redacted>"}
    assert {key: fact()[key] for key in hidden} == hidden  # no framework: every fact hidden
    assert {key: fact("--framework", framework)[key] for key in hidden} == hidden
    seen = fact("--framework", framework, "--role", "counsellor")
    assert (seen["value"], seen["reason"]) == ("true", "心理帮扶")
    table = ok("ledger", "show", ledger).stdout
    assert "心理帮扶" not in table
    assert "<redacted>" in table
    exported = run("ledger", "export", ledger)
    assert "心理帮扶" not in exported.stdout
    assert "warning: 1 value was withheld as <redacted>" in exported.stderr
    # A role the policy grants nothing is refused, not silently ignored.
    assert run("ledger", "show", ledger, "--role", "counsellor").exit_code == 2


def test_show_and_balance_as_of_and_known_at(ledger: Path) -> None:
    early = ok("ledger", "show", ledger, "--as-of", "2024-01-31").stdout
    assert early.splitlines()[0].startswith(
        "branch.ledger · as of 2024-01-31 · 2 entries · head #4"
    )
    nothing = ok("ledger", "show", ledger, "--known-at", "2000-01-01T00:00Z", "--format", "json")
    document = json.loads(nothing.stdout)
    assert document["entries"] == []
    assert document["ledger"]["seq"] == 0
    table = ok("ledger", "balance", ledger, "--as-of", "2024-03-31", "--lang", "en").stdout
    assert table.splitlines()[1].split() == ["candidate", "name", "group", "stage", "balance",
                                             "political", "service"]  # fmt: skip
    assert table.splitlines()[3].split() == ["2021001", "5", "3", "2"]
    one = ok("ledger", "balance", ledger, "--candidate", "2021001", "--as-of", "2024-01-31",
             "--format", "csv")  # fmt: skip
    assert one.stdout.splitlines()[1] == "2021001,,,,3,3"
    assert one.stdout.splitlines()[-1].startswith("ledger head #4 ")


def test_an_xlsx_export_keeps_text_as_text_and_imports_back(ledger: Path, folder: Path) -> None:
    ok(
        "ledger", "add", ledger, "--candidate", "0021009", "--subject", "service",
        "--value", "-1", "--on", "2024-03-01", "--reason", "=缺席", "--actor", "@组织委员",
    )  # fmt: skip
    workbook = folder / "export.xlsx"
    exported = ok("ledger", "export", ledger, "--format", "xlsx", "--output", workbook)
    assert exported.stdout == f"exported 5 entries · ledger head {head_of(ledger)}\n"
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["entries", "head"]
    row = list(book["entries"][6])
    assert all(cell.data_type == "s" for cell in row if cell.value is not None)
    assert [cell.value for cell in row[1:8]] == [
        "points", "0021009", "2024-03-01", "service", "-1", "=缺席", "@组织委员",
    ]  # fmt: skip
    assert row[5].quotePrefix
    assert row[6].quotePrefix
    fresh = folder / "fresh.ledger"
    ok("ledger", "init", fresh)
    ok("ledger", "import", fresh, workbook)
    assert balances(fresh) == balances(ledger)
    with Ledger.open(fresh) as copy, Ledger.open(ledger) as original:
        kept = [(e.key, e.candidate, e.reason, e.actor, e.source) for e in copy.entries()]
        assert kept == [
            (e.key, e.candidate, e.reason, e.actor, e.source) for e in original.entries()
        ]


def test_errors_are_one_line(folder: Path) -> None:
    missing = run("ledger", "show", folder / "none.ledger")
    assert missing.exit_code == 1
    assert missing.stderr == f"error: {folder / 'none.ledger'}: no such ledger (create it first)\n"


def test_the_ledger_commands_are_listed() -> None:
    listed = ok("ledger", "--help").stdout
    for command in ("init", "import", "add", "correct", "show", "balance", "verify", "backup",
                    "export"):  # fmt: skip
        assert f"  {command} " in listed
