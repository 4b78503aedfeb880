"""The documentation keeps up with the code: every hook, command, module and export is in it."""

from __future__ import annotations

import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import branchkit
import branchkit.errors
from branchkit.cli import cli
from branchkit.plugins import hookspecs
from branchkit.plugins.markers import PROJECT_NAME

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SPEC_MARKER = f"{PROJECT_NAME}_spec"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def directive_targets(text: str, directive: str) -> list[str]:
    """The arguments of every ``.. <directive>:: <argument>`` in ``text``."""
    pattern = rf"^\s*\.\. {re.escape(directive)}:: *(\S+)\s*$"
    return re.findall(pattern, text, flags=re.MULTILINE)


def hook_functions() -> dict[str, Callable[..., Any]]:
    """Every hook of the hookspec module, found three ways that must agree."""
    by_name: dict[str, Callable[..., Any]] = {
        name: function
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("branchkit_")
    }
    marked = {name for name, function in by_name.items() if hasattr(function, SPEC_MARKER)}
    assert set(by_name) == marked == set(hookspecs.__all__), (
        "the hookspec module's functions, its __all__ and the functions marked as hooks differ"
    )
    return by_name


HOOKS = hook_functions()


def test_hooks_are_found() -> None:
    assert "branchkit_frameworks" in HOOKS
    assert len(HOOKS) >= 7


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_is_documented(name: str) -> None:
    documented = directive_targets(read("hooks.rst"), "autofunction")
    assert f"branchkit.plugins.hookspecs.{name}" in documented, (
        f"docs/hooks.rst has no '.. autofunction:: branchkit.plugins.hookspecs.{name}'"
    )


def test_hooks_page_documents_only_hooks() -> None:
    documented = directive_targets(read("hooks.rst"), "autofunction")
    prefix = "branchkit.plugins.hookspecs."
    unknown = sorted(
        target
        for target in documented
        if target.startswith(prefix) and target.removeprefix(prefix) not in HOOKS
    )
    assert unknown == [], f"docs/hooks.rst documents hooks that do not exist: {unknown}"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_docstring_is_complete(name: str) -> None:
    docstring = inspect.getdoc(HOOKS[name])
    assert docstring, f"{name} has no docstring"
    assert re.search(r"^:returns: \S", docstring, flags=re.MULTILINE), (
        f"{name}'s docstring has no ':returns:' line"
    )
    # Its example (a doctest or an 'Example::' block) is checked with the rest of the SDK's,
    # by tests/test_sdk_docs.py.


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_takes_no_arguments(name: str) -> None:
    # The promise of the hook API: a hook that needs an argument is a new hook.
    assert list(inspect.signature(HOOKS[name]).parameters) == [], f"{name} takes arguments"


def test_cli_reference_covers_every_command() -> None:
    text = read("cli.rst")
    directive = re.search(
        r"^\.\. click:: branchkit\.cli\.main:cli\n((?:   :.*\n)*)", text, flags=re.MULTILINE
    )
    assert directive, "docs/cli.rst has no '.. click:: branchkit.cli.main:cli' directive"
    options = directive.group(1)
    assert "   :prog: branchkit\n" in options
    # Nested in full, the directive documents every command of the group; a list of commands
    # would leave new ones out.
    assert "   :nested: full\n" in options
    assert ":commands:" not in options
    assert {"plugins", "validate"} <= set(cli.commands)


def glossary_terms() -> set[str]:
    """The terms of the glossary page: lines indented by three spaces under the directive."""
    terms: set[str] = set()
    inside = False
    for line in read("glossary.rst").splitlines():
        if line.startswith(".. glossary::"):
            inside = True
        elif line and not line.startswith(" "):
            inside = False
        elif inside and re.match(r"^ {3}\S", line) and not line.lstrip().startswith(":"):
            terms.add(line.strip())
    return terms


@pytest.mark.parametrize(
    "term",
    ["七个有力", "三机制", "三联系", "积分PK", "3434+积分制", "三带头", "三角色", "三合作"],
)
def test_glossary_has_seed_term(term: str) -> None:
    assert term in glossary_terms()


def test_api_index_lists_every_export() -> None:
    text = read("api/index.rst")
    missing = [name for name in branchkit.__all__ if not re.search(rf"[.`~]{name}`", text)]
    assert missing == [], f"docs/api/index.rst does not list {missing}"


def test_every_exception_is_documented() -> None:
    documented = set(directive_targets(read("api/errors.rst"), "autoexception"))
    exceptions = {
        name
        for name in branchkit.errors.__all__
        if isinstance(getattr(branchkit.errors, name), type)
        and issubclass(getattr(branchkit.errors, name), BaseException)
    }
    assert exceptions - documented == set()


def documented_modules() -> set[str]:
    found: set[str] = set()
    for page in DOCS.rglob("*.rst"):
        found.update(directive_targets(page.read_text(encoding="utf-8"), "automodule"))
    return found


PUBLIC_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(branchkit.__path__, prefix="branchkit.")
    if not any(part.startswith("_") for part in info.name.split("."))
    # The command line is documented by its own help, in docs/cli.rst.
    and not info.name.startswith("branchkit.cli")
)


@pytest.mark.parametrize("module", ["branchkit", *PUBLIC_MODULES])
def test_module_is_in_the_api_reference(module: str) -> None:
    assert module in documented_modules(), f"no page of docs/ has '.. automodule:: {module}'"
