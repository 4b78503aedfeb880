"""Sphinx configuration for the branchkit documentation.

Build it with warnings as errors, as the ``docs`` session of ``nox`` does::

    sphinx-build -n -W --keep-going -b html docs docs/_build/html
    sphinx-build -n -W --keep-going -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import doctest
import importlib
import inspect
from pathlib import Path
from typing import Any

import attrs
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

import branchkit

DOCS = Path(__file__).resolve().parent

# -- Project ---------------------------------------------------------------------------------

project = "branchkit"
author = "The branchkit developers"
copyright = "The branchkit developers"
release = branchkit.__version__
version = ".".join(release.split(".")[:2])
language = "en"

# -- General ---------------------------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx_click",
]
# No intersphinx: the documentation builds without a network, and an inventory that cannot be
# fetched is a warning (an error under -W). References to the standard library and to
# third-party packages are listed in ``nitpick_ignore`` below instead.

exclude_patterns = ["_build"]
nitpicky = True

# -- autodoc ---------------------------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"

# -- doctest ---------------------------------------------------------------------------------

# The folder of example files, for pages whose doctests read them.
doctest_global_setup = f"DOCS_EXAMPLES = {str(DOCS / 'examples')!r}"
# ``>>>`` examples outside doctest directives, as in docstrings, run too.
doctest_test_doctest_blocks = "default"
# Sphinx's default flags without IGNORE_EXCEPTION_DETAIL: the messages of errors are part of
# what the examples show, so they are compared too.
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1

# -- Nitpicky mode ---------------------------------------------------------------------------

# Targets outside branchkit that type hints and docstrings name. Without intersphinx they
# cannot be linked; they are listed one by one so that a broken reference to branchkit's own
# objects is still an error.
nitpick_ignore = [
    # The standard library.
    ("py:class", "collections.abc.Callable"),
    ("py:class", "collections.abc.Collection"),
    ("py:class", "collections.abc.Iterable"),
    ("py:class", "collections.abc.Iterator"),
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "collections.abc.Sequence"),
    ("py:class", "datetime.date"),
    ("py:class", "datetime.datetime"),
    ("py:class", "os.PathLike"),
    ("py:class", "sqlite3.Connection"),
    ("py:class", "decimal.Decimal"),
    ("py:class", "pathlib.Path"),
    ("py:class", "importlib.resources.abc.Traversable"),
    # attrs, cattrs, pluggy.
    ("py:func", "attrs.evolve"),
    ("py:class", "cattrs.Converter"),
    ("py:class", "cattrs.converters.Converter"),
    ("py:class", "pluggy.PluginManager"),
    ("py:class", "pluggy._manager.PluginManager"),
    # click's result of an invocation, which the pytest plugin's runner returns.
    ("py:class", "click.testing.Result"),
    # A type variable of a generic function: not an object to document.
    ("py:class", "branchkit.io.documents.T"),
    ("py:class", "branchkit.framework.sources.T"),
]
# numpy's array and scalar types, as the columnar path's type hints name them (numpy publishes
# no Sphinx inventory we can reach offline).
nitpick_ignore_regex = [
    ("py:class", r"numpy\..*"),
    ("py:obj", r"numpy\..*"),
    ("py:func", r"scipy\..*"),
]

# -- HTML ------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"branchkit {release}"


# -- References ------------------------------------------------------------------------------

_MISSING = object()


def _lookup(name: str) -> tuple[object, object]:
    """The object a dotted name stands for, and the object it is an attribute of."""
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        parent: object = _MISSING
        for part in parts[split:]:
            parent, found = found, getattr(found, part, _MISSING)
            if found is _MISSING:
                return _MISSING, _MISSING
        return parent, found
    return _MISSING, _MISSING


def _same_object(first: str, second: str) -> bool:
    """Whether two dotted names stand for the same object."""
    if first.rsplit(".", 1)[-1] != second.rsplit(".", 1)[-1]:
        return False
    parent, found = _lookup(first)
    other_parent, other = _lookup(second)
    if found is _MISSING or other is _MISSING:
        return False
    if isinstance(parent, type):
        # An attribute of a class: the same class and the same name.
        return parent is other_parent
    return found is other


def _is_parameter(owner: object, name: str) -> bool:
    """Whether ``name`` is a field of the attrs class ``owner`` or a parameter of its init."""
    if not isinstance(owner, type):
        return False
    if attrs.has(owner):
        return name in attrs.fields_dict(owner)
    try:
        return name in inspect.signature(owner).parameters
    except (TypeError, ValueError):
        return False


def _candidates(node: pending_xref) -> list[str]:
    """The full names a reference may mean, as Python's domain would search them."""
    target: str = node.get("reftarget", "")
    if target.startswith("branchkit."):
        return [target]
    module, cls = node.get("py:module"), node.get("py:class")
    found = []
    if module and cls:
        found.append(f"{module}.{cls}.{target}")
    if module:
        found.append(f"{module}.{target}")
    return found


def resolve_public_name(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Resolve a reference to branchkit's objects that Python's domain does not find.

    Objects are documented once, in the module that defines them
    (``branchkit.records.people.Person``), while docstrings and type hints may name them where
    users import them from (``branchkit.records.Person``, ``branchkit.Person``): such a name is
    resolved to the documented name of the same object.

    The fields of records are documented as the ``:param:`` entries of their class, so a
    reference to a field (``:attr:`Event.date```) or to an attribute an initialiser sets from a
    parameter of the same name (``:attr:`InputError.problems```) links to its class.
    """
    if node.get("refdomain") != "py":
        return None
    for target in _candidates(node):
        documented = _documented_name(env, target)
        if documented is not None and documented != target:
            return _resolve(app, node, contnode, node["reftype"], documented)
        owner_name, _, attribute = target.rpartition(".")
        owner = _documented_name(env, owner_name) if node["reftype"] == "attr" else None
        if owner is not None and _is_parameter(_lookup(owner)[1], attribute):
            return _resolve(app, node, contnode, "class", owner)
    return None


def _documented_name(env: BuildEnvironment, name: str) -> str | None:
    """The name under which the object ``name`` stands for is documented, if it is."""
    domain: Any = env.get_domain("py")
    if name in domain.objects:
        return name
    return next((other for other in domain.objects if _same_object(name, other)), None)


def _resolve(
    app: Sphinx, node: pending_xref, contnode: nodes.TextElement, reftype: str, name: str
) -> nodes.reference | None:
    domain: Any = app.env.get_domain("py")
    reference: nodes.reference | None = domain.resolve_xref(
        app.env, node["refdoc"], app.builder, reftype, name, node, contnode
    )
    return reference


def drop_call_types_of_data(  # noqa: PLR0917 - the arguments of Sphinx's event
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Show no parameter or return types for a module constant that happens to be callable.

    ``hookimpl`` and ``hookspec`` are callable objects; autodoc would otherwise list the types
    of their ``__call__`` under a constant.
    """
    if what == "data":
        app.env.current_document.autodoc_annotations.pop(name, None)


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", resolve_public_name)
    app.connect("autodoc-process-docstring", drop_call_types_of_data)
