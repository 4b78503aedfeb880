"""Gate conditions: declarative checks on a candidate, each passed, failed or unknown.

Every condition has a ``kind`` (its tag in TOML), a ``key`` (unique within its transition) and
an optional ``label`` (its name for people; otherwise it is described from its parameters). A
condition judges one :class:`~branchkit.mechanisms.staging.context.Context` and returns a
:class:`~branchkit.mechanisms.Verdict` with its reason in both languages and the facts it read.
A missing fact gives ``unknown``, never a silent pass or fail.

Time rules count calendar time (see :class:`~branchkit.mechanisms.staging.durations.Duration`):
``AtLeastSince`` passes on the anniversary itself; ``ValidFor`` holds up to the day before it;
``Within`` allows the last day of its window.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from branchkit.mechanisms.inputs import PredicateInput
from branchkit.mechanisms.staging.context import Context, PredicateFunction
from branchkit.mechanisms.staging.durations import Duration
from branchkit.mechanisms.staging.facts import FactValue, coerce_fact, show_value
from branchkit.mechanisms.verdicts import Outcome, Verdict
from branchkit.records._checks import frozen_mapping
from branchkit.records.labels import Label

__all__ = [
    "AtLeastSince",
    "Compare",
    "Condition",
    "CountOf",
    "HasEvidence",
    "NotAfter",
    "OneOf",
    "PredicateCall",
    "PredicateFunction",
    "Present",
    "ValidFor",
    "Vote",
    "Within",
]

Comparison = Literal[">=", "<=", ">", "<", "==", "!="]
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_ZH_OPERATORS = {
    ">=": "不低于",
    "<=": "不高于",
    ">": "高于",
    "<": "低于",
    "==": "等于",
    "!=": "不等于",
}
_EN_OPERATORS = {
    ">=": "at least",
    "<=": "at most",
    ">": "more than",
    "<": "less than",
    "==": "equal to",
    "!=": "other than",
}


def _missing(context: Context, *facts: str) -> Verdict | None:
    absent = [fact for fact in facts if context.candidate.fact(fact) is None]
    if not absent:
        return None
    zh = "、".join(context.label(fact).zh for fact in absent)
    en = ", ".join(context.label(fact).en for fact in absent)
    return Verdict.unknown(Label(zh=f"缺少{zh}", en=f"missing: {en}"), facts=tuple(facts))


def _typed(context: Context, fact: str, value: FactValue) -> FactValue:
    # A value written in JSON ("2021-03-01") takes the declared type of the fact it is compared
    # with; the scheme has already checked that it can.
    spec = context.facts.get(fact)
    return coerce_fact(spec, value) if spec is not None else value


def _date(context: Context, fact: str) -> dt.date:
    value = context.candidate.fact(fact)
    if not isinstance(value, dt.date):
        raise TypeError(f"fact {fact!r} is not a date")
    return value


@attrs.frozen(kw_only=True)
class _Base:
    key: str
    label: Label | None = None


@attrs.frozen(kw_only=True)
class _OnFact(_Base):
    fact: str

    def reads(self) -> tuple[str, ...]:
        """The facts the condition reads."""
        return (self.fact,)


@attrs.frozen(kw_only=True)
class Compare(_OnFact):
    """A fact compared with a value: ``age >= 18``, ``exam_score >= 60``.

    :param fact: the fact's key.
    :param op: one of ``>=``, ``<=``, ``>``, ``<``, ``==``, ``!=``.
    :param value: the value compared with, of the fact's type.
    """

    kind: Literal["compare"] = "compare"
    op: Comparison
    value: FactValue

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.fact)) is not None:
            return missing
        name = context.label(self.fact)
        wanted = _typed(context, self.fact, self.value)
        try:
            holds = _OPERATORS[self.op](context.candidate.fact(self.fact), wanted)
        except TypeError:
            holds = False
        zh, en = context.show(self.fact, "zh"), context.show(self.fact, "en")
        reason = Label(
            zh=f"{name.zh}为{zh}，要求{_ZH_OPERATORS[self.op]}{show_value(wanted, 'zh')}",
            en=f"{name.en} is {en}; required {_EN_OPERATORS[self.op]} {show_value(wanted, 'en')}",
        )
        return (Verdict.passed if holds else Verdict.failed)(reason, (self.fact,))


@attrs.frozen(kw_only=True)
class OneOf(_OnFact):
    """A fact that must be one of a set of values: ``political_status`` in (团员, 群众).

    :param fact: the fact's key.
    :param values: the values allowed.
    """

    kind: Literal["one_of"] = "one_of"
    values: tuple[FactValue, ...]

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.fact)) is not None:
            return missing
        name = context.label(self.fact)
        allowed_zh = "、".join(show_value(v, "zh") for v in self.values)
        allowed_en = ", ".join(show_value(v, "en") for v in self.values)
        reason = Label(
            zh=f"{name.zh}为{context.show(self.fact, 'zh')}，须为{allowed_zh}之一",
            en=f"{name.en} is {context.show(self.fact, 'en')}; required one of {allowed_en}",
        )
        holds = context.candidate.fact(self.fact) in {
            _typed(context, self.fact, value) for value in self.values
        }
        return (Verdict.passed if holds else Verdict.failed)(reason, (self.fact,))


@attrs.frozen(kw_only=True)
class Present(_OnFact):
    """A fact that must be given and true (a yes/no fact) or not empty.

    :param fact: the fact's key, such as ``political_review_passed``.
    """

    kind: Literal["present"] = "present"

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.fact)) is not None:
            return missing
        name = context.label(self.fact)
        value = context.candidate.fact(self.fact)
        if value is False or value in ((), ""):
            return Verdict.failed(Label(zh=f"{name.zh}：否", en=f"{name.en}: no"), (self.fact,))
        return Verdict.passed(Label(zh=f"{name.zh}：是", en=f"{name.en}: yes"), (self.fact,))


@attrs.frozen(kw_only=True)
class HasEvidence(_Base):
    """Evidence of a kind about the candidate, dated on or before the day judged.

    :param evidence: the evidence kind's key, such as ``application_letter``.
    :param at_least: how many are needed (evidence counts add up).
    """

    kind: Literal["has_evidence"] = "has_evidence"
    evidence: str
    at_least: int = 1

    def reads(self) -> tuple[str, ...]:
        """The facts the condition reads (none: it reads evidence)."""
        return ()

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        found = [
            item
            for item in context.evidence
            if item.kind == self.evidence and item.date <= context.as_of
        ]
        count = sum(item.count for item in found)
        reason = Label(
            zh=f"佐证材料“{self.evidence}”{count}份，要求至少{self.at_least}份",
            en=f"{count} evidence of kind {self.evidence!r}; required at least {self.at_least}",
        )
        holds = count >= self.at_least
        return (Verdict.passed if holds else Verdict.failed)(reason, ())


@attrs.frozen(kw_only=True)
class _AfterDatedFact(_OnFact):
    duration: Duration

    def _anniversary(self, context: Context) -> dt.date | None:
        if context.candidate.fact(self.fact) is None:
            return None
        return self.duration.after(_date(context, self.fact))


@attrs.frozen(kw_only=True)
class AtLeastSince(_AfterDatedFact):
    """At least a duration since a dated fact: one year as an activist, 18 years since birth.

    :param fact: the dated fact's key.
    :param duration: how long must have passed; it has passed on the anniversary itself.
    """

    kind: Literal["at_least_since"] = "at_least_since"

    def reached_on(self, context: Context) -> dt.date | None:
        """The day the duration is reached, or ``None`` when the fact is missing."""
        return self._anniversary(context)

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.fact)) is not None:
            return missing
        name, since = context.label(self.fact), context.show(self.fact)
        reached = self.duration.after(_date(context, self.fact))
        length = self.duration.label
        if reached <= context.as_of:
            return Verdict.passed(
                Label(
                    zh=f"自{name.zh}（{since}）起已满{length.zh}",
                    en=f"{length.en} since {name.en} ({since}) reached",
                ),
                (self.fact,),
            )
        return Verdict.failed(
            Label(
                zh=f"自{name.zh}（{since}）起未满{length.zh}，{reached.isoformat()}满",
                en=f"less than {length.en} since {name.en} ({since}); reached on "
                f"{reached.isoformat()}",
            ),
            (self.fact,),
        )


@attrs.frozen(kw_only=True)
class Within(_Base):
    """A deadline: ``then`` must come no later than a duration after ``start``.

    A talk within one month of the application: ``start = "application_date"``,
    ``then = "talk_date"``, one month. While ``then`` is missing and the deadline is ahead, the
    verdict is unknown (pending); once the deadline has passed, it is failed (overdue).

    :param start: the dated fact the window opens with.
    :param then: the dated fact that must fall within the window.
    :param duration: the window's length; its last day is allowed.
    """

    kind: Literal["within"] = "within"
    start: str
    then: str
    duration: Duration

    def reads(self) -> tuple[str, ...]:
        """The facts the condition reads."""
        return (self.start, self.then)

    def deadline(self, context: Context) -> dt.date | None:
        """The window's last day, or ``None`` when ``start`` is missing."""
        if context.candidate.fact(self.start) is None:
            return None
        return self.duration.after(_date(context, self.start))

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.start)) is not None:
            return missing
        opened, name = _date(context, self.start), context.label(self.start)
        then_name = context.label(self.then)
        deadline = self.duration.after(opened)
        length = self.duration.label
        facts = (self.start, self.then)
        if context.candidate.fact(self.then) is None:
            if context.as_of <= deadline:
                return Verdict.unknown(
                    Label(
                        zh=f"尚无{then_name.zh}，须在{deadline.isoformat()}前完成",
                        en=f"no {then_name.en} yet; due by {deadline.isoformat()}",
                    ),
                    facts,
                )
            return Verdict.failed(
                Label(
                    zh=f"{name.zh}后{length.zh}内（{deadline.isoformat()}前）未完成{then_name.zh}",
                    en=f"no {then_name.en} within {length.en} of {name.en} "
                    f"(due by {deadline.isoformat()})",
                ),
                facts,
            )
        then = _date(context, self.then)
        holds = opened <= then <= deadline
        reason = Label(
            zh=f"{then_name.zh}为{then.isoformat()}，须在{name.zh}（{opened.isoformat()}）后"
            f"{length.zh}内",
            en=f"{then_name.en} on {then.isoformat()}; required within {length.en} after "
            f"{name.en} ({opened.isoformat()})",
        )
        return (Verdict.passed if holds else Verdict.failed)(reason, facts)


