"""Plugin loading: entry points, failures, strictness, blocking, hook checks and conflicts."""

from __future__ import annotations

import logging
import types
from pathlib import Path

import pytest

from branchkit import Area, Framework, Label, Practice, Term, hookimpl
from branchkit.errors import (
    PluginConflictError,
    PluginContributionError,
    PluginHookError,
    PluginLoadError,
)
from branchkit.plugins import BUILTIN_NAME, STRICT_ENV, Host, PluginSettings, PluginSource
from tests.fakes import BROKEN, CONFLICTING, EXTRA_TERM, MISSPELLED, make_distribution

NO_ENV: dict[str, str] = {}


def source(name: str, distribution: str = "test-plugins", version: str = "1.0") -> PluginSource:
    return PluginSource(name=name, distribution=distribution, version=version)


def plugin_module(name: str, **functions: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for attribute, function in functions.items():
        setattr(module, attribute, function)
    return module


def framework(key: str) -> Framework:
    practice = Practice(key="practice", label=Label(zh="做法", en="practice"))
    area = Area(
        key="area",
        label=Label(zh="领域", en="area"),
        approach=Label(zh="路径", en="approach"),
        practices=(practice,),
    )
    return Framework(
        key=key,
        label=Label(zh="支部", en="branch"),
        organisation=Label(zh="学院", en="college"),
        areas=(area,),
    )


@pytest.fixture
def fake_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path where tests write fake distributions."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    return site


def test_installed_plugins_load_with_their_distributions() -> None:
    host = Host.create(environ=NO_ENV)
    found = {plugin.source.name: plugin.source for plugin in host.plugins}
    assert found[BUILTIN_NAME].distribution == "branchkit"
    assert found["cpc"].distribution == "branchkit-cpc"
    assert found["cqfe"].distribution == "branchkit-cqfe"
    assert host.failures == ()


def test_builtin_plugin_contributes_importers_sections_and_unit_kinds() -> None:
    host = Host.create(autoload=False, environ=NO_ENV)
    assert [plugin.source.name for plugin in host.plugins] == [BUILTIN_NAME]
    builtin = host.plugins[0]
    assert builtin.hooks == (
        "branchkit_importers",
        "branchkit_indicator_sources",
        "branchkit_sections",
        "branchkit_terms",
    )
    assert sorted(host.importers()) == ["csv", "json", "toml", "xlsx", "yaml"]
    assert sorted(host.sections()) == [
        "alignments",
        "assessments",
        "assignments",
        "candidates",
        "cases",
        "checklists",
        "events",
        "evidence",
        "follow_ups",
        "framework",
        "indicators",
        "item_transitions",
        "memberships",
        "obligations",
        "outcomes",
        "pair_rules",
        "pairings",
        "people",
        "periods",
        "plans",
        "preferences",
        "profiles",
        "role_spans",
        "rubrics",
        "schemes",
        "standards",
        "targets",
        "terms",
        "tiers",
        "units",
    ]
    assert "dorm" in host.vocabulary()["unit_kind"]


def test_broken_plugin_is_skipped_and_reported(
    fake_site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_distribution(
        fake_site, "branchkit-broken", "2.3", entry_points={"broken": "bk_broken"},
        modules={"bk_broken": BROKEN},
    )  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="branchkit.plugins.manager"):
        host = Host.create(environ=NO_ENV)
    assert [str(failure) for failure in host.failures] == [
        "plugin broken (branchkit-broken 2.3) failed to load and was skipped: "
        "ImportError: this plugin needs a package that is not installed"
    ]
    assert "broken" not in {plugin.source.name for plugin in host.plugins}
    assert "cqfe" in host.frameworks()
    assert "branchkit-broken 2.3" in caplog.text


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_strict_mode_makes_a_broken_plugin_an_error(fake_site: Path, how: str) -> None:
    make_distribution(
        fake_site, "branchkit-broken", "2.3", entry_points={"broken": "bk_broken"},
        modules={"bk_broken": BROKEN},
    )  # fmt: skip
    strict, environ = (True, NO_ENV) if how == "argument" else (None, {STRICT_ENV: "1"})
    with pytest.raises(PluginLoadError) as caught:
        Host.create(strict=strict, environ=environ)
    error = caught.value
    assert (error.name, error.distribution, error.version) == ("broken", "branchkit-broken", "2.3")
    assert str(error) == (
        "plugin 'broken' from branchkit-broken 2.3 failed to load: "
        "ImportError: this plugin needs a package that is not installed"
    )


def test_misspelled_hook_is_an_error_naming_plugin_and_hook(fake_site: Path) -> None:
    make_distribution(
        fake_site, "branchkit-typo", "0.4", entry_points={"typo": "bk_typo"},
        modules={"bk_typo": MISSPELLED},
    )  # fmt: skip
    with pytest.raises(PluginHookError) as caught:
        Host.create(environ=NO_ENV)
    message = str(caught.value)
    assert message.startswith("plugin typo (branchkit-typo 0.4): ")
    assert "branchkit_framworks" in message
    assert message.endswith("block it with --block-plugin typo or BRANCHKIT_BLOCK_PLUGINS=typo")


def test_misspelled_hook_in_a_registered_object_is_an_error() -> None:
    def branchkit_term() -> list[Term]:
        return []

    module = plugin_module("typo", branchkit_term=hookimpl(branchkit_term))
    with pytest.raises(PluginHookError, match="branchkit_term"):
        Host.create(autoload=False, plugins=[(source("typo"), module)], environ=NO_ENV)


def test_hook_with_an_argument_the_hook_lacks_is_an_error() -> None:
    def branchkit_terms(language: str) -> list[Term]:
        return []

    module = plugin_module("wrong", branchkit_terms=hookimpl(branchkit_terms))
    with pytest.raises(PluginHookError, match=r"plugin wrong \(test-plugins 1\.0\)"):
        Host.create(autoload=False, plugins=[(source("wrong"), module)], environ=NO_ENV)


def test_conflicting_framework_names_both_distributions(fake_site: Path) -> None:
    make_distribution(
        fake_site, "branchkit-impostor", "9.9", entry_points={"impostor": "bk_impostor"},
        modules={"bk_impostor": CONFLICTING},
    )  # fmt: skip
    with pytest.raises(PluginConflictError) as caught:
        Host.create(environ=NO_ENV)
    error = caught.value
    assert (error.kind, error.key) == ("framework", "cqfe")
    assert {error.first, error.second} == {
        "cqfe (branchkit-cqfe 0.1.0)",
        "impostor (branchkit-impostor 9.9)",
    }
    assert "branchkit-cqfe" in str(error)
    assert "branchkit-impostor" in str(error)


def test_conflicting_terms_from_registered_plugins() -> None:
    def branchkit_terms() -> list[Term]:
        return [Term(vocabulary="unit_kind", key="dorm", label=Label(zh="宿舍", en="dorm"))]

    module = plugin_module("dorms", branchkit_terms=hookimpl(branchkit_terms))
    with pytest.raises(PluginConflictError) as caught:
        Host.create(autoload=False, plugins=[(source("dorms"), module)], environ=NO_ENV)
    assert str(caught.value) == (
        "term 'unit_kind/dorm' is contributed twice: by builtin (branchkit 0.1.0) "
        "and by dorms (test-plugins 1.0)"
    )


def test_the_same_key_twice_in_one_plugin_is_a_conflict() -> None:
    def branchkit_frameworks() -> list[Framework]:
        return [framework("twice"), framework("twice")]

    module = plugin_module("double", branchkit_frameworks=hookimpl(branchkit_frameworks))
    with pytest.raises(PluginConflictError, match="framework 'twice' is contributed twice"):
        Host.create(autoload=False, plugins=[(source("double"), module)], environ=NO_ENV)


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_blocked_plugin_is_not_loaded(fake_site: Path, how: str) -> None:
    make_distribution(
        fake_site, "branchkit-broken", "2.3", entry_points={"broken": "bk_broken"},
        modules={"bk_broken": BROKEN},
    )  # fmt: skip
    if how == "argument":
        blocked = ["broken", "cqfe", "teacher-branch"]
        host = Host.create(blocked=blocked, strict=True, environ=NO_ENV)
    else:
        environ = {"BRANCHKIT_BLOCK_PLUGINS": " broken , cqfe , teacher-branch "}
        host = Host.create(strict=True, environ=environ)
    # Strict mode would raise had the broken plugin been imported at all.
    names = {plugin.source.name for plugin in host.plugins}
    assert names == {BUILTIN_NAME, "cpc"}
    assert host.failures == ()
    assert list(host.frameworks()) == ["cpc"]


def test_the_builtin_plugin_cannot_be_blocked() -> None:
    host = Host.create(blocked=[BUILTIN_NAME], autoload=False, environ=NO_ENV)
    assert "toml" in host.importers()


def test_autoload_can_be_switched_off_by_environment() -> None:
    host = Host.create(environ={"BRANCHKIT_DISABLE_PLUGIN_AUTOLOAD": "true"})
    assert [plugin.source.name for plugin in host.plugins] == [BUILTIN_NAME]


def test_extra_plugin_adds_to_vocabulary(fake_site: Path) -> None:
    make_distribution(
        fake_site, "branchkit-tutors", "1.2", entry_points={"tutors": "bk_tutors"},
        modules={"bk_tutors": EXTRA_TERM},
    )  # fmt: skip
    host = Host.create(environ=NO_ENV)
    label = host.label("role", "tutor")
    assert label == Label(zh="辅导员", en="tutor")
    tutors = next(plugin for plugin in host.plugins if plugin.source.name == "tutors")
    assert [(c.kind, c.key) for c in tutors.contributions] == [("term", "role/tutor")]


def test_hook_returning_the_wrong_type_is_an_error() -> None:
    def branchkit_frameworks() -> list[object]:
        return ["cqfe"]

    module = plugin_module("wrong", branchkit_frameworks=hookimpl(branchkit_frameworks))
    with pytest.raises(PluginContributionError) as caught:
        Host.create(autoload=False, plugins=[(source("wrong"), module)], environ=NO_ENV)
    assert str(caught.value) == (
        "plugin wrong (test-plugins 1.0): branchkit_frameworks returned a str, not a Framework"
    )


def test_hook_returning_a_non_list_is_an_error() -> None:
    def branchkit_terms() -> object:
        return None

    module = plugin_module("none", branchkit_terms=hookimpl(branchkit_terms))
    with pytest.raises(PluginContributionError, match="must return a list, not NoneType"):
        Host.create(autoload=False, plugins=[(source("none"), module)], environ=NO_ENV)


def test_contribution_hooks_cannot_be_wrappers() -> None:
    def branchkit_terms() -> object:
        yield

    module = plugin_module("wrapper", branchkit_terms=hookimpl(wrapper=True)(branchkit_terms))
    with pytest.raises(PluginContributionError, match="cannot be a wrapper"):
        Host.create(autoload=False, plugins=[(source("wrapper"), module)], environ=NO_ENV)


def test_importers_claiming_the_same_suffix_conflict() -> None:
    from branchkit.io import CORE_IMPORTERS, Importer

    toml = CORE_IMPORTERS[0]

    def branchkit_importers() -> list[Importer]:
        return [Importer(key="other-toml", label=toml.label, suffixes=(".toml",), read=toml.read)]

    module = plugin_module("other", branchkit_importers=hookimpl(branchkit_importers))
    with pytest.raises(PluginConflictError, match=r"importer for '\.toml'"):
        Host.create(autoload=False, plugins=[(source("other"), module)], environ=NO_ENV)


def test_hosts_are_independent() -> None:
    def branchkit_frameworks() -> list[Framework]:
        return [framework("first")]

    module = plugin_module("first", branchkit_frameworks=hookimpl(branchkit_frameworks))
    with_plugin = Host.create(autoload=False, plugins=[(source("first"), module)], environ=NO_ENV)
    without = Host.create(autoload=False, environ=NO_ENV)
    assert list(with_plugin.frameworks()) == ["first"]
    assert without.frameworks() == {}


def test_settings_from_environment_merge_with_arguments() -> None:
    settings = PluginSettings.from_environment(
        {"BRANCHKIT_BLOCK_PLUGINS": "a", "BRANCHKIT_STRICT_PLUGINS": "yes"},
        blocked=["b"],
        strict=False,
    )
    assert settings == PluginSettings(blocked=frozenset({"a", "b"}), strict=False, autoload=True)
