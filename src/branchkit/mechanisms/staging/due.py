"""The due list: from the time rules, what each candidate needs next and by when.

For the move selection leads to, every time rule of a candidate gives an item: a time still to
pass (``wait``), something to do by a day (``deadline``), something that expires (``renew``),
or dates that cannot be right (``inconsistent``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.conditions import AtLeastSince, NotAfter, ValidFor, Within
from branchkit.mechanisms.staging.context import Context
from branchkit.mechanisms.staging.evaluate import build_contexts
from branchkit.mechanisms.staging.results import DueItem
from branchkit.mechanisms.staging.scheme import Scheme
from branchkit.mechanisms.verdicts import Outcome
from branchkit.records.people import Person

__all__ = ["due_list"]


def _items(condition: object, context: Context) -> Iterable[DueItem]:
    candidate, as_of = context.candidate.id, context.as_of
    if isinstance(condition, AtLeastSince):
        reached = condition.reached_on(context)
        if reached is not None and reached > as_of:
            verdict = condition.evaluate(context)
            yield DueItem(
                candidate=candidate, gate=condition.key, kind="wait", due=reached,
                status="pending", reason=verdict.reason,
            )  # fmt: skip
    elif isinstance(condition, Within):
        verdict = condition.evaluate(context)
        deadline = condition.deadline(context)
        if verdict.outcome is Outcome.PASSED or deadline is None:
            return
        then = context.candidate.fact(condition.then)
        start = context.candidate.fact(condition.start)
        if isinstance(then, dt.date) and isinstance(start, dt.date) and then < start:
            yield DueItem(
                candidate=candidate, gate=condition.key, kind="inconsistent", due=deadline,
                status="impossible", reason=verdict.reason,
            )  # fmt: skip
        else:  # not done yet, or done after the deadline
            yield DueItem(
                candidate=candidate, gate=condition.key, kind="deadline", due=deadline,
                status="pending" if as_of <= deadline else "overdue", reason=verdict.reason,
            )  # fmt: skip
    elif isinstance(condition, ValidFor):
        expires = condition.expires_on(context)
        if expires is not None:
            verdict = condition.evaluate(context)
            yield DueItem(
                candidate=candidate, gate=condition.key, kind="renew", due=expires,
                status="pending" if as_of < expires else "overdue", reason=verdict.reason,
            )  # fmt: skip
    elif isinstance(condition, NotAfter):
        verdict = condition.evaluate(context)
        if verdict.outcome is Outcome.FAILED:
            yield DueItem(
                candidate=candidate, gate=condition.key, kind="inconsistent", due=None,
                status="impossible", reason=verdict.reason,
            )  # fmt: skip


def due_list(
    scheme: Scheme,
    candidates: Iterable[Candidate],
    *,
    as_of: dt.date,
    people: Iterable[Person] = (),
    stage: str | None = None,
) -> tuple[DueItem, ...]:
    """What each candidate at ``stage`` needs next, soonest first.

    Items are sorted impossible first, then overdue, then by day, candidate and gate.

    :param scheme: the rules.
    :param candidates: the candidates, facts typed.
    :param as_of: the day judged.
    :param people: the people, for the conditions that read them.
    :param stage: the stage; the scheme's selection stage by default.
    """
    selection = scheme.selection
    stage = selection.stage if stage is None else stage
    transition = scheme.move_from(stage) if stage else None
    if transition is None:
        return ()
    listed = [c for c in candidates if c.stage == stage]
    items = [
        item
        for context in build_contexts(scheme, listed, as_of=as_of, people=people)
        for condition in transition.conditions
        for item in _items(condition, context)
    ]
    urgency: Mapping[str, int] = {"impossible": 0, "overdue": 1, "pending": 2}
    return tuple(
        sorted(
            items,
            key=lambda i: (urgency[i.status], i.due or dt.date.min, i.candidate, i.gate),
        )
    )
