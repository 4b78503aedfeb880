"""Periods: hand-checked boundaries, parsing, relations, subdivision and labels."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.records import Label, Period, PeriodKind
from tests import strategies as bs

D = dt.date


def span(period: Period) -> tuple[str, PeriodKind, dt.date, dt.date, int]:
    return period.key, period.kind, period.start, period.end, period.days


# --- named constructors --------------------------------------------------------------------


def test_academic_year() -> None:
    assert span(Period.academic_year(2020)) == (
        "2020-2021",
        PeriodKind.ACADEMIC_YEAR,
        D(2020, 9, 1),
        D(2021, 8, 31),
        365,
    )
    # 2024 is a leap year: its 29 February falls in the academic year 2023-2024.
    assert span(Period.academic_year(2023)) == (
        "2023-2024",
        PeriodKind.ACADEMIC_YEAR,
        D(2023, 9, 1),
        D(2024, 8, 31),
        366,
    )


def test_semesters() -> None:
    assert span(Period.semester(2020, 1)) == (
        "2020-2021-1",
        PeriodKind.SEMESTER,
        D(2020, 9, 1),
        D(2021, 1, 31),
        153,
    )
    assert span(Period.semester(2020, 2)) == (
        "2020-2021-2",
        PeriodKind.SEMESTER,
        D(2021, 2, 1),
        D(2021, 8, 31),
        212,
    )
    assert Period.semester(2023, 2).days == 213


@pytest.mark.parametrize("number", [0, 3, -1])
def test_a_semester_is_1_or_2(number: int) -> None:
    with pytest.raises(ValueError, match=rf"^a semester is 1 or 2, not {number}$"):
        Period.semester(2020, number)


def test_calendar_years() -> None:
    assert span(Period.year(2021)) == ("2021", PeriodKind.YEAR, D(2021, 1, 1), D(2021, 12, 31), 365)
    assert Period.year(2024).days == 366
    assert Period.year(900).key == "0900"


@pytest.mark.parametrize(
    ("number", "start", "end", "days"),
    [
        (1, D(2021, 1, 1), D(2021, 3, 31), 90),
        (2, D(2021, 4, 1), D(2021, 6, 30), 91),
        (3, D(2021, 7, 1), D(2021, 9, 30), 92),
        (4, D(2021, 10, 1), D(2021, 12, 31), 92),
    ],
)
def test_quarters(number: int, start: dt.date, end: dt.date, days: int) -> None:
    assert span(Period.quarter(2021, number)) == (
        f"2021-Q{number}",
        PeriodKind.QUARTER,
        start,
        end,
        days,
    )


def test_leap_year_first_quarter() -> None:
    assert Period.quarter(2024, 1).end == D(2024, 3, 31)
    assert Period.quarter(2024, 1).days == 91


@pytest.mark.parametrize("number", [0, 5])
def test_a_quarter_is_1_to_4(number: int) -> None:
    with pytest.raises(ValueError, match=rf"^a quarter is 1 to 4, not {number}$"):
        Period.quarter(2021, number)


@pytest.mark.parametrize(
    ("year", "month", "end"),
    [
        (2021, 1, D(2021, 1, 31)),
        (2023, 2, D(2023, 2, 28)),
        (2024, 2, D(2024, 2, 29)),
        (2000, 2, D(2000, 2, 29)),
        (1900, 2, D(1900, 2, 28)),
        (2021, 4, D(2021, 4, 30)),
        (2021, 12, D(2021, 12, 31)),
    ],
)
def test_months(year: int, month: int, end: dt.date) -> None:
    period = Period.month(year, month)
    assert (period.key, period.kind) == (f"{year}-{month:02d}", PeriodKind.MONTH)
    assert (period.start, period.end) == (D(year, month, 1), end)


@pytest.mark.parametrize("month", [0, 13])
def test_a_month_is_1_to_12(month: int) -> None:
    with pytest.raises(ValueError, match=rf"^a month is 1 to 12, not {month}$"):
        Period.month(2021, month)


# --- parse ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-2021", Period.academic_year(2020)),
        ("2020-2021-1", Period.semester(2020, 1)),
        ("2020-2021-2", Period.semester(2020, 2)),
        ("2021", Period.year(2021)),
        ("2021-Q1", Period.quarter(2021, 1)),
        ("2021-Q4", Period.quarter(2021, 4)),
        ("2021-03", Period.month(2021, 3)),
        ("2024-02", Period.month(2024, 2)),
        ("0999-1000", Period.academic_year(999)),
    ],
)
def test_parse_every_key_form(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected
    assert Period.parse(text).key == text


@pytest.mark.parametrize("text", ["2020-2022", "2021-2020", "2020-2020"])
def test_parse_an_academic_year_whose_years_do_not_follow(text: str) -> None:
    message = f"{text!r} is not an academic year: the second year must follow the first"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Period.parse(text)


def test_parse_a_semester_whose_years_do_not_follow() -> None:
    message = "'2020-2022-1' is not a semester: the second year must follow the first"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Period.parse("2020-2022-1")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "21",
        "2021-13",
        "2021-00",
        "2021-3",
        "2021-Q0",
        "2021-Q5",
        "2021-q1",
        "2021Q1",
        "2020-2021-3",
        "2020-2021-0",
        "2021-W01",
        " 2021",
        "2021 ",
        "2021\n",
        "２０２１",
        "2020/2021",
        "2021-03-01",
    ],
)
def test_parse_refuses_other_texts(text: str) -> None:
    message = f"{text!r} names no period; use 2020-2021, 2020-2021-1, 2021, 2021-Q1 or 2021-03"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Period.parse(text)


@settings(max_examples=100)
@given(bs.named_periods())
def test_parse_reads_back_every_named_key(period: Period) -> None:
    assert Period.parse(period.key) == period


# --- contains, within, overlaps ------------------------------------------------------------


def test_contains_includes_both_ends() -> None:
    quarter = Period.quarter(2021, 1)
    assert [
        quarter.contains(day)
        for day in (D(2020, 12, 31), D(2021, 1, 1), D(2021, 3, 31), D(2021, 4, 1))
    ] == [False, True, True, False]
    semester = Period.semester(2020, 1)
    assert semester.contains(D(2021, 1, 31))
    assert not semester.contains(D(2021, 2, 1))
    assert Period.semester(2020, 2).contains(D(2021, 2, 1))


def test_within() -> None:
    year = Period.academic_year(2020)
    assert Period.parse("2021-Q1").within(year)
    assert Period.semester(2020, 1).within(year)
    assert Period.semester(2020, 2).within(year)
    assert Period.month(2021, 8).within(Period.semester(2020, 2))
    assert year.within(year)
    assert not Period.quarter(2020, 3).within(year)  # begins on 1 July
    assert not Period.quarter(2021, 3).within(year)  # ends on 30 September
    assert not Period.month(2021, 9).within(year)
    assert not year.within(Period.semester(2020, 1))


def test_overlaps() -> None:
    year = Period.academic_year(2020)
    assert year.overlaps(Period.quarter(2020, 3))
    assert Period.quarter(2020, 3).overlaps(year)
    assert not year.overlaps(Period.academic_year(2021))
    assert not Period.semester(2020, 1).overlaps(Period.semester(2020, 2))
    one_day = Period(key="开学日", start=D(2021, 9, 1), end=D(2021, 9, 1))
    assert one_day.overlaps(Period.academic_year(2021))
    assert not one_day.overlaps(year)


@settings(max_examples=60)
@given(bs.periods(), bs.periods())
def test_relations_agree(first: Period, second: Period) -> None:
    assert first.overlaps(second) is second.overlaps(first)
    assert first.contains(first.start)
    assert first.contains(first.end)
    if first.within(second):
        assert first.overlaps(second)
        assert second.contains(first.start)
        assert second.contains(first.end)
    meets = (
        second.contains(first.start) or second.contains(first.end) or first.contains(second.start)
    )
    assert first.overlaps(second) is meets


# --- subdivide -----------------------------------------------------------------------------


def keys(periods: tuple[Period, ...]) -> list[str]:
    return [period.key for period in periods]


def test_subdivide_an_academic_year() -> None:
    year = Period.academic_year(2020)
    assert keys(year.subdivide(PeriodKind.QUARTER)) == ["2020-Q4", "2021-Q1", "2021-Q2"]
    assert keys(year.subdivide(PeriodKind.MONTH)) == [
        "2020-09",
        "2020-10",
        "2020-11",
        "2020-12",
        "2021-01",
        "2021-02",
        "2021-03",
        "2021-04",
        "2021-05",
        "2021-06",
        "2021-07",
        "2021-08",
    ]


def test_subdivide_semesters() -> None:
    first, second = Period.semester(2020, 1), Period.semester(2020, 2)
    assert keys(first.subdivide(PeriodKind.QUARTER)) == ["2020-Q4"]
    assert keys(second.subdivide(PeriodKind.QUARTER)) == ["2021-Q2"]
    assert keys(first.subdivide(PeriodKind.MONTH)) == [
        "2020-09",
        "2020-10",
        "2020-11",
        "2020-12",
        "2021-01",
    ]
    assert len(second.subdivide(PeriodKind.MONTH)) == 7


def test_subdivide_a_calendar_year_and_a_quarter() -> None:
    assert keys(Period.year(2021).subdivide(PeriodKind.QUARTER)) == [
        "2021-Q1",
        "2021-Q2",
        "2021-Q3",
        "2021-Q4",
    ]
    assert keys(Period.quarter(2024, 1).subdivide(PeriodKind.MONTH)) == [
        "2024-01",
        "2024-02",
        "2024-03",
    ]
    assert Period.month(2021, 3).subdivide(PeriodKind.QUARTER) == ()
    assert keys(Period.month(2021, 3).subdivide(PeriodKind.MONTH)) == ["2021-03"]


def test_subdivide_keeps_only_parts_wholly_inside() -> None:
    custom = Period(key="春季活动", start=D(2021, 1, 15), end=D(2021, 3, 31))
    assert keys(custom.subdivide(PeriodKind.MONTH)) == ["2021-02", "2021-03"]
    assert custom.subdivide(PeriodKind.QUARTER) == ()
    short = Period(key="二月", start=D(2021, 2, 1), end=D(2021, 2, 27))
    assert short.subdivide(PeriodKind.MONTH) == ()
    across = Period(key="跨年", start=D(2020, 11, 1), end=D(2021, 6, 30))
    assert keys(across.subdivide(PeriodKind.QUARTER)) == ["2021-Q1", "2021-Q2"]


@pytest.mark.parametrize(
    "kind",
    [PeriodKind.ACADEMIC_YEAR, PeriodKind.SEMESTER, PeriodKind.YEAR, PeriodKind.CUSTOM],
)
def test_subdivide_only_into_quarters_or_months(kind: PeriodKind) -> None:
    message = f"a period subdivides into quarters or months, not {kind.value}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Period.year(2021).subdivide(kind)


@settings(max_examples=60)
@given(bs.named_periods())
def test_the_months_of_a_named_period_cover_it(period: Period) -> None:
    months = period.subdivide(PeriodKind.MONTH)
    assert months[0].start == period.start
    assert months[-1].end == period.end
    assert sum(month.days for month in months) == period.days
    for before, after in itertools.pairwise(months):
        assert after.start == before.end + dt.timedelta(days=1)


# --- academic years, days by day -----------------------------------------------------------


@settings(max_examples=15)
@given(st.integers(1000, 9990))
def test_every_day_of_an_academic_year_is_in_one_semester_and_one_month(first: int) -> None:
    year = Period.academic_year(first)
    semesters = (Period.semester(first, 1), Period.semester(first, 2))
    months = year.subdivide(PeriodKind.MONTH)
    assert len(months) == 12
    day = year.start
    while day <= year.end:
        assert sum(semester.contains(day) for semester in semesters) == 1
        assert sum(month.contains(day) for month in months) == 1
        day += dt.timedelta(days=1)
    assert sum(semester.days for semester in semesters) == year.days


# --- labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period.academic_year(2020), Label(zh="2020—2021学年", en="academic year 2020-2021")),
        (
            Period.semester(2020, 1),
            Label(zh="2020—2021学年第一学期", en="first semester of 2020-2021"),
        ),
        (
            Period.semester(2020, 2),
            Label(zh="2020—2021学年第二学期", en="second semester of 2020-2021"),
        ),
        (Period.year(2021), Label(zh="2021年", en="2021")),
        (Period.quarter(2021, 3), Label(zh="2021年第3季度", en="Q3 2021")),
        (Period.month(2021, 3), Label(zh="2021年3月", en="March 2021")),
        (Period.month(2024, 12), Label(zh="2024年12月", en="December 2024")),
        (
            Period(key="迎新周", start=D(2021, 9, 1), end=D(2021, 9, 7)),
            Label(zh="迎新周（2021-09-01 – 2021-09-07）", en="迎新周 (2021-09-01 – 2021-09-07)"),
        ),
    ],
)
def test_labels(period: Period, label: Label) -> None:
    assert period.label == label


def test_a_semester_with_a_key_of_its_own_is_labelled_by_its_dates() -> None:
    # A semester read from a data file may have any key; its label must not fail.
    autumn = Period(key="autumn", kind=PeriodKind.SEMESTER, start=D(2021, 9, 1), end=D(2022, 1, 20))
    assert autumn.label == Label(
        zh="autumn（2021-09-01 – 2022-01-20）", en="autumn (2021-09-01 – 2022-01-20)"
    )


@settings(max_examples=60)
@given(bs.periods())
def test_every_period_has_a_label(period: Period) -> None:
    label = period.label
    assert label.zh
    assert label.en
