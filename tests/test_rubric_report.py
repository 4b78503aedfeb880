"""The rubric report's tables and JSON, worked out by hand, under each reader's disclosure.

A rubric of two competencies (重财品, threshold 60; 成财英, threshold 80) through courses and
practice, on named levels (不合格 0, 合格 60, 良好 80, 优秀 90), a cell not assessed left out
(``skip``), judged on 2022-06-30:

========  ======================  =======  ======================  =======
person    重财品 courses/practice  aggr.    成财英 courses/practice  aggr.
========  ======================  =======  ======================  =======
2021001   良好 80 / 优秀 90        85.00 ✓  70 / —                  70.00 ✗
2021002   合格 60 / —              60.00 ✓  — / —                   none ✗
2021003   55 / 50                 52.50 ✗  — / 95                  95.00 ✓
2021004   100 / 90                95.00 ✓  — / —                   none ✗
========  ======================  =======  ======================  =======

2021005's only assessment is dated after the day judged: not in the cohort of 4. 重财品: mean
(85 + 60 + 52.5 + 95) / 4 = 73.125, 73.13 half up; 3 of 4 meet it, 75%; one person in each
band (52.50 不合格, 60.00 合格, 85.00 良好, 95.00 优秀). 成财英: 2 without an aggregate, mean
(70 + 95) / 2 = 82.50; 1 of 4 meets it, 25%; 70.00 合格, 95.00 优秀.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from branchkit.io.converter import make_converter
from branchkit.io.pseudonyms import Pseudonymiser
from branchkit.mechanisms.rubrics import (
    Assessment,
    Carrier,
    Competency,
    Level,
    Rubric,
    Scale,
    evaluate_rubric,
)
from branchkit.records import Label, Period, Person
from branchkit.records.labels import Language
from branchkit.records.privacy import PrivacyPolicy, Viewer
from branchkit.report.disclosure import Disclosure
from branchkit.report.rubric import RubricReport
from branchkit.report.tables import Table

AS_OF = dt.date(2022, 6, 30)
MARCH = dt.date(2022, 3, 1)

RUBRIC = Rubric(
    key="literacy",
    label=Label(zh="三财素养", en="Three literacies"),
    competencies=(
        Competency(
            key="character", label=Label(zh="重财品", en="Character"), threshold=Decimal(60)
        ),
        Competency(key="talent", label=Label(zh="成财英", en="Talent"), threshold=Decimal(80)),
    ),
    carriers=(
        Carrier(key="courses", label=Label(zh="课程", en="Courses")),
        Carrier(key="practice", label=Label(zh="实践", en="Practice")),
    ),
    scale=Scale(
        levels=(
            Level(key="fail", label=Label(zh="不合格", en="Fail"), points=Decimal(0)),
            Level(key="pass", label=Label(zh="合格", en="Pass"), points=Decimal(60)),
            Level(key="good", label=Label(zh="良好", en="Good"), points=Decimal(80)),
            Level(key="excellent", label=Label(zh="优秀", en="Excellent"), points=Decimal(90)),
        )
    ),
    missing="skip",
)


def assessed(
    person: str, competency: str, carrier: str, given: int | str, day: dt.date = MARCH
) -> Assessment:
    """A score when ``given`` is a number, else the key of a level."""
    score, level = (Decimal(given), None) if isinstance(given, int) else (None, given)
    return Assessment(
        rubric="literacy", person=person, competency=competency, carrier=carrier,
        score=score, level=level, date=day,
    )  # fmt: skip


ASSESSMENTS = (
    assessed("2021001", "character", "courses", "good"),
    assessed("2021001", "character", "practice", "excellent"),
    assessed("2021001", "talent", "courses", 70),
    assessed("2021002", "character", "courses", "pass"),
    assessed("2021003", "character", "courses", 55),
    assessed("2021003", "character", "practice", 50),
    assessed("2021003", "talent", "practice", 95),
    assessed("2021004", "character", "courses", 100),
    assessed("2021004", "character", "practice", 90),
    assessed("2021005", "talent", "courses", 99, day=dt.date(2022, 7, 1)),
)
RESULT = evaluate_rubric(RUBRIC, ASSESSMENTS, as_of=AS_OF)
# 2021004 is not on record: shown by id alone.
PEOPLE = {
    person.id: person
    for person in (
        Person(id="2021001", name="王芳"),
        Person(id="2021002", name="李强"),
        Person(id="2021003", name="张敏"),
    )
}
POLICY = PrivacyPolicy(
    sensitive_roles=frozenset({"counsellor"}), personal_roles=frozenset({"secretary"}), k=3
)
COUNSELLOR = Disclosure(policy=POLICY, viewer=Viewer(roles=frozenset({"counsellor"})))
SECRETARY = Disclosure(policy=POLICY, viewer=Viewer(roles=frozenset({"secretary"})))
ANYONE = Disclosure(policy=POLICY)
KEY = b"0123456789abcdef0123456789abcdef"


def report(disclosure: Disclosure, period: Period | None = None) -> RubricReport:
    return RubricReport(
        framework="demo", rubric=RUBRIC, result=RESULT, period=period, people=PEOPLE,
        disclosure=disclosure,
    )  # fmt: skip


def tables(disclosure: Disclosure, language: Language = "zh") -> dict[str, Table]:
    return {table.key: table for table in report(disclosure).tables(language)}


def as_json(disclosure: Disclosure) -> dict[str, object]:
    document: dict[str, object] = json.loads(report(disclosure).to_json(make_converter()))
    return document


PROFILES = [
    ["人员", "素养", "课程", "实践", "综合得分", "达标"],
    ["2021001 王芳", "重财品", "80", "90", "85.00", "是"],
    ["2021001 王芳", "成财英", "70", "—", "70.00", "否"],
    ["2021002 李强", "重财品", "60", "—", "60.00", "是"],
    ["2021002 李强", "成财英", "—", "—", "—", "否"],
    ["2021003 张敏", "重财品", "55", "50", "52.50", "否"],
    ["2021003 张敏", "成财英", "—", "95", "95.00", "是"],
    ["2021004", "重财品", "100", "90", "95.00", "是"],
    ["2021004", "成财英", "—", "—", "—", "否"],
]


def test_a_reader_who_may_see_everything_by_hand() -> None:
    found = tables(COUNSELLOR)
    assert list(found) == ["competencies", "bands", "profiles"]
    assert found["competencies"].rows == [
        ["素养", "达标线", "参评人数", "未评人数", "平均分", "达标人数", "达标率"],
        ["重财品", "60", "4", "0", "73.13", "3", "75.00%"],
        ["成财英", "80", "4", "2", "82.50", "1", "25.00%"],
    ]
    assert found["bands"].rows == [
        ["素养", "档次", "人数"],
        ["重财品", "不合格", "1"],
        ["重财品", "合格", "1"],
        ["重财品", "良好", "1"],
        ["重财品", "优秀", "1"],
        ["成财英", "不合格", "0"],
        ["成财英", "合格", "1"],
        ["成财英", "良好", "0"],
        ["成财英", "优秀", "1"],
    ]
    assert found["profiles"].rows == PROFILES


def test_small_groups_hide_their_counts_means_and_shares() -> None:
    # k = 3: the cohort of 4 shows, and so does 重财品's mean over 4 and its 3 meeting; 成财英
    # has 2 without an aggregate, so its mean is over 2 and 1 meets it: both are withheld.
    found = tables(SECRETARY)
    assert found["competencies"].rows[1:] == [
        ["重财品", "60", "4", "0", "73.13", "3", "75.00%"],
        ["成财英", "80", "4", "<3", "<redacted>", "<3", "<redacted>"],
    ]
    assert [row[2] for row in found["bands"].rows[1:]] == [
        "<3", "<3", "<3", "<3", "0", "<3", "0", "<3",
    ]  # fmt: skip
    # The secretary may see personal data: the profiles are shown whole.
    assert found["profiles"].rows == PROFILES


def test_a_reader_who_may_not_see_personal_data_gets_no_profiles() -> None:
    assert list(tables(ANYONE)) == ["competencies", "bands"]
    document = as_json(ANYONE)
    result = document["result"]
    assert isinstance(result, dict)
    assert result["profiles"] == "<redacted>"
    text = report(ANYONE).to_json(make_converter())
    assert "2021001" not in text
    assert "85.00" not in text


def test_the_default_disclosure_shows_profiles_and_hides_groups_below_5() -> None:
    found = tables(Disclosure())
    assert found["competencies"].rows[1:] == [
        ["重财品", "60", "<5", "0", "<redacted>", "<5", "<redacted>"],
        ["成财英", "80", "<5", "<5", "<redacted>", "<5", "<redacted>"],
    ]
    assert found["profiles"].rows == PROFILES


def test_english_titles_headings_and_names() -> None:
    found = report(COUNSELLOR).tables("en")
    assert [table.title.en for table in found] == ["Competencies", "Distribution", "Profiles"]
    assert found[0].rows[0] == [
        "competency", "threshold", "cohort", "unassessed", "mean", "meeting", "share meeting",
    ]  # fmt: skip
    assert found[1].rows[1] == ["Character", "Fail", "1"]
    assert found[2].rows[:3] == [
        ["person", "competency", "Courses", "Practice", "aggregate", "met"],
        ["2021001 王芳", "Character", "80", "90", "85.00", "yes"],
        ["2021001 王芳", "Talent", "70", "—", "70.00", "no"],
    ]


def test_the_heading_names_the_rubric_the_period_and_the_day() -> None:
    assert report(COUNSELLOR).heading("zh") == "三财素养 · 2022-06-30"
    year = Period.parse("2021-2022")
    assert report(COUNSELLOR, year).heading("en") == (
        f"Three literacies · {year.label.en} · 2022-06-30"
    )


def test_json_carries_the_whole_result() -> None:
    document = as_json(COUNSELLOR)
    assert document["framework"] == "demo"
    result = document["result"]
    assert isinstance(result, dict)
    assert (result["rubric"], result["as_of"], result["period"]) == ("literacy", "2022-06-30", None)
    assert (result["aggregation"], result["missing"]) == ("weighted_mean", "skip")
    assert [
        (d["competency"], d["cohort"], d["unassessed"], d["mean"], d["meeting"], d["share_meeting"])
        for d in result["distributions"]
    ] == [
        ("character", 4, 0, "73.13", 3, "0.7500"),
        ("talent", 4, 2, "82.50", 1, "0.2500"),
    ]
    first = result["profiles"][0]
    assert first["person"] == "2021001"
    assert [(c["competency"], c["aggregate"], c["met"]) for c in first["competencies"]] == [
        ("character", "85.00", True),
        ("talent", "70.00", False),
    ]
    cells = first["competencies"][0]["cells"]
    assert [(c["carrier"], c["value"], c["assessment"]["level"]) for c in cells] == [
        ("courses", "80", "good"),
        ("practice", "90", "excellent"),
    ]


def test_json_withholds_what_the_tables_withhold() -> None:
    result = as_json(SECRETARY)["result"]
    assert isinstance(result, dict)
    assert [
        (d["cohort"], d["unassessed"], d["mean"], d["meeting"], d["share_meeting"])
        for d in result["distributions"]
    ] == [
        (4, 0, "73.13", 3, "0.7500"),
        (4, "<3", "<redacted>", "<3", "<redacted>"),
    ]


def test_the_same_input_gives_the_same_bytes() -> None:
    text = report(COUNSELLOR).to_json(make_converter())
    shuffled = evaluate_rubric(RUBRIC, ASSESSMENTS[::-1], as_of=AS_OF)
    again = RubricReport(
        framework="demo", rubric=RUBRIC, result=shuffled, people=PEOPLE, disclosure=COUNSELLOR
    )
    assert again.to_json(make_converter()) == text
    # Sorted keys, two spaces, the characters themselves and a final newline.
    layout = json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert text == layout
    assert "王芳" not in text  # names are not part of the result


def test_pseudonyms_replace_ids_leave_names_out_and_are_listed_in_their_own_order() -> None:
    pseudonymiser = Pseudonymiser(key=KEY)
    shown = Disclosure(policy=POLICY, viewer=COUNSELLOR.viewer, pseudonymiser=pseudonymiser)
    rows = tables(shown)["profiles"].rows[1:]
    aliases = sorted(pseudonymiser.pseudonym(f"202100{n}") for n in range(1, 5))
    assert [row[0] for row in rows] == [alias for alias in aliases for _ in range(2)]
    # Scores are personal fields: beside a pseudonym they are left out, as names are.
    assert {cell for row in rows for cell in row[2:]} == {"<redacted>"}
    result = as_json(shown)["result"]
    assert isinstance(result, dict)
    assert [profile["person"] for profile in result["profiles"]] == aliases
    text = report(shown).to_json(make_converter())
    assert not any(f"202100{n}" in text for n in range(1, 5))
    assert "王芳" not in text
