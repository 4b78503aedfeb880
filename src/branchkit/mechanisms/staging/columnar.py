"""Columnar evaluation: a staged scheme over a province of candidates, with numpy.

:func:`~branchkit.mechanisms.staging.evaluate.evaluate` judges one candidate at a time, as
records, with every reason written out. For hundreds of thousands of candidates the same work
is done here on columns: one numpy array per fact, one per event field.
:func:`evaluate_columns` gives the same figures as the object path (gate outcomes, points,
totals, bands, ranks, selection, ties at the quota) as arrays, and builds a candidate's full
explanation only when asked, by running the object path for that candidate alone.

The input:

* :class:`CandidateColumns`: the candidates' ids, stages, groups, and a :class:`FactColumn` per
  fact: dates as day ordinals (``datetime.date.toordinal()``), integers, decimals as integers
  in a unit (``1234`` in hundredths is ``12.34``), booleans, text as codes into sorted
  categories, and lists of ids as their number of distinct ids. Each column has a mask of the
  candidates who have the fact; a missing fact gives an ``unknown`` gate, as in the object path.
* :class:`EventColumns`: one row per event and participant: the candidate's row, the event's
  kind as a code, its day as an ordinal, and optionally its id (for explanations).

Both have constructors from records (:meth:`CandidateColumns.from_candidates`,
:meth:`EventColumns.from_events`), so the two paths can be compared on the same data.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.mechanisms.staging import (
...     Candidate, Dimension, Fact, FactType, Scaled, Scheme, Selection)
>>> from branchkit.mechanisms.staging.columnar import CandidateColumns, evaluate_columns
>>> from branchkit.records import Label
>>> scheme = Scheme(
...     key="pk", label=Label(zh="积分", en="points"),
...     facts=(Fact(key="score", label=Label(zh="成绩", en="score"), type=FactType.INTEGER),),
...     dimensions=(Dimension(key="study", label=Label(zh="学习", en="study"),
...                           rules=(Scaled(key="s", fact="score", factor=Decimal("0.125")),)),),
...     selection=Selection(quota=1))
>>> people = [Candidate(id="b", facts={"score": 84}), Candidate(id="a", facts={"score": 84})]
>>> result = evaluate_columns(scheme, CandidateColumns.from_candidates(scheme, people),
...                           as_of=dt.date(2024, 7, 1))
>>> result.total.tolist(), result.rank.tolist(), result.selected.tolist()
([1050, 1050], [2, 1], [False, True])
>>> result.points(result.total[0])
Decimal('10.50')
>>> result.explain(1).dimensions[0].awards[0].reason.en
'score 84 × 0.125'

**Exactness.** Points are integers in the scheme's smallest unit: ten to the power of the
exponent of :attr:`Scheme.precision <branchkit.mechanisms.staging.scheme.Scheme.precision>`
(``0.01`` gives hundredths). Every award is rounded to that unit half up (a half goes away from
zero, as ``decimal.ROUND_HALF_UP`` does: ``0.125`` becomes ``0.13``, ``-0.125`` becomes
``-0.13``), and so are a dimension's base, cap and floor and every weighted dimension, exactly
where the object path rounds them; a total is the exact sum of its weighted dimensions. All
arithmetic is on ``int64`` with bounds worked out before it is done: a figure that could reach
2**62 in its unit raises :class:`OverflowError` instead of wrapping. No float is ever used, so no
rounding drift can change a rank, and the totals equal the object path's to the last unit.

**What runs here.** Every gate condition except plugin predicates and ``has_evidence``, and
``count_of`` with a role (they need people and evidence records); every point rule except
plugin ``rule`` calls. A scheme that needs them raises :class:`NotImplementedError` naming the
condition or rule: use :func:`~branchkit.mechanisms.staging.evaluate.evaluate` for it.

**Order.** Candidates are ranked by total, then by the scheme's tie-break chain, then by id, as
in the object path; the id order is computed once when the columns are built. The result does
not depend on the order of the rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from branchkit.mechanisms.fingerprint import fingerprint
from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.conditions import (
    AtLeastSince,
    Compare,
    Condition,
    CountOf,
    HasEvidence,
    NotAfter,
    OneOf,
    PredicateCall,
    Present,
    ValidFor,
    Vote,
    Within,
)
from branchkit.mechanisms.staging.context import Context
from branchkit.mechanisms.staging.durations import Duration
from branchkit.mechanisms.staging.evaluate import _bounds, _chain, _score, _tie_note
from branchkit.mechanisms.staging.facts import Fact, FactType, FactValue, coerce_fact
from branchkit.mechanisms.staging.results import (
    CandidateResult,
    GateResult,
    StagingResult,
)
from branchkit.mechanisms.staging.rules import (
    Bonus,
    PerEvent,
    RankBand,
    RankTable,
    Ratio,
    RuleCall,
    Scaled,
    ScoringRule,
)
from branchkit.mechanisms.staging.scheme import Dimension, Scheme, TieBreak
from branchkit.mechanisms.verdicts import Outcome
from branchkit.records.events import Event
from branchkit.records.periods import PeriodKind

__all__ = [
    "FAILED",
    "NOT_LISTED",
    "OUTCOMES",
    "PASSED",
    "UNKNOWN",
    "CandidateColumns",
    "ColumnarResult",
    "EventColumns",
    "FactColumn",
    "evaluate_columns",
    "smallest_unit",
    "to_ordinals",
]

#: An array of integers (codes, ordinals, amounts in a unit).
IntArray = npt.NDArray[np.int64]
#: An array of yes/no values (masks).
BoolArray = npt.NDArray[np.bool_]

#: Gate outcome code: the condition passed.
PASSED: Final = 0
#: Gate outcome code: the condition failed.
FAILED: Final = 1
#: Gate outcome code: a fact the condition needs is missing.
UNKNOWN: Final = 2
#: Gate outcome code of a row whose candidate is not at the stage ranked (not judged).
NOT_LISTED: Final = -1
#: The outcome each code stands for: ``OUTCOMES[code]``.
OUTCOMES: Final = (Outcome.PASSED, Outcome.FAILED, Outcome.UNKNOWN)

_EPOCH = dt.date(1970, 1, 1).toordinal()
# Every intermediate figure stays below this in magnitude, so int64 never wraps.
_LIMIT = 2**62
# Events capped per period are counted in a dense table of candidates x periods up to this
# many cells (or so many per event), by sorting beyond.
_DENSE_CELLS = 1 << 22
_DENSE_CELLS_PER_EVENT = 4
# Sort keys packed into one int64 may take this many bits; beyond, numpy.lexsort sorts.
_PACKED_BITS = 63


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"{value} is not a finite number")
    return exponent


def smallest_unit(precision: Decimal) -> Decimal:
    """The unit points are counted in: ten to the power of ``precision``'s exponent.

    :param precision: a scheme's precision, such as ``Decimal("0.01")``.

    >>> from decimal import Decimal
    >>> from branchkit.mechanisms.staging.columnar import smallest_unit
    >>> smallest_unit(Decimal("0.01")), smallest_unit(Decimal("0.05")), smallest_unit(Decimal(1))
    (Decimal('0.01'), Decimal('0.01'), Decimal('1'))
    """
    return Decimal(1).scaleb(_exponent(precision))


def to_ordinals(days: npt.ArrayLike) -> IntArray:
    """Day ordinals (as ``datetime.date.toordinal()`` gives them) of numpy dates.

    :param days: dates as ``datetime64`` values, or ISO text (``"2021-03-01"``).

    >>> import datetime as dt
    >>> from branchkit.mechanisms.staging.columnar import to_ordinals
    >>> to_ordinals(["2021-03-01", "1970-01-01"]).tolist() == [
    ...     dt.date(2021, 3, 1).toordinal(), dt.date(1970, 1, 1).toordinal()]
    True
    """
    return np.asarray(days, dtype="datetime64[D]").astype(np.int64) + _EPOCH


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    # A read-only view: the array itself (perhaps the caller's) keeps its flags.
    view = array.view()
    view.flags.writeable = False
    return view


def _as_ints(values: npt.ArrayLike, what: str) -> npt.NDArray[Any]:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{what} must be a one-dimensional array")
    if array.size and array.dtype.kind not in "iu":
        raise ValueError(f"{what} must hold integers, not {array.dtype}")
    if array.dtype.kind == "u" and array.dtype.itemsize >= 8:
        array = array.astype(np.int64)
    return array if array.size else array.astype(np.int64)


@attrs.frozen(kw_only=True, eq=False)
class FactColumn:
    """One fact of every candidate, as an array, with the mask of those who have it.

    Build one with a named constructor (:meth:`dates`, :meth:`integers`, :meth:`decimals`,
    :meth:`booleans`, :meth:`texts`, :meth:`id_counts`). The arrays are used as they are, not
    copied: do not change them afterwards.

    :param type: the fact's type, as the scheme declares it.
    :param values: one value per candidate: day ordinals, integers, decimals as integers in
        ``unit``, booleans, text codes into ``categories``, or numbers of distinct ids. The value
        of a candidate without the fact is ignored.
    :param present: whether each candidate has the fact.
    :param unit: for decimals, what one in ``values`` is worth (a power of ten).
    :param categories: for text, the values the codes stand for, sorted and distinct.
    """

    type: FactType
    values: npt.NDArray[Any]
    present: BoolArray
    unit: Decimal | None = None
    categories: tuple[str, ...] = ()
    _low: int = attrs.field(init=False, repr=False)
    _high: int = attrs.field(init=False, repr=False)
    _complete: bool = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.values.ndim != 1 or self.present.shape != self.values.shape:
            raise ValueError("a fact column's values and mask must be 1-D and of one length")
        if self.present.dtype != np.bool_:
            raise ValueError("a fact column's mask must be an array of booleans")
        if self.type is FactType.DECIMAL:
            if (
                self.unit is None
                or not self.unit.is_finite()
                or self.unit <= 0
                or self.unit.normalize().as_tuple().digits != (1,)
            ):
                raise ValueError("a decimal column needs a unit that is a power of ten (0.01)")
        elif self.unit is not None:
            raise ValueError(f"only a decimal column has a unit, not a {self.type.value} one")
        if self.type is FactType.TEXT and list(self.categories) != sorted(set(self.categories)):
            raise ValueError("a text column's categories must be sorted and distinct")
        low, high = (int(self.values.min()), int(self.values.max())) if self.values.size else (0, 0)
        if self.type is FactType.TEXT:
            codes = self.values[self.present]
            if codes.size and (int(codes.min()) < 0 or int(codes.max()) >= len(self.categories)):
                raise ValueError("a text column's codes must index its categories")
        object.__setattr__(self, "_low", low)
        object.__setattr__(self, "_high", high)
        object.__setattr__(self, "_complete", bool(self.present.all()))

    @staticmethod
    def _mask(present: npt.ArrayLike | None, size: int) -> BoolArray:
        if present is None:
            return np.ones(size, dtype=np.bool_)
        return np.asarray(present, dtype=np.bool_)

    @classmethod
    def dates(cls, ordinals: npt.ArrayLike, present: npt.ArrayLike | None = None) -> FactColumn:
        """A date fact.

        :param ordinals: day ordinals (``datetime.date.toordinal()``), or ``datetime64``
            values or ISO text (see :func:`to_ordinals`).
        :param present: who has the fact; everyone when omitted.
        """
        array = np.asarray(ordinals)
        if array.dtype.kind in "MU":
            array = to_ordinals(array)
        values = _as_ints(array, "dates")
        return cls(type=FactType.DATE, values=values, present=cls._mask(present, len(values)))

    @classmethod
    def integers(cls, values: npt.ArrayLike, present: npt.ArrayLike | None = None) -> FactColumn:
        """An integer fact.

        :param values: the integers.
        :param present: who has the fact; everyone when omitted.
        """
        array = _as_ints(values, "integers")
        return cls(type=FactType.INTEGER, values=array, present=cls._mask(present, len(array)))

    @classmethod
    def decimals(
        cls, values: npt.ArrayLike, unit: Decimal, present: npt.ArrayLike | None = None
    ) -> FactColumn:
        """A decimal fact, as integers in ``unit``: ``8525`` with unit ``0.01`` is ``85.25``.

        :param values: the integers.
        :param unit: what one is worth, a power of ten.
        :param present: who has the fact; everyone when omitted.
        """
        array = _as_ints(values, "decimals")
        return cls(
            type=FactType.DECIMAL,
            values=array,
            present=cls._mask(present, len(array)),
            unit=unit,
        )

    @classmethod
    def booleans(cls, values: npt.ArrayLike, present: npt.ArrayLike | None = None) -> FactColumn:
        """A yes/no fact.

        :param values: the booleans.
        :param present: who has the fact; everyone when omitted.
        """
        array = np.asarray(values, dtype=np.bool_)
        return cls(type=FactType.BOOLEAN, values=array, present=cls._mask(present, len(array)))

    @classmethod
    def texts(
        cls,
        codes: npt.ArrayLike,
        categories: Sequence[str],
        present: npt.ArrayLike | None = None,
    ) -> FactColumn:
        """A text fact, as codes into its sorted distinct values.

        ``numpy.unique(texts, return_inverse=True)`` gives both from an array of text.

        :param codes: each candidate's value as its index in ``categories``.
        :param categories: the values, sorted and distinct.
        :param present: who has the fact; everyone when omitted.
        """
        array = _as_ints(codes, "text codes")
        return cls(
            type=FactType.TEXT,
            values=array,
            present=cls._mask(present, len(array)),
            categories=tuple(categories),
        )

    @classmethod
    def id_counts(cls, counts: npt.ArrayLike, present: npt.ArrayLike | None = None) -> FactColumn:
        """A fact listing ids, as how many distinct ids each candidate's list has.

        :param counts: the numbers of distinct ids.
        :param present: who has the fact; everyone when omitted.
        """
        array = _as_ints(counts, "id counts")
        return cls(type=FactType.IDS, values=array, present=cls._mask(present, len(array)))

    def value(self, row: int) -> FactValue | None:
        """The fact of the candidate in ``row`` as the object path holds it, or ``None``.

        A decimal comes back in its shortest form (``80.50`` as ``80.5``); a list of ids as
        that many placeholders (``#1``, ``#2``): the column keeps only their number. Keep the
        records (:attr:`CandidateColumns.records`) for reasons that show them as written.

        :param row: the candidate's row.
        """
        if not self.present[row]:
            return None
        raw = self.values[row]
        if self.type is FactType.DATE:
            return dt.date.fromordinal(int(raw))
        if self.type is FactType.BOOLEAN:
            return bool(raw)
        if self.type is FactType.DECIMAL:
            assert self.unit is not None
            value = Decimal(int(raw)).scaleb(_exponent(self.unit.normalize())).normalize()
            return value.quantize(Decimal(1)) if _exponent(value) > 0 else value
        if self.type is FactType.TEXT:
            return self.categories[int(raw)]
        if self.type is FactType.IDS:
            return tuple(f"#{index}" for index in range(1, int(raw) + 1))
        return int(raw)


def _codes(
    keys: Sequence[str], codes: npt.ArrayLike | None, size: int, what: str
) -> tuple[IntArray | None, tuple[str, ...]]:
    if codes is None:
        return None, tuple(keys)
    array = _as_ints(codes, what)
    if len(array) != size:
        raise ValueError(f"{what} must have one code per candidate")
    if size and (int(array.min()) < 0 or int(array.max()) >= len(keys)):
        raise ValueError(f"{what} must index its keys")
    return array, tuple(keys)


@attrs.frozen(kw_only=True, eq=False)
class CandidateColumns:
    """The candidates as columns: ids, stages, groups and one :class:`FactColumn` per fact.

    Building them checks the lengths and codes, and sorts the ids once (ids are the last
    tie-break); rows already in id order are only checked. A fact the scheme declares but the
    columns lack is missing for everyone.

    :param ids: the candidates' ids, distinct; a tuple of text or a numpy array of text.
    :param facts: the fact columns by fact key.
    :param stage: each candidate's stage as an index into ``stage_keys``; when omitted, everyone
        is at ``stage_keys[0]`` (or at no stage, ``""``, when there are no keys).
    :param stage_keys: the stages the codes stand for.
    :param group: each candidate's group as an index into ``group_keys``; when omitted, everyone
        is in ``group_keys[0]`` (or in no group, ``""``).
    :param group_keys: the groups the codes stand for.
    :param names: the candidates' names, for explanations.
    :param records: the candidates the columns were built from, if any: explanations then use
        them as they are (with their lists of ids).
    """

    ids: Sequence[str] | npt.NDArray[np.str_]
    facts: Mapping[str, FactColumn] = attrs.field(factory=dict)
    stage: IntArray | None = None
    stage_keys: tuple[str, ...] = ()
    group: IntArray | None = None
    group_keys: tuple[str, ...] = ()
    names: Sequence[str] | None = None
    records: tuple[Candidate, ...] | None = None
    _id_rank: IntArray = attrs.field(init=False, repr=False)
    _by_rank: IntArray = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        size = len(self.ids)
        for key, column in self.facts.items():
            if len(column.values) != size:
                raise ValueError(f"the fact column {key!r} must have one value per candidate")
        stage, _ = _codes(self.stage_keys, self.stage, size, "stage")
        group, _ = _codes(self.group_keys, self.group, size, "group")
        object.__setattr__(self, "stage", stage)
        object.__setattr__(self, "group", group)
        if self.names is not None and len(self.names) != size:
            raise ValueError("names must have one name per candidate")
        if self.records is not None and len(self.records) != size:
            raise ValueError("records must have one candidate per row")
        by_rank = self._id_order()
        id_rank = np.empty(size, dtype=np.int64)
        id_rank[by_rank] = np.arange(size, dtype=np.int64)
        object.__setattr__(self, "_by_rank", _frozen(by_rank))
        object.__setattr__(self, "_id_rank", _frozen(id_rank))

    def _id_order(self) -> IntArray:
        size = len(self.ids)
        if isinstance(self.ids, np.ndarray):
            ids = self.ids
            if ids.ndim != 1 or (size and ids.dtype.kind != "U"):
                raise ValueError("ids must be a one-dimensional array of text")
            if size < 2 or bool(np.all(ids[1:] > ids[:-1])):
                return np.arange(size, dtype=np.int64)
            order = np.argsort(ids, kind="stable").astype(np.int64)
            ordered = ids[order]
            repeated = np.flatnonzero(ordered[1:] == ordered[:-1])
            if repeated.size:
                raise ValueError(f"duplicate candidate id {str(ordered[repeated[0]])!r}")
            return order
        listed = list(self.ids)
        if not all(isinstance(item, str) for item in listed):
            raise ValueError("ids must be text")
        order_list = sorted(range(size), key=listed.__getitem__)
        for before, after in itertools.pairwise(order_list):
            if listed[before] == listed[after]:
                raise ValueError(f"duplicate candidate id {listed[before]!r}")
        return np.asarray(order_list, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def id_rank(self) -> IntArray:
        """Each row's place in id order (0 for the smallest id)."""
        return self._id_rank

    @property
    def rows_by_id(self) -> IntArray:
        """The rows in id order."""
        return self._by_rank

    def id_of(self, row: int) -> str:
        """The id of the candidate in ``row``.

        :param row: the row.
        """
        return str(self.ids[row])

    def row_of(self, candidate_id: str) -> int:
        """The row of the candidate with ``candidate_id``; :class:`KeyError` when none has it.

        :param candidate_id: the id.
        """
        low, high = 0, len(self.ids)
        while low < high:
            middle = (low + high) // 2
            if self.id_of(int(self._by_rank[middle])) < candidate_id:
                low = middle + 1
            else:
                high = middle
        if low < len(self.ids):
            row = int(self._by_rank[low])
            if self.id_of(row) == candidate_id:
                return row
        raise KeyError(candidate_id)

    def stage_of(self, row: int) -> str:
        """The stage of the candidate in ``row``.

        :param row: the row.
        """
        if self.stage is None:
            return self.stage_keys[0] if self.stage_keys else ""
        return self.stage_keys[int(self.stage[row])]

    def group_of(self, row: int) -> str:
        """The group of the candidate in ``row``.

        :param row: the row.
        """
        if self.group is None:
            return self.group_keys[0] if self.group_keys else ""
        return self.group_keys[int(self.group[row])]

    def candidate(self, row: int) -> Candidate:
        """The candidate in ``row`` as a record: the one given, or one rebuilt from the columns.

        :param row: the row.
        """
        if self.records is not None:
            return self.records[row]
        facts: dict[str, FactValue] = {}
        for key, column in self.facts.items():
            value = column.value(row)
            if value is not None:
                facts[key] = value
        return Candidate(
            id=self.id_of(row),
            name=self.names[row] if self.names is not None else "",
            stage=self.stage_of(row),
            group=self.group_of(row),
            facts=facts,
        )

    @classmethod
    def from_candidates(cls, scheme: Scheme, candidates: Iterable[Candidate]) -> CandidateColumns:
        """The columns of ``candidates``, one per fact ``scheme`` declares, in the order given.

        Decimals are counted in the scheme's smallest unit, or in a finer power of ten when a
        value needs it, so every value is kept exactly.

        :param scheme: the scheme whose facts to take.
        :param candidates: the candidates, facts typed (as
            :func:`~branchkit.mechanisms.staging.prepare.prepare_candidates` gives them).
        """
        records = tuple(candidates)
        columns = {
            fact.key: _column_of(fact, [c.fact(fact.key) for c in records], scheme.precision)
            for fact in scheme.facts
        }
        stage_keys = tuple(sorted({c.stage for c in records}))
        group_keys = tuple(sorted({c.group for c in records}))
        stage_index = {key: index for index, key in enumerate(stage_keys)}
        group_index = {key: index for index, key in enumerate(group_keys)}
        return cls(
            ids=tuple(c.id for c in records),
            facts=columns,
            stage=np.fromiter((stage_index[c.stage] for c in records), np.int64, len(records)),
            stage_keys=stage_keys,
            group=np.fromiter((group_index[c.group] for c in records), np.int64, len(records)),
            group_keys=group_keys,
            names=tuple(c.name for c in records),
            records=records,
        )


def _column_of(spec: Fact, raw: list[FactValue | None], precision: Decimal) -> FactColumn:
    values = [None if value is None else coerce_fact(spec, value) for value in raw]
    present = np.fromiter((value is not None for value in values), np.bool_, len(values))
    kind = spec.type
    if kind is FactType.DATE:
        return FactColumn.dates(
            [value.toordinal() if isinstance(value, dt.date) else 0 for value in values], present
        )
    if kind is FactType.BOOLEAN:
        return FactColumn.booleans([value is True for value in values], present)
    if kind is FactType.TEXT:
        categories = sorted({value for value in values if isinstance(value, str)})
        index = {value: code for code, value in enumerate(categories)}
        return FactColumn.texts(
            [index[value] if isinstance(value, str) else 0 for value in values],
            categories,
            present,
        )
    if kind is FactType.IDS:
        return FactColumn.id_counts(
            [len(dict.fromkeys(value)) if isinstance(value, tuple) else 0 for value in values],
            present,
        )
    if kind is FactType.DECIMAL:
        numbers = [value for value in values if isinstance(value, Decimal)]
        exponent = min(
            [_exponent(precision), *(_exponent(number.normalize()) for number in numbers)]
        )
        unit = Decimal(1).scaleb(exponent)
        scaled = [
            int(value.scaleb(-exponent)) if isinstance(value, Decimal) else 0 for value in values
        ]
        _guard_ints(scaled, spec.key)
        return FactColumn.decimals(np.asarray(scaled, dtype=np.int64), unit, present)
    integers = [value if isinstance(value, int) else 0 for value in values]
    _guard_ints(integers, spec.key)
    return FactColumn.integers(np.asarray(integers, dtype=np.int64), present)


def _guard_ints(values: list[int], key: str) -> None:
    if values and max(abs(value) for value in values) >= _LIMIT:
        raise OverflowError(f"the fact {key!r} has a value too large for columnar evaluation")


@attrs.frozen(kw_only=True, eq=False)
class EventColumns:
    """The events as columns: one row per event and participant.

    :param candidate: the row of the participant in the :class:`CandidateColumns` (int32 is
        enough); an event with three participants among the candidates has three rows.
    :param kind: the event's kind, as an index into ``kind_keys``.
    :param kind_keys: the kinds the codes stand for.
    :param date: the event's day, as an ordinal (``datetime.date.toordinal()``), a
        ``datetime64`` value or ISO text.
    :param ids: the event's id on each row, for the sources of explanations; the row number
        when omitted.
    """

    candidate: npt.NDArray[Any]
    kind: npt.NDArray[Any]
    kind_keys: tuple[str, ...]
    date: npt.NDArray[Any]
    ids: Sequence[str] | npt.NDArray[np.str_] | None = None

    def __attrs_post_init__(self) -> None:
        candidate = _as_ints(self.candidate, "event candidates")
        kind = _as_ints(self.kind, "event kinds")
        date = np.asarray(self.date)
        date = _as_ints(to_ordinals(date) if date.dtype.kind in "MU" else date, "event dates")
        size = len(candidate)
        if len(kind) != size or len(date) != size:
            raise ValueError("the event columns must be of one length")
        if self.ids is not None and len(self.ids) != size:
            raise ValueError("the event ids must be one per row")
        if size and (int(kind.min()) < 0 or int(kind.max()) >= len(self.kind_keys)):
            raise ValueError("the event kinds must index kind_keys")
        object.__setattr__(self, "candidate", candidate)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "date", date)

    def __len__(self) -> int:
        return len(self.candidate)

    def event(self, row: int, participant: str) -> Event:
        """The event on ``row`` as a record, with ``participant`` as its one participant.

        :param row: the row.
        :param participant: the candidate's id.
        """
        return Event(
            id=str(self.ids[row]) if self.ids is not None else str(row),
            kind=self.kind_keys[int(self.kind[row])],
            date=dt.date.fromordinal(int(self.date[row])),
            participants=(participant,),
        )

    @classmethod
    def from_events(cls, events: Iterable[Event], candidates: CandidateColumns) -> EventColumns:
        """The columns of ``events``: a row for each participant who is one of ``candidates``.

        A participant named twice in one event counts once, as in the object path.

        :param events: the events.
        :param candidates: the candidates' columns, whose rows the events point to.
        """
        rows = {candidates.id_of(row): row for row in range(len(candidates))}
        found: list[tuple[int, str, int, str]] = []
        for event in events:
            for person in dict.fromkeys(event.participants):
                row = rows.get(person)
                if row is not None:
                    found.append((row, event.kind, event.date.toordinal(), event.id))
        kind_keys = tuple(sorted({kind for _, kind, _, _ in found}))
        kind_index = {key: index for index, key in enumerate(kind_keys)}
        return cls(
            candidate=np.asarray([item[0] for item in found], dtype=np.int32),
            kind=np.asarray([kind_index[item[1]] for item in found], dtype=np.int32),
            kind_keys=kind_keys,
            date=np.asarray([item[2] for item in found], dtype=np.int64),
            ids=tuple(item[3] for item in found),
        )


