"""Benchmarks of mentor pairing: both solvers against scipy and the peers, and pairing records.

Run alone: ``python benchmarks/pairing.py [--quick]``. The process runs on one core: numpy's
thread pools are limited to one thread before numpy is imported, and the process is pinned to
one CPU.

Optimal: 3,000 mentees and 1,000 mentors of three places each, each mentee eligible for ten
mentors drawn at random, with random compatibilities (whole ten-thousandths, as branchkit
scores them). The time is that of :func:`solve_optimal`, from the eligible pairs to each
mentee's mentor: it builds the assignment matrix (see :mod:`branchkit.mechanisms.pairing.optimal`),
solves it and reads the pairs back. Beside it, scipy's
:func:`~scipy.sparse.csgraph.min_weight_full_bipartite_matching` alone on the very matrix
:func:`optimal_matrix` builds, in this process (target: branchkit <= 1.2x scipy's time), and
scipy's dense :func:`~scipy.optimize.linear_sum_assignment` on the same problem with one
column per place, the formulation the sparse one replaces (timed once; its objective must be
the same).

Stable: ``shared/bench/peers.py``'s ``hr_instance`` (same seed): 5,000 mentees ranking ten of
3,000 mentors each (popular mentors more often), mentors of capacity 1 to 3 ranking those who
rank them. The time is that of :func:`deferred_acceptance` on the lists (target <= 50 ms).
The peers run in this process on the same lists: the plain deferred-acceptance loop of
``peers.py`` (``gs_hr``), whose pairs must be the same, and the ``matching`` package's public
API at the largest size of 1,000, 500, 200 or 100 mentees it survives without raising the
recursion limit. When ``peers.py`` is not found, a copy of ``hr_instance`` builds the lists and
only the ``matching`` package is compared.

Last, :func:`pair` as a user calls it, from records (people, profiles, rankings) to the
result with every explanation, at the same sizes (informative): for the optimal method each
mentee's ten mentors are those of their department, and the solver's share is printed.

The data are synthetic and seeded; each time is the median of several runs after a warm-up.
"""

from __future__ import annotations

# Before numpy: importing timing limits numpy's thread pools to one thread.
from timing import label, median_time, once, one_core, verdict

# isort: split

import argparse
import datetime as dt
import heapq
import importlib.metadata
import importlib.util
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy
import scipy.sparse.csgraph
from scipy.optimize import linear_sum_assignment

from branchkit.mechanisms.pairing import (
    Eligibility,
    Feature,
    PairingResult,
    PairingScheme,
    Preference,
    Profile,
    pair,
)
from branchkit.mechanisms.pairing.optimal import optimal_matrix, solve_optimal
from branchkit.mechanisms.pairing.stable import deferred_acceptance
from branchkit.records import Person, RoleSpan

AS_OF = dt.date(2024, 9, 1)
SEED = 20240917  # the seed of shared/bench/peers.py
PEERS = Path("/work/shared/bench/peers.py")
OPTIMAL_TARGET = 1.2
STABLE_TARGET = 0.050

Ints = npt.NDArray[np.int64]
Lists = list[list[int]]


class OptimalSizes(NamedTuple):
    """The sizes of the optimal instance.

    :param mentees: mentees.
    :param mentors: mentors.
    :param capacity: each mentor's places.
    :param eligible: the mentors each mentee is eligible for.
    """

    mentees: int
    mentors: int
    capacity: int
    eligible: int


FULL_OPTIMAL = OptimalSizes(3_000, 1_000, 3, 10)
QUICK_OPTIMAL = OptimalSizes(600, 200, 3, 10)
FULL_STABLE = 5_000
QUICK_STABLE = 1_000


class Pairs(NamedTuple):
    """An optimal instance as numbered pairs.

    :param capacities: each mentor's places.
    :param mentee_of: each pair's mentee.
    :param mentor_of: each pair's mentor.
    :param gains: each pair's compatibility, in whole ten-thousandths.
    """

    capacities: Ints
    mentee_of: Ints
    mentor_of: Ints
    gains: Ints


