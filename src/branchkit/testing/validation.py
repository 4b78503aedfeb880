"""Checks of a plugin before it is published: hooks, contributions, labels and frameworks.

:func:`plugin_problems` lists every problem it finds instead of stopping at the first, as
loading does; :func:`check_plugin` raises them all at once.

>>> import types
>>> from branchkit.testing import plugin_problems
>>> plugin_problems(types.ModuleType("empty"))
()
"""

from __future__ import annotations

import difflib
import inspect
import os
import pathlib
import types
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable

import attrs
import pluggy

from branchkit.errors import BranchkitError, PluginContributionError
from branchkit.framework.model import Framework
from branchkit.io.loading import shared_converter
from branchkit.io.problems import problems_from_error
from branchkit.plugins import hookspecs
from branchkit.plugins.host import Host, contribution_key, contribution_type
from branchkit.plugins.markers import PROJECT_NAME
from branchkit.records.labels import LANGUAGES, Label
from branchkit.testing.hosts import isolated_host, plugin_name

__all__ = ["check_plugin", "plugin_files", "plugin_problems"]

#: The ending of the files :func:`plugin_files` finds beside a plugin's module.
PLUGIN_FILE_SUFFIX = ".toml"


def _spec_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    return manager


def _hook_problems(plugin: object) -> tuple[list[str], list[str]]:
    """Problems of the hook implementations, and the names of those that are sound."""
    problems: list[str] = []
    sound: list[str] = []
    probe = _spec_manager()
    for name in sorted(dir(plugin)):
        function = getattr(plugin, name, None)
        if not inspect.isroutine(function):
            continue
        marked = probe.parse_hookimpl_opts(plugin, name) is not None
        if not marked:
            if name in hookspecs.__all__:
                problems.append(f"{name} is not marked with @hookimpl, so it is never called")
            continue
        # Each implementation alone in a fresh manager, so that pluggy reports every one.
        manager = _spec_manager()
        alone = types.SimpleNamespace(**{name: function})
        try:
            manager.register(alone, name=name)
            manager.check_pending()
        except pluggy.PluginValidationError as error:
            if name in hookspecs.__all__:
                # pluggy's first line repeats the names; the rest says what differs.
                details = "; ".join(str(error).splitlines()[1:])
                problems.append(f"{name} does not match its hook: {details}")
            else:
                close = difflib.get_close_matches(name, hookspecs.__all__, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                problems.append(f"{name} is not a branchkit hook{hint}")
            continue
        sound.append(name)
    return problems, sound


def _labels(value: object, path: str) -> Iterator[tuple[str, Label]]:
    if isinstance(value, Label):
        yield path, value
    elif attrs.has(kind := type(value)):
        for field in attrs.fields(kind):
            yield from _labels(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _labels(item, f"{path}[{key!r}]")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _labels(item, f"{path}[{index}]")


def _label_problems(hook: str, value: object) -> Iterator[str]:
    for path, label in _labels(value, contribution_key(hook, value)):
        for language in LANGUAGES:
            text = getattr(label, language, None)
            if not isinstance(text, str) or not text.strip():
                yield f"{hook}: {path} has a label without its {language} text"


def _framework_problems(hook: str, framework: Framework) -> Iterator[str]:
    # What a plugin builds in Python must also be expressible as a file: unstructure it and
    # structure it back with the converter files are read with.
    converter = shared_converter(text_values=False)
    try:
        back = converter.structure(converter.unstructure(framework), Framework)
    except Exception as error:  # any structuring failure is a problem to list
        for problem in problems_from_error(error, source=f"framework {framework.key!r}"):
            yield f"{hook}: {problem}"
        return
    if back != framework:
        yield f"{hook}: framework {framework.key!r} changes when written out and read back"


def _contribution_problems(plugin: object, hooks: Sequence[str]) -> list[str]:
    problems: list[str] = []
    for hook in hooks:
        try:
            returned = getattr(plugin, hook)()
        except Exception as error:  # a hook that raises is a problem to report, not to raise
            problems.append(f"{hook} raised {type(error).__name__}: {error}")
            continue
        if not isinstance(returned, Sequence) or isinstance(returned, str | bytes):
            problems.append(f"{hook} must return a list, not {type(returned).__name__}")
            continue
        record_type = contribution_type(hook)
        seen: set[str] = set()
        for index, value in enumerate(returned):
            if not isinstance(value, record_type):
                problems.append(
                    f"{hook}: item {index} is a {type(value).__name__}, "
                    f"not a {record_type.__name__}"
                )
                continue
            key = contribution_key(hook, value)
            if key in seen:
                problems.append(f"{hook}: the key {key!r} is contributed twice")
            seen.add(key)
            problems.extend(_label_problems(hook, value))
            if isinstance(value, Framework):
                problems.extend(_framework_problems(hook, value))
    return problems


def plugin_files(plugin: object) -> tuple[Traversable, ...]:
    """The TOML files in a plugin module's package folder, by name; none for other plugins.

    A plugin keeps its framework, schemes and terms as files beside its hooks module and
    loads them when a hook is called; these are the files :func:`plugin_problems` checks.
    Sub-folders (examples, tests) are not searched.

    :param plugin: a plugin module or object; only a module in a package has files.

    >>> import branchkit_cpc.hooks
    >>> [file.name for file in plugin_files(branchkit_cpc.hooks)]
    ['framework.toml', 'procedure.toml', 'standards.toml', 'terms.toml']
    >>> import types
    >>> plugin_files(types.ModuleType("alone"))
    ()
    """
    if not isinstance(plugin, types.ModuleType) or not plugin.__package__:
        return ()
    return tuple(
        sorted(
            (
                entry
                for entry in resources.files(plugin.__package__).iterdir()
                if entry.is_file() and entry.name.endswith(PLUGIN_FILE_SUFFIX)
            ),
            key=lambda entry: entry.name,
        )
    )


def _file_problems(host: Host, found: Sequence[Traversable | str | os.PathLike[str]]) -> list[str]:
    problems: list[str] = []
    for entry in found:
        # A package's file may live in an archive: as_file gives a real path for the reader.
        resource = pathlib.Path(entry) if isinstance(entry, str | os.PathLike) else entry
        with resources.as_file(resource) as path:
            problems.extend(str(problem) for problem in host.validate(path))
    return problems


def plugin_problems(
    plugin: object,
    *,
    name: str | None = None,
    alongside: Sequence[object] = (),
    files: Sequence[Traversable | str | os.PathLike[str]] | None = None,
) -> tuple[str, ...]:
    """Every problem of a plugin, one line each; empty when it is sound.

    Found: functions that are not branchkit hooks (a misspelled name) or whose arguments do
    not match their hook, as pluggy validates them; ``branchkit_*`` hooks left unmarked;
    hooks that raise or return something other than a list of their records; keys
    contributed twice; labels without their Chinese or English text; frameworks that do not
    structure back from their own unstructured form; what loading the plugin beside
    branchkit's built-ins and ``alongside`` reports (a key another contributes too); and every
    problem of its files (:func:`plugin_files` by default) when that host reads them.

    :param plugin: a plugin module or object.
    :param name: the name to register it under; :func:`~branchkit.testing.hosts.plugin_name` of it
        by default.
    :param alongside: the plugins it is used with, such as one whose terms it uses; they are
        loaded with it but not checked themselves.
    :param files: the files to read with the plugin loaded, as paths or package resources;
        :func:`plugin_files` of it by default.

    >>> import types
    >>> from branchkit import hookimpl
    >>> plugin = types.ModuleType("typo")
    >>> plugin.branchkit_term = hookimpl(lambda: [])
    >>> plugin_problems(plugin)
    ('branchkit_term is not a branchkit hook; did you mean branchkit_terms?',)
    """
    problems, sound = _hook_problems(plugin)
    problems.extend(_contribution_problems(plugin, sound))
    if problems:
        return tuple(problems)
    own = name if name is not None else plugin_name(plugin)
    try:
        host = isolated_host(
            *alongside, plugin, names=[*(plugin_name(other) for other in alongside), own]
        )
    except BranchkitError as error:
        return (str(error),)
    problems.extend(_file_problems(host, plugin_files(plugin) if files is None else files))
    return tuple(problems)


def check_plugin(
    plugin: object,
    *,
    name: str | None = None,
    alongside: Sequence[object] = (),
    files: Sequence[Traversable | str | os.PathLike[str]] | None = None,
) -> None:
    """Raise :class:`~branchkit.errors.PluginContributionError` listing every problem found.

    :param plugin: a plugin module or object.
    :param name: the name to register it under, as for :func:`plugin_problems`.
    :param alongside: the plugins it is used with, as for :func:`plugin_problems`.
    :param files: the files to read, as for :func:`plugin_problems`.
    :raises branchkit.errors.PluginContributionError: when :func:`plugin_problems` finds any.

    >>> import branchkit_cqfe.hooks
    >>> check_plugin(branchkit_cqfe.hooks)
    """
    problems = plugin_problems(plugin, name=name, alongside=alongside, files=files)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        label = name if name is not None else plugin_name(plugin)
        lines = [f"plugin {label} has {len(problems)} {noun}:", *problems]
        raise PluginContributionError("\n".join(lines))
