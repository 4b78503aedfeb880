"""Write the synthetic "三角色" example of the seed branch: its events, evidence and outcomes.

One file, ``角色履职.toml``, beside the contacts', the teachers' and the cooperation's files. Its
people are the roster's (``人员.toml``, read here, never written); the rules it answers to are the
plugin's ``roles.toml``, whose partner names and rosters this script reads too.

* ``[[units]]``: the branch's teaching office (``fin-office``, which founded the alliance) and
  the three programmes the seminars serve (金融服务与管理, 证券投资实务, 财富管理).
* ``[[events]]`` of the adviser (参谋), 2019-09-01 to 2022-08-31: 9 questionnaire rounds, one per
  audience (firms, graduates, students) and academic year, returning 268 + 431 + 597 = 1,296
  questionnaires, and a trial round of May 2019, before the period; 54 symposia with firms (36)
  and colleges (18), 3 with the branch's own students, and one of June 2019, before the period;
  13 programme seminars (6 on 金融服务与管理, 5 on 证券投资实务, 2 on 财富管理).
* ``[[events]]`` of the vanguard (先锋): the alliance's 3 meetings (November 2018, November
  2019, December 2020), each naming the member colleges and institutions present. Ten of the
  roster's eleven colleges and twelve of its fourteen institutions join by the third meeting
  (7, 2 and 1 colleges, 8, 3 and 1 institutions first attend each meeting; a member present
  once comes again with probability 0.8); the last college and the last two institutions of
  the rosters joined after it.
* ``[[evidence]]`` for the backstop's (后盾) 36 lists in the academic year 2021-2022, and for the
  members' theme days, dues and study sessions in 2020-2021, which the lists' 2019 versions
  judge. A document names the people it proves something of: the minutes of a meeting name
  those present, a register the members who paid, a report its author. People are named only
  while they are at the college (a teacher, a student or a counsellor on the day): a member who
  enrolled in September 2021 is on no earlier record, though the roster has them a member since
  2020.
* ``[[item_transitions]]``: the reviews of the probationary members' list, the one list that
  needs verification.
* ``[[outcomes]]``: the Wealth Management programme's modern-apprenticeship pilot, completed
  (教育部第三批现代学徒制试点通过验收) under the branch secretary, who led its team.

The year 2021-2022 has the lapses a real one has (the constants below): a committee member
away from two meetings in the holidays and one from a November meeting; a party lecture of the
first quarter put off to April; a member who paid February's dues in March; a member whose
programme-cluster task came in after its due day and one who has none; a benchmark member
missing the autumn seminars, one with no spring summary and one with no autumn visit to a
firm; a committee member with one talk in the spring; a member with no spring contact log; no
spring check of members' information; no secrecy check; one news item in the first quarter;
one post in February. Beside them, members miss a meeting, a theme day or a study session now
and then (a fixed seed decides).

The probationary members' list is laid out by hand, so its figures can be checked by hand
(``PROBATIONARY``): four members, probationary from 2021-11-20, owe an ideological report in
2021-Q4, 2022-Q1, 2022-Q2 and 2022-Q3 and a volunteer service in each semester. All reports
are verified but the fourth member's of Q2 (submitted, never reviewed: overdue) and, in the
running Q3, the third's (submitted) and the fourth's (not written); one report of Q1 was
rejected and verified on resubmission; the fourth member did not volunteer in the spring.

Every number is fixed by the design below or drawn from a fixed seed, so running this again
writes the same file: ``python make_roles.py [FOLDER]`` (by default beside this script).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from make_cooperation import keys, q, spread

HERE = Path(__file__).parent
RULES = HERE.parent / "src" / "branchkit_cqfe"
SEED = 20210618
YEAR_START, YEAR_END = dt.date(2021, 9, 1), dt.date(2022, 8, 31)
OLD_START = dt.date(2020, 9, 1)
ADVISER_START, ADVISER_END = dt.date(2019, 9, 1), dt.date(2022, 8, 31)
AT_COLLEGE = ("teacher", "student", "counsellor")
ABSENCE = 0.05

OFFICE = "fin-office"
PROGRAMMES = (
    ("fin-fsm", "金融服务与管理专业"),
    ("fin-sip", "证券投资实务专业"),
    ("fin-wm", "财富管理专业"),
)

# 参谋: the questionnaire rounds: audience, title, questionnaires over the three years, and the
# month of each year's round (the firms' in November, the graduates' in December, the students'
# in April). 268 + 431 + 597 = 1,296 in all.
SURVEYS = (
    ("enterprise", "用人单位人才需求问卷调查", 268, 11),
    ("graduate", "毕业生就业质量跟踪问卷调查", 431, 12),
    ("student", "在校生专业学习需求问卷调查", 597, 4),
)
EARLY_SURVEY = (dt.date(2019, 5, 20), "graduate", "2019届毕业生跟踪问卷调查（试调查）", 126)
SYMPOSIA_FIRMS, SYMPOSIA_COLLEGES, SYMPOSIA_STUDENTS = 36, 18, 3
FIRM_TOPICS = ("人才需求", "岗位能力标准", "顶岗实习与就业", "订单培养", "课程共建", "1+X证书")
COLLEGE_TOPICS = ("专业建设经验交流", "课程标准共建", "技能竞赛合作", "教师互访交流")
OTHER_FIRMS = ("tiancheng-fintech", "hengxin-accounting", "jiayi-hr")
SEMINARS = (
    (dt.date(2019, 10, 17), 0, "人才培养方案修订研讨会"),
    (dt.date(2019, 12, 12), 1, "课程体系重构研讨会"),
    (dt.date(2020, 5, 21), 0, "“岗课赛证”融通研讨会"),
    (dt.date(2020, 6, 18), 1, "证券投资实训室建设研讨会"),
    (dt.date(2020, 10, 22), 0, "课程思政建设研讨会"),
    (dt.date(2020, 12, 10), 1, "“1+X”证书试点研讨会"),
    (dt.date(2021, 4, 15), 2, "现代学徒制人才培养方案研讨会"),
    (dt.date(2021, 6, 10), 0, "金融科技课程建设研讨会"),
    (dt.date(2021, 10, 21), 1, "专业教学标准对接研讨会"),
    (dt.date(2021, 12, 16), 0, "人才培养质量分析研讨会"),
    (dt.date(2022, 3, 17), 0, "一流金融专业群建设方案研讨会"),
    (dt.date(2022, 5, 19), 1, "实训教学改革研讨会"),
    (dt.date(2022, 6, 16), 2, "现代学徒制试点总结研讨会"),
)

# 先锋: the alliance's meetings, and how many colleges and institutions first attend each.
MEETINGS = (
    (dt.date(2018, 11, 16), "重庆金融创新人才校企联盟成立大会暨第一届联盟会议"),
    (dt.date(2019, 11, 22), "重庆金融创新人才校企联盟第二届会议"),
    (dt.date(2020, 12, 4), "重庆金融创新人才校企联盟第三届会议"),
)
COLLEGES_JOINING = (7, 2, 1)
INSTITUTIONS_JOINING = (8, 3, 1)
AGAIN = 0.8
PILOT = (dt.date(2021, 12, 28), "财富管理专业教育部第三批现代学徒制试点通过验收")
PILOT_TEAM = ("T1007", "T1009", "T1011")

# 后盾: the lapses of 2021-2022 (see the module's docstring).
COMMITTEE_AWAY = {"2022-01": ("20200053",), "2022-07": ("20200053",), "2021-11": ("T1004",)}
LECTURE_PUT_OFF = dt.date(2022, 4, 8)
LATE_DUES = ("T1010", "2022-02")
CLUSTER_LATE = ("T1011", dt.date(2022, 7, 12))
CLUSTER_NONE = "20210001"
SEMINAR_AWAY = ("T1008", dt.date(2022, 1, 31))
NO_SPRING_SUMMARY = "T1007"
NO_AUTUMN_VISIT = "T1003"
VISITED = ("qiaoxing-bank", "jinyu-securities", "huiyin-fund", "tiancheng-fintech")
ONE_SPRING_TALK = "20200053"
NO_SPRING_LOG = "T1009"
NEWS_PER_QUARTER = {"2021-Q3": 2, "2021-Q4": 3, "2022-Q1": 1, "2022-Q2": 2, "2022-Q3": 1}
POSTS_IN_FEBRUARY = 1

# The probationary members' list, by hand: per quarter, the members (by their place among the
# four, in id order) whose report is verified, only submitted, or rejected then verified.
PROBATIONARY = {
    "2021-Q4": {"verified": (0, 1, 2, 3), "submitted": (), "rejected": ()},
    "2022-Q1": {"verified": (0, 2, 3), "submitted": (), "rejected": (1,)},
    "2022-Q2": {"verified": (0, 1, 2), "submitted": (3,), "rejected": ()},
    "2022-Q3": {"verified": (0, 1), "submitted": (2,), "rejected": ()},
}
PROBATIONARY_VOLUNTEERS = {"2021-2022-1": (0, 1, 2, 3), "2021-2022-2": (0, 1, 2)}


def weekday(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A weekday from ``first`` to ``last``."""
    while True:
        day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        if day.weekday() < 5:
            return day


