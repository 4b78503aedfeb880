"""The hooks: every way a plugin extends branchkit.

Each hook is a function a plugin module defines under the same name and marks with
:data:`branchkit.hookimpl`. Every hook returns a sequence of contributions; branchkit collects
them from all plugins, checks their types and keys, and refuses two plugins contributing the
same key. Hooks take no arguments, so every implementation is called the same way; a hook that
gains an argument in a later release will be a new hook.

How branchkit calls them, once, when a :class:`~branchkit.plugins.host.Host` is created:

- every plugin's implementation of every hook is called, with no arguments, in the order of
  the plugins' names (``builtin`` among them); pluggy's ``tryfirst`` and ``trylast`` change
  nothing, and no hook is ``firstresult`` or historic;
- an implementation marked as a wrapper (``wrapper=True`` or ``hookwrapper=True``) is refused
  with :class:`~branchkit.errors.PluginContributionError`;
- each implementation must return a list or a tuple (not a string, not a generator) whose
  items are all of the hook's record type, else
  :class:`~branchkit.errors.PluginContributionError`;
- the items of all plugins are put together by kind and key; a key contributed twice — by two
  plugins, or twice by one — is refused with :class:`~branchkit.errors.PluginConflictError`
  naming both contributors, as is a file-name ending claimed by two importers;
- the host then offers them sorted by key (report sections by their order, then key), so the
  order plugins are loaded or return their items in does not matter.

Contributions are data or functions wrapped in records (see
:mod:`branchkit.plugins.contributions`). Implementations must not rely on being called in any
order, nor on being called once: each host calls them again, so they should return the same
contributions each time.

A minimal plugin module::

    from branchkit import hookimpl
    from branchkit.records import Label, Term

    @hookimpl
    def branchkit_terms():
        return [Term(vocabulary="role", key="mentor", label=Label(zh="导师", en="mentor"))]

The examples of the hooks below use a class in place of a module, as tests do, and load it
with :func:`~branchkit.testing.hosts.isolated_host`.
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
    by (``host.framework("cqfe")``, ``--framework cqfe``); no two plugins may contribute the
    same key. Takes no arguments, like every hook.

    :returns: a list or tuple of :class:`~branchkit.framework.model.Framework`, one per
        branch this plugin describes.

    Example: a plugin usually ships its framework as a TOML file beside its code::

        @hookimpl
        def branchkit_frameworks():
            with as_file(files("my_branch") / "framework.toml") as path:
                return [load_file(path).framework]

    The same, built in Python:

    >>> from branchkit import Framework, Label, hookimpl
    >>> from branchkit.framework import Area, Practice
    >>> from branchkit.testing import isolated_host
    >>> class DemoBranch:
    ...     @hookimpl
    ...     def branchkit_frameworks(self):
    ...         visits = Practice(key="visits", label=Label(zh="走访寝室", en="Dorm visits"))
    ...         students = Area(key="students", label=Label(zh="服务学生", en="Serving students"),
    ...                         approach=Label(zh="三联系", en="three links"), practices=(visits,))
    ...         return [Framework(key="demo", label=Label(zh="示例党支部", en="Demo Branch"),
    ...                           organisation=Label(zh="示例学院", en="Demo College"),
    ...                           areas=(students,))]
    >>> isolated_host(DemoBranch()).framework("demo").label
    Label(zh='示例党支部', en='Demo Branch')
    """


@hookspec
def branchkit_sections() -> Sequence[Section]:  # type: ignore[empty-body]
    """Contribute sections: top-level parts of data files and the records they hold.

    A data file is a table of sections (``people``, ``events``, ...). A plugin whose mechanism
    reads records of its own adds a section for them, so that files can carry them and
    ``branchkit validate`` checks them. Takes no arguments, like every hook.

    :returns: a list or tuple of :class:`~branchkit.io.documents.Section`, each naming the
        attrs class its records structure into; keys are unique across plugins.

    For example, loaded beside the built-ins:

    >>> import datetime as dt
    >>> import attrs
    >>> from branchkit import Label, hookimpl
    >>> from branchkit.io import Section
    >>> from branchkit.testing import isolated_host
    >>> @attrs.frozen(kw_only=True)
    ... class Visit:
    ...     dorm: str
    ...     date: dt.date
    >>> class Visits:
    ...     @hookimpl
    ...     def branchkit_sections(self):
    ...         return [Section(key="visits", record_type=Visit,
    ...                         label=Label(zh="走访记录", en="visits"),
    ...                         headers={"dorm": ("寝室",), "date": ("日期",)})]
    >>> section = isolated_host(Visits()).sections()["visits"]
    >>> section.matches("走访记录"), section.field_for("寝室")
    (True, 'dorm')
    """


