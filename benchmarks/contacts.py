"""Benchmarks of contact networks at a college's scale: the columnar pass, the object path, peers.

Run by ``benchmarks/run.py`` (and so by ``nox -s bench``), or alone:
``python benchmarks/contacts.py [--quick]``. The process runs on one core: numpy's thread pools
are limited to one thread before numpy is imported, and the process is pinned to one CPU.

The network is the one of ``shared/bench/peers.py`` (``coverage_data``, same seed): 50,000
students in 1,500 dorms and 300 classes; three tiers: branch secretaries to classes (about 93%
of classes tied), committee members to dorms (one to four each, a dorm listed twice for a member
counts once) and members to students (2,000 distinct students). It is built as branchkit
records (people, units, ties), then as columns (:func:`network_columns`, timed apart: it is
structuring), and then evaluated: coverage, load and gaps of every tier and the students no
tier reaches, on the columns (target <= 5 ms) and by the object path for comparison. The peers
of ``peers.py`` run in this process on the same data: plain Python sets and dicts
(``cov_python``), networkx (``cov_nx_build`` + ``cov_nx_query``), and the hand-written numpy
baseline (``cov_numpy``), whose counts branchkit's must equal. When ``peers.py`` is not found
the same data are built by a copy of ``coverage_data`` and only the numpy baseline is checked.

The data are synthetic and seeded; each time is the median of several runs after a warm-up.
"""

from __future__ import annotations

# Before numpy: importing timing limits numpy's thread pools to one thread.
from timing import label, median_time, once, one_core, verdict

# isort: split

import argparse
import datetime as dt
import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from branchkit.mechanisms.contacts import Assignment, Tier, evaluate_network
from branchkit.mechanisms.contacts.columnar import (
    NetworkArrays,
    NetworkColumns,
    evaluate_columns,
    network_columns,
)
from branchkit.records import Membership, Person, RoleSpan, Unit

AS_OF = dt.date(2024, 9, 17)
SEED = 20240917  # the seed of shared/bench/peers.py, so the network is the very same
PEERS = Path("/work/shared/bench/peers.py")
TARGET_SECONDS = 0.005
# Smaller sizes for --quick, in coverage_data's parameters.
QUICK = {"S": 10_000, "D": 300, "K": 60, "B": 8, "CM": 100, "M": 160, "L": 400}


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


def coverage_data(seed: int, sizes: dict[str, int] | None = None) -> dict[str, Any]:
    """A copy of ``peers.py``'s ``coverage_data``, for when it is not found: same draws.

    :param seed: the seed.
    :param sizes: the sizes (``S``, ``D``, ``K``, ``B``, ``CM``, ``M``, ``L``); the peers'
        defaults when omitted.
    """
    n = {"S": 50_000, "D": 1500, "K": 300, "B": 40, "CM": 500, "M": 800, "L": 2000, **(sizes or {})}
    rng = np.random.default_rng(seed)
    dorm = rng.integers(0, n["D"], n["S"])
    klass = rng.integers(0, n["K"], n["S"])
    cls_cov = np.flatnonzero(rng.random(n["K"]) < 0.93)
    br_cls = np.stack([rng.integers(0, n["B"], len(cls_cov)), cls_cov], axis=1)
    per = rng.integers(1, 5, n["CM"])
    cm_dorm = np.stack(
        [np.repeat(np.arange(n["CM"]), per), rng.integers(0, int(n["D"] * 0.75), per.sum())],
        axis=1,
    )
    mem_stu = np.stack(
        [rng.integers(0, n["M"], n["L"]), rng.choice(n["S"], n["L"], replace=False)], axis=1
    )
    return {
        "S": n["S"], "D": n["D"], "K": n["K"], "B": n["B"], "CM": n["CM"], "M": n["M"],
        "dorm": dorm, "klass": klass, "br_cls": br_cls, "cm_dorm": cm_dorm, "mem_stu": mem_stu,
    }  # fmt: skip


def cov_numpy(d: dict[str, Any]) -> dict[str, int]:
    """The counts of ``peers.py``'s ``cov_numpy``, for when it is not found.

    :param d: the data of :func:`coverage_data`.
    """
    linked = np.zeros(d["S"], bool)
    linked[d["mem_stu"][:, 1]] = True
    dorm_cov = np.zeros(d["D"], bool)
    dorm_cov[d["cm_dorm"][:, 1]] = True
    cls_cov = np.zeros(d["K"], bool)
    cls_cov[d["br_cls"][:, 1]] = True
    no_contact = ~linked & ~dorm_cov[d["dorm"]] & ~cls_cov[d["klass"]]
    return {
        "uncovered_students": int(d["S"] - linked.sum()),
        "uncovered_dorms": int(d["D"] - dorm_cov.sum()),
        "uncovered_classes": int(d["K"] - cls_cov.sum()),
        "no_contact_at_all": int(no_contact.sum()),
    }