def in_term(day: dt.date) -> bool:
    """Whether ``day`` is out of the winter and summer breaks and the National Day holiday."""
    when = (day.month, day.day)
    winter = (1, 20) <= when <= (2, 20)
    summer = (7, 15) <= when <= (8, 25)
    national_day = (10, 1) <= when <= (10, 7)
    return not (winter or summer or national_day)


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """The (year, month) pairs from ``first``'s month to ``last``'s."""
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


class Roster:
    """The people of ``人员.toml`` and the roles they hold on a day."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as file:
            self.people: list[dict[str, Any]] = tomllib.load(file)["people"]

    def holds(self, person: dict[str, Any], role: str, day: dt.date) -> bool:
        """Whether ``person`` holds ``role`` on ``day``."""
        return any(
            span["role"] == role
            and span.get("start", dt.date.min) <= day <= span.get("end", dt.date.max)
            for span in person["roles"]
        )

    def holders(self, role: str, day: dt.date) -> list[str]:
        """The ids of those holding ``role`` on ``day`` and at the college then, sorted."""
        return sorted(
            person["id"]
            for person in self.people
            if self.holds(person, role, day)
            and any(self.holds(person, at, day) for at in AT_COLLEGE)
        )

    def one(self, role: str, day: dt.date) -> str:
        """The one holder of ``role`` on ``day``."""
        (found,) = self.holders(role, day)
        return found

    def members(self, day: dt.date) -> list[str]:
        """The full and probationary members at the college on ``day``."""
        return sorted(
            {*self.holders("full_member", day), *self.holders("probationary_member", day)}
        )

    def member_teachers(self, day: dt.date) -> list[str]:
        """The full members who are teachers on ``day``."""
        return sorted(set(self.holders("full_member", day)) & set(self.holders("teacher", day)))


@dataclass(order=True)
class Proof:
    """One ``[[evidence]]`` record before it is numbered."""

    date: dt.date
    kind: str
    persons: tuple[str, ...]
    count: int = 1
    note: str = ""


@dataclass
class Book:
    """The evidence and transitions made so far."""

    roster: Roster
    rng: random.Random
    names: dict[str, str]
    proofs: list[Proof] = field(default_factory=list)
    transitions: list[str] = field(default_factory=list)

    def add(
        self, day: dt.date, kind: str, persons: Sequence[str], count: int = 1, note: str = ""
    ) -> None:
        """Record a document naming ``persons``."""
        self.proofs.append(Proof(day, kind, tuple(persons), count, note))

    def present(self, people: Sequence[str], day: dt.date, away: Sequence[str] = ()) -> list[str]:
        """Those of ``people`` at a meeting on ``day``: not ``away``, each absent now and then.

        The secretary, who convenes, and the organisation member, who keeps the minutes, are
        always there.
        """
        always = {
            person
            for role in ("branch_secretary", "organisation_member")
            for person in self.roster.holders(role, day)
        }
        return [
            p for p in people if p not in away and (p in always or self.rng.random() >= ABSENCE)
        ]


def event(
    id: str,
    kind: str,
    day: dt.date,
    title: str,
    *,
    participants: Sequence[str] = (),
    units: Sequence[str] = (),
    partners: Sequence[str] = (),
    audience: Sequence[str] = (),
    questionnaires: int | None = None,
) -> str:
    """One ``[[events]]`` table."""
    lines = ["[[events]]", f"id = {q(id)}", f"kind = {q(kind)}", f"date = {day.isoformat()}"]
    lines.append(f"title = {q(title)}")
    if participants:
        lines.append(f"participants = {keys(participants)}")
    if units:
        lines.append(f"units = {keys(units)}")
    if partners:
        lines.append(f"partners = {keys(partners)}")
    if audience:
        lines.append(f"audience = {keys(audience)}")
    if questionnaires is not None:
        lines.append(f"counts = {{ questionnaires = {questionnaires} }}")
    return "\n".join(lines)


def load_rules() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, str]]:
    """The partners' names, the alliance's rosters and the evidence kinds' names."""
    names: dict[str, str] = {}
    # The one national kind the lists name (branchkit-cpc's terms).
    evidence: dict[str, str] = {"ideological_report": "思想汇报"}
    rosters: dict[str, tuple[str, ...]] = {}
    for name in ("terms.toml", "roles.toml"):
        with (RULES / name).open("rb") as file:
            document = tomllib.load(file)
        for term in document.get("terms", ()):
            if term["vocabulary"] == "partner":
                names[term["key"]] = term["label"]["zh"]
            elif term["vocabulary"] == "evidence_kind":
                evidence[term["key"]] = term["label"]["zh"]
        for target in document.get("targets", ()):
            if target["key"].startswith("alliance-") and "partners" in target:
                rosters[target["key"]] = tuple(target["partners"])
    return names, rosters, evidence


