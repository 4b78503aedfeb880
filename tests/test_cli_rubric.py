"""``branchkit rubric`` end to end, on a small synthetic branch written for each test.

The rubric: 重财品 (threshold 60) and 强财智 (threshold 70) through courses (weight 2) and
activities (weight 1), scores from 0 to 100 in five bands of 20, a cell not assessed counting
as 0. The privacy policy lets a secretary see personal data and a counsellor small groups too,
with k = 3. As of 2022-06-30 (B's re-assessment on 2022-07-15 still to come):

==========  ==================  ======================  =================  ======================
person      重财品 (c, a)        aggregate               强财智 (c, a)       aggregate
==========  ==================  ======================  =================  ======================
A 2021001   80, 70              (160 + 70) / 3 = 76.67  90, 60             (180 + 60) / 3 = 80.00
B 2021002   50, 40              (100 + 40) / 3 = 46.67  75, 30             (150 + 30) / 3 = 60.00
C 2021003   60, 60              60.00                   70, 85             (140 + 85) / 3 = 75.00
==========  ==================  ======================  =================  ======================

D (2021004) has no assessment: not in the cohort of 3. 重财品: mean (76.67 + 46.67 + 60) / 3
= 61.113, 61.11; A and C meet it, 2 of 3 = 66.67%; B in 40–60, A and C in 60–80. 强财智: mean
(80 + 60 + 75) / 3 = 71.67; A and C meet it; B and C in 60–80, A in 80–100.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from branchkit.cli.main import cli
from branchkit.io.pseudonyms import Pseudonymiser

KEY = "0123456789abcdef0123456789abcdef"

FRAMEWORK = """\
[framework]
key = "demo-rubric"
language = "zh"
label = { zh = "示例支部", en = "Demo branch" }
organisation = { zh = "示例学院", en = "Demo College" }

[framework.privacy]
sensitive_roles = ["counsellor"]
personal_roles = ["secretary"]
k = 3

[[framework.areas]]
key = "students"
label = { zh = "服务学生发展", en = "Student development" }
approach = { zh = "三机制", en = "Three mechanisms" }

[[framework.areas.practices]]
key = "literacy"
label = { zh = "三财素养", en = "Three literacies" }
"""

RUBRIC = """
[[framework.rubrics]]
key = "{key}"
label = {{ zh = "三财素养", en = "Three literacies" }}
weights = [{{ carrier = "courses", weight = 2 }}]

[[framework.rubrics.competencies]]
key = "character"
label = {{ zh = "重财品", en = "Character" }}
threshold = 60

[[framework.rubrics.competencies]]
key = "knowledge"
label = {{ zh = "强财智", en = "Knowledge" }}
threshold = 70

[[framework.rubrics.carriers]]
key = "courses"
label = {{ zh = "课程", en = "Courses" }}

[[framework.rubrics.carriers]]
key = "activities"
label = {{ zh = "活动", en = "Activities" }}
"""

PEOPLE = """\
[[people]]
id = "2021001"
name = "王芳"

[[people]]
id = "2021002"
name = "李强"

[[people]]
id = "2021003"
name = "张敏"

