"""Redaction across every format of ``branchkit evaluate``: a property over drawn case details.

The branch of ``evaluation_support`` gets a privacy policy (only counsellors see sensitive
fields) and an indicator over assistance cases (source ``assistance_persons``), so that the
cases are read. Each case's category, plan and outcome are drawn as distinctive text; for a
viewer without the role none of it appears in the table, JSON, Markdown, CSV, workbook or HTML
page, while it is in the cases file the command read. With ``--pseudonymise`` no person's id
and no case id (the records behind the figure) appear either.
"""

from __future__ import annotations

import html
import json
import os
import string
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit import Host, hookimpl
from branchkit.cli.evaluate import evaluate
from branchkit.cli.main import cli
from branchkit.cli.settings import Settings
from branchkit.plugins import PluginSource
from branchkit.plugins.contributions import Block, ReportContext, ReportSection, Table
from branchkit.records import Label
from tests.evaluation_support import FRAMEWORK, Branch, write_branch

KEY = "0123456789abcdef0123456789abcdef"
FORMATS = ("table", "json", "md", "csv", "xlsx", "html")

PRIVACY = '[framework.privacy]\nsensitive_roles = ["counsellor"]\nk = 5\n\n'
HELPED = """[[framework.indicators]]
key = "helped"
label = { zh = "帮扶人数", en = "Persons helped" }
practice = "service"
source = "assistance_persons"
target = 3

"""
assert FRAMEWORK.count("[[framework.areas]]\n") == 2
assert FRAMEWORK.count("[[framework.standards]]\n") == 1
PRIVATE_FRAMEWORK = FRAMEWORK.replace(
    "[[framework.areas]]\n", PRIVACY + "[[framework.areas]]\n", 1
).replace("[[framework.standards]]\n", HELPED + "[[framework.standards]]\n")


@click.group(cls=type(cli))
@click.pass_context
def group(ctx: click.Context) -> None:
    ctx.obj = Settings(("cpc", "cqfe"), None)


group.add_command(evaluate)


def run(*args: str, key: str | None = None) -> Result:
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("BRANCHKIT_")
    }
    if key is not None:
        env["BRANCHKIT_PSEUDONYM_KEY"] = key
    return CliRunner().invoke(group, ["evaluate", *args], env=env, catch_exceptions=False)


def outputs(branch: Branch, folder: Path, *extra: str, key: str | None = None) -> dict[str, str]:
    """Every format's output as text: a workbook's cells joined, entities of HTML undone."""
    shown: dict[str, str] = {}
    for output_format in FORMATS:
        written = folder / f"report.{output_format}"
        to_file = ("--output", str(written)) if output_format in ("xlsx", "html") else ()
        result = run(
            str(branch.current), "--framework", str(branch.framework), "--as-of", "2022-08-31",
            "--format", output_format, *to_file, *extra, key=key,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        if output_format == "xlsx":
            book = openpyxl.load_workbook(written)
            shown[output_format] = "\n".join(
                [sheet.title for sheet in book]
                + [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row]
            )
        elif output_format == "html":
            shown[output_format] = html.unescape(written.read_text(encoding="utf-8"))
        elif output_format == "json":
            # Text as written, not as \\u escapes: a Chinese secret must be found if it is there.
            document = json.loads(result.stdout)
            shown[output_format] = json.dumps(document, ensure_ascii=False)
        else:
            shown[output_format] = result.stdout
    return shown


# Letters, digits and a few Chinese characters; no character any format escapes or quotes.
TEXT = string.ascii_letters + string.digits + "帮扶困难心理经济"
secrets = st.text(alphabet=TEXT, min_size=8, max_size=16)
categories = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=8, max_size=16)


@st.composite
def cases(draw: st.DrawFn) -> list[dict[str, str]]:
    """One to three cases of the two people of the branch, with drawn sensitive fields."""
    count = draw(st.integers(min_value=1, max_value=3))
    return [
        {
            "id": f"CASEID{draw(st.text(alphabet=string.digits, min_size=6, max_size=6))}{n}",
            "category": f"secretcat-{draw(categories)}",
            "person": ("20210001", "20210002")[n % 2],
            "plan": f"SECRETPLAN{draw(secrets)}",
            "outcome": f"SECRETOUT{draw(secrets)}",
        }
        for n in range(count)
    ]


