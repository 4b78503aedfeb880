"""Preparing candidates: checking their stages and giving their facts the declared types.

Candidates read from files carry facts as the file wrote them (text from a CSV, native dates
from TOML). :func:`prepare_candidates` checks each against the scheme and reports every problem
at once, each at its candidate and fact.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from branchkit.errors import InputError, Problem
from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.facts import FactValue, coercer
from branchkit.mechanisms.staging.scheme import Scheme

__all__ = ["prepare_candidates"]


def prepare_candidates(
    scheme: Scheme, candidates: Iterable[Candidate], *, source: str | None = None
) -> tuple[Candidate, ...]:
    """The candidates with their facts typed as ``scheme`` declares them.

    :param scheme: the scheme whose facts and stages apply.
    :param candidates: the candidates as read.
    :param source: the file they came from, for the problems.
    :raises InputError: listing every unknown stage, unknown fact, badly typed fact and
        duplicate id.
    """
    declared = {fact.key: coercer(fact) for fact in scheme.facts}
    stages = {stage.key for stage in scheme.stages}
    problems: list[Problem] = []
    prepared: list[Candidate] = []
    seen: dict[str, int] = {}
    for index, candidate in enumerate(candidates):
        if candidate.id in seen:
            problems.append(
                Problem(
                    source=source,
                    path=("candidates", index, "id"),
                    message=f"duplicate {candidate.id!r} (first at index {seen[candidate.id]})",
                )
            )
        seen.setdefault(candidate.id, index)
        if stages and candidate.stage not in stages:
            problems.append(
                Problem(
                    source=source,
                    path=("candidates", index, "stage"),
                    message=f"no stage has the key {candidate.stage!r}; "
                    f"known: {', '.join(stage.key for stage in scheme.stages)}",
                )
            )
        typed: dict[str, FactValue] = {}
        # Whether every fact already has its declared type (as a reader gives them): then the
        # candidate is kept as it is, not rebuilt with equal facts.
        same = True
        for key, value in candidate.facts.items():
            coerce = declared.get(key)
            if coerce is None:
                problems.append(
                    Problem(
                        source=source,
                        path=("candidates", index, "facts", key),
                        message=f"the scheme has no fact {key!r}; "
                        f"known: {', '.join(sorted(declared))}",
                    )
                )
                continue
            try:
                typed[key] = found = coerce(value)
            except ValueError as error:
                path = ("candidates", index, "facts", key)
                problems.append(Problem(source=source, path=path, message=str(error)))
                continue
            same = same and type(found) is type(value) and found == value
        prepared.append(candidate if same else attrs.evolve(candidate, facts=typed))
    if problems:
        raise InputError(problems)
    return tuple(prepared)
