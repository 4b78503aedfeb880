"""``branchkit new-plugin``: the names it derives, what it refuses, and the project it writes.

The last test is the one that matters most: the project installs into a fresh virtual
environment beside this checkout of branchkit, and its own tests pass there.
"""

from __future__ import annotations

import ast
import csv
import os
import subprocess
import sys
import time
import tomllib
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from branchkit._version import __version__
from branchkit.cli.main import cli
from branchkit.cli.new_plugin import (
    PluginNames,
    branchkit_requirement,
    plugin_names,
    write_plugin,
)
from branchkit.errors import BranchkitError

ROOT = Path(__file__).resolve().parents[1]
#: The files every project has, relative to its folder, in the order they are listed.
FILES = [
    "README.md",
    "examples/candidates.csv",
    "examples/records.toml",
    "pyproject.toml",
    "src/branchkit_river_branch/__init__.py",
    "src/branchkit_river_branch/framework.toml",
    "src/branchkit_river_branch/hooks.py",
    "src/branchkit_river_branch/py.typed",
    "src/branchkit_river_branch/terms.toml",
    "tests/conftest.py",
    "tests/test_plugin.py",
]
#: The tests the generated project has (its parametrised tests count once per case).
GENERATED_TESTS = 13


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"BRANCHKIT_DISABLE_PLUGIN_AUTOLOAD": "1"})


def _files(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )


@pytest.mark.parametrize("name", ["river-branch", "branchkit-river-branch"])
def test_the_names_are_derived_from_either_form(name: str) -> None:
    assert plugin_names(name) == PluginNames(
        slug="river-branch",
        distribution="branchkit-river-branch",
        package="branchkit_river_branch",
        prefix="river_branch",
    )


def test_a_name_of_one_word_with_digits() -> None:
    assert plugin_names("cqu2") == PluginNames(
        slug="cqu2", distribution="branchkit-cqu2", package="branchkit_cqu2", prefix="cqu2"
    )


@pytest.mark.parametrize(
    "name",
    [
        "Teacher-branch",
        "river_branch",
        "teacher branch",
        "teacher--branch",
        "-teacher",
        "teacher-",
        "2nd-branch",
        "教师支部",
        "branchkit",
        "branchkit-",
        "branchkit-branchkit-x",
        "builtin",
        "x" * 41,
        "",
    ],
)
def test_a_bad_name_is_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        plugin_names(name)
    # "--": a name starting with "-" is refused as a name, not taken for an option.
    result = _run("new-plugin", "--dest", str(tmp_path), "--", name)
    assert result.exit_code == 2
    assert "Invalid value for 'NAME'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_message_of_a_bad_name_says_what_a_name_is() -> None:
    result = _run("new-plugin", "Teacher_Branch")
    assert "use lower-case ASCII letters, digits and single hyphens" in result.stderr


@pytest.mark.parametrize(
    ("version", "requirement"),
    [
        ("0.1.0", "branchkit>=0.1,<0.2"),
        ("0.12.3", "branchkit>=0.12,<0.13"),
        ("1.4", "branchkit>=1.4,<1.5"),
        ("0.2.0rc1", "branchkit>=0.2.0.dev0,<0.3"),
    ],
)
def test_the_requirement_is_the_current_minor_series(version: str, requirement: str) -> None:
    assert branchkit_requirement(version) == requirement


def test_a_version_without_a_minor_number_is_refused() -> None:
    with pytest.raises(ValueError, match="not a release version"):
        branchkit_requirement("nightly")


def test_every_file_written_is_listed(tmp_path: Path) -> None:
    written = write_plugin("river-branch", tmp_path)
    project = tmp_path / "branchkit-river-branch"
    assert [path.relative_to(project).as_posix() for path in written] == FILES
    assert _files(project) == FILES
    assert _files(tmp_path) == [f"branchkit-river-branch/{name}" for name in FILES]


def test_the_generated_files_are_valid(tmp_path: Path) -> None:
    project = tmp_path / "branchkit-river-branch"
    for path in write_plugin("river-branch", tmp_path):
        text = path.read_text(encoding="utf-8")
        assert "{{" not in text, path
        assert "{%" not in text, path
        if path.suffix == ".toml":
            tomllib.loads(text)
        elif path.suffix == ".py":
            compile(text, str(path), "exec", flags=ast.PyCF_ONLY_AST)
        elif path.suffix == ".csv":
            rows = list(csv.reader(text.splitlines()))
            assert {len(row) for row in rows} == {len(rows[0])}
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "branchkit-river-branch"
    assert pyproject["project"]["dependencies"] == [branchkit_requirement(__version__)]
    assert pyproject["project"]["entry-points"]["branchkit"] == {
        "river-branch": "branchkit_river_branch.hooks"
    }
    assert pyproject["project"]["optional-dependencies"]["test"] == ["pytest>=8"]
    assert pyproject["build-system"]["build-backend"] == "hatchling.build"
    conftest = (project / "tests/conftest.py").read_text(encoding="utf-8")
    assert 'pytest_plugins = ["branchkit.pytest_plugin"]' in conftest
    assert "return [hooks]" in conftest


