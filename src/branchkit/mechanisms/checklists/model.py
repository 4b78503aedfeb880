"""The records of role checklists: lists, their items, state changes, and what was complete.

A :class:`Checklist` is a versioned list of duties of everyone holding a role (the secretary's
list, the organiser's list). The same ``key`` may have several versions, each in force from
``valid_from`` to ``valid_to``: a list changes over the years, and a result names the version it
was judged by. A :class:`ChecklistItem` is one duty: done once (``boolean``), done so many times
(``count``), or done in every period of a kind (``recurring``), proved by evidence of the kinds
it names. An :class:`ItemTransition` is a state change given in the data (submitted, verified,
rejected, resubmitted), replayed through the table of
:mod:`branchkit.mechanisms.checklists.transitions`.

:class:`ItemResult` says, for one item, one holder and (for a recurring item) one period, what
evidence counted, which evidence kinds are missing, the item's state, and whether it is
complete or overdue. :class:`ItemTotals`, :class:`ChecklistTotals`, :class:`RoleTotals` and
:class:`HolderTotals` add the results up; :class:`ChecklistResult` holds them all.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from branchkit.errors import Path
from branchkit.mechanisms.checklists.transitions import Action, ItemState
from branchkit.records._checks import (
    duplicate_problems,
    ensure_valid,
    key_problems,
    span_problems,
    text_problems,
    within_span,
)
from branchkit.records.labels import Label
from branchkit.records.periods import Period, PeriodKind
from branchkit.records.sensitivity import IDENTIFIER

__all__ = [
    "Checklist",
    "ChecklistItem",
    "ChecklistResult",
    "ChecklistTotals",
    "HolderTotals",
    "ItemKind",
    "ItemResult",
    "ItemTotals",
    "ItemTransition",
    "RoleTotals",
]


class ItemKind(enum.Enum):
    """How a checklist item is fulfilled."""

    #: Done once: one piece of evidence of each kind it needs.
    BOOLEAN = "boolean"
    #: Done so many times: evidence of each kind it needs counting up to ``at_least``.
    COUNT = "count"
    #: Done in every period of a kind: ``at_least`` per period, judged period by period.
    RECURRING = "recurring"


@attrs.frozen(kw_only=True)
class ChecklistItem:
    """One duty of a checklist.

    :param key: the item's key, unique in its checklist.
    :param label: its name (按时提交年度工作计划).
    :param kind: done once, so many times, or in every period.
    :param evidence_kinds: the kinds of evidence it needs; each must reach ``at_least``.
    :param at_least: how many of each kind it needs (the sum of the evidence's counts); 1 for
        a ``boolean`` item.
    :param due: the last day evidence counts for a ``boolean`` or ``count`` item; without it,
        the checklist's ``valid_to``. A ``recurring`` item is due at the end of each period.
    :param every: the period of a ``recurring`` item (``quarter``, ``semester``, ...); only
        for recurring items, never ``custom``.
    :param responsible: the role that answers for the item, if not the checklist's own role
        (an organiser who files the minutes of the secretary's meetings); shown in results.
    """

    key: str
    label: Label
    kind: ItemKind = ItemKind.BOOLEAN
    evidence_kinds: tuple[str, ...]
    at_least: int = 1
    due: dt.date | None = None
    every: PeriodKind | None = None
    responsible: str | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        if not self.evidence_kinds:
            yield ("evidence_kinds",), "an item needs at least one kind of evidence"
        for index, kind in enumerate(self.evidence_kinds):
            for _, message in key_problems("evidence_kinds", kind):
                yield ("evidence_kinds", index), message
        yield from duplicate_problems(
            "evidence_kinds", self.evidence_kinds, lambda kind: kind, "kind"
        )
        if self.at_least < 1:
            yield ("at_least",), "must be at least 1"
        if self.kind is ItemKind.BOOLEAN and self.at_least != 1:
            yield ("at_least",), "a boolean item is done once: use a count item for more"
        if self.kind is ItemKind.RECURRING:
            if self.every is None:
                yield ("every",), "a recurring item needs the period it recurs in"
            elif self.every is PeriodKind.CUSTOM:
                yield ("every",), "a custom period has no fixed length"
            if self.due is not None:
                yield ("due",), "a recurring item is due at the end of each period"
        elif self.every is not None:
            yield ("every",), "only a recurring item has a period"
        if self.responsible is not None:
            yield from key_problems("responsible", self.responsible)


@attrs.frozen(kw_only=True)
class Checklist:
    """One version of a role's checklist.

    :param key: the checklist's key; its versions share it.
    :param version: the version's name (``2022``, ``2023-revised``), unique per key.
    :param label: its name (党支部书记工作清单).
    :param role: the role whose holders owe its items.
    :param valid_from: the first day the version is in force, if not always.
    :param valid_to: its last day, if it was replaced; versions of one key must not overlap.
    :param items: its items, with unique keys.
    :param needs_verification: whether an item is complete only once verified (through
        :class:`ItemTransition` records); without it, enough evidence is enough.
    :param category: what sort of list it is, as a key (``responsibility`` for the duties of
        an office, ``institution`` for the duties a rule of the branch sets), if the branch
        sorts its lists.
    """

    key: str
    version: str
    label: Label
    role: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    items: tuple[ChecklistItem, ...]
    needs_verification: bool = False
    category: str | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from text_problems("version", self.version)
        yield from key_problems("role", self.role)
        if self.category is not None:
            yield from key_problems("category", self.category)
        for path, message in span_problems(self.valid_from, self.valid_to):
            yield ("valid_to",) if path == ("end",) else path, message
        if not self.items:
            yield ("items",), "a checklist needs at least one item"
        yield from duplicate_problems("items", self.items, lambda item: item.key)

    def in_force(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return within_span(day, self.valid_from, self.valid_to)

    def item(self, key: str) -> ChecklistItem | None:
        """The item called ``key``, if this version has one."""
        for item in self.items:
            if item.key == key:
                return item
        return None


@attrs.frozen(kw_only=True)
class ItemTransition:
    """A change of one item's state for one holder, as the data records it.

    :param checklist: the checklist's key.
    :param version: the version the change was made under; another version's record of the
        same item keeps its own state.
    :param item: the item's key.
    :param holder: the id of the person who owes the item.
    :param action: what was done: ``submit``, ``verify``, ``reject`` or ``resubmit``.
    :param date: the day it was done; changes after the day judged are not applied.
    :param period: the period's key (``2022-Q1``) for a recurring item; ``None`` otherwise.
    :param by: the id of the person who did it (the holder who submitted, the organiser who
        verified), if recorded.
    :param note: a remark for people (why it was rejected).
    """

    checklist: str
    version: str
    item: str
    holder: str = attrs.field(metadata=IDENTIFIER)
    action: Action
    date: dt.date
    period: str | None = None
    by: str | None = attrs.field(default=None, metadata=IDENTIFIER)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("checklist", self.checklist)
        yield from text_problems("version", self.version)
        yield from key_problems("item", self.item)
        yield from text_problems("holder", self.holder)
        if self.period is not None:
            yield from text_problems("period", self.period)
        if self.by is not None:
            yield from text_problems("by", self.by)


@attrs.frozen(kw_only=True)
class ItemResult:
    """One item of one holder (in one period, for a recurring item): done or not, and why.

    :param checklist: the checklist's key.
    :param version: the version it was judged by: the one in force on the deciding day (the
        day judged, or a recurring item's period's last day if earlier).
    :param item: the item's key.
    :param holder: the id of the person who owes it.
    :param responsible: the role that answers for it.
    :param period: the period's key for a recurring item; ``None`` otherwise.
    :param due: the last day evidence counts; ``None`` when it has no end.
    :param required: how much of each evidence kind it needs.
    :param done: how much of the scarcest kind counted (the least over its kinds).
    :param evidence: the ids of the evidence that counted, by date then id.
    :param missing: the evidence kinds short of ``required``, in the item's order.
    :param state: its state after the transitions up to the day judged.
    :param complete: whether nothing is missing and, where the checklist needs verification,
        it is verified.
    :param closed: whether the due day is on or before the day judged.
    """

    checklist: str
    version: str
    item: str
    holder: str = attrs.field(metadata=IDENTIFIER)
    responsible: str
    period: str | None
    due: dt.date | None
    required: int
    done: int
    evidence: tuple[str, ...]
    missing: tuple[str, ...]
    state: ItemState
    complete: bool
    closed: bool

    @property
    def overdue(self) -> bool:
        """Whether it is due by the day judged and not complete."""
        return self.closed and not self.complete


@attrs.frozen(kw_only=True)
class ItemTotals:
    """One item over its holders (and periods).

    :param checklist: the checklist's key.
    :param item: the item's key.
    :param owed: how many item records are owed.
    :param complete: how many are complete.
    :param overdue: how many are overdue.
    """

    checklist: str
    item: str
    owed: int
    complete: int
    overdue: int


@attrs.frozen(kw_only=True)
class ChecklistTotals:
    """One checklist over its items and holders.

    :param checklist: the checklist's key.
    :param versions: the versions its records were judged by, sorted.
    :param owed: how many item records are owed.
    :param complete: how many are complete.
    :param overdue: how many are overdue.
    """

    checklist: str
    versions: tuple[str, ...]
    owed: int
    complete: int
    overdue: int


@attrs.frozen(kw_only=True)
class RoleTotals:
    """Every checklist of one role.

    :param role: the role's key.
    :param owed: how many item records its holders owe.
    :param complete: how many are complete.
    :param overdue: how many are overdue.
    """

    role: str
    owed: int
    complete: int
    overdue: int


@attrs.frozen(kw_only=True)
class HolderTotals:
    """Every item one person owes, over all their checklists.

    :param holder: the person's id.
    :param owed: how many item records they owe.
    :param complete: how many are complete.
    :param overdue: how many are overdue.
    """

    holder: str = attrs.field(metadata=IDENTIFIER)
    owed: int
    complete: int
    overdue: int


@attrs.frozen(kw_only=True)
class ChecklistResult:
    """Everything :func:`~branchkit.mechanisms.checklists.evaluate_checklists` found.

    :param as_of: the day judged.
    :param period: the period whose recurring periods were judged.
    :param records: one per item owed, by checklist, holder, item, then period.
    :param items: totals per item, by checklist then item.
    :param checklists: totals per checklist, by key.
    :param roles: totals per role, by key.
    :param holders: totals per holder, by id.
    """

    as_of: dt.date
    period: Period
    records: tuple[ItemResult, ...]
    items: tuple[ItemTotals, ...]
    checklists: tuple[ChecklistTotals, ...]
    roles: tuple[RoleTotals, ...]
    holders: tuple[HolderTotals, ...]

    @property
    def overdue(self) -> tuple[ItemResult, ...]:
        """The records overdue, by due day, then checklist, holder and item."""
        found = [record for record in self.records if record.overdue]
        return tuple(
            sorted(
                found,
                key=lambda r: (r.due or dt.date.max, r.checklist, r.holder, r.item, r.period or ""),
            )
        )

    @property
    def missing(self) -> tuple[ItemResult, ...]:
        """The records with evidence missing, in the order of :attr:`records`."""
        return tuple(record for record in self.records if record.missing)
