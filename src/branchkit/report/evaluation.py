"""A branch's evaluation as JSON, as titled tables, as Markdown and as a workbook.

The tables are what an organiser pastes into a work summary, in reading order:

1. ``scorecards``: per standard the overall score, the grade given (the band the score
   reached, capped by the vetoes that applied), the vetoes, how the criteria were weighed
   (given weights, equal weights, or the Analytic Hierarchy Process with its consistency
   ratio) and the indicators the standard reads that were not given;
2. ``criteria``: per standard and criterion its weight, score, points (weight times score)
   and the indicators behind it, each with its share of the criterion;
3. ``areas``: per area of the framework the mean attainment of its scored indicators;
4. ``indicators``: per indicator its area, practice, value, target, status (met, partly met,
   not met; informational without a target) and attainment;
5. ``comparison``, when an earlier evaluation is given: per standard the overall score, the
   grade, each criterion's score and each indicator's value, earlier and now, and which way
   it went;
6. the sections plugins add to the framework's reports (``branchkit_report_sections``), as
   tables: a section's paragraphs as a one-column table, its figures as a two-column one, and
   each of its tables as it is.

The ids of the records behind each indicator stay out of the tables (a table is for reading);
the JSON (:meth:`EvaluationReport.to_json`) carries them, with the complete evaluation, the
earlier one and the comparisons, through the :class:`~branchkit.report.disclosure.Disclosure`.
A workbook (:meth:`EvaluationReport.sheets`) has a scorecard sheet, one sheet per area with
its indicators, the comparison and the plugins' sections.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.framework import Area, Framework, Practice
>>> from branchkit.framework.evaluation import Evaluation
>>> from branchkit.framework.indicators import Indicator
>>> from branchkit.framework.scorecard import score
>>> from branchkit.framework.standard import Criterion, GradeBand, IndicatorLink, Standard
>>> from branchkit.records import Label, Period
>>> from branchkit.report.evaluation import EvaluationReport
>>> framework = Framework(
...     key="demo", label=Label(zh="示例支部", en="Demo branch"),
...     organisation=Label(zh="示例学院", en="Demo College"),
...     areas=(Area(key="students", label=Label(zh="服务学生发展", en="Student development"),
...                 approach=Label(zh="三机制", en="Three mechanisms"),
...                 practices=(Practice(key="party-days",
...                                     label=Label(zh="主题党日", en="Party days")),)),))
>>> days = Indicator.judged(
...     key="days", label=Label(zh="主题党日次数", en="Party days held"), practice="party-days",
...     value=Decimal(9), unit=Label(zh="次", en="sessions"), target=Decimal(12),
...     records=("e1", "e2"), area="students")
>>> standard = Standard(
...     key="demo", label=Label(zh="示例标准", en="Demo standard"),
...     criteria=(Criterion(key="education", label=Label(zh="教育党员有力", en="Education")),),
...     links=(IndicatorLink(indicator="days", criterion="education"),),
...     bands=(GradeBand(key="pass", label=Label(zh="合格", en="pass"), at_least=Decimal(0)),
...            GradeBand(key="good", label=Label(zh="良好", en="good"), at_least=Decimal(70))))
>>> card = score(standard, [days], unit="demo", areas=["students"])
>>> evaluation = Evaluation(
...     framework="demo", period=Period.parse("2021-2022"), as_of=dt.date(2022, 8, 31),
...     indicators=(days,), scorecards=(card,), rules="ab" * 32, data="cd" * 32)
>>> report = EvaluationReport(framework=framework, evaluation=evaluation,
...                           standards={"demo": standard})
>>> print(report.heading("en"))
Demo branch · academic year 2021-2022 · 2022-08-31 · rules abababababab · data cdcdcdcdcdcd
>>> [table.key for table in report.tables("en")]
['scorecards', 'criteria', 'areas', 'indicators']
>>> report.tables("zh")[0].rows[1]
['示例标准', '75.00', '良好', '良好', '—', '等权重', '—']
>>> for row in report.tables("en")[3].rows:
...     print(" | ".join(row))
area | practice | indicator | value | target | status | attainment
Student development | Party days | Party days held | 9 sessions | 12 sessions | partly met | 75.00%
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import cattrs

from branchkit.framework.evaluation import Evaluation
from branchkit.framework.indicators import Indicator, Status
from branchkit.framework.model import Framework
from branchkit.framework.scorecard import (
    Change,
    Comparison,
    Contribution,
    Direction,
    Scorecard,
    compare,
)
from branchkit.framework.standard import Standard
from branchkit.ledger.store import Head
from branchkit.plugins.contributions import Block, Metric, Paragraph, ReportContext, ReportSection
from branchkit.plugins.contributions import Table as BlockTable
from branchkit.records.dataset import Dataset
from branchkit.records.labels import Label, Language
from branchkit.report.disclosure import Disclosure
from branchkit.report.ranking import ledger_json
from branchkit.report.tables import Table, headings, json_text

__all__ = ["EvaluationReport", "compare_evaluations", "sheet_names"]

Rows = list[list[str]]

#: Shown where there is nothing to show: no target, no score, no veto.
_NOTHING = "—"

_STATUS = {
    Status.MET: Label(zh="达标", en="met"),
    Status.PARTLY: Label(zh="部分达标", en="partly met"),
    Status.NOT_MET: Label(zh="未达标", en="not met"),
}
#: The status of an indicator without a target: shown, never scored.
_INFORMATIONAL = Label(zh="仅供参考", en="informational")

_DIRECTION = {
    Direction.ROSE: Label(zh="上升", en="rose"),
    Direction.FELL: Label(zh="下降", en="fell"),
    Direction.SAME: Label(zh="持平", en="same"),
    Direction.NEW: Label(zh="新增", en="new"),
    Direction.GONE: Label(zh="不再有", en="gone"),
}

_WEIGHTING = {
    "given": Label(zh="给定权重", en="given weights"),
    "equal": Label(zh="等权重", en="equal weights"),
}

_OVERALL = Label(zh="总分", en="overall")
_GRADE = Label(zh="等级", en="grade")
_NOT_SCORED = Label(zh="不计分", en="not scored")
_MISSING = Label(zh="缺失", en="missing")
#: A grade changed between bands of unknown order.
_CHANGED = Label(zh="变化", en="changed")

#: Characters Excel refuses in a sheet's name, and its longest name.
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
_SHEET_LENGTH = 31

_FOUR_PLACES = decimal.Decimal("0.0001")


def _number(value: decimal.Decimal) -> str:
    """A decimal as written, never in exponent form (``8``, ``87.50``)."""
    return format(value, "f")


def _with_unit(value: str, unit: Label, language: Language) -> str:
    text = unit.text(language)
    # Percentages read "87.50%"; counts "8 次" or "8 events".
    return f"{value}{text}" if text == "%" else f"{value} {text}"


def _percent(share: decimal.Decimal) -> str:
    """A share from 0 to 1, rounded half up to 4 places, as a percentage (``75.00%``)."""
    exact = share.quantize(_FOUR_PLACES, rounding=decimal.ROUND_HALF_UP)
    return f"{exact * 100:.2f}%"


def _signed(change: decimal.Decimal) -> str:
    return _number(change) if change == 0 else format(change, "+f")


def _joined(items: Iterable[str], language: Language) -> str:
    found = list(items)
    if not found:
        return _NOTHING
    return ("、" if language == "zh" else ", ").join(found)


def compare_evaluations(current: Evaluation, earlier: Evaluation) -> tuple[Comparison, ...]:
    """What changed per standard from ``earlier`` to ``current``.

    Each scorecard of ``current`` is compared with the earlier scorecard of the same standard
    (:func:`~branchkit.framework.scorecard.compare`); a standard only one of them was scored
    against has no comparison.

    :param current: the newer evaluation.
    :param earlier: the older evaluation (of the same branch, a year before, say).
    """
    before = {card.standard: card for card in earlier.scorecards}
    return tuple(
        compare(card, before[card.standard])
        for card in current.scorecards
        if card.standard in before
    )


def sheet_names(titles: Iterable[str]) -> tuple[str, ...]:
    r"""Names a workbook accepts for sheets with these titles, in order, each once.

    Excel refuses ``[ ] : * ? / \`` in a name, a name beginning or ending with ``'``, names
    of more than 31 characters and two names that differ only in case: the characters become
    ``_``, a long name is cut, and a repeated name gets `` (2)``, `` (3)``, ...

    >>> from branchkit.report.evaluation import sheet_names
    >>> sheet_names(["领域: 学生/教师", "Scorecard", "scorecard", ""])
    ('领域_ 学生_教师', 'Scorecard', 'scorecard (2)', 'Sheet')
    """
    taken: set[str] = set()
    names: list[str] = []
    for title in titles:
        base = title.translate(_SHEET_FORBIDDEN).strip().strip("'")[:_SHEET_LENGTH] or "Sheet"
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: _SHEET_LENGTH - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return tuple(names)


@attrs.frozen(kw_only=True)
class EvaluationReport:
    """Everything ``branchkit evaluate`` reports, ready to write in any format.

    :param framework: the framework evaluated, for the names of its branch, areas and
        practices.
    :param evaluation: the evaluation.
    :param standards: the standards plugins contribute, by key, as
        :func:`~branchkit.framework.evaluation.evaluate` was given them; the framework's own
        are added, and each is joined with the framework's alignment to it (its vetoes), for
        the names of grade bands and vetoes.
    :param earlier: the evaluation to compare with (the same branch a year before), if any.
    :param sections: the sections plugins add to the framework's reports, in order.
    :param dataset: the records, for the plugins' sections.
    :param disclosure: what the report may show.
    :param ledger: the head of the points ledger the staged schemes' candidates were read
        from, if they were; the heading, the JSON and the HTML page's footer name it.
    """

    framework: Framework
    evaluation: Evaluation
    standards: Mapping[str, Standard] = attrs.field(factory=dict, repr=False)
    earlier: Evaluation | None = None
    sections: tuple[ReportSection, ...] = ()
    dataset: Dataset = attrs.field(factory=Dataset, repr=False)
    disclosure: Disclosure = attrs.field(factory=Disclosure)
    ledger: Head | None = None
    _aligned: Mapping[str, Standard] = attrs.field(init=False, repr=False, eq=False)

    @_aligned.default
    def _align(self) -> Mapping[str, Standard]:
        known = {**self.standards, **{found.key: found for found in self.framework.standards}}
        for alignment in self.framework.alignments:
            if alignment.standard in known:
                known[alignment.standard] = known[alignment.standard].aligned(alignment)
        return known

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """Per standard, what changed since the earlier evaluation; empty without one."""
        if self.earlier is None:
            return ()
        return compare_evaluations(self.evaluation, self.earlier)

    # --- JSON --------------------------------------------------------------------------------

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole report as JSON text with sorted keys: the same input, the same bytes.

        Three keys: ``evaluation`` (the complete
        :class:`~branchkit.framework.evaluation.Evaluation`), ``earlier`` (the evaluation
        compared with, or ``null``) and ``comparisons`` (one
        :class:`~branchkit.framework.scorecard.Comparison` per standard both were scored
        against), each through the disclosure. The ids of the records behind each indicator
        are identifiers (some sources give people's: the mentees paired, the candidates
        selected), so each is disclosed as one
        (:meth:`~branchkit.report.disclosure.Disclosure.identifier`): a pseudonym when the
        output is pseudonymised, ``<redacted>`` for a reader who may not see personal fields.
        A small count of people that sensitive records single out is withheld as
        :meth:`withheld` says: its ``value``, its ``attainment`` in the scorecards and its
        figures in the comparisons are the text ``"<k"`` instead of a number.

        :param converter: the converter that unstructures the results.
        """
        earlier = None if self.earlier is None else self._disclosed(self.earlier, converter)
        comparisons = self.disclosure.unstructure(
            self.comparisons, converter, tuple[Comparison, ...]
        )
        before, now = self._withheld_counts(self.earlier), self._withheld_counts(self.evaluation)
        for comparison in comparisons:
            for change in comparison["indicators"]:
                key = change["key"]
                if key in before or key in now:
                    if change["change"] is not None:
                        change["change"] = before.get(key) or now[key]
                    for side, withheld in (("earlier", before), ("current", now)):
                        if key in withheld and change[side] is not None:
                            change[side] = withheld[key]
        document: dict[str, Any] = {
            "evaluation": self._disclosed(self.evaluation, converter),
            "earlier": earlier,
            "comparisons": comparisons,
        }
        if self.ledger is not None:
            document["ledger"] = ledger_json(self.ledger)
        return json_text(document)

    def _disclosed(self, evaluation: Evaluation, converter: cattrs.Converter) -> Any:
        data = self.disclosure.unstructure(evaluation, converter, Evaluation)
        indicators = [
            *data["indicators"],
            *(item["indicator"] for card in data["scorecards"] for item in card["indicators"]),
        ]
        for indicator in indicators:
            indicator["records"] = [self.disclosure.identifier(id) for id in indicator["records"]]
        withheld = self._withheld_counts(evaluation)
        for indicator in data["indicators"]:
            if indicator["key"] in withheld:
                indicator["value"] = withheld[indicator["key"]]
        for card in data["scorecards"]:
            for item in card["indicators"]:
                shown = withheld.get(item["indicator"]["key"])
                if shown is not None:
                    item["indicator"]["value"] = item["attainment"] = shown
            for criterion in card["criteria"]:
                for contribution in criterion["contributions"]:
                    shown = withheld.get(contribution["indicator"])
                    if shown is not None and contribution["attainment"] is not None:
                        contribution["attainment"] = shown
        return data

    def withheld(self, indicator: Indicator) -> str | None:
        """What shows in place of ``indicator``'s value when the disclosure withholds it.

        A count of people that sensitive records single out
        (:attr:`~branchkit.framework.indicators.Indicator.sensitive_count`) from 1 to
        ``k - 1`` shows as ``"<k"``, unless the viewer may see small groups; its attainment,
        and anything else that would give the count away, is withheld with it. ``None`` when
        the value is shown.

        :param indicator: an indicator of either evaluation.
        """
        if not indicator.sensitive_count or indicator.value != int(indicator.value):
            return None
        shown = self.disclosure.count(int(indicator.value))
        return shown if isinstance(shown, str) else None

    def _withheld_counts(self, evaluation: Evaluation | None) -> dict[str, str]:
        found = {}
        for indicator in evaluation.indicators if evaluation is not None else ():
            shown = self.withheld(indicator)
            if shown is not None:
                found[indicator.key] = shown
        return found

    # --- tables ------------------------------------------------------------------------------

    def heading(self, language: Language) -> str:
        """The line above the tables: the branch, the period, the day judged, the fingerprints.

        The fingerprints of the rules and of the data are cut to their first 12 hex digits, as
        is the hash of the ledger's head when the candidates were read from a ledger.

        :param language: the language of the names.
        """
        evaluation = self.evaluation
        rules, data = ("规则", "数据") if language == "zh" else ("rules", "data")
        ledger: tuple[str, ...] = ()
        if self.ledger is not None:
            word = "账本" if language == "zh" else "ledger"
            ledger = (f"{word} #{self.ledger.seq} {self.ledger.hash[:12]}",)
        return " · ".join(
            (
                self.framework.label.text(language),
                evaluation.period.label.text(language),
                evaluation.as_of.isoformat(),
                f"{rules} {evaluation.rules[:12]}",
                f"{data} {evaluation.data[:12]}",
                *ledger,
            )
        )

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The report's tables, in reading order; a table with no rows is left out.

        :param language: the language of titles and headings.
        """
        tables = [
            Table(
                key="scorecards",
                title=Label(zh="评价结果", en="Scorecards"),
                rows=self._scorecards(language),
            ),
            Table(
                key="criteria",
                title=Label(zh="评价准则得分", en="Criteria"),
                rows=self._criteria(language),
            ),
            Table(key="areas", title=Label(zh="领域得分", en="Areas"), rows=self._areas(language)),
            Table(
                key="indicators",
                title=Label(zh="指标", en="Indicators"),
                rows=self._indicators(language, self.evaluation.indicators),
            ),
        ]
        if self.earlier is not None:
            period = self.earlier.period.label
            tables.append(
                Table(
                    key="comparison",
                    title=Label(zh=f"与{period.zh}比较", en=f"Compared with {period.en}"),
                    rows=self._comparison(language),
                )
            )
        tables.extend(self._section_tables(language))
        return tuple(table for table in tables if len(table.rows) > 1)

    def sheets(self, language: Language) -> tuple[tuple[str, Rows], ...]:
        """The report as the sheets of a workbook: ``(name, rows)`` in order.

        A scorecard sheet (the heading line, then the scorecards, criteria and areas, each
        under its title), one sheet per area with its indicators, the comparison when there is
        one (under its title, which names the earlier period), and one sheet per plugin
        section. Names are the titles, made fit for Excel by :func:`sheet_names`.

        :param language: the language of names and headings.
        """
        by_key = {table.key: table for table in self.tables(language)}
        summary: Rows = [[self.heading(language)]]
        for key in ("scorecards", "criteria", "areas"):
            if key in by_key:
                summary.extend([[], [by_key[key].title.text(language)], *by_key[key].rows])
        titled: list[tuple[str, Rows]] = [(_sheet_title(language), summary)]
        for area in self.framework.areas:
            indicators = [i for i in self.evaluation.indicators if i.area == area.key]
            if indicators:
                rows = self._indicators(language, indicators)
                titled.append((area.label.text(language), [row[1:] for row in rows]))
        if "comparison" in by_key:
            # The title names the earlier period, and is too long for a sheet's name.
            table = by_key["comparison"]
            name = "与上期比较" if language == "zh" else "Comparison"
            titled.append((name, [[table.title.text(language)], *table.rows]))
        # One sheet per section: its tables one under another.
        sections: dict[str, tuple[str, Rows]] = {}
        for table in by_key.values():
            if table.key.startswith("section:"):
                section = table.key.split(":")[1]
                _, rows = sections.setdefault(section, (table.title.text(language), []))
                rows.extend([[], *table.rows] if rows else table.rows)
        titled.extend(sections.values())
        names = sheet_names(title for title, _ in titled)
        return tuple((name, rows) for name, (_, rows) in zip(names, titled, strict=True))

    # --- the parts ---------------------------------------------------------------------------

    def _standard(self, key: str) -> Standard | None:
        return self._aligned.get(key)

    def standard_label(self, key: str, language: Language) -> str:
        """The name of the standard ``key`` in ``language``; the key when it is unknown."""
        standard = self._standard(key)
        return key if standard is None else standard.label.text(language)

    def band_label(self, standard: str, key: str, language: Language) -> str:
        """The name of the grade band ``key`` of ``standard``; the key when it is unknown."""
        found = self._standard(standard)
        for band in found.bands if found is not None else ():
            if band.key == key:
                return band.label.text(language)
        return key

    def _veto(self, standard: str, key: str, language: Language) -> str:
        found = self._standard(standard)
        for veto in found.vetoes if found is not None else ():
            if veto.key == key:
                return veto.label.text(language)
        return key

    def _indicator_name(self, key: str, language: Language) -> str:
        for evaluation in (self.evaluation, self.earlier):
            for indicator in evaluation.indicators if evaluation is not None else ():
                if indicator.key == key:
                    return indicator.label.text(language)
        return key

    def _area_name(self, key: str | None, language: Language) -> str:
        for area in self.framework.areas:
            if area.key == key:
                return area.label.text(language)
        return key or _NOTHING

    def _practice_name(self, key: str, language: Language) -> str:
        for practice in self.framework.practices:
            if practice.key == key:
                return practice.label.text(language)
        return key

    def _weighting(self, card: Scorecard, language: Language) -> str:
        if card.ahp is not None:
            ratio = f"{card.ahp.cr:.4f}"
            return f"AHP（CR = {ratio}）" if language == "zh" else f"AHP (CR = {ratio})"
        return _WEIGHTING[card.weighting].text(language)

    def _scorecards(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("评价标准", "standard"),
                ("总分", "overall"),
                ("等级", "grade"),
                ("得分所达等级", "band reached"),
                ("一票否决", "vetoes applied"),
                ("权重", "weighting"),
                ("缺失指标", "indicators missing"),
            )
        ]
        for card in self.evaluation.scorecards:
            key = card.standard
            rows.append(
                [
                    self.standard_label(key, language),
                    _number(card.overall),
                    self.band_label(key, card.grade, language),
                    self.band_label(key, card.reached, language),
                    _joined((self._veto(key, veto, language) for veto in card.vetoes), language),
                    self._weighting(card, language),
                    _joined((self._indicator_name(i, language) for i in card.missing), language),
                ]
            )
        return rows

    def _contribution(self, item: Contribution, language: Language) -> str:
        name = self._indicator_name(item.indicator, language)
        if item.missing:
            note = _MISSING.text(language)
        elif item.share is None:
            note = _NOT_SCORED.text(language)
        else:
            note = _number(item.share)
        return f"{name}（{note}）" if language == "zh" else f"{name} ({note})"

    def _criteria(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("评价标准", "standard"),
                ("评价准则", "criterion"),
                ("权重", "weight"),
                ("得分", "score"),
                ("加权得分", "points"),
                ("指标（占比）", "indicators (share)"),
            )
        ]
        for card in self.evaluation.scorecards:
            standard = self.standard_label(card.standard, language)
            rows.extend(
                [
                    standard,
                    criterion.label.text(language),
                    _number(criterion.weight),
                    _number(criterion.score),
                    _number(criterion.points),
                    _joined(
                        (self._contribution(item, language) for item in criterion.contributions),
                        language,
                    ),
                ]
                for criterion in card.criteria
            )
        return rows

    def _areas(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language, ("领域", "area"), ("得分", "score"), ("计分指标数", "indicators scored")
            )
        ]
        if not self.evaluation.scorecards:
            return rows
        # An area's score is its indicators' mean attainment, whatever the standard.
        for area in self.evaluation.scorecards[0].areas:
            rows.append(
                [
                    self._area_name(area.key, language),
                    _NOTHING if area.score is None else _number(area.score),
                    str(len(area.indicators)),
                ]
            )
        return rows

    def _indicators(self, language: Language, indicators: Sequence[Indicator]) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("领域", "area"),
                ("做法", "practice"),
                ("指标", "indicator"),
                ("数值", "value"),
                ("目标", "target"),
                ("状态", "status"),
                ("达成度", "attainment"),
            )
        ]
        for indicator in indicators:
            withheld = self.withheld(indicator)
            attainment = None if withheld is not None else indicator.attainment
            value = _number(indicator.value) if withheld is None else withheld
            rows.append(
                [
                    self._area_name(indicator.area, language),
                    self._practice_name(indicator.practice, language),
                    indicator.label.text(language),
                    _with_unit(value, indicator.unit, language),
                    _NOTHING
                    if indicator.target is None
                    else _with_unit(_number(indicator.target), indicator.unit, language),
                    (
                        _INFORMATIONAL if indicator.status is None else _STATUS[indicator.status]
                    ).text(language),
                    _NOTHING if attainment is None else _percent(attainment),
                ]
            )
        return rows

    def _unit(self, key: str) -> Label | None:
        for evaluation in (self.evaluation, self.earlier):
            for indicator in evaluation.indicators if evaluation is not None else ():
                if indicator.key == key:
                    return indicator.unit
        return None

    def _change_row(
        self,
        standard: str,
        item: str,
        change: Change,
        unit: Label | None,
        language: Language,
        *,
        withheld: tuple[str | None, str | None] = (None, None),
    ) -> list[str]:
        """One row of the comparison; ``withheld`` is what shows for each figure withheld."""

        def shown(value: decimal.Decimal | None, instead: str | None) -> str:
            if value is None:
                return _NOTHING
            text = _number(value) if instead is None else instead
            return text if unit is None else _with_unit(text, unit, language)

        earlier, current = withheld
        hidden = earlier is not None or current is not None
        return [
            standard,
            item,
            shown(change.earlier, earlier),
            shown(change.current, current),
            _NOTHING if change.change is None or hidden else _signed(change.change),
            _DIRECTION[change.direction].text(language),
        ]

    def _comparison(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("评价标准", "standard"),
                ("项目", "item"),
                ("上期", "earlier"),
                ("本期", "now"),
                ("变化", "change"),
                ("趋势", "direction"),
            )
        ]
        earlier_cards = (
            {} if self.earlier is None else {c.standard: c for c in self.earlier.scorecards}
        )
        current_cards = {c.standard: c for c in self.evaluation.scorecards}
        before, now = self._withheld_counts(self.earlier), self._withheld_counts(self.evaluation)
        for comparison in self.comparisons:
            key = comparison.standard
            standard = self.standard_label(key, language)
            rows.append(
                self._change_row(
                    standard, _OVERALL.text(language), comparison.overall, None, language
                )
            )
            rows.append(
                [
                    standard,
                    _GRADE.text(language),
                    self.band_label(key, comparison.earlier_grade, language),
                    self.band_label(key, comparison.grade, language),
                    _NOTHING,
                    self._grade_direction(key, comparison).text(language),
                ]
            )
            names = {
                c.key: c.label
                for card in (earlier_cards.get(key), current_cards.get(key))
                if card is not None
                for c in card.criteria
            }
            for change in comparison.criteria:
                label = names.get(change.key)
                item = change.key if label is None else label.text(language)
                rows.append(self._change_row(standard, item, change, None, language))
            for change in sorted(comparison.indicators, key=self._indicator_order):
                item = self._indicator_name(change.key, language)
                withheld = (before.get(change.key), now.get(change.key))
                unit = self._unit(change.key)
                rows.append(
                    self._change_row(standard, item, change, unit, language, withheld=withheld)
                )
        return rows

    def _indicator_order(self, change: Change) -> tuple[int, str]:
        """The framework's order of indicators; those only the earlier evaluation has last."""
        keys = [indicator.key for indicator in self.evaluation.indicators]
        return (keys.index(change.key) if change.key in keys else len(keys), change.key)

    def _grade_direction(self, standard: str, comparison: Comparison) -> Label:
        if comparison.grade == comparison.earlier_grade:
            return _DIRECTION[Direction.SAME]
        found = self._standard(standard)
        order = {} if found is None else {band.key: i for i, band in enumerate(found.bands)}
        now, before = order.get(comparison.grade), order.get(comparison.earlier_grade)
        if now is None or before is None:
            return _CHANGED
        return _DIRECTION[Direction.ROSE if now > before else Direction.FELL]

    # --- the plugins' sections ---------------------------------------------------------------

    def _section_tables(self, language: Language) -> Iterator[Table]:
        context = ReportContext(
            framework=self.framework,
            dataset=self.dataset,
            period=self.evaluation.period,
            language=language,
        )
        # A section is written without the disclosure; the people it names are disclosed here.
        shown = self.disclosure.people_in_text(self.dataset.people)
        for section in self.sections:
            blocks = tuple(section.build(context))
            for index, rows in enumerate(_block_tables(blocks, language)):
                yield Table(
                    key=f"section:{section.key}:{index}",
                    title=section.label,
                    rows=[[shown(cell) for cell in row] for row in rows],
                )


def _block_tables(blocks: Sequence[Block], language: Language) -> Iterator[Rows]:
    """A section's blocks as tables: runs of paragraphs, runs of figures, and each table."""
    run: Rows = []
    kind: type | None = None
    for block in blocks:
        if isinstance(block, BlockTable):
            if run:
                yield run
            run, kind = [], None
            yield [
                [column.text(language) for column in block.columns],
                *([str(cell) for cell in row] for row in block.rows),
            ]
            continue
        if type(block) is not kind and run:
            yield run
            run = []
        kind = type(block)
        if isinstance(block, Paragraph):
            if not run:
                run.append(headings(language, ("说明", "note")))
            run.append([block.text.text(language)])
        elif isinstance(block, Metric):
            if not run:
                run.append(headings(language, ("项目", "item"), ("数值", "value")))
            value = str(block.value)
            if block.unit is not None:
                value = _with_unit(value, block.unit, language)
            run.append([block.label.text(language), value])
    if run:
        yield run


def _sheet_title(language: Language) -> str:
    return "评分" if language == "zh" else "Scorecard"
