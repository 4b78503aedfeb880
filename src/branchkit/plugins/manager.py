"""The plugin-manager factory: one fresh manager per call, loading entry points one by one.

Each entry point of the ``branchkit`` group is loaded on its own: a plugin that fails to import
or register is recorded as a :class:`LoadFailure` (with its distribution and version) and
skipped, unless loading is strict, when it raises :class:`~branchkit.errors.PluginLoadError`.
Blocked plugins are never imported. After loading, pluggy's ``check_pending`` turns a hook
implementation with no matching hook (a misspelled name) into
:class:`~branchkit.errors.PluginHookError`.

Settings come from arguments, else from the environment:

``BRANCHKIT_BLOCK_PLUGINS``
    plugin names not to load, separated by commas.
``BRANCHKIT_STRICT_PLUGINS``
    ``1`` (or ``true``, ``yes``) makes a plugin that fails to load an error.
``BRANCHKIT_DISABLE_PLUGIN_AUTOLOAD``
    ``1`` loads no entry points: only the built-ins and the plugins passed in.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points

import attrs
import pluggy

from branchkit._version import __version__
from branchkit.errors import PluginHookError, PluginLoadError
from branchkit.plugins import hookspecs
from branchkit.plugins.markers import PROJECT_NAME

__all__ = [
    "AUTOLOAD_ENV",
    "BLOCK_ENV",
    "BUILTIN_NAME",
    "ENTRY_POINT_GROUP",
    "STRICT_ENV",
    "LoadFailure",
    "PluginSettings",
    "PluginSource",
    "make_plugin_manager",
]

logger = logging.getLogger(__name__)

#: The entry-point group plugins register under.
#:
#: Example, in a plugin's ``pyproject.toml``::
#:
#:     [project.entry-points.branchkit]
#:     my-branch = "my_branch.hooks"
ENTRY_POINT_GROUP = PROJECT_NAME
#: The name of the plugin holding branchkit's own implementations; it cannot be blocked.
#:
#: >>> from branchkit.plugins import BUILTIN_NAME, Host
#: >>> [plugin.source.name for plugin in Host.create(autoload=False).plugins] == [BUILTIN_NAME]
#: True
BUILTIN_NAME = "builtin"
#: The environment variable naming plugins not to load, separated by commas.
#:
#: Example, in a shell::
#:
#:     BRANCHKIT_BLOCK_PLUGINS=cqfe,other branchkit plugins
BLOCK_ENV = "BRANCHKIT_BLOCK_PLUGINS"
#: The environment variable that makes a plugin failing to load an error (``1``, ``true``).
#:
#: Example, in a shell::
#:
#:     BRANCHKIT_STRICT_PLUGINS=1 branchkit plugins
STRICT_ENV = "BRANCHKIT_STRICT_PLUGINS"
#: The environment variable that, set to ``1``, loads no installed plugins: only the built-ins.
#:
#: Example, in a shell::
#:
#:     BRANCHKIT_DISABLE_PLUGIN_AUTOLOAD=1 branchkit validate framework.toml
AUTOLOAD_ENV = "BRANCHKIT_DISABLE_PLUGIN_AUTOLOAD"
_TRUE = frozenset({"1", "true", "yes", "on"})


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE


@attrs.frozen(kw_only=True)
class PluginSettings:
    """How plugins are loaded.

    :param blocked: names of plugins not to load.
    :param strict: whether a plugin that fails to load is an error instead of a warning.
    :param autoload: whether to load the plugins installed under the entry-point group.

    >>> from branchkit.plugins import PluginSettings
    >>> PluginSettings()
    PluginSettings(blocked=frozenset(), strict=False, autoload=True)
    """

    blocked: frozenset[str] = frozenset()
    strict: bool = False
    autoload: bool = True

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        blocked: Iterable[str] = (),
        strict: bool | None = None,
        autoload: bool | None = None,
    ) -> PluginSettings:
        """Settings from the environment, with explicit arguments added or taking precedence.

        >>> settings = PluginSettings.from_environment(
        ...     {"BRANCHKIT_BLOCK_PLUGINS": "cqfe, other", "BRANCHKIT_STRICT_PLUGINS": "1"})
        >>> sorted(settings.blocked), settings.strict
        (['cqfe', 'other'], True)
        """
        env = os.environ if environ is None else environ
        from_env = {name.strip() for name in env.get(BLOCK_ENV, "").split(",") if name.strip()}
        return cls(
            blocked=frozenset(from_env | set(blocked)),
            strict=_truthy(env.get(STRICT_ENV)) if strict is None else strict,
            autoload=not _truthy(env.get(AUTOLOAD_ENV)) if autoload is None else autoload,
        )


@attrs.frozen(kw_only=True)
class PluginSource:
    """Where a registered plugin came from.

    :param name: the plugin's name (its entry-point name).
    :param distribution: the distribution that provides it.
    :param version: the distribution's version.

    >>> from branchkit.plugins import PluginSource
    >>> str(PluginSource(name="my-branch", distribution="my-branch", version="0.1.0"))
    'my-branch (my-branch 0.1.0)'
    """

    name: str
    distribution: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} ({self.distribution} {self.version})"


@attrs.frozen(kw_only=True)
class LoadFailure:
    """A plugin that failed to load and was skipped.

    :param source: the plugin and its distribution.
    :param reason: the exception's type and message.

    >>> from branchkit.plugins import LoadFailure, PluginSource
    >>> source = PluginSource(name="my-branch", distribution="my-branch", version="0.1.0")
    >>> print(LoadFailure(source=source, reason="SyntaxError: invalid syntax"))
    plugin my-branch (my-branch 0.1.0) failed to load and was skipped: SyntaxError: invalid syntax
    """

    source: PluginSource
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.source} failed to load and was skipped: {self.reason}"


def _source_of(entry_point: EntryPoint) -> PluginSource:
    dist = entry_point.dist
    return PluginSource(
        name=entry_point.name,
        distribution=dist.metadata["Name"] if dist is not None else "unknown",
        version=dist.version if dist is not None else "unknown",
    )


def make_plugin_manager(
    settings: PluginSettings,
    plugins: Iterable[tuple[PluginSource, object]] = (),
) -> tuple[pluggy.PluginManager, dict[str, PluginSource], tuple[LoadFailure, ...]]:
    """A new plugin manager with branchkit's hooks, built-ins and plugins registered.

    :param settings: what to block, whether to be strict, whether to load entry points.
    :param plugins: plugin objects to register besides the entry points, with their sources.
    :returns: the manager, the source of each registered plugin by name, and the failures.
    :raises PluginLoadError: in strict mode, for the first plugin that fails to load.
    :raises PluginHookError: for a hook implementation that matches no hook.

    :class:`~branchkit.plugins.host.Host` calls it; a caller that wants pluggy's manager
    itself may too:

    >>> from branchkit.plugins import PluginSettings, make_plugin_manager
    >>> manager, sources, failures = make_plugin_manager(PluginSettings(autoload=False))
    >>> sorted(sources), failures, manager.project_name
    (['builtin'], (), 'branchkit')
    """
    from branchkit.plugins import builtins  # noqa: PLC0415 - builtins import the io layer

    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    for name in sorted(settings.blocked - {BUILTIN_NAME}):
        manager.set_blocked(name)
    sources: dict[str, PluginSource] = {}
    failures: list[LoadFailure] = []

    def register(source: PluginSource, plugin: object) -> None:
        try:
            manager.register(plugin, name=source.name)
        except pluggy.PluginValidationError as error:
            raise PluginHookError(f"plugin {source}: {error}") from None
        sources[source.name] = source

    register(
        PluginSource(name=BUILTIN_NAME, distribution="branchkit", version=__version__), builtins
    )
    for source, plugin in plugins:
        if not manager.is_blocked(source.name):
            register(source, plugin)
    if settings.autoload:
        for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            source = _source_of(entry_point)
            if manager.is_blocked(source.name) or source.name in sources:
                continue
            try:
                plugin = entry_point.load()
                if manager.is_registered(plugin):
                    raise ValueError("the same plugin object is already registered")
            except Exception as error:  # any failure of a plugin's import or registration
                reason = f"{type(error).__name__}: {error}"
                if settings.strict:
                    raise PluginLoadError(
                        source.name, source.distribution, source.version, reason
                    ) from error
                failures.append(LoadFailure(source=source, reason=reason))
                logger.warning("%s", failures[-1])
                continue
            register(source, plugin)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        name = manager.get_name(error.plugin) or "?"
        source = sources.get(name, PluginSource(name=name, distribution="?", version="?"))
        raise PluginHookError(
            f"plugin {source}: {error}; block it with --block-plugin {name} or {BLOCK_ENV}={name}"
        ) from None
    return manager, sources, tuple(failures)
