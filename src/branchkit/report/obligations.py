"""Periodic obligations and credited outcomes as JSON and as titled tables.

The tables are what an organiser reads: per obligation its totals, the person-periods overdue
(who, which period, done of required), each person's record per obligation, and the outcomes
counted by kind, level and rank, named by the terms of the vocabularies ``outcome_kind``,
``level`` and ``rank`` where a plugin or the data gives them. Every value
goes through a :class:`~branchkit.report.disclosure.Disclosure`: identifiers may become
pseudonyms and fields the viewer may not see are redacted.

>>> import datetime as dt
>>> from branchkit.mechanisms.obligations import OutcomeCount
>>> from branchkit.records import Label, Period
>>> from branchkit.report.obligations import ObligationsReport
>>> report = ObligationsReport(
...     framework="demo", period=Period.parse("2021-2022"), as_of=dt.date(2022, 8, 31),
...     outcomes=(OutcomeCount(kind="award", level="municipal", rank=None, outcomes=2,
...                            total=2, ids=("o1", "o2")),),
...     names={"outcome_kind/award": Label(zh="获奖", en="award")})
>>> [table.key for table in report.tables("en")]
['outcomes']
>>> report.tables("zh")[0].rows
[['成果类型', '级别', '等次', '项数', '合计'], ['获奖', 'municipal', '—', '2', '2']]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from branchkit.mechanisms.obligations.model import (
    Compliance,
    Obligation,
    ObligationSummary,
    OutcomeCount,
    PersonCompliance,
)
from branchkit.mechanisms.obligations.outcomes import OUTCOME_VOCABULARIES
from branchkit.records.labels import Label, Language
from branchkit.records.people import Person
from branchkit.records.periods import Period, PeriodKind
from branchkit.report.disclosure import Disclosure
from branchkit.report.tables import Table, headings, json_text

__all__ = ["ObligationsReport"]

Rows = list[list[str]]

#: What an obligation's ``every`` is called in the tables.
_EVERY: Mapping[PeriodKind, Label] = {
    PeriodKind.ACADEMIC_YEAR: Label(zh="每学年", en="academic year"),
    PeriodKind.SEMESTER: Label(zh="每学期", en="semester"),
    PeriodKind.YEAR: Label(zh="每年", en="year"),
    PeriodKind.QUARTER: Label(zh="每季度", en="quarter"),
    PeriodKind.MONTH: Label(zh="每月", en="month"),
}

#: Shown for an outcome without a level or a rank.
_NONE = "—"


@attrs.frozen(kw_only=True)
class ObligationsReport:
    """Everything ``branchkit obligations`` reports, ready to write in any format.

    :param framework: the framework's key.
    :param period: the period looked at.
    :param as_of: the day judged.
    :param obligations: the obligations, for their names.
    :param summaries: each obligation's person-periods, as
        :func:`~branchkit.mechanisms.obligations.check_obligations` gives them.
    :param persons: each person's totals per obligation.
    :param outcomes: the outcomes of the period by kind, level and rank.
    :param names: names of vocabulary keys, keyed ``vocabulary/key``
        (``outcome_kind/award``); a key without a name is shown as it is.
    :param people: the people, for the names beside their ids.
    :param disclosure: what the report may show.
    """

    framework: str
    period: Period
    as_of: dt.date
    obligations: tuple[Obligation, ...] = ()
    summaries: tuple[ObligationSummary, ...] = ()
    persons: tuple[PersonCompliance, ...] = ()
    outcomes: tuple[OutcomeCount, ...] = ()
    names: Mapping[str, Label] = attrs.field(factory=dict)
    people: Mapping[str, Person] = attrs.field(factory=dict)
    disclosure: Disclosure = attrs.field(factory=Disclosure)

    # --- JSON --------------------------------------------------------------------------------

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole report as JSON text with sorted keys: the same input, the same bytes.

        :param converter: the converter that unstructures the results.
        """
        shown = self.disclosure
        document: dict[str, Any] = {
            "framework": self.framework,
            "period": converter.unstructure(self.period),
            "as_of": self.as_of.isoformat(),
            "obligations": shown.unstructure(
                self.summaries, converter, tuple[ObligationSummary, ...]
            ),
            "persons": shown.unstructure(self.persons, converter, tuple[PersonCompliance, ...]),
            "outcomes": shown.unstructure(self.outcomes, converter, tuple[OutcomeCount, ...]),
        }
        return json_text(document)

    # --- tables ------------------------------------------------------------------------------

    def heading(self, language: Language) -> str:
        """The line above the tables: the period and the day judged.

        :param language: the language of the period's name.
        """
        return f"{self.period.label.text(language)} · {self.as_of.isoformat()}"

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The report's tables, in reading order; a table with no rows is left out.

        :param language: the language of titles and headings.
        """
        tables = (
            Table(
                key="obligations",
                title=Label(zh="常规任务完成情况", en="Obligations"),
                rows=self._totals(language),
            ),
            Table(
                key="overdue",
                title=Label(zh="逾期未完成", en="Overdue"),
                rows=self._overdue(language),
            ),
            Table(
                key="persons",
                title=Label(zh="个人完成情况", en="Compliance by person"),
                rows=self._persons(language),
            ),
            Table(
                key="outcomes",
                title=Label(zh="成果统计", en="Outcomes"),
                rows=self._outcomes(language),
            ),
        )
        return tuple(table for table in tables if len(table.rows) > 1)

    def _obligation(self, key: str, language: Language) -> str:
        for duty in self.obligations:
            if duty.key == key:
                return duty.label.text(language)
        return key

    def _name(self, vocabulary: str, key: str | None, language: Language) -> str:
        if key is None:
            return _NONE
        label = self.names.get(f"{vocabulary}/{key}")
        return key if label is None else label.text(language)

    def _person(self, record: Compliance | PersonCompliance) -> str:
        """A person as shown: the id (or pseudonym) and, unless pseudonymised, the name."""
        shown = str(self.disclosure.value(record, "person"))
        return self.disclosure.with_name(shown, self.people.get(record.person))

    def _totals(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("任务", "obligation"),
                ("周期", "every"),
                ("每期要求", "required"),
                ("应完成人数", "people"),
                ("应完成人次", "owed"),
                ("已完成", "met"),
                ("逾期", "overdue"),
                ("进行中未完成", "pending"),
            )
        ]
        duties = {duty.key: duty for duty in self.obligations}
        for summary in self.summaries:
            duty = duties.get(summary.obligation)
            pending = sum(not r.closed and not r.met for r in summary.records)
            rows.append(
                [
                    self._obligation(summary.obligation, language),
                    "" if duty is None else _EVERY[duty.every].text(language),
                    "" if duty is None else str(duty.at_least),
                    str(summary.people),
                    str(summary.owed),
                    str(summary.met),
                    str(len(summary.overdue)),
                    str(pending),
                ]
            )
        return rows

    def _overdue(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("任务", "obligation"),
                ("人员", "person"),
                ("期间", "period"),
                ("截止日期", "due"),
                ("完成/要求", "done/required"),
            )
        ]
        for summary in self.summaries:
            name = self._obligation(summary.obligation, language)
            rows.extend(
                [
                    name,
                    self._person(record),
                    record.period,
                    record.due.isoformat(),
                    f"{record.done}/{record.required}",
                ]
                for record in summary.overdue
            )
        return rows

    def _persons(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("任务", "obligation"),
                ("人员", "person"),
                ("应完成期数", "periods owed"),
                ("已完成", "met"),
                ("逾期", "overdue"),
                ("进行中未完成", "pending"),
                ("活动次数", "events"),
            )
        ]
        rows.extend(
            [
                self._obligation(item.obligation, language),
                self._person(item),
                str(item.owed),
                str(item.met),
                str(item.overdue),
                str(item.pending),
                str(item.done),
            ]
            for item in self.persons
        )
        return rows

    def _outcomes(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("成果类型", "kind"),
                ("级别", "level"),
                ("等次", "rank"),
                ("项数", "records"),
                ("合计", "total"),
            )
        ]
        rows.extend(
            [
                self._name(OUTCOME_VOCABULARIES["kind"], row.kind, language),
                self._name(OUTCOME_VOCABULARIES["level"], row.level, language),
                self._name(OUTCOME_VOCABULARIES["rank"], row.rank, language),
                str(row.outcomes),
                str(row.total),
            ]
            for row in self.outcomes
        )
        return rows