@hookspec
def branchkit_terms() -> Sequence[Term]:  # type: ignore[empty-body]
    """Contribute vocabulary terms: bilingual names for the keys records use.

    Roles, unit kinds, event kinds, evidence kinds and audiences are written in records as keys;
    the terms give them names in both languages and let validation catch a misspelled key. A
    term is identified by its vocabulary and key together. Takes no arguments, like every hook.

    :returns: a list or tuple of :class:`~branchkit.records.terms.Term`; the pair of
        vocabulary and key is unique across plugins.

    For example, loaded beside the built-ins:

    >>> from branchkit import Label, Term, hookimpl
    >>> from branchkit.testing import isolated_host
    >>> class ThemeDays:
    ...     @hookimpl
    ...     def branchkit_terms(self):
    ...         return [Term(vocabulary="event_kind", key="theme_day",
    ...                      label=Label(zh="主题党日", en="theme day"))]
    >>> host = isolated_host(ThemeDays())
    >>> host.label("event_kind", "theme_day")
    Label(zh='主题党日', en='theme day')
    >>> sorted(host.vocabulary()["event_kind"])
    ['theme_day']
    """


@hookspec
def branchkit_importers() -> Sequence[Importer]:  # type: ignore[empty-body]
    """Contribute importers: readers that turn a kind of file into a document of sections.

    The importer is chosen by the file's name ending; no two importers may claim the same
    ending. An importer reports a file it cannot read by raising
    :class:`~branchkit.errors.InputError`, and may give the document a locator so that
    problems name rows and columns instead of paths. Takes no arguments, like every hook.

    :returns: a list or tuple of :class:`~branchkit.io.documents.Importer`, each with its
        key, label, file-name endings and reading function; keys and endings are unique
        across plugins.

    Example, an importer of plain-text rosters, one student number and name a line:

    >>> from branchkit import Label, hookimpl
    >>> from branchkit.io import Document, Importer
    >>> from branchkit.testing import isolated_host
    >>> def read_roster(path):
    ...     lines = path.read_text(encoding="utf-8").splitlines()
    ...     rows = [dict(zip(("id", "name"), line.split())) for line in lines if line.strip()]
    ...     return Document(source=str(path), content={"people": rows})
    >>> class Rosters:
    ...     @hookimpl
    ...     def branchkit_importers(self):
    ...         return [Importer(key="roster", label=Label(zh="花名册", en="roster"),
    ...                          suffixes=(".roster.txt",), read=read_roster)]
    >>> isolated_host(Rosters()).importer_for("2101班.roster.txt").key
    'roster'
    """


@hookspec
def branchkit_condition_predicates() -> Sequence[Predicate]:  # type: ignore[empty-body]
    """Contribute named condition predicates that frameworks can use in their gates.

    A predicate judges one subject from its facts, events and the parameters the framework
    gives it, and returns a :class:`~branchkit.mechanisms.Verdict`: passed, failed or unknown
    (a fact is missing), with its reason in both languages and the facts it read. Takes no
    arguments, like every hook; the predicate's function takes one
    :class:`~branchkit.mechanisms.inputs.PredicateInput`.

    :returns: a list or tuple of :class:`~branchkit.plugins.contributions.Predicate`; keys
        are unique across plugins.

    Example (:doc:`/howto/predicate` writes a complete one):

    >>> import datetime as dt
    >>> from branchkit import Label, hookimpl
    >>> from branchkit.mechanisms import Verdict
    >>> from branchkit.plugins import Predicate, PredicateInput
    >>> from branchkit.testing import isolated_host
    >>> def has_mentor(given):
    ...     if "mentor" not in given.facts:
    ...         return Verdict.unknown(Label(zh="未登记培养联系人", en="no mentor recorded"))
    ...     return Verdict.passed(Label(zh="有培养联系人", en="has a mentor"), facts=("mentor",))
    >>> class Mentors:
    ...     @hookimpl
    ...     def branchkit_condition_predicates(self):
    ...         return [Predicate(key="has_mentor", evaluate=has_mentor,
    ...                           label=Label(zh="有培养联系人", en="has a mentor"))]
    >>> predicate = isolated_host(Mentors()).predicates()["has_mentor"]
    >>> given = PredicateInput(subject="2021001", facts={"mentor": "T001"}, events=(),
    ...                        params={}, as_of=dt.date(2022, 6, 30))
    >>> predicate.evaluate(given).outcome.value
    'passed'
    """


