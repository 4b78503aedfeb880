"""The examples in every module's docstrings run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import branchkit

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(branchkit.__path__, prefix="branchkit.")
)


def test_every_module_is_found() -> None:
    assert "branchkit.records.periods" in MODULES
    assert "branchkit.plugins.hookspecs" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
