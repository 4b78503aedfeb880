"""The ``evaluate`` command: a branch's indicators and scorecards, compared with a year before."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from branchkit.cli.common import (
    begun_period,
    data_options,
    find_framework,
    parse_moment,
    report_options,
    require_output,
    term_names,
    write_text,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, Problem, RecordError
from branchkit.errors import Path as Location

if TYPE_CHECKING:
    import cattrs

    from branchkit.framework.evaluation import Evaluation
    from branchkit.framework.model import Framework
    from branchkit.framework.sources import IndicatorSource, SourceContext
    from branchkit.framework.standard import Standard
    from branchkit.ledger import Head, Ledger
    from branchkit.records.labels import Language
    from branchkit.records.periods import Period
    from branchkit.report.evaluation import EvaluationReport

__all__ = ["evaluate"]

#: How long a run goes before it shows its progress, in seconds: a quick run shows none.
PROGRESS_AFTER = 0.5

#: The title of a Markdown report.
_TITLES = {"zh": "支部评价报告", "en": "Branch evaluation report"}


@click.command()
@data_options
@click.option(
    "--period",
    "period_key",
    metavar="P",
    help="The period evaluated: 2021-2022, 2021-2022-1, 2022, 2022-Q1 or 2022-03 (the "
    "academic year of --as-of by default).",
)
@click.option(
    "--compare",
    "compare_data",
    type=click.Path(path_type=Path),
    metavar="DATA2",
    help="Also evaluate DATA2 (the branch's records of an earlier period) and show what rose "
    "and what fell.",
)
@click.option(
    "--compare-period",
    "compare_period_key",
    metavar="P",
    help="The period DATA2 is evaluated over (the period one year before --period by "
    "default), judged as of its last day (or --as-of, if earlier).",
)
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    metavar="LEDGER",
    help="A points ledger whose candidates, as of the day judged, replace the data's "
    "candidates for the staged schemes' indicators; the report names its head.",
)
@click.option(
    "--known-at",
    "known_at",
    callback=parse_moment,
    metavar="TIME",
    help="With --ledger: only entries recorded by TIME (YYYY-MM-DDTHH:MM[+08:00]).",
)
@disclosure_options
@report_options("table", "json", "md", "html", "csv", "xlsx")
@click.pass_obj
def evaluate(
    settings: Settings,
    data: Path,
    framework_name: str,
    as_of: dt.date | None,
    period_key: str | None,
    compare_data: Path | None,
    compare_period_key: str | None,
    ledger_path: Path | None,
    known_at: dt.datetime | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Evaluate the branch whose records are in DATA against its framework's standards.

    DATA is a file or folder of records (or an Excel workbook). Each of the framework's
    indicators is computed from them by its source over the period, and judged against its
    target (met, partly met, not met); then, for each standard the framework is aligned to
    (such as the "七个有力"), the indicators are scored into a scorecard: per criterion, per
    area and overall, with the grade its bands and vetoes give. Prints the scorecards, the
    criteria, the areas and the indicators, then the sections plugins add. With --compare,
    the earlier records are evaluated the same way and each standard's overall score, grade,
    criteria and indicators are compared: what rose, what fell. The heading names the
    fingerprints of the rules and of the data the figures were computed from. With --ledger,
    the staged schemes' candidates are read from a points ledger as of the last day of each
    period evaluated, and the heading, the JSON and the HTML page name the head of its chain.
    """  # fmt: skip
    from branchkit.framework.evaluation import evaluate_context  # noqa: PLC0415
    from branchkit.framework.sources import SourceContext  # noqa: PLC0415
    from branchkit.io.candidates import candidates_from_document  # noqa: PLC0415
    from branchkit.report.evaluation import EvaluationReport  # noqa: PLC0415

    require_output(output_format, output)
    if compare_period_key is not None and compare_data is None:
        raise click.UsageError("--compare-period goes with --compare DATA2")
    day = as_of or dt.date.today()
    period = begun_period(period_key, day)
    earlier_period = (
        None if compare_data is None else _earlier_period(period, compare_period_key, day)
    )
    host = settings.host()
    framework = find_framework(host, framework_name)
    if not framework.indicators:
        raise InputError(
            [
                Problem(
                    source=framework_name,
                    message="nothing to evaluate: the framework has no indicators",
                )
            ]
        )
    sources = host.indicator_sources()
    standards = {**host.standards(), **{found.key: found for found in framework.standards}}
    located = framework_name in host.frameworks()
    problems = _rule_problems(framework, framework_name, sources, standards, in_file=not located)
    if problems:
        raise InputError(problems)
    disclosure = make_disclosure(framework.privacy, roles, pseudonymise, key_file)
    # What sources may need besides the records: the plugins' functions, and the reader of
    # the candidates a file lists (typed by the staged scheme that ranks them).
    behaviour: dict[str, Mapping[str, Any]] = {
        "predicates": host.predicates(),
        "point_rules": host.point_rules(),
        "pairing_scorers": host.pairing_scorers(),
        "section_readers": {"candidates": candidates_from_document},
    }

    def run(path: Path, over: Period, judged: dt.date) -> tuple[SourceContext, Evaluation]:
        loaded = host.load(path)
        sections = loaded.sections
        if ledger is not None:
            sections = _with_ledger_candidates(ledger, framework, sections, over, judged, known_at)
        # Kept after the evaluation: the HTML page draws the network and the ranking from it.
        context = SourceContext(
            framework=framework,
            dataset=loaded.dataset,
            sections=sections,
            period=over,
            as_of=judged,
            names=term_names(host, loaded.dataset),
            behaviour=behaviour,
        )
        try:
            found = evaluate_context(context, sources=sources, standards=standards)
        except RecordError as error:
            # Records that do not fit together reach the user one line per problem.
            raise InputError(
                Problem(source=str(path), path=where, message=message)
                for where, message in error.problems
            ) from None
        return context, found

    language: Language = "zh" if (lang or framework.language) == "zh" else "en"
    shown = output_format == "table" and sys.stdout.isatty() and sys.stderr.isatty()
    with (
        contextlib.ExitStack() as opened,
        _progress(2 if earlier_period is None else 3, shown=shown) as step,
    ):
        ledger, head = _open_ledger(opened, ledger_path, known_at)
        step(f"evaluating {data}")
        context, evaluation = run(data, period, day)
        earlier = None
        if compare_data is not None and earlier_period is not None:
            step(f"evaluating {compare_data}")
            earlier = run(compare_data, earlier_period, min(day, earlier_period.end))[1]
        step("writing the report")
        report = EvaluationReport(
            framework=framework,
            evaluation=evaluation,
            standards=standards,
            earlier=earlier,
            sections=host.report_sections(framework.key),
            dataset=context.dataset,
            disclosure=disclosure,
            ledger=head,
        )
        text = (
            _html(report, context, language)
            if output_format == "html"
            else _render(report, output_format, language, output, host.converter())
        )
    if text is not None:
        write_text(text, output)


