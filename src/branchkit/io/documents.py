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

from collections.abc import Callable, Mapping
from pathlib import Path as FilePath
from typing import Any, TypeVar, cast

import attrs
import cattrs

from branchkit.errors import InputError, Problem, RecordError
from branchkit.io.converter import ConversionProblem, make_converter
from branchkit.io.problems import Locator, problems_from_error
from branchkit.records._checks import ensure_valid, key_problems
from branchkit.records.labels import Label

__all__ = [
    "STRUCTURING_ERRORS",
    "Document",
    "Importer",
    "Section",
    "structure",
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


@attrs.frozen(kw_only=True)
class Section:
    """A top-level part of a document and the record type its content becomes.

    :param key: the section's name in documents (``people``).
    :param record_type: the attrs class each entry structures into.
    :param many: whether the section is an array of records (``[[people]]``) or one record
        (``[framework]``).
    """

    key: str
    record_type: type[Any]
    many: bool = True

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("key", self.key))

    @property
    def target(self) -> Any:
        """The type the section's content structures into."""
        return cast("Any", tuple)[self.record_type, ...] if self.many else self.record_type


@attrs.frozen(kw_only=True)
class Document:
    """A file's plain content, before it is given types.

    :param source: where it came from, as problems should name it (usually the file's path).
    :param content: the top-level table.
    :param locator: the reader's translation of paths into locations, if it has one
        (a CSV reader turns ``$.people[11].id`` into ``row 12, column 学号``).
    """

    source: str
    content: Mapping[str, Any]
    locator: Locator | None = None


@attrs.frozen(kw_only=True)
class Importer:
    """Reads one kind of file into a :class:`Document`.

    :param key: the importer's key (``toml``).
    :param label: what it reads, in words.
    :param suffixes: the file-name endings it reads, lower case with the dot (``(".toml",)``).
    :param read: reads a file; raises :class:`~branchkit.errors.InputError` for a file it
        cannot read.
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


def structure_sections(
    document: Document, sections: Mapping[str, Section], converter: cattrs.Converter
) -> dict[str, Any]:
    """Structure each section of ``document``, or report the problems of all of them.

    :param document: the plain content.
    :param sections: the sections known, by key.
    :param converter: the converter to structure with.
    :returns: each section's key with its records (a tuple for ``many`` sections).
    :raises InputError: with the problems of every section.
    """
    problems: list[Problem] = []
    structured: dict[str, Any] = {}
    for key, value in document.content.items():
        section = sections.get(key)
        if section is None:
            problems.append(
                Problem(
                    source=document.source,
                    path=(key,),
                    message=f"unknown section; expected one of: {', '.join(sorted(sections))}",
                )
            )
            continue
        try:
            structured[key] = converter.structure(value, section.target)
        except STRUCTURING_ERRORS as error:
            problems.extend(
                problems_from_error(
                    error, source=document.source, root=(key,), locator=document.locator
                )
            )
    if problems:
        raise InputError(problems)
    return structured
