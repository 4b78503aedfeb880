"""The plugin SDK is documented: every public name has a docstring, and it has an example.

The SDK is what a plugin author imports: the public names (``__all__``) of
:mod:`branchkit.plugins` and its modules ``contributions``, ``markers`` and ``hookspecs``, of
:mod:`branchkit.testing` and its submodules, the fixtures of ``branchkit.pytest_plugin``, and
:data:`branchkit.hookimpl`; for a class, also the public methods it defines (properties are
attributes, described by their class). A name re-exported from another module is checked
once, where it is defined.

A function, class or fixture is documented by its docstring; a constant or type alias by the
``#:`` comment before its assignment (or the string after it), as Sphinx's autodoc reads it.
An example is a ``>>>`` doctest, a literal block introduced by a line starting with
"Example" and ending with ``::``, or a ``code-block``, ``doctest`` or ``testcode`` directive.

That every hook appears in ``docs/hooks.rst`` is checked by ``tests/test_docs.py``.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import pkgutil
import re
import types
from collections.abc import Iterator
from typing import Any

import pytest

import branchkit.testing

SDK_MODULES = (
    "branchkit.plugins",
    "branchkit.plugins.contributions",
    "branchkit.plugins.markers",
    "branchkit.plugins.hookspecs",
    "branchkit.testing",
    *sorted(
        info.name
        for info in pkgutil.iter_modules(branchkit.testing.__path__, prefix="branchkit.testing.")
    ),
    "branchkit.pytest_plugin",
)
#: Names checked besides the SDK modules' ``__all__``: (module, name).
EXTRA_NAMES = (("branchkit", "hookimpl"),)

_DOCTEST = re.compile(r"^[ \t]*>>> \S", re.MULTILINE)
_LITERAL = re.compile(r"^[ \t]*Example\b[^\n]*::[ \t]*\n[ \t]*\n[ \t]+\S", re.MULTILINE)
_DIRECTIVE = re.compile(
    r"^[ \t]*\.\. (?:code-block|code|doctest|testcode)::[^\n]*\n"
    r"(?:[ \t]+:[^\n]*\n)*[ \t]*\n[ \t]+\S",
    re.MULTILINE,
)


def has_example(docstring: str) -> bool:
    """Whether a docstring shows an example: a doctest, a literal example or a code directive.

    >>> has_example("The keys.\\n\\n>>> sorted({'b': 1, 'a': 2})\\n['a', 'b']")
    True
    >>> has_example("Run it.\\n\\nExample, in a shell::\\n\\n    branchkit plugins")
    True
    >>> has_example("The keys, sorted; see the example below::")
    False
    """
    return any(pattern.search(docstring) for pattern in (_DOCTEST, _LITERAL, _DIRECTIVE))


def _assignment_doc(module: types.ModuleType, name: str) -> tuple[str, str] | None:
    """Where ``name`` is assigned at the top of ``module`` or a module it imports it from.

    :returns: the defining module's name and the name's doc-comment (``#:`` lines before the
        assignment, or a string right after it), or ``None`` when it is not assigned there.
    """
    source = inspect.getsource(module)
    tree = ast.parse(source)
    lines = source.splitlines()
    for index, node in enumerate(tree.body):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    found = _assignment_doc(importlib.import_module(node.module), alias.name)
                    if found is not None:
                        return found
            continue
        if not any(isinstance(target, ast.Name) and target.id == name for target in targets):
            continue
        comment: list[str] = []
        line = node.lineno - 2  # the line before the assignment, counted from 0
        while line >= 0 and lines[line].lstrip().startswith("#:"):
            comment.insert(0, lines[line].lstrip()[2:].removeprefix(" "))
            line -= 1
        after = tree.body[index + 1] if index + 1 < len(tree.body) else None
        if (
            not comment
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            comment = inspect.cleandoc(after.value.value).splitlines()
        return module.__name__, "\n".join(comment)
    # branchkit's top level imports its exports lazily, from the module each name lives in.
    home = getattr(module, "_HOMES", {}).get(name)
    return None if home is None else _assignment_doc(importlib.import_module(home), name)


def _has_own_docstring(value: Any) -> bool:
    """Whether ``value`` carries its own docstring: a class, a function or a fixture.

    A marker, a string or a type alias is an instance of a class documented elsewhere; its
    documentation is the comment on its assignment.
    """
    if inspect.isclass(value) or inspect.isfunction(value):
        return True
    # A fixture is a callable wrapping its function, with the function's module and doc.
    return callable(value) and str(getattr(value, "__module__", "")).startswith("branchkit")


def _documented(module_name: str, name: str) -> tuple[str, Any, str]:
    """The full name under which ``module_name.name`` is defined, the object, and its doc."""
    module = importlib.import_module(module_name)
    value = getattr(module, name)
    if _has_own_docstring(value):
        home = getattr(value, "__module__", module_name)
        qualified = getattr(value, "__qualname__", name)
        return f"{home}.{qualified}", value, inspect.getdoc(value) or ""
    found = _assignment_doc(module, name)
    assert found is not None, f"{module_name}.{name} is neither defined nor imported there"
    home, doc = found
    return f"{home}.{name}", value, doc


def _methods(cls: type) -> Iterator[tuple[str, str]]:
    """The public methods ``cls`` itself defines, with their docstrings."""
    for name, attribute in vars(cls).items():
        if name.startswith("_"):
            continue
        function = attribute
        if isinstance(attribute, classmethod | staticmethod):
            function = attribute.__func__
        if inspect.isfunction(function):
            yield name, inspect.getdoc(function) or ""


def sdk_docs() -> dict[str, str]:
    """Every SDK name's full name (where it is defined) and its documentation."""
    found: dict[str, str] = {}
    names = [
        (module, name) for module in SDK_MODULES for name in importlib.import_module(module).__all__
    ]
    for module, name in [*names, *EXTRA_NAMES]:
        qualified, value, doc = _documented(module, name)
        found[qualified] = doc
        if inspect.isclass(value):
            for method, method_doc in _methods(value):
                found[f"{qualified}.{method}"] = method_doc
    return found


SDK = sdk_docs()


def test_sdk_names_are_found() -> None:
    assert "branchkit.plugins.host.Host" in SDK
    assert "branchkit.plugins.host.Host.create" in SDK
    assert "branchkit.plugins.markers.hookimpl" in SDK
    assert "branchkit.plugins.hookspecs.branchkit_terms" in SDK
    assert "branchkit.testing.hosts.isolated_host" in SDK
    assert "branchkit.pytest_plugin.branchkit_host" in SDK


@pytest.mark.parametrize("name", sorted(SDK))
def test_sdk_name_has_a_docstring_with_an_example(name: str) -> None:
    doc = SDK[name]
    assert doc.strip(), f"{name} has no docstring (or #: comment)"
    assert has_example(doc), (
        f"{name}'s docstring has no example: add a '>>>' doctest or an 'Example::' block"
    )


def test_has_example_is_checked_by_its_own_doctests() -> None:
    # This module is not under src/, so tests/test_doctests.py does not run its examples.
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(has_example, globs={"has_example": has_example}):
        runner.run(test)
    assert (runner.tries, runner.failures) == (3, 0)
