"""Hosts for tests: only the plugins a test names, nothing from the machine it runs on.

>>> from branchkit.testing import isolated_host
>>> [plugin.source.name for plugin in isolated_host().plugins]
['builtin']
"""

from __future__ import annotations

import types
from collections.abc import Sequence

from branchkit.plugins.host import Host
from branchkit.plugins.manager import PluginSource

__all__ = ["TEST_DISTRIBUTION", "isolated_host", "plugin_name", "plugin_source"]

#: The distribution name given to plugins registered by a test.
#:
#: >>> import types
#: >>> from branchkit.testing import TEST_DISTRIBUTION, isolated_host
#: >>> host = isolated_host(types.ModuleType("my_branch.hooks"))
#: >>> host.plugins[1].source.distribution == TEST_DISTRIBUTION
#: True
TEST_DISTRIBUTION = "branchkit-testing"


def plugin_name(plugin: object) -> str:
    """The name a plugin is registered under when a test gives none: a module's name.

    :param plugin: a plugin module or object.

    >>> import types
    >>> plugin_name(types.ModuleType("my_branch.hooks"))
    'my_branch.hooks'
    >>> plugin_name(object())
    'object'
    """
    if isinstance(plugin, types.ModuleType):
        return plugin.__name__
    return getattr(plugin, "__name__", type(plugin).__name__)


def plugin_source(plugin: object, name: str | None = None) -> PluginSource:
    """The source a test plugin is registered with.

    :param plugin: a plugin module or object.
    :param name: its name; :func:`plugin_name` of it by default.

    >>> import types
    >>> str(plugin_source(types.ModuleType("hooks"), "mine"))
    'mine (branchkit-testing 0)'
    """
    return PluginSource(
        name=plugin_name(plugin) if name is None else name,
        distribution=TEST_DISTRIBUTION,
        version="0",
    )


def isolated_host(*plugins: object, names: Sequence[str] | None = None) -> Host:
    """A new host with branchkit's built-ins and ``plugins``, and nothing else.

    No entry point is loaded and no environment variable is read, so the plugins installed
    on the machine and its ``BRANCHKIT_*`` settings make no difference. Each call builds a new
    plugin manager: nothing registered for one host is seen by another.

    :param plugins: plugin modules or objects, registered in order.
    :param names: their names, one per plugin; :func:`plugin_name` of each by default.
    :raises ValueError: when ``names`` is not one name per plugin.
    :raises branchkit.errors.PluginError: when a plugin's hooks or contributions are wrong,
        as :meth:`~branchkit.plugins.host.Host.create` raises it.

    >>> import types
    >>> from branchkit import Label, Term, hookimpl
    >>> plugin = types.ModuleType("mentors")
    >>> plugin.branchkit_terms = hookimpl(
    ...     lambda: [Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))]
    ... )
    >>> host = isolated_host(plugin)
    >>> [info.source.name for info in host.plugins]
    ['builtin', 'mentors']
    >>> host.label("role", "mentor").zh
    '导师'
    """
    if names is not None and len(names) != len(plugins):
        raise ValueError(f"{len(names)} names given for {len(plugins)} plugins")
    chosen = names if names is not None else [None] * len(plugins)
    return Host.create(
        plugins=[
            (plugin_source(plugin, name), plugin)
            for plugin, name in zip(plugins, chosen, strict=True)
        ],
        autoload=False,
        strict=True,
        environ={},
    )
