"""Fingerprints: a short hash that names exactly the rules or the data an evaluation used.

:func:`fingerprint` hashes a canonical encoding of records — attrs classes field by field with
their class names, mappings by sorted key, sets sorted, dates in ISO form, decimals as written
— with SHA-256. Equal records give equal fingerprints on every machine and in every run; a
change of any value changes it. A field whose metadata has :data:`NOT_FINGERPRINTED` (where a
file was read from, say) is left out, so the same records read from another folder keep their
fingerprint. Sequences keep their order: the same records in another order (the rows of a table
shuffled) give another fingerprint, since they are not the same data as given, even where the
figures computed from them do not depend on the order.

>>> import datetime as dt
>>> from branchkit.framework.fingerprints import fingerprint
>>> from branchkit.records import Event
>>> one = Event(id="e1", kind="theme_day", date=dt.date(2022, 3, 5))
>>> fingerprint(one) == fingerprint(Event(id="e1", kind="theme_day", date=dt.date(2022, 3, 5)))
True
>>> fingerprint(one) == fingerprint(Event(id="e1", kind="theme_day", date=dt.date(2022, 3, 6)))
False
>>> len(fingerprint(one))
64
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
import json
import operator
from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = ["NOT_FINGERPRINTED", "fingerprint"]

#: Field metadata that leaves a field out of fingerprints: ``attrs.field(metadata=...)``.
NOT_FINGERPRINTED: Mapping[str, bool] = {"branchkit.fingerprint": False}


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    getter = _getter(kind)
    if getter is not None:
        # A record is its class's name, then its fields' values in the class's order.
        name, fields = getter
        return [name, *map(_plain, fields(value))]
    if kind is tuple or kind is list:
        return list(map(_plain, value))
    return _other(value)


def _other(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)  # the shortest repr round-trips exactly
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in sorted(value.items(), key=_by_key)}
    if isinstance(value, frozenset | set):
        return sorted((_plain(item) for item in value), key=_sort_key)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


#: Per attrs class, its name and a function giving its fingerprinted fields' values as a
#: tuple (``None`` for a class that is not attrs); built once per class.
_GETTERS: dict[type, tuple[str, Callable[[Any], tuple[Any, ...]]] | None] = {}


def _getter(kind: type) -> tuple[str, Callable[[Any], tuple[Any, ...]]] | None:
    if kind not in _GETTERS:
        if not attrs.has(kind):
            _GETTERS[kind] = None
        else:
            names = [
                field.name
                for field in attrs.fields(kind)
                if field.metadata.get("branchkit.fingerprint", True)
            ]
            get = operator.attrgetter(*names) if names else None
            if get is None:
                fields: Callable[[Any], tuple[Any, ...]] = _no_fields
            elif len(names) == 1:
                fields = functools.partial(_one, get)
            else:
                fields = get
            _GETTERS[kind] = (kind.__qualname__, fields)
    return _GETTERS[kind]


def _no_fields(value: Any) -> tuple[Any, ...]:
    return ()


def _one(get: Callable[[Any], Any], value: Any) -> tuple[Any, ...]:
    return (get(value),)


def _by_key(item: tuple[Any, Any]) -> str:
    return str(item[0])


def _sort_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def fingerprint(*values: Any) -> str:
    """The SHA-256 of the canonical encoding of ``values``, as 64 hexadecimal digits.

    :param values: records, tuples of records, mappings of them, or plain values.
    :raises TypeError: for a value that has no canonical encoding (a function, a file).
    """
    # Mappings are sorted as they are encoded, so the encoder need not sort.
    encoded = json.dumps(
        [_plain(value) for value in values], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
