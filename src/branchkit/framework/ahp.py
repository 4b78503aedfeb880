"""The Analytic Hierarchy Process: weights from pairwise judgements, with a consistency check.

Saaty's AHP asks, for every pair of items (criteria of a standard, say), which matters more and
how strongly, on his 1-9 scale: 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely
more (2, 4, 6, 8 in between). The judgements fill a reciprocal matrix ``A`` (``A[i][j]`` the
strength of ``i`` over ``j``, ``A[j][i] = 1 / A[i][j]``); the weights are its principal
eigenvector, normalised to sum 1. Its principal eigenvalue ``lambda_max`` is ``n`` exactly when
the judgements are consistent (``A[i][k] == A[i][j] * A[j][k]``) and grows with inconsistency:

* consistency index ``CI = (lambda_max - n) / (n - 1)``;
* consistency ratio ``CR = CI / RI``, with ``RI`` the mean CI of random matrices of the same
  size (:data:`RANDOM_INDEX`); ``CR`` is 0 for one or two items, which cannot be inconsistent.

Judgements with ``CR >= 0.1`` (:data:`CONSISTENCY_THRESHOLD`) are refused with
:class:`~branchkit.errors.InconsistentJudgementsError` unless the caller accepts them.

>>> from branchkit.framework.ahp import Judgement, ahp
>>> result = ahp(
...     ("a", "b", "c"),
...     (
...         Judgement(prefer="a", over="b", strength=2),
...         Judgement(prefer="b", over="c", strength=2),
...         Judgement(prefer="a", over="c", strength=4),
...     ),
... )
>>> result.weights
(('a', Decimal('0.5714')), ('b', Decimal('0.2857')), ('c', Decimal('0.1429')))
>>> round(result.lambda_max, 6), round(result.cr, 6), result.consistent
(3.0, 0.0, True)
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

import attrs

from branchkit.errors import InconsistentJudgementsError, Path, RecordError
from branchkit.framework._numbers import FRACTION_PLACES, rounded
from branchkit.records._checks import duplicate_problems, ensure_valid, key_problems
from branchkit.records.labels import Label

__all__ = [
    "CONSISTENCY_THRESHOLD",
    "MAX_ITEMS",
    "RANDOM_INDEX",
    "AhpResult",
    "Judgement",
    "ahp",
    "judgement_problems",
    "pairwise_matrix",
]

#: Judgements are consistent enough to weigh by when their consistency ratio is below this.
CONSISTENCY_THRESHOLD = 0.1

#: Saaty's random index RI: the mean consistency index of random reciprocal matrices of order
#: n, as tabulated in T. L. Saaty, *The Analytic Hierarchy Process*, McGraw-Hill, 1980, and in
#: T. L. Saaty, "How to make a decision: the analytic hierarchy process", European Journal of
#: Operational Research 48 (1990), 9-26. Later simulations give slightly different figures
#: beyond n = 10; rather than mix sources, the table stops at 10 and :func:`ahp` refuses more
#: items (Saaty himself advises against comparing more than about 7 at once).
RANDOM_INDEX: Mapping[int, decimal.Decimal] = MappingProxyType(
    {
        1: decimal.Decimal("0"),
        2: decimal.Decimal("0"),
        3: decimal.Decimal("0.58"),
        4: decimal.Decimal("0.90"),
        5: decimal.Decimal("1.12"),
        6: decimal.Decimal("1.24"),
        7: decimal.Decimal("1.32"),
        8: decimal.Decimal("1.41"),
        9: decimal.Decimal("1.45"),
        10: decimal.Decimal("1.49"),
    }
)

#: The most items one set of judgements may compare: the end of :data:`RANDOM_INDEX`.
MAX_ITEMS = max(RANDOM_INDEX)

_RECORD = "pairwise matrix"


@attrs.frozen(kw_only=True)
class Judgement:
    """One pairwise judgement: ``prefer`` matters ``strength`` times as much as ``over``.

    :param prefer: the key of the item that matters more (or as much, at strength 1).
    :param over: the key of the item it is compared with; not ``prefer`` itself.
    :param strength: how much more, on Saaty's scale: an integer from 1 (equal) to 9
        (extremely more).
    :param reason: why, in both languages, for the record.
    """

    prefer: str
    over: str
    strength: int
    reason: Label | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("prefer", self.prefer)
        yield from key_problems("over", self.over)
        if self.prefer == self.over:
            yield ("over",), f"{self.over!r} cannot be judged against itself"
        if isinstance(self.strength, bool) or not 1 <= self.strength <= 9:
            yield (
                ("strength",),
                f"must be an integer from 1 to 9 (Saaty's scale), not {self.strength}",
            )


@attrs.frozen(kw_only=True)
class AhpResult:
    """The weights a set of judgements gives, and how consistent the judgements are.

    :param weights: each key and its weight, in the order the keys were given, rounded half
        up to 4 places (so the rounded weights may miss 1 by a few ten-thousandths).
    :param eigenvector: the unrounded weights, in the same order, summing to 1.
    :param lambda_max: the principal eigenvalue of the pairwise matrix.
    :param ci: the consistency index ``(lambda_max - n) / (n - 1)``; 0 for one item, and never
        below 0 (a principal eigenvalue below ``n`` is round-off).
    :param ri: Saaty's random index for ``n`` items (:data:`RANDOM_INDEX`).
    :param cr: the consistency ratio ``ci / ri``; 0 for one or two items.
    :param consistent: whether ``cr`` is below :data:`CONSISTENCY_THRESHOLD`.
    """

    weights: tuple[tuple[str, decimal.Decimal], ...]
    eigenvector: tuple[float, ...]
    lambda_max: float
    ci: float
    ri: decimal.Decimal
    cr: float
    consistent: bool

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys weighed, in order."""
        return tuple(key for key, _ in self.weights)

    def weight(self, key: str) -> decimal.Decimal:
        """The rounded weight of ``key``.

        :param key: one of the keys weighed.
        :raises KeyError: when ``key`` was not weighed.
        """
        for name, value in self.weights:
            if name == key:
                return value
        raise KeyError(key)


