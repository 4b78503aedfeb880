"""Units: classes, dorms, departments, programmes and the like, nested by ``parent``.

>>> tree = UnitTree.build([
...     Unit(id="finance", kind="department", name="金融学院"),
...     Unit(id="fin-2101", kind="class", name="金融2101班", parent="finance"),
...     Unit(id="d12-305", kind="dorm", name="12栋305", parent="fin-2101"),
... ])
>>> tree.ancestors("d12-305")
('fin-2101', 'finance')
>>> tree.descendants("finance")
('d12-305', 'fin-2101')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

import attrs

from branchkit.errors import Path, RecordError
from branchkit.records._checks import (
    FirstAt,
    duplicate_problems,
    ensure_valid,
    first_at_index,
    key_problems,
    span_problems,
    text_problems,
    within_span,
)

__all__ = ["Unit", "UnitTree"]


@attrs.frozen(kw_only=True)
class Unit:
    """An organisational unit.

    :param id: the unit's identifier, unique among units.
    :param kind: the kind's key: ``class``, ``dorm``, ``department``, ``programme``, ... .
    :param name: the unit's name as people write it.
    :param parent: the id of the unit it belongs to, if any.
    :param start: the first day the unit exists, if known.
    :param end: the last day it exists; ``None`` while it exists.
    """

    id: str
    kind: str
    name: str
    parent: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("id", self.id)
        yield from key_problems("kind", self.kind)
        yield from text_problems("name", self.name)
        if self.parent == self.id:
            yield ("parent",), "a unit cannot be its own parent"
        yield from span_problems(self.start, self.end)

    def exists_on(self, day: dt.date) -> bool:
        """Whether the unit exists on ``day``."""
        return within_span(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class UnitTree:
    """Units indexed by id, with their nesting checked: no unknown parent, no cycle.

    Build it with :meth:`build`.
    """

    units: Mapping[str, Unit]
    _children: Mapping[str, tuple[str, ...]] = attrs.field(repr=False, eq=False)

    @classmethod
    def build(cls, units: Iterable[Unit]) -> UnitTree:
        """Index ``units``; raise :class:`~branchkit.errors.RecordError` on broken nesting."""
        listed = tuple(units)
        problems = list(unit_tree_problems(listed))
        if problems:
            raise RecordError("UnitTree", problems)
        children: dict[str, list[str]] = {}
        for unit in listed:
            if unit.parent is not None:
                children.setdefault(unit.parent, []).append(unit.id)
        return cls(
            units={unit.id: unit for unit in listed},
            children={parent: tuple(sorted(ids)) for parent, ids in children.items()},
        )

    def ancestors(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the unit's parent, grandparent, ... up to the top."""
        found: list[str] = []
        parent = self.units[unit_id].parent
        while parent is not None:
            found.append(parent)
            parent = self.units[parent].parent
        return tuple(found)

    def children(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the units directly inside ``unit_id``, sorted."""
        return self._children.get(unit_id, ())

    def descendants(self, unit_id: str) -> tuple[str, ...]:
        """The ids of every unit inside ``unit_id`` at any depth, sorted."""
        found: set[str] = set()
        frontier = [unit_id]
        while frontier:
            children = self.children(frontier.pop())
            found.update(children)
            frontier.extend(children)
        return tuple(sorted(found))


def unit_tree_problems(
    units: tuple[Unit, ...], first_at: FirstAt = first_at_index
) -> Iterator[tuple[Path, str]]:
    """Duplicate ids, unknown parents and cycles among ``units``, as ``(path, message)``."""
    yield from duplicate_problems("units", units, lambda unit: unit.id, "id", first_at)
    by_id = {unit.id: unit for unit in units}
    for index, unit in enumerate(units):
        if unit.parent is not None and unit.parent not in by_id:
            yield ("units", index, "parent"), f"no unit has the id {unit.parent!r}"
    reported: set[str] = set()
    for index, unit in enumerate(units):
        chain = [unit.id]
        parent = unit.parent
        while parent is not None and parent in by_id and parent not in chain:
            chain.append(parent)
            parent = by_id[parent].parent
        if parent is not None and parent == unit.id and unit.id not in reported:
            reported.update(chain)
            cycle = " -> ".join([*chain, unit.id])
            yield ("units", index, "parent"), f"units nest in a cycle: {cycle}"
