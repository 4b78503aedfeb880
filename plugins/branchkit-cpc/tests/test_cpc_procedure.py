"""The national procedure: five stages, the 25 steps as gates, the fixed rules at their edges."""

from __future__ import annotations

import datetime as dt
import doctest
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

import branchkit_cpc
from branchkit import Host, Person, RoleSpan
from branchkit.mechanisms import Outcome
from branchkit.mechanisms.staging import (
    AtLeastSince,
    Candidate,
    Compare,
    Condition,
    CountOf,
    Duration,
    FactValue,
    NotAfter,
    OneOf,
    Present,
    Transition,
    Vote,
    Within,
    build_contexts,
    evaluate,
)
from branchkit.plugins import PluginSource
from branchkit_cpc import hooks, procedure

CPC = PluginSource(name="cpc", distribution="branchkit-cpc", version="test")
PACKAGE = Path(hooks.__file__).parent
SCRIPT = Path(sys.executable).with_name("branchkit")
D = dt.date

#: The 25 steps of the national procedure, in order (the 细则's flow chart).
STEPS = (
    "递交入党申请书",
    "党组织派人谈话",
    "推荐和确定入党积极分子",
    "上级党委备案",
    "指定培养联系人",
    "培养教育考察",
    "确定发展对象",
    "报上级党委备案",
    "确定入党介绍人",
    "进行政治审查",
    "开展集中培训",
    "支部委员会审查",
    "上级党委预审",
    "填写入党志愿书",
    "支部大会讨论",
    "上级党委派人谈话",
    "上级党委审批",
    "再上一级党委组织部门备案",
    "编入党支部和党小组",
    "入党宣誓",
    "继续教育考察",
    "提出转正申请",
    "支部大会讨论",
    "上级党委审批",
    "材料归档",
)
ZH_STEP = re.compile(r"第(\d+)步 (.+)")
EN_STEP = re.compile(r"step (\d+): .+")

# Full members since long before any day judged here, a probationary member, and a member
# whose full membership starts on 2024-11-21.
F1, F2, F3, P1, LATE = "F1", "F2", "F3", "P1", "LATE"
PEOPLE = (
    Person(id=F1, name="赵一", roles=(RoleSpan(role="full_member", start=D(2010, 1, 1)),)),
    Person(id=F2, name="钱二", roles=(RoleSpan(role="full_member", start=D(2012, 6, 1)),)),
    Person(id=F3, name="孙三", roles=(RoleSpan(role="full_member", start=D(2015, 9, 1)),)),
    Person(id=P1, name="李四", roles=(RoleSpan(role="probationary_member", start=D(2024, 1, 1)),)),
    Person(
        id=LATE,
        name="周五",
        roles=(
            RoleSpan(role="probationary_member", start=D(2023, 11, 21), end=D(2024, 11, 20)),
            RoleSpan(role="full_member", start=D(2024, 11, 21)),
        ),
    ),
)

# One complete record of each move, and the day it is judged on.
APPLICANT: dict[str, FactValue] = {
    "birth_date": D(2004, 5, 1),
    "application_date": D(2023, 3, 1),
    "talk_date": D(2023, 3, 20),
    "recommended": True,
    "activist_date": D(2023, 9, 1),
    "activist_filed": True,
}
ACTIVIST: dict[str, FactValue] = {
    "activist_date": D(2023, 9, 1),
    "contact_persons": (F1, F2),
    "activist_reviews": 2,
    "development_target_date": D(2024, 9, 10),
    "development_target_filed": True,
}
TARGET: dict[str, FactValue] = {
    "development_target_date": D(2024, 9, 10),
    "sponsors": (F1, F2),
    "political_review": True,
    "training_hours": 24,
    "committee_reviewed": True,
    "publicity_date": D(2024, 10, 8),
    "pre_reviewed": True,
    "form_completed": True,
    "admission_entitled": 10,
    "admission_present": 8,
    "admission_yes": 7,
    "admission_written_yes": 1,
    "admission_date": D(2024, 11, 1),
    "approval_talk": True,
    "admission_approved": True,
    "admission_filed": True,
}
PROBATIONER: dict[str, FactValue] = {
    "admission_date": D(2024, 11, 1),
    "assigned": True,
    "oath_taken": True,
    "probation_extension_months": 0,
    "conversion_applied": True,
    "conversion_meeting_date": D(2025, 11, 5),
    "conversion_entitled": 12,
    "conversion_present": 10,
    "conversion_yes": 10,
    "conversion_written_yes": 0,
    "conversion_approved": True,
    "archived": True,
}
MOVES = [
    ("applicant", "activist", APPLICANT, D(2023, 9, 1)),
    ("activist", "development_target", ACTIVIST, D(2024, 9, 10)),
    ("development_target", "probationary_member", TARGET, D(2024, 11, 20)),
    ("probationary_member", "full_member", PROBATIONER, D(2025, 11, 20)),
]


