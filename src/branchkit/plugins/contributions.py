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

    >>> import datetime as dt
    >>> from branchkit.mechanisms import Verdict
    >>> from branchkit.plugins import Predicate, PredicateInput
    >>> from branchkit.records import Label
    >>> def recommended(given):
    ...     if given.facts.get("recommended"):
    ...         return Verdict.passed(Label(zh="已推优", en="recommended"), facts=("recommended",))
    ...     return Verdict.failed(Label(zh="未推优", en="not recommended"), facts=("recommended",))
    >>> predicate = Predicate(key="recommended", evaluate=recommended,
    ...                       label=Label(zh="团组织推优", en="recommended by the League"))
    >>> given = PredicateInput(subject="2021001", facts={"recommended": True}, events=(),
    ...                        params={}, as_of=dt.date(2022, 6, 30))
    >>> predicate.evaluate(given).reason.zh
    '已推优'
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

    >>> from decimal import Decimal
    >>> from branchkit.mechanisms import Award
    >>> from branchkit.plugins import PointInput, PointRule
    >>> from branchkit.records import Label
    >>> def commended(given):
    ...     if not given.facts.get("commended"):
    ...         return []
    ...     return [Award(points=Decimal(given.params["points"]),
    ...                   reason=Label(zh="受到表彰", en="commended"))]
    >>> rule = PointRule(key="commended", compute=commended,
    ...                  label=Label(zh="表彰加分", en="points for a commendation"))
    >>> given = PointInput(subject="2021001", facts={"commended": True}, events=(),
    ...                    params={"points": "5"}, period=None)
    >>> [award.points for award in rule.compute(given)]
    [Decimal('5')]
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

    >>> import datetime as dt
    >>> from branchkit.mechanisms.pairing import Profile
    >>> from branchkit.plugins import PairingInput, PairingScorer
    >>> from branchkit.records import Label, Person
    >>> def common_subjects(given):
    ...     mentor, mentee = given.mentor_profile.subjects, given.mentee_profile.subjects
    ...     return 1.0 if set(mentor) & set(mentee) else 0.0
    >>> scorer = PairingScorer(key="common_subjects", score=common_subjects,
    ...                        label=Label(zh="讲授相同课程", en="teach a common course"))
    >>> given = PairingInput(
    ...     mentor=Person(id="T001", name="陈静"), mentee=Person(id="T002", name="周强"),
    ...     mentor_profile=Profile(person="T001", subjects=("金融学基础", "会计学")),
    ...     mentee_profile=Profile(person="T002", subjects=("金融学基础",)),
    ...     as_of=dt.date(2022, 9, 1))
    >>> scorer.score(given)
    1.0
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

    >>> from branchkit.plugins import Paragraph
    >>> from branchkit.records import Label
    >>> Paragraph(text=Label(zh="本学年走访寝室12次。", en="12 dorm visits this year.")).text.en
    '12 dorm visits this year.'
    """

    text: Label


@attrs.frozen(kw_only=True)
class Metric:
    """One figure of a report, with its unit.

    :param label: what it measures.
    :param value: the figure.
    :param unit: its unit, if any (人次, persons).

    >>> from branchkit.plugins import Metric
    >>> from branchkit.records import Label
    >>> Metric(label=Label(zh="志愿服务", en="volunteer service"), value=86,
    ...        unit=Label(zh="人次", en="person-times")).unit.zh
    '人次'
    """

    label: Label
    value: int | str
    unit: Label | None = None


@attrs.frozen(kw_only=True)
class Table:
    """A table of a report.

    :param columns: the column headings.
    :param rows: the rows, each as long as :attr:`columns`.

    >>> from branchkit.plugins import Table
    >>> from branchkit.records import Label
    >>> columns = (Label(zh="班级", en="class"), Label(zh="走访次数", en="visits"))
    >>> Table(columns=columns, rows=(("2101班", 4), ("2102班", 3))).rows[0]
    ('2101班', 4)
    >>> Table(columns=columns, rows=(("2101班",),))
    Traceback (most recent call last):
      ...
    branchkit.errors.RecordError: invalid Table: $.rows[0]: has 1 cells for 2 columns
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
#:
#: >>> from branchkit.plugins import Block, Metric, Paragraph
#: >>> from branchkit.records import Label
#: >>> isinstance(Paragraph(text=Label(zh="无", en="none")), Block)
#: True
Block = Paragraph | Metric | Table


@attrs.frozen(kw_only=True)
class ReportContext:
    """What a report section is given to build its blocks.

    :param framework: the framework being reported.
    :param dataset: the records.
    :param period: the period reported on, if any.
    :param language: the report's language.

    >>> import datetime as dt
    >>> from branchkit.framework import Area, Framework, Practice
    >>> from branchkit.plugins import ReportContext
    >>> from branchkit.records import Dataset, Event, Label, Period
    >>> framework = Framework(
    ...     key="demo", label=Label(zh="示例党支部", en="Demo Branch"),
    ...     organisation=Label(zh="示例学院", en="Demo College"),
    ...     areas=(Area(key="students", label=Label(zh="服务学生", en="Serving students"),
    ...                 approach=Label(zh="三联系", en="three links"),
    ...                 practices=(Practice(key="visits",
    ...                                     label=Label(zh="走访寝室", en="Dorm visits")),)),))
    >>> context = ReportContext(
    ...     framework=framework, period=Period.academic_year(2021), language="zh",
    ...     dataset=Dataset(events=(Event(id="e1", kind="theme_day", date=dt.date(2021, 9, 26)),)))
    >>> [e.id for e in context.dataset.events if context.period.contains(e.date)]
    ['e1']
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

    >>> from branchkit.plugins import Metric, ReportSection
    >>> from branchkit.records import Label
    >>> def build(context):
    ...     return [Metric(label=Label(zh="活动次数", en="events"),
    ...                    value=len(context.dataset.events))]
    >>> section = ReportSection(key="events", label=Label(zh="活动", en="Events"), build=build,
    ...                         order=20, frameworks=("demo",))
    >>> section.order, section.applies_to("demo")
    (20, True)
    """

    key: str
    label: Label
    build: Callable[[ReportContext], Sequence[Block]]
    order: int = 100
    frameworks: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, _keyed(self))

    def applies_to(self, framework: str) -> bool:
        """Whether the section belongs in reports of ``framework``.

        >>> from branchkit.plugins import ReportSection
        >>> from branchkit.records import Label
        >>> everywhere = ReportSection(key="notes", label=Label(zh="说明", en="Notes"),
        ...                            build=lambda context: [])
        >>> everywhere.applies_to("cqfe"), everywhere.applies_to("cpc")
        (True, True)
        >>> only = ReportSection(key="visits", label=Label(zh="走访", en="Visits"),
        ...                      build=lambda context: [], frameworks=("cqfe",))
        >>> only.applies_to("cqfe"), only.applies_to("cpc")
        (True, False)
        """
        return not self.frameworks or framework in self.frameworks
