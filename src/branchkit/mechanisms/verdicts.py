"""Verdicts: what a condition says about a subject, with its reason and the facts it read.

A condition's outcome is three-valued: a missing fact gives :attr:`Outcome.UNKNOWN`, never a
silent fail or pass, so a person can see which record to complete.

>>> verdict = Verdict.failed(
...     Label(zh="未满18周岁", en="younger than 18"), facts=("birth_date",)
... )
>>> verdict.outcome.value, verdict.reason.en
('failed', 'younger than 18')
"""

from __future__ import annotations

import enum

import attrs

from branchkit.records.labels import Label

__all__ = ["Outcome", "Verdict"]


class Outcome(enum.Enum):
    """The outcome of a condition."""

    PASSED = "passed"
    FAILED = "failed"
    #: A fact the condition needs is missing, so it can be neither passed nor failed.
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Verdict:
    """A condition's outcome for one subject.

    :param outcome: passed, failed or unknown.
    :param reason: why, in both languages.
    :param facts: the names of the facts the condition read.
    """

    outcome: Outcome
    reason: Label
    facts: tuple[str, ...] = ()

    @classmethod
    def passed(cls, reason: Label, facts: tuple[str, ...] = ()) -> Verdict:
        """A passed verdict."""
        return cls(outcome=Outcome.PASSED, reason=reason, facts=facts)

    @classmethod
    def failed(cls, reason: Label, facts: tuple[str, ...] = ()) -> Verdict:
        """A failed verdict."""
        return cls(outcome=Outcome.FAILED, reason=reason, facts=facts)

    @classmethod
    def unknown(cls, reason: Label, facts: tuple[str, ...] = ()) -> Verdict:
        """A verdict for a condition whose facts are missing."""
        return cls(outcome=Outcome.UNKNOWN, reason=reason, facts=facts)
