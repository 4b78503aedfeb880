"""Checking a staged scheme whole, structuring one from TOML, and preparing its candidates."""

from __future__ import annotations

import datetime as dt
import decimal
import tomllib
from typing import Any

import pytest

from branchkit.errors import InputError, Problem, RecordError
from branchkit.io import structure
from branchkit.mechanisms.staging import (
    AtLeastSince,
    Band,
    Bonus,
    Candidate,
    Compare,
    Condition,
    CountOf,
    Dimension,
    Duration,
    HasEvidence,
    NotAfter,
    OneOf,
    PerEvent,
    PredicateCall,
    Present,
    RankBand,
    Ratio,
    RuleCall,
    Scaled,
    Scheme,
    ScoringRule,
    Selection,
    Stage,
    TieBreak,
    Transition,
    ValidFor,
    Vote,
    Within,
    prepare_candidates,
)
from branchkit.records import PeriodKind
from tests.staging_support import FACTS, converter, dimension, label, make_scheme

D = dt.date
Dec = decimal.Decimal
NOT_DECLARED = "the fact {!r} is not declared in the scheme's facts"


def stage(key: str) -> Stage:
    return Stage(key=key, label=label(key, key))


def scheme_problems(**fields: Any) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    """The problems building a scheme with ``fields`` reports."""
    with pytest.raises(RecordError) as caught:
        Scheme(key="demo", label=label("示例", "demo"), **fields)
    assert caught.value.record == "Scheme"
    return caught.value.problems


def gate_problems(*conditions: Condition) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    """The problems of a scheme whose selected move has ``conditions``."""
    with pytest.raises(RecordError) as caught:
        make_scheme(conditions=conditions)
    return caught.value.problems


def rule_problems(*rules: ScoringRule) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    """The problems of a scheme with one dimension of ``rules``."""
    with pytest.raises(RecordError) as caught:
        make_scheme(dimensions=(dimension("study", *rules),))
    return caught.value.problems


GATE = ("transitions", 1, "conditions")
RULE = ("dimensions", 0, "rules")


# --- stages and transitions ----------------------------------------------------------------


def test_a_valid_scheme_builds() -> None:
    scheme = make_scheme(conditions=(Present(key="recommended", fact="recommended"),))
    assert scheme.transition("activist", "development_target") is scheme.transitions[1]
    assert scheme.transition("development_target", "activist") is None


def test_duplicate_stage_keys() -> None:
    assert scheme_problems(stages=(stage("a"), stage("b"), stage("a"))) == (
        (("stages", 2, "key"), "duplicate 'a' (first at index 0)"),
    )


def test_unknown_stages_in_transitions() -> None:
    problems = scheme_problems(
        stages=(stage("a"), stage("b")),
        transitions=(Transition(source="a", target="b"), Transition(source="x", target="y")),
    )
    assert problems == (
        (("transitions", 1, "source"), "no stage has the key 'x'"),
        (("transitions", 1, "target"), "no stage has the key 'y'"),
    )


@pytest.mark.parametrize(
    ("moves", "cycle"),
    [
        ((("a", "b"), ("b", "a")), "a -> b -> a"),
        ((("a", "b"), ("b", "c"), ("c", "a")), "a -> b -> c -> a"),
        ((("b", "c"), ("c", "b"), ("a", "b")), "b -> c -> b"),
        ((("a", "a"),), "a -> a"),
    ],
)
def test_cycles_are_reported_with_their_stage_keys(
    moves: tuple[tuple[str, str], ...], cycle: str
) -> None:
    problems = scheme_problems(
        stages=(stage("a"), stage("b"), stage("c")),
        transitions=tuple(Transition(source=s, target=t) for s, t in moves),
    )
    assert problems == ((("transitions",), f"the stages form a cycle: {cycle}"),)


def test_duplicate_condition_keys_in_a_transition() -> None:
    assert gate_problems(
        Present(key="recommended", fact="recommended"),
        Compare(key="exam", fact="exam_score", op=">=", value=60),
        Present(key="recommended", fact="recommended"),
    ) == (
        (("transitions", 1, "conditions", 2, "key"), "duplicate 'recommended' (first at index 0)"),
    )


