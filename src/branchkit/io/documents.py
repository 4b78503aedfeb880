"""Documents and sections: how a file's content is split into typed records.

A data or framework file is a table whose top-level keys are *sections*: ``framework``,
``people``, ``units``, ``periods``, ``events``, ``evidence``, ``terms``, and any section a
plugin adds. Each section names the record type its content structures into. Structuring a
document reports the problems of every section together.

>>> from branchkit.records import Label
>>> sections = {"labels": Section(key="labels", record_type=Label, many=True)}
>>> document = Document(source="labels.toml", content={"labels": [{"zh": "一", "en": 1}]})
>>> structure_sections(document, sections, make_converter())
Traceback (most recent call last):
  ...
branchkit.errors.InputError: 1 problem in the input:
labels.toml: $.labels[0].en: expected a string, got 1
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path as FilePath
from types import MappingProxyType
from typing import Any, TypeVar, cast

import attrs
import cattrs

from branchkit.errors import InputError, Path, Problem, RecordError
from branchkit.io.converter import NOT_IN_A_CELL, ConversionProblem, make_converter
from branchkit.io.names import normalise_name
from branchkit.io.nesting import (
    Child,
    Parent,
    insert,
    nest,
    parts_of,
    resolve_path,
    shape_at,
    type_at,
)
from branchkit.io.problems import Locator, problems_from_error
from branchkit.mechanisms.fingerprint import NOT_FINGERPRINTED
from branchkit.records._checks import ensure_valid, key_problems
from branchkit.records.labels import Label

__all__ = [
    "STRUCTURING_ERRORS",
    "Document",
    "Importer",
    "Section",
    "StructuredDocument",
    "structure",
    "structure_document",
    "structure_sections",
]

T = TypeVar("T")

#: What a strict converter raises for bad input (and nothing else).
STRUCTURING_ERRORS = (
    cattrs.BaseValidationError,
    cattrs.ForbiddenExtraKeysError,
    ConversionProblem,
    RecordError,
)


def _frozen_headers(headers: Mapping[str, Sequence[str]]) -> Mapping[str, tuple[str, ...]]:
    # A read-only copy with tuples: the section stays immutable.
    return MappingProxyType({field: tuple(names) for field, names in headers.items()})


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Section:
    """A top-level part of a document and the record type its content becomes.

    A document names a section by its key or by another of its names (:meth:`names`), and a
    record's field by its name or by one of its headings; names are compared after
    :func:`~branchkit.io.names.normalise_name`, so ``人员名单`` names the people section and
    ``学　号`` the field ``id`` of its records.

    Sections with a headings mapping compare by value but are not hashable; index them by
    :attr:`key`.

    :param key: the section's name in documents (``people``).
    :param record_type: the attrs class each entry structures into.
    :param many: whether the section is an array of records (``[[people]]``) or one record
        (``[framework]``).
    :param label: the section's name for people, which documents may also use (``人员``).
    :param aliases: other names documents may use: file stems and sheet names (``人员名单``).
    :param headers: other names of the record's fields, by field: the column headings of
        tables (``{"id": ("学号", "工号")}``). A heading names one field only. A field inside
        a field is named by its dotted path (``{"label.zh": ("中文名称",)}``, see
        :mod:`branchkit.io.nesting`), and a child section's column naming the parent record
        by :attr:`~branchkit.io.nesting.Parent.column`.
    :param deferred: whether the section's records are read later, by the mechanism that knows
        their shape: structuring keeps the section's part of the document as a
        :class:`Document` of its own (a staged scheme's candidates, whose facts the scheme
        types).
    :param parent: for a *child section*, the list field of another section's records its
        records belong to; each entry then also names its parent record, and structures into
        a :class:`~branchkit.io.nesting.Child` (see :mod:`branchkit.io.nesting`).

    >>> from branchkit.io import Section
    >>> from branchkit.records import Person
    >>> people = Section(key="people", record_type=Person, aliases=("人员名单",),
    ...                  headers={"id": ("学号", "工号"), "name": ("姓名",)})
    >>> people.matches(" 人员名单 "), people.field_for("学　号"), people.field_for("Name")
    (True, 'id', 'name')
    >>> from branchkit.records import Term
    >>> terms = Section(key="terms", record_type=Term, headers={"label.zh": ("中文名称",)})
    >>> terms.field_for("中文名称"), terms.field_for("label.en"), terms.field_for("label.fr")
    ('label.zh', 'label.en', None)
    >>> Section(key="people", record_type=Person, headers={"name": ("姓名",), "id": ("姓 名",)})
    Traceback (most recent call last):
      ...
    branchkit.errors.RecordError: invalid Section: $.headers.id[0]: '姓 名' also names ...
    """

    key: str
    record_type: type[Any]
    many: bool = True
    label: Label | None = None
    aliases: tuple[str, ...] = ()
    headers: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_frozen_headers)
    deferred: bool = False
    parent: Parent | None = None
    _fields: Mapping[str, str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())
        # Normalised name -> field, for field_for; built once, after the checks passed.
        object.__setattr__(self, "_fields", MappingProxyType(dict(self._field_names())))

    def _field_names(self) -> Iterator[tuple[str, str]]:
        if not attrs.has(self.record_type):
            return
        for field in attrs.fields(self.record_type):
            if field.init:
                yield normalise_name(field.alias), field.alias
        if self.parent is not None:
            yield normalise_name(self.parent.column), self.parent.column
        for field_name, headings in self.headers.items():
            for heading in headings:
                yield normalise_name(heading), field_name

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        for index, alias in enumerate(self.aliases):
            if not normalise_name(alias):
                yield ("aliases", index), "must not be empty"
        if self.parent is not None:
            if self.deferred or not self.many:
                yield ("parent",), "only a section of many records read at once has a parent"
            if not attrs.has(self.record_type):
                yield ("parent",), "only a section of attrs records can have a parent"
            elif shape_at(self.record_type, self.parent.column) is not None:
                yield (
                    ("parent", "column"),
                    f"{self.record_type.__name__} has a field {self.parent.column!r} already",
                )
        if not self.headers:
            return
        if not attrs.has(self.record_type):
            yield ("headers",), "only the fields of an attrs class can have headings"
            return
        fields = [field.alias for field in attrs.fields(self.record_type) if field.init]
        if self.parent is not None:
            fields.append(self.parent.column)
        owners = {normalise_name(name): name for name in fields}
        for field_name, headings in self.headers.items():
            dotted = "." in field_name and resolve_path(self.record_type, field_name)
            if field_name not in fields and dotted != field_name:
                yield (
                    ("headers", field_name),
                    f"{self.record_type.__name__} has no field {field_name!r}; "
                    f"fields: {', '.join(fields)}",
                )
                continue
            for index, heading in enumerate(headings):
                name = normalise_name(heading)
                owner = owners.setdefault(name, field_name)
                if not name:
                    yield ("headers", field_name, index), "must not be empty"
                elif owner != field_name:
                    yield (
                        ("headers", field_name, index),
                        f"{heading!r} also names the field {owner!r}",
                    )

    @property
    def target(self) -> Any:
        """The type the section's content structures into."""
        return cast("Any", tuple)[self.record_type, ...] if self.many else self.record_type

    def names(self) -> tuple[str, ...]:
        """The names documents may give the section by: key, label texts and aliases.

        >>> from branchkit.io import Section
        >>> from branchkit.records import Label, Person
        >>> Section(key="people", record_type=Person, label=Label(zh="人员", en="People"),
        ...         aliases=("人员名单",)).names()
        ('people', '人员', 'People', '人员名单')
        """
        labels = (self.label.zh, self.label.en) if self.label is not None else ()
        return (self.key, *labels, *self.aliases)

    def matches(self, name: str) -> bool:
        """Whether ``name`` (a top-level key, a file stem, a sheet name) names this section.

        Names are compared after :func:`~branchkit.io.names.normalise_name`:

        >>> from branchkit.io import Section
        >>> from branchkit.records import Person
        >>> people = Section(key="people", record_type=Person, aliases=("人员名单",))
        >>> people.matches("人员 名单"), people.matches("People"), people.matches("events")
        (True, True, False)
        """
        wanted = normalise_name(name)
        return any(normalise_name(own) == wanted for own in self.names())

    def field_for(self, heading: str) -> str | None:
        """The field of the section's records that ``heading`` names, if any.

        A field inside a field is returned as its dotted path (``label.zh``).

        >>> from branchkit.io import Section
        >>> from branchkit.records import Person, Term
        >>> Section(key="people", record_type=Person, headers={"id": ("学号",)}).field_for("学 号")
        'id'
        >>> Section(key="terms", record_type=Term).field_for("label.zh")
        'label.zh'
        >>> Section(key="people", record_type=Person).field_for("籍贯") is None
        True
        """
        found = self._fields.get(normalise_name(heading))
        if found is None and attrs.has(self.record_type):
            return resolve_path(self.record_type, heading)
        return found

    def describe_fields(self) -> str:
        """The record's fields with their headings, as problems list them.

        >>> from branchkit.io import Section
        >>> from branchkit.records import Label
        >>> Section(key="labels", record_type=Label, headers={"zh": ("中文",)}).describe_fields()
        'zh (中文), en'
        """
        if not attrs.has(self.record_type):
            return ""
        names = [field.alias for field in attrs.fields(self.record_type) if field.init]
        if self.parent is not None:
            names.insert(0, self.parent.column)
        described = []
        for name in names:
            # A field, then the paths inside it that have headings (counts.person_times).
            inside = [path for path in self.headers if path.startswith(name + ".")]
            for path in (name, *inside):
                headings = self.headers.get(path, ())
                extra = f" ({', '.join(headings)})" if headings else ""
                described.append(path + extra)
        return ", ".join(described)


