"""Write the synthetic "三财素养" example of the seed branch for the academic year 2021-2022.

The students are those of the roster that ``make_contacts.py`` writes (``人员.toml``, read here
with tomllib): 306 students of ten classes, the first-years of 2021 and the second-years of
2020. Two files:

* ``素养评价.csv``: the assessments of the rubric ``three-literacies`` (literacy.toml), one row
  per student, literacy and carrier, about 2,700 rows: a table, as a counsellor's office keeps
  scores in a spreadsheet (a TOML table per row would run to twenty thousand lines). Each row
  has a score (courses, practice) or a level (activities), a date, the assessor and the ids of
  its evidence;
* ``三财素养.toml``: what the assessments rest on and what the students achieved: the Youth
  League branch of each class (``[[units]]``), the activities and the practice as
  ``[[events]]`` whose participants are the students who took part, the grade sheets of the
  courses as ``[[evidence]]``, the report's student outcomes as ``[[outcomes]]``, and the
  fifteen graduates admitted through 专升本 as ``[[people]]``.

**The assessments.** Each literacy has one course per cohort, graded by its teacher on the day
its grade sheet is submitted (January or late June); a first-semester grade under 60 is re-sat
in the make-up exam of 4 March 2022, whose grade (60 for a pass, as colleges record it) is a
re-assessment that replaces the first; a failed second-semester course waits for September,
after the year. Activities are graded 优秀/良好/合格 by the cohort's counsellor on 24 June 2022,
from the activities of the literacy the student took part in: the level nearest the student's
showing, so most are 良好, and a level counts the points at the foot of its band. A student
who took part in none of a literacy's activities has no activity assessment; likewise a
student who never volunteered, or missed the training week or the placement, has a missing
practice cell, which the rubric counts as 0 (its ``missing = "minimum"``): 73 cells of 2,754.
Scores come from a latent level per student (for the 30 activists, their "三财素养评价分" in
``candidates.csv`` less 3, the rubric being stricter; for the others, drawn around 78), a
lean per literacy, and noise per cell.

**The outcomes** follow the report ("在支部的带领和帮助下……"): in the national securities-investment
simulation contest ("全国证券投资模拟实训大赛") 5 individual second and 7 third prizes, won by
the best of 36 finalists, themselves the best of the college's selection round; 3 college
merit students ("校级三好学生", of 2020-2021, named in October 2021); 15 graduates admitted
to bachelor programmes ("专升本"); a national model Youth League branch ("国家示范团支部"),
the "四进四信" WeChat platform named a national excellent grassroots project, a national
excellent League member, a nominee for the national "自强之星", and a Chongqing excellent
Party member (the student member of the branch committee). The outcomes and the assessments
tell one story: the finalists' contest rounds are evidence of their 成财英 practice and the
prize winners score higher there; the honoured students take part in every activity and
practice, so their cells are all assessed.

Two choices to note:

* The national model League branch is credited to the League branch itself (a unit of kind
  ``league_branch``); the "四进四信" platform is no unit, so its honour is credited to its
  student editors, with the platform named in the title.
* The 专升本 admissions go to graduates of 2019, who sit the exam in their third year. The
  roster leaves the third-year classes out (they are on placements, outside the contact
  network), so the fifteen are added here as people, students until 30 June 2022, without a
  class unit; the rubric's cohort (the students on 31 August 2022) does not include them.

Every name and number is made up from a fixed seed, so running this again writes the same files:
``python make_literacy.py [FOLDER]`` (by default beside this script).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
import sys
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from make_candidates import GIVEN, SURNAMES
from make_contacts import CLASSES, write_csv
from make_cooperation import q

HERE = Path(__file__).parent
SEED = 20210901
RUBRIC = "three-literacies"
COMPETENCIES = ("character", "knowledge", "talent")
CARRIERS = ("courses", "activities", "practice")
COUNSELLORS = {2020: "T2001", 2021: "T2002"}
ASSESSMENT_DAY = dt.date(2022, 6, 24)  # the year's activity and volunteering assessments
MAKE_UP_DAY = dt.date(2022, 3, 4)  # the make-up exams of the first semester
SEMESTER_ONE_END = dt.date(2022, 2, 1)
PASS = 60
CLASS_NAMES = {key: name for key, name, _, _ in CLASSES}
COHORTS = {key: cohort for key, _, cohort, _ in CLASSES}
PROGRAMMES = {"jr": "金融服务与管理", "cf": "财富管理", "zq": "证券投资实务"}

ASSESSMENT_HEADINGS = (
    "评价方案", "学号", "素养", "载体", "得分", "等级", "日期", "评价人", "佐证", "备注",
)  # fmt: skip

# One course per literacy and cohort: (cohort, literacy, grade sheet day, course and teacher
# per programme). The first-years' career course and the second-years' innovation course are
# taught by their counsellors.
COURSES = (
    (2021, "character", dt.date(2022, 1, 10),
     {"jr": ("金融职业道德与法规", "T1004"), "cf": ("金融职业道德与法规", "T1003"),
      "zq": ("金融职业道德与法规", "T1010")}),
    (2021, "knowledge", dt.date(2022, 1, 12),
     {"jr": ("金融学基础", "T1001"), "cf": ("金融学基础", "T1006"), "zq": ("金融学基础", "T1002")}),
    (2021, "talent", dt.date(2022, 6, 27),
     dict.fromkeys(PROGRAMMES, ("大学生职业生涯规划", "T2002"))),
    (2020, "character", dt.date(2022, 1, 11),
     {"jr": ("金融法律法规", "T1004"), "cf": ("金融法律法规", "T1010"),
      "zq": ("金融法律法规", "T1011")}),
    (2020, "knowledge", dt.date(2022, 6, 29),
     {"jr": ("商业银行综合柜台业务", "T1002"), "cf": ("个人理财", "T1008"),
      "zq": ("证券投资实务", "T1007")}),
    (2020, "talent", dt.date(2022, 6, 28), dict.fromkeys(PROGRAMMES, ("创新创业基础", "T2001"))),
)  # fmt: skip
MAKE_UP_PASSES = 0.85

# Activities: (literacy, day, title, share of students taking part, cohorts). Those with a
# title of None are held by each class's League branch: the theme league days.
ACTIVITIES = (
    ("character", None, "诚信主题团日", 0.92, (2020, 2021)),
    ("character", dt.date(2022, 4, 20), "征信知识专题讲座", 0.40, (2020, 2021)),
    ("knowledge", dt.date(2021, 11, 24), "“三财”金融知识竞赛", 0.80, (2020, 2021)),
    ("knowledge", dt.date(2022, 4, 23), "理财规划技能节", 0.60, (2020, 2021)),
    ("talent", dt.date(2022, 3, 30), "职业生涯规划大赛", 0.55, (2020, 2021)),
    ("talent", dt.date(2022, 5, 18), "学长学姐朋辈分享会", 0.85, (2021,)),
    ("talent", dt.date(2022, 5, 25), "升学与就业朋辈分享会", 0.85, (2020,)),
)
THEME_DAYS = {2020: dt.date(2021, 10, 20), 2021: dt.date(2021, 11, 17)}  # a class a day on

# Volunteering (重财品 practice): sixteen services over the year. A student volunteers in none
# (6%), or in one to four of them.
VOLUNTEERING = (
    "反诈宣传进社区", "金融知识进中小学", "征信知识进乡村", "防范非法集资宣传",
    "老年人防诈骗讲座", "“3·15”金融消费者权益保护宣传", "校园贷风险提示进寝室", "人民币反假宣传",
)  # fmt: skip
SERVICES = 16
NEVER_VOLUNTEER = 0.06
VOLUNTEER_TIMES = (1, 1, 2, 2, 2, 3, 4)

# Practical-training weeks (强财智 practice): (cohort, first day, title and teacher per
# programme). A student misses one with a chance of 1.5% (sick leave).
TRAINING_WEEKS = (
    (2020, dt.date(2021, 12, 20),
     {"jr": ("商业银行综合柜台业务实训周", "T1002"), "cf": ("财富管理综合实训周", "T1005"),
      "zq": ("证券投资模拟交易实训周", "T1009")}),
    (2021, dt.date(2022, 6, 13),
     {"jr": ("金融基本技能（点钞与传票录入）实训周", "T1006"),
      "cf": ("金融基本技能（点钞与传票录入）实训周", "T1013"),
      "zq": ("金融基本技能（点钞与传票录入）实训周", "T1014")}),
)  # fmt: skip
ABSENT = 0.015

# Placements (成财英 practice): the first-years' week of company visits, the second-years'
# four weeks of summer placement, assessed a week after; (cohort, first day, last day, day
# assessed, title, teacher per programme). A student misses one with a chance of 3%.
PLACEMENTS = (
    (2021, dt.date(2022, 5, 9), dt.date(2022, 5, 13), dt.date(2022, 5, 20), "金融企业认知实践",
     {"jr": "T1004", "cf": "T1010", "zq": "T1011"}),
    (2020, dt.date(2022, 7, 4), dt.date(2022, 7, 29), dt.date(2022, 8, 5), "暑期金融企业跟岗实践",
     {"jr": "T1001", "cf": "T1008", "zq": "T1007"}),
)  # fmt: skip
NO_PLACEMENT = 0.03

# The national securities-investment simulation contest: second-years of each programme enter
# the college's selection round with these chances; the best 36 go to the final; the best 12
# of the final win, 5 second prizes and 7 third.
CONTEST = "全国证券投资模拟实训大赛"
SELECTION_DAY, FINAL_DAY, PRIZE_DAY = (
    dt.date(2022, 4, 9),
    dt.date(2022, 5, 21),
    dt.date(2022, 5, 28),
)
ENTRY = {"zq": 0.8, "cf": 0.5, "jr": 0.3}
FINALISTS = 36
SECOND_PRIZES, THIRD_PRIZES = 5, 7
COACHES = ("T1007", "T1009")

MERIT_STUDENTS = 3
ADMITTED = 15
ADMISSION_DAYS = (dt.date(2022, 6, 10), dt.date(2022, 6, 24))  # the first round, the second
ENTERED, GRADUATION = dt.date(2019, 9, 1), dt.date(2022, 6, 30)
UNIVERSITIES = ("山城工商大学", "嘉江财经大学", "巴川理工学院", "箕山师范学院")
BACHELOR_MAJORS = ("金融学", "投资学", "财务管理", "保险学")
EDITORS = 3


@dataclasses.dataclass
class Student:
    """A student of the roster, with the latent levels the scores are drawn around."""

    id: str
    name: str
    unit: str
    roles: frozenset[str]
    level: float = 0.0
    lean: dict[str, float] = dataclasses.field(default_factory=dict)
    keen: bool = False  # takes part in every activity and practice

    @property
    def cohort(self) -> int:
        """The year the student's class began."""
        return COHORTS[self.unit]

    @property
    def programme(self) -> str:
        """The key of the student's programme: ``jr``, ``cf`` or ``zq``."""
        return self.unit[:2]


