"""The hooks: every way a plugin extends branchkit.

Each hook is a function a plugin module defines under the same name and marks with
:data:`branchkit.hookimpl`. Every hook returns a sequence of contributions; branchkit collects
them from all plugins, checks their types and keys, and refuses two plugins contributing the
same key. Hooks take no arguments, so every implementation is called the same way; a hook that
gains an argument in a later release will be a new hook.

Contributions are data or functions wrapped in records (see
:mod:`branchkit.plugins.contributions`). Implementations must not rely on being called in any
order, nor on being called once: they should return the same contributions each time.

A minimal plugin module::

    from branchkit import hookimpl
    from branchkit.records import Label, Term

    @hookimpl
    def branchkit_terms():
        return [Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))]
"""

from __future__ import annotations

from collections.abc import Sequence

from branchkit.framework.model import Framework
from branchkit.framework.sources import IndicatorSource
from branchkit.framework.standard import Standard
from branchkit.io.documents import Importer, Section
from branchkit.plugins.contributions import PairingScorer, PointRule, Predicate, ReportSection
from branchkit.plugins.markers import hookspec
from branchkit.records.terms import Term

__all__ = [
    "branchkit_condition_predicates",
    "branchkit_frameworks",
    "branchkit_importers",
    "branchkit_indicator_sources",
    "branchkit_pairing_scorers",
    "branchkit_point_rules",
    "branchkit_report_sections",
    "branchkit_sections",
    "branchkit_standards",
    "branchkit_terms",
]


@hookspec
def branchkit_frameworks() -> Sequence[Framework]:  # type: ignore[empty-body]
    """Contribute frameworks: a branch's identity, areas and practices.

    Each framework's :attr:`~branchkit.framework.Framework.key` is the name users select it
    by (``host.framework("cqfe")``); no two plugins may contribute the same key.

    :returns: the frameworks this plugin describes.

    Example::

        @hookimpl
        def branchkit_frameworks():
            return [load_framework(files("my_branch") / "framework.toml")]
    """


@hookspec
def branchkit_sections() -> Sequence[Section]:  # type: ignore[empty-body]
    """Contribute sections: top-level parts of data files and the records they hold.

    A data file is a table of sections (``people``, ``events``, ...). A plugin whose mechanism
    reads records of its own adds a section for them, so that files can carry them and
    ``branchkit validate`` checks them.

    :returns: the sections this plugin adds; keys are unique across plugins.

    Example::

        @hookimpl
        def branchkit_sections():
            return [Section(key="visits", record_type=Visit, many=True)]
    """


@hookspec
def branchkit_terms() -> Sequence[Term]:  # type: ignore[empty-body]
    """Contribute vocabulary terms: bilingual names for the keys records use.

    Roles, unit kinds, event kinds, evidence kinds and audiences are written in records as keys;
    the terms give them names in both languages and let validation catch a misspelled key. A
    term is identified by its vocabulary and key together.

    :returns: the terms this plugin defines.

    Example::

        @hookimpl
        def branchkit_terms():
            return [Term(vocabulary="event_kind", key="theme_day",
                         label=Label(zh="主题党日", en="theme day"))]
    """


@hookspec
def branchkit_importers() -> Sequence[Importer]:  # type: ignore[empty-body]
    """Contribute importers: readers that turn a kind of file into a document of sections.

    The importer is chosen by the file's name ending; no two importers may claim the same
    ending. An importer reports a file it cannot read by raising
    :class:`~branchkit.errors.InputError`, and may give the document a locator so that
    problems name rows and columns instead of paths.

    :returns: the importers this plugin provides.

    Example::

        @hookimpl
        def branchkit_importers():
            return [Importer(key="ini", label=Label(zh="INI 文件", en="INI file"),
                             suffixes=(".ini",), read=read_ini)]
    """


@hookspec
def branchkit_condition_predicates() -> Sequence[Predicate]:  # type: ignore[empty-body]
    """Contribute named condition predicates that frameworks can use in their gates.

    A predicate judges one subject from its facts, events and the parameters the framework
    gives it, and returns a :class:`~branchkit.mechanisms.Verdict`: passed, failed or unknown
    (a fact is missing), with its reason in both languages and the facts it read.

    :returns: the predicates this plugin provides; keys are unique across plugins.

    Example::

        @hookimpl
        def branchkit_condition_predicates():
            return [Predicate(key="has_mentor", label=Label(zh="有培养联系人", en="has a mentor"),
                              evaluate=has_mentor)]
    """


