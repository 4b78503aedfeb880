"""Candidates: the people a staged scheme follows, with their stage and their facts.

>>> import datetime as dt
>>> candidate = Candidate(id="2021001", name="王芳", stage="activist",
...                       facts={"activist_date": dt.date(2021, 3, 1)})
>>> candidate.fact("activist_date")
datetime.date(2021, 3, 1)
>>> candidate.fact("talk_date") is None
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from branchkit.errors import Path
from branchkit.mechanisms.staging.facts import FactValue
from branchkit.records._checks import ensure_valid, frozen_mapping, key_problems, text_problems
from branchkit.records.sensitivity import IDENTIFIER, PERSONAL

__all__ = ["Candidate"]


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Candidate:
    """A person at a stage of a staged scheme.

    :param id: the person's identifier; personal.
    :param name: the person's name; personal.
    :param stage: the key of the stage the person is at; empty for a scheme without stages.
    :param group: the group the person is ranked in (a class, a grade), if rank bands use one.
    :param facts: the person's facts by key; the scheme declares their types.
    """

    id: str = attrs.field(metadata=IDENTIFIER)
    name: str = attrs.field(default="", metadata=PERSONAL)
    stage: str = ""
    group: str = ""
    facts: Mapping[str, FactValue] = attrs.field(factory=dict, converter=frozen_mapping)

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("id", self.id)
        if self.stage:
            yield from key_problems("stage", self.stage)
        for key in self.facts:
            for path, message in key_problems(key, key):
                yield ("facts", *path), message

    def fact(self, key: str) -> FactValue | None:
        """The fact called ``key``, or ``None`` when the candidate does not have it."""
        return self.facts.get(key)
