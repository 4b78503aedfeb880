"""The markers that tie functions to branchkit's hooks."""

from __future__ import annotations

import pluggy

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

#: The pluggy project name; also the entry-point group plugins register under.
PROJECT_NAME = "branchkit"

#: Marks a function of a plugin as the implementation of the hook of the same name.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
#: Marks a function of :mod:`branchkit.plugins.hookspecs` as a hook.
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
