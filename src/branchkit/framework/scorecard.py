"""Scoring a unit's indicators against a standard, grading many units together, comparing.

:func:`score` turns one unit's :class:`~branchkit.framework.indicators.Indicator` s into a
:class:`Scorecard`:

1. each scored indicator's *attainment* is ``min(value / target, 1)``, from 0 to 1;
   informational indicators (no target) are listed but not scored;
2. each criterion's score is the link-weighted mean attainment of its linked, scored
   indicators, times 100; an indicator a link names that was not given counts 0 and is
   reported in :attr:`Scorecard.missing`; a linked informational indicator is left out of the
   mean (a criterion left with none scores 0);
3. the overall score is the sum of criterion weight times criterion score (the weights sum to
   1, see :meth:`~branchkit.framework.standard.Standard.criterion_weights`), from 0 to 100;
4. each area's score is the mean attainment of its scored indicators, times 100;
5. the grade is the highest band whose ``at_least`` the (rounded) overall score reaches, then
   capped by every veto whose indicator is not met or missing.

All arithmetic is in :class:`~decimal.Decimal` with 28 significant digits; nothing is rounded
until a result is built, and then half up: scores (0-100) to 2 places, attainments, shares and
weights (0-1) to 4. A figure recomputed from the rounded parts may so differ from the shown one
in its last place.

:func:`grade_together` then applies the bands' ``max_share`` across many units, and
:func:`compare` says what changed between two scorecards.

>>> from decimal import Decimal
>>> from branchkit.framework.indicators import Indicator
>>> from branchkit.framework.scorecard import score
>>> from branchkit.framework.standard import Criterion, GradeBand, IndicatorLink, Standard
>>> from branchkit.records import Label
>>> standard = Standard(
...     key="demo",
...     label=Label(zh="示例标准", en="Demo standard"),
...     criteria=(Criterion(key="service", label=Label(zh="服务", en="Service")),),
...     links=(IndicatorLink(indicator="contacts", criterion="service"),),
...     bands=(
...         GradeBand(key="pass", label=Label(zh="合格", en="Pass"), at_least=Decimal(0)),
...         GradeBand(key="good", label=Label(zh="良好", en="Good"), at_least=Decimal(80)),
...     ),
... )
>>> contacts = Indicator.judged(
...     key="contacts", label=Label(zh="联系学生", en="Students contacted"),
...     practice="three-contacts", value=Decimal(45), unit=Label(zh="人", en="students"),
...     target=Decimal(50),
... )
>>> card = score(standard, [contacts], unit="branch-1")
>>> card.overall, card.grade
(Decimal('90.00'), 'good')
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Iterator, Sequence

import attrs

from branchkit.errors import Path, RecordError
from branchkit.framework._numbers import (
    CONTEXT,
    FRACTION_PLACES,
    HUNDRED,
    SCORE_PLACES,
    ZERO,
    rounded,
)
from branchkit.framework.ahp import AhpResult
from branchkit.framework.indicators import Indicator, Status
from branchkit.framework.standard import Standard, Weighting
from branchkit.records._checks import (
    duplicate_problems,
    ensure_valid,
    key_problems,
    text_problems,
)
from branchkit.records.labels import Label

__all__ = [
    "AreaScore",
    "Change",
    "Comparison",
    "Contribution",
    "CriterionScore",
    "Direction",
    "IndicatorScore",
    "Scorecard",
    "compare",
    "grade_together",
    "score",
]


@attrs.frozen(kw_only=True)
class IndicatorScore:
    """One indicator as scored: the indicator itself and how much of its target it reached.

    :param indicator: the indicator, with its value, target, status and records.
    :param attainment: ``min(value / target, 1)``, rounded half up to 4 places; ``None`` for an
        informational indicator.
    :param criteria: the keys of the criteria it serves, in the standard's order.
    """

    indicator: Indicator
    attainment: decimal.Decimal | None
    criteria: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Contribution:
    """What one linked indicator contributes to a criterion's score.

    The criterion's score is 100 times the sum of ``share * attainment`` over its counted
    contributions.

    :param indicator: the indicator's key.
    :param weight: the link's weight, as the standard gives it.
    :param share: the link's weight over the sum of the weights of the criterion's counted
        links, rounded half up to 4 places; ``None`` when not counted.
    :param attainment: the indicator's attainment, rounded half up to 4 places (0 when
        missing); ``None`` when not counted, the indicator being informational.
    :param missing: whether the indicator was not given (and so counts 0).
    """

    indicator: str
    weight: decimal.Decimal
    share: decimal.Decimal | None
    attainment: decimal.Decimal | None
    missing: bool = False

    @property
    def counted(self) -> bool:
        """Whether the indicator counts in the criterion's score."""
        return self.attainment is not None


