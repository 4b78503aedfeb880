"""The ``ledger`` commands: keep a branch's points ledger from the command line.

Every command opens the ledger file itself (see :mod:`branchkit.ledger`); problems reach the
user as one line each, like every other command's. What they print follows the framework's
privacy policy: identifiers and names as ``--role`` and ``--pseudonymise`` allow, and the
values of sensitive facts only for a role the policy lets see them. Without ``--framework``
nothing says which facts are sensitive, so no fact's value is shown.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from branchkit.cli.common import (
    find_framework,
    output_options,
    parse_date,
    parse_moment,
    report_options,
    scheme_option,
    write_text,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, LedgerError, LedgerIntegrityError, Problem

if TYPE_CHECKING:
    from branchkit.framework.model import Framework
    from branchkit.ledger import Entry, Head, Ledger, Standing
    from branchkit.mechanisms.staging.scheme import Scheme
    from branchkit.records.labels import Language
    from branchkit.report.disclosure import Disclosure

__all__ = ["ledger"]

F = TypeVar("F", bound=Callable[..., None])

EXIT_FAILED = 1

#: The source of the corrections ``correct`` records (``add`` records "branchkit ledger add").
_CORRECT_SOURCE = "branchkit ledger correct"

#: The columns of an export, in order, as ``import`` reads them: (field, zh, en).
_EXPORT_COLUMNS = (
    ("key", "登记编号", "key"),
    ("kind", "类别", "kind"),
    ("candidate", "编号", "candidate"),
    ("effective", "日期", "effective"),
    ("subject", "项目", "subject"),
    ("value", "值", "value"),
    ("reason", "事由", "reason"),
    ("actor", "经办人", "actor"),
    ("corrects", "更正对象", "corrects"),
    ("source", "来源", "source"),
)


def _login_name() -> str:
    """Who runs the command, as the system knows them: the default actor of an import."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor the password database
        return "unknown"


def _ledger_argument(command: F) -> F:
    return click.argument("ledger_path", metavar="LEDGER", type=click.Path(path_type=Path))(command)


def _framework_options(command: F) -> F:
    """``--framework`` and ``--scheme``: the rules the entries are checked and shown by."""
    command = scheme_option(command)
    return click.option(
        "--framework",
        "framework_name",
        metavar="NAME",
        help="A framework's key or file: its scheme's facts and stages check the entries, "
        "and its privacy policy says whose values may be shown.",
    )(command)


def _known_at_option(command: F) -> F:
    return click.option(
        "--known-at",
        "known_at",
        callback=parse_moment,
        metavar="TIME",
        help="Only entries recorded by TIME (YYYY-MM-DDTHH:MM[+08:00]): the ledger as it was "
        "then, to reproduce an earlier report.",
    )(command)


def _open(path: Path, *, create: bool = False) -> Ledger:
    from branchkit.ledger import Ledger  # noqa: PLC0415

    return Ledger.open(path, create=create)


def _framework(settings: Settings, name: str | None) -> Framework | None:
    return None if name is None else find_framework(settings.host(), name)


def _scheme(framework: Framework | None, key: str | None) -> Scheme | None:
    if framework is None:
        if key is not None:
            raise click.UsageError("--scheme goes with --framework")
        return None
    if not framework.schemes:
        return None
    return framework.scheme(key)


def _head_text(head: Head) -> str:
    return f"#{head.seq} {head.hash}"


# --- what may be shown ---------------------------------------------------------------------


