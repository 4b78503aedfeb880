"""Durations, facts and every gate condition of the staged scheme, at their exact boundaries."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from typing import cast

import pytest

from branchkit.errors import RecordError
from branchkit.mechanisms import Outcome, Verdict
from branchkit.mechanisms.inputs import PredicateInput
from branchkit.mechanisms.staging import (
    AtLeastSince,
    Candidate,
    Compare,
    CountOf,
    Duration,
    Fact,
    FactType,
    HasEvidence,
    NotAfter,
    OneOf,
    PredicateCall,
    PredicateFunction,
    Present,
    ValidFor,
    Vote,
    Within,
    coerce_fact,
)
from branchkit.records import Evidence, Label, Person, RoleSpan
from tests.staging_support import context, judge, label, report

D = dt.date
Dec = decimal.Decimal


def verdict(outcome: Outcome, zh: str, en: str, *facts: str) -> Verdict:
    """The verdict expected: outcome, both reasons and the facts read."""
    return Verdict(outcome=outcome, reason=Label(zh=zh, en=en), facts=facts)


PASSED, FAILED, UNKNOWN = Outcome.PASSED, Outcome.FAILED, Outcome.UNKNOWN


# --- durations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "start", "end"),
    [
        (Duration(years=1), D(2021, 3, 15), D(2022, 3, 15)),
        # A leap day has no anniversary in a common year: the last day of February stands in.
        (Duration(years=1), D(2020, 2, 29), D(2021, 2, 28)),
        (Duration(years=4), D(2020, 2, 29), D(2024, 2, 29)),
        (Duration(years=18), D(2004, 2, 29), D(2022, 2, 28)),
        # Month ends: a longer month's last day maps onto a shorter month's last day.
        (Duration(months=1), D(2021, 1, 31), D(2021, 2, 28)),
        (Duration(months=1), D(2020, 1, 31), D(2020, 2, 29)),
        (Duration(months=1), D(2021, 3, 31), D(2021, 4, 30)),
        (Duration(months=1), D(2021, 2, 28), D(2021, 3, 28)),
        (Duration(months=13), D(2021, 12, 31), D(2023, 1, 31)),
        (Duration(months=12), D(2020, 2, 29), D(2021, 2, 28)),
        (Duration(years=1, months=6), D(2021, 8, 31), D(2023, 2, 28)),
        # Days are added after the months: 2021-01-31 + 1 month = 02-28, + 1 day = 03-01.
        (Duration(months=1, days=1), D(2021, 1, 31), D(2021, 3, 1)),
        (Duration(days=1), D(2021, 12, 31), D(2022, 1, 1)),
        (Duration(days=366), D(2020, 1, 1), D(2021, 1, 1)),
    ],
)
def test_duration_after(duration: Duration, start: dt.date, end: dt.date) -> None:
    assert duration.after(start) == end


@pytest.mark.parametrize(
    ("duration", "zh", "en"),
    [
        (Duration(years=1), "1年", "1 year"),
        (Duration(months=1), "1个月", "1 month"),
        (Duration(days=2), "2天", "2 days"),
        (Duration(years=18), "18年", "18 years"),
        (Duration(years=1, months=6, days=3), "1年6个月3天", "1 year 6 months 3 days"),
        (Duration(months=2, days=1), "2个月1天", "2 months 1 day"),
    ],
)
def test_duration_label(duration: Duration, zh: str, en: str) -> None:
    assert duration.label == Label(zh=zh, en=en)


def test_duration_refuses_nothing_and_negatives() -> None:
    with pytest.raises(RecordError) as caught:
        Duration()
    assert caught.value.problems == (((), "a duration needs years, months or days"),)
    with pytest.raises(RecordError) as caught:
        Duration(years=1, months=-1, days=-2)
    assert caught.value.problems == (
        (("months",), "cannot be negative"),
        (("days",), "cannot be negative"),
    )


# --- facts ---------------------------------------------------------------------------------


def spec(type_: FactType, *, sensitive: bool = False) -> Fact:
    return Fact(key="value", label=label("值", "value"), type=type_, sensitive=sensitive)


@pytest.mark.parametrize(
    ("type_", "given", "typed"),
    [
        (FactType.TEXT, " 共青团员 ", "共青团员"),
        (FactType.INTEGER, "3", 3),
        (FactType.INTEGER, " -12 ", -12),
        (FactType.INTEGER, 7, 7),
        (FactType.INTEGER, Dec("4"), 4),
        (FactType.INTEGER, Dec("4.00"), 4),
        (FactType.INTEGER, 4.0, 4),
        (FactType.DECIMAL, "87.5", Dec("87.5")),
        (FactType.DECIMAL, " .5 ", Dec("0.5")),
        (FactType.DECIMAL, 87, Dec(87)),
        (FactType.DECIMAL, Dec("87.50"), Dec("87.50")),
        # A float keeps the digits it was written with, not its binary expansion.
        (FactType.DECIMAL, 0.1, Dec("0.1")),
        (FactType.BOOLEAN, "是", True),
        (FactType.BOOLEAN, "否", False),
        (FactType.BOOLEAN, " YES ", True),
        (FactType.BOOLEAN, "False", False),
        (FactType.BOOLEAN, True, True),
        (FactType.DATE, "2021-03-01", D(2021, 3, 1)),
        (FactType.DATE, " 2020-02-29 ", D(2020, 2, 29)),
        (FactType.DATE, D(2021, 3, 1), D(2021, 3, 1)),
        (FactType.DATE, dt.datetime(2021, 3, 1), D(2021, 3, 1)),
        (FactType.IDS, "2021001；2021002、 2021003; ", ("2021001", "2021002", "2021003")),
        (FactType.IDS, ["m1 ", "m2", " "], ("m1", "m2")),
        (FactType.IDS, ("m1",), ("m1",)),
        (FactType.IDS, "", ()),
    ],
)
def test_coerce_fact(type_: FactType, given: object, typed: object) -> None:
    result = coerce_fact(spec(type_), given)
    assert result == typed
    assert type(result) is type(typed)
    if isinstance(typed, Dec):
        assert str(result) == str(typed)


@pytest.mark.parametrize(
    ("type_", "given", "message"),
    [
        (FactType.TEXT, 12, "expected text, got 12"),
        (FactType.INTEGER, True, "expected an integer, got true"),
        (FactType.INTEGER, "1.5", 'expected an integer, got "1.5"'),
        (FactType.INTEGER, "1e3", 'expected an integer, got "1e3"'),
        (FactType.INTEGER, "１２", 'expected an integer, got "１２"'),
        (FactType.INTEGER, Dec("1.5"), "expected an integer, got 1.5"),
        (FactType.INTEGER, 1.5, "expected an integer, got 1.5"),
        (FactType.INTEGER, math.nan, "expected an integer, got nan"),
        (FactType.INTEGER, Dec("NaN"), "expected an integer, got NaN"),
        (FactType.INTEGER, Dec("sNaN"), "expected an integer, got sNaN"),
        (FactType.INTEGER, D(2021, 3, 1), "expected an integer, got 2021-03-01"),
        (FactType.DECIMAL, False, "expected a number, got false"),
        (FactType.DECIMAL, math.nan, "expected a number, got nan"),
        (FactType.DECIMAL, math.inf, "expected a number, got inf"),
        (FactType.DECIMAL, "NaN", 'expected a number, got "NaN"'),
        (FactType.DECIMAL, Dec("NaN"), "expected a number, got NaN"),
        (FactType.DECIMAL, Dec("-Infinity"), "expected a number, got -Infinity"),
        (FactType.DECIMAL, "1,5", 'expected a number, got "1,5"'),
        (FactType.BOOLEAN, 1, "expected true or false (是/否), got 1"),
        (FactType.BOOLEAN, "y", 'expected true or false (是/否), got "y"'),
        (FactType.DATE, "2021/3/1", 'expected a date written YYYY-MM-DD, got "2021/3/1"'),
        (FactType.DATE, "2021-02-30", 'expected a date written YYYY-MM-DD, got "2021-02-30"'),
        (FactType.DATE, "20210301", 'expected a date written YYYY-MM-DD, got "20210301"'),
        (
            FactType.DATE,
            dt.datetime(2021, 3, 1, 8, 30),
            "expected a date written YYYY-MM-DD, got 2021-03-01 08:30:00",
        ),
        (FactType.DATE, 20210301, "expected a date written YYYY-MM-DD, got 20210301"),
        (FactType.IDS, 12, "expected a list of identifiers, got 12"),
        (FactType.IDS, ["m1", 2], "expected a list of identifiers, got ['m1', 2]"),
    ],
)
def test_coerce_fact_refuses(type_: FactType, given: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        coerce_fact(spec(type_), given)
    assert str(caught.value) == message


def test_a_sensitive_fact_error_hides_the_value() -> None:
    with pytest.raises(ValueError, match="not a valid integer") as caught:
        coerce_fact(spec(FactType.INTEGER, sensitive=True), "500101200001011234X")
    assert str(caught.value) == "not a valid integer"
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    with pytest.raises(ValueError, match=r"^not a valid date$"):
        coerce_fact(spec(FactType.DATE, sensitive=True), "2000/01/01")


def test_fact_and_candidate_keys_are_checked() -> None:
    with pytest.raises(RecordError) as caught:
        Fact(key="Talk Date", label=label("谈话", "talk"), type=FactType.DATE)
    rule = "use lower-case letters, digits, '_' and '-', starting with a letter"
    assert caught.value.problems == ((("key",), f"'Talk Date' is not a key: {rule}"),)
    with pytest.raises(RecordError) as caught:
        Candidate(id=" 2021001", stage="Activist", facts={"TalkDate": D(2021, 3, 1)})
    assert caught.value.problems == (
        (("id",), "must not start or end with spaces"),
        (("stage",), f"'Activist' is not a key: {rule}"),
        (("facts", "TalkDate"), f"'TalkDate' is not a key: {rule}"),
    )


def test_candidate_facts_are_read_only_and_in_key_order() -> None:
    person = Candidate(id="2021001", stage="activist", facts={"b": 1, "a": 2})
    assert list(person.facts) == ["a", "b"]
    assert person.fact("c") is None
    with pytest.raises(TypeError):
        person.facts["a"] = 3  # type: ignore[index]


# --- comparisons, sets, presence, evidence -------------------------------------------------

AT_LEAST_60 = Compare(key="exam", fact="exam_score", op=">=", value=60)


def test_compare_at_the_boundary() -> None:
    assert judge(AT_LEAST_60, D(2022, 1, 1), exam_score=60) == verdict(
        PASSED, "考试成绩为60，要求不低于60", "exam score is 60; required at least 60", "exam_score"
    )
    assert judge(AT_LEAST_60, D(2022, 1, 1), exam_score=59) == verdict(
        FAILED, "考试成绩为59，要求不低于60", "exam score is 59; required at least 60", "exam_score"
    )


def test_compare_with_a_missing_fact_is_unknown() -> None:
    assert judge(AT_LEAST_60, D(2022, 1, 1)) == verdict(
        UNKNOWN, "缺少考试成绩", "missing: exam score", "exam_score"
    )


@pytest.mark.parametrize(
    ("op", "score", "outcome", "zh", "en"),
    [
        ("<=", 60, PASSED, "不高于", "at most"),
        ("<=", 61, FAILED, "不高于", "at most"),
        (">", 60, FAILED, "高于", "more than"),
        (">", 61, PASSED, "高于", "more than"),
        ("<", 60, FAILED, "低于", "less than"),
        ("<", 59, PASSED, "低于", "less than"),
        ("==", 60, PASSED, "等于", "equal to"),
        ("==", 61, FAILED, "等于", "equal to"),
        ("!=", 60, FAILED, "不等于", "other than"),
        ("!=", 0, PASSED, "不等于", "other than"),
    ],
)
def test_compare_operators(op: str, score: int, outcome: Outcome, zh: str, en: str) -> None:
    condition = Compare(key="exam", fact="exam_score", op=op, value=60)  # type: ignore[arg-type]
    assert judge(condition, D(2022, 1, 1), exam_score=score) == verdict(
        outcome,
        f"考试成绩为{score}，要求{zh}60",
        f"exam score is {score}; required {en} 60",
        "exam_score",
    )


def test_compare_a_date_fact_with_a_json_text_date() -> None:
    # As JSON writes it, the value is text; it takes the fact's type (a date) before comparing.
    condition = Compare(key="early", fact="activist_date", op="<=", value="2021-03-01")
    assert judge(condition, D(2022, 1, 1), activist_date=D(2021, 3, 1)) == verdict(
        PASSED,
        "确定积极分子日期为2021-03-01，要求不高于2021-03-01",
        "activist date is 2021-03-01; required at most 2021-03-01",
        "activist_date",
    )
    assert judge(condition, D(2022, 1, 1), activist_date=D(2021, 3, 2)).outcome is Outcome.FAILED


def test_compare_a_decimal_fact_with_an_integer() -> None:
    condition = Compare(key="literacy", fact="literacy", op=">=", value=90)
    assert judge(condition, D(2022, 1, 1), literacy=Dec("89.99")) == verdict(
        FAILED,
        "素养分为89.99，要求不低于90",
        "literacy score is 89.99; required at least 90",
        "literacy",
    )
    assert judge(condition, D(2022, 1, 1), literacy=Dec("90.00")).outcome is Outcome.PASSED


def test_compare_hides_a_sensitive_value() -> None:
    condition = Compare(key="id", fact="id_number", op="!=", value="0")
    assert judge(condition, D(2022, 1, 1), id_number="500101200001011234") == verdict(
        PASSED, "身份证号为***，要求不等于0", "ID number is ***; required other than 0", "id_number"
    )


def test_one_of() -> None:
    condition = OneOf(key="status", fact="political_status", values=("共青团员", "群众"))
    assert judge(condition, D(2022, 1, 1), political_status="群众") == verdict(
        PASSED,
        "政治面貌为群众，须为共青团员、群众之一",
        "political status is 群众; required one of 共青团员, 群众",
        "political_status",
    )
    assert judge(condition, D(2022, 1, 1), political_status="民主党派").outcome is FAILED
    assert judge(condition, D(2022, 1, 1)).outcome is UNKNOWN


def test_one_of_dates_written_as_text() -> None:
    condition = OneOf(key="day", fact="talk_date", values=("2021-03-01", D(2021, 3, 8)))
    assert judge(condition, D(2022, 1, 1), talk_date=D(2021, 3, 1)).outcome is PASSED
    assert judge(condition, D(2022, 1, 1), talk_date=D(2021, 3, 8)).outcome is PASSED
    assert judge(condition, D(2022, 1, 1), talk_date=D(2021, 3, 2)).outcome is FAILED


def test_present() -> None:
    condition = Present(key="recommended", fact="recommended")
    assert judge(condition, D(2022, 1, 1), recommended=True) == verdict(
        PASSED, "推荐推优：是", "recommended: yes", "recommended"
    )
    assert judge(condition, D(2022, 1, 1), recommended=False) == verdict(
        FAILED, "推荐推优：否", "recommended: no", "recommended"
    )
    assert judge(condition, D(2022, 1, 1)) == verdict(
        UNKNOWN, "缺少推荐推优", "missing: recommended", "recommended"
    )
    listed = Present(key="contacts", fact="contact_persons")
    assert judge(listed, D(2022, 1, 1), contact_persons=()).outcome is FAILED
    assert judge(listed, D(2022, 1, 1), contact_persons=("m1",)).outcome is PASSED


def test_has_evidence_adds_counts_dated_up_to_the_day() -> None:
    condition = HasEvidence(key="letter", evidence="application_letter", at_least=3)
    evidence = [
        Evidence(
            id="v1", kind="application_letter", date=D(2021, 3, 1), count=2, persons=("2021001",)
        ),
        Evidence(id="v2", kind="application_letter", date=D(2021, 6, 1), persons=("2021001",)),
        Evidence(
            id="v3", kind="meeting_minutes", date=D(2021, 3, 1), count=9, persons=("2021001",)
        ),
    ]
    before = condition.evaluate(context(D(2021, 5, 31), evidence=evidence))
    assert before == verdict(
        FAILED,
        "佐证材料“application_letter”2份，要求至少3份",
        "2 evidence of kind 'application_letter'; required at least 3",
    )
    on_the_day = condition.evaluate(context(D(2021, 6, 1), evidence=evidence))
    assert on_the_day == verdict(
        PASSED,
        "佐证材料“application_letter”3份，要求至少3份",
        "3 evidence of kind 'application_letter'; required at least 3",
    )
    assert HasEvidence(key="none", evidence="oath").evaluate(context(D(2022, 1, 1))) == verdict(
        FAILED, "佐证材料“oath”0份，要求至少1份", "0 evidence of kind 'oath'; required at least 1"
    )


# --- time rules ----------------------------------------------------------------------------

ONE_YEAR = AtLeastSince(key="one_year", fact="activist_date", duration=Duration(years=1))


def test_at_least_since_passes_on_the_anniversary() -> None:
    assert judge(ONE_YEAR, D(2022, 3, 14), activist_date=D(2021, 3, 15)) == verdict(
        FAILED,
        "自确定积极分子日期（2021-03-15）起未满1年，2022-03-15满",
        "less than 1 year since activist date (2021-03-15); reached on 2022-03-15",
        "activist_date",
    )
    assert judge(ONE_YEAR, D(2022, 3, 15), activist_date=D(2021, 3, 15)) == verdict(
        PASSED,
        "自确定积极分子日期（2021-03-15）起已满1年",
        "1 year since activist date (2021-03-15) reached",
        "activist_date",
    )
    assert judge(ONE_YEAR, D(2022, 3, 15)) == verdict(
        UNKNOWN, "缺少确定积极分子日期", "missing: activist date", "activist_date"
    )


@pytest.mark.parametrize(
    ("born", "day_before", "birthday"),
    [
        (D(2003, 9, 1), D(2021, 8, 31), D(2021, 9, 1)),
        (D(2004, 2, 29), D(2022, 2, 27), D(2022, 2, 28)),
        (D(2003, 12, 31), D(2021, 12, 30), D(2021, 12, 31)),
    ],
)
def test_eighteenth_birthday(born: dt.date, day_before: dt.date, birthday: dt.date) -> None:
    adult = AtLeastSince(
        key="age", fact="birth_date", duration=Duration(years=18), label=label("年满18周岁", "18")
    )
    assert judge(adult, day_before, birth_date=born).outcome is FAILED
    passed = judge(adult, birthday, birth_date=born)
    assert passed == verdict(
        PASSED,
        f"自出生日期（{born.isoformat()}）起已满18年",
        f"18 years since date of birth ({born.isoformat()}) reached",
        "birth_date",
    )


TALK = Within(key="talk", start="application_date", then="talk_date", duration=Duration(months=1))
APPLIED = D(2021, 1, 31)  # one month later is 2021-02-28, the window's last day


def test_within_allows_the_last_day_of_the_window() -> None:
    assert judge(TALK, D(2021, 6, 1), application_date=APPLIED, talk_date=D(2021, 2, 28)) == (
        verdict(
            PASSED,
            "谈话日期为2021-02-28，须在申请日期（2021-01-31）后1个月内",
            "talk date on 2021-02-28; required within 1 month after application date (2021-01-31)",
            "application_date",
            "talk_date",
        )
    )
    assert judge(TALK, D(2021, 6, 1), application_date=APPLIED, talk_date=D(2021, 3, 1)) == (
        verdict(
            FAILED,
            "谈话日期为2021-03-01，须在申请日期（2021-01-31）后1个月内",
            "talk date on 2021-03-01; required within 1 month after application date (2021-01-31)",
            "application_date",
            "talk_date",
        )
    )
    # The day of the application itself is inside the window; the day before is not.
    assert judge(TALK, D(2021, 6, 1), application_date=APPLIED, talk_date=APPLIED).outcome is PASSED
    before = judge(TALK, D(2021, 6, 1), application_date=APPLIED, talk_date=D(2021, 1, 30))
    assert before.outcome is FAILED


def test_within_is_pending_then_overdue_without_the_fact() -> None:
    assert judge(TALK, D(2021, 2, 28), application_date=APPLIED) == verdict(
        UNKNOWN,
        "尚无谈话日期，须在2021-02-28前完成",
        "no talk date yet; due by 2021-02-28",
        "application_date",
        "talk_date",
    )
    assert judge(TALK, D(2021, 3, 1), application_date=APPLIED) == verdict(
        FAILED,
        "申请日期后1个月内（2021-02-28前）未完成谈话日期",
        "no talk date within 1 month of application date (due by 2021-02-28)",
        "application_date",
        "talk_date",
    )
    assert judge(TALK, D(2021, 3, 1), talk_date=D(2021, 2, 1)) == verdict(
        UNKNOWN, "缺少申请日期", "missing: application date", "application_date"
    )


def test_within_deadline() -> None:
    assert TALK.deadline(context(D(2021, 3, 1), application_date=APPLIED)) == D(2021, 2, 28)
    assert TALK.deadline(context(D(2021, 3, 1))) is None


REVIEW = ValidFor(key="review", fact="review_date", duration=Duration(years=1))


def test_valid_for_expires_on_the_anniversary() -> None:
    reviewed = D(2021, 5, 10)
    assert judge(REVIEW, D(2022, 5, 9), review_date=reviewed) == verdict(
        PASSED,
        "政审日期（2021-05-10）有效，有效期至2022-05-10前",
        "political review date (2021-05-10) valid; valid until before 2022-05-10",
        "review_date",
    )
    assert judge(REVIEW, D(2022, 5, 10), review_date=reviewed) == verdict(
        FAILED,
        "政审日期（2021-05-10）已过期，有效期至2022-05-10前",
        "political review date (2021-05-10) expired; valid until before 2022-05-10",
        "review_date",
    )
    assert judge(REVIEW, reviewed, review_date=reviewed).outcome is PASSED
    assert REVIEW.expires_on(context(D(2022, 1, 1), review_date=reviewed)) == D(2022, 5, 10)
    assert REVIEW.expires_on(context(D(2022, 1, 1))) is None


def test_valid_for_a_fact_dated_after_the_day_judged_fails() -> None:
    assert judge(REVIEW, D(2021, 5, 9), review_date=D(2021, 5, 10)) == verdict(
        FAILED,
        "政审日期（2021-05-10）晚于评定日",
        "political review date (2021-05-10) is after the day judged",
        "review_date",
    )


ORDER = NotAfter(key="order", first="application_date", second="talk_date")


def test_not_after() -> None:
    assert judge(
        ORDER, D(2022, 1, 1), application_date=D(2021, 3, 1), talk_date=D(2021, 2, 28)
    ) == (
        verdict(
            FAILED,
            "申请日期（2021-03-01）须不晚于谈话日期（2021-02-28）",
            "application date (2021-03-01) must not be after talk date (2021-02-28)",
            "application_date",
            "talk_date",
        )
    )
    same_day = judge(ORDER, D(2022, 1, 1), application_date=D(2021, 3, 1), talk_date=D(2021, 3, 1))
    assert same_day.outcome is PASSED
    assert judge(ORDER, D(2022, 1, 1)) == verdict(
        UNKNOWN,
        "缺少申请日期、谈话日期",
        "missing: application date, talk date",
        "application_date",
        "talk_date",
    )


# --- counts of people ----------------------------------------------------------------------

CONTACTS = CountOf(
    key="contacts", fact="contact_persons", at_least=1, at_most=2, role="full_member"
)
MEMBERS = (
    Person(id="m1", name="李明", roles=(RoleSpan(role="full_member", start=D(2015, 7, 1)),)),
    # Full member up to the day before 2022-03-15 only.
    Person(
        id="m2",
        name="张伟",
        roles=(RoleSpan(role="full_member", start=D(2010, 7, 1), end=D(2022, 3, 14)),),
    ),
    Person(id="m3", name="赵丽", roles=(RoleSpan(role="probationary_member"),)),
    Person(id="m4", name="钱进", roles=(RoleSpan(role="full_member"),)),
    Person(id="m5", name="孙悦", roles=(RoleSpan(role="full_member"),)),
)


def count(day: dt.date, *ids: str, condition: CountOf = CONTACTS) -> Verdict:
    return condition.evaluate(context(day, people=MEMBERS, contact_persons=ids))


def test_count_of_role_held_on_the_day() -> None:
    assert count(D(2022, 3, 14), "m1", "m2") == verdict(
        PASSED,
        "培养联系人2人（须为full_member），要求1至2人",
        "contact persons holding full_member: 2; required 1 to 2",
        "contact_persons",
    )
    # On 2022-03-15 m2's full membership has ended: only m1 counts.
    assert count(D(2022, 3, 15), "m1", "m2") == verdict(
        PASSED,
        "培养联系人1人（须为full_member），要求1至2人",
        "contact persons holding full_member: 1; required 1 to 2",
        "contact_persons",
    )
    assert count(D(2022, 3, 15), "m2", "m3", "nobody") == verdict(
        FAILED,
        "培养联系人0人（须为full_member），要求1至2人",
        "contact persons holding full_member: 0; required 1 to 2",
        "contact_persons",
    )


def test_count_of_at_most_and_duplicates() -> None:
    assert count(D(2022, 1, 1), "m1", "m4", "m5").outcome is FAILED
    assert count(D(2022, 1, 1), "m1", "m4").outcome is PASSED
    # A person listed twice counts once.
    assert count(D(2022, 3, 15), "m1", "m1", "m1").reason.en == (
        "contact persons holding full_member: 1; required 1 to 2"
    )


def test_count_of_without_a_role_or_a_limit() -> None:
    anyone = CountOf(key="contacts", fact="contact_persons", at_least=2)
    assert count(D(2022, 1, 1), "x", "y", condition=anyone) == verdict(
        PASSED,
        "培养联系人2人，要求至少2人",
        "contact persons: 2; required at least 2",
        "contact_persons",
    )
    assert count(D(2022, 1, 1), "x", condition=anyone).outcome is FAILED
    assert anyone.evaluate(context(D(2022, 1, 1))).outcome is UNKNOWN


# --- votes ---------------------------------------------------------------------------------

VOTE = Vote(
    key="meeting", entitled="entitled", present="present", yes="yes", written_yes="written_yes"
)
VOTE_FACTS = ("entitled", "present", "yes", "written_yes")


def vote(entitled: int, present: int, yes: int, written: int | None = None) -> Verdict:
    if written is None:
        return judge(VOTE, D(2022, 1, 1), entitled=entitled, present=present, yes=yes)
    return judge(
        VOTE, D(2022, 1, 1), entitled=entitled, present=present, yes=yes, written_yes=written
    )


def test_vote_quorum_is_more_than_half_of_those_entitled() -> None:
    assert vote(10, 5, 5) == verdict(
        FAILED,
        "应到10人，实到5人（未超过半数），赞成5票（未超过应到人数半数）",
        "10 entitled, 5 present (no quorum), 5 yes (no majority of those entitled)",
        *VOTE_FACTS,
    )
    assert vote(10, 6, 6) == verdict(
        PASSED,
        "应到10人，实到6人（超过半数），赞成6票（超过应到人数半数）",
        "10 entitled, 6 present (quorum), 6 yes (majority of those entitled)",
        *VOTE_FACTS,
    )


def test_vote_majority_is_of_those_entitled_not_of_those_present() -> None:
    # 5 yes of 6 present is a majority of those present (5 > 3) but not of the 10 entitled.
    assert vote(10, 6, 5) == verdict(
        FAILED,
        "应到10人，实到6人（超过半数），赞成5票（未超过应到人数半数）",
        "10 entitled, 6 present (quorum), 5 yes (no majority of those entitled)",
        *VOTE_FACTS,
    )
    assert vote(10, 10, 5).outcome is FAILED
    assert vote(10, 10, 6).outcome is PASSED


def test_vote_with_an_odd_number_entitled() -> None:
    # 9 entitled: 5 is more than half (4.5), 4 is not.
    assert vote(9, 5, 5).outcome is PASSED
    assert vote(9, 4, 4).outcome is FAILED
    assert vote(9, 9, 4).outcome is FAILED


def test_written_yes_count_toward_yes_but_not_presence() -> None:
    # 4 yes present + 2 written = 6 > 10/2.
    assert vote(10, 6, 4, 2) == verdict(
        PASSED,
        "应到10人，实到6人（超过半数），赞成6票（超过应到人数半数）",
        "10 entitled, 6 present (quorum), 6 yes (majority of those entitled)",
        *VOTE_FACTS,
    )
    assert vote(10, 6, 4, 1).outcome is FAILED
    # 5 + 3 = 8 yes, a majority, but only 5 of 10 present: no quorum.
    assert vote(10, 5, 5, 3) == verdict(
        FAILED,
        "应到10人，实到5人（未超过半数），赞成8票（超过应到人数半数）",
        "10 entitled, 5 present (no quorum), 8 yes (majority of those entitled)",
        *VOTE_FACTS,
    )
    # Without the written opinions' fact, there are none.
    assert vote(10, 6, 6).outcome is PASSED


@pytest.mark.parametrize(
    ("entitled", "present", "yes", "written", "shown_yes"),
    [
        (10, 11, 6, 0, 6),  # more present than entitled
        (10, 6, 7, 0, 7),  # more yes than present
        (10, 6, 4, 5, 9),  # more written opinions than the 4 absent
    ],
)
def test_vote_inconsistent_counts_fail(
    entitled: int, present: int, yes: int, written: int, shown_yes: int
) -> None:
    assert vote(entitled, present, yes, written) == verdict(
        FAILED,
        f"表决记录不一致：应到{entitled}人，实到{present}人，赞成{shown_yes}票",
        f"inconsistent vote: {entitled} entitled, {present} present, {shown_yes} yes",
        *VOTE_FACTS,
    )


def test_vote_with_a_missing_count_is_unknown() -> None:
    assert judge(VOTE, D(2022, 1, 1), present=6, yes=6) == verdict(
        UNKNOWN, "缺少应到人数", "missing: entitled", "entitled", "present", "yes"
    )


# --- plugin predicates ---------------------------------------------------------------------


def test_predicate_call_uses_the_plugin_function() -> None:
    seen: list[PredicateInput] = []

    def enough_reports(given: PredicateInput) -> Verdict:
        seen.append(given)
        wanted = given.params["at_least"]
        done = sum(1 for event in given.events if event.kind == "report")
        assert isinstance(wanted, int)
        reason = Label(zh=f"思想汇报{done}次", en=f"{done} reports")
        return Verdict.passed(reason) if done >= wanted else Verdict.failed(reason)

    condition = PredicateCall(
        key="reports", predicate="enough_reports", params={"at_least": 2}, facts=()
    )
    events = [report("e1", D(2021, 4, 1), "2021001"), report("e2", D(2021, 7, 1), "2021001")]
    judged = condition.evaluate(
        context(
            D(2021, 12, 31),
            events=events,
            predicates={"enough_reports": enough_reports},
            exam_score=80,
        )
    )
    assert judged == Verdict.passed(Label(zh="思想汇报2次", en="2 reports"))
    assert seen == [
        PredicateInput(
            subject="2021001",
            facts={"exam_score": 80},
            events=tuple(events),
            params={"at_least": 2},
            as_of=D(2021, 12, 31),
        )
    ]


def test_predicate_call_without_a_plugin_is_unknown() -> None:
    condition = PredicateCall(key="reports", predicate="enough_reports")
    assert condition.evaluate(context(D(2022, 1, 1))) == verdict(
        UNKNOWN,
        "未安装条件“enough_reports”",
        "no plugin provides the condition 'enough_reports'",
    )


def test_predicate_call_must_return_a_verdict() -> None:
    condition = PredicateCall(key="reports", predicate="broken")
    not_a_verdict = cast("PredicateFunction", lambda given: True)
    broken = context(D(2022, 1, 1), predicates={"broken": not_a_verdict})
    with pytest.raises(TypeError, match="predicate 'broken' did not return a Verdict"):
        condition.evaluate(broken)


def test_a_condition_reads_its_facts() -> None:
    assert ONE_YEAR.reads() == ("activist_date",)
    assert TALK.reads() == ("application_date", "talk_date")
    assert VOTE.reads() == VOTE_FACTS
    assert Vote(key="v", entitled="entitled", present="present", yes="yes").reads() == (
        "entitled",
        "present",
        "yes",
    )
    assert HasEvidence(key="e", evidence="oath").reads() == ()
    assert PredicateCall(key="p", predicate="p", facts=("exam_score",)).reads() == ("exam_score",)