# ---------------------------------------------------------------------------------------------
# Exact integer amounts with their bounds.


def _round_half_away(value: Fraction) -> int:
    magnitude = (abs(value.numerator) * 2 + value.denominator) // (2 * value.denominator)
    return magnitude if value >= 0 else -magnitude


def _guard(*bounds: int) -> None:
    if any(abs(bound) >= _LIMIT for bound in bounds):
        raise OverflowError(
            "points too large for exact columnar arithmetic (over 2**62 in the scheme's "
            "smallest unit); use evaluate()"
        )


@attrs.frozen
class _Amount:
    """Integers in one unit, with bounds known without looking at them."""

    values: IntArray
    low: int
    high: int

    @classmethod
    def constant(cls, value: int, size: int) -> _Amount:
        _guard(value)
        return cls(np.full(size, value, dtype=np.int64), value, value)

    def times(self, factor: Fraction) -> _Amount:
        """These amounts times ``factor``, rounded half away from zero."""
        numerator, denominator = factor.numerator, factor.denominator
        products = sorted((self.low * numerator, self.high * numerator))
        _guard(products[0] - denominator, products[1] + denominator)
        values = self.values if numerator == 1 else self.values * numerator
        if denominator != 1:
            half = denominator // 2
            if products[0] >= 0:
                values = (values + half) // denominator
            else:
                magnitude = (np.abs(values) + half) // denominator
                values = np.where(values < 0, -magnitude, magnitude)
        return _Amount(
            values,
            _round_half_away(Fraction(products[0], denominator)),
            _round_half_away(Fraction(products[1], denominator)),
        )

    def plus(self, other: _Amount) -> _Amount:
        _guard(self.low + other.low, self.high + other.high)
        return _Amount(self.values + other.values, self.low + other.low, self.high + other.high)

    def at_most(self, cap: int) -> _Amount:
        if cap >= self.high:
            return self
        return _Amount(np.minimum(self.values, cap), min(self.low, cap), cap)

    def at_least(self, floor: int) -> _Amount:
        if floor <= self.low:
            return self
        return _Amount(np.maximum(self.values, floor), floor, max(self.high, floor))

    def only(self, mask: BoolArray) -> _Amount:
        """These amounts where ``mask`` holds, zero elsewhere."""
        return _Amount(np.where(mask, self.values, 0), min(self.low, 0), max(self.high, 0))


