"""Tampering with any stored entry, by raw SQL, is found by verify, which names the entry."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from branchkit.errors import LedgerIntegrityError
from branchkit.ledger import EntryKind, Ledger, NewEntry
from branchkit.ledger.schema import ENTRY_COLUMNS

T0 = dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)
COUNT = 12
TAMPERED = 7  # an entry in the middle, with entries after it


def clock() -> dt.datetime:
    return T0


def entries() -> list[NewEntry]:
    made = [
        NewEntry(
            kind=EntryKind.POINTS,
            candidate=f"2021{n % 4:03d}",
            effective=dt.date(2024, 1, 1) + dt.timedelta(days=n),
            subject="study",
            value=Decimal(n),
            reason="思想汇报",
            source=f"points.csv row {n + 2}",
            actor="组织委员",
            key=f"k{n}",
        )
        for n in range(COUNT - 1)
    ]
    made.insert(
        TAMPERED - 1,
        NewEntry(
            kind=EntryKind.CORRECTION,
            candidate="2021000",
            effective=dt.date(2024, 1, 1),
            subject="study",
            value=Decimal(5),
            reason="typo",
            source="desk",
            actor="secretary",
            key="fix",
            corrects="k0",
        ),
    )
    return made


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "branch.ledger"
    with Ledger.open(file, create=True, clock=clock) as ledger:
        ledger.append_many(entries())
        assert ledger.entry(TAMPERED) is not None
        assert ledger.entry(TAMPERED).kind is EntryKind.CORRECTION  # type: ignore[union-attr]
    return file


def tamper(path: Path, statement: str, *parameters: object) -> None:
    """Change the file behind the ledger's back, as someone with the file could."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.execute("DROP TRIGGER entries_no_update")
    raw.execute("DROP TRIGGER entries_no_delete")
    raw.execute(statement, parameters)
    raw.commit()
    raw.close()


def changed(value: object) -> object:
    """A value of the same type that differs in one byte (or a value where there was none)."""
    if value is None:
        return "x"
    if isinstance(value, int):
        return value + 1000 if value else 1
    assert isinstance(value, str)
    flipped = chr(ord(value[-1]) ^ 1)
    return value[:-1] + flipped


def verify_names(path: Path, seq: int) -> str:
    # A broken CHECK constraint fails SQLite's quick check on opening; the chain still names
    # the entry.
    with Ledger.open(path, quick_check=False) as ledger:
        verification = ledger.verify()
    assert not verification.ok
    assert verification.first_bad == seq
    assert verification.problem is not None
    assert f"entry #{seq}" in verification.problem
    return verification.problem


def test_the_untouched_ledger_verifies(path: Path) -> None:
    with Ledger.open(path) as ledger:
        assert ledger.verify().ok


@pytest.mark.parametrize("column", [c for c in ENTRY_COLUMNS if c != "seq"])
def test_a_changed_byte_in_any_column_is_named(path: Path, column: str) -> None:
    raw = sqlite3.connect(path)
    (value,) = raw.execute(f"SELECT {column} FROM entries WHERE seq = ?", (TAMPERED,)).fetchone()
    raw.close()
    new = changed(value)
    if column == "corrects":
        new = 2  # another entry that exists, so the foreign key still holds
    tamper(path, f"UPDATE entries SET {column} = ? WHERE seq = ?", new, TAMPERED)
    verify_names(path, TAMPERED)


@pytest.mark.parametrize("column", ["value", "corrects"])
def test_a_value_removed_is_named(path: Path, column: str) -> None:
    tamper(path, f"UPDATE entries SET {column} = NULL WHERE seq = ?", TAMPERED)
    verify_names(path, TAMPERED)


def test_a_changed_sequence_number_is_named_as_missing(path: Path) -> None:
    tamper(path, "UPDATE entries SET seq = 1000 WHERE seq = ?", TAMPERED)
    assert "is missing" in verify_names(path, TAMPERED)


def test_a_deleted_entry_is_named_as_missing(path: Path) -> None:
    tamper(path, "DELETE FROM entries WHERE seq = ?", 3)
    verify_names(path, 3)


def test_a_rewritten_entry_with_a_recomputed_hash_breaks_the_next_link(path: Path) -> None:
    """Recomputing the changed entry's own hash is not enough: the next entry names it."""
    from branchkit.ledger.entries import chain_hash

    raw = sqlite3.connect(path)
    (previous,) = raw.execute("SELECT hash FROM entries WHERE seq = ?", (TAMPERED - 1,)).fetchone()
    row = raw.execute(
        f"SELECT {', '.join(ENTRY_COLUMNS[:-1])} FROM entries WHERE seq = ?", (TAMPERED,)
    ).fetchone()
    raw.close()
    forged = (*row[:7], "500", *row[8:])
    tamper(
        path,
        "UPDATE entries SET value = '500', hash = ? WHERE seq = ?",
        chain_hash(previous, forged),
        TAMPERED,
    )
    verify_names(path, TAMPERED + 1)


def test_a_value_of_a_foreign_type_is_named(path: Path) -> None:
    """A blob where text belongs (written around the STRICT table) is named, not a crash."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, ') STRICT', ')') WHERE name = 'entries'"
    )
    raw.commit()
    raw.close()
    tamper(path, "UPDATE entries SET reason = ? WHERE seq = ?", b"\x00\x01", TAMPERED)
    verify_names(path, TAMPERED)


def test_a_broken_constraint_also_fails_the_quick_check_on_opening(path: Path) -> None:
    tamper(path, "UPDATE entries SET kind = 'bonus' WHERE seq = ?", TAMPERED)
    with pytest.raises(LedgerIntegrityError, match="CHECK constraint failed"):
        Ledger.open(path)


def test_every_byte_of_one_entry(path: Path) -> None:
    """Each byte of each text column of an entry, flipped in turn, is found."""
    raw = sqlite3.connect(path)
    row = raw.execute(
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE seq = ?", (TAMPERED,)
    ).fetchone()
    raw.close()
    original = path.read_bytes()
    for column, value in zip(ENTRY_COLUMNS, row, strict=True):
        if not isinstance(value, str):
            continue
        data = value.encode()
        for index in range(len(data)):
            flipped = data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]
            text = flipped.decode("utf-8", errors="surrogateescape")
            if text == value or "\udc80" <= max(text) <= "\udcff":
                continue  # not valid UTF-8 after the flip: SQLite text cannot hold it
            tamper(path, f"UPDATE entries SET {column} = ? WHERE seq = ?", text, TAMPERED)
            verify_names(path, TAMPERED)
            path.write_bytes(original)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_removing_the_last_entries_is_found_against_an_earlier_head(path: Path) -> None:
    with Ledger.open(path) as ledger:
        printed = ledger.head()
    tamper(path, "DELETE FROM entries WHERE seq >= ?", COUNT - 1)
    with Ledger.open(path) as ledger:
        assert ledger.verify().ok  # the shorter chain matches by itself
        assert ledger.verify(known_heads=[ledger.head()]).ok
        verification = ledger.verify(known_heads=[printed])
    assert not verification.ok
    assert verification.first_bad == COUNT
    assert f"the head #{COUNT} " in str(verification.problem)
