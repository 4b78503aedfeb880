"""As-of queries: what the ledger says about a candidate on a day, as known at a time.

Two time axes meet in a ledger:

``as_of``
    the *effective* day: only entries that take effect on or before it count (points for a
    report handed in on 2024-03-01 count from that day, whenever they were recorded);
``known_at``
    the *recorded* time, optional: only entries the ledger had recorded by then count. A
    ranking made on 2024-07-01 from what was known then is reproduced exactly with
    ``known_at`` set to the time it was made, even after later entries and corrections;
    without it, a query sees every entry recorded so far (corrections included).

Recorded times never go back along the chain, so the entries known at a time are a prefix of
it, and :meth:`~branchkit.ledger.store.Ledger.head` with the same ``known_at`` names that
prefix: the head printed on the report.

How entries fold into a candidate's :class:`Standing`:

* a **correction** replaces the effective day and value of the entry it names (the latest
  correction wins), or voids it when its value is ``None``; corrections themselves are not
  counted otherwise;
* **points** add up per subject (a dimension's numeric fact); the balance is their sum;
* a **fact**, **stage**, **profile** field and **decision** take the value of the latest
  entry by effective day, then by sequence number;
* **events** list the events the candidate took part in.

How the ledger feeds staged scoring (:func:`candidates_as_of`, :func:`evaluate_from_ledger`):
points are recorded under the key of a **numeric fact** the scheme declares (``integer`` or
``decimal``), and the candidate's fact is the sum of their points in it as of the day. The
scheme's dimensions read that fact through their rules like any other — a
:class:`~branchkit.mechanisms.staging.rules.Scaled` rule with factor 1 counts the points as
recorded, with the dimension's cap, floor and weight — so the ledger adds no second way of
scoring. Facts recorded in the ledger are given the scheme's types; the stage, name and group
come from the stage and profile entries; event entries become
:class:`~branchkit.records.events.Event` records for the ``per_event`` rules. A subject the
scheme does not declare, or a value its type refuses, is a problem at the entry.

>>> import datetime as dt, tempfile
>>> from decimal import Decimal
>>> from pathlib import Path
>>> from branchkit.ledger import EntryKind, Ledger, NewEntry
>>> def points(amount, day, key):
...     return NewEntry(kind=EntryKind.POINTS, candidate="2021001", effective=day,
...                     subject="political", value=Decimal(amount), reason="report",
...                     source="api:example", actor="organiser", key=key)
>>> now = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
>>> folder = tempfile.TemporaryDirectory()
>>> ledger = Ledger.open(Path(folder.name) / "branch.ledger", create=True, clock=lambda: now)
>>> _ = ledger.append_many([points(3, dt.date(2024, 1, 10), "a"),
...                         points(2, dt.date(2024, 2, 20), "b")])
>>> balance(ledger, "2021001", as_of=dt.date(2024, 1, 31))
Decimal('3')
>>> now = dt.datetime(2024, 3, 5, 9, 0, tzinfo=dt.UTC)
>>> _ = ledger.correct("a", value=Decimal(1), reason="typo", actor="secretary", source="desk")
>>> balance(ledger, "2021001", as_of=dt.date(2024, 3, 1))
Decimal('3')
>>> balance(ledger, "2021001", as_of=dt.date(2024, 3, 1),
...         known_at=dt.datetime(2024, 3, 2, tzinfo=dt.UTC))
Decimal('5')
>>> standing(ledger, "2021001", as_of=dt.date(2024, 3, 1)).sources
mappingproxy({'political': (2, 3)})
>>> ledger.close(); folder.cleanup()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from branchkit.errors import InputError, Problem
from branchkit.ledger.entries import decode_value
from branchkit.ledger.store import Head, Ledger, StoredRow
from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.context import PointRuleFunction, PredicateFunction
from branchkit.mechanisms.staging.evaluate import evaluate
from branchkit.mechanisms.staging.facts import FactType, FactValue, coerce_fact
from branchkit.mechanisms.staging.results import StagingResult
from branchkit.mechanisms.staging.scheme import Scheme
from branchkit.records._checks import frozen_mapping
from branchkit.records.events import Event, Evidence
from branchkit.records.people import Person
from branchkit.records.sensitivity import IDENTIFIER, PERSONAL, redacted_repr

__all__ = [
    "EventMark",
    "LedgerEvaluation",
    "Standing",
    "balance",
    "candidates_as_of",
    "evaluate_from_ledger",
    "events_as_of",
    "fold",
    "points_by_dimension",
    "stage_of",
    "staging_inputs",
    "standing",
    "standings",
]

ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class EventMark:
    """A candidate's part in an event, as the ledger records it.

    :param event: the event's id.
    :param kind: the event kind.
    :param date: the day it took place.
    :param seq: the entry that records it.
    """

    event: str
    kind: str
    date: dt.date
    seq: int


@attrs.frozen(kw_only=True)
class Standing:
    """One candidate as the ledger has them on a day.

    :param candidate: the candidate's id.
    :param as_of: the effective day.
    :param name: their name, from their profile; personal, kept out of ``repr``.
    :param group: their group, from their profile.
    :param stage: the key of the stage they are at; empty when no stage is recorded.
    :param points: their points per subject.
    :param facts: their facts (the latest value of each); kept out of ``repr``.
    :param decisions: the branch's decisions about them, the latest per subject.
    :param events: the events they took part in, by day.
    :param sources: per subject (``stage``, ``name`` and ``group`` included), the sequence
        numbers of the entries that make the figure: every figure can be traced to its
        entries. A corrected entry is named by its correction.
    """

    candidate: str = attrs.field(metadata=IDENTIFIER)
    as_of: dt.date
    name: str = attrs.field(default="", metadata=PERSONAL, repr=False)
    group: str = ""
    stage: str = ""
    points: Mapping[str, Decimal] = attrs.field(factory=dict, converter=frozen_mapping)
    facts: Mapping[str, FactValue] = attrs.field(
        factory=dict, converter=frozen_mapping, repr=redacted_repr
    )
    decisions: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    events: tuple[EventMark, ...] = ()
    sources: Mapping[str, tuple[int, ...]] = attrs.field(
        factory=dict, converter=frozen_mapping, repr=False
    )

    @property
    def balance(self) -> Decimal:
        """The sum of their points in every subject."""
        return sum(self.points.values(), ZERO)


class _State:
    """One candidate's entries being folded."""

    def __init__(self) -> None:
        self.points: dict[str, Decimal] = {}
        # subject -> (effective, sequence, value type, value, counted entry)
        self.latest: dict[tuple[str, str], tuple[str, int, str, str | None, int]] = {}
        self.events: list[EventMark] = []
        self.sources: dict[str, list[int]] = {}

    def add(self, row: StoredRow, counted: int) -> None:
        seq, kind, _, effective, subject, value_type, value, _ = row
        if kind == "points":
            self.points[subject] = self.points.get(subject, ZERO) + Decimal(str(value))
            self.sources.setdefault(subject, []).append(counted)
        elif kind == "event":
            day = dt.date.fromisoformat(effective)
            self.events.append(EventMark(event=str(value), kind=subject, date=day, seq=counted))
        else:
            now = (effective, seq, value_type, value, counted)
            before = self.latest.get((kind, subject))
            if before is None or now[:2] > before[:2]:
                self.latest[kind, subject] = now

    def standing(self, candidate: str, as_of: dt.date) -> Standing:
        facts: dict[str, FactValue] = {}
        decisions: dict[str, str] = {}
        profile: dict[str, str] = {}
        sources = {subject: tuple(sorted(seqs)) for subject, seqs in self.sources.items()}
        for (kind, subject), (_, _, value_type, text, counted) in self.latest.items():
            value = decode_value(value_type, text)
            assert value is not None
            if kind == "fact":
                facts[subject] = value
            elif kind == "decision":
                decisions[subject] = str(value)
            else:  # a stage or a profile field
                profile[subject] = str(value)
            sources.setdefault(subject, (counted,))
        return Standing(
            candidate=candidate,
            as_of=as_of,
            name=profile.get("name", ""),
            group=profile.get("group", ""),
            stage=profile.get("stage", ""),
            points=self.points,
            facts=facts,
            decisions=decisions,
            events=tuple(sorted(self.events, key=lambda mark: (mark.date, mark.seq))),
            sources=sources,
        )


