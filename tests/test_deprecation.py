"""A deprecated hook warns every plugin implementing it, with branchkit's deprecation warning.

The hooks here are a throwaway spec namespace of the test's own: branchkit's real hooks are
not deprecated, and a test must not depend on which ones are.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Sequence

import pluggy
import pytest

from branchkit import Label, Term, hookimpl
from branchkit.errors import BranchkitDeprecationWarning
from branchkit.plugins import hookspecs
from branchkit.plugins.markers import PROJECT_NAME, hookspec

# [deprecated-spec]
_RENAMED = BranchkitDeprecationWarning(
    "branchkit_visit_terms is deprecated since branchkit 0.3 and will be removed in 0.5; "
    "implement branchkit_visit_kinds instead"
)


class _Specs:
    """Hooks of a later release: one renamed, the old name deprecated."""

    @hookspec
    def branchkit_visit_kinds(self) -> Sequence[Term]:  # type: ignore[empty-body]
        """Contribute the kinds of visit."""

    @hookspec(warn_on_impl=_RENAMED)
    def branchkit_visit_terms(self) -> Sequence[Term]:  # type: ignore[empty-body]
        """Deprecated: implement ``branchkit_visit_kinds``."""


# [/deprecated-spec]

_DORM = Term(vocabulary="visit_kind", key="dorm", label=Label(zh="走访寝室", en="dorm visit"))


class _OldPlugin:
    @hookimpl
    def branchkit_visit_terms(self) -> Sequence[Term]:
        return [_DORM]


class _NewPlugin:
    @hookimpl
    def branchkit_visit_kinds(self) -> Sequence[Term]:
        return [_DORM]


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(_Specs)
    return manager


def test_implementing_a_deprecated_hook_warns_when_registered() -> None:
    manager = _manager()
    with pytest.warns(
        BranchkitDeprecationWarning, match="implement branchkit_visit_kinds"
    ) as found:
        manager.register(_OldPlugin(), name="old")
    (warning,) = found
    assert warning.message is _RENAMED
    # The warning points at the plugin's implementation, not at branchkit or pluggy.
    implementation = _OldPlugin.branchkit_visit_terms
    assert warning.filename == inspect.getsourcefile(implementation)
    assert warning.lineno == implementation.__code__.co_firstlineno
    # The deprecated hook still works while it stays.
    assert manager.hook.branchkit_visit_terms() == [[_DORM]]


def test_implementing_the_new_hook_does_not_warn() -> None:
    manager = _manager()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manager.register(_NewPlugin(), name="new")
    assert manager.hook.branchkit_visit_kinds() == [[_DORM]]


def test_the_warning_is_a_deprecation_warning() -> None:
    # Code that filters DeprecationWarning (pytest shows them; Python hides them) sees it too.
    assert issubclass(BranchkitDeprecationWarning, DeprecationWarning)


@pytest.mark.parametrize("name", hookspecs.__all__)
def test_real_hooks_deprecate_only_with_branchkits_warning(name: str) -> None:
    options = getattr(getattr(hookspecs, name), f"{PROJECT_NAME}_spec")
    assert options["warn_on_impl"] is None or isinstance(
        options["warn_on_impl"], BranchkitDeprecationWarning
    )
    # Hooks take no arguments, so there is no argument to deprecate either.
    assert not options.get("warn_on_impl_args")
