"""Mentor pairings as JSON and as titled tables.

The tables are what an organiser reads: a summary, the pairs with their compatibility and
each feature's part of it, the mentees left unpaired with the reason (and who holds the places
they could have had), the mentors' free places, and the problems of locked and given pairs.
Every value goes through a :class:`~branchkit.report.disclosure.Disclosure`: identifiers may
become pseudonyms, and then names are left out.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.mechanisms.pairing import (
...     FeatureScore, Match, PairingResult, PairingScheme, Unpaired)
>>> from branchkit.records import Label
>>> from branchkit.report.pairing import PairingReport
>>> scheme = PairingScheme(key="young-teachers", label=Label(zh="青年教师结对", en="mentoring"),
...                        mentor_role="teacher", mentee_role="young_teacher")
>>> result = PairingResult(
...     scheme="young-teachers", method="optimal", as_of=dt.date(2024, 9, 1),
...     matches=(Match(mentor="T1", mentee="Y1", compatibility=Decimal("1.0000"),
...                    breakdown=()),),
...     unpaired=(Unpaired(mentee="Y2", kind="no_free_place", lost_to=("Y1",),
...                        reason=Label(zh="名额已满", en="no place left")),),
...     free_places={}, total=Decimal("1.0000"))
>>> report = PairingReport(framework="demo", scheme=scheme, result=result)
>>> [table.key for table in report.tables("en")]
['summary', 'pairs', 'unpaired']
>>> report.tables("en")[2].rows
[['mentee', 'kind', 'reason', 'places held by'], ['Y2', 'no free place', 'no place left', 'Y1']]
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from branchkit.mechanisms.pairing.model import (
    Match,
    PairingResult,
    PairingScheme,
    PairProblem,
    Unpaired,
)
from branchkit.records.labels import Label, Language
from branchkit.records.people import Person
from branchkit.report.disclosure import Disclosure
from branchkit.report.tables import Table, headings, json_text

__all__ = ["PairingReport"]

Rows = list[list[str]]

_METHODS: Mapping[str, Label] = {
    "optimal": Label(zh="最优匹配", en="optimal"),
    "stable": Label(zh="稳定匹配", en="stable"),
    "manual": Label(zh="人工指定", en="manual"),
}
_UNPAIRED: Mapping[str, Label] = {
    "no_eligible_mentor": Label(zh="无符合条件的导师", en="no eligible mentor"),
    "no_free_place": Label(zh="名额已满", en="no free place"),
    "lost_to_others": Label(zh="未被志愿导师选中", en="lost to others"),
    "not_ranked": Label(zh="志愿不相合", en="not ranked"),
    "not_given": Label(zh="未指定", en="not given"),
}
_PROBLEMS: Mapping[str, Label] = {
    "unknown_person": Label(zh="人员不明", en="unknown person"),
    "locked_missing": Label(zh="锁定结对人员不在", en="locked pair's person missing"),
    "ineligible": Label(zh="不符合条件", en="ineligible"),
    "forbidden": Label(zh="被禁止", en="forbidden"),
    "over_capacity": Label(zh="超出名额", en="over capacity"),
    "mentee_twice": Label(zh="重复结对", en="mentee twice"),
}


def _short(number: decimal.Decimal) -> str:
    """A decimal without trailing zeros or exponent: ``0.5000`` as ``0.5``, ``1E+2`` as ``100``."""
    return f"{number.normalize():f}"


@attrs.frozen(kw_only=True)
class PairingReport:
    """Everything ``branchkit pair`` reports, ready to write in any format.

    :param framework: the framework's key.
    :param scheme: the pairing scheme, for its name and its features' names.
    :param result: the pairs.
    :param people: the people, for the names of mentors and mentees.
    :param disclosure: what the report may show.
    """

    framework: str
    scheme: PairingScheme
    result: PairingResult
    people: Mapping[str, Person] = attrs.field(factory=dict)
    disclosure: Disclosure = attrs.field(factory=Disclosure)

    # --- JSON --------------------------------------------------------------------------------

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole result as JSON text with sorted keys: the same input, the same bytes.

        :param converter: the converter that unstructures the result.
        """
        document: dict[str, Any] = {
            "framework": self.framework,
            "result": self.disclosure.unstructure(self.result, converter),
        }
        return json_text(document)

    # --- tables ------------------------------------------------------------------------------

    def heading(self, language: Language) -> str:
        """The report's heading: the scheme, the method and the day.

        :param language: the language of the names.
        """
        result = self.result
        method = _METHODS[result.method].text(language)
        return f"{self.scheme.label.text(language)} · {method} · {result.as_of.isoformat()}"

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The report's tables, in reading order; a table with no rows is left out.

        :param language: the language of titles, headings and reasons.
        """
        tables = [
            Table(
                key="summary", title=Label(zh="概况", en="Summary"), rows=self._summary(language)
            ),
            Table(key="pairs", title=Label(zh="结对", en="Pairs"), rows=self._pairs(language)),
            Table(
                key="unpaired",
                title=Label(zh="未结对", en="Unpaired"),
                rows=self._unpaired(language),
            ),
            Table(
                key="free_places",
                title=Label(zh="空余名额", en="Free places"),
                rows=self._free(language),
            ),
            Table(
                key="problems", title=Label(zh="问题", en="Problems"), rows=self._problems(language)
            ),
        ]
        return tuple(table for table in tables if len(table.rows) > 1)

    def _person(self, record: Any, name: str) -> str:
        """An identifier field of ``record`` as shown: its id (or pseudonym), and the name."""
        shown = str(self.disclosure.value(record, name))
        return self._named(shown, getattr(record, name))

    def _identifier(self, key: str) -> str:
        """An identifier that is no record's field, as shown, with the person's name."""
        return self._named(self.disclosure.identifier(key), key)

    def _named(self, shown: str, key: str) -> str:
        return self.disclosure.with_name(shown, self.people.get(key))

    def _summary(self, language: Language) -> Rows:
        result = self.result
        zh = language == "zh"
        mentees = len(result.matches) + len(result.unpaired)
        return [
            headings(language, ("项目", "item"), ("数值", "value")),
            ["方案" if zh else "scheme", self.scheme.label.text(language)],
            ["方法" if zh else "method", _METHODS[result.method].text(language)],
            ["日期" if zh else "as of", result.as_of.isoformat()],
            ["被指导人（人）" if zh else "mentees", str(mentees)],
            ["已结对（对）" if zh else "pairs", str(len(result.matches))],
            [
                "其中锁定（对）" if zh else "of them locked",
                str(sum(m.locked for m in result.matches)),
            ],
            ["未结对（人）" if zh else "unpaired", str(len(result.unpaired))],
            ["空余名额（个）" if zh else "free places", str(sum(result.free_places.values()))],
            ["匹配度合计" if zh else "total compatibility", str(result.total)],
            ["问题（条）" if zh else "problems", str(len(result.problems))],
        ]

    def _breakdown(self, match: Match, language: Language) -> str:
        """Each feature's part as ``name score×weight``, shortest decimals (``课程 0.5×3``)."""
        features = {feature.key: feature for feature in self.scheme.features}
        parts = []
        for part in match.breakdown:
            feature = features.get(part.feature)
            if feature is None:
                parts.append(f"{part.feature} {_short(part.points)}")
            else:
                name = feature.label.text(language)
                parts.append(f"{name} {_short(part.score)}×{_short(feature.weight)}")
        return ("；" if language == "zh" else "; ").join(parts)

    def _pairs(self, language: Language) -> Rows:
        yes = "是" if language == "zh" else "yes"
        rows: Rows = [
            headings(
                language,
                ("导师", "mentor"),
                ("被指导人", "mentee"),
                ("匹配度", "compatibility"),
                ("构成", "breakdown"),
                ("锁定", "locked"),
            )
        ]
        rows.extend(
            [
                self._person(match, "mentor"),
                self._person(match, "mentee"),
                str(match.compatibility),
                self._breakdown(match, language),
                yes if match.locked else "",
            ]
            for match in self.result.matches
        )
        return rows

    def _unpaired(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("被指导人", "mentee"),
                ("类型", "kind"),
                ("说明", "reason"),
                ("名额被谁占用", "places held by"),
            )
        ]
        comma = "、" if language == "zh" else ", "
        rows.extend(
            [
                self._person(item, "mentee"),
                _UNPAIRED[item.kind].text(language),
                item.reason.text(language),
                comma.join(self._holders(item)),
            ]
            for item in self.result.unpaired
        )
        return rows

    def _holders(self, item: Unpaired) -> list[str]:
        # Shown as ids (or pseudonyms) only: names here would list other people's pairings
        # at length in a cell about someone else.
        return [self.disclosure.identifier(key) for key in item.lost_to]

    def _free(self, language: Language) -> Rows:
        rows: Rows = [headings(language, ("导师", "mentor"), ("空余名额", "free places"))]
        rows.extend(
            [self._identifier(key), str(count)] for key, count in self.result.free_places.items()
        )
        return rows

    def _problems(self, language: Language) -> Rows:
        yes = "是" if language == "zh" else "yes"
        rows: Rows = [
            headings(
                language,
                ("类型", "kind"),
                ("导师", "mentor"),
                ("被指导人", "mentee"),
                ("锁定", "locked"),
                ("说明", "reason"),
            )
        ]
        rows.extend(self._problem(problem, language, yes) for problem in self.result.problems)
        return rows

    def _problem(self, problem: PairProblem, language: Language, yes: str) -> list[str]:
        return [
            _PROBLEMS[problem.kind].text(language),
            self._person(problem, "mentor"),
            self._person(problem, "mentee"),
            yes if problem.locked else "",
            problem.reason.text(language),
        ]
