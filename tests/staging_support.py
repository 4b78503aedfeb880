"""Shared builders for the tests of the staged scoring mechanism.

One set of fact declarations serves every test, so reasons read the same everywhere: a
condition on ``activist_date`` says "确定积极分子日期" and "activist date". The scheme factory
builds the three stages applicant → activist → development_target; the gate conditions given
are those of the move activist → development_target, the one selection ranks for.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Literal

import cattrs

from branchkit.io import make_converter
from branchkit.io.unions import configure_unions
from branchkit.mechanisms import Verdict
from branchkit.mechanisms.staging import (
    AtLeastSince,
    Band,
    Bonus,
    Candidate,
    Compare,
    Condition,
    Context,
    Dimension,
    Duration,
    Fact,
    FactType,
    FactValue,
    PerEvent,
    PointRuleFunction,
    PredicateFunction,
    Present,
    Scaled,
    Scheme,
    ScoringRule,
    Selection,
    Stage,
    TieBreak,
    Transition,
)
from branchkit.records import Event, Evidence, Label, Person

__all__ = [
    "FACTS",
    "FACTS_BY_KEY",
    "PK_BANDS",
    "PK_GATES",
    "candidate",
    "context",
    "converter",
    "dimension",
    "judge",
    "label",
    "make_scheme",
    "pk_scheme",
    "report",
    "reports",
]

D = decimal.Decimal


def label(zh: str, en: str) -> Label:
    """A label."""
    return Label(zh=zh, en=en)


def _fact(key: str, zh: str, en: str, type_: FactType, *, sensitive: bool = False) -> Fact:
    return Fact(key=key, label=label(zh, en), type=type_, sensitive=sensitive)


#: The facts every test scheme declares.
FACTS: tuple[Fact, ...] = (
    _fact("activist_date", "确定积极分子日期", "activist date", FactType.DATE),
    _fact("application_date", "申请日期", "application date", FactType.DATE),
    _fact("talk_date", "谈话日期", "talk date", FactType.DATE),
    _fact("birth_date", "出生日期", "date of birth", FactType.DATE),
    _fact("review_date", "政审日期", "political review date", FactType.DATE),
    _fact("exam_score", "考试成绩", "exam score", FactType.INTEGER),
    _fact("service_hours", "志愿服务时长", "service hours", FactType.INTEGER),
    _fact("literacy", "素养分", "literacy score", FactType.DECIMAL),
    _fact("course_score", "课业成绩", "course score", FactType.DECIMAL),
    _fact("recommended", "推荐推优", "recommended", FactType.BOOLEAN),
    _fact("political_status", "政治面貌", "political status", FactType.TEXT),
    _fact("contact_persons", "培养联系人", "contact persons", FactType.IDS),
    _fact("entitled", "应到人数", "entitled", FactType.INTEGER),
    _fact("present", "实到人数", "present", FactType.INTEGER),
    _fact("yes", "赞成票数", "yes votes", FactType.INTEGER),
    _fact("written_yes", "书面赞成意见数", "written yes opinions", FactType.INTEGER),
    _fact("review_yes", "评议赞成数", "review approvals", FactType.INTEGER),
    _fact("review_voters", "评议人数", "reviewers", FactType.INTEGER),
    _fact("id_number", "身份证号", "ID number", FactType.TEXT, sensitive=True),
)
FACTS_BY_KEY: Mapping[str, Fact] = {fact.key: fact for fact in FACTS}

_STAGES = (
    Stage(key="applicant", label=label("入党申请人", "applicant")),
    Stage(key="activist", label=label("入党积极分子", "activist")),
    Stage(key="development_target", label=label("发展对象", "development target")),
)


def dimension(
    key: str,
    *rules: ScoringRule,
    base: str = "0",
    cap: str | None = None,
    floor: str | None = None,
    weight: str = "1",
) -> Dimension:
    """A dimension labelled by its key, amounts given as decimal text."""
    return Dimension(
        key=key,
        label=label(key, key),
        rules=rules,
        base=D(base),
        cap=None if cap is None else D(cap),
        floor=None if floor is None else D(floor),
        weight=D(weight),
    )


def make_scheme(
    *,
    conditions: Iterable[Condition] = (),
    dimensions: Iterable[Dimension] = (),
    bands: Iterable[Band] = (),
    selection: Selection | None = None,
    precision: str = "0.01",
) -> Scheme:
    """A scheme with the three test stages, :data:`FACTS`, and the gates of the selected move."""
    return Scheme(
        key="demo",
        label=label("示例", "demo"),
        stages=_STAGES,
        transitions=(
            Transition(source="applicant", target="activist"),
            Transition(source="activist", target="development_target", conditions=(*conditions,)),
        ),
        facts=FACTS,
        dimensions=(*dimensions,),
        bands=(*bands,),
        selection=selection
        if selection is not None
        else Selection(stage="activist", target="development_target"),
        precision=D(precision),
    )


def candidate(
    candidate_id: str = "2021001", *, stage: str = "activist", group: str = "", **facts: FactValue
) -> Candidate:
    """A candidate with typed facts."""
    return _candidate(candidate_id, stage, group, facts)


def _candidate(
    candidate_id: str, stage: str, group: str, facts: Mapping[str, FactValue]
) -> Candidate:
    return Candidate(
        id=candidate_id, name=f"候选人{candidate_id}", stage=stage, group=group, facts=facts
    )


def context(
    as_of: dt.date,
    *,
    candidate_id: str = "2021001",
    group: str = "",
    people: Iterable[Person] = (),
    events: Iterable[Event] = (),
    evidence: Iterable[Evidence] = (),
    predicates: Mapping[str, PredicateFunction] | None = None,
    point_rules: Mapping[str, PointRuleFunction] | None = None,
    **facts: FactValue,
) -> Context:
    """One candidate with ``facts`` as of ``as_of``, with the records given."""
    return Context(
        candidate=_candidate(candidate_id, "activist", group, facts),
        as_of=as_of,
        facts=FACTS_BY_KEY,
        people={person.id: person for person in people},
        events=tuple(events),
        evidence=tuple(evidence),
        predicates=predicates or {},
        point_rules=point_rules or {},
    )


def judge(condition: Condition, as_of: dt.date, **facts: FactValue) -> Verdict:
    """``condition``'s verdict on one candidate with ``facts`` as of ``as_of``."""
    judged = _candidate("2021001", "activist", "", facts)
    return condition.evaluate(Context(candidate=judged, as_of=as_of, facts=FACTS_BY_KEY))