@attrs.frozen(kw_only=True)
class Document:
    """A file's plain content, before it is given types.

    :param source: where it came from, as problems should name it (usually the file's path).
    :param content: the top-level table.
    :param locator: the reader's translation of paths into locations, if it has one
        (a CSV reader turns ``$.people[11].id`` into ``row 12, column 学号``). It is given
        paths in the document's own words: its section names and headings.
    :param text_values: whether the content is tables of cells (a CSV file, an Excel
        workbook): each section a list of rows, each row a table of heading and cell with
        empty cells left out, and values that may be given as text. Such documents are
        structured with ``make_converter(text_values=True)``.
    :param headings: for a document of tables, each table's column headings in order, so
        that a column is known even where its cells are empty.
    :param problems: what the reader found wrong but could read past (a row longer than the
        headings); reported with the problems of structuring, so that all come at once.

    Example, what a reader of a one-table file returns:

    >>> from branchkit.io import Document
    >>> document = Document(
    ...     source="people.csv",
    ...     content={"people": [{"学号": "2024001", "姓名": "林晓"}]},
    ...     text_values=True,
    ...     headings={"people": ("学号", "姓名")},
    ... )
    >>> document.content["people"][0]["姓名"]
    '林晓'
    """

    # Where a document was read from is not part of its data: fingerprints leave it out.
    source: str = attrs.field(metadata=NOT_FINGERPRINTED)
    content: Mapping[str, Any]
    locator: Locator | None = attrs.field(default=None, metadata=NOT_FINGERPRINTED)
    text_values: bool = False
    headings: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    problems: tuple[Problem, ...] = attrs.field(default=(), metadata=NOT_FINGERPRINTED)

    def locate(self, path: Path) -> str | None:
        """The reader's words for ``path`` (in the document's own names), if it has any.

        >>> from branchkit.io import Document
        >>> def rows(path):
        ...     return f"row {path[2] + 2}, column {path[3]}"
        >>> Document(source="people.csv", content={}, locator=rows).locate(
        ...     ("$", "people", 0, "学号"))
        'row 2, column 学号'
        >>> Document(source="people.toml", content={}).locate(("$", "people", 0, "id")) is None
        True
        """
        return self.locator(path) if self.locator is not None else None

    def part(self, names: Iterable[str], *, missing: str) -> tuple[str, Any]:
        """The top-level key and content of the part ``names`` name, or of the only part.

        For readers of one kind of table (candidates, ledger entries) whatever the file calls
        it: a key is matched after :func:`~branchkit.io.names.normalise_name`, and a document
        of one part (one CSV file, a workbook of one sheet) is that part whatever its name.

        :param names: the names the part may be given.
        :param missing: the problem's message when no part is named so and there are several.
        :raises InputError: with ``missing`` when the part cannot be told.

        >>> from branchkit.io import Document
        >>> sheets = Document(source="book.xlsx", content={"说明": [], "候选人": [{"id": "1"}]})
        >>> sheets.part(["candidates", "候选人"], missing="no candidates")
        ('候选人', [{'id': '1'}])
        >>> Document(source="a.csv", content={"a": []}).part(["候选人"], missing="no candidates")
        ('a', [])
        """
        wanted = {normalise_name(name) for name in names}
        for key in self.content:
            if normalise_name(key) in wanted:
                return key, self.content[key]
        if len(self.content) == 1:
            key = next(iter(self.content))
            return key, self.content[key]
        raise InputError([Problem(source=self.source, message=missing)])


