"""The ledger's tables, and the migrations that create and update them.

The schema is an ordered list of :class:`Migration` steps, each with its version. A ledger
file records every step applied to it in ``schema_version`` (and the latest version in
``PRAGMA user_version``); opening a file applies the steps it lacks, in one transaction, and
refuses a file made by a newer branchkit. Every table is ``STRICT``: SQLite refuses a value
of the wrong type instead of storing it anyway.

Entries are append-only twice over: triggers abort any ``UPDATE`` or ``DELETE`` of an entry,
and the hash chain shows any change made around them (:mod:`branchkit.ledger.entries`).

>>> [(step.version, step.description) for step in MIGRATIONS]
[(1, 'entries with a hash chain')]
"""

from __future__ import annotations

import sqlite3

import attrs

from branchkit.errors import LedgerError

__all__ = [
    "APPLICATION_ID",
    "ENTRY_COLUMNS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Migration",
    "migrate",
]

#: Marks a SQLite file as a branchkit ledger (``PRAGMA application_id``; "BKLG" in ASCII).
APPLICATION_ID = 0x424B4C47

#: The columns of the entries table, in the order rows are read, written and hashed.
ENTRY_COLUMNS = (
    "seq",
    "entry_key",
    "kind",
    "candidate",
    "effective",
    "subject",
    "value_type",
    "value",
    "corrects",
    "actor",
    "reason",
    "source",
    "recorded_at",
    "hash",
)


@attrs.frozen(kw_only=True)
class Migration:
    """One step of the schema.

    :param version: the version the step brings a file to; steps are numbered 1, 2, ...
    :param description: what it does, in words.
    :param statements: the SQL it runs, in order.
    """

    version: int
    description: str
    statements: tuple[str, ...]


#: A candidate's entries in sequence order (an index keeps rowids in order). A large batch
#: drops and rebuilds it in its transaction (:meth:`~branchkit.ledger.store.Ledger.append_many`).
CANDIDATE_INDEX = "CREATE INDEX entries_by_candidate ON entries (candidate)"

_KINDS = ("points", "fact", "event", "stage", "profile", "decision", "correction")
_VALUE_TYPES = ("none", "text", "integer", "decimal", "boolean", "date", "ids")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    # Comparisons joined by OR: SQLite checks "IN (list)" three times slower on every insert.
    return " OR ".join(f"{column} = '{value}'" for value in values)


_APPEND_ONLY = "ledger entries are append-only: record a correction instead"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="entries with a hash chain",
        statements=(
            f"""
            CREATE TABLE entries (
                seq INTEGER PRIMARY KEY CHECK (seq > 0),
                entry_key TEXT NOT NULL UNIQUE CHECK (length(entry_key) > 0),
                kind TEXT NOT NULL CHECK ({_one_of("kind", _KINDS)}),
                candidate TEXT NOT NULL CHECK (length(candidate) > 0),
                effective TEXT NOT NULL
                    CHECK (effective GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                subject TEXT NOT NULL,
                value_type TEXT NOT NULL CHECK ({_one_of("value_type", _VALUE_TYPES)}),
                value TEXT,
                corrects INTEGER REFERENCES entries (seq),
                actor TEXT NOT NULL,
                reason TEXT NOT NULL,
                source TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                hash TEXT NOT NULL CHECK (length(hash) = 64),
                CHECK ((kind = 'correction') = (corrects IS NOT NULL)),
                CHECK ((value_type = 'none') = (value IS NULL))
            ) STRICT
            """,
            CANDIDATE_INDEX,
            f"""
            CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
            BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END
            """,
            f"""
            CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
            BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END
            """,
        ),
    ),
)

#: The version a file has once every migration is applied.
SCHEMA_VERSION = MIGRATIONS[-1].version

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT
"""


def _version(connection: sqlite3.Connection, source: str) -> int:
    tables = {
        name for (name,) in connection.execute("SELECT name FROM sqlite_schema WHERE type='table'")
    }
    (application,) = connection.execute("PRAGMA application_id").fetchone()
    if not tables:
        return 0
    if application != APPLICATION_ID or "schema_version" not in tables:
        raise LedgerError(f"{source}: not a branchkit ledger (a SQLite file of something else)")
    (version,) = connection.execute(
        "SELECT coalesce(max(version), 0) FROM schema_version"
    ).fetchone()
    return int(version)


def migrate(connection: sqlite3.Connection, *, applied_at: str, source: str) -> int:
    """Bring a ledger file to :data:`SCHEMA_VERSION`; the version it had before.

    Runs in one ``BEGIN IMMEDIATE`` transaction, so that two processes opening a new file at
    once create its tables once.

    :param connection: a connection in autocommit mode (``isolation_level=None``).
    :param applied_at: the time to record for the steps applied.
    :param source: the file's name, for errors.
    :raises LedgerError: for a SQLite file that is not a ledger, or one made by a newer
        branchkit.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        before = _version(connection, source)
        if before > SCHEMA_VERSION:
            raise LedgerError(
                f"{source}: schema version {before} is newer than this branchkit's "
                f"({SCHEMA_VERSION}); upgrade branchkit to open it"
            )
        if before == 0:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(_VERSION_TABLE)
        for step in MIGRATIONS:
            if step.version <= before:
                continue
            for statement in step.statements:
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (step.version, step.description, applied_at),
            )
            connection.execute(f"PRAGMA user_version = {step.version}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return before
