"""The "三财素养" example: the seed's student outcomes and its rubric, out of the records.

The outcomes are counted back and compared with the seed's report; the rubric is evaluated
for the year's students as of 31 August 2022, and one student's profile is worked out by hand
from the records. The design is in ``examples/make_literacy.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result

from branchkit import Host
from branchkit.cli.main import cli
from branchkit.io import Loaded
from branchkit.mechanisms.obligations import Outcome, summarise_outcomes
from branchkit.mechanisms.rubrics import (
    Assessment,
    Rubric,
    RubricResult,
    assessment_problems,
    evaluate_rubric,
)
from branchkit.records import Event, Evidence, Period, Person
from branchkit_cqfe import hooks

EXAMPLES = Path(__file__).parents[1] / "examples"
GENERATED = ("三财素养.toml", "素养评价.csv")
YEAR = Period.parse("2021-2022")
AS_OF = dt.date(2022, 8, 31)
RUBRIC = "three-literacies"
STUDENT_KINDS = (
    "contest_prize",
    "merit_student",
    "bachelor_admission",
    "student_honour",
    "collective_honour",
)

# The seed's report, "构建“三机制”促学生发展".
# "构建了以“重财品、强财智、成财英”为核心内容的金融学子“三财”素养教育实施与评价机制"
SEED_LITERACIES = ("重财品", "强财智", "成财英")
# "实现课程、活动、实践三载体育人"
SEED_CARRIERS = ("课程", "活动", "实践")
# "5名学生在教师帮扶下获全国证券投资模拟实训大赛个人二等奖、7名学生获个人三等奖"
SEED_CONTEST = "全国证券投资模拟实训大赛"
SEED_SECOND_PRIZES = 5
SEED_THIRD_PRIZES = 7
# "3名学生获评校级三好学生"
SEED_MERIT_STUDENTS = 3
# "15名学生通过专升本考试顺利进入本科院校"
SEED_ADMITTED = 15
# "1个学生团支部获评“国家示范团支部”"
SEED_MODEL_LEAGUE_BRANCHES = 1
# "1个“四进四信”微信平台获全国优秀基层项目"
SEED_GRASSROOTS_PROJECTS = 1
# "1名学生获评团中央“全国优秀共青团员”"
SEED_LEAGUE_MEMBERS = 1
# "1名学生获“全国自强之星”提名"
SEED_SELF_RELIANCE_NOMINEES = 1
# "1名学生获评重庆市优秀党员"
SEED_PARTY_MEMBERS = 1


@pytest.fixture(scope="module")
def people(loaded: Loaded) -> dict[str, Person]:
    return {person.id: person for person in loaded.dataset.people}


@pytest.fixture(scope="module")
def outcomes(loaded: Loaded) -> tuple[Outcome, ...]:
    return loaded.sections["outcomes"]


@pytest.fixture(scope="module")
def assessments(loaded: Loaded) -> tuple[Assessment, ...]:
    found: tuple[Assessment, ...] = loaded.sections["assessments"]
    return found


@pytest.fixture(scope="module")
def rubric(host: Host) -> Rubric:
    (found,) = host.framework("cqfe").rubrics
    return found


@pytest.fixture(scope="module")
def cohort(people: dict[str, Person]) -> frozenset[str]:
    # The students on the day judged: the roster's first- and second-years.
    return frozenset(p.id for p in people.values() if p.holds("student", AS_OF))


@pytest.fixture(scope="module")
def year_students(people: dict[str, Person]) -> frozenset[str]:
    # Everyone who was a student on some day of the year: the graduates of June too.
    return frozenset(
        p.id
        for p in people.values()
        if any(
            span.role == "student"
            and (span.start is None or span.start <= YEAR.end)
            and (span.end is None or span.end >= YEAR.start)
            for span in p.roles
        )
    )


@pytest.fixture(scope="module")
def result(
    rubric: Rubric, assessments: tuple[Assessment, ...], cohort: frozenset[str]
) -> RubricResult:
    return evaluate_rubric(rubric, assessments, persons=cohort, period=YEAR, as_of=AS_OF)


def student_outcomes(outcomes: tuple[Outcome, ...]) -> list[Outcome]:
    return [o for o in outcomes if o.kind in STUDENT_KINDS]


# --- the rubric -----------------------------------------------------------------------------


def test_the_rubric_has_the_seeds_literacies_and_carriers(rubric: Rubric) -> None:
    assert rubric.key == RUBRIC
    assert tuple(c.label.zh for c in rubric.competencies) == SEED_LITERACIES
    assert tuple(c.label.zh for c in rubric.carriers) == SEED_CARRIERS
    assert [(c.key, c.threshold) for c in rubric.competencies] == [
        ("character", Decimal(70)),
        ("knowledge", Decimal(60)),
        ("talent", Decimal(60)),
    ]
    assert (rubric.aggregation, rubric.missing) == ("weighted_mean", "minimum")
    # Ten to a literacy, so that a weighted mean reads as tenths.
    weights = {
        c.key: [int(rubric.weight(c.key, k.key)) for k in rubric.carriers]
        for c in rubric.competencies
    }
    assert weights == {"character": [3, 3, 4], "knowledge": [5, 2, 3], "talent": [2, 3, 5]}
    assert [(level.label.zh, level.points) for level in rubric.scale.levels] == [
        ("不合格", Decimal(0)),
        ("合格", Decimal(60)),
        ("良好", Decimal(80)),
        ("优秀", Decimal(90)),
    ]


def test_every_key_the_example_uses_is_a_term(
    host: Host, loaded: Loaded, outcomes: tuple[Outcome, ...]
) -> None:
    vocabulary = host.vocabulary()
    assert set(STUDENT_KINDS) <= vocabulary["outcome_kind"]
    for outcome in student_outcomes(outcomes):
        assert outcome.level is None or outcome.level in vocabulary["level"], outcome.id
        assert outcome.rank is None or outcome.rank in vocabulary["rank"], outcome.id
    ours = [e for e in loaded.dataset.events if e.id.startswith("SC-")]
    assert {e.kind for e in ours} == {"literacy_activity", "literacy_practice"}
    assert {e.kind for e in loaded.dataset.evidence if e.id.startswith("SC-")} == {"grade_sheet"}
    assert "league_branch" in vocabulary["unit_kind"]


def test_literacy_file_is_a_valid_data_file(host: Host) -> None:
    assert host.validate(Path(hooks.__file__).parent / "literacy.toml") == ()


# --- the seed's figures: the student outcomes ------------------------------------------------


def test_the_seeds_student_outcomes(
    loaded: Loaded, outcomes: tuple[Outcome, ...], year_students: frozenset[str]
) -> None:
    # The students' outcomes: their own, and those of their League branches.
    leagues = {unit.id for unit in loaded.dataset.units if unit.kind == "league_branch"}
    rows = summarise_outcomes(outcomes, period=YEAR, persons=year_students, teams=leagues)
    counts = {(r.kind, r.level, r.rank): r.outcomes for r in rows if r.kind in STUDENT_KINDS}
    assert counts == {
        ("bachelor_admission", None, None): SEED_ADMITTED,
        ("collective_honour", "national", None): (
            SEED_MODEL_LEAGUE_BRANCHES + SEED_GRASSROOTS_PROJECTS
        ),
        ("contest_prize", "national", "second"): SEED_SECOND_PRIZES,
        ("contest_prize", "national", "third"): SEED_THIRD_PRIZES,
        ("merit_student", "college", None): SEED_MERIT_STUDENTS,
        ("student_honour", "municipal", None): SEED_PARTY_MEMBERS,
        ("student_honour", "national", "nominee"): SEED_SELF_RELIANCE_NOMINEES,
        ("student_honour", "national", None): SEED_LEAGUE_MEMBERS,
    }
    # Every student outcome on record is of the year and credited to its students.
    assert sum(counts.values()) == len(student_outcomes(outcomes))


def test_each_honour_is_the_one_the_seed_names(outcomes: tuple[Outcome, ...]) -> None:
    def titled(kind: str, level: str | None, rank: str | None = None) -> list[str]:
        found = (o for o in outcomes if (o.kind, o.level, o.rank) == (kind, level, rank))
        return sorted(o.title for o in found)

    collective = titled("collective_honour", "national")
    assert len([t for t in collective if "国家示范团支部" in t]) == SEED_MODEL_LEAGUE_BRANCHES
    (model,) = (o for o in outcomes if "国家示范团支部" in o.title)
    assert (model.persons, model.teams) == ((), ("jr2001-league",))
    assert len([t for t in collective if "“四进四信”微信平台" in t]) == SEED_GRASSROOTS_PROJECTS
    assert "全国优秀共青团员" in titled("student_honour", "national")[0]
    assert "全国自强之星" in titled("student_honour", "national", "nominee")[0]
    assert "重庆市优秀党员" in titled("student_honour", "municipal")[0]
    assert set(titled("merit_student", "college")) == {"2020—2021学年校级三好学生"}


def test_contest_prizes_are_individual_prizes_of_students(
    outcomes: tuple[Outcome, ...], people: dict[str, Person]
) -> None:
    prizes = [o for o in outcomes if o.kind == "contest_prize"]
    assert all(SEED_CONTEST in o.title and "个人" in o.title for o in prizes)
    # "个人二等奖": each to one student, and no student twice.
    assert all(len(o.persons) == 1 for o in prizes)
    winners = [o.persons[0] for o in prizes]
    assert len(set(winners)) == SEED_SECOND_PRIZES + SEED_THIRD_PRIZES
    assert all(people[w].holds("student", o.date) for w, o in zip(winners, prizes, strict=True))


def test_admissions_go_to_the_years_graduates(
    outcomes: tuple[Outcome, ...], people: dict[str, Person], cohort: frozenset[str]
) -> None:
    admitted = [o for o in outcomes if o.kind == "bachelor_admission"]
    persons = {p for o in admitted for p in o.persons}
    assert len(persons) == SEED_ADMITTED
    for outcome in admitted:
        (person,) = outcome.persons
        # A student when admitted, graduated by the end of the year.
        assert people[person].holds("student", outcome.date), person
    assert not persons & cohort


def test_the_excellent_party_member_is_a_member(
    outcomes: tuple[Outcome, ...], people: dict[str, Person]
) -> None:
    (honour,) = (o for o in outcomes if o.kind == "student_honour" and o.level == "municipal")
    (person,) = honour.persons
    assert people[person].holds("full_member", honour.date)
    assert people[person].holds("student", honour.date)


def test_student_outcomes_stay_out_of_the_teachers_and_the_branchs_figures(
    outcomes: tuple[Outcome, ...], people: dict[str, Person]
) -> None:
    teachers = {p.id for p in people.values() if p.holds("teacher", AS_OF)}
    for row in summarise_outcomes(outcomes, persons=teachers, teams={"fin-tb", "rt", "trt"}):
        assert row.kind not in STUDENT_KINDS
    # A student outcome credited to a team is a League branch's.
    teams = {team for o in student_outcomes(outcomes) for team in o.teams}
    assert teams == {"jr2001-league"}


# --- the rubric as of 31 August 2022 ---------------------------------------------------------


def test_every_student_has_a_profile(
    result: RubricResult, cohort: frozenset[str], assessments: tuple[Assessment, ...]
) -> None:
    # make_contacts.py: "306 students of ten classes".
    assert len(cohort) == 306
    assert {profile.person for profile in result.profiles} == cohort
    assessed = {a.person for a in assessments}
    assert cohort <= assessed
    # Every student has the three course grades: nobody is unassessed in a whole literacy.
    for profile in result.profiles:
        for competency in profile.competencies:
            assert competency.cells[0].assessment is not None, profile.person


def test_distributions_add_up_to_the_cohort(result: RubricResult, cohort: frozenset[str]) -> None:
    assert [d.competency for d in result.distributions] == ["character", "knowledge", "talent"]
    for distribution in result.distributions:
        assert distribution.cohort == len(cohort)
        # Under the "minimum" rule every student has an aggregate.
        assert distribution.unassessed == 0
        assert sum(band.persons for band in distribution.bands) == distribution.cohort
        assert [band.key for band in distribution.bands] == ["fail", "pass", "good", "excellent"]
        met = sum(1 for p in result.profiles if p.result(distribution.competency).met)
        assert distribution.meeting == met
        assert distribution.share_meeting == (Decimal(met) / len(cohort)).quantize(
            Decimal("0.0001")
        )


def test_one_profile_by_hand(result: RubricResult) -> None:
    # 20210120 (财富管理2102班), from 素养评价.csv:
    #   重财品: courses 58 on 2022-01-10, re-sat in the make-up exam of 2022-03-04: 60 (it
    #           replaces the 58); activities 合格 = 60; practice 84 (three services).
    #           (3 x 60 + 3 x 60 + 4 x 84) / 10 = 69.60, under 70: not met.
    #   强财智: courses 79; activities 合格 = 60; practice missing (not among the participants
    #           of SC-SX-cf2102, the class's training week), counted as 0.
    #           (5 x 79 + 2 x 60 + 3 x 0) / 10 = 51.50, under 60: not met.
    #   成财英: courses 71; activities 良好 = 80; practice 63.
    #           (2 x 71 + 3 x 80 + 5 x 63) / 10 = 69.70: met.
    profile = result.profile("20210120")
    rows = [
        (c.competency, [cell.value for cell in c.cells], c.aggregate, c.met)
        for c in profile.competencies
    ]
    assert rows == [
        ("character", [Decimal(60), Decimal(60), Decimal(84)], Decimal("69.60"), False),
        ("knowledge", [Decimal(79), Decimal(60), None], Decimal("51.50"), False),
        ("talent", [Decimal(71), Decimal(80), Decimal(63)], Decimal("69.70"), True),
    ]
    assert profile.result("knowledge").missing == ("practice",)
    assert not profile.met_all


def test_a_re_assessment_replaces_the_earlier_one(
    result: RubricResult,
    rubric: Rubric,
    assessments: tuple[Assessment, ...],
    cohort: frozenset[str],
) -> None:
    cells: dict[tuple[str, str, str], list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        cells[(assessment.person, assessment.competency, assessment.carrier)].append(assessment)
    repeated = {key: found for key, found in cells.items() if len(found) > 1}
    assert repeated
    for (person, competency, carrier), found in repeated.items():
        earlier, later = sorted(found, key=lambda a: a.date)
        # The make-up exam of a first-semester course failed.
        assert carrier == "courses"
        assert (later.date, later.note) == (dt.date(2022, 3, 4), "补考")
        assert earlier.score is not None
        assert earlier.score < 60
        cell = result.profile(person).result(competency).cells[0]
        assert cell.assessment == later
    # The day before the make-ups, the first grade stood.
    before = evaluate_rubric(rubric, assessments, persons=cohort, as_of=dt.date(2022, 3, 3))
    cell = before.profile("20210120").result("character").cells[0]
    assert cell.assessment is not None
    assert cell.assessment.date == dt.date(2022, 1, 10)


def test_the_missing_rule_matters(
    result: RubricResult,
    rubric: Rubric,
    assessments: tuple[Assessment, ...],
    cohort: frozenset[str],
) -> None:
    missing = [
        (p.person, c.competency) for p in result.profiles for c in p.competencies if c.missing
    ]
    assert missing
    skipped = evaluate_rubric(
        attrs.evolve(rubric, missing="skip"), assessments, persons=cohort, period=YEAR, as_of=AS_OF
    )
    # Skipped, the missing practice no longer pulls 20210120 under the pass mark: (395 + 120) / 7.
    knowledge = skipped.profile("20210120").result("knowledge")
    assert (knowledge.aggregate, knowledge.met) == (Decimal("73.57"), True)
    more = [
        s.meeting - m.meeting
        for s, m in zip(skipped.distributions, result.distributions, strict=True)
    ]
    assert all(n >= 0 for n in more)
    assert any(n > 0 for n in more)


def test_no_assessment_problems(
    host: Host, loaded: Loaded, assessments: tuple[Assessment, ...], people: dict[str, Person]
) -> None:
    found = list(assessment_problems(host.framework("cqfe").rubrics, assessments, people=people))
    assert found == []


def test_assessments_rest_on_records_of_the_year(
    loaded: Loaded, assessments: tuple[Assessment, ...], people: dict[str, Person]
) -> None:
    events: dict[str, Event] = {e.id: e for e in loaded.dataset.events}
    sheets: dict[str, Evidence] = {e.id: e for e in loaded.dataset.evidence}
    for a in assessments:
        assert a.rubric == RUBRIC
        assert YEAR.contains(a.date), a.person
        assessor = people[a.assessor or ""]
        assert assessor.holds("teacher", a.date) or assessor.holds("counsellor", a.date)
        assert a.evidence, a.person
        for item in a.evidence:
            if a.carrier == "courses":
                # The grade sheet of the student's class, submitted on the day of the grade.
                sheet = sheets[item]
                assert sheet.kind == "grade_sheet"
                assert sheet.date == a.date
                assert set(sheet.units) & people[a.person].units_on(a.date), (a.person, item)
            else:
                # An event the student took part in, over by the day of the assessment.
                event = events[item]
                assert a.person in event.participants, (a.person, item)
                assert event.last_day <= a.date, (a.person, item)


def test_assessments_agree_with_the_outcomes(
    result: RubricResult, outcomes: tuple[Outcome, ...], loaded: Loaded
) -> None:
    winners = {p for o in outcomes if o.kind == "contest_prize" for p in o.persons}
    # The prize winners took part in the final, which their 成财英 practice rests on ...
    (final,) = (e for e in loaded.dataset.events if SEED_CONTEST in e.title and "决赛" in e.title)
    assert winners <= set(final.participants)
    for person in winners:
        cell = result.profile(person).result("talent").cells[2]
        assert cell.assessment is not None
        assert final.id in cell.assessment.evidence

    # ... and score higher there than the other second-years.
    def practice(person: str) -> Decimal:
        cell = result.profile(person).result("talent").cells[2]
        return cell.counted or Decimal(0)

    others = [
        p.person for p in result.profiles if p.person.startswith("2020") and p.person not in winners
    ]
    assert sum(map(practice, winners)) / len(winners) > sum(map(practice, others)) / len(others)
    # The students honoured for their conduct and merit meet every literacy.
    honoured = {
        p
        for o in outcomes
        if o.kind in {"merit_student", "student_honour", "collective_honour"}
        for p in o.persons
    }
    assert all(result.profile(person).met_all for person in honoured)


# --- the command line ------------------------------------------------------------------------


def run_obligations(*extra: str) -> Result:
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("BRANCHKIT_")
    }
    args = [
        "--strict-plugins",
        "obligations",
        str(EXAMPLES),
        "--framework",
        "cqfe",
        "--as-of",
        AS_OF.isoformat(),
        *extra,
    ]
    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


def test_the_obligations_command_shows_the_student_outcomes(
    outcomes: tuple[Outcome, ...],
) -> None:
    result = run_obligations("--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    rows = {
        (row["kind"], row["level"], row["rank"]): row["outcomes"]
        for row in report["outcomes"]
        if row["kind"] in STUDENT_KINDS
    }
    assert rows[("contest_prize", "national", "second")] == SEED_SECOND_PRIZES
    assert rows[("contest_prize", "national", "third")] == SEED_THIRD_PRIZES
    assert rows[("merit_student", "college", None)] == SEED_MERIT_STUDENTS
    assert rows[("bachelor_admission", None, None)] == SEED_ADMITTED
    assert sum(rows.values()) == len(student_outcomes(outcomes))
    table = run_obligations()
    assert table.exit_code == 0, table.stderr
    for words in ("学生竞赛获奖", "三好学生", "专升本录取", "学生荣誉称号", "学生集体荣誉", "提名"):
        assert words in table.stdout


# --- the generator ---------------------------------------------------------------------------


def test_the_generator_writes_the_same_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(EXAMPLES / "make_literacy.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
