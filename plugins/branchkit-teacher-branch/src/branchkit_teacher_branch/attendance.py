"""Theme-day attendance with make-up sessions (主题党日补学).

The branch holds a theme day (an event of kind ``theme_day``) every month. Every member owes
each theme day held while they hold the member role; a member who missed one may attend a
make-up session (an event of kind ``theme_day_makeup``) and then counts as having attended it,
if the session is held after the theme day and at most :data:`MAKEUP_WINDOW` after it. One
session makes up for one theme day.

:func:`member_attendance` judges one member, :func:`branch_attendance` every member holding a
role, and :func:`attendance_percent` turns the records into the branch's rate. The indicator
source :data:`THEME_DAY_ATTENDANCE` and the report section :data:`ATTENDANCE_SECTION` read them.

>>> import datetime as dt
>>> from branchkit.records import Event
>>> day = Event(id="ZT01", kind="theme_day", date=dt.date(2024, 9, 20), participants=("T1",))
>>> session = Event(id="BX01", kind="theme_day_makeup", date=dt.date(2024, 10, 8),
...                 participants=("T2",))
>>> record = member_attendance("T2", [day], [session])
>>> record.made_up
(MakeUp(theme_day='ZT01', session='BX01'),)
>>> record.rate
Decimal('1')
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence

import attrs

from branchkit.framework.indicators import Selector
from branchkit.framework.sources import IndicatorSource, Measurement, SourceContext
from branchkit.plugins.contributions import Block, Paragraph, ReportContext, ReportSection, Table
from branchkit.records import Event, Label, Person
from branchkit.records.sensitivity import IDENTIFIER

__all__ = [
    "ATTENDANCE_SECTION",
    "MAKEUP",
    "MAKEUP_WINDOW",
    "THEME_DAY",
    "THEME_DAY_ATTENDANCE",
    "MakeUp",
    "MemberAttendance",
    "attendance_percent",
    "attendance_section",
    "branch_attendance",
    "member_attendance",
    "theme_day_attendance",
]

# [constants]
#: The kind of event a theme day is (a term of branchkit-cpc).
THEME_DAY = "theme_day"
#: The kind of event a make-up session is (a term of this plugin).
MAKEUP = "theme_day_makeup"
#: How long after a theme day its make-up may be held: the branch's rule, "30日内补学".
MAKEUP_WINDOW = dt.timedelta(days=30)
# [/constants]

_PERCENT = Label(zh="%", en="%")
_CENT = decimal.Decimal("0.01")
_HUNDRED = decimal.Decimal(100)


# [records]
@attrs.frozen(kw_only=True)
class MakeUp:
    """A theme day a member missed and the make-up session that counted for it.

    :param theme_day: the theme day's event id.
    :param session: the make-up session's event id.
    """

    theme_day: str
    session: str


@attrs.frozen(kw_only=True)
class MemberAttendance:
    """One member's theme days: owed, attended in person, made up and missed.

    :param person: the member's id.
    :param owed: the ids of the theme days the member owed, by date then id.
    :param present: those the member took part in, in the same order.
    :param made_up: those missed and made up, each with its session, in the same order.
    :param missed: those missed and not made up, in the same order.
    """

    person: str = attrs.field(metadata=IDENTIFIER)
    owed: tuple[str, ...]
    present: tuple[str, ...]
    made_up: tuple[MakeUp, ...]
    missed: tuple[str, ...]

    @property
    def attended(self) -> int:
        """How many theme days count as attended: in person or made up."""
        return len(self.present) + len(self.made_up)

    @property
    def rate(self) -> decimal.Decimal | None:
        """The share of the theme days owed that count as attended, from 0 to 1, unrounded.

        ``None`` when the member owed none (joined after the last one).
        """
        if not self.owed:
            return None
        return decimal.Decimal(self.attended) / decimal.Decimal(len(self.owed))


# [/records]


def _by_date(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda event: (event.date, event.id))


# [member]
def member_attendance(
    person: str,
    owed: Sequence[Event],
    sessions: Sequence[Event],
    *,
    window: dt.timedelta = MAKEUP_WINDOW,
) -> MemberAttendance:
    """One member's attendance of the theme days ``owed``, make-up sessions counted.

    A theme day the member is not a participant of is made up by a session the member is a
    participant of, held on a later day and at most ``window`` after the theme day; each
    session makes up for one theme day.

    :param person: the member's id.
    :param owed: the theme days the member owed.
    :param sessions: the make-up sessions held (the member's or not: those the member is not a
        participant of are passed over).
    :param window: how long after a theme day its make-up may be held.
    """
    days = _by_date(owed)
    present = [day for day in days if person in day.participants]
    absent = [day for day in days if person not in day.participants]
    # Every missed day's window has the same length, so taking the days in date order and
    # giving each the earliest session still free in its window makes up for as many days as
    # any assignment could: more sessions never make a member's attendance worse.
    free = [session for session in _by_date(sessions) if person in session.participants]
    made_up: list[MakeUp] = []
    missed: list[str] = []
    for day in absent:
        found = next((s for s in free if day.date < s.date <= day.date + window), None)
        if found is None:
            missed.append(day.id)
        else:
            free.remove(found)
            made_up.append(MakeUp(theme_day=day.id, session=found.id))
    return MemberAttendance(
        person=person,
        owed=tuple(day.id for day in days),
        present=tuple(day.id for day in present),
        made_up=tuple(made_up),
        missed=tuple(missed),
    )


# [/member]


# [branch]
def branch_attendance(
    people: Iterable[Person],
    events: Iterable[Event],
    *,
    role: str,
    first: dt.date,
    last: dt.date,
    as_of: dt.date | None = None,
    window: dt.timedelta = MAKEUP_WINDOW,
) -> tuple[MemberAttendance, ...]:
    """The attendance of everyone who owed a theme day held from ``first`` to ``last``.

    A person owes a theme day when they hold ``role`` on its date. Make-up sessions count up to
    ``as_of``: judged after ``last``, a theme day near the end keeps the part of its window
    that has passed.

    :param people: the people on record.
    :param events: the events on record, of every kind.
    :param role: the role whose holders owe theme days (``full_member``).
    :param first: the first day whose theme days are counted.
    :param last: the last day whose theme days are counted.
    :param as_of: the day judged: later sessions do not count; ``last`` unless given.
    :param window: how long after a theme day its make-up may be held.
    :returns: one record per person who owed at least one, by id.
    """
    listed = tuple(events)
    days = [e for e in listed if e.kind == THEME_DAY and first <= e.date <= last]
    sessions = [e for e in listed if e.kind == MAKEUP and first < e.date <= (as_of or last)]
    found = []
    for person in sorted(people, key=lambda person: person.id):
        owed = [day for day in days if person.holds(role, day.date)]
        if owed:
            found.append(member_attendance(person.id, owed, sessions, window=window))
    return tuple(found)


def attendance_percent(records: Iterable[MemberAttendance]) -> decimal.Decimal:
    """The theme days attended (made up included) as a percentage of those owed.

    Two decimal places, rounded half up, like branchkit's own shares; 0 when none was owed.

    :param records: the members' records.
    """
    listed = tuple(records)
    owed = sum(len(record.owed) for record in listed)
    if owed == 0:
        return decimal.Decimal(0).quantize(_CENT)
    attended = sum(record.attended for record in listed)
    share = decimal.Decimal(attended) * _HUNDRED / decimal.Decimal(owed)
    return share.quantize(_CENT, rounding=decimal.ROUND_HALF_UP)


# [/branch]


# [source]
def theme_day_attendance(context: SourceContext, select: Selector) -> Measurement:
    """The branch's theme-day attendance in percent, make-ups counted, for an indicator.

    The theme days are those of the period evaluated up to the day judged; the members are the
    holders of the selector's ``role``. The records behind the figure are the theme days owed
    and the make-up sessions that counted.

    :param context: the framework, records, period and day judged.
    :param select: the indicator's selector; its ``role`` names who owes theme days.
    """
    if select.role is None:  # the source's ``needs`` keeps this from happening
        raise ValueError("theme_day_attendance needs a role")
    records = context.memo(
        f"theme-day-attendance/{select.role}",
        lambda: branch_attendance(
            context.dataset.people,
            context.dataset.events,
            role=select.role or "",
            first=context.period.start,
            last=context.end,
            as_of=context.as_of,
        ),
    )
    behind = {day for record in records for day in record.owed}
    behind.update(made.session for record in records for made in record.made_up)
    return Measurement(
        value=attendance_percent(records), unit=_PERCENT, records=tuple(sorted(behind))
    )


THEME_DAY_ATTENDANCE = IndicatorSource(
    key="theme_day_attendance",
    label=Label(zh="主题党日出勤率（含补学）", en="Theme-day attendance, make-ups included"),
    reads=frozenset({"role"}),
    needs=frozenset({"role"}),
    measure=theme_day_attendance,
)
# [/source]


# [section]
_COLUMNS = (
    Label(zh="党员", en="Member"),
    Label(zh="应参加", en="Owed"),
    Label(zh="亲自参加", en="Present"),
    Label(zh="补学", en="Made up"),
    Label(zh="缺席", en="Missed"),
    Label(zh="出勤率（%）", en="Attendance (%)"),
)


def attendance_section(context: ReportContext) -> Sequence[Block]:
    """Each member's theme days, for the report: owed, present, made up, missed and the rate.

    A table per indicator of the framework whose source is ``theme_day_attendance``, over
    the holders of its ``role`` and the report's whole period (a report section is not given
    the day judged).

    :param context: the framework, records, period and language of the report.
    """
    if context.period is None:
        return [Paragraph(text=Label(zh="未指定期间。", en="No period given."))]
    names = {person.id: person.name for person in context.dataset.people}
    blocks: list[Block] = []
    for spec in context.framework.indicators:
        if spec.source != THEME_DAY_ATTENDANCE.key or spec.select.role is None:
            continue
        records = branch_attendance(
            context.dataset.people,
            context.dataset.events,
            role=spec.select.role,
            first=context.period.start,
            last=context.period.end,
        )
        rows = tuple(
            (
                names.get(record.person, record.person),
                len(record.owed),
                len(record.present),
                len(record.made_up),
                len(record.missed),
                str(attendance_percent([record])),
            )
            for record in records
        )
        blocks.append(Table(columns=_COLUMNS, rows=rows))
    return blocks


ATTENDANCE_SECTION = ReportSection(
    key="theme-day-attendance",
    label=Label(zh="主题党日出勤明细", en="Theme-day attendance by member"),
    build=attendance_section,
    frameworks=("teacher-branch",),
)
# [/section]
