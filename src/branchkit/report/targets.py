"""Progress towards counted targets as JSON and as titled tables.

The tables are what an organiser reads: per target its period, what it counts, the figure
required and reached, the share, the projection to the period's end and whether it is met (for
a target met for each partner or audience, how many of those listed reach the figure);
then each target's figure by partner organisation and by audience. Partners are named by the
terms of the vocabulary ``partner`` and audiences by those of ``audience``, where a plugin or
the data gives them; a key without a term is shown as it is. A target whose events name no
partner (or no audience) has no rows in that breakdown. The JSON carries every figure
with the events (and the participants) behind it, through a
:class:`~branchkit.report.disclosure.Disclosure`.

>>> import datetime as dt
>>> from branchkit.mechanisms.targets import Measure, Target, evaluate_targets
>>> from branchkit.records import Event, Label, Period
>>> from branchkit.report.targets import TargetsReport
>>> target = Target(key="sends", label=Label(zh="三送活动", en="Three Sends events"),
...                 at_least=2)
>>> events = [Event(id="s1", kind="volunteer_service", date=dt.date(2022, 3, 5),
...                 audience=("village",))]
>>> year, day = Period.parse("2022"), dt.date(2022, 6, 30)
>>> report = TargetsReport(
...     framework="demo", period=year, as_of=day, targets=(target,),
...     progress=evaluate_targets([target], events=events, period=year, as_of=day),
...     names={"audience/village": Label(zh="进乡村", en="villages")})
>>> [table.key for table in report.tables("en")]
['targets', 'audiences']
>>> report.tables("zh")[1].rows
[['目标', '服务对象', '完成', '预计期末', '活动'], ['三送活动', '进乡村', '1', '2', 's1']]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from branchkit.mechanisms.targets.model import Breakdown, Dimension, Target, TargetProgress
from branchkit.records.labels import Label, Language
from branchkit.records.periods import Period
from branchkit.report.disclosure import Disclosure
from branchkit.report.tables import Table, headings, json_text

__all__ = ["TargetsReport"]

Rows = list[list[str]]

#: The vocabulary that names each dimension's keys.
_VOCABULARY: Mapping[Dimension, str] = {
    Dimension.PARTNER: "partner",
    Dimension.AUDIENCE: "audience",
}

#: Shown for the counted events that name no partner (or no audience).
_NONE_NAMED = Label(zh="未注明", en="none named")

#: Shown where there is nothing to show: no projection before the period begins.
_NOTHING = "—"

_YES_NO = {True: Label(zh="是", en="yes"), False: Label(zh="否", en="no")}


@attrs.frozen(kw_only=True)
class TargetsReport:
    """Everything ``branchkit targets`` reports, ready to write in any format.

    :param framework: the framework's key.
    :param period: the period looked at (targets with a period of their own keep theirs).
    :param as_of: the day judged.
    :param targets: the targets, for their names.
    :param progress: each target's progress, as
        :func:`~branchkit.mechanisms.targets.evaluate_targets` gives it.
    :param names: names of vocabulary keys, keyed ``vocabulary/key`` (``partner/ccb``,
        ``audience/village``).
    :param disclosure: what the report may show.
    """

    framework: str
    period: Period
    as_of: dt.date
    targets: tuple[Target, ...] = ()
    progress: tuple[TargetProgress, ...] = ()
    names: Mapping[str, Label] = attrs.field(factory=dict)
    disclosure: Disclosure = attrs.field(factory=Disclosure)

    # --- JSON --------------------------------------------------------------------------------

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole report as JSON text with sorted keys: the same input, the same bytes.

        :param converter: the converter that unstructures the results.
        """
        document: dict[str, Any] = {
            "framework": self.framework,
            "period": converter.unstructure(self.period),
            "as_of": self.as_of.isoformat(),
            "targets": self.disclosure.unstructure(
                self.progress, converter, tuple[TargetProgress, ...]
            ),
        }
        return json_text(document)

    # --- tables ------------------------------------------------------------------------------

    def heading(self, language: Language) -> str:
        """The line above the tables: the period looked at and the day judged.

        :param language: the language of the period's name.
        """
        return f"{self.period.label.text(language)} · {self.as_of.isoformat()}"

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The report's tables, in reading order; a table with no rows is left out.

        :param language: the language of titles and headings.
        """
        tables = (
            Table(
                key="targets",
                title=Label(zh="目标完成情况", en="Targets"),
                rows=self._totals(language),
            ),
            Table(
                key="partners",
                title=Label(zh="按合作单位", en="By partner"),
                rows=self._breakdowns(Dimension.PARTNER, language),
            ),
            Table(
                key="audiences",
                title=Label(zh="按服务对象", en="By audience"),
                rows=self._breakdowns(Dimension.AUDIENCE, language),
            ),
        )
        return tuple(table for table in tables if len(table.rows) > 1)

    def _target(self, key: str, language: Language) -> str:
        for target in self.targets:
            if target.key == key:
                return target.label.text(language)
        return key

    def _name(self, dimension: Dimension, key: str | None, language: Language) -> str:
        if key is None:
            return _NONE_NAMED.text(language)
        label = self.names.get(f"{_VOCABULARY[dimension]}/{key}")
        return key if label is None else label.text(language)

    def _totals(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("目标", "target"),
                ("期间", "period"),
                ("计量", "measure"),
                ("要求", "required"),
                ("完成", "reached"),
                ("完成率", "share"),
                ("预计期末", "projected"),
                ("已达成", "met"),
                ("未达标", "short of"),
            )
        ]
        for item in self.progress:
            each = self._each(item.target)
            short = [self._name(each or Dimension.AUDIENCE, key, language) for key in item.short_of]
            if each is None:
                figures = [
                    str(item.required),
                    str(item.value),
                    f"{item.share:.0%}",
                    _NOTHING if item.projection is None else str(item.projection),
                ]
            else:
                figures = self._each_figures(item, each, language)
            rows.append(
                [
                    self._target(item.target, language),
                    item.period.label.text(language),
                    item.measure.label.text(language),
                    *figures,
                    _YES_NO[item.met].text(language),
                    "、".join(short) if language == "zh" else ", ".join(short),
                ]
            )
        return rows

    def _each_figures(self, item: TargetProgress, each: Dimension, language: Language) -> list[str]:
        """A target met for each partner or audience: its figures count those listed.

        The total over all of them would read as met when one of them is short, so the row
        shows how many of those listed reach the figure, now and as projected.
        """
        listed = next(t.groups(each) for t in self.targets if t.key == item.target)
        rows = item.partners if each is Dimension.PARTNER else item.audiences
        projected = {row.key for row in rows if (row.projection or 0) >= item.required}
        reached = len(listed) - len(item.short_of)
        required = f"每项{item.required}" if language == "zh" else f"{item.required} each"
        return [
            required,
            f"{reached}/{len(listed)}",
            f"{reached / len(listed):.0%}",
            _NOTHING
            if item.projection is None
            else f"{len(projected & set(listed))}/{len(listed)}",
        ]

    def _each(self, key: str) -> Dimension | None:
        for target in self.targets:
            if target.key == key:
                return target.each
        return None

    def _breakdowns(self, dimension: Dimension, language: Language) -> Rows:
        heading = (
            ("合作单位", "partner") if dimension is Dimension.PARTNER else ("服务对象", "audience")
        )
        rows: Rows = [
            headings(
                language,
                ("目标", "target"),
                heading,
                ("完成", "reached"),
                ("预计期末", "projected"),
                ("活动", "events"),
            )
        ]
        for item in self.progress:
            found: tuple[Breakdown, ...] = (
                item.partners if dimension is Dimension.PARTNER else item.audiences
            )
            if all(row.key is None for row in found):
                continue  # nothing named any partner (audience): no breakdown to read
            rows.extend(
                [
                    self._target(item.target, language),
                    self._name(dimension, row.key, language),
                    str(row.value),
                    _NOTHING if row.projection is None else str(row.projection),
                    " ".join(row.events),
                ]
                for row in found
            )
        return rows