# --- facts of conditions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "where", "fact"),
    [
        (Compare(key="c", fact="age", op=">=", value=18), ("fact",), "age"),
        (Present(key="c", fact="oath_taken"), ("fact",), "oath_taken"),
        (
            Within(
                key="c", start="application_date", then="lecture_date", duration=Duration(months=1)
            ),
            ("then",),
            "lecture_date",
        ),
        (NotAfter(key="c", first="joined_date", second="talk_date"), ("first",), "joined_date"),
        (
            Vote(key="c", entitled="entitled", present="present", yes="yes", written_yes="letters"),
            ("written_yes",),
            "letters",
        ),
        (
            PredicateCall(key="c", predicate="p", facts=("exam_score", "hobby")),
            ("facts", 1),
            "hobby",
        ),
    ],
)
def test_undeclared_facts_of_a_condition_are_reported_at_their_field(
    condition: Condition, where: tuple[str | int, ...], fact: str
) -> None:
    assert gate_problems(condition) == (((*GATE, 0, *where), NOT_DECLARED.format(fact)),)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            AtLeastSince(key="c", fact="exam_score", duration=Duration(years=1)),
            "the fact 'exam_score' must be a date for the at_least_since condition",
        ),
        (
            ValidFor(key="c", fact="political_status", duration=Duration(years=1)),
            "the fact 'political_status' must be a date for the valid_for condition",
        ),
        (
            Within(
                key="c", start="application_date", then="recommended", duration=Duration(days=7)
            ),
            "the fact 'recommended' must be a date for the within condition",
        ),
        (
            NotAfter(key="c", first="literacy", second="talk_date"),
            "the fact 'literacy' must be a date for the not_after condition",
        ),
        (
            CountOf(key="c", fact="political_status", at_least=1),
            "the fact 'political_status' must list ids for the count_of condition",
        ),
        (
            Vote(key="c", entitled="entitled", present="literacy", yes="yes"),
            "the fact 'literacy' must be an integer for the vote condition",
        ),
    ],
)
def test_facts_of_the_wrong_type_for_a_condition(condition: Condition, message: str) -> None:
    assert gate_problems(condition) == (((*GATE, 0), message),)


def test_values_of_the_wrong_type_for_the_fact() -> None:
    assert gate_problems(
        Compare(key="exam", fact="exam_score", op=">=", value="sixty"),
        Compare(key="date", fact="activist_date", op="<=", value="2021/03/01"),
        Compare(key="ok", fact="activist_date", op="<=", value="2021-03-01"),
        OneOf(key="status", fact="recommended", values=(True, "maybe")),
    ) == (
        ((*GATE, 0, "value"), "expected an integer, got \"sixty\" for the fact 'exam_score'"),
        (
            (*GATE, 1, "value"),
            "expected a date written YYYY-MM-DD, got \"2021/03/01\" for the fact 'activist_date'",
        ),
        (
            (*GATE, 3, "values", 1),
            "expected true or false (是/否), got \"maybe\" for the fact 'recommended'",
        ),
    )


# --- facts of rules ------------------------------------------------------------------------


def test_rule_problems() -> None:
    assert rule_problems(
        Scaled(key="s", fact="activist_date", factor=Dec(1)),
        Ratio(key="r", numerator="review_yes", denominator="voters", scale=Dec(30)),
        PerEvent(key="p", event="report", points=Dec(3), since="political_status"),
        PerEvent(key="q", event="report", points=Dec(3), since="joined_on"),
        RankBand(key="k", fact="course_score", top_share=Dec(0), top_points=Dec(10), step_places=0),
        RuleCall(key="u", rule="theme_days", facts=("theme_days",)),
    ) == (
        ((*RULE, 0), "the fact 'activist_date' must be a number for the scaled rule"),
        ((*RULE, 1), NOT_DECLARED.format("voters")),
        ((*RULE, 2), "the fact 'political_status' must be a date for the per_event rule"),
        ((*RULE, 3), NOT_DECLARED.format("joined_on")),
        ((*RULE, 4, "top_share"), "must be more than 0 and at most 1"),
        ((*RULE, 4, "step_places"), "must be at least 1"),
        ((*RULE, 5), NOT_DECLARED.format("theme_days")),
    )


def test_a_bonus_condition_is_checked_once_at_its_place() -> None:
    assert rule_problems(
        Bonus(key="b", when=Present(key="p", fact="volunteer"), points=Dec(2)),
        Bonus(
            key="c",
            when=AtLeastSince(key="a", fact="exam_score", duration=Duration(years=1)),
            points=Dec(2),
        ),
    ) == (
        ((*RULE, 0, "when", "fact"), NOT_DECLARED.format("volunteer")),
        (
            (*RULE, 1, "when"),
            "the fact 'exam_score' must be a date for the at_least_since condition",
        ),
    )


