"""The indicator sources branchkit gives every framework, one per figure of its mechanisms.

Each reads one mechanism's result through the :class:`~branchkit.framework.sources.SourceContext`
(which runs the mechanism once) and states which selector fields it reads:

========================  =====================================================  ============
source                    value                                                  selector
========================  =====================================================  ============
``target``                a counted target's figure; for a target met for each   ``key``
                          partner or audience, how many of them reached it; its
                          ``at_least`` (or the number listed) is the target
``outcomes``              the outcomes of the period (the sum of their counts),  ``kinds``,
                          of some kinds, levels and ranks, credited to holders   ``level``,
                          of a role when one is named                            ``rank``,
                                                                                 ``role``
``events``                the events of some kinds held in the period            ``kinds``
``checklist_completion``  the share of checklist items owed in the period that   ``key``,
                          are complete, in percent; of one list or category      ``category``
``checklist_lists``       how many lists (keys) of a category were in force on   ``category``
                          the day judged
``obligation_compliance`` the share of person-periods owed that met an           ``key``
                          obligation, in percent
``rubric_share``          the share of a rubric's cohort meeting a               ``key``,
                          competency's threshold, in percent                     ``competency``
``assistance_persons``    the distinct persons helped by assistance cases        (none)
                          opened by the day judged
``assistance_units``      the distinct units of a kind those cases concern       ``unit_kind``
``contact_coverage``      the share of a contact tier's targets covered on the   ``key``
                          day judged, in percent
========================  =====================================================  ============

Shares are in percent with two decimal places, so that a target of 90 reads "90%".
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from typing import Any

from branchkit.errors import UnknownNameError
from branchkit.framework.indicators import Selector
from branchkit.framework.sources import IndicatorSource, Measurement, SourceContext
from branchkit.records.labels import Label

__all__ = ["BUILTIN_SOURCES"]

_PERCENT = Label(zh="%", en="%")
_HUNDRED = decimal.Decimal(100)
_CENT = decimal.Decimal("0.01")


def _percent(part: int, whole: int) -> decimal.Decimal:
    """``part / whole`` in percent, to two places half up; 0 of nothing is 0."""
    if whole == 0:
        return decimal.Decimal(0).quantize(_CENT)
    share = decimal.Decimal(part) * _HUNDRED / decimal.Decimal(whole)
    return share.quantize(_CENT, rounding=decimal.ROUND_HALF_UP)


def _key(select: Selector) -> str:
    assert select.key is not None  # the source needs it, checked before measuring
    return select.key


# --- targets ---------------------------------------------------------------------------------


def _target(context: SourceContext, select: Selector) -> Measurement:
    from branchkit.mechanisms.targets import evaluate_targets  # noqa: PLC0415

    targets = {target.key: target for target in context.framework.targets}
    key = _key(select)
    if key not in targets:
        raise UnknownNameError("target", key, targets)
    progress = context.memo(
        "targets",
        lambda: {
            found.target: found
            for found in evaluate_targets(
                context.framework.targets,
                events=context.dataset.events,
                period=context.period,
                as_of=context.as_of,
            )
        },
    )[key]
    target = targets[key]
    if target.each is None:
        return Measurement(
            value=decimal.Decimal(progress.value),
            unit=target.measure.label,
            records=progress.events,
            target=decimal.Decimal(target.at_least),
        )
    listed = target.groups(target.each)
    return Measurement(
        value=decimal.Decimal(len(listed) - len(progress.short_of)),
        unit=Label(zh="项", en="reached"),
        records=progress.events,
        target=decimal.Decimal(len(listed)),
    )


# --- outcomes and events ---------------------------------------------------------------------


def _outcomes(context: SourceContext, select: Selector) -> Measurement:
    from branchkit.mechanisms.obligations import summarise_outcomes  # noqa: PLC0415

    persons = None
    if select.role is not None:
        role = select.role
        persons = {p.id for p in context.dataset.people if p.holds(role, context.end)}
    rows = summarise_outcomes(context.section("outcomes"), period=_up_to(context), persons=persons)
    chosen = [
        row
        for row in rows
        if (not select.kinds or row.kind in select.kinds)
        and (select.level is None or row.level == select.level)
        and (select.rank is None or row.rank == select.rank)
    ]
    return Measurement(
        value=decimal.Decimal(sum(row.total for row in chosen)),
        unit=Label(zh="项", en="outcomes"),
        records=tuple(sorted(id for row in chosen for id in row.ids)),
    )


def _up_to(context: SourceContext) -> Any:
    from branchkit.records.periods import Period, PeriodKind  # noqa: PLC0415

    period = context.period
    if context.end >= period.end:
        return period
    return Period(
        key=f"{period.key}/{context.end.isoformat()}",
        kind=PeriodKind.CUSTOM,
        start=period.start,
        end=max(period.start, context.end),
    )


def _events(context: SourceContext, select: Selector) -> Measurement:
    found = [event for event in context.events_in_period() if event.kind in select.kinds]
    return Measurement(
        value=decimal.Decimal(len(found)),
        unit=Label(zh="次", en="events"),
        records=tuple(event.id for event in found),
    )


# --- checklists and obligations ------------------------------------------------------------


def _checklist_result(context: SourceContext) -> Any:
    from branchkit.mechanisms.checklists import evaluate_checklists  # noqa: PLC0415

    return context.memo(
        "checklists",
        lambda: evaluate_checklists(
            context.framework.checklists,
            people=context.dataset.people,
            evidence=context.dataset.evidence,
            transitions=context.section("item_transitions"),
            as_of=context.as_of,
            period=context.period,
        ),
    )


def _categories(context: SourceContext) -> dict[str, str | None]:
    """Each checklist key's category: its latest version's."""
    latest: dict[str, Any] = {}
    for found in sorted(
        context.framework.checklists, key=lambda c: (c.valid_from is not None, c.valid_from)
    ):
        latest[found.key] = found
    return {key: found.category for key, found in latest.items()}


def _checklist_completion(context: SourceContext, select: Selector) -> Measurement:
    categories = _categories(context)
    if select.key is not None and select.key not in categories:
        raise UnknownNameError("checklist", select.key, categories)
    result = _checklist_result(context)
    chosen = [
        totals
        for totals in result.checklists
        if (select.key is None or totals.checklist == select.key)
        and (select.category is None or categories.get(totals.checklist) == select.category)
    ]
    return Measurement(
        value=_percent(sum(t.complete for t in chosen), sum(t.owed for t in chosen)),
        unit=_PERCENT,
        records=tuple(t.checklist for t in chosen),
    )


def _checklist_lists(context: SourceContext, select: Selector) -> Measurement:
    in_force = sorted(
        {
            found.key
            for found in context.framework.checklists
            if found.in_force(context.end) and found.category == select.category
        }
    )
    return Measurement(
        value=decimal.Decimal(len(in_force)),
        unit=Label(zh="份", en="lists"),
        records=tuple(in_force),
    )


def _obligation_compliance(context: SourceContext, select: Selector) -> Measurement:
    from branchkit.mechanisms.obligations import check_obligations  # noqa: PLC0415

    key = _key(select)
    obligations = {duty.key: duty for duty in context.framework.obligations}
    if key not in obligations:
        raise UnknownNameError("obligation", key, obligations)
    summaries = context.memo(
        "obligations",
        lambda: {
            summary.obligation: summary
            for summary in check_obligations(
                context.framework.obligations,
                people=context.dataset.people,
                events=context.dataset.events,
                period=context.period,
                as_of=context.as_of,
            )
        },
    )
    summary = summaries[key]
    done = sorted({id for record in summary.records for id in record.events})
    return Measurement(
        value=_percent(summary.met, summary.owed), unit=_PERCENT, records=tuple(done)
    )


# --- rubrics ---------------------------------------------------------------------------------


def _rubric_share(context: SourceContext, select: Selector) -> Measurement:
    from branchkit.mechanisms.rubrics import evaluate_rubric  # noqa: PLC0415

    key = _key(select)
    rubrics = {rubric.key: rubric for rubric in context.framework.rubrics}
    if key not in rubrics:
        raise UnknownNameError("rubric", key, rubrics)
    rubric = rubrics[key]
    result = context.memo(
        f"rubric/{key}",
        lambda: evaluate_rubric(
            rubric,
            [a for a in context.section("assessments") if a.rubric == key],
            period=context.period,
            as_of=context.as_of,
        ),
    )
    competency = select.competency
    for distribution in result.distributions:
        if distribution.competency == competency:
            return Measurement(
                value=_percent(distribution.meeting, distribution.cohort),
                unit=_PERCENT,
                records=(),
            )
    raise UnknownNameError("competency", competency or "", (c.key for c in rubric.competencies))


# --- contacts ----------------------------------------------------------------------------------


def _case_summary(context: SourceContext) -> Any:
    from branchkit.mechanisms.contacts import summarise_cases  # noqa: PLC0415

    return context.memo(
        "cases",
        lambda: summarise_cases(
            context.section("cases"),
            context.section("follow_ups"),
            units=context.dataset.units,
            plans=context.framework.plans,
            as_of=context.as_of,
        ),
    )


def _opened(context: SourceContext) -> tuple[str, ...]:
    return tuple(
        sorted(case.id for case in context.section("cases") if case.opened <= context.as_of)
    )


def _assistance_persons(context: SourceContext, select: Selector) -> Measurement:
    summary = _case_summary(context)
    return Measurement(
        value=decimal.Decimal(summary.persons),
        unit=Label(zh="人", en="persons"),
        records=_opened(context),
    )


def _assistance_units(context: SourceContext, select: Selector) -> Measurement:
    summary = _case_summary(context)
    kind = select.unit_kind or ""
    return Measurement(
        value=decimal.Decimal(summary.units_by_kind.get(kind, 0)),
        unit=Label(zh="个", en="units"),
        records=_opened(context),
    )


def _contact_coverage(context: SourceContext, select: Selector) -> Measurement:
    from branchkit.mechanisms.contacts import evaluate_network  # noqa: PLC0415

    key = _key(select)
    tiers = {tier.key: tier for tier in context.framework.tiers}
    if key not in tiers:
        raise UnknownNameError("tier", key, tiers)
    network = context.memo(
        "network",
        lambda: evaluate_network(
            context.framework.tiers,
            context.section("assignments"),
            people=context.dataset.people,
            units=context.dataset.units,
            events=context.dataset.events,
            as_of=context.end,
            since=context.period.start,
            names=context.names,
        ),
    )
    (result,) = (found for found in network.tiers if found.tier == key)
    return Measurement(
        value=_percent(result.covered, len(result.coverage)),
        unit=_PERCENT,
        records=(),
    )


def _source(
    key: str,
    zh: str,
    en: str,
    measure: Any,
    *,
    reads: Sequence[str] = (),
    needs: Sequence[str] = (),
) -> IndicatorSource:
    return IndicatorSource(
        key=key,
        label=Label(zh=zh, en=en),
        reads=frozenset(reads) | frozenset(needs),
        needs=frozenset(needs),
        measure=measure,
    )


#: branchkit's own sources, as the builtin plugin contributes them.
BUILTIN_SOURCES: tuple[IndicatorSource, ...] = (
    _source("target", "计数目标完成值", "a counted target's figure", _target, needs=["key"]),
    _source(
        "outcomes",
        "成果数",
        "outcomes of kinds, levels and ranks",
        _outcomes,
        reads=["kinds", "level", "rank", "role"],
    ),
    _source("events", "活动次数", "events of kinds held", _events, needs=["kinds"]),
    _source(
        "checklist_completion",
        "清单完成率",
        "checklist completion",
        _checklist_completion,
        reads=["key", "category"],
    ),
    _source(
        "checklist_lists", "清单数", "lists of a category", _checklist_lists, needs=["category"]
    ),
    _source(
        "obligation_compliance",
        "履职达标率",
        "obligation met, share of person-periods",
        _obligation_compliance,
        needs=["key"],
    ),
    _source(
        "rubric_share",
        "素养达标率",
        "share meeting a competency's threshold",
        _rubric_share,
        needs=["key", "competency"],
    ),
    _source("assistance_persons", "帮扶人数", "persons helped", _assistance_persons),
    _source(
        "assistance_units",
        "帮扶单位数",
        "units helped, of a kind",
        _assistance_units,
        needs=["unit_kind"],
    ),
    _source(
        "contact_coverage",
        "联系覆盖率",
        "share of a tier's targets covered",
        _contact_coverage,
        needs=["key"],
    ),
)
