"""The ``cpc`` plugin's hook implementations."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from branchkit import Framework, Term, hookimpl
from branchkit_cpc import _load, procedure


@hookimpl
def branchkit_frameworks() -> Sequence[Framework]:
    """The national framework: membership development by the national procedure."""
    framework = _load("framework.toml").framework
    if framework is None:
        raise RuntimeError("framework.toml has no [framework] section")
    return [attrs.evolve(framework, schemes=(procedure(),))]


@hookimpl
def branchkit_terms() -> Sequence[Term]:
    """The national vocabulary: membership stages, branch posts, meetings and documents."""
    return _load("terms.toml").dataset.terms