def _render(
    report: EvaluationReport,
    output_format: str,
    language: Language,
    output: Path | None,
    converter: cattrs.Converter,
) -> str | None:
    """The report's text in ``output_format``; ``None`` for a workbook, written to ``output``."""
    from branchkit.report import tables  # noqa: PLC0415
    from branchkit.report.markdown import render_markdown  # noqa: PLC0415

    if output_format == "xlsx":
        assert output is not None  # checked before anything was read
        tables.write_xlsx_sheets(report.sheets(language), output)
        return None
    if output_format == "md":
        return render_markdown(report, language, title=_TITLES[language])
    chosen: Literal["table", "json", "csv"] = (
        "json" if output_format == "json" else "csv" if output_format == "csv" else "table"
    )
    return tables.render_report(report, chosen, language, converter)


def _html(report: EvaluationReport, context: SourceContext, language: Language) -> str:
    """The report as one HTML page, with the contact coverage and the ranking where there are."""
    from branchkit.framework.builtin_sources import network_of, staging_of  # noqa: PLC0415
    from branchkit.report.evaluation_html import evaluation_page  # noqa: PLC0415
    from branchkit.report.html import render_html  # noqa: PLC0415

    framework = context.framework
    coverage: list[tuple[str, int, int]] = []
    if framework.tiers and context.section("assignments"):
        network = network_of(context)
        labels = {tier.key: tier.label.text(language) for tier in framework.tiers}
        coverage = [
            (labels[found.tier], found.covered, len(found.coverage)) for found in network.tiers
        ]
    ranking: list[Any] = []
    if framework.schemes and context.section("candidates"):
        scheme = framework.schemes[0]
        result = staging_of(context, scheme.key)
        people = {person.id: person for person in context.dataset.people}
        disclosure = report.disclosure
        ranked = sorted(
            result.candidates,
            key=lambda found: (found.rank is None, found.rank or 0, found.id),
        )
        for found in ranked:
            shown = str(disclosure.value(found, "id"))
            ranking.append(
                (
                    disclosure.with_name(shown, people.get(found.id)),
                    found.total,
                    found.eligible,
                    tuple(
                        (dimension.label.text(language), dimension.weighted)
                        for dimension in found.dimensions
                    ),
                )
            )
    return render_html(evaluation_page(report, language, coverage=coverage, ranking=ranking))


def _open_ledger(
    stack: contextlib.ExitStack, path: Path | None, known_at: dt.datetime | None
) -> tuple[Ledger | None, Head | None]:
    """The ledger of ``--ledger``, open in ``stack`` in one snapshot, and its head then.

    One snapshot for both periods evaluated: the head names exactly the entries read.
    """
    if path is None:
        if known_at is not None:
            raise click.UsageError("--known-at goes with --ledger LEDGER")
        return None, None
    from branchkit.ledger import Ledger  # noqa: PLC0415

    ledger = stack.enter_context(Ledger.open(path))
    stack.enter_context(ledger.snapshot())
    return ledger, ledger.head(known_at)