def isolated_host() -> Host:
    return Host.create(autoload=False, plugins=[(CPC, hooks)], environ={})


def conditions() -> list[Condition]:
    return [condition for t in procedure().transitions for condition in t.conditions]


def gate(key: str) -> Condition:
    (found,) = [condition for condition in conditions() if condition.key == key]
    return found


def step_of(condition: Condition) -> int | None:
    """The step number a condition's label names, the same in both languages, if any."""
    assert condition.label is not None, condition.key
    zh = ZH_STEP.fullmatch(condition.label.zh)
    en = EN_STEP.fullmatch(condition.label.en)
    assert (zh is None) == (en is None), condition.key
    if zh is None or en is None:
        return None
    assert zh.group(1) == en.group(1), condition.key
    return int(zh.group(1))


def judge(
    key: str,
    facts: Mapping[str, FactValue],
    as_of: dt.date,
    people: Sequence[Person] = PEOPLE,
) -> Outcome:
    """One gate's outcome for a candidate with ``facts``, on ``as_of``."""
    candidate = Candidate(id="c1", stage="applicant", facts=facts)
    (context,) = build_contexts(procedure(), [candidate], as_of=as_of, people=people)
    return gate(key).evaluate(context).outcome


def move(source: str, target: str) -> Transition:
    found = procedure().transition(source, target)
    assert found is not None
    return found


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHKIT_")}
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        check=False,
    )


PASSED, FAILED, UNKNOWN = Outcome.PASSED, Outcome.FAILED, Outcome.UNKNOWN


# The scheme's shape.


def test_five_stages_in_order_named_as_the_role_terms() -> None:
    host = isolated_host()
    stages = procedure().stages
    assert [stage.key for stage in stages] == [
        "applicant",
        "activist",
        "development_target",
        "probationary_member",
        "full_member",
    ]
    assert [stage.label for stage in stages] == [host.label("role", s.key) for s in stages]
    assert [(t.source, t.target) for t in procedure().transitions] == [
        (a.key, b.key) for a, b in itertools.pairwise(stages)
    ]


def test_the_25_steps_in_order_on_the_moves_of_their_phases() -> None:
    numbered = [(step, c) for c in conditions() if (step := step_of(c)) is not None]
    steps = [step for step, _ in numbered]
    assert sorted(set(steps)) == list(range(1, 26))
    assert steps == sorted(steps)
    for step, condition in numbered:
        assert condition.label is not None
        match = ZH_STEP.fullmatch(condition.label.zh)
        assert match is not None
        assert match.group(2).startswith(STEPS[step - 1]), condition.key
        assert condition.key.startswith(f"step{step:02d}_"), condition.key
    by_move = [
        sorted({n for c in t.conditions if (n := step_of(c)) is not None})
        for t in procedure().transitions
    ]
    assert by_move == [
        list(range(1, 5)),
        list(range(5, 9)),
        list(range(9, 19)),
        list(range(19, 26)),
    ]


