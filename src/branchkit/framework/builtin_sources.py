"""The indicator sources branchkit gives every framework, one per figure of its mechanisms.

Each reads one mechanism's result through the :class:`~branchkit.framework.sources.SourceContext`
(which runs the mechanism once) and states which selector fields it reads:

==========================  =====================================================  ================
source                      value                                                  selector
==========================  =====================================================  ================
``target``                  a counted target's figure; for a target met for each   ``key``
                            partner or audience, how many of them reached it; its
                            ``at_least`` (or the number listed) is the target
``outcomes``                the outcomes of the period (the sum of their counts),  ``kinds``,
                            of some kinds, levels and ranks (or of none:           ``level``,
                            ``unranked``), credited to holders of a role when one  ``rank``,
                            is named (led by one, with ``lead``) and to teams of   ``unranked``,
                            some unit kinds when named; from ``since`` if given    ``team_kinds``,
                                                                                   ``role``,
                                                                                   ``lead``,
                                                                                   ``since``
``events``                  the events of some kinds held in the period, or from   ``kinds``,
                            ``since``                                              ``since``
``role_holders``            the people who held a role on some day of the period   ``role``,
                            (or from ``since``); with ``with_role``, who held      ``with_role``,
                            both on one day                                        ``since``
``checklist_completion``    the share of checklist items owed in the period that   ``key``,
                            are complete, in percent; of one list or category, or  ``category``,
                            of one ``item`` of the list ``key``                    ``item``
``checklist_lists``         how many lists (keys) of a category were in force on   ``category``
                            the day judged
``obligation_compliance``   the share of person-periods owed that met an           ``key``
                            obligation, in percent
``rubric_share``            the share of a rubric's cohort meeting a               ``key``,
                            competency's threshold, in percent                     ``competency``
``assistance_persons``      the distinct persons helped by assistance cases        (none)
                            opened by the day judged
``assistance_units``        the distinct units of a kind those cases concern       ``unit_kind``
``contact_coverage``        the share of a contact tier's targets covered on the   ``key``
                            day judged, in percent
``pairing_coverage``        the share of a pairing scheme's mentees in the period  ``key``
                            who were paired in it, by the pairs the data records,
                            in percent
``staging_selected``        how many candidates a staged scheme's selection        ``key``
                            ("积分PK") selects on the day judged
``staging_eligible``        how many candidates at the selection's stage pass      ``key``
                            every gate, and so are ranked
``staging_candidates``      how many candidates are at the selection's stage       ``key``
==========================  =====================================================  ================

Shares are in percent with two decimal places, so that a target of 90 reads "90%".

**Days counted.** The outcomes, events and role holders counted are those of the period
evaluated up to :attr:`~branchkit.framework.sources.SourceContext.end` (the day judged, or the
period's end if earlier), both included; with ``since``, from that day instead of the period's
start, so that an indicator can count a branch's honours since 2018 in the evaluation of one
year. A ``since`` after the end counts nothing.

**Outcomes.** Every field given narrows the outcomes counted. ``role`` keeps those credited
to a person holding the role on the end day (the person among the outcome's ``persons``; a
team's outcome is not its members'); with ``lead``, only those whose *first* person holds it:
the one who led the project or built the course (主持人, 牵头人), as an outcomes file lists the
leader first. ``team_kinds`` keeps those credited to a team (a unit among the outcome's
``teams``) whose kind is one of them: the projects of a branch's research and teaching-reform
teams, or the honours of the branch itself (a unit of kind ``branch``). ``unranked`` keeps
those without a rank: a national honour, not the nomination to one (``rank = "nominee"``). The
figure is the sum of their counts (a training attended by 50 counts 50); the records are their
ids. A duplicate outcome id is a :class:`~branchkit.errors.RecordError`.

**Role holders.** ``role_holders`` counts the people who held ``role`` on at least one day
counted; with ``with_role``, on at least one day they held ``with_role`` too ("2名青年教师发展为
支部委员": committee members who were young teachers while on the committee). A committee
member who left the committee during the year still counts for that year; the records are the
people's ids.

**Checklist items.** With ``item``, ``checklist_completion`` reads one item of the checklist
``key`` (an item of any of its versions): the share of that item's records owed in the period
that are complete, in percent, and the records are the ids of the evidence that made them
complete. With a ``category`` too, a list of another category counts nothing (0 of 0, as for
whole lists). An item that none of the list's versions has is an
:class:`~branchkit.errors.UnknownNameError`.

**Pairing.** ``pairing_coverage`` judges what the branch did, not what a solver would propose.
The pairs are those the data records (``pair_rules`` of kind ``locked`` or ``given``), checked
on the period's first day and on each day in the period up to
:attr:`~branchkit.framework.sources.SourceContext.end` that the recorded pairs change (a pair's
first day, the day after its last), by
:func:`~branchkit.mechanisms.pairing.evaluate.pair` with the ``manual`` method whatever the
scheme's own method, so that no solver (scipy) is needed. A recorded pair that breaks the
scheme's rules (forbidden, ineligible, over the mentor's capacity, a mentee paired twice, a
person not holding the scheme's role on the day) is not formed and does not count. The
mentees are everyone holding the scheme's ``mentee_role`` on any of those days, eligible or
not, and a mentee counts as paired when paired on any of them: a young teacher whose pair
ended in July was paired that year. The records are the paired mentees' ids. The scheme is
the framework's, else the data's (``pairings``) of that key; profiles come from the
``profiles`` section, and the scorers of ``scorer`` features from
``behaviour["pairing_scorers"]``: by key, the plugins'
:class:`~branchkit.plugins.contributions.PairingScorer` s or their ``score`` functions.

**Staging.** The staging sources run the scheme's selection (its stage and its quota) on
:attr:`~branchkit.framework.sources.SourceContext.end`, over the people and every event and
evidence up to that day (a candidate's record is older than the period), with the plugins'
:class:`~branchkit.plugins.contributions.Predicate` s and
:class:`~branchkit.plugins.contributions.PointRule` s (or their functions) of
``behaviour["predicates"]`` and ``behaviour["point_rules"]``, by key. A candidate at a tie
on the quota that the scheme flags for a decision is not counted as selected. The records are
the candidates' ids.

The candidates are the data's section ``candidates/<key>`` when it has one, else its section
``candidates``. Each entry is either a
:class:`~branchkit.mechanisms.staging.candidates.Candidate`, whose facts are typed by the
scheme (:func:`~branchkit.mechanisms.staging.prepare.prepare_candidates`), or a part of a
document as :func:`~branchkit.io.loading.load` keeps the deferred ``candidates`` section,
read by ``behaviour["section_readers"]["candidates"]`` called as ``reader(entry, scheme)``:
for files, :func:`~branchkit.io.candidates.candidates_from_document`. The framework does not
import :mod:`branchkit.io`, so the caller hands the reader over; without one, such an entry is
an :class:`~branchkit.errors.UnknownNameError`. A candidate given twice (in two files of one
folder, say) is an :class:`~branchkit.errors.InputError`, whether or not the two agree.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from branchkit.errors import RecordError, UnknownNameError
from branchkit.framework.indicators import Selector
from branchkit.framework.sources import IndicatorSource, Measurement, SourceContext
from branchkit.mechanisms.contacts.network import NetworkResult
from branchkit.mechanisms.staging.results import StagingResult
from branchkit.records._checks import duplicate_problems
from branchkit.records.labels import Label

if TYPE_CHECKING:
    from branchkit.mechanisms.obligations.model import Outcome
    from branchkit.mechanisms.staging.candidates import Candidate
    from branchkit.mechanisms.staging.scheme import Scheme
    from branchkit.records.events import Event
    from branchkit.records.people import RoleSpan

__all__ = ["BUILTIN_SOURCES", "network_of", "staging_of"]

_PERCENT = Label(zh="%", en="%")
_OUTCOMES = Label(zh="项", en="outcomes")
_REACHED = Label(zh="项", en="reached")
_HUNDRED = decimal.Decimal(100)
_CENT = decimal.Decimal("0.01")


def _percent(part: int, whole: int) -> decimal.Decimal:
    """``part / whole`` in percent, to two places half up; 0 of nothing is 0."""
    if whole == 0:
        return decimal.Decimal(0).quantize(_CENT)
    share = decimal.Decimal(part) * _HUNDRED / decimal.Decimal(whole)
    return share.quantize(_CENT, rounding=decimal.ROUND_HALF_UP)


def _functions(context: SourceContext, kind: str, attribute: str) -> dict[str, Any]:
    """One kind of behaviour's functions by key: as given, or the ``attribute`` of each.

    The behaviour may hold the plugins' contributions themselves (a
    :class:`~branchkit.plugins.contributions.Predicate`, whose function is its ``evaluate``)
    or their functions; the framework does not import the plugins' layer to tell them apart.
    """
    return {
        key: found if callable(found) else getattr(found, attribute)
        for key, found in sorted(context.behaviour.get(kind, {}).items())
    }


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
        unit=_REACHED,
        records=progress.events,
        target=decimal.Decimal(len(listed)),
    )


# --- outcomes, events and roles -------------------------------------------------------------


def _window(context: SourceContext, select: Selector) -> tuple[dt.date, dt.date]:
    """The first and last day counted: ``since`` or the period's start, to the context's end.

    The first may come after the last (a ``since`` after the day judged): then no day counts.
    """
    start = context.period.start if select.since is None else select.since
    return start, context.end


def _outcome_records(context: SourceContext) -> tuple[Outcome, ...]:
    """The section ``outcomes``, its ids checked unique once per context."""

    def checked() -> tuple[Outcome, ...]:
        listed: tuple[Outcome, ...] = context.section("outcomes")
        # The error summarise_outcomes gives for a duplicate id.
        found = list(duplicate_problems("outcomes", listed, lambda outcome: outcome.id, "id"))
        if found:
            raise RecordError("outcomes input", found)
        return listed

    return context.memo("outcomes", checked)


def _outcomes_of_kinds(context: SourceContext, kinds: Sequence[str]) -> Sequence[Outcome]:
    """The outcomes of ``kinds`` (of every kind if none), grouped by kind once per context."""
    listed = _outcome_records(context)
    if not kinds:
        return listed

    def by_kind() -> dict[str, list[Outcome]]:
        found: dict[str, list[Outcome]] = {}
        for outcome in listed:
            found.setdefault(outcome.kind, []).append(outcome)
        return found

    grouped = context.memo("outcome-kinds", by_kind)
    return [outcome for kind in dict.fromkeys(kinds) for outcome in grouped.get(kind, ())]


def _holders_on(context: SourceContext, role: str, day: dt.date) -> frozenset[str]:
    """The ids of the people holding ``role`` on ``day``; found once per context."""
    return context.memo(
        f"holders/{role}/{day.isoformat()}",
        lambda: frozenset(p.id for p in context.dataset.people if p.holds(role, day)),
    )


def _outcomes(context: SourceContext, select: Selector) -> Measurement:
    from branchkit.mechanisms.obligations import credited  # noqa: PLC0415

    holders: frozenset[str] | None = None
    if select.role is not None:
        holders = _holders_on(context, select.role, context.end)
    teams: set[str] | None = None
    if select.team_kinds:
        teams = {unit.id for unit in context.dataset.units if unit.kind in select.team_kinds}
    start, end = _window(context, select)

    def chosen(outcome: Outcome) -> bool:
        if not start <= outcome.date <= end:
            return False
        if select.level is not None and outcome.level != select.level:
            return False
        if select.rank is not None and outcome.rank != select.rank:
            return False
        if select.unranked and outcome.rank is not None:
            return False
        if holders is not None:
            if select.lead:
                if not outcome.persons or outcome.persons[0] not in holders:
                    return False
            elif not credited(outcome, persons=holders):
                return False
        return teams is None or credited(outcome, teams=teams)

    # The sum and the sorted ids do not depend on the order the outcomes are looked at in.
    found = [outcome for outcome in _outcomes_of_kinds(context, select.kinds) if chosen(outcome)]
    return Measurement(
        value=decimal.Decimal(sum(outcome.count for outcome in found)),
        unit=_OUTCOMES,
        records=tuple(sorted(outcome.id for outcome in found)),
    )


def _events(context: SourceContext, select: Selector) -> Measurement:
    if select.since is None:
        held: Sequence[Event] = context.events_in_period()
    else:
        start, end = _window(context, select)
        held = sorted(
            (event for event in context.dataset.events if start <= event.date <= end),
            key=lambda event: (event.date, event.id),
        )
    found = [event for event in held if event.kind in select.kinds]
    return Measurement(
        value=decimal.Decimal(len(found)),
        unit=Label(zh="次", en="events"),
        records=tuple(event.id for event in found),
    )


def _overlap(
    spans: Sequence[RoleSpan], start: dt.date, end: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The parts of ``spans`` within ``start`` to ``end``, both included; none if empty."""
    found = []
    for span in spans:
        first = start if span.start is None else max(start, span.start)
        last = end if span.end is None else min(end, span.end)
        if first <= last:
            found.append((first, last))
    return found


