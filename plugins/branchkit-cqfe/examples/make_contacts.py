"""Write the synthetic "三联系" example of the seed branch for the academic year 2021-2022.

The files are an organiser's, with Chinese names and headings:

* ``人员.toml``: fifteen teachers (twelve members, the committee among them, and three young
  teachers not in the Party yet), two counsellors and 306 students of ten classes, with their
  roles and their class, dormitory and team memberships (nested, so not a table); the thirty
  activists of ``candidates.csv`` are among the students;
* ``单位.csv``: the school, its ten classes, 61 dormitories and two teachers' teams;
* ``联系分工.csv``: the ties of the three tiers (支部联系班级, 支委联系寝室, 党员联系学生);
* ``活动.csv``: the contacts: class meetings, dormitory visits and one-to-one talks;
* ``帮扶对象.csv`` and ``帮扶跟进.csv``: the assistance cases and their follow-ups.

The cases are laid out after the seed's report (80-odd students helped in 7 classes and 19
dormitories); the tests count them back from the loaded records. Economic cases concern the
student's class only (hardship is assessed and supported through the class), while
self-management and psychological cases also concern the dormitory, where the help is given.

The network has the gaps a real year leaves: a class nobody took, a dormitory opened in spring
and never assigned, a committee member who took their own dormitory, a member who left the
committee with one tie not handed over, a member who moved away with three pairings, a member
paired with more students than the tier allows, a few months without a visit, and a few cases
whose follow-up is late on 31 August 2022.

The roster also carries what the "三带头" example (``make_teachers.py``) reads: the young
teachers, the benchmark members and the members of the branch's two teams.

Every name and number is made up from a fixed seed, so running this again writes the same files:
``python make_contacts.py [FOLDER]`` (by default beside this script).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from make_candidates import GIVEN, SURNAMES
from make_candidates import rows as candidate_rows

HERE = Path(__file__).parent
YEAR_START = dt.date(2021, 9, 1)
COHORT_START = {2020: dt.date(2020, 9, 1), 2021: dt.date(2021, 9, 1)}
ELECTED = dt.date(2021, 6, 18)  # the committee's re-election
HANDOVER = dt.date(2022, 4, 1)  # T1005 becomes programme head; T1006 joins the committee
LEFT = dt.date(2022, 6, 30)  # T1012 moves to another college
PAIRED = dt.date(2021, 9, 15)  # the year's pairings of members and students
NEW_DORM_OPENED = dt.date(2022, 3, 1)

# id, name, cohort, six-bed rooms (the other rooms of the class's six have four beds). The
# third-year classes are out on placements and not in the network.
CLASSES = (
    ("jr2001", "金融2001班", 2020, 4),
    ("jr2002", "金融2002班", 2020, 3),
    ("cf2001", "财富管理2001班", 2020, 2),
    ("cf2002", "财富管理2002班", 2020, 5),
    ("zq2001", "证券2001班", 2020, 3),
    ("jr2101", "金融2101班", 2021, 4),
    ("jr2102", "金融2102班", 2021, 3),
    ("cf2101", "财富管理2101班", 2021, 2),
    ("cf2102", "财富管理2102班", 2021, 3),
    ("zq2101", "证券2101班", 2021, 4),
)
ROOMS_PER_CLASS = 6
NEW_DORM = ("d13-607", "13栋607", "zq2101")  # two students of d13-601 move in
MOVERS_FROM = "d13-601"

TEACHERS = tuple(f"T{1001 + i}" for i in range(12))
COUNSELLORS = {2020: "T2001", 2021: "T2002"}
# The committee elected in June 2021, S1 (a student) among them. T1005 leaves it to become a
# programme head and T1006 is elected in his place.
COMMITTEE = {
    "T1001": (ELECTED, None),
    "T1002": (ELECTED, None),
    "T1003": (ELECTED, None),
    "T1004": (ELECTED, None),
    "T1005": (ELECTED, HANDOVER - dt.timedelta(days=1)),
    "T1006": (HANDOVER, None),
    "S1": (ELECTED, None),
}
POSTS = {
    "T1001": "branch_secretary",
    "T1002": "organisation_member",
    "T1003": "propaganda_member",
    "T1004": "discipline_member",
}

# Branch to classes: two classes a committee member; zq2101 was never assigned.
CLASS_TIES = {
    "T1001": ("jr2001", "jr2101"),
    "T1002": ("jr2002", "jr2102"),
    "T1003": ("cf2001", "cf2101"),
    "T1004": ("cf2002", "cf2102"),
    "T1005": ("zq2001",),
}
# Committee members to dormitories: ten rooms each, in the order of the classes' rooms. The
# student committee member (S1) lives in d12-301, which falls in his ten.
DORM_BLOCKS = ("S1", "T1001", "T1002", "T1003", "T1004", "T1005")
STALE_DORM = "d13-503"  # still tied to T1005 after he left the committee
# Months without a contact: a member away on training, the winter break, the handover.
MISSED = frozenset(
    {
        ("jr2102", "2022-02"),
        ("d13-201", "2021-11"),
        ("d13-202", "2021-11"),
        ("d13-305", "2022-02"),
        ("d13-504", "2022-04"),
    }
)
# Members to students: how many students each full member is paired with. T1007 has one
# more than the tier allows; T1012's three stay tied to him after he moved away.
PAIRINGS = (
    ("T1001", 3), ("T1002", 3), ("T1003", 3), ("T1004", 3), ("T1005", 3), ("T1006", 3),
    ("T1007", 5), ("T1008", 3), ("T1009", 3), ("T1010", 3), ("T1011", 3), ("T1012", 3),
    ("S1", 2), ("S2", 3),
)  # fmt: skip
PAIRED_ACTIVISTS = 8
PAIRED_HELPED = 35

# Teacher development ("三带头"): the young teachers, with the day each began teaching here.
# T1005 and T1006 came to teaching from banks, members since their student days; T1013-T1015
# are young teachers who are not in the Party yet, new to the roster.
YOUNG_TEACHERS = {
    "T1005": dt.date(2017, 9, 1),
    "T1006": dt.date(2018, 3, 1),
    "T1013": dt.date(2021, 9, 1),
    "T1014": dt.date(2021, 3, 1),
    "T1015": dt.date(2019, 9, 1),
}
NEW_TEACHERS = ("T1013", "T1014", "T1015")
# The benchmark members (标杆党员), named at the start of the year; T1009 from April.
BENCHMARK = {
    "T1002": YEAR_START,
    "T1003": YEAR_START,
    "T1007": YEAR_START,
    "T1008": YEAR_START,
    "T1009": dt.date(2022, 4, 1),
}
# The two teams the branch formed, in September 2020: id, kind, name, members (leader first).
TEAMS_FOUNDED = dt.date(2020, 9, 1)
TEAMS = (
    ("rt", "research_team", "科研创新团队",
     ("T1002", "T1004", "T1005", "T1006", "T1008", "T1010", "T1012", "T1015")),
    ("trt", "teaching_reform_team", "教学改革团队",
     ("T1003", "T1005", "T1007", "T1009", "T1011", "T1013", "T1014")),
)  # fmt: skip

# The cases, after the seed's report: students of seven classes, nineteen dormitories.
HELPED_CLASSES = ("jr2001", "jr2002", "cf2001", "cf2002", "jr2101", "jr2102", "cf2101")
HELPED_DORMS = 19
CROWDED_DORMS = 3  # helped dormitories with three students in a case; the others have two
# 41 students of the helped dormitories: 15 in psychological cases, the other 26 and one of the
# 15 in self-management cases.
PSYCHOLOGICAL = 15
ECONOMIC_PER_CLASS = 6  # students in no other case
ECONOMIC_ALSO_PSYCHOLOGICAL = 2
ECONOMIC_LATE = 4  # opened in March, after a family emergency
ECONOMIC_CLOSED = 4
ECONOMIC_LATE_FOLLOW_UP = 2  # missed the June follow-up
TERM_ENDS = dt.date(2022, 7, 8)

SERVICES = ("career_planning", "subject_guidance", "self_management", "employment_entrepreneurship")
SERVICE_POOLS = {
    "economic": ("career_planning", "employment_entrepreneurship", "subject_guidance"),
    "self_management": ("self_management", "subject_guidance", "career_planning"),
    "psychological": ("self_management", "career_planning"),
}
PLAN_TEXTS = {
    "economic": (
        "申请国家助学金；推荐校内勤工助学岗位",
        "协助办理生源地信用助学贷款；发放临时困难补助",
        "推荐校内勤工助学岗位；减免教材费",
    ),
    "self_management": (
        "党员每周督学；制定学习计划",
        "寝室作息与内务督导；学习小组结对",
        "每周检查出勤；补考课程辅导",
    ),
    "psychological": (
        "转介学校心理健康教育中心；辅导员每两周谈话",
        "辅导员定期谈话；寝室同学关心陪伴；家校沟通",
    ),
}
OUTCOMES = {
    "economic": ("家庭经济情况好转，结束帮扶",),
    "self_management": ("出勤恢复正常，结束帮扶", "补考课程全部通过，结束帮扶"),
    "psychological": ("经心理健康教育中心评估状态稳定，结束帮扶",),
}
NOTES = {
    "economic": ("助学金已发放，生活稳定", "勤工助学岗位适应良好", "电话联系家长，了解家庭近况"),
    "self_management": ("作息有改善", "本月出勤正常", "有反复，继续督导", "学习计划执行良好"),
    "psychological": ("情绪平稳", "按时参加咨询", "与室友关系改善", "电话联系，状态稳定"),
}

# The days of each month a contact can fall on: term time, not holidays.
MONTHS = (
    (2021, 9, 16, 30), (2021, 10, 8, 29), (2021, 11, 1, 30), (2021, 12, 1, 30),
    (2022, 1, 4, 14), (2022, 2, 21, 28), (2022, 3, 1, 31), (2022, 4, 6, 29),
    (2022, 5, 5, 31), (2022, 6, 1, 30), (2022, 7, 1, 8),
)  # fmt: skip

PEOPLE_FILE = "人员.toml"
UNIT_HEADINGS = ("编号", "类型", "名称", "上级单位", "开始日期", "结束日期")
TIE_HEADINGS = ("层级", "联系人", "联系对象", "开始日期", "结束日期")
EVENT_HEADINGS = ("活动编号", "活动类型", "日期", "标题", "参与人", "涉及单位")
CASE_HEADINGS = (
    "帮扶编号", "帮扶类别", "学生", "单位", "责任人", "开始日期", "结束日期",
    "帮扶措施", "帮扶成效", "服务内容",
)  # fmt: skip
FOLLOW_UP_HEADINGS = ("帮扶编号", "日期", "跟进人", "跟进情况")


@dataclasses.dataclass
class Span:
    """A dated role or membership."""

    key: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclasses.dataclass
class Someone:
    """A person as the people file gives them."""

    id: str
    name: str
    roles: list[Span] = dataclasses.field(default_factory=list)
    memberships: list[Span] = dataclasses.field(default_factory=list)
    cohort: int = 0


@dataclasses.dataclass
class Case:
    """An assistance case and its follow-ups."""

    category: str
    person: str
    units: tuple[str, ...]
    holder: str
    opened: dt.date
    closed: dt.date | None = None
    plan: str = ""
    outcome: str = ""
    services: tuple[str, ...] = ()
    follow_ups: list[tuple[dt.date, str, str]] = dataclasses.field(default_factory=list)

    def row(self, number: str) -> list[object]:
        """The case's row, in the order of CASE_HEADINGS."""
        return [
            number, self.category, self.person, "；".join(self.units), self.holder, self.opened,
            self.closed, self.plan, self.outcome, "；".join(self.services),
        ]  # fmt: skip