def adviser(rng: random.Random, roster: Roster, names: dict[str, str]) -> Iterator[str]:
    """The questionnaire rounds, the symposia and the programme seminars."""
    day, audience, title, count = EARLY_SURVEY
    yield event(
        "WJ00",
        "survey",
        day,
        title,
        participants=("T1001", "T1002"),
        audience=(audience,),
        questionnaires=count,
    )
    number = 0
    for audience, title, total, month in SURVEYS:
        for first_year, returned in zip(
            (2019, 2020, 2021), spread(rng, total, 3, 60, most=20), strict=True
        ):
            year = first_year if month >= 9 else first_year + 1
            day = weekday(rng, dt.date(year, month, 5), dt.date(year, month, 25))
            number += 1
            yield event(
                f"WJ{number:02d}",
                "survey",
                day,
                f"{first_year}—{first_year + 1}学年{title}",
                participants=sorted(rng.sample(roster.member_teachers(day), 2)),
                audience=(audience,),
                questionnaires=returned,
            )
    yield from symposia(rng, roster, names)
    for number, ((day, programme, topic), present) in enumerate(
        zip(SEMINARS, seminars(roster), strict=True), 1
    ):
        unit, name = PROGRAMMES[programme]
        yield event(
            f"YT{number:02d}",
            "programme_seminar",
            day,
            f"{name}{topic}",
            participants=present,
            units=(unit,),
        )


