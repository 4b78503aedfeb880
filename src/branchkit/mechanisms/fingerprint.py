"""Fingerprints: a short hash that names exactly the rules or the data a result was computed from.

:func:`fingerprint` hashes a canonical encoding of records with SHA-256. The encoding is
compact JSON, as UTF-8: a record is a list of its class's name and then its fields' values in
the class's order; tuples and lists are lists; a mapping is an object with its keys as text,
sorted; a set is a list sorted by its items' encodings; a date is its ISO text, a decimal its
written form and a float its shortest ``repr``, each as text; an enum is its value. Equal
records give equal fingerprints on every machine and in every run; a change of any value
changes it. A field whose metadata has :data:`NOT_FINGERPRINTED` (where a file was read from,
say) is left out, so the same records read from another folder keep their fingerprint.
Sequences keep their order: the same records in another order (the rows of a table shuffled)
give another fingerprint, since they are not the same data as given, even where the figures
computed from them do not depend on the order.

Each attrs class is encoded by a function written for it when it is first met. The function
reads the fingerprinted fields directly and encodes at once the values of the types the
field's annotation names — text, whole numbers, booleans, dates, decimals, tuples of text or of
records, nested records, empty mappings — and hands any other value to the general encoder.
The annotation only chooses what is tried first: a value is encoded at once only when its type
is exactly the one expected, so a field holding something else (a subclass, an enum, a value
of another type) is encoded as it would be anywhere, and the encoding never depends on the
annotations. Sequences, mappings and records are written item by item and hashed a run of
pieces at a time, so the encoding of a large table is never copied whole.

>>> import datetime as dt
>>> from branchkit.records import Event, Label
>>> one = Event(id="e1", kind="theme_day", date=dt.date(2022, 3, 5))
>>> fingerprint(one) == fingerprint(Event(id="e1", kind="theme_day", date=dt.date(2022, 3, 5)))
True
>>> fingerprint(one) == fingerprint(Event(id="e1", kind="theme_day", date=dt.date(2022, 3, 6)))
False
>>> len(fingerprint(Label(zh="一", en="one")))
64
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import itertools
import json
import keyword
import types
import typing
from collections.abc import Callable, Mapping
from json.encoder import encode_basestring
from typing import Any

import attrs

__all__ = ["NOT_FINGERPRINTED", "fingerprint"]

#: Field metadata that leaves a field out of fingerprints: ``attrs.field(metadata=...)``.
NOT_FINGERPRINTED: Mapping[str, bool] = {"branchkit.fingerprint": False}

#: The dates met in one encoding, each with its text: a day is written once however often it
#: comes.
_Dates = dict[dt.date, str]

#: A function giving a value's encoding as JSON text.
_Encoder = Callable[[Any, _Dates], str]

#: Quotes and escapes text exactly as ``json.dumps(..., ensure_ascii=False)`` does.
_string: Callable[[str], str] = encode_basestring


def fingerprint(*values: Any) -> str:
    """The SHA-256 of the canonical encoding of ``values``, as 64 hexadecimal digits.

    :param values: records, tuples of records, mappings of them, or plain values.
    :raises TypeError: for a value that has no canonical encoding (a function, a file).
    """
    pieces: list[str] = []
    _write_sequence(values, {}, pieces)
    # Hashed a run of pieces at a time: joining the encoding of much data into one long text
    # would cost more than encoding it.
    digest = hashlib.sha256()
    for start in range(0, len(pieces), _RUN):
        digest.update("".join(pieces[start : start + _RUN]).encode("utf-8"))
    return digest.hexdigest()


#: How many pieces of the encoding are hashed at a time.
_RUN = 512


def _write(value: Any, dates: _Dates, pieces: list[str]) -> None:
    """Add the canonical encoding of ``value`` to ``pieces``, in pieces.

    Sequences and mappings are written item by item, and records whose encoder has been
    written field by field, so that a large one is never copied whole; anything else is added
    as one piece.

    :param value: what to encode.
    :param dates: the dates encoded so far in this encoding, with their text.
    :param pieces: the encoding so far, which the encoding of ``value`` continues.
    """
    kind = type(value)
    if kind is tuple or kind is list:
        _write_sequence(value, dates, pieces)
    elif kind is dict or kind is types.MappingProxyType:
        _write_mapping(value, dates, pieces)
    elif kind in _LAYOUTS:
        head, names = _LAYOUTS[kind]
        pieces.append(head)
        for name in names:
            pieces.append(",")
            _write(getattr(value, name), dates, pieces)
        pieces.append("]")
    else:
        pieces.append(_encode(value, dates))


def _write_sequence(value: tuple[Any, ...] | list[Any], dates: _Dates, pieces: list[str]) -> None:
    """Add a list of the items' encodings.

    Items all of one type, neither a sequence nor a mapping (the records of a table), are
    encoded by that type's encoder, each item one piece.
    """
    if not value:
        pieces.append("[]")
        return
    kinds = set(map(type, value))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is None or kind in _CONTAINERS:
        separator = "["
        for item in value:
            pieces.append(separator)
            separator = ","
            _write(item, dates, pieces)
        pieces.append("]")
        return
    encoder = _ENCODERS.get(kind) or _encoder(kind)
    first = len(pieces)
    texts = map(encoder, value, itertools.repeat(dates))
    pieces += itertools.chain.from_iterable(zip(itertools.repeat(","), texts))
    pieces[first] = "["
    pieces.append("]")


def _write_mapping(value: Mapping[Any, Any], dates: _Dates, pieces: list[str]) -> None:
    """Add an object of the items' encodings, by key as text, in the keys' order."""
    ordered = sorted(value.items(), key=_by_key)
    keys = [str(key) for key, _ in ordered]
    if len(set(keys)) < len(keys):
        # Keys equal as text keep the first one's place and the last one's value, as in a dict;
        # every value is encoded all the same.
        texts = {key: _encode(item, dates) for key, (_, item) in zip(keys, ordered, strict=True)}
        pairs = [f"{_string(key)}:{text}" for key, text in texts.items()]
        pieces.append(f"{{{','.join(pairs)}}}")
        return
    separator = "{"
    for key, (_, item) in zip(keys, ordered, strict=True):
        pieces += (separator, _string(key), ":")
        separator = ","
        _write(item, dates, pieces)
    pieces.append("}" if ordered else "{}")


def _encode(value: Any, dates: _Dates) -> str:
    """The canonical encoding of ``value`` as JSON text.

    :param value: what to encode.
    :param dates: the dates encoded so far in this encoding, with their text.
    """
    encoder = _ENCODERS.get(type(value))
    if encoder is None:
        encoder = _encoder(type(value))
    return encoder(value, dates)


def _sequence(value: tuple[Any, ...] | list[Any], dates: _Dates) -> str:
    pieces: list[str] = []
    _write_sequence(value, dates, pieces)
    return "".join(pieces)


def _mapping(value: Mapping[Any, Any], dates: _Dates) -> str:
    pieces: list[str] = []
    _write_mapping(value, dates, pieces)
    return "".join(pieces)


def _other(value: Any, dates: _Dates) -> str:
    """The encoding of a value of a type with no encoder of its own.

    Such a type is no attrs class and none of the plain types exactly: a subclass of one, an
    enum, another mapping or set, or a type with no encoding at all.
    """
    if isinstance(value, float):
        return _dumps(repr(value))  # the shortest repr round-trips exactly
    if isinstance(value, decimal.Decimal):
        return _dumps(str(value))
    if isinstance(value, enum.Enum):
        return _encode(value.value, dates)
    if isinstance(value, dt.date):  # datetimes too
        return _dumps(value.isoformat())
    if isinstance(value, Mapping):
        return _mapping(value, dates)
    if isinstance(value, frozenset | set):
        return _set(value, dates)
    if isinstance(value, tuple | list):
        return _sequence(value, dates)
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def _set(value: frozenset[Any] | set[Any], dates: _Dates) -> str:
    """A list of the items' encodings, in the order of their text.

    It is the order of their JSON with ``json.dumps``'s default, spaced separators too: two
    encodings first differ either inside the same text, written alike, or outside text in
    both, where a separator's space comes only after the comma or colon already compared.
    """
    return f"[{','.join(sorted([_encode(item, dates) for item in value]))}]"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _by_key(item: tuple[Any, Any]) -> str:
    return str(item[0])


def _date(value: dt.date, dates: _Dates) -> str:
    text = dates.get(value)
    if text is None:
        text = dates[value] = f'"{value.isoformat()}"'
    return text


def _none(value: None, dates: _Dates) -> str:
    return "null"


def _bool(value: bool, dates: _Dates) -> str:
    return "true" if value else "false"


def _int(value: int, dates: _Dates) -> str:
    return int.__repr__(value)


def _str(value: str, dates: _Dates) -> str:
    return _string(value)


def _decimal(value: decimal.Decimal, dates: _Dates) -> str:
    return f'"{value!s}"'


def _float(value: float, dates: _Dates) -> str:
    return f'"{value!r}"'


#: Per type, the function that encodes its values (exactly that type, not its subclasses):
#: the plain types from the start, each attrs class and each other type when first met.
_ENCODERS: dict[type, _Encoder] = {
    str: _str,
    type(None): _none,
    bool: _bool,
    int: _int,
    tuple: _sequence,
    list: _sequence,
    dt.date: _date,
    decimal.Decimal: _decimal,
    float: _float,
    dict: _mapping,
    types.MappingProxyType: _mapping,
    frozenset: _set,
    set: _set,
}

#: Per attrs class whose encoder has been written, the start of its records' encoding (``[``
#: and its name) and its fingerprinted fields' names, for :func:`_write`.
_LAYOUTS: dict[type, tuple[str, tuple[str, ...]]] = {}

#: The types :func:`_write` writes in pieces, item by item.
_CONTAINERS = frozenset({tuple, list, dict, types.MappingProxyType})

#: The attrs classes whose encoder is being written, so that a class reached again through
#: its own fields is encoded through :func:`_encode` rather than written again.
_WRITING: set[type] = set()


def _encoder(kind: type) -> _Encoder:
    """The encoder of ``kind``'s values, made and kept when ``kind`` is first met."""
    if kind in _ENCODERS:
        return _ENCODERS[kind]
    if not attrs.has(kind):
        _ENCODERS[kind] = _other
        return _other
    _WRITING.add(kind)
    try:
        encoder = _record_encoder(kind)
    finally:
        _WRITING.discard(kind)
    _ENCODERS[kind] = encoder
    return encoder


