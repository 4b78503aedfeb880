"""The plugin's checks: its tests on every Python branchkit supports, newest and oldest."""

from __future__ import annotations

import nox

PYPROJECT = nox.project.load_toml("pyproject.toml")
#: The Pythons branchkit supports; the plugin's classifiers list the same.
PYTHONS = ["3.11", "3.12", "3.13"]
#: The oldest branchkit the plugin's dependency allows.
OLDEST = "branchkit==0.1.0"


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the tests with the newest branchkit the dependency allows."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "test"), ".")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHONS[0])
def oldest(session: nox.Session) -> None:
    """Run the tests with the oldest branchkit the dependency allows."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "test"), OLDEST, ".")
    session.run("pytest", *session.posargs)