@attrs.frozen(kw_only=True)
class Importer:
    """Reads one kind of file into a :class:`Document`.

    :param key: the importer's key (``toml``).
    :param label: what it reads, in words.
    :param suffixes: the file-name endings it reads, lower case with the dot (``(".toml",)``).
    :param read: reads a file; raises :class:`~branchkit.errors.InputError` for a file it
        cannot read.

    Example, a reader of plain lists of student numbers (``.ids`` files):

    >>> from branchkit.io import Document, Importer
    >>> from branchkit.records import Label
    >>> def read_ids(path):
    ...     lines = path.read_text(encoding="utf-8").split()
    ...     return Document(source=str(path), content={"people": [{"id": i} for i in lines]})
    >>> ids = Importer(key="ids", label=Label(zh="学号清单", en="list of ids"),
    ...                suffixes=(".ids",), read=read_ids)
    >>> ids.suffixes
    ('.ids',)
    """

    key: str
    label: Label
    suffixes: tuple[str, ...]
    read: Callable[[FilePath], Document]

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("key", self.key))


def structure(
    value: Any,
    target: type[T],
    *,
    source: str | None = None,
    converter: cattrs.Converter | None = None,
) -> T:
    """Structure ``value`` into ``target``, or report every problem.

    :raises InputError: listing every problem, with ``source`` as their file.

    >>> from branchkit.records import Label
    >>> structure({"zh": "一", "en": "one"}, Label)
    Label(zh='一', en='one')
    """
    active = converter if converter is not None else make_converter()
    try:
        return active.structure(value, target)
    except STRUCTURING_ERRORS as error:
        raise InputError(problems_from_error(error, source=source)) from None


