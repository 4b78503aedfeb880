"""The ``rank`` and ``due`` commands: staged scoring from the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from branchkit.cli.common import (
    find_framework,
    is_ledger_file,
    parse_date,
    parse_moment,
    report_options,
    scheme_option,
    write_text,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, Problem

if TYPE_CHECKING:
    from branchkit.framework.model import Framework
    from branchkit.ledger import Head
    from branchkit.mechanisms.staging.candidates import Candidate
    from branchkit.mechanisms.staging.scheme import Scheme
    from branchkit.plugins.host import Host
    from branchkit.records.dataset import Dataset
    from branchkit.records.events import Event
    from branchkit.records.labels import Language

__all__ = ["due", "rank"]


def _today_if_none(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> dt.date:
    return parse_date(context, parameter, value) or dt.date.today()


def _inputs(
    host: Host, file: Path, chosen: Framework, scheme_key: str | None, data: Path | None
) -> tuple[Scheme, tuple[Candidate, ...], Dataset | None, str]:
    from branchkit.io.candidates import candidates_from_document  # noqa: PLC0415
    from branchkit.records.dataset import Dataset  # noqa: PLC0415

    scheme = chosen.scheme(scheme_key)
    importer = host.importer_for(file)
    if importer is None:
        known = ", ".join(sorted(s for i in host.importers().values() for s in i.suffixes))
        raise InputError(
            [Problem(source=str(file), message=f"no importer reads it; known: {known}")]
        )
    if not file.exists():
        raise InputError([Problem(source=str(file), message="no such file or folder")])
    candidates = candidates_from_document(importer.read(file), scheme)
    dataset = host.load(data).dataset if data is not None else Dataset()
    return scheme, candidates, dataset, chosen.language


def _from_ledger(
    file: Path,
    scheme: Scheme,
    as_of: dt.date,
    known_at: dt.datetime | None,
    data_events: tuple[Event, ...],
    data: Path | None,
) -> tuple[tuple[Candidate, ...], tuple[Event, ...], Head]:
    """The candidates and events a ledger has on ``as_of``, with the head of what was read.

    The ledger's events join the data's; one id in both is a problem, not a silent choice.
    """
    from branchkit.ledger import Ledger, staging_inputs  # noqa: PLC0415

    with Ledger.open(file) as ledger:
        head, candidates, events = staging_inputs(ledger, scheme, as_of=as_of, known_at=known_at)
    given = {event.id for event in data_events}
    clashes = sorted(event.id for event in events if event.id in given)
    if clashes:
        raise InputError(
            Problem(source=str(file), message=f"event {event!r} is also in {data}")
            for event in clashes
        )
    return candidates, (*data_events, *events), head


F = TypeVar("F", bound=Callable[..., None])


def _scheme_arguments(command: F) -> F:
    """The FILE argument and the --framework and --scheme options both commands share."""
    command = scheme_option(command)
    command = click.option(
        "--framework",
        "framework",
        required=True,
        metavar="NAME",
        help="A framework's key (see `branchkit plugins`) or a framework file.",
    )(command)
    return click.argument("file", type=click.Path(path_type=Path))(command)


@click.command()
@_scheme_arguments
@click.option("--stage", metavar="KEY", help="The stage to rank (the scheme's by default).")
@click.option("--quota", type=click.IntRange(min=0), help="How many to select at most.")
@click.option(
    "--as-of",
    "as_of",
    callback=_today_if_none,
    metavar="DATE",
    help="The day judged, YYYY-MM-DD (today by default).",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="People, events and evidence the conditions and rules read.",
)
@click.option(
    "--known-at",
    "known_at",
    callback=parse_moment,
    metavar="TIME",
    help="With a ledger as FILE: only entries recorded by TIME "
    "(YYYY-MM-DDTHH:MM[+08:00]), to reproduce a ranking made then.",
)
@disclosure_options
@report_options("table", "json", "csv", "xlsx")
@click.pass_obj
def rank(
    settings: Settings,
    file: Path,
    framework: str,
    scheme_key: str | None,
    stage: str | None,
    quota: int | None,
    as_of: dt.date,
    data: Path | None,
    known_at: dt.datetime | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Rank the candidates in FILE and select up to a quota ("积分PK").

    FILE is a CSV, Excel, TOML, JSON or YAML file of candidates: one per row, with an id, a
    name, a stage, a group and the facts the scheme reads, as columns named by their keys or
    their Chinese names. Or FILE is a points ledger (a .ledger, .sqlite or .db file; see
    `branchkit ledger`): the candidates are as the ledger has them on --as-of, their points
    the facts the scheme's dimensions read, and every format names the head of the ledger's
    hash chain that was read.
    """  # fmt: skip
    from branchkit.mechanisms.staging.evaluate import evaluate  # noqa: PLC0415
    from branchkit.records.dataset import Dataset  # noqa: PLC0415
    from branchkit.report import ranking, tables  # noqa: PLC0415

    host = settings.host()
    chosen_framework = find_framework(host, framework)
    disclosure = make_disclosure(chosen_framework.privacy, roles, pseudonymise, key_file)
    head: Head | None = None
    dataset: Dataset | None
    language: str
    if is_ledger_file(file):
        scheme = chosen_framework.scheme(scheme_key)
        dataset = host.load(data).dataset if data is not None else Dataset()
        language = chosen_framework.language
        candidates, events, head = _from_ledger(file, scheme, as_of, known_at, dataset.events, data)
    else:
        if known_at is not None:
            raise click.UsageError("--known-at goes with a ledger as FILE")
        scheme, candidates, dataset, language = _inputs(
            host, file, chosen_framework, scheme_key, data
        )
        events = dataset.events if dataset else ()
    result = evaluate(
        scheme,
        candidates,
        as_of=as_of,
        people=dataset.people if dataset else (),
        events=events,
        evidence=dataset.evidence if dataset else (),
        predicates={key: p.evaluate for key, p in host.predicates().items()},
        point_rules={key: r.compute for key, r in host.point_rules().items()},
        stage=stage,
        quota=quota,
    )
    chosen: Language = "zh" if (lang or language) == "zh" else "en"
    if output_format == "json":
        write_text(ranking.ranking_json(result, host.converter(), disclosure, head), output)
        return
    bands = {band.key: band.label for band in scheme.bands}
    rows = ranking.ranking_rows(result, chosen, bands, disclosure)
    # A ranking read from a ledger ends with the head of the chain it read.
    footer = [] if head is None else [ranking.ledger_head_line(head, chosen)]
    if output_format == "csv":
        write_text(tables.to_csv([*rows, *([[], footer] if footer else [])]), output)
    elif output_format == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx needs --output PATH")
        sheets = [("排名" if chosen == "zh" else "ranking", rows)]
        if head is not None:
            sheets.append(("账本" if chosen == "zh" else "ledger", [footer]))
        tables.write_xlsx_sheets(sheets, output)
    else:
        counts = result.counts
        summary = (
            f"{scheme.label.text(chosen)} · {result.as_of.isoformat()} · "
            f"{counts['candidates']} candidates, {counts['eligible']} eligible, "
            f"{counts['selected']} selected"
            + (f", {counts['needs_decision']} need a decision" if counts["needs_decision"] else "")
            + f" · rules {result.fingerprint[:12]}\n"
        )
        text = summary + tables.text_table(rows)
        write_text(text + "".join(f"{line}\n" for line in footer), output)


