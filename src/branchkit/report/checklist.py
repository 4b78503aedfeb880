"""Role checklists as JSON and as titled tables.

The tables are what a secretary or organiser reads: each checklist's completion and the
versions it was judged by, each holder's completion, the items overdue (who, which item and
period, due when, which evidence is missing, where the review stands), and the items still
open with evidence missing. Every value goes through a
:class:`~branchkit.report.disclosure.Disclosure`: identifiers may become pseudonyms and names
are left out beside them.

>>> import datetime as dt
>>> from branchkit.mechanisms.checklists import Checklist, ChecklistItem, evaluate_checklists
>>> from branchkit.records import Label, Person, RoleSpan
>>> from branchkit.report.checklist import ChecklistReport
>>> plan = ChecklistItem(key="plan", label=Label(zh="年度计划", en="annual plan"),
...                      evidence_kinds=("work_plan",), due=dt.date(2022, 3, 31))
>>> secretary = Checklist(key="secretary", version="2022", role="branch_secretary",
...                       label=Label(zh="书记清单", en="secretary's list"), items=(plan,))
>>> people = (Person(id="T1", name="李娜", roles=(RoleSpan(role="branch_secretary"),)),)
>>> result = evaluate_checklists([secretary], people=people, evidence=[],
...                              as_of=dt.date(2022, 5, 1))
>>> report = ChecklistReport(framework="demo", checklists=(secretary,), result=result,
...                          people={"T1": people[0]})
>>> [table.key for table in report.tables("en")]
['checklists', 'holders', 'overdue']
>>> report.tables("zh")[2].rows[1]
['书记清单', '年度计划', 'T1 李娜', '—', '2022-03-31', 'work_plan', '待提交']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from branchkit.mechanisms.checklists.evaluate import latest_versions
from branchkit.mechanisms.checklists.model import (
    Checklist,
    ChecklistResult,
    HolderTotals,
    ItemResult,
)
from branchkit.mechanisms.checklists.transitions import STATE_LABELS
from branchkit.records.labels import Label, Language
from branchkit.records.people import Person
from branchkit.report.disclosure import Disclosure
from branchkit.report.tables import Table, headings, json_text

__all__ = ["ChecklistReport"]

Rows = list[list[str]]

#: Shown where a value does not apply (the period of a one-off item, a due day that is none).
_NONE = "—"


def _rate(complete: int, owed: int) -> str:
    return _NONE if owed == 0 else f"{100 * complete / owed:.1f}%"


@attrs.frozen(kw_only=True)
class ChecklistReport:
    """Everything ``branchkit checklist`` reports, ready to write in any format.

    :param framework: the framework's key.
    :param checklists: every version of every checklist, for their names.
    :param result: what :func:`~branchkit.mechanisms.checklists.evaluate_checklists` found.
    :param people: the people, for the names beside their ids.
    :param disclosure: what the report may show.
    :param names: the names of vocabulary keys, keyed ``vocabulary/key``; the categories of
        lists are keys of the ``checklist_category`` vocabulary.
    """

    framework: str
    checklists: tuple[Checklist, ...]
    result: ChecklistResult
    people: Mapping[str, Person] = attrs.field(factory=dict)
    disclosure: Disclosure = attrs.field(factory=Disclosure)
    names: Mapping[str, Label] = attrs.field(factory=dict)

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole report as JSON text with sorted keys: the same input, the same bytes.

        :param converter: the converter that unstructures the results.
        """
        document: dict[str, Any] = {
            "framework": self.framework,
            "result": self.disclosure.unstructure(self.result, converter, ChecklistResult),
        }
        return json_text(document)

    def heading(self, language: Language) -> str:
        """The line above the tables: the period judged and the day judged.

        :param language: the language of the period's name.
        """
        return f"{self.result.period.label.text(language)} · {self.result.as_of.isoformat()}"

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The report's tables, in reading order; a table with no rows is left out.

        :param language: the language of titles and headings.
        """
        tables = (
            Table(
                key="categories",
                title=Label(zh="清单类别", en="Checklists by category"),
                rows=self._categories(language),
            ),
            Table(
                key="checklists",
                title=Label(zh="清单完成情况", en="Checklists"),
                rows=self._checklists(language),
            ),
            Table(
                key="holders",
                title=Label(zh="个人完成情况", en="Completion by holder"),
                rows=self._holders(language),
            ),
            Table(
                key="overdue",
                title=Label(zh="逾期未完成事项", en="Overdue items"),
                rows=self._items(language, self.result.overdue),
            ),
            Table(
                key="missing",
                title=Label(zh="进行中尚缺佐证", en="Open items missing evidence"),
                rows=self._items(language, tuple(r for r in self.result.missing if not r.closed)),
            ),
        )
        return tuple(table for table in tables if len(table.rows) > 1)

    def _label(self, checklist: str, version: str) -> Checklist | None:
        for found in self.checklists:
            if (found.key, found.version) == (checklist, version):
                return found
        return None

    def _checklist_name(self, key: str, language: Language) -> str:
        names = {found.key: found.label.text(language) for found in self.checklists}
        return names.get(key, key)

    def _person(self, record: ItemResult | HolderTotals) -> str:
        """A person as shown: the id (or pseudonym) and, unless pseudonymised, the name."""
        shown = str(self.disclosure.value(record, "holder"))
        return self.disclosure.with_name(shown, self.people.get(record.holder))

    def _checklists(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("清单", "checklist"),
                ("版本", "versions"),
                ("应完成项", "owed"),
                ("已完成", "complete"),
                ("逾期", "overdue"),
                ("完成率", "completion"),
            )
        ]
        rows.extend(
            [
                self._checklist_name(totals.checklist, language),
                ", ".join(totals.versions),
                str(totals.owed),
                str(totals.complete),
                str(totals.overdue),
                _rate(totals.complete, totals.owed),
            ]
            for totals in self.result.checklists
        )
        return rows

    def _categories(self, language: Language) -> Rows:
        """Per category, its lists and their records; empty when no list has a category."""
        latest = latest_versions(self.checklists)
        sums: dict[str, list[int]] = {}
        for totals in self.result.checklists:
            category = latest[totals.checklist].category if totals.checklist in latest else None
            if category is not None:
                row = sums.setdefault(category, [0, 0, 0, 0])
                for index, value in enumerate((1, totals.owed, totals.complete, totals.overdue)):
                    row[index] += value
        if not sums:
            return []
        rows: Rows = [
            headings(
                language,
                ("类别", "category"),
                ("清单数", "lists"),
                ("应完成项", "owed"),
                ("已完成", "complete"),
                ("逾期", "overdue"),
                ("完成率", "completion"),
            )
        ]
        for category, (lists, owed, complete, overdue) in sorted(sums.items()):
            label = self.names.get(f"checklist_category/{category}")
            rows.append(
                [
                    category if label is None else label.text(language),
                    str(lists),
                    str(owed),
                    str(complete),
                    str(overdue),
                    _rate(complete, owed),
                ]
            )
        return rows

    def _holders(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("人员", "holder"),
                ("应完成项", "owed"),
                ("已完成", "complete"),
                ("逾期", "overdue"),
                ("完成率", "completion"),
            )
        ]
        rows.extend(
            [
                self._person(totals),
                str(totals.owed),
                str(totals.complete),
                str(totals.overdue),
                _rate(totals.complete, totals.owed),
            ]
            for totals in self.result.holders
        )
        return rows

    def _items(self, language: Language, records: tuple[ItemResult, ...]) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("清单", "checklist"),
                ("事项", "item"),
                ("人员", "holder"),
                ("期间", "period"),
                ("截止日期", "due"),
                ("缺少佐证", "missing evidence"),
                ("审核状态", "review"),
            )
        ]
        for record in records:
            version = self._label(record.checklist, record.version)
            item = None if version is None else version.item(record.item)
            rows.append(
                [
                    self._checklist_name(record.checklist, language),
                    record.item if item is None else item.label.text(language),
                    self._person(record),
                    record.period or _NONE,
                    _NONE if record.due is None else record.due.isoformat(),
                    ", ".join(record.missing) or _NONE,
                    STATE_LABELS[record.state].text(language),
                ]
            )
        return rows