def judgement_problems(
    keys: Sequence[str], judgements: Sequence[Judgement], *, kind: str = "key"
) -> Iterator[tuple[Path, str]]:
    """The problems of ``judgements`` as the pairwise comparisons of ``keys``.

    Each judgement must name two of ``keys``, and every unordered pair of keys must be judged
    exactly once (in either direction). Paths start at ``judgements``.

    :param keys: the keys compared.
    :param judgements: the judgements.
    :param kind: what a key is, for the messages (``"criterion"``).
    """
    known = set(keys)
    first: dict[frozenset[str], int] = {}
    for index, judgement in enumerate(judgements):
        names = (("prefer", judgement.prefer), ("over", judgement.over))
        unknown = [(field, name) for field, name in names if name not in known]
        for field, name in unknown:
            yield ("judgements", index, field), f"no {kind} {name!r}"
        if unknown:
            continue
        pair = frozenset((judgement.prefer, judgement.over))
        if pair in first:
            yield (
                ("judgements", index),
                (
                    f"{judgement.prefer!r} and {judgement.over!r} are judged twice "
                    f"(first at index {first[pair]})"
                ),
            )
        else:
            first[pair] = index
    ordered = list(dict.fromkeys(keys))
    for row, left in enumerate(ordered):
        for right in ordered[row + 1 :]:
            if frozenset((left, right)) not in first:
                yield ("judgements",), f"no judgement between {left!r} and {right!r}"


def _key_list_problems(keys: Sequence[str]) -> Iterator[tuple[Path, str]]:
    if not keys:
        yield ("keys",), "needs at least one key"
    for index, key in enumerate(keys):
        for _, message in key_problems("keys", key):
            yield ("keys", index), message
    yield from duplicate_problems("keys", keys, key=lambda key: key, field="key")


def pairwise_matrix(
    keys: Iterable[str], judgements: Iterable[Judgement]
) -> tuple[tuple[float, ...], ...]:
    """The reciprocal matrix of ``judgements`` over ``keys``, in the order of ``keys``.

    Row ``i``, column ``j`` holds how much more ``keys[i]`` matters than ``keys[j]``: the
    judgement's strength, or its reciprocal when it was stated the other way round; the
    diagonal holds 1.

    >>> from branchkit.framework.ahp import Judgement, pairwise_matrix
    >>> pairwise_matrix(("a", "b"), (Judgement(prefer="b", over="a", strength=4),))
    ((1.0, 0.25), (4.0, 1.0))

    :param keys: the keys compared, each once.
    :param judgements: one judgement for every unordered pair of keys.
    :raises branchkit.errors.RecordError: listing every unknown key, pair judged twice and
        pair not judged.
    """
    names = tuple(keys)
    stated = tuple(judgements)
    problems = [*_key_list_problems(names), *judgement_problems(names, stated)]
    if problems:
        raise RecordError(_RECORD, problems)
    position = {key: index for index, key in enumerate(names)}
    cells = [[1.0] * len(names) for _ in names]
    for judgement in stated:
        row, column = position[judgement.prefer], position[judgement.over]
        cells[row][column] = float(judgement.strength)
        cells[column][row] = 1 / judgement.strength
    return tuple(tuple(row) for row in cells)


#: The places the eigenvalue and eigenvector keep.
_PLACES = 12


def _principal(matrix: tuple[tuple[float, ...], ...]) -> tuple[float, tuple[float, ...]]:
    """The principal eigenvalue of ``matrix`` and its eigenvector normalised to sum 1."""
    if len(matrix) == 1:
        return 1.0, (1.0,)
    import numpy as np  # noqa: PLC0415  (keeps importing branchkit cheap)

    array = np.array(matrix, dtype=np.float64)
    values, vectors = np.linalg.eig(array)
    # A positive matrix has one real eigenvalue of largest modulus (Perron-Frobenius), with a
    # positive eigenvector: the largest real part picks it.
    index = int(np.argmax(values.real))
    vector = vectors[:, index].real
    vector = vector / vector.sum()
    # Rounded to 12 places: LAPACK builds differ in the last bits, and results must not.
    return (
        round(float(values[index].real), _PLACES),
        tuple(round(float(x), _PLACES) for x in vector),
    )


