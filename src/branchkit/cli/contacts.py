"""The ``contacts`` command: a contact network and its assistance cases, as of a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchkit.cli.common import (
    data_options,
    find_framework,
    parse_date,
    parse_period,
    report_options,
    require_output,
    term_names,
    write_report,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, Problem

if TYPE_CHECKING:
    from branchkit.framework.model import Framework
    from branchkit.io.loading import Loaded
    from branchkit.mechanisms.contacts.suggest import Suggestion

__all__ = ["contacts"]


def _reference_problems(
    source: str, framework: Framework, loaded: Loaded, vocabulary: Mapping[str, frozenset[str]]
) -> list[Problem]:
    """Ties to tiers the framework does not have, and cases naming what is not on record.

    Cases are checked against the framework's plans when they are summed up.
    """
    from branchkit.mechanisms.contacts.assistance import case_problems  # noqa: PLC0415

    dataset = loaded.dataset
    services = vocabulary.get("service", frozenset()) | {
        term.key for term in dataset.terms if term.vocabulary == "service"
    }
    problems = [
        Problem(source=source, path=path, message=message)
        for path, message in case_problems(
            loaded.sections.get("cases", ()),
            people={person.id for person in dataset.people},
            units={unit.id for unit in dataset.units},
            services=services or None,
        )
    ]
    tiers = {tier.key for tier in framework.tiers}
    for index, tie in enumerate(loaded.sections.get("assignments", ())):
        if tie.tier not in tiers:
            problems.append(
                Problem(
                    source=source,
                    path=("assignments", index, "tier"),
                    message=f"no tier {tie.tier!r}; tiers: {', '.join(sorted(tiers))}",
                )
            )
    return problems


@click.command()
@data_options
@click.option(
    "--since",
    callback=parse_date,
    metavar="DATE",
    help="Check contacts from this day (the academic year's first day by default).",
)
@click.option("--suggest", is_flag=True, help="Propose ties that fill the gaps.")
@click.option(
    "--replace",
    is_flag=True,
    help="With --suggest, also move ties of holders over their limit.",
)
@disclosure_options
@report_options("table", "json", "csv", "xlsx")
@click.pass_obj
def contacts(
    settings: Settings,
    data: Path,
    framework_name: str,
    as_of: dt.date | None,
    since: dt.date | None,
    suggest: bool,
    replace: bool,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Report the contact network and assistance cases in DATA ("三联系").

    DATA is a file or folder with people (their roles and memberships), units, contact
    assignments (联系分工), contact events, assistance cases (帮扶对象) and their follow-ups.
    Prints coverage and load per tier, the gaps with their reasons, the contacts and
    follow-ups overdue, the persons and units helped, and with --suggest the proposed ties.
    Sensitive fields and small groups are hidden unless --role names a role the framework's
    privacy policy allows.
    """  # fmt: skip
    from branchkit.mechanisms.contacts.assistance import summarise_cases  # noqa: PLC0415
    from branchkit.mechanisms.contacts.network import evaluate_network  # noqa: PLC0415
    from branchkit.mechanisms.contacts.over_time import coverage_over  # noqa: PLC0415
    from branchkit.records.periods import Period, PeriodKind  # noqa: PLC0415
    from branchkit.report.contacts import ContactsReport  # noqa: PLC0415

    if replace and not suggest:
        raise click.UsageError("--replace goes with --suggest")
    require_output(output_format, output)
    host = settings.host()
    framework = find_framework(host, framework_name)
    if not framework.tiers:
        raise InputError(
            [Problem(source=framework_name, message="the framework has no contact tiers")]
        )
    disclosure = make_disclosure(framework.privacy, roles, pseudonymise, key_file)
    loaded = host.load(data)
    problems = _reference_problems(str(data), framework, loaded, host.vocabulary())
    if problems:
        raise InputError(problems)
    day = as_of or dt.date.today()
    first = since or parse_period(None, day).start
    if first > day:
        raise click.BadParameter(f"{first} is after the day judged, {day}", param_hint="--since")
    dataset = loaded.dataset
    ties: tuple[Any, ...] = loaded.sections.get("assignments", ())
    names = term_names(host)
    network = evaluate_network(
        framework.tiers,
        ties,
        people=dataset.people,
        units=dataset.units,
        events=dataset.events,
        as_of=day,
        since=first,
        names=names,
    )
    over = coverage_over(
        framework.tiers,
        ties,
        people=dataset.people,
        units=dataset.units,
        period=Period(key=f"{first}/{day}", kind=PeriodKind.CUSTOM, start=first, end=day),
        names=names,
    )
    cases = loaded.sections.get("cases", ())
    summary = None
    if cases:
        summary = summarise_cases(
            cases,
            loaded.sections.get("follow_ups", ()),
            units=dataset.units,
            plans=framework.plans,
            as_of=day,
        )
    suggestions: tuple[Suggestion, ...] = ()
    if suggest:
        from branchkit.mechanisms.contacts.suggest import suggest_assignments  # noqa: PLC0415

        suggestions = tuple(
            suggest_assignments(
                tier,
                ties,
                people=dataset.people,
                units=dataset.units,
                as_of=day,
                keep_existing=not replace,
            )
            for tier in framework.tiers
        )
    report = ContactsReport(
        framework=framework.key,
        tiers=framework.tiers,
        plans=framework.plans,
        network=network,
        cases=summary,
        case_list=tuple(cases),
        service_names={
            key.removeprefix("service/"): label
            for key, label in names.items()
            if key.startswith("service/")
        },
        over=over,
        suggestions=suggestions,
        people={person.id: person for person in dataset.people},
        units={unit.id: unit for unit in dataset.units},
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
