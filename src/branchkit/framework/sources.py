"""Indicator sources: named ways to read one figure out of a branch's mechanisms.

A framework states its indicators as data (:class:`~branchkit.framework.indicators.IndicatorSpec`):
a key, a label, the practice it belongs to, the *source* that computes it and a
selector saying which of the mechanism's records to read (which target, which
checklist category, which outcome kinds). An :class:`IndicatorSource` is that computation:
given the :class:`SourceContext` (the framework, the records, the period and the day judged)
and the :class:`~branchkit.framework.indicators.Selector`, it returns a :class:`Measurement`:
the value, its unit, the ids of the records behind it and, when the mechanism sets one, the
figure to reach.

branchkit's own sources are in :mod:`branchkit.framework.builtin_sources`; plugins contribute
more through the ``branchkit_indicator_sources`` hook.

The context runs each mechanism once, on first use (:meth:`SourceContext.memo`), so twenty
indicators over one contact network evaluate the network once.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from branchkit.framework.indicators import Selector
>>> from branchkit.framework.sources import IndicatorSource, Measurement
>>> from branchkit.records import Label
>>> def events_held(context, select):
...     found = [e for e in context.events_in_period() if e.kind in select.kinds]
...     return Measurement(value=Decimal(len(found)), unit=Label(zh="次", en="events"),
...                        records=tuple(e.id for e in found))
>>> source = IndicatorSource(key="events-held", label=Label(zh="活动次数", en="events held"),
...                          reads=frozenset({"kinds"}), needs=frozenset({"kinds"}),
...                          measure=events_held)
>>> source.selector_problems(Selector(kinds=("theme_day",)))
[]
>>> for path, message in source.selector_problems(Selector(key="x")):
...     print(path, message)
('kinds',) the source events-held needs it
('key',) the source events-held does not read it
"""

# No ``from __future__ import annotations``: the documentation resolves these hints as objects.
import datetime as dt
import decimal
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from branchkit.errors import Path
from branchkit.framework.indicators import Selector
from branchkit.framework.model import Framework
from branchkit.records._checks import ensure_valid, key_problems
from branchkit.records.dataset import Dataset
from branchkit.records.events import Event
from branchkit.records.labels import Label
from branchkit.records.periods import Period

__all__ = ["IndicatorSource", "Measurement", "SourceContext"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Measurement:
    """One figure a source read, with what it counts and the records behind it.

    :param value: the figure.
    :param unit: what it counts (人, persons; %, percent).
    :param records: the ids of the records behind it, sorted.
    :param target: the figure the mechanism itself sets (a target's ``at_least``), if any;
        an indicator's own target takes precedence.
    :param sensitive_count: whether the value counts people that sensitive records single out
        (see :attr:`~branchkit.framework.indicators.Indicator.sensitive_count`).
    """

    value: decimal.Decimal
    unit: Label
    records: tuple[str, ...] = ()
    target: decimal.Decimal | None = None
    sensitive_count: bool = False


class SourceContext:
    """What sources read: the framework, the records, the period and the day judged.

    Not a record: it remembers each mechanism's result once computed (:meth:`memo`), so that
    the indicators over one mechanism run it once. Its inputs never change.

    :param framework: the framework evaluated.
    :param dataset: the records common to every branch (people, units, events, evidence).
    :param sections: every other section of the data by key (``outcomes``, ``cases``,
        ``assessments``, ...), each a tuple of records.
    :param period: the period evaluated (an academic year); mechanisms with periods of their
        own (a two-year target) keep them.
    :param as_of: the day judged; nothing later counts.
    :param names: names of vocabulary keys, keyed ``vocabulary/key``, for explanations.
    :param behaviour: what plugins contribute as behaviour, by kind (``predicates``,
        ``point_rules``, ``pairing_scorers``), for the sources that need it.
    """

    def __init__(
        self,
        *,
        framework: Framework,
        dataset: Dataset,
        sections: Mapping[str, tuple[Any, ...]],
        period: Period,
        as_of: dt.date,
        names: Mapping[str, Label] | None = None,
        behaviour: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.framework = framework
        self.dataset = dataset
        self.sections = sections
        self.period = period
        self.as_of = as_of
        self.names: Mapping[str, Label] = names or {}
        self.behaviour: Mapping[str, Mapping[str, Any]] = behaviour or {}
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """The value remembered under ``key``, computed by ``compute()`` the first time.

        :param key: a name unique to the computation and its inputs (``targets``,
            ``rubric/three-literacies``).
        :param compute: how to compute it.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        found: T = self._memo[key]
        return found

    def section(self, key: str) -> tuple[Any, ...]:
        """The records of the section called ``key``; empty when the data has none."""
        return tuple(self.sections.get(key, ()))

    @property
    def end(self) -> dt.date:
        """The last day that counts: the day judged, or the period's end if earlier."""
        return min(self.as_of, self.period.end)

    def events_in_period(self) -> tuple[Event, ...]:
        """The events dated in the period, on or before the day judged, by date then id."""
        return self.memo(
            "events-in-period",
            lambda: tuple(
                sorted(
                    (
                        event
                        for event in self.dataset.events
                        if self.period.contains(event.date) and event.date <= self.as_of
                    ),
                    key=lambda event: (event.date, event.id),
                )
            ),
        )


@attrs.frozen(kw_only=True)
class IndicatorSource:
    """A named way to compute an indicator from the mechanisms' results.

    :param key: the name indicators give as their ``source``.
    :param label: what it computes, for people.
    :param reads: the :class:`~branchkit.framework.indicators.Selector` fields it reads; an
        indicator giving another is an error, since the field would silently be ignored.
    :param needs: the fields it cannot do without.
    :param measure: the computation: ``measure(context, selector)``; raises
        :class:`~branchkit.errors.RecordError` or :class:`~branchkit.errors.UnknownNameError`
        for a selector naming what the framework or data lacks.
    """

    key: str
    label: Label
    reads: frozenset[str]
    measure: Callable[[SourceContext, Selector], Measurement]
    needs: frozenset[str] = frozenset()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, key_problems("key", self.key))

    def selector_problems(self, select: Selector) -> list[tuple[Path, str]]:
        """What is wrong with ``select`` for this source: fields missing or not read."""
        given = select.given
        found: list[tuple[Path, str]] = [
            ((name,), f"the source {self.key} needs it") for name in sorted(self.needs - given)
        ]
        found.extend(
            ((name,), f"the source {self.key} does not read it")
            for name in sorted(given - self.reads)
        )
        return found
