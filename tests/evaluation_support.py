"""A small made-up branch to evaluate, written as TOML and CSV files, its figures by hand.

The framework (``demo-evaluation``) has two areas and three practices: students (party days,
awards) and region (service). Four indicators, over four of branchkit's own sources:

========================  =================  ========================  ======  =========
indicator                 source             selects                   target  practice
========================  =================  ========================  ======  =========
``theme-days``            ``events``         kinds ``theme_day``       10      party-days
``awards``                ``outcomes``       kinds ``award``           4       awards
``duty-lists``            ``checklist_lists``  category responsibility 2       party-days
``service-events``        ``target``         the target (at least 5)   (5)     service
========================  =================  ========================  ======  =========

Its own standard ``demo-standard`` has two criteria with given weights, education 3 and
service 1 (0.75 and 0.25), and three bands: pass from 0, good from 60, excellent from 85. The
alignment links theme-days (weight 2), awards and duty-lists (1 each) to education and
service-events to service, and vetoes a grade above pass when service-events is not met.

The academic year 2021-2022, as of 2022-08-31 (``current``): 8 party days (one more the day
before the year does not count), 2 awards (one before the year and a paper do not count),
1 responsibility list in force (an institution list is of another category) and 6 service
events. Attainments 0.8, 0.5, 0.5 and 1; statuses partly, partly, partly and met.

* education: (2 * 0.8 + 0.5 + 0.5) / 4 = 0.65, so 65.00; service: 100.00;
* overall: 0.75 * 65 + 0.25 * 100 = 73.75: good; no veto;
* areas: students (0.8 + 0.5 + 0.5) / 3 = 60.00; region 100.00.

The academic year 2020-2021 (``earlier``), as of 2021-08-31: 10 party days, 1 award, the same
list in force (from 2021-03-01) and 2 service events. Attainments 1, 0.25, 0.5 and 0.4;
statuses met, not met, partly and not met.

* education: (2 * 1 + 0.25 + 0.5) / 4 = 0.6875, so 68.75; service: 40.00;
* overall: 0.75 * 68.75 + 0.25 * 40 = 61.5625, so 61.56: good reached, capped at pass by the
  veto (service not met).

So from 2020-2021 to 2021-2022: overall +12.19 (rose), grade pass to good (rose), education
-3.75 (fell), service +60.00 (rose); theme-days 10 to 8 (fell), awards 1 to 2 (rose),
duty-lists 1 to 1 (same), service-events 2 to 6 (rose).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import attrs

FRAMEWORK = """
[framework]
key = "demo-evaluation"
language = "zh"
label = { zh = "示例支部", en = "Demo branch" }
organisation = { zh = "示例学院", en = "Demo College" }

[[framework.areas]]
key = "students"
label = { zh = "服务学生发展", en = "Student development" }
approach = { zh = "三机制", en = "Three mechanisms" }

[[framework.areas.practices]]
key = "party-days"
label = { zh = "主题党日", en = "Party days" }

[[framework.areas.practices]]
key = "awards"
label = { zh = "育人成果", en = "Awards" }

[[framework.areas]]
key = "region"
label = { zh = "服务地方发展", en = "Regional development" }
approach = { zh = "三合作", en = "Three cooperations" }

[[framework.areas.practices]]
key = "service"
label = { zh = "志愿服务", en = "Volunteering" }

[[framework.targets]]
key = "service-events"
label = { zh = "志愿服务不少于5场", en = "at least 5 service events" }
event_kinds = ["volunteer_service"]
at_least = 5

[[framework.checklists]]
key = "secretary"
version = "2021"
label = { zh = "书记责任清单", en = "Secretary's list" }
role = "branch_secretary"
category = "responsibility"
valid_from = 2021-03-01

[[framework.checklists.items]]
key = "plan"
label = { zh = "年度工作计划", en = "Annual plan" }
evidence_kinds = ["work_plan"]

[[framework.checklists]]
key = "meetings"
version = "2021"
label = { zh = "三会一课制度", en = "Meetings rule" }
role = "branch_secretary"
category = "institution"
valid_from = 2021-03-01

[[framework.checklists.items]]
key = "minutes"
label = { zh = "会议记录", en = "Minutes" }
evidence_kinds = ["minutes"]

[[framework.indicators]]
key = "theme-days"
label = { zh = "主题党日开展次数", en = "Party days held" }
practice = "party-days"
source = "events"
select = { kinds = ["theme_day"] }
target = 10

[[framework.indicators]]
key = "awards"
label = { zh = "获奖项数", en = "Awards won" }
practice = "awards"
source = "outcomes"
select = { kinds = ["award"] }
target = 4

[[framework.indicators]]
key = "duty-lists"
label = { zh = "责任清单数", en = "Responsibility lists" }
practice = "party-days"
source = "checklist_lists"
select = { category = "responsibility" }
target = 2