class _Shown:
    """An entry's cells as the output may show them, under the framework's privacy policy.

    :param disclosure: the disclosure the options made.
    :param sensitive: the subjects whose values are sensitive; ``None`` when no framework
        says, and then every fact's values are treated as sensitive.
    :param entries: the entries shown, to find the facts among them.
    """

    def __init__(
        self, disclosure: Disclosure, sensitive: frozenset[str] | None, entries: Iterable[Entry]
    ) -> None:
        from branchkit.ledger import EntryKind  # noqa: PLC0415
        from branchkit.records.sensitivity import Sensitivity  # noqa: PLC0415

        policy, viewer = disclosure.policy, disclosure.viewer
        self.disclosure = disclosure
        if policy.may_see(viewer, Sensitivity.SENSITIVE):
            self.hidden: frozenset[str] = frozenset()
        elif sensitive is None:
            self.hidden = frozenset(e.subject for e in entries if e.kind is EntryKind.FACT)
        else:
            self.hidden = sensitive
        self.names = disclosure.pseudonymiser is None and policy.may_see(
            viewer, Sensitivity.PERSONAL
        )
        self.valued = {EntryKind.POINTS, EntryKind.FACT, EntryKind.CORRECTION}
        self.named = {EntryKind.PROFILE, EntryKind.CORRECTION}
        self.withheld = 0

    def hides(self, entry: Entry) -> bool:
        """Whether the entry's value (and reason) may not be shown."""
        if entry.kind in self.valued and entry.subject in self.hidden:
            return True
        return entry.kind in self.named and entry.subject == "name" and not self.names

    def candidate(self, candidate: str) -> str:
        return self.disclosure.identifier(candidate)

    def value(self, entry: Entry) -> str:
        from branchkit.records.privacy import REDACTED  # noqa: PLC0415

        if entry.value is not None and self.hides(entry):
            self.withheld += 1
            return REDACTED
        return _value_text(entry.value)

    def reason(self, entry: Entry) -> str:
        from branchkit.records.privacy import REDACTED  # noqa: PLC0415

        # A reason may say what a sensitive value is ("心理咨询"): it goes with the value.
        return REDACTED if self.hides(entry) else entry.reason


def _value_text(value: object) -> str:
    """A value as one cell, in the words ``import`` reads back."""
    from branchkit.ledger.entries import encode_value  # noqa: PLC0415

    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    _, text = encode_value(value)  # type: ignore[arg-type]
    return text or ""


def _sensitive_subjects(framework: Framework | None) -> frozenset[str] | None:
    if framework is None:
        return None
    return frozenset(
        fact.key for scheme in framework.schemes for fact in scheme.facts if fact.sensitive
    )


def _language(lang: str | None, framework: Framework | None) -> Language:
    chosen = lang or (framework.language if framework is not None else "en")
    return "zh" if chosen == "zh" else "en"


# --- the group -----------------------------------------------------------------------------


@click.group()
def ledger() -> None:
    """Keep a points ledger: every entry of every candidate, in one local SQLite file.

    一人一档、一事一记、一步一审: each candidate's file, one entry per act, every step
    recorded with who did it, why and from where. Entries are never changed: a mistake is
    corrected by a correction entry. Each entry is chained to the one before by its hash, so
    `verify` finds any entry changed or removed behind the ledger's back. Keep the file on a
    local disk, never on a network share: SQLite's locks and write-ahead log need a local
    file system, and a network one can corrupt the file. Copy it with `backup`.
    """


@ledger.command()
@click.argument("path", type=click.Path(path_type=Path))
def init(path: Path) -> None:
    """Create a new, empty ledger file at PATH (refused if PATH exists)."""
    from branchkit.ledger import SCHEMA_VERSION  # noqa: PLC0415

    if path.exists():
        raise LedgerError(f"{path}: already exists; a ledger is created in a new file")
    with _open(path, create=True) as opened:
        head = opened.head()
    click.echo(f"created {path} (schema version {SCHEMA_VERSION}) · head {_head_text(head)}")


@ledger.command(name="import")
@_ledger_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--actor",
    default=_login_name,
    show_default="your login name",
    metavar="NAME",
    help="Who imports the files: the actor of rows without one.",
)
@click.option("--reason", metavar="TEXT", help="The reason of rows without one.")
@_framework_options
@click.pass_obj
def import_(
    settings: Settings,
    ledger_path: Path,
    files: tuple[Path, ...],
    actor: str,
    reason: str | None,
    framework_name: str | None,
    scheme_key: str | None,
) -> None:
    """Import CSV files or Excel workbooks of entries into LEDGER: each file whole, or not at all.

    One entry per row, with columns named in Chinese or English (学号/candidate,
    日期/effective, 类别/kind, 项目/subject, 分值/value, 事由/reason, ...). Every problem of
    a file is printed, one line each with its row and column, and nothing of that file is
    recorded; the other files are imported. A file imported before adds nothing. The exit
    code is 1 when any file was not imported.
    """  # fmt: skip
    from branchkit.ledger import import_file  # noqa: PLC0415

    scheme = _scheme(_framework(settings, framework_name), scheme_key)
    failed = 0
    with _open(ledger_path) as opened:
        for file in files:
            try:
                report = import_file(opened, file, actor=actor, reason=reason, scheme=scheme)
            except InputError as error:
                for problem in error.problems:
                    click.echo(str(problem), err=True)
                count = len(error.problems)
                noun = "problem" if count == 1 else "problems"
                click.echo(f"{file}: {count} {noun}; nothing imported from it", err=True)
                failed += 1
                continue
            except LedgerError as error:
                click.echo(f"error: {error}", err=True)
                click.echo(f"{file}: nothing imported from it", err=True)
                failed += 1
                continue
            click.echo(
                f"{file}: {report.rows} rows, {report.added} entries added, "
                f"{report.unchanged} already recorded · head {_head_text(report.head)}"
            )
    if failed:
        raise SystemExit(EXIT_FAILED)


