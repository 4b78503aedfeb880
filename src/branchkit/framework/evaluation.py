"""Evaluate a branch: its indicators from its records, and a scorecard per standard.

:func:`evaluate` is a pure function of the framework, the records, the period and the day
judged (and the sources and standards plugins contribute):

1. each of the framework's :class:`~branchkit.framework.indicators.IndicatorSpec` is computed
   by its source over the records (:mod:`branchkit.framework.sources`), and judged against its
   target — its own, else the source's, else none (informational) — into an
   :class:`~branchkit.framework.indicators.Indicator` of the practice's area;
2. for each of the framework's :class:`~branchkit.framework.standard.Alignment` s, the standard
   it names (the framework's own or a plugin's), joined with the alignment's links and vetoes,
   scores the indicators into a :class:`~branchkit.framework.scorecard.Scorecard` whose areas
   are the framework's;
3. the :class:`Evaluation` carries both, with the fingerprints of the rules (the framework and
   the standards used) and of the data (:mod:`branchkit.mechanisms.fingerprint`), so that a
   report says exactly what it was computed from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from branchkit.errors import RecordError, UnknownNameError
from branchkit.framework.indicators import Indicator, IndicatorSpec
from branchkit.framework.model import Framework
from branchkit.framework.scorecard import Scorecard, score
from branchkit.framework.sources import IndicatorSource, SourceContext
from branchkit.framework.standard import Standard
from branchkit.mechanisms.fingerprint import fingerprint
from branchkit.records.dataset import Dataset
from branchkit.records.labels import Label
from branchkit.records.periods import Period

__all__ = ["Evaluation", "evaluate", "evaluate_context", "measure_indicator"]


@attrs.frozen(kw_only=True)
class Evaluation:
    """A branch's indicators and scorecards for one period, as of one day.

    :param framework: the framework's key.
    :param period: the period evaluated.
    :param as_of: the day judged.
    :param indicators: every indicator of the framework, in the framework's order.
    :param scorecards: one per standard the framework is aligned to, in the alignments' order.
    :param rules: the fingerprint of the framework and the standards used.
    :param data: the fingerprint of the records, in the order given: the same records from
        another folder have the same one, the same rows in another order another one.
    """

    framework: str
    period: Period
    as_of: dt.date
    indicators: tuple[Indicator, ...]
    scorecards: tuple[Scorecard, ...]
    rules: str
    data: str

    def indicator(self, key: str) -> Indicator:
        """The indicator called ``key``; :class:`~branchkit.errors.UnknownNameError` if none."""
        for found in self.indicators:
            if found.key == key:
                return found
        raise UnknownNameError("indicator", key, (i.key for i in self.indicators))

    def scorecard(self, standard: str) -> Scorecard:
        """The scorecard against ``standard``.

        :raises UnknownNameError: when the framework is not aligned to it.
        """
        for found in self.scorecards:
            if found.standard == standard:
                return found
        raise UnknownNameError("standard", standard, (s.standard for s in self.scorecards))


def measure_indicator(
    spec: IndicatorSpec, source: IndicatorSource, context: SourceContext
) -> Indicator:
    """One indicator: ``spec`` computed by ``source`` over ``context``, judged by its target.

    :param spec: the indicator's rule.
    :param source: the source it names.
    :param context: the records, period and day.
    :raises RecordError: when the selector does not suit the source.
    """
    problems = source.selector_problems(spec.select)
    if problems:
        raise RecordError(
            f"indicator {spec.key}", [(("select", *path), message) for path, message in problems]
        )
    found = source.measure(context, spec.select)
    return Indicator.judged(
        key=spec.key,
        label=spec.label,
        practice=spec.practice,
        value=found.value,
        unit=spec.unit if spec.unit is not None else found.unit,
        target=spec.target if spec.target is not None else found.target,
        partly_at=spec.partly_at,
        records=tuple(sorted(set(found.records))),
        area=context.framework.area_of(spec.practice).key,
        sensitive_count=found.sensitive_count,
    )


def evaluate(
    framework: Framework,
    *,
    dataset: Dataset,
    sections: Mapping[str, tuple[Any, ...]],
    period: Period,
    as_of: dt.date,
    sources: Mapping[str, IndicatorSource],
    standards: Mapping[str, Standard] | None = None,
    names: Mapping[str, Label] | None = None,
    behaviour: Mapping[str, Mapping[str, Any]] | None = None,
) -> Evaluation:
    """Evaluate ``framework`` over the records, by the module's rules.

    :param framework: the framework.
    :param dataset: the people, units, events and evidence.
    :param sections: every other section of the data by key, each a tuple of records.
    :param period: the period evaluated.
    :param as_of: the day judged.
    :param sources: the indicator sources by key (branchkit's and the plugins').
    :param standards: the standards plugins contribute, by key; the framework's own are added.
    :param names: names of vocabulary keys, keyed ``vocabulary/key``.
    :param behaviour: what plugins contribute as behaviour, for the sources that need it.
    :raises UnknownNameError: for an indicator naming an unknown source, or an alignment an
        unknown standard.
    :raises RecordError: for a selector that does not suit its source, or records a mechanism
        refuses.
    """
    context = SourceContext(
        framework=framework,
        dataset=dataset,
        sections=sections,
        period=period,
        as_of=as_of,
        names=names,
        behaviour=behaviour,
    )
    return evaluate_context(context, sources=sources, standards=standards)


def evaluate_context(
    context: SourceContext,
    *,
    sources: Mapping[str, IndicatorSource],
    standards: Mapping[str, Standard] | None = None,
) -> Evaluation:
    """:func:`evaluate` over a context the caller keeps, to read its mechanisms' results after.

    A report that draws the contact network or the ranking besides the scorecard reads them
    from the same context (:func:`~branchkit.framework.builtin_sources.network_of`,
    :func:`~branchkit.framework.builtin_sources.staging_of`), so each mechanism runs once.

    :param context: the framework, the records, the period and the day.
    :param sources: the indicator sources by key.
    :param standards: the standards plugins contribute, by key.
    """
    framework = context.framework
    known = dict(standards or {})
    known.update((standard.key, standard) for standard in framework.standards)
    indicators = []
    for spec in framework.indicators:
        if spec.source not in sources:
            raise UnknownNameError("indicator source", spec.source, sources)
        indicators.append(measure_indicator(spec, sources[spec.source], context))
    used = []
    scorecards = []
    for alignment in framework.alignments:
        if alignment.standard not in known:
            raise UnknownNameError("standard", alignment.standard, known)
        standard = known[alignment.standard]
        used.append(standard)
        scorecards.append(
            score(
                standard.aligned(alignment),
                indicators,
                unit=framework.key,
                areas=[area.key for area in framework.areas],
            )
        )
    return Evaluation(
        framework=framework.key,
        period=context.period,
        as_of=context.as_of,
        indicators=tuple(indicators),
        scorecards=tuple(scorecards),
        rules=fingerprint(framework, tuple(used)),
        data=fingerprint(context.dataset, _other_sections(context.dataset, context.sections)),
    )


def _other_sections(
    dataset: Dataset, sections: Mapping[str, tuple[Any, ...]]
) -> dict[str, tuple[Any, ...]]:
    """The sections by key, but those that repeat the dataset's own records.

    Loaded data gives its people, units, events and evidence both as the dataset and as
    sections; the sources read them from the dataset, so they are fingerprinted once, there.
    """
    own = {field.name for field in attrs.fields(Dataset)}
    return {
        key: sections[key]
        for key in sorted(sections)
        if key not in own or tuple(sections[key]) != getattr(dataset, key)
    }
