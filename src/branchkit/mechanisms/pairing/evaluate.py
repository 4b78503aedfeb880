"""Pairing mentors with mentees under a scheme, as of a day: :func:`pair`.

Who takes part: the **mentors** are the people who hold the scheme's ``mentor_role`` on the
day, the **mentees** those who hold its ``mentee_role``. Those who do not meet the scheme's
eligibility for their side (further roles, years of teaching; see
:func:`~branchkit.mechanisms.pairing.compatibility.person_reasons`) take part in no pair. A
mentor takes as many mentees as their profile's ``capacity`` says, else the scheme's
``capacity``; a profile's capacity of 0 means none. A mentor and a mentee may be paired when
both are eligible, the pair is (see
:func:`~branchkit.mechanisms.pairing.compatibility.pair_reasons`), and no ``forbidden`` rule
holds for it on the day.

Rules hold on the days from their ``start`` to their ``end``; those of other schemes are
ignored. Every method first keeps the ``locked`` pairs, which use up their mentors' places.
A locked pair that cannot be kept is reported as a
:class:`~branchkit.mechanisms.pairing.model.PairProblem` (marked ``locked``) and its people
are paired like everyone else: ``locked_missing`` when its mentor or mentee is not on record
or does not hold the scheme's role on the day, ``forbidden``, ``ineligible``, ``mentee_twice``
(the mentee is locked to a mentor earlier in id order) or ``over_capacity`` (its mentor's
places are taken by locked pairs of mentees earlier in id order). Then the method pairs the
others:

- ``optimal``: as many pairs as can be formed and, of those, the most total compatibility
  (:func:`~branchkit.mechanisms.pairing.optimal.solve_optimal`; needs the ``solver`` extra);
- ``stable``: mentee-proposing deferred acceptance
  (:func:`~branchkit.mechanisms.pairing.stable.deferred_acceptance`). A person's ranking is
  their :class:`~branchkit.mechanisms.pairing.model.Preference` when they have one (those it
  leaves out are not acceptable), else every partner they may be paired with by compatibility,
  the highest first, ties by id. Only a pair on both rankings is formed;
- ``manual``: the ``given`` pairs, checked in the order of mentor and mentee ids: each that
  breaks a rule is a problem (``unknown_person``, ``forbidden``, ``ineligible``,
  ``mentee_twice``, ``over_capacity``) and is not formed.

Every mentee left unpaired is explained (see
:data:`~branchkit.mechanisms.pairing.model.UnpairedKind`): with ``no_free_place`` and
``lost_to_others`` come the mentees who hold the places they could have had.

Ids are sorted before anything is solved, so the same records in any order give the same
result.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.mechanisms.pairing import Feature, PairingScheme, PairRule, Profile, pair
>>> from branchkit.records import Label, Person, RoleSpan
>>> scheme = PairingScheme(
...     key="young-teachers", label=Label(zh="青年教师结对", en="young teachers"),
...     mentor_role="full_member", mentee_role="young_teacher", capacity=1,
...     features=(Feature(key="office", label=Label(zh="同一教研室", en="same office"),
...                       kind="same", attribute="department"),),
... )
>>> people = [
...     Person(id="T1", name="王建国", roles=(RoleSpan(role="full_member"),)),
...     Person(id="T2", name="陈志强", roles=(RoleSpan(role="full_member"),)),
...     *(Person(id=f"Y{n}", name=f"青年教师{n}", roles=(RoleSpan(role="young_teacher"),))
...       for n in (1, 2, 3)),
... ]
>>> profiles = [Profile(person="T1", department="finance"),
...             Profile(person="T2", department="accounting"),
...             Profile(person="Y1", department="accounting"),
...             Profile(person="Y2", department="finance")]
>>> rules = [PairRule(scheme="young-teachers", mentor="T1", mentee="Y3", kind="forbidden")]
>>> result = pair(scheme, people=people, profiles=profiles, rules=rules,
...               as_of=dt.date(2024, 9, 1))
>>> [(m.mentor, m.mentee, m.compatibility) for m in result.matches]
[('T1', 'Y2', Decimal('1.0000')), ('T2', 'Y1', Decimal('1.0000'))]
>>> [(u.mentee, u.kind, u.lost_to) for u in result.unpaired]
[('Y3', 'no_free_place', ('Y1',))]
>>> print(result.unpaired[0].reason.en)
the mentors who may take this mentee have no place left

Y3 may not be paired with T1, and T2's one place went to Y1.
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar

from branchkit.errors import InputError, Problem, RecordError
from branchkit.mechanisms.pairing.compatibility import (
    Scorer,
    Scoring,
    join_reasons,
    pair_reasons,
    person_reasons,
)
from branchkit.mechanisms.pairing.model import (
    Match,
    Method,
    PairingResult,
    PairingScheme,
    PairProblem,
    PairProblemKind,
    PairRule,
    Preference,
    Profile,
    Side,
    Unpaired,
)
from branchkit.mechanisms.pairing.stable import UNPAIRED, deferred_acceptance
from branchkit.records.labels import Label
from branchkit.records.people import Person

__all__ = ["pair"]

_NO_SCORERS: Mapping[str, Scorer] = MappingProxyType({})
T = TypeVar("T")

_NOT_MENTOR = Label(
    zh="导师不在名单中或当日未担任导师角色",
    en="the mentor is not on record or does not hold the mentor role on the day",
)
_NOT_MENTEE = Label(
    zh="被指导人不在名单中或当日未担任被指导人角色",
    en="the mentee is not on record or does not hold the mentee role on the day",
)


def _by_key(records: Iterable[T], section: str, key: Callable[[T], str]) -> dict[str, T]:
    """Records by their key; a key given twice is an input problem.

    :param records: the records.
    :param section: their section's name, for the problem's path.
    :param key: a record's key.
    :raises InputError: naming each record whose key an earlier one has.
    """
    listed = list(records)
    found = {key(record): record for record in listed}
    if len(found) == len(listed):
        return found  # no key given twice: the usual case
    found = {}
    first: dict[str, int] = {}
    problems = []
    for index, record in enumerate(listed):
        name = key(record)
        if name in found:
            problems.append(
                Problem(
                    path=(section, index),
                    message=f"the same person as index {first[name]}",
                )
            )
            continue
        found[name] = record
        first[name] = index
    if problems:
        raise InputError(problems)
    return found


class _Pairing:
    """One scheme on one day: who takes part, the rules, and the pairs as they are formed.

    :param scheme: the scheme.
    :param people: the people, by id.
    :param profiles: the profiles, by person.
    :param rules: the scheme's rules that hold on the day.
    :param day: the day.
    :param scoring: the scheme's compatibility.
    """

    def __init__(
        self,
        scheme: PairingScheme,
        *,
        people: Mapping[str, Person],
        profiles: Mapping[str, Profile],
        rules: Iterable[PairRule],
        day: dt.date,
        scoring: Scoring,
    ) -> None:
        self.scheme = scheme
        self.people = people
        self.day = day
        self.scoring = scoring
        self._profiles = dict(profiles)
        self.mentors: list[str] = []
        self.mentees: list[str] = []
        # Why those who hold a side's role are not eligible for it; absent when they are.
        self.mentor_reasons: dict[str, tuple[Label, ...]] = {}
        self.mentee_reasons: dict[str, tuple[Label, ...]] = {}
        sides: tuple[tuple[Side, str, list[str], dict[str, tuple[Label, ...]]], ...] = (
            ("mentor", scheme.mentor_role, self.mentors, self.mentor_reasons),
            ("mentee", scheme.mentee_role, self.mentees, self.mentee_reasons),
        )
        # Only those who ever hold a side's role can take part: the others are not sorted.
        roles = {scheme.mentor_role, scheme.mentee_role}
        ever = []
        for key, person in people.items():
            for span in person.roles:
                if span.role in roles:
                    ever.append(key)
                    break
        for key in sorted(ever):
            person = people[key]
            for side, role, members, reasons in sides:
                if person.holds(role, day):
                    members.append(key)
                    found = person_reasons(scheme, side, person, self.profile(key), day)
                    if found:
                        reasons[key] = found
        self.mentor_set = frozenset(self.mentors)
        self.mentee_set = frozenset(self.mentees)
        self.eligible_mentors = [key for key in self.mentors if key not in self.mentor_reasons]
        self.capacity = {key: self._capacity(key) for key in self.eligible_mentors}
        active = sorted({(rule.kind, rule.mentor, rule.mentee) for rule in rules})
        self.forbidden = {
            (mentor, mentee) for kind, mentor, mentee in active if kind == "forbidden"
        }
        self.locked = [(mentor, mentee) for kind, mentor, mentee in active if kind == "locked"]
        self.given = [(mentor, mentee) for kind, mentor, mentee in active if kind == "given"]
        by_department: dict[str, list[str]] = {}
        for key in self.eligible_mentors:
            by_department.setdefault(self.profile(key).department, []).append(key)
        self._by_department = by_department
        self._candidates: dict[str, list[str]] = {}
        self._scores: dict[tuple[str, str], tuple[int, ...]] = {}
        # The pairs formed so far: each mentee's mentor.
        self.pairs: dict[str, str] = {}
        self.kept: set[str] = set()  # the mentees of locked pairs kept
        self.load: Counter[str] = Counter()
        self.problems: list[PairProblem] = []
        self.open_places: dict[str, int] = {}  # for the stable method, set when it starts

    def profile(self, key: str) -> Profile:
        """The profile of ``key``; an empty one when none is on record."""
        found = self._profiles.get(key)
        if found is None:
            found = self._profiles[key] = Profile(person=key)
        return found

    def _capacity(self, key: str) -> int:
        own = self.profile(key).capacity
        return self.scheme.capacity if own is None else own

    def free(self, mentor: str) -> int:
        """How many places ``mentor`` has left."""
        return self.capacity[mentor] - self.load[mentor]

    def candidates(self, mentee: str) -> list[str]:
        """The mentors ``mentee`` may be paired with, by id: eligible, and not forbidden."""
        found = self._candidates.get(mentee)
        if found is None:
            if mentee in self.mentee_reasons:
                found = []
            else:
                if self.scheme.eligibility.same_department:
                    department = self.profile(mentee).department
                    pool = self._by_department.get(department, []) if department else []
                else:
                    pool = self.eligible_mentors
                forbidden = self.forbidden
                found = [m for m in pool if m != mentee and (m, mentee) not in forbidden]
            self._candidates[mentee] = found
        return found

    def allowed(self, mentor: str, mentee: str) -> bool:
        """Whether an eligible mentor and an eligible mentee may be paired, as :meth:`candidates`.

        :param mentor: an eligible mentor's id.
        :param mentee: an eligible mentee's id.
        """
        if mentor == mentee or (mentor, mentee) in self.forbidden:
            return False
        if self.scheme.eligibility.same_department:
            department = self.profile(mentee).department
            return bool(department) and self.profile(mentor).department == department
        return True

    def scores(self, mentor: str, mentee: str) -> tuple[int, ...]:
        """Each feature's score of a pair, in whole ten-thousandths."""
        found = self._scores.get((mentor, mentee))
        if found is None:
            found = self._scores[mentor, mentee] = self.scoring.scores(
                self.people[mentor],
                self.people[mentee],
                self.profile(mentor),
                self.profile(mentee),
                self.day,
            )
        return found

    def gain(self, mentor: str, mentee: str) -> int:
        """A pair's compatibility as a whole number (see :class:`Scoring`)."""
        return self.scoring.gain(self.scores(mentor, mentee))

    def best_mentors(self, mentee: str, mentors: Iterable[str]) -> list[str]:
        """``mentors`` by their compatibility with ``mentee``, the highest first, ties by id."""
        return sorted(mentors, key=lambda mentor: (-self.gain(mentor, mentee), mentor))

    def best_mentees(self, mentor: str, mentees: Iterable[str]) -> list[str]:
        """``mentees`` by their compatibility with ``mentor``, the highest first, ties by id."""
        return sorted(mentees, key=lambda mentee: (-self.gain(mentor, mentee), mentee))

    def form(self, mentor: str, mentee: str) -> None:
        """Pair ``mentee`` with ``mentor``."""
        self.pairs[mentee] = mentor
        self.load[mentor] += 1

    # --- rules -------------------------------------------------------------------------------

    def check(self, mentor: str, mentee: str, *, locked: bool) -> PairProblem | None:
        """What is wrong with forming a pair by a rule now; ``None`` when nothing is.

        :param mentor: the mentor's id.
        :param mentee: the mentee's id.
        :param locked: whether a locked rule names the pair (else a given one).
        """
        kind: PairProblemKind
        missing = [
            *([_NOT_MENTOR] if mentor not in self.mentor_set else []),
            *([_NOT_MENTEE] if mentee not in self.mentee_set else []),
        ]
        if missing:
            kind, reasons = ("locked_missing" if locked else "unknown_person"), missing
        elif (mentor, mentee) in self.forbidden:
            kind, reasons = "forbidden", [Label(zh="该结对被禁止", en="the pair is forbidden")]
        elif found := self._ineligible(mentor, mentee):
            kind, reasons = "ineligible", found
        elif mentee in self.pairs:
            kind = "mentee_twice"
            reasons = [Label(zh="被指导人已有导师", en="the mentee has a mentor already")]
        elif self.free(mentor) <= 0:
            kind = "over_capacity"
            places = self.capacity[mentor]
            reasons = [
                Label(
                    zh=f"导师的名额已满（{places}个）",
                    en=f"the mentor's places are all taken ({places})",
                )
            ]
        else:
            return None
        reason = join_reasons(reasons)
        if locked:
            reason = Label(
                zh=f"锁定结对未能保留：{reason.zh}", en=f"locked pair not kept: {reason.en}"
            )
        return PairProblem(kind=kind, mentor=mentor, mentee=mentee, reason=reason, locked=locked)

    def _ineligible(self, mentor: str, mentee: str) -> list[Label]:
        """Why a mentor and a mentee who take part may not be paired, each side named."""
        reasons = [
            Label(zh=f"导师：{reason.zh}", en=f"mentor: {reason.en}")
            for reason in self.mentor_reasons.get(mentor, ())
        ]
        reasons += [
            Label(zh=f"被指导人：{reason.zh}", en=f"mentee: {reason.en}")
            for reason in self.mentee_reasons.get(mentee, ())
        ]
        if not reasons:
            reasons += pair_reasons(self.scheme, self.profile(mentor), self.profile(mentee))
        return reasons

    def keep_locked(self) -> None:
        """Form the locked pairs that can be kept; report the others."""
        for mentor, mentee in self.locked:
            problem = self.check(mentor, mentee, locked=True)
            if problem is None:
                self.form(mentor, mentee)
                self.kept.add(mentee)
            else:
                self.problems.append(problem)

    # --- methods -----------------------------------------------------------------------------

    def open_mentees(self) -> list[str]:
        """The eligible mentees not yet paired, by id."""
        return [m for m in self.mentees if m not in self.pairs and m not in self.mentee_reasons]

    def optimal(self) -> None:
        """Pair the open mentees: as many as can be, then the most compatible."""
        from branchkit.mechanisms.pairing.optimal import solve_optimal  # noqa: PLC0415

        mentees = self.open_mentees()
        mentors = self.eligible_mentors
        places = [max(0, self.free(key)) for key in mentors]
        # Only mentors with places left; numbered in id order, as the mentees are.
        number = {key: index for index, key in enumerate(mentors) if places[index]}
        mentee_of: list[int] = []
        mentor_of: list[int] = []
        gains: list[int] = []
        gain = self.gain
        for index, mentee in enumerate(mentees):
            for mentor in self.candidates(mentee):
                if mentor in number:
                    mentee_of.append(index)
                    mentor_of.append(number[mentor])
                    gains.append(gain(mentor, mentee))
        try:
            chosen = solve_optimal(
                mentees=len(mentees),
                capacities=places,
                mentee_of=mentee_of,
                mentor_of=mentor_of,
                gains=gains,
            )
        except ValueError as error:
            raise RecordError("PairingScheme", [(("features",), str(error))]) from None
        for mentee, mentor in zip(mentees, chosen.tolist(), strict=True):
            if mentor != UNPAIRED:
                self.form(mentors[mentor], mentee)

    def stable(self, rankings: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
        """Pair the open mentees by deferred acceptance; each one's acceptable mentors.

        :param rankings: the people's own rankings, by person.
        """
        mentees = self.open_mentees()
        mentors = self.eligible_mentors
        mentee_number = {key: index for index, key in enumerate(mentees)}
        mentor_number = {key: index for index, key in enumerate(mentors)}
        # Each mentee's list, and who lists each mentor.
        proposers: dict[str, set[str]] = {key: set() for key in mentors}
        mentee_lists: list[list[str]] = []
        for mentee in mentees:
            own = rankings.get(mentee)
            if own is None:
                ranked = self.best_mentors(mentee, self.candidates(mentee))
            else:
                ranked = [m for m in own if m in mentor_number and self.allowed(m, mentee)]
            for mentor in ranked:
                proposers[mentor].add(mentee)
            mentee_lists.append(ranked)
        # A pair must be on both lists, so a mentor's list need hold only those who list them:
        # ranking just these by compatibility orders them as ranking everyone would.
        mentor_lists: list[list[str]] = []
        for mentor in mentors:
            own = rankings.get(mentor)
            if own is None:
                ranked = self.best_mentees(mentor, proposers[mentor])
            else:
                ranked = [e for e in own if e in proposers[mentor]]
            mentor_lists.append(ranked)
        accepts = [set(ranked) for ranked in mentor_lists]
        acceptable = {
            mentee: [m for m in ranked if mentee in accepts[mentor_number[m]]]
            for mentee, ranked in zip(mentees, mentee_lists, strict=True)
        }
        # The places left once locked pairs are kept: a mentor without any turned nobody down.
        self.open_places = {key: max(0, self.free(key)) for key in mentors}
        chosen = deferred_acceptance(
            [[mentor_number[m] for m in ranked] for ranked in mentee_lists],
            [[mentee_number[e] for e in ranked] for ranked in mentor_lists],
            [self.open_places[key] for key in mentors],
        )
        for mentee, number in zip(mentees, chosen, strict=True):
            if number != UNPAIRED:
                self.form(mentors[number], mentee)
        return acceptable

    def manual(self) -> None:
        """Form the given pairs that break no rule; report the others."""
        for mentor, mentee in self.given:
            if self.pairs.get(mentee) == mentor and mentee in self.kept:
                continue  # locked and given: kept already
            problem = self.check(mentor, mentee, locked=False)
            if problem is None:
                self.form(mentor, mentee)
            else:
                self.problems.append(problem)

    # --- the result --------------------------------------------------------------------------

    def explain(
        self,
        mentee: str,
        method: Method,
        holders: Mapping[str, list[str]],
        acceptable: Mapping[str, list[str]],
    ) -> Unpaired:
        """Why ``mentee`` is unpaired.

        :param mentee: the mentee's id.
        :param method: the method used.
        :param holders: the mentees paired with each mentor, by id.
        :param acceptable: for the stable method, the mentors each open mentee could accept
            and be accepted by.
        """
        own = self.mentee_reasons.get(mentee)
        if own:
            reason = join_reasons(own)
            return Unpaired(
                mentee=mentee,
                kind="no_eligible_mentor",
                reason=Label(zh=f"本人不符合条件：{reason.zh}", en=f"not eligible: {reason.en}"),
            )
        accepted = acceptable.get(mentee) if method == "stable" else None
        if accepted:
            if any(self.open_places[mentor] > 0 for mentor in accepted):
                return Unpaired(
                    mentee=mentee,
                    kind="lost_to_others",
                    reason=Label(
                        zh="志愿中的导师都选择了更靠前的人选",
                        en="every acceptable mentor chose mentees they rank higher",
                    ),
                    lost_to=_held(accepted, holders),
                )
            return _no_free_place(mentee, accepted, holders)
        options = self.candidates(mentee)
        if not options:
            return Unpaired(
                mentee=mentee,
                kind="no_eligible_mentor",
                reason=Label(
                    zh="没有可与其结对的导师（均不符合条件或被禁止）",
                    en="no mentor may be paired with this mentee (none is eligible and allowed)",
                ),
            )
        if method == "manual" and any(self.free(mentor) > 0 for mentor in options):
            return Unpaired(
                mentee=mentee,
                kind="not_given",
                reason=Label(
                    zh="未指定结对，而可与其结对的导师尚有名额",
                    en="no pair was given, though mentors who may take this mentee have places",
                ),
            )
        if accepted is not None:
            return Unpaired(
                mentee=mentee,
                kind="not_ranked",
                reason=Label(
                    zh="可结对的导师均不在双方志愿之中",
                    en="no mentor who may take this mentee is on both rankings",
                ),
            )
        return _no_free_place(mentee, options, holders)

    def result(self, method: Method, acceptable: Mapping[str, list[str]]) -> PairingResult:
        """The pairs as formed, with the unpaired explained.

        :param method: the method used.
        :param acceptable: for the stable method, each open mentee's acceptable mentors.
        """
        holders: dict[str, list[str]] = {}
        matches = []
        for mentee, mentor in sorted(self.pairs.items(), key=lambda item: (item[1], item[0])):
            holders.setdefault(mentor, []).append(mentee)
            breakdown = self.scoring.breakdown(self.scores(mentor, mentee))
            matches.append(
                Match(
                    mentor=mentor,
                    mentee=mentee,
                    compatibility=self.scoring.total(breakdown),
                    breakdown=breakdown,
                    locked=mentee in self.kept,
                )
            )
        unpaired = tuple(
            self.explain(mentee, method, holders, acceptable)
            for mentee in self.mentees
            if mentee not in self.pairs
        )
        free = {key: self.free(key) for key in self.eligible_mentors if self.free(key) > 0}
        return PairingResult(
            scheme=self.scheme.key,
            method=method,
            as_of=self.day,
            matches=tuple(matches),
            unpaired=unpaired,
            free_places=free,
            total=sum((match.compatibility for match in matches), decimal.Decimal(0)),
            problems=tuple(
                sorted(self.problems, key=lambda problem: (problem.mentor, problem.mentee))
            ),
        )


def _no_free_place(
    mentee: str, mentors: Iterable[str], holders: Mapping[str, list[str]]
) -> Unpaired:
    """``mentee`` unpaired because ``mentors``, those they could have had, have no place."""
    return Unpaired(
        mentee=mentee,
        kind="no_free_place",
        reason=Label(
            zh="可与其结对的导师名额已满",
            en="the mentors who may take this mentee have no place left",
        ),
        lost_to=_held(mentors, holders),
    )


def _held(mentors: Iterable[str], holders: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The mentees who hold the places of ``mentors``, sorted."""
    return tuple(sorted({mentee for mentor in mentors for mentee in holders.get(mentor, ())}))


def _rankings(scheme: str, preferences: Iterable[Preference]) -> dict[str, tuple[str, ...]]:
    """Each person's ranking in ``scheme``; a second ranking of one person is a problem.

    :param scheme: the scheme's key.
    :param preferences: every preference.
    :raises InputError: naming each second ranking.
    """
    chosen = [(index, p) for index, p in enumerate(preferences) if p.scheme == scheme]
    found: dict[str, tuple[str, ...]] = {}
    first: dict[str, int] = {}
    problems = []
    for index, preference in chosen:
        if preference.person in found:
            problems.append(
                Problem(
                    path=("preferences", index, "person"),
                    message=f"a second ranking of the same person (first at index "
                    f"{first[preference.person]})",
                )
            )
            continue
        found[preference.person] = preference.ranking
        first[preference.person] = index
    if problems:
        raise InputError(problems)
    return found


def pair(
    scheme: PairingScheme,
    *,
    people: Iterable[Person],
    profiles: Iterable[Profile] = (),
    rules: Iterable[PairRule] = (),
    preferences: Iterable[Preference] = (),
    as_of: dt.date,
    method: Method | None = None,
    scorers: Mapping[str, Scorer] = _NO_SCORERS,
) -> PairingResult:
    """The pairs of ``scheme`` as of a day, with every unpaired mentee explained.

    See the module's documentation for who takes part, how each method pairs, and what is
    reported.

    :param scheme: the scheme.
    :param people: the people, for their roles on the day.
    :param profiles: the people's profiles (department, subjects, years, capacity); a person
        without one has an empty one.
    :param rules: locked, forbidden and given pairs; those of other schemes, or that do not
        hold on ``as_of``, are ignored, and given pairs are read by the manual method only.
    :param preferences: the people's rankings, for the stable method; those of other schemes
        are ignored.
    :param as_of: the day.
    :param method: ``optimal``, ``stable`` or ``manual``; the scheme's method when ``None``.
    :param scorers: the plugins' pairing scorers' functions, by key, for ``scorer`` features.
    :raises UnknownNameError: when a feature names a scorer that ``scorers`` lacks.
    :raises InputError: when two people share an id, two profiles a person, or two
        preferences of the scheme a person.
    :raises PluginContributionError: when a scorer returns something that is not a score.
    :raises RecordError: for the optimal method, when the compatibilities are too large to be
        weighed exactly: weights with many decimal places, or very large ones, and thousands
        of mentees (weights up to 10 with two decimal places stay exact past 10,000 mentees).
    :raises MissingDependencyError: for the optimal method, when scipy (the ``solver`` extra)
        is not installed.
    """
    chosen: Method = scheme.method if method is None else method
    scoring = Scoring(scheme, scorers)
    state = _Pairing(
        scheme,
        people=_by_key(people, "people", operator.attrgetter("id")),
        profiles=_by_key(profiles, "profiles", operator.attrgetter("person")),
        rules=(rule for rule in rules if rule.scheme == scheme.key and rule.active_on(as_of)),
        day=as_of,
        scoring=scoring,
    )
    rankings = _rankings(scheme.key, preferences) if chosen == "stable" else {}
    state.keep_locked()
    acceptable: Mapping[str, list[str]] = {}
    if chosen == "optimal":
        state.optimal()
    elif chosen == "stable":
        acceptable = state.stable(rankings)
    else:
        state.manual()
    return state.result(chosen, acceptable)
