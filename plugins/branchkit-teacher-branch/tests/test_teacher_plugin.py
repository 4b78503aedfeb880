"""The plugin is sound: its hooks, contributions and framework pass branchkit's checks."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import branchkit_teacher_branch as package
from branchkit import Host
from branchkit.framework.sources import IndicatorSource
from branchkit.testing import check_plugin
from branchkit_teacher_branch import attendance, hooks


# [sound]
def test_the_plugin_is_sound(branchkit_problems: tuple[str, ...]) -> None:
    assert branchkit_problems == ()


def test_check_plugin_passes() -> None:
    check_plugin(hooks, name="teacher-branch")


def test_the_framework_is_registered(branchkit_host: Host) -> None:
    framework = branchkit_host.framework("teacher-branch")
    assert [area.key for area in framework.areas] == [
        "members",
        "organisational-life",
        "leadership",
    ]


# [/sound]


def test_the_framework_gathers_every_file(branchkit_host: Host) -> None:
    framework = branchkit_host.framework("teacher-branch")
    assert [checklist.key for checklist in framework.checklists] == ["pioneer-duties"]
    assert [duty.key for duty in framework.obligations] == ["pioneer-review", "theme-day-monthly"]
    assert [spec.key for spec in framework.indicators] == [
        "pioneer-posts",
        "pioneer-duties",
        "pioneer-reviews",
        "theme-days-monthly",
        "theme-day-attendance",
        "secretary-academic-leader",
        "secretary-senior-title",
        "secretary-projects",
        "secretary-teaching-awards",
    ]
    (alignment,) = framework.alignments
    assert alignment.standard == "seven-strengths"


def test_every_criterion_of_the_seven_strengths_is_served(branchkit_host: Host) -> None:
    standard = branchkit_host.standards()["seven-strengths"]
    (alignment,) = branchkit_host.framework("teacher-branch").alignments
    linked = {link.criterion for link in alignment.links}
    assert linked == {criterion.key for criterion in standard.criteria}


def test_the_terms_have_both_languages(branchkit_host: Host) -> None:
    label = branchkit_host.label("role", "pioneer_post")
    assert label is not None
    assert (label.zh, label.en) == ("党员先锋岗", "party-member pioneer post")
    makeup = branchkit_host.label("event_kind", "theme_day_makeup")
    assert makeup is not None
    assert makeup.zh == "主题党日补学"


def test_the_source_and_section_are_contributed(branchkit_host: Host) -> None:
    source = branchkit_host.indicator_sources()["theme_day_attendance"]
    assert isinstance(source, IndicatorSource)
    assert source.needs == frozenset({"role"})
    sections = branchkit_host.report_sections("teacher-branch")
    assert "theme-day-attendance" in [section.key for section in sections]
    assert "theme-day-attendance" not in [s.key for s in branchkit_host.report_sections("cpc")]


@pytest.mark.parametrize("module", [package, attendance], ids=lambda module: module.__name__)
def test_the_examples_in_docstrings(module: ModuleType) -> None:
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failed == 0