@hookspec
def branchkit_point_rules() -> Sequence[PointRule]:  # type: ignore[empty-body]
    """Contribute named point rules that frameworks can use in their dimensions.

    A rule computes a subject's :class:`~branchkit.mechanisms.Award` list (exact
    :class:`~decimal.Decimal` points, each with its reason and the records behind it) from its
    facts, events and the parameters the framework gives it.

    :returns: the point rules this plugin provides; keys are unique across plugins.

    Example::

        @hookimpl
        def branchkit_point_rules():
            return [PointRule(key="per_report", label=Label(zh="思想汇报", en="reports"),
                              compute=per_report)]
    """


@hookspec
def branchkit_pairing_scorers() -> Sequence[PairingScorer]:  # type: ignore[empty-body]
    """Contribute named pairing scorers that pairing schemes can use as features.

    A scorer scores how well a mentor and a mentee fit, from 0 to 1, from their records and
    profiles (a :class:`~branchkit.mechanisms.inputs.PairingInput`): shared research projects,
    the distance between their campuses. A scheme's feature of kind ``scorer`` names it by key
    and weighs its score like any other feature's.

    :returns: the pairing scorers this plugin provides; keys are unique across plugins.

    Example::

        @hookimpl
        def branchkit_pairing_scorers():
            return [PairingScorer(key="same_campus", label=Label(zh="同一校区", en="same campus"),
                                  score=same_campus)]
    """


@hookspec
def branchkit_report_sections() -> Sequence[ReportSection]:  # type: ignore[empty-body]
    """Contribute report sections: headed parts of a branch's report.

    A section builds its content as blocks (paragraphs, metrics, tables) from the framework,
    the records, the period and the language; the report renderers turn the blocks into
    Markdown, HTML or spreadsheet cells, so a section is written once for every format.
    A section writes what it finds; the report discloses it: where the output hides people
    (pseudonyms, or a viewer who may not see personal fields), every identifier and name of
    a person on record in the section's text is replaced, as
    :meth:`~branchkit.report.disclosure.Disclosure.people_in_text` says. Sensitive values
    (a hardship, a diagnosis) are not recognised in free text: a section does not write them.

    :returns: the sections this plugin adds; keys are unique across plugins.

    Example::

        @hookimpl
        def branchkit_report_sections():
            return [ReportSection(key="visits", label=Label(zh="走访", en="Visits"),
                                  build=build_visits, frameworks=("my-branch",))]
    """


@hookspec
def branchkit_standards() -> Sequence[Standard]:  # type: ignore[empty-body]
    """Contribute standards that branches are evaluated against, such as "七个有力".

    A standard a plugin contributes for many branches states its criteria, their weights (or
    the pairwise judgements they are weighed by), grade bands and vetoes, but no links: each
    framework links its own indicators to the criteria through an
    :class:`~branchkit.framework.standard.Alignment` naming the standard's key.

    :returns: the standards this plugin contributes; keys are unique across plugins.

    Example::

        @hookimpl
        def branchkit_standards():
            return [load_file(files("my_rules") / "standard.toml").sections["standards"][0]]
    """


@hookspec
def branchkit_indicator_sources() -> Sequence[IndicatorSource]:  # type: ignore[empty-body]
    """Contribute indicator sources: named ways to compute a figure from a branch's records.

    A framework's indicator names its source by key; the source's ``measure`` is called with
    the :class:`~branchkit.framework.sources.SourceContext` (framework, records, period, day)
    and the indicator's :class:`~branchkit.framework.indicators.Selector`, and returns a
    :class:`~branchkit.framework.sources.Measurement`.

    :returns: the sources this plugin adds; keys are unique across plugins (branchkit's own
        are listed in :mod:`branchkit.framework.builtin_sources`).

    Example::

        def theme_days(context, select):
            held = [e for e in context.events_in_period() if e.kind == "theme_day"]
            return Measurement(value=Decimal(len(held)), unit=Label(zh="次", en="days"),
                               records=tuple(e.id for e in held), target=Decimal(12))

        @hookimpl
        def branchkit_indicator_sources():
            return [IndicatorSource(key="theme_days", label=Label(zh="主题党日", en="theme days"),
                                    reads=frozenset(), measure=theme_days)]
    """
