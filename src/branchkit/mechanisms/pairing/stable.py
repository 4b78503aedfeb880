"""Stable pairs: mentee-proposing deferred acceptance with capacities.

:func:`deferred_acceptance` is the algorithm of Gale and Shapley for hospitals and residents:
each unpaired mentee proposes to the next mentor on their list; a mentor holds the best
proposals up to their capacity and rejects the rest, and a mentee rejected (or let go for a
better one) proposes on. Only pairs on both lists are acceptable. The result is **stable**: no
mentee and mentor would both rather have each other than what they got (a mentor with a free
place takes any acceptable mentee). Of all stable results it is the best for every mentee at
once (**mentee-optimal**), and it does not depend on the order mentees propose in.

The loop keeps, for each mentor, a heap of the mentees held, the worst on top, so that each
proposal costs a look-up, a comparison and at most one heap operation; it is iterative, so
thousands of mentees need no deep recursion.

>>> from branchkit.mechanisms.pairing.stable import deferred_acceptance
>>> # Mentees 0-2, mentors 0-1; mentor 0 has two places, mentor 1 one.
>>> deferred_acceptance(
...     mentee_prefs=[[0, 1], [0], [0, 1]],
...     mentor_prefs=[[2, 1, 0], [0, 2]],
...     capacities=[2, 1],
... )
[1, 0, 0]

Mentees 1 and 2 are mentor 0's favourites, and fill both places; mentee 0 is rejected and
takes mentor 1.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

__all__ = ["UNPAIRED", "deferred_acceptance"]

#: The mentor of a mentee left without one.
UNPAIRED = -1


def deferred_acceptance(
    mentee_prefs: Sequence[Sequence[int]],
    mentor_prefs: Sequence[Sequence[int]],
    capacities: Sequence[int],
) -> list[int]:
    """The mentee-optimal stable pairs: each mentee's mentor, or :data:`UNPAIRED`.

    Mentees and mentors are numbered from 0. A pair is acceptable when each is on the other's
    list; a mentor of capacity 0 takes no one.

    :param mentee_prefs: each mentee's mentors, most preferred first.
    :param mentor_prefs: each mentor's mentees, most preferred first.
    :param capacities: how many mentees each mentor takes.
    """
    ranks = [{mentee: rank for rank, mentee in enumerate(ranking)} for ranking in mentor_prefs]
    # Each mentor's held mentees as a heap of (-rank, mentee): the worst held is on top.
    held: list[list[tuple[int, int]]] = [[] for _ in capacities]
    following = [0] * len(mentee_prefs)  # where each mentee's next proposal is on their list
    push, replace = heapq.heappush, heapq.heapreplace
    for first in range(len(mentee_prefs)):
        mentee = first
        while mentee != UNPAIRED:
            proposer, mentee = mentee, UNPAIRED
            ranking = mentee_prefs[proposer]
            step = following[proposer]
            while step < len(ranking):
                mentor = ranking[step]
                step += 1
                rank = ranks[mentor].get(proposer)
                if rank is None:
                    continue  # the mentor does not rank the proposer: not acceptable
                heap = held[mentor]
                if len(heap) < capacities[mentor]:
                    push(heap, (-rank, proposer))
                    break
                if heap and heap[0][0] < -rank:
                    # Full, and the worst held ranks below the proposer: let the worst go.
                    mentee = replace(heap, (-rank, proposer))[1]
                    break
            following[proposer] = step
    paired = [UNPAIRED] * len(mentee_prefs)
    for mentor, heap in enumerate(held):
        for _, mentee in heap:
            paired[mentee] = mentor
    return paired
