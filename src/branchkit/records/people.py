"""People: members, applicants, teachers and students, with dated roles and unit memberships.

>>> import datetime as dt
>>> person = Person(
...     id="2021001",
...     name="王芳",
...     roles=(RoleSpan(role="activist", start=dt.date(2021, 3, 1), end=dt.date(2022, 2, 28)),
...            RoleSpan(role="development_target", start=dt.date(2022, 3, 1))),
...     memberships=(Membership(unit="fin-2101"),),
... )
>>> sorted(person.roles_on(dt.date(2022, 6, 1)))
['development_target']
>>> person.holds("activist", dt.date(2021, 12, 31))
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from branchkit.errors import Path
from branchkit.records._checks import (
    ensure_valid,
    key_problems,
    span_problems,
    text_problems,
    within_span,
)
from branchkit.records.sensitivity import IDENTIFIER, PERSONAL, SENSITIVE, redacted_repr

__all__ = ["Membership", "Person", "RoleSpan"]


@attrs.frozen(kw_only=True)
class RoleSpan:
    """A role a person holds, from ``start`` to ``end`` inclusive; a missing date is open.

    :param role: the role's key, such as ``full_member`` or ``committee_member``.
    :param start: the first day held, if known.
    :param end: the last day held; ``None`` while still held.
    """

    role: str
    start: dt.date | None = None
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("role", self.role)
        yield from span_problems(self.start, self.end)

    def active_on(self, day: dt.date) -> bool:
        """Whether the role is held on ``day``."""
        return within_span(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class Membership:
    """A person's belonging to a unit (a class, a dorm, a department), dated like a role.

    :param unit: the unit's id.
    :param start: the first day of membership, if known.
    :param end: the last day; ``None`` while still a member.
    """

    unit: str
    start: dt.date | None = None
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("unit", self.unit)
        yield from span_problems(self.start, self.end)

    def active_on(self, day: dt.date) -> bool:
        """Whether the membership holds on ``day``."""
        return within_span(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class Person:
    """A person the branch works with.

    The role history is the list of :class:`RoleSpan`; the roles held on a day are derived
    from it (:meth:`roles_on`), so there is one source of truth for both.

    :param id: the person's identifier (student or staff number); personal, pseudonymised in
        exports.
    :param name: the person's name; personal.
    :param roles: the roles held, with their dates.
    :param memberships: the units the person belongs to, with their dates.
    :param birth_date: the date of birth; personal.
    :param id_number: the national ID number; sensitive, never shown unless a role allows it.
    """

    id: str = attrs.field(metadata=IDENTIFIER)
    name: str = attrs.field(metadata=PERSONAL)
    roles: tuple[RoleSpan, ...] = ()
    memberships: tuple[Membership, ...] = ()
    birth_date: dt.date | None = attrs.field(default=None, metadata=PERSONAL)
    id_number: str | None = attrs.field(default=None, metadata=SENSITIVE, repr=redacted_repr)

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("id", self.id)
        yield from text_problems("name", self.name)
        if self.id_number is not None and not self.id_number.strip():
            yield ("id_number",), "must not be empty when given"

    def roles_on(self, day: dt.date) -> frozenset[str]:
        """The keys of the roles held on ``day``."""
        return frozenset(span.role for span in self.roles if span.active_on(day))

    def holds(self, role: str, day: dt.date) -> bool:
        """Whether the person holds ``role`` on ``day``."""
        # The span test of RoleSpan.active_on, written out: this runs for every person and day.
        for span in self.roles:
            if (
                span.role == role
                and (span.start is None or span.start <= day)
                and (span.end is None or day <= span.end)
            ):
                return True
        return False

    def units_on(self, day: dt.date) -> frozenset[str]:
        """The ids of the units the person belongs to on ``day``."""
        return frozenset(m.unit for m in self.memberships if m.active_on(day))
