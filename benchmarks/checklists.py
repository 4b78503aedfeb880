"""Benchmark of role checklists: 10,000 items owed, 20,000 transitions, and their evidence.

Run alone: ``python benchmarks/checklists.py [--quick]``. The process runs on one core.

The data have the shape of ``shared/bench/peers.py``'s ``section_checklist``, as records: 10
roles, each with a checklist of 10 one-off items (half of them needing one piece of evidence,
half a count of three) that needs verification, and 100 holders per role: 10,000 items owed.
Each item owed is submitted and then verified (80%) or rejected (20%): 20,000 transitions.
90% of the items owed have their evidence.

The target (<= 20 ms) is the columnar path's, as the project's precedent has it: the records
are put into columns once by :func:`checklist_columns` (versions, holders and windows decided,
states and actions coded, transitions sorted; timed and reported, informative), and the time
judged is that of :func:`evaluate_checklist_columns` on those columns: the replay of every
transition through the table, the evidence counted per item and kind within its window,
completion, overdue, and the totals by item, checklist, role and holder, all as arrays. Beside
it, in the same process: one complete call of :func:`evaluate_checklists` from the records to
the result, every record and total built (the object path); the peers' plain loop over a dict
table (two look-ups per item and a rate); and the ``transitions`` package's ``Machine`` with
one model per item (skipped when it is not installed). The script checks that the columnar
path's records and totals equal the object path's, and exits with 1 on a mismatch.

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
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from branchkit.mechanisms.checklists import (
    Action,
    Checklist,
    ChecklistItem,
    ItemKind,
    ItemTransition,
    evaluate_checklists,
)
from branchkit.mechanisms.checklists.columnar import checklist_columns, evaluate_checklist_columns
from branchkit.records import Evidence, Person, RoleSpan

AS_OF = dt.date(2024, 9, 17)
SEED = 20240917  # the seed of shared/bench/peers.py
TARGET_SECONDS = 0.020
STATES = ["pending", "submitted", "verified", "rejected"]
PEER_TABLE = [
    ["submit", "pending", "submitted"],
    ["verify", "submitted", "verified"],
    ["reject", "submitted", "rejected"],
    ["resubmit", "rejected", "submitted"],
]


class Sizes(NamedTuple):
    """The sizes of the data.

    :param roles: roles, one checklist each.
    :param items: items per checklist.
    :param holders: holders per role.
    """

    roles: int
    items: int
    holders: int


FULL = Sizes(10, 10, 100)
QUICK = Sizes(5, 10, 20)


class Data(NamedTuple):
    """The records of one run.

    :param checklists: the checklists.
    :param people: the holders.
    :param evidence: the evidence.
    :param transitions: the transitions.
    :param verified: for each item owed, whether it is verified (the peers' ``ok``).
    """

    checklists: list[Checklist]
    people: list[Person]
    evidence: list[Evidence]
    transitions: list[ItemTransition]
    verified: list[bool]


def data(sizes: Sizes, seed: int) -> Data:
    """The seeded records.

    :param sizes: the sizes.
    :param seed: the seed.
    """
    rng = np.random.default_rng(seed)
    owed = sizes.roles * sizes.items * sizes.holders
    verified = (rng.random(owed) < 0.8).tolist()
    evidenced = (rng.random(owed) < 0.9).tolist()
    days = rng.integers(0, 200, owed).tolist()
    start = dt.date(2024, 1, 1)
    checklists, people, evidence, transitions = [], [], [], []
    number = 0
    for r in range(sizes.roles):
        role = f"role-{r:02d}"
        items = tuple(
            ChecklistItem(
                key=f"item-{i:02d}",
                label=label(f"item {i}"),
                kind=ItemKind.BOOLEAN if i % 2 == 0 else ItemKind.COUNT,
                at_least=1 if i % 2 == 0 else 3,
                evidence_kinds=(f"proof-{i:02d}",),
                due=dt.date(2024, 8, 31),
            )
            for i in range(sizes.items)
        )
        checklists.append(
            Checklist(
                key=f"list-{r:02d}",
                version="2024",
                label=label(f"list {r}"),
                role=role,
                items=items,
                needs_verification=True,
            )
        )
        for h in range(sizes.holders):
            holder = f"P{r:02d}{h:04d}"
            people.append(Person(id=holder, name=holder, roles=(RoleSpan(role=role),)))
            for item in items:
                day = start + dt.timedelta(days=days[number])
                if evidenced[number]:
                    evidence.append(
                        Evidence(
                            id=f"E{number:06d}",
                            kind=item.evidence_kinds[0],
                            date=day,
                            count=item.at_least,
                            persons=(holder,),
                        )
                    )
                common: dict[str, Any] = {
                    "checklist": f"list-{r:02d}", "version": "2024", "item": item.key,
                    "holder": holder,
                }  # fmt: skip
                review = Action.VERIFY if verified[number] else Action.REJECT
                transitions.append(ItemTransition(action=Action.SUBMIT, date=day, **common))
                transitions.append(ItemTransition(action=review, date=day, **common))
                number += 1
    return Data(checklists, people, evidence, transitions, verified)


def plain(verified: list[bool]) -> float:
    """The peers' baseline: a dict table, two look-ups per item, and the rate verified.

    :param verified: for each item, whether it is verified.
    """
    allowed = {(state, action): target for action, state, target in PEER_TABLE}
    count = len(verified)
    states = ["pending"] * count
    for i in range(count):
        states[i] = allowed[states[i], "submit"]
        states[i] = allowed[states[i], "verify" if verified[i] else "reject"]
    return Counter(states)["verified"] / count


def with_transitions(verified: list[bool]) -> float:
    """The peers' ``transitions`` run: a ``Machine`` with one model per item, two triggers each.

    :param verified: for each item, whether it is verified.
    """
    from transitions import Machine  # noqa: PLC0415 - measured only when installed

    class Item:
        __slots__ = ("__dict__", "state")

    items = [Item() for _ in verified]
    Machine(
        model=items,
        states=STATES,
        transitions=PEER_TABLE,
        initial="pending",
        auto_transitions=False,
    )
    for item, good in zip(items, verified, strict=True):
        item.submit()  # type: ignore[attr-defined]
        if good:
            item.verify()  # type: ignore[attr-defined]
        else:
            item.reject()  # type: ignore[attr-defined]
    return Counter(item.state for item in items)["verified"] / len(items)  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> None:
    """Measure and print the time of the checklists' completion."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    options = parser.parse_args(argv)
    one_core()
    sizes = QUICK if options.quick else FULL
    repeats = 5 if options.quick else 15
    records = data(sizes, SEED)
    owed = len(records.verified)
    print(
        f"role checklists (one core, median of {repeats} runs"
        f"{'; quick sizes: the target applies to the full sizes' if options.quick else ''})\n"
        f"    {owed:,} items owed, {len(records.transitions):,} transitions, "
        f"{len(records.evidence):,} pieces of evidence",
        flush=True,
    )
    inputs: dict[str, Any] = {
        "people": records.people, "evidence": records.evidence,
        "transitions": records.transitions, "as_of": AS_OF,
    }  # fmt: skip
    structuring, columns = median_time(
        lambda: checklist_columns(records.checklists, **inputs), repeats
    )
    print(f"records -> columns (once; informative): {structuring * 1000:.1f} ms")
    seconds, arrays = median_time(lambda: evaluate_checklist_columns(columns), repeats)
    complete = int(arrays.complete.sum())
    target = "" if options.quick else f" (target <= {TARGET_SECONDS * 1000:.0f} ms: "
    target += "" if options.quick else f"{verdict(seconds <= TARGET_SECONDS)})"
    print(
        f"columns -> arrays, completion of {arrays.complete.size:,} items: "
        f"{seconds * 1000:.1f} ms{target}"
    )
    print(f"    complete {complete:,} of {arrays.complete.size:,} ({complete / owed:.3f})")
    objects, result = median_time(
        lambda: evaluate_checklists(records.checklists, **inputs), repeats
    )
    print(f"    object path, evaluate_checklists, records -> result: {objects * 1000:.1f} ms")
    baseline, rate = median_time(lambda: plain(records.verified), repeats)
    print(f"    plain dict table, 2 look-ups per item: {baseline * 1000:.1f} ms (rate {rate:.3f})")
    if importlib.util.find_spec("transitions") is None:
        print("    transitions package: not installed, skipped")
    else:
        machine, machine_rate = once(lambda: with_transitions(records.verified))
        print(
            f"    transitions package, Machine(model=items) + 2 triggers: "
            f"{machine * 1000:.0f} ms (rate {machine_rate:.3f})"
        )
    if arrays.to_result() == result:
        print(f"    both paths agree: {len(result.records):,} records and their totals equal")
    else:
        print("    MISMATCH: the columnar path's result differs from the object path's")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
