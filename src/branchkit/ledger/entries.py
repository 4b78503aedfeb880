"""Ledger entries: what is recorded, how it is written down, and how it is hashed.

An entry is one recorded act about one candidate: points awarded, a fact noted, an event taken
part in, a stage entered, a field of the person's file, a decision of the branch, or a
correction of an earlier entry. Each carries the day it takes effect, the actor who recorded
it, the reason and the source (a file and row, or the system that called). Nothing is ever
changed: a mistake is fixed by a :attr:`EntryKind.CORRECTION` that names the entry it fixes.

A :class:`NewEntry` is what a caller hands to the ledger; an :class:`Entry` is what the ledger
stored, with its sequence number, key, recorded time and hash.

**Stored form.** Every value is kept as a type tag and a canonical text (:func:`encode_value`),
so that the same value is always written the same way: ``Decimal("3.50")`` and
``Decimal("3.5")`` are both ``decimal 3.5``.

>>> encode_value(Decimal("3.50")), encode_value(dt.date(2024, 3, 1)), encode_value(("T1", "T2"))
(('decimal', '3.5'), ('date', '2024-03-01'), ('ids', '["T1","T2"]'))
>>> decode_value("decimal", "3.5")
Decimal('3.5')

**Keys.** Every entry has an idempotency key. A caller may give one; otherwise it is derived
from the entry's content and source (:func:`derive_key`), so recording the same thing from
the same source twice records it once.

**Hash chain.** Each entry's hash is the SHA-256 of the previous entry's hash and a canonical
encoding of every stored column of the entry (:func:`chain_hash`); the first entry follows
:data:`GENESIS`. Changing any byte of any stored entry changes its hash, and every hash after
it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
import json
import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from branchkit.errors import Path
from branchkit.mechanisms.staging.facts import FactValue
from branchkit.records._checks import KEY_PATTERN, ensure_valid, key_problems, text_problems
from branchkit.records.labels import Label
from branchkit.records.sensitivity import IDENTIFIER, redacted_repr

__all__ = [
    "GENESIS",
    "PROFILE_FIELDS",
    "Entry",
    "EntryKind",
    "NewEntry",
    "StoredContent",
    "chain_hash",
    "decode_value",
    "derive_key",
    "encode_value",
    "format_recorded",
    "next_hash",
    "parse_recorded",
]

#: The "previous hash" of the first entry of every ledger.
GENESIS = "0" * 64

#: The fields of a person's file a :attr:`EntryKind.PROFILE` entry may set.
PROFILE_FIELDS = ("name", "group")


class EntryKind(enum.Enum):
    """What an entry records; its ``subject`` and ``value`` mean different things per kind."""

    #: Points in a dimension: subject the dimension's (numeric fact's) key, value the amount.
    POINTS = "points"
    #: A fact: subject the fact's key, value the fact's value (the latest one counts).
    FACT = "fact"
    #: Taking part in an event: subject the event kind, value the event's id.
    EVENT = "event"
    #: Entering a stage: subject ``stage``, value the stage's key.
    STAGE = "stage"
    #: A field of the person's file: subject ``name`` or ``group``, value the text.
    PROFILE = "profile"
    #: A decision of the branch: subject what was decided, value the outcome.
    DECISION = "decision"
    #: A correction: replaces the effective date and value of the entry it names, or voids it.
    CORRECTION = "correction"

    @property
    def label(self) -> Label:
        """The kind's name for people."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    EntryKind.POINTS: Label(zh="积分", en="points"),
    EntryKind.FACT: Label(zh="事实", en="fact"),
    EntryKind.EVENT: Label(zh="活动", en="event"),
    EntryKind.STAGE: Label(zh="阶段", en="stage"),
    EntryKind.PROFILE: Label(zh="档案", en="profile"),
    EntryKind.DECISION: Label(zh="决定", en="decision"),
    EntryKind.CORRECTION: Label(zh="更正", en="correction"),
}

#: The content of an entry that makes it what it is, as stored: kind, candidate, effective
#: date, subject, value type, value text, the key of the corrected entry, reason, source. The
#: actor and the recorded time are left out: recording the same thing again, later or by
#: someone else, is the same entry. Keys are derived from it, and replays compared by it.
StoredContent = tuple[str, str, str, str, str, str | None, str | None, str, str]


