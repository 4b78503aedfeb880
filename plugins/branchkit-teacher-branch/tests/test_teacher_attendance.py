"""Theme-day attendance with make-up sessions: hand-computed cases, the example, properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchkit.framework.indicators import Selector
from branchkit.framework.sources import SourceContext
from branchkit.io import Loaded
from branchkit.plugins.contributions import ReportContext, Table
from branchkit.records import Event, Period
from branchkit_teacher_branch.attendance import (
    ATTENDANCE_SECTION,
    MAKEUP,
    MAKEUP_WINDOW,
    THEME_DAY,
    MakeUp,
    attendance_percent,
    branch_attendance,
    member_attendance,
    theme_day_attendance,
)

EXAMPLES = Path(__file__).parents[1] / "examples"
YEAR = Period.academic_year(2024)
AS_OF = dt.date(2025, 8, 31)


def theme_day(event_id: str, day: dt.date, *participants: str) -> Event:
    return Event(id=event_id, kind=THEME_DAY, date=day, participants=participants)


def makeup(event_id: str, day: dt.date, *participants: str) -> Event:
    return Event(id=event_id, kind=MAKEUP, date=day, participants=participants)


# --- one member, by hand ----------------------------------------------------------------------


# [eleven-of-twelve]
def test_a_make_up_counts_and_a_late_one_does_not() -> None:
    # Twelve monthly theme days; the member misses the 3rd and the 8th. The 3rd is made up 14
    # days later; the 8th's session is 42 days later, past the 30-day window.
    days = [theme_day(f"D{month:02d}", dt.date(2025, month, 10), "T1") for month in range(1, 13)]
    days[2] = theme_day("D03", dt.date(2025, 3, 10))
    days[7] = theme_day("D08", dt.date(2025, 8, 10))
    sessions = [
        makeup("M1", dt.date(2025, 3, 24), "T1"),
        makeup("M2", dt.date(2025, 9, 21), "T1"),
    ]
    record = member_attendance("T1", days, sessions)
    assert record.made_up == (MakeUp(theme_day="D03", session="M1"),)
    assert record.missed == ("D08",)
    assert (len(record.present), record.attended, len(record.owed)) == (10, 11, 12)
    assert record.rate == Decimal(11) / Decimal(12)
    assert attendance_percent([record]) == Decimal("91.67")


# [/eleven-of-twelve]


def test_the_window_is_thirty_days_after_the_theme_day() -> None:
    day = theme_day("D", dt.date(2025, 3, 10))
    on_the_day = member_attendance("T1", [day], [makeup("M", dt.date(2025, 3, 10), "T1")])
    last_day = member_attendance("T1", [day], [makeup("M", dt.date(2025, 4, 9), "T1")])
    day_after = member_attendance("T1", [day], [makeup("M", dt.date(2025, 4, 10), "T1")])
    assert MAKEUP_WINDOW.days == 30
    assert (on_the_day.attended, last_day.attended, day_after.attended) == (0, 1, 0)


def test_another_members_session_does_not_count() -> None:
    day = theme_day("D", dt.date(2025, 3, 10), "T2")
    record = member_attendance("T1", [day], [makeup("M", dt.date(2025, 3, 12), "T2")])
    assert record.missed == ("D",)


def test_one_session_makes_up_for_one_theme_day() -> None:
    # Two theme days missed, one session in both windows: one is made up, the earlier.
    days = [theme_day("A", dt.date(2024, 12, 6)), theme_day("B", dt.date(2024, 12, 27))]
    record = member_attendance("T1", days, [makeup("M", dt.date(2024, 12, 30), "T1")])
    assert record.made_up == (MakeUp(theme_day="A", session="M"),)
    assert record.missed == ("B",)


def test_sessions_go_where_they_make_up_most() -> None:
    # The first session is in both windows, the second only in B's: taking the days in order
    # and giving each the earliest free session makes up both.
    days = [theme_day("A", dt.date(2024, 12, 6)), theme_day("B", dt.date(2024, 12, 27))]
    sessions = [makeup("M1", dt.date(2024, 12, 30), "T1"), makeup("M2", dt.date(2025, 1, 3), "T1")]
    record = member_attendance("T1", days, sessions)
    assert record.made_up == (
        MakeUp(theme_day="A", session="M1"),
        MakeUp(theme_day="B", session="M2"),
    )


def test_a_member_who_owed_nothing_has_no_rate() -> None:
    record = member_attendance("T1", [], [])
    assert record.rate is None
    assert attendance_percent([record]) == Decimal("0.00")


# --- the example --------------------------------------------------------------------------------

# [example-members]
EXPECTED = {
    # person: (owed, present, made up, missed)
    "T101": (12, 12, 0, 0),
    "T102": (12, 11, 1, 0),
    "T103": (12, 10, 1, 1),
    "T104": (12, 9, 0, 3),
    "T105": (12, 10, 2, 0),
    "T106": (6, 5, 0, 1),
}


def test_the_example_members(branchkit_load: object) -> None:
    loaded = _load(branchkit_load)
    records = branch_attendance(
        loaded.dataset.people, loaded.dataset.events, role="full_member",
        first=YEAR.start, last=YEAR.end,
    )  # fmt: skip
    found = {
        r.person: (len(r.owed), len(r.present), len(r.made_up), len(r.missed)) for r in records
    }
    assert found == EXPECTED
    by_person = {record.person: record for record in records}
    assert by_person["T103"].rate == Decimal(11) / Decimal(12)
    assert by_person["T103"].made_up == (MakeUp(theme_day="ZT2411", session="BX2411"),)
    # BX2505 is 42 days after ZT2504: too late.
    assert by_person["T103"].missed == ("ZT2504",)
    assert by_person["T105"].made_up == (
        MakeUp(theme_day="ZT2412A", session="BX2412"),
        MakeUp(theme_day="ZT2412B", session="BX2501"),
    )
    # 61 of 66 theme days owed: 57 in person and 4 made up.
    assert attendance_percent(records) == Decimal("92.42")


# [/example-members]


def _load(branchkit_load: object) -> Loaded:
    assert callable(branchkit_load)
    loaded = branchkit_load(EXAMPLES)
    assert isinstance(loaded, Loaded)
    return loaded


def test_the_source_on_the_example(branchkit_load: object) -> None:
    loaded = _load(branchkit_load)
    assert loaded.framework is None
    from branchkit_teacher_branch.hooks import branchkit_frameworks

    (framework,) = branchkit_frameworks()
    context = SourceContext(
        framework=framework,
        dataset=loaded.dataset,
        sections=loaded.sections,
        period=YEAR,
        as_of=AS_OF,
    )
    measured = theme_day_attendance(context, Selector(role="full_member"))
    assert measured.value == Decimal("92.42")
    assert measured.unit.zh == "%"
    # The twelve theme days and the three sessions that counted (BX2501 for two members);
    # BX2505 did not.
    assert len(measured.records) == 15
    assert "BX2505" not in measured.records


def test_a_session_after_the_day_judged_does_not_count(branchkit_load: object) -> None:
    loaded = _load(branchkit_load)
    records = branch_attendance(
        loaded.dataset.people, loaded.dataset.events, role="full_member",
        first=YEAR.start, last=dt.date(2025, 1, 5),
    )  # fmt: skip
    by_person = {record.person: record for record in records}
    # BX2501 (10 January) is after the day judged: 林晓岚's December absence is still open.
    assert by_person["T102"].missed == ("ZT2412B",)
    assert by_person["T105"].made_up == (MakeUp(theme_day="ZT2412A", session="BX2412"),)


def test_the_report_section(branchkit_load: object) -> None:
    loaded = _load(branchkit_load)
    from branchkit_teacher_branch.hooks import branchkit_frameworks

    (framework,) = branchkit_frameworks()
    blocks = ATTENDANCE_SECTION.build(
        ReportContext(framework=framework, dataset=loaded.dataset, period=YEAR, language="zh")
    )
    (table,) = blocks
    assert isinstance(table, Table)
    assert table.rows[2] == ("郑浩宇", 12, 10, 1, 1, "91.67")
    assert table.rows[5] == ("宋嘉怡", 6, 5, 0, 1, "83.33")


# --- properties ---------------------------------------------------------------------------------

START = dt.date(2024, 9, 1)
offsets = st.integers(min_value=0, max_value=365)


@st.composite
def attendance_cases(draw: st.DrawFn) -> tuple[list[Event], list[Event]]:
    """Theme days the member owed, some attended, and make-up sessions, some the member's."""
    days = [
        theme_day(f"D{index}", START + dt.timedelta(days=offset), *(["T1"] if here else []))
        for index, (offset, here) in enumerate(
            draw(st.lists(st.tuples(offsets, st.booleans()), max_size=15))
        )
    ]
    sessions = [
        makeup(f"M{index}", START + dt.timedelta(days=offset), *(["T1"] if mine else ["T2"]))
        for index, (offset, mine) in enumerate(
            draw(st.lists(st.tuples(offsets, st.booleans()), max_size=10))
        )
    ]
    return days, sessions


