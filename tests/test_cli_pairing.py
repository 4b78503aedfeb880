"""``branchkit pair`` end to end, on a small staff branch whose pairs are worked out by hand.

The branch (``tests/data/pairing``), as of 2024-09-01. Mentors are teachers who are full
members and have taught eight years: T1 (places 2), T2, T3 and T6 (places 2); T4 is no
member, T5 has taught four years. Mentees are young teachers of at most three years: Y1, Y2,
Y3, Y5, Y6; Y4 has taught six. Compatibility: courses in common x 3, the same office x 2, free
time in common x 1.

* T2-Y2 is locked (4: half the courses, the office, half the free time); T4-Y3 is locked too,
  but T4 is no member, so it is not kept. T1-Y5 and T6-Y6 are forbidden.
* optimal: Y5 may have T3 (2) or T6 (0), Y6 T1 or T3 (0 each). T3-Y1 (4.5) and T1-Y3 (4)
  are the best pairs; then Y6 takes T1's second place and Y5 T6: all five paired, 8.5 + 4 =
  12.5 in total, T6 with one place left.
* stable: T3 ranks Y1 then Y6, and Y6 ranks T3 only; everyone else ranks by compatibility.
  Y1 and Y3 get their first choices (T3, T1); Y5 is not on T3's list and takes T6; Y6 loses
  T3 to Y1.
* manual: of the given pairs, T1-Y1 and T3-Y5 are formed (T2-Y2 is locked already); the rest
  break a rule each.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from branchkit import hookimpl
from branchkit.cli.main import cli
from branchkit.cli.pairing import pair
from branchkit.cli.settings import Settings
from branchkit.mechanisms.inputs import PairingInput
from branchkit.plugins import Host, PluginSource
from branchkit.plugins.contributions import PairingScorer
from branchkit.records import Label

DATA = Path(__file__).resolve().parent / "data" / "pairing"
BRANCH = DATA / "branch"
FRAMEWORK = DATA / "framework.toml"
KEY = "0123456789abcdef0123456789abcdef"

# The root group with `pair` added to its commands, as the installed command line has it.
ROOT = type(cli)(
    name="branchkit",
    commands={**cli.commands, "pair": pair},
    callback=cli.callback,
    params=cli.params,
)


def run(*args: str, key: str | None = None) -> Result:
    environment: dict[str, str | None] = {
        "BRANCHKIT_BLOCK_PLUGINS": None,
        "BRANCHKIT_STRICT_PLUGINS": None,
        "BRANCHKIT_DISABLE_PLUGIN_AUTOLOAD": None,
        "BRANCHKIT_PSEUDONYM_KEY": key,
    }
    return CliRunner().invoke(ROOT, list(args), env=environment, catch_exceptions=False)


def pairs_of(*extra: str, key: str | None = None, data: Path = BRANCH) -> Result:
    return run(
        "pair", str(data), "--framework", str(FRAMEWORK), "--scheme", "young-teachers",
        "--as-of", "2024-09-01", *extra, key=key,
    )  # fmt: skip


def document(*extra: str) -> dict[str, Any]:
    result = pairs_of("--format", "json", *extra)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def matches(report: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [
        (m["mentor"], m["mentee"], m["compatibility"], m["locked"])
        for m in report["result"]["matches"]
    ]


def test_optimal_pairs_by_hand() -> None:
    report = document()
    assert report["framework"] == "demo-pairing"
    result = report["result"]
    assert (result["scheme"], result["method"], result["as_of"]) == (
        "young-teachers",
        "optimal",
        "2024-09-01",
    )
    assert matches(report) == [
        ("T1", "Y3", "4.0000", False),
        ("T1", "Y6", "0.0000", False),
        ("T2", "Y2", "4.0000", True),
        ("T3", "Y1", "4.5000", False),
        ("T6", "Y5", "0.0000", False),
    ]
    assert result["total"] == "12.5000"
    assert result["matches"][3]["breakdown"] == [
        {"feature": "subjects", "score": "0.5000", "points": "1.5000"},
        {"feature": "department", "score": "1.0000", "points": "2.0000"},
        {"feature": "slots", "score": "1.0000", "points": "1.0000"},
    ]
    assert result["unpaired"] == [
        {
            "mentee": "Y4",
            "kind": "no_eligible_mentor",
            "reason": {
                "zh": "本人不符合条件：从教6年，被指导人至多3年",
                "en": "not eligible: 6 years of teaching; mentees have at most 3",
            },
            "lost_to": [],
        }
    ]
    assert result["free_places"] == {"T6": 1}
    assert result["problems"] == [
        {
            "kind": "ineligible",
            "mentor": "T4",
            "mentee": "Y3",
            "locked": True,
            "reason": {
                "zh": "锁定结对未能保留：导师：未担任 full_member（导师须担任）",
                "en": "locked pair not kept: mentor: does not hold full_member, which mentors need",
            },
        }
    ]


def test_stable_pairs_by_hand() -> None:
    report = document("--method", "stable")
    assert [(m, e) for m, e, _, _ in matches(report)] == [
        ("T1", "Y3"),
        ("T2", "Y2"),
        ("T3", "Y1"),
        ("T6", "Y5"),
    ]
    unpaired = {u["mentee"]: (u["kind"], u["lost_to"]) for u in report["result"]["unpaired"]}
    assert unpaired == {
        "Y4": ("no_eligible_mentor", []),
        "Y6": ("lost_to_others", ["Y1"]),
    }
    assert report["result"]["free_places"] == {"T1": 1, "T6": 1}


def test_manual_pairs_are_checked_by_hand() -> None:
    report = document("--method", "manual")
    assert matches(report) == [
        ("T1", "Y1", "3.4999", False),
        ("T2", "Y2", "4.0000", True),
        ("T3", "Y5", "2.0000", False),
    ]
    assert [
        (p["kind"], p["mentor"], p["mentee"], p["locked"]) for p in report["result"]["problems"]
    ] == [
        ("forbidden", "T1", "Y5", False),
        ("mentee_twice", "T3", "Y1", False),
        ("over_capacity", "T3", "Y6", False),
        ("ineligible", "T4", "Y3", True),
        ("ineligible", "T5", "Y3", False),
        ("unknown_person", "T9", "Y6", False),
    ]
    # T6-Y6 ended on 2024-06-30 and is not read; Y3 and Y6 could still have T1's place.
    assert [(u["mentee"], u["kind"]) for u in report["result"]["unpaired"]] == [
        ("Y3", "not_given"),
        ("Y4", "no_eligible_mentor"),
        ("Y6", "not_given"),
    ]


def test_the_table_in_chinese_and_in_english() -> None:
    result = pairs_of()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "示例教工支部 · 青年教师一对一指导 · 最优匹配 · 2024-09-01"
    assert "匹配度合计      12.5000" in lines
    assert (
        "T3 刘芳    Y1 李娜   4.5000  任教课程相同 0.5×3；同一教研室 1×2；空闲时间重合 1×1" in lines
    )
    assert "Y4 郑涛   无符合条件的导师  本人不符合条件：从教6年，被指导人至多3年" in lines
    english = pairs_of("--lang", "en", "--method", "stable").stdout.splitlines()
    assert english[0] == (
        "Demo staff branch · One-to-one mentoring of young teachers · stable · 2024-09-01"
    )
    assert (
        "Y6 何佳  lost to others      every acceptable mentor chose mentees they rank higher     Y1"
    ) in english


def test_csv_and_xlsx_hold_the_same_tables(tmp_path: Path) -> None:
    csv_text = pairs_of("--format", "csv", "--lang", "en").stdout
    blocks = csv_text.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        "Summary",
        "Pairs",
        "Unpaired",
        "Free places",
        "Problems",
    ]
    assert blocks[1].splitlines()[1:3] == [
        "mentor,mentee,compatibility,breakdown,locked",
        "T1 王建国,Y3 吴静,4.0000,Courses in common 0.5×3; Same office 1×2; Free time in common "
        "0.5×1,",
    ]
    workbook = tmp_path / "pairs.xlsx"
    result = pairs_of("--format", "xlsx", "--output", str(workbook))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["概况", "结对", "未结对", "空余名额", "问题"]
    free = [[cell.value for cell in row] for row in book["空余名额"].iter_rows()]
    assert free == [["导师", "空余名额"], ["T6 范伟", "1"]]


def test_the_same_input_gives_the_same_bytes() -> None:
    first = pairs_of("--format", "json").stdout
    assert pairs_of("--format", "json").stdout == first


def test_pseudonymised_output_has_no_ids_and_no_names() -> None:
    first = pairs_of("--format", "json", "--pseudonymise", key=KEY)
    assert first.exit_code == 0, first.output
    for secret in ('"T1"', '"Y1"', "王建国", "李娜"):
        assert secret not in first.stdout
    report = json.loads(first.stdout)
    assert len(report["result"]["matches"]) == 5
    assert all(key.startswith("p-") for key in report["result"]["free_places"])
    again = pairs_of("--format", "json", "--pseudonymise", key=KEY)
    assert again.stdout == first.stdout
    table = pairs_of("--pseudonymise", "--method", "stable", key=KEY).stdout
    assert "王建国" not in table
    assert " Y1" not in table
    assert "p-" in table


def test_usage_and_input_errors(tmp_path: Path) -> None:
    several = run("pair", str(BRANCH), "--framework", str(FRAMEWORK), "--as-of", "2024-09-01")
    assert several.exit_code == 2
    assert (
        "the framework has several pairing schemes (young-teachers, new-members); choose one "
        "with --scheme" in several.stderr
    )
    unknown = pairs_of("--scheme", "mentors")
    assert unknown.exit_code == 2
    assert "no pairing scheme 'mentors'; schemes: young-teachers, new-members" in unknown.stderr
    assert pairs_of("--format", "xlsx").exit_code == 2
    assert pairs_of("--method", "best").exit_code == 2
    assert pairs_of("--role", "secretary").exit_code == 2
    contacts = Path(__file__).resolve().parent / "data" / "contacts" / "network.toml"
    none = run("pair", str(BRANCH), "--framework", str(contacts))
    assert none.exit_code == 1
    assert none.stderr.strip().endswith("the framework has no pairing schemes")


def test_records_that_name_what_is_not_on_record(tmp_path: Path) -> None:
    folder = tmp_path / "branch"
    shutil.copytree(BRANCH, folder)
    with (folder / "教师档案.csv").open("a", encoding="utf-8") as profiles:
        profiles.write("X1,金融教研室,,,2020-09-01,\n")
        profiles.write("T1,金融教研室,,,2020-09-01,\n")
    with (folder / "结对.csv").open("a", encoding="utf-8") as rules:
        rules.write("research,T1,Y1,locked,,,\n")
    with (folder / "结对志愿.csv").open("a", encoding="utf-8") as preferences:
        preferences.write("young-teachers,X2,T1\n")
        preferences.write("young-teachers,Y6,T1；X3\n")
    result = pairs_of(data=folder)
    assert result.exit_code == 1
    schemes = "new-members, young-teachers"
    assert result.stderr.splitlines() == [
        f"{folder}: $.profiles[12].person: no person 'X1'",
        f"{folder}: $.profiles[13].person: a second profile of 'T1'; the first at index 0",
        f"{folder}: $.pair_rules[13].scheme: no pairing scheme 'research'; schemes: {schemes}",
        f"{folder}: $.preferences[2].person: no person 'X2'",
        f"{folder}: $.preferences[3].person: a second ranking of 'Y6'; the first at index 0",
        f"{folder}: $.preferences[3].ranking[1]: no person 'X3'",
    ]


def campus(given: PairingInput) -> float:
    return 1.0 if given.mentor_profile.department == given.mentee_profile.department else 0.0


class CampusPlugin:
    @hookimpl
    def branchkit_pairing_scorers(self) -> Sequence[PairingScorer]:
        return [
            PairingScorer(key="same_campus", label=Label(zh="同校区", en="campus"), score=campus)
        ]


def test_plugins_scorers_score_features(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = FRAMEWORK.read_text(encoding="utf-8").replace(
        """kind = "same"