def _record_encoder(kind: type) -> _Encoder:
    """A function encoding a record of the attrs class ``kind``, as Python source compiled once.

    The record is ``[name, field, ...]`` over the fingerprinted fields in the class's order.
    Each field's value is tested, by exact type, against the types its annotation names and
    encoded at once on a match; any other value goes through :func:`_encode`.

    :param kind: an attrs class.
    """
    names = [
        field.name
        for field in attrs.fields(kind)
        if field.metadata.get("branchkit.fingerprint", True)
    ]
    head = "[" + _string(kind.__qualname__)
    if not names:
        closed = head + "]"
        return lambda value, dates: closed
    source = _Source(
        {
            "_encode": _encode,
            "_string": _string,
            "_int": int.__repr__,
            "_date": _date,
            "_Date": dt.date,
            "_Decimal": decimal.Decimal,
            "_join": ",".join,
            "_map": map,
            "_len": len,
            "_type": type,
            "_getattr": getattr,
            "_repeat": itertools.repeat,
            "_only_text": frozenset({str}).issuperset,
            "_mappings": (dict, types.MappingProxyType),
            "_head": head,
        }
    )
    hints = _hints(kind)
    lines = ["def encode(value, dates):"]
    for index, name in enumerate(names):
        # Field ``index`` is read into ``v<index>`` and its encoding set in ``t<index>``.
        if name.isidentifier() and not keyword.iskeyword(name):
            lines.append(f"    v{index} = value.{name}")
        else:
            lines.append(f"    v{index} = _getattr(value, {source.constant(name)})")
        lines.extend(_indent(_field(hints.get(name), f"v{index}", f"t{index}", source)))
    texts = ",".join(f"{{t{index}}}" for index in range(len(names)))
    lines.append(f"    return f'{{_head}},{texts}]'")
    namespace: dict[str, Any] = {}
    code = compile("\n".join(lines), f"<fingerprint of {kind.__qualname__}>", "exec")
    exec(code, source.scope, namespace)
    encoder: _Encoder = namespace["encode"]
    _LAYOUTS[kind] = (head, tuple(names))
    return encoder


