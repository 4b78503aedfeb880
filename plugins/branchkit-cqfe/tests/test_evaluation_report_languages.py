"""The seed's figures in the report ``branchkit evaluate`` writes, figure by figure, in zh and en.

The bundled example is evaluated for the academic year 2021-2022 as of 31 August 2022, the
report written as a terminal table, as Markdown and as HTML, in Chinese and in English. For
each indicator whose target is a figure of the seed's report (``test_evaluation_example.py``
checks the figures on the evaluation itself), the row of the indicators table whose label is
the indicator's label in that language shows the seed's figure with the indicator's unit in
that language, as both its value and its target: ``83 名`` in Chinese is ``83 students`` in
English. The seed's figures are copied here with the sentence each one comes from (the other
test module cannot be imported under ``--import-mode=importlib``); the expected cells are made
from them and the unit, never from a run.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from branchkit import Host
from branchkit.cli.main import cli
from branchkit.framework.standard import Standard
from branchkit.plugins import PluginSource
from branchkit_cpc import hooks as cpc_hooks

CPC = PluginSource(name="cpc", distribution="branchkit-cpc", version="test")
EXAMPLES = Path(__file__).parents[1] / "examples"
ARGUMENTS = ("--framework", "cqfe", "--as-of", "2022-08-31", "--period", "2021-2022")
STANDARD = "seven-strengths"
LANGUAGES = ("zh", "en")

# A figure of the seed: a number, or for "80余名" a number above the first and below the second,
# the first being the branch's target.
Figure = int | tuple[int, int]

# Indicator key: (the seed's words, its figure).
SEED: dict[str, tuple[str, Figure]] = {
    # 一、构建“三机制”促学生发展
    "students-helped": ("帮扶困难学生80余名", (80, 90)),
    "classes-helped": ("帮扶困难班级7个", 7),
    "dorms-helped": ("寝室19间", 19),
    "student-collective-honours": (
        "1个学生团支部获评“国家示范团支部”，1个“四进四信”微信平台获全国优秀基层项目",
        1 + 1,
    ),
    "student-national-honours": ("1名学生获评团中央“全国优秀共青团员”", 1),
    "student-national-nominations": ("1名学生获“全国自强之星”提名", 1),
    "student-member-honour": ("1名学生获评重庆市优秀党员", 1),
    "contest-second-prizes": ("5名学生……获全国证券投资模拟实训大赛个人二等奖", 5),
    "contest-third-prizes": ("7名学生获个人三等奖", 7),
    "merit-students": ("3名学生获评校级三好学生", 3),
    "bachelor-admissions": ("15名学生通过专升本考试顺利进入本科院校", 15),
    # 二、实施“三带头”促教师发展
    "young-teachers-training": ("带领青年教师参加职业教育和教学改革相关培训50余人次", (50, 60)),
    "municipal-projects": ("立项职业教育和教学改革市级项目8项", 8),
    "college-projects": ("校级项目20余项", (20, 30)),
    "offline-first-class-courses": ("建设市级线下一流课程1门", 1),
    "online-first-class-courses": ("市级线上一流课程1门", 1),
    "teaching-prizes-municipal": ("共荣获教学类比赛市级三等奖1项", 1),
    "teaching-prizes-college": ("校级一、二、三等奖各2项", 2 + 2 + 2),
    "coached-prizes-national": ("指导学生参加技能竞赛荣获行业赛国家个人三等奖3项", 3),
    "coached-prizes-municipal": ("市赛二等奖1项、三等奖2项", 1 + 2),
    "young-teachers-papers": ("发表论文29篇", 29),
    "young-teachers-led-courses": ("牵头搭建在线课程2门", 2),
    "young-teachers-led-projects": ("主持校级课题4项", 4),
    "young-teachers-appointed": ("1名青年教师发展为财富管理专业负责人", 1),
    "young-teachers-committee": ("2名青年教师发展为支部委员", 2),
    # 三、定位“三角色”促专业发展
    "questionnaires": ("先后面向企业、毕业生、在校生发放1000多份调查问卷", (1000, 2000)),
    "survey-audiences": ("面向企业、毕业生、在校生", len(("企业", "毕业生", "在校生"))),
    "symposia": ("与企业、高校座谈50余次", (50, 60)),
    "seminars": ("组织开展专业建设研讨会10余次", (10, 20)),
    "responsibility-lists": ("以“6份责任清单、30个制度清单”为载体", 6),
    "institution-lists": ("以“6份责任清单、30个制度清单”为载体", 30),
    "apprenticeship-pilot": ("成功完成专业的教育部第三批现代学徒制试点工作", 1),
    "alliance-meetings": ("连续举办3届联盟会议", 3),
    "alliance-colleges": ("为我市10所高职院校金融类专业", 10),
    "alliance-institutions": ("和10多家金融机构搭建了良好的交流合作平台", (10, 20)),
    # 四、开展“三合作”促区域发展
    "sends-events": ("两年间累计开展服务10余次", (10, 20)),
    "sends-reach": ("面向300余人次社区、农村居民提供金融知识宣传、咨询服务", (300, 400)),
    "sends-audiences": ("送进农村、送进社区、送进中小学", len(("农村", "社区", "中小学"))),
    "entries": ("进校园、进班级、进课堂", len(("校园", "班级", "课堂"))),
    "base-projects": ("基地已开展培训项目3个", 3),
    "base-trainees": ("培训人次达130人次", 130),
    # 通过建设……
    "media-reports": ("受重庆日报、华龙网、永川电视台、永川日报等媒体报道30余次", (30, 40)),
    "advanced-organisation": ("支部2018年、2020年获评学校先进基层党组织", len((2018, 2020))),
    "model-branch-cultivation": ("2019年支部获批全国党建工作样板支部培育创建单位", 1),
}

# "瞄准“七个有力”": the criteria, in branchkit-cpc's keys.
SEED_CRITERIA = {
    "educate_members": "教育党员有力",
    "manage_members": "管理党员有力",
    "supervise_members": "监督党员有力",
    "organise": "组织师生有力",
    "publicise": "宣传师生有力",
    "unite": "凝聚师生有力",
    "serve": "服务师生有力",
}


def cpc_standard() -> Standard:
    host = Host.create(autoload=False, plugins=[(CPC, cpc_hooks)], environ={})
    return host.standards()[STANDARD]


def run(*args: str) -> str:
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("BRANCHKIT_")
    }
    result: Result = CliRunner().invoke(
        cli, ["evaluate", str(EXAMPLES), *ARGUMENTS, *args], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


class _Cells(HTMLParser):
    """The rows of an HTML page's tables, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(text: str, output_format: str) -> list[list[str]]:
    """The rows of every table of a report, each a list of its cells."""
    if output_format == "html":
        parser = _Cells()
        parser.feed(text)
        return parser.rows
    if output_format == "md":
        return [
            [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            for line in text.splitlines()
            if line.startswith("| ")
        ]
    # The terminal table pads its columns with two spaces or more; a cell has single spaces.
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


FORMATS = [("zh", "table"), ("zh", "md"), ("zh", "html"),
           ("en", "table"), ("en", "md"), ("en", "html")]  # fmt: skip


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, str], str]:
    return {
        (language, output_format): run("--lang", language, "--format", output_format)
        for language, output_format in FORMATS
    }


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(run("--format", "json"))
    return found


