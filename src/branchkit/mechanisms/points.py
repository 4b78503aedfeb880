"""Awards: points a rule gives a subject, exact, with the reason and the records behind them.

Points are :class:`~decimal.Decimal`, never floats, so adding them up cannot drift and change a
rank.

>>> import decimal
>>> award = Award(points=decimal.Decimal("3"), reason=Label(zh="理论学习报告", en="study report"),
...               sources=("e-017",))
>>> award.points + award.points
Decimal('6')
"""

from __future__ import annotations

import decimal

import attrs

from branchkit.records.labels import Label

__all__ = ["Award"]


@attrs.frozen(kw_only=True)
class Award:
    """Points given by one rule.

    :param points: the points, exact; negative for a penalty.
    :param reason: why, in both languages.
    :param sources: ids of the events or evidence behind the points.
    """

    points: decimal.Decimal
    reason: Label
    sources: tuple[str, ...] = ()