def _fraction(value: Decimal | int) -> Fraction:
    return Fraction(value)


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic on day ordinals.


def _after(ordinals: npt.NDArray[Any], duration: Duration) -> IntArray:
    """``duration.after`` of every day, vectorised (a missing day of a month becomes its last)."""
    days = (ordinals.astype(np.int64) - _EPOCH).astype("datetime64[D]")
    month = days.astype("datetime64[M]")
    day_of_month = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(12 * duration.years + duration.months, "M")
    first = target.astype("datetime64[D]")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    result: IntArray = first.astype(np.int64) + np.minimum(day_of_month, length - 1)
    return result + (duration.days + _EPOCH)


def _reached_by(duration: Duration, as_of: dt.date) -> int:
    """The last day whose ``duration.after`` is on or before ``as_of``, as an ordinal (0: none).

    ``duration.after`` never goes back as the day goes forward, so a day reaches the duration by
    ``as_of`` exactly when it is on or before this one.
    """
    target = as_of.toordinal()

    def reached(ordinal: int) -> bool:
        try:
            return duration.after(dt.date.fromordinal(ordinal)) <= as_of
        except (OverflowError, ValueError):
            return False

    span = 372 * duration.years + 31 * duration.months + duration.days + 2
    low, high = max(1, target - span), target
    if not reached(low):
        return 0
    while high - low > 1:
        middle = (low + high) // 2
        if reached(middle):
            low = middle
        else:
            high = middle
    return low


