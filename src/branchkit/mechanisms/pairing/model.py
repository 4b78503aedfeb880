"""The records of a pairing: who may mentor whom, how well they fit, and what was decided.

A :class:`PairingScheme` says who the mentors and mentees are (people holding a role on the
day), who is **eligible** (:class:`Eligibility`), how many mentees a mentor takes
(``capacity``, or a mentor's own in their :class:`Profile`) and how **compatibility** is scored:
weighted :class:`Feature` s — the same department, overlapping subjects, common free time, or a
scorer a plugin contributes. A :class:`Profile` gives a person's attributes; a
:class:`PairRule` locks, forbids or (for the manual method) gives a pair; a
:class:`Preference` ranks the other side for the stable method.

The results: a :class:`PairingResult` with every :class:`Match` and its compatibility
breakdown, and every mentee left :class:`Unpaired` with the reason.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from branchkit.errors import Path
from branchkit.records._checks import (
    duplicate_problems,
    ensure_valid,
    frozen_mapping,
    key_problems,
    span_problems,
    text_problems,
    within_span,
)
from branchkit.records.labels import Label
from branchkit.records.sensitivity import IDENTIFIER

__all__ = [
    "Eligibility",
    "Feature",
    "FeatureKind",
    "FeatureScore",
    "Match",
    "Method",
    "PairProblem",
    "PairProblemKind",
    "PairRule",
    "PairRuleKind",
    "PairingResult",
    "PairingScheme",
    "Preference",
    "Profile",
    "Side",
    "Unpaired",
    "UnpairedKind",
]

#: How pairs are found: ``optimal`` (the most total compatibility), ``stable`` (mentee-proposing
#: deferred acceptance) or ``manual`` (the given pairs, checked against the rules).
Method = Literal["optimal", "stable", "manual"]
#: A side of a pairing.
Side = Literal["mentor", "mentee"]
#: How a feature scores a pair: ``same`` (1 when an attribute is equal and given), ``overlap``
#: (the share of two sets of tags both hold: Jaccard), or ``scorer`` (a plugin's function).
FeatureKind = Literal["same", "overlap", "scorer"]
#: What a rule does with a pair: ``locked`` (must be kept), ``forbidden`` (must not be formed)
#: or ``given`` (formed by hand; the manual method checks it).
PairRuleKind = Literal["locked", "forbidden", "given"]
#: Why a mentee is unpaired: ``no_eligible_mentor`` (the mentee is not eligible, or no mentor
#: is eligible for them and allowed), ``no_free_place`` (eligible mentors, but none with a
#: place left), ``lost_to_others`` (stable method: every acceptable mentor took others they
#: prefer), ``not_ranked`` (stable method: eligible mentors, but the rankings accept none of
#: them) or ``not_given`` (manual method: eligible mentors have places, but no pair was given).
UnpairedKind = Literal[
    "no_eligible_mentor", "no_free_place", "lost_to_others", "not_ranked", "not_given"
]

#: What is wrong with a pair given by hand, or with a locked pair that could not be kept:
#: ``unknown_person`` (a given pair's mentor or mentee is not on record or does not hold the
#: scheme's role on the day), ``locked_missing`` (the same, of a locked pair), ``ineligible``,
#: ``forbidden``, ``over_capacity`` (the mentor's places are taken) or ``mentee_twice`` (the
#: mentee has a mentor already).
PairProblemKind = Literal[
    "unknown_person", "ineligible", "forbidden", "over_capacity", "mentee_twice", "locked_missing"
]

#: The attributes of a :class:`Profile` that features may compare.
PROFILE_ATTRIBUTES = ("department", "subjects", "slots", "tags")


@attrs.frozen(kw_only=True)
class Profile:
    """What pairing knows of a person besides their roles.

    :param person: the person's id; an identifier.
    :param department: their department or teaching office, if known.
    :param subjects: the subjects or courses they teach.
    :param slots: the times they are free (``mon-am``, ...), for matching schedules.
    :param tags: other attributes a feature may compare (research fields, ...).
    :param teaching_since: the day they began teaching, for years of teaching.
    :param capacity: how many mentees they take as a mentor, if not the scheme's.
    """

    person: str = attrs.field(metadata=IDENTIFIER)
    department: str = ""
    subjects: tuple[str, ...] = ()
    slots: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    teaching_since: dt.date | None = None
    capacity: int | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("person", self.person)
        if self.capacity is not None and self.capacity < 0:
            yield ("capacity",), "cannot be negative"

    def years_teaching(self, day: dt.date) -> int | None:
        """Whole years of teaching on ``day``, if the first day is known."""
        if self.teaching_since is None:
            return None
        years = day.year - self.teaching_since.year
        if (day.month, day.day) < (self.teaching_since.month, self.teaching_since.day):
            years -= 1
        return max(years, 0)


@attrs.frozen(kw_only=True)
class Eligibility:
    """Who may be paired, besides holding the scheme's roles.

    :param mentor_roles: roles a mentor must also hold on the day (``full_member``).
    :param mentee_roles: roles a mentee must also hold on the day.
    :param mentor_min_years: the fewest whole years of teaching a mentor needs.
    :param mentee_max_years: the most whole years of teaching a mentee may have.
    :param same_department: whether mentor and mentee must share a department.
    """

    mentor_roles: tuple[str, ...] = ()
    mentee_roles: tuple[str, ...] = ()
    mentor_min_years: int | None = None
    mentee_max_years: int | None = None
    same_department: bool = False

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        for name in ("mentor_roles", "mentee_roles"):
            for index, role in enumerate(getattr(self, name)):
                for _, message in key_problems(name, role):
                    yield (name, index), message
        for name in ("mentor_min_years", "mentee_max_years"):
            value = getattr(self, name)
            if value is not None and value < 0:
                yield (name,), "cannot be negative"


@attrs.frozen(kw_only=True)
class Feature:
    """One weighted part of compatibility; each scores a pair from 0 to 1.

    :param key: the feature's key.
    :param label: its name.
    :param kind: ``same``, ``overlap`` or ``scorer``.
    :param weight: what a full score adds to compatibility; more than 0.
    :param attribute: for ``same`` and ``overlap``, the profile attribute compared
        (``department``; ``subjects``, ``slots``, ``tags``).
    :param scorer: for ``scorer``, the key of a plugin's pairing scorer.
    """

    key: str
    label: Label
    kind: FeatureKind
    weight: decimal.Decimal = decimal.Decimal(1)
    attribute: str | None = None
    scorer: str | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        if not self.weight > 0:
            yield ("weight",), "must be more than 0"
        if self.kind == "scorer":
            if self.scorer is None:
                yield ("scorer",), "a scorer feature names its scorer"
            if self.attribute is not None:
                yield ("attribute",), "a scorer feature compares no attribute"
        else:
            if self.scorer is not None:
                yield ("scorer",), f"a {self.kind} feature has no scorer"
            allowed = ("department",) if self.kind == "same" else PROFILE_ATTRIBUTES[1:]
            if self.attribute not in allowed:
                yield ("attribute",), f"a {self.kind} feature compares one of: {', '.join(allowed)}"


@attrs.frozen(kw_only=True)
class PairingScheme:
    """How a framework pairs people, such as young teachers with experienced members.

    :param key: the scheme's key.
    :param label: its name (青年教师一对一结对指导).
    :param mentor_role: the role mentors hold on the day.
    :param mentee_role: the role mentees hold on the day.
    :param capacity: how many mentees a mentor takes, unless their profile says.
    :param eligibility: who else must be true of a pair.
    :param features: the weighted features of compatibility.
    :param method: the method used unless another is asked for.
    """

    key: str
    label: Label
    mentor_role: str
    mentee_role: str
    capacity: int = 1
    eligibility: Eligibility = attrs.field(factory=Eligibility)
    features: tuple[Feature, ...] = ()
    method: Method = "optimal"

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("key", self.key)
        yield from key_problems("mentor_role", self.mentor_role)
        yield from key_problems("mentee_role", self.mentee_role)
        if self.capacity < 1:
            yield ("capacity",), "must be at least 1"
        yield from duplicate_problems("features", self.features, key=lambda f: f.key)


@attrs.frozen(kw_only=True)
class PairRule:
    """A pair named in the data: locked, forbidden or given by hand.

    :param scheme: the pairing scheme's key.
    :param mentor: the mentor's id.
    :param mentee: the mentee's id.
    :param kind: ``locked``, ``forbidden`` or ``given``.
    :param start: the first day the rule holds, if known.
    :param end: the last day; ``None`` while it holds.
    :param note: why, in words.
    """

    scheme: str
    mentor: str = attrs.field(metadata=IDENTIFIER)
    mentee: str = attrs.field(metadata=IDENTIFIER)
    kind: PairRuleKind
    start: dt.date | None = None
    end: dt.date | None = None
    note: str = ""

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("scheme", self.scheme)
        yield from text_problems("mentor", self.mentor)
        yield from text_problems("mentee", self.mentee)
        if self.mentor == self.mentee:
            yield ("mentee",), "a person is not paired with themself"
        yield from span_problems(self.start, self.end)

    def active_on(self, day: dt.date) -> bool:
        """Whether the rule holds on ``day``."""
        return within_span(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class Preference:
    """One person's ranking of the other side, for the stable method.

    :param scheme: the pairing scheme's key.
    :param person: whose ranking it is; an identifier.
    :param ranking: the ids of the other side, most preferred first; those left out are not
        acceptable.
    """

    scheme: str
    person: str = attrs.field(metadata=IDENTIFIER)
    ranking: tuple[str, ...] = attrs.field(metadata=IDENTIFIER)

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("scheme", self.scheme)
        seen: set[str] = set()
        for index, other in enumerate(self.ranking):
            if other in seen:
                yield ("ranking", index), "ranks someone twice"
            seen.add(other)


@attrs.frozen(kw_only=True)
class FeatureScore:
    """What one feature gave a pair.

    :param feature: the feature's key.
    :param score: from 0 to 1.
    :param points: ``score`` times the feature's weight.
    """

    feature: str
    score: decimal.Decimal
    points: decimal.Decimal


@attrs.frozen(kw_only=True)
class Match:
    """A pair formed, and why it fits.

    :param mentor: the mentor's id.
    :param mentee: the mentee's id.
    :param compatibility: the sum of the features' points.
    :param breakdown: each feature's part, in the scheme's order.
    :param locked: whether a locked rule kept it.
    """

    mentor: str = attrs.field(metadata=IDENTIFIER)
    mentee: str = attrs.field(metadata=IDENTIFIER)
    compatibility: decimal.Decimal
    breakdown: tuple[FeatureScore, ...]
    locked: bool = False


@attrs.frozen(kw_only=True)
class Unpaired:
    """A mentee left without a mentor, and why.

    :param mentee: the mentee's id.
    :param kind: why (see :data:`UnpairedKind`).
    :param reason: in words, in both languages.
    :param lost_to: for ``lost_to_others`` and ``no_free_place``, the mentees who hold the
        places of the mentors this one could have had, sorted.
    """

    mentee: str = attrs.field(metadata=IDENTIFIER)
    kind: UnpairedKind
    reason: Label
    lost_to: tuple[str, ...] = attrs.field(default=(), metadata=IDENTIFIER)


@attrs.frozen(kw_only=True)
class PairProblem:
    """Something wrong with a pair given by hand, or a locked pair that could not be kept.

    :param kind: what is wrong (see :data:`PairProblemKind`).
    :param mentor: the mentor concerned.
    :param mentee: the mentee concerned.
    :param reason: in words, in both languages.
    :param locked: whether the pair is a locked one (it was not kept), rather than one given by
        hand (it was not formed).
    """

    kind: PairProblemKind
    mentor: str = attrs.field(metadata=IDENTIFIER)
    mentee: str = attrs.field(metadata=IDENTIFIER)
    reason: Label
    locked: bool = False


@attrs.frozen(kw_only=True, unsafe_hash=False)
class PairingResult:
    """The pairs of one scheme as of a day.

    :param scheme: the scheme's key.
    :param method: the method used.
    :param as_of: the day judged.
    :param matches: the pairs, by mentor then mentee.
    :param unpaired: the mentees left unpaired, by id.
    :param free_places: the eligible mentors with places left, and how many, by mentor id.
    :param total: the sum of the matches' compatibility.
    :param problems: the locked pairs that could not be kept and, for the manual method, what
        is wrong with the given pairs; by mentor, then mentee.
    """

    scheme: str
    method: Method
    as_of: dt.date
    matches: tuple[Match, ...]
    unpaired: tuple[Unpaired, ...]
    free_places: Mapping[str, int] = attrs.field(converter=frozen_mapping, metadata=IDENTIFIER)
    total: decimal.Decimal
    problems: tuple[PairProblem, ...] = ()