@hookspec
def branchkit_point_rules() -> Sequence[PointRule]:  # type: ignore[empty-body]
    """Contribute named point rules that frameworks can use in their dimensions.

    A rule computes a subject's :class:`~branchkit.mechanisms.Award` list (exact
    :class:`~decimal.Decimal` points, each with its reason and the records behind it) from its
    facts, events and the parameters the framework gives it. Takes no arguments, like every
    hook; the rule's function takes one :class:`~branchkit.mechanisms.inputs.PointInput`.

    :returns: a list or tuple of :class:`~branchkit.plugins.contributions.PointRule`; keys
        are unique across plugins.

    Example (:doc:`/howto/point-rule` writes a complete one):

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from branchkit import Label, hookimpl
    >>> from branchkit.mechanisms import Award
    >>> from branchkit.plugins import PointInput, PointRule
    >>> from branchkit.records import Event
    >>> from branchkit.testing import isolated_host
    >>> def per_lecture(given):
    ...     held = [event for event in given.events if event.kind == "party_lecture"]
    ...     return [Award(points=Decimal("2") * len(held), sources=tuple(e.id for e in held),
    ...                   reason=Label(zh=f"党课{len(held)}次", en=f"{len(held)} lectures"))]
    >>> class Lectures:
    ...     @hookimpl
    ...     def branchkit_point_rules(self):
    ...         return [PointRule(key="per_lecture", compute=per_lecture,
    ...                           label=Label(zh="党课积分", en="lecture points"))]
    >>> rule = isolated_host(Lectures()).point_rules()["per_lecture"]
    >>> lecture = Event(id="e1", kind="party_lecture", date=dt.date(2022, 3, 4))
    >>> rule.compute(PointInput(subject="2021001", facts={}, events=(lecture,), params={},
    ...                         period=None))[0].points
    Decimal('2')
    """


@hookspec
def branchkit_pairing_scorers() -> Sequence[PairingScorer]:  # type: ignore[empty-body]
    """Contribute named pairing scorers that pairing schemes can use as features.

    A scorer scores how well a mentor and a mentee fit, from 0 to 1, from their records and
    profiles (a :class:`~branchkit.mechanisms.inputs.PairingInput`): shared research projects,
    the distance between their campuses. A scheme's feature of kind ``scorer`` names it by key
    and weighs its score like any other feature's. Takes no arguments, like every hook.

    :returns: a list or tuple of :class:`~branchkit.plugins.contributions.PairingScorer`;
        keys are unique across plugins.

    For example, loaded beside the built-ins:

    >>> import datetime as dt
    >>> from branchkit import Label, Person, hookimpl
    >>> from branchkit.mechanisms.pairing import Profile
    >>> from branchkit.plugins import PairingInput, PairingScorer
    >>> from branchkit.testing import isolated_host
    >>> def shared_tags(given):
    ...     mentor, mentee = set(given.mentor_profile.tags), set(given.mentee_profile.tags)
    ...     return len(mentor & mentee) / len(mentor | mentee) if mentor | mentee else 0.0
    >>> class Research:
    ...     @hookimpl
    ...     def branchkit_pairing_scorers(self):
    ...         return [PairingScorer(key="shared_tags", score=shared_tags,
    ...                               label=Label(zh="研究方向相同", en="shared research"))]
    >>> scorer = isolated_host(Research()).pairing_scorers()["shared_tags"]
    >>> given = PairingInput(
    ...     mentor=Person(id="T001", name="张敏"), mentee=Person(id="T002", name="刘洋"),
    ...     mentor_profile=Profile(person="T001", tags=("金融科技", "普惠金融")),
    ...     mentee_profile=Profile(person="T002", tags=("金融科技",)),
    ...     as_of=dt.date(2022, 9, 1))
    >>> scorer.score(given)
    0.5
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
    Takes no arguments, like every hook; the section's function takes one
    :class:`~branchkit.plugins.contributions.ReportContext`.

    :returns: a list or tuple of :class:`~branchkit.plugins.contributions.ReportSection`;
        keys are unique across plugins.

    Example (:doc:`/howto/report-section` writes a complete one):

    >>> from branchkit import Label, hookimpl
    >>> from branchkit.plugins import Metric, ReportSection
    >>> from branchkit.testing import isolated_host
    >>> def build_events(context):
    ...     return [Metric(label=Label(zh="活动次数", en="events"),
    ...                    value=len(context.dataset.events))]
    >>> class Summary:
    ...     @hookimpl
    ...     def branchkit_report_sections(self):
    ...         return [ReportSection(key="events", label=Label(zh="活动", en="Events"),
    ...                               build=build_events, frameworks=("demo",))]
    >>> host = isolated_host(Summary())
    >>> [section.key for section in host.report_sections("demo")]
    ['events']
    >>> host.report_sections("cqfe")
    ()
    """


