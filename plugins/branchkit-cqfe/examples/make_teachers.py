"""Write the synthetic "三带头" example of the seed branch for the academic year 2021-2022.

The teachers are those of the roster that ``make_contacts.py`` writes (``人员.toml``): it holds
the young teachers, the benchmark members and the members of the branch's two teams (the
research-innovation team ``rt`` and the teaching-reform team ``trt``, units in ``单位.csv``).
This script writes the rest, in an organiser's files with Chinese names and headings:

* ``教师档案.csv``: each teacher's teaching office, courses, free half-days and first day of
  teaching, which the pairing reads;
* ``结对.csv``: the pairs of mentors and young teachers: two locked (a teacher new to the
  college keeps their mentor for two years), three that ended in the summer of 2022, and one
  that the college's rule on relatives forbids;
* ``活动记录.csv``: the benchmark members' demonstration lessons and collective lesson
  observations (events, beside the contacts of ``活动.csv``);
* ``成果.csv``: what teachers and the two teams achieved: trainings, projects, courses,
  teaching-contest prizes, their students' contest prizes, papers and an appointment.

The outcomes are laid out after the seed's report of teacher development (trainings, projects
and first-class courses of the teams; the prizes, courses, projects and papers of the five
young teachers); the report's figures are of recent years, and here they fall in the one
year, as the contacts' do. A few outcomes lie outside what the figures count: some before the
year, some of teachers who are not young, a project of no team. The first person of a project
or a course is its leader (主持人, 牵头人), and a paper lists its authors in order.

The year has the lapses a real one has: a benchmark member with no demonstration lesson in the
short quarter after the winter break, one whose December observation slipped into January, and
one who coached students for the spring's skills contests instead of giving either lesson.

Paired on 31 August 2022 for the next year by the scheme's optimal method, the two locked
pairs stay, and three young teachers need a mentor: T1015 fits T1009 best again (the same
courses and office); T1006 goes to T1002, who teaches both his courses, rather than back to
T1004, who shares one; T1005, whose mentor T1012 left the college in June, goes to T1010 of
the same office, since T1008, who would fit better, is a relative. T1001 (the secretary, who
runs the pairing and takes no mentee) and T1011 (six years of teaching, short of the eight a
mentor needs) are not chosen.

Every name and number is made up from a fixed seed, so running this again writes the same files:
``python make_teachers.py [FOLDER]`` (by default beside this script).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from make_contacts import (
    BENCHMARK,
    CLASSES,
    EVENT_HEADINGS,
    HANDOVER,
    LEFT,
    MONTHS,
    TEAMS,
    TERM_ENDS,
    YEAR_START,
    YOUNG_TEACHERS,
    Example,
    write_csv,
)

HERE = Path(__file__).parent
YEAR_END = dt.date(2022, 8, 31)
SCHEME = "young-teachers"

OFFICES = {"jr": "金融教研室", "cf": "财富管理教研室", "zq": "证券教研室"}
SLOTS = tuple(f"周{day}{half}" for day in "一二三四五" for half in ("上午", "下午"))
FREE_SLOTS = 4  # free half-days a week, of ten

# Each teacher's office, first day of teaching (a young teacher's is the roster's), courses
# and research fields. T1005 and T1006 joined the Party as students and taught after some
# years in banks; T1010 reaches eight years of teaching in March 2022, T1011 only six.
STAFF = (
    ("T1001", "jr", dt.date(2003, 9, 1), ("金融学基础", "国际金融"), ("金融学",)),
    ("T1002", "jr", dt.date(2005, 9, 1), ("商业银行综合柜台业务", "金融学基础", "金融科技概论"),
     ("金融科技",)),
    ("T1003", "cf", dt.date(2006, 9, 1), ("个人理财", "保险实务"), ("职业教育", "课程思政")),
    ("T1004", "jr", dt.date(2008, 9, 1), ("商业银行综合柜台业务", "金融营销"), ("商业银行",)),
    ("T1005", "cf", None, ("个人理财", "财富管理综合实训", "金融营销"), ("财富管理",)),
    ("T1006", "jr", None, ("商业银行综合柜台业务", "金融学基础"), ("商业银行",)),
    ("T1007", "zq", dt.date(2009, 9, 1), ("证券投资实务", "证券投资基金"), ("资本市场",)),
    ("T1008", "cf", dt.date(2010, 9, 1), ("个人理财", "财富管理综合实训"), ("财富管理",)),
    ("T1009", "zq", dt.date(2012, 9, 1), ("证券投资实务", "期货与期权"), ("衍生品",)),
    ("T1010", "cf", dt.date(2014, 3, 1), ("保险实务", "金融营销", "个人理财"), ("保险",)),
    ("T1011", "zq", dt.date(2016, 9, 1), ("证券投资实务", "证券投资基金"), ("资本市场",)),
    ("T1012", "zq", dt.date(2013, 9, 1), ("期货与期权", "证券投资基金"), ("衍生品",)),
    ("T1013", "cf", None, ("个人理财", "保险实务"), ("财富管理",)),
    ("T1014", "zq", None, ("证券投资基金", "证券投资实务"), ("资本市场",)),
    ("T1015", "zq", None, ("证券投资实务", "期货与期权"), ("金融科技",)),
)  # fmt: skip
# The secretary runs the pairing and takes no mentee of his own.
CAPACITY = {"T1001": 0}

NEW_TEACHER_NOTE = "新入职教师前两年不更换指导教师"
PAIRS = (
    ("T1003", "T1013", "locked", dt.date(2021, 9, 10), None, NEW_TEACHER_NOTE),
    ("T1007", "T1014", "locked", dt.date(2021, 3, 15), None, NEW_TEACHER_NOTE),
    ("T1012", "T1005", "given", dt.date(2020, 9, 10), LEFT, "指导教师调离学院，结对终止"),
    ("T1004", "T1006", "given", dt.date(2020, 9, 10), TERM_ENDS, "两年结对期满"),
    ("T1009", "T1015", "given", dt.date(2019, 9, 10), TERM_ENDS, "结对期满，下学年重新结对"),
    ("T1008", "T1005", "forbidden", None, None, "亲属关系，按学院规定回避"),
)  # fmt: skip

# The lessons the benchmark members did not give in a quarter, and one observation held late:
# T1008's December observation slipped into January, so it counts for 2022-Q1.
MISSED = frozenset(
    {
        ("T1007", "demonstration_lesson", "2022-Q1"),
        ("T1003", "demonstration_lesson", "2022-Q2"),
        ("T1003", "lesson_observation", "2022-Q2"),
    }
)
LATE = {("T1008", "lesson_observation", "2021-Q4"): "2022-Q1"}
SECOND_LESSON = 0.25  # the chance of a second demonstration lesson in a quarter

# Trainings the young teachers attended, with how many of the five went.
TRAININGS = (
    ("全国职业院校教师教学能力提升培训（线上）", 5),
    ("重庆市高职院校课程思政教学能力培训", 4),
    ("1+X金融智能投顾职业技能等级证书师资培训", 3),
    ("职业院校教学能力比赛专题培训", 2),
    ("新版职业教育专业简介解读培训", 5),
    ("高职院校教师信息化教学能力提升培训", 3),
    ("活页式、工作手册式教材开发培训", 4),
    ("课程思政示范课建设培训", 2),
    ("现代学徒制人才培养模式培训", 3),
    ("“双师型”教师认定标准解读培训", 4),
    ("《职业教育法》学习专题培训", 5),
    ("在线开放课程建设与应用培训", 2),
    ("金融科技应用师资研修", 3),
    ("证券投资实训平台操作培训", 3),
    ("岗课赛证融通课程改革培训", 2),
    ("教学成果奖培育专题培训", 3),
)
MUNICIPAL_PROJECTS = 8
COLLEGE_PROJECTS = 23  # of the teams, LED_BY_YOUNG of them led by young teachers
LED_BY_YOUNG = 4
PROJECT_THEMES = (
    "岗课赛证融通", "课程思政", "1+X证书制度", "现代学徒制", "产教融合", "数字化转型",
    "金融科技", "混合式教学", "“三教”改革", "“三财”素养",
)  # fmt: skip
PROJECT_OBJECTS = (
    "金融服务与管理专业", "财富管理专业", "证券实务专业", "个人理财课程", "证券投资实务课程",
    "商业银行综合柜台业务课程", "金融专业群", "金融实训",
)  # fmt: skip
PROJECT_TEMPLATES = ("{theme}视域下{obj}教学改革研究与实践", "基于{theme}的{obj}建设研究")
PAPER_TEMPLATES = (
    "{theme}背景下高职{obj}教学的思考",
    "{theme}视角下高职{obj}改革路径探析",
    "{theme}融入{obj}的实践探索",
)
# Papers with a young teacher as first author, by teacher; papers of a mentor with their
# young teacher as second author; papers of other teachers alone.
PAPERS_BY_YOUNG = {"T1005": 7, "T1006": 5, "T1013": 3, "T1014": 4, "T1015": 6}
PAPERS_WITH_MENTOR = 4
PAPERS_OF_OTHERS = 6
# Teaching-contest prizes: level, rank, young teachers in the team, other teachers in it.
TEACHING_AWARDS = (
    ("municipal", "third", 3, 1),
    ("college", "first", 2, 0),
    ("college", "first", 1, 0),
    ("college", "second", 1, 1),
    ("college", "second", 2, 0),
    ("college", "third", 1, 0),
    ("college", "third", 1, 0),
    ("municipal", "second", 0, 3),
)
CONTESTS = {
    "municipal": ("重庆市职业院校教师教学能力比赛",),
    "college": ("学院教师教学能力比赛", "学院青年教师课堂教学比赛"),
}
# Students' skills-contest prizes: level, rank, contest, students, young coaches, others.
STUDENT_AWARDS = (
    ("national", "third", "全国金融行业职业技能大赛（行业赛）个人赛", 1, 1, 0),
    ("national", "third", "全国金融行业职业技能大赛（行业赛）个人赛", 1, 1, 0),
    ("national", "third", "全国金融行业职业技能大赛（行业赛）个人赛", 1, 1, 0),
    ("municipal", "second", "重庆市职业院校技能大赛智慧金融赛项", 3, 1, 1),
    ("municipal", "third", "重庆市职业院校技能大赛智慧金融赛项", 3, 1, 0),
    ("municipal", "third", "重庆市职业院校技能大赛银行业务综合技能赛项", 3, 2, 0),
    ("municipal", "first", "重庆市职业院校技能大赛银行业务综合技能赛项", 3, 0, 2),
)
CONTEST_CLASSES = ("jr2001", "jr2002", "cf2001", "cf2002", "zq2001")  # second-year classes
# Courses: kind, level (a first-class course of it), course, leader, others, team.
COURSES = (
    ("course", "municipal", "个人理财", "T1003", ("T1008", "T1013"), "trt"),
    ("online_course", "municipal", "证券投资实务", "T1007", ("T1009", "T1014"), "trt"),
    ("online_course", None, "财富管理综合实训", "T1005", ("T1008",), None),
    ("online_course", None, "期货与期权", "T1015", ("T1009",), None),
)
BEFORE = dt.date(2021, 6, 1)  # outcomes of the year before, outside the year's figures

PROFILE_HEADINGS = ("工号", "部门", "任教课程", "空闲时间", "标签", "从教日期", "指导名额")
PAIR_HEADINGS = ("方案", "指导教师", "青年教师", "类型", "开始日期", "结束日期", "备注")
OUTCOME_HEADINGS = (
    "编号", "类型", "名称", "日期", "级别", "等次", "人员", "团队", "人次", "备注",
)  # fmt: skip


@dataclasses.dataclass
class Achievement:
    """An outcome as the outcomes file gives it, before it is numbered."""

    kind: str
    title: str
    date: dt.date
    persons: tuple[str, ...]
    level: str | None = None
    rank: str | None = None
    team: str | None = None
    count: int = 1
    note: str = ""


class TeacherYear:
    """The branch's year of teacher development, built from one seed."""

    def __init__(self, seed: int = 2022) -> None:
        self.rng = random.Random(seed)
        roster = Example()
        self.young = tuple(YOUNG_TEACHERS)
        self.office = {teacher: office for teacher, office, *_ in STAFF}
        self.courses = {teacher: courses for teacher, _, _, courses, _ in STAFF}
        self.teams = {team: members for team, _, _, members in TEAMS}
        self.class_names = {klass: name for klass, name, _, _ in CLASSES}
        self.students = {klass: roster.class_students[klass] for klass in CONTEST_CLASSES}
        self.slots: dict[str, tuple[str, ...]] = {}
        for teacher, *_ in STAFF:
            free = self.rng.sample(SLOTS, FREE_SLOTS)
            self.slots[teacher] = tuple(slot for slot in SLOTS if slot in free)
        self.events: list[tuple[dt.date, str, str, tuple[str, ...], tuple[str, ...]]] = []
        self.outcomes: list[Achievement] = []
        self._lessons()
        self._trainings()
        self._projects()
        self._courses()
        self._awards()
        self._papers()
        self.outcomes.append(Achievement("promotion", "任财富管理专业负责人", HANDOVER, ("T1005",)))

    # --- lessons -------------------------------------------------------------------------

    def _lessons(self) -> None:
        quarters: dict[str, list[tuple[int, int, int, int]]] = {}
        for year, month, first, last in MONTHS:
            if dt.date(year, month, 1) >= TERM_ENDS.replace(day=1):
                continue  # July is examinations, then the summer: no lessons
            quarters.setdefault(f"{year}-Q{(month - 1) // 3 + 1}", []).append(
                (year, month, first, last)
            )
        for member, since in BENCHMARK.items():
            for quarter, months in quarters.items():
                if dt.date(*months[-1][:2], 1) < since.replace(day=1):
                    continue  # not a benchmark member yet by the quarter's end
                lessons = 2 if self.rng.random() < SECOND_LESSON else 1
                for kind, times in (("demonstration_lesson", lessons), ("lesson_observation", 1)):
                    if (member, kind, quarter) in MISSED:
                        continue
                    held = quarters[LATE.get((member, kind, quarter), quarter)]
                    for _ in range(times):
                        year, month, first, last = self.rng.choice(held)
                        day = dt.date(year, month, self.rng.randint(first, last))
                        self._lesson(kind, member, day)

    def _lesson(self, kind: str, member: str, day: dt.date) -> None:
        young = sorted(self.rng.sample(self.young, self.rng.randint(2, 4)))
        if kind == "demonstration_lesson":
            teacher, title = member, "示范课"
        else:  # a young teacher's lesson, watched by the others
            teacher, title = self.rng.choice(young), "集中听评课"
        course = self.rng.choice(self.courses[teacher])
        klass = self.rng.choice([k for k, *_ in CLASSES if k.startswith(self.office[teacher])])
        title = f"{title}：{course}（{self.class_names[klass]}）"
        self.events.append((day, kind, title, (member, *young), (klass,)))

    # --- outcomes ------------------------------------------------------------------------

    def _day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def _trainings(self) -> None:
        for title, attendees in TRAININGS:
            persons = tuple(sorted(self.rng.sample(self.young, attendees)))
            day = self._day(dt.date(2021, 9, 10), dt.date(2022, 8, 20))
            self.outcomes.append(Achievement("training", title, day, persons, count=attendees))
        # The secretary's own training, and a summer training of the year before.
        secretary = Achievement(
            "training", "基层党组织书记专题培训", dt.date(2022, 7, 12), ("T1001",)
        )
        summer = ("T1005", "T1006", "T1015")
        earlier = Achievement("training", "暑期职业教育教学能力研修", BEFORE, summer, count=3)
        self.outcomes += [secretary, earlier]

    def _seniors(self, team: str) -> list[str]:
        # T1012 left in June; the year's projects were planned without him.
        return [t for t in self.teams[team] if t not in self.young and t != "T1012"]

    def _projects(self) -> None:
        titles = iter(
            self.rng.sample(
                [
                    template.format(theme=theme, obj=obj)
                    for template in PROJECT_TEMPLATES
                    for theme in PROJECT_THEMES
                    for obj in PROJECT_OBJECTS
                ],
                MUNICIPAL_PROJECTS + COLLEGE_PROJECTS + 1,
            )
        )
        leaders = self.rng.sample(self.young, LED_BY_YOUNG)
        for index in range(MUNICIPAL_PROJECTS + COLLEGE_PROJECTS):
            municipal = index < MUNICIPAL_PROJECTS
            led_by_young = index >= MUNICIPAL_PROJECTS + COLLEGE_PROJECTS - LED_BY_YOUNG
            if led_by_young:
                leader = leaders.pop()
                team = next(t for t, members in self.teams.items() if leader in members)
                others = [self.rng.choice(self._seniors(team))]
            else:
                team = self.rng.choice(sorted(self.teams))
                leader, *others = self.rng.sample(self._seniors(team), 2)
                # The teams bring young teachers into their projects.
                others += self.rng.sample([t for t in self.teams[team] if t in self.young], 1)
            # Municipal projects are approved in December and June, the college's in November
            # and May.
            months = ((2021, 12), (2022, 6)) if municipal else ((2021, 11), (2022, 5))
            year, month = self.rng.choice(months)
            day = self._day(dt.date(year, month, 5), dt.date(year, month, 25))
            self.outcomes.append(
                Achievement(
                    "project",
                    next(titles),
                    day,
                    (leader, *others),
                    level="municipal" if municipal else "college",
                    team=team,
                )
            )
        # A municipal project of the year before, and a counsellor's project of no team.
        self.outcomes.append(
            Achievement(
                "project", next(titles), BEFORE, ("T1003", "T1007"), level="municipal", team="trt"
            )
        )
        self.outcomes.append(
            Achievement(
                "project", "高职学生心理健康教育工作机制研究", dt.date(2022, 5, 16), ("T2001",),
                "college",
            )
        )  # fmt: skip

    def _courses(self) -> None:
        for kind, level, course, leader, others, team in COURSES:
            if level is None:
                title, day = f"在线课程《{course}》", self._day(dt.date(2021, 10, 1), YEAR_END)
            else:
                online = "线上" if kind == "online_course" else "线下"
                title, day = f"市级{online}一流课程《{course}》", dt.date(2022, 1, 18)
            self.outcomes.append(Achievement(kind, title, day, (leader, *others), level, team=team))

    def _awards(self) -> None:
        seniors = sorted({t for team in self.teams for t in self._seniors(team)})
        for level, rank, young, others in TEACHING_AWARDS:
            team = sorted(self.rng.sample(self.young, young)) + self.rng.sample(seniors, others)
            contest = self.rng.choice(CONTESTS[level])
            day = self._day(dt.date(2021, 10, 15), dt.date(2022, 6, 15))
            self.outcomes.append(Achievement("award", contest, day, tuple(team), level, rank))
        used: set[str] = set()
        for level, rank, contest, students, young, others in STUDENT_AWARDS:
            pool = [s for k in CONTEST_CLASSES for s in self.students[k] if s not in used]
            winners = sorted(self.rng.sample(pool, students))
            used.update(winners)
            coaches = sorted(self.rng.sample(self.young, young)) + self.rng.sample(seniors, others)
            day = self._day(dt.date(2021, 11, 20), dt.date(2022, 6, 10))
            note = "指导教师：" + "、".join(coaches)
            self.outcomes.append(
                Achievement(
                    "student_award", contest, day, (*winners, *coaches), level, rank, note=note
                )
            )

    def _papers(self) -> None:
        titles = iter(
            self.rng.sample(
                [
                    template.format(theme=theme, obj=obj)
                    for template in PAPER_TEMPLATES
                    for theme in PROJECT_THEMES
                    for obj in PROJECT_OBJECTS
                ],
                sum(PAPERS_BY_YOUNG.values()) + PAPERS_WITH_MENTOR + PAPERS_OF_OTHERS + 2,
            )
        )
        seniors = sorted({t for team in self.teams for t in self._seniors(team)})
        authors: list[tuple[str, ...]] = []
        for teacher, count in PAPERS_BY_YOUNG.items():
            for _ in range(count):
                second = self.rng.choice((None, None, *seniors, *self.young))
                authors.append((teacher,) if second in (None, teacher) else (teacher, second))
        mentored = [(mentor, mentee) for mentor, mentee, kind, *_ in PAIRS if kind != "forbidden"]
        authors += [self.rng.choice(mentored) for _ in range(PAPERS_WITH_MENTOR)]
        authors += [(self.rng.choice(seniors),) for _ in range(PAPERS_OF_OTHERS)]
        for names in authors:
            day = self._day(YEAR_START, YEAR_END)
            self.outcomes.append(Achievement("paper", next(titles), day, names))
        for teacher in ("T1005", "T1015"):  # published the spring before
            day = self._day(dt.date(2021, 3, 1), dt.date(2021, 6, 30))
            self.outcomes.append(Achievement("paper", next(titles), day, (teacher,)))

    # --- writing -------------------------------------------------------------------------

    def write(self, folder: Path) -> None:
        """Write every file into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        write_csv(
            folder / "教师档案.csv",
            PROFILE_HEADINGS,
            (
                [
                    teacher, OFFICES[office], "；".join(courses), "；".join(self.slots[teacher]),
                    "；".join(fields), since or YOUNG_TEACHERS[teacher], CAPACITY.get(teacher),
                ]
                for teacher, office, since, courses, fields in STAFF
            ),
        )  # fmt: skip
        write_csv(folder / "结对.csv", PAIR_HEADINGS, ([SCHEME, *pair] for pair in PAIRS))
        events = sorted(self.events, key=lambda e: (e[0], e[1], e[3], e[4]))
        write_csv(
            folder / "活动记录.csv",
            EVENT_HEADINGS,
            (
                [f"JX{number:04d}", kind, day, title, "；".join(people), "；".join(units)]
                for number, (day, kind, title, people, units) in enumerate(events, 1)
            ),
        )
        outcomes = sorted(self.outcomes, key=lambda o: (o.date, o.kind, o.title, o.persons))
        write_csv(
            folder / "成果.csv",
            OUTCOME_HEADINGS,
            (
                [
                    f"CG{number:03d}", o.kind, o.title, o.date, o.level, o.rank,
                    "；".join(o.persons), o.team, o.count, o.note,
                ]
                for number, o in enumerate(outcomes, 1)
            ),
        )  # fmt: skip


def main(argv: Sequence[str] = ()) -> None:
    """Write the files into the folder given, or beside this script."""
    TeacherYear().write(Path(argv[0]) if argv else HERE)


if __name__ == "__main__":
    main(sys.argv[1:])