def test_the_conditions_besides_the_steps_are_date_order_checks_and_local_rules() -> None:
    others = [c for c in conditions() if step_of(c) is None]
    order = [c for c in others if isinstance(c, NotAfter)]
    local = [c for c in others if c.key.startswith("local_")]
    assert len(others) == len(order) + len(local)
    assert [(c.first, c.second) for c in order] == [
        ("application_date", "talk_date"),
        ("talk_date", "activist_date"),
        ("activist_date", "development_target_date"),
        ("development_target_date", "admission_date"),
        ("admission_date", "conversion_meeting_date"),
    ]
    assert all(c.label is not None and c.label.zh.startswith("日期顺序：") for c in order)
    assert local == [
        AtLeastSince(
            key="local_interval",
            fact="application_date",
            duration=Duration(months=3),
            label=local[0].label,
        ),
        AtLeastSince(
            key="local_publicity",
            fact="publicity_date",
            duration=Duration(days=7),
            label=local[1].label,
        ),
    ]
    assert len(conditions()) == len({c.key for c in conditions()})


def test_the_fixed_rules_use_the_right_kinds_of_condition() -> None:
    rules = {c.key: attrs.evolve(c, label=None) for c in conditions()}
    assert rules["step01_age"] == AtLeastSince(
        key="step01_age", fact="birth_date", duration=Duration(years=18)
    )
    assert rules["step02_talk"] == Within(
        key="step02_talk", start="application_date", then="talk_date", duration=Duration(months=1)
    )
    assert rules["step06_one_year"] == AtLeastSince(
        key="step06_one_year", fact="activist_date", duration=Duration(years=1)
    )
    assert rules["step05_contacts"] == CountOf(
        key="step05_contacts", fact="contact_persons", at_least=1, at_most=2, role="full_member"
    )
    assert rules["step09_sponsors"] == CountOf(
        key="step09_sponsors", fact="sponsors", at_least=2, at_most=2, role="full_member"
    )
    assert rules["step10_review"] == Present(key="step10_review", fact="political_review")
    assert rules["step11_training"] == Compare(
        key="step11_training", fact="training_hours", op=">=", value=24
    )
    for key, prefix in (("step15_meeting", "admission"), ("step23_meeting", "conversion")):
        assert rules[key] == Vote(
            key=key,
            entitled=f"{prefix}_entitled",
            present=f"{prefix}_present",
            yes=f"{prefix}_yes",
            written_yes=f"{prefix}_written_yes",
        )
    assert rules["step21_probation"] == AtLeastSince(
        key="step21_probation", fact="admission_date", duration=Duration(years=1)
    )
    assert rules["step21_extension"] == OneOf(
        key="step21_extension",
        fact="probation_extension_months",
        values=(0, 6, 7, 8, 9, 10, 11, 12),
    )


def test_no_points_and_the_selection_follows_the_move_to_activist() -> None:
    scheme = procedure()
    assert (scheme.dimensions, scheme.bands) == ((), ())
    assert (scheme.selection.stage, scheme.selection.target) == ("applicant", "activist")
    assert scheme.selection.quota is None


# Each fixed rule at its edge.


def test_age_18_on_the_birthday_not_a_day_before() -> None:
    born = {"birth_date": D(2006, 6, 15)}
    assert judge("step01_age", born, D(2024, 6, 15)) is PASSED
    assert judge("step01_age", born, D(2024, 6, 14)) is FAILED  # 17 years and 364 days
    assert judge("step01_age", {}, D(2024, 6, 15)) is UNKNOWN


@pytest.mark.parametrize(
    ("applied", "last_day"),
    [
        (D(2024, 3, 1), D(2024, 4, 1)),  # a window of 31 days
        (D(2024, 4, 1), D(2024, 5, 1)),  # a window of 30 days
        (D(2024, 1, 31), D(2024, 2, 29)),  # the last day of a shorter month
    ],
)
def test_talk_within_one_month_of_the_application(applied: dt.date, last_day: dt.date) -> None:
    day_after = last_day + dt.timedelta(days=1)
    for talk, outcome in ((applied, PASSED), (last_day, PASSED), (day_after, FAILED)):
        facts = {"application_date": applied, "talk_date": talk}
        assert judge("step02_talk", facts, day_after) is outcome, talk
    # No talk yet: pending up to the last day, overdue after it.
    assert judge("step02_talk", {"application_date": applied}, last_day) is UNKNOWN
    assert judge("step02_talk", {"application_date": applied}, day_after) is FAILED


