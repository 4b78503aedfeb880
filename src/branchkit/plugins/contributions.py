"""What plugins contribute: the records the hooks return.

Data contributions (frameworks, sections, terms) are records from :mod:`branchkit.records`,
:mod:`branchkit.framework` and :mod:`branchkit.io`. Behaviour is contributed as a named
function wrapped in a record with a key and a bilingual label: condition predicates, point
rules, pairing scorers, importers and report sections. Each function takes one input record;
new fields may be added to an input record in a minor release, so a function keeps working
when it does.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from branchkit.errors import Path
from branchkit.framework.model import Framework
from branchkit.io.documents import Document, Importer, Section
from branchkit.mechanisms.inputs import PairingInput, PointInput, PredicateInput
from branchkit.mechanisms.points import Award
from branchkit.mechanisms.verdicts import Verdict
from branchkit.records._checks import ensure_valid, key_problems
from branchkit.records.dataset import Dataset
from branchkit.records.labels import Label, Language
from branchkit.records.periods import Period
from branchkit.records.terms import Term

__all__ = [
    "Block",
    "Document",
    "Framework",
    "Importer",
    "Metric",
    "PairingInput",
    "PairingScorer",
    "Paragraph",
    "PointInput",
    "PointRule",
    "Predicate",
    "PredicateInput",
    "ReportContext",
    "ReportSection",
    "Section",
    "Table",
    "Term",
]


def _keyed(record: Any) -> Iterator[tuple[Path, str]]:
    return key_problems("key", record.key)


@attrs.frozen(kw_only=True)
class Predicate:
    """A named condition a plugin contributes, usable from frameworks by its key.

    :param key: the name frameworks use.
    :param label: what it checks.
    :param evaluate: judges one subject.
    """

    key: str
    label: Label
    evaluate: Callable[[PredicateInput], Verdict]

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, _keyed(self))


@attrs.frozen(kw_only=True)
class PointRule:
    """A named point rule a plugin contributes, usable from frameworks by its key.

    :param key: the name frameworks use.
    :param label: what it awards.
    :param compute: the awards for one subject.
    """

    key: str
    label: Label
    compute: Callable[[PointInput], Sequence[Award]]

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, _keyed(self))


@attrs.frozen(kw_only=True)
class PairingScorer:
    """A named part of pairing compatibility a plugin contributes, usable by its key.

    A pairing scheme's feature of kind ``scorer`` names it; the function scores one mentor and
    mentee who may be paired, from 0 (no fit) to 1 (the best fit), as a
    :class:`~decimal.Decimal` or a float. The score is rounded to four decimal places and
    weighted like any other feature's.

    :param key: the name features use.
    :param label: what it scores.
    :param score: the score of one pair.
    """

    key: str
    label: Label
    score: Callable[[PairingInput], decimal.Decimal | float]

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, _keyed(self))


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph of a report.

    :param text: the text in both languages.
    """

    text: Label


@attrs.frozen(kw_only=True)
class Metric:
    """One figure of a report, with its unit.

    :param label: what it measures.
    :param value: the figure.
    :param unit: its unit, if any (人次, persons).
    """

    label: Label
    value: int | str
    unit: Label | None = None


@attrs.frozen(kw_only=True)
class Table:
    """A table of a report.

    :param columns: the column headings.
    :param rows: the rows, each as long as :attr:`columns`.
    """

    columns: tuple[Label, ...]
    rows: tuple[tuple[str | int, ...], ...]

    def __attrs_post_init__(self) -> None:
        width = len(self.columns)
        ensure_valid(
            self,
            (
                (("rows", index), f"has {len(row)} cells for {width} columns")
                for index, row in enumerate(self.rows)
                if len(row) != width
            ),
        )


#: The building blocks of a report section; renderers turn them into Markdown, HTML or cells.
Block = Paragraph | Metric | Table


@attrs.frozen(kw_only=True)
class ReportContext:
    """What a report section is given to build its blocks.

    :param framework: the framework being reported.
    :param dataset: the records.
    :param period: the period reported on, if any.
    :param language: the report's language.
    """

    framework: Framework
    dataset: Dataset
    period: Period | None
    language: Language


@attrs.frozen(kw_only=True)
class ReportSection:
    """A section a plugin adds to reports.

    :param key: the section's key.
    :param label: its heading.
    :param build: its blocks for one report.
    :param order: where it goes: lower first, then by key.
    :param frameworks: the frameworks it applies to; empty for all.
    """

    key: str
    label: Label
    build: Callable[[ReportContext], Sequence[Block]]
    order: int = 100
    frameworks: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, _keyed(self))

    def applies_to(self, framework: str) -> bool:
        """Whether the section belongs in reports of ``framework``."""
        return not self.frameworks or framework in self.frameworks