_PERIOD_OF: dict[PeriodKind, Callable[[IntArray], IntArray]] = {
    PeriodKind.MONTH: lambda months: months,
    PeriodKind.QUARTER: lambda months: months // 3,
    PeriodKind.YEAR: lambda months: months // 12,
    # An academic year starts in September, the ninth month (index 8).
    PeriodKind.ACADEMIC_YEAR: lambda months: (months - 8) // 12,
    # Two semesters a year: September to January, February to August.
    PeriodKind.SEMESTER: lambda months: (
        ((months - 8) // 12) * 2 + np.isin(months % 12, (8, 9, 10, 11, 0), invert=True)
    ),
}


def _periods(ordinals: npt.NDArray[Any], kind: PeriodKind) -> IntArray:
    if kind not in _PERIOD_OF:
        raise ValueError("no custom period contains a day by its kind alone")
    days = (ordinals.astype(np.int64) - _EPOCH).astype("datetime64[D]")
    return _PERIOD_OF[kind](days.astype("datetime64[M]").astype(np.int64))


# ---------------------------------------------------------------------------------------------
# The candidates at the stage ranked.


@attrs.frozen(eq=False)
class _View:
    """The listed candidates (those at the stage ranked), their facts and their events."""

    columns: CandidateColumns
    specs: Mapping[str, Fact]
    rows: IntArray | None  # None: every row is listed
    size: int
    as_of: int
    as_of_date: dt.date
    event_position: IntArray  # per counted event: the listed candidate's position
    event_kind: npt.NDArray[Any]
    event_date: npt.NDArray[Any]
    event_codes: Mapping[str, int]
    _cache: dict[str, tuple[npt.NDArray[Any], BoolArray, FactColumn | None]] = attrs.field(
        factory=dict
    )
    #: rank_band results by the rule's id, computed once.
    bands: dict[int, tuple[_Amount, IntArray, IntArray]] = attrs.field(factory=dict)

    def fact(self, key: str) -> tuple[npt.NDArray[Any], BoolArray, FactColumn | None]:
        """The fact's values and mask for the listed candidates, and its column."""
        if key in self._cache:
            return self._cache[key]
        column = self.columns.facts.get(key)
        if column is None:
            found: tuple[npt.NDArray[Any], BoolArray, FactColumn | None] = (
                np.zeros(self.size, dtype=np.int64),
                np.zeros(self.size, dtype=np.bool_),
                None,
            )
        elif self.rows is None:
            found = (column.values, column.present, column)
        else:
            found = (column.values[self.rows], column.present[self.rows], column)
        self._cache[key] = found
        return found

    def numbers(self, key: str) -> tuple[_Amount, BoolArray, Fraction]:
        """A numeric fact as amounts with its mask and its unit."""
        values, present, column = self.fact(key)
        if column is None:
            return _Amount.constant(0, self.size), present, Fraction(1)
        if column.type not in (FactType.INTEGER, FactType.DECIMAL):
            raise ValueError(f"the fact {key!r} is not a number")
        unit = Fraction(column.unit) if column.unit is not None else Fraction(1)
        amount = _Amount(values.astype(np.int64, copy=False), column._low, column._high)
        return amount, present, unit

    def complete(self, key: str) -> bool:
        """Whether every listed candidate has the fact (a shortcut, not a requirement)."""
        column = self.columns.facts.get(key)
        return column is not None and self.rows is None and column._complete

    def group(self) -> tuple[IntArray, int]:
        """The listed candidates' group codes and the number of groups."""
        codes = self.columns.group
        count = max(1, len(self.columns.group_keys))
        if codes is None:
            return np.zeros(self.size, dtype=np.int64), count
        return (codes if self.rows is None else codes[self.rows]), count


def _view(
    columns: CandidateColumns,
    events: EventColumns | None,
    scheme: Scheme,
    stage: str,
    as_of: dt.date,
) -> tuple[_View, BoolArray | None]:
    size = len(columns)
    listed: BoolArray | None = None
    rows: IntArray | None = None
    if scheme.stages and stage:
        if columns.stage is None:
            everyone = columns.stage_keys[0] if columns.stage_keys else ""
            listed = np.full(size, stage == everyone, dtype=np.bool_)
        elif stage in columns.stage_keys:
            listed = columns.stage == columns.stage_keys.index(stage)
        else:
            listed = np.zeros(size, dtype=np.bool_)
        if listed.all():
            listed = None
        else:
            rows = np.flatnonzero(listed)
    count = size if rows is None else len(rows)
    day = as_of.toordinal()
    empty = np.zeros(0, dtype=np.int64)
    position, kind, date, codes = empty, empty, empty, {}
    if events is not None and len(events):
        if len(events) and (int(events.candidate.min()) < 0 or int(events.candidate.max()) >= size):
            raise ValueError("the events point to rows that are not candidates")
        counted = events.date <= day
        if rows is not None:
            where = np.full(size, -1, dtype=np.int64)
            where[rows] = np.arange(len(rows))
            position = where[events.candidate]
            counted &= position >= 0
        else:
            position = events.candidate
        kind, date = events.kind, events.date
        if not counted.all():
            position, kind, date = position[counted], kind[counted], date[counted]
        codes = {key: index for index, key in enumerate(events.kind_keys)}
    specs = {fact.key: fact for fact in scheme.facts}
    for key, column in columns.facts.items():
        if key in specs and specs[key].type is not column.type:
            raise ValueError(
                f"the fact column {key!r} holds {column.type.value} values; "
                f"the scheme declares {specs[key].type.value}"
            )
    view = _View(columns, specs, rows, count, day, as_of, position, kind, date, codes)
    return view, listed


# ---------------------------------------------------------------------------------------------
# Gate conditions: (passed, unknown) masks over the listed candidates.

_Verdicts = tuple[BoolArray, BoolArray]


def _unsupported(what: str) -> NotImplementedError:
    return NotImplementedError(f"columnar evaluation does not run {what}; use evaluate()")


def _ordered(values: npt.NDArray[Any], op: str, low: int, high: int) -> BoolArray:
    """Where values compare as ``op`` with a value that would sit between ``low`` and ``high``.

    ``low`` is the first code (or unit count) not below the value and ``high`` the first above
    it: they are equal when the value itself is not among those the array can hold.
    """
    found: BoolArray
    if op == "<":
        found = values < low
    elif op == "<=":
        found = values < high
    elif op == ">":
        found = values >= high
    elif op == ">=":
        found = values >= low
    else:
        found = (values >= low) & (values < high)
        if op == "!=":
            found = ~found
    return found


def _holds(view: _View, key: str, op: str, value: FactValue) -> BoolArray:
    """Where the fact compares with ``value`` as ``op`` says (missing facts: anything)."""
    values, _, column = view.fact(key)
    spec = view.specs[key]
    wanted = coerce_fact(spec, value)
    kind = spec.type
    if column is None:
        return np.zeros(view.size, dtype=np.bool_)
    if kind is FactType.TEXT and isinstance(wanted, str):
        # Codes follow the sorted categories, so they compare as the text does.
        low = bisect.bisect_left(column.categories, wanted)
        return _ordered(values, op, low, bisect.bisect_right(column.categories, wanted))
    if kind is FactType.DECIMAL and isinstance(wanted, Decimal):
        assert column.unit is not None
        target = Fraction(wanted) / Fraction(column.unit)
        # A value between two units: no candidate equals it; ceil is the first above it.
        return _ordered(values, op, math.ceil(target), math.floor(target) + 1)
    if kind is FactType.DATE and isinstance(wanted, dt.date):
        number = wanted.toordinal()
    elif kind in (FactType.INTEGER, FactType.BOOLEAN) and isinstance(wanted, int):
        number = int(wanted)
    else:
        raise _unsupported(f"a comparison of the {kind.value} fact {key!r}")
    return _ordered(values, op, number, number + 1)


def _present(view: _View, key: str) -> BoolArray:
    values, present, column = view.fact(key)
    if column is None:
        return present
    kind = column.type
    if kind is FactType.BOOLEAN:
        return present & values.astype(np.bool_, copy=False)
    if kind is FactType.IDS:
        return present & (values > 0)
    if kind is FactType.TEXT and "" in column.categories:
        filled: BoolArray = values != column.categories.index("")
        return present & filled
    return present


def _judge(condition: Condition, view: _View) -> _Verdicts:
    """The passed and unknown masks of ``condition`` over the listed candidates."""
    if isinstance(condition, Compare | OneOf | Present | AtLeastSince | ValidFor | CountOf):
        values, present, _ = view.fact(condition.fact)
        unknown = ~present
        if isinstance(condition, Compare):
            holds = _holds(view, condition.fact, condition.op, condition.value)
        elif isinstance(condition, OneOf):
            holds = np.zeros(view.size, dtype=np.bool_)
            for value in condition.values:
                holds |= _holds(view, condition.fact, "==", value)
        elif isinstance(condition, Present):
            return _present(view, condition.fact), unknown
        elif isinstance(condition, AtLeastSince):
            holds = values <= _reached_by(condition.duration, view.as_of_date)
        elif isinstance(condition, ValidFor):
            last = _reached_by(condition.duration, view.as_of_date)
            holds = (values <= view.as_of) & (values > last)
        else:
            if condition.role is not None:
                raise _unsupported(f"count_of with a role (condition {condition.key!r})")
            holds = values >= condition.at_least
            if condition.at_most is not None:
                holds &= values <= condition.at_most
        if view.complete(condition.fact):
            return holds, unknown
        return present & holds, unknown
    if isinstance(condition, Within):
        start, has_start, _ = view.fact(condition.start)
        then, has_then, _ = view.fact(condition.then)
        deadline = _after(np.where(has_start, start, _EPOCH), condition.duration)
        pending = ~has_then & (deadline >= view.as_of)
        holds = has_start & has_then & (start <= then) & (then <= deadline)
        return holds, ~has_start | pending
    if isinstance(condition, NotAfter):
        first, has_first, _ = view.fact(condition.first)
        second, has_second, _ = view.fact(condition.second)
        both = has_first & has_second
        return both & (first <= second), ~both
    if isinstance(condition, Vote):
        return _vote(condition, view)
    if isinstance(condition, HasEvidence):
        raise _unsupported(f"has_evidence conditions (condition {condition.key!r})")
    if isinstance(condition, PredicateCall):
        raise _unsupported(f"plugin predicates (condition {condition.key!r})")
    raise _unsupported(f"conditions of kind {condition.kind!r}")


def _vote(condition: Vote, view: _View) -> _Verdicts:
    entitled, has_entitled, _ = view.numbers(condition.entitled)
    present, has_present, _ = view.numbers(condition.present)
    yes, has_yes, _ = view.numbers(condition.yes)
    if condition.written_yes:
        written, has_written, _ = view.numbers(condition.written_yes)
        written = written.only(has_written)
    else:
        written = _Amount.constant(0, view.size)
    counts = (entitled, present, yes, written)
    _guard(*(2 * bound for amount in counts for bound in (amount.low, amount.high)))
    known = has_entitled & has_present & has_yes
    e, p, w = entitled.values, present.values, written.values
    consistent = (p <= e) & (yes.values <= p) & (w <= e - p)
    quorum = p * 2 > e
    majority = (yes.values + w) * 2 > e
    return known & consistent & quorum & majority, ~known


# ---------------------------------------------------------------------------------------------
# Point rules: awards in the smallest unit over the listed candidates.


def _awards(rule: ScoringRule, view: _View, unit: Fraction) -> _Amount:
    if isinstance(rule, PerEvent):
        return _per_event(rule, view, unit)
    if isinstance(rule, Scaled):
        amount, present, fact_unit = view.numbers(rule.fact)
        points = amount.times(fact_unit * _fraction(rule.factor) / unit)
        if rule.cap is not None:
            points = points.at_most(_round_half_away(_fraction(rule.cap) / unit))
        return points if view.complete(rule.fact) else points.only(present)
    if isinstance(rule, Ratio):
        return _ratio(rule, view, unit)
    if isinstance(rule, Bonus):
        passed, _ = _judge(rule.when, view)
        return _Amount.constant(_round_half_away(_fraction(rule.points) / unit), view.size).only(
            passed
        )
    if isinstance(rule, RankBand):
        if id(rule) not in view.bands:
            view.bands[id(rule)] = _rank_band(rule, view, unit)
        return view.bands[id(rule)][0]
    if isinstance(rule, RuleCall):
        raise _unsupported(f"plugin point rules (rule {rule.key!r})")
    raise _unsupported(f"point rules of kind {rule.kind!r}")


def _per_event(rule: PerEvent, view: _View, unit: Fraction) -> _Amount:
    code = view.event_codes.get(rule.event)
    if code is None:
        return _Amount.constant(0, view.size)
    counted = view.event_kind == code
    if rule.since:
        since, has_since, _ = view.fact(rule.since)
        position = view.event_position
        counted &= ~has_since[position] | (view.event_date >= since[position])
    positions = view.event_position[counted]
    per = _fraction(rule.points) / unit
    cap = _round_half_away(_fraction(rule.cap) / unit) if rule.cap is not None else None

    def award(counts: IntArray, most: int) -> _Amount:
        points = _Amount(counts, 0, most).times(per)
        points = points.at_most(cap) if cap is not None else points
        return points.only(counts > 0)

    if rule.cap_per is None:
        counts = np.bincount(positions, minlength=view.size)
        return award(counts, len(positions))
    periods = _periods(view.event_date[counted], rule.cap_per)
    if not len(periods):
        return _Amount.constant(0, view.size)
    first = int(periods.min())
    span = int(periods.max()) - first + 1
    if view.size * span <= max(_DENSE_CELLS_PER_EVENT * len(view.event_date), _DENSE_CELLS):
        cells = np.bincount(positions * span + (periods - first), minlength=view.size * span)
        points = award(cells, len(positions))
        total = points.values.reshape(view.size, span).sum(axis=1)
        _guard(points.low * span, points.high * span)
        return _Amount(total, min(0, points.low * span), max(0, points.high * span))
    keys, counts = np.unique(positions * span + (periods - first), return_counts=True)
    points = award(counts, len(positions))
    owners = keys // span
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    total = np.zeros(view.size, dtype=np.int64)
    total[owners[starts]] = np.add.reduceat(points.values, starts)
    bound = len(positions)
    _guard(points.low * bound, points.high * bound)
    return _Amount(total, min(0, points.low * bound), max(0, points.high * bound))


def _ratio(rule: Ratio, view: _View, unit: Fraction) -> _Amount:
    top, has_top, top_unit = view.numbers(rule.numerator)
    below, has_below, below_unit = view.numbers(rule.denominator)
    # points / unit = top × (top_unit × scale) / (below × below_unit × unit), rounded half up.
    factor = top_unit * _fraction(rule.scale) / (below_unit * unit)
    numerator_bound = max(abs(top.low), abs(top.high)) * abs(factor.numerator)
    denominator_bound = max(abs(below.low), abs(below.high)) * factor.denominator
    _guard(2 * numerator_bound + denominator_bound, denominator_bound)
    counted = has_top & has_below & (below.values != 0)
    numerator = top.values * factor.numerator
    denominator = np.where(counted, below.values, 1) * factor.denominator
    magnitude = (np.abs(numerator) + np.abs(denominator) // 2) // np.abs(denominator)
    negative = (numerator < 0) != (denominator < 0)
    values = np.where(counted, np.where(negative, -magnitude, magnitude), 0)
    return _Amount(values, -numerator_bound, numerator_bound)


def _rank_band(rule: RankBand, view: _View, unit: Fraction) -> tuple[_Amount, IntArray, IntArray]:
    """The rule's awards, and each listed candidate's rank and group size (0 when unranked)."""
    amount, present, _ = view.numbers(rule.fact)
    groups, count = view.group()
    taken = np.flatnonzero(present)
    rank = np.zeros(view.size, dtype=np.int64)
    size = np.zeros(view.size, dtype=np.int64)
    if not len(taken):
        return _Amount.constant(0, view.size), rank, size
    value = amount.values[taken]
    group = groups[taken]
    key = -value if rule.higher_is_better else value
    order = np.lexsort((key, group))
    sorted_group, sorted_key = group[order], key[order]
    places = np.arange(len(taken))
    new_group = np.r_[True, sorted_group[1:] != sorted_group[:-1]]
    new_value = new_group | np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    group_start = np.maximum.accumulate(np.where(new_group, places, 0))
    value_start = np.maximum.accumulate(np.where(new_value, places, 0))
    rank[taken[order]] = value_start - group_start + 1
    size[taken] = np.bincount(group, minlength=count)[group]
    # points_for, in a unit common to the rule's three amounts.
    top, step, floor = (_fraction(x) for x in (rule.top_points, rule.step_points, rule.floor))
    common = math.lcm(top.denominator, step.denominator, floor.denominator)
    top_n, step_n, floor_n = (int(x * common) for x in (top, step, floor))
    share = _fraction(rule.top_share)
    _guard(share.numerator * len(taken), abs(step_n) * len(taken) + abs(top_n) + abs(floor_n))
    top_count = np.maximum(1, -((-share.numerator * size) // share.denominator))
    steps = -((top_count - rank) // rule.step_places)  # ceil((rank - top_count) / places)
    below = np.maximum(floor_n, top_n - step_n * steps)
    points = np.where(rank <= top_count, top_n, below)
    bound = abs(step_n) * len(taken) + abs(top_n) + abs(floor_n)
    awards = _Amount(points, -bound, bound).times(1 / (common * unit)).only(rank > 0)
    return awards, rank, size


def _dimension(dimension: Dimension, view: _View, unit: Fraction) -> _Amount:
    """The dimension's weighted points, in the smallest unit.

    As in the object path, the base, cap and floor are written in the unit too (rounded half
    up), and so is every award.
    """
    base = _round_half_away(_fraction(dimension.base) / unit)
    points = _Amount.constant(base, view.size) if base or not dimension.rules else None
    for rule in dimension.rules:
        awards = _awards(rule, view, unit)
        points = awards if points is None else points.plus(awards)
    assert points is not None
    if dimension.cap is not None:
        points = points.at_most(_round_half_away(_fraction(dimension.cap) / unit))
    if dimension.floor is not None:
        points = points.at_least(_round_half_away(_fraction(dimension.floor) / unit))
    return points.times(_fraction(dimension.weight))


def _check_supported(scheme: Scheme, conditions: Sequence[Condition]) -> None:
    def check(condition: Condition) -> None:
        if isinstance(condition, PredicateCall):
            raise _unsupported(f"plugin predicates (condition {condition.key!r})")
        if isinstance(condition, HasEvidence):
            raise _unsupported(f"has_evidence conditions (condition {condition.key!r})")
        if isinstance(condition, CountOf) and condition.role is not None:
            raise _unsupported(f"count_of with a role (condition {condition.key!r})")

    for condition in conditions:
        check(condition)
    for dimension in scheme.dimensions:
        for rule in dimension.rules:
            if isinstance(rule, RuleCall):
                raise _unsupported(f"plugin point rules (rule {rule.key!r})")
            if isinstance(rule, Bonus):
                check(rule.when)
    specs = {fact.key: fact for fact in scheme.facts}
    for step in scheme.selection.tie_breaks:
        if step.by == "fact" and specs[step.key or ""].type is FactType.IDS:
            raise _unsupported(f"a tie-break on the list of ids {step.key!r}")


# ---------------------------------------------------------------------------------------------
# Ranking: total, the tie-break chain, id; one sort of packed keys when they fit in 63 bits.


def _sort_keys(
    total: _Amount,
    chain: Sequence[TieBreak],
    weighted: Mapping[str, _Amount],
    view: _View,
    eligible: IntArray,
) -> tuple[list[tuple[IntArray, int]], bool]:
    """The sort keys, most significant first, and whether the ids go in descending order.

    Each key is an array of non-negative integers with an upper bound; ids go in descending
    order only after a chain step ``id`` with ``desc``.
    """
    keys = [(total.high - total.values[eligible], total.high - total.low)]
    for step in chain:
        if step.by == "id":
            return keys, step.order == "desc"
        present: BoolArray | None = None
        if step.by == "dimension":
            amount = weighted[step.key or ""]
            values, low, high = amount.values[eligible], amount.low, amount.high
        else:
            raw, has, column = view.fact(step.key or "")
            values = raw[eligible].astype(np.int64, copy=False)
            low, high = (column._low, column._high) if column is not None else (0, 0)
            present = has[eligible]
        flipped = high - values if step.order == "desc" else values - low
        if present is not None:
            # A missing value goes after every value, whichever the order (as None does).
            keys.append((np.where(present, 0, 1), 1))
            flipped = np.where(present, flipped, 0)
        keys.append((flipped, high - low))
    return keys, False


def _rank_order(
    keys: list[tuple[IntArray, int]], id_rank: IntArray, rows: int, *, ids_descending: bool
) -> IntArray:
    """The id ranks of the eligible, sorted by ``keys`` and then by id.

    The keys are packed into one int64 per candidate and sorted once when their widths fit in
    63 bits (they do for any realistic scheme: the id takes 20 bits for a million candidates);
    otherwise :func:`numpy.lexsort` sorts by them in turn.
    """
    id_width = max(1, (rows - 1).bit_length())
    ids = (rows - 1) - id_rank if ids_descending else id_rank

    def widths(found: list[tuple[IntArray, int]]) -> list[int]:
        return [max(1, bound.bit_length()) for _, bound in found]

    if sum(widths(keys)) + id_width > _PACKED_BITS and len(ids):
        # The bounds known in advance are loose; the values themselves may be narrower.
        tight = []
        for values, _ in keys:
            low = int(values.min())
            tight.append((values - low, int(values.max()) - low))
        keys = tight
    if sum(widths(keys)) + id_width <= _PACKED_BITS:
        packed = np.zeros(len(ids), dtype=np.int64)
        for (values, _), width in zip(keys, widths(keys), strict=True):
            packed = (packed << width) | values
        packed = (packed << id_width) | ids
        ordered: IntArray = np.sort(packed) & ((1 << id_width) - 1)
    else:
        order = np.lexsort((ids, *(values for values, _ in reversed(keys))))
        ordered = ids[order]
    return (rows - 1) - ordered if ids_descending else ordered


# ---------------------------------------------------------------------------------------------
# The result.


@attrs.frozen(kw_only=True, eq=False)
class ColumnarResult:
    """What :func:`evaluate_columns` gives: every figure as an array over the candidates' rows.

    Points are integers in :attr:`unit` (see :meth:`points`). Rows of candidates not at the
    stage ranked are not judged: ``listed`` is false for them, their gate codes are
    :data:`NOT_LISTED` and their figures zero. The arrays are read-only.

    :param scheme: the scheme.
    :param columns: the candidates.
    :param events: the events, if any.
    :param as_of: the day judged.
    :param stage: the stage ranked.
    :param quota: the quota applied, if any.
    :param unit: the smallest unit of points.
    :param listed: whether each row's candidate is at the stage ranked.
    :param gates: each gate condition's outcome codes (:data:`PASSED`, :data:`FAILED`,
        :data:`UNKNOWN`, :data:`NOT_LISTED`) by the condition's key, in the gate's order.
    :param eligible: whether each candidate passed every gate.
    :param weighted: each dimension's weighted points by the dimension's key.
    :param total: each candidate's total.
    :param band: the index in the scheme's bands of the band each total falls in; -1 for none.
    :param order: the rows of the eligible candidates, first to last.
    :param rank: each candidate's rank (1 is first); 0 for those not ranked.
    :param selected: whether each candidate is selected.
    :param needs_decision: whether a tie at the quota leaves each candidate to people.
    :param rank_bands: for each ``rank_band`` rule, by (dimension index, rule index), every
        listed row's rank in its group and the group's size (0 when unranked).
    """

    scheme: Scheme
    columns: CandidateColumns
    events: EventColumns | None
    as_of: dt.date
    stage: str
    quota: int | None
    unit: Decimal
    listed: BoolArray
    gates: Mapping[str, npt.NDArray[np.int8]]
    eligible: BoolArray
    weighted: Mapping[str, IntArray]
    total: IntArray
    band: IntArray
    order: IntArray
    rank: IntArray
    selected: BoolArray
    needs_decision: BoolArray
    rank_bands: Mapping[tuple[int, int], tuple[IntArray, IntArray]]

    def points(self, units: int | np.integer[Any]) -> Decimal:
        """An amount of :attr:`unit` as the object path writes it: ``1050`` is ``10.50``.

        :param units: the amount, such as ``result.total[row]``.
        """
        return Decimal(int(units)).scaleb(_exponent(self.unit))

    @property
    def counts(self) -> Mapping[str, int]:
        """How many candidates, eligible, selected and needing a decision, as the object path."""
        return {
            "candidates": int(self.listed.sum()),
            "eligible": len(self.order),
            "selected": int(self.selected.sum()),
            "needs_decision": int(self.needs_decision.sum()),
        }

    def _events_by_row(self, *, many: bool) -> Callable[[int], tuple[Event, ...]]:
        """A function giving a candidate's counted events as records, in date and id order.

        For ``many`` candidates the events are sorted by candidate once; for a few, each
        candidate's are found by a scan.
        """
        events = self.events
        if events is None or not len(events):
            return lambda row: ()
        day = self.as_of.toordinal()
        order = np.argsort(events.candidate, kind="stable") if many else None
        owners = events.candidate[order] if order is not None else None

        def of(row: int) -> tuple[Event, ...]:
            if order is not None and owners is not None:
                start, stop = np.searchsorted(owners, [row, row + 1])
                found_rows = order[start:stop]
            else:
                found_rows = np.flatnonzero(events.candidate == row)
            participant = self.columns.id_of(row)
            found = [
                events.event(int(index), participant)
                for index in found_rows
                if events.date[index] <= day
            ]
            return tuple(sorted(found, key=lambda event: (event.date, event.id)))

        return of

    def _core(self, row: int, events: tuple[Event, ...]) -> CandidateResult:
        """The candidate's gates and points by the object path, checked against the columns."""
        scheme = self.scheme
        candidate = self.columns.candidate(row)
        context = Context(
            candidate=candidate,
            as_of=self.as_of,
            facts={fact.key: fact for fact in scheme.facts},
            events=events,
        )
        gates = []
        for condition in _conditions(scheme, self.stage):
            verdict = condition.evaluate(context)
            gates.append(
                GateResult(
                    key=condition.key,
                    label=condition.label or verdict.reason,
                    outcome=verdict.outcome,
                    reason=verdict.reason,
                    facts=verdict.facts,
                )
            )
        tables: dict[int, RankTable] = {}
        for (d_index, r_index), (ranks, sizes) in self.rank_bands.items():
            rule = scheme.dimensions[d_index].rules[r_index]
            assert isinstance(rule, RankBand)
            found = {candidate.id: (int(ranks[row]), int(sizes[row]))} if ranks[row] else {}
            tables[id(rule)] = RankTable(rule=rule, ranks=MappingProxyType(found))
        precision = scheme.precision
        dimensions = tuple(
            _score(dimension, context, tables, precision, _bounds(dimension, precision))
            for dimension in scheme.dimensions
        )
        total = sum((d.weighted for d in dimensions), Decimal(0))
        band = scheme.band_of(total)
        eligible = all(gate.outcome is Outcome.PASSED for gate in gates)
        agree = eligible == bool(self.eligible[row]) and all(
            gate.outcome is OUTCOMES[int(self.gates[gate.key][row])] for gate in gates
        )
        agree = agree and all(
            d.weighted == self.points(self.weighted[d.key][row]) for d in dimensions
        )
        if not agree:
            raise RuntimeError(
                f"the columnar and object paths disagree on candidate row {row}; please report"
            )
        return CandidateResult(
            id=candidate.id,
            name=candidate.name,
            stage=candidate.stage,
            group=candidate.group,
            gates=tuple(gates),
            eligible=eligible,
            dimensions=dimensions,
            total=total,
            band=band.key if band is not None else None,
            rank=None,
            selected=False,
        )

    def _boundary(self) -> tuple[int | None, bool]:
        ranked = len(self.order)
        limit = ranked if self.quota is None else min(self.quota, ranked)
        if not 0 < limit < ranked:
            return None, False
        boundary = int(self.total[self.order[limit - 1]])
        return boundary, int(self.total[self.order[limit]]) == boundary

    def _ranked(
        self, row: int, cores: Callable[[int], CandidateResult], boundary: tuple[int | None, bool]
    ) -> CandidateResult:
        core = cores(row)
        place = int(self.rank[row]) - 1
        if place < 0:
            return core
        window = [core]
        index = 0
        total = self.total[row]
        if place > 0 and self.total[self.order[place - 1]] == total:
            window.insert(0, cores(int(self.order[place - 1])))
            index = 1
        if place + 1 < len(self.order) and self.total[self.order[place + 1]] == total:
            window.append(cores(int(self.order[place + 1])))
        columns = self.columns
        facts = {r.id: columns.candidate(columns.row_of(r.id)).facts for r in window}
        value, straddles = boundary
        tie = _tie_note(
            window,
            index,
            _chain(self.scheme),
            facts,
            self.scheme,
            at_boundary=straddles and value is not None and int(total) == value,
        )
        return attrs.evolve(
            core,
            rank=place + 1,
            selected=bool(self.selected[row]),
            needs_decision=bool(self.needs_decision[row]),
            tie=tie,
        )

    def explain(self, row: int) -> CandidateResult:
        """The full result of the candidate in ``row``, reasons and all, as in ``evaluate()``.

        Built by the object path for this candidate alone (and its tied neighbours, for the
        note on how a tie was broken); the figures are checked against the columns.

        :param row: the candidate's row (see :meth:`CandidateColumns.row_of`).
        :raises ValueError: when the candidate is not at the stage ranked.
        """
        if not self.listed[row]:
            raise ValueError(f"the candidate in row {row} is not at the stage {self.stage!r}")
        events = self._events_by_row(many=False)
        cached: dict[int, CandidateResult] = {}

        def cores(at: int) -> CandidateResult:
            if at not in cached:
                cached[at] = self._core(at, events(at))
            return cached[at]

        return self._ranked(row, cores, self._boundary())

    def to_staging_result(self) -> StagingResult:
        """The whole result with every explanation: equal to what ``evaluate()`` gives.

        This runs the object path for every candidate at the stage: use it for a few thousand
        candidates, :meth:`explain` for one.
        """
        events = self._events_by_row(many=True)
        cached: dict[int, CandidateResult] = {}

        def cores(at: int) -> CandidateResult:
            if at not in cached:
                cached[at] = self._core(at, events(at))
            return cached[at]

        boundary = self._boundary()
        ranked = tuple(self._ranked(int(row), cores, boundary) for row in self.order)
        by_id = self.columns.rows_by_id
        rest = tuple(cores(int(row)) for row in by_id[self.listed[by_id] & ~self.eligible[by_id]])
        return StagingResult(
            scheme=self.scheme.key,
            fingerprint=fingerprint(self.scheme),
            as_of=self.as_of,
            stage=self.stage,
            quota=self.quota,
            candidates=(*ranked, *rest),
            counts=dict(self.counts),
        )


def _conditions(scheme: Scheme, stage: str) -> tuple[Condition, ...]:
    """The gate conditions candidates at ``stage`` are judged by, as in the object path."""
    transition = scheme.move_from(stage) if stage else None
    return transition.conditions if transition is not None else ()


def _spread(values: npt.NDArray[Any], rows: IntArray | None, size: int, fill: int) -> Any:
    if rows is None:
        return values
    full = np.full(size, fill, dtype=values.dtype)
    full[rows] = values
    return full


def _bands(scheme: Scheme, total: _Amount, unit: Fraction) -> IntArray:
    """The index of each total's band; -1 for none.

    A total at or above a band's lowest total is in it; the highest such band wins, the first
    written among equal ones.
    """
    thresholds: dict[int, int] = {}
    for index, entry in enumerate(scheme.bands):
        thresholds.setdefault(math.ceil(_fraction(entry.at_least) / unit), index)
    if not thresholds:
        return np.full(len(total.values), -1, dtype=np.int64)
    ordered = sorted(thresholds)
    found = np.searchsorted(np.asarray(ordered, dtype=np.int64), total.values, side="right")
    chosen = np.asarray([-1, *(thresholds[least] for least in ordered)], dtype=np.int64)
    result: IntArray = chosen[found]
    return result


def _select(
    scheme: Scheme,
    candidates: CandidateColumns,
    view: _View,
    *,
    eligible: BoolArray,
    total: _Amount,
    weighted: Mapping[str, _Amount],
    quota: int | None,
) -> tuple[IntArray, IntArray, BoolArray, BoolArray]:
    """The ranked rows in order, and each listed candidate's rank, selection and flag."""
    eligible_at = np.flatnonzero(eligible)
    id_rank = candidates.id_rank if view.rows is None else candidates.id_rank[view.rows]
    keys, ids_descending = _sort_keys(total, _chain(scheme), weighted, view, eligible_at)
    ranked_ids = _rank_order(
        keys, id_rank[eligible_at], len(candidates), ids_descending=ids_descending
    )
    order: IntArray = candidates.rows_by_id[ranked_ids]
    position_of = order if view.rows is None else np.searchsorted(view.rows, order)
    ranked = len(order)
    rank = np.zeros(view.size, dtype=np.int64)
    rank[position_of] = np.arange(1, ranked + 1)
    limit = ranked if quota is None else min(quota, ranked)
    selected = np.zeros(view.size, dtype=np.bool_)
    needs_decision = np.zeros(view.size, dtype=np.bool_)
    last = int(total.values[position_of[limit - 1]]) if 0 < limit < ranked else None
    flag = scheme.selection.on_boundary_tie == "flag"
    if flag and last is not None and int(total.values[position_of[limit]]) == last:
        # Equal totals straddle the quota: only those above them are selected.
        selected = eligible & (total.values > last)
        needs_decision = eligible & (total.values == last)
        return order, rank, selected, needs_decision
    selected[position_of[:limit]] = True
    return order, rank, selected, needs_decision


def evaluate_columns(
    scheme: Scheme,
    candidates: CandidateColumns,
    events: EventColumns | None = None,
    *,
    as_of: dt.date,
    stage: str | None = None,
    quota: int | None = None,
) -> ColumnarResult:
    """Judge, score, rank and select candidates given as columns, exactly as ``evaluate()``.

    See :func:`~branchkit.mechanisms.staging.evaluate.evaluate` for the rules applied.

    :param scheme: the rules.
    :param candidates: the candidates' columns.
    :param events: the events' columns; events after ``as_of`` do not count.
    :param as_of: the day judged.
    :param stage: the stage to rank; the scheme's selection stage by default.
    :param quota: the quota; the scheme's by default.
    :raises NotImplementedError: when the scheme uses plugin predicates or point rules,
        ``has_evidence``, ``count_of`` with a role, or a tie-break on a list of ids.
    :raises OverflowError: when a figure could leave the exact int64 range.
    :raises ValueError: when a column's type is not the one the scheme declares.
    """
    selection = scheme.selection
    stage = selection.stage if stage is None else stage
    quota = selection.quota if quota is None else quota
    conditions = _conditions(scheme, stage)
    _check_supported(scheme, conditions)
    view, listed = _view(candidates, events, scheme, stage, as_of)
    size = len(candidates)
    unit_decimal = smallest_unit(scheme.precision)
    unit = Fraction(unit_decimal)

    passed_all = np.ones(view.size, dtype=np.bool_)
    gates: dict[str, npt.NDArray[np.int8]] = {}
    for condition in conditions:
        passed, unknown = _judge(condition, view)
        passed_all &= passed
        codes = np.where(unknown, UNKNOWN, np.where(passed, PASSED, FAILED)).astype(np.int8)
        gates[condition.key] = codes

    weighted: dict[str, _Amount] = {}
    total = _Amount.constant(0, view.size)
    rank_bands: dict[tuple[int, int], tuple[IntArray, IntArray]] = {}
    for d_index, dimension in enumerate(scheme.dimensions):
        amount = _dimension(dimension, view, unit)
        weighted[dimension.key] = amount
        total = amount if d_index == 0 else total.plus(amount)
        for r_index, rule in enumerate(dimension.rules):
            if isinstance(rule, RankBand):
                _, ranks, sizes = view.bands[id(rule)]
                rank_bands[d_index, r_index] = (ranks, sizes)

    band = _bands(scheme, total, unit)

    order, rank, selected, needs_decision = _select(
        scheme, candidates, view, eligible=passed_all, total=total, weighted=weighted, quota=quota
    )
    rows = view.rows
    return ColumnarResult(
        scheme=scheme,
        columns=candidates,
        events=events,
        as_of=as_of,
        stage=stage,
        quota=quota,
        unit=unit_decimal,
        listed=_frozen(np.ones(size, dtype=np.bool_) if listed is None else listed),
        gates=MappingProxyType(
            {key: _frozen(_spread(codes, rows, size, NOT_LISTED)) for key, codes in gates.items()}
        ),
        eligible=_frozen(_spread(passed_all, rows, size, 0)),
        weighted=MappingProxyType(
            {key: _frozen(_spread(a.values, rows, size, 0)) for key, a in weighted.items()}
        ),
        total=_frozen(_spread(total.values, rows, size, 0)),
        band=_frozen(_spread(band, rows, size, -1)),
        order=_frozen(order),
        rank=_frozen(_spread(rank, rows, size, 0)),
        selected=_frozen(_spread(selected, rows, size, 0)),
        needs_decision=_frozen(_spread(needs_decision, rows, size, 0)),
        rank_bands=MappingProxyType(
            {
                key: (
                    _frozen(_spread(ranks, rows, size, 0)),
                    _frozen(_spread(sizes, rows, size, 0)),
                )
                for key, (ranks, sizes) in rank_bands.items()
            }
        ),
    )