@click.command()
@_scheme_arguments
@click.option("--stage", metavar="KEY", help="The stage (the scheme's selection stage by default).")
@click.option(
    "--as-of",
    "as_of",
    callback=_today_if_none,
    required=True,
    metavar="DATE",
    help="The day judged, YYYY-MM-DD.",
)
@click.option(
    "--data", type=click.Path(path_type=Path), metavar="PATH", help="People the conditions read."
)
@disclosure_options
@click.option("--lang", type=click.Choice(["zh", "en"]), help="The table's language.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.pass_obj
def due(
    settings: Settings,
    file: Path,
    framework: str,
    scheme_key: str | None,
    stage: str | None,
    as_of: dt.date,
    data: Path | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
) -> None:
    """List what each candidate in FILE needs next and by when.

    Waits (a time still to pass), deadlines, renewals, and dates that cannot be right.
    """
    from branchkit.mechanisms.staging.due import due_list  # noqa: PLC0415
    from branchkit.report import ranking, tables  # noqa: PLC0415

    host = settings.host()
    chosen_framework = find_framework(host, framework)
    disclosure = make_disclosure(chosen_framework.privacy, roles, pseudonymise, key_file)
    scheme, candidates, dataset, language = _inputs(host, file, chosen_framework, scheme_key, data)
    items = due_list(
        scheme, candidates, as_of=as_of, people=dataset.people if dataset else (), stage=stage
    )
    chosen: Language = "zh" if (lang or language) == "zh" else "en"
    if output_format == "json":
        write_text(ranking.due_json(items, host.converter(), disclosure), None)
    elif output_format == "csv":
        write_text(tables.to_csv(ranking.due_rows(items, chosen, disclosure)), None)
    else:
        write_text(tables.text_table(ranking.due_rows(items, chosen, disclosure)), None)