def test_one_year_as_activist_exactly() -> None:
    facts = {"activist_date": D(2023, 3, 15)}
    assert judge("step06_one_year", facts, D(2024, 3, 15)) is PASSED
    assert judge("step06_one_year", facts, D(2024, 3, 14)) is FAILED


@pytest.mark.parametrize(
    ("contacts", "outcome"),
    [
        ((), FAILED),
        ((F1,), PASSED),
        ((F1, F2), PASSED),
        ((F1, F2, F3), FAILED),
        ((P1,), FAILED),  # a probationary member cannot be a contact person
        (("nobody",), FAILED),  # not in the people at all
    ],
)
def test_one_or_two_contact_persons_who_are_full_members(
    contacts: tuple[str, ...], outcome: Outcome
) -> None:
    facts = {"contact_persons": contacts}
    day = D(2024, 6, 1)
    outcomes = {judge("step05_contacts", facts, day), judge("step05_listed", facts, day)}
    assert (FAILED if FAILED in outcomes else PASSED) is outcome


@pytest.mark.parametrize(
    ("sponsors", "outcome"),
    [
        ((F1,), FAILED),
        ((F1, F2), PASSED),
        ((F1, LATE), FAILED),  # LATE's full membership starts the day after the day judged
        ((F1, F2, P1), FAILED),  # three listed
        ((F1, F2, F3), FAILED),
    ],
)
def test_two_sponsors_who_are_full_members_on_the_day_judged(
    sponsors: tuple[str, ...], outcome: Outcome
) -> None:
    facts = {"sponsors": sponsors}
    day = D(2024, 11, 20)
    outcomes = {judge("step09_sponsors", facts, day), judge("step09_listed", facts, day)}
    assert (FAILED if FAILED in outcomes else PASSED) is outcome


def test_a_sponsor_counts_from_the_first_day_of_full_membership() -> None:
    facts = {"sponsors": (F1, LATE)}
    assert judge("step09_sponsors", facts, D(2024, 11, 21)) is PASSED


def test_political_review_is_required() -> None:
    assert judge("step10_review", {"political_review": True}, D(2024, 6, 1)) is PASSED
    assert judge("step10_review", {"political_review": False}, D(2024, 6, 1)) is FAILED
    assert judge("step10_review", {}, D(2024, 6, 1)) is UNKNOWN


def test_training_of_24_class_hours() -> None:
    assert judge("step11_training", {"training_hours": 24}, D(2024, 6, 1)) is PASSED
    assert judge("step11_training", {"training_hours": 23}, D(2024, 6, 1)) is FAILED


@pytest.mark.parametrize("meeting", ["admission", "conversion"])
@pytest.mark.parametrize(
    ("present", "yes", "written", "outcome"),
    [
        (5, 5, 0, FAILED),  # half of the 10 entitled present: no quorum
        (6, 5, 0, FAILED),  # a quorum, but 5 yes is only half of those entitled
        (6, 6, 0, PASSED),
        (6, 5, 1, PASSED),  # a written yes of one who could not come counts
        (6, 4, 2, PASSED),
        (6, 5, 5, FAILED),  # more written opinions than the 4 absent: inconsistent
        (10, 5, 0, FAILED),  # all present, half yes
    ],
)
def test_branch_meeting_quorum_and_majority_of_those_entitled(
    meeting: str, present: int, yes: int, written: int, outcome: Outcome
) -> None:
    key = "step15_meeting" if meeting == "admission" else "step23_meeting"
    facts = {
        f"{meeting}_entitled": 10,
        f"{meeting}_present": present,
        f"{meeting}_yes": yes,
        f"{meeting}_written_yes": written,
    }
    assert judge(key, facts, D(2024, 6, 1)) is outcome


