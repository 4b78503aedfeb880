"""Benchmark of contact suggestions: filling a college's uncovered dorms, with a solver.

Run alone: ``python benchmarks/contacts_suggest.py [--quick]``. The process runs on one core:
numpy's thread pools are limited to one thread before numpy is imported, and the process is
pinned to one CPU.

The network has the shape of ``shared/bench/peers.py``'s ``coverage_data``: 50,000 students
in 1,500 dorms and 300 classes, and 2,000 holders: 40 branch secretaries tied to about 93% of
the classes, 500 committee members tied to two to four dorms each (at most 4, none their own
dorm), and 1,460 members tied to 2,000 students. 200 dorms have no committee member. The time
is that of one complete call of :func:`suggest_assignments` for the dorm tier, as a user
makes it: from the records (all people, units and ties of every tier) to the proposal
(target <= 1 s). The time of :func:`evaluate_network` on the same tier is printed beside it.

The data are synthetic and seeded; each time is the median of several runs after a warm-up.
"""

from __future__ import annotations

# Before numpy: importing timing limits numpy's thread pools to one thread.
from timing import label, median_time, one_core, verdict

# isort: split

import argparse
import datetime as dt
import sys
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from branchkit.mechanisms.contacts import Assignment, Tier, evaluate_network
from branchkit.mechanisms.contacts.suggest import suggest_assignments
from branchkit.records import Membership, Person, RoleSpan, Unit

AS_OF = dt.date(2024, 9, 17)
SEED = 20240917  # the seed of shared/bench/peers.py
TARGET_SECONDS = 1.0


class Sizes(NamedTuple):
    """The sizes of the network.

    :param students: students.
    :param dorms: dorms.
    :param classes: classes.
    :param secretaries: branch secretaries (holders of the class tier).
    :param committee: committee members (holders of the dorm tier).
    :param members: members (holders of the student tier).
    :param student_ties: ties of members to students.
    :param uncovered: dorms without a committee member.
    """

    students: int
    dorms: int
    classes: int
    secretaries: int
    committee: int
    members: int
    student_ties: int
    uncovered: int


FULL = Sizes(50_000, 1_500, 300, 40, 500, 1_460, 2_000, 200)
QUICK = Sizes(10_000, 300, 60, 8, 100, 292, 400, 40)


def ids(prefix: str, count: int) -> list[str]:
    """Ids whose text order is their number order: ``S00000``, ``S00001``, ...

    :param prefix: the letter.
    :param count: how many.
    """
    width = len(str(max(count - 1, 0)))
    return [f"{prefix}{number:0{width}d}" for number in range(count)]


DORM_TIER = Tier(
    key="dorms",
    label=label("committee member to dorm"),
    holder_role="committee_member",
    unit_kind="dorm",
    max_per_holder=4,
    exclude_own_unit=True,
)


def dorm_ties(rng: np.random.Generator, sizes: Sizes, own: list[int]) -> list[tuple[int, int]]:
    """Committee members' ties to dorms: every dorm but ``uncovered`` of them has one or more.

    Each member takes two to four dorms, never their own (``own``); a member listed twice for
    a dorm counts once, as in the peers' data.

    :param rng: the random numbers.
    :param sizes: the sizes.
    :param own: each committee member's dorm.
    """
    covered = rng.permutation(sizes.dorms)[: sizes.dorms - sizes.uncovered]
    per = rng.integers(2, 5, sizes.committee)
    holders = rng.permutation(np.repeat(np.arange(sizes.committee), per)).tolist()
    extra = int(per.sum()) - len(covered)
    if extra < 0:
        raise ValueError("too few committee members to cover the dorms")
    targets = [*rng.permutation(covered).tolist(), *rng.choice(covered, extra).tolist()]
    # A member's own dorm would be an invalid tie: swap it with a tie that can take it.
    for i, (holder, target) in enumerate(zip(holders, targets, strict=True)):
        if target != own[holder]:
            continue
        for j, other in enumerate(targets):
            if other != own[holder] and target != own[holders[j]]:
                targets[i], targets[j] = other, target
                break
    return list(zip(holders, targets, strict=True))


