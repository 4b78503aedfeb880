"""The command line, run through the installed ``branchkit`` entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import branchkit
from tests.fakes import BROKEN, MISSPELLED, make_distribution

DATA = Path(__file__).parent / "data" / "cli"
SCRIPT = Path(sys.executable).with_name("branchkit")


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("BRANCHKIT_")
    }
    environment.update(env or {})
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        check=False,
    )


def test_the_entry_point_is_installed() -> None:
    assert SCRIPT.exists()


def test_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"branchkit {branchkit.__version__}\n",
        "",
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "plugins" in result.stdout
    assert "validate" in result.stdout


def test_plugins_json_lists_both_plugins_with_the_framework() -> None:
    result = run("plugins", "--format", "json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    plugins = {plugin["name"]: plugin for plugin in listing["plugins"]}
    assert plugins["cpc"]["distribution"] == "branchkit-cpc"
    assert plugins["cqfe"]["distribution"] == "branchkit-cqfe"
    assert plugins["cqfe"]["hooks"] == ["branchkit_frameworks", "branchkit_terms"]
    (framework,) = plugins["cqfe"]["contributes"]["frameworks"]
    assert framework["key"] == "cqfe"
    assert [area["approach"]["zh"] for area in framework["areas"]] == [
        "三机制",
        "三带头",
        "三角色",
        "三合作",
    ]
    practices = [p["key"] for area in framework["areas"] for p in area["practices"]]
    assert practices == [
        "literacy",
        "contacts",
        "development",
        "lead-reform",
        "lead-mentoring",
        "lead-demonstration",
        "adviser",
        "backstop",
        "vanguard",
        "three-sends",
        "three-entries",
        "one-base",
    ]
    assert listing["failures"] == []


def test_plugins_json_is_byte_for_byte_stable() -> None:
    first = run("plugins", "--format", "json")
    second = run("plugins", "--format", "json")
    assert first.stdout == second.stdout


def test_plugins_table_for_people() -> None:
    result = run("plugins")
    assert result.returncode == 0
    assert "cqfe  (branchkit-cqfe 0.1.0)" in result.stdout
    assert "framework cqfe: 4 areas, 12 practices" in result.stdout
    assert "students: literacy, contacts, development" in result.stdout


def test_validate_a_good_file() -> None:
    result = run("validate", "branch.toml", cwd=DATA)
    assert (result.returncode, result.stdout, result.stderr) == (0, "branch.toml: ok\n", "")


def test_validate_prints_one_line_per_problem_and_exits_1() -> None:
    result = run("validate", "broken.toml", cwd=DATA)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "broken.toml: $.people[0].id: expected a string, got 2023001.0",
        "broken.toml: $.people[0].id_number: expected a string, got an integer",
        "broken.toml: $.people[1].name: must not start or end with spaces",
        'broken.toml: $.people[2].birth_date: expected a date written YYYY-MM-DD, got "2001/03/04"',
        "broken.toml: $.events[0].counts.person_times: expected an integer, got true",
        "broken.toml: $.events[0].colour: unknown key; expected one of: id, kind, date, "
        "end_date, title, participants, units, partners, audience, counts",
    ]
    assert result.stderr == "broken.toml: 6 problems\n"
    assert "110101199003071234" not in result.stdout + result.stderr


def test_validate_checks_keys_against_the_plugins_vocabulary() -> None:
    result = run("validate", "unknown_role.toml", cwd=DATA)
    assert result.returncode == 1
    assert result.stdout == (
        "unknown_role.toml: $.people[0].roles[0].role: 'full_memebr' is not a known role\n"
    )
    assert "SECRET" not in result.stdout + result.stderr


def test_validate_several_paths_reports_each() -> None:
    result = run("validate", "branch.toml", "missing.toml", cwd=DATA)
    assert result.returncode == 1
    assert result.stdout == "branch.toml: ok\nmissing.toml: no such file or folder\n"


def test_validate_the_plugins_own_framework_files() -> None:
    root = Path(__file__).resolve().parents[1] / "plugins"
    files = sorted(root.glob("branchkit-*/src/branchkit_*/*.toml"))
    # Both plugins' files are found: the glob cannot silently match nothing.
    assert {"procedure.toml", "roles.toml", "literacy.toml"} <= {path.name for path in files}
    result = run("validate", *map(str, files))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "args",
    [("frobnicate",), ("validate",), ("plugins", "--format", "xml"), ("--no-such-option",)],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Usage:" in result.stderr


def test_block_plugin_flag_and_environment() -> None:
    blocking = ("--block-plugin", "cqfe", "--block-plugin", "teacher-branch")
    by_flag = json.loads(run(*blocking, "plugins", "--format", "json").stdout)
    assert {p["name"] for p in by_flag["plugins"]} == {"builtin", "cpc"}
    environ = {"BRANCHKIT_BLOCK_PLUGINS": "cpc,cqfe,teacher-branch"}
    by_env = run("plugins", "--format", "json", env=environ)
    assert {p["name"] for p in json.loads(by_env.stdout)["plugins"]} == {"builtin"}


def test_broken_plugin_is_a_warning_and_strict_makes_it_an_error(tmp_path: Path) -> None:
    make_distribution(
        tmp_path, "branchkit-broken", "2.3", entry_points={"broken": "bk_broken"},
        modules={"bk_broken": BROKEN},
    )  # fmt: skip
    env = {"PYTHONPATH": str(tmp_path)}
    lenient = run("plugins", "--format", "json", env=env)
    assert lenient.returncode == 0
    assert lenient.stderr == (
        "warning: plugin broken (branchkit-broken 2.3) failed to load and was skipped: "
        "ImportError: this plugin needs a package that is not installed\n"
    )
    assert json.loads(lenient.stdout)["failures"] == [
        {
            "distribution": "branchkit-broken",
            "name": "broken",
            "reason": "ImportError: this plugin needs a package that is not installed",
            "version": "2.3",
        }
    ]
    strict = run("--strict-plugins", "plugins", env=env)
    assert strict.returncode == 1
    assert strict.stdout == ""
    assert strict.stderr == (
        "error: plugin 'broken' from branchkit-broken 2.3 failed to load: "
        "ImportError: this plugin needs a package that is not installed\n"
    )
    by_env = run("plugins", env={**env, "BRANCHKIT_STRICT_PLUGINS": "1"})
    assert by_env.returncode == 1
    blocked = run("--strict-plugins", "--block-plugin", "broken", "plugins", env=env)
    assert blocked.returncode == 0
    assert blocked.stderr == ""


def test_misspelled_hook_is_an_error_without_traceback(tmp_path: Path) -> None:
    make_distribution(
        tmp_path, "branchkit-typo", "0.4", entry_points={"typo": "bk_typo"},
        modules={"bk_typo": MISSPELLED},
    )  # fmt: skip
    result = run("plugins", env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.startswith("error: plugin typo (branchkit-typo 0.4): ")
    assert "branchkit_framworks" in result.stderr
    assert "Traceback" not in result.stderr
