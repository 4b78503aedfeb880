"""The ``cqfe`` plugin's hook implementations."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib.resources import as_file, files

import attrs

from branchkit import Framework, Term, hookimpl
from branchkit.io import Loaded, load_file


@functools.cache
def _load(name: str) -> Loaded:
    # Loaded and checked once per process: every host asks again, and the records are immutable.
    with as_file(files("branchkit_cqfe") / name) as path:
        return load_file(path)


@hookimpl
def branchkit_frameworks() -> Sequence[Framework]:
    """The seed branch's framework, with a mechanism for every practice of its four areas.

    Four areas and twelve practices (framework.toml), the "三财素养" rubric (literacy.toml),
    the "3434+积分制" scheme (development.toml), the tiers and assistance plans of "三联系"
    (contacts.toml), the young teachers' pairing and the benchmark members' quarterly lessons
    of "三带头" (teachers.toml), the checklists and counted targets of "三角色" (roles.toml),
    the counted targets of "三合作" (cooperation.toml), and the indicators of all twelve
    practices with their alignment to the "七个有力" standard of branchkit-cpc
    (evaluation.toml).
    """
    framework = _load("framework.toml").framework
    if framework is None:
        raise RuntimeError("framework.toml has no [framework] section")
    schemes = _load("development.toml").sections["schemes"]
    contacts = _load("contacts.toml").sections
    teachers = _load("teachers.toml").sections
    cooperation = _load("cooperation.toml").sections
    roles = _load("roles.toml").sections
    literacy = _load("literacy.toml").sections
    evaluation = _load("evaluation.toml").sections
    return [
        attrs.evolve(
            framework,
            schemes=schemes,
            tiers=contacts["tiers"],
            plans=contacts["plans"],
            pairings=teachers["pairings"],
            obligations=teachers["obligations"],
            rubrics=literacy["rubrics"],
            checklists=roles["checklists"],
            targets=(*roles["targets"], *cooperation["targets"]),
            indicators=evaluation["indicators"],
            alignments=evaluation["alignments"],
        )
    ]


@hookimpl
def branchkit_terms() -> Sequence[Term]:
    """The roles, kinds and services the seed branch uses beyond the national ones.

    Most are in terms.toml; the words only one practice uses stay beside its rules.
    """
    return tuple(
        term
        for name in ("terms.toml", "roles.toml", "literacy.toml")
        for term in _load(name).dataset.terms
    )