@attrs.frozen(kw_only=True)
class CriterionScore:
    """A criterion's score and everything it is made of.

    :param key: the criterion's key.
    :param label: its name.
    :param weight: its weight in the overall score, rounded half up to 4 places.
    :param score: the link-weighted mean attainment of its indicators, times 100, rounded
        half up to 2 places.
    :param points: what it adds to the overall score, ``weight * score``, rounded likewise.
    :param contributions: its linked indicators, in the standard's order of links.
    """

    key: str
    label: Label
    weight: decimal.Decimal
    score: decimal.Decimal
    points: decimal.Decimal
    contributions: tuple[Contribution, ...]


@attrs.frozen(kw_only=True)
class AreaScore:
    """An area's score: the mean attainment of its scored indicators, times 100.

    :param key: the area's key.
    :param score: the score, rounded half up to 2 places; ``None`` when the area has no scored
        indicator.
    :param indicators: the keys of the scored indicators behind it, sorted.
    """

    key: str
    score: decimal.Decimal | None
    indicators: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Scorecard:
    """One unit's evaluation against a standard, every figure with what made it.

    :param standard: the standard's key.
    :param unit: the unit evaluated (a branch's key or code); also the tie-break of
        :func:`grade_together`.
    :param overall: the overall score, from 0 to 100, rounded half up to 2 places.
    :param reached: the highest grade band the overall score reaches.
    :param vetoes: the keys of the vetoes that applied, in the standard's order.
    :param grade: the grade band given: ``reached``, capped by the vetoes, and moved down by
        :func:`grade_together`.
    :param criteria: the criteria's scores, in the standard's order.
    :param areas: the areas' scores.
    :param indicators: every indicator given, sorted by key.
    :param weighting: how the standard weighed its criteria.
    :param missing: the keys of the indicators the standard links or vetoes by that were not
        given, sorted.
    :param ahp: the Analytic Hierarchy Process's result, when the standard weighs by it.
    :param moved_from: the bands :func:`grade_together` moved the unit down from, in order.
    """

    standard: str
    unit: str
    overall: decimal.Decimal
    reached: str
    vetoes: tuple[str, ...]
    grade: str
    criteria: tuple[CriterionScore, ...]
    areas: tuple[AreaScore, ...]
    indicators: tuple[IndicatorScore, ...]
    weighting: Weighting
    missing: tuple[str, ...] = ()
    ahp: AhpResult | None = None
    moved_from: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("standard", self.standard)
        yield from text_problems("unit", self.unit)
        yield from duplicate_problems(
            "indicators", self.indicators, key=lambda item: item.indicator.key
        )
        yield from duplicate_problems("criteria", self.criteria, key=lambda item: item.key)
        yield from duplicate_problems("areas", self.areas, key=lambda item: item.key)

    def criterion(self, key: str) -> CriterionScore:
        """The score of the criterion called ``key``.

        :raises KeyError: when the scorecard has no such criterion.
        """
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    def indicator(self, key: str) -> IndicatorScore:
        """The indicator called ``key``, as scored.

        :raises KeyError: when no such indicator was given.
        """
        for indicator in self.indicators:
            if indicator.indicator.key == key:
                return indicator
        raise KeyError(key)


