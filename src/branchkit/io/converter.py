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

``make_converter(text_values=True)`` builds the converter for table cells (CSV and Excel),
where values are given as text: it also reads the texts listed in :func:`make_converter`, and
nothing else.

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
from typing import Any, Literal, cast, get_args, get_origin

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

from branchkit.io.names import normalise_name

__all__ = [
    "NOT_IN_A_CELL",
    "ConversionProblem",
    "describe_cell",
    "describe_value",
    "make_converter",
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Table cells: ASCII digits only (never "１２" or "١٢"), no exponent, no thousands separator.
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_LIST_SEPARATORS = re.compile("[;；、]")
_TRUE_WORDS = frozenset({"true", "yes", "是"})
_FALSE_WORDS = frozenset({"false", "no", "否"})

#: What a table cell for a nested record, list of records or mapping is told.
NOT_IN_A_CELL = "cannot be given in a table cell; use a TOML, JSON or YAML file"


class ConversionProblem(TypeError):
    """A value that does not have the expected type.

    Its message names the expected and the given *type* only; the value itself is kept in
    :attr:`value` so that problem reports can show it when the field is not sensitive.

    :param expected: what was expected, in words (``"a string"``).
    :param value: the value that was given.
    :param cell: whether the value is a table cell's, described as a spreadsheet shows it
        (``the number 2023001``) rather than as a data file writes it.
    """

    def __init__(self, expected: str, value: object, *, cell: bool = False) -> None:
        self.expected = expected
        self.value = value
        self.cell = cell
        super().__init__(self.describe(show_value=False))

    def describe(self, *, show_value: bool) -> str:
        """The problem in words, with the value when ``show_value`` is true."""
        if self.cell:
            given = describe_cell(self.value, show_value=show_value)
        else:
            given = describe_value(self.value) if show_value else describe_type(self.value)
        return f"expected {self.expected}, got {given}"


class _NotInACell(ConversionProblem):
    """A table cell given for a nested record, a list of records or a mapping."""

    def __init__(self, value: object) -> None:
        super().__init__("a table", value, cell=True)

    def describe(self, *, show_value: bool) -> str:
        return NOT_IN_A_CELL


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


# Most specific first, as in _TYPE_WORDS: a spreadsheet's words for what a cell holds.
_CELL_WORDS: tuple[tuple[type | types.UnionType, str, str], ...] = (
    (bool, "a logical value", "the logical value "),
    (int | float | decimal.Decimal, "a number", "the number "),
    (str, "text", ""),
    (dt.datetime, "a date and time", "the date and time "),
    (dt.date, "a date", "the date "),
    (dt.time, "a time", "the time "),
)


def describe_cell(value: object, *, show_value: bool = True, limit: int = 40) -> str:
    """A table cell's value as a spreadsheet shows it, or only its kind.

    Text is quoted, so that ``"2023001"`` (text) and ``the number 2023001`` differ at a glance.

    >>> describe_cell(2023001), describe_cell(2023001.5), describe_cell("1.5")
    ('the number 2023001', 'the number 2023001.5', '"1.5"')
    >>> import datetime as dt
    >>> describe_cell(dt.datetime(2021, 3, 4, 10, 30)), describe_cell(True)
    ('the date and time 2021-03-04 10:30:00', 'the logical value TRUE')
    >>> describe_cell(2023001, show_value=False), describe_cell("x", show_value=False)
    ('a number', 'text')
    """
    found = next((entry for entry in _CELL_WORDS if isinstance(value, entry[0])), None)
    if found is None:
        return describe_type(value)
    _, words, prefix = found
    if not show_value:
        return words
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    return prefix + (text if len(text) <= limit else text[: limit - 1] + "…")


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


def _finite(value: str | float) -> float | None:
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return number if math.isfinite(number) else None


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = _finite(value)
        if number is not None:
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


# Table cells (text mode): each also reads its own kind of text, and words problems as cells.


def _cell_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ConversionProblem("text", value, cell=True)
    return value


def _cell_int(value: object, _: type) -> int:
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python reads from text
            pass
    elif not isinstance(value, bool | str):
        try:
            return _structure_int(value, int)
        except ConversionProblem:
            pass
    raise ConversionProblem("an integer", value, cell=True)


def _cell_float(value: object, _: type) -> float:
    plain = isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value) is not None
    if plain or (isinstance(value, int | float) and not isinstance(value, bool)):
        number = _finite(cast("str | float", value))
        if number is not None:
            return number
    raise ConversionProblem("a number", value, cell=True)