@hookspec
def branchkit_standards() -> Sequence[Standard]:  # type: ignore[empty-body]
    """Contribute standards that branches are evaluated against, such as "七个有力".

    A standard a plugin contributes for many branches states its criteria, their weights (or
    the pairwise judgements they are weighed by), grade bands and vetoes, but no links: each
    framework links its own indicators to the criteria through an
    :class:`~branchkit.framework.standard.Alignment` naming the standard's key. Takes no
    arguments, like every hook.

    :returns: a list or tuple of :class:`~branchkit.framework.standard.Standard`; keys are
        unique across plugins.

    For example, loaded beside the built-ins:

    >>> from decimal import Decimal
    >>> from branchkit import Label, hookimpl
    >>> from branchkit.framework.standard import Criterion, GradeBand, Standard
    >>> from branchkit.testing import isolated_host
    >>> class Rules:
    ...     @hookimpl
    ...     def branchkit_standards(self):
    ...         return [Standard(
    ...             key="demo-standard", label=Label(zh="示例标准", en="Demo standard"),
    ...             criteria=(Criterion(key="education",
    ...                                 label=Label(zh="教育党员有力", en="Education")),),
    ...             bands=(GradeBand(key="pass", label=Label(zh="合格", en="pass"),
    ...                              at_least=Decimal(0)),))]
    >>> [c.key for c in isolated_host(Rules()).standards()["demo-standard"].criteria]
    ['education']
    """


@hookspec
def branchkit_indicator_sources() -> Sequence[IndicatorSource]:  # type: ignore[empty-body]
    """Contribute indicator sources: named ways to compute a figure from a branch's records.

    A framework's indicator names its source by key; the source's ``measure`` is called with
    the :class:`~branchkit.framework.sources.SourceContext` (framework, records, period, day)
    and the indicator's :class:`~branchkit.framework.indicators.Selector`, and returns a
    :class:`~branchkit.framework.sources.Measurement`. Takes no arguments, like every hook.

    :returns: a list or tuple of :class:`~branchkit.framework.sources.IndicatorSource`; keys
        are unique across plugins (branchkit's own are listed in
        :mod:`branchkit.framework.builtin_sources`).

    For example, loaded beside the built-ins:

    >>> from decimal import Decimal
    >>> from branchkit import Label, hookimpl
    >>> from branchkit.framework.sources import IndicatorSource, Measurement
    >>> from branchkit.testing import isolated_host
    >>> def theme_days(context, select):
    ...     held = [e for e in context.events_in_period() if e.kind == "theme_day"]
    ...     return Measurement(value=Decimal(len(held)), unit=Label(zh="次", en="days"),
    ...                        records=tuple(e.id for e in held), target=Decimal(12))
    >>> class ThemeDays:
    ...     @hookimpl
    ...     def branchkit_indicator_sources(self):
    ...         return [IndicatorSource(key="theme_days", reads=frozenset(), measure=theme_days,
    ...                                 label=Label(zh="主题党日", en="theme days"))]
    >>> isolated_host(ThemeDays()).indicator_sources()["theme_days"].label.zh
    '主题党日'
    """