def symposia(rng: random.Random, roster: Roster, names: dict[str, str]) -> Iterator[str]:
    """The symposia with firms, colleges and the branch's students."""
    _, rosters, _ = load_rules()
    firms = (*rosters["alliance-institutions"], *OTHER_FIRMS)
    colleges = rosters["alliance-colleges"]
    kinds = ["enterprise"] * SYMPOSIA_FIRMS + ["peer_college"] * SYMPOSIA_COLLEGES
    kinds += ["student"] * SYMPOSIA_STUDENTS
    rng.shuffle(kinds)
    found: set[dt.date] = set()
    while len(found) < len(kinds):
        day = weekday(rng, ADVISER_START, ADVISER_END)
        if in_term(day):
            found.add(day)
    planned = [(dt.date(2019, 6, 13), "enterprise"), *zip(sorted(found), kinds, strict=True)]
    for number, (day, audience) in enumerate(planned):
        partners: tuple[str, ...] = ()
        if audience == "student":
            title = "学生座谈会：专业学习与职业规划"
        elif audience == "enterprise":
            partners = (rng.choice(firms),)
            title = f"校企座谈会：{names[partners[0]]}（{rng.choice(FIRM_TOPICS)}）"
        else:
            partners = (rng.choice(colleges),)
            title = f"校际座谈会：{names[partners[0]]}（{rng.choice(COLLEGE_TOPICS)}）"
        yield event(
            f"ZT{number:02d}",
            "symposium",
            day,
            title,
            participants=sorted(rng.sample(roster.member_teachers(day), rng.randint(2, 3))),
            partners=partners,
            audience=(audience,),
        )


def seminars(roster: Roster) -> list[list[str]]:
    """The teachers at each seminar: the benchmark members, the programme head and three more.

    Drawn from a generator of their own, so that the events and the minutes name the same.
    """
    rng = random.Random(SEED + 1)
    away, until = SEMINAR_AWAY
    found = []
    for day, _, _ in SEMINARS:
        chosen = {*roster.holders("benchmark_member", day), *roster.holders("programme_head", day)}
        if day <= until:
            chosen.discard(away)
        others = sorted(set(roster.holders("teacher", day)) - chosen - {away})
        chosen.update(rng.sample(others, 3))
        found.append(sorted(chosen))
    return found