def load_peers() -> ModuleType | None:
    """``shared/bench/peers.py`` as a module, or ``None`` when it is not there."""
    if not PEERS.is_file():
        return None
    spec = importlib.util.spec_from_file_location("branchkit_bench_peers", PEERS)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ids(prefix: str, count: int) -> list[str]:
    """Ids whose text order is their number order: ``Y0000``, ``Y0001``, ...

    :param prefix: the letter.
    :param count: how many.
    """
    width = len(str(max(count - 1, 0)))
    return [f"{prefix}{number:0{width}d}" for number in range(count)]


# --- optimal ----------------------------------------------------------------------------------


def random_pairs(sizes: OptimalSizes, seed: int) -> Pairs:
    """Each mentee eligible for ``sizes.eligible`` mentors drawn at random, random gains.

    :param sizes: the sizes.
    :param seed: the seed.
    """
    rng = np.random.default_rng(seed)
    chosen = np.argsort(rng.random((sizes.mentees, sizes.mentors)), axis=1)[:, : sizes.eligible]
    mentee_of = np.repeat(np.arange(sizes.mentees, dtype=np.int64), sizes.eligible)
    return Pairs(
        capacities=np.full(sizes.mentors, sizes.capacity, dtype=np.int64),
        mentee_of=mentee_of,
        mentor_of=np.sort(chosen, axis=1).ravel().astype(np.int64),
        gains=rng.integers(0, 10_001, mentee_of.size, dtype=np.int64),
    )


def dense_objective(pairs: Pairs, mentees: int) -> tuple[int, int]:
    """The most pairs, then the most compatibility, by a dense assignment: a column per place.

    :param pairs: the instance.
    :param mentees: how many mentees.
    """
    place_mentor = np.repeat(np.arange(pairs.capacities.size), pairs.capacities)
    gain = np.full((mentees, pairs.capacities.size), -1, dtype=np.int64)
    gain[pairs.mentee_of, pairs.mentor_of] = pairs.gains
    big = int(pairs.gains.max(initial=0)) * mentees + 1
    by_place = gain[:, place_mentor]
    worth = np.where(by_place >= 0, by_place + big, 0).astype(np.float64)
    rows, columns = linear_sum_assignment(worth, maximize=True)
    taken = by_place[rows, columns] >= 0
    return int(taken.sum()), int(by_place[rows[taken], columns[taken]].sum())


def objective(pairs: Pairs, chosen: Ints) -> tuple[int, int]:
    """How many pairs ``chosen`` forms and their total compatibility.

    :param pairs: the instance.
    :param chosen: each mentee's mentor, or -1.
    """
    gain = dict(
        zip(
            zip(pairs.mentee_of.tolist(), pairs.mentor_of.tolist(), strict=True),
            pairs.gains.tolist(),
            strict=True,
        )
    )
    formed = [(m, t) for m, t in enumerate(chosen.tolist()) if t >= 0]
    return len(formed), sum(gain[pair] for pair in formed)


