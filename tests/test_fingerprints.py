"""Fingerprints: the encoders written per class give the digests of the plain walk, byte for byte.

The reference below is the encoding stated in :mod:`branchkit.mechanisms.fingerprint`, written
the simplest way: a recursive walk turning records into JSON-able lists tagged with the class
name, then ``json.dumps`` and SHA-256. :func:`~branchkit.mechanisms.fingerprint.fingerprint`
must give the same digest for every value — the records of the data, and fields holding values
their annotations do not name — and raise the same error where the walk raises.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
import json
import operator
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchkit import Host
from branchkit.errors import RecordError
from branchkit.framework.model import Framework
from branchkit.mechanisms import Award, Verdict
from branchkit.mechanisms.checklists import ItemTransition
from branchkit.mechanisms.contacts import Assignment, AssistanceCase, FollowUp
from branchkit.mechanisms.fingerprint import NOT_FINGERPRINTED, fingerprint
from branchkit.mechanisms.obligations import Outcome
from branchkit.mechanisms.pairing import PairRule, Profile
from branchkit.mechanisms.rubrics import Assessment
from branchkit.records import Dataset, Event, Label
from tests.strategies import awards, datasets, dates, frameworks, keys, verdicts

EXAMPLES = Path(__file__).resolve().parents[1] / "plugins" / "branchkit-cqfe" / "examples"


# --- the reference: the plain walk -------------------------------------------------------------


def reference(*values: Any) -> str:
    """The SHA-256 of ``json.dumps`` of the plain walk of ``values``."""
    encoded = json.dumps(
        [_plain(value) for value in values], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


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


def outcome(function: Callable[..., str], *values: Any) -> tuple[str, str]:
    """The digest, or the error raised, as ``(kind, text)``."""
    try:
        return "digest", function(*values)
    except Exception as error:  # the same error is expected of both
        return type(error).__name__, str(error)


def assert_same(*values: Any) -> None:
    assert outcome(fingerprint, *values) == outcome(reference, *values)


# --- records with fields holding anything ------------------------------------------------------


class Colour(enum.Enum):
    RED = "red"
    DARK = ("dark", 2)


class Word(enum.StrEnum):
    YES = "yes"


class Rank(enum.IntEnum):
    FIRST = 1


class Tag(str):
    """Text of a type of its own, which has no encoding."""


@attrs.frozen
class Inner:
    name: str
    when: dt.date | None = None


@attrs.frozen
class SubInner(Inner):
    extra: int = 0


@attrs.frozen
class Probe:
    """A field of each kind an encoder treats at once; at run time they may hold anything."""

    text: str
    maybe_text: str | None
    number: int
    maybe_number: int | None
    flag: bool
    day: dt.date
    maybe_day: dt.date | None
    amount: decimal.Decimal | None
    words: tuple[str, ...]
    inner: Inner
    inners: tuple[Inner, ...]
    counts: Mapping[str, int]
    choice: Literal["a", "b"]
    anything: Any
    where: str | None = attrs.field(default=None, metadata=NOT_FINGERPRINTED)


@attrs.frozen
class Node:
    """A record nested in itself."""

    label: str
    children: tuple[Node, ...] = ()


@attrs.frozen
class Unresolved:
    """A record whose annotation names nothing that exists."""

    value: NoSuchType  # type: ignore[name-defined]  # noqa: F821


@attrs.frozen
class Empty:
    """A record with no fields."""


@attrs.frozen
class Hidden:
    """A record whose only field is left out."""

    where: str = attrs.field(metadata=NOT_FINGERPRINTED)


_TRICKY_TEXT = st.sampled_from(['"', "\\", "\n", "\x00", "\x7f", "\u2028", "é", "中文", "%s", "{}"])
_TEXT = st.text(max_size=6) | _TRICKY_TEXT
_HASHABLE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    _TEXT,
    st.decimals(allow_nan=False),
    st.dates(),
    st.datetimes(),
    st.sampled_from([Colour.RED, Colour.DARK, Word.YES, Rank.FIRST]),
)
_LEAVES = st.one_of(
    _HASHABLE,
    st.decimals(),
    st.builds(Inner, _TEXT, st.none() | st.dates()),
    st.builds(SubInner, _TEXT, st.none() | st.dates(), st.integers()),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.one_of(_TEXT, st.integers(), st.booleans()), children, max_size=3),
        st.dictionaries(_TEXT, children, max_size=2).map(types.MappingProxyType),
        st.frozensets(_HASHABLE, max_size=3),
        st.sets(st.one_of(_HASHABLE, st.tuples(_HASHABLE, _HASHABLE)), max_size=3),
        st.builds(Inner, children, children),
    )


#: Values of every kind that has an encoding, nested.
ANYTHING = st.recursive(_LEAVES, _containers, max_leaves=8)
#: The same, with now and then a value that has none: text of a type of its own, a function.
ANYTHING_AT_ALL = st.recursive(
    st.one_of(_LEAVES, _TEXT.map(Tag), st.just(len)), _containers, max_leaves=8
)


#: Values a field may hold that its annotation does not name, or names only loosely.
SURPRISES: st.SearchStrategy[Any] = st.sampled_from(
    [
        True,
        False,
        0,
        1,
        Rank.FIRST,
        Word.YES,
        Colour.RED,
        "",
        None,
        1.5,
        decimal.Decimal("1.10"),
        dt.datetime(2022, 1, 1, 8, 30),
        (),
        [],
        {},
        ("a",),
        ["a", "b"],
        (Inner(name="a"),),
        Inner(name="a"),
        SubInner(name="a"),
        types.MappingProxyType({"b": 1, "a": True}),
        frozenset({"b", "a"}),
    ]
)


@st.composite
def probes(draw: st.DrawFn) -> Probe:
    """A probe whose fields mostly hold what their annotations name, and sometimes anything."""

    def either(usual: st.SearchStrategy[Any]) -> Any:
        return draw(st.one_of(usual, usual, SURPRISES, ANYTHING))

    inners = st.one_of(
        st.builds(Inner, _TEXT, st.none() | st.dates()),
        st.builds(SubInner, _TEXT),
    )
    return Probe(
        text=either(_TEXT),
        maybe_text=either(st.none() | _TEXT),
        number=either(st.integers()),
        maybe_number=either(st.none() | st.integers()),
        flag=either(st.booleans()),
        day=either(st.dates()),
        maybe_day=either(st.none() | st.dates() | st.datetimes()),
        amount=either(st.none() | st.decimals()),
        words=either(st.lists(_TEXT | _TEXT.map(Tag) | st.just(Word.YES), max_size=4).map(tuple)),
        inner=either(inners),
        inners=either(st.lists(inners, max_size=4).map(tuple)),
        counts=either(
            st.dictionaries(_TEXT, st.integers(), max_size=3)
            | st.just(types.MappingProxyType({}))
            | st.just({})
        ),
        choice=either(st.sampled_from(["a", "b"])),
        anything=draw(ANYTHING),
        where=draw(ANYTHING_AT_ALL),
    )


@given(probes())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_fields_holding_anything_encode_as_the_walk_does(probe: Probe) -> None:
    assert_same(probe)
    assert_same((probe, probe), {"probe": probe})


@given(ANYTHING_AT_ALL)
@settings(max_examples=300)
def test_plain_values_encode_as_the_walk_does(value: Any) -> None:
    assert_same(value)


@given(
    st.recursive(
        st.builds(Node, _TEXT),
        lambda nodes: st.builds(Node, _TEXT, st.lists(nodes, max_size=3).map(tuple)),
    )
)
def test_a_record_nested_in_itself_encodes_as_the_walk_does(node: Node) -> None:
    assert_same(node)


@pytest.mark.parametrize(
    "value",
    [
        Unresolved(value=dt.date(2022, 1, 1)),
        Empty(),
        Hidden(where="here"),
        (Empty(), Hidden(where="there")),
        {2: "two", "2": "deux", False: "no", "False": "non", None: "-"},
        frozenset({1, "1", (1,), decimal.Decimal("1.0"), decimal.Decimal("2")}),
        frozenset({(1, 2), (12,), (1, "x"), "[1, 2]", ("a b",), (), ("a", "b"), Inner(name="a")}),
        Colour.DARK,
        [Rank.FIRST, Word.YES, 2**70, -0.0, float("inf"), float("nan")],
        dt.datetime(2022, 1, 1, 12, 30, tzinfo=dt.UTC),
    ],
)
def test_values_of_every_kind_encode_as_the_walk_does(value: Any) -> None:
    assert_same(value)


@pytest.mark.parametrize("value", [len, Tag("x"), (Inner(name=Tag("x")),), {"k": object()}])
def test_a_value_without_an_encoding_is_refused_as_by_the_walk(value: Any) -> None:
    with pytest.raises(TypeError, match="cannot fingerprint a"):
        fingerprint(value)
    assert_same(value)


def test_a_field_left_out_does_not_change_the_fingerprint() -> None:
    assert fingerprint(Hidden(where="a")) == fingerprint(Hidden(where="b"))
    assert fingerprint(Hidden(where="a")) != fingerprint(Empty())


# --- the records of the data --------------------------------------------------------------------


def _valid(kind: type[Any]) -> st.SearchStrategy[Any]:
    """Records of ``kind`` whose fields are drawn by their annotations; those refused are left."""
    hints = typing.get_type_hints(kind)
    fields = st.fixed_dictionaries(
        {field.name: _by_hint(hints[field.name]) for field in attrs.fields(kind) if field.init}
    )
    return fields.map(lambda values: _record_or_none(kind, values)).filter(bool)


def _record_or_none(kind: type[Any], values: dict[str, Any]) -> Any:
    try:
        return kind(**values)
    except RecordError:
        return None


def _by_hint(hint: Any) -> st.SearchStrategy[Any]:
    members = (
        typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType)
        else (hint,)
    )
    return st.one_of([_by_member(member) for member in members])


def _by_member(member: Any) -> st.SearchStrategy[Any]:
    strategies: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(),
        str: keys(),
        int: st.integers(0, 1000),
        bool: st.booleans(),
        dt.date: dates(),
        decimal.Decimal: st.decimals(0, 100, places=2),
        tuple[str, ...]: st.lists(keys(), max_size=4).map(tuple),
    }
    if member in strategies:
        return strategies[member]
    if typing.get_origin(member) is Literal:
        return st.sampled_from(typing.get_args(member))
    if isinstance(member, type) and issubclass(member, enum.Enum):
        return st.sampled_from(list(member))
    raise AssertionError(f"no strategy for {member!r}")


RECORDS_OF_THE_DATA = (
    Assessment,
    Assignment,
    AssistanceCase,
    FollowUp,
    ItemTransition,
    Outcome,
    PairRule,
    Profile,
)


@given(datasets())
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
def test_datasets_encode_as_the_walk_does(dataset: Dataset) -> None:
    assert fingerprint(dataset) == reference(dataset)
    sections = {"events": dataset.events, "people": dataset.people, "units": dataset.units}
    assert fingerprint(dataset, sections) == reference(dataset, sections)


@pytest.mark.parametrize("kind", RECORDS_OF_THE_DATA, ids=lambda kind: kind.__name__)
@given(data=st.data())
@settings(
    max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
def test_the_records_of_mechanisms_encode_as_the_walk_does(
    kind: type[Any], data: st.DataObject
) -> None:
    records = tuple(data.draw(st.lists(_valid(kind), min_size=1, max_size=3)))
    assert fingerprint(records) == reference(records)
    assert fingerprint(records[0]) == reference(records[0])


@given(frameworks(), st.lists(verdicts(), max_size=3), st.lists(awards(), max_size=3))
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
def test_rules_encode_as_the_walk_does(
    framework: Framework, found: list[Verdict], awarded: list[Award]
) -> None:
    assert fingerprint(framework, tuple(found), tuple(awarded)) == reference(
        framework, tuple(found), tuple(awarded)
    )


# --- the example --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(environ={})


def test_the_example_encodes_as_the_walk_does(host: Host) -> None:
    loaded = host.load(EXAMPLES)
    sections = {key: loaded.sections[key] for key in sorted(loaded.sections)}
    assert fingerprint(loaded.dataset, sections) == reference(loaded.dataset, sections)
    framework = host.framework("cqfe")
    standards = tuple(host.standards().values())
    assert fingerprint(framework, standards) == reference(framework, standards)
    scheme = host.frameworks()["cqfe"].scheme()
    assert fingerprint(scheme) == reference(scheme)


# --- the encoding -------------------------------------------------------------------------------


def test_a_fingerprint_is_the_hash_of_the_stated_encoding() -> None:
    event = Event(id="e1", kind="theme_day", date=dt.date(2022, 3, 5), counts={"b": 2, "a": 1})
    text = (
        '[["Event","e1","theme_day","2022-03-05",null,"",[],[],[],[],{"a":1,"b":2}],'
        '["Label","一","one"]]'
    )
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert fingerprint(event, Label(zh="一", en="one")) == expected
