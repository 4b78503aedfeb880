"""The points ledger: an embedded SQLite store that loses nothing and shows any tampering.

A points system decides who is selected, so its records must be complete, reproducible for any
past day and trustworthy (一人一档、一事一记、一步一审). The ledger keeps them in one SQLite
file per branch (or college), with no server:

* :mod:`~branchkit.ledger.entries` — what an entry is: points, facts, events, stages,
  profile fields, decisions and corrections, each with its actor, reason, source and recorded
  time; their canonical encoding, idempotency keys and hash chain;
* :mod:`~branchkit.ledger.schema` — the tables (``STRICT``, append-only by trigger) and the
  migrations that create them, with the schema version they record;
* :mod:`~branchkit.ledger.store` — :class:`Ledger`: open safely, append in ``BEGIN
  IMMEDIATE`` transactions, correct, verify the chain, back up;
* :mod:`~branchkit.ledger.queries` — balances, points, stages and facts as of any day (and as
  known at any time), and the candidates staged scoring ranks;
* :mod:`~branchkit.ledger.importing` — CSV files and Excel workbooks of entries, all or
  nothing per file, imported once however often they are given.
"""

from branchkit.ledger.entries import GENESIS, Entry, EntryKind, NewEntry
from branchkit.ledger.importing import ImportReport, entries_from_document, import_file
from branchkit.ledger.queries import (
    EventMark,
    LedgerEvaluation,
    Standing,
    balance,
    candidates_as_of,
    evaluate_from_ledger,
    events_as_of,
    points_by_dimension,
    stage_of,
    staging_inputs,
    standing,
    standings,
)
from branchkit.ledger.schema import SCHEMA_VERSION
from branchkit.ledger.store import Appended, Head, Ledger, Verification, utc_now

__all__ = [
    "GENESIS",
    "SCHEMA_VERSION",
    "Appended",
    "Entry",
    "EntryKind",
    "EventMark",
    "Head",
    "ImportReport",
    "Ledger",
    "LedgerEvaluation",
    "NewEntry",
    "Standing",
    "Verification",
    "balance",
    "candidates_as_of",
    "entries_from_document",
    "evaluate_from_ledger",
    "events_as_of",
    "import_file",
    "points_by_dimension",
    "stage_of",
    "staging_inputs",
    "standing",
    "standings",
    "utc_now",
]