def network(sizes: Sizes, seed: int) -> tuple[list[Person], list[Unit], list[Assignment]]:
    """The people, units and ties of every tier, seeded.

    :param sizes: the sizes.
    :param seed: the seed.
    """
    rng = np.random.default_rng(seed)
    dorms, classes = ids("D", sizes.dorms), ids("K", sizes.classes)
    units = [Unit(id=key, kind="dorm", name=key) for key in dorms]
    units += [Unit(id=key, kind="class", name=key) for key in classes]

    def living(prefix: str, count: int, role: str) -> tuple[list[Person], list[int]]:
        dorm = rng.integers(0, sizes.dorms, count).tolist()
        klass = rng.integers(0, sizes.classes, count).tolist()
        people = [
            Person(
                id=key,
                name=key,
                roles=(RoleSpan(role=role),),
                memberships=(Membership(unit=dorms[d]), Membership(unit=classes[k])),
            )
            for key, d, k in zip(ids(prefix, count), dorm, klass, strict=True)
        ]
        return people, dorm

    students, _ = living("S", sizes.students, "student")
    committee, own = living("C", sizes.committee, "committee_member")
    members, _ = living("M", sizes.members, "member")
    secretaries = [
        Person(id=key, name=key, roles=(RoleSpan(role="branch_secretary"),))
        for key in ids("B", sizes.secretaries)
    ]
    ties = [
        Assignment(tier="dorms", holder=committee[holder].id, target=dorms[target])
        for holder, target in dorm_ties(rng, sizes, own)
    ]
    tied_classes = np.flatnonzero(rng.random(sizes.classes) < 0.93).tolist()
    ties += [
        Assignment(tier="classes", holder=secretaries[holder].id, target=classes[klass])
        for holder, klass in zip(
            rng.integers(0, sizes.secretaries, len(tied_classes)).tolist(),
            tied_classes,
            strict=True,
        )
    ]
    tied_students = rng.choice(sizes.students, sizes.student_ties, replace=False).tolist()
    ties += [
        Assignment(tier="students", holder=members[holder].id, target=students[student].id)
        for holder, student in zip(
            rng.integers(0, sizes.members, sizes.student_ties).tolist(),
            tied_students,
            strict=True,
        )
    ]
    return [*students, *committee, *members, *secretaries], units, ties


def main(argv: Sequence[str] | None = None) -> None:
    """Measure and print the time of the suggestions."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    options = parser.parse_args(argv)
    one_core()
    sizes = QUICK if options.quick else FULL
    repeats = 3 if options.quick else 7
    people, units, ties = network(sizes, SEED)
    holders = sizes.secretaries + sizes.committee + sizes.members
    print(
        f"contact suggestions (numpy {np.__version__}, one core, median of {repeats} runs"
        f"{'; quick sizes: the target applies to the full sizes' if options.quick else ''})\n"
        f"    {sizes.students:,} students, {sizes.dorms:,} dorms, {sizes.classes:,} classes, "
        f"{holders:,} holders, {len(ties):,} ties",
        flush=True,
    )

    def evaluate() -> int:
        (result,) = evaluate_network(
            [DORM_TIER], ties, people=people, units=units, as_of=AS_OF
        ).tiers
        return result.covered

    evaluated, covered = median_time(evaluate, repeats)
    seconds, suggestion = median_time(
        lambda: suggest_assignments(DORM_TIER, ties, people=people, units=units, as_of=AS_OF),
        repeats,
    )
    uncovered = sizes.dorms - covered
    target = "" if options.quick else f" (target <= {TARGET_SECONDS * 1000:.0f} ms: "
    target += "" if options.quick else f"{verdict(seconds <= TARGET_SECONDS)})"
    print(f"suggestions for {uncovered:,} uncovered dorms: {seconds * 1000:.1f} ms{target}")
    after = evaluate_network(
        [DORM_TIER], suggestion.apply(ties), people=people, units=units, as_of=AS_OF
    ).tiers[0]
    loads = Counter(len(holder.targets) for holder in after.holders)
    print(
        f"    {len(suggestion.added):,} ties added, {len(suggestion.unfilled):,} dorms left "
        f"short; covered {suggestion.covered_before:,} -> {suggestion.covered_after:,} "
        f"(evaluate_network agrees: {'yes' if after.covered == suggestion.covered_after else 'NO'}"
        f"); committee members by load after: "
        + ", ".join(f"{load}: {count}" for load, count in sorted(loads.items()))
    )
    print(f"    evaluate_network on the same tier {evaluated * 1000:.1f} ms, for comparison")


if __name__ == "__main__":
    main(sys.argv[1:])