# [properties]
@given(attendance_cases())
def test_attendance_is_a_share_of_the_days_owed(case: tuple[list[Event], list[Event]]) -> None:
    days, sessions = case
    record = member_attendance("T1", days, sessions)
    made_up = [made.theme_day for made in record.made_up]
    assert sorted([*record.present, *made_up, *record.missed]) == sorted(record.owed)
    assert record.rate is None or Decimal(0) <= record.rate <= 1
    assert len({made.session for made in record.made_up}) == len(record.made_up)


@given(attendance_cases(), offsets)
def test_a_make_up_never_lowers_attendance(
    case: tuple[list[Event], list[Event]], offset: int
) -> None:
    days, sessions = case
    before = member_attendance("T1", days, sessions)
    extra = makeup("extra", START + dt.timedelta(days=offset), "T1")
    after = member_attendance("T1", days, [*sessions, extra])
    assert after.attended >= before.attended
    assert after.present == before.present


@given(attendance_cases(), st.integers(min_value=0, max_value=60))
def test_a_longer_window_never_lowers_attendance(
    case: tuple[list[Event], list[Event]], extra_days: int
) -> None:
    days, sessions = case
    before = member_attendance("T1", days, sessions)
    longer = MAKEUP_WINDOW + dt.timedelta(days=extra_days)
    assert member_attendance("T1", days, sessions, window=longer).attended >= before.attended


# [/properties]


@pytest.mark.parametrize("role", ["full_member", "pioneer_post"])
def test_the_percent_agrees_with_the_records(branchkit_load: object, role: str) -> None:
    loaded = _load(branchkit_load)
    records = branch_attendance(
        loaded.dataset.people, loaded.dataset.events, role=role, first=YEAR.start, last=YEAR.end
    )
    owed = sum(len(record.owed) for record in records)
    attended = sum(record.attended for record in records)
    expected = (Decimal(attended) * 100 / Decimal(owed)).quantize(Decimal("0.01"))
    assert attendance_percent(records) == expected
