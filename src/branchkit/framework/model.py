"""A branch's framework: its identity and the areas it serves, each with its practices.

>>> framework = Framework(
...     key="demo",
...     label=Label(zh="示例支部", en="Demo branch"),
...     organisation=Label(zh="示例学院", en="Demo College"),
...     areas=(
...         Area(
...             key="students",
...             label=Label(zh="服务学生发展", en="Student development"),
...             approach=Label(zh="三机制", en="Three mechanisms"),
...             practices=(
...                 Practice(key="contacts", label=Label(zh="三联系", en="Three contacts")),
...             ),
...         ),
...     ),
... )
>>> [practice.key for practice in framework.practices]
['contacts']
>>> framework.practice("contacts").label.en
'Three contacts'
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from branchkit.errors import Path, UnknownNameError
from branchkit.framework.indicators import IndicatorSpec
from branchkit.framework.standard import Alignment, Standard
from branchkit.mechanisms.checklists.model import Checklist
from branchkit.mechanisms.contacts.assistance import AssistancePlan
from branchkit.mechanisms.contacts.network import Tier
from branchkit.mechanisms.obligations.model import Obligation
from branchkit.mechanisms.pairing.model import PairingScheme
from branchkit.mechanisms.rubrics.model import Rubric
from branchkit.mechanisms.staging.scheme import Scheme
from branchkit.mechanisms.targets.model import Target
from branchkit.records._checks import duplicate_problems, ensure_valid, key_problems
from branchkit.records.labels import Label, Language
from branchkit.records.privacy import PrivacyPolicy

__all__ = ["Area", "Framework", "Practice"]


@attrs.frozen(kw_only=True)
class Practice:
    """One practice of an area, such as 三联系 (the three contacts).

    :param key: the practice's key, unique within its framework.
    :param label: its name.
    :param summary: what it is, in a sentence or two.
    """

    key: str
    label: Label
    summary: Label | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("key", self.key))


@attrs.frozen(kw_only=True)
class Area:
    """An area the branch serves (student development, ...) and its practices.

    :param key: the area's key, unique within its framework.
    :param label: its name.
    :param approach: the name of the area's group of practices, such as 三机制.
    :param practices: the practices, in the order the branch presents them.
    """

    key: str
    label: Label
    approach: Label
    practices: tuple[Practice, ...]

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        if not self.practices:
            yield ("practices",), "an area needs at least one practice"


@attrs.frozen(kw_only=True)
class Framework:
    """How one branch organises its work: its identity and its areas.

    :param key: the framework's key, the name given to ``--framework``.
    :param label: the branch's name.
    :param organisation: the organisation the branch belongs to.
    :param areas: the areas, in order.
    :param language: the language reports use unless told otherwise.
    :param summary: what the framework is, in a sentence or two.
    :param schemes: the staged schemes of its practices (member development, ...).
    :param tiers: the tiers of its contact network (支部联系班级, ...), if it has one.
    :param plans: its assistance plans, whose keys are the categories of its cases.
    :param privacy: who may see sensitive fields and small groups in its reports; by default
        nobody.
    :param pairings: how it pairs people (young teachers with mentors, ...).
    :param obligations: the periodic duties of its roles (a demonstration lesson a quarter).
    :param rubrics: its competency rubrics (the "三财" literacies over courses, activities and
        practice).
    :param checklists: the versioned duty lists of its roles (responsibility lists).
    :param targets: the counted targets of its activities (10 service events, 300 person-times).
    :param indicators: the figures its practices are judged by, each from a source.
    :param standards: standards of its own, besides those plugins contribute.
    :param alignments: how its indicators serve the criteria of each standard it is evaluated
        by (the "七个有力").

    Example, the seed branch's framework as its plugin contributes it:

    >>> from branchkit_cqfe.hooks import branchkit_frameworks
    >>> (cqfe,) = branchkit_frameworks()
    >>> cqfe.key, cqfe.language, [area.key for area in cqfe.areas]
    ('cqfe', 'zh', ['students', 'teachers', 'programmes', 'region'])
    """

    key: str
    label: Label
    organisation: Label
    areas: tuple[Area, ...]
    language: Language = "zh"
    summary: Label | None = None
    schemes: tuple[Scheme, ...] = ()
    tiers: tuple[Tier, ...] = ()
    plans: tuple[AssistancePlan, ...] = ()
    privacy: PrivacyPolicy = attrs.field(factory=PrivacyPolicy)
    pairings: tuple[PairingScheme, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    rubrics: tuple[Rubric, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    targets: tuple[Target, ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()
    standards: tuple[Standard, ...] = ()
    alignments: tuple[Alignment, ...] = ()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        if not self.areas:
            yield ("areas",), "a framework needs at least one area"
        yield from duplicate_problems("areas", self.areas, key=lambda area: area.key)
        yield from duplicate_problems("schemes", self.schemes, key=lambda scheme: scheme.key)
        yield from duplicate_problems("tiers", self.tiers, key=lambda tier: tier.key)
        yield from duplicate_problems("plans", self.plans, key=lambda plan: plan.key)
        yield from duplicate_problems("pairings", self.pairings, key=lambda scheme: scheme.key)
        yield from duplicate_problems("obligations", self.obligations, key=lambda duty: duty.key)
        yield from duplicate_problems("rubrics", self.rubrics, key=lambda rubric: rubric.key)
        yield from duplicate_problems(
            "checklists", self.checklists, key=lambda listed: f"{listed.key}@{listed.version}"
        )
        yield from duplicate_problems("targets", self.targets, key=lambda target: target.key)
        yield from duplicate_problems("indicators", self.indicators, key=lambda spec: spec.key)
        yield from duplicate_problems("standards", self.standards, key=lambda found: found.key)
        yield from duplicate_problems(
            "alignments", self.alignments, key=lambda found: found.standard, field="standard"
        )
        practices = {practice.key for area in self.areas for practice in area.practices}
        for index, spec in enumerate(self.indicators):
            if spec.practice not in practices:
                yield ("indicators", index, "practice"), f"no practice {spec.practice!r}"
        indicators = {spec.key for spec in self.indicators}
        for a_index, alignment in enumerate(self.alignments):
            for l_index, link in enumerate(alignment.links):
                if link.indicator not in indicators:
                    yield (
                        ("alignments", a_index, "links", l_index, "indicator"),
                        f"no indicator {link.indicator!r}",
                    )
            for v_index, veto in enumerate(alignment.vetoes):
                if veto.indicator not in indicators:
                    yield (
                        ("alignments", a_index, "vetoes", v_index, "indicator"),
                        f"no indicator {veto.indicator!r}",
                    )
        first_seen: dict[str, int] = {}
        for a_index, area in enumerate(self.areas):
            for p_index, practice in enumerate(area.practices):
                if practice.key in first_seen:
                    yield (
                        ("areas", a_index, "practices", p_index, "key"),
                        (
                            f"duplicate {practice.key!r} (already in area "
                            f"{self.areas[first_seen[practice.key]].key!r})"
                        ),
                    )
                else:
                    first_seen[practice.key] = a_index

    @property
    def practices(self) -> tuple[Practice, ...]:
        """Every practice of every area, in order."""
        return tuple(practice for area in self.areas for practice in area.practices)

    def area(self, key: str) -> Area:
        """The area called ``key``; :class:`~branchkit.errors.UnknownNameError` if none.

        >>> from branchkit_cqfe.hooks import branchkit_frameworks
        >>> (cqfe,) = branchkit_frameworks()
        >>> cqfe.area("teachers").approach.zh
        '三带头'
        """
        for area in self.areas:
            if area.key == key:
                return area
        raise UnknownNameError("area", key, (area.key for area in self.areas))

    def scheme(self, key: str | None = None) -> Scheme:
        """The staged scheme called ``key``, or the only one when ``key`` is ``None``.

        :raises UnknownNameError: when there is no such scheme, or several and no key.

        >>> from branchkit_cqfe.hooks import branchkit_frameworks
        >>> (cqfe,) = branchkit_frameworks()
        >>> cqfe.scheme().key == cqfe.scheme("development").key == "development"
        True
        """
        if key is None and len(self.schemes) == 1:
            return self.schemes[0]
        for scheme in self.schemes:
            if scheme.key == key:
                return scheme
        raise UnknownNameError("scheme", key or "(none given)", (s.key for s in self.schemes))

    def area_of(self, practice: str) -> Area:
        """The area whose practices include ``practice``.

        :raises UnknownNameError: when no area has it.

        >>> from branchkit_cqfe.hooks import branchkit_frameworks
        >>> (cqfe,) = branchkit_frameworks()
        >>> cqfe.area_of("contacts").key
        'students'
        """
        for area in self.areas:
            if any(found.key == practice for found in area.practices):
                return area
        raise UnknownNameError("practice", practice, (p.key for p in self.practices))

    def practice(self, key: str) -> Practice:
        """The practice called ``key``; :class:`~branchkit.errors.UnknownNameError` if none.

        >>> from branchkit_cqfe.hooks import branchkit_frameworks
        >>> (cqfe,) = branchkit_frameworks()
        >>> cqfe.practice("contacts").label.zh
        '“三联系”服务机制'
        """
        for practice in self.practices:
            if practice.key == key:
                return practice
        raise UnknownNameError("practice", key, (p.key for p in self.practices))
