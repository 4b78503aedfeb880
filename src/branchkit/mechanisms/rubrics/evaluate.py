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

_Cell = tuple[str, str, str]


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
    by_key = {rubric.key: rubric for rubric in rubrics}
    listed = tuple(enumerate(assessments))
    for index, assessment in listed:
        if people is not None and assessment.person not in people:
            yield ("assessments", index, "person"), f"no person {assessment.person!r}"
        rubric = by_key.get(assessment.rubric)
        if rubric is None:
            known = ", ".join(sorted(by_key)) or "none"
            message = f"no rubric {assessment.rubric!r}; known: {known}"
            yield ("assessments", index, "rubric"), message
            continue
        yield from _fit_problems(rubric, index, assessment)
    yield from _repeat_problems(listed)


def _fit_problems(rubric: Rubric, index: int, assessment: Assessment) -> Iterator[tuple[Path, str]]:
    at: Path = ("assessments", index)
    if rubric.competency(assessment.competency) is None:
        message = f"rubric {rubric.key!r} has no competency {assessment.competency!r}"
        yield (*at, "competency"), message
    if rubric.carrier(assessment.carrier) is None:
        yield (*at, "carrier"), f"rubric {rubric.key!r} has no carrier {assessment.carrier!r}"
    scale = rubric.scale
    if assessment.score is not None and not scale.contains(assessment.score):
        yield (*at, "score"), f"is outside the scale {scale.minimum} to {scale.maximum}"
    if assessment.level is not None and scale.level(assessment.level) is None:
        known = ", ".join(level.key for level in scale.levels) or "none"
        yield (*at, "level"), f"is not a level of rubric {rubric.key!r}; known: {known}"


def _repeat_problems(
    listed: Sequence[tuple[int, Assessment]],
) -> Iterator[tuple[Path, str]]:
    first: dict[tuple[str, str, str, str, dt.date], int] = {}
    for index, a in listed:
        cell = (a.rubric, a.person, a.competency, a.carrier, a.date)
        if cell in first:
            message = (
                f"a second assessment of {a.person!r} in {a.competency}/{a.carrier} on "
                f"{a.date.isoformat()} (first at index {first[cell]})"
            )
            yield ("assessments", index, "date"), message
        else:
            first[cell] = index


def _counts(assessment: Assessment, as_of: dt.date, period: Period | None) -> bool:
    return assessment.date <= as_of and (period is None or period.contains(assessment.date))


def _competency_result(
    rubric: Rubric,
    competency: Competency,
    person: str,
    latest: dict[_Cell, Assessment],
) -> CompetencyResult:
    scale = rubric.scale
    cells = []
    for carrier in rubric.carriers:
        weight = rubric.weight(competency.key, carrier.key)
        assessment = latest.get((person, competency.key, carrier.key))
        value = None if assessment is None else assessment_points(rubric, assessment)
        counted = value
        if value is None and rubric.missing == "minimum":
            counted = scale.minimum
        if weight == 0:
            counted = None
        cells.append(
            Cell(
                carrier=carrier.key,
                weight=weight,
                value=value,
                counted=counted,
                assessment=assessment,
            )
        )
    aggregate = _aggregate(rubric, cells)
    return CompetencyResult(
        competency=competency.key,
        cells=tuple(cells),
        aggregate=aggregate,
        threshold=competency.threshold,
        met=aggregate is not None and aggregate >= competency.threshold,
    )


def _aggregate(rubric: Rubric, cells: Sequence[Cell]) -> decimal.Decimal | None:
    parts = [(cell.weight, cell.counted) for cell in cells if cell.counted is not None]
    if not parts:
        return None
    if rubric.aggregation == "best":
        return rubric.scale.round(max(points for _, points in parts))
    total = sum((weight * points for weight, points in parts), decimal.Decimal(0))
    weights = sum((weight for weight, _ in parts), decimal.Decimal(0))
    return rubric.scale.round(total / weights)


def _band_index(bands: Sequence[BandCount], value: decimal.Decimal) -> int:
    found = 0
    for index, band in enumerate(bands):
        if band.lower <= value:
            found = index
    return found


def _distribution(
    rubric: Rubric, competency: Competency, profiles: Sequence[PersonProfile]
) -> CohortDistribution:
    results = [profile.result(competency.key) for profile in profiles]
    aggregates = [result.aggregate for result in results if result.aggregate is not None]
    bands = rubric.scale.bands()
    counts = [0] * len(bands)
    for aggregate in aggregates:
        counts[_band_index(bands, aggregate)] += 1
    meeting = sum(1 for result in results if result.met)
    cohort = len(results)
    mean = None
    if aggregates:
        mean = rubric.scale.round(sum(aggregates, decimal.Decimal(0)) / len(aggregates))
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
    found = list(assessment_problems([rubric], mine))
    if found:
        raise RecordError("assessments input", found)
    chosen = None if persons is None else frozenset(persons)
    latest: dict[_Cell, Assessment] = {}
    for assessment in mine:
        if not _counts(assessment, as_of, period):
            continue
        if chosen is not None and assessment.person not in chosen:
            continue
        cell = (assessment.person, assessment.competency, assessment.carrier)
        if cell not in latest or latest[cell].date < assessment.date:
            latest[cell] = assessment
    cohort = sorted(chosen if chosen is not None else {cell[0] for cell in latest})
    with decimal.localcontext(_CONTEXT):
        profiles = tuple(
            PersonProfile(
                person=person,
                competencies=tuple(
                    _competency_result(rubric, competency, person, latest)
                    for competency in rubric.competencies
                ),
            )
            for person in cohort
        )
        distributions = tuple(
            _distribution(rubric, competency, profiles) for competency in rubric.competencies
        )
    return RubricResult(
        rubric=rubric.key,
        as_of=as_of,
        period=None if period is None else period.key,
        aggregation=rubric.aggregation,
        missing=rubric.missing,
        profiles=profiles,
        distributions=distributions,
    )
