"""Events (activities, meetings, services) and evidence (documents that prove a duty was done).

>>> import datetime as dt
>>> event = Event(
...     id="e-001",
...     kind="volunteer_service",
...     date=dt.date(2021, 4, 17),
...     title="金融知识进社区",
...     participants=("2021001", "2021002"),
...     partners=("ccb-yongchuan",),
...     audience=("community",),
...     counts={"person_times": 35},
... )
>>> event.count("person_times"), event.count("questionnaires")
(35, 0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid, frozen_mapping, key_problems, text_problems

__all__ = ["Event", "Evidence"]


def _count_problems(counts: Mapping[str, int]) -> Iterator[tuple[Path, str]]:
    for name, value in counts.items():
        yield from ((("counts", *path), message) for path, message in key_problems(name, name))
        if value < 0:
            yield ("counts", name), f"a count cannot be negative, got {value}"


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Event:
    """Something that happened on a date: a meeting, a lesson, a service, a training.

    Records with a ``counts`` mapping compare by value but are not hashable; index them by
    :attr:`id`.

    :param id: the event's identifier, unique among events.
    :param kind: the kind's key, such as ``demonstration_lesson`` or ``volunteer_service``.
    :param date: the day it happened (its first day when it lasted longer).
    :param end_date: its last day, when it lasted more than one day.
    :param title: what people call it.
    :param participants: ids of the people who took part.
    :param units: ids of the units it concerned (classes, dorms).
    :param partners: the partner organisations that took part.
    :param audience: the kinds of audience reached (``village``, ``community``, ``school``, ...).
    :param counts: named counts (``person_times``, ``questionnaires``, ...); each at least 0.
    """

    id: str
    kind: str
    date: dt.date
    end_date: dt.date | None = None
    title: str = ""
    participants: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    counts: Mapping[str, int] = attrs.field(factory=dict, converter=frozen_mapping)

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("id", self.id)
        yield from key_problems("kind", self.kind)
        if self.end_date is not None and self.end_date < self.date:
            yield (
                ("end_date",),
                (f"{self.end_date.isoformat()} is before the date {self.date.isoformat()}"),
            )
        yield from _count_problems(self.counts)

    @property
    def last_day(self) -> dt.date:
        """The event's last day: :attr:`end_date`, or :attr:`date` for a one-day event."""
        return self.end_date if self.end_date is not None else self.date

    def count(self, name: str) -> int:
        """The count called ``name``, 0 when the event does not record it."""
        return self.counts.get(name, 0)


@attrs.frozen(kw_only=True)
class Evidence:
    """A document or record that shows something was done.

    :param id: the evidence's identifier, unique among evidence.
    :param kind: the kind's key, such as ``meeting_minutes`` or ``questionnaire``.
    :param date: the day it was made or received.
    :param reference: where to find it: a document number, a file path or an address.
    :param count: how many it stands for (a bundle of 200 questionnaires counts 200).
    :param persons: ids of the people it concerns or who made it.
    :param units: ids of the units it concerns.
    :param note: a remark for people.
    """

    id: str
    kind: str
    date: dt.date
    reference: str = ""
    count: int = 1
    persons: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    note: str = ""

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("id", self.id)
        yield from key_problems("kind", self.kind)
        if self.count < 0:
            yield ("count",), f"a count cannot be negative, got {self.count}"