@attrs.frozen(kw_only=True)
class ValidFor(_AfterDatedFact):
    """A dated fact that stays valid for a duration: a review valid for one year.

    :param fact: the dated fact's key.
    :param duration: how long it is valid; it expires on the anniversary.
    """

    kind: Literal["valid_for"] = "valid_for"

    def expires_on(self, context: Context) -> dt.date | None:
        """The first day the fact is no longer valid, or ``None`` when it is missing."""
        return self._anniversary(context)

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.fact)) is not None:
            return missing
        dated, name = _date(context, self.fact), context.label(self.fact)
        expires = self.duration.after(dated)
        if dated > context.as_of:
            return Verdict.failed(
                Label(
                    zh=f"{name.zh}（{dated.isoformat()}）晚于评定日",
                    en=f"{name.en} ({dated.isoformat()}) is after the day judged",
                ),
                (self.fact,),
            )
        holds = context.as_of < expires
        state_zh, state_en = ("有效", "valid") if holds else ("已过期", "expired")
        reason = Label(
            zh=f"{name.zh}（{dated.isoformat()}）{state_zh}，有效期至{expires.isoformat()}前",
            en=f"{name.en} ({dated.isoformat()}) {state_en}; valid until before "
            f"{expires.isoformat()}",
        )
        return (Verdict.passed if holds else Verdict.failed)(reason, (self.fact,))


