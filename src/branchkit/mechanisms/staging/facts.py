"""Facts: the named, typed values a scheme reads about each candidate.

A scheme declares its facts (key, label, type); a candidate's facts are checked and given their
types against those declarations, so a misspelled fact or a date written as text is a problem
reported with the candidate, not a condition that silently fails.

>>> spec = Fact(key="application_date", label=Label(zh="申请日期", en="application date"),
...             type=FactType.DATE)
>>> coerce_fact(spec, "2021-03-01")
datetime.date(2021, 3, 1)
>>> coerce_fact(spec, "2021/3/1")
Traceback (most recent call last):
  ...
ValueError: expected a date written YYYY-MM-DD, got "2021/3/1"
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import math
import re
from collections.abc import Callable, Iterator

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid, key_problems
from branchkit.records.labels import Label, Language

__all__ = ["Fact", "FactType", "FactValue", "coerce_fact", "coercer", "show_value"]

#: The values a fact can have once typed.
FactValue = str | int | decimal.Decimal | bool | dt.date | tuple[str, ...]

_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_TRUE = {"true", "yes", "是"}
_FALSE = {"false", "no", "否"}
_SEPARATORS = re.compile(r"[;；、]")


class FactType(enum.Enum):
    """The type of a fact."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    #: A list of identifiers (people, units); in a table cell, separated by ; ； or 、.
    IDS = "ids"


@attrs.frozen(kw_only=True)
class Fact:
    """A fact a scheme reads.

    :param key: the fact's key, as conditions and rules name it.
    :param label: its name, also accepted as a column heading.
    :param type: its type.
    :param aliases: other column headings that mean this fact.
    :param sensitive: whether its values are sensitive (kept out of messages and outputs).
    """

    key: str
    label: Label
    type: FactType
    aliases: tuple[str, ...] = ()
    sensitive: bool = False

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _finite(value: decimal.Decimal | float) -> bool:
    # Decimal("sNaN") cannot even be turned into a float for math.isfinite.
    return value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)


def _coerce_integer(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, decimal.Decimal | float) and _finite(value) and value == int(value):
        return int(value)
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    raise ValueError(f"expected an integer, got {_show(value)}")


def _coerce_decimal(value: object) -> decimal.Decimal:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {_show(value)}")
    if isinstance(value, int) or (isinstance(value, decimal.Decimal) and value.is_finite()):
        return decimal.Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        return decimal.Decimal(repr(value))
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        return decimal.Decimal(value.strip())
    raise ValueError(f"expected a number, got {_show(value)}")


def _coerce_boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(f"expected true or false (是/否), got {_show(value)}")


def _coerce_date(value: object) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected a date written YYYY-MM-DD, got {_show(value)}")


def _coerce_ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in _SEPARATORS.split(value) if part.strip())
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    raise ValueError(f"expected a list of identifiers, got {_show(value)}")


def _coerce_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    raise ValueError(f"expected text, got {_show(value)}")


_COERCE: dict[FactType, Callable[[object], FactValue]] = {
    FactType.TEXT: _coerce_text,
    FactType.INTEGER: _coerce_integer,
    FactType.DECIMAL: _coerce_decimal,
    FactType.BOOLEAN: _coerce_boolean,
    FactType.DATE: _coerce_date,
    FactType.IDS: _coerce_ids,
}


def coerce_fact(spec: Fact, value: object) -> FactValue:
    """``value`` as the type ``spec`` declares; :class:`ValueError` when it is not one.

    Text from table cells is parsed strictly (``"3"`` is the integer 3; ``"3.5"`` is not);
    typed values from TOML, JSON, YAML or spreadsheets must already have the right type (a
    spreadsheet date at midnight counts as a date). The error message never shows the value of
    a sensitive fact.
    """
    return _coerced(_COERCE[spec.type], spec, value)


def coercer(spec: Fact) -> Callable[[object], FactValue]:
    """:func:`coerce_fact` for the fact ``spec``, its type's rules looked up once.

    For the many values of one fact: a column of a table, the facts of every candidate.

    >>> from branchkit.mechanisms.staging.facts import coercer
    >>> score = Fact(key="score", label=Label(zh="分数", en="score"), type=FactType.INTEGER)
    >>> [coercer(score)(value) for value in ("3", 4)]
    [3, 4]
    """
    return functools.partial(_coerced, _COERCE[spec.type], spec)


def _coerced(convert: Callable[[object], FactValue], spec: Fact, value: object) -> FactValue:
    try:
        return convert(value)
    except ValueError as error:
        if spec.sensitive:
            raise ValueError(f"not a valid {spec.type.value}") from None
        raise ValueError(str(error)) from None


def show_value(value: object, language: Language) -> str:
    """A fact's value as reasons write it, in ``language``.

    >>> show_value(True, "zh"), show_value(True, "en"), show_value(("T1", "T2"), "en")
    ('是', 'yes', 'T1, T2')
    >>> show_value(dt.date(2021, 3, 1), "zh"), show_value("", "en")
    ('2021-03-01', '""')
    >>> show_value(decimal.Decimal("73.0"), "zh"), show_value(decimal.Decimal("1E+2"), "en")
    ('73', '100')
    """
    if isinstance(value, bool):
        if language == "zh":
            return "是" if value else "否"
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ("、" if language == "zh" else ", ").join(str(item) for item in value)
    if isinstance(value, decimal.Decimal):
        # 73.0 typed in a CSV and 73 read from a spreadsheet are the same number.
        return format(value.normalize(), "f")
    if value == "":
        return '""'
    return str(value)
