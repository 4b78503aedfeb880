"""A report section: the dormitory visits of the period reported on.

A plugin module of its own, as the how-to guide :doc:`/howto/report-section` builds it. It
also names the event kind it counts, so that data files using it validate.
"""

from __future__ import annotations

from collections.abc import Sequence

from branchkit import Term, hookimpl
from branchkit.plugins import Block, Metric, Paragraph, ReportContext, ReportSection, Table
from branchkit.records import Label

#: The event kind counted: a visit to a student dormitory (走访寝室).
VISIT = "dorm_visit"


def build_visits(context: ReportContext) -> list[Block]:
    """The visits of the period: how many, how many dorms, and each visit in a table.

    :param context: the framework, the records, the period and the language of the report.
    :returns: the section's blocks; a paragraph alone when there were no visits.
    """
    period = context.period
    visits = sorted(
        (
            event
            for event in context.dataset.events
            if event.kind == VISIT and (period is None or period.contains(event.date))
        ),
        key=lambda event: (event.date, event.id),
    )
    if not visits:
        none = Label(zh="本期没有走访寝室记录。", en="No dorm visits this period.")
        return [Paragraph(text=none)]
    names = {unit.id: unit.name for unit in context.dataset.units}
    dorms = {unit for event in visits for unit in event.units if unit in names}
    # Units by name, not people: a report section never lists who took part.
    rows = tuple(
        (
            event.date.isoformat(),
            "、".join(sorted(names.get(unit, unit) for unit in event.units)),
            len(event.participants),
        )
        for event in visits
    )
    return [
        Metric(label=Label(zh="走访次数", en="visits"), value=len(visits)),
        Metric(label=Label(zh="走访寝室数", en="dorms visited"), value=len(dorms)),
        Table(
            columns=(
                Label(zh="日期", en="date"),
                Label(zh="寝室", en="dorms"),
                Label(zh="参加人数", en="participants"),
            ),
            rows=rows,
        ),
    ]


@hookimpl
def branchkit_report_sections() -> Sequence[ReportSection]:
    """The section, in the reports of the framework ``my-branch`` only."""
    return [
        ReportSection(
            key="dorm_visits",
            label=Label(zh="走访寝室", en="Dorm visits"),
            build=build_visits,
            order=50,
            frameworks=("my-branch",),
        )
    ]


@hookimpl
def branchkit_terms() -> Sequence[Term]:
    """The event kind the section counts."""
    return [Term(vocabulary="event_kind", key=VISIT, label=Label(zh="走访寝室", en="dorm visit"))]