class _Source:
    """The names an encoder's source refers to, with their values."""

    def __init__(self, scope: dict[str, Any]) -> None:
        self.scope = scope

    def constant(self, value: Any) -> str:
        """A new name in the scope for ``value``."""
        name = f"_c{len(self.scope)}"
        self.scope[name] = value
        return name


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _chain(branches: list[tuple[str, list[str]]], fallback: str) -> list[str]:
    """``if``/``elif`` over ``(condition, body)`` pairs, with ``fallback`` as the ``else``."""
    if not branches:
        return [fallback]
    lines: list[str] = []
    for number, (condition, body) in enumerate(branches):
        lines.append(f"{'if' if number == 0 else 'elif'} {condition}:")
        lines.extend(_indent(body))
    lines.extend(["else:", "    " + fallback])
    return lines


def _field(hint: Any, value: str, text: str, source: _Source) -> list[str]:
    """Source setting ``text`` to the encoding of ``value``, a field annotated ``hint``."""
    branches: list[tuple[str, list[str]]] = []
    # ``None`` is tested first, the cheapest test.
    for member in sorted(_members(hint), key=lambda member: member is not type(None)):
        if member is type(None):
            branches.append((f"{value} is None", [f"{text} = 'null'"]))
        elif member is str or _literal_of_text(member):
            branches.append((f"_type({value}) is str", [f"{text} = _string({value})"]))
        elif member is bool:
            branches.append((f"{value} is True", [f"{text} = 'true'"]))
            branches.append((f"{value} is False", [f"{text} = 'false'"]))
        elif member is int:
            branches.append((f"_type({value}) is int", [f"{text} = _int({value})"]))
        elif member is dt.date:
            branches.append(
                (
                    f"_type({value}) is _Date",
                    [f"{text} = dates.get({value}) or _date({value}, dates)"],
                )
            )
        elif member is decimal.Decimal:
            branches.append((f"_type({value}) is _Decimal", [f"{text} = f'\"{{{value}!s}}\"'"]))
        elif typing.get_origin(member) is tuple:
            body = _tuple(typing.get_args(member), value, text, source)
            branches.append((f"_type({value}) is tuple", body))
        elif typing.get_origin(member) in (Mapping, dict):
            branches.append((f"_type({value}) in _mappings and not {value}", [f"{text} = '{{}}'"]))
        elif _record_class(member):
            kind, encode = source.constant(member), source.constant(_encoder(member))
            branches.append((f"_type({value}) is {kind}", [f"{text} = {encode}({value}, dates)"]))
    return _chain(branches, f"{text} = _encode({value}, dates)")


