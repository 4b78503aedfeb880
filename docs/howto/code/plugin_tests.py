"""The plugin's own tests (``tests/test_hooks.py``): sound hooks, and what they contribute."""

from __future__ import annotations

import my_branch.hooks

from branchkit.testing import check_plugin, isolated_host


def test_the_plugin_is_sound() -> None:
    # Every problem at once: misspelled hooks, wrong records, labels without English, ...
    check_plugin(my_branch.hooks, name="my-branch")


def test_the_plugin_loads_beside_the_builtins() -> None:
    host = isolated_host(my_branch.hooks, names=["my-branch"])
    assert [section.key for section in host.report_sections("my-branch")] == ["dorm_visits"]
    assert host.report_sections("other-branch") == ()
    assert host.label("event_kind", "dorm_visit") is not None