@attrs.frozen(kw_only=True, unsafe_hash=False)
class StructuredDocument:
    """A document's sections, structured, and the way to name places in it in its own words.

    :param document: the document structured.
    :param sections: each section's key with its records (a tuple for ``many`` sections).
    :param names: for each section key, the key the document writes and the headings it
        gives each record's fields (one mapping per record, or one for a one-record section).
    """

    document: Document
    sections: Mapping[str, Any]
    names: Mapping[str, tuple[str, tuple[Mapping[str, str], ...]]] = attrs.field(repr=False)

    def original_path(self, path: Path) -> Path:
        """``path`` (section key, index, field name, ...) with the document's own names.

        >>> from branchkit.io import Document, Section, make_converter, structure_document
        >>> from branchkit.records import Label, Person
        >>> people = Section(key="people", record_type=Person, label=Label(zh="人员", en="People"),
        ...                  headers={"id": ("学号",), "name": ("姓名",)})
        >>> document = Document(source="a.yaml", content={"人员": [{"学号": "1", "姓名": "王芳"}]})
        >>> structured = structure_document(document, {"people": people}, make_converter())
        >>> structured.sections["people"]
        (Person(id='1', name='王芳', roles=(), memberships=(), birth_date=None, id_number=None),)
        >>> structured.original_path(("people", 0, "id"))
        ('人员', 0, '学号')

        A field inside a field named by a heading is that heading (``label.zh`` given as
        ``中文名称`` is ``中文名称``); in a table, one named by no heading is its dotted path
        (``label.en``), the column it would be in.
        """
        if not path or path[0] not in self.names:
            return path
        written, headings = self.names[str(path[0])]
        rest = list(path[1:])
        # A record of a many section is at (key, index, field, ...); a one-record one at
        # (key, field, ...), with its headings as the only entry.
        at = 1 if rest and isinstance(rest[0], int) else 0
        record = rest[0] if at else 0
        if len(rest) > at and isinstance(record, int) and 0 <= record < len(headings):
            given_by = headings[record]
            # The field's path, as far as it goes by names: a heading may give a field inside
            # a field (中文名称 for label.zh), so the longest path with a heading is replaced.
            steps = [str(step) for step in itertools.takewhile(_is_name, rest[at:])]
            for end in range(len(steps), 0, -1):
                dotted = ".".join(steps[:end])
                if dotted in given_by:
                    rest[at : at + end] = [given_by[dotted]]
                    break
            else:
                if self.document.text_values and len(steps) > 1:
                    # A table's column for a field inside a field is its dotted path.
                    rest[at : at + len(steps)] = [".".join(steps)]
        return (written, *rest)

    def problem(self, path: Path, message: str) -> Problem:
        """A problem at ``path`` (in section keys and field names), told in the document's words."""
        return _located(self.document, self.original_path(path), message)