def write_cases(branch: Branch, drawn: list[dict[str, str]]) -> Path:
    lines = ["id,category,person,opened,closed,plan,outcome"] + [
        f"{c['id']},{c['category']},{c['person']},2021-10-01,2022-06-30,{c['plan']},{c['outcome']}"
        for c in drawn
    ]
    path = branch.current / "cases.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sensitive(drawn: list[dict[str, str]]) -> list[str]:
    return [case[field] for case in drawn for field in ("category", "plan", "outcome")]


@settings(max_examples=10, deadline=None)
@given(drawn=cases())
def test_no_sensitive_text_in_any_format(drawn: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        branch = write_branch(folder / "branch", framework=PRIVATE_FRAMEWORK)
        written = write_cases(branch, drawn).read_text(encoding="utf-8")
        # The control: the drawn text is in the file the command reads.
        for secret in sensitive(drawn):
            assert secret in written
        shown = outputs(branch, folder)
        # The cases were read: the indicator counts the persons they help.
        persons = len({case["person"] for case in drawn})
        assert f"帮扶人数,{persons} 人," in shown["csv"]
        for output_format, text in shown.items():
            for secret in sensitive(drawn):
                assert secret not in text, (output_format, secret)


@settings(max_examples=5, deadline=None)
@given(drawn=cases())
def test_pseudonymised_output_shows_no_id_of_the_data(drawn: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        branch = write_branch(folder / "branch", framework=PRIVATE_FRAMEWORK)
        written = write_cases(branch, drawn).read_text(encoding="utf-8")
        people = ("20210001", "20210002")
        case_ids = [case["id"] for case in drawn]
        for identifier in (*people, *case_ids):
            assert identifier in written or identifier in (
                branch.current / "branch.toml"
            ).read_text(encoding="utf-8")
        # The control: without pseudonyms, the JSON names the cases behind the figure.
        plain = outputs(branch, folder)
        assert all(case_id in plain["json"] for case_id in case_ids)
        hidden = outputs(branch, folder, "--pseudonymise", key=KEY)
        for output_format, text in hidden.items():
            for identifier in (*people, *case_ids):
                assert identifier not in text, (output_format, identifier)
            for secret in sensitive(drawn):
                assert secret not in text, (output_format, secret)


def test_the_counsellor_sees_the_same_report(tmp_path: Path) -> None:
    # The evaluation report carries figures, not cases: with the role that may see sensitive
    # fields, every format still runs, and the report holds no case's details, since none of
    # its tables lists cases (a plugin's section would, for its own framework).
    drawn = [
        {"id": "CASEID0000010", "category": "secretcat-abcdefgh", "person": "20210001",
         "plan": "SECRETPLANabcdefgh", "outcome": "SECRETOUTabcdefgh"},
    ]  # fmt: skip
    branch = write_branch(tmp_path / "branch", framework=PRIVATE_FRAMEWORK)
    write_cases(branch, drawn)
    anyone = outputs(branch, tmp_path)
    counsellor = outputs(branch, tmp_path, "--role", "counsellor")
    for output_format in ("table", "json", "md", "csv"):
        assert counsellor[output_format] == anyone[output_format], output_format


def build_people(context: ReportContext) -> Sequence[Block]:
    # A plugin's section listing the people on record, as a plugin may well do.
    return [
        Table(
            columns=(Label(zh="学号", en="student"),),
            rows=tuple((person.id,) for person in context.dataset.people),
        )
    ]


class PeoplePlugin:
    @hookimpl
    def branchkit_report_sections(self) -> Sequence[ReportSection]:
        return [
            ReportSection(key="people", label=Label(zh="人员", en="People"), build=build_people)
        ]


@pytest.mark.xfail(
    strict=True,
    reason="a plugin's report section is written as built: ReportContext carries no "
    "Disclosure, so under --pseudonymise the person ids a section lists (20210001) are shown "
    "as they are",
)
def test_pseudonymised_plugin_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def host(settings: Settings) -> Host:
        source = PluginSource(name="people", distribution="people-plugin", version="1.0")
        return Host.create(plugins=[(source, PeoplePlugin())], autoload=False)

    monkeypatch.setattr(Settings, "host", host)
    branch = write_branch(tmp_path / "branch", framework=PRIVATE_FRAMEWORK)
    hidden = outputs(branch, tmp_path, "--pseudonymise", key=KEY)
    for output_format, text in hidden.items():
        for identifier in ("20210001", "20210002"):
            assert identifier not in text, (output_format, identifier)
