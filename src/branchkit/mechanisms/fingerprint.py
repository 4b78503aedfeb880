"""Fingerprints: a SHA-256 over a canonical encoding of rules or data, so results name them.

The encoding is canonical JSON (sorted keys, no spaces) of the records' fields, each record
tagged with its class name; decimals keep their written form, dates are ISO text, enums their
value. The same rules give the same fingerprint on every machine and every run.

>>> from branchkit.records import Label
>>> fingerprint(Label(zh="一", en="one")) == fingerprint(Label(zh="一", en="one"))
True
>>> len(fingerprint(Label(zh="一", en="one")))
64
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["canonical", "fingerprint"]


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data, the same way every time."""
    if attrs.has(type(value)):
        fields = {
            field.name: canonical(getattr(value, field.name)) for field in attrs.fields(type(value))
        }
        return {"@": type(value).__name__, **fields}
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Mapping):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def fingerprint(value: Any) -> str:
    """The SHA-256 (hex) of ``value``'s canonical encoding."""
    text = json.dumps(canonical(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