def _is_name(step: str | int) -> bool:
    return isinstance(step, str)


def _located(document: Document, path: Path, message: str) -> Problem:
    return Problem(
        source=document.source, path=path, message=message, location=document.locate(path)
    )


def _resolve(name: str, sections: Mapping[str, Section]) -> list[Section]:
    if name in sections:
        return [sections[name]]
    return [section for _, section in sorted(sections.items()) if section.matches(name)]


class _Reading:
    """One document being structured: the sections its keys name and the problems found."""

    def __init__(self, document: Document, sections: Mapping[str, Section]) -> None:
        self.document = document
        self.sections = sections
        self.problems: list[Problem] = list(document.problems)
        # Section key -> the key as written, and each record's headings by field.
        self.names: dict[str, tuple[str, tuple[Mapping[str, str], ...]]] = {}
        # Section key -> the fields whose columns were refused at their headings.
        self.refused: dict[str, set[str]] = {}

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(_located(self.document, path, message))

    def section(self, written: object) -> Section | None:
        """The section a top-level key names, or ``None`` after reporting why there is none."""
        found = _resolve(written, self.sections) if isinstance(written, str) else []
        path: Path = (written,) if isinstance(written, str | int) else ()
        if not found:
            known = ", ".join(sorted(self.sections))
            self.problem(path, f"unknown section; expected one of: {known}")
        elif len(found) > 1:
            keys = ", ".join(section.key for section in found)
            self.problem(path, f"names more than one section: {keys}")
        elif found[0].key in self.names:
            first = self.names[found[0].key][0]
            self.problem(path, f"gives the section {found[0].key} again (first as {first})")
        elif self.document.text_values and not found[0].many:
            self.problem(
                path,
                f"the section {found[0].key} is one record, which a table cannot give; "
                "use a TOML, JSON or YAML file",
            )
        else:
            return found[0]
        return None

    def content(self, section: Section, written: str, value: Any) -> Any:
        """The section's content with field names for headings, noting the headings given."""
        cache: dict[object, str | None] = {}

        def field_for(heading: object) -> str | None:
            if heading not in cache:
                cache[heading] = section.field_for(heading) if isinstance(heading, str) else None
            return cache[heading]

        content: Any = value
        headings: tuple[Mapping[str, str], ...] = ()
        if self.document.text_values and isinstance(value, list | tuple):
            columns = self._columns(section, written, value)
            # Rows are nested only where a column gives a field inside a field (label.zh).
            shape = nest if any("." in field for field in columns.values()) else dict
            content = [
                shape({columns[h]: cell for h, cell in row.items() if h in columns})
                if isinstance(row, Mapping)
                else row
                for row in value
            ]
            given_by = {field: heading for heading, field in columns.items() if field != heading}
            headings = (given_by,) * len(value)
        elif section.many and isinstance(value, list | tuple):
            renamed = [
                self._rename(written, index, record, field_for)
                for index, record in enumerate(value)
            ]
            content = [record for record, _ in renamed]
            headings = tuple(names for _, names in renamed)
        elif not section.many:
            content, names = self._rename(written, None, value, field_for)
            headings = (names,)
        self.names[section.key] = (written, headings)
        return content

    def _columns(self, section: Section, written: str, rows: Sequence[Any]) -> dict[str, str]:
        """Each usable column's heading with its field; the others reported, once each."""
        listed = self.document.headings.get(written)
        if listed is None:  # rows built by hand: every heading any row gives, in order
            listed = tuple(
                dict.fromkeys(
                    h for row in rows if isinstance(row, Mapping) for h in row if isinstance(h, str)
                )
            )
        columns: dict[str, str] = {}
        given_by: dict[str, str] = {}
        for heading in listed:
            field = section.field_for(heading)
            if field is None:
                expected = section.describe_fields()
                self.problem((written, heading), f"unknown column; expected one of: {expected}")
            elif field in given_by:
                other = given_by[field]
                self.problem((written, heading), f"names the same field ({field}) as {other}")
            elif (refused := self._not_a_column(section, field)) is not None:
                self.problem((written, heading), refused)
                self.refused.setdefault(section.key, set()).add(field)
            else:
                columns[heading] = field
                given_by[field] = heading
        return columns

    def _not_a_column(self, section: Section, field: str) -> str | None:
        """Why a column cannot give ``field``, a nested one, and what to give instead."""
        shape = shape_at(section.record_type, field)
        if shape in (None, "value"):
            return None
        instead = None
        if shape == "record":
            parts = [_with_headings(section, part) for part in parts_of(section.record_type, field)]
            instead = f"give its parts in the columns {', '.join(parts)}"
        elif shape == "mapping":
            inside = [path for path in section.headers if path.startswith(field + ".")]
            named = [_with_headings(section, path) for path in inside]
            examples = f" ({', '.join(named)})" if named else ""
            instead = f"give each of its values in a column named {field}.<name>{examples}"
        else:
            child = _child_section(self.sections, section.key, field)
            if child is not None and child.parent is not None:
                names = f" ({child.label.zh})" if child.label is not None else ""
                column = _with_headings(child, child.parent.column)
                instead = (
                    f"give them as rows of the section {child.key}{names}, "
                    f"each naming its record in the column {column}"
                )
        if instead is None:
            return NOT_IN_A_CELL
        return f"{NOT_IN_A_CELL.split(';')[0]}; {instead}"

    def _rename(
        self,
        written: str,
        index: int | None,
        record: Any,
        field_for: Callable[[object], str | None],
    ) -> tuple[Any, Mapping[str, str]]:
        """The record with fields for headings, and the heading each field was given by.

        A key that names no field stays as it is, for the converter to report as unknown; a
        heading of a field inside a field (``中文名称`` for ``label.zh``) gives that part of it.
        """
        if not isinstance(record, Mapping):
            return record, {}
        at: Path = (written,) if index is None else (written, index)
        renamed: dict[Any, Any] = {}
        given_by: dict[str, str] = {}
        for heading, value in record.items():
            field = field_for(heading)
            if field is None:
                renamed[heading] = value
            elif field in given_by:
                self.problem((*at, heading), f"names the same field ({field}) as {given_by[field]}")
            elif not insert(renamed, field, value):
                self.problem((*at, heading), f"gives a part of {field} that is given already")
            else:
                given_by[field] = heading
        return renamed, {field: heading for field, heading in given_by.items() if field != heading}

    def parent_keys(
        self, section: Section, content: Any, converter: cattrs.Converter, key_type: Any
    ) -> tuple[list[Any], list[tuple[Path, str]]]:
        """Take each child row's parent key out of its row, with the problems of the keys.

        Problems are at ``(section key, row, column)``, for :meth:`StructuredDocument.problem`
        to tell in the document's words.
        """
        column = section.parent.column if section.parent is not None else ""
        keys: list[Any] = []
        problems: list[tuple[Path, str]] = []
        for index, row in enumerate(content if isinstance(content, list) else []):
            at: Path = (section.key, index, column)
            if not isinstance(row, dict):
                keys.append(None)  # not a table: the converter reports the row
            elif column not in row:
                problems.append((at, "missing (it is required)"))
            else:
                try:
                    keys.append(converter.structure(row.pop(column), key_type))
                except STRUCTURING_ERRORS as error:
                    found = problems_from_error(error, root=at)
                    problems.extend((problem.path, problem.message) for problem in found)
        return keys, problems


