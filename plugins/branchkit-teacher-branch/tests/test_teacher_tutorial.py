"""The example on the command line, and the tutorial's commands with the output it shows.

Every ``$ branchkit ...`` line of a console block in ``docs/tutorial`` is run from the plugin's
folder, and the lines the block shows after it must appear in the command's output, in order;
a line ``...`` stands for lines left out. ``branchkit plugins`` lists the installed plugins, so
it runs as a separate process, where the plugin is installed under its own name.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import Result

PLUGIN = Path(__file__).parents[1]
TUTORIAL = PLUGIN.parents[1] / "docs" / "tutorial"
PERIOD = ("--as-of", "2025-08-31", "--period", "2024-2025")

Cli = Callable[..., Result]


def console_blocks() -> list[tuple[str, list[str], list[str]]]:
    """Each ``$ branchkit`` command of the tutorial: its page, its arguments and the lines shown."""
    found: list[tuple[str, list[str], list[str]]] = []
    if not TUTORIAL.is_dir():  # the plugin without the repository's docs
        return found
    for page in sorted(TUTORIAL.glob("*.rst")):
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"^\.\. code-block:: console\n\n((?:   .*\n|\n)+)", text, re.M):
            lines = [line[3:] for line in block.rstrip("\n").split("\n")]
            command: list[str] | None = None
            shown: list[str] = []
            for line in [*lines, "$ "]:
                if line.startswith("$ "):
                    if command is not None and command[:1] == ["branchkit"]:
                        found.append((page.name, command[1:], shown))
                    command, shown = shlex.split(line[2:]), []
                else:
                    shown.append(line.rstrip())
    return found


BLOCKS = console_blocks()


def appear_in_order(shown: list[str], output: str) -> list[str]:
    """The lines of ``shown`` (but ``...`` and blank ones) missing from ``output``, in order."""
    actual = [line.rstrip() for line in output.splitlines()]
    position, missing = 0, []
    for line in shown:
        if line in {"...", ""}:
            continue
        try:
            position = actual.index(line, position) + 1
        except ValueError:
            missing.append(line)
    return missing


def test_the_tutorial_has_commands() -> None:
    if not TUTORIAL.is_dir():
        pytest.skip("the repository's docs are not here")
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize(
    ("page", "arguments", "shown"), BLOCKS, ids=[f"{p}:{' '.join(a[:1])}" for p, a, _ in BLOCKS]
)
def test_the_tutorial_shows_true_output(
    branchkit_cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    page: str,
    arguments: list[str],
    shown: list[str],
) -> None:
    monkeypatch.chdir(PLUGIN)
    if arguments[:1] == ["plugins"]:
        output = _installed_cli(arguments)
    else:
        result = branchkit_cli(*arguments)
        assert result.exit_code == 0, result.output
        output = result.stdout
    assert appear_in_order(shown, output) == [], f"{page}: branchkit {' '.join(arguments)}"


def _installed_cli(arguments: list[str]) -> str:
    names = {point.name for point in entry_points(group="branchkit")}
    if "teacher-branch" not in names:
        pytest.skip("branchkit-teacher-branch is not installed")
    run = "from branchkit.cli.main import main; main()"
    completed = subprocess.run(
        [sys.executable, "-c", run, *arguments],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
        env={"PYTHONIOENCODING": "utf-8", "PATH": ""},
    )
    return completed.stdout


def test_appear_in_order_reports_what_is_missing() -> None:
    assert appear_in_order(["b", "...", "c"], "a\nb\nc\n") == []
    assert appear_in_order(["c", "b"], "a\nb\nc\n") == ["b"]


# --- the example end to end ---------------------------------------------------------------------


def test_the_example_validates(branchkit_cli: Cli) -> None:
    result = branchkit_cli("validate", PLUGIN / "examples")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(": ok")


def test_a_misspelled_role_is_caught(branchkit_cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "people.toml"
    broken.write_text(
        '[[people]]\nid = "T9"\nname = "测试甲"\nroles = [{ role = "pioneer_pots" }]\n',
        encoding="utf-8",
    )
    result = branchkit_cli("validate", broken)
    assert result.exit_code == 1
    assert "pioneer_pots" in result.output


def test_evaluate_as_json(branchkit_cli: Cli) -> None:
    result = branchkit_cli(
        "evaluate", PLUGIN / "examples", "--framework", "teacher-branch", *PERIOD,
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    evaluation = json.loads(result.stdout)["evaluation"]
    values = {item["key"]: (item["value"], item["status"]) for item in evaluation["indicators"]}
    assert values == {
        "pioneer-posts": ("3", None),
        # 9 of 12 duty records: 4 + 3 + 2.
        "pioneer-duties": ("75.00", "partly"),
        # 2 of 3 posts reviewed.
        "pioneer-reviews": ("66.67", "partly"),
        # 11 of 12 months: none in January.
        "theme-days-monthly": ("91.67", "partly"),
        # 61 of 66 theme days owed.
        "theme-day-attendance": ("92.42", "met"),
        "secretary-academic-leader": ("1", "met"),
        "secretary-senior-title": ("1", "met"),
        # KY2024-01 only: the secretary is second on KY2025-02.
        "secretary-projects": ("1", "met"),
        "secretary-teaching-awards": ("1", "met"),
    }


def test_checklist_as_json(branchkit_cli: Cli) -> None:
    result = branchkit_cli(
        "checklist", PLUGIN / "examples", "--framework", "teacher-branch", *PERIOD,
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["result"]
    # Three holders, four records each: the pledge, a log each semester, the services.
    assert found["checklists"] == [
        {"checklist": "pioneer-duties", "complete": 9, "overdue": 3, "owed": 12,
         "versions": ["2024-2025"]},
    ]  # fmt: skip
    overdue = sorted(
        (record["holder"], record["item"], record["period"])
        for record in found["records"]
        if record["closed"] and not record["complete"]
    )
    assert overdue == [
        ("T103", "duty-log", "2024-2025-2"),
        ("T105", "pledge", None),
        ("T105", "service", None),
    ]


def test_obligations_as_json_flag_the_post_without_review(branchkit_cli: Cli) -> None:
    result = branchkit_cli(
        "obligations", PLUGIN / "examples", "--framework", "teacher-branch", *PERIOD,
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summaries = {item["obligation"]: item for item in json.loads(result.stdout)["obligations"]}
    overdue = {
        key: [(record["person"], record["period"]) for record in summary["overdue"]]
        for key, summary in summaries.items()
    }
    assert overdue == {
        # 韩志诚 missed the review meeting.
        "pioneer-review": [("T105", "2024-2025")],
        # No theme day in January.
        "theme-day-monthly": [("T101", "2025-01")],
    }
    assert (summaries["theme-day-monthly"]["owed"], summaries["theme-day-monthly"]["met"]) == (
        12,
        11,
    )


def test_targets_has_nothing_to_report(branchkit_cli: Cli) -> None:
    # The branch sets no counted targets: its monthly rule is an obligation.
    result = branchkit_cli("targets", PLUGIN / "examples", "--framework", "teacher-branch")
    assert "the framework has no targets" in result.output
