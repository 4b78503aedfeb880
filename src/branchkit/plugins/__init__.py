"""The plugin SDK: hooks, the markers that implement them, and the host that loads plugins.

A plugin is a module (or object) with functions named after the hooks in
:mod:`branchkit.plugins.hookspecs`, each marked with :data:`hookimpl`, registered under the
``branchkit`` entry-point group of its distribution::

    [project.entry-points.branchkit]
    my-branch = "my_branch.hooks"

:class:`Host` loads the installed plugins and offers what they contribute.
"""

from branchkit.plugins.contributions import (
    Block,
    Metric,
    PairingInput,
    PairingScorer,
    Paragraph,
    PointInput,
    PointRule,
    Predicate,
    PredicateInput,
    ReportContext,
    ReportSection,
    Table,
)
from branchkit.plugins.host import Contribution, Host, PluginInfo
from branchkit.plugins.manager import (
    AUTOLOAD_ENV,
    BLOCK_ENV,
    BUILTIN_NAME,
    ENTRY_POINT_GROUP,
    STRICT_ENV,
    LoadFailure,
    PluginSettings,
    PluginSource,
    make_plugin_manager,
)
from branchkit.plugins.markers import PROJECT_NAME, hookimpl, hookspec

__all__ = [
    "AUTOLOAD_ENV",
    "BLOCK_ENV",
    "BUILTIN_NAME",
    "ENTRY_POINT_GROUP",
    "PROJECT_NAME",
    "STRICT_ENV",
    "Block",
    "Contribution",
    "Host",
    "LoadFailure",
    "Metric",
    "PairingInput",
    "PairingScorer",
    "Paragraph",
    "PluginInfo",
    "PluginSettings",
    "PluginSource",
    "PointInput",
    "PointRule",
    "Predicate",
    "PredicateInput",
    "ReportContext",
    "ReportSection",
    "Table",
    "hookimpl",
    "hookspec",
    "make_plugin_manager",
]