def report(event_id: str, day: dt.date, *participants: str, kind: str = "report") -> Event:
    """An event of ``kind`` (an ideological report by default) on ``day``."""
    return Event(id=event_id, kind=kind, date=day, participants=participants)


def reports(person: str, count: int, first: dt.date, *, prefix: str = "") -> list[Event]:
    """``count`` reports by ``person`` on consecutive days from ``first``."""
    return [
        report(f"{prefix or person}-r{index:02d}", first + dt.timedelta(days=index), person)
        for index in range(count)
    ]


def converter() -> cattrs.Converter:
    """The strict converter, with the hooks for tagged unions and value unions."""
    active = make_converter()
    configure_unions(active)
    return active


#: The gates of the points contest: a year as activist and a passed exam.
PK_GATES: tuple[Condition, ...] = (
    AtLeastSince(
        key="one_year",
        fact="activist_date",
        duration=Duration(years=1),
        label=label("培养考察满一年", "one year as activist"),
    ),
    Compare(
        key="exam", fact="exam_score", op=">=", value=60, label=label("考试合格", "exam passed")
    ),
)
#: The bands of the points contest: 90 and over, 80 to 89.99, below 80.
PK_BANDS = (
    Band(key="priority", label=label("优先发展", "priority"), at_least=D(90)),
    Band(key="key", label=label("重点培养", "key"), at_least=D(80)),
    Band(key="general", label=label("一般培养", "general"), at_least=D(0)),
)


def pk_scheme(
    *,
    quota: int | None = 3,
    on_boundary_tie: Literal["break", "flag"] = "break",
    report_points: str = "3",
    extra_gates: Iterable[Condition] = (),
) -> Scheme:
    """The points contest ("积分PK") of the tests.

    Study: 70 + 3 per ideological report, at most 100, weight 0.5. Service: 2 per service hour,
    + 5 when recommended, at most 100, weight 0.5. Ties: study, then the earlier activist date,
    then the id.
    """
    return make_scheme(
        conditions=(*PK_GATES, *extra_gates),
        dimensions=(
            Dimension(
                key="study",
                label=label("学习", "study"),
                rules=(
                    PerEvent(
                        key="reports",
                        event="report",
                        points=D(report_points),
                        label=label("思想汇报", "ideological report"),
                    ),
                ),
                base=D(70),
                cap=D(100),
                weight=D("0.5"),
            ),
            Dimension(
                key="service",
                label=label("服务", "service"),
                rules=(
                    Scaled(key="hours", fact="service_hours", factor=D(2)),
                    Bonus(
                        key="recommended",
                        when=Present(key="recommended", fact="recommended"),
                        points=D(5),
                    ),
                ),
                cap=D(100),
                weight=D("0.5"),
            ),
        ),
        bands=PK_BANDS,
        selection=Selection(
            stage="activist",
            target="development_target",
            quota=quota,
            tie_breaks=(
                TieBreak(by="dimension", key="study"),
                TieBreak(by="fact", key="activist_date", order="asc"),
            ),
            on_boundary_tie=on_boundary_tie,
        ),
    )
