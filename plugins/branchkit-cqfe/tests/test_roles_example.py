"""The "三角色" example: the seed's programme-development figures come back out of the records.

The rules are the plugin's ``roles.toml``; the records are ``examples/角色履职.toml``, written
by ``examples/make_roles.py``. The figures checked by hand follow from that script's design,
not from a run of it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from branchkit import Host
from branchkit.cli.main import cli
from branchkit.io import Loaded, load_file
from branchkit.mechanisms.checklists import (
    Checklist,
    ChecklistResult,
    ItemResult,
    ItemState,
    ItemTransition,
    evaluate_checklists,
)
from branchkit.mechanisms.obligations import Outcome, summarise_outcomes
from branchkit.mechanisms.targets import TargetProgress, evaluate_targets
from branchkit.records import Period, Person
from branchkit_cqfe import hooks

EXAMPLES = Path(__file__).parents[1] / "examples"
RULES = Path(hooks.__file__).parent / "roles.toml"
GENERATED = ("角色履职.toml",)
AS_OF = dt.date(2022, 8, 31)
YEAR = Period.parse("2021-2022")
ADVISER_TARGETS = (
    "adviser-questionnaires",
    "adviser-survey-audiences",
    "adviser-symposia",
    "adviser-seminars",
)
VANGUARD_TARGETS = ("alliance-meetings", "alliance-colleges", "alliance-institutions")

# The seed's report, "定位“三角色”促专业发展". "多" and "余" (1000多份, 50余次) are more than the
# number and fewer than the next step of the same size.
# "先后面向企业、毕业生、在校生发放1000多份调查问卷"
SEED_QUESTIONNAIRES_ABOVE, SEED_QUESTIONNAIRES_BELOW = 1000, 2000
SEED_SURVEY_AUDIENCES = ("enterprise", "graduate", "student")
# "与企业、高校座谈50余次"
SEED_SYMPOSIA_ABOVE, SEED_SYMPOSIA_BELOW = 50, 60
# "组织开展专业建设研讨会10余次"
SEED_SEMINARS_ABOVE, SEED_SEMINARS_BELOW = 10, 20
# "以“6份责任清单、30个制度清单”为载体"
SEED_RESPONSIBILITY_LISTS = 6
SEED_INSTITUTION_LISTS = 30
# "组织党员积极参与一流金融专业群建设"
SEED_CLUSTER_ROLE = "full_member"
# "支部所在教研室2018年牵头成立重庆金融创新人才校企联盟，并连续举办3届联盟会议"
SEED_ALLIANCE_FOUNDED = 2018
SEED_ALLIANCE_MEETINGS = 3
# "为我市10所高职院校金融类专业和10多家金融机构搭建了良好的交流合作平台"
SEED_ALLIANCE_COLLEGES = 10
SEED_INSTITUTIONS_ABOVE, SEED_INSTITUTIONS_BELOW = 10, 20
# "支部书记牵头成立财富管理专业现代学徒制试点工作团队，成功完成专业的教育部第三批现代学徒制
# 试点工作": a national pilot, credited first to the branch secretary, who led its team.
SEED_PILOT_LEVEL = "national"
SEED_PILOT_LEADER_ROLE = "branch_secretary"


@pytest.fixture(scope="module")
def checklists(host: Host) -> tuple[Checklist, ...]:
    return host.framework("cqfe").checklists


@pytest.fixture(scope="module")
def people(loaded: Loaded) -> tuple[Person, ...]:
    return loaded.dataset.people


def judge(
    loaded: Loaded,
    checklists: tuple[Checklist, ...],
    as_of: dt.date,
    period: Period | None = None,
) -> ChecklistResult:
    transitions: tuple[ItemTransition, ...] = loaded.sections["item_transitions"]
    return evaluate_checklists(
        checklists,
        people=loaded.dataset.people,
        evidence=loaded.dataset.evidence,
        transitions=transitions,
        as_of=as_of,
        period=period,
    )


@pytest.fixture(scope="module")
def result(loaded: Loaded, checklists: tuple[Checklist, ...]) -> ChecklistResult:
    return judge(loaded, checklists, AS_OF)


@pytest.fixture(scope="module")
def progress(host: Host, loaded: Loaded) -> dict[str, TargetProgress]:
    targets = host.framework("cqfe").targets
    found = evaluate_targets(targets, events=loaded.dataset.events, period=YEAR, as_of=AS_OF)
    return {row.target: row for row in found}


def records_of(result: ChecklistResult, checklist: str) -> list[ItemResult]:
    return [record for record in result.records if record.checklist == checklist]


# --- the rules -----------------------------------------------------------------------------


def test_the_rules_file_is_a_valid_data_file(host: Host) -> None:
    assert host.validate(RULES) == ()


def test_the_rules_define_no_term_again() -> None:
    # Every term of roles.toml is new: none redefines one of terms.toml.
    def defined(name: str) -> set[tuple[str, str]]:
        terms = load_file(RULES.with_name(name)).dataset.terms
        return {(term.vocabulary, term.key) for term in terms}

    assert not defined("roles.toml") & defined("terms.toml")


def test_every_key_the_rules_use_is_a_term(host: Host, checklists: tuple[Checklist, ...]) -> None:
    vocabulary = host.vocabulary()
    for listed in checklists:
        where = f"{listed.key} {listed.version}"
        assert listed.role in vocabulary["role"], where
        assert listed.category in vocabulary["checklist_category"], where
        for item in listed.items:
            assert set(item.evidence_kinds) <= vocabulary["evidence_kind"], where
            assert item.responsible is None or item.responsible in vocabulary["role"], where
    for target in host.framework("cqfe").targets:
        assert set(target.event_kinds) <= vocabulary["event_kind"], target.key
        assert set(target.audiences) <= vocabulary["audience"], target.key
        assert set(target.partners) <= vocabulary["partner"], target.key
    assert "apprenticeship_pilot" in vocabulary["outcome_kind"]


def test_six_responsibility_lists_and_thirty_institution_lists(
    checklists: tuple[Checklist, ...],
) -> None:
    keys: dict[str | None, set[str]] = defaultdict(set)
    for listed in checklists:
        keys[listed.category].add(listed.key)
    assert set(keys) == {"responsibility", "institution"}
    assert len(keys["responsibility"]) == SEED_RESPONSIBILITY_LISTS
    assert len(keys["institution"]) == SEED_INSTITUTION_LISTS
    # A key keeps its category across its versions.
    assert not keys["responsibility"] & keys["institution"]


def test_the_members_list_has_the_programme_cluster(checklists: tuple[Checklist, ...]) -> None:
    (members,) = (
        c for c in checklists if c.role == SEED_CLUSTER_ROLE and c.category == "responsibility"
        and c.in_force(AS_OF)
    )  # fmt: skip
    cluster = members.item("cluster")
    assert cluster is not None
    assert cluster.evidence_kinds == ("cluster_task",)
    assert "一流金融专业群" in cluster.label.zh


def test_every_list_is_owed_by_people_of_the_roster(
    checklists: tuple[Checklist, ...], people: tuple[Person, ...]
) -> None:
    for listed in checklists:
        if listed.in_force(AS_OF):
            assert any(p.holds(listed.role, AS_OF) for p in people), listed.key


def test_lists_revised_after_the_election_have_two_versions(
    checklists: tuple[Checklist, ...],
) -> None:
    # The committee elected on 2021-06-18 revised some lists from the next academic year.
    versions: dict[str, list[Checklist]] = defaultdict(list)
    for listed in checklists:
        versions[listed.key].append(listed)
    revised = {key for key, found in versions.items() if len(found) == 2}
    assert len(revised) >= 3
    assert {"secretary-duty", "member-duty"} <= revised
    for key in revised:
        old, new = sorted(versions[key], key=lambda listed: listed.version)
        assert (old.valid_to, new.valid_from) == (dt.date(2021, 8, 31), dt.date(2021, 9, 1)), key


# --- 参谋 and 先锋: the seed's figures from the events ---------------------------------------


def test_questionnaires(progress: dict[str, TargetProgress], loaded: Loaded) -> None:
    questionnaires = progress["adviser-questionnaires"]
    assert SEED_QUESTIONNAIRES_ABOVE < questionnaires.value < SEED_QUESTIONNAIRES_BELOW
    assert questionnaires.met
    assert questionnaires.closed
    events = {event.id: event for event in loaded.dataset.events}
    assert questionnaires.value == sum(
        events[id].count("questionnaires") for id in questionnaires.events
    )
    # The trial round of May 2019 is before the period.
    surveys = {e.id for e in loaded.dataset.events if e.kind == "survey"}
    assert len(surveys - set(questionnaires.events)) == 1
    audiences = progress["adviser-survey-audiences"]
    assert audiences.met
    assert audiences.short_of == ()
    assert tuple(sorted(r.key for r in audiences.audiences if r.key)) == SEED_SURVEY_AUDIENCES


def test_symposia_and_seminars(progress: dict[str, TargetProgress], loaded: Loaded) -> None:
    symposia = progress["adviser-symposia"]
    assert SEED_SYMPOSIA_ABOVE < symposia.value < SEED_SYMPOSIA_BELOW
    assert symposia.met
    assert {r.key for r in symposia.audiences if r.value} == {"enterprise", "peer_college"}
    # The symposia with the branch's own students, and one before the period, stay out.
    all_symposia = [e for e in loaded.dataset.events if e.kind == "symposium"]
    left_out = [e for e in all_symposia if e.id not in symposia.events]
    assert {a for e in left_out for a in e.audience} == {"student", "enterprise"}
    seminars = progress["adviser-seminars"]
    assert SEED_SEMINARS_ABOVE < seminars.value < SEED_SEMINARS_BELOW
    assert seminars.met
    events = {event.id: event for event in loaded.dataset.events}
    served = {unit for id in seminars.events for unit in events[id].units}
    names = {unit.id: unit.name for unit in loaded.dataset.units}
    assert {"金融服务与管理专业", "证券投资实务专业"} <= {names[unit] for unit in served}


def test_the_alliance(host: Host, progress: dict[str, TargetProgress], loaded: Loaded) -> None:
    meetings = progress["alliance-meetings"]
    assert meetings.value == SEED_ALLIANCE_MEETINGS
    events = {event.id: event for event in loaded.dataset.events}
    assert min(events[id].date for id in meetings.events).year == SEED_ALLIANCE_FOUNDED
    targets = {target.key: target for target in host.framework("cqfe").targets}
    named = {partner for id in meetings.events for partner in events[id].partners}
    colleges = progress["alliance-colleges"]
    assert colleges.value == SEED_ALLIANCE_COLLEGES
    institutions = progress["alliance-institutions"]
    assert SEED_INSTITUTIONS_ABOVE < institutions.value < SEED_INSTITUTIONS_BELOW
    for row in (colleges, institutions):
        assert row.met
        roster = set(targets[row.target].partners)
        # The figure is the members the meetings named, not the roster's length.
        assert row.value == len(named & roster) < len(roster)
    assert not set(targets["alliance-colleges"].partners) & set(
        targets["alliance-institutions"].partners
    )


def test_the_role_events_are_of_kinds_no_other_target_counts(host: Host) -> None:
    # The cooperation's figures stay as they were: none of these events is one of theirs.
    framework = host.framework("cqfe")
    roles = (*ADVISER_TARGETS, *VANGUARD_TARGETS)
    ours = {kind for t in framework.targets if t.key in roles for kind in t.event_kinds}
    for target in framework.targets:
        if target.key not in roles:
            assert not set(target.event_kinds) & ours, target.key
    for obligation in framework.obligations:
        assert obligation.event_kind not in ours


def test_the_pilot_is_credited_to_the_branch_secretary(
    loaded: Loaded, people: tuple[Person, ...]
) -> None:
    outcomes: tuple[Outcome, ...] = loaded.sections["outcomes"]
    (pilot,) = (o for o in outcomes if o.kind == "apprenticeship_pilot")
    assert pilot.level == SEED_PILOT_LEVEL
    assert "财富管理" in pilot.title
    assert "第三批现代学徒制试点" in pilot.title
    (secretary,) = (p.id for p in people if p.holds(SEED_PILOT_LEADER_ROLE, pilot.date))
    assert pilot.persons[0] == secretary
    rows = summarise_outcomes(outcomes, period=YEAR, persons={secretary})
    assert [(r.kind, r.level, r.ids) for r in rows if r.kind == "apprenticeship_pilot"] == [
        ("apprenticeship_pilot", SEED_PILOT_LEVEL, (pilot.id,))
    ]


# --- 后盾: the lists judged on 2022-08-31 ----------------------------------------------------


def test_every_list_is_judged_and_the_year_has_its_lapses(
    result: ChecklistResult, checklists: tuple[Checklist, ...]
) -> None:
    assert {totals.checklist for totals in result.checklists} == {c.key for c in checklists}
    owed = sum(totals.owed for totals in result.checklists)
    complete = sum(totals.complete for totals in result.checklists)
    overdue = sum(totals.overdue for totals in result.checklists)
    # Most items are done; some are overdue, as in a real year.
    assert complete > 0.9 * owed
    assert overdue > 0


def test_the_probationary_members_list_by_hand(
    result: ChecklistResult, people: tuple[Person, ...]
) -> None:
    # make_roles.py, PROBATIONARY: four members, probationary from 2021-11-20, so owing the
    # quarters whose deciding day comes after (2021-Q4 to 2022-Q3; not 2021-Q3, decided on
    # 2021-09-30) and both semesters: 4 x 4 reports and 4 x 2 services, 24 records.
    # Reports verified: 4 in Q4, 4 in Q1 (one after a rejection and a resubmission), 3 in Q2
    # (the fourth member's only submitted: overdue, Q2 closed on 2022-06-30), 2 in the running
    # Q3 (the third's submitted, the fourth's not written: open, not overdue): 13. Services
    # verified: 4 in the autumn, 3 in the spring (the fourth member did none: overdue): 7.
    members = sorted(p.id for p in people if p.holds("probationary_member", AS_OF))
    assert len(members) == 4
    (totals,) = (t for t in result.checklists if t.checklist == "probationary-duty")
    assert (totals.owed, totals.complete, totals.overdue, totals.versions) == (24, 20, 2, ("2021",))
    items = {t.item: (t.owed, t.complete, t.overdue) for t in result.items
             if t.checklist == "probationary-duty"}  # fmt: skip
    assert items == {"ideological-report": (16, 13, 1), "volunteer": (8, 7, 1)}
    records = [r for r in records_of(result, "probationary-duty") if r.holder == members[3]]
    assert sum(r.complete for r in records) == 3
    assert [(r.item, r.period) for r in records if r.overdue] == [
        ("ideological-report", "2022-Q2"),
        ("volunteer", "2021-2022-2"),
    ]
    # Verification is what is missing for Q2, not the report: it was submitted, never reviewed.
    (q2,) = (r for r in records if r.period == "2022-Q2")
    assert (q2.missing, q2.state) == ((), ItemState.SUBMITTED)
    # The rejected report of Q1, resubmitted, counts: both versions of it are its evidence.
    (resubmitted,) = (r for r in records_of(result, "probationary-duty")
                      if r.holder == members[1] and r.period == "2022-Q1")  # fmt: skip
    assert (resubmitted.complete, resubmitted.state, len(resubmitted.evidence)) == (
        True, ItemState.VERIFIED, 2,
    )  # fmt: skip


def test_the_secretarys_list_by_hand(result: ChecklistResult) -> None:
    # The 2021 version, in force since 2021-09-01, owed by the one secretary: the three-year
    # plan (written on 2021-10-22, due 2021-10-31), the yearly reports of 2021 (done) and 2022
    # (not due until 2022-12-31: open) and a talk in each of the five quarters from 2021-Q3
    # (all held): 8 records, 7 complete, none overdue.
    (totals,) = (t for t in result.checklists if t.checklist == "secretary-duty")
    assert (totals.owed, totals.complete, totals.overdue, totals.versions) == (8, 7, 0, ("2021",))
    (open_item,) = (r for r in records_of(result, "secretary-duty") if not r.complete)
    assert (open_item.item, open_item.period, open_item.closed) == ("annual-report", "2022", False)


def test_a_revision_keeps_the_old_versions_results(
    loaded: Loaded, checklists: tuple[Checklist, ...]
) -> None:
    # Judged in the old version's span, the members' lists name the 2019 versions.
    before = judge(loaded, checklists, dt.date(2021, 6, 30))
    for key in ("member-duty", "theory-study"):
        (totals,) = (t for t in before.checklists if t.checklist == key)
        assert totals.versions == ("2019",), key
        assert all(r.version == "2019" for r in records_of(before, key))
    # Judged a year later over 2020-2021, the closed periods keep their version and results.
    then = judge(loaded, checklists, dt.date(2021, 8, 31))
    later = judge(loaded, checklists, AS_OF, Period.parse("2020-2021"))

    def closed(found: ChecklistResult, key: str) -> list[tuple[Any, ...]]:
        return [
            (r.version, r.item, r.holder, r.period, r.done, r.complete)
            for r in records_of(found, key)
            if r.due is not None and r.due <= dt.date(2021, 8, 31)
        ]

    for key in ("member-duty", "theory-study"):
        kept = closed(then, key)
        assert kept, key
        assert {row[0] for row in kept} == {"2019"}
        assert closed(later, key) == kept, key
    # And the year after the revision is judged by the 2021 versions.
    now = judge(loaded, checklists, AS_OF)
    assert {r.version for r in records_of(now, "member-duty")} == {"2021"}


# --- the commands --------------------------------------------------------------------------


def command(name: str, *extra: str) -> Result:
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("BRANCHKIT_")}
    args = [name, str(EXAMPLES), "--framework", "cqfe", "--as-of", AS_OF.isoformat(), *extra]
    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


def document(name: str) -> dict[str, Any]:
    result = command(name, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_the_checklist_command(checklists: tuple[Checklist, ...]) -> None:
    report = document("checklist")
    assert {row["checklist"] for row in report["result"]["checklists"]} == {
        c.key for c in checklists
    }
    table = command("checklist", "--lang", "zh")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert "清单类别" in lines
    assert any(line.startswith("责任清单  6 ") for line in lines)
    assert any(line.startswith("制度清单  30 ") for line in lines)
    assert "预备党员责任清单" in table.stdout
    assert "完成一流金融专业群建设任务" in table.stdout


def test_the_targets_command() -> None:
    report = document("targets")
    shown = [row["target"] for row in report["targets"]]
    assert set(ADVISER_TARGETS) | set(VANGUARD_TARGETS) <= set(shown)
    table = command("targets", "--lang", "zh")
    assert table.exit_code == 0, table.stderr
    assert "与企业、高校座谈不少于50次" in table.stdout
    assert "联盟联结金融机构不少于10家" in table.stdout
    assert "瑞祥证券" in table.stdout


def test_the_obligations_command() -> None:
    report = document("obligations")
    (pilot,) = (row for row in report["outcomes"] if row["kind"] == "apprenticeship_pilot")
    assert pilot["level"] == SEED_PILOT_LEVEL
    table = command("obligations", "--lang", "zh")
    assert table.exit_code == 0, table.stderr
    assert "现代学徒制试点" in table.stdout


# --- the generator -------------------------------------------------------------------------


def test_the_generator_writes_the_same_file(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(EXAMPLES / "make_roles.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
