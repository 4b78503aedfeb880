"""The code of the how-to guides (docs/howto/code) works, and gives what the guides say."""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import importlib.util
import sys
import tomllib
import types
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import branchkit
from branchkit.errors import InputError
from branchkit.framework import Area, Framework, Practice
from branchkit.framework.evaluation import Evaluation
from branchkit.mechanisms import Award, Outcome
from branchkit.mechanisms.staging import Candidate, Scheme, evaluate
from branchkit.plugins import (
    ENTRY_POINT_GROUP,
    Metric,
    Paragraph,
    PointInput,
    PredicateInput,
    ReportContext,
    Table,
)
from branchkit.records import Dataset, Event, Label, Period, Unit
from branchkit.report.evaluation import EvaluationReport
from branchkit.testing import check_plugin, isolated_host

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT / "docs" / "howto" / "code"


def load(name: str) -> types.ModuleType:
    """A module of docs/howto/code, imported by its path under a name of its own."""
    spec = importlib.util.spec_from_file_location(f"howto_{name}", CODE / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PREDICATE = load("lecture_predicate")
POINTS = load("service_points")
SECTION = load("visits_section")
IMPORTER = load("roster_importer")


@pytest.mark.parametrize("module", [PREDICATE, POINTS, SECTION, IMPORTER], ids=lambda m: m.__name__)
def test_example_plugin_is_sound(module: types.ModuleType) -> None:
    check_plugin(module)


def test_example_plugins_load_together() -> None:
    host = isolated_host(PREDICATE, POINTS, SECTION, IMPORTER)
    assert list(host.predicates()) == ["lectures_since_application"]
    assert list(host.point_rules()) == ["volunteer_service"]
    assert [section.key for section in host.report_sections()] == ["dorm_visits"]
    assert sorted(host.importers()) == ["csv", "json", "roster", "toml", "xlsx", "yaml"]


# --- the condition predicate ---------------------------------------------------------------

APPLIED = dt.date(2021, 10, 8)
AS_OF = dt.date(2022, 6, 30)


def lecture(event_id: str, day: dt.date, kind: str = "party_lecture") -> Event:
    return Event(id=event_id, kind=kind, date=day, participants=("2021001",))


def judge(events: tuple[Event, ...], **facts: object) -> tuple[str, str, str]:
    predicate = isolated_host(PREDICATE).predicates()["lectures_since_application"]
    verdict = predicate.evaluate(
        PredicateInput(
            subject="2021001", facts=facts, events=events, params={"at_least": 2}, as_of=AS_OF
        )
    )
    assert verdict.facts == ("application_date",)
    return verdict.outcome.value, verdict.reason.zh, verdict.reason.en


def test_predicate_passes_with_enough_lectures() -> None:
    events = (lecture("e1", dt.date(2021, 11, 5)), lecture("e2", dt.date(2022, 3, 4)))
    assert judge(events, application_date=APPLIED) == (
        "passed",
        "申请以来参加党课2次，要求至少2次",
        "2 party lectures since applying; at least 2 required",
    )


def test_predicate_counts_only_lectures_since_applying_until_the_day_judged() -> None:
    events = (
        lecture("e0", dt.date(2021, 9, 30)),  # before applying
        lecture("e1", dt.date(2021, 11, 5)),
        lecture("e2", dt.date(2022, 3, 4), kind="theme_day"),  # not a lecture
        lecture("e3", dt.date(2022, 7, 1)),  # after the day judged
    )
    assert judge(events, application_date=APPLIED) == (
        "failed",
        "申请以来参加党课1次，要求至少2次",
        "1 party lectures since applying; at least 2 required",
    )


def test_predicate_is_unknown_without_the_application_date() -> None:
    assert judge((lecture("e1", dt.date(2021, 11, 5)),)) == (
        "unknown",
        "未登记入党申请日期",
        "no application date recorded",
    )


@pytest.mark.parametrize("wrong", [True, -1, "2", decimal.Decimal(2)])
def test_predicate_refuses_a_wrong_parameter(wrong: object) -> None:
    given = PredicateInput(
        subject="2021001", facts={}, events=(), params={"at_least": wrong}, as_of=AS_OF
    )
    with pytest.raises(ValueError, match="at_least must be a whole number"):
        PREDICATE.lectures_since_application(given)


# --- the point rule ------------------------------------------------------------------------


def service(event_id: str, day: dt.date) -> Event:
    return Event(id=event_id, kind="volunteer_service", date=day, participants=("2021001",))


def test_point_rule_awards_each_service_until_the_cap() -> None:
    rule = isolated_host(POINTS).point_rules()["volunteer_service"]
    events = (
        service("e3", dt.date(2022, 5, 20)),
        service("e1", dt.date(2022, 3, 4)),
        lecture("e9", dt.date(2022, 3, 5)),  # not a service
        service("e2", dt.date(2022, 4, 1)),
    )
    given = PointInput(
        subject="2021001",
        facts={},
        events=events,
        params={"per_event": "0.4", "cap": "1"},
        period=None,
    )
    assert list(rule.compute(given)) == [
        Award(
            points=decimal.Decimal("0.4"),
            reason=Label(zh="志愿服务（2022-03-04）", en="volunteer service on 2022-03-04"),
            sources=("e1",),
        ),
        Award(
            points=decimal.Decimal("0.4"),
            reason=Label(zh="志愿服务（2022-04-01）", en="volunteer service on 2022-04-01"),
            sources=("e2",),
        ),
        # The cap leaves 0.2 for the third service.
        Award(
            points=decimal.Decimal("0.2"),
            reason=Label(zh="志愿服务（2022-05-20）", en="volunteer service on 2022-05-20"),
            sources=("e3",),
        ),
    ]


def test_point_rule_defaults_and_nothing_to_award() -> None:
    given = PointInput(subject="2021001", facts={}, events=(), params={}, period=None)
    assert POINTS.volunteer_service(given) == []


@pytest.mark.parametrize("wrong", [0.5, True, "half"])
def test_point_rule_refuses_inexact_points(wrong: object) -> None:
    given = PointInput(
        subject="2021001", facts={}, events=(), params={"per_event": wrong}, period=None
    )
    with pytest.raises(ValueError, match="per_event must be exact points"):
        POINTS.volunteer_service(given)


# --- both in a scheme ----------------------------------------------------------------------


def test_scheme_names_the_predicate_and_the_rule() -> None:
    host = isolated_host(PREDICATE, POINTS)
    (scheme,) = host.load(CODE / "activists.toml").sections["schemes"]
    assert isinstance(scheme, Scheme)
    candidates = [
        Candidate(
            id="2021001", name="王芳", stage="applicant", facts={"application_date": APPLIED}
        ),
        Candidate(id="2021002", name="李伟", stage="applicant", facts={}),
    ]
    events = [
        Event(id="e1", kind="party_lecture", date=dt.date(2021, 11, 5),
              participants=("2021001", "2021002")),
        Event(id="e2", kind="party_lecture", date=dt.date(2022, 3, 4), participants=("2021001",)),
        Event(id="e3", kind="volunteer_service", date=dt.date(2022, 4, 1),
              participants=("2021001",)),
        Event(id="e4", kind="volunteer_service", date=dt.date(2022, 5, 1),
              participants=("2021001", "2021002")),
        Event(id="e5", kind="volunteer_service", date=dt.date(2022, 5, 20),
              participants=("2021001",)),
    ]  # fmt: skip
    result = evaluate(
        scheme,
        candidates,
        as_of=AS_OF,
        events=events,
        predicates={key: found.evaluate for key, found in host.predicates().items()},
        point_rules={key: found.compute for key, found in host.point_rules().items()},
    )
    found = {
        c.id: (c.eligible, c.rank, str(c.total), [(g.outcome, g.reason.en) for g in c.gates])
        for c in result.candidates
    }
    assert found == {
        "2021001": (
            True,
            1,
            "1.00",
            [(Outcome.PASSED, "2 party lectures since applying; at least 2 required")],
        ),
        "2021002": (False, None, "0.50", [(Outcome.UNKNOWN, "no application date recorded")]),
    }


# --- the report section --------------------------------------------------------------------

FRAMEWORK = Framework(
    key="my-branch",
    label=Label(zh="示例党支部", en="Demo Branch"),
    organisation=Label(zh="示例学院", en="Demo College"),
    areas=(
        Area(
            key="students",
            label=Label(zh="服务学生", en="Serving students"),
            approach=Label(zh="走访", en="visits"),
            practices=(Practice(key="visits", label=Label(zh="走访寝室", en="Dorm visits")),),
        ),
    ),
)
UNITS = (
    Unit(id="d2101-1", kind="dorm", name="2101班1号宿舍"),
    Unit(id="d2101-2", kind="dorm", name="2101班2号宿舍"),
)


def visit(event_id: str, day: dt.date, *units: str, people: int = 2) -> Event:
    participants = tuple(f"202100{index}" for index in range(1, people + 1))
    return Event(id=event_id, kind="dorm_visit", date=day, units=units, participants=participants)


def context(*events: Event, period: Period | None) -> ReportContext:
    dataset = Dataset(units=UNITS, events=events)
    return ReportContext(framework=FRAMEWORK, dataset=dataset, period=period, language="zh")


def test_report_section_builds_its_blocks() -> None:
    (section,) = isolated_host(SECTION).report_sections("my-branch")
    events = (
        visit("v2", dt.date(2022, 3, 10), "d2101-1", "d2101-2", people=3),
        visit("v1", dt.date(2021, 10, 12), "d2101-1"),
        visit("v0", dt.date(2021, 6, 1), "d2101-2"),  # before the period
        Event(id="e1", kind="theme_day", date=dt.date(2021, 11, 1)),
    )
    blocks = list(section.build(context(*events, period=Period.academic_year(2021))))
    assert blocks == [
        Metric(label=Label(zh="走访次数", en="visits"), value=2),
        Metric(label=Label(zh="走访寝室数", en="dorms visited"), value=2),
        Table(
            columns=(
                Label(zh="日期", en="date"),
                Label(zh="寝室", en="dorms"),
                Label(zh="参加人数", en="participants"),
            ),
            rows=(
                ("2021-10-12", "2101班1号宿舍", 2),
                ("2022-03-10", "2101班1号宿舍、2101班2号宿舍", 3),
            ),
        ),
    ]


def test_report_section_without_visits_says_so() -> None:
    blocks = SECTION.build_visits(context(period=None))
    assert blocks == [
        Paragraph(text=Label(zh="本期没有走访寝室记录。", en="No dorm visits this period."))
    ]


def test_report_section_is_rendered_as_tables() -> None:
    evaluation = Evaluation(
        framework="my-branch",
        period=Period.academic_year(2021),
        as_of=dt.date(2022, 8, 31),
        indicators=(),
        scorecards=(),
        rules="ab" * 32,
        data="cd" * 32,
    )
    report = EvaluationReport(
        framework=FRAMEWORK,
        evaluation=evaluation,
        sections=isolated_host(SECTION).report_sections("my-branch"),
        dataset=Dataset(units=UNITS, events=(visit("v1", dt.date(2021, 10, 12), "d2101-1"),)),
    )
    assert [(table.key, table.title.zh, table.rows) for table in report.tables("zh")] == [
        (
            "section:dorm_visits:0",
            "走访寝室",
            [["项目", "数值"], ["走访次数", "1"], ["走访寝室数", "1"]],
        ),
        (
            "section:dorm_visits:1",
            "走访寝室",
            [["日期", "寝室", "参加人数"], ["2021-10-12", "2101班1号宿舍", "2"]],
        ),
    ]


def test_report_section_is_only_in_its_frameworks_reports() -> None:
    host = isolated_host(SECTION)
    assert host.report_sections("other-branch") == ()
    assert host.label("event_kind", "dorm_visit") == Label(zh="走访寝室", en="dorm visit")


# --- the importer --------------------------------------------------------------------------


def test_importer_reads_a_roster(tmp_path: Path) -> None:
    roster = tmp_path / "2101班.roster.txt"
    roster.write_text("# 学号 姓名\n2021001 王芳\n\n2021002\t李伟\n", encoding="utf-8")
    host = isolated_host(IMPORTER)
    importer = host.importer_for(roster)
    assert importer is not None
    assert importer.key == "roster"
    people = host.load(roster).dataset.people
    assert [(person.id, person.name) for person in people] == [
        ("2021001", "王芳"),
        ("2021002", "李伟"),
    ]


def test_importer_names_every_bad_line(tmp_path: Path) -> None:
    roster = tmp_path / "2101班.roster.txt"
    roster.write_text("2021001 王芳\n2021002\n2021003 李 伟\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        isolated_host(IMPORTER).load(roster)
    assert [(problem.location, problem.message) for problem in caught.value.problems] == [
        ("line 2", "expected 学号 and 姓名, got 1 columns"),
        ("line 3", "expected 学号 and 姓名, got 3 columns"),
    ]


def test_importer_problems_of_records_name_the_line(tmp_path: Path) -> None:
    roster = tmp_path / "2101班.roster.txt"
    roster.write_text("# 花名册\n2021001 王芳\n2021001 李伟\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        isolated_host(IMPORTER).load(roster)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{roster}: line 3, column 学号: duplicate '2021001' (first at line 2)"
    ]


def test_importer_locator_names_line_and_column(tmp_path: Path) -> None:
    roster = tmp_path / "2101班.roster.txt"
    roster.write_text("# 花名册\n2021001 王芳\n2021002 李伟\n", encoding="utf-8")
    document = IMPORTER.read_roster(roster)
    assert document.locate(("people", 1, "name")) == "line 3, column 姓名"
    assert document.locate(("people", 0)) == "line 2"
    assert document.locate(("people", 5, "id")) is None


# --- publishing ----------------------------------------------------------------------------

PYPROJECT = tomllib.loads((CODE / "plugin-pyproject.toml").read_text(encoding="utf-8"))
OWN_PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def python_versions(classifiers: list[str]) -> list[str]:
    prefix = "Programming Language :: Python :: 3."
    return [f"3.{c.removeprefix(prefix)}" for c in classifiers if c.startswith(prefix)]


def test_published_plugin_registers_under_branchkits_group() -> None:
    assert PYPROJECT["project"]["entry-points"] == {
        ENTRY_POINT_GROUP: {"my-branch": "my_branch.hooks"}
    }


def test_published_plugin_depends_on_this_minor_release_only() -> None:
    (requirement,) = PYPROJECT["project"]["dependencies"]
    name, _, specifiers = requirement.partition(">")
    allowed = SpecifierSet(">" + specifiers)
    current = Version(branchkit.__version__)
    assert name == "branchkit"
    assert current in allowed
    assert Version(f"{current.major}.{current.minor + 1}.0") not in allowed


def test_published_plugin_supports_branchkits_pythons() -> None:
    own = python_versions(OWN_PYPROJECT["project"]["classifiers"])
    assert python_versions(PYPROJECT["project"]["classifiers"]) == own
    assert PYPROJECT["project"]["requires-python"] == OWN_PYPROJECT["project"]["requires-python"]
    tree = ast.parse((CODE / "plugin-noxfile.py").read_text(encoding="utf-8"))
    pythons = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == "PYTHONS" for target in node.targets)
    )
    assert ast.literal_eval(pythons) == own


def test_published_plugin_turns_deprecations_into_errors() -> None:
    (wanted,) = PYPROJECT["tool"]["pytest"]["ini_options"]["filterwarnings"]
    action, _, category = wanted.partition("::")
    module, _, name = category.rpartition(".")
    assert action == "error"
    assert (
        getattr(importlib.import_module(module), name)
        is branchkit.errors.BranchkitDeprecationWarning
    )


def test_published_plugins_own_tests_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # The guide's tests import the plugin as my_branch.hooks: here it is the section's module.
    package = types.ModuleType("my_branch")
    package.hooks = SECTION  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "my_branch", package)
    monkeypatch.setitem(sys.modules, "my_branch.hooks", SECTION)
    tests = load("plugin_tests")
    names = sorted(name for name in vars(tests) if name.startswith("test_"))
    assert names == ["test_the_plugin_is_sound", "test_the_plugin_loads_beside_the_builtins"]
    for name in names:
        getattr(tests, name)()