[[people]]
id = "2021004"
name = "刘洋"
"""

ASSESSMENTS = """\
评价方案,学号,素养,载体,得分,日期
literacy,2021001,character,courses,80,2022-03-01
literacy,2021001,character,activities,70,2022-03-01
literacy,2021001,knowledge,courses,90,2022-03-01
literacy,2021001,knowledge,activities,60,2022-03-01
literacy,2021002,character,courses,50,2022-03-01
literacy,2021002,character,activities,40,2022-03-01
literacy,2021002,knowledge,courses,75,2022-03-01
literacy,2021002,knowledge,activities,30,2022-03-01
literacy,2021002,knowledge,activities,90,2022-07-15
literacy,2021003,character,courses,60,2022-03-01
literacy,2021003,character,activities,60,2022-03-01
literacy,2021003,knowledge,courses,70,2022-03-01
literacy,2021003,knowledge,activities,85,2022-03-01
"""


def write_branch(
    root: Path, rubrics: tuple[str, ...] = ("literacy",), assessments: str = ASSESSMENTS
) -> tuple[Path, Path]:
    """A framework with the rubrics keyed ``rubrics`` and a branch folder; their paths."""
    framework = root / "framework.toml"
    framework.write_text(
        FRAMEWORK + "".join(RUBRIC.format(key=key) for key in rubrics), encoding="utf-8"
    )
    branch = root / "branch"
    branch.mkdir()
    (branch / "人员.toml").write_text(PEOPLE, encoding="utf-8")
    (branch / "素养评价.csv").write_text(assessments, encoding="utf-8")
    return framework, branch


def run(*args: str, key: str | None = None) -> Result:
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("BRANCHKIT_")
    }
    if key is not None:
        env["BRANCHKIT_PSEUDONYM_KEY"] = key
    # The plugins' frameworks are left out: the test's own file is the only framework.
    blocked = ["--block-plugin", "cpc", "--block-plugin", "cqfe"]
    return CliRunner().invoke(cli, [*blocked, "rubric", *args], env=env, catch_exceptions=False)


@pytest.fixture
def branch(tmp_path: Path) -> tuple[Path, Path]:
    return write_branch(tmp_path)


def report_of(
    branch: tuple[Path, Path], *extra: str, as_of: str = "2022-06-30", key: str | None = None
) -> Result:
    framework, data = branch
    return run(str(data), "--framework", str(framework), "--as-of", as_of, *extra, key=key)


def json_of(branch: tuple[Path, Path], *extra: str, **options: Any) -> dict[str, Any]:
    result = report_of(branch, "--format", "json", *extra, **options)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_the_table_for_a_reader_who_may_see_everything(branch: tuple[Path, Path]) -> None:
    result = report_of(branch, "--role", "counsellor")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "示例支部 · 三财素养 · 2022-06-30\n"
        "\n"
        "素养达标情况\n"
        "素养    达标线  参评人数  未评人数  平均分  达标人数  达标率\n"
        "------  ------  --------  --------  ------  --------  ------\n"
        "重财品  60      3         0         61.11   2         66.67%\n"
        "强财智  70      3         0         71.67   2         66.67%\n"
        "\n"
        "得分分布\n"
        "素养    档次          人数\n"
        "------  ------------  ----\n"
        "重财品  0.00–20.00    0\n"
        "重财品  20.00–40.00   0\n"
        "重财品  40.00–60.00   1\n"
        "重财品  60.00–80.00   2\n"
        "重财品  80.00–100.00  0\n"
        "强财智  0.00–20.00    0\n"
        "强财智  20.00–40.00   0\n"
        "强财智  40.00–60.00   0\n"
        "强财智  60.00–80.00   2\n"
        "强财智  80.00–100.00  1\n"
        "\n"
        "个人素养画像\n"
        "人员          素养    课程  活动  综合得分  达标\n"
        "------------  ------  ----  ----  --------  ----\n"
        "2021001 王芳  重财品  80    70    76.67     是\n"
        "2021001 王芳  强财智  90    60    80.00     是\n"
        "2021002 李强  重财品  50    40    46.67     否\n"
        "2021002 李强  强财智  75    30    60.00     否\n"
        "2021003 张敏  重财品  60    60    60.00     是\n"
        "2021003 张敏  强财智  70    85    75.00     是\n"
    )


def test_a_reader_who_may_not_see_personal_data(branch: tuple[Path, Path]) -> None:
    result = report_of(branch)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # 2 meeting is a small group under k = 3, and the share would give it back.
    assert "重财品  60      3         0         61.11   <3        <redacted>" in lines
    assert "重财品  60.00–80.00   <3" in lines
    assert "个人素养画像" not in lines
    assert not any(person in result.stdout for person in ("2021001", "王芳", "76.67"))
    document = json_of(branch)["result"]
    assert document["profiles"] == "<redacted>"
    assert [(d["cohort"], d["meeting"], d["share_meeting"]) for d in document["distributions"]] == [
        (3, "<3", "<redacted>"),
        (3, "<3", "<redacted>"),
    ]


def test_a_secretary_sees_profiles_but_not_small_groups(branch: tuple[Path, Path]) -> None:
    result = report_of(branch, "--role", "secretary")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "强财智  70      3         0         71.67   <3        <redacted>" in lines
    assert "2021002 李强  强财智  75    30    60.00     否" in lines


def test_json_by_hand(branch: tuple[Path, Path]) -> None:
    document = json_of(branch, "--role", "counsellor")
    assert document["framework"] == "demo-rubric"
    result = document["result"]
    assert (result["rubric"], result["as_of"], result["period"]) == (
        "literacy", "2022-06-30", None,
    )  # fmt: skip
    assert [
        (d["competency"], d["cohort"], d["mean"], d["meeting"], d["share_meeting"])
        for d in result["distributions"]
    ] == [
        ("character", 3, "61.11", 2, "0.6667"),
        ("knowledge", 3, "71.67", 2, "0.6667"),
    ]
    assert [
        (p["person"], [(c["aggregate"], c["met"]) for c in p["competencies"]])
        for p in result["profiles"]
    ] == [
        ("2021001", [("76.67", True), ("80.00", True)]),
        ("2021002", [("46.67", False), ("60.00", False)]),
        ("2021003", [("60.00", True), ("75.00", True)]),
    ]


def test_a_later_day_takes_the_re_assessment(branch: tuple[Path, Path]) -> None:
    # B's activities in 强财智 became 90 on 2022-07-15: (2 x 75 + 90) / 3 = 80.00, met.
    result = json_of(branch, "--role", "counsellor", as_of="2022-08-31")["result"]
    knowledge = result["profiles"][1]["competencies"][1]
    assert (knowledge["aggregate"], knowledge["met"]) == ("80.00", True)
    assert result["distributions"][1]["meeting"] == 3


def test_a_period_keeps_only_its_assessments(branch: tuple[Path, Path]) -> None:
    # Only B's re-assessment falls in 2022-Q3: 重财品 (0 + 0) / 3, 强财智 (0 + 90) / 3.
    result = report_of(branch, "--role", "counsellor", "--period", "2022-Q3", as_of="2022-08-31")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "示例支部 · 三财素养 · 2022年第3季度 · 2022-08-31"
    assert "2021002 李强  重财品  —     —     0.00      否" in lines
    assert "2021002 李强  强财智  —     90    30.00     否" in lines
    assert json_of(branch, "--period", "2022-Q3", as_of="2022-08-31")["result"]["period"] == (
        "2022-Q3"
    )


def test_english_csv_and_xlsx(branch: tuple[Path, Path], tmp_path: Path) -> None:
    result = report_of(branch, "--role", "counsellor", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "Competencies",
        "competency,threshold,cohort,unassessed,mean,meeting,share meeting",
        "Character,60,3,0,61.11,2,66.67%",
        "Knowledge,70,3,0,71.67,2,66.67%",
    ]
    assert "2021001 王芳,Character,80,70,76.67,yes" in result.stdout.splitlines()
    book = tmp_path / "rubric.xlsx"
    assert report_of(branch, "--format", "xlsx", "--output", str(book)).exit_code == 0
    workbook = openpyxl.load_workbook(book)
    # No role: the profiles are left out of the workbook too.
    assert workbook.sheetnames == ["素养达标情况", "得分分布"]
    row = [cell.value for cell in workbook["素养达标情况"][2]]
    assert row == ["重财品", "60", "3", "0", "61.11", "<3", "<redacted>"]


def test_pseudonyms_replace_ids_and_leave_names_out(
    branch: tuple[Path, Path], tmp_path: Path
) -> None:
    aliases = sorted(Pseudonymiser(key=KEY.encode()).pseudonym(f"202100{n}") for n in (1, 2, 3))
    result = report_of(branch, "--role", "secretary", "--pseudonymise", key=KEY)
    assert result.exit_code == 0, result.stderr
    assert not any(name in result.stdout for name in ("2021001", "王芳", "李强", "张敏"))
    rows = result.stdout.split("个人素养画像\n")[1].splitlines()[2:]
    assert [row.split()[0] for row in rows] == [alias for alias in aliases for _ in range(2)]
    key_file = tmp_path / "key.txt"
    key_file.write_text(KEY, encoding="utf-8")
    document = json_of(branch, "--role", "secretary", "--pseudonymise", "--key-file", str(key_file))
    assert [p["person"] for p in document["result"]["profiles"]] == aliases


def test_ids_stand_without_names_when_the_data_lists_no_people(tmp_path: Path) -> None:
    framework, data = write_branch(tmp_path)
    (data / "人员.toml").unlink()
    result = report_of((framework, data), "--role", "secretary")
    assert result.exit_code == 0, result.stderr
    assert "2021001  重财品  80    70    76.67     是" in result.stdout.splitlines()


def test_a_framework_without_rubrics(tmp_path: Path) -> None:
    framework, data = write_branch(tmp_path, rubrics=())
    result = report_of((framework, data))
    assert result.exit_code == 1
    assert result.stderr == f"{framework}: the framework has no rubrics\n"


def test_several_rubrics_need_the_rubric_option(tmp_path: Path) -> None:
    branch = write_branch(tmp_path, rubrics=("literacy", "literacy-2023"))
    result = report_of(branch)
    assert result.exit_code == 2
    assert "several rubrics (literacy, literacy-2023); choose one with --rubric" in result.stderr
    unknown = report_of(branch, "--rubric", "literacies")
    assert unknown.exit_code == 2
    assert "no rubric 'literacies'; rubrics: literacy, literacy-2023" in unknown.stderr
    # The assessments are all of "literacy": "literacy-2023" has a cohort of none.
    chosen = json_of(branch, "--rubric", "literacy-2023")["result"]
    assert (chosen["rubric"], chosen["profiles"], chosen["distributions"][0]["cohort"]) == (
        "literacy-2023", "<redacted>", 0,
    )  # fmt: skip
    assert json_of(branch, "--rubric", "literacy")["result"]["distributions"][0]["cohort"] == 3


def test_assessments_that_do_not_fit_are_reported_where_they_are(tmp_path: Path) -> None:
    rows = (
        "评价方案,学号,素养,载体,得分,等级,日期\n"
        "literacy,2021001,character,courses,80,,2022-03-01\n"
        "literacy,2029999,character,courses,80,,2022-03-01\n"
        "literacy,2021001,wisdom,lectures,120,,2022-03-01\n"
        "literacy,2021002,character,courses,,great,2022-03-01\n"
        "literacies,2021002,character,courses,70,,2022-03-01\n"
        "literacy,2021001,character,courses,85,,2022-03-01\n"
    )
    framework, data = write_branch(tmp_path, assessments=rows)
    result = report_of((framework, data))
    assert result.exit_code == 1
    at = f"{data}: $.assessments"
    assert result.stderr.splitlines() == [
        f"{at}[1].person: no person '2029999'",
        f"{at}[2].competency: rubric 'literacy' has no competency 'wisdom'",
        f"{at}[2].carrier: rubric 'literacy' has no carrier 'lectures'",
        f"{at}[2].score: is outside the scale 0 to 100",
        f"{at}[3].level: is not a level of rubric 'literacy'; known: none",
        f"{at}[4].rubric: no rubric 'literacies'; known: literacy",
        f"{at}[5].date: a second assessment of '2021001' in character/courses on 2022-03-01 "
        "(first at index 0)",
    ]


def test_a_period_after_the_day_judged_is_refused(branch: tuple[Path, Path]) -> None:
    result = report_of(branch, "--period", "2022-2023")
    assert result.exit_code == 2
    assert "2022-2023 begins after the day judged, 2022-06-30" in result.stderr


def test_a_role_the_policy_does_not_know_is_refused(branch: tuple[Path, Path]) -> None:
    result = report_of(branch, "--role", "secretry")
    assert result.exit_code == 2
    assert "the role 'secretry' may see nothing more than anyone" in result.stderr


def test_xlsx_needs_an_output(branch: tuple[Path, Path]) -> None:
    result = report_of(branch, "--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.stderr
