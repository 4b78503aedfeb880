r"""Importing a CSV file or Excel workbook of entries into a ledger: all or nothing per file.

The table has one entry per row. Its columns, named in Chinese or English (compared after
:func:`~branchkit.io.names.normalise_name`):

.. list-table::
   :header-rows: 1
   :widths: 22 40 38

   * - field
     - headings
     - required
   * - candidate
     - 学号, 工号, 编号, 人员编号, id, candidate, 候选人
     - yes (a correction may leave it empty)
   * - effective day
     - 日期, 生效日期, 发生日期, date, effective
     - yes (a correction may leave it empty)
   * - kind
     - 类别, 记录类别, 类型, kind
     - no: ``points`` (积分) when there is no such column
   * - subject
     - 项目, 维度, 事项, subject, dimension, fact
     - yes, but for stages (``stage``) and corrections
   * - value
     - 分值, 积分, 值, 内容, value, amount, points
     - yes, but for a correction that voids an entry
   * - reason
     - 事由, 原因, 说明, reason
     - unless ``reason`` is given to the import
   * - actor
     - 经办人, 记录人, actor
     - no: the importing actor
   * - key
     - 登记编号, 记录编号, 幂等键, key
     - no: derived from the file's content and the row
   * - corrects
     - 更正, 更正对象, corrects
     - for corrections: the key of the entry corrected
   * - source
     - 来源, source
     - no: the file's name and the row (an export of a ledger keeps its entries' sources)

A kind is written as its key or its Chinese name (积分, 事实, 活动, 阶段, 档案, 决定, 更正).
With a scheme, a subject may also be written as its fact's name (``思想汇报``), a fact's value is
read as the fact's type, points must go to a numeric fact, and a stage may be written as its
name; without one, subjects are keys and fact values are kept as the file gives them (a
CSV's text is typed when a scheme reads it).

**All or nothing.** Every problem of every row is reported at once, each at its row and
column (:class:`~branchkit.errors.InputError`), and a file with any problem records nothing;
a good file is recorded in one transaction, so a crash leaves none of it.

**Idempotent.** Each row's key (unless the file gives one) is made of the SHA-256 of the
file's bytes and the row's place (``f:<digest>:<row index>``), and its source names the file
and the row (unless the file gives one: an export of a ledger keeps its entries' keys and
sources, so that it imports back as the same entries). Importing the same file again
records nothing new. A file that was edited is a new file: fix a mistake already imported
with a correction row, not by editing and importing the file again.

>>> import tempfile
>>> from pathlib import Path
>>> folder = tempfile.TemporaryDirectory()
>>> table = Path(folder.name) / "积分.csv"
>>> _ = table.write_text(
...     "学号,日期,项目,分值,事由\n"
...     "2021001,2024-01-10,political,3,思想汇报\n"
...     "2021001,2024-01-12,political,2,主题党日\n", encoding="utf-8")
>>> ledger = Ledger.open(Path(folder.name) / "branch.ledger", create=True)
>>> first = import_file(ledger, table, actor="组织委员")
>>> first.added, import_file(ledger, table, actor="组织委员").unchanged
(2, 2)
>>> [entry.source for entry in ledger.entries()]
['积分.csv row 2', '积分.csv row 3']
>>> _ = table.write_text("学号,日期,项目,分值,事由\n2021001,2024/1/10,political,三,r\n",
...                      encoding="utf-8")
>>> import_file(ledger, table, actor="组织委员")
Traceback (most recent call last):
  ...
branchkit.errors.InputError: 2 problems in the input:
.../积分.csv: row 2, column 日期: expected a date written YYYY-MM-DD, got "2024/1/10"
.../积分.csv: row 2, column 分值: expected a number, got "三"
>>> ledger.close(); folder.cleanup()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path as FilePath

import attrs

from branchkit.errors import InputError, Path, Problem, RecordError
from branchkit.io.converter import describe_value
from branchkit.io.documents import Document
from branchkit.io.names import normalise_name
from branchkit.io.tables import read_csv, read_xlsx
from branchkit.ledger.entries import EntryKind, NewEntry
from branchkit.ledger.store import Head, Ledger, without_cycle_collection
from branchkit.mechanisms.staging.facts import Fact, FactType, FactValue, coerce_fact
from branchkit.mechanisms.staging.scheme import Scheme
from branchkit.records.labels import Label

__all__ = ["ENTRY_HEADINGS", "ImportReport", "entries_from_document", "import_file"]

#: The headings of each field of an entry row.
ENTRY_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "candidate": ("candidate", "id", "候选人", "学号", "工号", "编号", "人员编号"),
    "effective": ("effective", "date", "日期", "生效日期", "发生日期"),
    "kind": ("kind", "类别", "记录类别", "类型"),
    "subject": ("subject", "dimension", "fact", "项目", "维度", "事项"),
    "value": ("value", "amount", "points", "值", "分值", "积分", "内容"),
    "reason": ("reason", "事由", "原因", "说明"),
    "actor": ("actor", "经办人", "记录人"),
    "key": ("key", "entry key", "登记编号", "记录编号", "幂等键"),
    "corrects": ("corrects", "更正", "更正对象"),
    "source": ("source", "来源"),
}
_SECTION_NAMES = ("entries", "ledger", "台账", "积分记录", "记录")
_PROFILE_NAMES = {"name": ("name", "姓名"), "group": ("group", "组别", "分组", "班级")}
_AMOUNT = Fact(key="amount", label=Label(zh="分值", en="amount"), type=FactType.DECIMAL)
_DAY = Fact(key="effective", label=Label(zh="日期", en="effective date"), type=FactType.DATE)
_NUMERIC = {FactType.INTEGER, FactType.DECIMAL}
_TEXT_FIELDS = frozenset(
    ("candidate", "kind", "subject", "reason", "actor", "key", "corrects", "source")
)


@attrs.frozen(kw_only=True)
class ImportReport:
    """What importing a file did.

    :param file: the file's name.
    :param digest: the SHA-256 of its bytes.
    :param rows: how many entry rows it has.
    :param added: how many entries were recorded.
    :param unchanged: how many were recorded before (the same file imported again).
    :param head: the chain's head afterwards.
    """

    file: str
    digest: str
    rows: int
    added: int
    unchanged: int
    head: Head


class _Reader:
    """Turns rows into entries, collecting every problem."""

    def __init__(
        self,
        document: Document,
        section: str,
        *,
        name: str,
        digest: str,
        actor: str,
        reason: str | None,
        scheme: Scheme | None,
        ledger: Ledger | None,
    ) -> None:
        self.document = document
        self.section = section
        self.name = name
        self.digest = digest
        self.key_prefix = digest[:24]
        self.actor = actor
        self.reason = reason
        self.scheme = scheme
        self.ledger = ledger
        self.problems: list[Problem] = list(document.problems)
        names = {
            normalise_name(heading): field
            for field, headings in ENTRY_HEADINGS.items()
            for heading in headings
        }
        self.columns: dict[str, str] = {}  # the document's heading -> the field
        self.headings: dict[str, str] = {}  # the field -> the document's heading
        for heading in document.headings.get(section, ()):
            field = names.get(normalise_name(heading))
            if field is None:
                self.problem((section, heading), "unknown column: not a field of an entry")
            else:
                self.columns[heading] = field
                self.headings.setdefault(field, heading)
        self.kinds = {
            normalise_name(text): kind
            for kind in EntryKind
            for text in (kind.value, kind.label.zh, kind.label.en)
        }
        self.profile = {
            normalise_name(text): field for field, texts in _PROFILE_NAMES.items() for text in texts
        }
        self.facts: dict[str, Fact] = {}
        self.stages: dict[str, str] = {}
        if scheme is not None:
            for fact in scheme.facts:
                for text in (fact.key, fact.label.zh, fact.label.en, *fact.aliases):
                    self.facts.setdefault(normalise_name(text), fact)
            for stage in scheme.stages:
                for text in (stage.key, stage.label.zh, stage.label.en):
                    self.stages.setdefault(normalise_name(text), stage.key)
        self.given: dict[str, NewEntry] = {}  # entries of this file by key, for corrections
        self.days: dict[str, dt.date] = {}
        self.amounts: dict[str, FactValue] = {}

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(
            Problem(
                source=self.document.source,
                path=path,
                location=self.document.locate(path),
                message=message,
            )
        )

    def at(self, index: int, field: str) -> Path:
        return (self.section, index, self.headings.get(field, field))

    def text(self, index: int, field: str, cell: object) -> str | None:
        if isinstance(cell, str):
            return cell.strip()
        self.problem(self.at(index, field), f"must be text, got {describe_value(cell)}")
        return None

    def row(self, index: int, row: Mapping[str, object]) -> NewEntry | None:
        # Every heading names a field: a file with an unknown column is refused before its rows.
        columns = self.columns
        before = len(self.problems)
        cells: dict[str, object] = {}
        texts: dict[str, str | None] = {}
        for heading, cell in row.items():
            field = columns[heading]
            cells[field] = cell
            if field in _TEXT_FIELDS:
                texts[field] = cell.strip() if type(cell) is str else self.text(index, field, cell)
        original = self.original(index, texts.get("corrects"))
        kind = self.kind(index, texts.get("kind"), correction=original is not None)
        if kind is None:
            return None
        of = original.kind if original is not None else kind
        candidate = texts.get("candidate") or (original.candidate if original else None)
        effective = self.day(index, cells.get("effective"), original)
        subject = self.subject(index, of, texts.get("subject"), original)
        value = self.value(index, of, subject, cells.get("value"), original is not None)
        reason = texts.get("reason") or self.reason
        # An empty cell is left out of the row; one that is not text is reported already.
        if not candidate and "candidate" not in cells:
            self.problem(self.at(index, "candidate"), "missing (it is required)")
        if not reason and "reason" not in cells:
            self.problem(self.at(index, "reason"), "missing (give one, or a reason to the import)")
        if len(self.problems) > before or candidate is None or effective is None:
            return None
        if subject is None or reason is None:
            return None
        location = self.document.locate((self.section, index)) or f"row index {index}"
        # The file's digest and the row's place: the same file gives the same keys, and one
        # file's keys sort together, which keeps the key index fast to extend.
        key = texts.get("key") or f"f:{self.key_prefix}:{index:09d}"
        try:
            entry = NewEntry(
                kind=EntryKind.CORRECTION if original is not None else kind,
                candidate=candidate,
                effective=effective,
                subject=subject,
                value=value,
                reason=reason,
                source=texts.get("source") or f"{self.name} {location}",
                actor=texts.get("actor") or self.actor,
                key=key,
                corrects=original.key if original is not None else None,
            )
        except RecordError as error:
            for path, message in error.problems:
                field = str(path[0]) if path else "value"
                self.problem(self.at(index, field), message)
            return None
        if "corrects" in self.headings:
            self.given[key] = entry
        return entry

    def original(self, index: int, key: str | None) -> NewEntry | None:
        """The entry a correction row corrects, as given in this file or recorded."""
        if not key:
            return None
        found = self.given.get(key)
        if found is None and self.ledger is not None:
            stored = self.ledger.entry(key)
            if stored is not None:
                found = NewEntry(
                    kind=stored.kind, candidate=stored.candidate, effective=stored.effective,
                    subject=stored.subject, value=stored.value, reason=stored.reason,
                    source=stored.source, actor=stored.actor, key=stored.key,
                    corrects=stored.corrects,
                )  # fmt: skip
        if found is None:
            self.problem(self.at(index, "corrects"), f"no entry has the key {key!r}")
        elif found.kind is EntryKind.CORRECTION:
            self.problem(self.at(index, "corrects"), "corrects a correction: name the original")
            return None
        return found

    def kind(self, index: int, text: str | None, *, correction: bool) -> EntryKind | None:
        if not text:
            if "kind" in self.headings and not correction:
                self.problem(self.at(index, "kind"), "missing (it is required)")
                return None
            return EntryKind.CORRECTION if correction else EntryKind.POINTS
        kind = self.kinds.get(text)
        if kind is None:
            kind = self.kinds.get(normalise_name(text))
        if kind is None:
            known = ", ".join(f"{k.value} ({k.label.zh})" for k in EntryKind)
            self.problem(self.at(index, "kind"), f"no kind is called {text!r}; known: {known}")
        elif correction and kind is not EntryKind.CORRECTION:
            self.problem(self.at(index, "kind"), "a row that corrects an entry is a correction")
            return None
        elif kind is EntryKind.CORRECTION and not correction:
            self.problem(self.at(index, "corrects"), "a correction names the entry it corrects")
            return None
        return kind

    def day(self, index: int, cell: object, original: NewEntry | None) -> dt.date | None:
        if cell is None or cell == "":
            if original is not None:
                return original.effective
            self.problem(self.at(index, "effective"), "missing (it is required)")
            return None
        day = self.days.get(cell) if type(cell) is str else None
        if day is not None:
            return day
        try:
            typed = coerce_fact(_DAY, cell)
        except ValueError as error:
            self.problem(self.at(index, "effective"), str(error))
            return None
        assert isinstance(typed, dt.date)
        if type(cell) is str:
            self.days[cell] = typed  # a file has few days and many rows
        return typed

    def subject(
        self, index: int, kind: EntryKind, text: str | None, original: NewEntry | None
    ) -> str | None:
        if not text:
            if original is not None:
                return original.subject
            if kind is EntryKind.STAGE:
                return "stage"
            self.problem(self.at(index, "subject"), "missing (it is required)")
            return None
        if kind is EntryKind.PROFILE:
            return self.profile.get(normalise_name(text), text)
        if self.scheme is not None and (kind is EntryKind.POINTS or kind is EntryKind.FACT):
            fact = self.facts.get(normalise_name(text))
            if fact is None:
                self.problem(self.at(index, "subject"), f"the scheme has no fact {text!r}")
                return None
            if kind is EntryKind.POINTS and fact.type not in _NUMERIC:
                message = f"points go to a numeric fact; {fact.key!r} is {fact.type.value}"
                self.problem(self.at(index, "subject"), message)
                return None
            return fact.key
        return text

    def value(
        self, index: int, kind: EntryKind, subject: str | None, cell: object, correction: bool
    ) -> FactValue | None:
        where = self.at(index, "value")
        if cell is None or cell == "":
            if not correction:
                self.problem(where, "missing (it is required)")
            return None  # a correction without a value voids the entry
        try:
            return self._typed(kind, subject, cell)
        except ValueError as error:
            self.problem(where, str(error))
            return None

    def _typed(self, kind: EntryKind, subject: str | None, cell: object) -> FactValue:
        if kind is EntryKind.POINTS:
            amount = self.amounts.get(cell) if type(cell) is str else None
            if amount is None:
                amount = coerce_fact(_AMOUNT, cell)
                if type(cell) is str:
                    self.amounts[cell] = amount  # a file has few amounts and many rows
            return amount
        if kind is EntryKind.FACT:
            fact = self.facts.get(normalise_name(subject)) if subject is not None else None
            if fact is not None:
                return coerce_fact(fact, cell)
            if isinstance(cell, float):
                return coerce_fact(_AMOUNT, cell)
            if isinstance(cell, str):
                return cell.strip()
            if isinstance(cell, bool | int | Decimal | dt.date) and not isinstance(
                cell, dt.datetime
            ):
                return cell
            raise ValueError(f"cannot record a value of type {type(cell).__name__}")
        if not isinstance(cell, str):
            raise ValueError(f"must be text, got {describe_value(cell)}")
        text = cell.strip()
        if kind is EntryKind.STAGE and self.stages:
            stage = self.stages.get(normalise_name(text))
            if stage is None:
                raise ValueError(f"no stage is called {text!r}")
            return stage
        return text


def entries_from_document(
    document: Document,
    *,
    name: str,
    digest: str,
    actor: str,
    reason: str | None = None,
    scheme: Scheme | None = None,
    ledger: Ledger | None = None,
) -> tuple[NewEntry, ...]:
    """The entries a table of entry rows gives, each keyed by the file's digest and its row.

    :param document: the read table (:func:`~branchkit.io.tables.read_csv`, ``read_xlsx``).
    :param name: the file's name, for the entries' source.
    :param digest: the SHA-256 of the file's bytes, for the entries' keys.
    :param actor: who imports it: the actor of rows without one.
    :param reason: the reason of rows without one.
    :param scheme: the scheme whose facts and stages the entries name, to check them.
    :param ledger: the ledger, to find the entries that correction rows correct.
    :raises InputError: with every problem of every row.
    """
    names = " or ".join(_SECTION_NAMES[:3])
    section, rows = document.part(
        _SECTION_NAMES, missing=f"no entries: name the sheet {names}, or give one sheet only"
    )
    reader = _Reader(
        document, section, name=name, digest=digest, actor=actor, reason=reason,
        scheme=scheme, ledger=ledger,
    )  # fmt: skip
    # A file of corrections only may leave the candidate and day to the entries it corrects.
    required = {"candidate": "candidate", "effective": "effective day"}
    for field, words in required.items():
        if field not in reader.headings and "corrects" not in reader.headings:
            headings = ", ".join(ENTRY_HEADINGS[field][:5])
            message = f"no column for the {words} ({headings})"
            reader.problems.append(Problem(source=document.source, message=message))
    if reader.problems:
        raise InputError(reader.problems)
    found = []
    for index, row in enumerate(rows):
        entry = reader.row(index, row)
        if entry is not None:
            found.append(entry)
    if reader.problems:
        raise InputError(reader.problems)
    return tuple(found)


def import_file(
    ledger: Ledger,
    path: str | os.PathLike[str],
    *,
    actor: str,
    reason: str | None = None,
    scheme: Scheme | None = None,
) -> ImportReport:
    """Import a CSV file or Excel workbook of entries: every row, or none.

    :param ledger: the ledger to record them in.
    :param path: the file (``.csv`` or ``.xlsx``).
    :param actor: who imports it.
    :param reason: the reason of rows without one.
    :param scheme: the scheme whose facts and stages the entries name, to check them.
    :raises InputError: with every problem of every row; nothing is recorded.
    :raises LedgerConflictError: when a row's key is recorded with other content; nothing is
        recorded.
    """
    file = FilePath(path)
    readers = {".csv": read_csv, ".xlsx": read_xlsx}
    read = readers.get(file.suffix.lower())
    if read is None:
        message = "entries are imported from a .csv file or an .xlsx workbook"
        raise InputError([Problem(source=str(file), message=message)])
    try:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError as error:
        raise InputError(
            [Problem(source=str(file), message=f"cannot read: {error.strerror}")]
        ) from None
    with without_cycle_collection():
        return _import(ledger, file, digest, read, actor=actor, reason=reason, scheme=scheme)


def _import(
    ledger: Ledger,
    file: FilePath,
    digest: str,
    read: Callable[[FilePath], Document],
    *,
    actor: str,
    reason: str | None,
    scheme: Scheme | None,
) -> ImportReport:
    entries = entries_from_document(
        read(file), name=file.name, digest=digest, actor=actor, reason=reason, scheme=scheme,
        ledger=ledger,
    )  # fmt: skip
    appended = ledger.append_many(entries)
    return ImportReport(
        file=file.name,
        digest=digest,
        rows=len(entries),
        added=appended.added,
        unchanged=appended.unchanged,
        head=appended.head,
    )