def test_the_generated_framework_uses_its_own_contributions(tmp_path: Path) -> None:
    write_plugin("river-branch", tmp_path)
    package = tmp_path / "branchkit-river-branch/src/branchkit_river_branch"
    framework = tomllib.loads((package / "framework.toml").read_text(encoding="utf-8"))
    assert framework["framework"]["key"] == "river-branch"
    (scheme,) = framework["framework"]["schemes"]
    (condition,) = scheme["transitions"][0]["conditions"]
    assert condition["predicate"] == "river_branch_enough_sessions"
    (rule,) = scheme["dimensions"][0]["rules"]
    assert rule["rule"] == "river_branch_session_points"
    (indicator,) = framework["framework"]["indicators"]
    assert indicator["source"] == "river_branch_sessions_held"


def test_the_generated_python_passes_ruff(tmp_path: Path) -> None:
    write_plugin("river-branch", tmp_path)
    project = tmp_path / "branchkit-river-branch"
    for command in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_generated_python_passes_mypy_strict(tmp_path: Path) -> None:
    write_plugin("river-branch", tmp_path)
    project = tmp_path / "branchkit-river-branch"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "src", "tests"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_existing_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "branchkit-river-branch"
    project.mkdir()
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    result = _run("new-plugin", "river-branch", "--dest", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {project}: already exists and is not empty; choose another --dest or name\n"
    )
    assert _files(tmp_path) == ["branchkit-river-branch/notes.txt"]
    assert (project / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_file_in_the_projects_place_is_refused(tmp_path: Path) -> None:
    (tmp_path / "branchkit-river-branch").write_text("mine", encoding="utf-8")
    with pytest.raises(BranchkitError, match="already exists"):
        write_plugin("river-branch", tmp_path)
    assert (tmp_path / "branchkit-river-branch").read_text(encoding="utf-8") == "mine"


def test_an_empty_existing_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "branchkit-river-branch").mkdir()
    assert len(write_plugin("river-branch", tmp_path)) == len(FILES)


def test_a_missing_destination_is_created(tmp_path: Path) -> None:
    written = write_plugin("river-branch", tmp_path / "plugins" / "new")
    assert written[0] == tmp_path / "plugins/new/branchkit-river-branch/README.md"


def test_the_command_lists_what_it_wrote_and_what_to_do_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without --dest, the project goes into the current folder.
    monkeypatch.chdir(tmp_path)
    result = _run("new-plugin", "branchkit-river-branch")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "created branchkit-river-branch: the plugin river-branch "
        f"(package branchkit_river_branch), {len(FILES)} files",
        *(f"  {name}" for name in FILES),
        "next:",
        "  cd branchkit-river-branch",
        '  python -m pip install -e ".[test]"',
        "  python -m pytest",
        "  branchkit plugins",
    ]
    assert _files(tmp_path) == [f"branchkit-river-branch/{name}" for name in FILES]


def test_the_command_is_listed_in_the_help() -> None:
    result = _run("--help")
    assert "new-plugin" in result.stdout


def _environment() -> dict[str, str]:
    # The child processes see neither this run's plugin settings nor its interpreter's paths.
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("BRANCHKIT_", "PYTHON", "PYTEST_", "VIRTUAL_ENV"))
    }


def test_the_project_passes_its_own_tests_in_a_fresh_environment(tmp_path: Path) -> None:
    """Generate a project, install it beside this checkout in a new venv, run its tests.

    About 15 seconds: creating the venv, installing branchkit (from its wheel cache, or PyPI)
    with its dependencies, and building both projects with hatchling.
    """
    started = time.monotonic()
    write_plugin("river-branch", tmp_path / "work")
    project = tmp_path / "work" / "branchkit-river-branch"
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    env = _environment()

    def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python), *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    installed = run(
        "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
        ROOT, project, "pytest",
        cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    tested = run(
        "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", project, "-q",
        cwd=project,
    )  # fmt: skip
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert f"{GENERATED_TESTS} passed" in tested.stdout.splitlines()[-1], tested.stdout
    # The plugin is found through its entry point, as a user's installation finds it.
    plugins = subprocess.run(
        [str(environment / ("Scripts" if os.name == "nt" else "bin") / "branchkit"), "plugins"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plugins.returncode == 0, plugins.stderr
    assert "river-branch" in plugins.stdout
    print(f"fresh environment: {time.monotonic() - started:.1f} s")  # shown with -s or -rP
