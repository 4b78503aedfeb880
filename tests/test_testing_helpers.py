"""The helpers for plugin authors: isolated hosts, the plugin checker, builders, assertions."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import branchkit_cpc.hooks
import branchkit_cqfe.hooks
from branchkit import Framework, Label, Term, hookimpl
from branchkit.errors import PluginConflictError, PluginContributionError
from branchkit.mechanisms import Outcome
from branchkit.mechanisms.staging import StagingResult, evaluate
from branchkit.plugins import BLOCK_ENV, BUILTIN_NAME, hookspecs
from branchkit.plugins.host import contribution_type
from branchkit.records import Period, dataset_problems
from branchkit.testing import (
    GIVEN_NAMES,
    SURNAMES,
    assert_eligible,
    assert_excluded_by,
    assert_not_selected,
    assert_selected,
    check_plugin,
    dataset,
    events,
    isolated_host,
    names,
    people,
    plugin_files,
    plugin_problems,
)
from tests.staging_support import candidate, pk_scheme, reports
from tests.test_plugins import framework

YEAR = Period.academic_year(2021)
ROOT = Path(__file__).resolve().parents[1]


def plugin(name: str, **hooks: Callable[..., object]) -> types.ModuleType:
    """A plugin module whose functions are the hooks given, each marked."""
    module = types.ModuleType(name)
    for attribute, function in hooks.items():
        setattr(module, attribute, hookimpl(function))
    return module


def term(key: str, zh: str = "导师", en: str = "mentor") -> Term:
    return Term(vocabulary="role", key=key, label=Label(zh=zh, en=en))


def terms_plugin(name: str, *keys: str) -> types.ModuleType:
    return plugin(name, branchkit_terms=lambda: [term(key) for key in keys])


def blank_english(zh: str) -> Label:
    """A label whose English text is blank, as only a careless build can make one."""
    label = Label(zh=zh, en="placeholder")
    object.__setattr__(label, "en", "")
    return label


# Isolated hosts


def test_isolated_host_has_only_the_builtins_and_the_plugins_named() -> None:
    host = isolated_host(terms_plugin("mentors", "mentor"), names=["mine"])
    assert [info.source.name for info in host.plugins] == [BUILTIN_NAME, "mine"]
    assert "cpc" not in host.frameworks()
    assert "cqfe" not in host.frameworks()
    assert host.label("role", "mentor") == Label(zh="导师", en="mentor")
    assert host.failures == ()


def test_isolated_hosts_share_nothing() -> None:
    first = isolated_host(terms_plugin("mentors", "mentor"))
    second = isolated_host()
    third = isolated_host(terms_plugin("mentors", "mentee"))
    assert [info.source.name for info in second.plugins] == [BUILTIN_NAME]
    assert second.label("role", "mentor") is None
    assert third.label("role", "mentor") is None
    assert third.label("role", "mentee") is not None
    assert first.label("role", "mentee") is None


def test_isolated_host_ignores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BLOCK_ENV, "mentors")
    host = isolated_host(terms_plugin("mentors", "mentor"))
    assert [info.source.name for info in host.plugins] == [BUILTIN_NAME, "mentors"]


def test_isolated_host_takes_one_name_per_plugin() -> None:
    with pytest.raises(ValueError, match="2 names given for 1 plugins"):
        isolated_host(terms_plugin("mentors", "mentor"), names=["a", "b"])


def test_isolated_host_loads_the_real_plugins_by_name() -> None:
    host = isolated_host(branchkit_cpc.hooks, branchkit_cqfe.hooks, names=["cpc", "cqfe"])
    assert sorted(host.frameworks()) == ["cpc", "cqfe"]


# The plugin checker


@pytest.mark.parametrize("module", [branchkit_cpc.hooks, branchkit_cqfe.hooks])
def test_the_real_plugins_pass(module: types.ModuleType) -> None:
    assert plugin_problems(module) == ()
    check_plugin(module)


def test_a_misspelled_hook_is_named_with_the_hook_meant() -> None:
    broken = plugin("typo", branchkit_term=lambda: [term("mentor")])
    assert plugin_problems(broken) == (
        "branchkit_term is not a branchkit hook; did you mean branchkit_terms?",
    )


def test_a_hook_with_arguments_its_spec_lacks_is_named() -> None:
    def branchkit_terms(vocabulary: str) -> list[Term]:
        return []

    (problem,) = plugin_problems(plugin("args", branchkit_terms=branchkit_terms))
    assert problem.startswith("branchkit_terms does not match its hook: ")
    assert "vocabulary" in problem
    assert "\n" not in problem


def test_an_unmarked_hook_is_named() -> None:
    module = types.ModuleType("unmarked")

    def branchkit_terms() -> list[Term]:
        return []

    module.branchkit_terms = branchkit_terms  # type: ignore[attr-defined]
    assert plugin_problems(module) == (
        "branchkit_terms is not marked with @hookimpl, so it is never called",
    )


def test_a_label_without_english_is_named() -> None:
    raising = plugin("raising", branchkit_terms=lambda: [term("mentor", en="")])
    (problem,) = plugin_problems(raising)
    assert problem.startswith("branchkit_terms raised RecordError: invalid Label: $.en:")
    blank = Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))
    object.__setattr__(blank, "label", blank_english("导师"))
    assert plugin_problems(plugin("blank", branchkit_terms=lambda: [blank])) == (
        "branchkit_terms: role/mentor.label has a label without its en text",
    )


def test_a_duplicate_key_is_named() -> None:
    twice = terms_plugin("twice", "mentor", "mentee", "mentor")
    assert plugin_problems(twice) == (
        "branchkit_terms: the key 'role/mentor' is contributed twice",
    )


def test_wrong_returns_are_named() -> None:
    broken = plugin(
        "wrong",
        branchkit_terms=lambda: "mentor",
        branchkit_frameworks=lambda: [term("mentor")],
    )
    assert plugin_problems(broken) == (
        "branchkit_frameworks: item 0 is a Term, not a Framework",
        "branchkit_terms must return a list, not str",
    )


def test_a_framework_that_does_not_structure_back_is_named() -> None:
    built = framework("mine")
    object.__setattr__(built, "label", blank_english("支部"))
    problems = plugin_problems(plugin("mine", branchkit_frameworks=lambda: [built]))
    assert "branchkit_frameworks: mine.label has a label without its en text" in problems
    assert any(
        line.startswith("branchkit_frameworks: framework 'mine'") and "label" in line
        for line in problems
    ), problems


def test_a_conflict_with_the_builtins_is_named() -> None:
    dorm_kind = Term(vocabulary="unit_kind", key="dorm", label=Label(zh="宿舍", en="dorm"))
    dorm = plugin("dorms", branchkit_terms=lambda: [dorm_kind])
    (problem,) = plugin_problems(dorm)
    assert "term 'unit_kind/dorm' is contributed twice" in problem
    with pytest.raises(PluginConflictError):
        isolated_host(dorm)


def test_check_plugin_raises_every_problem_at_once() -> None:
    def branchkit_frameworks() -> Sequence[Framework]:
        return [framework("mine")]

    broken = plugin(
        "broken",
        branchkit_term=lambda: [term("mentee")],
        branchkit_terms=lambda: [term("mentor"), term("mentor")],
        branchkit_frameworks=branchkit_frameworks,
    )
    with pytest.raises(PluginContributionError) as raised:
        check_plugin(broken)
    lines = str(raised.value).splitlines()
    assert lines[0] == "plugin broken has 2 problems:"
    assert lines[1:] == [
        "branchkit_term is not a branchkit hook; did you mean branchkit_terms?",
        "branchkit_terms: the key 'role/mentor' is contributed twice",
    ]


# A plugin's files


def package_plugin(root: Path, package: str, files: dict[str, str]) -> types.ModuleType:
    """A plugin module ``<package>.hooks`` on disk under ``root``, with ``files`` beside it."""
    folder = root / package
    (folder / "examples").mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    (folder / "hooks.py").write_text(
        "from branchkit import Label, Term, hookimpl\n\n"
        "@hookimpl\n"
        "def branchkit_terms():\n"
        '    return [Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))]\n',
        encoding="utf-8",
    )
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    # A file in a sub-folder is an example, not a part of the plugin: never read.
    (folder / "examples" / "broken.toml").write_text("not toml", encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(f"{package}.hooks")
    finally:
        sys.path.remove(str(root))


PERSON = (
    '[[people]]\nid = "2024001"\nname = "林晓"\nroles = [{ role = "ROLE", start = 2024-09-01 }]\n'
)


def test_a_plugins_files_are_the_toml_files_beside_its_module(tmp_path: Path) -> None:
    hooks = package_plugin(tmp_path, "files_found", {"b.toml": "", "a.toml": "", "notes.txt": "x"})
    assert [entry.name for entry in plugin_files(hooks)] == ["a.toml", "b.toml"]
    assert plugin_files(terms_plugin("alone", "mentor")) == ()
    assert [entry.name for entry in plugin_files(branchkit_cqfe.hooks)] == [
        "contacts.toml", "cooperation.toml", "development.toml", "evaluation.toml",
        "framework.toml", "literacy.toml", "roles.toml", "teachers.toml", "terms.toml",
    ]  # fmt: skip


def test_every_problem_of_a_plugins_files_is_named_with_its_vocabulary(tmp_path: Path) -> None:
    hooks = package_plugin(
        tmp_path,
        "files_checked",
        {
            "people.toml": PERSON.replace("ROLE", "mentor"),
            "typo.toml": PERSON.replace("ROLE", "mentr"),
            "wrong.toml": '[[people]]\nid = 7\nname = "林晓"\n',
        },
    )
    problems = plugin_problems(hooks)
    assert len(problems) == 2, problems
    typo, wrong = problems
    assert typo.startswith(str(tmp_path / "files_checked" / "typo.toml"))
    assert "mentr" in typo
    assert (
        wrong
        == f"{tmp_path / 'files_checked' / 'wrong.toml'}: $.people[0].id: expected a string, got 7"
    )
    assert plugin_problems(hooks, files=[]) == ()
    assert plugin_problems(hooks, files=[tmp_path / "files_checked" / "wrong.toml"]) == (wrong,)


def test_files_are_read_with_the_plugins_it_is_used_with(tmp_path: Path) -> None:
    # A national role (cpc's) used in the plugin's file is known only alongside cpc.
    hooks = package_plugin(
        tmp_path, "files_alongside", {"people.toml": PERSON.replace("ROLE", "branch_secretary")}
    )
    assert len(plugin_problems(hooks)) == 1
    assert plugin_problems(hooks, alongside=[branchkit_cpc.hooks]) == ()
    check_plugin(hooks, alongside=[branchkit_cpc.hooks])


def test_the_shipped_plugins_files_are_sound() -> None:
    assert plugin_problems(branchkit_cpc.hooks) == ()
    assert plugin_problems(branchkit_cqfe.hooks, alongside=[branchkit_cpc.hooks]) == ()


# Builders


def test_builders_are_deterministic_per_seed() -> None:
    assert people(20, seed=1, period=YEAR) == people(20, seed=1, period=YEAR)
    assert people(20, seed=1, period=YEAR) != people(20, seed=2, period=YEAR)
    assert dataset(9, seed=4, period=YEAR, event_count=5) == dataset(
        9, seed=4, period=YEAR, event_count=5
    )


def test_names_look_chinese_and_ids_follow_the_cohort() -> None:
    built = people(12, seed=3, period=YEAR, cohort=2022)
    assert [person.id for person in built][:3] == ["2022001", "2022002", "2022003"]
    for person in built:
        assert person.name[0] in SURNAMES
        assert person.name[1:] in GIVEN_NAMES
    assert len(set(names(400, seed=9))) == 400


def test_built_records_are_consistent() -> None:
    built = dataset(15, seed=8, period=YEAR, roles=("activist", "applicant"), event_count=10)
    assert list(dataset_problems(built)) == []
    kind_of = {unit.id: unit.kind for unit in built.units}
    for index, person in enumerate(built.people):
        (role,) = person.roles
        assert role.role == ("activist", "applicant")[index % 2]
        assert role.start is not None
        assert YEAR.contains(role.start)
        assert person.birth_date is not None
        assert person.birth_date < YEAR.start
        joined = person.units_on(YEAR.start)
        assert joined <= kind_of.keys()
        assert sorted(kind_of[unit_id] for unit_id in joined) == ["class", "dorm"]
    for event in built.events:
        assert YEAR.contains(event.date)
        assert 1 <= len(event.participants) <= 3
    assert [event.date for event in built.events] == sorted(event.date for event in built.events)


def test_builders_refuse_what_they_cannot_build() -> None:
    with pytest.raises(ValueError, match="role"):
        people(1, seed=0, period=YEAR, roles=())
    with pytest.raises(ValueError, match="participant"):
        events((), 1, seed=0, period=YEAR)


# Assertions on a real staging result


def contest_result() -> StagingResult:
    """The points contest: 2021001 and 2021002 selected, 2021003 over the quota, two out."""
    day = dt.date
    candidates = (
        candidate("2021001", activist_date=day(2021, 3, 1), exam_score=90, service_hours=45),
        candidate("2021002", activist_date=day(2021, 3, 1), exam_score=75, service_hours=38),
        candidate("2021003", activist_date=day(2021, 2, 1), exam_score=80, service_hours=10),
        candidate("2021007", activist_date=day(2021, 3, 1), exam_score=55, service_hours=50),
        candidate("2021008", exam_score=88),
    )
    events = [
        *reports("2021001", 6, day(2022, 1, 3)),
        *reports("2021002", 8, day(2022, 1, 3)),
    ]
    return evaluate(pk_scheme(quota=2), candidates, as_of=day(2022, 6, 30), events=events)


@pytest.fixture(scope="module")
def contest() -> StagingResult:
    return contest_result()


def test_assertions_pass_on_what_holds(contest: StagingResult) -> None:
    assert_selected(contest, "2021001", "2021002", exactly=True)
    assert_not_selected(contest, "2021003", "2021007", "2021008")
    assert_eligible(contest, "2021003")
    assert_excluded_by(contest, "2021007", "exam", outcome=Outcome.FAILED)
    assert_excluded_by(contest, "2021008", "one_year", outcome=Outcome.UNKNOWN)


def test_assert_excluded_by_says_why_not(contest: StagingResult) -> None:
    with pytest.raises(AssertionError) as raised:
        assert_excluded_by(contest, "2021001", "exam")
    message = str(raised.value)
    assert message.startswith("candidate '2021001' is not excluded by 'exam': eligible=True")
    assert "exam passed (exam score is 90; required at least 60)" in message
    with pytest.raises(AssertionError, match="has no gate 'vote'; gates: one_year passed"):
        assert_excluded_by(contest, "2021007", "vote")
    with pytest.raises(AssertionError, match="'exam' is failed, not unknown: exam score is 55"):
        assert_excluded_by(contest, "2021007", "exam", outcome=Outcome.UNKNOWN)
    with pytest.raises(AssertionError, match=r"no candidate '2029999'.*2021001, 2021002"):
        assert_excluded_by(contest, "2029999", "exam")


def test_selection_assertions_say_why_not(contest: StagingResult) -> None:
    with pytest.raises(AssertionError) as raised:
        assert_selected(contest, "2021001", "2021003", "2021007")
    message = str(raised.value)
    assert message.startswith("not selected: '2021003' (rank 3, eligible, quota 2), '2021007'")
    assert "ineligible: one_year passed" in message
    assert "exam failed" in message
    assert message.endswith("; selected: 2021001, 2021002")
    with pytest.raises(AssertionError, match="selected besides those named: 2021002"):
        assert_selected(contest, "2021001", exactly=True)
    with pytest.raises(AssertionError, match=r"selected after all: '2021001' \(rank 1\)"):
        assert_not_selected(contest, "2021001", "2021003")
    with pytest.raises(AssertionError, match="'2021008' is not eligible; gates: one_year unknown"):
        assert_eligible(contest, "2021008")


def test_assertions_still_fail_under_optimisation() -> None:
    code = (
        "import sys; from tests.test_testing_helpers import contest_result; "
        "from branchkit.testing import assert_selected\n"
        "try:\n    assert_selected(contest_result(), '2021003')\n"
        "except AssertionError:\n    sys.exit(0)\nsys.exit(1)"
    )
    done = subprocess.run([sys.executable, "-O", "-c", code], check=False, cwd=ROOT)
    assert done.returncode == 0


def test_importing_the_helpers_does_not_import_pytest() -> None:
    code = "import branchkit.testing, sys; assert 'pytest' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


@pytest.mark.parametrize("hook", hookspecs.__all__)
def test_each_hooks_contribution_type_is_the_one_its_spec_returns(hook: str) -> None:
    returned = typing.get_type_hints(getattr(hookspecs, hook))["return"]
    assert typing.get_args(returned) == (contribution_type(hook),)
