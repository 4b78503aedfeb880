"""A point rule: points for each volunteer service, up to a cap.

A plugin module of its own, as the how-to guide :doc:`/howto/point-rule` builds it. A scheme's
dimension names the rule by its key, ``volunteer_service``.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence

from branchkit import hookimpl
from branchkit.mechanisms import Award
from branchkit.plugins import PointInput, PointRule
from branchkit.records import Label

#: The event kind counted: a volunteer service (志愿服务).
SERVICE = "volunteer_service"


def _points(params: Mapping[str, object], name: str, default: str) -> decimal.Decimal:
    """A parameter as exact points: a whole number, a decimal, or decimal text (``"0.5"``)."""
    value = params.get(name, default)
    wrong = f"{name} must be exact points, such as 2 or '0.5', not {value!r}"
    # A float (0.1) is not exact, and bool is an int to Python: both are refused.
    if isinstance(value, bool) or not isinstance(value, int | str | decimal.Decimal):
        raise ValueError(wrong)
    try:
        return decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise ValueError(wrong) from None


def volunteer_service(given: PointInput) -> list[Award]:
    """``per_event`` points for each volunteer service, in date order, until ``cap`` is reached.

    :param given: the subject's events and the parameters ``per_event`` and ``cap``.
    :returns: one award per service that earns points, naming the service.
    """
    per_event = _points(given.params, "per_event", "1")
    cap = _points(given.params, "cap", "5")
    services = sorted(
        (event for event in given.events if event.kind == SERVICE),
        key=lambda event: (event.date, event.id),
    )
    awards: list[Award] = []
    total = decimal.Decimal(0)
    for event in services:
        points = min(per_event, cap - total)
        if points <= 0:
            break  # the cap is reached; later services earn nothing
        total += points
        awards.append(
            Award(
                points=points,
                reason=Label(
                    zh=f"志愿服务（{event.date.isoformat()}）",
                    en=f"volunteer service on {event.date.isoformat()}",
                ),
                sources=(event.id,),
            )
        )
    return awards


@hookimpl
def branchkit_point_rules() -> Sequence[PointRule]:
    """The rule, under the key schemes name it by."""
    return [
        PointRule(
            key="volunteer_service",
            label=Label(zh="志愿服务积分", en="volunteer service points"),
            compute=volunteer_service,
        )
    ]
