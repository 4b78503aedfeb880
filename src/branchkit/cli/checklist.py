"""The ``checklist`` command: role checklists completed, missing evidence and overdue items."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from branchkit.cli.common import (
    data_options,
    find_framework,
    parse_period,
    report_options,
    require_output,
    term_names,
    write_report,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, Problem, RecordError

__all__ = ["checklist"]


@click.command()
@data_options
@click.option(
    "--period",
    "period_key",
    metavar="P",
    help="The period whose recurring items are judged: 2021-2022, 2021-2022-1, 2022, 2022-Q1 "
    "or 2022-03 (the academic year of --as-of by default).",
)
@disclosure_options
@report_options("table", "json", "csv", "xlsx")
@click.pass_obj
def checklist(
    settings: Settings,
    data: Path,
    framework_name: str,
    as_of: dt.date | None,
    period_key: str | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Report the role checklists completed, the evidence missing and the items overdue, in DATA.

    DATA is a file or folder with people (their roles), evidence (documents with their kind,
    date, count and the people they name) and item transitions (submitted, verified, rejected,
    resubmitted). Each of the framework's checklists is judged by the version in force: one-off
    items on the day judged, recurring items on each period's last day. An item is owed by
    everyone who holds the checklist's role; it is complete when evidence naming the holder,
    dated by its due day, reaches its count for every kind it needs (and, where the list needs
    verification, it was verified). Prints each list's and each holder's completion, the items
    overdue and the open items still missing evidence.
    """  # fmt: skip
    from branchkit.mechanisms.checklists import evaluate_checklists  # noqa: PLC0415
    from branchkit.report.checklist import ChecklistReport  # noqa: PLC0415

    require_output(output_format, output)
    day = as_of or dt.date.today()
    period = parse_period(period_key, day)
    host = settings.host()
    framework = find_framework(host, framework_name)
    if not framework.checklists:
        raise InputError(
            [Problem(source=framework_name, message="the framework has no checklists")]
        )
    disclosure = make_disclosure(framework.privacy, roles, pseudonymise, key_file)
    loaded = host.load(data)
    dataset = loaded.dataset
    transitions: tuple[Any, ...] = loaded.sections.get("item_transitions", ())
    try:
        result = evaluate_checklists(
            framework.checklists,
            people=dataset.people,
            evidence=dataset.evidence,
            transitions=transitions,
            as_of=day,
            period=period,
        )
    except RecordError as error:
        # Inputs that do not fit together reach the user one line per problem, like a file's.
        raise InputError(
            Problem(source=str(data), path=path, message=message)
            for path, message in error.problems
        ) from None
    report = ChecklistReport(
        framework=framework.key,
        checklists=framework.checklists,
        result=result,
        people={person.id: person for person in dataset.people},
        disclosure=disclosure,
        names=term_names(host, dataset),
    )
    write_report(
        report,
        framework,
        lang=lang,
        output_format=output_format,
        output=output,
        converter=host.converter(),
    )
