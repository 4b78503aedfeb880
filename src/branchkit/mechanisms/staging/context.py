"""What conditions and point rules read: one candidate, the day, and the records around it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import attrs

from branchkit.mechanisms.inputs import PointInput, PredicateInput
from branchkit.mechanisms.points import Award
from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.facts import Fact, show_value
from branchkit.mechanisms.verdicts import Verdict
from branchkit.records.events import Event, Evidence
from branchkit.records.labels import Label, Language
from branchkit.records.people import Person

__all__ = ["Context", "PointRuleFunction", "PredicateFunction"]

#: A plugin's condition predicate, as the host offers it.
PredicateFunction = Callable[[PredicateInput], Verdict]
#: A plugin's point rule, as the host offers it.
PointRuleFunction = Callable[[PointInput], Sequence[Award]]


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Context:
    """One candidate as of one day, with the records conditions and rules may read.

    :param candidate: the candidate, facts typed.
    :param as_of: the day the conditions are judged on.
    :param facts: the scheme's fact declarations by key (for their labels).
    :param people: the people by id (for conditions on sponsors and contacts).
    :param events: the candidate's events (those naming the candidate as a participant).
    :param evidence: the candidate's evidence (that naming the candidate among its persons).
    :param predicates: the condition predicates plugins contribute, by key.
    :param point_rules: the point rules plugins contribute, by key.
    """

    candidate: Candidate
    as_of: dt.date
    facts: Mapping[str, Fact]
    people: Mapping[str, Person] = attrs.field(factory=dict)
    events: tuple[Event, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    predicates: Mapping[str, PredicateFunction] = attrs.field(factory=dict)
    point_rules: Mapping[str, PointRuleFunction] = attrs.field(factory=dict)

    def label(self, fact: str) -> Label:
        """The label of a fact, or the key itself when the scheme does not declare it."""
        spec = self.facts.get(fact)
        return spec.label if spec is not None else Label(zh=fact, en=fact)

    def show(self, fact: str, language: Language = "zh") -> str:
        """A fact's value as reasons write it in ``language``; hidden for a sensitive fact."""
        spec = self.facts.get(fact)
        if spec is not None and spec.sensitive:
            return "***"
        return show_value(self.candidate.fact(fact), language)