def _area_keys(
    given: Sequence[Indicator], areas: Iterable[str] | None
) -> tuple[tuple[str, ...], list[tuple[Path, str]]]:
    if areas is None:
        return tuple(sorted({i.area for i in given if i.area is not None})), []
    keys = tuple(areas)
    known = set(keys)
    problems: list[tuple[Path, str]] = []
    for index, indicator in enumerate(given):
        if indicator.area is not None and indicator.area not in known:
            listed = ", ".join(keys) or "none"
            problems.append(
                (("indicators", index, "area"), f"no area {indicator.area!r}; known: {listed}")
            )
    return keys, problems


def _grade(standard: Standard, overall: decimal.Decimal, vetoes: Sequence[str]) -> tuple[str, str]:
    """The band the overall score reaches, and the band given once the vetoes cap it."""
    position = {band.key: index for index, band in enumerate(standard.bands)}
    reached = max(index for index, band in enumerate(standard.bands) if band.at_least <= overall)
    given = reached
    for veto in standard.vetoes:
        if veto.key in vetoes:
            given = min(given, position[veto.cap])
    return standard.bands[reached].key, standard.bands[given].key


def score(
    standard: Standard,
    indicators: Iterable[Indicator],
    *,
    unit: str,
    areas: Iterable[str] | None = None,
) -> Scorecard:
    """Score one unit's indicators against ``standard``; see the module for the rules.

    The result does not depend on the order of ``indicators``.

    :param standard: the standard.
    :param indicators: the unit's indicators, each key once.
    :param unit: the unit's key or code (``cs-student-1``).
    :param areas: the keys of the areas to score, in the order to list them (a framework's
        areas); an area without scored indicators is listed with no score. ``None`` lists the
        areas the indicators name, sorted.
    :raises branchkit.errors.RecordError: when two indicators share a key, or an indicator
        names an area not among ``areas``.
    """
    given = tuple(indicators)
    area_keys, problems = _area_keys(given, areas)
    problems[:0] = duplicate_problems("indicators", given, key=lambda item: item.key)
    if problems:
        raise RecordError(Scorecard.__name__, problems)
    by_key = {indicator.key: indicator for indicator in given}
    missing: set[str] = set()
    with decimal.localcontext(CONTEXT):
        criteria: list[CriterionScore] = []
        overall = ZERO
        for (key, weight), criterion in zip(
            standard.criterion_weights(), standard.criteria, strict=True
        ):
            exact, contributions = _criterion(standard, key, by_key, missing)
            overall += weight * exact
            criteria.append(
                CriterionScore(
                    key=key,
                    label=criterion.label,
                    weight=rounded(weight, FRACTION_PLACES),
                    score=rounded(exact, SCORE_PLACES),
                    points=rounded(weight * exact, SCORE_PLACES),
                    contributions=contributions,
                )
            )
        area_scores = tuple(_area(key, given) for key in area_keys)
    applied = []
    for veto in standard.vetoes:
        watched = by_key.get(veto.indicator)
        if watched is None:
            missing.add(veto.indicator)
            applied.append(veto.key)
        elif watched.status is Status.NOT_MET:
            applied.append(veto.key)
    shown = rounded(overall, SCORE_PLACES)
    reached, grade = _grade(standard, shown, applied)
    serves: dict[str, list[str]] = {}
    for link in standard.links:
        serves.setdefault(link.indicator, [])
        if link.criterion not in serves[link.indicator]:
            serves[link.indicator].append(link.criterion)
    order = {criterion.key: index for index, criterion in enumerate(standard.criteria)}
    indicator_scores = tuple(
        IndicatorScore(
            indicator=indicator,
            attainment=_shown_attainment(indicator),
            criteria=tuple(sorted(serves.get(indicator.key, ()), key=order.__getitem__)),
        )
        for indicator in sorted(given, key=lambda item: item.key)
    )
    return Scorecard(
        standard=standard.key,
        unit=unit,
        overall=shown,
        reached=reached,
        vetoes=tuple(applied),
        grade=grade,
        criteria=tuple(criteria),
        areas=area_scores,
        indicators=indicator_scores,
        missing=tuple(sorted(missing)),
        weighting=standard.weighting,
        ahp=standard.ahp_result(),
    )


def _shown_attainment(indicator: Indicator) -> decimal.Decimal | None:
    attainment = indicator.attainment
    return None if attainment is None else rounded(attainment, FRACTION_PLACES)