def _cell_decimal(value: object, _: type) -> decimal.Decimal:
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        return decimal.Decimal(value)
    if not isinstance(value, bool | str):
        try:
            return _structure_decimal(value, decimal.Decimal)
        except ConversionProblem:
            pass
    raise ConversionProblem("a decimal number", value, cell=True)


def _cell_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = normalise_name(value)
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise ConversionProblem("true or false (true/false, yes/no, 是/否)", value, cell=True)


def _cell_date(value: object, _: type) -> dt.date:
    try:
        return _structure_date(value, dt.date)
    except ConversionProblem:
        raise ConversionProblem("a date written YYYY-MM-DD", value, cell=True) from None


def _split_cell(value: object) -> list[object]:
    """A cell's list: text split on ``;``, ``；`` or ``、``, any other value alone."""
    if not isinstance(value, str):
        return [value]
    return [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]


def _is_nested(tp: Any) -> bool:
    """Whether values of ``tp`` are tables or arrays, which no single cell can give."""
    return bool(attrs.has(tp) or is_mapping(tp) or is_sequence(tp))


def _enum_hook(cls: type[enum.Enum], *, cell: bool) -> Callable[[object, type], enum.Enum]:
    members = {member.value: member for member in cls}
    expected = "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in members)

    def structure(value: object, _: type) -> enum.Enum:
        if isinstance(value, str) and value in members:
            return members[value]
        raise ConversionProblem(expected, value, cell=cell)

    return structure


def _literal_hook(literal: Any, *, cell: bool) -> Callable[[object, type], object]:
    allowed = get_args(literal)
    expected = "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in allowed)

    def structure(value: object, _: type) -> object:
        # Compare type too: 1 == True would otherwise let a bool through.
        for option in allowed:
            if type(value) is type(option) and value == option:
                return option
        raise ConversionProblem(expected, value, cell=cell)

    return structure


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _sequence_hook(
    tp: Any, converter: cattrs.Converter, *, cell: bool
) -> Callable[[object, type], object]:
    origin = get_origin(tp) or tp
    inner = (
        homogenous_tuple_structure_factory(tp, converter)
        if origin is tuple
        else list_structure_factory(tp, converter)
    )
    arguments = get_args(tp)
    nested = bool(arguments) and _is_nested(arguments[0])

    def structure(value: object, target: type) -> object:
        if isinstance(value, list | tuple):
            return inner(value, target)
        if not cell:
            raise ConversionProblem("an array", value)
        if nested:
            raise _NotInACell(value)
        return inner(_split_cell(value), target)

    return structure


def _is_set(tp: Any) -> bool:
    return (get_origin(tp) or tp) in (set, frozenset)


def _set_hook(
    tp: Any, converter: cattrs.Converter, *, cell: bool
) -> Callable[[object, type], object]:
    arguments = get_args(tp)
    item_type = arguments[0] if arguments else Any
    make = frozenset if (get_origin(tp) or tp) is frozenset else set

    def structure(value: object, _: type) -> object:
        if isinstance(value, list | tuple):
            items: Any = value
        elif cell:
            items = _split_cell(value)
        else:
            raise ConversionProblem("an array", value)
        return make(converter.structure(item, item_type) for item in items)

    return structure


def _mapping_hook(
    tp: Any, converter: cattrs.Converter, *, cell: bool
) -> Callable[[object, type], object]:
    inner = mapping_structure_factory(tp, converter)

    def structure(value: object, target: type) -> object:
        if not isinstance(value, Mapping):
            raise _NotInACell(value) if cell else ConversionProblem("a table", value)
        return inner(value, target)

    return structure


