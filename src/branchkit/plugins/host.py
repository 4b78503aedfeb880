"""The typed facade over the plugin manager: the one module that calls hooks.

:class:`Host` loads the plugins, calls each hook of each plugin once, checks what they return
(types, keys, conflicts between plugins) and offers the result as typed, read-only lookups.
Everything else in branchkit, and every caller, goes through it.

>>> host = Host.create(autoload=False)
>>> sorted(host.importers())
['csv', 'json', 'toml', 'xlsx', 'yaml']
>>> [plugin.source.name for plugin in host.plugins]
['builtin']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path as FilePath
from typing import Any, TypeVar

import attrs
import cattrs
import pluggy

from branchkit.errors import (
    InputError,
    PluginConflictError,
    PluginContributionError,
    Problem,
    UnknownNameError,
)
from branchkit.framework.model import Framework
from branchkit.framework.sources import IndicatorSource
from branchkit.framework.standard import Standard
from branchkit.io.converter import make_converter
from branchkit.io.documents import Importer, Section
from branchkit.io.loading import Loaded, find_importer, load, shared_converter
from branchkit.plugins.contributions import PairingScorer, PointRule, Predicate, ReportSection
from branchkit.plugins.manager import LoadFailure, PluginSettings, PluginSource, make_plugin_manager
from branchkit.records.labels import Label
from branchkit.records.terms import Term

__all__ = ["Contribution", "Host", "PluginInfo", "contribution_key", "contribution_type"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Contribution:
    """One thing a plugin contributes.

    :param kind: what kind of thing (``framework``, ``term``, ``importer``, ...).
    :param key: its key; terms are keyed ``vocabulary/key``.
    :param value: the contributed record.
    :param source: the plugin that contributed it.

    >>> from branchkit.testing import isolated_host
    >>> builtin = isolated_host().plugins[0]
    >>> toml = next(c for c in builtin.contributions if c.kind == "importer" and c.key == "toml")
    >>> toml.source.name, toml.value.suffixes
    ('builtin', ('.toml',))
    """

    kind: str
    key: str
    value: Any = attrs.field(repr=False)
    source: PluginSource


@attrs.frozen(kw_only=True)
class PluginInfo:
    """A registered plugin: where it comes from, which hooks it implements, what it gives.

    :param source: the plugin's name, distribution and version.
    :param hooks: the names of the hooks it implements, sorted.
    :param contributions: what it contributes, in hook order.

    >>> import branchkit_cpc.hooks
    >>> from branchkit.testing import isolated_host
    >>> cpc = isolated_host(branchkit_cpc.hooks, names=["cpc"]).plugins[1]
    >>> cpc.source.name, cpc.hooks
    ('cpc', ('branchkit_frameworks', 'branchkit_standards', 'branchkit_terms'))
    >>> [c.key for c in cpc.contributions if c.kind in ("framework", "standard")]
    ['cpc', 'seven-strengths', 'star-rating']
    """

    source: PluginSource
    hooks: tuple[str, ...]
    contributions: tuple[Contribution, ...]


@attrs.frozen(kw_only=True)
class _Hook:
    name: str
    kind: str
    record_type: type[Any]
    key: Callable[[Any], str]


_HOOKS = (
    _Hook(name="branchkit_frameworks", kind="framework", record_type=Framework,
          key=lambda value: value.key),
    _Hook(name="branchkit_sections", kind="section", record_type=Section,
          key=lambda value: value.key),
    _Hook(name="branchkit_terms", kind="term", record_type=Term,
          key=lambda value: f"{value.vocabulary}/{value.key}"),
    _Hook(name="branchkit_importers", kind="importer", record_type=Importer,
          key=lambda value: value.key),
    _Hook(name="branchkit_condition_predicates", kind="predicate", record_type=Predicate,
          key=lambda value: value.key),
    _Hook(name="branchkit_point_rules", kind="point rule", record_type=PointRule,
          key=lambda value: value.key),
    _Hook(name="branchkit_pairing_scorers", kind="pairing scorer", record_type=PairingScorer,
          key=lambda value: value.key),
    _Hook(name="branchkit_report_sections", kind="report section", record_type=ReportSection,
          key=lambda value: value.key),
    _Hook(name="branchkit_standards", kind="standard", record_type=Standard,
          key=lambda value: value.key),
    _Hook(name="branchkit_indicator_sources", kind="indicator source",
          record_type=IndicatorSource, key=lambda value: value.key),
)  # fmt: skip
_HOOKS_BY_NAME = {hook.name: hook for hook in _HOOKS}


def contribution_type(hook: str) -> type[Any]:
    """The record type each item a ``hook`` implementation returns must be.

    :param hook: a hook's name.
    :raises KeyError: when no hook has that name.

    >>> from branchkit.plugins.host import contribution_type
    >>> contribution_type("branchkit_terms").__name__
    'Term'
    """
    return _HOOKS_BY_NAME[hook].record_type


def contribution_key(hook: str, value: Any) -> str:
    """The key a contribution of ``hook`` is known by; two alike in one host conflict.

    A term's key includes its vocabulary, since two vocabularies may use the same key.

    :param hook: a hook's name.
    :param value: one item a ``hook`` implementation returned, of its :func:`contribution_type`.
    :raises KeyError: when no hook has that name.

    >>> from branchkit.plugins.host import contribution_key
    >>> from branchkit.records import Label, Term
    >>> mentor = Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))
    >>> contribution_key("branchkit_terms", mentor)
    'role/mentor'
    """
    return _HOOKS_BY_NAME[hook].key(value)


def _collect(
    manager: pluggy.PluginManager, sources: Mapping[str, PluginSource]
) -> dict[str, dict[str, Contribution]]:
    by_kind: dict[str, dict[str, Contribution]] = {hook.kind: {} for hook in _HOOKS}
    for hook in _HOOKS:
        caller = getattr(manager.hook, hook.name)
        implementations = sorted(caller.get_hookimpls(), key=lambda impl: impl.plugin_name)
        for impl in implementations:
            source = sources[impl.plugin_name]
            if impl.hookwrapper or impl.wrapper:
                raise PluginContributionError(
                    f"plugin {source}: {hook.name} is a contribution hook and cannot be a wrapper"
                )
            returned = impl.function()
            if not isinstance(returned, Sequence) or isinstance(returned, str | bytes):
                raise PluginContributionError(
                    f"plugin {source}: {hook.name} must return a list, "
                    f"not {type(returned).__name__}"
                )
            for value in returned:
                if not isinstance(value, hook.record_type):
                    raise PluginContributionError(
                        f"plugin {source}: {hook.name} returned a {type(value).__name__}, "
                        f"not a {hook.record_type.__name__}"
                    )
                key = hook.key(value)
                known = by_kind[hook.kind]
                if key in known:
                    raise PluginConflictError(hook.kind, key, str(known[key].source), str(source))
                known[key] = Contribution(kind=hook.kind, key=key, value=value, source=source)
    suffixes: dict[str, Contribution] = {}
    for contribution in by_kind["importer"].values():
        for suffix in contribution.value.suffixes:
            if suffix in suffixes:
                raise PluginConflictError(
                    "importer for", suffix, str(suffixes[suffix].source), str(contribution.source)
                )
            suffixes[suffix] = contribution
    return by_kind


class Host:
    """The loaded plugins and everything they contribute.

    Build one with :meth:`create`. A host is immutable once built: contributions are collected
    and checked when it is created, so a conflict or a bad contribution is reported at once.

    >>> from branchkit.plugins import Host
    >>> host = Host.create(autoload=False)
    >>> [plugin.source.name for plugin in host.plugins], host.failures
    (['builtin'], ())
    """

    def __init__(
        self,
        manager: pluggy.PluginManager,
        sources: Mapping[str, PluginSource],
        failures: tuple[LoadFailure, ...],
    ) -> None:
        self._manager = manager
        self._failures = failures
        self._by_kind = _collect(manager, sources)
        contributions = [c for kind in self._by_kind.values() for c in kind.values()]
        self._plugins = tuple(
            PluginInfo(
                source=source,
                hooks=tuple(
                    sorted(
                        caller.name
                        for caller in manager.get_hookcallers(manager.get_plugin(name)) or ()
                    )
                ),
                contributions=tuple(c for c in contributions if c.source == source),
            )
            for name, source in sorted(sources.items())
        )

    @classmethod
    def create(
        cls,
        *,
        plugins: Iterable[tuple[PluginSource, object]] = (),
        blocked: Iterable[str] = (),
        strict: bool | None = None,
        autoload: bool | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Host:
        """Load the plugins and collect their contributions.

        :param plugins: plugin objects (modules or instances) to register besides the
            installed ones, each with its :class:`~branchkit.plugins.PluginSource`.
        :param blocked: names of plugins not to load, added to ``BRANCHKIT_BLOCK_PLUGINS``.
        :param strict: make a plugin that fails to load an error; ``None`` reads
            ``BRANCHKIT_STRICT_PLUGINS``.
        :param autoload: load the installed plugins (entry points); ``None`` reads
            ``BRANCHKIT_DISABLE_PLUGIN_AUTOLOAD``.
        :param environ: the environment to read settings from; ``os.environ`` by default.
        :raises PluginLoadError: in strict mode, when a plugin fails to load.
        :raises PluginHookError: when a plugin implements a hook that does not exist.
        :raises PluginConflictError: when two plugins contribute the same key.
        :raises PluginContributionError: when a hook returns something it should not.

        >>> import branchkit_cpc.hooks
        >>> from branchkit.plugins import Host, PluginSource
        >>> source = PluginSource(name="cpc", distribution="branchkit-cpc", version="0.1.0")
        >>> host = Host.create(plugins=[(source, branchkit_cpc.hooks)], autoload=False)
        >>> [str(plugin.source) for plugin in host.plugins]
        ['builtin (branchkit 0.1.0)', 'cpc (branchkit-cpc 0.1.0)']
        >>> [p.source.name for p in Host.create(autoload=False, blocked=["cpc"]).plugins]
        ['builtin']
        """
        settings = PluginSettings.from_environment(
            os.environ if environ is None else environ,
            blocked=blocked,
            strict=strict,
            autoload=autoload,
        )
        manager, sources, failures = make_plugin_manager(settings, plugins)
        return cls(manager, sources, failures)

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        """The registered plugins, sorted by name."""
        return self._plugins

    @property
    def failures(self) -> tuple[LoadFailure, ...]:
        """The plugins that failed to load and were skipped."""
        return self._failures

    def _values(self, kind: str, record_type: type[T]) -> dict[str, T]:
        found = self._by_kind[kind]
        # Values were checked against the hook's record type when collected.
        return {key: found[key].value for key in sorted(found)}

    def frameworks(self) -> dict[str, Framework]:
        """The frameworks contributed, by key.

        >>> import branchkit_cpc.hooks
        >>> from branchkit.testing import isolated_host
        >>> host = isolated_host(branchkit_cpc.hooks, names=["cpc"])
        >>> list(host.frameworks())
        ['cpc']
        """
        return self._values("framework", Framework)

    def framework(self, key: str) -> Framework:
        """The framework called ``key``; :class:`~branchkit.errors.UnknownNameError` if none.

        >>> import branchkit_cpc.hooks
        >>> from branchkit.testing import isolated_host
        >>> host = isolated_host(branchkit_cpc.hooks, names=["cpc"])
        >>> host.framework("cpc").label.en
        'National rules for college party branches'
        >>> host.framework("cqfe")
        Traceback (most recent call last):
          ...
        branchkit.errors.UnknownNameError: unknown framework 'cqfe'; known: cpc
        """
        frameworks = self.frameworks()
        if key not in frameworks:
            raise UnknownNameError("framework", key, frameworks)
        return frameworks[key]

    def sections(self) -> dict[str, Section]:
        """The sections documents may have, by key.

        >>> from branchkit.plugins import Host
        >>> sections = Host.create(autoload=False).sections()
        >>> sections["people"].record_type.__name__, sections["people"].many
        ('Person', True)
        """
        return self._values("section", Section)

    def terms(self) -> tuple[Term, ...]:
        """Every vocabulary term, sorted by vocabulary and key.

        >>> from branchkit.plugins import Host
        >>> [f"{t.vocabulary}/{t.key}" for t in Host.create(autoload=False).terms()][:2]
        ['unit_kind/branch', 'unit_kind/class']
        """
        return tuple(self._values("term", Term).values())

    def vocabulary(self) -> dict[str, frozenset[str]]:
        """The known keys of each vocabulary.

        >>> import branchkit_cpc.hooks
        >>> from branchkit.testing import isolated_host
        >>> host = isolated_host(branchkit_cpc.hooks, names=["cpc"])
        >>> sorted(host.vocabulary())
        ['event_kind', 'evidence_kind', 'role', 'unit_kind']
        >>> "activist" in host.vocabulary()["role"]
        True
        """
        keys: dict[str, set[str]] = {}
        for term in self.terms():
            keys.setdefault(term.vocabulary, set()).add(term.key)
        return {name: frozenset(found) for name, found in sorted(keys.items())}

    def label(self, vocabulary: str, key: str) -> Label | None:
        """The label of a vocabulary key, if a term defines it.

        >>> import branchkit_cpc.hooks
        >>> from branchkit.testing import isolated_host
        >>> host = isolated_host(branchkit_cpc.hooks, names=["cpc"])
        >>> host.label("role", "activist")
        Label(zh='入党积极分子', en='activist')
        >>> host.label("role", "astronaut") is None
        True
        """
        contribution = self._by_kind["term"].get(f"{vocabulary}/{key}")
        return None if contribution is None else contribution.value.label

    def importers(self) -> dict[str, Importer]:
        """The importers, by key.

        >>> from branchkit.plugins import Host
        >>> sorted(Host.create(autoload=False).importers())
        ['csv', 'json', 'toml', 'xlsx', 'yaml']
        """
        return self._values("importer", Importer)

    def predicates(self) -> dict[str, Predicate]:
        """The condition predicates, by key.

        >>> from branchkit import Label, hookimpl
        >>> from branchkit.mechanisms import Verdict
        >>> from branchkit.plugins import Predicate
        >>> from branchkit.testing import isolated_host
        >>> class Always:
        ...     @hookimpl
        ...     def branchkit_condition_predicates(self):
        ...         passed = Label(zh="通过", en="passed")
        ...         return [Predicate(key="always", label=passed,
        ...                           evaluate=lambda given: Verdict.passed(passed))]
        >>> list(isolated_host(Always()).predicates())
        ['always']
        """
        return self._values("predicate", Predicate)

    def point_rules(self) -> dict[str, PointRule]:
        """The point rules, by key.

        >>> from branchkit import Label, hookimpl
        >>> from branchkit.plugins import PointRule
        >>> from branchkit.testing import isolated_host
        >>> class Nothing:
        ...     @hookimpl
        ...     def branchkit_point_rules(self):
        ...         return [PointRule(key="nothing", label=Label(zh="无积分", en="no points"),
        ...                           compute=lambda given: [])]
        >>> list(isolated_host(Nothing()).point_rules())
        ['nothing']
        """
        return self._values("point rule", PointRule)

    def pairing_scorers(self) -> dict[str, PairingScorer]:
        """The pairing scorers, by key.

        >>> from branchkit import Label, hookimpl
        >>> from branchkit.plugins import PairingScorer
        >>> from branchkit.testing import isolated_host
        >>> class SameDepartment:
        ...     @hookimpl
        ...     def branchkit_pairing_scorers(self):
        ...         def score(given):
        ...             same = given.mentor_profile.department == given.mentee_profile.department
        ...             return 1.0 if same else 0.0
        ...         label = Label(zh="同一系部", en="same department")
        ...         return [PairingScorer(key="same_department", label=label, score=score)]
        >>> list(isolated_host(SameDepartment()).pairing_scorers())
        ['same_department']
        """
        return self._values("pairing scorer", PairingScorer)

    def report_sections(self, framework: str | None = None) -> tuple[ReportSection, ...]:
        """The report sections in report order; only those for ``framework`` when given.

        >>> from branchkit import Label, hookimpl
        >>> from branchkit.plugins import Paragraph, ReportSection
        >>> from branchkit.testing import isolated_host
        >>> def note(context):
        ...     return [Paragraph(text=Label(zh="数据为示例。", en="The data are examples."))]
        >>> class Notes:
        ...     @hookimpl
        ...     def branchkit_report_sections(self):
        ...         return [
        ...             ReportSection(key="notes", label=Label(zh="说明", en="Notes"), build=note),
        ...             ReportSection(key="intro", label=Label(zh="概况", en="Overview"),
        ...                           build=note, order=10, frameworks=("demo",)),
        ...         ]
        >>> host = isolated_host(Notes())
        >>> [s.key for s in host.report_sections()], [s.key for s in host.report_sections("cpc")]
        (['intro', 'notes'], ['notes'])
        """
        sections = self._values("report section", ReportSection).values()
        chosen = [s for s in sections if framework is None or s.applies_to(framework)]
        return tuple(sorted(chosen, key=lambda section: (section.order, section.key)))

    def standards(self) -> dict[str, Standard]:
        """The standards contributed, by key.

        >>> import branchkit_cpc.hooks
        >>> from branchkit.testing import isolated_host
        >>> host = isolated_host(branchkit_cpc.hooks, names=["cpc"])
        >>> list(host.standards())
        ['seven-strengths', 'star-rating']
        """
        return self._values("standard", Standard)

    def indicator_sources(self) -> dict[str, IndicatorSource]:
        """The indicator sources, by key: branchkit's own and the plugins'.

        >>> from branchkit.plugins import Host
        >>> sources = Host.create(autoload=False).indicator_sources()
        >>> "events" in sources, sources["events"].key
        (True, 'events')
        """
        return self._values("indicator source", IndicatorSource)

    def converter(self, *, text_values: bool = False) -> cattrs.Converter:
        """A new strict converter (see :func:`branchkit.io.make_converter`).

        :param text_values: the converter for tables of cells (CSV, Excel).

        >>> from branchkit.plugins import Host
        >>> from branchkit.records import Label
        >>> converter = Host.create(autoload=False).converter()
        >>> converter.structure({"zh": "党支部", "en": "party branch"}, Label)
        Label(zh='党支部', en='party branch')
        """
        return make_converter(text_values=text_values)

    def load(self, path: str | os.PathLike[str]) -> Loaded:
        """Read, structure and check a file or a folder of files.

        :raises InputError: with every problem found.

        >>> import json
        >>> import tempfile
        >>> from pathlib import Path
        >>> from branchkit.plugins import Host
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder) / "people.json"
        ...     _ = path.write_text(json.dumps({"people": [{"id": "2021001", "name": "王芳"}]}))
        ...     loaded = Host.create(autoload=False).load(path)
        >>> [(person.id, person.name) for person in loaded.dataset.people]
        [('2021001', '王芳')]
        """
        return load(
            FilePath(path),
            importers=self.importers().values(),
            sections=self.sections(),
            converter=shared_converter(text_values=False),
            text_converter=shared_converter(text_values=True),
            vocabulary=self.vocabulary(),
        )

    def validate(self, path: str | os.PathLike[str]) -> tuple[Problem, ...]:
        """Every problem of a file or folder; empty when it is valid.

        >>> import json
        >>> import tempfile
        >>> from pathlib import Path
        >>> from branchkit.plugins import Host
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder) / "people.json"
        ...     _ = path.write_text(json.dumps({"people": [{"id": "2021001"}]}))
        ...     problems = Host.create(autoload=False).validate(path)
        >>> [(problem.path, problem.message) for problem in problems]
        [(('people', 0, 'name'), 'missing (it is required)')]
        """
        try:
            self.load(path)
        except InputError as error:
            return error.problems
        return ()

    def importer_for(self, path: str | os.PathLike[str]) -> Importer | None:
        """The importer that reads ``path``, if any.

        >>> from branchkit.plugins import Host
        >>> host = Host.create(autoload=False)
        >>> host.importer_for("名单/2101班.CSV").key, host.importer_for("notes.docx")
        ('csv', None)
        """
        return find_importer(FilePath(path), self.importers().values())
