"""Periods: academic years, semesters, quarters, months, calendar years and custom spans.

A period is an inclusive span of days with a key that names it. Named constructors follow the
usual conventions of Chinese colleges: the academic year runs from September to August, its
first semester from September to January and its second from February to August; quarters and
months are calendar ones.

>>> year = Period.academic_year(2020)
>>> year.key, year.start.isoformat(), year.end.isoformat()
('2020-2021', '2020-09-01', '2021-08-31')
>>> Period.parse("2021-Q1").within(year)
True
>>> import datetime as dt
>>> Period.quarter(2021, 1).contains(dt.date(2021, 3, 31))
True
>>> [p.key for p in year.subdivide(PeriodKind.QUARTER)]
['2020-Q4', '2021-Q1', '2021-Q2']
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from collections.abc import Iterator

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid, span_problems, text_problems
from branchkit.records.labels import Label

__all__ = ["Period", "PeriodKind"]


class PeriodKind(enum.Enum):
    """The kinds of period."""

    ACADEMIC_YEAR = "academic_year"
    SEMESTER = "semester"
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    CUSTOM = "custom"


# Matched with fullmatch ("$" alone lets "2021\n" through) and ASCII digits only ("２０２１").
_ACADEMIC_YEAR = re.compile(r"(\d{4})-(\d{4})", re.ASCII)
_SEMESTER = re.compile(r"(\d{4})-(\d{4})-([12])", re.ASCII)
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_SEMESTER_NAMES = {1: ("第一学期", "first semester"), 2: ("第二学期", "second semester")}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@attrs.frozen(kw_only=True)
class Period:
    """An inclusive span of days with a key.

    Prefer the named constructors (:meth:`academic_year`, :meth:`semester`, :meth:`year`,
    :meth:`quarter`, :meth:`month`, :meth:`parse`); build one directly for a custom span.

    :param key: the period's name, such as ``2020-2021`` or ``2021-Q1``.
    :param kind: what kind of period it is.
    :param start: the first day.
    :param end: the last day, included.
    """

    key: str
    kind: PeriodKind = PeriodKind.CUSTOM
    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("key", self.key)
        yield from span_problems(self.start, self.end)

    @classmethod
    def academic_year(cls, first_year: int) -> Period:
        """The academic year from 1 September of ``first_year`` to 31 August after it."""
        return cls(
            key=f"{first_year:04d}-{first_year + 1:04d}",
            kind=PeriodKind.ACADEMIC_YEAR,
            start=dt.date(first_year, 9, 1),
            end=dt.date(first_year + 1, 8, 31),
        )

    @classmethod
    def semester(cls, first_year: int, number: int) -> Period:
        """Semester ``number`` (1: September-January, 2: February-August) of an academic year."""
        if number == 1:
            start, end = dt.date(first_year, 9, 1), dt.date(first_year + 1, 1, 31)
        elif number == 2:
            start, end = dt.date(first_year + 1, 2, 1), dt.date(first_year + 1, 8, 31)
        else:
            raise ValueError(f"a semester is 1 or 2, not {number}")
        return cls(
            key=f"{first_year:04d}-{first_year + 1:04d}-{number}",
            kind=PeriodKind.SEMESTER,
            start=start,
            end=end,
        )

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year."""
        return cls(
            key=f"{year:04d}",
            kind=PeriodKind.YEAR,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
        )

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        """Calendar quarter ``number`` (1-4) of ``year``."""
        if not 1 <= number <= 4:
            raise ValueError(f"a quarter is 1 to 4, not {number}")
        first_month = 3 * number - 2
        return cls(
            key=f"{year:04d}-Q{number}",
            kind=PeriodKind.QUARTER,
            start=dt.date(year, first_month, 1),
            end=_month_end(year, first_month + 2),
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month."""
        if not 1 <= month <= 12:
            raise ValueError(f"a month is 1 to 12, not {month}")
        return cls(
            key=f"{year:04d}-{month:02d}",
            kind=PeriodKind.MONTH,
            start=dt.date(year, month, 1),
            end=_month_end(year, month),
        )

    @classmethod
    def parse(cls, text: str) -> Period:
        """The period a key names.

        Keys: ``2020-2021`` (academic year), ``2020-2021-1`` (semester), ``2021`` (year),
        ``2021-Q1`` (quarter), ``2021-03`` (month).

        >>> Period.parse("2020-2021-2").start
        datetime.date(2021, 2, 1)
        >>> Period.parse("2020-2022")
        Traceback (most recent call last):
          ...
        ValueError: '2020-2022' is not an academic year: the second year must follow the first
        """
        if match := _ACADEMIC_YEAR.fullmatch(text):
            first, second = int(match[1]), int(match[2])
            if second != first + 1:
                raise ValueError(
                    f"{text!r} is not an academic year: the second year must follow the first"
                )
            return cls.academic_year(first)
        if match := _SEMESTER.fullmatch(text):
            first, second = int(match[1]), int(match[2])
            if second != first + 1:
                raise ValueError(
                    f"{text!r} is not a semester: the second year must follow the first"
                )
            return cls.semester(first, int(match[3]))
        if match := _YEAR.fullmatch(text):
            return cls.year(int(match[1]))
        if match := _QUARTER.fullmatch(text):
            return cls.quarter(int(match[1]), int(match[2]))
        if (match := _MONTH.fullmatch(text)) and 1 <= int(match[2]) <= 12:
            return cls.month(int(match[1]), int(match[2]))
        raise ValueError(
            f"{text!r} names no period; use 2020-2021, 2020-2021-1, 2021, 2021-Q1 or 2021-03"
        )

    @classmethod
    def containing(cls, day: dt.date, kind: PeriodKind) -> Period:
        """The period of ``kind`` that ``day`` falls in.

        >>> Period.containing(dt.date(2021, 1, 15), PeriodKind.SEMESTER).key
        '2020-2021-1'
        >>> Period.containing(dt.date(2021, 8, 31), PeriodKind.ACADEMIC_YEAR).key
        '2020-2021'
        """
        first_year = day.year if day.month >= 9 else day.year - 1
        if kind is PeriodKind.ACADEMIC_YEAR:
            return cls.academic_year(first_year)
        if kind is PeriodKind.SEMESTER:
            return cls.semester(first_year, 1 if day.month >= 9 or day.month == 1 else 2)
        if kind is PeriodKind.YEAR:
            return cls.year(day.year)
        if kind is PeriodKind.QUARTER:
            return cls.quarter(day.year, (day.month + 2) // 3)
        if kind is PeriodKind.MONTH:
            return cls.month(day.year, day.month)
        raise ValueError("no custom period contains a day by its kind alone")

    @property
    def days(self) -> int:
        """The number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def label(self) -> Label:
        """The period's name for people, in both languages."""
        first = self.start.year
        if self.kind is PeriodKind.ACADEMIC_YEAR:
            return Label(zh=f"{first}—{first + 1}学年", en=f"academic year {first}-{first + 1}")
        # A semester read from a file may have any key: only a semester key gives its name.
        if self.kind is PeriodKind.SEMESTER and (match := _SEMESTER.fullmatch(self.key)):
            zh, en = _SEMESTER_NAMES[int(match[3])]
            year = int(match[1])
            return Label(zh=f"{year}—{year + 1}学年{zh}", en=f"{en} of {year}-{year + 1}")
        if self.kind is PeriodKind.YEAR:
            return Label(zh=f"{first}年", en=f"{first}")
        if self.kind is PeriodKind.QUARTER:
            number = (self.start.month + 2) // 3
            return Label(zh=f"{first}年第{number}季度", en=f"Q{number} {first}")
        if self.kind is PeriodKind.MONTH:
            return Label(
                zh=f"{first}年{self.start.month}月",
                en=f"{calendar.month_name[self.start.month]} {first}",
            )
        span = f"{self.start.isoformat()} – {self.end.isoformat()}"
        return Label(zh=f"{self.key}（{span}）", en=f"{self.key} ({span})")

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period (both ends included)."""
        return self.start <= day <= self.end

    def within(self, other: Period) -> bool:
        """Whether the whole period lies inside ``other``."""
        return other.start <= self.start and self.end <= other.end

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def subdivide(self, kind: PeriodKind) -> tuple[Period, ...]:
        """The calendar quarters or months that lie wholly inside the period, in order."""
        if kind is PeriodKind.QUARTER:
            step = 3
        elif kind is PeriodKind.MONTH:
            step = 1
        else:
            raise ValueError(f"a period subdivides into quarters or months, not {kind.value}")
        found: list[Period] = []
        year, month = self.start.year, self.start.month - (self.start.month - 1) % step
        while dt.date(year, month, 1) <= self.end:
            part = (
                Period.quarter(year, (month + 2) // 3) if step == 3 else Period.month(year, month)
            )
            if part.within(self):
                found.append(part)
            month += step
            if month > 12:
                year, month = year + 1, month - 12
        return tuple(found)