def ids(prefix: str, count: int) -> list[str]:
    """Ids whose text order is their number order: ``S00000``, ``S00001``, ...

    :param prefix: the letter.
    :param count: how many.
    """
    width = len(str(max(count - 1, 0)))
    return [f"{prefix}{number:0{width}d}" for number in range(count)]


TIERS = (
    Tier(
        key="classes", label=label("branch secretary to class"), holder_role="branch_secretary",
        unit_kind="class",
    ),
    Tier(
        key="dorms", label=label("committee member to dorm"), holder_role="committee_member",
        unit_kind="dorm", max_per_holder=3,
    ),
    Tier(
        key="students", label=label("member to student"), holder_role="member",
        person_role="student", max_per_holder=4,
    ),
)  # fmt: skip


def records(d: dict[str, Any]) -> tuple[list[Person], list[Unit], list[Assignment]]:
    """The network of ``coverage_data`` as branchkit records: people, units and ties.

    :param d: the data.
    """
    dorms, classes = ids("D", d["D"]), ids("K", d["K"])
    students = ids("S", d["S"])
    branches, committee, members = ids("B", d["B"]), ids("C", d["CM"]), ids("M", d["M"])
    units = [Unit(id=key, kind="dorm", name=key) for key in dorms]
    units += [Unit(id=key, kind="class", name=key) for key in classes]
    people = [
        Person(
            id=key,
            name=key,
            roles=(RoleSpan(role="student"),),
            memberships=(Membership(unit=dorms[dorm]), Membership(unit=classes[klass])),
        )
        for key, dorm, klass in zip(students, d["dorm"].tolist(), d["klass"].tolist(), strict=True)
    ]
    for role, keys in (
        ("branch_secretary", branches),
        ("committee_member", committee),
        ("member", members),
    ):
        people += [Person(id=key, name=key, roles=(RoleSpan(role=role),)) for key in keys]
    ties = [
        Assignment(tier="classes", holder=branches[b], target=classes[c])
        for b, c in d["br_cls"].tolist()
    ]
    ties += [
        Assignment(tier="dorms", holder=committee[m], target=dorms[x])
        for m, x in d["cm_dorm"].tolist()
    ]
    ties += [
        Assignment(tier="students", holder=members[m], target=students[s])
        for m, s in d["mem_stu"].tolist()
    ]
    return people, units, ties