def indicator(document: dict[str, Any], key: str) -> dict[str, Any]:
    (found,) = (i for i in document["evaluation"]["indicators"] if i["key"] == key)
    assert isinstance(found, dict)
    return found


def expected_cells(figure: Figure, unit: str) -> Iterator[tuple[str, re.Pattern[str]]]:
    """What the value and target cells show for a seed's figure: (name, pattern)."""
    measured = rf"{{}}{'' if unit == '%' else ' '}{re.escape(unit)}"
    if isinstance(figure, int):
        yield "value", re.compile(measured.format(figure))
        yield "target", re.compile(measured.format(figure))
    else:
        yield "value", re.compile(measured.format(r"(\d+)"))
        yield "target", re.compile(measured.format(figure[0]))


def test_every_seed_figure_is_mapped(document: dict[str, Any]) -> None:
    keys = {found["key"] for found in document["evaluation"]["indicators"]}
    assert set(SEED) <= keys
    assert len(SEED) == 44


@pytest.mark.parametrize(("language", "output_format"), FORMATS)
def test_each_seed_figure_beside_its_label(
    reports: dict[tuple[str, str], str],
    document: dict[str, Any],
    language: str,
    output_format: str,
) -> None:
    rows = table_rows(reports[language, output_format], output_format)
    for key, (quote, figure) in SEED.items():
        found = indicator(document, key)
        label, unit = found["label"][language], found["unit"][language]
        # The label of the indicator in this language, in the indicators table: the value and
        # the target follow it.
        (row,) = [row for row in rows if label in row and len(row) > row.index(label) + 2]
        at = row.index(label)
        cells = dict(zip(("value", "target"), row[at + 1 : at + 3], strict=True))
        for name, pattern in expected_cells(figure, unit):
            matched = pattern.fullmatch(cells[name])
            assert matched, (key, quote, name, cells[name], pattern.pattern)
            if name == "value" and not isinstance(figure, int):
                above, below = figure
                assert above < int(matched.group(1)) < below, (key, quote, cells[name])


def test_the_units_differ_by_language(document: dict[str, Any]) -> None:
    # A unit in each language: the cells compared above are not the same text twice.
    for key in SEED:
        unit = indicator(document, key)["unit"]
        assert unit["zh"], key
        assert unit["en"], key
        assert unit["zh"] != unit["en"], key


@pytest.mark.parametrize(("language", "output_format"), FORMATS)
def test_the_grade_and_the_seven_criteria(
    reports: dict[tuple[str, str], str],
    document: dict[str, Any],
    language: str,
    output_format: str,
) -> None:
    (card,) = (c for c in document["evaluation"]["scorecards"] if c["standard"] == STANDARD)
    text = reports[language, output_format]
    if output_format == "html":
        text = html.unescape(text)
    rows = table_rows(reports[language, output_format], output_format)
    criteria = {c["key"]: c["label"] for c in card["criteria"]}
    assert list(criteria) == list(SEED_CRITERIA)
    for key, seed in SEED_CRITERIA.items():
        assert criteria[key]["zh"].startswith(seed)
        assert criteria[key][language] in text, (key, language)
    grade = card["grade"]
    assert grade == card["reached"]
    bands = {band.key: band.label for band in cpc_standard().bands}
    shown = bands[grade].text("zh" if language == "zh" else "en")
    if output_format == "html":
        # The page shows the overall score and the grade at a glance.
        assert f"<dd>{card['overall']} · {shown}</dd>" in text
        return
    # The scorecards table: the standard, its overall score, then the grade.
    scored = [row for row in rows if len(row) > 2 and row[1] == str(card["overall"])]
    assert scored, card["overall"]
    assert all(row[2] == shown for row in scored), scored