class Example:
    """The branch's year, built from one seed."""

    def __init__(self, seed: int = 2021) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.people: dict[str, Someone] = {}
        self.class_students: dict[str, list[str]] = {}
        self.dorms: list[tuple[str, str, str]] = []  # id, name, class
        self.residents: dict[str, list[str]] = {}
        self.ties: list[tuple[str, str, str, dt.date | None, dt.date | None]] = []
        self.events: list[tuple[dt.date, str, str, tuple[str, ...], tuple[str, ...]]] = []
        self.cases: list[Case] = []
        self.special: dict[str, str] = {}
        self.paired_activists: list[str] = []
        self.pairing: dict[str, str] = {}
        self.candidates = candidate_rows()
        self.names.update(str(row[1]) for row in self.candidates)
        self._staff()
        self._students()
        self._ties()
        self._contacts()
        self._cases()
        # Last, so that the draws above (and the files they make) stay as they were.
        self._teachers()

    def _name(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(
                self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2)))
            )
            if name not in self.names:
                self.names.add(name)
                return name

    def _staff(self) -> None:
        for index, teacher in enumerate(TEACHERS):
            person = Someone(id=teacher, name=self._name(), memberships=[Span("fin")])
            left = LEFT if teacher == "T1012" else None
            person.roles.append(Span("teacher", end=left))
            person.roles.append(Span("full_member", dt.date(2004 + index, 7, 1), left))
            if teacher in COMMITTEE:
                person.roles.append(Span("committee_member", *COMMITTEE[teacher]))
            if teacher in POSTS:
                person.roles.append(Span(POSTS[teacher], ELECTED))
            if teacher == "T1005":
                person.roles.append(Span("programme_head", HANDOVER))
            self.people[teacher] = person
        for cohort, counsellor in COUNSELLORS.items():
            self.people[counsellor] = Someone(
                id=counsellor,
                name=self._name(),
                roles=[Span("counsellor", COHORT_START[cohort])],
                memberships=[Span("fin")],
            )

    def _teachers(self) -> None:
        for teacher in NEW_TEACHERS:
            start = YOUNG_TEACHERS[teacher]
            self.people[teacher] = Someone(
                id=teacher,
                name=self._name(),
                roles=[Span("teacher", start)],
                memberships=[Span("fin", start)],
            )
        for teacher, start in YOUNG_TEACHERS.items():
            self.people[teacher].roles.append(Span("young_teacher", start))
        for teacher, start in BENCHMARK.items():
            self.people[teacher].roles.append(Span("benchmark_member", start))
        for team, _, _, members in TEAMS:
            for teacher in members:
                # A young teacher joins on arrival; T1012 leaves when he leaves the college.
                start = max(TEAMS_FOUNDED, YOUNG_TEACHERS.get(teacher, TEAMS_FOUNDED))
                end = LEFT if teacher == "T1012" else None
                self.people[teacher].memberships.append(Span(team, start, end))

    def _students(self) -> None:
        by_class = {name: key for key, name, _, _ in CLASSES}
        numbers = {2020: 0, 2021: 0}
        for row in self.candidates:
            student, name, klass = str(row[0]), str(row[1]), by_class[str(row[3])]
            person = Someone(id=student, name=name, cohort=2020)
            person.roles.append(Span("student", COHORT_START[2020]))
            person.roles.append(Span("activist", dt.date.fromisoformat(str(row[8]))))
            self.people[student] = person
            self.class_students.setdefault(klass, []).append(student)
            numbers[2020] = max(numbers[2020], int(student[4:]))
        for klass, _, cohort, six in CLASSES:
            listed = self.class_students.setdefault(klass, [])
            size = 6 * six + 4 * (ROOMS_PER_CLASS - six)
            while len(listed) < size:
                numbers[cohort] += 1
                student = f"{cohort}{numbers[cohort]:04d}"
                self.people[student] = Someone(
                    id=student,
                    name=self._name(),
                    roles=[Span("student", COHORT_START[cohort])],
                    cohort=cohort,
                )
                listed.append(student)
        # Two veterans who joined the Party in the army: S1 sits on the committee.
        self.special["S1"] = self.class_students["jr2002"][10]
        self.special["S2"] = self.class_students["jr2101"][0]
        s1, s2 = self.people[self.special["S1"]], self.people[self.special["S2"]]
        s1.roles += [
            Span("full_member", dt.date(2019, 6, 15)),
            Span("committee_member", *COMMITTEE["S1"]),
        ]
        s2.roles.append(Span("full_member", dt.date(2020, 7, 1)))
        for student in self.class_students["cf2002"][:2] + self.class_students["zq2001"][:2]:
            self.people[student].roles.append(Span("probationary_member", dt.date(2021, 11, 20)))
        self._rooms()

    def _rooms(self) -> None:
        for index, (klass, _, cohort, six) in enumerate(CLASSES):
            # Each cohort has a building, each class a floor of it.
            building, floor = 12 + cohort - 2020, index % 5 + 2
            listed = list(self.class_students[klass])
            self.rng.shuffle(listed)
            if self.special["S1"] in listed:
                listed.remove(self.special["S1"])
                listed.insert(0, self.special["S1"])
            for room in range(ROOMS_PER_CLASS):
                dorm = f"d{building}-{floor}{room + 1:02d}"
                beds = 6 if room < six else 4
                self.dorms.append((dorm, f"{building}栋{floor}{room + 1:02d}", klass))
                self.residents[dorm], listed = listed[:beds], listed[beds:]
            for room_id, _, _ in self.dorms[-ROOMS_PER_CLASS:]:
                for student in self.residents[room_id]:
                    start = COHORT_START[cohort]
                    person = self.people[student]
                    person.memberships.append(Span(klass, start))
                    person.memberships.append(Span(room_id, start))
        movers = self.residents[MOVERS_FROM][-2:]
        for student in movers:
            person = self.people[student]
            person.memberships[-1].end = _day_before(NEW_DORM_OPENED)
            person.memberships.append(Span(NEW_DORM[0], NEW_DORM_OPENED))

    def _holder(self, key: str) -> str:
        return self.special.get(key, key)

    def _ties(self) -> None:
        for holder, classes in CLASS_TIES.items():
            for klass in classes:
                self._tie("branch-class", holder, klass)
        for block, holder in enumerate(DORM_BLOCKS):
            for dorm, _, _ in self.dorms[10 * block : 10 * block + 10]:
                self._tie("committee-dorm", self._holder(holder), dorm)
        # The activists of candidates.csv are the first ten of their classes.
        activists = [s for k in ("jr2001", "jr2002", "cf2001") for s in self.class_students[k][:10]]
        self.paired_activists = self.rng.sample(activists, PAIRED_ACTIVISTS)

    def _tie(self, tier: str, holder: str, target: str, start: dt.date = YEAR_START) -> None:
        if holder == "T1005" and target != STALE_DORM:
            # Handed over to T1006 when T1005 left the committee.
            self.ties.append((tier, holder, target, start, _day_before(HANDOVER)))
            self.ties.append((tier, "T1006", target, HANDOVER, None))
            return
        self.ties.append((tier, holder, target, start, None))

    def _contacts(self) -> None:
        names = {klass: name for klass, name, _, _ in CLASSES}
        names |= {dorm: name for dorm, name, _ in self.dorms}
        for tier, holder, target, start, end in self.ties:
            if tier == "branch-class":
                kind, title = "class_contact", f"参加{names[target]}班会"
            else:
                kind, title = "dorm_visit", f"走访{names[target]}"
            # T1005 stopped visiting when he left the committee, though his tie stayed.
            last = _day_before(HANDOVER) if target == STALE_DORM else end
            self._log(kind, title, (start, last), (holder,), (target,))

    def _log(
        self,
        kind: str,
        title: str,
        span: tuple[dt.date | None, dt.date | None],
        participants: tuple[str, ...],
        units: tuple[str, ...],
    ) -> None:
        """One contact a month while the tie lasts; the target is the unit or the student."""
        target = units[0] if units else participants[-1]
        start, end = span
        for year, month, first, last in MONTHS:
            if (target, f"{year}-{month:02d}") in MISSED:
                continue
            day = dt.date(year, month, self.rng.randint(first, last))
            if (start is None or start <= day) and (end is None or day <= end):
                self.events.append((day, kind, title, participants, units))

    def _cases(self) -> None:
        rng = self.rng
        helped_dorms = rng.sample(
            [dorm for dorm, _, klass in self.dorms if klass in HELPED_CLASSES], HELPED_DORMS
        )
        excluded = {self.special["S1"], self.special["S2"]}
        in_dorm_cases: list[tuple[str, str]] = []  # student, dorm
        for index, dorm in enumerate(helped_dorms):
            count = 3 if index < CROWDED_DORMS else 2
            residents = [s for s in self.residents[dorm] if s not in excluded]
            in_dorm_cases += [(student, dorm) for student in rng.sample(residents, count)]
        rng.shuffle(in_dorm_cases)
        psychological = in_dorm_cases[:PSYCHOLOGICAL]
        self_management = in_dorm_cases[PSYCHOLOGICAL:] + psychological[:1]
        taken = excluded | {student for student, _ in in_dorm_cases}
        economic = [student for student, _ in psychological[-ECONOMIC_ALSO_PSYCHOLOGICAL:]]
        for klass in HELPED_CLASSES:
            free = [s for s in self.class_students[klass] if s not in taken]
            economic += rng.sample(free, ECONOMIC_PER_CLASS)
        helped = sorted({s for s, _ in in_dorm_cases} | set(economic))
        unpaired = [s for s in helped if s not in self.paired_activists]
        self._pair(rng.sample(unpaired, PAIRED_HELPED))
        for position, student in enumerate(economic):
            late = position >= len(economic) - ECONOMIC_LATE
            opened = _day_in(rng, dt.date(2022, 3, 1) if late else dt.date(2021, 9, 22), 30)
            self._case("economic", student, (self._class_of(student),), opened)
        for student, dorm in self_management:
            opened = _day_in(rng, dt.date(2021, 10, 8), 200)
            self._case("self_management", student, (self._class_of(student), dorm), opened)
        for student, dorm in psychological:
            opened = _day_in(rng, dt.date(2021, 10, 15), 210)
            self._case("psychological", student, (self._class_of(student), dorm), opened)
        self._follow_ups()

    def _pair(self, helped: list[str]) -> None:
        tied = self.paired_activists[3:] + helped
        self.rng.shuffle(tied)
        queue = self.paired_activists[:3] + tied  # T1012's three are activists
        order = [p for p in PAIRINGS if p[0] == "T1012"] + [p for p in PAIRINGS if p[0] != "T1012"]
        for holder, count in order:
            for _ in range(count):
                student = queue.pop(0)
                member = self._holder(holder)
                self.pairing[student] = member
                self.ties.append(("member-student", member, student, PAIRED, None))
                self.people[student].roles.append(Span("paired_student", PAIRED))
                end = LEFT if holder == "T1012" else None
                self._log("student_talk", "谈心谈话", (PAIRED, end), (member, student), ())

    def _class_of(self, student: str) -> str:
        return next(k for k, listed in self.class_students.items() if student in listed)

    def _case(self, category: str, student: str, units: tuple[str, ...], opened: dt.date) -> None:
        klass = units[0]
        class_holder = next(h for h, c in CLASS_TIES.items() if klass in c)
        paired = self.pairing.get(student, "")
        if category == "psychological":
            holder = COUNSELLORS[self.people[student].cohort]
        elif paired in TEACHERS and paired != "T1012":  # not one who is leaving
            holder = paired
        else:
            holder = class_holder
        services = self.rng.sample(SERVICE_POOLS[category], self.rng.choice((1, 2)))
        self.cases.append(
            Case(
                category=category,
                person=student,
                units=units,
                holder=holder,
                opened=opened,
                plan=self.rng.choice(PLAN_TEXTS[category]),
                services=tuple(s for s in SERVICES if s in services),
            )
        )

    def _follow_ups(self) -> None:
        rng = self.rng
        by_category: dict[str, list[Case]] = {}
        for case in sorted(self.cases, key=lambda c: (c.opened, c.person, c.category)):
            by_category.setdefault(case.category, []).append(case)
        early = [c for c in by_category["economic"] if c.opened < dt.date(2022, 1, 1)]
        closed = rng.sample(early, ECONOMIC_CLOSED)
        missed_june = rng.sample([c for c in early if c not in closed], ECONOMIC_LATE_FOLLOW_UP)
        for case in by_category["economic"]:
            if case in closed:
                case.closed = dt.date(2022, 6, 30)
            # A check after each term's grants: December, March, June.
            for year, month in ((2021, 12), (2022, 3), (2022, 6)):
                if (year, month) == (2022, 6) and case in missed_june:
                    continue
                day = dt.date(year, month, rng.randint(6, 17))
                if day > case.opened:
                    self._follow_up(case, day)
        # The last two opened stay open over the summer: one followed up in time, one not.
        steps = {"self_management": (21, 28), "psychological": (10, 13)}
        lasting = {"self_management": (30, 150), "psychological": (90, 180)}
        summer = {
            "self_management": (dt.date(2022, 8, 12), dt.date(2022, 7, 6)),
            "psychological": (dt.date(2022, 8, 25), dt.date(2022, 8, 5)),
        }
        for category, (fewest, most) in steps.items():
            cases = by_category[category]
            for case in cases[:-2]:
                days = rng.randint(*lasting[category])
                case.closed = min(case.opened + dt.timedelta(days=days), TERM_ENDS)
                self._regular(case, fewest, most, case.closed)
                if not case.follow_ups or case.follow_ups[-1][0] != case.closed:
                    self._follow_up(case, case.closed)
            for case, last in zip(cases[-2:], summer[category], strict=True):
                self._regular(case, fewest, most, last - dt.timedelta(days=fewest))
                self._follow_up(case, last)
        for case in self.cases:
            if case.closed is not None:
                case.outcome = rng.choice(OUTCOMES[case.category])

    def _follow_up(self, case: Case, day: dt.date) -> None:
        case.follow_ups.append((day, case.holder, self.rng.choice(NOTES[case.category])))

    def _regular(self, case: Case, fewest: int, most: int, until: dt.date) -> None:
        day = case.opened + dt.timedelta(days=self.rng.randint(fewest, most))
        while day <= until:
            self._follow_up(case, day)
            day += dt.timedelta(days=self.rng.randint(fewest, most))

    # --- writing -------------------------------------------------------------------------

    def write(self, folder: Path) -> None:
        """Write every file into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / PEOPLE_FILE).write_text(self._people_toml(), encoding="utf-8")
        units: list[list[object]] = [["fin", "school", "金融学院", "", "", ""]]
        for klass, name, cohort, _ in CLASSES:
            units.append([klass, "class", name, "fin", COHORT_START[cohort], ""])
        units += [[dorm, "dorm", name, klass, "", ""] for dorm, name, klass in self.dorms]
        units.append([NEW_DORM[0], "dorm", NEW_DORM[1], NEW_DORM[2], NEW_DORM_OPENED, ""])
        units += [[team, kind, name, "fin", TEAMS_FOUNDED, ""] for team, kind, name, _ in TEAMS]
        write_csv(folder / "单位.csv", UNIT_HEADINGS, units)
        write_csv(folder / "联系分工.csv", TIE_HEADINGS, [list(tie) for tie in self.ties])
        events = sorted(self.events, key=lambda e: (e[0], e[1], e[3], e[4]))
        write_csv(
            folder / "活动.csv",
            EVENT_HEADINGS,
            (
                [f"LX{number:04d}", kind, day, title, "；".join(people), "；".join(units)]
                for number, (day, kind, title, people, units) in enumerate(events, 1)
            ),
        )
        cases = sorted(self.cases, key=lambda c: (c.opened, c.person, c.category))
        ids = {id(case): f"BF{number:03d}" for number, case in enumerate(cases, 1)}
        write_csv(
            folder / "帮扶对象.csv",
            CASE_HEADINGS,
            (case.row(ids[id(case)]) for case in cases),
        )
        write_csv(
            folder / "帮扶跟进.csv",
            FOLLOW_UP_HEADINGS,
            ([ids[id(c)], *follow_up] for c in cases for follow_up in c.follow_ups),
        )

    def _people_toml(self) -> str:
        lines = [
            "# 人员：教师、辅导员和学生，含职务（roles）和所在班级、寝室、团队（memberships）。",
            "# People: teachers, counsellors and students with their roles and their class,",
            "# dormitory and team memberships. Synthetic: written by make_contacts.py.",
        ]
        for person in sorted(self.people.values(), key=lambda p: p.id):
            lines += ["", "[[people]]", f"id = {_text(person.id)}", f"name = {_text(person.name)}"]
            lines += _spans("roles", "role", person.roles)
            lines += _spans("memberships", "unit", person.memberships)
        return "\n".join(lines) + "\n"


def _day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


def _day_in(rng: random.Random, first: dt.date, days: int) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(days))


def _text(value: str) -> str:
    # A JSON string is a TOML basic string for the characters written here.
    return json.dumps(value, ensure_ascii=False)


def _spans(field: str, key: str, spans: Sequence[Span]) -> list[str]:
    if not spans:
        return []
    items = []
    for span in spans:
        parts = [f"{key} = {_text(span.key)}"]
        parts += [f"{name} = {day.isoformat()}" for name, day in
                  (("start", span.start), ("end", span.end)) if day is not None]  # fmt: skip
        items.append("{ " + ", ".join(parts) + " }")
    return [f"{field} = [", *(f"  {item}," for item in items), "]"]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(path: Path, headings: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a table with a byte-order mark, as Excel and WPS save CSV: they open it as UTF-8."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        writer.writerows([_cell(value) for value in row] for row in rows)


def main(argv: Sequence[str] = ()) -> None:
    """Write the files into the folder given, or beside this script."""
    Example().write(Path(argv[0]) if argv else HERE)


if __name__ == "__main__":
    main(sys.argv[1:])
