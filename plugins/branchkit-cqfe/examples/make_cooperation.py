"""Write the synthetic "三合作" example of the seed branch, 2020-09-01 to 2022-08-31.

One file, ``合作活动.toml``, beside the contacts' and the teachers' files:

* ``[[units]]``: the branch itself (``fin-tb``, a ``branch`` unit of the school ``fin``), to
  which its recognitions are credited;
* ``[[events]]``: the "三送" services of the three volunteer brands with the partner firms
  (14 events, 327 person-times served, in villages, communities and schools), one students'
  service with no partner (which the targets do not count), the "诚信金融" entries into the
  campus, the classes and the classrooms, and the training base's 3 projects (2021-2022) with
  their 7 sessions of 130 trainee person-times in all;
* ``[[outcomes]]``: the branch's honours (college advanced grass-roots party organisation in
  2018 and 2020, the national model-branch cultivation unit in 2019) and 34 media reports.

The volunteers listed on an event are member teachers of the roster (``人员.toml``); those served
are counted, not named. Partners and outlets are made-up names. Every number is fixed by the
design below or drawn from a fixed seed, so running this again writes the same file:
``python make_cooperation.py [FOLDER]`` (by default beside this script).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20200901
START, END = dt.date(2020, 9, 1), dt.date(2022, 8, 31)
BRANCH = "fin-tb"
VOLUNTEERS = ("T1001", "T1002", "T1003", "T1004", "T1007", "T1008", "T1009", "T1010")
SENDS_PARTNERS = ("qiaoxing-bank", "jinyu-securities")
BASE_PARTNERS = ("jishan-finance-office", "jishan-finance-society", "jishan-insurance-association")

# The three brands of "三送", each into its own kind of audience, and how many services each
# gave: 14 in all, 327 person-times served in all.
BRANDS = (
    ("finance_to_countryside", "village", "金融知识三下乡", ("临溪村", "黄桷湾村", "石笋村")),
    ("lei_feng_volunteering", "community", "学雷锋金融知识志愿服务", ("萱花社区", "南门社区")),
    ("half_four_classroom", "school", "四点半课堂", ("箕山实验小学", "红星中学")),
)
SERVICES = (5, 5, 4)
SENDS_PERSON_TIMES = 327

# "诚信金融" into the campus, the classes and the classrooms: (day, audience, title, reached).
ENTRIES = (
    (dt.date(2020, 11, 12), "campus", "诚信金融主题宣传周", 260),
    (dt.date(2021, 4, 15), "class", "诚信金融主题班会（金融2001班）", 42),
    (dt.date(2021, 5, 20), "classroom", "“金融学基础”课堂融入诚信教育", 45),
    (dt.date(2021, 11, 18), "campus", "诚信金融知识竞赛", 180),
    (dt.date(2022, 3, 24), "class", "诚信金融主题班会（财富管理2101班）", 40),
    (dt.date(2022, 4, 21), "classroom", "“个人理财”课堂融入诚信教育", 48),
)

# The base's three projects in its first year, their partner, and their sessions' trainees:
# 48 + 43 + 39 = 130 person-times.
PROJECTS = (
    ("基层金融从业人员合规培训", dt.date(2021, 10, 18), dt.date(2021, 12, 10), 0, (18, 16, 14)),
    ("农村金融服务站点负责人培训", dt.date(2022, 3, 7), dt.date(2022, 4, 15), 1, (22, 21)),
    ("保险代理人职业素养提升培训", dt.date(2022, 5, 9), dt.date(2022, 6, 24), 2, (20, 19)),
)

HONOURS = (
    (dt.date(2018, 6, 29), "college", "2018年度学院先进基层党组织"),
    (dt.date(2019, 11, 20), "national", "全国党建工作样板支部培育创建单位"),
    (dt.date(2020, 6, 30), "college", "2020年度学院先进基层党组织"),
)
OUTLETS = ("山城日报", "渝川网", "箕山电视台", "箕山日报")
MEDIA_REPORTS = 34
TOPICS = (
    "金融知识送进乡村",
    "四点半课堂开课",
    "学雷锋志愿者进社区讲反诈",
    "诚信金融进校园",
    "金融人才培训基地揭牌",
    "教师党支部“三联系”工作",
    "党员教师带头示范课",
)


def q(text: str) -> str:
    """``text`` as a TOML basic string."""
    return json.dumps(text, ensure_ascii=False)


def keys(values: Sequence[str]) -> str:
    """A TOML array of strings."""
    return "[" + ", ".join(q(v) for v in values) + "]"


def spread(rng: random.Random, total: int, parts: int, low: int, most: int = 5) -> list[int]:
    """``parts`` numbers of at least ``low`` adding up to ``total`` exactly.

    Starting from an even split, a few random moves of 1 to ``most`` from one part to another.
    """
    values = [total // parts + (i < total % parts) for i in range(parts)]
    for _ in range(parts * 4):
        give, take = rng.sample(range(parts), 2)
        step = rng.randint(1, most)
        if values[give] - step >= low:
            values[give] -= step
            values[take] += step
    return values


def days(rng: random.Random, count: int) -> list[dt.date]:
    """``count`` distinct days in the two years, on weekends and out of the winter breaks."""
    found: set[dt.date] = set()
    while len(found) < count:
        day = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
        if day.weekday() >= 5 and day.month not in (1, 2):
            found.add(day)
    return sorted(found)


def event(
    id: str,
    kind: str,
    day: dt.date,
    title: str,
    *,
    participants: Sequence[str] = (),
    partners: Sequence[str] = (),
    audience: Sequence[str] = (),
    person_times: int | None = None,
    end_date: dt.date | None = None,
) -> str:
    """One ``[[events]]`` table."""
    lines = ["[[events]]", f"id = {q(id)}", f"kind = {q(kind)}", f"date = {day.isoformat()}"]
    if end_date is not None:
        lines.append(f"end_date = {end_date.isoformat()}")
    lines.append(f"title = {q(title)}")
    if participants:
        lines.append(f"participants = {keys(participants)}")
    if partners:
        lines.append(f"partners = {keys(partners)}")
    if audience:
        lines.append(f"audience = {keys(audience)}")
    if person_times is not None:
        lines.append(f"counts = {{ person_times = {person_times} }}")
    return "\n".join(lines)


def sends(rng: random.Random) -> Iterator[str]:
    """The services of "三送", and the students' own service."""
    served = spread(rng, SENDS_PERSON_TIMES, sum(SERVICES), 12)
    kinds = [brand for brand, n in zip(BRANDS, SERVICES, strict=True) for _ in range(n)]
    rng.shuffle(kinds)
    for number, (day, (kind, audience, name, places), reached) in enumerate(
        zip(days(rng, len(kinds)), kinds, served, strict=True), 1
    ):
        partners = rng.choice((SENDS_PARTNERS[:1], SENDS_PARTNERS[1:], SENDS_PARTNERS))
        yield event(
            f"SS{number:02d}",
            kind,
            day,
            f"{name}·走进{rng.choice(places)}",
            participants=sorted(rng.sample(VOLUNTEERS, rng.randint(2, 4))),
            partners=partners,
            audience=(audience,),
            person_times=reached,
        )
    # The students' own service, with no partner firm: on record, not counted by the targets.
    yield event(
        "SS99",
        "lei_feng_volunteering",
        dt.date(2021, 3, 5),
        "学雷锋日学生志愿者金融知识宣传",
        audience=("community",),
        person_times=60,
    )


