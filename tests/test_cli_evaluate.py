"""``branchkit evaluate`` end to end, in every format, on the branch of evaluation_support.

The figures (73.75 and good in 2021-2022; 61.56, capped at pass, in 2020-2021) are worked out
by hand in ``tests/evaluation_support.py``.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import openpyxl
import pytest
from click.testing import CliRunner, Result

from branchkit import Host, hookimpl
from branchkit.cli import evaluate as evaluate_module
from branchkit.cli.evaluate import evaluate
from branchkit.cli.main import cli
from branchkit.cli.settings import Settings
from branchkit.errors import RecordError
from branchkit.framework.evaluation import Evaluation
from branchkit.framework.indicators import Selector
from branchkit.framework.sources import IndicatorSource, Measurement, SourceContext
from branchkit.io import make_converter
from branchkit.plugins import PluginSource
from branchkit.plugins.contributions import Block, ReportContext, ReportSection, Table
from branchkit.records import Label
from tests.evaluation_support import (
    CURRENT_EVENTS,
    CURRENT_OUTCOMES,
    FRAMEWORK,
    Branch,
    write_branch,
    write_records,
)

KEY = "0123456789abcdef0123456789abcdef"


@click.group(cls=type(cli))
@click.pass_context
def group(ctx: click.Context) -> None:
    # The plugins' own frameworks and terms are left out: the test data names what it uses.
    ctx.obj = Settings(("cpc", "cqfe"), None)


group.add_command(evaluate)


def run(*args: str, key: str | None = None) -> Result:
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("BRANCHKIT_")
    }
    if key is not None:
        env["BRANCHKIT_PSEUDONYM_KEY"] = key
    return CliRunner().invoke(group, ["evaluate", *args], env=env, catch_exceptions=False)


@pytest.fixture
def branch(tmp_path: Path) -> Branch:
    return write_branch(tmp_path / "branch")


def evaluate_branch(branch: Branch, *extra: str, data: Path | None = None) -> Result:
    return run(
        str(data or branch.current),
        "--framework", str(branch.framework),
        "--as-of", "2022-08-31",
        *extra,
    )  # fmt: skip


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def json_of(branch: Branch, *extra: str, data: Path | None = None) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        ok(evaluate_branch(branch, "--format", "json", *extra, data=data))
    )
    return document


def test_the_command_is_registered() -> None:
    assert "evaluate" in cli.commands
    result = CliRunner().invoke(cli, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "--format [table|json|md|html|csv|xlsx]" in result.stdout
    assert "--compare DATA2" in result.stdout


@pytest.mark.parametrize(
    ("language", "heading", "grade"),
    [("zh", "示例支部 · 2021—2022学年 · 2022-08-31 · 规则 ", "良好"),
     ("en", "Demo branch · academic year 2021-2022 · 2022-08-31 · rules ", "good")],
)  # fmt: skip
def test_the_table_in_both_languages(
    branch: Branch, language: str, heading: str, grade: str
) -> None:
    text = ok(evaluate_branch(branch, "--lang", language))
    assert text.startswith(heading)
    assert "73.75" in text
    assert grade in text
    assert ("志愿服务场次" if language == "zh" else "Service events") in text


def test_the_framework_language_by_default(branch: Branch) -> None:
    assert ok(evaluate_branch(branch)).startswith("示例支部 · ")


def test_the_json_is_the_complete_evaluation(branch: Branch) -> None:
    document = json_of(branch, "--period", "2021-2022")
    evaluation = make_converter().structure(document["evaluation"], Evaluation)
    card = evaluation.scorecard("demo-standard")
    assert (str(card.overall), card.grade) == ("73.75", "good")
    assert evaluation.indicator("service-events").records == tuple(f"s{n}" for n in range(1, 7))
    assert (document["earlier"], document["comparisons"]) == (None, [])
    assert len(evaluation.rules) == len(evaluation.data) == 64


@pytest.mark.parametrize(("language", "lang"), [("zh", "zh-CN"), ("en", "en")])
def test_html(branch: Branch, tmp_path: Path, language: str, lang: str) -> None:
    page = tmp_path / "report.html"
    ok(evaluate_branch(branch, "--format", "html", "--lang", language, "--output", str(page)))
    html = page.read_text(encoding="utf-8")
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert "73.75" in html
    assert ("志愿服务场次" if language == "zh" else "Service events") in html
    assert "<svg" in html
    # The page fetches nothing: no address, no script, no stylesheet link.
    for outside in ("http:", "https:", "<script", "<link"):
        assert outside not in html
    # The footer names the fingerprints in full.
    document = json_of(branch)
    assert document["evaluation"]["rules"] in html
    assert document["evaluation"]["data"] in html


@pytest.mark.parametrize(
    ("language", "title", "section"),
    [("zh", "# 支部评价报告", "## 领域得分"), ("en", "# Branch evaluation report", "## Areas")],
)
def test_markdown(branch: Branch, language: str, title: str, section: str) -> None:
    text = ok(evaluate_branch(branch, "--format", "md", "--lang", language))
    lines = text.splitlines()
    assert lines[0] == title
    assert section in lines
    assert "| Student development | 60.00 | 3 |" in lines or "| 服务学生发展 | 60.00 | 3 |" in lines


@pytest.mark.parametrize(("language", "first"), [("zh", "评价结果"), ("en", "Scorecards")])
def test_csv(branch: Branch, language: str, first: str) -> None:
    text = ok(evaluate_branch(branch, "--format", "csv", "--lang", language))
    assert text.splitlines()[0] == first
    assert text.splitlines()[2].split(",")[1] == "73.75"


@pytest.mark.parametrize(
    ("language", "sheets"),
    [("zh", ["评分", "服务学生发展", "服务地方发展", "与上期比较"]),
     ("en", ["Scorecard", "Student development", "Regional development",
             "Comparison"])],
)  # fmt: skip
def test_xlsx(branch: Branch, tmp_path: Path, language: str, sheets: list[str]) -> None:
    book = tmp_path / "evaluation.xlsx"
    result = evaluate_branch(
        branch, "--format", "xlsx", "--output", str(book), "--lang", language,
        "--compare", str(branch.earlier),
    )  # fmt: skip
    assert ok(result) == ""
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == sheets
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type == "s" and isinstance(cell.value, str) for cell in cells)
    # A change such as "-3.75" is text, and stays text when edited in Excel.
    (fell,) = [cell for cell in cells if cell.value == "-3.75"]
    assert fell.quotePrefix
    assert workbook[sheets[0]]["A1"].value.startswith(("示例支部", "Demo branch"))


def test_xlsx_needs_an_output(branch: Branch) -> None:
    result = evaluate_branch(branch, "--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_compare_with_the_year_before(branch: Branch) -> None:
    document = json_of(branch, "--compare", str(branch.earlier))
    assert document["earlier"]["period"]["key"] == "2020-2021"
    assert document["earlier"]["as_of"] == "2021-08-31"
    (comparison,) = document["comparisons"]
    assert (comparison["earlier_grade"], comparison["grade"]) == ("pass", "good")
    assert comparison["overall"]["change"] == "12.19"
    assert [(c["key"], c["change"], c["direction"]) for c in comparison["criteria"]] == [
        ("education", "-3.75", "fell"), ("service", "60.00", "rose"),
    ]  # fmt: skip
    assert [(c["key"], c["earlier"], c["current"], c["direction"])
            for c in comparison["indicators"]] == [
        ("awards", "1", "2", "rose"),
        ("duty-lists", "1", "1", "same"),
        ("service-events", "2", "6", "rose"),
        ("theme-days", "10", "8", "fell"),
    ]  # fmt: skip
    text = ok(evaluate_branch(branch, "--compare", str(branch.earlier), "--lang", "en"))
    assert "Compared with academic year 2020-2021" in text
    assert "rose" in text
    assert "fell" in text


def test_compare_over_a_period_of_ones_choice(branch: Branch) -> None:
    same = json_of(branch, "--compare", str(branch.earlier), "--compare-period", "2020-2021")
    assert same == json_of(branch, "--compare", str(branch.earlier))
    # In 2019-2020 the earlier records hold nothing: every figure rose from 0.
    empty = json_of(branch, "--compare", str(branch.earlier), "--compare-period", "2019-2020")
    assert {c["earlier"] for c in empty["comparisons"][0]["indicators"]} == {"0"}
    # The same data and period compared with itself: nothing changed.
    itself = json_of(branch, "--compare", str(branch.current), "--compare-period", "2021-2022")
    (comparison,) = itself["comparisons"]
    directions = {c["direction"] for c in (*comparison["criteria"], *comparison["indicators"])}
    assert directions == {"same"}


def test_compare_period_needs_compare(branch: Branch) -> None:
    result = evaluate_branch(branch, "--compare-period", "2020-2021")
    assert result.exit_code == 2
    assert "--compare-period goes with --compare" in result.stderr


def test_a_period_after_the_day_judged_is_refused(branch: Branch) -> None:
    result = evaluate_branch(branch, "--period", "2022-2023")
    assert result.exit_code == 2
    assert "begins after the day judged" in result.stderr
    later = evaluate_branch(branch, "--compare", str(branch.earlier), "--compare-period", "2023")
    assert later.exit_code == 2
    assert "--compare-period" in later.stderr


@pytest.mark.parametrize("output_format", ["table", "json", "md", "csv"])
def test_the_same_input_gives_the_same_bytes(branch: Branch, output_format: str) -> None:
    arguments = ("--format", output_format, "--compare", str(branch.earlier))
    assert ok(evaluate_branch(branch, *arguments)) == ok(evaluate_branch(branch, *arguments))


def test_the_same_workbook_twice(branch: Branch, tmp_path: Path) -> None:
    # A workbook records when it was written; its cells are what must not change.
    def cells(path: Path) -> list[tuple[str, list[list[Any]]]]:
        ok(evaluate_branch(branch, "--format", "xlsx", "--output", str(path)))
        book = openpyxl.load_workbook(path)
        return [(sheet.title, [[c.value for c in row] for row in sheet.iter_rows()])
                for sheet in book]  # fmt: skip

    assert cells(tmp_path / "one.xlsx") == cells(tmp_path / "two.xlsx")


def test_shuffled_rows_give_the_same_figures(branch: Branch, tmp_path: Path) -> None:
    shuffler = random.Random(7)
    events, outcomes = list(CURRENT_EVENTS), list(CURRENT_OUTCOMES)
    shuffler.shuffle(events)
    shuffler.shuffle(outcomes)
    assert events != CURRENT_EVENTS
    shuffled = write_records(tmp_path / "shuffled", events, outcomes)
    first, second = json_of(branch), json_of(branch, data=shuffled)
    # The fingerprint of the data is of the records as given, in their order (the order of
    # same-day transitions is meaningful); every figure is the same.
    assert first["evaluation"].pop("data") != second["evaluation"].pop("data")
    assert first == second


def test_a_framework_without_indicators_is_refused(branch: Branch, tmp_path: Path) -> None:
    bare = FRAMEWORK.split("[[framework.targets]]")[0]
    path = tmp_path / "bare.toml"
    path.write_text(bare, encoding="utf-8")
    result = run(str(branch.current), "--framework", str(path), "--as-of", "2022-08-31")
    assert result.exit_code == 1
    assert result.stderr == f"{path}: nothing to evaluate: the framework has no indicators\n"


def test_an_unknown_framework(branch: Branch) -> None:
    result = run(str(branch.current), "--framework", "nope", "--as-of", "2022-08-31")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown framework 'nope'; known: ")


def with_framework(tmp_path: Path, old: str, new: str) -> Branch:
    assert old in FRAMEWORK
    return write_branch(tmp_path / "changed", framework=FRAMEWORK.replace(old, new))


def test_a_selector_its_source_does_not_read(tmp_path: Path) -> None:
    branch = with_framework(
        tmp_path, 'select = { kinds = ["theme_day"] }', 'select = { key = "theme_day" }'
    )
    result = evaluate_branch(branch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{branch.framework}: $.framework.indicators[0].select.kinds: the source events needs it",
        f"{branch.framework}: $.framework.indicators[0].select.key: "
        "the source events does not read it",
    ]


def test_an_unknown_source_and_standard(tmp_path: Path) -> None:
    changed = FRAMEWORK.replace('source = "outcomes"', 'source = "prizes"').replace(
        'standard = "demo-standard"', 'standard = "seven-strengths"'
    )
    branch = write_branch(tmp_path / "changed", framework=changed)
    result = evaluate_branch(branch)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"{branch.framework}: $.framework.indicators[1].source: unknown indicator source "
        "'prizes'; known: assistance_persons, "
    )
    assert lines[1] == (
        f"{branch.framework}: $.framework.alignments[0].standard: unknown standard "
        "'seven-strengths'; known: demo-standard"
    )


def test_an_alignment_the_standard_cannot_take(tmp_path: Path) -> None:
    branch = with_framework(tmp_path, 'cap = "pass"', 'cap = "bronze"')
    result = evaluate_branch(branch)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{branch.framework}: $.framework.alignments[0].vetoes[0].cap: no grade band 'bronze'\n"
    )


def test_a_selector_naming_what_the_framework_lacks(tmp_path: Path) -> None:
    branch = with_framework(
        tmp_path, 'select = { key = "service-events" }', 'select = { key = "x" }'
    )
    result = evaluate_branch(branch)
    assert result.exit_code == 1
    assert result.stderr == "error: unknown target 'x'; known: service-events\n"


def refusing(context: SourceContext, select: Selector) -> Measurement:
    raise RecordError("cases", [(("cases", 0, "person"), "no person '2021009'")])


class RefusingPlugin:
    @hookimpl
    def branchkit_indicator_sources(self) -> Sequence[IndicatorSource]:
        return [
            IndicatorSource(
                key="refusing", label=Label(zh="拒绝", en="refusing"), reads=frozenset(),
                measure=refusing,
            )
        ]  # fmt: skip


def build_visits(context: ReportContext) -> Sequence[Block]:
    return [
        Table(
            columns=(Label(zh="学号", en="student"), Label(zh="走访", en="visits")),
            rows=((20210001, 2), ("=1+1", 1)),
        )
    ]


class SectionPlugin:
    @hookimpl
    def branchkit_report_sections(self) -> Sequence[ReportSection]:
        return [
            ReportSection(
                key="visits", label=Label(zh="走访", en="Visits"), build=build_visits,
                frameworks=("demo-evaluation",),
            ),
            ReportSection(
                key="elsewhere", label=Label(zh="别处", en="Elsewhere"), build=build_visits,
                frameworks=("another",),
            ),
        ]  # fmt: skip


def use_plugin(monkeypatch: pytest.MonkeyPatch, plugin: object) -> None:
    def host(settings: Settings) -> Host:
        source = PluginSource(name="demo", distribution="demo-plugin", version="1.0")
        return Host.create(plugins=[(source, plugin)], autoload=False)

    monkeypatch.setattr(Settings, "host", host)


def test_records_a_source_refuses_are_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_plugin(monkeypatch, RefusingPlugin())
    branch = with_framework(tmp_path, 'source = "outcomes"\nselect = { kinds = ["award"] }',
                            'source = "refusing"')  # fmt: skip
    result = evaluate_branch(branch)
    assert result.exit_code == 1
    assert result.stderr == f"{branch.current}: $.cases[0].person: no person '2021009'\n"


def test_plugin_sections_are_in_the_report(
    branch: Branch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_plugin(monkeypatch, SectionPlugin())
    text = ok(evaluate_branch(branch, "--lang", "en"))
    assert "\nVisits\nstudent   visits\n" in text
    assert "Elsewhere" not in text
    book = tmp_path / "visits.xlsx"
    ok(evaluate_branch(branch, "--format", "xlsx", "--output", str(book), "--lang", "en"))
    sheet = openpyxl.load_workbook(book)["Visits"]
    identifier, formula = sheet["A2"], sheet["A3"]
    assert (identifier.value, identifier.data_type) == ("20210001", "s")
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)


def test_pseudonyms_and_roles(branch: Branch) -> None:
    result = run(
        str(branch.current), "--framework", str(branch.framework), "--as-of", "2022-08-31",
        "--format", "json", "--pseudonymise", key=KEY,
    )  # fmt: skip
    # The ids behind the figures are identifiers: pseudonyms, the same in every place.
    hidden, plain = json.loads(ok(result))["evaluation"], json_of(branch)["evaluation"]
    records = hidden["indicators"][0]["records"]
    assert len(records) == 8
    assert not set(records) & set(plain["indicators"][0]["records"])
    card = hidden["scorecards"][0]["indicators"]
    assert (
        next(i for i in card if i["indicator"]["key"] == "theme-days")["indicator"]["records"]
        == records
    )
    # Nothing else changes: the figures are aggregates.
    for document in (hidden, plain):
        for indicator in document["indicators"]:
            indicator.pop("records")
        for item in document["scorecards"][0]["indicators"]:
            item["indicator"].pop("records")
    assert hidden == plain
    refused = evaluate_branch(branch, "--role", "counsellor")
    assert refused.exit_code == 2
    assert "may see nothing more than anyone" in refused.stderr


def test_no_progress_display_off_a_terminal(branch: Branch) -> None:
    # CliRunner's streams are not terminals: the output is the report and nothing else.
    result = evaluate_branch(branch)
    assert result.stderr == ""


def test_the_progress_display_shows_only_once_a_run_is_slow(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with evaluate_module._progress(2, shown=True) as step:
        step("evaluating DATA")
        step("writing the report")
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(evaluate_module, "PROGRESS_AFTER", 0.0)
    with evaluate_module._progress(2, shown=False) as step:
        step("evaluating DATA")
    assert capsys.readouterr().err == ""
    with evaluate_module._progress(2, shown=True) as step:
        step("evaluating DATA")
        step("writing the report")
    assert "writing the report" in capsys.readouterr().err