@attrs.frozen(kw_only=True)
class NotAfter(_Base):
    """Date order: ``first`` must not come after ``second`` (catches inconsistent records).

    :param first: the dated fact that comes first.
    :param second: the dated fact that comes second.
    """

    kind: Literal["not_after"] = "not_after"
    first: str
    second: str

    def reads(self) -> tuple[str, ...]:
        """The facts the condition reads."""
        return (self.first, self.second)

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.first, self.second)) is not None:
            return missing
        first, second = _date(context, self.first), _date(context, self.second)
        a, b = context.label(self.first), context.label(self.second)
        reason = Label(
            zh=f"{a.zh}（{first.isoformat()}）须不晚于{b.zh}（{second.isoformat()}）",
            en=f"{a.en} ({first.isoformat()}) must not be after {b.en} ({second.isoformat()})",
        )
        holds = first <= second
        return (Verdict.passed if holds else Verdict.failed)(reason, (self.first, self.second))


@attrs.frozen(kw_only=True)
class CountOf(_OnFact):
    """A number of people listed in a fact, optionally holding a role on the day judged.

    One or two contact persons who are full members: ``fact = "contact_persons"``,
    ``at_least = 1``, ``at_most = 2``, ``role = "full_member"``.

    :param fact: a fact listing person ids.
    :param at_least: the fewest allowed.
    :param at_most: the most allowed, if there is a limit.
    :param role: the role each must hold on the day judged, if any.
    """

    kind: Literal["count_of"] = "count_of"
    at_least: int = 0
    at_most: int | None = None
    role: str | None = None

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        if (missing := _missing(context, self.fact)) is not None:
            return missing
        listed = context.candidate.fact(self.fact)
        ids = tuple(dict.fromkeys(listed)) if isinstance(listed, tuple) else ()
        counted = [
            person_id
            for person_id in ids
            if self.role is None
            or (
                person_id in context.people
                and context.people[person_id].holds(self.role, context.as_of)
            )
        ]
        count = len(counted)
        holds = count >= self.at_least and (self.at_most is None or count <= self.at_most)
        name = context.label(self.fact)
        span_zh = (
            f"{self.at_least}至{self.at_most}"
            if self.at_most is not None
            else f"至少{self.at_least}"
        )
        span_en = (
            f"{self.at_least} to {self.at_most}"
            if self.at_most is not None
            else f"at least {self.at_least}"
        )
        role_zh = f"（须为{self.role}）" if self.role else ""
        role_en = f" holding {self.role}" if self.role else ""
        reason = Label(
            zh=f"{name.zh}{count}人{role_zh}，要求{span_zh}人",
            en=f"{name.en}{role_en}: {count}; required {span_en}",
        )
        return (Verdict.passed if holds else Verdict.failed)(reason, (self.fact,))