def _criterion(
    standard: Standard, key: str, by_key: dict[str, Indicator], missing: set[str]
) -> tuple[decimal.Decimal, tuple[Contribution, ...]]:
    """A criterion's unrounded score, and its contributions; adds missing indicators."""
    counted: list[tuple[decimal.Decimal, decimal.Decimal | None, bool]] = []
    for link in standard.links_of(key):
        indicator = by_key.get(link.indicator)
        if indicator is None:
            missing.add(link.indicator)
            counted.append((link.weight, ZERO, True))
        else:
            counted.append((link.weight, indicator.attainment, False))
    total = sum((weight for weight, attained, _ in counted if attained is not None), ZERO)
    sum_attained = sum(
        (weight * attained for weight, attained, _ in counted if attained is not None), ZERO
    )
    exact = sum_attained / total * HUNDRED if total else ZERO
    contributions = tuple(
        Contribution(
            indicator=link.indicator,
            weight=weight,
            share=None if attained is None else rounded(weight / total, FRACTION_PLACES),
            attainment=None if attained is None else rounded(attained, FRACTION_PLACES),
            missing=absent,
        )
        for link, (weight, attained, absent) in zip(standard.links_of(key), counted, strict=True)
    )
    return exact, contributions


def _area(key: str, given: Sequence[Indicator]) -> AreaScore:
    scored = sorted(
        (i for i in given if i.area == key and i.attainment is not None), key=lambda i: i.key
    )
    if not scored:
        return AreaScore(key=key, score=None)
    total = sum((i.attainment or ZERO for i in scored), ZERO)
    return AreaScore(
        key=key,
        score=rounded(total / len(scored) * HUNDRED, SCORE_PLACES),
        indicators=tuple(i.key for i in scored),
    )


def grade_together(standard: Standard, scorecards: Iterable[Scorecard]) -> tuple[Scorecard, ...]:
    """Grade many units together, so that no band holds more than its ``max_share`` of them.

    With ``n`` scorecards, a band with a ``max_share`` may hold at most
    ``floor(max_share * n)`` of them. From the highest band down, a band holding more keeps
    those with the highest overall scores; the rest move down one band (and may move again
    if that band is over its own limit in turn). Among equal overall scores, the unit whose
    key sorts first stays: units are ranked by overall score, highest first, then by unit key.

    The vetoes' caps already in the scorecards' grades stay; units only ever move down, and
    grading the result again changes nothing.

    :param standard: the standard the scorecards were scored against.
    :param scorecards: one scorecard per unit, each unit once.
    :returns: the scorecards in the same order, their ``grade`` and ``moved_from`` updated.
    :raises branchkit.errors.RecordError: when a scorecard is of another standard, has a grade
        the standard lacks, or two share a unit.
    """
    cards = tuple(scorecards)
    position = {band.key: index for index, band in enumerate(standard.bands)}
    problems: list[tuple[Path, str]] = list(
        duplicate_problems("scorecards", cards, key=lambda card: card.unit, field="unit")
    )
    for index, card in enumerate(cards):
        if card.standard != standard.key:
            problems.append(
                (
                    ("scorecards", index, "standard"),
                    f"scored against {card.standard!r}, not {standard.key!r}",
                )
            )
        elif card.grade not in position:
            problems.append((("scorecards", index, "grade"), f"no grade band {card.grade!r}"))
    if problems:
        raise RecordError("scorecards", problems)
    current = [position[card.grade] for card in cards]
    moved = [list(card.moved_from) for card in cards]
    count = decimal.Decimal(len(cards))
    for level in range(len(standard.bands) - 1, 0, -1):
        band = standard.bands[level]
        if band.max_share is None:
            continue
        allowed = int(
            CONTEXT.multiply(band.max_share, count).to_integral_value(decimal.ROUND_FLOOR)
        )
        members = [index for index, at in enumerate(current) if at == level]
        if len(members) <= allowed:
            continue
        members.sort(key=lambda index: (-cards[index].overall, cards[index].unit))
        for index in members[allowed:]:
            current[index] = level - 1
            moved[index].append(band.key)
    return tuple(
        attrs.evolve(card, grade=standard.bands[at].key, moved_from=tuple(steps))
        for card, at, steps in zip(cards, current, moved, strict=True)
    )


