"""The one converter factory: structuring and unstructuring records, strictly.

:func:`make_converter` builds a fresh :class:`cattrs.Converter` (never the global one) whose
hooks refuse the silent conversions that corrupt records:

* no ``true`` where a number is expected, and no number where ``true``/``false`` is;
* no ``1.9`` becoming ``1``: a float is an integer only when it is integral (``12.0``);
* no number becoming a string: ``2023001.0`` is never an identifier;
* no NaN or infinity anywhere;
* dates only as ISO ``YYYY-MM-DD`` text or a native date (TOML, YAML), never a date-time;
* no string where an array is expected (a string is iterable, but not a list of keys);
* unknown keys are errors, and every problem in a document is collected.

>>> from branchkit.records import Label
>>> converter = make_converter()
>>> converter.structure({"zh": "三联系", "en": "Three contacts"}, Label)
Label(zh='三联系', en='Three contacts')
>>> converter.structure(1.5, int)
Traceback (most recent call last):
  ...
branchkit.io.converter.ConversionProblem: expected an integer, got a number
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import math
import re
import types
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    is_mapping,
    is_sequence,
    list_structure_factory,
    mapping_structure_factory,
)
from cattrs.gen import make_dict_structure_fn

__all__ = ["ConversionProblem", "describe_value", "make_converter"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ConversionProblem(TypeError):
    """A value that does not have the expected type.

    Its message names the expected and the given *type* only; the value itself is kept in
    :attr:`value` so that problem reports can show it when the field is not sensitive.

    :param expected: what was expected, in words (``"a string"``).
    :param value: the value that was given.
    """

    def __init__(self, expected: str, value: object) -> None:
        self.expected = expected
        self.value = value
        super().__init__(f"expected {expected}, got {describe_type(value)}")

    def describe(self, *, show_value: bool) -> str:
        """The problem in words, with the value when ``show_value`` is true."""
        given = describe_value(self.value) if show_value else describe_type(self.value)
        return f"expected {self.expected}, got {given}"


# Most specific first: bool before int, datetime before date.
_TYPE_WORDS: tuple[tuple[type | types.UnionType, str], ...] = (
    (types.NoneType, "nothing"),
    (bool, "true or false"),
    (int, "an integer"),
    (float, "a number"),
    (str, "a string"),
    (dt.datetime, "a date and time"),
    (dt.date, "a date"),
    (list | tuple, "an array"),
    (Mapping, "a table"),
)


def describe_type(value: object) -> str:
    """The kind of ``value`` in words, as problem messages use it.

    >>> describe_type(12), describe_type("x"), describe_type([1]), describe_type(None)
    ('an integer', 'a string', 'an array', 'nothing')
    """
    for kind, words in _TYPE_WORDS:
        if isinstance(value, kind):
            return words
    return f"a {type(value).__name__}"


def describe_value(value: object, limit: int = 40) -> str:
    """``value`` written as it would appear in a data file, shortened to ``limit`` characters.

    >>> describe_value(12), describe_value("abc"), describe_value(True), describe_value(2.0)
    ('12', '"abc"', 'true', '2.0')
    >>> describe_value([1, 2]), describe_value({"a": 1})
    ('an array', 'a table')
    """
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float | decimal.Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        return describe_type(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ConversionProblem("a string", value)
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool):
        raise ConversionProblem("an integer", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    raise ConversionProblem("an integer", value)


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    raise ConversionProblem("a finite number", value)


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise ConversionProblem("true or false", value)
    return value


def _structure_decimal(value: object, _: type) -> decimal.Decimal:
    if isinstance(value, bool):
        raise ConversionProblem("a decimal number", value)
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        # repr gives the shortest text that reads back as this float: the number as written.
        return decimal.Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    raise ConversionProblem("a decimal number", value)


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ConversionProblem("a date written YYYY-MM-DD", value)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    members = {member.value: member for member in cls}
    expected = "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in members)

    def structure(value: object, _: type) -> enum.Enum:
        if isinstance(value, str) and value in members:
            return members[value]
        raise ConversionProblem(expected, value)

    return structure


def _literal_hook(literal: Any) -> Callable[[object, type], object]:
    allowed = get_args(literal)
    expected = "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in allowed)

    def structure(value: object, _: type) -> object:
        # Compare type too: 1 == True would otherwise let a bool through.
        for option in allowed:
            if type(value) is type(option) and value == option:
                return option
        raise ConversionProblem(expected, value)

    return structure


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _sequence_hook(tp: Any, converter: cattrs.Converter) -> Callable[[object, type], object]:
    origin = get_origin(tp) or tp
    inner = (
        homogenous_tuple_structure_factory(tp, converter)
        if origin is tuple
        else list_structure_factory(tp, converter)
    )

    def structure(value: object, target: type) -> object:
        if not isinstance(value, list | tuple):
            raise ConversionProblem("an array", value)
        return inner(value, target)

    return structure


def _mapping_hook(tp: Any, converter: cattrs.Converter) -> Callable[[object, type], object]:
    inner = mapping_structure_factory(tp, converter)

    def structure(value: object, target: type) -> object:
        if not isinstance(value, Mapping):
            raise ConversionProblem("a table", value)
        return inner(value, target)

    return structure


def _attrs_hook(cls: type[Any], converter: cattrs.Converter) -> Callable[[object, type], object]:
    inner = make_dict_structure_fn(cls, converter)

    def structure(value: object, target: type) -> object:
        if not isinstance(value, Mapping):
            raise ConversionProblem("a table", value)
        return inner(value, target)

    return structure


def make_converter() -> cattrs.Converter:
    """A new strict converter for branchkit's records and any attrs classes built like them.

    Each call returns an independent converter, so a caller (or a plugin) may register hooks of
    its own on it without affecting anyone else.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        prefer_attrib_converters=False,
    )
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(decimal.Decimal, _structure_decimal)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook_factory(_is_enum, _enum_hook)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(is_sequence, lambda tp: _sequence_hook(tp, converter))
    converter.register_structure_hook_factory(is_mapping, lambda tp: _mapping_hook(tp, converter))
    converter.register_structure_hook_factory(attrs.has, lambda cls: _attrs_hook(cls, converter))

    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(decimal.Decimal, str)
    converter.register_unstructure_hook(MappingProxyType, dict)
    return converter