@dataclasses.dataclass
class Event:
    """An ``[[events]]`` table: an activity or a practice, with the students who took part."""

    id: str
    kind: str
    day: dt.date
    title: str
    units: tuple[str, ...]
    participants: list[str] = dataclasses.field(default_factory=list)
    last: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class Sheet:
    """An ``[[evidence]]`` table: a grade sheet."""

    id: str
    day: dt.date
    reference: str
    teachers: tuple[str, ...]
    units: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Row:
    """One assessment: a row of the CSV."""

    person: str
    competency: str
    carrier: str
    score: int | None
    level: str | None
    day: dt.date
    assessor: str
    evidence: tuple[str, ...]
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Outcome:
    """An ``[[outcomes]]`` table."""

    kind: str
    day: dt.date
    title: str
    persons: tuple[str, ...]
    level: str | None = None
    rank: str | None = None
    note: str = ""
    teams: tuple[str, ...] = ()


def keys(values: Sequence[str], per_line: int = 8) -> str:
    """A TOML array of strings, wrapped after ``per_line`` items."""
    if len(values) <= per_line:
        return "[" + ", ".join(q(v) for v in values) + "]"
    lines = [
        "  " + ", ".join(q(v) for v in values[at : at + per_line]) + ","
        for at in range(0, len(values), per_line)
    ]
    return "[\n" + "\n".join(lines) + "\n]"