def entries(rng: random.Random) -> Iterator[str]:
    """The "诚信金融" entries of "三进"."""
    for number, (day, audience, title, reached) in enumerate(ENTRIES, 1):
        yield event(
            f"SJ{number:02d}",
            "integrity_finance",
            day,
            title,
            participants=sorted(rng.sample(VOLUNTEERS, 2)),
            audience=(audience,),
            person_times=reached,
        )


def base(rng: random.Random) -> Iterator[str]:
    """The training base's projects, each followed by its sessions."""
    for number, (title, first, last, partner, sessions) in enumerate(PROJECTS, 1):
        partners = (BASE_PARTNERS[partner],)
        trainers = sorted(rng.sample(VOLUNTEERS, 2))
        yield event(
            f"JD{number:02d}",
            "base_project",
            first,
            title,
            end_date=last,
            participants=trainers,
            partners=partners,
        )
        step = (last - first) // len(sessions)
        for index, trainees in enumerate(sessions):
            yield event(
                f"JD{number:02d}-{index + 1}",
                "base_training",
                first + step * index,
                f"{title}第{index + 1}期",
                participants=trainers,
                partners=partners,
                person_times=trainees,
            )


def outcome(id: str, kind: str, day: dt.date, title: str, level: str | None = None) -> str:
    """One ``[[outcomes]]`` table, credited to the branch."""
    lines = ["[[outcomes]]", f"id = {q(id)}", f"kind = {q(kind)}", f"title = {q(title)}"]
    lines.append(f"date = {day.isoformat()}")
    if level is not None:
        lines.append(f"level = {q(level)}")
    lines.append(f"teams = {keys((BRANCH,))}")
    return "\n".join(lines)


def recognitions(rng: random.Random) -> Iterator[str]:
    """The branch's honours and media reports."""
    for number, (day, level, title) in enumerate(HONOURS, 1):
        yield outcome(f"RY{number:02d}", "honour", day, title, level)
    first = dt.date(2018, 3, 1)
    span = (END - first).days + 1
    dates = sorted(first + dt.timedelta(days=rng.randrange(span)) for _ in range(MEDIA_REPORTS))
    for number, day in enumerate(dates, 1):
        # Every outlet reports at least once: the first four in turn, then any.
        outlet = OUTLETS[number - 1] if number <= len(OUTLETS) else rng.choice(OUTLETS)
        title = f"{outlet}：{rng.choice(TOPICS)}"
        yield outcome(f"BD{number:02d}", "media_report", day, title)


def text() -> str:
    """The whole file."""
    rng = random.Random(SEED)
    header = (
        "# 三合作：三送、三进、一基地的活动，以及支部所获荣誉和媒体报道。\n"
        '# "Three cooperations": the services, entries and training base\'s events, and the\n'
        "# branch's honours and media reports. Synthetic: written by make_cooperation.py.\n"
    )
    unit = "\n".join(
        [
            "[[units]]",
            f"id = {q(BRANCH)}",
            'kind = "branch"',
            'name = "金融学院教工党支部"',
            'parent = "fin"',
        ]
    )
    blocks = [unit, *sends(rng), *entries(rng), *base(rng), *recognitions(rng)]
    return header + "\n" + "\n\n".join(blocks) + "\n"


def main(argv: Sequence[str] = ()) -> None:
    """Write the file into the folder given, or beside this script."""
    folder = Path(argv[0]) if argv else HERE
    (folder / "合作活动.toml").write_text(text(), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main(sys.argv[1:])
