"""The markers that tie functions to branchkit's hooks."""

from __future__ import annotations

import pluggy

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

#: The pluggy project name; also the entry-point group plugins register under.
#:
#: >>> from branchkit.plugins import PROJECT_NAME
#: >>> PROJECT_NAME
#: 'branchkit'
PROJECT_NAME = "branchkit"

#: Marks a function of a plugin as the implementation of the hook of the same name.
#:
#: Example, in a plugin module::
#:
#:     from branchkit import Label, Term, hookimpl
#:
#:     @hookimpl
#:     def branchkit_terms():
#:         return [Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))]
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
#: Marks a function of :mod:`branchkit.plugins.hookspecs` as a hook; plugins do not use it.
#:
#: Example, a deprecated hook's spec (:doc:`/howto/compatibility`)::
#:
#:     @hookspec(warn_on_impl=BranchkitDeprecationWarning("use branchkit_visit_kinds"))
#:     def branchkit_visit_terms() -> Sequence[Term]: ...
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