def mismatches(result: NetworkArrays, d: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Where branchkit's figures differ from the numpy baseline's on the same data.

    :param result: branchkit's columnar result.
    :param d: the data.
    :param expected: ``cov_numpy``'s result.
    """
    classes, dorms, students = (result.tier(tier.key) for tier in TIERS)
    found = {
        "uncovered_students": len(students.uncovered),
        "uncovered_dorms": len(dorms.uncovered),
        "uncovered_classes": len(classes.uncovered),
        "no_contact_at_all": len(students.unreached),
    }
    wrong = [
        f"{key}: branchkit {value}, numpy baseline {int(expected[key])}"
        for key, value in found.items()
        if value != int(expected[key])
    ]
    # Loads: members by students tied; committee members by distinct dorms tied.
    if not np.array_equal(students.load, np.bincount(d["mem_stu"][:, 0], minlength=d["M"])):
        wrong.append("member load")
    distinct = np.unique(d["cm_dorm"], axis=0)
    if not np.array_equal(dorms.load, np.bincount(distinct[:, 0], minlength=d["CM"])):
        wrong.append("committee member load")
    return wrong


def peer_lists(d: dict[str, Any]) -> dict[str, Any]:
    """The data as ``peers.py`` gives them to its plain-Python and networkx peers.

    :param d: the data.
    """
    return {
        "S": d["S"], "D": d["D"], "K": d["K"],
        "dorm": d["dorm"].tolist(), "klass": d["klass"].tolist(),
        "br_cls": [tuple(x) for x in d["br_cls"].tolist()],
        "cm_dorm": [tuple(x) for x in d["cm_dorm"].tolist()],
        "mem_stu": [tuple(x) for x in d["mem_stu"].tolist()],
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print every figure of contact networks; 1 on a mismatch.

    :param argv: the command line's arguments.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    options = parser.parse_args(argv)
    one_core()
    quick: bool = options.quick
    peers = load_peers()
    sizes = QUICK if quick else {}
    d: dict[str, Any] = (
        coverage_data(SEED, sizes) if peers is None else peers.coverage_data(SEED, **sizes)
    )
    print(
        f"contact networks (numpy {np.__version__}, one core"
        f"{', quick sizes: the target applies to the full sizes' if quick else ''}; "
        f"data from {'peers.py coverage_data' if peers is not None else 'a copy of it'})",
        flush=True,
    )
    print(
        f"    {d['S']:,} students, {d['D']:,} dorms, {d['K']:,} classes; holders: {d['B']} "
        f"branch secretaries, {d['CM']} committee members, {d['M']} members; ties: "
        f"{len(d['br_cls']):,} to classes, {len(d['cm_dorm']):,} to dorms, "
        f"{len(d['mem_stu']):,} to students",
        flush=True,
    )
    problems: list[str] = []

    build, (people, units, ties) = once(lambda: records(d))
    print(f"    build records (people, units, ties)      {build * 1000:9.1f} ms  (informative)")

    def structure() -> NetworkColumns:
        return network_columns(TIERS, ties, people=people, units=units, as_of=AS_OF)

    structuring, columns = median_time(structure, 1 if quick else 3)
    print(
        f"    records -> columns (network_columns)     {structuring * 1000:9.1f} ms  (informative)"
    )

    seconds, result = median_time(lambda: evaluate_columns(columns), 20 if quick else 101)
    target = "" if quick else f"  target <= 5 ms: {verdict(seconds <= TARGET_SECONDS)}"
    print(f"    columns -> arrays (evaluate_columns)     {seconds * 1000:9.3f} ms{target}")

    convert, converted = once(result.to_network_result)
    objects, expected = median_time(
        lambda: evaluate_network(TIERS, ties, people=people, units=units, as_of=AS_OF), 1
    )
    same = converted == expected
    if not same:
        problems.append("to_network_result() differs from evaluate_network()")
    print(
        f"    object path (evaluate_network)           {objects * 1000:9.1f} ms  "
        f"({objects / seconds:,.0f}x the columnar pass)"
    )
    print(
        f"    arrays -> records (to_network_result)    {convert * 1000:9.1f} ms  "
        f"(equal to evaluate_network: {'yes' if same else 'NO'})"
    )
    students = result.tier("students")
    print(
        f"    (uncovered: {len(result.tier('classes').uncovered)} classes, "
        f"{len(result.tier('dorms').uncovered)} dorms, {len(students.uncovered):,} students; "
        f"students reached by no tier {len(students.unreached):,}; "
        f"loads: dorms {result.tier('dorms').summary.maximum} at most, "
        f"{result.tier('dorms').summary.over_limit} over the limit)",
        flush=True,
    )

    baseline: Callable[[dict[str, Any]], dict[str, Any]] = (
        cov_numpy if peers is None else peers.cov_numpy
    )
    numpy_seconds, counts = median_time(lambda: baseline(d), 20 if quick else 51)
    wrong = mismatches(result, d, counts)
    problems += wrong
    print(
        f"    numpy baseline (peers cov_numpy)         {numpy_seconds * 1000:9.3f} ms  "
        f"(branchkit takes {seconds / numpy_seconds:.1f}x its time; same uncovered counts, "
        f"reach and loads: {'NO' if wrong else 'yes'})"
    )
    if peers is None:
        print(f"    {PEERS} not found: no plain-Python or networkx peer")
    else:
        lists = peer_lists(d)
        python_seconds, _ = median_time(lambda: peers.cov_python(lists), 3 if quick else 5)
        print(
            f"    plain Python sets (peers cov_python)     {python_seconds * 1000:9.1f} ms  "
            f"-> branchkit is {python_seconds / seconds:.1f}x faster"
        )
        try:
            graph_seconds, graph = once(lambda: peers.cov_nx_build(lists))
            query_seconds, _ = once(lambda: peers.cov_nx_query(graph, lists))
        except ImportError as error:
            print(f"    networkx not installed ({error}); no peer ratio")
        else:
            both = graph_seconds + query_seconds
            print(
                f"    networkx build + query (peers cov_nx_*)  {both * 1000:9.1f} ms  "
                f"(build {graph_seconds * 1000:.0f} ms, query {query_seconds * 1000:.0f} ms) "
                f"-> branchkit is {both / seconds:,.0f}x faster"
            )
    for problem in problems:
        print(f"    MISMATCH {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
