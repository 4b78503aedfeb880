"""What plugin-contributed condition predicates, point rules and pairing scorers are given.

Each function takes one input record; new fields may be added to an input record in a minor
release, so a function written against it keeps working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from branchkit.mechanisms.pairing.model import Profile
from branchkit.records.events import Event
from branchkit.records.people import Person
from branchkit.records.periods import Period

__all__ = ["PairingInput", "PointInput", "PredicateInput"]


@attrs.frozen(kw_only=True, unsafe_hash=False)
class PredicateInput:
    """What a condition predicate is given.

    :param subject: the id of the person (or unit) the condition is about.
    :param facts: the subject's facts by name.
    :param events: the subject's events.
    :param params: the predicate's parameters, as the framework sets them.
    :param as_of: the day the condition is judged on.

    Example, a predicate's input as a test builds it:

    >>> import datetime as dt
    >>> from branchkit.mechanisms.inputs import PredicateInput
    >>> from branchkit.records import Event
    >>> given = PredicateInput(
    ...     subject="2024001",
    ...     facts={"applied": dt.date(2024, 10, 8)},
    ...     events=(Event(id="e1", kind="lecture", date=dt.date(2024, 11, 5)),),
    ...     params={"at_least": 1},
    ...     as_of=dt.date(2025, 3, 1),
    ... )
    >>> sum(1 for event in given.events if event.date >= given.facts["applied"])
    1
    """

    subject: str
    facts: Mapping[str, object]
    events: tuple[Event, ...]
    params: Mapping[str, object]
    as_of: dt.date


@attrs.frozen(kw_only=True, unsafe_hash=False)
class PointInput:
    """What a point rule is given.

    :param subject: the id of the person the points are for.
    :param facts: the subject's facts by name.
    :param events: the subject's events in the period.
    :param params: the rule's parameters, as the framework sets them.
    :param period: the period points are counted over, if any.

    Example, a rule's input as a test builds it:

    >>> from branchkit.mechanisms.inputs import PointInput
    >>> from branchkit.records import Period
    >>> given = PointInput(subject="2024001", facts={"service_hours": 12}, events=(),
    ...                    params={"per_hour": "0.5"}, period=Period.academic_year(2024))
    >>> given.period.start.isoformat()
    '2024-09-01'
    """

    subject: str
    facts: Mapping[str, object]
    events: tuple[Event, ...]
    params: Mapping[str, object]
    period: Period | None


@attrs.frozen(kw_only=True, unsafe_hash=False)
class PairingInput:
    """What a pairing scorer is given: a mentor and a mentee who may be paired, on a day.

    A person without a profile on record is given an empty one (no department, no subjects).

    :param mentor: the mentor.
    :param mentee: the mentee.
    :param mentor_profile: the mentor's profile.
    :param mentee_profile: the mentee's profile.
    :param as_of: the day the pairs are formed on.

    Example, a scorer's input as a test builds it:

    >>> import datetime as dt
    >>> from branchkit.mechanisms.inputs import PairingInput
    >>> from branchkit.mechanisms.pairing import Profile
    >>> from branchkit.records import Person
    >>> given = PairingInput(
    ...     mentor=Person(id="T001", name="周明"),
    ...     mentee=Person(id="T101", name="陈静"),
    ...     mentor_profile=Profile(person="T001", department="金融系", subjects=("金融学",)),
    ...     mentee_profile=Profile(person="T101", department="金融系"),
    ...     as_of=dt.date(2024, 9, 1),
    ... )
    >>> given.mentor_profile.department == given.mentee_profile.department
    True
    """

    mentor: Person
    mentee: Person
    mentor_profile: Profile
    mentee_profile: Profile
    as_of: dt.date