# The options of `add`, by the heading of the one-row table they make.
_ADD_OPTIONS = {
    "candidate": "--candidate",
    "effective": "--on",
    "kind": "--kind",
    "subject": "--subject",
    "value": "--value",
    "reason": "--reason",
    "actor": "--actor",
    "key": "--key",
    "corrects": "--kind",
}


def _option_of(path: tuple[object, ...]) -> str | None:
    if len(path) == 2:
        return "ledger add"  # the row itself: the entries' source
    if len(path) >= 3:
        return _ADD_OPTIONS.get(str(path[2]), str(path[2]))
    return None


@ledger.command()
@_ledger_argument
@click.option("--candidate", required=True, metavar="ID", help="Whom the entry is about.")
@click.option(
    "--kind",
    default="points",
    show_default=True,
    metavar="KIND",
    help="points, fact, event, stage, profile or decision (or 积分, 事实, 活动, 阶段, 档案, 决定).",
)
@click.option(
    "--subject",
    metavar="KEY",
    help="The dimension, fact, event kind or decision; not needed for a stage.",
)
@click.option("--value", required=True, metavar="VALUE", help="The amount, value, id or stage.")
@click.option(
    "--on", "effective", required=True, metavar="DATE", help="The day it takes effect, YYYY-MM-DD."
)
@click.option("--reason", required=True, metavar="TEXT", help="Why it is recorded.")
@click.option("--actor", required=True, metavar="NAME", help="Who records it.")
@click.option(
    "--key",
    metavar="KEY",
    help="The entry's idempotency key. Without one, the same entry given twice is recorded "
    "once; give keys to record two equal entries.",
)
@_framework_options
@click.pass_obj
def add(
    settings: Settings,
    ledger_path: Path,
    candidate: str,
    kind: str,
    subject: str | None,
    value: str,
    effective: str,
    reason: str,
    actor: str,
    key: str | None,
    framework_name: str | None,
    scheme_key: str | None,
) -> None:
    """Record one entry in LEDGER, checked as an imported row is."""
    import attrs  # noqa: PLC0415

    from branchkit.io.documents import Document  # noqa: PLC0415
    from branchkit.ledger import entries_from_document  # noqa: PLC0415

    scheme = _scheme(_framework(settings, framework_name), scheme_key)
    given = {
        "candidate": candidate,
        "effective": effective,
        "kind": kind,
        "subject": subject,
        "value": value,
        "reason": reason,
        "actor": actor,
        "key": key,
    }
    row = {heading: cell for heading, cell in given.items() if cell}
    document = Document(
        source="branchkit ledger add",
        content={"entries": [row]},
        locator=_option_of,
        text_values=True,
        headings={"entries": tuple(row)},
    )
    digest = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
    with _open(ledger_path) as opened:
        (entry,) = entries_from_document(
            document, name="branchkit", digest=digest, actor=actor, scheme=scheme, ledger=opened
        )
        if key is None:
            entry = attrs.evolve(entry, key=None)  # keyed by its content, as the API keys it
        before = opened.head().seq
        stored = opened.append(entry)
        head = opened.head()
    done = "recorded" if stored.seq > before else "already recorded"
    click.echo(f"entry #{stored.seq} {done} (key {stored.key}) · head {_head_text(head)}")


def _entry_ref(text: str) -> int | str:
    """``12`` or ``#12`` names an entry by its sequence number; anything else by its key."""
    digits = text.removeprefix("#")
    return int(digits) if digits.isdigit() else text


