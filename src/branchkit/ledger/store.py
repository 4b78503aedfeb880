"""The ledger store: one SQLite file of append-only, hash-chained entries.

:meth:`Ledger.open` opens (or, with ``create=True``, creates) a ledger file and makes it safe
to use before anything else happens:

* foreign keys are switched on and read back (SQLite ignores the setting inside a
  transaction, so it is set before any);
* the journal is a write-ahead log (WAL) with ``synchronous = FULL``, so a committed entry
  survives a crash or a power cut, and readers never block the writer;
* a busy timeout lets a second process wait for the first instead of failing at once;
* ``PRAGMA quick_check`` runs, and a damaged file is refused
  (:class:`~branchkit.errors.LedgerIntegrityError`);
* the schema is created or migrated (:mod:`branchkit.ledger.schema`).

Every write is one ``BEGIN IMMEDIATE`` transaction, taken before the chain's head is read, so
that two writers can never chain to the same entry; a batch (a whole imported file) is
recorded entirely or not at all. WAL needs shared memory between the processes using a file,
which network file systems (SMB, NFS) do not provide reliably: keep a ledger on a local disk
and copy it elsewhere with :meth:`Ledger.backup`.

>>> import datetime as dt, tempfile
>>> from decimal import Decimal
>>> from pathlib import Path
>>> from branchkit.ledger import EntryKind, Ledger, NewEntry
>>> folder = tempfile.TemporaryDirectory()
>>> clock = lambda: dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
>>> with Ledger.open(Path(folder.name) / "branch.ledger", create=True, clock=clock) as ledger:
...     entry = ledger.append(NewEntry(
...         kind=EntryKind.POINTS, candidate="2021001", effective=dt.date(2024, 2, 28),
...         subject="study", value=Decimal(3), reason="ideological report",
...         source="api:example", actor="organiser"))
...     again = ledger.append(NewEntry(
...         kind=EntryKind.POINTS, candidate="2021001", effective=dt.date(2024, 2, 28),
...         subject="study", value=Decimal(3), reason="ideological report",
...         source="api:example", actor="organiser"))
...     print(entry.seq, again.seq, ledger.verify().ok, ledger.head().seq)
1 1 True 1
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import itertools
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path as FilePath
from types import TracebackType

import attrs

from branchkit.errors import LedgerConflictError, LedgerError, LedgerIntegrityError
from branchkit.ledger.entries import (
    GENESIS,
    Entry,
    EntryKind,
    NewEntry,
    StoredContent,
    chain_hash,
    derive_key,
    encode_value,
    format_recorded,
    next_hash,
)
from branchkit.ledger.schema import CANDIDATE_INDEX, ENTRY_COLUMNS, migrate
from branchkit.mechanisms.staging.facts import FactValue

__all__ = [
    "Appended",
    "Clock",
    "Head",
    "Ledger",
    "StoredRow",
    "Verification",
    "utc_now",
    "without_cycle_collection",
]

#: Gives the time to record entries at: an aware date and time.
Clock = Callable[[], dt.datetime]

#: An entry's columns as the fold of :mod:`branchkit.ledger.queries` reads them: sequence
#: number, kind, candidate, effective date, subject, value type, value, corrected entry.
StoredRow = tuple[int, str, str, str, str, str, str | None, int | None]

_COLUMNS = ", ".join(ENTRY_COLUMNS)
_INSERT = f"INSERT INTO entries ({_COLUMNS}) VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})"
_FOLD_COLUMNS = "seq, kind, candidate, effective, subject, value_type, value, corrects"
# A batch of at least this many entries, and at least as many as the ledger holds, rebuilds the
# candidate index instead of extending it.
_REBUILD_AT = 10_000
# Keys are looked up in chunks, below SQLite's limit on bound parameters.
_CHUNK = 500
# The content columns of a stored entry, with the key of the entry it corrects.
_CONTENT = (
    "e.kind, e.candidate, e.effective, e.subject, e.value_type, e.value, o.entry_key, "
    "e.reason, e.source"
)


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector for a bulk write; restore it afterwards.

    A batch of a million entries allocates millions of objects that hold no cycles; the
    collector would walk them over and over, for nothing, and take a seventh of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def utc_now() -> dt.datetime:
    """The current time in UTC: the default clock."""
    return dt.datetime.now(dt.UTC)


@attrs.frozen(kw_only=True)
class Head:
    """The end of the hash chain: the last entry's sequence number and hash.

    Printed on every report made from the ledger, it pins the report to the entries it read:
    the same head means the same entries, byte for byte.

    :param seq: the last entry's sequence number; 0 for an empty ledger.
    :param hash: its hash; :data:`~branchkit.ledger.entries.GENESIS` for an empty ledger.
    """

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"


@attrs.frozen(kw_only=True)
class Appended:
    """What recording a batch did.

    :param added: how many entries were recorded.
    :param unchanged: how many were already recorded (same key, same content).
    :param head: the chain's head afterwards.
    """

    added: int
    unchanged: int
    head: Head


@attrs.frozen(kw_only=True)
class Verification:
    """The outcome of recomputing the hash chain.

    :param ok: whether every entry matches its hash and none is missing.
    :param checked: how many entries were checked before the first that does not match.
    :param head: the head of the chain as stored.
    :param first_bad: the sequence number of the first entry that does not match, if any.
    :param problem: what is wrong with it, in words, if anything.
    """

    ok: bool
    checked: int
    head: Head
    first_bad: int | None = None
    problem: str | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"ledger verified: {self.checked} entries, head {self.head}"
        return f"ledger NOT verified: {self.problem}"


# A new entry with its stored content and its key.
_Prepared = tuple[NewEntry, StoredContent, str]


def _fits(kind: str, value_type: str) -> bool:
    """Whether a correction's value type fits the kind of the entry it corrects."""
    if value_type == "none":
        return True
    if kind == "points":
        return value_type == "decimal"  # Ledger.correct makes a whole amount a decimal
    if kind == "fact":
        return True
    return value_type == "text"


