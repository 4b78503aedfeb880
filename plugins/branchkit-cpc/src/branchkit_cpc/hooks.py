"""The ``cpc`` plugin's hook implementations."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from branchkit import Framework, Term, hookimpl
from branchkit.framework.standard import Standard
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


@hookimpl
def branchkit_standards() -> Sequence[Standard]:
    """The national standards, without links: "七个有力" and the star rating of branches.

    ``seven-strengths`` weighs its seven criteria by the plugin's AHP judgements and
    ``star-rating`` its six dimensions by given points; both are loaded from
    ``standards.toml`` once. Each framework aligns its own indicators (and vetoes) to them.
    """
    standards = _load("standards.toml").sections["standards"]
    for standard in standards:
        if not isinstance(standard, Standard):
            raise TypeError("standards.toml's [[standards]] did not load as Standard records")
    return standards