class Direction(enum.Enum):
    """Which way a figure went between two scorecards."""

    ROSE = "rose"
    FELL = "fell"
    SAME = "same"
    #: Only the current scorecard has the figure.
    NEW = "new"
    #: Only the earlier scorecard has the figure.
    GONE = "gone"


@attrs.frozen(kw_only=True)
class Change:
    """How one figure changed between two scorecards.

    :param key: the indicator's or criterion's key (``overall`` for the overall score).
    :param current: the figure now; ``None`` when gone.
    :param earlier: the figure before; ``None`` when new.
    :param change: ``current - earlier``; ``None`` when new or gone.
    :param direction: which way it went.
    """

    key: str
    current: decimal.Decimal | None
    earlier: decimal.Decimal | None
    change: decimal.Decimal | None
    direction: Direction

    @classmethod
    def between(
        cls, key: str, current: decimal.Decimal | None, earlier: decimal.Decimal | None
    ) -> Change:
        """The change from ``earlier`` to ``current``, either of which may be absent.

        :param key: the figure's key.
        :param current: the figure now, if there is one.
        :param earlier: the figure before, if there was one.
        """
        if current is None or earlier is None:
            direction = Direction.GONE if current is None else Direction.NEW
            return cls(key=key, current=current, earlier=earlier, change=None, direction=direction)
        change = CONTEXT.subtract(current, earlier)
        if change > 0:
            direction = Direction.ROSE
        elif change < 0:
            direction = Direction.FELL
        else:
            direction = Direction.SAME
        return cls(key=key, current=current, earlier=earlier, change=change, direction=direction)


@attrs.frozen(kw_only=True)
class Comparison:
    """What changed between two scorecards of one standard.

    :param standard: the standard's key.
    :param unit: the unit of the current scorecard.
    :param earlier_unit: the unit of the earlier one (usually the same unit, a year before).
    :param overall: the change of the overall score.
    :param grade: the current grade.
    :param earlier_grade: the earlier grade.
    :param criteria: per criterion, the change of its score: the current scorecard's criteria
        in order, then those only the earlier one has.
    :param indicators: per indicator, the change of its value, sorted by key.
    """

    standard: str
    unit: str
    earlier_unit: str
    overall: Change
    grade: str
    earlier_grade: str
    criteria: tuple[Change, ...]
    indicators: tuple[Change, ...]


def compare(current: Scorecard, earlier: Scorecard) -> Comparison:
    """What changed from ``earlier`` to ``current``.

    Per criterion its score, per indicator its value, and the overall score.

    :param current: the newer scorecard.
    :param earlier: the older scorecard, of the same standard.
    :raises branchkit.errors.RecordError: when the scorecards are of different standards.
    """
    if current.standard != earlier.standard:
        raise RecordError(
            Comparison.__name__,
            [
                (
                    ("earlier", "standard"),
                    f"scored against {earlier.standard!r}, not {current.standard!r}",
                )
            ],
        )
    now = {c.key: c.score for c in current.criteria}
    before = {c.key: c.score for c in earlier.criteria}
    criterion_keys = [c.key for c in current.criteria]
    criterion_keys += [c.key for c in earlier.criteria if c.key not in now]
    values_now = {i.indicator.key: i.indicator.value for i in current.indicators}
    values_before = {i.indicator.key: i.indicator.value for i in earlier.indicators}
    return Comparison(
        standard=current.standard,
        unit=current.unit,
        earlier_unit=earlier.unit,
        overall=Change.between("overall", current.overall, earlier.overall),
        grade=current.grade,
        earlier_grade=earlier.grade,
        criteria=tuple(Change.between(k, now.get(k), before.get(k)) for k in criterion_keys),
        indicators=tuple(
            Change.between(k, values_now.get(k), values_before.get(k))
            for k in sorted(values_now.keys() | values_before.keys())
        ),
    )