class Ledger:
    """A ledger file, open. Use :meth:`open`, preferably in a ``with`` block.

    A ledger object belongs to the thread that opened it; other processes open the file
    themselves.
    """

    def __init__(self, connection: sqlite3.Connection, source: str, clock: Clock) -> None:
        self._connection = connection
        self._source = source
        self._clock = clock

    # --- opening and closing -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = False,
        clock: Clock = utc_now,
        busy_timeout: float = 60.0,
        quick_check: bool = True,
    ) -> Ledger:
        """Open the ledger file at ``path``, checked and migrated.

        :param path: the file.
        :param create: whether to create it when it does not exist.
        :param clock: gives the recorded time of new entries; the current UTC time unless
            given (tests give a fixed one).
        :param busy_timeout: how long to wait, in seconds, while another process writes.
        :param quick_check: whether to run SQLite's quick check; only to examine a damaged
            file, whose entries :meth:`verify` can still name.
        :raises LedgerError: when the file does not exist (and ``create`` is false), is not a
            ledger, or cannot be put in write-ahead-log mode.
        :raises LedgerIntegrityError: when SQLite's quick check fails or foreign keys cannot
            be switched on.
        """
        file = FilePath(path)
        source = str(file)
        if not create and not file.exists():
            raise LedgerError(f"{source}: no such ledger (create it first)")
        deadline = time.monotonic() + busy_timeout
        for attempt in itertools.count(1):
            try:
                connection = sqlite3.connect(file, timeout=busy_timeout, isolation_level=None)
            except sqlite3.Error as error:
                raise LedgerError(f"{source}: cannot open: {error}") from None
            try:
                _configure(connection, source, busy_timeout, quick_check=quick_check)
                migrate(connection, applied_at=format_recorded(clock()), source=source)
            except sqlite3.OperationalError as error:
                connection.close()
                # Switching a new file to a write-ahead log, while another process opens it
                # too, can be refused at once rather than waited for (SQLite does not wait
                # where waiting could deadlock): try again until the busy timeout is over.
                if _is_busy(error) and time.monotonic() < deadline:
                    time.sleep(min(0.01 * attempt, 0.2))
                    continue
                raise LedgerError(f"{source}: cannot use as a ledger: {error}") from None
            except sqlite3.DatabaseError as error:
                connection.close()
                raise LedgerError(f"{source}: cannot use as a ledger: {error}") from None
            except BaseException:
                connection.close()
                raise
            return cls(connection, source, clock)
        raise AssertionError("unreachable")  # itertools.count never ends

    def close(self) -> None:
        """Close the file."""
        self._connection.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Ledger {self._source}>"

    @property
    def source(self) -> str:
        """The ledger file, as errors name it."""
        return self._source

    # --- reading -----------------------------------------------------------------------------

    def head(self, known_at: dt.datetime | None = None) -> Head:
        """The head of the chain: its last entry, or the last recorded by ``known_at``.

        :param known_at: a time; the head as it was then. The current head when not given.
        """
        execute = self._connection.execute
        row = execute(
            "SELECT seq, hash, recorded_at FROM entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return Head(seq=0, hash=GENESIS)
        if known_at is not None:
            # Recorded times never go back along the chain: search it by halves.
            moment = format_recorded(known_at)
            low, high = 0, int(row[0])  # the answer is in low..high; entry #0 is the genesis
            while low < high:
                middle = (low + high + 1) // 2
                found = execute(
                    "SELECT recorded_at FROM entries WHERE seq >= ? ORDER BY seq LIMIT 1",
                    (middle,),
                ).fetchone()
                if found[0] <= moment:
                    low = middle
                else:
                    high = middle - 1
            if low == 0:
                return Head(seq=0, hash=GENESIS)
            row = execute(
                "SELECT seq, hash FROM entries WHERE seq <= ? ORDER BY seq DESC LIMIT 1", (low,)
            ).fetchone()
        return Head(seq=row[0], hash=row[1])

    def __len__(self) -> int:
        (count,) = self._connection.execute("SELECT count(*) FROM entries").fetchone()
        return int(count)

    def entry(self, ref: int | str) -> Entry | None:
        """The entry with sequence number ``ref`` (an int) or key ``ref`` (text), if any.

        :param ref: a sequence number or a key.
        """
        column = "seq" if isinstance(ref, int) else "entry_key"
        row = self._connection.execute(
            f"SELECT {_COLUMNS} FROM entries WHERE {column} = ?", (ref,)
        ).fetchone()
        return None if row is None else Entry.from_row(row)

    def entries(
        self, *, candidate: str | None = None, known_at: dt.datetime | None = None
    ) -> Iterator[Entry]:
        """The entries in sequence order: all, or one candidate's; those recorded by a time.

        :param candidate: a candidate's id, to read only their entries.
        :param known_at: a time; only entries recorded by then.
        """
        where, parameters = _filters(candidate, known_at)
        cursor = self._connection.execute(
            f"SELECT {_COLUMNS} FROM entries{where} ORDER BY seq", parameters
        )
        for row in cursor:
            yield Entry.from_row(row)

    def stored_rows(
        self, *, candidate: str | None = None, known_at: dt.datetime | None = None
    ) -> list[StoredRow]:
        """The entries in sequence order as the columns queries fold (:data:`StoredRow`).

        The fast path of :mod:`branchkit.ledger.queries`: no records are built.

        :param candidate: a candidate's id, to read only their entries.
        :param known_at: a time; only entries recorded by then.
        """
        where, parameters = _filters(candidate, known_at)
        return self._connection.execute(
            f"SELECT {_FOLD_COLUMNS} FROM entries{where} ORDER BY seq", parameters
        ).fetchall()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Ledger]:
        """Read in one transaction: every read inside sees the same entries.

        Entries other processes record meanwhile are not seen until the block ends, so a head
        read inside names exactly the entries the other reads fold.
        """
        connection = self._connection
        connection.execute("BEGIN DEFERRED")
        try:
            yield self
        finally:
            if connection.in_transaction:
                connection.execute("COMMIT")

    # --- writing -----------------------------------------------------------------------------

    def append(self, entry: NewEntry) -> Entry:
        """Record one entry; the entry as stored (the earlier one, if it was recorded before).

        :param entry: the entry.
        :raises LedgerConflictError: when its key is recorded with other content.
        :raises LedgerError: when it corrects an entry that does not exist or cannot be
            corrected so.
        """
        self.append_many([entry])
        key = entry.key if entry.key is not None else self._derived_key(entry)
        stored = self.entry(key)
        assert stored is not None
        return stored

    def append_many(self, entries: Iterable[NewEntry]) -> Appended:
        """Record a batch of entries in one transaction: all of them, or none.

        An entry whose key is already recorded with the same content (or given earlier in the
        batch) is left out; one whose key is recorded with other content stops the batch.

        :param entries: the entries, in the order to record them.
        :raises LedgerConflictError: naming every key used for other content, both sides.
        :raises LedgerError: naming every correction of an entry that does not exist, is a
            correction itself, or is about another candidate or subject.
        """
        with without_cycle_collection(), self._writing() as connection:
            previous = connection.execute(
                "SELECT seq, hash, recorded_at FROM entries ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            seq, last_hash, last_time = previous if previous is not None else (0, GENESIS, "")
            # A clock that steps back records the previous time, so that the entries recorded
            # by any moment are a prefix of the chain.
            recorded_at = max(format_recorded(self._clock()), last_time)
            prepared = self._prepare(entries)
            hashed, unchanged = self._new_rows(
                prepared, seq, last_hash, recorded_at, empty=previous is None
            )
            if hashed:
                last_hash = str(hashed[-1][-1])
            # Sorting a large batch into the candidate index afterwards is faster than inserting
            # it entry by entry; both happen inside the transaction, so a crash loses neither.
            rebuild = len(hashed) >= max(_REBUILD_AT, seq)
            if rebuild:
                connection.execute("DROP INDEX entries_by_candidate")
            connection.executemany(_INSERT, hashed)
            if rebuild:
                connection.execute(CANDIDATE_INDEX)
            head = Head(seq=seq + len(hashed), hash=last_hash)
        return Appended(added=len(hashed), unchanged=unchanged, head=head)

    def correct(
        self,
        original: int | str | Entry,
        *,
        value: FactValue | None,
        reason: str,
        actor: str,
        source: str,
        effective: dt.date | None = None,
        key: str | None = None,
    ) -> Entry:
        """Record a correction of an entry: its new value (and day), or ``None`` to void it.

        :param original: the entry to correct: itself, its sequence number or its key.
        :param value: the value it should have had; ``None`` to void it.
        :param reason: why it is corrected.
        :param actor: who corrects it.
        :param source: where the correction comes from.
        :param effective: the day it should have taken effect; its own day when not given.
        :param key: the correction's idempotency key, if the caller has one.
        :raises LedgerError: when the entry does not exist or is a correction itself.
        """
        target = original if isinstance(original, Entry) else self.entry(original)
        if target is None:
            raise LedgerError(f"{self._source}: no entry {original!r} to correct")
        if target.kind is EntryKind.POINTS and type(value) is int:
            value = Decimal(value)
        return self.append(
            NewEntry(
                kind=EntryKind.CORRECTION,
                candidate=target.candidate,
                effective=target.effective if effective is None else effective,
                subject=target.subject,
                value=value,
                reason=reason,
                source=source,
                actor=actor,
                key=key,
                corrects=target.key,
            )
        )

    # --- checking and copying ----------------------------------------------------------------

    def verify(self, *, known_heads: Iterable[Head] = ()) -> Verification:
        """Recompute the hash chain and name the first entry that does not match.

        An entry that was changed does not match its hash; one that was removed leaves a gap
        in the sequence numbers, named as missing. Removing the *last* entries leaves a shorter
        chain that matches by itself: give the heads printed on earlier reports, and each must
        still be in the chain.

        :param known_heads: heads printed earlier (on reports, exports, backups).
        """
        try:
            verification = self._verify(fast=True)
        except sqlite3.Error:
            # SQLite's JSON refuses a value no entry can hold (a BLOB written by hand): the
            # slow path names the entry.
            verification = self._verify(fast=False)
        if not verification.ok:
            return verification
        for head in sorted(known_heads, key=lambda head: head.seq):
            if head.seq == 0:
                continue
            row = self._connection.execute(
                "SELECT hash FROM entries WHERE seq = ?", (head.seq,)
            ).fetchone()
            if row is None or row[0] != head.hash:
                problem = (
                    f"the head {head} printed earlier is not in the chain: entries up to "
                    f"#{head.seq} were removed or rewritten"
                )
                return self._failed(verification.checked, head.seq, problem)
        return verification

    def _verify(self, *, fast: bool) -> Verification:
        previous = GENESIS
        expected = 1
        # The canonical encoding is a JSON array; SQLite's json_array writes the same text as
        # Python's encoder, three times faster. Should they ever differ for an entry, the
        # entry's own columns, encoded by Python, decide.
        columns = f"json_array({', '.join(ENTRY_COLUMNS[:-1])})" if fast else "NULL"
        cursor = self._connection.execute(f"SELECT seq, hash, {columns} FROM entries ORDER BY seq")
        sha256 = hashlib.sha256
        for seq, stored, text in cursor:
            if seq != expected:
                cursor.close()
                missing = expected if seq > expected else seq
                problem = (
                    f"entry #{missing} is missing (the entry before #{seq} is #{expected - 1})"
                )
                return self._failed(expected - 1, missing, problem)
            if (
                text is None or sha256(f'["{previous}",{text[1:]}'.encode()).hexdigest() != stored
            ) and not self._matches(seq, previous):
                cursor.close()
                key = self._connection.execute(
                    "SELECT entry_key FROM entries WHERE seq = ?", (seq,)
                ).fetchone()[0]
                problem = (
                    f"entry #{seq} (key {key!r}) does not match its hash: it was changed after "
                    "it was recorded"
                )
                return self._failed(expected - 1, seq, problem)
            previous = stored
            expected += 1
        return Verification(
            ok=True, checked=expected - 1, head=Head(seq=expected - 1, hash=previous)
        )

    def _matches(self, seq: int, previous: str) -> bool:
        """Whether entry ``seq``, encoded by Python, matches its stored hash."""
        row = self._connection.execute(
            f"SELECT {_COLUMNS} FROM entries WHERE seq = ?", (seq,)
        ).fetchone()
        try:
            return bool(chain_hash(previous, row[:-1]) == row[-1])
        except (TypeError, ValueError):  # a value of a type no entry has
            return False

    def _failed(self, checked: int, seq: int, problem: str) -> Verification:
        return Verification(
            ok=False,
            checked=checked,
            head=self.head(),
            first_bad=seq,
            problem=f"{self._source}: {problem}",
        )

    def integrity_check(self) -> tuple[str, ...]:
        """SQLite's full ``integrity_check``: ``("ok",)`` for a sound file, else its findings."""
        return tuple(row[0] for row in self._connection.execute("PRAGMA integrity_check"))

    def backup(self, target: str | os.PathLike[str]) -> Verification:
        """Copy the ledger to a new file with SQLite's online backup; the copy's verification.

        The copy is consistent even while other processes write: it holds the entries
        committed when it was taken.

        :param target: the new file; it must not exist.
        :raises LedgerError: when it exists.
        """
        file = FilePath(target)
        if file.exists():
            raise LedgerError(f"{file}: already exists; a backup never overwrites a file")
        copy = sqlite3.connect(file)
        try:
            self._connection.backup(copy)
        finally:
            copy.close()
        with Ledger.open(file, clock=self._clock) as opened:
            return opened.verify()

    # --- the parts of a write ----------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _derived_key(self, entry: NewEntry) -> str:
        (kind, effective, value_type, value) = _encode(entry)
        corrects = entry.corrects
        if isinstance(corrects, int):
            target = self.entry(corrects)
            corrects = None if target is None else target.key
        return derive_key(
            (kind, entry.candidate, effective, entry.subject, value_type, value, corrects,
             entry.reason, entry.source)
        )  # fmt: skip

    def _prepare(self, entries: Iterable[NewEntry]) -> list[_Prepared]:
        """Each entry with its content and key; corrections name the key of their target."""
        prepared: list[_Prepared] = []
        problems: list[str] = []
        for entry in entries:
            kind, effective, value_type, value = _encode(entry)
            corrects = entry.corrects
            if isinstance(corrects, int):
                row = self._connection.execute(
                    "SELECT entry_key FROM entries WHERE seq = ?", (corrects,)
                ).fetchone()
                if row is None:
                    problems.append(
                        f"{entry.source}: corrects entry #{corrects}, which does not exist"
                    )
                    continue
                corrects = str(row[0])
            content: StoredContent = (
                kind, entry.candidate, effective, entry.subject, value_type, value, corrects,
                entry.reason, entry.source,
            )  # fmt: skip
            key = entry.key if entry.key is not None else derive_key(content)
            prepared.append((entry, content, key))
        if problems:
            raise LedgerError("\n".join(problems))
        return prepared

    def _stored_contents(self, keys: Iterable[str]) -> dict[str, tuple[int, StoredContent]]:
        found: dict[str, tuple[int, StoredContent]] = {}
        chunk: list[str] = []

        def look_up() -> None:
            marks = ", ".join("?" * len(chunk))
            for seq, key, *content in self._connection.execute(
                f"SELECT e.seq, e.entry_key, {_CONTENT} FROM entries AS e "
                f"LEFT JOIN entries AS o ON o.seq = e.corrects WHERE e.entry_key IN ({marks})",
                chunk,
            ):
                found[key] = (seq, tuple(content))
            chunk.clear()

        for key in keys:
            chunk.append(key)
            if len(chunk) == _CHUNK:
                look_up()
        if chunk:
            look_up()
        return found

    def _new_rows(
        self,
        prepared: Sequence[_Prepared],
        seq: int,
        last_hash: str,
        recorded_at: str,
        *,
        empty: bool,
    ) -> tuple[list[tuple[object, ...]], int]:
        """The rows to insert, hashed, and how many entries were already recorded."""
        stored = {} if empty else self._stored_contents(key for _, _, key in prepared)
        batch: dict[str, tuple[int, _Prepared]] = {}
        rows: list[tuple[object, ...]] = []
        conflicts: list[str] = []
        problems: list[str] = []
        unchanged = 0
        for item in prepared:
            entry, content, key = item
            given = batch.get(key)
            if given is not None:
                first = given[1]
                if first[1] != content:
                    where = f"{first[0].source} (given first)"
                    conflicts.append(_conflict(key, where, first[1], item))
                unchanged += 1
                continue
            if stored and key in stored:
                stored_seq, stored_content = stored[key]
                if stored_content != content:
                    conflicts.append(_conflict(key, f"entry #{stored_seq}", stored_content, item))
                unchanged += 1
                continue
            corrects: int | None = None
            if content[6] is not None:
                corrects, problem = self._resolve_correction(item, batch)
                if problem is not None:
                    problems.append(problem)
                    continue
            seq += 1
            batch[key] = (seq, item)
            row = (seq, key, *content[:6], corrects, entry.actor, entry.reason, entry.source,
                   recorded_at)  # fmt: skip
            last_hash = next_hash(last_hash, row)
            rows.append((*row, last_hash))
        if conflicts:
            raise LedgerConflictError(conflicts)
        if problems:
            raise LedgerError("\n".join(problems))
        return rows, unchanged

    def _resolve_correction(
        self, item: _Prepared, batch: dict[str, tuple[int, _Prepared]]
    ) -> tuple[int | None, str | None]:
        """The sequence number of the corrected entry, or the problem with it."""
        entry, content, _ = item
        target_key = content[6]
        assert target_key is not None
        if target_key in batch:
            seq, original = batch[target_key]
            kind, candidate, _, subject = original[1][:4]
        else:
            row = self._connection.execute(
                "SELECT seq, kind, candidate, subject FROM entries WHERE entry_key = ?",
                (target_key,),
            ).fetchone()
            if row is None:
                return None, f"{entry.source}: corrects {target_key!r}, which does not exist"
            seq, kind, candidate, subject = row
        where = f"{entry.source}: the correction of entry #{seq}"
        if kind == "correction":
            return None, f"{where} corrects a correction; correct the original entry"
        if (candidate, subject) != (content[1], content[3]):
            return None, f"{where} names another candidate or subject than it has"
        if not _fits(kind, content[4]):
            return None, f"{where} gives a {content[4]} value for a {kind} entry"
        return seq, None


def _encode(entry: NewEntry) -> tuple[str, str, str, str | None]:
    """The kind, effective date, value type and value text of an entry, as stored."""
    value, kind = entry.value, entry.kind
    if type(value) is int and kind is EntryKind.POINTS:
        value = Decimal(value)  # points are decimals, whole or not
    value_type, text = encode_value(value)
    return kind.value, entry.effective.isoformat(), value_type, text


def _conflict(key: str, first: str, content: StoredContent, item: _Prepared) -> str:
    names = ("kind", "candidate", "effective date", "subject", "value type", "value",
             "corrected entry", "reason", "source")  # fmt: skip
    differ = ", ".join(name for name, a, b in zip(names, content, item[1], strict=True) if a != b)
    return f"key {key!r}: {first} and {item[0].source} differ in {differ}"


def _filters(candidate: str | None, known_at: dt.datetime | None) -> tuple[str, tuple[str, ...]]:
    clauses: list[str] = []
    parameters: list[str] = []
    if candidate is not None:
        clauses.append("candidate = ?")
        parameters.append(candidate)
    if known_at is not None:
        clauses.append("recorded_at <= ?")
        parameters.append(format_recorded(known_at))
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return where, tuple(parameters)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether ``error`` says another connection holds the lock it needed."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def _configure(
    connection: sqlite3.Connection, source: str, busy_timeout: float, *, quick_check: bool
) -> None:
    """Set and read back the settings a ledger relies on; run the quick check."""
    connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    # Not inside a transaction: SQLite ignores foreign_keys there, so it is read back.
    connection.execute("PRAGMA foreign_keys = ON")
    if connection.execute("PRAGMA foreign_keys").fetchone() != (1,):
        raise LedgerIntegrityError(source, ["foreign keys could not be switched on"])
    (mode,) = connection.execute("PRAGMA journal_mode = WAL").fetchone()
    if str(mode).lower() != "wal":
        raise LedgerError(
            f"{source}: cannot use a write-ahead log (journal mode {mode}); "
            "keep the ledger on a local disk, not on a network share"
        )
    connection.execute("PRAGMA synchronous = FULL")
    if connection.execute("PRAGMA synchronous").fetchone() != (2,):
        raise LedgerIntegrityError(source, ["synchronous = FULL could not be set"])
    # 64 MiB of page cache: a large import touches the key index all over.
    connection.execute("PRAGMA cache_size = -65536")
    if not quick_check:
        return
    findings = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    if findings != ["ok"]:
        raise LedgerIntegrityError(source, findings)
