"""The ``cpc`` plugin's hook implementations."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import as_file, files

from branchkit import Term, hookimpl
from branchkit.io import load_file


@hookimpl
def branchkit_terms() -> Sequence[Term]:
    """The national vocabulary: membership stages, branch posts, meetings and documents."""
    with as_file(files("branchkit_cpc") / "terms.toml") as path:
        return load_file(path).dataset.terms
