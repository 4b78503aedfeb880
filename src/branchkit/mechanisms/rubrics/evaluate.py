"""Evaluate a competency rubric: per-person profiles and per-competency distributions.

:func:`evaluate_rubric` takes a :class:`~branchkit.mechanisms.rubrics.model.Rubric` and its
assessments and judges them as of a day:

- **Which assessments count.** Those of the rubric, dated on or before ``as_of`` and, when a
  period is given, within it; of those, the *latest* per person and cell (competency x
  carrier) stands, so a re-assessment replaces an earlier one. Two assessments of one cell on
  one day are refused: which of them stands is not for the code to guess.
- **Missing cells.** A cell without an assessment counts by the rubric's
  :data:`~branchkit.mechanisms.rubrics.model.MissingRule`: under ``minimum`` (the default) as
  the scale's minimum with its weight; under ``skip`` it is left out, and a competency without
  any assessed cell of weight more than 0 has no aggregate (and is not met).
- **Aggregates.** ``weighted_mean``: the sum of weight x points over the sum of the weights of
  the cells counted; ``best``: the highest points of a cell counted. Cells of weight 0 never
  count. Arithmetic is in :class:`~decimal.Decimal`; an aggregate is rounded half up to the
  scale's places and meets the competency when it is at least the threshold.
- **Distributions.** The cohort is ``persons`` when given, else everyone with an assessment
  that counts. Each person with an aggregate falls in one band: the highest whose lower bound
  the aggregate reaches (the lowest band takes anything below it). The share meeting the
  threshold is over the whole cohort, rounded half up to four places.

The seed branch's "三财素养": three competencies through courses, activities and practice.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.records import Label
>>> from branchkit.mechanisms.rubrics import (
...     Assessment, Carrier, Competency, Rubric, Weight, evaluate_rubric)
>>> rubric = Rubric(
...     key="three-literacies", label=Label(zh="三财素养", en="Three literacies"),
...     competencies=(
...         Competency(key="character", label=Label(zh="重财品", en="Character"),
...                    threshold=Decimal(60)),
...         Competency(key="knowledge", label=Label(zh="强财智", en="Knowledge"),
...                    threshold=Decimal(60)),
...         Competency(key="talent", label=Label(zh="成财英", en="Talent"),
...                    threshold=Decimal(60)),
...     ),
...     carriers=(
...         Carrier(key="courses", label=Label(zh="课程", en="Courses")),
...         Carrier(key="activities", label=Label(zh="活动", en="Activities")),
...         Carrier(key="practice", label=Label(zh="实践", en="Practice")),
...     ),
...     weights=(Weight(carrier="courses", weight=Decimal(2)),),
... )
>>> def scored(person, competency, carrier, score, day=1):
...     return Assessment(rubric="three-literacies", person=person, competency=competency,
...                       carrier=carrier, score=Decimal(score), date=dt.date(2022, 6, day))
>>> assessments = [
...     scored("2021001", "character", "courses", 80),
...     scored("2021001", "character", "activities", 70),
...     scored("2021001", "character", "practice", 50),
...     scored("2021001", "character", "practice", 65, day=20),
...     scored("2021002", "character", "courses", 90),
... ]
>>> result = evaluate_rubric(rubric, assessments, as_of=dt.date(2022, 6, 30))
>>> character = result.profile("2021001").result("character")
>>> [(cell.carrier, cell.value) for cell in character.cells]
[('courses', Decimal('80')), ('activities', Decimal('70')), ('practice', Decimal('65'))]
>>> character.aggregate, character.met
(Decimal('73.75'), True)
>>> result.profile("2021002").result("character").aggregate  # (2 x 90 + 0 + 0) / 4
Decimal('45.00')
>>> share = result.distribution("character")
>>> share.cohort, share.meeting, share.share_meeting, share.mean
(2, 1, Decimal('0.5000'), Decimal('59.38'))
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
from collections.abc import Collection, Iterable, Iterator, Sequence

from branchkit.errors import Path, RecordError
from branchkit.mechanisms.rubrics.model import (
    Assessment,
    BandCount,
    Cell,
    CohortDistribution,
    Competency,
    CompetencyResult,
    PersonProfile,
    Rubric,
    RubricResult,
)
from branchkit.records.periods import Period

__all__ = ["assessment_points", "assessment_problems", "evaluate_rubric"]

#: The arithmetic of every result, whatever context the caller has set: results must not
#: depend on a global setting.
_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
_SHARE_UNIT = decimal.Decimal("0.0001")
_ZERO = decimal.Decimal(0)

#: One person's standing assessments, one place per cell of the rubric (see :class:`_Plan`);
#: ``None`` where the cell has none.
_Standing = list[Assessment | None]


def assessment_points(rubric: Rubric, assessment: Assessment) -> decimal.Decimal:
    """The points an assessment gives: its score, or the points of its level.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from branchkit.mechanisms.rubrics import (
    ...     Assessment, Carrier, Competency, Level, Rubric, Scale, assessment_points)
    >>> from branchkit.records import Label
    >>> scale = Scale(levels=(Level(key="good", label=Label(zh="良好", en="Good"),
    ...                             points=Decimal(80)),))
    >>> rubric = Rubric(key="r", label=Label(zh="评价", en="Rubric"), scale=scale,
    ...     competencies=(Competency(key="c", label=Label(zh="素养", en="C"),
    ...                              threshold=Decimal(60)),),
    ...     carriers=(Carrier(key="k", label=Label(zh="课程", en="Courses")),))
    >>> assessment_points(rubric, Assessment(rubric="r", person="1", competency="c",
    ...     carrier="k", level="good", date=dt.date(2022, 1, 1)))
    Decimal('80')

    :param rubric: the rubric, for its scale.
    :param assessment: the assessment.
    :raises KeyError: for a level the scale does not have.
    """
    if assessment.score is not None:
        return assessment.score
    assert assessment.level is not None  # an Assessment has a score or a level
    return rubric.scale.points_of(assessment.level)


class _Fit:
    """The keys of one rubric, looked up while checking its assessments.

    :param rubric: the rubric.
    """

    __slots__ = ("carriers", "competencies", "levels", "rubric")

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.competencies = frozenset(competency.key for competency in rubric.competencies)
        self.carriers = frozenset(carrier.key for carrier in rubric.carriers)
        self.levels = frozenset(level.key for level in rubric.scale.levels)

    def problems(self, index: int, assessment: Assessment) -> list[tuple[Path, str]]:
        """What in ``assessment``, at ``index``, does not fit the rubric; empty when it fits."""
        rubric = self.rubric
        found: list[tuple[Path, str]] = []
        if assessment.competency not in self.competencies:
            message = f"rubric {rubric.key!r} has no competency {assessment.competency!r}"
            found.append((("assessments", index, "competency"), message))
        if assessment.carrier not in self.carriers:
            message = f"rubric {rubric.key!r} has no carrier {assessment.carrier!r}"
            found.append((("assessments", index, "carrier"), message))
        scale = rubric.scale
        if assessment.score is not None and not scale.contains(assessment.score):
            message = f"is outside the scale {scale.minimum} to {scale.maximum}"
            found.append((("assessments", index, "score"), message))
        if assessment.level is not None and assessment.level not in self.levels:
            known = ", ".join(level.key for level in scale.levels) or "none"
            message = f"is not a level of rubric {rubric.key!r}; known: {known}"
            found.append((("assessments", index, "level"), message))
        return found


def assessment_problems(
    rubrics: Iterable[Rubric],
    assessments: Iterable[Assessment],
    *,
    people: Collection[str] | None = None,
) -> Iterator[tuple[Path, str]]:
    """Assessments that do not fit their rubric, name no person on record, or repeat a cell.

    Paths are ``("assessments", index, field)``, as the section's records are numbered. Values
    given (scores, levels) are personal and stay out of the messages; keys and ids do not.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from branchkit.mechanisms.rubrics import (
    ...     Assessment, Carrier, Competency, Rubric, assessment_problems)
    >>> from branchkit.records import Label
    >>> rubric = Rubric(key="r", label=Label(zh="评价", en="Rubric"),
    ...     competencies=(Competency(key="c", label=Label(zh="素养", en="C"),
    ...                              threshold=Decimal(60)),),
    ...     carriers=(Carrier(key="k", label=Label(zh="课程", en="Courses")),))
    >>> rows = [Assessment(rubric="r", person="9", competency="x", carrier="k",
    ...                    score=Decimal(120), date=dt.date(2022, 1, 1))]
    >>> for path, message in assessment_problems([rubric], rows, people={"1"}):
    ...     print(path, message)
    ('assessments', 0, 'person') no person '9'
    ('assessments', 0, 'competency') rubric 'r' has no competency 'x'
    ('assessments', 0, 'score') is outside the scale 0 to 100

    :param rubrics: the rubrics on record.
    :param assessments: the assessments.
    :param people: the ids of the people on record; ``None`` checks no person.
    """
    fits = {rubric.key: _Fit(rubric) for rubric in rubrics}
    listed = list(assessments)
    for index, assessment in enumerate(listed):
        if people is not None and assessment.person not in people:
            yield ("assessments", index, "person"), f"no person {assessment.person!r}"
        fit = fits.get(assessment.rubric)
        if fit is None:
            known = ", ".join(sorted(fits)) or "none"
            message = f"no rubric {assessment.rubric!r}; known: {known}"
            yield ("assessments", index, "rubric"), message
            continue
        yield from fit.problems(index, assessment)
    yield from _repeat_problems(listed)


def _repeat_problems(listed: Sequence[Assessment]) -> Iterator[tuple[Path, str]]:
    first: dict[tuple[str, str, str, str, dt.date], int] = {}
    for index, a in enumerate(listed):
        cell = (a.rubric, a.person, a.competency, a.carrier, a.date)
        if cell in first:
            message = (
                f"a second assessment of {a.person!r} in {a.competency}/{a.carrier} on "
                f"{a.date.isoformat()} (first at index {first[cell]})"
            )
            yield ("assessments", index, "date"), message
        else:
            first[cell] = index


#: A cell of the rubric as :class:`_Plan` lists it: its place in a person's standing
#: assessments, its carrier's key, its weight, whether the weight is 0 (a cell of weight 0
#: never counts), and the cell shown when it has no assessment.
_PlannedCell = tuple[int, str, decimal.Decimal, bool, Cell]


class _Plan:
    """A rubric's cells and rules, looked up once for every assessment and person.

    The cells are numbered competency by competency, carriers in the rubric's order; a
    person's standing assessments are a list with one place per cell.

    :param rubric: the rubric.
    """

    __slots__ = ("best", "cells", "competencies", "maximum", "minimum", "points", "size", "unit")

    def __init__(self, rubric: Rubric) -> None:
        scale = rubric.scale
        self.best = rubric.aggregation == "best"
        self.minimum = scale.minimum
        self.maximum = scale.maximum
        self.unit = scale.unit
        self.points = {level.key: level.points for level in scale.levels}
        missing = scale.minimum if rubric.missing == "minimum" else None
        #: The number of each cell, by competency and carrier.
        self.cells: dict[str, dict[str, int]] = {}
        competencies: list[tuple[Competency, tuple[_PlannedCell, ...]]] = []
        number = 0
        for competency in rubric.competencies:
            numbers: dict[str, int] = {}
            planned = []
            for carrier in rubric.carriers:
                numbers[carrier.key] = number
                weight = rubric.weight(competency.key, carrier.key)
                zero = weight == 0
                # Every person without an assessment in the cell is shown this same record.
                empty = Cell(
                    carrier=carrier.key,
                    weight=weight,
                    value=None,
                    counted=None if zero else missing,
                    assessment=None,
                )
                planned.append((number, carrier.key, weight, zero, empty))
                number += 1
            self.cells[competency.key] = numbers
            competencies.append((competency, tuple(planned)))
        self.competencies = tuple(competencies)
        self.size = number

    def standing(
        self,
        assessments: Iterable[Assessment],
        *,
        chosen: frozenset[str] | None,
        period: Period | None,
        as_of: dt.date,
    ) -> dict[str, _Standing] | None:
        """The assessment standing in each cell, by person: the latest that counts.

        Every assessment is also checked as :func:`assessment_problems` checks it, whatever
        its date; that function then words what is wrong.

        :param assessments: the rubric's assessments.
        :param chosen: the persons evaluated; ``None`` for everyone.
        :param period: keep only the assessments dated within it, if given.
        :param as_of: the day judged.
        :returns: the standing assessments of each person with one; ``None`` when an
            assessment does not fit the rubric or repeats a cell on one day.
        """
        minimum, maximum = self.minimum, self.maximum
        cells, points, size = self.cells, self.points, self.size
        first = dt.date.min if period is None else period.start
        last = as_of if period is None else min(as_of, period.end)
        # Per person, the day of each cell's first assessment; the days of a cell assessed
        # more than once, by person and cell.
        dated: dict[str, list[dt.date | None]] = {}
        again: dict[tuple[str, int], set[dt.date]] = {}
        latest: dict[str, _Standing] = {}
        for assessment in assessments:
            numbers = cells.get(assessment.competency)
            number = None if numbers is None else numbers.get(assessment.carrier)
            if number is None:
                return None
            score = assessment.score
            if score is not None and not (score.is_finite() and minimum <= score <= maximum):
                return None
            if assessment.level is not None and assessment.level not in points:
                return None
            person, day = assessment.person, assessment.date
            days = dated.get(person)
            if days is None:
                days = dated[person] = [None] * size
            earlier = days[number]
            if earlier is None:
                days[number] = day
            else:
                other = again.setdefault((person, number), {earlier})
                if day in other:
                    return None
                other.add(day)
            if not first <= day <= last or (chosen is not None and person not in chosen):
                continue
            places = latest.get(person)
            if places is None:
                places = latest[person] = [None] * size
            # No two assessments of a cell share a day, so the later one stands.
            found = places[number]
            if found is None or found.date < day:
                places[number] = assessment
        return latest

    def result(
        self,
        competency: Competency,
        planned: Sequence[_PlannedCell],
        standing: _Standing,
    ) -> CompetencyResult:
        """One person's result in ``competency``.

        :param competency: the competency.
        :param planned: its cells, as in :attr:`competencies`.
        :param standing: the person's standing assessments.
        """
        best = self.best
        cells = []
        total = weights = _ZERO
        highest: decimal.Decimal | None = None
        counts = False
        for number, carrier, weight, zero, empty in planned:
            assessment = standing[number]
            if assessment is None:
                cells.append(empty)
                counted = empty.counted
            else:
                value = assessment.score
                if value is None:
                    assert assessment.level is not None  # an Assessment has a score or a level
                    value = self.points[assessment.level]
                counted = None if zero else value
                cells.append(
                    Cell(
                        carrier=carrier,
                        weight=weight,
                        value=value,
                        counted=counted,
                        assessment=assessment,
                    )
                )
            if counted is not None:
                counts = True
                if best:
                    # The first of equal highest points stands, as max() keeps it.
                    if highest is None or counted > highest:
                        highest = counted
                else:
                    total += weight * counted
                    weights += weight
        aggregate = None
        if counts:
            exact = highest if best else total / weights
            assert exact is not None
            aggregate = exact.quantize(self.unit, rounding=decimal.ROUND_HALF_UP)
        return CompetencyResult(
            competency=competency.key,
            cells=tuple(cells),
            aggregate=aggregate,
            threshold=competency.threshold,
            met=aggregate is not None and aggregate >= competency.threshold,
        )


def _distribution(
    rubric: Rubric,
    competency: Competency,
    bands: Sequence[BandCount],
    results: Sequence[CompetencyResult],
) -> CohortDistribution:
    aggregates = [result.aggregate for result in results if result.aggregate is not None]
    # Each aggregate falls in the highest band whose lower bound it reaches, the lowest band
    # taking anything below it; the lower bounds never decrease.
    lowers = [band.lower for band in bands]
    counts = [0] * len(bands)
    for aggregate in aggregates:
        counts[max(bisect.bisect_right(lowers, aggregate) - 1, 0)] += 1
    meeting = sum(1 for result in results if result.met)
    cohort = len(results)
    mean = None
    if aggregates:
        mean = rubric.scale.round(sum(aggregates, _ZERO) / len(aggregates))
    share = None
    if cohort:
        share = (decimal.Decimal(meeting) / cohort).quantize(
            _SHARE_UNIT, rounding=decimal.ROUND_HALF_UP
        )
    return CohortDistribution(
        competency=competency.key,
        cohort=cohort,
        unassessed=cohort - len(aggregates),
        bands=tuple(
            BandCount(
                key=band.key,
                label=band.label,
                lower=band.lower,
                upper=band.upper,
                persons=count,
            )
            for band, count in zip(bands, counts, strict=True)
        ),
        mean=mean,
        threshold=competency.threshold,
        meeting=meeting,
        share_meeting=share,
    )


def evaluate_rubric(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    persons: Collection[str] | None = None,
    period: Period | None = None,
    as_of: dt.date,
) -> RubricResult:
    """Profiles per person and distributions per competency, as of ``as_of``.

    The rules (which assessment stands, missing cells, aggregates, bands) are in the module's
    description above.

    :param rubric: the rubric.
    :param assessments: the assessments; those of other rubrics are ignored.
    :param persons: the cohort: these persons, each with a profile even without any
        assessment; ``None`` for everyone with an assessment that counts.
    :param period: keep only the assessments dated within it (both ends included), if given.
    :param as_of: the day judged: assessments after it are left out.
    :returns: the profiles by person id and the distributions in the rubric's order.
    :raises RecordError: for an assessment of the rubric that does not fit it (unknown
        competency, carrier or level; a score outside the scale) or that repeats a cell on one
        day; checked over all of the rubric's assessments, whatever their date.
    """
    mine = [a for a in assessments if a.rubric == rubric.key]
    chosen = None if persons is None else frozenset(persons)
    with decimal.localcontext(_CONTEXT):
        plan = _Plan(rubric)
        latest = plan.standing(mine, chosen=chosen, period=period, as_of=as_of)
        if latest is None:
            raise RecordError("assessments input", list(assessment_problems([rubric], mine)))
        cohort = sorted(chosen if chosen is not None else latest)
        nothing: _Standing = [None] * plan.size
        # The results of each competency, in the order of the cohort, for its distribution.
        columns: list[list[CompetencyResult]] = [[] for _ in plan.competencies]
        profiles = []
        for person in cohort:
            standing = latest.get(person, nothing)
            results = []
            for (competency, planned), column in zip(plan.competencies, columns, strict=True):
                result = plan.result(competency, planned, standing)
                results.append(result)
                column.append(result)
            profiles.append(PersonProfile(person=person, competencies=tuple(results)))
        bands = rubric.scale.bands()
        distributions = tuple(
            _distribution(rubric, competency, bands, column)
            for competency, column in zip(rubric.competencies, columns, strict=True)
        )
    return RubricResult(
        rubric=rubric.key,
        as_of=as_of,
        period=None if period is None else period.key,
        aggregation=rubric.aggregation,
        missing=rubric.missing,
        profiles=tuple(profiles),
        distributions=distributions,
    )