def _tuple(args: tuple[Any, ...], value: str, text: str, source: _Source) -> list[str]:
    """Source encoding ``value``, known to be a tuple, annotated ``tuple[*args]``.

    Tuples of text or of one class of records are encoded item by item, the short ones (most
    are) without a loop.
    """
    each = f"{text} = f'[{{_join(_map(_encode, {value}, _repeat(dates)))}}]'"
    if len(args) != 2 or args[1] is not Ellipsis:
        return [each]
    item = args[0]
    if item is str or _literal_of_text(item):
        kind, encode = "str", "_string({})"
        # Longer tuples are encoded in one go when every item is exactly text.
        rest = [
            f"elif _only_text(_map(_type, {value})):",
            f"    {text} = f'[{{_join(_map(_string, {value}))}}]'",
            "else:",
            f"    {text} = _encode({value}, dates)",
        ]
    elif _record_class(item):
        kind = source.constant(item)
        encode = source.constant(_encoder(item)) + "({}, dates)"
        items = f"{encode.format('x')} if _type(x) is {kind} else _encode(x, dates)"
        rest = ["else:", f"    {text} = f'[{{_join([{items} for x in {value}])}}]'"]
    else:
        return [each]
    first, second = f"{value}[0]", f"{value}[1]"
    return [
        f"if not {value}:",
        f"    {text} = '[]'",
        f"elif _len({value}) == 1 and _type({first}) is {kind}:",
        f"    {text} = f'[{{{encode.format(first)}}}]'",
        f"elif _len({value}) == 2 and _type({first}) is {kind} and _type({second}) is {kind}:",
        f"    {text} = f'[{{{encode.format(first)}}},{{{encode.format(second)}}}]'",
        *rest,
    ]


def _hints(kind: type) -> dict[str, Any]:
    """``kind``'s annotations resolved to types; none where they cannot all be resolved."""
    try:
        return typing.get_type_hints(kind)
    except Exception:  # without the annotations every value is still encoded, the general way
        return {}


def _members(hint: Any) -> tuple[Any, ...]:
    if hint is None:
        return ()
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _literal_of_text(hint: Any) -> bool:
    return typing.get_origin(hint) is typing.Literal and all(
        type(arg) is str for arg in typing.get_args(hint)
    )


def _record_class(hint: Any) -> bool:
    return isinstance(hint, type) and attrs.has(hint) and hint not in _WRITING