[[framework.indicators]]
key = "service-events"
label = { zh = "志愿服务场次", en = "Service events" }
practice = "service"
source = "target"
select = { key = "service-events" }

[[framework.standards]]
key = "demo-standard"
label = { zh = "示例标准", en = "Demo standard" }

[[framework.standards.criteria]]
key = "education"
label = { zh = "教育党员有力", en = "Educating members" }
weight = 3

[[framework.standards.criteria]]
key = "service"
label = { zh = "服务师生有力", en = "Serving staff and students" }
weight = 1

[[framework.standards.bands]]
key = "pass"
label = { zh = "合格", en = "pass" }
at_least = 0

[[framework.standards.bands]]
key = "good"
label = { zh = "良好", en = "good" }
at_least = 60

[[framework.standards.bands]]
key = "excellent"
label = { zh = "优秀", en = "excellent" }
at_least = 85

[[framework.alignments]]
standard = "demo-standard"

[[framework.alignments.links]]
indicator = "theme-days"
criterion = "education"
weight = 2

[[framework.alignments.links]]
indicator = "awards"
criterion = "education"

[[framework.alignments.links]]
indicator = "duty-lists"
criterion = "education"

[[framework.alignments.links]]
indicator = "service-events"
criterion = "service"

[[framework.alignments.vetoes]]
key = "no-service"
label = { zh = "志愿服务未达标", en = "Service events short" }
indicator = "service-events"
cap = "pass"
"""

TERMS = """
[[terms]]
vocabulary = "event_kind"
key = "theme_day"
label = { zh = "主题党日", en = "theme day" }

[[terms]]
vocabulary = "event_kind"
key = "volunteer_service"
label = { zh = "志愿服务", en = "volunteer service" }

[[terms]]
vocabulary = "outcome_kind"
key = "award"
label = { zh = "获奖", en = "award" }

[[terms]]
vocabulary = "outcome_kind"
key = "paper"
label = { zh = "论文", en = "paper" }

[[people]]
id = "20210001"
name = "王芳"

[[people]]
id = "20210002"
name = "李强"
"""

EVENT_COLUMNS = "id,kind,date,participants"
OUTCOME_COLUMNS = "id,kind,title,date,persons"

CURRENT_EVENTS = [
    "t0,theme_day,2021-08-31,20210001",  # the day before the year
    *(f"t{n},theme_day,2021-{8 + n:02d}-15,20210001" for n in range(1, 5)),  # Sep-Dec 2021
    *(f"t{n},theme_day,2022-{n - 4:02d}-15,20210002" for n in range(5, 9)),  # Jan-Apr 2022
    *(f"s{n},volunteer_service,2022-0{n}-20,20210001;20210002" for n in range(1, 7)),
]
CURRENT_OUTCOMES = [
    "o0,award,优秀党支部,2021-06-01,20210001",  # before the year
    "o1,award,志愿服务先进集体,2021-12-01,20210001",
    "o2,award,优秀志愿者,2022-05-01,20210002",
    "o3,paper,论文,2022-06-01,20210002",
]
EARLIER_EVENTS = [
    *(f"e{n},theme_day,2020-{8 + n:02d}-10,20210001" for n in range(1, 5)),  # Sep-Dec 2020
    *(f"e{n},theme_day,2021-{n - 4:02d}-10,20210002" for n in range(5, 11)),  # Jan-Jun 2021
    "v1,volunteer_service,2021-03-20,20210001",
    "v2,volunteer_service,2021-04-20,20210002",
]
EARLIER_OUTCOMES = ["p1,award,先进个人,2021-06-01,20210001"]


@attrs.frozen(kw_only=True)
class Branch:
    """The files written: the framework, the year's records and the year before's."""

    framework: Path
    current: Path
    earlier: Path


def write_records(folder: Path, events: list[str], outcomes: list[str]) -> Path:
    """A folder of records: terms and people (TOML), events and outcomes (CSV)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "branch.toml").write_text(textwrap.dedent(TERMS), encoding="utf-8")
    (folder / "events.csv").write_text("\n".join([EVENT_COLUMNS, *events]) + "\n", encoding="utf-8")
    (folder / "outcomes.csv").write_text(
        "\n".join([OUTCOME_COLUMNS, *outcomes]) + "\n", encoding="utf-8"
    )
    return folder


def write_branch(root: Path, *, framework: str = FRAMEWORK) -> Branch:
    """The framework file and both years' records under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "framework.toml"
    path.write_text(framework, encoding="utf-8")
    return Branch(
        framework=path,
        current=write_records(root / "current", CURRENT_EVENTS, CURRENT_OUTCOMES),
        earlier=write_records(root / "earlier", EARLIER_EVENTS, EARLIER_OUTCOMES),
    )
