"""A competency rubric's results as JSON and as titled tables.

The tables are what an organiser reads: per competency its threshold, the cohort, how many
have no aggregate, the mean, how many meet the threshold and their share; then how the
cohort's aggregates spread over the bands of the scale; then, for a reader who may see
personal data, each person's profile: per competency the points of every carrier (``—`` for
a carrier not assessed), the aggregate and whether it meets the threshold. Every value goes
through a :class:`~branchkit.report.disclosure.Disclosure`: counts of people in small groups
show as ``"<k"``, identifiers may become pseudonyms (with names left out beside them), and
scores become ``<redacted>`` for a reader who may not see them.

Two rules go beyond the marks of the fields, in the tables and the JSON alike:

* for a reader the privacy policy does not let see personal fields, the profiles are left
  out (in the JSON, ``"<redacted>"``): with every score and id redacted they would still tell
  how many people were assessed, and when, which the counts of people are there to hide;
* a mean over a group this output shows as ``"<k"``, and a share whose cohort or count
  meeting it shows so, are withheld (``<redacted>``): with the group's size the share gives
  the hidden count back, and the mean of one person is that person's score.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.mechanisms.rubrics import (
...     Assessment, Carrier, Competency, Rubric, evaluate_rubric)
>>> from branchkit.records import Label, Person
>>> from branchkit.report.rubric import RubricReport
>>> rubric = Rubric(key="literacy", label=Label(zh="三财素养", en="Three literacies"),
...     competencies=(Competency(key="character", label=Label(zh="重财品", en="Character"),
...                              threshold=Decimal(60)),),
...     carriers=(Carrier(key="courses", label=Label(zh="课程", en="Courses")),
...               Carrier(key="practice", label=Label(zh="实践", en="Practice"))))
>>> assessments = [Assessment(rubric="literacy", person="2021001", competency="character",
...                           carrier="courses", score=Decimal(90), date=dt.date(2022, 6, 1))]
>>> result = evaluate_rubric(rubric, assessments, as_of=dt.date(2022, 6, 30))
>>> report = RubricReport(framework="demo", rubric=rubric, result=result,
...                       people={"2021001": Person(id="2021001", name="王芳")})
>>> [table.key for table in report.tables("en")]
['competencies', 'bands', 'profiles']
>>> report.tables("en")[2].rows[0]
['person', 'competency', 'Courses', 'Practice', 'aggregate', 'met']
>>> report.tables("zh")[2].rows[1]  # practice not assessed counts as 0: (90 + 0) / 2
['2021001 王芳', '重财品', '90', '—', '45.00', '否']
>>> report.tables("en")[0].rows[1]  # a cohort of one: "<5", its mean and share withheld
['Character', '60', '<5', '0', '<redacted>', '0', '<redacted>']
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from branchkit.mechanisms.rubrics.model import (
    CohortDistribution,
    PersonProfile,
    Rubric,
    RubricResult,
)
from branchkit.records.labels import Label, Language
from branchkit.records.people import Person
from branchkit.records.periods import Period
from branchkit.records.privacy import REDACTED
from branchkit.records.sensitivity import Sensitivity
from branchkit.report.disclosure import Disclosure
from branchkit.report.tables import Table, headings, json_text

__all__ = ["RubricReport"]

Rows = list[list[str]]

#: Shown where there is no value: a carrier not assessed, a mean without any aggregate.
_NONE = "—"

_YES_NO = {True: Label(zh="是", en="yes"), False: Label(zh="否", en="no")}

#: A share is held to four places, so in percent two places show it exactly.
_PERCENT_UNIT = decimal.Decimal("0.01")


def _text(value: object) -> str:
    """A value as a disclosure gives it, as the text of a cell."""
    return _NONE if value is None else str(value)


@attrs.frozen(kw_only=True)
class RubricReport:
    """Everything ``branchkit rubric`` reports, ready to write in any format.

    :param framework: the framework's key.
    :param rubric: the rubric evaluated, for the names of its competencies, carriers and bands.
    :param result: what :func:`~branchkit.mechanisms.rubrics.evaluate_rubric` found.
    :param period: the period assessments were taken from, if one was given, for its name.
    :param people: the people, for the names beside their ids.
    :param disclosure: what the report may show.
    """

    framework: str
    rubric: Rubric
    result: RubricResult
    period: Period | None = None
    people: Mapping[str, Person] = attrs.field(factory=dict)
    disclosure: Disclosure = attrs.field(factory=Disclosure)

    # --- what may be shown -------------------------------------------------------------------

    @property
    def shows_profiles(self) -> bool:
        """Whether the reader may see personal fields, and so the persons' profiles."""
        return self.disclosure.policy.may_see(self.disclosure.viewer, Sensitivity.PERSONAL)

    def _small(self, persons: int) -> bool:
        """Whether this output shows a group of ``persons`` as ``"<k"``."""
        return not isinstance(self.disclosure.count(persons), int)

    def _withholds_mean(self, distribution: CohortDistribution) -> bool:
        return self._small(distribution.cohort - distribution.unassessed)

    def _withholds_share(self, distribution: CohortDistribution) -> bool:
        return self._small(distribution.cohort) or self._small(distribution.meeting)

    # --- JSON --------------------------------------------------------------------------------

    def to_json(self, converter: cattrs.Converter) -> str:
        """The whole result as JSON text with sorted keys: the same input, the same bytes.

        :param converter: the converter that unstructures the results.
        """
        result: dict[str, Any] = self.disclosure.unstructure(self.result, converter, RubricResult)
        pairs = zip(result["distributions"], self.result.distributions, strict=True)
        for shown, distribution in pairs:
            if self._withholds_mean(distribution):
                shown["mean"] = REDACTED
            if self._withholds_share(distribution):
                shown["share_meeting"] = REDACTED
        if self.shows_profiles:
            # By the id as shown: in the order of the real ids, pseudonyms could be matched
            # back to a list of the cohort's ids.
            result["profiles"].sort(key=lambda profile: profile["person"])
        else:
            result["profiles"] = REDACTED
        return json_text({"framework": self.framework, "result": result})

    # --- tables ------------------------------------------------------------------------------

    def heading(self, language: Language) -> str:
        """The line above the tables: the rubric, the period if one was given, the day judged.

        :param language: the language of the names.
        """
        parts = [self.rubric.label.text(language)]
        if self.period is not None:
            parts.append(self.period.label.text(language))
        parts.append(self.result.as_of.isoformat())
        return " · ".join(parts)

    def tables(self, language: Language) -> tuple[Table, ...]:
        """The report's tables, in reading order; a table with no rows is left out.

        :param language: the language of titles and headings.
        """
        tables = (
            Table(
                key="competencies",
                title=Label(zh="素养达标情况", en="Competencies"),
                rows=self._competencies(language),
            ),
            Table(
                key="bands",
                title=Label(zh="得分分布", en="Distribution"),
                rows=self._bands(language),
            ),
            Table(
                key="profiles",
                title=Label(zh="个人素养画像", en="Profiles"),
                rows=self._profiles(language) if self.shows_profiles else [],
            ),
        )
        return tuple(table for table in tables if len(table.rows) > 1)

    def _competency(self, key: str, language: Language) -> str:
        found = self.rubric.competency(key)
        return key if found is None else found.label.text(language)

    def _share(self, distribution: CohortDistribution) -> str:
        if self._withholds_share(distribution):
            return REDACTED
        share = self.disclosure.value(distribution, "share_meeting")
        if not isinstance(share, decimal.Decimal):
            return _text(share)
        return f"{(share * 100).quantize(_PERCENT_UNIT)}%"

    def _competencies(self, language: Language) -> Rows:
        rows: Rows = [
            headings(
                language,
                ("素养", "competency"),
                ("达标线", "threshold"),
                ("参评人数", "cohort"),
                ("未评人数", "unassessed"),
                ("平均分", "mean"),
                ("达标人数", "meeting"),
                ("达标率", "share meeting"),
            )
        ]
        for distribution in self.result.distributions:
            mean = self.disclosure.value(distribution, "mean")
            rows.append(
                [
                    self._competency(distribution.competency, language),
                    _text(self.disclosure.value(distribution, "threshold")),
                    _text(self.disclosure.count(distribution.cohort)),
                    _text(self.disclosure.count(distribution.unassessed)),
                    REDACTED if self._withholds_mean(distribution) else _text(mean),
                    _text(self.disclosure.count(distribution.meeting)),
                    self._share(distribution),
                ]
            )
        return rows

    def _bands(self, language: Language) -> Rows:
        rows: Rows = [
            headings(language, ("素养", "competency"), ("档次", "band"), ("人数", "persons"))
        ]
        rows.extend(
            [
                self._competency(distribution.competency, language),
                band.label.text(language),
                _text(self.disclosure.count(band.persons)),
            ]
            for distribution in self.result.distributions
            for band in distribution.bands
        )
        return rows

    def _identifier(self, profile: PersonProfile) -> str:
        return str(self.disclosure.value(profile, "person"))

    def _profiles(self, language: Language) -> Rows:
        rows: Rows = [
            headings(language, ("人员", "person"), ("素养", "competency"))
            + [carrier.label.text(language) for carrier in self.rubric.carriers]
            + headings(language, ("综合得分", "aggregate"), ("达标", "met"))
        ]
        # By the id as shown, as in the JSON: pseudonyms in the order of the real ids could
        # be matched back to a list of the cohort's ids.
        for profile in sorted(self.result.profiles, key=self._identifier):
            person = self.disclosure.with_name(
                self._identifier(profile), self.people.get(profile.person)
            )
            for result in profile.competencies:
                met = self.disclosure.value(result, "met")
                rows.append(
                    [
                        person,
                        self._competency(result.competency, language),
                        *(_text(self.disclosure.value(cell, "value")) for cell in result.cells),
                        _text(self.disclosure.value(result, "aggregate")),
                        _YES_NO[met].text(language) if isinstance(met, bool) else _text(met),
                    ]
                )
        return rows
