"""Outcomes credited to people and teams, counted by kind, level and rank.

:func:`summarise_outcomes` keeps the outcomes dated within a period and credited to chosen
people or teams, and counts them by kind, level and rank; each row carries the ids of the
outcomes behind it. Rows are sorted by kind, then level, then rank, by key; an outcome without
a level (or a rank) comes after those with one.

**Teams** are units (of kinds such as ``research_team`` or ``teaching_reform_team``) and a
person's membership of a team is an entry of :attr:`~branchkit.records.Person.memberships`,
dated like any other. A team's credit reaches its members only when asked: pass ``members``,
which maps a team id to its members' ids, and an outcome credited to the team then counts for
each of them under ``persons``. :func:`team_members` makes that mapping for one day, such as
the day judged; the caller chooses the day, so the rule stays one sentence.

>>> import datetime as dt
>>> from branchkit.mechanisms.obligations import Outcome, summarise_outcomes
>>> outcomes = [
...     Outcome(id="o1", kind="award", date=dt.date(2022, 5, 1), level="municipal",
...             rank="first", teams=("rt1",)),
...     Outcome(id="o2", kind="award", date=dt.date(2022, 6, 1), level="municipal",
...             rank="first", persons=("T2",)),
...     Outcome(id="o3", kind="training", date=dt.date(2022, 6, 9), count=50),
... ]
>>> [(c.kind, c.level, c.rank, c.outcomes, c.total) for c in summarise_outcomes(outcomes)]
[('award', 'municipal', 'first', 2, 2), ('training', None, None, 1, 50)]
>>> [c.ids for c in summarise_outcomes(outcomes, persons={"T1"}, members={"rt1": ("T1",)})]
[('o1',)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping
from types import MappingProxyType

from branchkit.errors import Path, RecordError
from branchkit.mechanisms.obligations.model import Outcome, OutcomeCount
from branchkit.records._checks import duplicate_problems
from branchkit.records.people import Person
from branchkit.records.periods import Period

__all__ = [
    "OUTCOME_VOCABULARIES",
    "credited",
    "outcome_problems",
    "summarise_outcomes",
    "team_members",
]

#: No members: a team's credit stays with the team.
_NO_MEMBERS: Mapping[str, Collection[str]] = {}

#: The vocabulary each keyed field of an outcome takes its keys from.
OUTCOME_VOCABULARIES: Mapping[str, str] = MappingProxyType(
    {"kind": "outcome_kind", "level": "level", "rank": "rank"}
)


def outcome_problems(
    outcomes: Iterable[Outcome],
    *,
    people: Collection[str],
    units: Collection[str],
    vocabulary: Mapping[str, Collection[str]] | None = None,
) -> Iterator[tuple[Path, str]]:
    """Duplicate ids, and outcomes naming people, teams or keys that are not on record.

    Paths are ``("outcomes", index, field)`` (with the item's index for a list), as the
    section's records are numbered. A person named is an identifier, not a sensitive value, so
    it may be named in the message.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.obligations import Outcome, outcome_problems
    >>> outcome = Outcome(id="o1", kind="prize", date=dt.date(2022, 1, 1), persons=("T9",),
    ...                   teams=("rt1",))
    >>> for path, message in outcome_problems([outcome], people={"T1"}, units={"rt1"},
    ...                                       vocabulary={"outcome_kind": {"award"}}):
    ...     print(path, message)
    ('outcomes', 0, 'persons', 0) no person 'T9'
    ('outcomes', 0, 'kind') unknown outcome kind 'prize'; known: award

    :param outcomes: the outcomes.
    :param people: the ids of the people on record.
    :param units: the ids of the units on record (teams are units).
    :param vocabulary: the known keys per vocabulary; the fields of
        :data:`OUTCOME_VOCABULARIES` are checked against those it lists, the others not.
    """
    listed = tuple(outcomes)
    yield from duplicate_problems("outcomes", listed, lambda outcome: outcome.id, "id")
    known = {} if vocabulary is None else vocabulary
    for index, outcome in enumerate(listed):
        for at, person in enumerate(outcome.persons):
            if person not in people:
                yield ("outcomes", index, "persons", at), f"no person {person!r}"
        for at, team in enumerate(outcome.teams):
            if team not in units:
                yield ("outcomes", index, "teams", at), f"no unit {team!r}"
        for field, name in OUTCOME_VOCABULARIES.items():
            value = getattr(outcome, field)
            if value is not None and name in known and value not in known[name]:
                keys = ", ".join(sorted(known[name]))
                words = name.replace("_", " ")
                yield ("outcomes", index, field), f"unknown {words} {value!r}; known: {keys}"


def team_members(
    people: Iterable[Person], *, teams: Iterable[str], day: dt.date
) -> dict[str, tuple[str, ...]]:
    """The members of each team on ``day``: the people with a membership of it that day.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.obligations.outcomes import team_members
    >>> from branchkit.records import Membership, Person
    >>> people = [Person(id="T1", name="李娜", memberships=(Membership(unit="rt1"),)),
    ...           Person(id="T2", name="张伟", memberships=(
    ...               Membership(unit="rt1", end=dt.date(2021, 12, 31)),))]
    >>> team_members(people, teams=["rt1", "rt2"], day=dt.date(2022, 3, 1))
    {'rt1': ('T1',), 'rt2': ()}

    :param people: the people.
    :param teams: the teams' unit ids.
    :param day: the day the members are taken on.
    :returns: every team of ``teams``, by id, with its members' ids sorted.
    """
    found: dict[str, set[str]] = {team: set() for team in teams}
    for person in people:
        for unit in person.units_on(day):
            if unit in found:
                found[unit].add(person.id)
    return {team: tuple(sorted(members)) for team, members in sorted(found.items())}


def credited(
    outcome: Outcome,
    *,
    persons: Collection[str] | None = None,
    teams: Collection[str] | None = None,
    members: Mapping[str, Collection[str]] | None = None,
) -> bool:
    """Whether ``outcome`` is credited to any of ``persons`` or ``teams``.

    With neither, every outcome is. A team's outcome is credited to a person of ``persons``
    when ``members`` lists the person among the team's members; a person's own outcome is
    never credited to their team.

    :param outcome: the outcome.
    :param persons: the people's ids, or ``None`` for no choice of people.
    :param teams: the teams' unit ids, or ``None`` for no choice of teams.
    :param members: each team's members' ids, for a team's credit to reach them.
    """
    if persons is None and teams is None:
        return True
    if persons is not None:
        for person in outcome.persons:
            if person in persons:
                return True
        by_team = _NO_MEMBERS if members is None else members
        if any(member in persons for team in outcome.teams for member in by_team.get(team, ())):
            return True
    if teams is not None:
        for team in outcome.teams:
            if team in teams:
                return True
    return False


def _order(row: OutcomeCount) -> tuple[str, bool, str, bool, str]:
    # An outcome without a level or rank comes after those with one.
    return (row.kind, row.level is None, row.level or "", row.rank is None, row.rank or "")


def summarise_outcomes(
    outcomes: Iterable[Outcome],
    *,
    period: Period | None = None,
    persons: Collection[str] | None = None,
    teams: Collection[str] | None = None,
    members: Mapping[str, Collection[str]] | None = None,
) -> tuple[OutcomeCount, ...]:
    """How many outcomes of each kind, level and rank, and the sum of their counts.

    :param outcomes: the outcomes; their ids must be unique.
    :param period: keep only the outcomes dated within it (both ends included), if given.
    :param persons: keep only the outcomes credited to any of these people, if given (with
        ``members``, also those credited to a team they belong to).
    :param teams: keep only the outcomes credited to any of these teams, if given; with
        ``persons`` too, an outcome credited to either is kept.
    :param members: each team's members' ids (see :func:`team_members`), for a team's
        credit to reach its members under ``persons``; ignored without ``persons``.
    :returns: one row per kind, level and rank found, sorted by kind, level and rank with a
        missing level or rank last; each with the sorted ids of its outcomes.
    :raises RecordError: for a duplicate outcome id.
    """
    listed = tuple(outcomes)
    found = list(duplicate_problems("outcomes", listed, lambda outcome: outcome.id, "id"))
    if found:
        raise RecordError("outcomes input", found)
    groups: dict[tuple[str, str | None, str | None], list[Outcome]] = {}
    for outcome in listed:
        if period is not None and not period.contains(outcome.date):
            continue
        if not credited(outcome, persons=persons, teams=teams, members=members):
            continue
        groups.setdefault((outcome.kind, outcome.level, outcome.rank), []).append(outcome)
    rows = [
        OutcomeCount(
            kind=kind,
            level=level,
            rank=rank,
            outcomes=len(group),
            total=sum(outcome.count for outcome in group),
            ids=tuple(sorted(outcome.id for outcome in group)),
        )
        for (kind, level, rank), group in groups.items()
    ]
    return tuple(sorted(rows, key=_order))