# --- selection, bands, precision -----------------------------------------------------------


def test_unknown_tie_break_keys() -> None:
    with pytest.raises(RecordError) as caught:
        make_scheme(
            dimensions=(dimension("study"),),
            selection=Selection(
                stage="activist",
                target="development_target",
                tie_breaks=(
                    TieBreak(by="dimension", key="study"),
                    TieBreak(by="dimension", key="service"),
                    TieBreak(by="fact", key="joined_on", order="asc"),
                    TieBreak(by="fact", key="activist_date", order="asc"),
                    TieBreak(by="id"),
                ),
            ),
        )
    assert caught.value.problems == (
        (("selection", "tie_breaks", 1, "key"), "no dimension has the key 'service'"),
        (("selection", "tie_breaks", 2, "key"), "no fact has the key 'joined_on'"),
    )


def test_selection_stage_target_and_quota() -> None:
    with pytest.raises(RecordError) as caught:
        make_scheme(selection=Selection(stage="graduate", target="development_target", quota=-1))
    assert caught.value.problems == (
        (("selection", "stage"), "no stage has the key 'graduate'"),
        (("selection", "target"), "no transition leads from 'graduate' to 'development_target'"),
        (("selection", "quota"), "cannot be negative"),
    )
    with pytest.raises(RecordError) as caught:
        make_scheme(selection=Selection(stage="applicant", target="development_target"))
    assert caught.value.problems == (
        (
            ("selection", "target"),
            "no transition leads from 'applicant' to 'development_target'",
        ),
    )


def test_duplicates_key_and_precision() -> None:
    problems = scheme_problems(
        facts=(*FACTS[:2], FACTS[0]),
        dimensions=(dimension("a"), dimension("a")),
        bands=(
            Band(key="key", label=label("重点", "key"), at_least=Dec(80)),
            Band(key="key", label=label("重点", "key"), at_least=Dec(90)),
        ),
        precision=Dec(0),
    )
    assert problems == (
        (("facts", 2, "key"), "duplicate 'activist_date' (first at index 0)"),
        (("dimensions", 1, "key"), "duplicate 'a' (first at index 0)"),
        (("bands", 1, "key"), "duplicate 'key' (first at index 0)"),
        (("precision",), "must be more than 0"),
    )
    rule = "use lower-case letters, digits, '_' and '-', starting with a letter"
    with pytest.raises(RecordError) as caught:
        Scheme(key="Demo Scheme", label=label("示例", "demo"))
    assert caught.value.problems == ((("key",), f"'Demo Scheme' is not a key: {rule}"),)


def test_problems_are_all_reported_at_once() -> None:
    with pytest.raises(RecordError) as caught:
        Scheme(
            key="demo",
            label=label("示例", "demo"),
            stages=(stage("a"), stage("b")),
            transitions=(
                Transition(source="a", target="b", conditions=(Present(key="p", fact="oath"),)),
                Transition(source="b", target="a"),
            ),
            selection=Selection(stage="a", target="b", quota=-2),
        )
    assert caught.value.problems == (
        (("transitions",), "the stages form a cycle: a -> b -> a"),
        (("transitions", 0, "conditions", 0, "fact"), NOT_DECLARED.format("oath")),
        (("selection", "quota"), "cannot be negative"),
    )
    assert str(caught.value).startswith("invalid Scheme: $.transitions: the stages form a cycle")


def test_band_of_a_total() -> None:
    scheme = make_scheme(
        bands=(
            Band(key="general", label=label("一般", "general"), at_least=Dec(0)),
            Band(key="priority", label=label("优先", "priority"), at_least=Dec(90)),
            Band(key="key", label=label("重点", "key"), at_least=Dec(80)),
        )
    )
    found = {
        total: band.key if (band := scheme.band_of(Dec(total))) else None
        for total in ("90", "89.99", "80.00", "79.99", "0", "-0.01")
    }
    assert found == {
        "90": "priority",
        "89.99": "key",
        "80.00": "key",
        "79.99": "general",
        "0": "general",
        "-0.01": None,
    }


def test_tie_break_labels() -> None:
    assert TieBreak(by="id").label == label("编号", "id")
    assert TieBreak(by="dimension", key="study").label == label(
        "study（高者优先）", "study (higher first)"
    )
    assert TieBreak(by="fact", key="activist_date", order="asc").label == label(
        "activist_date（低者优先）", "activist_date (lower first)"
    )


