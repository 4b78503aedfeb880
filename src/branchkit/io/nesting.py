"""Nested fields in tables: dotted headings and child sections.

A table cell holds one value, but records nest: a term's label is a record of its own (``zh``
and ``en``), an event's counts are a table of named numbers, a person's roles are a list of
records. Tables (CSV files, the sheets of a workbook) give them in two ways, and so may any
other file:

* **A dotted heading** names a field inside a field by the path of field names:
  ``label.zh`` and ``label.en`` for a term's label. After a field that is a table of named
  values, any name may follow the dot: ``counts.person_times``, ``counts.questionnaires``. A
  section may give such a path headings of its own, as for any field (``中文名称`` for
  ``label.zh``, ``人次`` for ``counts.person_times``). Every column gives one value; a column
  for the whole nested field (``label``, ``counts``) is refused at its heading, with the
  columns to use instead.
* **A child section** gives a list of records as a table of its own, one row per record, each
  row naming the record it belongs to (:class:`Parent`): the section ``role_spans``
  (``人员角色``: ``人员编号``, ``角色``, ``开始日期``, ``结束日期``) gives people's roles. When
  every file of a folder (every sheet of a workbook) is read, each row is added to the record it
  names, wherever that record was given, in the order the rows come (files in name order, then
  rows); the child section is then gone: what is loaded is the same as had the lists been
  written inside the records.

A row that names no record is a problem at its column naming the record. A list comes from
one place: a record that gives the list itself (a TOML person with ``roles``) and is named by
rows of a child section is a problem at the first such row. Problems in joined records (a role
no vocabulary knows, a unit that does not exist) are reported at the child row they came from.

>>> from branchkit.io.nesting import nest, resolve_path
>>> from branchkit.records import Event, Term
>>> resolve_path(Term, "Label . ZH"), resolve_path(Event, "counts.person_times")
('label.zh', 'counts.person_times')
>>> resolve_path(Term, "label.fr") is None, resolve_path(Event, "title.zh") is None
(True, True)
>>> nest({"key": "tea", "label.zh": "茶", "label.en": "tea"})
{'key': 'tea', 'label': {'zh': '茶', 'en': 'tea'}}
"""

from __future__ import annotations

import functools
import types
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs
from cattrs.cols import is_mapping, is_sequence

from branchkit.errors import Path, RecordError
from branchkit.io.names import normalise_name
from branchkit.records._checks import ensure_valid, key_problems

__all__ = [
    "Child",
    "Joined",
    "Parent",
    "Shape",
    "insert",
    "join_children",
    "nest",
    "parts_of",
    "resolve_path",
    "shape_at",
    "type_at",
    "unwrap_optional",
]

#: What a field holds, as tables see it: one value (text, a number, a date, or a list of
#: them in one cell), a record, a table of named values, or a list of records.
Shape = Literal["value", "record", "mapping", "records"]


@attrs.frozen(kw_only=True)
class Parent:
    """The records a child section's rows belong to: a list field of another section's.

    :param section: the key of the section whose records the rows belong to (``people``).
    :param field: the list field of those records the rows fill (``roles``).
    :param column: the name of the rows' column that names the record (``person``); the
        child section's ``headers`` may give it headings (``人员编号``), like a field's.
    :param key: the field of the parent records the column gives (``id``).
    """

    section: str
    field: str
    column: str
    key: str = "id"

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("section", self.section)
        yield from key_problems("field", self.field)
        yield from key_problems("column", self.column)
        yield from key_problems("key", self.key)


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Child:
    """A record of a child section with the key of the record it belongs to.

    :param parent: the key of the parent record (a person's id).
    :param record: the record itself (a :class:`~branchkit.records.RoleSpan`).
    """

    parent: Any
    record: Any


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def unwrap_optional(tp: Any) -> Any:
    """``X`` for ``X | None``; any other type as it is."""
    if get_origin(tp) in (Union, types.UnionType):
        others = [arg for arg in get_args(tp) if arg is not type(None)]
        if len(others) == 1:
            return others[0]
    return tp


