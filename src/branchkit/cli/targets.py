"""The ``targets`` command: counted outcomes of the events against the framework's targets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from branchkit.cli.common import (
    begun_period,
    data_options,
    find_framework,
    report_options,
    require_output,
    term_names,
    write_report,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, Problem

__all__ = ["targets"]


@click.command()
@data_options
@click.option(
    "--period",
    "period_key",
    metavar="P",
    help="The period looked at, for targets without a period of their own: 2021-2022, "
    "2021-2022-1, 2022, 2022-Q1 or 2022-03 (the academic year of --as-of by default).",
)
@disclosure_options
@report_options("table", "json", "csv", "xlsx")
@click.pass_obj
def targets(
    settings: Settings,
    data: Path,
    framework_name: str,
    period_key: str | None,
    as_of: dt.date | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Report the progress of the events in DATA towards the framework's targets.

    DATA is a file or folder with events (their kinds, dates, participants, partners,
    audiences and person-time counts). For each of the framework's targets (三送活动不少于10场,
    不少于300人次, ...) an event counts when it is of one of the target's kinds, names one of
    its partners and audiences (when it lists them) and falls in the target's period (or the
    period looked at) on or before the day judged. Prints per target the figure reached, its
    share of the figure required, a linear projection to the period's end and whether it is
    met, then each target's figure by partner and by audience.
    """  # fmt: skip
    from branchkit.mechanisms.targets import evaluate_targets  # noqa: PLC0415
    from branchkit.report.targets import TargetsReport  # noqa: PLC0415

    require_output(output_format, output)
    day = as_of or dt.date.today()
    period = begun_period(period_key, day)
    host = settings.host()
    framework = find_framework(host, framework_name)
    if not framework.targets:
        raise InputError(
            [
                Problem(
                    source=framework_name, message="nothing to report: the framework has no targets"
                )
            ]
        )
    disclosure = make_disclosure(framework.privacy, roles, pseudonymise, key_file)
    dataset = host.load(data).dataset
    progress = evaluate_targets(framework.targets, events=dataset.events, period=period, as_of=day)
    report = TargetsReport(
        framework=framework.key,
        period=period,
        as_of=day,
        targets=framework.targets,
        progress=progress,
        names=term_names(host, dataset),
        disclosure=disclosure,
    )
    write_report(
        report,
        framework,
        lang=lang,
        output_format=output_format,
        output=output,
        converter=host.converter(),
    )