# --- TOML ----------------------------------------------------------------------------------

SCHEME_TOML = """
key = "demo"
label = { zh = "示例", en = "demo" }
precision = "0.01"
stages = [
  { key = "applicant", label = { zh = "申请人", en = "applicant" } },
  { key = "activist", label = { zh = "积极分子", en = "activist" } },
]
bands = [{ key = "priority", label = { zh = "优先", en = "priority" }, at_least = 90 }]
facts = [
  { key = "activist_date", label = { zh = "积极", en = "activist" }, type = "date" },
  { key = "application_date", label = { zh = "申请", en = "applied" }, type = "date" },
  { key = "talk_date", label = { zh = "谈话", en = "talk" }, type = "date" },
  { key = "exam_score", label = { zh = "考试", en = "exam" }, type = "integer" },
  { key = "recommended", label = { zh = "推优", en = "recommended" }, type = "boolean" },
  { key = "contact_persons", label = { zh = "联系人", en = "contacts" }, type = "ids" },
  { key = "entitled", label = { zh = "应到", en = "entitled" }, type = "integer" },
  { key = "present", label = { zh = "实到", en = "present" }, type = "integer" },
  { key = "yes", label = { zh = "赞成", en = "yes" }, type = "integer" },
  { key = "course_score", label = { zh = "课业", en = "course" }, type = "decimal" },
  { key = "id_number", label = { zh = "身份证号", en = "ID" }, type = "text", sensitive = true },
]

[[transitions]]
source = "applicant"
target = "activist"
label = { zh = "确定积极分子", en = "chosen as activist" }

[[transitions.conditions]]
kind = "at_least_since"
key = "one_year"
fact = "activist_date"
duration = { years = 1 }

[[transitions.conditions]]
kind = "within"
key = "talk"
start = "application_date"
then = "talk_date"
duration = { months = 1 }

[[transitions.conditions]]
kind = "valid_for"
key = "fresh"
fact = "talk_date"
duration = { years = 1, months = 6 }

[[transitions.conditions]]
kind = "not_after"
key = "order"
first = "application_date"
second = "talk_date"

[[transitions.conditions]]
kind = "compare"
key = "exam"
fact = "exam_score"
op = ">="
value = 60

[[transitions.conditions]]
kind = "compare"
key = "early"
fact = "activist_date"
op = "<="
value = 2021-03-01

[[transitions.conditions]]
kind = "compare"
key = "early_text"
fact = "activist_date"
op = "<="
value = "2021-03-01"

[[transitions.conditions]]
kind = "one_of"
key = "scores"
fact = "course_score"
values = [1.5, 2]

[[transitions.conditions]]
kind = "present"
key = "recommended"
fact = "recommended"
label = { zh = "推优", en = "recommended" }

[[transitions.conditions]]
kind = "has_evidence"
key = "letter"
evidence = "application_letter"
at_least = 2

[[transitions.conditions]]
kind = "count_of"
key = "contacts"
fact = "contact_persons"
at_least = 1
at_most = 2
role = "full_member"

[[transitions.conditions]]
kind = "vote"
key = "meeting"
entitled = "entitled"
present = "present"
yes = "yes"

[[transitions.conditions]]
kind = "predicate"
key = "plugin"
predicate = "enough_reports"
params = { at_least = 4, kind = "report" }
facts = ["exam_score"]

[[dimensions]]
key = "study"
label = { zh = "学习", en = "study" }
base = "70"
cap = "100"
floor = "0"
weight = "0.3"

[[dimensions.rules]]
kind = "per_event"
key = "reports"
event = "report"
points = 3
since = "activist_date"
cap = 6
cap_per = "quarter"

[[dimensions.rules]]
kind = "scaled"
key = "exam"
fact = "exam_score"
factor = "0.15"

[[dimensions.rules]]
kind = "ratio"
key = "votes"
numerator = "yes"
denominator = "present"
scale = 30

[[dimensions.rules]]
kind = "bonus"
key = "late"
points = -5
when = { kind = "not_after", key = "order", first = "talk_date", second = "application_date" }

[[dimensions.rules]]
kind = "rank_band"
key = "rank"
fact = "course_score"
top_share = "0.2"
top_points = 10

[[dimensions.rules]]
kind = "rule"
key = "theme"
rule = "theme_days"
params = { each = 1.5 }

[selection]
stage = "applicant"
target = "activist"
quota = 3
on_boundary_tie = "flag"
tie_breaks = [
  { by = "dimension", key = "study" },
  { by = "fact", key = "activist_date", order = "asc" },
]
"""