def _shape(tp: Any) -> Shape:
    tp = unwrap_optional(tp)
    if attrs.has(tp):
        return "record"
    if is_mapping(tp):
        return "mapping"
    if is_sequence(tp):
        arguments = get_args(tp)
        if arguments and _shape(arguments[0]) != "value":
            return "records"
    return "value"


def fields_of(record_type: type) -> tuple[tuple[attrs.Attribute[Any], Any, Shape], ...]:
    """Each field given to ``record_type``'s constructor, with its type and what it holds.

    >>> from branchkit.io.nesting import fields_of
    >>> from branchkit.records import Term
    >>> [(field.alias, shape) for field, _, shape in fields_of(Term)]
    [('vocabulary', 'value'), ('key', 'value'), ('label', 'record'), ('description', 'record')]
    """
    hints = _hints(record_type)
    return tuple(
        (field, hints[field.name], _shape(hints[field.name]))
        for field in attrs.fields(record_type)
        if field.init
    )


def _walk(record_type: type, parts: Sequence[str]) -> tuple[str, Any] | None:
    """The canonical path of ``parts`` inside ``record_type`` and the type there."""
    names: list[str] = []
    tp: Any = record_type
    for part in parts:
        tp = unwrap_optional(tp)
        if attrs.has(tp):
            fields = {normalise_name(f.alias): f for f in attrs.fields(tp) if f.init}
            found = fields.get(normalise_name(part))
            if found is None:
                return None
            names.append(found.alias)
            tp = _hints(tp)[found.name]
        elif is_mapping(tp):
            arguments = get_args(tp)
            key = part.strip()
            if not key or (arguments and arguments[0] is not str):
                return None
            names.append(key)
            tp = arguments[1] if len(arguments) == 2 else Any
        else:
            return None
    return ".".join(names), tp


def resolve_path(record_type: type, heading: str) -> str | None:
    """The dotted path ``heading`` names inside ``record_type``, written with the fields' names.

    Field names are compared after :func:`~branchkit.io.names.normalise_name`; a name after a
    table of named values is taken as written, without surrounding spaces. ``None`` when
    ``heading`` has no dot or names nothing.
    """
    # NFKC first, so that a full-width dot (．) separates too.
    parts = unicodedata.normalize("NFKC", heading).split(".")
    if len(parts) < 2 or not attrs.has(record_type):
        return None
    found = _walk(record_type, parts)
    return None if found is None else found[0]


def shape_at(record_type: type, path: str) -> Shape | None:
    """What the field at the (canonical, dotted) ``path`` holds, or ``None`` if none is there.

    >>> from branchkit.io.nesting import shape_at
    >>> from branchkit.records import Event, Person, Term
    >>> shape_at(Term, "label"), shape_at(Event, "counts"), shape_at(Person, "roles")
    ('record', 'mapping', 'records')
    >>> shape_at(Term, "label.zh"), shape_at(Event, "participants")
    ('value', 'value')
    """
    if not attrs.has(record_type):
        return None
    found = _walk(record_type, path.split("."))
    return None if found is None else _shape(found[1])


def type_at(record_type: type, path: str) -> Any:
    """The type of the field at the (dotted) ``path`` of ``record_type``, or ``None``.

    >>> from branchkit.io.nesting import type_at
    >>> from branchkit.records import Person, Term
    >>> type_at(Person, "id"), type_at(Term, "label.zh"), type_at(Term, "colour")
    (<class 'str'>, <class 'str'>, None)
    """
    if not attrs.has(record_type):
        return None
    found = _walk(record_type, path.split("."))
    return None if found is None else found[1]


def parts_of(record_type: type, path: str) -> tuple[str, ...]:
    """The dotted paths of the values inside the record at ``path`` (``label.zh``, ...).

    A table of named values has no fixed parts: ``(path + ".<name>",)``.
    """
    found = _walk(record_type, path.split("."))
    if found is None:
        return ()
    tp = unwrap_optional(found[1])
    if is_mapping(tp):
        return (f"{path}.<name>",)
    if not attrs.has(tp):
        return (path,)
    paths: list[str] = []
    for field in attrs.fields(tp):
        if field.init:
            inner = f"{path}.{field.alias}"
            shape = _shape(_hints(tp)[field.name])
            paths.extend(parts_of(record_type, inner) if shape != "value" else (inner,))
    return tuple(paths)


