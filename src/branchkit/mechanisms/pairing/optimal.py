"""Optimal pairs: as many pairs as can be formed, and of those the most compatible.

:func:`solve_optimal` chooses, among the eligible pairs, a set in which no mentee has two
mentors and no mentor more mentees than places. It pairs as many mentees as any such set can
and, among the sets that pair that many, has the greatest total compatibility. Pairing comes
first because a mentee left out is a mentee without a mentor, which a little more
compatibility elsewhere does not make up for.

How: an assignment problem, solved by
:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching` (the ``solver`` extra), the
sparse Jonker-Volgenant algorithm. Its rows are the mentees with at least one eligible
mentor. Its columns are the mentors' places, each mentor repeated once per place (no more
places than the mentor has eligible mentees), and one "unpaired" column per row, which only
that row may take. Row ``i`` may take a place of mentor ``j`` when they are eligible, at a
weight of ``G + 1 - g`` (``g`` their compatibility as a whole number, ``G`` the greatest
``g``), or its unpaired column at ``P + G + 1``, where ``P`` is one more than the sum of the
rows' greatest ``g``. Every row takes exactly one column, so the constant ``G + 1`` leaves the
choice alone and only keeps every weight above 0, as the solver requires; ``P`` is more than
any difference in total compatibility, so one more pair always outweighs it. The unpaired
columns make a full matching of the rows always possible, which the solver needs: without them
it fails as soon as one mentee cannot be paired. Weights are whole numbers, exact in floating
point (the solver would lose them past 2**53, and says so), so equal totals compare equal.

Why sparse: each mentee is eligible for few mentors, so the matrix has a handful of entries
per row. A dense :func:`scipy.optimize.linear_sum_assignment` on the same problem must fill
every other entry with a prohibitive weight, and at 3,000 mentees and 1,000 mentors of three
places each it takes more than ten times as long (``benchmarks/pairing.py`` measures both).

The result depends only on the pairs, not on their order, nor on anything but the numbers:
:func:`~branchkit.mechanisms.pairing.evaluate.pair` numbers mentees and mentors by sorted id,
so that the same records in any order give the same pairs. When several sets of pairs are
equally good, which one is chosen is fixed by that numbering.

>>> import numpy as np
>>> from branchkit.mechanisms.pairing.optimal import solve_optimal
>>> # Mentee 0 fits mentor 0 best, but mentor 0 is mentee 1's only option: pairing both wins.
>>> solve_optimal(
...     mentees=2,
...     capacities=[1, 1],
...     mentee_of=np.array([0, 0, 1]),
...     mentor_of=np.array([0, 1, 1]),
...     gains=np.array([10, 1, 5]),
... ).tolist()
[0, 1]
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from branchkit.errors import MissingDependencyError

__all__ = ["UNPAIRED", "OptimalMatrix", "optimal_matrix", "solve_optimal"]

#: The mentor of a mentee left without one.
UNPAIRED = -1
# The largest whole number a float64 holds exactly; the solver's sums stay below it.
_EXACT = 2**53

Ints = npt.NDArray[np.int64]


class OptimalMatrix(NamedTuple):
    """The assignment problem of :func:`solve_optimal`, ready for the solver.

    :param matrix: rows by columns, a ``scipy.sparse`` array of compressed sparse rows;
        every entry is a weight above 0.
    :param rows: the mentee of each row.
    :param place_mentor: the mentor of each place column; the columns after them are the rows'
        unpaired columns, in row order.
    """

    matrix: Any
    rows: Ints
    place_mentor: Ints


def optimal_matrix(
    *,
    mentees: int,
    capacities: npt.ArrayLike,
    mentee_of: npt.ArrayLike,
    mentor_of: npt.ArrayLike,
    gains: npt.ArrayLike,
) -> OptimalMatrix:
    """The matrix :func:`solve_optimal` hands to the solver (see the module's documentation).

    :param mentees: how many mentees there are, numbered from 0.
    :param capacities: each mentor's free places, mentors numbered from 0.
    :param mentee_of: the mentee of each eligible pair.
    :param mentor_of: the mentor of each eligible pair.
    :param gains: the compatibility of each eligible pair, a whole number from 0.
    :raises ValueError: when the pairs' arrays differ in length, a gain is negative, a pair is
        given twice, or the weights are too large to be exact.
    :raises MissingDependencyError: when scipy (the ``solver`` extra) is not installed.
    """
    try:
        from scipy.sparse import csr_array  # noqa: PLC0415
    except ImportError:
        raise MissingDependencyError("optimal pairing", "solver") from None
    cap = np.asarray(capacities, dtype=np.int64)
    mentee = np.asarray(mentee_of, dtype=np.int64)
    mentor = np.asarray(mentor_of, dtype=np.int64)
    gain = np.asarray(gains, dtype=np.int64)
    if not mentee.shape == mentor.shape == gain.shape or mentee.ndim != 1:
        raise ValueError("mentee_of, mentor_of and gains must be one-dimensional, of one length")
    if gain.size and int(gain.min()) < 0:
        raise ValueError("gains must not be negative")
    # The pairs by mentee, then mentor: the matrix, and so the result, does not depend on
    # their order. Callers usually give them in this order already, which costs one pass.
    key = mentee * len(cap) + mentor
    if not bool(np.all(key[1:] > key[:-1])):
        order = np.argsort(key, kind="stable")
        key, mentee, mentor, gain = key[order], mentee[order], mentor[order], gain[order]
        if bool(np.any(key[1:] == key[:-1])):
            raise ValueError("a pair is given twice")
    # Pairs with a mentor without places cannot be formed.
    keep = cap[mentor] > 0
    mentee, mentor, gain = mentee[keep], mentor[keep], gain[keep]
    # Rows: the mentees with a pair, in order; each pair's row.
    new_row = np.ones(mentee.size, dtype=bool)
    new_row[1:] = mentee[1:] != mentee[:-1]
    starts = np.flatnonzero(new_row)
    rows = mentee[starts]
    count = len(rows)
    row_of = np.cumsum(new_row) - 1
    # A mentor needs no more places than eligible mentees.
    places = np.minimum(cap, np.bincount(mentor, minlength=len(cap)))
    first_place = np.concatenate(([0], np.cumsum(places)))
    total_places = int(first_place[-1])
    # Each pair once per place of its mentor, in the pairs' order: entries come by row.
    per_pair = places[mentor]
    pair_index = np.repeat(np.arange(mentee.size), per_pair)
    within = np.arange(pair_index.size) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    columns = first_place[mentor[pair_index]] + within
    greatest = int(gain.max(initial=0))
    best = np.maximum.reduceat(gain, starts) if count else gain
    penalty = int(best.sum()) + 1
    if count * (penalty + greatest + 1) >= _EXACT:
        raise ValueError("the compatibilities are too large to be weighed exactly")
    # Compressed rows: each row's places in the pairs' order, then its unpaired column.
    entry_row = row_of[pair_index]
    pointers = np.concatenate(([0], np.cumsum(np.bincount(entry_row, minlength=count) + 1)))
    weights = np.empty(pointers[-1], dtype=np.float64)
    indices = np.empty(pointers[-1], dtype=np.int64)
    at = np.arange(pair_index.size) + entry_row  # each earlier row has one unpaired entry
    weights[at] = greatest + 1 - gain[pair_index]
    indices[at] = columns
    weights[pointers[1:] - 1] = penalty + greatest + 1
    indices[pointers[1:] - 1] = total_places + np.arange(count)
    matrix = csr_array((weights, indices, pointers), shape=(count, total_places + count))
    place_mentor = np.repeat(np.arange(len(cap), dtype=np.int64), places)
    return OptimalMatrix(matrix=matrix, rows=rows.astype(np.int64), place_mentor=place_mentor)


def solve_optimal(
    *,
    mentees: int,
    capacities: npt.ArrayLike,
    mentee_of: npt.ArrayLike,
    mentor_of: npt.ArrayLike,
    gains: npt.ArrayLike,
) -> Ints:
    """Each mentee's mentor in the optimal pairs, or :data:`UNPAIRED`.

    The pairs are as many as can be formed and, of those, the most compatible in total; no
    mentor is given more mentees than places.

    :param mentees: how many mentees there are, numbered from 0.
    :param capacities: each mentor's free places, mentors numbered from 0.
    :param mentee_of: the mentee of each eligible pair.
    :param mentor_of: the mentor of each eligible pair.
    :param gains: the compatibility of each eligible pair, a whole number from 0.
    :raises ValueError: as :func:`optimal_matrix` does.
    :raises MissingDependencyError: when scipy (the ``solver`` extra) is not installed.
    """
    problem = optimal_matrix(
        mentees=mentees,
        capacities=capacities,
        mentee_of=mentee_of,
        mentor_of=mentor_of,
        gains=gains,
    )
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # noqa: PLC0415

    paired = np.full(mentees, UNPAIRED, dtype=np.int64)
    if not problem.rows.size:
        return paired
    row, column = min_weight_full_bipartite_matching(problem.matrix)
    places = problem.place_mentor.size
    taken = column < places
    paired[problem.rows[row[taken]]] = problem.place_mentor[column[taken]]
    return paired
