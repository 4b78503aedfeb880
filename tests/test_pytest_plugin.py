"""The opt-in pytest plugin: its fixtures, in a pytest run of their own (pytester)."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

# A plugin module for the inner runs: one term, and a framework file beside it.
MENTOR_PLUGIN = """
from branchkit import Label, Term, hookimpl

@hookimpl
def branchkit_terms():
    return [Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))]
"""

CONFTEST = """
pytest_plugins = ["branchkit.pytest_plugin"]

import pytest
import mentors


@pytest.fixture
def branchkit_plugins():
    return [mentors]
"""

VALID_RECORDS = """
[[people]]
id = "2024001"
name = "林晓"
roles = [{ role = "mentor", start = 2024-09-01 }]
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A test project whose conftest opts in and names the mentors plugin."""
    pytester.syspathinsert()
    pytester.makepyfile(mentors=MENTOR_PLUGIN)
    pytester.makeconftest(CONFTEST)
    return pytester


def run(pytester: pytest.Pytester, tests: str) -> pytest.RunResult:
    pytester.makepyfile(test_inner=textwrap.dedent(tests))
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-W", "error")


def test_without_opting_in_there_are_no_fixtures(pytester: pytest.Pytester) -> None:
    result = run(pytester, "def test_host(branchkit_host):\n    pass\n")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'branchkit_host' not found*"])


def test_the_host_has_the_named_plugins_and_no_installed_one(project: pytest.Pytester) -> None:
    # branchkit-cpc and branchkit-cqfe are installed here; the host must not see them.
    result = run(
        project,
        """
        def test_host(branchkit_host):
            assert [info.source.name for info in branchkit_host.plugins] == ["builtin", "mentors"]
            assert branchkit_host.label("role", "mentor").en == "mentor"
            assert branchkit_host.frameworks() == {}
        """,
    )
    result.assert_outcomes(passed=1)


def test_each_test_gets_a_new_host(project: pytest.Pytester) -> None:
    result = run(
        project,
        """
        seen = []

        def test_first(branchkit_host):
            seen.append(branchkit_host)

        def test_second(branchkit_host):
            assert seen and branchkit_host is not seen[0]
        """,
    )
    result.assert_outcomes(passed=2)


def test_problems_are_empty_for_a_sound_plugin(project: pytest.Pytester) -> None:
    result = run(
        project, "def test_sound(branchkit_problems):\n    assert branchkit_problems == ()\n"
    )
    result.assert_outcomes(passed=1)


def test_problems_name_every_problem_of_a_broken_plugin(pytester: pytest.Pytester) -> None:
    pytester.syspathinsert()
    pytester.makepyfile(
        broken="""
        from branchkit import Label, Term, hookimpl

        @hookimpl
        def branchkit_term():
            return []

        @hookimpl
        def branchkit_terms():
            return [Term(vocabulary="role", key="mentor", label=Label(zh="导师", en=" "))]
        """
    )
    pytester.makeconftest(CONFTEST.replace("mentors", "broken"))
    result = run(
        pytester,
        """
        def test_problems(branchkit_problems):
            assert branchkit_problems == (
                "branchkit_term is not a branchkit hook; did you mean branchkit_terms?",
                "branchkit_terms raised RecordError: invalid Label: $.en: must not be empty",
            )
        """,
    )
    result.assert_outcomes(passed=1)


def test_load_reads_with_the_plugins_vocabulary(project: pytest.Pytester) -> None:
    project.makefile(".toml", records=VALID_RECORDS)
    project.makefile(".toml", unknown=VALID_RECORDS.replace('"mentor"', '"mentr"'))
    result = run(
        project,
        """
        import pytest
        from branchkit.errors import InputError

        def test_known_role(branchkit_load):
            loaded = branchkit_load("records.toml")
            assert [person.id for person in loaded.dataset.people] == ["2024001"]

        def test_unknown_role(branchkit_load):
            with pytest.raises(InputError, match="mentr"):
                branchkit_load("unknown.toml")
        """,
    )
    result.assert_outcomes(passed=2)


def test_the_dataset_is_the_same_for_a_seed_and_the_seed_can_be_overridden(
    project: pytest.Pytester,
) -> None:
    result = run(
        project,
        """
        import pytest
        from branchkit.records import Period
        from branchkit.testing import dataset

        def test_default(branchkit_dataset):
            assert len(branchkit_dataset.people) == 12
            assert len(branchkit_dataset.events) == 6
            assert branchkit_dataset.periods == (Period.academic_year(2024),)
            assert branchkit_dataset == dataset(
                12, seed=0, period=Period.academic_year(2024), event_count=6
            )

        class TestOtherSeed:
            @pytest.fixture
            def branchkit_seed(self):
                return 7

            def test_seeded(self, branchkit_dataset):
                assert branchkit_dataset == dataset(
                    12, seed=7, period=Period.academic_year(2024), event_count=6
                )
        """,
    )
    result.assert_outcomes(passed=2)


def test_the_cli_runs_with_the_isolated_host(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The machine's settings would block the plugin; the runner must not read them.
    monkeypatch.setenv("BRANCHKIT_BLOCK_PLUGINS", "mentors")
    project.makefile(".toml", records=VALID_RECORDS)
    result = run(
        project,
        """
        import json

        def test_plugins(branchkit_cli):
            result = branchkit_cli("plugins", "--format", "json")
            assert result.exit_code == 0, result.stderr
            names = [plugin["name"] for plugin in json.loads(result.stdout)["plugins"]]
            assert names == ["builtin", "mentors"]

        def test_validate(branchkit_cli, tmp_path):
            result = branchkit_cli("validate", "records.toml")
            assert (result.exit_code, result.stdout) == (0, "records.toml: ok\\n")
            (tmp_path / "bad.toml").write_text("[[people]]\\nid = 1\\n", encoding="utf-8")
            result = branchkit_cli("validate", tmp_path / "bad.toml")
            assert result.exit_code == 1
            assert "expected a string, got 1" in result.stdout
        """,
    )
    result.assert_outcomes(passed=2)