# Equal amounts have one canonical text, so the cache may answer for any of them.
@functools.lru_cache(maxsize=4096)
def _decimal_text(value: Decimal) -> str:
    if value.is_zero():
        return "0"  # -0 and 0E+3 are 0
    # A context as precise as the number: normalising never rounds it.
    exact = decimal.Context(prec=max(1, len(value.as_tuple().digits)))
    return format(value.normalize(exact), "f")


def encode_value(value: FactValue | None) -> tuple[str, str | None]:
    """The type tag and canonical text of a value, as the ledger stores it.

    :param value: a fact's value, an amount of points, or ``None``.
    :raises TypeError: for a value of any other type (a float, a list of numbers).

    >>> encode_value(True), encode_value(12), encode_value(Decimal("-0.0")), encode_value(None)
    (('boolean', 'true'), ('integer', '12'), ('decimal', '0'), ('none', None))
    """
    # The common types first, by exact type: most entries are amounts and text.
    if type(value) is Decimal and value.is_finite():
        return "decimal", _decimal_text(value)
    if type(value) is str:
        return "text", value
    if value is None:
        return "none", None
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "integer", str(value)
    if isinstance(value, Decimal) and value.is_finite():
        return "decimal", _decimal_text(value)
    if type(value) is dt.date:
        return "date", value.isoformat()
    if isinstance(value, str):
        return "text", value
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return "ids", json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    raise TypeError(f"cannot record a value of type {type(value).__name__}")


def decode_value(kind: str, text: str | None) -> FactValue | None:
    """The value a type tag and canonical text stand for (:func:`encode_value` reversed).

    :param kind: the type tag.
    :param text: the canonical text; ``None`` for the tag ``none``.
    """
    if kind == "none" or text is None:
        return None
    if kind == "decimal":
        return Decimal(text)
    if kind == "integer":
        return int(text)
    if kind == "boolean":
        return text == "true"
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "ids":
        return tuple(json.loads(text))
    return text


