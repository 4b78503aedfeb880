"""Standards a branch is evaluated against: criteria, their weights, vetoes and grade bands.

A :class:`Standard` (such as "七个有力") has :class:`Criterion` s, each served by one or more
indicators through :class:`IndicatorLink` s (an indicator may serve several criteria), and
:class:`GradeBand` s from the lowest up. A :class:`Veto` caps the grade when one indicator is
not met, whatever the score.

The criteria are weighed in one of three ways (:data:`Weighting`):

* ``given``: every criterion has a weight; the weights are normalised to sum 1;
* ``ahp``: no criterion has a weight and the standard has pairwise :attr:`~Standard.judgements`
  of the criteria; the weights are the Analytic Hierarchy Process's
  (:mod:`branchkit.framework.ahp`), and a standard whose judgements are too inconsistent is
  refused unless it sets :attr:`~Standard.accept_inconsistent`;
* ``equal``: neither weights nor judgements; every criterion weighs the same.

>>> from decimal import Decimal
>>> from branchkit.framework.ahp import Judgement
>>> from branchkit.framework.standard import Criterion, GradeBand, IndicatorLink, Standard
>>> from branchkit.records import Label
>>> standard = Standard(
...     key="demo",
...     label=Label(zh="示例标准", en="Demo standard"),
...     criteria=(
...         Criterion(key="politics", label=Label(zh="政治功能强", en="Political function")),
...         Criterion(key="service", label=Label(zh="服务师生强", en="Serving people")),
...     ),
...     links=(
...         IndicatorLink(indicator="sessions", criterion="politics"),
...         IndicatorLink(indicator="contacts", criterion="service"),
...     ),
...     judgements=(Judgement(prefer="politics", over="service", strength=3),),
...     bands=(
...         GradeBand(key="pass", label=Label(zh="合格", en="Pass"), at_least=Decimal(0)),
...         GradeBand(key="good", label=Label(zh="良好", en="Good"), at_least=Decimal(80)),
...     ),
... )
>>> standard.weighting
'ahp'
>>> [(key, str(round(weight, 4))) for key, weight in standard.criterion_weights()]
[('politics', '0.7500'), ('service', '0.2500')]
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from typing import Literal

import attrs

from branchkit.errors import Path, UnknownNameError
from branchkit.framework._numbers import (
    CONTEXT,
    HUNDRED,
    ONE,
    ZERO,
    finite_problems,
    share_problems,
)
from branchkit.framework.ahp import MAX_ITEMS, AhpResult, Judgement, _solve, judgement_problems
from branchkit.records._checks import duplicate_problems, ensure_valid, key_problems
from branchkit.records.labels import Label

__all__ = [
    "Alignment",
    "Criterion",
    "GradeBand",
    "IndicatorLink",
    "Standard",
    "Veto",
    "Weighting",
]

#: How a standard weighs its criteria: weights ``given`` on every criterion, the ``ahp`` of
#: pairwise judgements, or ``equal`` weights.
Weighting = Literal["given", "ahp", "equal"]


def _positive_problems(name: str, value: decimal.Decimal) -> Iterator[tuple[Path, str]]:
    if not value.is_finite() or value <= 0:
        yield (name,), f"must be a finite number more than 0, not {value}"


@attrs.frozen(kw_only=True)
class Criterion:
    """One criterion of a standard, such as 政治功能强 (a strong political function).

    :param key: the criterion's key, unique within its standard.
    :param label: its name.
    :param weight: its weight, more than 0, before normalisation; either every criterion of a
        standard has one or none has.
    :param description: what it asks of a branch.
    """

    key: str
    label: Label
    weight: decimal.Decimal | None = None
    description: Label | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        if self.weight is not None:
            yield from _positive_problems("weight", self.weight)


@attrs.frozen(kw_only=True)
class IndicatorLink:
    """An indicator serving a criterion, with the weight it has there.

    Links are many-to-many: an indicator may serve several criteria, and a criterion is served
    by the link-weighted mean of its indicators' attainments.

    :param indicator: the indicator's key.
    :param criterion: the criterion's key.
    :param weight: the indicator's weight within the criterion, more than 0.
    :param reason: why the indicator bears on the criterion.
    """

    indicator: str
    criterion: str
    weight: decimal.Decimal = ONE
    reason: Label | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("indicator", self.indicator)
        yield from key_problems("criterion", self.criterion)
        yield from _positive_problems("weight", self.weight)


@attrs.frozen(kw_only=True)
class Veto:
    """A one-vote veto (一票否决): an indicator that, when not met, caps the grade.

    The veto applies when the indicator's status is ``not_met``, or when the indicator is
    missing from those scored (a missing figure is not a met one). An informational indicator
    (no target, so no status) never triggers it.

    :param key: the veto's key, unique within its standard.
    :param label: its name (发生严重违纪问题).
    :param indicator: the key of the indicator it watches.
    :param cap: the key of the highest grade band allowed when it applies.
    """

    key: str
    label: Label
    indicator: str
    cap: str

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from key_problems("indicator", self.indicator)
        yield from key_problems("cap", self.cap)


@attrs.frozen(kw_only=True)
class GradeBand:
    """A grade (优秀, 良好, 合格, ...) and the overall score, from 0 to 100, that reaches it.

    :param key: the band's key, unique within its standard.
    :param label: its name.
    :param at_least: the lowest overall score in the band, from 0 to 100.
    :param max_share: the largest share, from 0 to 1, of the units graded together that the
        band may hold (0.2 for "at most 20% excellent"); ``None`` for no limit. See
        :func:`~branchkit.framework.scorecard.grade_together`.
    """

    key: str
    label: Label
    at_least: decimal.Decimal
    max_share: decimal.Decimal | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from finite_problems("at_least", self.at_least)
        if self.at_least.is_finite() and not ZERO <= self.at_least <= HUNDRED:
            yield ("at_least",), f"must be from 0 to 100, not {self.at_least}"
        if self.max_share is not None:
            yield from share_problems("max_share", self.max_share)


@attrs.frozen(kw_only=True)
class Standard:
    """A standard branches are evaluated against, such as "七个有力".

    :param key: the standard's key.
    :param label: its name.
    :param criteria: its criteria, in the order scorecards list them; each needs at least one
        link.
    :param links: which indicators serve which criteria; each pair at most once. A standard
        a plugin contributes for many branches has none: each framework links its own
        indicators through an :class:`Alignment`, and :meth:`aligned` joins them.
    :param bands: the grade bands, lowest first, their ``at_least`` strictly increasing from 0;
        the lowest band takes every unit moved down, so it has no ``max_share``.
    :param vetoes: the indicators that cap the grade when not met.
    :param judgements: pairwise judgements of the criteria, to weigh them by the Analytic
        Hierarchy Process; only when no criterion has a weight.
    :param accept_inconsistent: weigh by judgements whose consistency ratio is 0.1 or more;
        otherwise such a standard is refused with
        :class:`~branchkit.errors.InconsistentJudgementsError`.
    """

    key: str
    label: Label
    criteria: tuple[Criterion, ...]
    bands: tuple[GradeBand, ...]
    links: tuple[IndicatorLink, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    accept_inconsistent: bool = False

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())
        # Only now, with every criterion and judgement sound: refuse inconsistent judgements.
        self.ahp_result()

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from self._criterion_problems()
        yield from self._link_problems()
        yield from self._band_problems()
        yield from duplicate_problems("vetoes", self.vetoes, key=lambda veto: veto.key)
        bands = {band.key for band in self.bands}
        for index, veto in enumerate(self.vetoes):
            if veto.cap not in bands:
                yield ("vetoes", index, "cap"), f"no grade band {veto.cap!r}"

    def _criterion_problems(self) -> Iterator[tuple[Path, str]]:
        if not self.criteria:
            yield ("criteria",), "a standard needs at least one criterion"
        yield from duplicate_problems("criteria", self.criteria, key=lambda item: item.key)
        weighted = [criterion.weight is not None for criterion in self.criteria]
        if any(weighted) and not all(weighted):
            for index, criterion in enumerate(self.criteria):
                if criterion.weight is None:
                    yield (
                        ("criteria", index, "weight"),
                        (
                            "either every criterion has a weight or none has "
                            f"({sum(weighted)} of {len(weighted)} have one)"
                        ),
                    )
        if any(weighted) and self.judgements:
            yield (
                ("judgements",),
                "criteria with weights take no judgements: give either weights or judgements",
            )
        elif self.judgements:
            keys = [criterion.key for criterion in self.criteria]
            if len(keys) > MAX_ITEMS:
                yield (
                    ("judgements",),
                    f"AHP weighs at most {MAX_ITEMS} criteria (the end of Saaty's random "
                    f"index table), not {len(keys)}",
                )
            yield from judgement_problems(keys, self.judgements, kind="criterion")

    def _link_problems(self) -> Iterator[tuple[Path, str]]:
        yield from duplicate_problems(
            "links",
            self.links,
            key=lambda link: f"{link.indicator} -> {link.criterion}",
            field="indicator",
        )
        criteria = {criterion.key for criterion in self.criteria}
        linked = set()
        for index, link in enumerate(self.links):
            if link.criterion not in criteria:
                yield ("links", index, "criterion"), f"no criterion {link.criterion!r}"
            linked.add(link.criterion)
        for index, criterion in enumerate(self.criteria):
            # Without links the standard is one for many branches, to be aligned.
            if self.links and criterion.key not in linked:
                yield ("criteria", index), f"no indicator is linked to {criterion.key!r}"

    def _band_problems(self) -> Iterator[tuple[Path, str]]:
        if not self.bands:
            yield ("bands",), "a standard needs at least one grade band"
            return
        yield from duplicate_problems("bands", self.bands, key=lambda band: band.key)
        lowest = self.bands[0]
        if lowest.at_least.is_finite() and lowest.at_least != 0:
            yield ("bands", 0, "at_least"), "the lowest band must start at 0"
        if lowest.max_share is not None:
            yield (
                ("bands", 0, "max_share"),
                "the lowest band takes every unit moved down, so it has no max_share",
            )
        for index in range(1, len(self.bands)):
            before, band = self.bands[index - 1].at_least, self.bands[index].at_least
            if before.is_finite() and band.is_finite() and not before < band:
                yield (
                    ("bands", index, "at_least"),
                    f"must be more than the band before it ({before}): bands go lowest first",
                )

    @property
    def weighting(self) -> Weighting:
        """How the criteria are weighed: ``given``, ``ahp`` or ``equal``."""
        if self.criteria and all(c.weight is not None for c in self.criteria):
            return "given"
        return "ahp" if self.judgements else "equal"

    def ahp_result(self) -> AhpResult | None:
        """The Analytic Hierarchy Process's result for the judgements; ``None`` without any.

        :raises branchkit.errors.InconsistentJudgementsError: when the judgements are too
            inconsistent and :attr:`accept_inconsistent` is false.
        """
        if self.weighting != "ahp":
            return None
        return _solve(
            tuple(criterion.key for criterion in self.criteria),
            self.judgements,
            accept_inconsistent=self.accept_inconsistent,
            record=type(self).__name__,
        )

    def aligned(self, alignment: Alignment) -> Standard:
        """The standard with a framework's links and vetoes added to its own.

        :param alignment: the framework's alignment to this standard.
        :raises branchkit.errors.RecordError: when the links leave a criterion without an
            indicator, or name a criterion or grade band the standard lacks.
        """
        return attrs.evolve(
            self,
            links=(*self.links, *alignment.links),
            vetoes=(*self.vetoes, *alignment.vetoes),
        )

    def criterion_weights(self) -> tuple[tuple[str, decimal.Decimal], ...]:
        """Each criterion's key and weight, in order, unrounded, the weights summing to 1.

        Given weights are divided by their sum; AHP weights are the principal eigenvector's
        (the unrounded :attr:`~branchkit.framework.ahp.AhpResult.eigenvector`); equal weights
        are ``1 / n``. Quotients have 28 significant digits, so the sum may miss 1 in the
        28th.
        """
        keys = [criterion.key for criterion in self.criteria]
        result = self.ahp_result()
        raw: list[decimal.Decimal]
        if result is not None:
            raw = [decimal.Decimal(weight) for weight in result.eigenvector]
        elif self.weighting == "given":
            raw = [criterion.weight or ZERO for criterion in self.criteria]
        else:
            raw = [ONE for _ in self.criteria]
        with decimal.localcontext(CONTEXT):
            total = sum(raw, ZERO)
            return tuple((key, weight / total) for key, weight in zip(keys, raw, strict=True))

    def criterion(self, key: str) -> Criterion:
        """The criterion called ``key``; :class:`~branchkit.errors.UnknownNameError` if none."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise UnknownNameError("criterion", key, (c.key for c in self.criteria))

    def band(self, key: str) -> GradeBand:
        """The grade band called ``key``; :class:`~branchkit.errors.UnknownNameError` if none."""
        for band in self.bands:
            if band.key == key:
                return band
        raise UnknownNameError("grade band", key, (b.key for b in self.bands))

    def links_of(self, criterion: str) -> tuple[IndicatorLink, ...]:
        """The links serving the criterion called ``criterion``, in order."""
        return tuple(link for link in self.links if link.criterion == criterion)

    @property
    def indicators(self) -> tuple[str, ...]:
        """The keys of the indicators the standard reads (by links and vetoes), sorted."""
        named = {link.indicator for link in self.links}
        named.update(veto.indicator for veto in self.vetoes)
        return tuple(sorted(named))


@attrs.frozen(kw_only=True)
class Alignment:
    """How one framework's indicators serve the criteria of a standard it is evaluated by.

    :param standard: the standard's key.
    :param links: which of the framework's indicators serve which criteria, with weights and
        reasons.
    :param vetoes: vetoes of the framework's own, besides the standard's.
    """

    standard: str
    links: tuple[IndicatorLink, ...]
    vetoes: tuple[Veto, ...] = ()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("standard", self.standard))