def test_one_year_of_probation_from_the_branch_meeting() -> None:
    facts = {"admission_date": D(2023, 6, 30)}
    assert judge("step21_probation", facts, D(2024, 6, 30)) is PASSED
    assert judge("step21_probation", facts, D(2024, 6, 29)) is FAILED


@pytest.mark.parametrize(
    ("months", "outcome"),
    [(0, PASSED), (1, FAILED), (5, FAILED), (6, PASSED), (12, PASSED), (13, FAILED)],
)
def test_probation_extended_by_six_to_twelve_months(months: int, outcome: Outcome) -> None:
    facts = {"probation_extension_months": months}
    assert judge("step21_extension", facts, D(2024, 6, 1)) is outcome


@pytest.mark.parametrize(
    "key",
    [
        "order_application_talk",
        "order_talk_activist",
        "order_activist_target",
        "order_target_admission",
        "order_admission_conversion",
    ],
)
def test_date_order_checks_catch_reversed_dates(key: str) -> None:
    check = gate(key)
    assert isinstance(check, NotAfter)
    day = D(2024, 6, 1)
    assert judge(key, {check.first: day, check.second: day}, day) is PASSED
    later = {check.first: day, check.second: day - dt.timedelta(days=1)}
    assert judge(key, later, day) is FAILED
    assert judge(key, {check.first: day}, day) is UNKNOWN


def test_local_rules_at_their_default_edges() -> None:
    applied = {"application_date": D(2024, 1, 31)}
    assert judge("local_interval", applied, D(2024, 4, 30)) is PASSED
    assert judge("local_interval", applied, D(2024, 4, 29)) is FAILED
    notice = {"publicity_date": D(2024, 10, 8)}
    assert judge("local_publicity", notice, D(2024, 10, 15)) is PASSED
    assert judge("local_publicity", notice, D(2024, 10, 14)) is FAILED


# Whole moves.


@pytest.mark.parametrize(("source", "target", "facts", "as_of"), MOVES)
def test_a_complete_record_passes_every_gate_of_its_move(
    source: str, target: str, facts: dict[str, FactValue], as_of: dt.date
) -> None:
    candidate = Candidate(id="c1", name="王芳", stage=source, facts=facts)
    result = evaluate(procedure(), [candidate], as_of=as_of, people=PEOPLE, stage=source)
    (judged,) = result.candidates
    assert [g.key for g in judged.gates] == [c.key for c in move(source, target).conditions]
    assert [g.key for g in judged.gates if g.outcome is not PASSED] == []
    assert judged.eligible
    assert judged.rank == 1


@pytest.mark.parametrize(("source", "target", "facts", "as_of"), MOVES)
def test_every_fact_of_a_move_is_needed(
    source: str, target: str, facts: dict[str, FactValue], as_of: dt.date
) -> None:
    read = {fact for condition in move(source, target).conditions for fact in condition.reads()}
    assert read <= set(facts)
    for missing in sorted(read):
        rest = {key: value for key, value in facts.items() if key != missing}
        # Written yes opinions are optional: none written is none counted.
        if missing.endswith("_written_yes"):
            continue
        candidate = Candidate(id="c1", stage=source, facts=rest)
        result = evaluate(procedure(), [candidate], as_of=as_of, people=PEOPLE, stage=source)
        (judged,) = result.candidates
        assert not judged.eligible, missing


def test_the_default_evaluation_ranks_applicants_earliest_application_first() -> None:
    early = Candidate(id="b", stage="applicant", facts=APPLICANT)
    later = Candidate(
        id="a",
        stage="applicant",
        facts={**APPLICANT, "application_date": D(2023, 3, 2), "talk_date": D(2023, 3, 21)},
    )
    waiting = Candidate(id="c", stage="applicant", facts={"application_date": D(2023, 8, 20)})
    result = evaluate(procedure(), [later, waiting, early], as_of=D(2023, 9, 1))
    assert [(c.id, c.rank, c.selected) for c in result.candidates] == [
        ("b", 1, True),
        ("a", 2, True),
        ("c", None, False),
    ]