def _attrs_hook(
    cls: type[Any], converter: cattrs.Converter, *, cell: bool
) -> Callable[[object, type], object]:
    inner = make_dict_structure_fn(cls, converter)

    def structure(value: object, target: type) -> object:
        if not isinstance(value, Mapping):
            raise _NotInACell(value) if cell else ConversionProblem("a table", value)
        return inner(value, target)

    return structure


def make_converter(*, text_values: bool = False) -> cattrs.Converter:
    """A new strict converter for branchkit's records and any attrs classes built like them.

    Each call returns an independent converter, so a caller (or a plugin) may register hooks of
    its own on it without affecting anyone else.

    :param text_values: build the converter for table cells (CSV, Excel), which give values as
        text. Besides what the strict converter accepts, it then reads, and only there:

        * an integer from text of ASCII digits with an optional sign (``12``, ``-3``; not
          ``1.0``, ``1e3`` or ``1,000``);
        * a number or decimal from plain decimal text (``1.5``; not ``NaN`` or ``inf``);
        * true or false from ``true``/``false``, ``yes``/``no`` or ``是``/``否``, in any case;
        * a list from one cell, split on ``;``, ``；`` or ``、`` (each part stripped, empty
          parts dropped; a cell that is not text is a list of itself);
        * a date from ISO ``YYYY-MM-DD`` text, as always.

        Text stays text: ``2023001`` and ``2023001.0`` in a CSV cell are identifiers as
        written. A cell for a nested record, a list of records or a mapping is refused with
        :data:`NOT_IN_A_CELL`, and problems describe values as cells
        (``expected text, got the number 2023001``).

    >>> cells = make_converter(text_values=True)
    >>> cells.structure("12", int), cells.structure("是", bool)
    (12, True)
    >>> cells.structure("2021001；2021002、 ", tuple[str, ...])
    ('2021001', '2021002')
    >>> cells.structure(2023001, str)
    Traceback (most recent call last):
      ...
    branchkit.io.converter.ConversionProblem: expected text, got a number
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        prefer_attrib_converters=False,
    )
    cell = text_values
    converter.register_structure_hook(str, _cell_str if cell else _structure_str)
    converter.register_structure_hook(int, _cell_int if cell else _structure_int)
    converter.register_structure_hook(float, _cell_float if cell else _structure_float)
    converter.register_structure_hook(bool, _cell_bool if cell else _structure_bool)
    converter.register_structure_hook(
        decimal.Decimal, _cell_decimal if cell else _structure_decimal
    )
    converter.register_structure_hook(dt.date, _cell_date if cell else _structure_date)
    converter.register_structure_hook_factory(_is_enum, lambda tp: _enum_hook(tp, cell=cell))
    converter.register_structure_hook_factory(_is_literal, lambda tp: _literal_hook(tp, cell=cell))
    converter.register_structure_hook_factory(
        is_sequence, lambda tp: _sequence_hook(tp, converter, cell=cell)
    )
    converter.register_structure_hook_factory(
        _is_set, lambda tp: _set_hook(tp, converter, cell=cell)
    )
    converter.register_structure_hook_factory(
        is_mapping, lambda tp: _mapping_hook(tp, converter, cell=cell)
    )
    converter.register_structure_hook_factory(
        attrs.has, lambda cls: _attrs_hook(cls, converter, cell=cell)
    )

    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(decimal.Decimal, str)
    converter.register_unstructure_hook(MappingProxyType, dict)
    # A set has no order of its own: sorted, so that the same data gives the same bytes.
    converter.register_unstructure_hook_factory(
        _is_set, lambda _: lambda items: sorted(converter.unstructure(item) for item in items)
    )
    # Imported here: the union hooks raise this module's ConversionProblem.
    from branchkit.io.unions import configure_unions  # noqa: PLC0415

    configure_unions(converter)
    return converter