def _with_headings(section: Section, path: str) -> str:
    """A field's path with its headings, as messages show it: ``label.zh (中文名称)``."""
    headings = section.headers.get(path, ())
    return f"{path} ({', '.join(headings)})" if headings else path


def _child_section(sections: Mapping[str, Section], key: str, field: str) -> Section | None:
    """The child section that gives ``field`` of the records of section ``key``, if any."""
    for _, child in sorted(sections.items()):
        if child.parent is not None and (child.parent.section, child.parent.field) == (key, field):
            return child
    return None


def structure_document(
    document: Document,
    sections: Mapping[str, Section],
    converter: cattrs.Converter,
    *,
    text_converter: cattrs.Converter | None = None,
) -> StructuredDocument:
    """Structure each section of ``document``, or report the problems of all of them.

    Each top-level key names a section by its key or another of its names, and each record's
    keys name fields by their names or headings (see :class:`Section`); problems name places
    as the document does.

    :param document: the plain content.
    :param sections: the sections known, by key.
    :param converter: the converter to structure with.
    :param text_converter: the converter to structure a document of table cells with
        (:attr:`Document.text_values`); ``make_converter(text_values=True)`` if not given.
    :raises InputError: with the problems of every section.
    """
    active = converter
    if document.text_values:
        active = text_converter if text_converter is not None else make_converter(text_values=True)
    reading = _Reading(document, sections)
    structured: dict[str, Any] = {}
    result = StructuredDocument(document=document, sections=structured, names=reading.names)
    for written, value in document.content.items():
        section = reading.section(written)
        if section is None:
            continue
        if section.deferred:
            structured[section.key] = attrs.evolve(
                document,
                content={written: value},
                headings={written: document.headings[written]}
                if written in document.headings
                else {},
                problems=(),
            )
            continue
        content = reading.content(section, written, value)
        parents: list[Any] | None = None
        if section.parent is not None:
            # A child section's rows each name their record: taken out before structuring.
            owner = sections.get(section.parent.section)
            key_type = type_at(owner.record_type, section.parent.key) if owner else None
            parents, wrong = reading.parent_keys(section, content, active, key_type or str)
            reading.problems.extend(result.problem(path, message) for path, message in wrong)
        try:
            records = active.structure(content, section.target)
        except STRUCTURING_ERRORS as error:
            # A field whose column was refused at its heading is not reported again per row.
            refused = reading.refused.get(section.key, set())
            reading.problems.extend(
                result.problem(problem.path, problem.message)
                for problem in problems_from_error(error, root=(section.key,))
                if problem.path[2:3] == () or problem.path[2] not in refused
            )
            continue
        if parents is not None:
            records = tuple(
                Child(parent=parent, record=record)
                for parent, record in zip(parents, records, strict=False)
            )
        structured[section.key] = records
    if reading.problems:
        problems = reading.problems
        if document.text_values:
            problems = _in_row_order(problems, list(document.content))
        raise InputError(problems)
    return result


def _in_row_order(problems: list[Problem], tables: list[str]) -> list[Problem]:
    """A table's problems as its rows come: the table's own, the headings', then each row's."""

    def place(problem: Problem) -> tuple[int, int, int]:
        path = problem.path
        table = tables.index(path[0]) if path and path[0] in tables else -1
        if len(path) < 2:
            return (table, -1, 0)
        return (table, 0, 0) if isinstance(path[1], str) else (table, 1, path[1])

    return sorted(problems, key=place)  # stable: a row's problems keep their order


def structure_sections(
    document: Document,
    sections: Mapping[str, Section],
    converter: cattrs.Converter,
    *,
    text_converter: cattrs.Converter | None = None,
) -> dict[str, Any]:
    """Structure each section of ``document``, or report the problems of all of them.

    The same as :func:`structure_document`, for a caller that needs the records only.

    :param document: the plain content.
    :param sections: the sections known, by key.
    :param converter: the converter to structure with.
    :param text_converter: the converter for a document of table cells, if not the default.
    :returns: each section's key with its records (a tuple for ``many`` sections).
    :raises InputError: with the problems of every section.
    """
    structured = structure_document(document, sections, converter, text_converter=text_converter)
    return dict(structured.sections)
