"""The ``obligations`` command: periodic obligations kept and outcomes credited, over a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from branchkit.io.loading import Loaded
    from branchkit.records.periods import Period

__all__ = ["obligations"]


def _outcome_problems(
    source: str, loaded: Loaded, vocabulary: Mapping[str, frozenset[str]]
) -> list[Problem]:
    """Outcomes with a duplicate id, or naming people, teams or keys that are not on record."""
    from branchkit.mechanisms.obligations import outcome_problems  # noqa: PLC0415

    dataset = loaded.dataset
    known = {name: set(keys) for name, keys in vocabulary.items()}
    # Terms the data itself defines are known keys too, as in the loader's own checks.
    for term in dataset.terms:
        known.setdefault(term.vocabulary, set()).add(term.key)
    return [
        Problem(source=source, path=path, message=message)
        for path, message in outcome_problems(
            loaded.sections.get("outcomes", ()),
            people={person.id for person in dataset.people},
            units={unit.id for unit in dataset.units},
            vocabulary=known,
        )
    ]


def _up_to(period: Period, day: dt.date) -> Period:
    """The part of ``period`` up to ``day``: what has happened by the day judged."""
    from branchkit.records.periods import Period, PeriodKind  # noqa: PLC0415

    if period.end <= day:
        return period
    return Period(key=f"{period.key}/{day}", kind=PeriodKind.CUSTOM, start=period.start, end=day)


@click.command()
@data_options
@click.option(
    "--period",
    "period_key",
    metavar="P",
    help="The period looked at: 2021-2022, 2021-2022-1, 2022, 2022-Q1 or 2022-03 "
    "(the academic year of --as-of by default).",
)
@disclosure_options
@report_options("table", "json", "csv", "xlsx")
@click.pass_obj
def obligations(
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
    """Report the periodic obligations kept, and the outcomes credited, in DATA.

    DATA is a file or folder with people (their roles and team memberships), units (the teams
    among them), events and outcomes (awards, projects, courses, papers, ...). For each of the
    framework's obligations (一季度一次示范课, ...), everyone who holds its role on a period's last
    day (or on the day judged, for the period still running) owes that period; an event of its
    kind they took part in counts for the period containing its date. Prints per obligation
    the totals, the person-periods overdue, each person's record, and the outcomes of the
    period by kind, level and rank.
    """  # fmt: skip
    from branchkit.mechanisms.obligations import (  # noqa: PLC0415
        check_obligations,
        compliance_by_person,
        summarise_outcomes,
    )
    from branchkit.report.obligations import ObligationsReport  # noqa: PLC0415

    require_output(output_format, output)
    day = as_of or dt.date.today()
    period = begun_period(period_key, day)
    host = settings.host()
    framework = find_framework(host, framework_name)
    disclosure = make_disclosure(framework.privacy, roles, pseudonymise, key_file)
    loaded = host.load(data)
    outcomes: tuple[Any, ...] = loaded.sections.get("outcomes", ())
    if not framework.obligations and not outcomes:
        raise InputError(
            [
                Problem(
                    source=str(data),
                    message="nothing to report: the framework has no obligations and the data "
                    "no outcomes",
                )
            ]
        )
    problems = _outcome_problems(str(data), loaded, host.vocabulary())
    if problems:
        raise InputError(problems)
    dataset = loaded.dataset
    summaries = check_obligations(
        framework.obligations,
        people=dataset.people,
        events=dataset.events,
        period=period,
        as_of=day,
    )
    report = ObligationsReport(
        framework=framework.key,
        period=period,
        as_of=day,
        obligations=framework.obligations,
        summaries=summaries,
        persons=compliance_by_person(summaries),
        outcomes=summarise_outcomes(outcomes, period=_up_to(period, day)),
        names=term_names(host, dataset),
        people={person.id: person for person in dataset.people},
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
