"""A dataset: the records of one branch that mechanisms read, and the checks across them.

Each record checks its own fields when built; :func:`dataset_problems` checks what only the
whole set can show: duplicate ids, references to people or units that do not exist, nesting
cycles, and keys missing from the vocabulary.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

import attrs

from branchkit.errors import Path
from branchkit.records._checks import FirstAt, duplicate_problems, first_at_index
from branchkit.records.events import Event, Evidence
from branchkit.records.people import Person
from branchkit.records.periods import Period
from branchkit.records.terms import Term
from branchkit.records.units import Unit, unit_tree_problems

__all__ = ["Dataset", "dataset_problems"]


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Dataset:
    """The records of one branch (or one file of them).

    :param people: the people.
    :param units: the units.
    :param periods: named periods the data refers to.
    :param events: the events.
    :param evidence: the evidence.
    :param terms: vocabulary terms the data itself defines.
    """

    people: tuple[Person, ...] = ()
    units: tuple[Unit, ...] = ()
    periods: tuple[Period, ...] = ()
    events: tuple[Event, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    terms: tuple[Term, ...] = ()

    def merge(self, other: Dataset) -> Dataset:
        """The records of both datasets, this one's first."""
        return Dataset(
            **{
                field.name: getattr(self, field.name) + getattr(other, field.name)
                for field in attrs.fields(Dataset)
            }
        )


def dataset_problems(
    dataset: Dataset,
    vocabulary: Mapping[str, frozenset[str]] | None = None,
    first_at: FirstAt = first_at_index,
) -> Iterator[tuple[Path, str]]:
    """Every cross-record problem in ``dataset``, as ``(path, message)`` pairs.

    :param dataset: the records to check.
    :param vocabulary: known keys per vocabulary (``{"role": frozenset({...}), ...}``); keys of
        vocabularies it lists are checked, the dataset's own :attr:`Dataset.terms` included.
        ``None`` skips the vocabulary checks.
    :param first_at: words for where the first of two duplicates is, given the section and
        both indexes; by default ``first at index N``.
    """
    yield from duplicate_problems("people", dataset.people, lambda p: p.id, "id", first_at)
    yield from unit_tree_problems(dataset.units, first_at)
    yield from duplicate_problems("periods", dataset.periods, lambda p: p.key, "key", first_at)
    yield from duplicate_problems("events", dataset.events, lambda e: e.id, "id", first_at)
    yield from duplicate_problems("evidence", dataset.evidence, lambda e: e.id, "id", first_at)
    yield from duplicate_problems(
        "terms", dataset.terms, lambda t: f"{t.vocabulary}/{t.key}", "key", first_at
    )
    people = {person.id for person in dataset.people}
    units = {unit.id for unit in dataset.units}
    for index, person in enumerate(dataset.people):
        for m_index, membership in enumerate(person.memberships):
            if membership.unit not in units:
                path = ("people", index, "memberships", m_index, "unit")
                yield path, f"no unit has the id {membership.unit!r}"
    references = itertools.chain(
        (
            (("events", i), "participants", e.participants, e.units)
            for i, e in enumerate(dataset.events)
        ),
        ((("evidence", i), "persons", e.persons, e.units) for i, e in enumerate(dataset.evidence)),
    )
    for at, field, persons, record_units in references:
        for p_index, person_id in enumerate(persons):
            if person_id not in people:
                yield (*at, field, p_index), f"no person has the id {person_id!r}"
        for u_index, unit_id in enumerate(record_units):
            if unit_id not in units:
                yield (*at, "units", u_index), f"no unit has the id {unit_id!r}"
    if vocabulary is not None:
        yield from _vocabulary_problems(dataset, vocabulary)


def _vocabulary_problems(
    dataset: Dataset, vocabulary: Mapping[str, frozenset[str]]
) -> Iterator[tuple[Path, str]]:
    known = {name: set(keys) for name, keys in vocabulary.items()}
    for term in dataset.terms:
        known.setdefault(term.vocabulary, set()).add(term.key)
    uses: Iterator[tuple[str, Path, str]] = itertools.chain(
        (
            ("role", ("people", i, "roles", r, "role"), span.role)
            for i, person in enumerate(dataset.people)
            for r, span in enumerate(person.roles)
        ),
        (("unit_kind", ("units", i, "kind"), unit.kind) for i, unit in enumerate(dataset.units)),
        (
            ("event_kind", ("events", i, "kind"), event.kind)
            for i, event in enumerate(dataset.events)
        ),
        (
            ("audience", ("events", i, "audience", a), audience)
            for i, event in enumerate(dataset.events)
            for a, audience in enumerate(event.audience)
        ),
        (
            ("evidence_kind", ("evidence", i, "kind"), item.kind)
            for i, item in enumerate(dataset.evidence)
        ),
    )
    for name, path, key in uses:
        if name in known and key not in known[name]:
            yield path, f"{key!r} is not a known {name.replace('_', ' ')}"