def _with_ledger_candidates(
    ledger: Ledger,
    framework: Framework,
    sections: Mapping[str, tuple[Any, ...]],
    period: Period,
    judged: dt.date,
    known_at: dt.datetime | None,
) -> dict[str, tuple[Any, ...]]:
    """The data's sections with each staged scheme's candidates read from ``ledger``.

    The candidates are as the ledger has them on the last day that counts (the day judged, or
    the period's end if earlier), typed by each scheme; the data's own candidates are left out.
    """
    from branchkit.ledger import candidates_as_of  # noqa: PLC0415

    day = min(judged, period.end)
    replaced = {
        key: value
        for key, value in sections.items()
        if key != "candidates" and not key.startswith("candidates/")
    }
    for index, scheme in enumerate(framework.schemes):
        found = candidates_as_of(ledger, scheme, as_of=day, known_at=known_at)
        replaced[f"candidates/{scheme.key}"] = found
        if index == 0:
            replaced["candidates"] = found  # what the HTML page's ranking looks for
    return replaced


def _earlier_period(period: Period, key: str | None, day: dt.date) -> Period:
    """The period the earlier data is evaluated over: ``--compare-period``, else a year before."""
    from branchkit.records.periods import Period, PeriodKind  # noqa: PLC0415

    if key is not None:
        try:
            earlier = Period.parse(key)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--compare-period") from None
    elif period.kind is PeriodKind.CUSTOM:
        raise click.BadParameter(
            f"no period is a year before {period.key}", param_hint="--compare-period"
        )
    else:
        start = period.start
        earlier = Period.containing(start.replace(year=start.year - 1), period.kind)
    if earlier.start > day:
        raise click.BadParameter(
            f"{earlier.key} begins after the day judged, {day}", param_hint="--compare-period"
        )
    return earlier


def _rule_problems(
    framework: Framework,
    name: str,
    sources: Mapping[str, IndicatorSource],
    standards: Mapping[str, Standard],
    *,
    in_file: bool,
) -> list[Problem]:
    """What in the framework cannot be evaluated, located in it, one problem per line.

    Indicators naming an unknown source or a selector their source does not read, and
    alignments naming an unknown standard or links and vetoes the standard cannot take.
    """
    # A framework file keeps the framework under its own key; a plugin's is named by itself.
    root: Location = ("framework",) if in_file else ()
    problems: list[Problem] = []
    for index, spec in enumerate(framework.indicators):
        where: Location = (*root, "indicators", index)
        source = sources.get(spec.source)
        if source is None:
            known = ", ".join(sorted(sources)) or "none"
            problems.append(
                Problem(
                    source=name,
                    path=(*where, "source"),
                    message=f"unknown indicator source {spec.source!r}; known: {known}",
                )
            )
            continue
        problems.extend(
            Problem(source=name, path=(*where, "select", *path), message=message)
            for path, message in source.selector_problems(spec.select)
        )
    for index, alignment in enumerate(framework.alignments):
        where = (*root, "alignments", index)
        standard = standards.get(alignment.standard)
        if standard is None:
            known = ", ".join(sorted(standards)) or "none"
            problems.append(
                Problem(
                    source=name,
                    path=(*where, "standard"),
                    message=f"unknown standard {alignment.standard!r}; known: {known}",
                )
            )
            continue
        try:
            standard.aligned(alignment)
        except RecordError as error:
            problems.extend(
                Problem(source=name, path=(*where, *path), message=message)
                for path, message in error.problems
            )
    return problems


@contextlib.contextmanager
def _progress(total: int, *, shown: bool) -> Iterator[Callable[[str], None]]:
    """Steps of a run, shown as a progress bar on standard error once the run is slow.

    Yields ``step(label)``, to call as each of ``total`` steps begins. Nothing is shown when
    ``shown`` is false (output not to a terminal), nor until a step begins
    :data:`PROGRESS_AFTER` seconds or more into the run: a quick run prints nothing but its
    report. (``rich`` is not a dependency of branchkit; click's progress bar is.)
    """
    started = time.monotonic()
    done = 0
    with contextlib.ExitStack() as stack:
        bar: Any = None

        def step(label: str) -> None:
            nonlocal bar, done
            if bar is None:
                if shown and time.monotonic() - started >= PROGRESS_AFTER:
                    bar = stack.enter_context(
                        click.progressbar(
                            length=total, label=label, file=sys.stderr, show_eta=False
                        )
                    )
                    bar.update(done)  # the steps before this one are done
            else:
                bar.label = label
                bar.update(1)
            done += 1

        yield step
        if bar is not None:
            bar.update(1)  # the last step is done too
