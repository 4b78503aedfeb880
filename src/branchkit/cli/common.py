"""What several commands share: reading a date, finding a framework, writing the output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import click

from branchkit.errors import InputError, Problem, UnknownNameError

if TYPE_CHECKING:
    import cattrs

    from branchkit.framework.model import Framework
    from branchkit.plugins.host import Host
    from branchkit.records.dataset import Dataset
    from branchkit.records.labels import Label, Language
    from branchkit.records.periods import Period
    from branchkit.report.tables import TitledReport

__all__ = [
    "data_options",
    "find_framework",
    "is_ledger_file",
    "output_options",
    "parse_date",
    "parse_moment",
    "parse_period",
    "report_options",
    "term_names",
    "write_report",
    "write_text",
]

F = TypeVar("F", bound=Callable[..., None])


def parse_date(_: click.Context, __: click.Parameter, value: str | None) -> dt.date | None:
    """A click callback: ``YYYY-MM-DD`` as a date; ``None`` when the option is not given."""
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


def parse_moment(_: click.Context, __: click.Parameter, value: str | None) -> dt.datetime | None:
    """A click callback: an ISO 8601 date and time as an aware one; ``None`` when not given.

    A time without a time zone (``2024-07-01T12:00``) is this computer's local time; a date
    alone is the start of that day, local time.
    """
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date and time written YYYY-MM-DDTHH:MM[:SS][+08:00]"
        ) from None
    return moment if moment.tzinfo is not None else moment.astimezone()


#: The suffixes of a points ledger's file, and the first bytes of every SQLite file.
LEDGER_SUFFIXES = (".ledger", ".sqlite", ".sqlite3", ".db")
_SQLITE_HEADER = b"SQLite format 3\x00"


def is_ledger_file(path: Path) -> bool:
    """Whether ``path`` is a points ledger: by its suffix, or by SQLite's header in the file."""
    if path.suffix.lower() in LEDGER_SUFFIXES:
        return True
    if not path.is_file():
        return False
    try:
        with path.open("rb") as stream:
            return stream.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def parse_period(text: str | None, day: dt.date) -> Period:
    """The period a ``--period`` names, or the academic year containing ``day`` when none."""
    from branchkit.records.periods import Period, PeriodKind  # noqa: PLC0415

    if text is None:
        return Period.containing(day, PeriodKind.ACADEMIC_YEAR)
    try:
        return Period.parse(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None


def begun_period(text: str | None, day: dt.date) -> Period:
    """:func:`parse_period`, refusing a period that begins after ``day``, the day judged."""
    period = parse_period(text, day)
    if period.start > day:
        raise click.BadParameter(
            f"{period.key} begins after the day judged, {day}", param_hint="--period"
        )
    return period


def require_output(output_format: str, output: Path | None) -> None:
    """Refuse ``--format xlsx`` without ``--output`` before anything is read: a workbook is a file.

    :raises click.UsageError: for a workbook without ``--output``.
    """
    if output_format == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs --output PATH")


def term_names(host: Host, dataset: Dataset | None = None) -> dict[str, Label]:
    """The names of vocabulary keys, keyed ``vocabulary/key``: the plugins', then the data's."""
    terms = (*host.terms(), *(dataset.terms if dataset is not None else ()))
    return {f"{term.vocabulary}/{term.key}": term.label for term in terms}


def find_framework(host: Host, name: str) -> Framework:
    """The framework a plugin contributes under ``name``, or the one a file describes."""
    frameworks = host.frameworks()
    if name in frameworks:
        return frameworks[name]
    path = Path(name)
    if path.suffix and path.exists():
        loaded = host.load(path)
        if loaded.framework is None:
            raise InputError([Problem(source=name, message="the file describes no framework")])
        return loaded.framework
    raise UnknownNameError("framework", name, frameworks)


def write_text(text: str, output: Path | None) -> None:
    """``text`` to the terminal, or to ``output`` as UTF-8."""
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def scheme_option(command: F) -> F:
    """Add ``--scheme``: the command receives ``scheme_key``, ``None`` for the only one."""
    return click.option(
        "--scheme",
        "scheme_key",
        metavar="KEY",
        help="The staged scheme, when the framework has more than one.",
    )(command)


def data_options(command: F) -> F:
    """Add the DATA argument and the ``--framework`` and ``--as-of`` options.

    The command receives ``data`` (a path), ``framework_name`` and ``as_of`` (``None`` for
    today).
    """
    command = click.option(
        "--as-of",
        "as_of",
        callback=parse_date,
        metavar="DATE",
        help="The day judged, YYYY-MM-DD (today by default).",
    )(command)
    command = click.option(
        "--framework",
        "framework_name",
        required=True,
        metavar="NAME",
        help="A framework's key (see `branchkit plugins`) or a framework file.",
    )(command)
    return click.argument("data", type=click.Path(path_type=Path))(command)


def output_options(*formats: str) -> Callable[[F], F]:
    """Add ``--format`` (one of ``formats``, the first by default) and ``--output``.

    The command receives ``output_format`` and ``output`` (``None`` for the terminal).
    """
    where = "Write to PATH instead of the terminal" + (
        " (required for xlsx)." if "xlsx" in formats else "."
    )

    def add(command: F) -> F:
        command = click.option(
            "--output", type=click.Path(path_type=Path), metavar="PATH", help=where
        )(command)
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(formats),
            default=formats[0],
            show_default=True,
        )(command)

    return add


def report_options(*formats: str) -> Callable[[F], F]:
    """Add ``--lang``, and ``--format`` and ``--output`` as :func:`output_options` does."""

    def add(command: F) -> F:
        command = output_options(*formats)(command)
        return click.option(
            "--lang", type=click.Choice(["zh", "en"]), help="The language of the tables."
        )(command)

    return add


def write_report(
    report: TitledReport,
    framework: Framework,
    *,
    lang: str | None,
    output_format: str,
    output: Path | None,
    converter: cattrs.Converter,
) -> None:
    """Write ``report`` in the chosen format, in ``lang`` or else the framework's language.

    :raises click.UsageError: for a workbook without ``--output``.
    """
    from branchkit.report import tables  # noqa: PLC0415 - loaded when a command writes

    language: Language = "zh" if (lang or framework.language) == "zh" else "en"
    require_output(output_format, output)
    if output_format == "xlsx":
        assert output is not None  # required above
        tables.write_report_xlsx(report, language, output)
        return
    chosen: Literal["table", "json", "csv"] = (
        "json" if output_format == "json" else "csv" if output_format == "csv" else "table"
    )
    text = tables.render_report(report, chosen, language, converter)
    if chosen == "table":
        text = f"{framework.label.text(language)} · {text}"
    write_text(text, output)
