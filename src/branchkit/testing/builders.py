"""Synthetic records for tests: the same seed gives the same records, every time.

Names look like zh-CN names, drawn from fixed lists (no generator library); ids follow the
student numbers of a cohort (``2021001``); every date falls within the period given; every
person belongs to a class and to a dorm of that class, and those units exist.

>>> from branchkit.records import Period
>>> from branchkit.testing import people
>>> [person.id for person in people(3, seed=7, period=Period.academic_year(2021))]
['2021001', '2021002', '2021003']
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from branchkit.records.dataset import Dataset
from branchkit.records.events import Event
from branchkit.records.people import Membership, Person, RoleSpan
from branchkit.records.periods import Period
from branchkit.records.units import Unit

__all__ = ["GIVEN_NAMES", "SURNAMES", "dataset", "events", "names", "people", "units"]

#: Common Chinese surnames the builders draw from.
#:
#: >>> from branchkit.testing import SURNAMES
#: >>> len(SURNAMES), SURNAMES[:3]
#: (20, ('王', '李', '张'))
SURNAMES: tuple[str, ...] = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
)  # fmt: skip
#: Given names (one or two characters) the builders draw from.
#:
#: >>> from branchkit.testing import GIVEN_NAMES
#: >>> len(GIVEN_NAMES), GIVEN_NAMES[:3]
#: (20, ('芳', '伟', '敏'))
GIVEN_NAMES: tuple[str, ...] = (
    "芳", "伟", "敏", "静", "磊", "洋", "婷", "强", "丽", "军",
    "思远", "雨涵", "子轩", "欣怡", "浩然", "梓涵", "俊杰", "佳怡", "宇航", "诗琪",
)  # fmt: skip

_DEPARTMENT = "dept"


def names(count: int, *, seed: int) -> tuple[str, ...]:
    """``count`` zh-CN-looking names, distinct while the lists allow (400 combinations).

    :param count: how many names.
    :param seed: the seed; the same seed gives the same names.

    >>> names(2, seed=1) == names(2, seed=1)
    True
    >>> len(set(names(50, seed=3)))
    50
    """
    combos = [surname + given for surname in SURNAMES for given in GIVEN_NAMES]
    rng = random.Random(seed)
    rng.shuffle(combos)
    return tuple(combos[index % len(combos)] for index in range(count))


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def units(*, cohort: int = 2021, classes: int = 2, dorms_per_class: int = 2) -> tuple[Unit, ...]:
    """A department with ``classes`` classes, each with ``dorms_per_class`` dorms inside it.

    :param cohort: the year the classes started, in their ids and names.
    :param classes: how many classes.
    :param dorms_per_class: how many dorms each class has.

    >>> built = units(classes=1, dorms_per_class=1)
    >>> [(unit.id, unit.kind, unit.parent) for unit in built]
    [('dept', 'department', None), ('c2101', 'class', 'dept'), ('d2101-1', 'dorm', 'c2101')]
    >>> [unit.name for unit in built]
    ['学院', '2101班', '2101班1号宿舍']
    """
    found = [Unit(id=_DEPARTMENT, kind="department", name="学院")]
    for number in range(1, classes + 1):
        code = f"{cohort % 100:02d}{number:02d}"
        found.append(Unit(id=f"c{code}", kind="class", name=f"{code}班", parent=_DEPARTMENT))
        found.extend(
            Unit(id=f"d{code}-{dorm}", kind="dorm", name=f"{code}班{dorm}号宿舍", parent=f"c{code}")
            for dorm in range(1, dorms_per_class + 1)
        )
    return tuple(found)


def people(
    count: int,
    *,
    seed: int,
    period: Period,
    roles: Sequence[str] = ("student",),
    cohort: int = 2021,
    classes: int = 2,
    dorms_per_class: int = 2,
) -> tuple[Person, ...]:
    """``count`` people of a cohort, each with a role and a class and dorm of :func:`units`.

    Ids are the cohort's student numbers in order. Roles are given in turn (the first person
    gets the first role); each starts on a day within ``period`` and is still held.
    Memberships start with the period; birth dates are 17 to 19 years before the cohort.

    :param count: how many people.
    :param seed: the seed; the same seed gives the same people.
    :param period: the period role dates fall within.
    :param roles: the role keys to hand out in turn.
    :param cohort: the year of the ids and of :func:`units`.
    :param classes: how many classes people are spread over, as for :func:`units`.
    :param dorms_per_class: how many dorms each class has, as for :func:`units`.
    :raises ValueError: when no role is given.

    >>> from branchkit.records import Period
    >>> year = Period.academic_year(2021)
    >>> first = people(2, seed=1, period=year, roles=("activist", "applicant"))[0]
    >>> first.id, sorted(first.roles_on(year.end)), sorted(first.units_on(year.end))
    ('2021001', ['activist'], ['c2101', 'd2101-1'])
    """
    if not roles:
        raise ValueError("give at least one role")
    rng = random.Random(seed)
    chosen = names(count, seed=seed)
    found: list[Person] = []
    for index in range(count):
        code = f"{cohort % 100:02d}{index % classes + 1:02d}"
        dorm = (index // classes) % dorms_per_class + 1
        found.append(
            Person(
                id=f"{cohort}{index + 1:03d}",
                name=chosen[index],
                roles=(
                    RoleSpan(
                        role=roles[index % len(roles)],
                        start=_day(rng, period.start, period.end),
                    ),
                ),
                memberships=(
                    Membership(unit=f"c{code}", start=period.start),
                    Membership(unit=f"d{code}-{dorm}", start=period.start),
                ),
                birth_date=_day(rng, dt.date(cohort - 19, 9, 1), dt.date(cohort - 17, 8, 31)),
            )
        )
    return tuple(found)


def events(
    participants: Sequence[Person],
    count: int,
    *,
    seed: int,
    period: Period,
    kind: str = "volunteer_service",
) -> tuple[Event, ...]:
    """``count`` events of ``kind`` on days within ``period``, sorted by day.

    Each has one to three of ``participants`` and the units they belong to on that day.

    :param participants: the people who may take part.
    :param count: how many events.
    :param seed: the seed; the same seed gives the same events.
    :param period: the period the events fall within.
    :param kind: the events' kind key.
    :raises ValueError: when there is nobody to take part.

    >>> from branchkit.records import Period
    >>> year = Period.academic_year(2021)
    >>> found = events(people(4, seed=2, period=year), 3, seed=2, period=year)
    >>> [event.id for event in found], all(year.contains(event.date) for event in found)
    (['e001', 'e002', 'e003'], True)
    """
    if not participants:
        raise ValueError("give at least one participant")
    rng = random.Random(seed)
    drawn: list[tuple[dt.date, tuple[Person, ...]]] = []
    for _ in range(count):
        day = _day(rng, period.start, period.end)
        chosen = rng.sample(list(participants), k=min(len(participants), rng.randint(1, 3)))
        drawn.append((day, tuple(sorted(chosen, key=lambda person: person.id))))
    drawn.sort(key=lambda item: item[0])
    return tuple(
        Event(
            id=f"e{index + 1:03d}",
            kind=kind,
            date=day,
            participants=tuple(person.id for person in chosen),
            units=tuple(sorted({unit for person in chosen for unit in person.units_on(day)})),
        )
        for index, (day, chosen) in enumerate(drawn)
    )


def dataset(
    count: int,
    *,
    seed: int,
    period: Period,
    roles: Sequence[str] = ("student",),
    event_count: int = 0,
    cohort: int = 2021,
    classes: int = 2,
    dorms_per_class: int = 2,
) -> Dataset:
    """A consistent dataset: :func:`units`, :func:`people` in them, :func:`events` by them.

    :param count: how many people.
    :param seed: the seed; the same seed gives the same records.
    :param period: the period every date falls within; listed in the dataset.
    :param roles: the role keys to hand out in turn.
    :param event_count: how many events.
    :param cohort: the cohort's year.
    :param classes: how many classes.
    :param dorms_per_class: how many dorms each class has.

    >>> from branchkit.records import Period, dataset_problems
    >>> built = dataset(6, seed=5, period=Period.academic_year(2021), event_count=4)
    >>> len(built.people), len(built.units), len(built.events)
    (6, 7, 4)
    >>> list(dataset_problems(built))
    []
    """
    found = people(
        count,
        seed=seed,
        period=period,
        roles=roles,
        cohort=cohort,
        classes=classes,
        dorms_per_class=dorms_per_class,
    )
    return Dataset(
        people=found,
        units=units(cohort=cohort, classes=classes, dorms_per_class=dorms_per_class),
        periods=(period,),
        events=events(found, event_count, seed=seed, period=period) if event_count else (),
    )