def test_a_scheme_from_toml() -> None:
    scheme = structure(tomllib.loads(SCHEME_TOML), Scheme, converter=converter())
    conditions = scheme.transitions[0].conditions
    assert conditions == (
        AtLeastSince(key="one_year", fact="activist_date", duration=Duration(years=1)),
        Within(key="talk", start="application_date", then="talk_date", duration=Duration(months=1)),
        ValidFor(key="fresh", fact="talk_date", duration=Duration(years=1, months=6)),
        NotAfter(key="order", first="application_date", second="talk_date"),
        Compare(key="exam", fact="exam_score", op=">=", value=60),
        Compare(key="early", fact="activist_date", op="<=", value=D(2021, 3, 1)),
        Compare(key="early_text", fact="activist_date", op="<=", value="2021-03-01"),
        OneOf(key="scores", fact="course_score", values=(Dec("1.5"), 2)),
        Present(key="recommended", fact="recommended", label=label("推优", "recommended")),
        HasEvidence(key="letter", evidence="application_letter", at_least=2),
        CountOf(key="contacts", fact="contact_persons", at_least=1, at_most=2, role="full_member"),
        Vote(key="meeting", entitled="entitled", present="present", yes="yes"),
        PredicateCall(
            key="plugin",
            predicate="enough_reports",
            params={"at_least": 4, "kind": "report"},
            facts=("exam_score",),
        ),
    )
    # Values keep the type TOML gave them: a native date, text, an integer.
    early, early_text = conditions[5], conditions[6]
    assert isinstance(early, Compare)
    assert isinstance(early_text, Compare)
    assert type(early.value) is dt.date
    assert type(early_text.value) is str
    assert scheme.dimensions == (
        Dimension(
            key="study",
            label=label("学习", "study"),
            rules=(
                PerEvent(
                    key="reports",
                    event="report",
                    points=Dec(3),
                    since="activist_date",
                    cap=Dec(6),
                    cap_per=PeriodKind.QUARTER,
                ),
                Scaled(key="exam", fact="exam_score", factor=Dec("0.15")),
                Ratio(key="votes", numerator="yes", denominator="present", scale=Dec(30)),
                Bonus(
                    key="late",
                    points=Dec(-5),
                    when=NotAfter(key="order", first="talk_date", second="application_date"),
                ),
                RankBand(key="rank", fact="course_score", top_share=Dec("0.2"), top_points=Dec(10)),
                RuleCall(key="theme", rule="theme_days", params={"each": Dec("1.5")}),
            ),
            base=Dec(70),
            cap=Dec(100),
            floor=Dec(0),
            weight=Dec("0.3"),
        ),
    )
    assert scheme.facts[-1].sensitive
    assert scheme.bands[0].at_least == Dec(90)
    assert scheme.selection == Selection(
        stage="applicant",
        target="activist",
        quota=3,
        on_boundary_tie="flag",
        tie_breaks=(
            TieBreak(by="dimension", key="study"),
            TieBreak(by="fact", key="activist_date", order="asc"),
        ),
    )
    assert scheme.precision == Dec("0.01")


def toml_problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        structure(tomllib.loads(text), Scheme, converter=converter(), source="scheme.toml")
    return [str(problem) for problem in caught.value.problems]


CONDITION_KINDS = (
    '"at_least_since", "compare", "count_of", "has_evidence", "not_after", "one_of", '
    '"predicate", "present", "valid_for", "vote", "within"'
)


def test_an_unknown_kind_is_reported_at_its_path() -> None:
    text = SCHEME_TOML.replace('kind = "valid_for"', 'kind = "valid_until"').replace(
        'kind = "ratio"', 'kind = "proportion"'
    )
    assert toml_problems(text) == [
        f"scheme.toml: $.transitions[0].conditions[2]: expected a table with a kind of "
        f'{CONDITION_KINDS}, got "valid_until"',
        'scheme.toml: $.dimensions[0].rules[2]: expected a table with a kind of "bonus", '
        '"per_event", "rank_band", "ratio", "rule", "scaled", got "proportion"',
    ]


