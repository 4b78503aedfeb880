"""Who may be paired, and how well a mentor and a mentee fit.

Eligibility has two parts. A person may take one side of a scheme (:func:`person_reasons`)
when they hold that side's role on the day and meet the scheme's
:class:`~branchkit.mechanisms.pairing.model.Eligibility` for the side: its further roles, and
its bound on years of teaching, which needs the profile's ``teaching_since`` (years that are
not known do not count as enough). A mentor and a mentee who may each take their side may be
paired (:func:`pair_reasons`) unless they are one person or, under ``same_department``, their
departments differ or one is not known. Forbidden pairs are a matter of the rules, not of
eligibility: :func:`~branchkit.mechanisms.pairing.evaluate.pair` checks them.

Compatibility (:func:`score_pair`) is the sum of the features' points. Each feature
scores a pair from 0 to 1, rounded to four decimal places (half to even), and its points are
that score times its weight, exactly:

- ``same`` (``department``): 1 when both have a department and it is the same, else 0;
- ``overlap`` (``subjects``, ``slots`` or ``tags``): the share of the values either holds that
  both hold (the Jaccard index), 0 when neither holds any;
- ``scorer``: what a plugin's scoring function
  (:class:`~branchkit.plugins.contributions.PairingScorer`) makes of the
  :class:`~branchkit.mechanisms.inputs.PairingInput`, a :class:`~decimal.Decimal` or a float
  from 0 to 1.

:class:`Scoring` does the same work for many pairs: it scores in whole ten-thousandths and
sums in whole units of the scheme's finest weight, so the solvers compare exact integers.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.mechanisms.inputs import PairingInput
>>> from branchkit.mechanisms.pairing import Eligibility, Feature, PairingScheme, Profile
>>> from branchkit.mechanisms.pairing.compatibility import person_reasons, score_pair
>>> from branchkit.records import Label, Person, RoleSpan
>>> scheme = PairingScheme(
...     key="young-teachers", label=Label(zh="青年教师结对", en="young teachers"),
...     mentor_role="teacher", mentee_role="young_teacher",
...     eligibility=Eligibility(mentor_roles=("full_member",), mentor_min_years=5),
...     features=(
...         Feature(key="office", label=Label(zh="同一教研室", en="same office"), kind="same",
...                 attribute="department", weight=Decimal(2)),
...         Feature(key="courses", label=Label(zh="任教课程", en="courses"), kind="overlap",
...                 attribute="subjects"),
...     ),
... )
>>> mentor = Person(id="T01", name="王建国",
...                 roles=(RoleSpan(role="teacher"), RoleSpan(role="full_member")))
>>> mentee = Person(id="Y01", name="李娜", roles=(RoleSpan(role="young_teacher"),))
>>> given = PairingInput(
...     mentor=mentor, mentee=mentee, as_of=dt.date(2024, 9, 1),
...     mentor_profile=Profile(person="T01", department="finance", subjects=("金融学", "统计学"),
...                            teaching_since=dt.date(2012, 9, 1)),
...     mentee_profile=Profile(person="Y01", department="finance", subjects=("统计学", "会计学")),
... )
>>> person_reasons(scheme, "mentor", mentor, given.mentor_profile, given.as_of)
()
>>> for reason in person_reasons(scheme, "mentor", mentee, given.mentee_profile, given.as_of):
...     print(reason.en)
does not hold the role teacher on the day
does not hold full_member, which mentors need
years of teaching not known
>>> total, breakdown = score_pair(scheme, given)
>>> total
Decimal('2.3333')
>>> for part in breakdown:
...     print(part.feature, part.score, part.points)
office 1.0000 2.0000
courses 0.3333 0.3333

The two share an office (1 × 2 points) and one of the three courses either teaches (1/3).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from branchkit.errors import PluginContributionError, UnknownNameError
from branchkit.mechanisms.inputs import PairingInput
from branchkit.mechanisms.pairing.model import FeatureScore, PairingScheme, Profile, Side
from branchkit.records.labels import Label
from branchkit.records.people import Person

__all__ = [
    "Scorer",
    "Scoring",
    "join_reasons",
    "pair_reasons",
    "person_reasons",
    "score_pair",
]

#: A plugin's scoring function: a score from 0 to 1 for one pair.
Scorer = Callable[[PairingInput], decimal.Decimal | float]
_SCALE = 10_000  # scores are whole ten-thousandths
_NO_SCORERS: Mapping[str, Scorer] = MappingProxyType({})
_SIDE_NAMES = {"mentor": ("导师", "mentors"), "mentee": ("被指导人", "mentees")}


def person_reasons(
    scheme: PairingScheme, side: Side, person: Person, profile: Profile, day: dt.date
) -> tuple[Label, ...]:
    """Why ``person`` may not take ``side`` of ``scheme`` on ``day``; empty when they may.

    :param scheme: the scheme.
    :param side: ``mentor`` or ``mentee``.
    :param person: the person.
    :param profile: their profile (an empty one when none is on record).
    :param day: the day.
    """
    rules = scheme.eligibility
    role = scheme.mentor_role if side == "mentor" else scheme.mentee_role
    extra = rules.mentor_roles if side == "mentor" else rules.mentee_roles
    zh_side, en_side = _SIDE_NAMES[side]
    held = person.roles_on(day)
    reasons: list[Label] = []
    if role not in held:
        reasons.append(
            Label(zh=f"当日未担任 {role}", en=f"does not hold the role {role} on the day")
        )
    reasons.extend(
        Label(
            zh=f"未担任 {need}（{zh_side}须担任）", en=f"does not hold {need}, which {en_side} need"
        )
        for need in extra
        if need not in held
    )
    least = rules.mentor_min_years if side == "mentor" else None
    most = rules.mentee_max_years if side == "mentee" else None
    if least is not None or most is not None:
        years = profile.years_teaching(day)
        if years is None:
            reasons.append(Label(zh="从教年限不明", en="years of teaching not known"))
        elif least is not None and years < least:
            reasons.append(
                Label(
                    zh=f"从教{years}年，导师须至少{least}年",
                    en=f"{years} years of teaching; mentors need at least {least}",
                )
            )
        elif most is not None and years > most:
            reasons.append(
                Label(
                    zh=f"从教{years}年，被指导人至多{most}年",
                    en=f"{years} years of teaching; mentees have at most {most}",
                )
            )
    return tuple(reasons)


def pair_reasons(scheme: PairingScheme, mentor: Profile, mentee: Profile) -> tuple[Label, ...]:
    """Why a mentor and a mentee who may each be paired may not be paired together.

    Empty when they may: they are two people and, under ``same_department``, share a known
    department.

    :param scheme: the scheme.
    :param mentor: the mentor's profile (an empty one when none is on record).
    :param mentee: the mentee's profile, likewise.
    """
    if mentor.person == mentee.person:
        return (Label(zh="导师与被指导人是同一人", en="mentor and mentee are the same person"),)
    if scheme.eligibility.same_department:
        if not mentor.department or not mentee.department:
            return (Label(zh="部门不明", en="department not known"),)
        if mentor.department != mentee.department:
            return (Label(zh="不在同一部门", en="not in the same department"),)
    return ()


def join_reasons(reasons: Sequence[Label]) -> Label:
    """Reasons as one label: joined by ``；`` in Chinese, by a semicolon and a space in English.

    :param reasons: the reasons, in order.
    """
    return Label(
        zh="；".join(reason.zh for reason in reasons),
        en="; ".join(reason.en for reason in reasons),
    )


@functools.cache
def _share(part: int, whole: int) -> int:
    """``part / whole`` in whole ten-thousandths, half to even; 0 when ``whole`` is 0."""
    if whole == 0:
        return 0
    quotient, remainder = divmod(part * _SCALE, whole)
    twice = 2 * remainder
    if twice > whole or (twice == whole and quotient % 2):
        quotient += 1
    return quotient


def _scorer_score(key: str, value: object) -> int:
    """A scorer's result in whole ten-thousandths, half to even.

    :param key: the scorer's key, for the message.
    :param value: what it returned.
    :raises PluginContributionError: when it is not a number from 0 to 1.
    """
    if isinstance(value, bool) or not isinstance(value, decimal.Decimal | float | int):
        raise PluginContributionError(
            f"pairing scorer {key!r} returned a {type(value).__name__}, not a number"
        )
    number = decimal.Decimal(value)  # exact, also for a float
    if not number.is_finite() or not 0 <= number <= 1:
        raise PluginContributionError(
            f"pairing scorer {key!r} returned {value!r}; a score is from 0 to 1"
        )
    return int(number.scaleb(4).to_integral_value(decimal.ROUND_HALF_EVEN))


class Scoring:
    """A scheme's compatibility, ready to score many pairs.

    :meth:`scores` gives each feature's score in whole ten-thousandths; :meth:`gain` sums them
    as a whole number of :attr:`unit`, exactly the compatibility :meth:`breakdown` and
    :meth:`total` give as decimals.

    :param scheme: the scheme.
    :param scorers: the plugins' scoring functions, by key.
    :raises UnknownNameError: when a feature names a scorer that ``scorers`` lacks.
    """

    def __init__(self, scheme: PairingScheme, scorers: Mapping[str, Scorer] = _NO_SCORERS) -> None:
        for feature in scheme.features:
            if feature.scorer is not None and feature.scorer not in scorers:
                raise UnknownNameError("pairing scorer", feature.scorer, scorers)
        self.scheme = scheme
        self._scorers = scorers
        weights = [feature.weight for feature in scheme.features]
        # The weights' finest decimal place: scores times weights are whole numbers of unit.
        places = max((-min(0, int(w.normalize().as_tuple().exponent)) for w in weights), default=0)
        self._weights = tuple(int(w.scaleb(places)) for w in weights)
        #: What a gain of 1 is worth, in points.
        self.unit = decimal.Decimal(1).scaleb(-4 - places)
        self._parts: dict[tuple[int, int], FeatureScore] = {}
        # Each feature's kind and what it reads (an attribute or a scorer's key), and the sets
        # of values already seen: many people share the same courses or free time.
        self._plan = tuple(
            (feature.kind, feature.attribute or feature.scorer or "") for feature in scheme.features
        )
        self._sets: dict[tuple[str, ...], frozenset[str]] = {}

    def scores(
        self,
        mentor: Person,
        mentee: Person,
        mentor_profile: Profile,
        mentee_profile: Profile,
        day: dt.date,
    ) -> tuple[int, ...]:
        """Each feature's score of a pair, in the scheme's order, in whole ten-thousandths.

        :param mentor: the mentor.
        :param mentee: the mentee.
        :param mentor_profile: the mentor's profile (an empty one when none is on record).
        :param mentee_profile: the mentee's profile, likewise.
        :param day: the day, for scorers.
        :raises PluginContributionError: when a scorer returns something that is not a score.
        """
        given: PairingInput | None = None
        found: list[int] = []
        sets = self._sets
        for kind, name in self._plan:
            if kind == "same":
                own = mentor_profile.department
                found.append(_SCALE if own and own == mentee_profile.department else 0)
            elif kind == "overlap":
                mine, yours = getattr(mentor_profile, name), getattr(mentee_profile, name)
                ours = sets.get(mine)
                if ours is None:
                    ours = sets[mine] = frozenset(mine)
                theirs = sets.get(yours)
                if theirs is None:
                    theirs = sets[yours] = frozenset(yours)
                both = len(ours & theirs)
                found.append(_share(both, len(ours) + len(theirs) - both))
            else:
                key = name
                if given is None:
                    given = PairingInput(
                        mentor=mentor,
                        mentee=mentee,
                        mentor_profile=mentor_profile,
                        mentee_profile=mentee_profile,
                        as_of=day,
                    )
                found.append(_scorer_score(key, self._scorers[key](given)))
        return tuple(found)

    def gain(self, scores: Sequence[int]) -> int:
        """The compatibility of ``scores`` as a whole number of :attr:`unit`.

        :param scores: each feature's score, as :meth:`scores` gives them.
        """
        return sum(map(operator.mul, scores, self._weights))

    def breakdown(self, scores: Sequence[int]) -> tuple[FeatureScore, ...]:
        """Each feature's part of the compatibility of ``scores``, in the scheme's order.

        :param scores: each feature's score, as :meth:`scores` gives them.
        """
        parts = []
        for index, score in enumerate(scores):
            part = self._parts.get((index, score))
            if part is None:
                feature = self.scheme.features[index]
                exact = decimal.Decimal(score).scaleb(-4)
                part = FeatureScore(feature=feature.key, score=exact, points=exact * feature.weight)
                self._parts[index, score] = part
            parts.append(part)
        return tuple(parts)

    @staticmethod
    def total(breakdown: Sequence[FeatureScore]) -> decimal.Decimal:
        """The compatibility: the sum of the parts' points.

        :param breakdown: the parts, as :meth:`breakdown` gives them.
        """
        return sum((part.points for part in breakdown), decimal.Decimal(0))


def score_pair(
    scheme: PairingScheme, given: PairingInput, *, scorers: Mapping[str, Scorer] = _NO_SCORERS
) -> tuple[decimal.Decimal, tuple[FeatureScore, ...]]:
    """How well a mentor and a mentee fit: the compatibility and each feature's part.

    Eligibility is not checked: see :func:`person_reasons` and :func:`pair_reasons`.

    :param scheme: the scheme whose features score the pair.
    :param given: the pair, their profiles and the day.
    :param scorers: the plugins' scoring functions, by key.
    :raises UnknownNameError: when a feature names a scorer that ``scorers`` lacks.
    :raises PluginContributionError: when a scorer returns something that is not a score.
    """
    scoring = Scoring(scheme, scorers)
    scores = scoring.scores(
        given.mentor, given.mentee, given.mentor_profile, given.mentee_profile, given.as_of
    )
    breakdown = scoring.breakdown(scores)
    return scoring.total(breakdown), breakdown
