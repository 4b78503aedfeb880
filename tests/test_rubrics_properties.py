"""Rubrics on random instances, against a reference written here from the rules alone.

The reference evaluates a rubric the plain way: for every person, competency and carrier it
scans all the assessments again, and it checks every assessment by looking its keys up in the
rubric's lists one by one. Its results must equal branchkit's field for field, down to each
Decimal's exponent, whatever decimal context the caller has set; its problems must equal
branchkit's message for message, in the same order.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Collection, Sequence
from decimal import Decimal

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from branchkit.errors import Path, RecordError
from branchkit.mechanisms.rubrics import (
    Aggregation,
    Assessment,
    BandCount,
    Carrier,
    Cell,
    CohortDistribution,
    Competency,
    CompetencyResult,
    Level,
    MissingRule,
    PersonProfile,
    Rubric,
    RubricResult,
    Scale,
    Weight,
    assessment_problems,
    evaluate_rubric,
)
from branchkit.records import Label, Period

D = dt.date
KEY = "three-literacies"
COMPETENCIES = ("character", "knowledge", "talent")
CARRIERS = ("courses", "activities", "practice")
PEOPLE = ("P1", "P2", "P3", "P4")
LABEL = Label(zh="素养", en="Literacy")
REFERENCE_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


# --- the reference ----------------------------------------------------------------------------


def reference_problems(
    rubrics: Sequence[Rubric], rows: Sequence[Assessment], people: Collection[str] | None
) -> list[tuple[Path, str]]:
    """Every row checked against its rubric's lists, then every row against the rows before."""
    found: list[tuple[Path, str]] = []
    for index, row in enumerate(rows):
        if people is not None and row.person not in people:
            found.append((("assessments", index, "person"), f"no person {row.person!r}"))
        matching = [rubric for rubric in rubrics if rubric.key == row.rubric]
        if not matching:
            known = ", ".join(sorted({rubric.key for rubric in rubrics})) or "none"
            message = f"no rubric {row.rubric!r}; known: {known}"
            found.append((("assessments", index, "rubric"), message))
            continue
        rubric = matching[-1]
        scale = rubric.scale
        if row.competency not in [competency.key for competency in rubric.competencies]:
            message = f"rubric {rubric.key!r} has no competency {row.competency!r}"
            found.append((("assessments", index, "competency"), message))
        if row.carrier not in [carrier.key for carrier in rubric.carriers]:
            message = f"rubric {rubric.key!r} has no carrier {row.carrier!r}"
            found.append((("assessments", index, "carrier"), message))
        if row.score is not None and not scale.minimum <= row.score <= scale.maximum:
            message = f"is outside the scale {scale.minimum} to {scale.maximum}"
            found.append((("assessments", index, "score"), message))
        levels = [level.key for level in scale.levels]
        if row.level is not None and row.level not in levels:
            known = ", ".join(levels) or "none"
            message = f"is not a level of rubric {rubric.key!r}; known: {known}"
            found.append((("assessments", index, "level"), message))
    for index, row in enumerate(rows):
        cell = (row.rubric, row.person, row.competency, row.carrier, row.date)
        earlier = [
            before
            for before, other in enumerate(rows[:index])
            if (other.rubric, other.person, other.competency, other.carrier, other.date) == cell
        ]
        if earlier:
            message = (
                f"a second assessment of {row.person!r} in {row.competency}/{row.carrier} on "
                f"{row.date.isoformat()} (first at index {earlier[0]})"
            )
            found.append((("assessments", index, "date"), message))
    return found


def reference_cell(
    rubric: Rubric, counted_rows: Sequence[Assessment], person: str, competency: str, carrier: str
) -> Cell:
    weight = rubric.weight(competency, carrier)
    found = [
        row
        for row in counted_rows
        if (row.person, row.competency, row.carrier) == (person, competency, carrier)
    ]
    last = max(found, key=lambda row: row.date) if found else None
    value = None
    if last is not None:
        value = last.score if last.level is None else rubric.scale.points_of(last.level)
    counted = value
    if value is None and rubric.missing == "minimum":
        counted = rubric.scale.minimum
    if weight == 0:
        counted = None
    return Cell(carrier=carrier, weight=weight, value=value, counted=counted, assessment=last)


def reference_aggregate(rubric: Rubric, cells: Sequence[Cell]) -> Decimal | None:
    parts = [(cell.weight, cell.counted) for cell in cells if cell.counted is not None]
    if not parts:
        return None
    if rubric.aggregation == "best":
        return rubric.scale.round(max(points for _, points in parts))
    total = sum((weight * points for weight, points in parts), Decimal(0))
    return rubric.scale.round(total / sum((weight for weight, _ in parts), Decimal(0)))


