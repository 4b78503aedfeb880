"""The ``rubric`` command: a competency rubric's profiles and distributions, as of a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchkit.cli.common import (
    begun_period,
    data_options,
    find_framework,
    report_options,
    require_output,
    write_report,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, Problem

if TYPE_CHECKING:
    from branchkit.mechanisms.rubrics.model import Rubric
    from branchkit.records.periods import Period

__all__ = ["rubric"]


def _choose(rubrics: Sequence[Rubric], key: str | None, framework: str) -> Rubric:
    """The rubric called ``key``, or the only one when no key is given."""
    if not rubrics:
        raise InputError([Problem(source=framework, message="the framework has no rubrics")])
    keys = ", ".join(found.key for found in rubrics)
    if key is None:
        if len(rubrics) > 1:
            raise click.UsageError(
                f"the framework has several rubrics ({keys}); choose one with --rubric"
            )
        return rubrics[0]
    for found in rubrics:
        if found.key == key:
            return found
    raise click.BadParameter(f"no rubric {key!r}; rubrics: {keys}", param_hint="--rubric")


def _period(text: str | None, day: dt.date) -> Period | None:
    """The period a ``--period`` names; ``None`` (every assessment to the day) when none."""
    return None if text is None else begun_period(text, day)


@click.command()
@data_options
@click.option(
    "--rubric",
    "rubric_key",
    metavar="KEY",
    help="The rubric's key, when the framework has several.",
)
@click.option(
    "--period",
    "period_key",
    metavar="P",
    help="Take only the assessments dated in this period: 2021-2022, 2021-2022-1, 2022, "
    "2022-Q1 or 2022-03 (by default every assessment up to the day judged).",
)
@disclosure_options
@report_options("table", "json", "csv", "xlsx")
@click.pass_obj
def rubric(
    settings: Settings,
    data: Path,
    framework_name: str,
    rubric_key: str | None,
    period_key: str | None,
    as_of: dt.date | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Report each person's competencies and the cohort's spread under a rubric ("素养评价").

    DATA is a file or folder with assessments (素养评价: the person, the competency and the
    carrier assessed, a score or a level, the date) and the people, for their names. In each
    cell (a competency through a carrier) a person's latest assessment on or before the day
    judged stands (within --period, when given); a cell not assessed counts by the rubric's
    rule, and a competency's cells combine into one aggregate, which meets its threshold or
    not. The cohort is everyone with an assessment that counts. Prints per competency the
    mean and how many meet the threshold, the spread over the scale's bands, and each
    person's profile for a reader who may see personal data.
    """  # fmt: skip
    from branchkit.mechanisms.rubrics import assessment_problems, evaluate_rubric  # noqa: PLC0415
    from branchkit.report.rubric import RubricReport  # noqa: PLC0415

    require_output(output_format, output)
    day = as_of or dt.date.today()
    period = _period(period_key, day)
    host = settings.host()
    framework = find_framework(host, framework_name)
    chosen = _choose(framework.rubrics, rubric_key, framework_name)
    disclosure = make_disclosure(framework.privacy, roles, pseudonymise, key_file)
    loaded = host.load(data)
    people = loaded.dataset.people
    assessments: tuple[Any, ...] = loaded.sections.get("assessments", ())
    # Every assessment is checked against every rubric of the framework, not only the one
    # reported: a row naming a misspelt rubric would otherwise vanish from every report. The
    # persons are checked when the data lists people; without any, ids stand without names.
    problems = [
        Problem(source=str(data), path=path, message=message)
        for path, message in assessment_problems(
            framework.rubrics,
            assessments,
            people={person.id for person in people} if people else None,
        )
    ]
    if problems:
        raise InputError(problems)
    result = evaluate_rubric(chosen, assessments, as_of=day, period=period)
    report = RubricReport(
        framework=framework.key,
        rubric=chosen,
        result=result,
        period=period,
        people={person.id: person for person in people},
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
