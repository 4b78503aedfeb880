"""Structuring unions the strict way: tagged unions of records, and unions of plain values.

A *tagged union* is a union of attrs classes that each have a ``kind`` field typed as one
literal string; a table chooses its class by its ``kind`` (``{kind = "compare", ...}``). A
*value union* is a union of plain value types (text, integer, decimal, true/false, date, list
of text): a value keeps its own type, and a type the union lacks is refused. Neither guesses:
``"2021-03-01"`` stays text, ``1.5`` becomes ``Decimal("1.5")`` only where the union has
decimals and no floats.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs

from branchkit.io.converter import ConversionProblem

__all__ = ["configure_unions", "is_tagged_union", "is_value_union"]

_TEXT_LIST = tuple[str, ...]
_VALUE_TYPES = frozenset({str, int, decimal.Decimal, bool, dt.date, _TEXT_LIST})


def _members(tp: Any) -> tuple[Any, ...]:
    if get_origin(tp) in (typing.Union, types.UnionType):
        return get_args(tp)
    return ()


def _tag(cls: Any) -> str | None:
    if not attrs.has(cls):
        return None
    field = attrs.fields_dict(cls).get("kind")
    if field is None:
        return None
    hints = typing.get_type_hints(cls)
    literal = hints.get("kind")
    if get_origin(literal) is Literal and len(get_args(literal)) == 1:
        value = get_args(literal)[0]
        return value if isinstance(value, str) else None
    return None


def is_tagged_union(tp: Any) -> bool:
    """Whether ``tp`` is a union of records told apart by a literal ``kind`` field."""
    members = _members(tp)
    return len(members) > 1 and all(_tag(member) is not None for member in members)


def is_value_union(tp: Any) -> bool:
    """Whether ``tp`` is a union of plain value types only."""
    members = _members(tp)
    return len(members) > 1 and all(member in _VALUE_TYPES for member in members)


def _tagged_union_hook(tp: Any, converter: cattrs.Converter) -> Callable[[object, type], object]:
    classes = {_tag(member): member for member in _members(tp)}
    expected = "a table with a kind of " + ", ".join(
        json.dumps(k) for k in sorted(map(str, classes))
    )

    def structure(value: object, _: type) -> object:
        if not isinstance(value, Mapping):
            raise ConversionProblem(expected, value)
        tag = value.get("kind")
        if not isinstance(tag, str) or tag not in classes:
            raise ConversionProblem(expected, value if tag is None else tag)
        return converter.structure(value, classes[tag])

    return structure


def _readings(value: object) -> tuple[tuple[Any, object], ...]:
    # The union members a value can be read as, most faithful first.
    if isinstance(value, bool):
        return ((bool, value),)
    if isinstance(value, int):
        return ((int, value), (decimal.Decimal, decimal.Decimal(value)))
    if isinstance(value, float) and math.isfinite(value):
        return ((decimal.Decimal, decimal.Decimal(repr(value))),)
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return ((decimal.Decimal, value),)
    if isinstance(value, str):
        return ((str, value),)
    if type(value) is dt.date:
        return ((dt.date, value),)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return ((_TEXT_LIST, tuple(value)),)
    return ()


def _value_union_hook(tp: Any) -> Callable[[object, type], object]:
    members = set(_members(tp))
    names = {
        str: "text",
        int: "an integer",
        decimal.Decimal: "a number",
        bool: "true or false",
        dt.date: "a date",
        _TEXT_LIST: "a list of text",
    }
    expected = " or ".join(names[m] for m in sorted(members, key=lambda m: names[m]))

    def structure(value: object, _: type) -> object:
        for member, converted in _readings(value):
            if member in members:
                return converted
        raise ConversionProblem(expected, value)

    return structure


def configure_unions(converter: cattrs.Converter) -> None:
    """Register the tagged-union and value-union hooks on ``converter``."""
    converter.register_structure_hook_factory(
        is_tagged_union, lambda tp: _tagged_union_hook(tp, converter)
    )
    converter.register_structure_hook_factory(is_value_union, _value_union_hook)