SUBJECTS = [f"course-{n}" for n in range(40)]
SLOTS = [f"{day}-{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]


def optimal_records(
    sizes: OptimalSizes, seed: int
) -> tuple[PairingScheme, list[Person], list[Profile]]:
    """A scheme whose mentees are each eligible for the ten mentors of their department.

    :param sizes: the sizes; mentors and mentees are spread evenly over
        ``mentors / eligible`` departments.
    :param seed: the seed.
    """
    rng = np.random.default_rng(seed)
    departments = sizes.mentors // sizes.eligible
    scheme = PairingScheme(
        key="young-teachers",
        label=label("young teachers"),
        mentor_role="teacher",
        mentee_role="young_teacher",
        capacity=sizes.capacity,
        eligibility=Eligibility(mentor_roles=("full_member",), same_department=True),
        features=(
            Feature(key="courses", label=label("courses"), kind="overlap", attribute="subjects",
                    weight=Decimal(3)),
            Feature(key="time", label=label("free time"), kind="overlap", attribute="slots"),
        ),
    )  # fmt: skip
    people: list[Person] = []
    profiles: list[Profile] = []
    for number, key in enumerate(ids("T", sizes.mentors)):
        people.append(
            Person(id=key, name=key, roles=(RoleSpan(role="teacher"), RoleSpan(role="full_member")))
        )
        profiles.append(profile(rng, key, f"d{number % departments}"))
    for number, key in enumerate(ids("Y", sizes.mentees)):
        people.append(Person(id=key, name=key, roles=(RoleSpan(role="young_teacher"),)))
        profiles.append(profile(rng, key, f"d{number % departments}"))
    return scheme, people, profiles


def profile(rng: np.random.Generator, key: str, department: str) -> Profile:
    """A profile with two or three courses and three or four free half-days.

    :param rng: the random numbers.
    :param key: the person.
    :param department: their department.
    """
    courses = rng.choice(len(SUBJECTS), int(rng.integers(2, 4)), replace=False).tolist()
    slots = rng.choice(len(SLOTS), int(rng.integers(3, 5)), replace=False).tolist()
    return Profile(
        person=key,
        department=department,
        subjects=tuple(SUBJECTS[n] for n in sorted(courses)),
        slots=tuple(SLOTS[n] for n in sorted(slots)),
    )


class SolverClock:
    """Times scipy's sparse solver while :func:`pair` calls it (it looks it up on each call)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._solve: Callable[..., Any] = scipy.sparse.csgraph.min_weight_full_bipartite_matching

    def __enter__(self) -> SolverClock:
        solve = self._solve

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return solve(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        scipy.sparse.csgraph.min_weight_full_bipartite_matching = timed
        return self

    def __exit__(self, *exc: object) -> None:
        scipy.sparse.csgraph.min_weight_full_bipartite_matching = self._solve


def bench_optimal(sizes: OptimalSizes, repeats: int, quick: bool, problems: list[str]) -> None:
    """Measure and print the optimal method's figures.

    :param sizes: the sizes.
    :param repeats: how many timed runs of each fast call.
    :param quick: whether the sizes are the quick ones (no target verdict).
    :param problems: where mismatches are added.
    """
    pairs = random_pairs(sizes, SEED)

    def ours() -> Ints:
        return solve_optimal(
            mentees=sizes.mentees,
            capacities=pairs.capacities,
            mentee_of=pairs.mentee_of,
            mentor_of=pairs.mentor_of,
            gains=pairs.gains,
        )

    matrix = optimal_matrix(
        mentees=sizes.mentees,
        capacities=pairs.capacities,
        mentee_of=pairs.mentee_of,
        mentor_of=pairs.mentor_of,
        gains=pairs.gains,
    ).matrix
    solve = scipy.sparse.csgraph.min_weight_full_bipartite_matching
    seconds, chosen = median_time(ours, repeats)
    scipy_seconds, _ = median_time(lambda: solve(matrix), repeats)
    ratio = seconds / scipy_seconds
    target = "" if quick else f" (target <= {OPTIMAL_TARGET}x: {verdict(ratio <= OPTIMAL_TARGET)})"
    print(
        f"optimal, {sizes.mentees:,} mentees x {sizes.mentors:,} mentors (capacity "
        f"{sizes.capacity}, {sizes.eligible} eligible each): {seconds * 1000:.0f} ms; scipy's own "
        f"solver on the same matrix {scipy_seconds * 1000:.0f} ms -> {ratio:.2f}x{target}",
        flush=True,
    )
    dense_seconds, dense = once(lambda: dense_objective(pairs, sizes.mentees))
    found = objective(pairs, chosen)
    if found != dense:
        problems.append(f"optimal objective {found} differs from the dense assignment's {dense}")
    print(
        f"    scipy's dense linear_sum_assignment, one column per place: "
        f"{dense_seconds * 1000:.0f} ms ({dense_seconds / seconds:.0f}x branchkit's time); "
        f"the same number of pairs and total: {'yes' if found == dense else 'NO'} "
        f"({found[0]:,} pairs)",
        flush=True,
    )
    scheme, people, profiles = optimal_records(sizes, SEED)
    with SolverClock() as clock:
        records_seconds, result = once(
            lambda: pair(scheme, people=people, profiles=profiles, as_of=AS_OF)
        )
    print(
        f"    pair() from records ({len(people):,} people, {len(profiles):,} profiles, each mentee "
        f"eligible for the {sizes.eligible} mentors of their department, 2 features): "
        f"{records_seconds * 1000:.0f} ms, of which scipy's solver {clock.seconds * 1000:.0f} ms; "
        f"{len(result.matches):,} pairs, {len(result.unpaired):,} unpaired (informative)",
        flush=True,
    )


# --- stable -----------------------------------------------------------------------------------


def hr_instance(count: int, seed: int, k: int = 10) -> tuple[Lists, Lists, list[int]]:
    """A copy of ``peers.py``'s ``hr_instance``, for when it is not found: same draws.

    :param count: mentees; mentors are 0.6 as many.
    :param seed: the seed.
    :param k: how many mentors each mentee ranks.
    """
    rng = np.random.default_rng(seed)
    mentors = max(2, round(0.6 * count))
    caps = rng.integers(1, 4, mentors).tolist()
    popularity = rng.pareto(2.0, mentors) + 1.0
    share = popularity / popularity.sum()
    k = min(k, mentors)
    drawn = np.log(share)[None, :] - np.log(-np.log(rng.random((count, mentors))))
    prefs: Lists = np.argsort(-drawn, axis=1)[:, :k].tolist()
    merit = rng.random(count)
    applicants: dict[int, list[int]] = defaultdict(list)
    for mentee, ranking in enumerate(prefs):
        for mentor in ranking:
            applicants[mentor].append(mentee)
    mprefs: Lists = []
    for mentor in range(mentors):
        them = applicants.get(mentor, [])
        noise = rng.random(len(them)) * 0.3
        mprefs.append(
            [m for _, m in sorted(zip((-(merit[them] + noise)).tolist(), them, strict=True))]
        )
    return prefs, mprefs, caps


def plain_loop(prefs: Lists, mprefs: Lists, caps: list[int]) -> dict[int, list[int]]:
    """``peers.py``'s ``gs_hr``, for the pairs' comparison when it is not found.

    :param prefs: the mentees' lists.
    :param mprefs: the mentors' lists.
    :param caps: the capacities.
    """
    rank = [{s: r for r, s in enumerate(ranking)} for ranking in mprefs]
    following = [0] * len(prefs)
    held: list[list[tuple[int, int]]] = [[] for _ in mprefs]
    free = list(range(len(prefs)))
    while free:
        mentee: int | None = free.pop()
        while mentee is not None and following[mentee] < len(prefs[mentee]):
            mentor = prefs[mentee][following[mentee]]
            following[mentee] += 1
            place = rank[mentor].get(mentee)
            if place is None:
                continue
            heap = held[mentor]
            if len(heap) < caps[mentor]:
                heapq.heappush(heap, (-place, mentee))
                mentee = None
            elif -heap[0][0] > place:
                _, mentee = heapq.heapreplace(heap, (-place, mentee))
    return {t: sorted(m for _, m in heap) for t, heap in enumerate(held)}


def by_mentor(chosen: Sequence[int], mentors: int) -> dict[int, list[int]]:
    """Each mentor's mentees, sorted.

    :param chosen: each mentee's mentor, or -1.
    :param mentors: how many mentors.
    """
    found: dict[int, list[int]] = {t: [] for t in range(mentors)}
    for mentee, mentor in enumerate(chosen):
        if mentor >= 0:
            found[mentor].append(mentee)
    return found


def matching_api(prefs: Lists, mprefs: Lists, caps: list[int]) -> dict[int, list[int]]:
    """The ``matching`` package's resident-optimal pairs, through its public API.

    :param prefs: the mentees' lists.
    :param mprefs: the mentors' lists.
    :param caps: the capacities.
    """
    from matching.games import HospitalResident  # type: ignore[import-untyped]  # noqa: PLC0415

    game = HospitalResident.create_from_dictionaries(
        {f"s{m}": [f"t{t}" for t in ranking] for m, ranking in enumerate(prefs)},
        {f"t{t}": [f"s{m}" for m in ranking] for t, ranking in enumerate(mprefs)},
        {f"t{t}": c for t, c in enumerate(caps)},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mentors nobody ranks: the package warns of each
        solution = game.solve(optimal="resident")
    found: dict[int, list[int]] = {t: [] for t in range(len(caps))}
    for mentor, mentees in solution.items():
        found[int(str(mentor.name)[1:])] = sorted(int(str(m.name)[1:]) for m in mentees)
    return found


def stable_records(
    prefs: Lists, mprefs: Lists, caps: list[int]
) -> tuple[PairingScheme, list[Person], list[Profile], list[Preference]]:
    """The lists as records: people, mentors' places in profiles, everyone's ranking.

    :param prefs: the mentees' lists.
    :param mprefs: the mentors' lists.
    :param caps: the capacities.
    """
    mentees, mentors = ids("Y", len(prefs)), ids("T", len(caps))
    scheme = PairingScheme(
        key="young-teachers", label=label("young teachers"), mentor_role="teacher",
        mentee_role="young_teacher", method="stable",
    )  # fmt: skip
    people = [Person(id=key, name=key, roles=(RoleSpan(role="teacher"),)) for key in mentors]
    people += [Person(id=key, name=key, roles=(RoleSpan(role="young_teacher"),)) for key in mentees]
    profiles = [Profile(person=key, capacity=cap) for key, cap in zip(mentors, caps, strict=True)]
    preferences = [
        Preference(scheme=scheme.key, person=mentees[m], ranking=tuple(mentors[t] for t in ranking))
        for m, ranking in enumerate(prefs)
    ]
    preferences += [
        Preference(scheme=scheme.key, person=mentors[t], ranking=tuple(mentees[m] for m in ranking))
        for t, ranking in enumerate(mprefs)
    ]
    return scheme, people, profiles, preferences


def survives(
    prefs_at: Callable[[int], tuple[Lists, Lists, list[int]]],
) -> tuple[int, float, dict[int, list[int]], tuple[Lists, Lists, list[int]], int | None] | None:
    """The largest of 1,000, 500, 200 and 100 mentees the ``matching`` package solves.

    Returned with its time, its pairs, the lists, and the smallest size tried that it failed
    at; ``None`` when it is not installed or fails at every size.

    :param prefs_at: the lists for a number of mentees.
    """
    try:
        importlib.metadata.version("matching")
    except importlib.metadata.PackageNotFoundError:
        return None
    failed: int | None = None
    for count in (1_000, 500, 200, 100):
        lists = prefs_at(count)
        try:
            seconds, found = once(lambda: matching_api(*lists))  # noqa: B023 - called at once
        except RecursionError:
            failed = count
            continue
        return count, seconds, found, lists, failed
    return None


def bench_stable(
    count: int, repeats: int, quick: bool, peers: ModuleType | None, problems: list[str]
) -> None:
    """Measure and print the stable method's figures.

    :param count: how many mentees.
    :param repeats: how many timed runs of each fast call.
    :param quick: whether the size is the quick one (no target verdict).
    :param peers: ``peers.py``, if found.
    :param problems: where mismatches are added.
    """

    def lists_at(size: int) -> tuple[Lists, Lists, list[int]]:
        made: tuple[Lists, Lists, list[int]] = (
            hr_instance(size, SEED) if peers is None else peers.hr_instance(size, SEED)
        )
        return made

    prefs, mprefs, caps = lists_at(count)
    seconds, chosen = median_time(lambda: deferred_acceptance(prefs, mprefs, caps), repeats)
    target = "" if quick else f" (target <= {STABLE_TARGET * 1000:.0f} ms: "
    target += "" if quick else f"{verdict(seconds <= STABLE_TARGET)})"
    print(
        f"stable, {count:,} mentees x {len(caps):,} mentors (capacities 1-3, ten-mentor "
        f"lists): {seconds * 1000:.0f} ms{target}",
        flush=True,
    )
    ours = by_mentor(chosen, len(caps))
    if peers is None:
        print(f"    {PEERS} not found: no plain-loop peer")
        same = ours == plain_loop(prefs, mprefs, caps)
    else:
        loop_seconds, loop = median_time(lambda: peers.gs_hr(prefs, mprefs, caps), repeats)
        same = ours == loop
        print(
            f"    plain deferred-acceptance loop (peers gs_hr): {loop_seconds * 1000:.0f} ms "
            f"(branchkit takes {seconds / loop_seconds:.2f}x its time); the same pairs: "
            f"{'yes' if same else 'NO'}",
            flush=True,
        )
    if not same:
        problems.append("stable pairs differ from the plain loop's")
    found = survives(lists_at)
    if found is None:
        print("    the matching package is not installed, or fails at every size tried")
    else:
        size, package_seconds, theirs, lists, failed = found
        small_seconds, small = median_time(lambda: deferred_acceptance(*lists), repeats)
        agree = by_mentor(small, len(lists[2])) == theirs
        if not agree:
            problems.append(f"stable pairs differ from the matching package's at {size:,}")
        fails = "" if failed is None else f"; RecursionError at {failed:,} at the default limit"
        print(
            f"    matching {importlib.metadata.version('matching')} (HospitalResident, public "
            f"API) at {size:,} mentees: {package_seconds * 1000:.0f} ms{fails}; branchkit at "
            f"{size:,}: {small_seconds * 1000:.2f} ms; the same pairs: {'yes' if agree else 'NO'}",
            flush=True,
        )
    scheme, people, profiles, preferences = stable_records(prefs, mprefs, caps)

    def from_records() -> PairingResult:
        return pair(scheme, people=people, profiles=profiles, preferences=preferences, as_of=AS_OF)

    records_seconds, result = once(from_records)
    formed = {(int(m.mentor[1:]), int(m.mentee[1:])) for m in result.matches}
    if formed != {(t, m) for t, ms in ours.items() for m in ms}:
        problems.append("pair() from records differs from deferred_acceptance()")
    print(
        f"    pair() from records ({len(people):,} people, {len(preferences):,} rankings): "
        f"{records_seconds * 1000:.0f} ms; {len(result.matches):,} pairs, "
        f"{len(result.unpaired):,} unpaired, each explained (informative)",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the figures of mentor pairing; 1 on a mismatch.

    :param argv: the command line's arguments.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    options = parser.parse_args(argv)
    one_core()
    quick: bool = options.quick
    repeats = 3 if quick else 7
    peers = load_peers()
    print(
        f"mentor pairing (numpy {np.__version__}, scipy {scipy.__version__}, one core, median of "
        f"{repeats} runs{'; quick sizes: the targets apply to the full sizes' if quick else ''})",
        flush=True,
    )
    problems: list[str] = []
    bench_optimal(QUICK_OPTIMAL if quick else FULL_OPTIMAL, repeats, quick, problems)
    bench_stable(QUICK_STABLE if quick else FULL_STABLE, repeats, quick, peers, problems)
    for problem in problems:
        print(f"    MISMATCH {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
