"""The records of competency rubrics: competencies x carriers, a scale, weights, thresholds.

A :class:`Rubric` crosses competencies (重财品, 强财智, 成财英) with the carriers that educate
and evaluate them (课程, 活动, 实践). Each person gets a value per cell from an
:class:`Assessment` (a score on the rubric's :class:`Scale`, or one of its named
:class:`Level` s), the cells of a competency are combined into one aggregate by the rubric's
aggregation rule, and the aggregate meets the competency's threshold or not.

Results: a :class:`PersonProfile` per person (per competency a :class:`CompetencyResult` with
its :class:`Cell` s, aggregate and whether the threshold is met) and a
:class:`CohortDistribution` per competency (persons per :class:`BandCount`, the mean, and how
many meet the threshold). A person's scores are personal; the counts of people in a
distribution are marked :data:`~branchkit.records.sensitivity.PEOPLE_COUNT`, so outputs show a
small group as ``"<k"``.

>>> from decimal import Decimal
>>> from branchkit.mechanisms.rubrics import Level, Scale
>>> from branchkit.records import Label
>>> scale = Scale(minimum=Decimal(0), maximum=Decimal(100), levels=(
...     Level(key="pass", label=Label(zh="合格", en="Pass"), points=Decimal(60)),
...     Level(key="good", label=Label(zh="良好", en="Good"), points=Decimal(80)),
... ))
>>> scale.points_of("good")
Decimal('80')
>>> [(band.key, band.lower, band.upper) for band in scale.bands()]
[('pass', Decimal('60'), Decimal('80')), ('good', Decimal('80'), Decimal('100'))]
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from typing import Literal

import attrs

from branchkit.errors import Path
from branchkit.records._checks import (
    duplicate_problems,
    ensure_valid,
    key_problems,
    text_problems,
)
from branchkit.records.labels import Label
from branchkit.records.sensitivity import IDENTIFIER, PEOPLE_COUNT, PERSONAL

__all__ = [
    "Aggregation",
    "Assessment",
    "BandCount",
    "Carrier",
    "Cell",
    "CohortDistribution",
    "Competency",
    "CompetencyResult",
    "Level",
    "MissingRule",
    "PersonProfile",
    "Rubric",
    "RubricResult",
    "Scale",
    "Weight",
]

#: How the cells of a competency combine into its aggregate: ``weighted_mean`` (the sum of
#: weight x value over the sum of the weights) or ``best`` (the highest value of a cell whose
#: weight is more than 0).
Aggregation = Literal["weighted_mean", "best"]

#: How a cell without an assessment counts: ``minimum`` (as the scale's minimum, with its
#: weight, so a person cannot meet a threshold on their best carrier alone) or ``skip`` (left
#: out, the weights of the assessed cells alone making the mean; with no assessed cell of
#: weight more than 0, the competency has no aggregate).
MissingRule = Literal["minimum", "skip"]

_ONE = decimal.Decimal(1)


def _number_problems(name: str, value: decimal.Decimal) -> Iterator[tuple[Path, str]]:
    # Decimal("NaN") compares false with everything and would slip past every bound check.
    if not value.is_finite():
        yield (name,), "must be a finite number"


@attrs.frozen(kw_only=True)
class Competency:
    """One competency a rubric evaluates, such as 重财品 (financial character).

    :param key: the competency's key (``character``).
    :param label: its name (重财品).
    :param threshold: the aggregate, in points of the rubric's scale, that meets it.
    """

    key: str
    label: Label
    threshold: decimal.Decimal

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from _number_problems("threshold", self.threshold)


@attrs.frozen(kw_only=True)
class Carrier:
    """One carrier that educates and evaluates competencies, such as courses (课程).

    :param key: the carrier's key (``courses``).
    :param label: its name (课程).
    """

    key: str
    label: Label

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("key", self.key))


@attrs.frozen(kw_only=True)
class Level:
    """A named level of a scale, worth so many points (优秀 = 90).

    :param key: the level's key (``excellent``).
    :param label: its name (优秀).
    :param points: what the level is worth; also the lower bound of its band in a
        distribution.
    """

    key: str
    label: Label
    points: decimal.Decimal

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from _number_problems("points", self.points)


@attrs.frozen(kw_only=True)
class BandCount:
    """How many persons' aggregates of one competency fall in one band of the scale.

    A band runs from ``lower`` (included) to ``upper`` (excluded, except for the top band,
    which includes the scale's maximum); the lowest band also takes any value below it.

    :param key: the band's key: a level's key, or ``band-1``, ``band-2``, ... from the lowest.
    :param label: its name: the level's, or the span of points (``60–80``).
    :param lower: the band's lowest points.
    :param upper: the next band's lowest points, or the scale's maximum for the top band.
    :param persons: how many persons; a count of people.
    """

    key: str
    label: Label
    lower: decimal.Decimal
    upper: decimal.Decimal
    persons: int = attrs.field(default=0, metadata=PEOPLE_COUNT)


@attrs.frozen(kw_only=True)
class Scale:
    """The points a cell can take, optionally as named levels, and the precision of results.

    :param minimum: the lowest points.
    :param maximum: the highest points; more than ``minimum``.
    :param levels: named levels, lowest first, their points strictly increasing and within
        the scale; an assessment may then give a level instead of a score. The levels are
        also the bands of a distribution.
    :param bins: without levels, how many bands of equal width a distribution has.
    :param places: the decimal places aggregates, means and band bounds are rounded to, half
        up.
    """

    minimum: decimal.Decimal = decimal.Decimal(0)
    maximum: decimal.Decimal = decimal.Decimal(100)
    levels: tuple[Level, ...] = ()
    bins: int = 5
    places: int = 2

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from _number_problems("minimum", self.minimum)
        yield from _number_problems("maximum", self.maximum)
        finite = self.minimum.is_finite() and self.maximum.is_finite()
        if finite and not self.minimum < self.maximum:
            yield ("maximum",), f"must be more than the minimum {self.minimum}"
        yield from duplicate_problems("levels", self.levels, lambda level: level.key)
        for index, level in enumerate(self.levels):
            if finite and not self.minimum <= level.points <= self.maximum:
                yield (
                    ("levels", index, "points"),
                    f"{level.points} is outside the scale {self.minimum} to {self.maximum}",
                )
            if index and not self.levels[index - 1].points < level.points:
                yield ("levels", index, "points"), "must be more than the level before it"
        if self.bins < 1:
            yield ("bins",), "must be at least 1"
        if not 0 <= self.places <= 6:
            yield ("places",), "must be from 0 to 6"

    @property
    def unit(self) -> decimal.Decimal:
        """The smallest step of a rounded result: ``0.01`` for two places."""
        return _ONE.scaleb(-self.places)

    def round(self, value: decimal.Decimal) -> decimal.Decimal:
        """``value`` rounded half up to :attr:`places`.

        >>> from decimal import Decimal
        >>> from branchkit.mechanisms.rubrics import Scale
        >>> Scale(places=1).round(Decimal("72.25"))
        Decimal('72.3')
        """
        return value.quantize(self.unit, rounding=decimal.ROUND_HALF_UP)

    def contains(self, value: decimal.Decimal) -> bool:
        """Whether ``value`` lies within the scale, both ends included."""
        return value.is_finite() and self.minimum <= value <= self.maximum

    def level(self, key: str) -> Level | None:
        """The level with ``key``, or ``None``."""
        return next((level for level in self.levels if level.key == key), None)

    def points_of(self, key: str) -> decimal.Decimal:
        """The points of the level with ``key``.

        :raises KeyError: when the scale has no such level.
        """
        found = self.level(key)
        if found is None:
            raise KeyError(key)
        return found.points

    def bands(self) -> tuple[BandCount, ...]:
        """The bands of a distribution, lowest first, each with no persons yet.

        >>> from decimal import Decimal
        >>> from branchkit.mechanisms.rubrics import Scale
        >>> [(b.key, b.label.en) for b in Scale(maximum=Decimal(90), bins=3).bands()]
        [('band-1', '0.00–30.00'), ('band-2', '30.00–60.00'), ('band-3', '60.00–90.00')]
        """
        if self.levels:
            uppers = [level.points for level in self.levels[1:]] + [self.maximum]
            return tuple(
                BandCount(key=level.key, label=level.label, lower=level.points, upper=upper)
                for level, upper in zip(self.levels, uppers, strict=True)
            )
        width = (self.maximum - self.minimum) / self.bins
        bounds = [self.round(self.minimum + width * index) for index in range(self.bins)]
        bounds.append(self.round(self.maximum))
        bands = []
        for index in range(self.bins):
            span = f"{bounds[index]}–{bounds[index + 1]}"
            bands.append(
                BandCount(
                    key=f"band-{index + 1}",
                    label=Label(zh=span, en=span),
                    lower=bounds[index],
                    upper=bounds[index + 1],
                )
            )
        return tuple(bands)


@attrs.frozen(kw_only=True)
class Weight:
    """The weight of a carrier, in every competency or in one cell.

    A cell's weight is that of the entry naming its competency and carrier, else that of the
    entry naming its carrier alone, else 1. A weight of 0 keeps the cell out of the aggregate.

    :param carrier: the carrier's key.
    :param competency: the competency's key, for one cell; ``None`` for every competency.
    :param weight: the weight; not negative.
    """

    carrier: str
    competency: str | None = None
    weight: decimal.Decimal

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("carrier", self.carrier)
        if self.competency is not None:
            yield from key_problems("competency", self.competency)
        if not self.weight.is_finite() or self.weight < 0:
            yield ("weight",), "must be a finite number, not negative"


@attrs.frozen(kw_only=True)
class Rubric:
    """A matrix of competencies x carriers, assessed on one scale.

    :param key: the rubric's key (``three-literacies``).
    :param label: its name (三财素养).
    :param competencies: the competencies, in the order results list them; each with its
        threshold.
    :param carriers: the carriers, in the order cells are listed.
    :param scale: the points a cell takes and the precision of results.
    :param weights: the weights of carriers and cells (see :class:`Weight`); 1 where none is
        given. Every competency needs a cell of weight more than 0.
    :param aggregation: how the cells of a competency combine (:data:`Aggregation`).
    :param missing: how a cell without an assessment counts (:data:`MissingRule`).
    """

    key: str
    label: Label
    competencies: tuple[Competency, ...]
    carriers: tuple[Carrier, ...]
    scale: Scale = attrs.field(factory=Scale)
    weights: tuple[Weight, ...] = ()
    aggregation: Aggregation = "weighted_mean"
    missing: MissingRule = "minimum"

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        if not self.competencies:
            yield ("competencies",), "must list at least one competency"
        if not self.carriers:
            yield ("carriers",), "must list at least one carrier"
        yield from duplicate_problems("competencies", self.competencies, lambda c: c.key)
        yield from duplicate_problems("carriers", self.carriers, lambda c: c.key)
        for index, competency in enumerate(self.competencies):
            if not self.scale.contains(competency.threshold):
                yield (
                    ("competencies", index, "threshold"),
                    f"{competency.threshold} is outside the scale "
                    f"{self.scale.minimum} to {self.scale.maximum}",
                )
        yield from self._weight_problems()
        if self.aggregation not in ("weighted_mean", "best"):
            yield ("aggregation",), "must be weighted_mean or best"
        if self.missing not in ("minimum", "skip"):
            yield ("missing",), "must be minimum or skip"

    def _weight_problems(self) -> Iterator[tuple[Path, str]]:
        carriers = {carrier.key for carrier in self.carriers}
        competencies = {competency.key for competency in self.competencies}
        yield from duplicate_problems(
            "weights",
            self.weights,
            lambda weight: f"{weight.carrier}/{weight.competency or '*'}",
            "carrier",
        )
        for index, weight in enumerate(self.weights):
            if weight.carrier not in carriers:
                yield ("weights", index, "carrier"), f"no carrier {weight.carrier!r}"
            if weight.competency is not None and weight.competency not in competencies:
                yield ("weights", index, "competency"), f"no competency {weight.competency!r}"
        for index, competency in enumerate(self.competencies):
            if all(self.weight(competency.key, carrier.key) == 0 for carrier in self.carriers):
                yield ("competencies", index), "needs a carrier of weight more than 0"

    def weight(self, competency: str, carrier: str) -> decimal.Decimal:
        """The weight of the cell of ``competency`` and ``carrier`` (see :class:`Weight`).

        :param competency: the competency's key.
        :param carrier: the carrier's key.
        """
        general = _ONE
        for weight in self.weights:
            if weight.carrier != carrier:
                continue
            if weight.competency == competency:
                return weight.weight
            if weight.competency is None:
                general = weight.weight
        return general

    def competency(self, key: str) -> Competency | None:
        """The competency with ``key``, or ``None``."""
        return next((found for found in self.competencies if found.key == key), None)

    def carrier(self, key: str) -> Carrier | None:
        """The carrier with ``key``, or ``None``."""
        return next((found for found in self.carriers if found.key == key), None)


@attrs.frozen(kw_only=True)
class Assessment:
    """One person's score (or level) in one cell of a rubric, on a day, with its evidence.

    One row of a CSV of assessments gives one of these.

    :param rubric: the rubric's key.
    :param person: the person assessed; an identifier.
    :param competency: the competency's key.
    :param carrier: the carrier's key.
    :param score: the points given, on the rubric's scale; personal.
    :param level: the key of a named level of the scale, instead of a score; personal.
    :param date: the day of the assessment.
    :param assessor: who assessed, as a person's id, if recorded; an identifier.
    :param evidence: the ids of the evidence (events, documents) the assessment rests on.
    :param note: anything else, in words.
    """

    rubric: str
    person: str = attrs.field(metadata=IDENTIFIER)
    competency: str
    carrier: str
    score: decimal.Decimal | None = attrs.field(default=None, metadata=PERSONAL)
    level: str | None = attrs.field(default=None, metadata=PERSONAL)
    date: dt.date
    assessor: str | None = attrs.field(default=None, metadata=IDENTIFIER)
    evidence: tuple[str, ...] = ()
    note: str = ""

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("rubric", self.rubric)
        yield from text_problems("person", self.person)
        yield from key_problems("competency", self.competency)
        yield from key_problems("carrier", self.carrier)
        if (self.score is None) == (self.level is None):
            yield ("score",), "give either a score or a level, not both or neither"
        if self.score is not None:
            yield from _number_problems("score", self.score)
        if self.level is not None:
            yield from key_problems("level", self.level)
        if self.assessor is not None:
            yield from text_problems("assessor", self.assessor)
        for index, item in enumerate(self.evidence):
            for _, message in text_problems("evidence", item):
                yield ("evidence", index), message


@attrs.frozen(kw_only=True)
class Cell:
    """One cell of a person's profile: a competency through a carrier.

    :param carrier: the carrier's key.
    :param weight: the cell's weight in the aggregate.
    :param value: the points of the latest assessment, or ``None`` when there is none;
        personal.
    :param counted: the points the aggregate used: ``value``, the scale's minimum for a
        missing cell under the ``minimum`` rule, or ``None`` when the cell was left out
        (missing under ``skip``, or of weight 0); personal.
    :param assessment: the assessment behind ``value``, with its date, assessor and evidence.
    """

    carrier: str
    weight: decimal.Decimal
    value: decimal.Decimal | None = attrs.field(metadata=PERSONAL)
    counted: decimal.Decimal | None = attrs.field(metadata=PERSONAL)
    assessment: Assessment | None

    @property
    def missing(self) -> bool:
        """Whether the cell has no assessment."""
        return self.assessment is None


@attrs.frozen(kw_only=True)
class CompetencyResult:
    """One person's result in one competency.

    :param competency: the competency's key.
    :param cells: one per carrier, in the rubric's order.
    :param aggregate: the cells combined by the rubric's rule, rounded half up to the scale's
        places; ``None`` when no cell counted; personal.
    :param threshold: the competency's threshold.
    :param met: whether ``aggregate`` reaches ``threshold`` (never without an aggregate).
    """

    competency: str
    cells: tuple[Cell, ...]
    aggregate: decimal.Decimal | None = attrs.field(metadata=PERSONAL)
    threshold: decimal.Decimal
    met: bool = attrs.field(metadata=PERSONAL)

    @property
    def missing(self) -> tuple[str, ...]:
        """The carriers of the cells without an assessment, in the rubric's order."""
        return tuple(cell.carrier for cell in self.cells if cell.missing)


@attrs.frozen(kw_only=True)
class PersonProfile:
    """One person's results in every competency of a rubric.

    :param person: the person's id; an identifier.
    :param competencies: one per competency, in the rubric's order.
    """

    person: str = attrs.field(metadata=IDENTIFIER)
    competencies: tuple[CompetencyResult, ...]

    def result(self, competency: str) -> CompetencyResult:
        """The result in ``competency``.

        :raises KeyError: when the rubric has no such competency.
        """
        for found in self.competencies:
            if found.competency == competency:
                return found
        raise KeyError(competency)

    @property
    def met_all(self) -> bool:
        """Whether the person meets the threshold of every competency."""
        return all(result.met for result in self.competencies)


@attrs.frozen(kw_only=True)
class CohortDistribution:
    """How a cohort's aggregates of one competency are spread.

    ``sum(band.persons for band in bands) + unassessed == cohort``.

    :param competency: the competency's key.
    :param cohort: how many persons were evaluated; a count of people.
    :param unassessed: how many had no aggregate; a count of people.
    :param bands: persons per band of the scale, lowest first.
    :param mean: the mean of the aggregates, rounded half up to the scale's places; ``None``
        without any.
    :param threshold: the competency's threshold.
    :param meeting: how many persons meet it; a count of people.
    :param share_meeting: ``meeting / cohort`` rounded half up to four places (a person without
        an aggregate counts as not meeting); ``None`` for an empty cohort.
    """

    competency: str
    cohort: int = attrs.field(metadata=PEOPLE_COUNT)
    unassessed: int = attrs.field(metadata=PEOPLE_COUNT)
    bands: tuple[BandCount, ...]
    mean: decimal.Decimal | None
    threshold: decimal.Decimal
    meeting: int = attrs.field(metadata=PEOPLE_COUNT)
    share_meeting: decimal.Decimal | None


@attrs.frozen(kw_only=True)
class RubricResult:
    """A rubric evaluated for a cohort.

    :param rubric: the rubric's key.
    :param as_of: the day judged: later assessments were left out.
    :param period: the key of the period assessments were taken from, if one was given.
    :param aggregation: the aggregation rule used.
    :param missing: the rule used for missing cells.
    :param profiles: one per person, by person id.
    :param distributions: one per competency, in the rubric's order.
    """

    rubric: str
    as_of: dt.date
    period: str | None
    aggregation: Aggregation
    missing: MissingRule
    profiles: tuple[PersonProfile, ...]
    distributions: tuple[CohortDistribution, ...]

    def profile(self, person: str) -> PersonProfile:
        """The profile of ``person``.

        :raises KeyError: when the person is not in the cohort.
        """
        for found in self.profiles:
            if found.person == person:
                return found
        raise KeyError(person)

    def distribution(self, competency: str) -> CohortDistribution:
        """The distribution of ``competency``.

        :raises KeyError: when the rubric has no such competency.
        """
        for found in self.distributions:
            if found.competency == competency:
                return found
        raise KeyError(competency)