def vanguard(rng: random.Random, roster: Roster) -> Iterator[str]:
    """The alliance's meetings, naming the members present."""
    _, rosters, _ = load_rules()
    colleges = rosters["alliance-colleges"][: sum(COLLEGES_JOINING)]
    institutions = [
        key
        for key in rosters["alliance-institutions"]
        if key not in rosters["alliance-institutions"][-2:]
    ]
    joined: list[str] = []
    for number, ((day, title), new_colleges, new_institutions) in enumerate(
        zip(MEETINGS, COLLEGES_JOINING, INSTITUTIONS_JOINING, strict=True), 1
    ):
        again = [key for key in joined if rng.random() < AGAIN]
        first_c = sum(COLLEGES_JOINING[: number - 1])
        first_i = sum(INSTITUTIONS_JOINING[: number - 1])
        new = [
            *colleges[first_c : first_c + new_colleges],
            *institutions[first_i : first_i + new_institutions],
        ]
        joined.extend(new)
        present = set(again) | set(new)
        order = {key: index for index, key in enumerate((*colleges, *institutions))}
        yield event(
            f"LM{number:02d}",
            "alliance_meeting",
            day,
            title,
            participants=sorted(rng.sample(roster.member_teachers(day), 4)),
            units=(OFFICE,),
            partners=sorted(present, key=order.__getitem__),
        )


def meetings(book: Book) -> None:
    """三会一课, the theme days, the organisational life meeting, the dues and the studies."""
    roster, rng = book.roster, book.rng
    for year, month in months(YEAR_START, YEAR_END):
        key = f"{year}-{month:02d}"
        day = weekday(rng, dt.date(year, month, 5), dt.date(year, month, 22))
        committee = roster.holders("committee_member", day)
        book.add(
            day, "committee_minutes", book.present(committee, day, COMMITTEE_AWAY.get(key, ()))
        )
        day = weekday(rng, dt.date(year, month, 5), dt.date(year, month, 22))
        book.add(day, "theme_day_record", book.present(roster.members(day), day))
        payers = roster.members(day)
        late, late_month = LATE_DUES
        if key == late_month:
            payers = [p for p in payers if p != late]
        note = ""
        if (year, month) == (2022, 3):
            note = f"{late}补交2月党费"
        book.add(
            month_end(year, month),
            "dues_register",
            sorted({roster.one("organisation_member", day), *payers}),
            note=note,
        )
        posts = POSTS_IN_FEBRUARY if month == 2 else rng.randint(2, 5)
        book.add(
            month_end(year, month),
            "platform_post",
            [roster.one("propaganda_member", day)],
            count=posts,
        )
    # The members' meeting every quarter (none yet in the quarter still running), and a lecture.
    for year, month in ((2021, 9), (2021, 12), (2022, 3), (2022, 6)):
        day = weekday(rng, dt.date(year, month, 8), dt.date(year, month, 24))
        book.add(day, "general_meeting_minutes", book.present(roster.members(day), day))
    for year, month in ((2021, 9), (2021, 12), (2022, 6), (2022, 7)):
        day = weekday(rng, dt.date(year, month, 8), dt.date(year, month, 14))
        book.add(day, "lecture_record", [roster.one("branch_secretary", day)])
    book.add(
        LECTURE_PUT_OFF,
        "lecture_record",
        [roster.one("branch_secretary", LECTURE_PUT_OFF)],
        note="第一季度党课因寒假延至4月",
    )
    day = dt.date(2022, 1, 14)
    book.add(day, "life_meeting_minutes", book.present(roster.members(day), day))
    # Collective study: five sessions a semester (four in 2020-2021), members absent now and then.
    for first, sessions in ((OLD_START, 4), (YEAR_START, 5)):
        for start, end in (
            (first, dt.date(first.year + 1, 1, 15)),
            (dt.date(first.year + 1, 2, 25), dt.date(first.year + 1, 7, 10)),
        ):
            step = (end - start) // sessions
            for index in range(sessions):
                day = start + step * index + dt.timedelta(days=rng.randrange(5))
                book.add(day, "study_record", book.present(roster.members(day), day))
    # The theme days and the dues of 2020-2021, which the lists' 2019 versions judge.
    for year, month in months(OLD_START, YEAR_START - dt.timedelta(days=1)):
        day = weekday(rng, dt.date(year, month, 5), dt.date(year, month, 22))
        book.add(day, "theme_day_record", book.present(roster.members(day), day))
        book.add(month_end(year, month), "dues_register", roster.members(day))