def fold(rows: Sequence[StoredRow], as_of: dt.date) -> tuple[Standing, ...]:
    """The standings the stored rows give on ``as_of``, by candidate id.

    :param rows: stored rows in sequence order
        (:meth:`~branchkit.ledger.store.Ledger.stored_rows`).
    :param as_of: the effective day.
    """
    day = as_of.isoformat()
    # Corrections follow the entries they correct; the latest one wins.
    replaced: dict[int, StoredRow] = {row[7]: row for row in rows if row[7] is not None}
    states: dict[str, _State] = {}
    for row in rows:
        seq = row[0]
        if row[1] == "correction":
            continue
        counted = seq
        fix = replaced.get(seq)
        if fix is not None:
            if fix[5] == "none":
                continue  # voided
            counted = fix[0]
            row = (seq, row[1], row[2], fix[3], row[4], fix[5], fix[6], None)  # noqa: PLW2901
        if row[3] > day:
            continue
        states.setdefault(row[2], _State()).add(row, counted)
    return tuple(states[candidate].standing(candidate, as_of) for candidate in sorted(states))


def standing(
    ledger: Ledger, candidate: str, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> Standing:
    """One candidate's standing on ``as_of``, from the entries recorded by ``known_at``.

    :param ledger: the ledger.
    :param candidate: the candidate's id.
    :param as_of: the effective day.
    :param known_at: a time; only entries recorded by then count. All when not given.
    """
    found = fold(ledger.stored_rows(candidate=candidate, known_at=known_at), as_of)
    return found[0] if found else Standing(candidate=candidate, as_of=as_of)


def standings(
    ledger: Ledger, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> tuple[Standing, ...]:
    """The standing of every candidate with an entry in effect on ``as_of``, by id.

    :param ledger: the ledger.
    :param as_of: the effective day.
    :param known_at: a time; only entries recorded by then count. All when not given.
    """
    return fold(ledger.stored_rows(known_at=known_at), as_of)


def balance(
    ledger: Ledger, candidate: str, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> Decimal:
    """A candidate's points in every subject together on ``as_of``.

    :param ledger: the ledger.
    :param candidate: the candidate's id.
    :param as_of: the effective day.
    :param known_at: a time; only entries recorded by then count.
    """
    return standing(ledger, candidate, as_of=as_of, known_at=known_at).balance


def points_by_dimension(
    ledger: Ledger, candidate: str, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> Mapping[str, Decimal]:
    """A candidate's points per subject (dimension) on ``as_of``.

    :param ledger: the ledger.
    :param candidate: the candidate's id.
    :param as_of: the effective day.
    :param known_at: a time; only entries recorded by then count.
    """
    return standing(ledger, candidate, as_of=as_of, known_at=known_at).points


def stage_of(
    ledger: Ledger, candidate: str, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> str:
    """The key of the stage a candidate is at on ``as_of``; empty when none is recorded.

    :param ledger: the ledger.
    :param candidate: the candidate's id.
    :param as_of: the effective day.
    :param known_at: a time; only entries recorded by then count.
    """
    return standing(ledger, candidate, as_of=as_of, known_at=known_at).stage


def _problem(ledger: Ledger, seqs: Iterable[int], message: str) -> Problem:
    first = min(seqs)
    return Problem(
        source=ledger.source, path=("entries", first), location=f"entry #{first}", message=message
    )


_NUMERIC = {FactType.INTEGER, FactType.DECIMAL}


def _candidate(
    ledger: Ledger, scheme: Scheme, found: Standing, problems: list[Problem]
) -> Candidate | None:
    declared = {fact.key: fact for fact in scheme.facts}
    facts: dict[str, FactValue] = {}
    for subject, amount in found.points.items():
        spec = declared.get(subject)
        seqs = found.sources[subject]
        if spec is None or spec.type not in _NUMERIC:
            message = f"points in {subject!r}: the scheme has no numeric fact {subject!r}"
            problems.append(_problem(ledger, seqs, message))
            continue
        try:
            facts[subject] = coerce_fact(spec, amount)
        except ValueError as error:
            problems.append(_problem(ledger, seqs, f"points in {subject!r}: {error}"))
    for subject, value in found.facts.items():
        seqs = found.sources[subject]
        spec = declared.get(subject)
        if subject in found.points:
            message = f"both points and a fact value are recorded for {subject!r}"
            problems.append(_problem(ledger, seqs, message))
        elif spec is None:
            message = f"the scheme has no fact {subject!r}"
            problems.append(_problem(ledger, seqs, message))
        else:
            try:
                facts[subject] = coerce_fact(spec, value)
            except ValueError as error:
                problems.append(_problem(ledger, seqs, f"fact {subject!r}: {error}"))
    stages = {stage.key for stage in scheme.stages}
    if found.stage and stages and found.stage not in stages:
        message = f"no stage of the scheme has the key {found.stage!r}"
        problems.append(_problem(ledger, found.sources["stage"], message))
    return Candidate(
        id=found.candidate, name=found.name, stage=found.stage, group=found.group, facts=facts
    )


def candidates_as_of(
    ledger: Ledger, scheme: Scheme, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> tuple[Candidate, ...]:
    """The candidates the ledger has on ``as_of``, their facts typed as ``scheme`` declares.

    :param ledger: the ledger.
    :param scheme: the scheme whose facts and stages the candidates have.
    :param as_of: the effective day.
    :param known_at: a time; only entries recorded by then count.
    :raises InputError: with every entry whose subject the scheme does not declare, or whose
        value its type refuses, at the entry.
    """
    problems: list[Problem] = []
    found = [
        _candidate(ledger, scheme, one, problems)
        for one in standings(ledger, as_of=as_of, known_at=known_at)
    ]
    if problems:
        raise InputError(problems)
    return tuple(candidate for candidate in found if candidate is not None)


def events_as_of(
    ledger: Ledger, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> tuple[Event, ...]:
    """The events the ledger records on or before ``as_of``, with their participants, by id.

    :param ledger: the ledger.
    :param as_of: the effective day.
    :param known_at: a time; only entries recorded by then count.
    :raises InputError: when one event id is recorded with two kinds or days.
    """
    seen: dict[str, tuple[str, dt.date, int]] = {}
    participants: dict[str, set[str]] = {}
    problems: list[Problem] = []
    for one in standings(ledger, as_of=as_of, known_at=known_at):
        for mark in one.events:
            first = seen.setdefault(mark.event, (mark.kind, mark.date, mark.seq))
            if first[:2] != (mark.kind, mark.date):
                message = (
                    f"event {mark.event!r} is recorded with another kind or day "
                    f"than in entry #{first[2]}"
                )
                problems.append(_problem(ledger, (mark.seq,), message))
            participants.setdefault(mark.event, set()).add(one.candidate)
    if problems:
        raise InputError(problems)
    return tuple(
        Event(id=event, kind=kind, date=day, participants=tuple(sorted(participants[event])))
        for event, (kind, day, _) in sorted(seen.items())
    )


@attrs.frozen(kw_only=True)
class LedgerEvaluation:
    """An evaluation made from a ledger, with the head of the entries it read.

    :param result: the evaluation.
    :param head: the head of the chain as known at ``known_at``: print it with the result.
    :param as_of: the effective day.
    :param known_at: the recorded-time cut-off, if one was given.
    """

    result: StagingResult
    head: Head
    as_of: dt.date
    known_at: dt.datetime | None = None


def staging_inputs(
    ledger: Ledger, scheme: Scheme, *, as_of: dt.date, known_at: dt.datetime | None = None
) -> tuple[Head, tuple[Candidate, ...], tuple[Event, ...]]:
    """The head, the candidates and the events of one reading of the ledger, for ``scheme``.

    Read in one snapshot, so the three agree however many entries are recorded meanwhile.

    :param ledger: the ledger.
    :param scheme: the rules.
    :param as_of: the effective day of the entries that count.
    :param known_at: a time; only entries recorded by then count.
    :raises InputError: as :func:`candidates_as_of` and :func:`events_as_of` do.
    """
    with ledger.snapshot():
        head = ledger.head(known_at)
        candidates = candidates_as_of(ledger, scheme, as_of=as_of, known_at=known_at)
        events = events_as_of(ledger, as_of=as_of, known_at=known_at)
    return head, candidates, events


def evaluate_from_ledger(
    ledger: Ledger,
    scheme: Scheme,
    *,
    as_of: dt.date,
    known_at: dt.datetime | None = None,
    people: Iterable[Person] = (),
    evidence: Iterable[Evidence] = (),
    predicates: Mapping[str, PredicateFunction] | None = None,
    point_rules: Mapping[str, PointRuleFunction] | None = None,
    stage: str | None = None,
    quota: int | None = None,
) -> LedgerEvaluation:
    """Rank the candidates of ``scheme`` from the ledger, on ``as_of`` as known at ``known_at``.

    The same ledger, day and cut-off give the same result and head, however many entries were
    recorded since: a past ranking is reproduced exactly.

    :param ledger: the ledger.
    :param scheme: the rules.
    :param as_of: the day judged and the effective day of the entries that count.
    :param known_at: a time; only entries recorded by then count.
    :param people: the people, for conditions on roles.
    :param evidence: the evidence, for ``has_evidence`` conditions.
    :param predicates: plugin condition predicates by key.
    :param point_rules: plugin point rules by key.
    :param stage: the stage to rank; the scheme's selection stage by default.
    :param quota: the quota; the scheme's by default.
    :raises InputError: as :func:`candidates_as_of` and :func:`events_as_of` do.
    """
    head, candidates, events = staging_inputs(ledger, scheme, as_of=as_of, known_at=known_at)
    result = evaluate(
        scheme,
        candidates,
        as_of=as_of,
        people=people,
        events=events,
        evidence=evidence,
        predicates=predicates,
        point_rules=point_rules,
        stage=stage,
        quota=quota,
    )
    return LedgerEvaluation(result=result, head=head, as_of=as_of, known_at=known_at)
