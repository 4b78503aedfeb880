"""Turn cattrs' nested structuring errors into :class:`~branchkit.errors.Problem` lines.

cattrs (with detailed validation) raises a tree of exception groups annotated with the field
names and indexes they came from. :func:`problems_from_error` walks that tree, builds the path of
each leaf, and words the leaf's message. Values of sensitive fields, and of anything nested
inside one, are never written into a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from branchkit.errors import Path, Problem, RecordError
from branchkit.io.converter import ConversionProblem
from branchkit.records.sensitivity import Sensitivity, sensitivity_of

__all__ = ["Locator", "problems_from_error"]

#: Turns a path inside a document into a reader's own words (``row 12, column 学号``), or
#: ``None`` to show the path itself.
Locator = Callable[[Path], str | None]


def problems_from_error(
    error: BaseException,
    *,
    source: str | None = None,
    root: Path = (),
    locator: Locator | None = None,
) -> list[Problem]:
    """Every problem in a structuring error, one :class:`~branchkit.errors.Problem` each.

    :param error: what the converter raised.
    :param source: the file the document came from, if any.
    :param root: the path of the structured value inside its document.
    :param locator: the reader's translation of paths into locations, if it has one.
    """
    return [
        Problem(
            source=source,
            path=path,
            message=message,
            location=locator(path) if locator is not None else None,
        )
        for path, message in _walk(error, root, hidden=False)
    ]


def _walk(error: BaseException, path: Path, *, hidden: bool) -> Iterator[tuple[Path, str]]:
    if isinstance(error, ClassValidationError):
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:
            hide = hidden or _is_sensitive(error.cl, note.name)
            yield from _walk(sub, (*path, note.name), hidden=hide)
        for sub in without:
            yield from _walk(sub, path, hidden=hidden)
    elif isinstance(error, IterableValidationError):
        indexed, unindexed = error.group_exceptions()
        for sub, item in indexed:
            yield from _walk(sub, (*path, item.index), hidden=hidden)
        for sub in unindexed:
            yield from _walk(sub, path, hidden=hidden)
    else:
        yield from _leaf(error, path, hidden=hidden)


def _leaf(error: BaseException, path: Path, *, hidden: bool) -> Iterator[tuple[Path, str]]:
    if isinstance(error, ForbiddenExtraKeysError):
        expected = ", ".join(_field_names(error.cl))
        for key in sorted(error.extra_fields):
            yield (*path, key), f"unknown key; expected one of: {expected}"
    elif isinstance(error, ConversionProblem):
        yield path, error.describe(show_value=not hidden)
    elif isinstance(error, RecordError):
        for relative, message in error.problems:
            yield (*path, *relative), message
    elif isinstance(error, KeyError):
        yield path, "missing (it is required)"
    else:
        detail = "invalid value" if hidden else f"invalid value ({type(error).__name__}: {error})"
        yield path, detail


def _is_sensitive(cls: type, name: str) -> bool:
    if not attrs.has(cls) or name not in attrs.fields_dict(cls):
        return False
    return sensitivity_of(cls, name) is Sensitivity.SENSITIVE


def _field_names(cls: type) -> list[str]:
    if not attrs.has(cls):
        return []
    return [field.alias for field in attrs.fields(cls) if field.init]
