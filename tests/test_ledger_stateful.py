"""The ledger against an in-memory model: adds, corrections, replays and as-of queries.

Invariants after every step: every balance equals the fold of the model's entries, a replay
changes nothing, and the chain verifies.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from branchkit.errors import LedgerConflictError
from branchkit.ledger import EntryKind, Ledger, NewEntry, balance, points_by_dimension

CANDIDATES = ("2021001", "2021002", "2021003")
SUBJECTS = ("study", "service")
START = dt.date(2024, 1, 1)
FAR = dt.date(2030, 1, 1)
T0 = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
AMOUNTS = st.decimals(min_value=-20, max_value=20, places=2, allow_nan=False)
DAYS = st.integers(min_value=0, max_value=90).map(lambda n: START + dt.timedelta(days=n))


@attrs.frozen
class Modelled:
    """An entry as the model keeps it."""

    seq: int
    identity: tuple[object, ...]
    content: tuple[object, ...]
    candidate: str
    subject: str
    effective: dt.date
    amount: Decimal | None
    recorded_at: dt.datetime
    corrects: int | None = None


class LedgerMachine(RuleBasedStateMachine):
    """Drives a ledger and a model side by side."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.now = T0
        self.ledger = Ledger.open(
            Path(self.folder.name) / "model.ledger", create=True, clock=lambda: self.now
        )
        self.model: list[Modelled] = []
        self.moments: list[dt.datetime] = []
        self.replayable: list[NewEntry] = []

    def teardown(self) -> None:
        self.ledger.close()
        self.folder.cleanup()

    @initialize()
    def start(self) -> None:
        assert len(self.ledger) == 0

    # --- the model ---------------------------------------------------------------------------

    def find(self, identity: tuple[object, ...]) -> Modelled | None:
        return next((m for m in self.model if m.identity == identity), None)

    def expect(self, entry: NewEntry, modelled: Modelled) -> None:
        """Append to the ledger and check the outcome the model predicts."""
        before = self.ledger.head()
        known = self.find(modelled.identity)
        if known is not None and known.content != modelled.content:
            with pytest.raises(LedgerConflictError, match=f"entry #{known.seq} "):
                self.ledger.append(entry)
            assert self.ledger.head() == before
            return
        stored = self.ledger.append(entry)
        if known is not None:
            assert stored.seq == known.seq
            assert self.ledger.head() == before
        else:
            assert stored.seq == len(self.model) + 1
            self.model.append(attrs.evolve(modelled, seq=stored.seq))
            self.replayable.append(entry)

    def fold(
        self, candidate: str, as_of: dt.date, known_at: dt.datetime | None
    ) -> dict[str, Decimal]:
        known = [m for m in self.model if known_at is None or m.recorded_at <= known_at]
        latest = {m.corrects: m for m in known if m.corrects is not None}
        totals: dict[str, Decimal] = {}
        for m in known:
            if m.corrects is not None or m.candidate != candidate:
                continue
            counted = latest.get(m.seq, m)
            if counted.amount is None or counted.effective > as_of:
                continue
            totals[m.subject] = totals.get(m.subject, Decimal(0)) + counted.amount
        return totals

    # --- rules -------------------------------------------------------------------------------

    @rule(
        candidate=st.sampled_from(CANDIDATES),
        subject=st.sampled_from(SUBJECTS),
        effective=DAYS,
        amount=AMOUNTS,
        key=st.one_of(st.none(), st.sampled_from(("k1", "k2", "k3", "k4"))),
        source=st.sampled_from(("oa", "desk")),
    )
    def add(
        self,
        *,
        candidate: str,
        subject: str,
        effective: dt.date,
        amount: Decimal,
        key: str | None,
        source: str,
    ) -> None:
        entry = NewEntry(
            kind=EntryKind.POINTS, candidate=candidate, effective=effective, subject=subject,
            value=amount, reason="report", source=source, actor="organiser", key=key,
        )  # fmt: skip
        content = ("points", candidate, effective, subject, amount.normalize(), source)
        identity = ("key", key) if key is not None else ("content", *content)
        modelled = Modelled(
            seq=0, identity=identity, content=content, candidate=candidate, subject=subject,
            effective=effective, amount=amount, recorded_at=self.now,
        )  # fmt: skip
        self.expect(entry, modelled)

    @precondition(lambda self: any(m.corrects is None for m in self.model))
    @rule(
        data=st.data(),
        amount=st.one_of(st.none(), AMOUNTS),
        effective=st.one_of(st.none(), DAYS),
    )
    def correct(
        self, data: st.DataObject, amount: Decimal | None, effective: dt.date | None
    ) -> None:
        originals = [m for m in self.model if m.corrects is None]
        target = data.draw(st.sampled_from(originals))
        day = target.effective if effective is None else effective
        value = None if amount is None else amount.normalize()
        content = ("correction", target.seq, day, value)
        known = self.find(("content", *content))
        before = self.ledger.head()
        stored = self.ledger.correct(
            target.seq, value=amount, effective=effective, reason="fix", actor="secretary",
            source="desk",
        )  # fmt: skip
        if known is not None:
            assert stored.seq == known.seq
            assert self.ledger.head() == before
            return
        assert stored.seq == len(self.model) + 1
        self.model.append(
            Modelled(
                seq=stored.seq, identity=("content", *content), content=content,
                candidate=target.candidate, subject=target.subject, effective=day,
                amount=amount, recorded_at=self.now, corrects=target.seq,
            )
        )  # fmt: skip

    @precondition(lambda self: bool(self.replayable))
    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        entry = data.draw(st.sampled_from(self.replayable))
        before = self.ledger.head()
        appended = self.ledger.append_many([entry, entry])
        assert (appended.added, appended.unchanged) == (0, 2)
        assert self.ledger.head() == before

    @rule(minutes=st.integers(min_value=0, max_value=600))
    def tick(self, minutes: int) -> None:
        self.moments.append(self.now)
        self.now += dt.timedelta(minutes=minutes)

    @rule(candidate=st.sampled_from(CANDIDATES), as_of=DAYS, data=st.data())
    def query_as_of(self, candidate: str, as_of: dt.date, data: st.DataObject) -> None:
        known_at = data.draw(st.one_of(st.none(), st.sampled_from([T0, *self.moments])))
        expected = self.fold(candidate, as_of, known_at)
        found = points_by_dimension(self.ledger, candidate, as_of=as_of, known_at=known_at)
        assert found == expected
        assert balance(self.ledger, candidate, as_of=as_of, known_at=known_at) == sum(
            expected.values(), Decimal(0)
        )
        if known_at is not None:
            count = sum(1 for m in self.model if m.recorded_at <= known_at)
            assert self.ledger.head(known_at).seq == count

    # --- invariants --------------------------------------------------------------------------

    @invariant()
    def balances_are_the_fold_of_the_entries(self) -> None:
        for candidate in CANDIDATES:
            expected = sum(self.fold(candidate, FAR, None).values(), Decimal(0))
            assert balance(self.ledger, candidate, as_of=FAR) == expected

    @invariant()
    def the_chain_verifies(self) -> None:
        verification = self.ledger.verify()
        assert verification.ok
        assert verification.checked == len(self.model) == self.ledger.head().seq


LedgerMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
TestLedger = LedgerMachine.TestCase