@ledger.command()
@_ledger_argument
@click.option(
    "--entry",
    "ref",
    required=True,
    metavar="SEQ|KEY",
    help="The entry to correct: its number (12 or #12) or its key.",
)
@click.option("--value", metavar="VALUE", help="The value it should have had.")
@click.option("--void", is_flag=True, help="Void the entry: it no longer counts.")
@click.option(
    "--on",
    "effective",
    callback=parse_date,
    metavar="DATE",
    help="The day it should have taken effect (its own day by default).",
)
@click.option("--reason", required=True, metavar="TEXT", help="Why it is corrected.")
@click.option("--actor", required=True, metavar="NAME", help="Who corrects it.")
@click.option("--key", metavar="KEY", help="The correction's idempotency key.")
@_framework_options
@click.pass_obj
def correct(
    settings: Settings,
    ledger_path: Path,
    ref: str,
    value: str | None,
    void: bool,
    effective: dt.date | None,
    reason: str,
    actor: str,
    key: str | None,
    framework_name: str | None,
    scheme_key: str | None,
) -> None:
    """Correct an entry of LEDGER: record its right value (or void it), never change it.

    The value is read as the corrected entry's: an amount for points, the fact's type (the
    scheme's, with --framework, else the type recorded) for a fact, text otherwise.
    """
    if (value is None) == (not void):
        raise click.UsageError("give either --value VALUE or --void")
    scheme = _scheme(_framework(settings, framework_name), scheme_key)
    with _open(ledger_path) as opened:
        target = opened.entry(_entry_ref(ref))
        if target is None:
            raise LedgerError(f"{opened.source}: no entry {ref!r} to correct")
        typed = None if value is None else _typed_correction(target, value, scheme)
        before = opened.head().seq
        stored = opened.correct(
            target,
            value=typed,
            reason=reason,
            actor=actor,
            source=_CORRECT_SOURCE,
            effective=effective,
            key=key,
        )
        head = opened.head()
    done = "recorded" if stored.seq > before else "already recorded"
    click.echo(f"correction #{stored.seq} of entry #{target.seq} {done} · head {_head_text(head)}")


def _typed_correction(target: Entry, text: str, scheme: Scheme | None) -> Any:
    """``--value`` read as a value of the corrected entry."""
    from branchkit.ledger import EntryKind  # noqa: PLC0415
    from branchkit.mechanisms.staging.facts import Fact, FactType, coerce_fact  # noqa: PLC0415
    from branchkit.records.labels import Label  # noqa: PLC0415

    declared = {fact.key: fact for fact in scheme.facts} if scheme is not None else {}
    fact: Fact | None = None
    if target.kind is EntryKind.POINTS:
        fact = Fact(key="amount", label=Label(zh="分值", en="amount"), type=FactType.DECIMAL)
    elif target.kind is EntryKind.FACT:
        fact = declared.get(target.subject)
        if fact is None:
            recorded = {
                bool: FactType.BOOLEAN,
                int: FactType.INTEGER,
                dt.date: FactType.DATE,
                tuple: FactType.IDS,
            }.get(type(target.value), FactType.TEXT)
            if type(target.value).__name__ == "Decimal":
                recorded = FactType.DECIMAL
            fact = Fact(key="value", label=Label(zh="值", en="value"), type=recorded)
    elif target.kind is EntryKind.STAGE and scheme is not None:
        for stage in scheme.stages:
            if text.strip() in {stage.key, stage.label.zh, stage.label.en}:
                return stage.key
    if fact is None:
        return text.strip()
    try:
        return coerce_fact(fact, text)
    except ValueError as error:
        raise InputError(
            [Problem(source=_CORRECT_SOURCE, location="--value", message=str(error))]
        ) from None


# --- reading -------------------------------------------------------------------------------


