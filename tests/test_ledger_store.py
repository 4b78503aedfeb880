"""The ledger store: safe settings, append-only entries, keys, corrections, as-of queries."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from branchkit.errors import LedgerConflictError, LedgerError, LedgerIntegrityError, RecordError
from branchkit.ledger import (
    GENESIS,
    SCHEMA_VERSION,
    EntryKind,
    Ledger,
    NewEntry,
    balance,
    points_by_dimension,
    stage_of,
    standing,
    standings,
)
from branchkit.mechanisms.staging import FactValue

D = dt.date
T0 = dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)
DAY = D(2024, 2, 1)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def new(
    candidate: str = "2021001",
    subject: str = "study",
    value: FactValue | None = Decimal(3),
    *,
    kind: EntryKind = EntryKind.POINTS,
    effective: dt.date = DAY,
    reason: str = "ideological report",
    source: str = "api:test",
    actor: str = "organiser",
    key: str | None = None,
    corrects: int | str | None = None,
) -> NewEntry:
    return NewEntry(
        kind=kind, candidate=candidate, effective=effective, subject=subject, value=value,
        reason=reason, source=source, actor=actor, key=key, corrects=corrects,
    )  # fmt: skip


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(tmp_path: Path, clock: Clock) -> Iterator[Ledger]:
    with Ledger.open(tmp_path / "branch.ledger", create=True, clock=clock) as opened:
        yield opened


# --- opening ---------------------------------------------------------------------------------


def test_open_sets_and_reads_back_the_safety_settings(ledger: Ledger, tmp_path: Path) -> None:
    connection = ledger._connection
    assert connection.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA synchronous").fetchone() == (2,)
    assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    versions = connection.execute("SELECT version FROM schema_version").fetchall()
    assert versions == [(SCHEMA_VERSION,)]
    strict = connection.execute(
        "SELECT strict FROM pragma_table_list WHERE name IN ('entries', 'schema_version')"
    ).fetchall()
    assert strict == [(1,), (1,)]


def test_reopening_migrates_nothing_and_keeps_the_entries(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "branch.ledger"
    with Ledger.open(path, create=True, clock=clock) as ledger:
        ledger.append(new())
    with Ledger.open(path, clock=clock) as ledger:
        assert len(ledger) == 1
        assert ledger._connection.execute("SELECT count(*) FROM schema_version").fetchone() == (1,)


def test_a_missing_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no such ledger"):
        Ledger.open(tmp_path / "missing.ledger")
    assert not (tmp_path / "missing.ledger").exists()


def test_another_sqlite_file_is_not_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE t (x)")
    other.close()
    with pytest.raises(LedgerError, match="not a branchkit ledger"):
        Ledger.open(path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "text.ledger"
    path.write_text("not a database at all, just some text " * 50)
    with pytest.raises(LedgerError, match="cannot use as a ledger"):
        Ledger.open(path)


def test_a_newer_schema_is_refused(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "branch.ledger"
    Ledger.open(path, create=True, clock=clock).close()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO schema_version VALUES (99, 'future', '2030-01-01')")
    raw.close()
    with pytest.raises(LedgerError, match="schema version 99 is newer"):
        Ledger.open(path)


def test_a_damaged_file_fails_the_quick_check(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "branch.ledger"
    with Ledger.open(path, create=True, clock=clock) as ledger:
        ledger.append_many([new(f"2021{n:03d}", key=f"k{n}") for n in range(300)])
        ledger._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (page_size,) = ledger._connection.execute("PRAGMA page_size").fetchone()
        (root,) = ledger._connection.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'entries_by_candidate'"
        ).fetchone()
    # Scribble over the header of the candidate index's root page: an invalid page type.
    with path.open("r+b") as raw:
        raw.seek((root - 1) * page_size)
        raw.write(b"\x07" * 8)
    with pytest.raises(LedgerIntegrityError) as caught:
        Ledger.open(path)
    assert caught.value.details


# --- appending -------------------------------------------------------------------------------


def test_entries_are_numbered_chained_and_recorded_with_their_metadata(
    ledger: Ledger, clock: Clock
) -> None:
    first = ledger.append(new(reason="report 1", key="r1"))
    clock.tick(hours=1)
    second = ledger.append(new(value=Decimal("1.50"), reason="report 2", key="r2"))
    assert (first.seq, second.seq) == (1, 2)
    assert second.value == Decimal("1.5")
    assert second.recorded_at == T0 + dt.timedelta(hours=1)
    assert (second.actor, second.source, second.reason) == ("organiser", "api:test", "report 2")
    assert ledger.head().seq == 2
    assert ledger.head().hash == second.hash != first.hash
    assert ledger.head(T0) == ledger.head(T0 + dt.timedelta(minutes=59))
    assert ledger.head(T0).seq == 1
    assert ledger.head(T0 - dt.timedelta(seconds=1)).hash == GENESIS


def test_whole_amounts_of_points_are_decimals(ledger: Ledger) -> None:
    entry = ledger.append(new(value=3))
    assert entry.value == Decimal(3)
    assert type(entry.value) is Decimal


def test_every_value_type_round_trips(ledger: Ledger) -> None:
    values: list[FactValue] = ["团员", 87, Decimal("18.5"), True, D(2021, 3, 1), ("T1", "T2")]
    for number, value in enumerate(values):
        stored = ledger.append(new(subject=f"fact{number}", value=value, kind=EntryKind.FACT))
        assert stored.value == value
        assert type(stored.value) is type(value)


def test_a_repeated_key_with_the_same_content_records_nothing(ledger: Ledger, clock: Clock) -> None:
    first = ledger.append(new(key="oa-1"))
    head = ledger.head()
    clock.tick(days=1)
    # Recorded again later, by someone else: the same entry.
    again = ledger.append(new(key="oa-1", actor="secretary"))
    assert again == first
    assert ledger.head() == head
    appended = ledger.append_many([new(key="oa-1"), new(key="oa-2"), new(key="oa-2")])
    assert (appended.added, appended.unchanged) == (1, 2)


def test_without_a_key_the_content_and_source_are_the_key(ledger: Ledger) -> None:
    first = ledger.append(new())
    assert first.key.startswith("c:")
    assert ledger.append(new()) == first
    other = ledger.append(new(source="api:other"))
    assert other.seq == 2


def test_a_repeated_key_with_other_content_names_both_and_records_nothing(
    ledger: Ledger,
) -> None:
    ledger.append(new(key="oa-1", source="oa request 17"))
    with pytest.raises(LedgerConflictError) as caught:
        ledger.append_many(
            [
                new(key="oa-9"),
                new(key="oa-1", value=Decimal(4), source="oa request 18"),
            ]
        )
    message = str(caught.value)
    assert "'oa-1'" in message
    assert "entry #1" in message
    assert "oa request 18" in message
    assert "differ in value, source" in message
    assert "4" not in message.split("differ", maxsplit=1)[0].replace("oa-1", "")
    assert len(ledger) == 1  # oa-9 was not recorded either


def test_a_batch_that_repeats_a_key_with_other_content_names_both(ledger: Ledger) -> None:
    with pytest.raises(LedgerConflictError, match=r"row 1 \(given first\) and row 2"):
        ledger.append_many(
            [new(key="k", source="row 1"), new(key="k", source="row 2", value=Decimal(1))]
        )
    assert len(ledger) == 0


def test_entries_cannot_be_updated_or_deleted(ledger: Ledger) -> None:
    ledger.append(new())
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ledger._connection.execute("UPDATE entries SET value = '100'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ledger._connection.execute("DELETE FROM entries")
    assert ledger.verify().ok


def test_a_clock_that_steps_back_never_records_an_earlier_time(
    ledger: Ledger, clock: Clock
) -> None:
    ledger.append(new(key="a"))
    clock.tick(hours=-5)
    late = ledger.append(new(key="b"))
    assert late.recorded_at == T0


def test_entries_are_checked_when_made() -> None:
    with pytest.raises(RecordError) as caught:
        new(candidate=" 2021001", subject="Study Points", value=True)
    paths = {path for path, _ in caught.value.problems}
    assert paths == {("candidate",), ("subject",), ("value",)}
    with pytest.raises(RecordError, match="corrects"):
        new(kind=EntryKind.CORRECTION)
    with pytest.raises(RecordError, match="a stage entry's subject is 'stage'"):
        new(kind=EntryKind.STAGE, subject="activist", value="activist")
    with pytest.raises(RecordError, match="surrogates"):
        new(reason="bad \ud800 text")


def test_values_stay_out_of_repr() -> None:
    entry = new(kind=EntryKind.PROFILE, subject="name", value="王芳", reason="入学登记")
    assert "王芳" not in repr(entry)
    assert "入学登记" not in repr(entry)


# --- corrections -----------------------------------------------------------------------------


def test_a_correction_replaces_the_value_and_day_of_the_entry(ledger: Ledger, clock: Clock) -> None:
    wrong = ledger.append(new(value=Decimal(30), effective=D(2024, 2, 1), key="w"))
    ledger.append(new(value=Decimal(2), effective=D(2024, 2, 5), key="ok"))
    clock.tick(days=1)
    fixed = ledger.correct(
        wrong, value=3, effective=D(2024, 3, 1), reason="typo", actor="secretary", source="desk"
    )
    assert fixed.kind is EntryKind.CORRECTION
    assert fixed.corrects == wrong.seq
    assert fixed.value == Decimal(3)
    assert (fixed.candidate, fixed.subject) == (wrong.candidate, wrong.subject)
    assert balance(ledger, "2021001", as_of=D(2024, 2, 28)) == Decimal(2)
    assert balance(ledger, "2021001", as_of=D(2024, 3, 1)) == Decimal(5)
    # As known before the correction, the mistake stands.
    assert balance(ledger, "2021001", as_of=D(2024, 3, 1), known_at=T0) == Decimal(32)
    assert standing(ledger, "2021001", as_of=D(2024, 3, 1)).sources["study"] == (2, 3)
    # The original is still there, unchanged.
    assert ledger.entry(wrong.seq) == wrong


def test_the_latest_correction_wins_and_none_voids(ledger: Ledger, clock: Clock) -> None:
    entry = ledger.append(new(value=Decimal(5)))
    for value in (Decimal(4), None):
        clock.tick(minutes=1)
        ledger.correct(entry.seq, value=value, reason="fix", actor="a", source="desk")
    assert balance(ledger, "2021001", as_of=D(2024, 12, 31)) == 0
    clock.tick(minutes=1)
    ledger.correct(entry.key, value=Decimal(6), reason="fix again", actor="a", source="desk")
    assert balance(ledger, "2021001", as_of=D(2024, 12, 31)) == 6


def test_corrections_that_cannot_be_made_are_refused(ledger: Ledger) -> None:
    entry = ledger.append(new())
    fix = ledger.correct(entry, value=Decimal(1), reason="fix", actor="a", source="desk")
    with pytest.raises(LedgerError, match="corrects a correction"):
        ledger.correct(fix, value=Decimal(2), reason="fix", actor="a", source="desk")
    with pytest.raises(LedgerError, match="no entry 99"):
        ledger.correct(99, value=Decimal(2), reason="fix", actor="a", source="desk")
    with pytest.raises(LedgerError, match="another candidate or subject"):
        ledger.append(new("2021002", kind=EntryKind.CORRECTION, corrects=entry.seq))
    with pytest.raises(LedgerError, match="gives a text value for a points entry"):
        ledger.append(new(kind=EntryKind.CORRECTION, value="three", corrects=entry.key))
    with pytest.raises(LedgerError, match="#7, which does not exist"):
        ledger.append(new(kind=EntryKind.CORRECTION, corrects=7))
    assert len(ledger) == 2


def test_a_correction_may_name_an_entry_of_the_same_batch(ledger: Ledger) -> None:
    appended = ledger.append_many(
        [new(key="a"), new(kind=EntryKind.CORRECTION, value=Decimal(9), key="b", corrects="a")]
    )
    assert appended.added == 2
    assert balance(ledger, "2021001", as_of=D(2024, 2, 1)) == 9


# --- as-of queries ---------------------------------------------------------------------------


def test_balances_by_hand(ledger: Ledger, clock: Clock) -> None:
    entries = [
        new(subject="study", value=Decimal(3), effective=D(2024, 1, 10), key="1"),
        new(subject="study", value=Decimal("1.5"), effective=D(2024, 2, 10), key="2"),
        new(subject="service", value=Decimal(2), effective=D(2024, 2, 10), key="3"),
        new(subject="service", value=Decimal(-1), effective=D(2024, 3, 10), key="4"),
        new("2021002", subject="study", value=Decimal(10), effective=D(2024, 1, 1), key="5"),
    ]
    ledger.append_many(entries)
    assert balance(ledger, "2021001", as_of=D(2024, 1, 9)) == 0
    assert balance(ledger, "2021001", as_of=D(2024, 1, 10)) == 3
    assert balance(ledger, "2021001", as_of=D(2024, 2, 10)) == Decimal("6.5")
    assert balance(ledger, "2021001", as_of=D(2024, 12, 31)) == Decimal("5.5")
    assert points_by_dimension(ledger, "2021001", as_of=D(2024, 12, 31)) == {
        "service": Decimal(1),
        "study": Decimal("4.5"),
    }
    assert balance(ledger, "2021002", as_of=D(2024, 12, 31)) == 10
    assert balance(ledger, "nobody", as_of=D(2024, 12, 31)) == 0
    assert [s.candidate for s in standings(ledger, as_of=D(2024, 1, 5))] == ["2021002"]


def test_stage_facts_profile_and_decisions_take_the_latest_by_day(
    ledger: Ledger, clock: Clock
) -> None:
    stage = EntryKind.STAGE
    ledger.append_many(
        [
            new(kind=stage, subject="stage", value="activist", effective=D(2023, 9, 1)),
            # Recorded later but effective earlier: the applicant stage comes first.
            new(kind=stage, subject="stage", value="applicant", effective=D(2023, 3, 1)),
            new(kind=EntryKind.FACT, subject="exam_score", value=80, effective=D(2023, 10, 1)),
            new(kind=EntryKind.FACT, subject="exam_score", value=92, effective=D(2023, 12, 1)),
            new(kind=EntryKind.PROFILE, subject="name", value="王芳", effective=D(2023, 3, 1)),
            new(
                kind=EntryKind.PROFILE, subject="group", value="金融2001班", effective=D(2023, 3, 1)
            ),
            new(kind=EntryKind.DECISION, subject="development", value="approved"),
            new(kind=EntryKind.EVENT, subject="theme_day", value="E1", effective=D(2023, 11, 1)),
        ]
    )
    assert stage_of(ledger, "2021001", as_of=D(2023, 2, 28)) == ""
    assert stage_of(ledger, "2021001", as_of=D(2023, 6, 1)) == "applicant"
    assert stage_of(ledger, "2021001", as_of=D(2023, 9, 1)) == "activist"
    found = standing(ledger, "2021001", as_of=D(2023, 11, 15))
    assert found.facts == {"exam_score": 80}
    assert (found.name, found.group) == ("王芳", "金融2001班")
    assert [mark.event for mark in found.events] == ["E1"]
    assert found.decisions == {}
    assert "王芳" not in repr(found)
    later = standing(ledger, "2021001", as_of=D(2024, 3, 1))
    assert later.facts == {"exam_score": 92}
    assert later.decisions == {"development": "approved"}


def test_known_at_reproduces_what_was_known_then(ledger: Ledger, clock: Clock) -> None:
    ledger.append(new(value=Decimal(3), key="a"))
    known = clock.tick(days=1)
    clock.tick(days=1)
    ledger.append(new(value=Decimal(4), key="b", effective=D(2024, 1, 1)))
    assert balance(ledger, "2021001", as_of=D(2024, 6, 1)) == 7
    assert balance(ledger, "2021001", as_of=D(2024, 6, 1), known_at=known) == 3
    assert ledger.head(known).seq == 1


# --- verifying and backing up ----------------------------------------------------------------


def test_verify_and_backup(ledger: Ledger, tmp_path: Path) -> None:
    ledger.append_many([new(f"2021{n:03d}", key=f"k{n}") for n in range(50)])
    verification = ledger.verify()
    assert verification.ok
    assert verification.checked == 50
    assert verification.head == ledger.head()
    assert str(verification).startswith("ledger verified: 50 entries, head #50 ")
    copy = ledger.backup(tmp_path / "copy.ledger")
    assert copy.ok
    assert copy.head == ledger.head()
    with pytest.raises(LedgerError, match="never overwrites"):
        ledger.backup(tmp_path / "copy.ledger")
    with Ledger.open(tmp_path / "copy.ledger") as restored:
        assert list(restored.entries()) == list(ledger.entries())
    assert ledger.integrity_check() == ("ok",)


def test_entries_can_be_listed_by_candidate_and_time(ledger: Ledger, clock: Clock) -> None:
    ledger.append(new("a1", key="1"))
    clock.tick(seconds=1)
    ledger.append(new("a2", key="2"))
    assert [e.key for e in ledger.entries()] == ["1", "2"]
    assert [e.key for e in ledger.entries(candidate="a2")] == ["2"]
    assert [e.key for e in ledger.entries(known_at=T0)] == ["1"]