# The plugin and the command line.


def test_the_package_gives_the_scheme_the_framework_contributes() -> None:
    framework = isolated_host().framework("cpc")
    assert framework.scheme() is procedure()
    assert framework.scheme("procedure") == procedure()
    assert framework.label.zh == "全国高校党支部通用规则"
    assert framework.label.en == "National rules for college party branches"
    assert (framework.organisation.zh, framework.organisation.en) == (
        "中国共产党",
        "Communist Party of China",
    )
    (area,) = framework.areas
    assert (area.key, area.label.zh, area.approach.zh) == (
        "membership",
        "党员发展",
        "发展党员工作细则",
    )
    assert [practice.key for practice in area.practices] == ["procedure"]


def test_the_package_docstring_example_runs() -> None:
    result = doctest.testmod(branchkit_cpc, verbose=False)
    assert (result.failed, result.attempted) == (0, 2)


def test_validate_the_procedure_and_the_framework() -> None:
    files = [PACKAGE / "procedure.toml", PACKAGE / "framework.toml"]
    result = run("validate", *map(str, files))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [f"{file}: ok" for file in files]


def test_plugins_json_lists_the_cpc_framework() -> None:
    result = run("plugins", "--format", "json")
    assert result.returncode == 0, result.stderr
    plugins = {p["name"]: p for p in json.loads(result.stdout)["plugins"]}
    cpc = plugins["cpc"]
    assert cpc["hooks"] == ["branchkit_frameworks", "branchkit_standards", "branchkit_terms"]
    (framework,) = cpc["contributes"]["frameworks"]
    assert framework["key"] == "cpc"
    assert framework["organisation"] == {"zh": "中国共产党", "en": "Communist Party of China"}
    assert [scheme["key"] for scheme in framework["schemes"]] == ["procedure"]
    assert len(framework["schemes"][0]["stages"]) == 5