def _role_holders(context: SourceContext, select: Selector) -> Measurement:
    role = select.role
    start, end = _window(context, select)
    found = []
    for person in context.dataset.people:
        held = _overlap([span for span in person.roles if span.role == role], start, end)
        if select.with_role is not None:
            others = [span for span in person.roles if span.role == select.with_role]
            held = [part for first, last in held for part in _overlap(others, first, last)]
        if held:
            found.append(person.id)
    return Measurement(
        value=decimal.Decimal(len(found)),
        unit=Label(zh="人", en="persons"),
        records=tuple(sorted(found)),
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
    """Each checklist key's category: its latest version's; found once per context."""
    from branchkit.mechanisms.checklists import latest_versions  # noqa: PLC0415

    def categories() -> dict[str, str | None]:
        latest = latest_versions(context.framework.checklists)
        return {key: found.category for key, found in latest.items()}

    return context.memo("checklist-categories", categories)


def _checklist_completion(context: SourceContext, select: Selector) -> Measurement:
    categories = _categories(context)
    if select.key is not None and select.key not in categories:
        raise UnknownNameError("checklist", select.key, categories)
    if select.item is not None:
        return _item_completion(context, select, categories)
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


def _item_completion(
    context: SourceContext, select: Selector, categories: dict[str, str | None]
) -> Measurement:
    key, item = _key(select), select.item
    known = {
        found.key for listed in context.framework.checklists if listed.key == key
        for found in listed.items
    }  # fmt: skip
    if item not in known:
        raise UnknownNameError("checklist item", item or "", known)
    if select.category is not None and categories[key] != select.category:
        return Measurement(value=_percent(0, 0), unit=_PERCENT, records=())
    result = _checklist_result(context)
    owed = [r for r in result.records if r.checklist == key and r.item == item]
    complete = [r for r in owed if r.complete]
    return Measurement(
        value=_percent(len(complete), len(owed)),
        unit=_PERCENT,
        records=tuple(sorted({id for r in complete for id in r.evidence})),
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
        sensitive_count=True,
    )


def _assistance_units(context: SourceContext, select: Selector) -> Measurement:
    summary = _case_summary(context)
    kind = select.unit_kind or ""
    return Measurement(
        value=decimal.Decimal(summary.units_by_kind.get(kind, 0)),
        unit=Label(zh="个", en="units"),
        records=_opened(context),
    )


def network_of(context: SourceContext) -> NetworkResult:
    """The framework's contact network on the context's last day; computed once per context.

    Contacts are checked from the period's start.

    :param context: the framework, the records, the period and the day.
    """
    from branchkit.mechanisms.contacts import evaluate_network  # noqa: PLC0415

    return context.memo(
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


def _contact_coverage(context: SourceContext, select: Selector) -> Measurement:
    key = _key(select)
    tiers = {tier.key: tier for tier in context.framework.tiers}
    if key not in tiers:
        raise UnknownNameError("tier", key, tiers)
    network = network_of(context)
    (result,) = (found for found in network.tiers if found.tier == key)
    return Measurement(
        value=_percent(result.covered, len(result.coverage)),
        unit=_PERCENT,
        records=(),
    )


# --- pairing ---------------------------------------------------------------------------------


def _pairing_coverage(context: SourceContext, select: Selector) -> Measurement:
    from branchkit.mechanisms.pairing.evaluate import pair  # noqa: PLC0415

    key = _key(select)
    schemes = {scheme.key: scheme for scheme in context.section("pairings")}
    schemes.update((scheme.key, scheme) for scheme in context.framework.pairings)
    if key not in schemes:
        raise UnknownNameError("pairing scheme", key, schemes)
    scheme = schemes[key]
    rules = [rule for rule in context.section("pair_rules") if rule.scheme == key]
    # The recorded pairs change on their first days and the days after their last: checking
    # the period's first day and each such day in it sees every state the pairs were in.
    start, end = context.period.start, context.end
    days = {start} | {
        day
        for rule in rules
        for day in (rule.start, rule.end and rule.end + dt.timedelta(days=1))
        if day is not None and start < day <= end
    }
    mentees: set[str] = set()
    paired: set[str] = set()
    for day in sorted(days):
        result = context.memo(
            f"pairing/{key}/{day.isoformat()}",
            lambda day=day: pair(  # type: ignore[misc]
                scheme,
                people=context.dataset.people,
                profiles=context.section("profiles"),
                rules=rules,
                as_of=day,
                method="manual",
                scorers=_functions(context, "pairing_scorers", "score"),
            ),
        )
        found = {match.mentee for match in result.matches}
        paired |= found
        mentees |= found | {unpaired.mentee for unpaired in result.unpaired}
    return Measurement(
        value=_percent(len(paired), len(mentees)),
        unit=_PERCENT,
        records=tuple(sorted(paired)),
    )


# --- staging ---------------------------------------------------------------------------------


def _staging_candidates(context: SourceContext, scheme: Scheme) -> tuple[Candidate, ...]:
    """The scheme's candidates, typed: see the module's description."""
    from branchkit.mechanisms.staging.candidates import Candidate  # noqa: PLC0415
    from branchkit.mechanisms.staging.prepare import prepare_candidates  # noqa: PLC0415

    own = f"candidates/{scheme.key}"
    entries = context.section(own if own in context.sections else "candidates")
    readers = context.behaviour.get("section_readers", {})
    found: list[Candidate] = []
    for entry in entries:
        if isinstance(entry, Candidate):
            found.append(entry)
            continue
        if "candidates" not in readers:
            raise UnknownNameError("section reader", "candidates", readers)
        found.extend(readers["candidates"](entry, scheme))
    return prepare_candidates(scheme, found)


def _staging_result(context: SourceContext, select: Selector) -> Any:
    return staging_of(context, _key(select))


def staging_of(context: SourceContext, key: str) -> StagingResult:
    """The selection of the staged scheme ``key`` on the context's last day; computed once.

    :param context: the framework, the records, the period and the day.
    :param key: the scheme's key.
    :raises UnknownNameError: when the framework has no such scheme.
    """
    from branchkit.mechanisms.staging.evaluate import evaluate  # noqa: PLC0415

    schemes = {scheme.key: scheme for scheme in context.framework.schemes}
    if key not in schemes:
        raise UnknownNameError("staged scheme", key, schemes)
    scheme = schemes[key]
    return context.memo(
        f"staging/{key}",
        lambda: evaluate(
            scheme,
            _staging_candidates(context, scheme),
            as_of=context.end,
            people=context.dataset.people,
            events=context.dataset.events,
            evidence=context.dataset.evidence,
            predicates=_functions(context, "predicates", "evaluate"),
            point_rules=_functions(context, "point_rules", "compute"),
        ),
    )


_CANDIDATES = Label(zh="人", en="candidates")


def _staging_selected(context: SourceContext, select: Selector) -> Measurement:
    result = _staging_result(context, select)
    chosen = sorted(found.id for found in result.candidates if found.selected)
    return Measurement(value=decimal.Decimal(len(chosen)), unit=_CANDIDATES, records=tuple(chosen))


def _staging_eligible(context: SourceContext, select: Selector) -> Measurement:
    result = _staging_result(context, select)
    ranked = sorted(found.id for found in result.candidates if found.eligible)
    return Measurement(value=decimal.Decimal(len(ranked)), unit=_CANDIDATES, records=tuple(ranked))


def _staging_listed(context: SourceContext, select: Selector) -> Measurement:
    result = _staging_result(context, select)
    listed = sorted(found.id for found in result.candidates)
    return Measurement(value=decimal.Decimal(len(listed)), unit=_CANDIDATES, records=tuple(listed))


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
        reads=["kinds", "level", "rank", "unranked", "team_kinds", "role", "lead", "since"],
    ),
    _source(
        "events", "活动次数", "events of kinds held", _events, reads=["since"], needs=["kinds"]
    ),
    _source(
        "role_holders",
        "任职人数",
        "people who held a role",
        _role_holders,
        reads=["with_role", "since"],
        needs=["role"],
    ),
    _source(
        "checklist_completion",
        "清单完成率",
        "checklist completion",
        _checklist_completion,
        reads=["key", "category", "item"],
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
    _source(
        "pairing_coverage",
        "结对覆盖率",
        "share of a pairing scheme's mentees paired",
        _pairing_coverage,
        needs=["key"],
    ),
    _source(
        "staging_selected",
        "积分PK入选人数",
        "candidates a staged scheme's selection selects",
        _staging_selected,
        needs=["key"],
    ),
    _source(
        "staging_eligible",
        "积分PK参评人数",
        "candidates passing every gate of the selection",
        _staging_eligible,
        needs=["key"],
    ),
    _source(
        "staging_candidates",
        "积分PK候选人数",
        "candidates at the selection's stage",
        _staging_listed,
        needs=["key"],
    ),
)
