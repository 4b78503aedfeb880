"""The due list: what each candidate needs next from the time rules, most urgent first."""

from __future__ import annotations

import datetime as dt

from branchkit.mechanisms.staging import (
    AtLeastSince,
    Candidate,
    DueItem,
    Duration,
    NotAfter,
    Selection,
    ValidFor,
    Within,
    due_list,
)
from tests.staging_support import candidate, label, make_scheme

D = dt.date
AS_OF = D(2022, 3, 1)

SCHEME = make_scheme(
    conditions=(
        AtLeastSince(key="one_year", fact="activist_date", duration=Duration(years=1)),
        Within(key="talk", start="application_date", then="talk_date", duration=Duration(months=1)),
        ValidFor(key="review", fact="review_date", duration=Duration(years=1)),
        NotAfter(key="order", first="application_date", second="activist_date"),
    )
)

# Each candidate has only the facts of its one item: a missing fact gives no item.
WAIT = candidate("c1", activist_date=D(2021, 6, 1))  # a year on 2022-06-01
PENDING = candidate("c2", application_date=D(2022, 2, 15))  # talk due by 2022-03-15
OVERDUE = candidate("c3", application_date=D(2022, 1, 10))  # talk was due by 2022-02-10
RENEW = candidate("c4", review_date=D(2021, 4, 1))  # expires on 2022-04-01
EXPIRED = candidate("c5", review_date=D(2021, 2, 1))  # expired on 2022-02-01
# A talk before the application cannot be right.
TALK_FIRST = candidate("c6", application_date=D(2022, 1, 20), talk_date=D(2022, 1, 5))
# Activist before applying; the year since is reached and the talk was on time.
APPLIED_LATE = candidate(
    "c7",
    application_date=D(2021, 3, 1),
    talk_date=D(2021, 3, 10),
    activist_date=D(2021, 2, 1),
)
ELSEWHERE = candidate("c8", stage="applicant", activist_date=D(2021, 12, 1))
DONE = candidate(
    "c9", activist_date=D(2021, 1, 4), application_date=D(2020, 12, 1), talk_date=D(2020, 12, 20)
)

EVERYONE = (
    DONE,
    ELSEWHERE,
    WAIT,
    PENDING,
    OVERDUE,
    RENEW,
    EXPIRED,
    TALK_FIRST,
    APPLIED_LATE,
)


def test_one_item_of_each_kind_most_urgent_first() -> None:
    assert due_list(SCHEME, EVERYONE, as_of=AS_OF) == (
        # Impossible first (an item without a day before one with a day) ...
        DueItem(
            candidate="c7",
            gate="order",
            kind="inconsistent",
            due=None,
            status="impossible",
            reason=label(
                "申请日期（2021-03-01）须不晚于确定积极分子日期（2021-02-01）",
                "application date (2021-03-01) must not be after activist date (2021-02-01)",
            ),
        ),
        DueItem(
            candidate="c6",
            gate="talk",
            kind="inconsistent",
            due=D(2022, 2, 20),
            status="impossible",
            reason=label(
                "谈话日期为2022-01-05，须在申请日期（2022-01-20）后1个月内",
                "talk date on 2022-01-05; required within 1 month after application date "
                "(2022-01-20)",
            ),
        ),
        # ... then overdue, by day ...
        DueItem(
            candidate="c5",
            gate="review",
            kind="renew",
            due=D(2022, 2, 1),
            status="overdue",
            reason=label(
                "政审日期（2021-02-01）已过期，有效期至2022-02-01前",
                "political review date (2021-02-01) expired; valid until before 2022-02-01",
            ),
        ),
        DueItem(
            candidate="c3",
            gate="talk",
            kind="deadline",
            due=D(2022, 2, 10),
            status="overdue",
            reason=label(
                "申请日期后1个月内（2022-02-10前）未完成谈话日期",
                "no talk date within 1 month of application date (due by 2022-02-10)",
            ),
        ),
        # ... then pending, by day.
        DueItem(
            candidate="c2",
            gate="talk",
            kind="deadline",
            due=D(2022, 3, 15),
            status="pending",
            reason=label(
                "尚无谈话日期，须在2022-03-15前完成", "no talk date yet; due by 2022-03-15"
            ),
        ),
        DueItem(
            candidate="c4",
            gate="review",
            kind="renew",
            due=D(2022, 4, 1),
            status="pending",
            reason=label(
                "政审日期（2021-04-01）有效，有效期至2022-04-01前",
                "political review date (2021-04-01) valid; valid until before 2022-04-01",
            ),
        ),
        DueItem(
            candidate="c1",
            gate="one_year",
            kind="wait",
            due=D(2022, 6, 1),
            status="pending",
            reason=label(
                "自确定积极分子日期（2021-06-01）起未满1年，2022-06-01满",
                "less than 1 year since activist date (2021-06-01); reached on 2022-06-01",
            ),
        ),
    )