def reports(book: Book) -> None:
    """The plans, reports, checks and records the offices owe once, each semester or each year."""
    roster, rng = book.roster, book.rng
    secretary = roster.one("branch_secretary", YEAR_START)
    organiser = roster.one("organisation_member", YEAR_START)
    propaganda = roster.one("propaganda_member", YEAR_START)
    discipline = roster.one("discipline_member", YEAR_START)
    book.add(dt.date(2021, 10, 22), "three_year_plan", [secretary])
    book.add(dt.date(2021, 9, 10), "work_plan", [secretary])
    book.add(dt.date(2022, 7, 8), "work_summary", [secretary])
    book.add(dt.date(2022, 7, 6), "assessment_form", [secretary])
    book.add(dt.date(2021, 9, 15), "development_plan", [organiser])
    book.add(dt.date(2021, 9, 17), "training_plan", [organiser])
    book.add(dt.date(2022, 1, 14), "review_form", [organiser])
    book.add(dt.date(2022, 6, 24), "archive_check", [organiser])
    book.add(dt.date(2022, 7, 4), "dues_report", [organiser])
    book.add(dt.date(2021, 12, 3), "member_audit", [organiser])
    book.add(
        dt.date(2022, 6, 8), "survey_report", [secretary, roster.one("programme_head", YEAR_END)]
    )
    book.add(dt.date(2022, 5, 20), "cluster_plan", [roster.one("programme_head", YEAR_END)])
    semesters = ((YEAR_START, dt.date(2022, 1, 31)), (dt.date(2022, 2, 1), YEAR_END))
    for start, end in semesters:
        for kind, person in (
            ("activist_assessment", organiser),
            ("points_register", organiser),
            ("report_record", secretary),
            ("league_guidance", secretary),
            ("ideology_analysis", propaganda),
            ("integrity_record", discipline),
        ):
            book.add(
                weekday(rng, start + dt.timedelta(days=30), end - dt.timedelta(days=20)),
                kind,
                [person],
            )
    # The posts of the party affairs every quarter (none yet in the quarter still running).
    for year, month in ((2021, 9), (2021, 12), (2022, 3), (2022, 6)):
        book.add(
            weekday(rng, dt.date(year, month, 10), dt.date(year, month, 28)),
            "disclosure_notice",
            [propaganda],
        )
    for quarter, count in NEWS_PER_QUARTER.items():
        year, number = int(quarter[:4]), int(quarter[-1])
        first = dt.date(year, 3 * number - 2, 1)
        last = min(month_end(year, 3 * number), YEAR_END)
        if quarter == "2021-Q3":
            first = YEAR_START
        for _ in range(count):
            book.add(weekday(rng, first, last), "news_submission", [propaganda])
    # The annual reports on the posts, for the calendar year 2021 (2022's are not due yet).
    day = dt.date(2021, 12, 17)
    for person in roster.holders("committee_member", day):
        book.add(day, "duty_report", [person])