@ledger.command()
@_ledger_argument
@click.option("--candidate", metavar="ID", help="Only this candidate's entries.")
@click.option(
    "--as-of",
    "as_of",
    callback=parse_date,
    metavar="DATE",
    help="Only entries in effect by DATE, YYYY-MM-DD (all by default).",
)
@_known_at_option
@_framework_options
@disclosure_options
@output_options("table", "json")
@click.pass_obj
def show(
    settings: Settings,
    ledger_path: Path,
    candidate: str | None,
    as_of: dt.date | None,
    known_at: dt.datetime | None,
    framework_name: str | None,
    scheme_key: str | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    output_format: str,
    output: Path | None,
) -> None:
    """List the entries of LEDGER, of one candidate or all, in the order they were recorded.

    The heading (or the JSON's "ledger" object) names the head of the chain read.
    """
    from branchkit.report import tables  # noqa: PLC0415
    from branchkit.report.ranking import ledger_json  # noqa: PLC0415

    framework = _framework(settings, framework_name)
    _scheme(framework, scheme_key)
    disclosure = _disclosure(framework, roles, pseudonymise, key_file)
    with _open(ledger_path) as opened, opened.snapshot():
        head = opened.head(known_at)
        found = [
            entry
            for entry in opened.entries(candidate=candidate, known_at=known_at)
            if as_of is None or entry.effective <= as_of
        ]
    shown = _Shown(disclosure, _sensitive_subjects(framework), found)
    if output_format == "json":
        document = {
            "ledger": ledger_json(head),
            "as_of": None if as_of is None else as_of.isoformat(),
            "known_at": None if known_at is None else known_at.isoformat(),
            "entries": [
                {
                    "seq": entry.seq,
                    "key": entry.key,
                    "kind": entry.kind.value,
                    "candidate": shown.candidate(entry.candidate),
                    "effective": entry.effective.isoformat(),
                    "subject": entry.subject,
                    "value": shown.value(entry),
                    "corrects": entry.corrects,
                    "reason": shown.reason(entry),
                    "actor": entry.actor,
                    "source": entry.source,
                    "recorded_at": entry.recorded_at.isoformat(),
                    "hash": entry.hash,
                }
                for entry in found
            ],
        }
        write_text(tables.json_text(document), output)
        return
    rows = [["#", "recorded (UTC)", "kind", "candidate", "effective", "subject", "value",
             "corrects", "reason", "actor", "source", "key"]]  # fmt: skip
    rows.extend(
        [
            str(entry.seq),
            entry.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.kind.value,
            shown.candidate(entry.candidate),
            entry.effective.isoformat(),
            entry.subject,
            shown.value(entry),
            "" if entry.corrects is None else f"#{entry.corrects}",
            shown.reason(entry),
            entry.actor,
            entry.source,
            entry.key,
        ]
        for entry in found
    )
    heading = _heading(ledger_path, as_of, known_at, f"{len(found)} entries", head)
    write_text(heading + tables.text_table(rows), output)


def _disclosure(
    framework: Framework | None, roles: tuple[str, ...], pseudonymise: bool, key_file: Path | None
) -> Disclosure:
    from branchkit.records.privacy import PrivacyPolicy  # noqa: PLC0415

    policy = framework.privacy if framework is not None else PrivacyPolicy()
    return make_disclosure(policy, roles, pseudonymise, key_file)


def _heading(
    path: Path, as_of: dt.date | None, known_at: dt.datetime | None, what: str, head: Head
) -> str:
    parts = [path.name]
    if as_of is not None:
        parts.append(f"as of {as_of.isoformat()}")
    if known_at is not None:
        parts.append(f"known at {known_at.isoformat()}")
    parts.extend((what, f"head {_head_text(head)}"))
    return " · ".join(parts) + "\n"