def test_a_missing_kind_and_a_nested_unknown_kind() -> None:
    text = SCHEME_TOML.replace('kind = "present"\n', "").replace(
        'when = { kind = "not_after"', 'when = { kind = "before"'
    )
    assert toml_problems(text) == [
        f"scheme.toml: $.transitions[0].conditions[8]: expected a table with a kind of "
        f"{CONDITION_KINDS}, got a table",
        f"scheme.toml: $.dimensions[0].rules[3].when: expected a table with a kind of "
        f'{CONDITION_KINDS}, got "before"',
    ]


def test_scheme_checks_from_toml_name_their_paths() -> None:
    text = SCHEME_TOML.replace('then = "talk_date"', 'then = "lecture_date"').replace(
        "value = 60\n", 'value = "sixty"\n'
    )
    assert toml_problems(text) == [
        "scheme.toml: $.transitions[0].conditions[1].then: "
        "the fact 'lecture_date' is not declared in the scheme's facts",
        "scheme.toml: $.transitions[0].conditions[4].value: "
        "expected an integer, got \"sixty\" for the fact 'exam_score'",
    ]


# --- preparing candidates ------------------------------------------------------------------


def test_prepare_candidates_types_the_facts() -> None:
    scheme = make_scheme()
    read = Candidate(
        id="2021001",
        name="王芳",
        stage="activist",
        facts={
            "activist_date": "2021-03-01",
            "exam_score": "87",
            "literacy": "88.50",
            "recommended": "是",
            "contact_persons": "m1；m2",
            "political_status": " 共青团员 ",
        },
    )
    (typed,) = prepare_candidates(scheme, [read])
    assert typed == Candidate(
        id="2021001",
        name="王芳",
        stage="activist",
        facts={
            "activist_date": D(2021, 3, 1),
            "exam_score": 87,
            "literacy": Dec("88.50"),
            "recommended": True,
            "contact_persons": ("m1", "m2"),
            "political_status": "共青团员",
        },
    )


def test_prepare_candidates_reports_every_problem() -> None:
    scheme = make_scheme()
    known_facts = ", ".join(sorted(fact.key for fact in FACTS))
    candidates = [
        Candidate(id="2021001", stage="activist", facts={"exam_score": "87"}),
        Candidate(
            id="2021002", stage="graduate", facts={"activist_date": "2021/3/1", "hobby": "x"}
        ),
        Candidate(id="2021001", stage="activist", facts={"exam_score": "1.5"}),
        Candidate(id="2021003", stage="activist", facts={"id_number": 500101200001011234}),
    ]
    with pytest.raises(InputError) as caught:
        prepare_candidates(scheme, candidates, source="candidates.csv")
    assert caught.value.problems == (
        Problem(
            source="candidates.csv",
            path=("candidates", 1, "stage"),
            message="no stage has the key 'graduate'; "
            "known: applicant, activist, development_target",
        ),
        Problem(
            source="candidates.csv",
            path=("candidates", 1, "facts", "activist_date"),
            message='expected a date written YYYY-MM-DD, got "2021/3/1"',
        ),
        Problem(
            source="candidates.csv",
            path=("candidates", 1, "facts", "hobby"),
            message=f"the scheme has no fact 'hobby'; known: {known_facts}",
        ),
        Problem(
            source="candidates.csv",
            path=("candidates", 2, "id"),
            message="duplicate '2021001' (first at index 0)",
        ),
        Problem(
            source="candidates.csv",
            path=("candidates", 2, "facts", "exam_score"),
            message='expected an integer, got "1.5"',
        ),
        # A sensitive fact's value stays out of the message.
        Problem(
            source="candidates.csv",
            path=("candidates", 3, "facts", "id_number"),
            message="not a valid text",
        ),
    )


def test_a_one_of_condition_needs_values() -> None:
    from branchkit.errors import RecordError
    from branchkit.mechanisms.staging import OneOf, Scheme, Stage, Transition
    from branchkit.records import Label

    with pytest.raises(RecordError) as caught:
        Scheme(
            key="s",
            label=Label(zh="方案", en="scheme"),
            stages=(
                Stage(key="a", label=Label(zh="甲", en="a")),
                Stage(key="b", label=Label(zh="乙", en="b")),
            ),
            facts=FACTS,
            transitions=(
                Transition(
                    source="a",
                    target="b",
                    conditions=(OneOf(key="status", fact="political_status", values=()),),
                ),
            ),
        )
    assert caught.value.problems == (
        (("transitions", 0, "conditions", 0, "values"), "needs at least one value"),
    )
