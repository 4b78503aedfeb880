"""A contact network and its assistance cases as JSON and as titled tables.

The tables are what an organiser reads: per tier its coverage and load, the gaps with their
reasons, the contacts overdue, the persons and units helped per plan, the follow-ups overdue,
and (when asked for) the proposed ties. Every value goes through a
:class:`~branchkit.report.disclosure.Disclosure`: identifiers may become pseudonyms, fields the
viewer may not see are redacted, and small counts of people show as ``"<k"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from branchkit.mechanisms.contacts.assistance import AssistanceCase, AssistancePlan, CaseSummary
from branchkit.mechanisms.contacts.network import NetworkResult, Tier
from branchkit.mechanisms.contacts.over_time import TierCoverageOver
from branchkit.mechanisms.contacts.suggest import Suggestion
from branchkit.records.labels import Label, Language
from branchkit.records.people import Person
from branchkit.records.sensitivity import Sensitivity
from branchkit.records.units import Unit
from branchkit.report.disclosure import Disclosure
from branchkit.report.tables import Table, headings, json_text

__all__ = ["ContactsReport"]

Rows = list[list[str]]


_GAP_KINDS: Mapping[str, Label] = {
    "uncovered": Label(zh="未覆盖", en="uncovered"),
    "holder_unknown": Label(zh="联系人不明", en="holder unknown"),
    "holder_without_role": Label(zh="联系人已离任", en="holder without the role"),
    "target_unknown": Label(zh="对象不明", en="target unknown"),
    "target_gone": Label(zh="对象已不在", en="target gone"),
    "wrong_target": Label(zh="对象不符", en="wrong target"),
    "own_unit": Label(zh="联系本人所在单位", en="own unit"),
}


def _text(value: object) -> str:
    return "" if value is None else str(value)


@attrs.frozen(kw_only=True)
class ContactsReport:
    """Everything ``branchkit contacts`` reports, ready to write in any format.

    :param framework: the framework's key.
    :param tiers: the tiers, for their names.
    :param plans: the assistance plans, for their names.
    :param network: the network as of the day.
    :param cases: the assistance cases summed up, if the data has cases.
    :param case_list: the cases themselves, listed only for a viewer who may see sensitive
        fields: being on the list at all says that a person is helped.
    :param service_names: the names of the kinds of service, by key.
    :param over: each tier's coverage over the period the report looks back on, if given.
    :param suggestions: the proposed ties per tier, when asked for.
    :param people: the people, for the names of people tied to.
    :param units: the units, for their names.
    :param disclosure: what the report may show.
    """

    framework: str
    tiers: tuple[Tier, ...]
    plans: tuple[AssistancePlan, ...]
    network: NetworkResult
    cases: CaseSummary | None = None
    case_list: tuple[AssistanceCase, ...] = ()
    service_names: Mapping[str, Label] = attrs.field(factory=dict)
    over: tuple[TierCoverageOver, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    people: Mapping[str, Person] = attrs.field(factory=dict)
    units: Mapping[str, Unit] = attrs.field(factory=dict)
    disclosure: Disclosure = attrs.field(factory=Disclosure)

    # --- JSON --------------------------------------------------------------------------------

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole report as JSON text with sorted keys: the same input, the same bytes.

        :param converter: the converter that unstructures the results.
        """
        shown = self.disclosure
        document: dict[str, Any] = {
            "framework": self.framework,
            "as_of": self.network.as_of.isoformat(),
            "network": shown.unstructure(self.network, converter),
            "cases": None if self.cases is None else shown.unstructure(self.cases, converter),
            "case_list": shown.unstructure(
                self._listed_cases(), converter, tuple[AssistanceCase, ...]
            ),
            "coverage_over": shown.unstructure(self.over, converter, tuple[TierCoverageOver, ...]),
            "suggestions": shown.unstructure(self.suggestions, converter, tuple[Suggestion, ...]),
        }
        return json_text(document)

    # --- tables ------------------------------------------------------------------------------

    def heading(self, language: Language) -> str:
        """The line above the tables: the framework and the day.

        :param language: the language of the names.
        """
        del language  # the day reads the same in both
        return self.network.as_of.isoformat()

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The report's tables, in reading order; a table with no rows is left out.

        :param language: the language of titles, headings and reasons.
        """
        tables = [
            Table(
                key="coverage",
                title=Label(zh="覆盖与负荷", en="Coverage and load"),
                rows=self._coverage(language),
            ),
            Table(key="gaps", title=Label(zh="缺口", en="Gaps"), rows=self._gaps(language)),
            Table(
                key="overdue",
                title=Label(zh="逾期未联系", en="Contacts overdue"),
                rows=self._overdue(language),
            ),
        ]
        if self.cases is not None:
            tables.append(
                Table(
                    key="assistance",
                    title=Label(zh="帮扶情况", en="Assistance"),
                    rows=self._assistance(self.cases, language),
                )
            )
            tables.append(
                Table(
                    key="cases",
                    title=Label(zh="帮扶对象", en="Cases"),
                    rows=self._case_list(language),
                )
            )
            tables.append(
                Table(
                    key="follow_ups",
                    title=Label(zh="逾期未跟进", en="Follow-ups overdue"),
                    rows=self._follow_ups(self.cases, language),
                )
            )
        if self.suggestions:
            tables.append(
                Table(
                    key="suggestions",
                    title=Label(zh="建议分工", en="Proposed ties"),
                    rows=self._suggestions(language),
                )
            )
        return tuple(table for table in tables if len(table.rows) > 1)

    def _tier_name(self, key: str, language: Language) -> str:
        for tier in self.tiers:
            if tier.key == key:
                return tier.label.text(language)
        return key

    def _target(self, tier_key: str, target: str) -> str:
        """A target as shown: its id (or pseudonym) and, for a unit, its public name."""
        tier = next((t for t in self.tiers if t.key == tier_key), None)
        shown = self.disclosure.identifier(target)
        if self.disclosure.pseudonymiser is not None:
            return shown  # a name beside a pseudonym would undo it
        unit = self.units.get(target)
        if tier is not None and not tier.covers_people and unit is not None:
            return f"{shown} {unit.name}" if unit.name != target else shown
        return self.disclosure.with_name(shown, self.people.get(target))

    def _holder(self, holder: str | None) -> str:
        if holder is None:
            return ""
        return self.disclosure.with_name(
            self.disclosure.identifier(holder), self.people.get(holder)
        )

    def _coverage(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("层级", "tier"),
                ("对象数", "targets"),
                ("已覆盖", "covered"),
                ("未覆盖", "uncovered"),
                ("联系人数", "holders"),
                ("最少", "min"),
                ("平均", "mean"),
                ("最多", "max"),
                ("超出上限", "over limit"),
                ("无效联系", "invalid ties"),
                ("逾期联系", "overdue"),
            )
        ]
        always = {item.tier: item for item in self.over}
        if always:
            period = self.over[0].period
            rows[0].append(
                f"{period.start}至{period.end}始终覆盖"
                if language == "zh"
                else f"covered throughout {period.start} to {period.end}"
            )
        for result in self.network.tiers:
            load = result.load
            invalid = sum(gap.kind != "uncovered" for gap in result.gaps)
            rows.append(
                [
                    self._tier_name(result.tier, language),
                    str(len(result.coverage)),
                    str(result.covered),
                    str(len(result.coverage) - result.covered),
                    str(load.holders),
                    str(load.minimum),
                    str(load.mean),
                    str(load.maximum),
                    str(load.over_limit),
                    str(invalid),
                    str(len(result.overdue)),
                    *([str(always[result.tier].always_covered)] if result.tier in always else []),
                ]
            )
        return rows

    def _gaps(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("层级", "tier"),
                ("类型", "kind"),
                ("对象", "target"),
                ("联系人", "holder"),
                ("说明", "reason"),
            )
        ]
        for result in self.network.tiers:
            tier = self._tier_name(result.tier, language)
            rows.extend(
                [
                    tier,
                    _GAP_KINDS[gap.kind].text(language),
                    self._target(result.tier, gap.target),
                    self._holder(gap.holder),
                    gap.reason.text(language),
                ]
                for gap in result.gaps
            )
        return rows

    def _overdue(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("层级", "tier"),
                ("对象", "target"),
                ("期间", "period"),
                ("最近联系", "last contact"),
            )
        ]
        for result in self.network.tiers:
            tier = self._tier_name(result.tier, language)
            rows.extend(
                [
                    tier,
                    self._target(result.tier, item.target),
                    item.period,
                    _text(item.last_contact),
                ]
                for item in result.overdue
            )
        return rows

    def _assistance(self, cases: CaseSummary, language: Language) -> Rows:
        shown = self.disclosure
        zh = language == "zh"
        rows: Rows = [headings(language, ("项目", "item"), ("数量", "count"))]
        rows.append(
            ["帮扶学生（人）" if zh else "persons helped", _text(shown.count(cases.persons))]
        )
        kinds = {"class": Label(zh="帮扶班级（个）", en="classes helped")}
        kinds["dorm"] = Label(zh="帮扶寝室（间）", en="dorms helped")
        for kind, count in sorted(cases.units_by_kind.items()):
            name = kinds[kind].text(language) if kind in kinds else kind
            rows.append([name, str(count)])
        rows.append(["在帮扶（件）" if zh else "open cases", str(cases.open_cases)])
        names = {plan.key: plan.label.text(language) for plan in self.plans}
        for category, count in sorted(cases.persons_by_category.items()):
            # A category no plan names is not shown by name: it could be anything.
            if category in names:
                label = f"{names[category]}（人）" if zh else f"{names[category]} (persons)"
                rows.append([label, _text(shown.count(count))])
        return rows

    def _listed_cases(self) -> tuple[AssistanceCase, ...]:
        shown = self.disclosure
        if not shown.policy.may_see(shown.viewer, Sensitivity.SENSITIVE):
            return ()
        return tuple(sorted(self.case_list, key=lambda case: case.id))

    def _case_list(self, language: Language) -> Rows:
        shown = self.disclosure
        names = {plan.key: plan.label.text(language) for plan in self.plans}
        rows: Rows = [
            headings(
                language,
                ("编号", "case"),
                ("学生", "person"),
                ("帮扶类别", "category"),
                ("责任人", "holder"),
                ("开始日期", "opened"),
                ("结束日期", "closed"),
                ("服务内容", "services"),
                ("帮扶措施", "plan"),
                ("帮扶成效", "outcome"),
            )
        ]
        for case in self._listed_cases():
            category = shown.value(case, "category")
            rows.append(
                [
                    case.id,
                    self._holder(case.person),
                    names.get(category, category),
                    self._holder(case.holder or None),
                    case.opened.isoformat(),
                    _text(case.closed),
                    "、".join(
                        self.service_names[key].text(language) if key in self.service_names else key
                        for key in case.services
                    ),
                    _text(shown.value(case, "plan")),
                    _text(shown.value(case, "outcome")),
                ]
            )
        return rows

    def _follow_ups(self, cases: CaseSummary, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("帮扶编号", "case"),
                ("责任人", "holder"),
                ("应跟进日期", "due"),
                ("最近跟进", "last follow-up"),
            )
        ]
        rows.extend(
            [item.case, self._holder(item.holder), item.due.isoformat(), _text(item.last)]
            for item in cases.overdue
        )
        return rows

    def _suggestions(self, language: Language) -> Rows:
        zh = language == "zh"
        rows: Rows = [
            headings(
                language,
                ("层级", "tier"),
                ("建议", "proposal"),
                ("对象", "target"),
                ("联系人", "holder"),
                ("说明", "note"),
            )
        ]
        for suggestion in self.suggestions:
            tier = self._tier_name(suggestion.tier, language)
            rows.extend(
                [
                    tier,
                    "新增" if zh else "add",
                    self._target(suggestion.tier, tie.target),
                    self._holder(tie.holder),
                    "",
                ]
                for tie in suggestion.added
            )
            rows.extend(
                [
                    tier,
                    "结束" if zh else "end",
                    self._target(suggestion.tier, tie.target),
                    self._holder(tie.holder),
                    "",
                ]
                for tie in suggestion.ended
            )
            rows.extend(
                [
                    tier,
                    "仍缺" if zh else "still short",
                    self._target(suggestion.tier, item.target),
                    "",
                    item.reason.text(language),
                ]
                for item in suggestion.unfilled
            )
        return rows