@attrs.frozen(kw_only=True)
class Vote(_Base):
    """A meeting's vote: a quorum of those entitled present, and a majority of those entitled.

    Passes when more than half of those entitled to vote are present, and when the yes votes
    (those present plus the written opinions of those who could not come) are more than half of
    those entitled to vote, not of those present. Exactly half is not enough.

    :param entitled: the fact giving how many are entitled to vote.
    :param present: the fact giving how many of them are present.
    :param yes: the fact giving the yes votes of those present.
    :param written_yes: the fact giving the written yes opinions of those absent, if counted.
    """

    kind: Literal["vote"] = "vote"
    entitled: str
    present: str
    yes: str
    written_yes: str | None = None

    def reads(self) -> tuple[str, ...]:
        """The facts the condition reads."""
        written = (self.written_yes,) if self.written_yes else ()
        return (self.entitled, self.present, self.yes, *written)

    def _count(self, context: Context, fact: str | None) -> int:
        value = context.candidate.fact(fact) if fact else 0
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate."""
        facts = self.reads()
        if (missing := _missing(context, self.entitled, self.present, self.yes)) is not None:
            return missing
        entitled = self._count(context, self.entitled)
        present = self._count(context, self.present)
        written = self._count(context, self.written_yes)
        yes = self._count(context, self.yes) + written
        # Written opinions come from those absent: more of them than are absent cannot be.
        if (
            present > entitled
            or self._count(context, self.yes) > present
            or written > entitled - present
        ):
            return Verdict.failed(
                Label(
                    zh=f"表决记录不一致：应到{entitled}人，实到{present}人，赞成{yes}票",
                    en=f"inconsistent vote: {entitled} entitled, {present} present, {yes} yes",
                ),
                facts,
            )
        quorum, majority = present * 2 > entitled, yes * 2 > entitled
        reason = Label(
            zh=f"应到{entitled}人，实到{present}人（{'超过' if quorum else '未超过'}半数），"
            f"赞成{yes}票（{'超过' if majority else '未超过'}应到人数半数）",
            en=f"{entitled} entitled, {present} present ({'quorum' if quorum else 'no quorum'}), "
            f"{yes} yes ({'majority' if majority else 'no majority'} of those entitled)",
        )
        return (Verdict.passed if quorum and majority else Verdict.failed)(reason, facts)


@attrs.frozen(kw_only=True, unsafe_hash=False)
class PredicateCall(_Base):
    """A condition a plugin contributes, called by its key with parameters.

    :param predicate: the predicate's key (see ``branchkit_condition_predicates``).
    :param params: its parameters.
    :param facts: the facts it reads, for the checks of the scheme.
    """

    kind: Literal["predicate"] = "predicate"
    predicate: str
    params: Mapping[str, FactValue] = attrs.field(factory=dict, converter=frozen_mapping)
    facts: tuple[str, ...] = ()

    def reads(self) -> tuple[str, ...]:
        """The facts the condition reads."""
        return self.facts

    def evaluate(self, context: Context) -> Verdict:
        """Judge one candidate with the plugin's function."""
        function = context.predicates.get(self.predicate)
        if function is None:
            return Verdict.unknown(
                Label(
                    zh=f"未安装条件“{self.predicate}”",
                    en=f"no plugin provides the condition {self.predicate!r}",
                )
            )
        verdict = function(
            PredicateInput(
                subject=context.candidate.id,
                facts=context.candidate.facts,
                events=context.events,
                params=self.params,
                as_of=context.as_of,
            )
        )
        if not isinstance(verdict, Verdict) or not isinstance(verdict.outcome, Outcome):
            raise TypeError(f"predicate {self.predicate!r} did not return a Verdict")
        return verdict


#: Every kind of condition; TOML tables choose one by their ``kind``.
Condition = (
    Compare
    | OneOf
    | Present
    | HasEvidence
    | AtLeastSince
    | Within
    | ValidFor
    | NotAfter
    | CountOf
    | Vote
    | PredicateCall
)