def clip(value: float, low: float, high: float) -> float:
    """``value``, kept between ``low`` and ``high``."""
    return max(low, min(high, value))


def league(unit: str) -> str:
    """The id of a class's Youth League branch."""
    return f"{unit}-league"


# --- the students ----------------------------------------------------------------------------


def roster(folder: Path) -> list[Student]:
    """The roster's students, with their class, in the roster's order."""
    with (folder / "人员.toml").open("rb") as handle:
        people = tomllib.load(handle)["people"]
    students = []
    for person in people:
        roles = frozenset(span["role"] for span in person.get("roles", ()))
        if "student" not in roles:
            continue
        (unit,) = {m["unit"] for m in person.get("memberships", ()) if m["unit"] in COHORTS}
        students.append(Student(person["id"], person["name"], unit, roles))
    return students


def candidate_scores(folder: Path) -> dict[str, float]:
    """The activists' "三财素养评价分" in ``candidates.csv``, by student id."""
    with (folder / "candidates.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["学号"]: float(row["三财素养评价分"]) for row in csv.DictReader(handle)}


def draw_levels(rng: random.Random, students: Sequence[Student], known: dict[str, float]) -> None:
    """Each student's latent level and lean per literacy."""
    for student in students:
        # The activists' earlier evaluation is their level, a little lower: the rubric is stricter.
        level = known[student.id] - 3 if student.id in known else rng.gauss(78, 7)
        student.level = clip(level, 48, 95)
        student.lean = {c: rng.gauss(0, 4) for c in COMPETENCIES}


def value(rng: random.Random, student: Student, competency: str, spread: float = 6) -> float:
    """A cell's value before its carrier's rules: level, lean and noise."""
    return student.level + student.lean[competency] + rng.gauss(0, spread)


# --- the events ------------------------------------------------------------------------------


def take_part(rng: random.Random, student: Student, share: float) -> bool:
    """Whether ``student`` takes part in an activity ``share`` of the students take part in."""
    return student.keen or rng.random() < share


def activities(rng: random.Random, students: Sequence[Student]) -> list[tuple[str, Event]]:
    """The activities, each with the literacy it carries and its participants."""
    found: list[tuple[str, Event]] = []
    for competency, day, title, share, cohorts in ACTIVITIES:
        if day is None:
            for index, (unit, name, cohort, _) in enumerate(CLASSES):
                held = THEME_DAYS[cohort] + dt.timedelta(days=index % 5)
                event = Event(
                    f"SC-HD-{unit}",
                    "literacy_activity",
                    held,
                    f"{title}（{name}团支部）",
                    (league(unit),),
                )
                event.participants = [
                    s.id for s in students if s.unit == unit and take_part(rng, s, share)
                ]
                found.append((competency, event))
            continue
        units = tuple(unit for unit, _, cohort, _ in CLASSES if cohort in cohorts)
        event = Event(f"SC-HD-{len(found) + 1:02d}", "literacy_activity", day, title, units)
        event.participants = [
            s.id for s in students if s.cohort in cohorts and take_part(rng, s, share)
        ]
        found.append((competency, event))
    return found


def weekend(rng: random.Random, first: dt.date, last: dt.date, taken: set[dt.date]) -> dt.date:
    """A free weekend day between ``first`` and ``last``, out of the winter break."""
    while True:
        day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        if day.weekday() >= 5 and day.month not in (1, 2) and day not in taken:
            taken.add(day)
            return day


def volunteering(rng: random.Random, students: Sequence[Student]) -> list[Event]:
    """The volunteer services, and who served in each."""
    taken: set[dt.date] = set()
    days = sorted(
        weekend(rng, dt.date(2021, 9, 25), dt.date(2022, 6, 19), taken) for _ in range(SERVICES)
    )
    services = [
        Event(
            f"SC-ZY-{number:02d}",
            "literacy_practice",
            day,
            f"金融知识志愿服务：{VOLUNTEERING[(number - 1) % len(VOLUNTEERING)]}",
            ("fin",),
        )
        for number, day in enumerate(days, 1)
    ]
    for student in students:
        if not student.keen and rng.random() < NEVER_VOLUNTEER:
            continue
        times = max(rng.choice(VOLUNTEER_TIMES), 2 if student.keen else 1)
        for service in rng.sample(services, times):
            service.participants.append(student.id)
    for service in services:
        service.participants.sort()
    return services


def class_weeks(
    rng: random.Random,
    students: Sequence[Student],
    prefix: str,
    plan: Iterable[tuple[int, dt.date, dt.date, dict[str, tuple[str, str]]]],
    absent: float,
) -> list[tuple[Event, str]]:
    """One event per class, each with its teacher: training weeks or placements."""
    found = []
    for cohort, first, last, titles in plan:
        for unit, name, unit_cohort, _ in CLASSES:
            if unit_cohort != cohort:
                continue
            title, teacher = titles[unit[:2]]
            event = Event(
                f"{prefix}-{unit}", "literacy_practice", first, f"{title}（{name}）", (unit,)
            )
            event.last = last
            event.participants = [
                s.id for s in students if s.unit == unit and (s.keen or rng.random() >= absent)
            ]
            found.append((event, teacher))
    return found


# --- the contest and the honours -------------------------------------------------------------


def contest(
    rng: random.Random, students: Sequence[Student]
) -> tuple[Event, Event, list[str], list[str]]:
    """The selection round, the final, and the second and third prize winners in order."""
    second_years = [s for s in students if s.cohort == 2020]
    entrants = [s for s in second_years if rng.random() < ENTRY[s.programme]]
    form = {s.id: s.level + s.lean["knowledge"] + rng.gauss(0, 5) for s in entrants}
    finalists = sorted(entrants, key=lambda s: -form[s.id])[:FINALISTS]
    final = {s.id: form[s.id] + rng.gauss(0, 4) for s in finalists}
    winners = sorted(final, key=lambda id: -final[id])[: SECOND_PRIZES + THIRD_PRIZES]
    selection = Event(
        "SC-JS-01", "literacy_practice", SELECTION_DAY, f"{CONTEST}校内选拔赛", ("fin",)
    )
    selection.participants = sorted(s.id for s in entrants)
    final_round = Event("SC-JS-02", "literacy_practice", FINAL_DAY, f"{CONTEST}总决赛", ("fin",))
    final_round.participants = sorted(s.id for s in finalists)
    return selection, final_round, winners[:SECOND_PRIZES], winners[SECOND_PRIZES:]


def best(
    rng: random.Random, pool: Iterable[Student], taken: set[str], how_many: int, by: str | None
) -> list[Student]:
    """The ``how_many`` best of ``pool`` not yet honoured, by level (and a literacy's lean)."""
    scored = [
        (s.level + (s.lean[by] if by else 0) + rng.gauss(0, 2), s.id, s)
        for s in pool
        if s.id not in taken
    ]
    chosen = [s for _, _, s in sorted(scored, key=lambda t: (-t[0], t[1]))[:how_many]]
    taken.update(s.id for s in chosen)
    return chosen


def graduates(rng: random.Random, names: set[str]) -> list[tuple[str, str, str]]:
    """The graduates of 2019 admitted through 专升本: id, name and programme."""
    found = []
    numbers = sorted(rng.sample(range(1, 160), ADMITTED))
    for number in numbers:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        while name in names:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        names.add(name)
        found.append((f"2019{number:04d}", name, rng.choice(tuple(PROGRAMMES))))
    return found


@dataclasses.dataclass
class Example:
    """The whole example, built once from the seed."""

    folder: Path = HERE

    def __post_init__(self) -> None:
        rng = random.Random(SEED)
        self.students = roster(self.folder)
        draw_levels(rng, self.students, candidate_scores(self.folder))
        by_id = {s.id: s for s in self.students}
        second_years = [s for s in self.students if s.cohort == 2020]

        # The contest first: its winners are who they are by their levels.
        self.selection, self.final, self.second, self.third = contest(rng, self.students)
        taken = set(self.second) | set(self.third)
        (member,) = (s for s in self.students if {"full_member", "committee_member"} <= s.roles)
        taken.add(member.id)
        self.member = member.id
        self.merit = [s.id for s in best(rng, second_years, taken, MERIT_STUDENTS, None)]
        (self.league_member,) = (s.id for s in best(rng, second_years, taken, 1, "character"))
        (self.self_reliant,) = (s.id for s in best(rng, second_years, taken, 1, "talent"))
        # The model League branch is that of the second-years' class whose students' character
        # stands highest.
        means = {
            unit: sum(s.level + s.lean["character"] for s in group) / len(group)
            for unit in sorted({s.unit for s in second_years})
            for group in [[s for s in second_years if s.unit == unit]]
        }
        self.model_branch = max(sorted(means), key=lambda unit: means[unit])
        editors = best(rng, self.students, taken, EDITORS, "talent")
        self.editors = sorted(s.id for s in editors)
        honoured = taken - set(self.second) - set(self.third)
        for id in sorted(honoured):
            by_id[id].keen = True
            by_id[id].lean["character"] += 3  # the honours are for conduct as much as merit

        names = {s.name for s in self.students} | self._other_names()
        self.graduates = graduates(rng, names)

        self.activities = activities(rng, self.students)
        self.services = volunteering(rng, self.students)
        weeks = [(c, first, first + dt.timedelta(days=4), t) for c, first, t in TRAINING_WEEKS]
        self.weeks = class_weeks(rng, self.students, "SC-SX", weeks, ABSENT)
        self.placements = class_weeks(
            rng,
            self.students,
            "SC-GW",
            (
                (cohort, first, last, {p: (title, t) for p, t in teachers.items()})
                for cohort, first, last, _, title, teachers in PLACEMENTS
            ),
            NO_PLACEMENT,
        )
        self.sheets: list[Sheet] = []
        self.rows: list[Row] = []
        self._courses(rng)
        self._activity_rows(rng)
        self._practice_rows(rng)
        self.rows.sort(
            key=lambda r: (
                r.person,
                COMPETENCIES.index(r.competency),
                CARRIERS.index(r.carrier),
                r.day,
            )
        )

    def _other_names(self) -> set[str]:
        with (self.folder / "人员.toml").open("rb") as handle:
            return {p["name"] for p in tomllib.load(handle)["people"]}

    # --- courses -------------------------------------------------------------------------

    def _courses(self, rng: random.Random) -> None:
        make_ups: dict[tuple[int, str], list[tuple[Student, str]]] = {}
        for cohort, competency, day, courses in COURSES:
            semester = 1 if day < SEMESTER_ONE_END else 2
            for unit, name, unit_cohort, _ in CLASSES:
                if unit_cohort != cohort:
                    continue
                course, teacher = courses[unit[:2]]
                sheet = Sheet(
                    f"SC-CJ-{unit}-{competency}",
                    day,
                    f"教务系统成绩单：2021-2022学年第{semester}学期《{course}》（{name}）",
                    (teacher,),
                    (unit,),
                )
                self.sheets.append(sheet)
                for student in (s for s in self.students if s.unit == unit):
                    score = round(clip(value(rng, student, competency, 7) + 2, 30, 99))
                    self.rows.append(
                        Row(
                            student.id,
                            competency,
                            "courses",
                            score,
                            None,
                            day,
                            teacher,
                            (sheet.id,),
                        )
                    )
                    if score < PASS and semester == 1:
                        make_ups.setdefault((cohort, competency), []).append((student, teacher))
        for number, ((cohort, competency), resits) in enumerate(sorted(make_ups.items()), 1):
            (course,) = {c for c, _ in self._course_names(cohort, competency)}
            sheet = Sheet(
                f"SC-BK-{number:02d}",
                MAKE_UP_DAY,
                f"教务系统补考成绩单：2021-2022学年第1学期《{course}》（{cohort}级）",
                tuple(sorted({teacher for _, teacher in resits})),
                tuple(sorted({s.unit for s, _ in resits})),
            )
            self.sheets.append(sheet)
            for student, teacher in resits:
                passed = rng.random() < MAKE_UP_PASSES
                score = PASS if passed else rng.randint(42, PASS - 1)
                self.rows.append(
                    Row(
                        student.id,
                        competency,
                        "courses",
                        score,
                        None,
                        MAKE_UP_DAY,
                        teacher,
                        (sheet.id,),
                        "补考",
                    )
                )

    @staticmethod
    def _course_names(cohort: int, competency: str) -> list[tuple[str, str]]:
        return [
            pair
            for c, k, _, courses in COURSES
            if (c, k) == (cohort, competency)
            for pair in courses.values()
        ]

    # --- activities ----------------------------------------------------------------------

    def _activity_rows(self, rng: random.Random) -> None:
        for student in self.students:
            for competency in COMPETENCIES:
                joined = [
                    e.id
                    for k, e in self.activities
                    if k == competency and student.id in e.participants
                ]
                if not joined:
                    continue
                points = value(rng, student, competency, 5) + 2 * (len(joined) - 1)
                level = "excellent" if points >= 86 else "good" if points >= 70 else "pass"
                counsellor = COUNSELLORS[student.cohort]
                self.rows.append(
                    Row(
                        student.id,
                        competency,
                        "activities",
                        None,
                        level,
                        ASSESSMENT_DAY,
                        counsellor,
                        tuple(sorted(joined)),
                    )
                )

    # --- practice ------------------------------------------------------------------------

    def _practice_rows(self, rng: random.Random) -> None:
        winners = set(self.second) | set(self.third)
        for student in self.students:
            served = [e.id for e in self.services if student.id in e.participants]
            if served:
                points = value(rng, student, "character", 5) + 2 * (len(served) - 1)
                self.rows.append(
                    Row(
                        student.id,
                        "character",
                        "practice",
                        round(clip(points, 40, 98)),
                        None,
                        ASSESSMENT_DAY,
                        COUNSELLORS[student.cohort],
                        tuple(served),
                    )
                )
            for event, teacher in self.weeks:
                if student.id in event.participants:
                    points = value(rng, student, "knowledge", 6) + 2
                    assert event.last is not None
                    self.rows.append(
                        Row(
                            student.id,
                            "knowledge",
                            "practice",
                            round(clip(points, 40, 98)),
                            None,
                            event.last,
                            teacher,
                            (event.id,),
                        )
                    )
            self._talent_practice(rng, student, winners)

    def _talent_practice(self, rng: random.Random, student: Student, winners: set[str]) -> None:
        evidence = []
        teacher = None
        for event, who in self.placements:
            if event.units == (student.unit,):
                teacher = who
                if student.id in event.participants:
                    evidence.append(event.id)
        contested = [e.id for e in (self.selection, self.final) if student.id in e.participants]
        if not evidence and not contested:
            return
        assert teacher is not None
        # The contest rounds count in a second-year's practice; a prize counts most.
        bonus = 3 * len(contested) + (6 if student.id in winners else 0)
        points = value(rng, student, "talent", 6) + bonus
        (day,) = {d for c, _, _, d, _, _ in PLACEMENTS if c == student.cohort}
        self.rows.append(
            Row(
                student.id,
                "talent",
                "practice",
                round(clip(points, 40, 99)),
                None,
                day,
                teacher,
                tuple(sorted(evidence + contested)),
            )
        )

    # --- outcomes ------------------------------------------------------------------------

    def outcomes(self, rng: random.Random) -> list[Outcome]:
        """The student outcomes of the report, by date."""
        coached = f"在教师帮扶下参赛；指导教师：{'、'.join(COACHES)}"
        found = [
            Outcome(
                "merit_student",
                dt.date(2021, 10, 22),
                "2020—2021学年校级三好学生",
                (id,),
                "college",
            )
            for id in self.merit
        ]
        found.append(
            Outcome(
                "collective_honour",
                dt.date(2021, 12, 10),
                "“四进四信”微信平台获评全国优秀基层项目",
                tuple(self.editors),
                "national",
                note="记在平台的学生编辑名下",
            )
        )
        found.append(
            Outcome(
                "collective_honour",
                dt.date(2022, 4, 29),
                f"{CLASS_NAMES[self.model_branch]}团支部获评“国家示范团支部”",
                (),
                "national",
                teams=(league(self.model_branch),),
            )
        )
        found.append(
            Outcome(
                "student_honour",
                dt.date(2022, 4, 29),
                "获评团中央“全国优秀共青团员”",
                (self.league_member,),
                "national",
            )
        )
        found.append(
            Outcome(
                "student_honour",
                dt.date(2022, 5, 19),
                "获“全国自强之星”提名",
                (self.self_reliant,),
                "national",
                "nominee",
            )
        )
        prizes = ((self.second, "second", "二等奖"), (self.third, "third", "三等奖"))
        found.extend(
            Outcome("contest_prize", PRIZE_DAY, f"{CONTEST}个人{words}", (id,), "national", rank,
                    coached)
            for group, rank, words in prizes
            for id in group
        )  # fmt: skip
        for index, (id, _, programme) in enumerate(self.graduates):
            day = ADMISSION_DAYS[0] if index % 5 else ADMISSION_DAYS[1]
            university = rng.choice(UNIVERSITIES)
            major = rng.choice(BACHELOR_MAJORS)
            found.append(
                Outcome(
                    "bachelor_admission",
                    day,
                    f"专升本录取：{university}{major}专业",
                    (id,),
                    note=f"2019级{PROGRAMMES[programme]}专业毕业生",
                )
            )
        found.append(
            Outcome(
                "student_honour",
                dt.date(2022, 6, 28),
                "获评重庆市优秀党员",
                (self.member,),
                "municipal",
            )
        )
        return sorted(found, key=lambda o: o.day)

    # --- writing -------------------------------------------------------------------------

    def toml(self) -> str:
        """The text of ``三财素养.toml``."""
        rng = random.Random(SEED + 1)
        header = (
            "# 三财素养：团支部、素养活动与实践、课程成绩单、学生成果和专升本毕业生。\n"
            '# "Three literacies": the League branches, the literacy activities and practice,\n'
            "# the grade sheets, the students' outcomes and the graduates admitted through\n"
            "# 专升本. Synthetic: written by make_literacy.py; the assessments are in\n"
            "# 素养评价.csv.\n"
        )
        blocks = [*self._units(), *self._people(), *self._events(), *self._sheets()]
        for number, outcome in enumerate(self.outcomes(rng), 1):
            blocks.append(self._outcome(f"SC-CG-{number:02d}", outcome))
        return header + "\n" + "\n\n".join(blocks) + "\n"

    @staticmethod
    def _units() -> Iterator[str]:
        for unit, name, cohort, _ in CLASSES:
            yield "\n".join(
                [
                    "[[units]]",
                    f"id = {q(league(unit))}",
                    'kind = "league_branch"',
                    f"name = {q(name + '团支部')}",
                    f"parent = {q(unit)}",
                    f"start = {dt.date(cohort, 9, 1).isoformat()}",
                ]
            )

    def _people(self) -> Iterator[str]:
        for id, name, _ in self.graduates:
            yield "\n".join(
                [
                    "[[people]]",
                    f"id = {q(id)}",
                    f"name = {q(name)}",
                    "roles = [",
                    f'  {{ role = "student", start = {ENTERED}, end = {GRADUATION} }},',
                    "]",
                ]
            )

    def _events(self) -> Iterator[str]:
        events = [e for _, e in self.activities]
        events += self.services
        events += [e for e, _ in self.weeks]
        events += [self.selection, self.final]
        events += [e for e, _ in self.placements]
        for event in sorted(events, key=lambda e: (e.day, e.id)):
            lines = [
                "[[events]]",
                f"id = {q(event.id)}",
                f"kind = {q(event.kind)}",
                f"date = {event.day.isoformat()}",
            ]
            if event.last is not None:
                lines.append(f"end_date = {event.last.isoformat()}")
            lines.append(f"title = {q(event.title)}")
            lines.append(f"units = {keys(event.units)}")
            lines.append(f"participants = {keys(sorted(event.participants))}")
            yield "\n".join(lines)

    def _sheets(self) -> Iterator[str]:
        for sheet in sorted(self.sheets, key=lambda s: (s.day, s.id)):
            yield "\n".join(
                [
                    "[[evidence]]",
                    f"id = {q(sheet.id)}",
                    'kind = "grade_sheet"',
                    f"date = {sheet.day.isoformat()}",
                    f"reference = {q(sheet.reference)}",
                    f"persons = {keys(sheet.teachers)}",
                    f"units = {keys(sheet.units)}",
                ]
            )

    @staticmethod
    def _outcome(id: str, outcome: Outcome) -> str:
        lines = [
            "[[outcomes]]",
            f"id = {q(id)}",
            f"kind = {q(outcome.kind)}",
            f"title = {q(outcome.title)}",
            f"date = {outcome.day.isoformat()}",
        ]
        if outcome.level is not None:
            lines.append(f"level = {q(outcome.level)}")
        if outcome.rank is not None:
            lines.append(f"rank = {q(outcome.rank)}")
        if outcome.persons:
            lines.append(f"persons = {keys(outcome.persons)}")
        if outcome.teams:
            lines.append(f"teams = {keys(outcome.teams)}")
        if outcome.note:
            lines.append(f"note = {q(outcome.note)}")
        return "\n".join(lines)

    def csv_rows(self) -> Iterator[list[object]]:
        """The rows of ``素养评价.csv``, in the order of its headings."""
        for row in self.rows:
            yield [
                RUBRIC,
                row.person,
                row.competency,
                row.carrier,
                "" if row.score is None else row.score,
                row.level or "",
                row.day.isoformat(),
                row.assessor,
                "；".join(row.evidence),
                row.note,
            ]

    def write(self, folder: Path) -> None:
        """Write both files into ``folder``."""
        (folder / "三财素养.toml").write_text(self.toml(), encoding="utf-8", newline="\n")
        write_csv(folder / "素养评价.csv", ASSESSMENT_HEADINGS, self.csv_rows())


def main(argv: Sequence[str] = ()) -> None:
    """Write the files into the folder given, or beside this script."""
    Example().write(Path(argv[0]) if argv else HERE)


if __name__ == "__main__":
    main(sys.argv[1:])