def write_candidates(path: Path, rows: list[dict[str, str]]) -> Path:
    headings = list(dict.fromkeys(key for row in rows for key in row))
    lines = [",".join(headings)] + [",".join(row.get(h, "") for h in headings) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_due_shows_a_pending_talk_and_an_inconsistent_date_order(tmp_path: Path) -> None:
    candidates = write_candidates(
        tmp_path / "candidates.csv",
        [
            # Applied ten days ago; no talk yet.
            {"编号": "A1", "姓名": "甲", "阶段": "入党申请人", "出生日期": "2005-03-10",
             "递交入党申请书日期": "2024-05-22"},
            # The talk is recorded before the application.
            {"编号": "A2", "姓名": "乙", "阶段": "applicant", "出生日期": "2004-01-01",
             "递交入党申请书日期": "2024-03-01", "谈话日期": "2024-02-20"},
        ],
    )  # fmt: skip
    result = run(
        "due", str(candidates), "--framework", "cpc", "--as-of", "2024-06-01", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    items: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    found = {(i["candidate"], i["gate"]): (i["kind"], i["status"], i["due"]) for i in items}
    assert found[("A1", "step02_talk")] == ("deadline", "pending", "2024-06-22")
    assert found[("A2", "order_application_talk")] == ("inconsistent", "impossible", None)
    # Impossible first, then by day.
    assert items[0]["status"] == "impossible"
    table = run("due", str(candidates), "--framework", "cpc", "--as-of", "2024-06-01")
    assert "尚无谈话日期，须在2024-06-22前完成" in table.stdout


def test_rank_lists_the_applicants_whose_record_is_complete(tmp_path: Path) -> None:
    complete = {
        "编号": "A1", "姓名": "甲", "阶段": "入党申请人", "出生日期": "2004-05-01",
        "递交入党申请书日期": "2023-03-01", "谈话日期": "2023-03-20",
        "党员推荐或群团组织推优": "是", "确定为入党积极分子日期": "2023-09-01",
        "入党积极分子已报上级党委备案": "是",
    }  # fmt: skip
    candidates = write_candidates(
        tmp_path / "candidates.csv",
        [complete, {**complete, "编号": "A2", "姓名": "乙", "入党积极分子已报上级党委备案": ""}],
    )
    result = run(
        "rank", str(candidates), "--framework", "cpc", "--as-of", "2023-09-01", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    ranked = {c["id"]: c for c in json.loads(result.stdout)["candidates"]}
    assert (ranked["A1"]["eligible"], ranked["A1"]["rank"]) == (True, 1)
    assert ranked["A2"]["eligible"] is False
    assert [g["key"] for g in ranked["A2"]["gates"] if g["outcome"] != "passed"] == ["step04_filed"]


def test_a_branch_overrides_a_local_rule_in_its_own_framework_file(tmp_path: Path) -> None:
    """The recipe of the scheme's comment: copy, rename the tables, edit the line."""
    scheme = (PACKAGE / "procedure.toml").read_text(encoding="utf-8")
    scheme = scheme[scheme.index("[[schemes]]") :]
    for table in ("[[schemes.transitions]]", "[schemes.selection]", "[[schemes]]"):
        scheme = scheme.replace(table, table.replace("schemes", "framework.schemes"))
    scheme = scheme.replace('key = "procedure"', 'key = "procedure-mybranch"')
    scheme = scheme.replace(
        'key = "local_interval", fact = "application_date", duration = { months = 3 }',
        'key = "local_interval", fact = "application_date", duration = { months = 6 }',
    )
    framework = (PACKAGE / "framework.toml").read_text(encoding="utf-8")
    framework = framework.replace('key = "cpc"', 'key = "mybranch"')
    path = tmp_path / "mybranch.toml"
    path.write_text(framework + "\n" + scheme, encoding="utf-8")
    assert run("validate", str(path)).returncode == 0
    loaded = Host.create(environ={}).load(path).framework
    assert loaded is not None
    interval = next(c for t in loaded.scheme().transitions for c in t.conditions
                    if c.key == "local_interval")  # fmt: skip
    assert isinstance(interval, AtLeastSince)
    assert interval.duration == Duration(months=6)


def test_another_stage_is_followed_by_its_move_with_the_people_from_data(
    tmp_path: Path,
) -> None:
    people = tmp_path / "people.toml"
    people.write_text(
        """
[[people]]
id = "F1"
name = "赵一"
roles = [{ role = "full_member", start = 2010-01-01 }]

[[people]]
id = "F2"
name = "钱二"
roles = [{ role = "full_member", start = 2012-06-01 }]

[[people]]
id = "LATE"
name = "周五"
roles = [
  { role = "probationary_member", start = 2023-11-21, end = 2024-11-20 },
  { role = "full_member", start = 2024-11-21 },
]
""",
        encoding="utf-8",
    )
    shown = {key: ("是" if value is True else "、".join(value) if isinstance(value, tuple)
                   else str(value)) for key, value in TARGET.items()}  # fmt: skip
    late = {**shown, "id": "T2", "sponsors": f"{F1}、{LATE}"}
    candidates = write_candidates(
        tmp_path / "targets.csv",
        [{"id": "T1", "stage": "发展对象", **shown}, {**late, "stage": "development_target"}],
    )
    args = ("--framework", "cpc", "--as-of", "2024-11-20", "--stage", "development_target")
    result = run("rank", str(candidates), *args, "--data", str(people), "--format", "json")
    assert result.returncode == 0, result.stderr
    ranked = {c["id"]: c for c in json.loads(result.stdout)["candidates"]}
    assert ranked["T1"]["eligible"] is True
    assert [g["key"] for g in ranked["T2"]["gates"] if g["outcome"] != "passed"] == [
        "step09_sponsors"
    ]
    # On LATE's first day as a full member, both have their two sponsors.
    later = ("--framework", "cpc", "--as-of", "2024-11-21", "--stage", "development_target")
    result = run("rank", str(candidates), *later, "--data", str(people), "--format", "json")
    assert all(c["eligible"] for c in json.loads(result.stdout)["candidates"])
