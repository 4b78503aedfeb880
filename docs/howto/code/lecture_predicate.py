"""A condition predicate: enough party lectures attended since the application.

A plugin module of its own, as the how-to guide :doc:`/howto/predicate` builds it. A scheme's
gate names the predicate by its key, ``lectures_since_application``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from branchkit import hookimpl
from branchkit.mechanisms import Verdict
from branchkit.plugins import Predicate, PredicateInput
from branchkit.records import Label

#: The event kind counted: a party lecture (党课).
LECTURE = "party_lecture"


def _whole_number(params: Mapping[str, object], name: str, default: int) -> int:
    """A parameter that must be a whole number; a scheme that gives anything else is wrong."""
    value = params.get(name, default)
    # bool is an int to Python, but ``at_least = true`` is a mistake in a scheme.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a whole number of lectures, not {value!r}")
    return value


def lectures_since_application(given: PredicateInput) -> Verdict:
    """Pass when the subject attended ``at_least`` party lectures since applying.

    :param given: the subject's facts (``application_date``), events and the parameters.
    :returns: passed or failed with the count, or unknown when the application date is missing.
    """
    at_least = _whole_number(given.params, "at_least", 2)
    applied = given.facts.get("application_date")
    if not isinstance(applied, dt.date):
        # Unknown, not failed: the record is incomplete, and the reason says which fact to add.
        return Verdict.unknown(
            Label(zh="未登记入党申请日期", en="no application date recorded"),
            facts=("application_date",),
        )
    held = [
        event
        for event in given.events
        if event.kind == LECTURE and applied <= event.date <= given.as_of
    ]
    reason = Label(
        zh=f"申请以来参加党课{len(held)}次，要求至少{at_least}次",
        en=f"{len(held)} party lectures since applying; at least {at_least} required",
    )
    verdict = Verdict.passed if len(held) >= at_least else Verdict.failed
    return verdict(reason, facts=("application_date",))


@hookimpl
def branchkit_condition_predicates() -> Sequence[Predicate]:
    """The predicate, under the key schemes name it by."""
    return [
        Predicate(
            key="lectures_since_application",
            label=Label(zh="申请以来参加党课次数", en="party lectures since applying"),
            evaluate=lectures_since_application,
        )
    ]