attribute = "department"
weight = 2""",
        """kind = "scorer"
scorer = "same_campus"
weight = 2""",
    )
    framework = tmp_path / "framework.toml"
    framework.write_text(text, encoding="utf-8")
    arguments = (
        "pair", str(BRANCH), "--framework", str(framework), "--scheme", "young-teachers",
        "--as-of", "2024-09-01", "--format", "json",
    )  # fmt: skip
    missing = run(*arguments)
    assert missing.exit_code == 1
    assert missing.stderr == "error: unknown pairing scorer 'same_campus'; known: none\n"

    def host(settings: Settings) -> Host:
        source = PluginSource(name="campus", distribution="campus-plugin", version="1.0")
        return Host.create(plugins=[(source, CampusPlugin())], autoload=False)

    monkeypatch.setattr(Settings, "host", host)
    # The scorer gives what the same office gave: the same pairs, the same totals.
    scored = run(*arguments)
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["result"]["total"] == "12.5000"
    assert json.loads(scored.stdout)["result"]["matches"][3]["breakdown"][1] == {
        "feature": "department",
        "score": "1.0000",
        "points": "2.0000",
    }


def test_the_command_documents_itself() -> None:
    result = run("pair", "--help")
    assert result.exit_code == 0
    assert "Pair mentors with mentees in DATA" in result.stdout
    assert "--method [optimal|stable|manual]" in result.stdout