def people_records(book: Book) -> None:
    """The records each holder keeps: talks, contact logs, pledges, summaries, visits, tasks."""
    roster, rng = book.roster, book.rng
    semesters = ((YEAR_START, dt.date(2022, 1, 31)), (dt.date(2022, 2, 1), YEAR_END))
    # The secretary's talk with a committee member who teaches, every quarter.
    for first, last in (
        (dt.date(2021, 9, 6), dt.date(2021, 9, 30)),
        (dt.date(2021, 10, 8), dt.date(2021, 12, 20)),
        (dt.date(2022, 2, 21), dt.date(2022, 3, 25)),
        (dt.date(2022, 4, 6), dt.date(2022, 6, 24)),
        (dt.date(2022, 7, 1), dt.date(2022, 7, 15)),
    ):
        day = weekday(rng, first, last)
        secretary = roster.one("branch_secretary", day)
        others = [
            p
            for p in roster.holders("committee_member", day)
            if p != secretary and p in roster.holders("teacher", day)
        ]
        book.add(day, "talk_record", [secretary, rng.choice(others)])
    # Each committee member's talks with members outside the committee: two a semester (one,
    # for one of them).
    for number, (start, end) in enumerate(semesters):
        for person in roster.holders("committee_member", end):
            talks = 1 if number == 1 and person == ONE_SPRING_TALK else 2
            for _ in range(talks):
                day = weekday(rng, start + dt.timedelta(days=7), end - dt.timedelta(days=14))
                committee = roster.holders("committee_member", day)
                partner = rng.choice([p for p in roster.members(day) if p not in committee])
                book.add(day, "talk_record", sorted((person, partner)))
        # The members' contact logs, at the semester's end.
        for person in roster.holders("full_member", end):
            if number == 1 and person == NO_SPRING_LOG:
                continue
            book.add(
                weekday(rng, end - dt.timedelta(days=40), end - dt.timedelta(days=20)),
                "contact_log",
                [person],
            )
        for person in roster.holders("benchmark_member", end):
            day = weekday(rng, end - dt.timedelta(days=45), end - dt.timedelta(days=20))
            book.add(day, "model_post_record", [person])
            if not (number == 1 and person == NO_SPRING_SUMMARY):
                book.add(day, "demonstration_summary", [person])
            if not (number == 0 and person == NO_AUTUMN_VISIT):
                partner = rng.choice(VISITED)
                book.add(
                    weekday(rng, start + dt.timedelta(days=20), end - dt.timedelta(days=30)),
                    "liaison_record",
                    [person],
                    note=f"走访{book.names[partner]}",
                )
    # Every teacher's ethics pledge, signed together at the start of the year.
    day = dt.date(2021, 9, 10)
    for person in roster.holders("teacher", day):
        book.add(day, "ethics_pledge", [person])
    # The committee's visits to members in difficulty before the Spring Festival and on 1 July.
    for day in (dt.date(2022, 1, 18), dt.date(2022, 6, 29)):
        book.add(day, "care_visit", roster.holders("committee_member", day))
    # The members' tasks in the programme cluster, due on 2022-06-30.
    late, late_day = CLUSTER_LATE
    for person in roster.holders("full_member", YEAR_END):
        if person == CLUSTER_NONE:
            continue
        day = (
            late_day if person == late else weekday(rng, dt.date(2021, 11, 1), dt.date(2022, 6, 24))
        )
        book.add(day, "cluster_task", [person], note="逾期提交" if person == late else "")
    # Volunteer services of the members (the probationary members' are laid out by hand).
    for month in (10, 12, 3, 5, 6):
        year = 2021 if month >= 9 else 2022
        day = weekday(rng, dt.date(year, month, 1), dt.date(year, month, 25))
        full = roster.holders("full_member", day)
        book.add(day, "volunteer_record", sorted(rng.sample(full, len(full) * 3 // 5)))


def seminar_minutes(book: Book) -> None:
    """The minutes of the year's programme seminars, naming the teachers present."""
    for (day, _, _), present in zip(SEMINARS, seminars(book.roster), strict=True):
        if YEAR_START <= day <= YEAR_END:
            book.add(day, "seminar_minutes", present)


def probationary(book: Book) -> None:
    """The probationary members' reports and services and their reviews, laid out by hand."""
    roster = book.roster
    day = dt.date(2021, 12, 1)
    members = roster.holders("probationary_member", day)
    organiser = roster.one("organisation_member", day)

    def change(item: str, period: str, holder: str, action: str, on: dt.date) -> None:
        by = holder if action in ("submit", "resubmit") else organiser
        book.transitions.append(
            "\n".join(
                [
                    "[[item_transitions]]",
                    'checklist = "probationary-duty"',
                    'version = "2021"',
                    f"item = {q(item)}",
                    f"holder = {q(holder)}",
                    f"action = {q(action)}",
                    f"date = {on.isoformat()}",
                    f"period = {q(period)}",
                    f"by = {q(by)}",
                ]
            )
        )

    written = {
        "2021-Q4": dt.date(2021, 12, 10),
        "2022-Q1": dt.date(2022, 3, 10),
        "2022-Q2": dt.date(2022, 6, 10),
        "2022-Q3": dt.date(2022, 8, 5),
    }
    for period, states in PROBATIONARY.items():
        day = written[period]
        review = day + dt.timedelta(days=10)
        for index in states["verified"]:
            book.add(day, "ideological_report", [members[index]])
            change("ideological-report", period, members[index], "submit", day)
            change("ideological-report", period, members[index], "verify", review)
        for index in states["submitted"]:
            late = day + dt.timedelta(days=20) if period == "2022-Q3" else day
            book.add(late, "ideological_report", [members[index]])
            change("ideological-report", period, members[index], "submit", late)
        for index in states["rejected"]:
            book.add(day, "ideological_report", [members[index]], note="内容过简，退回修改")
            change("ideological-report", period, members[index], "submit", day)
            change(
                "ideological-report", period, members[index], "reject", day + dt.timedelta(days=8)
            )
            again = day + dt.timedelta(days=15)
            book.add(again, "ideological_report", [members[index]], note="修改后重新提交")
            change("ideological-report", period, members[index], "resubmit", again)
            change(
                "ideological-report", period, members[index], "verify", day + dt.timedelta(days=20)
            )
    for (period, indexes), day in zip(
        PROBATIONARY_VOLUNTEERS.items(), (dt.date(2021, 12, 11), dt.date(2022, 5, 14)), strict=True
    ):
        book.add(
            day, "volunteer_record", [members[index] for index in indexes], note="预备党员志愿服务"
        )
        for index in indexes:
            change("volunteer", period, members[index], "submit", day + dt.timedelta(days=1))
            change("volunteer", period, members[index], "verify", day + dt.timedelta(days=9))


def evidence_tables(book: Book, evidence_names: dict[str, str]) -> Iterator[str]:
    """The ``[[evidence]]`` tables, numbered by date."""
    for number, proof in enumerate(sorted(book.proofs), 1):
        year = proof.date.year if proof.date.month >= 9 else proof.date.year - 1
        lines = [
            "[[evidence]]",
            f'id = "LZ{number:04d}"',
            f"kind = {q(proof.kind)}",
            f"date = {proof.date.isoformat()}",
            f"reference = {q(f'党建工作台账/{year}-{year + 1}/{evidence_names[proof.kind]}')}",
        ]
        if proof.count != 1:
            lines.append(f"count = {proof.count}")
        lines.append(f"persons = {keys(proof.persons)}")
        if proof.note:
            lines.append(f"note = {q(proof.note)}")
        yield "\n".join(lines)


def units() -> Iterator[str]:
    """The teaching office and the programmes."""
    rows = (
        (OFFICE, "teaching_office", "金融教研室"),
        *((unit, "programme", name) for unit, name in PROGRAMMES),
    )
    for unit, kind, name in rows:
        yield "\n".join(
            [
                "[[units]]",
                f"id = {q(unit)}",
                f"kind = {q(kind)}",
                f"name = {q(name)}",
                'parent = "fin"',
            ]
        )


def pilot(roster: Roster) -> str:
    """The apprenticeship pilot's completion, its team led by the branch secretary."""
    day, title = PILOT
    lines = [
        "[[outcomes]]",
        'id = "XT01"',
        'kind = "apprenticeship_pilot"',
        f"title = {q(title)}",
        f"date = {day.isoformat()}",
        'level = "national"',
        f"persons = {keys((roster.one('branch_secretary', day), *PILOT_TEAM))}",
        f"note = {q('支部书记牵头成立财富管理专业现代学徒制试点工作团队')}",
    ]
    return "\n".join(lines)


def text() -> str:
    """The whole file."""
    rng = random.Random(SEED)
    roster = Roster(HERE / "人员.toml")
    names, _, evidence_names = load_rules()
    header = (
        "# 三角色：参谋（问卷调查、座谈、专业建设研讨）、先锋（校企联盟会议、\n"
        "# 现代学徒制试点）的活动与成果，以及后盾（6份责任清单、30个制度清单）的\n"
        "# 佐证材料和审核记录。\n"
        "# \"Three roles\": the adviser's and the vanguard's events and outcome, and the evidence\n"
        "# and reviews of the backstop's lists. Synthetic: written by make_roles.py.\n"
    )
    events = [*adviser(random.Random(SEED), roster, names), *vanguard(rng, roster)]
    book = Book(roster=roster, rng=rng, names=names)
    meetings(book)
    reports(book)
    people_records(book)
    seminar_minutes(book)
    probationary(book)
    blocks = [
        *units(),
        *events,
        *evidence_tables(book, evidence_names),
        *book.transitions,
        pilot(roster),
    ]
    return header + "\n" + "\n\n".join(blocks) + "\n"


def main(argv: Sequence[str] = ()) -> None:
    """Write the file into the folder given, or beside this script."""
    folder = Path(argv[0]) if argv else HERE
    (folder / "角色履职.toml").write_text(text(), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main(sys.argv[1:])
