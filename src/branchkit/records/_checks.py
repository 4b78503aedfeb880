"""Small rule checks shared by the records' constructors.

Each check yields ``(path, message)`` pairs instead of raising, so a record reports every broken
rule at once through :func:`ensure_valid`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from branchkit.errors import Path, RecordError

Found = Iterator[tuple[Path, str]]
T = TypeVar("T")

#: Keys are code identifiers: lower-case ASCII words joined by ``_`` or ``-``.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$")


def ensure_valid(record: object, problems: Iterable[tuple[Path, str]]) -> None:
    """Raise :class:`~branchkit.errors.RecordError` listing ``problems``, if there are any."""
    found = list(problems)
    if found:
        raise RecordError(type(record).__name__, found)


def key_problems(name: str, value: str) -> Found:
    """A key must be lower-case ASCII words joined by ``_`` or ``-`` (``full_member``)."""
    # fullmatch: with match, "$" also matches before a final newline ("member\n").
    if not KEY_PATTERN.fullmatch(value):
        yield (
            (name,),
            (
                f"{value!r} is not a key: use lower-case letters, digits, '_' and '-', "
                "starting with a letter"
            ),
        )


def text_problems(name: str, value: str) -> Found:
    """Text shown to people must not be empty or padded with spaces."""
    stripped = value.strip()
    if not stripped:
        yield (name,), "must not be empty"
    elif value != stripped:
        yield (name,), "must not start or end with spaces"


def span_problems(start: dt.date | None, end: dt.date | None) -> Found:
    """A date span's end must not come before its start."""
    if start is not None and end is not None and end < start:
        yield ("end",), f"{end.isoformat()} is before the start {start.isoformat()}"


#: Words for where the first of two duplicates is, given its index and the duplicate's.
FirstAt = Callable[[str, int, int], str]


def first_at_index(section: str, first: int, duplicate: int) -> str:
    """Where the first of two duplicates is, among records of one list."""
    return f"first at index {first}"


def duplicate_problems(
    name: str,
    items: Iterable[T],
    key: Callable[[T], str],
    field: str = "key",
    first_at: FirstAt = first_at_index,
) -> Found:
    """Report each item whose key an earlier item already has.

    :param first_at: words for where the first one is (records merged from several files
        name the file).
    """
    values = list(map(key, items))
    if len(set(values)) == len(values):
        return  # all different: the usual case, told without a look at each
    first_seen: dict[str, int] = {}
    for index, value in enumerate(values):
        if value in first_seen:
            where = first_at(name, first_seen[value], index)
            yield (name, index, field), f"duplicate {value!r} ({where})"
        else:
            first_seen[value] = index


def within_span(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether ``day`` lies in the inclusive span; a missing bound is open."""
    return (start is None or start <= day) and (end is None or day <= end)


def frozen_mapping(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy in key order: records stay immutable and print the same every run."""
    return MappingProxyType(dict(sorted(mapping.items())))