def _advice(keys: Sequence[str], judgements: Sequence[Judgement], vector: Sequence[float]) -> str:
    """Which judgement to revisit: the one the weights bear out least.

    Saaty ("Decision-making with the AHP: why is the principal eigenvector necessary",
    European Journal of Operational Research 145 (2003), 85-91) writes each judgement as the
    ratio of the weights times a perturbation, ``a_ij = (w_i / w_j) * e_ij``, and improves an
    inconsistent matrix by revising the judgement whose ``e_ij = a_ij * w_j / w_i`` lies
    furthest from 1. The weights' own ratio ``w_i / w_j`` suggests the value to consider.
    """
    position = {key: index for index, key in enumerate(keys)}
    worst, departure = 0, 0.0
    for index, judgement in enumerate(judgements):
        ratio = vector[position[judgement.prefer]] / vector[position[judgement.over]]
        error = judgement.strength / ratio
        away = max(error, 1 / error)
        if away > departure * (1 + 1e-9):
            worst, departure = index, away
    judgement = judgements[worst]
    ratio = vector[position[judgement.prefer]] / vector[position[judgement.over]]
    strength = _scale(max(ratio, 1 / ratio))
    if strength == 1:
        implied = "the two matter about equally"
    elif ratio > 1:
        implied = f"{judgement.prefer!r} over {judgement.over!r} at about {strength}"
    else:
        implied = f"{judgement.over!r} over {judgement.prefer!r} at about {strength}"
    return (
        f"the judgement the weights bear out least is judgements[{worst}], "
        f"{judgement.prefer!r} over {judgement.over!r} at {judgement.strength}, where the "
        f"weights imply {implied}: revisit it, or set accept_inconsistent to keep the "
        "judgements as they are"
    )


def _scale(ratio: float) -> int:
    """``ratio`` (at least 1) as the nearest point of Saaty's scale."""
    return min(9, max(1, int(ratio + 0.5)))


def _solve(
    keys: Sequence[str],
    judgements: Sequence[Judgement],
    *,
    accept_inconsistent: bool,
    record: str,
) -> AhpResult:
    """:func:`ahp`, with the record named in its errors; for records that weigh by AHP."""
    matrix = pairwise_matrix(keys, judgements)
    count = len(keys)
    if count > MAX_ITEMS:
        raise RecordError(
            record,
            [
                (
                    ("keys",),
                    f"AHP compares at most {MAX_ITEMS} items (the end of Saaty's random index "
                    f"table), not {count}",
                )
            ],
        )
    lambda_max, vector = _principal(matrix)
    ci = max(0.0, (lambda_max - count) / (count - 1)) if count > 1 else 0.0
    ri = RANDOM_INDEX[count]
    cr = ci / float(ri) if ri else 0.0
    consistent = cr < CONSISTENCY_THRESHOLD
    if not consistent and not accept_inconsistent:
        raise InconsistentJudgementsError(
            record,
            ratio=cr,
            threshold=CONSISTENCY_THRESHOLD,
            advice=_advice(keys, judgements, vector),
        )
    weights = tuple(
        (key, rounded(decimal.Decimal(weight), FRACTION_PLACES))
        for key, weight in zip(keys, vector, strict=True)
    )
    return AhpResult(
        weights=weights,
        eigenvector=vector,
        lambda_max=lambda_max,
        ci=ci,
        ri=ri,
        cr=cr,
        consistent=consistent,
    )


def ahp(
    keys: Iterable[str], judgements: Iterable[Judgement], *, accept_inconsistent: bool = False
) -> AhpResult:
    """Weigh ``keys`` by the principal eigenvector of their pairwise judgements.

    The eigenvector comes from ``numpy.linalg.eig``; see the module's description for
    ``lambda_max``, CI, RI and CR.

    :param keys: the keys to weigh, each once, at most :data:`MAX_ITEMS`; the weights come in
        this order.
    :param judgements: one judgement for every unordered pair of keys; their order does not
        matter.
    :param accept_inconsistent: return the result of judgements whose consistency ratio is
        :data:`CONSISTENCY_THRESHOLD` or more (with ``consistent`` false) instead of refusing
        them.
    :raises branchkit.errors.InconsistentJudgementsError: when the consistency ratio is too
        high and not accepted; the message names the judgement to revisit first.
    :raises branchkit.errors.RecordError: when the judgements do not judge every pair of keys
        exactly once, or there are more than :data:`MAX_ITEMS` keys.
    """
    return _solve(
        tuple(keys),
        tuple(judgements),
        accept_inconsistent=accept_inconsistent,
        record=_RECORD,
    )