def format_recorded(moment: dt.datetime) -> str:
    """A recorded time as stored: UTC, to the microsecond, so that text order is time order.

    :param moment: an aware date and time.
    :raises ValueError: for a naive one (its time zone would be a guess).

    >>> format_recorded(dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    '2024-03-01T00:30:00.000000Z'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a recorded time needs a time zone")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_recorded(text: str) -> dt.datetime:
    """A stored recorded time as an aware UTC date and time.

    :param text: the stored text.
    """
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


# JSON of a flat list of text, integers and nulls is one unambiguous byte string per list. One
# encoder for every call: json.dumps with options builds a new one each time.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _canonical(items: list[object]) -> bytes:
    return _JSON.encode(items).encode("utf-8")


def derive_key(content: StoredContent) -> str:
    """The idempotency key of an entry given without one: a digest of its content and source.

    :param content: the entry's stored content.

    >>> content = ("points", "2021001", "2024-03-01", "study", "decimal", "3", None,
    ...            "report", "api:oa")
    >>> derive_key(content)
    'c:...'
    >>> derive_key(content) == derive_key(content), len(derive_key(content))
    (True, 34)
    """
    digest = hashlib.sha256(_canonical(["branchkit-ledger-key", *content])).hexdigest()
    # 128 bits: no collision in any ledger that will ever exist, and half the index of 256.
    return "c:" + digest[:32]


def chain_hash(previous: str, row: tuple[object, ...]) -> str:
    """The hash of a stored entry: SHA-256 of the previous hash and every stored column.

    :param previous: the previous entry's hash, :data:`GENESIS` for the first.
    :param row: the entry's stored columns in the store's order, without the hash: sequence
        number, key, kind, candidate, effective date, subject, value type, value, corrected
        entry, actor, reason, source, recorded time.

    >>> row = (1, "k", "points", "2021001", "2024-03-01", "study", "decimal", "3", None,
    ...        "organiser", "report", "api:oa", "2024-03-01T00:00:00.000000Z")
    >>> len(chain_hash(GENESIS, row)), chain_hash(GENESIS, row) == chain_hash("1" * 64, row)
    (64, False)
    """
    return hashlib.sha256(_canonical([previous, *row])).hexdigest()


# What JSON escapes in a string: a text without any of these is written between quotes as is.
_ESCAPED = re.compile(r'["\\\x00-\x1f]')


def next_hash(previous: str, row: tuple[object, ...]) -> str:
    """:func:`chain_hash` of a row as the store writes it (text where the columns hold text).

    The fast path of appending: most entries hold no character JSON escapes, and then their
    canonical text is written directly instead of by the encoder.

    :param previous: the previous entry's hash.
    :param row: the entry's stored columns, as for :func:`chain_hash`.

    >>> plain = (1, "k1", "points", "2021001", "2024-03-01", "study", "decimal", "3", None,
    ...          "organiser", "report", "api:oa", "2024-03-01T00:00:00.000000Z")
    >>> quoted = (2, "k2", "correction", "2021001", "2024-03-01", "study", "none", None, 1,
    ...           "organiser", 'a "quoted" reason', "api:oa", "2024-03-01T00:00:00.000000Z")
    >>> next_hash(GENESIS, plain) == chain_hash(GENESIS, plain)
    True
    >>> next_hash(GENESIS, quoted) == chain_hash(GENESIS, quoted)
    True
    """
    seq, key, kind, candidate, effective, subject, value_type, value, corrects = row[:9]
    actor, reason, source, recorded_at = row[9:]
    # The kind, day, value type and time are the store's own words: never escaped.
    if _ESCAPED.search(f"{key}{candidate}{subject}{value}{actor}{reason}{source}") is not None:
        return chain_hash(previous, row)
    value_text = "null" if value is None else f'"{value}"'
    corrects_text = "null" if corrects is None else corrects
    text = (
        f'["{previous}",{seq},"{key}","{kind}","{candidate}","{effective}","{subject}",'
        f'"{value_type}",{value_text},{corrects_text},"{actor}","{reason}","{source}",'
        f'"{recorded_at}"]'
    )
    return hashlib.sha256(text.encode()).hexdigest()


@functools.lru_cache(maxsize=4096)
def _is_key(text: str) -> bool:
    return KEY_PATTERN.fullmatch(text) is not None


def _good_text(text: str) -> bool:
    """Not empty, not padded, storable: the quick form of the checks of text."""
    if not text or text.strip() != text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _encodable(name: str, text: str) -> Iterator[tuple[Path, str]]:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        yield (name,), "contains characters that cannot be stored (unpaired surrogates)"


def _value_problems(kind: EntryKind, value: FactValue | None) -> Iterator[tuple[Path, str]]:
    where: Path = ("value",)
    if value is None:
        if kind is not EntryKind.CORRECTION:
            yield where, f"a {kind.value} entry needs a value"
        return
    try:
        encode_value(value)
    except TypeError as error:
        yield where, str(error)
        return
    if kind is EntryKind.POINTS and (
        isinstance(value, bool) or not isinstance(value, int | Decimal)
    ):
        yield where, "points must be a decimal or an integer"
    elif kind is EntryKind.STAGE:
        if isinstance(value, str):
            yield from ((where, message) for _, message in key_problems("value", value))
        else:
            yield where, "a stage is given by its key"
    elif kind in {EntryKind.EVENT, EntryKind.PROFILE, EntryKind.DECISION}:
        if not isinstance(value, str):
            yield where, f"a {kind.value} entry's value must be text"
        else:
            yield from ((where, message) for _, message in text_problems("value", value))
    if isinstance(value, str):
        yield from _encodable("value", value)
    elif isinstance(value, tuple):
        for item in value:
            yield from _encodable("value", item)


@attrs.frozen(kw_only=True)
class NewEntry:
    """An entry to record.

    :param kind: what it records.
    :param candidate: the id of the person it is about; personal.
    :param effective: the day it takes effect (the day of the report, the meeting, the move).
    :param subject: what it is about: a dimension, fact, event kind or decision key; ``stage``
        for a stage; ``name`` or ``group`` for a profile field. A correction repeats the
        subject of the entry it corrects.
    :param value: the amount, fact value, event id, stage key, text or outcome; for a
        correction, the replacing value, or ``None`` to void the corrected entry. Kept out of
        ``repr``: a value may be sensitive.
    :param reason: why it is recorded, in words; kept out of ``repr``.
    :param source: where it comes from: ``points.csv row 12``, or the calling system.
    :param actor: who records it.
    :param key: the idempotency key; derived from the content and source when not given.
    :param corrects: for a correction, the sequence number or key of the entry it corrects.
    """

    kind: EntryKind
    candidate: str = attrs.field(metadata=IDENTIFIER)
    effective: dt.date
    subject: str
    value: FactValue | None = attrs.field(default=None, repr=redacted_repr)
    reason: str = attrs.field(repr=False)
    source: str
    actor: str
    key: str | None = None
    corrects: int | str | None = None

    def __attrs_post_init__(self) -> None:
        # The full check builds its problems one by one; most entries pass a quick look.
        if not self._looks_valid():
            ensure_valid(self, self._problems())

    def _looks_valid(self) -> bool:
        kind, value, corrects = self.kind, self.value, self.corrects
        good = _good_text
        texts = good(self.candidate) and good(self.reason) and good(self.source)
        if not (texts and good(self.actor) and (self.key is None or good(self.key))):
            return False
        if type(self.effective) is not dt.date or not _is_key(self.subject):
            return False
        if (kind is EntryKind.CORRECTION) != (corrects is not None):
            return False
        if kind is EntryKind.POINTS:
            return (type(value) is Decimal and value.is_finite()) or type(value) is int
        if kind is EntryKind.FACT or kind is EntryKind.CORRECTION:
            return False  # values of many types: the full check
        if kind is EntryKind.STAGE:
            return self.subject == "stage" and type(value) is str and _is_key(value)
        if kind is EntryKind.PROFILE:
            return False
        return type(value) is str and _good_text(value)  # an event or a decision

    def _problems(self) -> Iterator[tuple[Path, str]]:
        for name in ("candidate", "reason", "source", "actor"):
            text = getattr(self, name)
            yield from text_problems(name, text)
            yield from _encodable(name, text)
        if type(self.effective) is not dt.date:
            yield ("effective",), "must be a date (not a date and time)"
        if self.kind is EntryKind.PROFILE:
            if self.subject not in PROFILE_FIELDS:
                yield ("subject",), f"a profile entry sets one of: {', '.join(PROFILE_FIELDS)}"
        elif self.kind is EntryKind.STAGE:
            if self.subject != "stage":
                yield ("subject",), "a stage entry's subject is 'stage'"
        else:
            yield from key_problems("subject", self.subject)
        yield from _value_problems(self.kind, self.value)
        if self.key is not None:
            yield from text_problems("key", self.key)
            yield from _encodable("key", self.key)
        if (self.kind is EntryKind.CORRECTION) != (self.corrects is not None):
            yield ("corrects",), "a correction, and only a correction, names the entry it fixes"
        if isinstance(self.corrects, bool) or (
            isinstance(self.corrects, int) and self.corrects < 1
        ):
            yield ("corrects",), "a sequence number is a whole number from 1"


@attrs.frozen(kw_only=True)
class Entry:
    """An entry as the ledger stores it.

    :param seq: its sequence number: 1 for the first entry of the ledger, and so on.
    :param key: its idempotency key.
    :param kind: what it records.
    :param candidate: the id of the person it is about; personal.
    :param effective: the day it takes effect.
    :param subject: what it is about (see :class:`NewEntry`).
    :param value: its value; kept out of ``repr``.
    :param reason: why it was recorded; kept out of ``repr``.
    :param source: where it came from.
    :param actor: who recorded it.
    :param recorded_at: when the ledger recorded it (UTC).
    :param corrects: for a correction, the sequence number of the entry it corrects.
    :param hash: its hash in the chain.
    """

    seq: int
    key: str
    kind: EntryKind
    candidate: str = attrs.field(metadata=IDENTIFIER)
    effective: dt.date
    subject: str
    value: FactValue | None = attrs.field(repr=redacted_repr)
    reason: str = attrs.field(repr=False)
    source: str
    actor: str
    recorded_at: dt.datetime
    corrects: int | None = None
    hash: str

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> Entry:
        """The entry a stored row holds, its columns in the store's order.

        :param row: sequence number, key, kind, candidate, effective date, subject, value type,
            value, corrected entry, actor, reason, source, recorded time, hash.
        """
        (seq, key, kind, candidate, effective, subject, value_type, value) = row[:8]
        corrects, actor, reason, source, recorded_at, hashed = row[8:]
        assert isinstance(value_type, str)
        assert value is None or isinstance(value, str)
        return cls(
            seq=int(str(seq)),
            key=str(key),
            kind=EntryKind(kind),
            candidate=str(candidate),
            effective=dt.date.fromisoformat(str(effective)),
            subject=str(subject),
            value=decode_value(value_type, value),
            reason=str(reason),
            source=str(source),
            actor=str(actor),
            recorded_at=parse_recorded(str(recorded_at)),
            corrects=None if corrects is None else int(str(corrects)),
            hash=str(hashed),
        )
