"""Durations in calendar terms: years, months and days, added to dates the way rules mean them.

"One year as an activist" from 2021-03-15 ends on 2022-03-15; "one month after" 2021-01-31 is
2021-02-28 (the last day of a shorter month stands in for a day it lacks).

>>> import datetime as dt
>>> Duration(years=1).after(dt.date(2020, 2, 29))
datetime.date(2021, 2, 28)
>>> Duration(months=1).after(dt.date(2021, 1, 31))
datetime.date(2021, 2, 28)
>>> Duration(months=1).label.zh, Duration(years=1, months=6).label.en
('1个月', '1 year 6 months')
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid
from branchkit.records.labels import Label

__all__ = ["Duration"]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@attrs.frozen(kw_only=True)
class Duration:
    """A length of time in years, months and days (all at least 0, not all 0).

    :param years: whole years.
    :param months: whole months.
    :param days: days.
    """

    years: int = 0
    months: int = 0
    days: int = 0

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        for name in ("years", "months", "days"):
            if getattr(self, name) < 0:
                yield (name,), "cannot be negative"
        if self.years == self.months == self.days == 0:
            yield (), "a duration needs years, months or days"

    def after(self, day: dt.date) -> dt.date:
        """The day this long after ``day``; a missing day of a short month becomes its last."""
        month_index = day.month - 1 + self.months + 12 * self.years
        year, month = day.year + month_index // 12, month_index % 12 + 1
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=self.days)

    @property
    def label(self) -> Label:
        """The duration in words."""
        zh = "".join(
            f"{count}{unit}"
            for count, unit in ((self.years, "年"), (self.months, "个月"), (self.days, "天"))
            if count
        )
        en = " ".join(
            _plural(count, unit)
            for count, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day"))
            if count
        )
        return Label(zh=zh, en=en)