@ledger.command()
@_ledger_argument
@click.option("--candidate", metavar="ID", help="Only this candidate (everyone by default).")
@click.option(
    "--as-of",
    "as_of",
    callback=parse_date,
    metavar="DATE",
    help="The day, YYYY-MM-DD (today by default).",
)
@_known_at_option
@_framework_options
@disclosure_options
@report_options("table", "json", "csv")
@click.pass_obj
def balance(
    settings: Settings,
    ledger_path: Path,
    candidate: str | None,
    as_of: dt.date | None,
    known_at: dt.datetime | None,
    framework_name: str | None,
    scheme_key: str | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Each candidate's standing on a day: points per subject, their sum, and the stage.

    Corrections count as of the day of the entries they correct; with --known-at, only what
    the ledger had recorded by then counts.
    """
    from branchkit.ledger import standing, standings  # noqa: PLC0415
    from branchkit.records.privacy import REDACTED  # noqa: PLC0415
    from branchkit.report import tables  # noqa: PLC0415
    from branchkit.report.ranking import ledger_head_line, ledger_json  # noqa: PLC0415

    day = as_of or dt.date.today()
    framework = _framework(settings, framework_name)
    _scheme(framework, scheme_key)
    disclosure = _disclosure(framework, roles, pseudonymise, key_file)
    with _open(ledger_path) as opened, opened.snapshot():
        head = opened.head(known_at)
        if candidate is None:
            found: Sequence[Standing] = standings(opened, as_of=day, known_at=known_at)
        else:
            found = (standing(opened, candidate, as_of=day, known_at=known_at),)
    shown = _Shown(disclosure, _sensitive_subjects(framework), ())
    subjects = sorted({subject for one in found for subject in one.points})
    language = _language(lang, framework)
    names = {
        fact.key: fact.label.text(language)
        for scheme in (framework.schemes if framework is not None else ())
        for fact in scheme.facts
    }

    def points(one: Standing, subject: str) -> str:
        if subject in shown.hidden:
            return REDACTED
        amount = one.points.get(subject)
        return "" if amount is None else _value_text(amount)

    def total(one: Standing) -> str:
        if any(subject in shown.hidden for subject in one.points):
            return REDACTED
        return _value_text(one.balance)

    if output_format == "json":
        document = {
            "ledger": ledger_json(head),
            "as_of": day.isoformat(),
            "known_at": None if known_at is None else known_at.isoformat(),
            "standings": [
                {
                    "candidate": shown.candidate(one.candidate),
                    "name": disclosure.value(one, "name"),
                    "group": one.group,
                    "stage": one.stage,
                    "balance": total(one),
                    "points": {subject: points(one, subject) for subject in sorted(one.points)},
                }
                for one in found
            ],
        }
        write_text(tables.json_text(document), output)
        return
    zh = language == "zh"
    rows = [
        [
            *(("编号", "姓名", "组别", "阶段", "积分合计") if zh else
              ("candidate", "name", "group", "stage", "balance")),
            *(names.get(subject, subject) for subject in subjects),
        ]
    ]  # fmt: skip
    rows.extend(
        [
            shown.candidate(one.candidate),
            str(disclosure.value(one, "name")),
            one.group,
            one.stage,
            total(one),
            *(points(one, subject) for subject in subjects),
        ]
        for one in found
    )
    if output_format == "csv":
        write_text(tables.to_csv([*rows, [], [ledger_head_line(head, language)]]), output)
        return
    heading = _heading(ledger_path, day, known_at, f"{len(found)} candidates", head)
    write_text(heading + tables.text_table(rows), output)


# --- checking and copying ------------------------------------------------------------------


def _parse_head(_: click.Context, __: click.Parameter, values: tuple[str, ...]) -> list[Head]:
    from branchkit.ledger import Head  # noqa: PLC0415

    heads = []
    for value in values:
        seq, _space, hashed = value.strip().removeprefix("#").replace(":", " ").partition(" ")
        hashed = hashed.strip()
        if not seq.isdigit() or len(hashed) != 64:
            raise click.BadParameter(f"{value!r} is not a head written '#SEQ HASH'")
        heads.append(Head(seq=int(seq), hash=hashed))
    return heads


@ledger.command()
@_ledger_argument
@click.option(
    "--head",
    "heads",
    multiple=True,
    callback=_parse_head,
    metavar="'#SEQ HASH'",
    help="A head printed on an earlier report or export; it must still be in the chain "
    "(repeatable). Finds entries removed from the end.",
)
def verify(ledger_path: Path, heads: list[Head]) -> None:
    """Recompute the hash chain of LEDGER: print the head if intact, else the first bad entry.

    The exit code is 0 when every entry matches its hash, and 1 when one was changed or
    removed (or the file is damaged).
    """
    from branchkit.ledger import Ledger  # noqa: PLC0415

    try:
        with _open(ledger_path) as opened:
            verification = opened.verify(known_heads=heads)
    except LedgerIntegrityError as error:
        click.echo(f"error: {error}", err=True)
        # The file is damaged; its entries may still say which was changed.
        with Ledger.open(ledger_path, quick_check=False) as opened:
            verification = opened.verify(known_heads=heads)
        if verification.ok:
            raise SystemExit(EXIT_FAILED) from None
    if not verification.ok:
        click.echo(str(verification), err=True)
        raise SystemExit(EXIT_FAILED)
    click.echo(str(verification))


@ledger.command()
@_ledger_argument
@click.argument("destination", metavar="DEST", type=click.Path(path_type=Path))
def backup(ledger_path: Path, destination: Path) -> None:
    """Copy LEDGER to the new file DEST, consistently even while others write, and verify it.

    Copy the backup to other disks or a network share; keep the ledger itself on a local disk.
    """
    with _open(ledger_path) as opened:
        verification = opened.backup(destination)
    if not verification.ok:
        click.echo(f"{destination}: {verification}", err=True)
        raise SystemExit(EXIT_FAILED)
    click.echo(f"{destination}: {verification}")


@ledger.command()
@_ledger_argument
@output_options("csv", "xlsx", "json")
@click.option("--candidate", metavar="ID", help="Only this candidate's entries.")
@_known_at_option
@click.option("--lang", type=click.Choice(["zh", "en"]), help="The language of the headings.")
@_framework_options
@disclosure_options
@click.pass_obj
def export(
    settings: Settings,
    ledger_path: Path,
    output_format: str,
    output: Path | None,
    candidate: str | None,
    known_at: dt.datetime | None,
    lang: str | None,
    framework_name: str | None,
    scheme_key: str | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
) -> None:
    """Export the entries of LEDGER as a table `import` reads back, or as JSON.

    The CSV file or workbook has one entry per row with its key, kind, candidate, day,
    subject, value, reason, actor, corrected entry and source: imported into a new ledger,
    it gives the same entries and balances; imported into the same ledger, it adds nothing.
    The JSON has every stored column, the hashes included. The head of the chain exported is
    printed, and is in the JSON ("ledger") and the workbook (sheet "head"). Values the
    framework's privacy policy hides from the reader are written as <redacted>, and such an
    export no longer imports back as the ledger holds it.
    """
    from branchkit.report import tables  # noqa: PLC0415
    from branchkit.report.ranking import ledger_head_line, ledger_json  # noqa: PLC0415

    if output_format == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs --output PATH")
    framework = _framework(settings, framework_name)
    _scheme(framework, scheme_key)
    disclosure = _disclosure(framework, roles, pseudonymise, key_file)
    language = _language(lang, framework)
    with _open(ledger_path) as opened, opened.snapshot():
        head = opened.head(known_at)
        found = list(opened.entries(candidate=candidate, known_at=known_at))
    shown = _Shown(disclosure, _sensitive_subjects(framework), found)
    keys = {entry.seq: entry.key for entry in found}
    if output_format == "json":
        document = {
            "ledger": ledger_json(head),
            "entries": [
                {
                    "seq": entry.seq,
                    "key": entry.key,
                    "kind": entry.kind.value,
                    "candidate": shown.candidate(entry.candidate),
                    "effective": entry.effective.isoformat(),
                    "subject": entry.subject,
                    "value": shown.value(entry),
                    "corrects": None if entry.corrects is None else keys[entry.corrects],
                    "reason": shown.reason(entry),
                    "actor": entry.actor,
                    "source": entry.source,
                    "recorded_at": entry.recorded_at.isoformat(),
                    "hash": entry.hash,
                }
                for entry in found
            ],
        }
        write_text(tables.json_text(document), output)
    else:
        rows = [[zh if language == "zh" else en for _, zh, en in _EXPORT_COLUMNS]]
        rows.extend(
            [
                entry.key,
                entry.kind.value,
                shown.candidate(entry.candidate),
                entry.effective.isoformat(),
                entry.subject,
                shown.value(entry),
                shown.reason(entry),
                entry.actor,
                "" if entry.corrects is None else keys[entry.corrects],
                entry.source,
            ]
            for entry in found
        )
        if output_format == "xlsx":
            assert output is not None  # checked above
            head_rows = [["seq", "hash"], [str(head.seq), head.hash]]
            tables.write_xlsx_sheets([("entries", rows), ("head", head_rows)], output)
        else:
            write_text(tables.to_csv(rows), output)
    # The head goes beside the data, never into an importable table: to the terminal, or to
    # standard error when the data itself goes to the terminal.
    summary = f"exported {len(found)} entries · {ledger_head_line(head, language)}"
    click.echo(summary, err=output is None)
    if shown.withheld:
        noun = "value was" if shown.withheld == 1 else "values were"
        click.echo(
            f"warning: {shown.withheld} {noun} withheld as <redacted>; this export will not "
            "import back as the ledger holds it",
            err=True,
        )