def reference_distribution(
    rubric: Rubric, competency: Competency, profiles: Sequence[PersonProfile]
) -> CohortDistribution:
    results = [profile.result(competency.key) for profile in profiles]
    aggregates = [result.aggregate for result in results if result.aggregate is not None]
    bands = rubric.scale.bands()
    counts = [0] * len(bands)
    for aggregate in aggregates:
        reached = [index for index, band in enumerate(bands) if band.lower <= aggregate]
        counts[reached[-1] if reached else 0] += 1
    meeting = sum(1 for result in results if result.met)
    share = None
    if results:
        share = (Decimal(meeting) / len(results)).quantize(
            Decimal("0.0001"), rounding=decimal.ROUND_HALF_UP
        )
    return CohortDistribution(
        competency=competency.key,
        cohort=len(results),
        unassessed=len(results) - len(aggregates),
        bands=tuple(
            BandCount(
                key=band.key, label=band.label, lower=band.lower, upper=band.upper, persons=count
            )
            for band, count in zip(bands, counts, strict=True)
        ),
        mean=rubric.scale.round(sum(aggregates, Decimal(0)) / len(aggregates))
        if aggregates
        else None,
        threshold=competency.threshold,
        meeting=meeting,
        share_meeting=share,
    )


def reference_evaluate(
    rubric: Rubric,
    rows: Sequence[Assessment],
    *,
    persons: Collection[str] | None,
    period: Period | None,
    as_of: dt.date,
) -> RubricResult:
    mine = [row for row in rows if row.rubric == rubric.key]
    found = reference_problems([rubric], mine, None)
    if found:
        raise RecordError("assessments input", found)
    counted_rows = [
        row
        for row in mine
        if row.date <= as_of
        and (period is None or period.start <= row.date <= period.end)
        and (persons is None or row.person in persons)
    ]
    cohort = sorted(set(persons) if persons is not None else {row.person for row in counted_rows})
    with decimal.localcontext(REFERENCE_CONTEXT):
        profiles = []
        for person in cohort:
            results = []
            for competency in rubric.competencies:
                cells = tuple(
                    reference_cell(rubric, counted_rows, person, competency.key, carrier.key)
                    for carrier in rubric.carriers
                )
                aggregate = reference_aggregate(rubric, cells)
                results.append(
                    CompetencyResult(
                        competency=competency.key,
                        cells=cells,
                        aggregate=aggregate,
                        threshold=competency.threshold,
                        met=aggregate is not None and aggregate >= competency.threshold,
                    )
                )
            profiles.append(PersonProfile(person=person, competencies=tuple(results)))
        distributions = tuple(
            reference_distribution(rubric, competency, profiles)
            for competency in rubric.competencies
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


# --- random rubrics and assessments -----------------------------------------------------------

WEIGHTS = st.sampled_from([Decimal(0), Decimal(1), Decimal(2), Decimal("0.5"), Decimal(3)])


@st.composite
def scales(draw: st.DrawFn) -> Scale:
    """Scores or levels, on spans from 1 point (bands that round together) to 100."""
    minimum = draw(st.sampled_from([Decimal(0), Decimal(-10), Decimal("0.5")]))
    maximum = minimum + draw(st.sampled_from([Decimal(1), Decimal("2.5"), Decimal(100)]))
    places = draw(st.integers(0, 3))
    if draw(st.booleans()):
        bins = draw(st.integers(1, 6))
        return Scale(minimum=minimum, maximum=maximum, bins=bins, places=places)
    points = draw(
        st.lists(
            st.decimals(min_value=minimum, max_value=maximum, places=1),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    levels = tuple(
        Level(key=f"level-{index}", label=LABEL, points=value)
        for index, value in enumerate(sorted(points))
    )
    return Scale(minimum=minimum, maximum=maximum, levels=levels, places=places)


@st.composite
def rubrics(draw: st.DrawFn, key: str = KEY) -> Rubric:
    """A rubric of some competencies and carriers, with weights of carriers and cells."""
    competency_keys = draw(st.lists(st.sampled_from(COMPETENCIES), min_size=1, unique=True))
    carrier_keys = draw(st.lists(st.sampled_from(CARRIERS), min_size=1, unique=True))
    scale = draw(scales())
    thresholds = st.decimals(min_value=scale.minimum, max_value=scale.maximum, places=1)
    targets = st.tuples(st.sampled_from(carrier_keys), st.none() | st.sampled_from(competency_keys))
    weighted = draw(st.lists(targets, max_size=4, unique=True))
    weights = tuple(
        Weight(carrier=carrier, competency=competency, weight=draw(WEIGHTS))
        for carrier, competency in weighted
    )
    aggregation: Aggregation = draw(st.sampled_from(["weighted_mean", "best"]))
    missing: MissingRule = draw(st.sampled_from(["minimum", "skip"]))
    try:
        return Rubric(
            key=key,
            label=LABEL,
            competencies=tuple(
                Competency(key=competency, label=LABEL, threshold=draw(thresholds))
                for competency in competency_keys
            ),
            carriers=tuple(Carrier(key=carrier, label=LABEL) for carrier in carrier_keys),
            scale=scale,
            weights=weights,
            aggregation=aggregation,
            missing=missing,
        )
    except RecordError:
        # Weights of 0 took every carrier out of a competency.
        assume(False)
        raise


FAULTS = ("competency", "carrier", "score", "level", "repeat")


def broken(draw: st.DrawFn, rows: list[Assessment], index: int, fault: str) -> Assessment:
    """``rows[index]`` with ``fault``: an unknown key, a score outside the scale, or the cell
    and day of another row."""
    row = rows[index]
    if fault == "competency":
        return attrs.evolve(row, competency="ethics")
    if fault == "carrier":
        return attrs.evolve(row, carrier="lectures")
    if fault == "level":
        return attrs.evolve(row, score=None, level="unheard-of")
    if fault == "repeat":
        other = rows[draw(st.integers(0, len(rows) - 1).filter(lambda drawn: drawn != index))]
        return attrs.evolve(
            row,
            rubric=other.rubric,
            person=other.person,
            competency=other.competency,
            carrier=other.carrier,
            date=other.date,
        )
    # The scale's rubric is the one of the row or, for a row of another rubric, any: the
    # score is outside the scales drawn here either way.
    return attrs.evolve(row, score=Decimal(101), level=None)


@st.composite
def assessments(draw: st.DrawFn, rubric: Rubric, faults: bool) -> list[Assessment]:
    """Assessments of ``rubric``, some of another rubric; with ``faults``, one to three of them
    do not fit (see :func:`broken`)."""
    scale = rubric.scale
    levels = [level.key for level in scale.levels]
    cells = st.tuples(
        st.sampled_from(PEOPLE),
        st.sampled_from([competency.key for competency in rubric.competencies]),
        st.sampled_from([carrier.key for carrier in rubric.carriers]),
        st.dates(min_value=D(2021, 12, 1), max_value=D(2022, 12, 31)),
        st.sampled_from([rubric.key, rubric.key, rubric.key, "other"]),
    )
    # Lists drawn freely are mostly short; a drawn length gives long ones as often.
    size = draw(st.integers(2 if faults else 0, 25))
    keys = draw(st.lists(cells, min_size=size, max_size=size, unique=True))
    rows: list[Assessment] = []
    for person, competency, carrier, day, key in keys:
        level: str | None = None
        score: Decimal | None = None
        by_level = draw(st.booleans())
        if levels and by_level:
            level = draw(st.sampled_from(levels))
        else:
            digits = draw(st.integers(0, 2))
            score = draw(st.decimals(scale.minimum, scale.maximum, places=digits))
        rows.append(
            Assessment(
                rubric=key,
                person=person,
                competency=competency,
                carrier=carrier,
                score=score,
                level=level,
                date=day,
            )
        )
    if faults:
        for fault in draw(st.lists(st.sampled_from(FAULTS), min_size=1, max_size=3)):
            index = draw(st.integers(0, len(rows) - 1))
            rows[index] = broken(draw, rows, index, fault)
    return rows


persons = st.none() | st.lists(st.sampled_from((*PEOPLE, "P9")), max_size=5)
periods = st.none() | st.sampled_from(
    [Period.parse(key) for key in ("2022", "2022-Q2", "2021-2022")]
)
days = st.dates(min_value=D(2021, 12, 1), max_value=D(2023, 1, 31))
# The caller's context must not change any result.
contexts = st.sampled_from(
    [
        decimal.Context(),
        decimal.Context(prec=3, rounding=decimal.ROUND_DOWN),
        decimal.Context(prec=50, rounding=decimal.ROUND_CEILING),
    ]
)


def outcome(evaluate: Callable[[], RubricResult]) -> RubricResult | tuple[tuple[Path, str], ...]:
    """What ``evaluate`` returns, or the problems it raises."""
    try:
        return evaluate()
    except RecordError as refused:
        return refused.problems


@settings(max_examples=300, deadline=None)
@given(
    rubric=rubrics(),
    faults=st.booleans(),
    persons=persons,
    period=periods,
    as_of=days,
    context=contexts,
    data=st.data(),
)
def test_evaluation_equals_the_reference(
    *,
    rubric: Rubric,
    faults: bool,
    persons: list[str] | None,
    period: Period | None,
    as_of: dt.date,
    context: decimal.Context,
    data: st.DataObject,
) -> None:
    rows = data.draw(assessments(rubric, faults))
    expected = outcome(
        lambda: reference_evaluate(rubric, rows, persons=persons, period=period, as_of=as_of)
    )
    with decimal.localcontext(context):
        got = outcome(
            lambda: evaluate_rubric(rubric, rows, persons=persons, period=period, as_of=as_of)
        )
    assert got == expected
    # Equal Decimals may differ in their exponent (80 and 80.00); the records' texts do not.
    assert repr(got) == repr(expected)


@settings(max_examples=200, deadline=None)
@given(
    rubric=rubrics(),
    other=rubrics(key="second"),
    people=st.none() | st.sets(st.sampled_from(PEOPLE)),
    data=st.data(),
)
def test_problems_equal_the_reference(
    *, rubric: Rubric, other: Rubric, people: set[str] | None, data: st.DataObject
) -> None:
    rows = data.draw(assessments(rubric, faults=True))
    rows += data.draw(assessments(other, faults=True))
    rows = data.draw(st.permutations(rows))
    for known in ([], [rubric], [rubric, other]):
        got = list(assessment_problems(known, rows, people=people))
        assert got == reference_problems(known, rows, people)
