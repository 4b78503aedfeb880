"""The project's checks: ``nox`` runs tests, lint and typecheck; docs and bench on request."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "lint", "typecheck"]
# An interpreter that is not installed is skipped, also under CI (where nox would fail).
nox.options.error_on_missing_interpreters = False
nox.options.reuse_existing_virtualenvs = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.11", "3.12", "3.13"]


def _expose_pyenv_interpreters() -> None:
    # pyenv's shims answer for every installed version's name but refuse all but the selected
    # ones, so nox would find `python3.12` and fail instead of using or skipping it. Putting
    # the installed versions' own bin folders first lets nox find the real interpreters.
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = [
        str(folder / "bin")
        for wanted in PYTHONS
        for folder in sorted(versions.glob(f"{wanted}.*"))[-1:]
        if (folder / "bin" / f"python{wanted}").exists()
    ]
    if found:
        os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


_expose_pyenv_interpreters()
# The plugins the README installs, which the quick start's listings show, and the tutorial's.
SHIPPED_PLUGINS = ("./plugins/branchkit-cpc", "./plugins/branchkit-cqfe")
PLUGINS = (*SHIPPED_PLUGINS, "./plugins/branchkit-teacher-branch")


def install_project(
    session: nox.Session, *groups: str, extras: str = "", plugins: tuple[str, ...] = PLUGINS
) -> None:
    """Install branchkit (with ``extras``), the ``plugins`` and the dependency ``groups``."""
    requirements = [
        requirement
        for group in groups
        for requirement in nox.project.dependency_groups(PYPROJECT, group)
    ]
    branchkit = f".[{extras}]" if extras else "."
    session.install(*requirements, branchkit, *plugins)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite of branchkit and of both plugins."""
    install_project(session, "test", extras="yaml,xlsx,solver")
    session.run("pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with ruff."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """Type-check branchkit, the plugins and the tests with mypy --strict."""
    install_project(session, "typecheck", extras="yaml,xlsx,solver")
    session.run(
        "mypy",
        "src",
        "plugins/branchkit-cpc/src",
        "plugins/branchkit-cqfe/src",
        "plugins/branchkit-teacher-branch/src",
        "tests",
        "plugins/branchkit-cpc/tests",
        "plugins/branchkit-cqfe/tests",
        "benchmarks",
    )
    # On its own: its tests' conftest module would clash with cqfe's by name.
    session.run("mypy", "plugins/branchkit-teacher-branch/tests")


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """Build the HTML documentation and run its doctests, warnings as errors."""
    # The quick start lists the installed plugins as the README's installation has them.
    install_project(session, "docs", extras="yaml,xlsx,solver", plugins=SHIPPED_PLUGINS)
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build", "-n", "-W", "--keep-going", "-b", builder,
            "docs", f"docs/_build/{builder}",
        )  # fmt: skip


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Run the benchmarks (not part of the default run)."""
    install_project(session, "bench", extras="yaml,xlsx,solver")
    session.run("python", "benchmarks/run.py", *session.posargs)