def kinds(*candidates: Candidate, as_of: dt.date = AS_OF) -> list[tuple[str, str, str, str]]:
    return [
        (item.candidate, item.gate, item.kind, item.status)
        for item in due_list(SCHEME, candidates, as_of=as_of)
    ]


def test_boundaries_of_each_kind() -> None:
    # The wait ends on the anniversary: nothing is due from then on.
    assert kinds(WAIT, as_of=D(2022, 5, 31)) == [("c1", "one_year", "wait", "pending")]
    assert kinds(WAIT, as_of=D(2022, 6, 1)) == []
    # A deadline is pending up to its last day, overdue the day after.
    assert kinds(PENDING, as_of=D(2022, 3, 15)) == [("c2", "talk", "deadline", "pending")]
    assert kinds(PENDING, as_of=D(2022, 3, 16)) == [("c2", "talk", "deadline", "overdue")]
    # A review is to renew before the anniversary, overdue on it.
    assert kinds(RENEW, as_of=D(2022, 3, 31)) == [("c4", "review", "renew", "pending")]
    assert kinds(RENEW, as_of=D(2022, 4, 1)) == [("c4", "review", "renew", "overdue")]


def test_a_deadline_met_gives_nothing_and_one_missed_stays_overdue() -> None:
    on_time = candidate("c2", application_date=D(2022, 2, 15), talk_date=D(2022, 3, 15))
    assert kinds(on_time) == []
    late = candidate("c2", application_date=D(2022, 1, 10), talk_date=D(2022, 2, 11))
    items = due_list(SCHEME, [late], as_of=AS_OF)
    assert [(i.kind, i.due, i.status) for i in items] == [("deadline", D(2022, 2, 10), "overdue")]
    assert items[0].reason.en == (
        "talk date on 2022-02-11; required within 1 month after application date (2022-01-10)"
    )


def test_candidates_at_other_stages_and_without_dates_give_nothing() -> None:
    assert kinds(ELSEWHERE, candidate("c0")) == []
    assert due_list(SCHEME, [ELSEWHERE], as_of=AS_OF, stage="applicant") == ()


def test_a_stage_without_a_selected_move_gives_nothing() -> None:
    unselected = make_scheme(
        conditions=SCHEME.transitions[1].conditions,
        selection=Selection(),
    )
    assert due_list(unselected, EVERYONE, as_of=AS_OF) == ()
    # Naming the stage finds the move to the selection's target.
    found = due_list(SCHEME, EVERYONE, as_of=AS_OF, stage="activist")
    assert found == due_list(SCHEME, EVERYONE, as_of=AS_OF)


def test_the_order_does_not_depend_on_the_input_order() -> None:
    assert due_list(SCHEME, EVERYONE[::-1], as_of=AS_OF) == due_list(SCHEME, EVERYONE, as_of=AS_OF)
