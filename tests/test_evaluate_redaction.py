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
from branchkit.io.pseudonyms import KEY_VARIABLE, Pseudonymiser
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
HELPED_LINK = """[[framework.alignments.links]]
indicator = "helped"
criterion = "service"

"""
assert FRAMEWORK.count("[[framework.areas]]\n") == 2
assert FRAMEWORK.count("[[framework.standards]]\n") == 1
assert FRAMEWORK.count("[[framework.alignments.vetoes]]\n") == 1
PRIVATE_FRAMEWORK = (
    FRAMEWORK.replace("[[framework.areas]]\n", PRIVACY + "[[framework.areas]]\n", 1)
    .replace("[[framework.standards]]\n", HELPED + "[[framework.standards]]\n")
    .replace("[[framework.alignments.vetoes]]\n", HELPED_LINK + "[[framework.alignments.vetoes]]\n")
)


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
        # The cases were read: the indicator counts the persons they help, fewer than k.
        assert "帮扶人数,<5 人," in shown["csv"]
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


def test_a_small_count_of_people_helped_is_withheld_but_from_the_counsellor(
    tmp_path: Path,
) -> None:
    # One person helped, k = 5: the count shows as <5 in every format, with its attainment
    # (1 of the target 3 would give it away); the counsellor, who may see small groups, sees
    # it. The report carries figures, not cases: no case's details reach either, since none of
    # its tables lists cases (a plugin's section would, for its own framework).
    drawn = [
        {"id": "CASEID0000010", "category": "secretcat-abcdefgh", "person": "20210001",
         "plan": "SECRETPLANabcdefgh", "outcome": "SECRETOUTabcdefgh"},
    ]  # fmt: skip
    branch = write_branch(tmp_path / "branch", framework=PRIVATE_FRAMEWORK)
    write_cases(branch, drawn)
    anyone = outputs(branch, tmp_path)
    counsellor = outputs(branch, tmp_path, "--role", "counsellor")
    assert "帮扶人数,<5 人,3 人,未达标,—" in anyone["csv"]
    assert "帮扶人数,1 人,3 人,未达标,33.33%" in counsellor["csv"]
    assert "| 帮扶人数 | \\<5 人 | 3 人 | 未达标 | — |" in anyone["md"]
    for output_format in ("table", "md", "csv", "xlsx", "html"):
        assert "33.33" not in anyone[output_format], output_format
        assert "33.33" in counsellor[output_format], output_format
    for viewer, shown, attainment in ((anyone, "<5", "<5"), (counsellor, "1", "0.3333")):
        evaluation = json.loads(viewer["json"])["evaluation"]
        (helped,) = [i for i in evaluation["indicators"] if i["key"] == "helped"]
        assert helped["value"] == shown
        (card,) = evaluation["scorecards"]
        (item,) = [i for i in card["indicators"] if i["indicator"]["key"] == "helped"]
        assert (item["indicator"]["value"], item["attainment"]) == (shown, attainment)
        contributions = [
            c for criterion in card["criteria"] for c in criterion["contributions"]
            if c["indicator"] == "helped"
        ]  # fmt: skip
        assert contributions
        assert all(c["attainment"] == attainment for c in contributions)
    for viewer in (anyone, counsellor):
        for output_format, text in viewer.items():
            for secret in sensitive(drawn):
                assert secret not in text, (output_format, secret)
    # Compared with the year before, when nobody was helped: 0 shows, 1 and the change do not.
    compare = ("--as-of", "2022-08-31", "--compare", str(branch.earlier))
    csv = run(
        str(branch.current), "--framework", str(branch.framework), *compare, "--format", "csv"
    )
    assert "示例标准,帮扶人数,0 人,<5 人,—,上升" in csv.stdout
    document = json.loads(
        run(
            str(branch.current), "--framework", str(branch.framework), *compare, "--format", "json"
        ).stdout
    )
    (comparison,) = document["comparisons"]
    (change,) = [c for c in comparison["indicators"] if c["key"] == "helped"]
    assert (change["earlier"], change["current"], change["change"]) == ("0", "<5", "<5")


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


def test_pseudonymised_plugin_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def host(settings: Settings) -> Host:
        source = PluginSource(name="people", distribution="people-plugin", version="1.0")
        return Host.create(plugins=[(source, PeoplePlugin())], autoload=False)

    monkeypatch.setattr(Settings, "host", host)
    branch = write_branch(tmp_path / "branch", framework=PRIVATE_FRAMEWORK)
    # The control: without pseudonyms the section lists the people as it built them (in
    # every format but JSON, which is the evaluation alone).
    plain = outputs(branch, tmp_path)
    assert [name for name, text in plain.items() if "20210001" not in text] == ["json"]
    hidden = outputs(branch, tmp_path, "--pseudonymise", key=KEY)
    pseudonym = Pseudonymiser.from_environment(environ={KEY_VARIABLE: KEY}).pseudonym("20210001")
    for output_format, text in hidden.items():
        for identifier in ("20210001", "20210002"):
            assert identifier not in text, (output_format, identifier)
        assert output_format == "json" or pseudonym in text, output_format