def insert(target: dict[str, Any], path: str, value: object) -> bool:
    """Set ``value`` at the dotted ``path`` of ``target``, making the tables on the way.

    A table given where part of one is already merges with it. ``False`` when a value is
    already there (the path itself, or a value where a table would have to be); ``target``
    then has the same content as before.

    >>> from branchkit.io.nesting import insert
    >>> row = {"label": {"en": "tea"}}
    >>> insert(row, "label.zh", "茶"), insert(row, "label", {"fr": "thé"}), row
    (True, True, {'label': {'en': 'tea', 'zh': '茶', 'fr': 'thé'}})
    >>> insert(row, "label.zh", "绿茶"), insert(row, "label.en.x", "-"), insert(row, "label", "茶")
    (False, False, False)
    """
    *outer, last = path.split(".")
    at = target
    for part in outer:
        inner = at.get(part, {})
        if not isinstance(inner, Mapping):
            return False
        # A copy: the table may be the document's own, which structuring does not change.
        at[part] = dict(inner)
        at = at[part]
    if last not in at:
        at[last] = value
        return True
    given = at[last]
    if not (isinstance(given, Mapping) and isinstance(value, Mapping)) or set(given) & set(value):
        return False
    at[last] = {**given, **value}
    return True


def nest(flat: Mapping[str, object]) -> dict[str, Any]:
    """A row of dotted field paths and values as nested tables.

    Paths that clash (``label`` and ``label.zh``) keep the first value.
    """
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        insert(nested, path, value)
    return nested


@attrs.frozen(kw_only=True)
class Joined:
    """Records with the rows of child sections added to their parents.

    :param records: every section's records by key, parents joined, child sections left out.
    :param problems: the rows that could not be joined, at their paths in their sections
        (``("role_spans", 3, "person")``), and the records that a join made invalid, at
        theirs, with what is wrong.
    :param moved: where each row joined went, by its place in the parent records
        (``("people", 12, "roles", 0)``), as the place of its row (``("role_spans", 3)``).
    """

    records: dict[str, list[Any]]
    problems: tuple[tuple[Path, str], ...]
    moved: Mapping[Path, Path]

    def relocate(self, path: Path) -> Path:
        """``path`` inside a joined record, as the path inside the child row it came from."""
        moved = self.moved.get(path[:4])
        return path if moved is None else (*moved, *path[4:])


def join_children(records: Mapping[str, Sequence[Any]], parents: Mapping[str, Parent]) -> Joined:
    """Add the rows of child sections to the records they name.

    :param records: each section's records by key; a child section's are :class:`Child`.
    :param parents: each child section's :class:`Parent`, by the child section's key.
    """
    joined = {key: list(values) for key, values in records.items() if key not in parents}
    problems: list[tuple[Path, str]] = []
    moved: dict[Path, Path] = {}
    for key, parent in sorted(parents.items()):
        targets = joined.get(parent.section, [])
        by_key: dict[object, int] = {}
        for index, record in enumerate(targets):
            by_key.setdefault(getattr(record, parent.key), index)
        rows: dict[int, list[tuple[int, Any]]] = {}
        for row, child in enumerate(records.get(key, ())):
            found = by_key.get(child.parent)
            if found is None:
                message = f"no record in {parent.section} has the {parent.key} {child.parent!r}"
                problems.append(((key, row, parent.column), message))
            else:
                rows.setdefault(found, []).append((row, child.record))
        for index, given in sorted(rows.items()):
            record = targets[index]
            first = given[0][0]
            if getattr(record, parent.field):
                problems.append(
                    (
                        (key, first, parent.column),
                        f"the record with the {parent.key} {getattr(record, parent.key)!r} "
                        f"gives its {parent.field} itself; give them in one place",
                    )
                )
                continue
            try:
                targets[index] = attrs.evolve(
                    record, **{parent.field: tuple(child for _, child in given)}
                )
            except RecordError as error:
                at = (parent.section, index)
                problems.extend(((*at, *path), message) for path, message in error.problems)
                continue
            for position, (row, _) in enumerate(given):
                moved[(parent.section, index, parent.field, position)] = (key, row)
    return Joined(records=joined, problems=tuple(problems), moved=moved)
