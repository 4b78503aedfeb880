"""The strict converter: round trips of every record, each strictness rule, all problems."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import string
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import InputError
from branchkit.framework.model import Framework
from branchkit.io import (
    CORE_SECTIONS,
    ConversionProblem,
    Document,
    make_converter,
    structure,
    structure_sections,
)
from branchkit.mechanisms import Award
from branchkit.records import (
    Dataset,
    Event,
    Evidence,
    Label,
    Period,
    PeriodKind,
    Person,
    RoleSpan,
)
from tests import strategies as bs

# --- helpers -------------------------------------------------------------------------------


def problem_lines(value: object, target: type[Any], source: str | None = None) -> list[str]:
    """The problems structuring ``value`` into ``target`` reports, one line each."""
    with pytest.raises(InputError) as caught:
        structure(value, target, source=source)
    return [str(problem) for problem in caught.value.problems]


def label(zh: str = "示例", en: str = "Example") -> dict[str, str]:
    return {"zh": zh, "en": en}


def framework_document(**changes: object) -> dict[str, object]:
    """A valid framework as plain data, with ``changes`` applied at the top level."""
    content: dict[str, object] = {
        "key": "demo",
        "label": label("示例支部", "Demo branch"),
        "organisation": label("示例学院", "Demo College"),
        "areas": [
            {
                "key": "students",
                "label": label("服务学生发展", "Student development"),
                "approach": label("三机制", "Three mechanisms"),
                "practices": [{"key": "contacts", "label": label("三联系", "Three contacts")}],
            }
        ],
    }
    content.update(changes)
    return content


PERSON_FIELDS = "id, name, roles, memberships, birth_date, id_number"
EVENT_FIELDS = "id, kind, date, end_date, title, participants, units, partners, audience, counts"


# --- round trips ---------------------------------------------------------------------------

RECORD_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "Label": bs.labels(),
    "RoleSpan": bs.role_spans(),
    "Membership": bs.memberships(),
    "Person": bs.people(),
    "Unit": bs.units(),
    "Period-named": bs.named_periods(),
    "Period-custom": bs.custom_periods(),
    "Event": bs.events(),
    "Evidence": bs.evidence_items(),
    "Term": bs.terms(),
    "Dataset": bs.datasets(),
    "Practice": bs.practices(),
    "Area": bs.areas(),
    "Framework": bs.frameworks(),
    "Verdict": bs.verdicts(),
    "Award": bs.awards(),
}


@pytest.mark.parametrize("name", sorted(RECORD_STRATEGIES))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_round_trip(name: str, data: st.DataObject) -> None:
    record = data.draw(RECORD_STRATEGIES[name], label=name)
    converter = make_converter()
    plain = converter.unstructure(record)
    assert converter.structure(plain, type(record)) == record
    # Through JSON text too: dates are ISO strings, Decimals strings, tuples lists.
    text = json.dumps(plain, ensure_ascii=False)
    assert converter.structure(json.loads(text), type(record)) == record


@settings(max_examples=50, deadline=None)
@given(bs.awards())
def test_award_points_keep_their_exact_digits(award: Award) -> None:
    # Decimal("1.50") == Decimal("1.5"); the round trip must keep the digits as written.
    converter = make_converter()
    plain = json.loads(json.dumps(converter.unstructure(award)))
    assert plain["points"] == str(award.points)
    assert str(converter.structure(plain, Award).points) == str(award.points)


@settings(max_examples=50, deadline=None)
@given(st.dates())
def test_every_date_round_trips_as_iso_text(day: dt.date) -> None:
    converter = make_converter()
    assert converter.unstructure(day) == day.isoformat()
    assert converter.structure(day.isoformat(), dt.date) == day


def test_unstructured_records_are_plain_data() -> None:
    converter = make_converter()
    assert converter.unstructure(Period.month(2024, 2)) == {
        "key": "2024-02",
        "kind": "month",
        "start": "2024-02-01",
        "end": "2024-02-29",
    }
    event = Event(
        id="e-001",
        kind="volunteer_service",
        date=dt.date(2021, 4, 17),
        participants=("2021001",),
        counts={"questionnaires": 200, "person_times": 35},
    )
    assert converter.unstructure(event) == {
        "id": "e-001",
        "kind": "volunteer_service",
        "date": "2021-04-17",
        "end_date": None,
        "title": "",
        "participants": ["2021001"],
        "units": [],
        "partners": [],
        "audience": [],
        "counts": {"person_times": 35, "questionnaires": 200},
    }
    award = Award(points=decimal.Decimal("2.50"), reason=Label(zh="理论学习", en="Study"))
    assert converter.unstructure(award) == {
        "points": "2.50",
        "reason": {"zh": "理论学习", "en": "Study"},
        "sources": [],
    }


def test_each_call_makes_an_independent_converter() -> None:
    first, second = make_converter(), make_converter()
    assert first is not second
    first.register_structure_hook(Label, lambda value, _: Label(zh="替", en="replaced"))
    assert first.structure({}, Label) == Label(zh="替", en="replaced")
    assert second.structure(label("一", "one"), Label) == Label(zh="一", en="one")


# --- integers ------------------------------------------------------------------------------


def test_bool_is_refused_as_an_integer() -> None:
    assert problem_lines(True, int) == ["$: expected an integer, got true"]
    assert problem_lines(
        {"id": "ev-1", "kind": "minutes", "date": "2021-03-01", "count": False}, Evidence
    ) == ["$.count: expected an integer, got false"]


def test_non_integral_float_is_refused_as_an_integer() -> None:
    assert problem_lines(1.5, int) == ["$: expected an integer, got 1.5"]
    assert problem_lines(
        {"id": "ev-1", "kind": "minutes", "date": "2021-03-01", "count": 199.9}, Evidence
    ) == ["$.count: expected an integer, got 199.9"]


def test_integral_float_is_accepted_as_an_integer() -> None:
    number = structure(12.0, int)
    assert number == 12
    assert type(number) is int
    evidence = structure(
        {"id": "ev-1", "kind": "minutes", "date": "2021-03-01", "count": 200.0}, Evidence
    )
    assert evidence.count == 200
    assert type(evidence.count) is int


@settings(max_examples=50)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_is_an_integer_exactly_when_it_is_integral(number: float) -> None:
    converter = make_converter()
    if number.is_integer():
        assert converter.structure(number, int) == int(number)
    else:
        with pytest.raises(ConversionProblem):
            converter.structure(number, int)


def test_the_conversion_problem_alone_names_types_not_values() -> None:
    # The exception's own text is safe to log: it names the type, never the value.
    with pytest.raises(ConversionProblem) as caught:
        make_converter().structure(1.5, int)
    assert str(caught.value) == "expected an integer, got a number"
    assert caught.value.describe(show_value=True) == "expected an integer, got 1.5"
    assert caught.value.value == 1.5


# --- strings -------------------------------------------------------------------------------


def test_float_is_refused_as_an_identifier() -> None:
    assert problem_lines({"id": 2023001.0, "name": "王芳"}, Person) == [
        "$.id: expected a string, got 2023001.0"
    ]


def test_integer_is_refused_as_a_string() -> None:
    assert problem_lines({"id": 2023001, "name": "王芳"}, Person) == [
        "$.id: expected a string, got 2023001"
    ]
    assert problem_lines({"zh": "一", "en": 12}, Label) == ["$.en: expected a string, got 12"]


def test_bool_and_nothing_are_refused_as_strings() -> None:
    assert problem_lines({"id": True, "name": None}, Person) == [
        "$.id: expected a string, got true",
        "$.name: expected a string, got nothing",
    ]


# --- NaN and infinity ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [(int, "an integer"), (float, "a finite number"), (decimal.Decimal, "a decimal number")],
)
@pytest.mark.parametrize(
    ("value", "shown"), [(math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")]
)
def test_nan_and_infinity_are_refused(
    target: type[Any], expected: str, value: float, shown: str
) -> None:
    assert problem_lines(value, target) == [f"$: expected {expected}, got {shown}"]


def test_nan_is_refused_inside_a_record() -> None:
    assert problem_lines(
        {"id": "e-1", "kind": "meeting", "date": "2021-04-17", "counts": {"persons": math.nan}},
        Event,
    ) == ["$.counts.persons: expected an integer, got nan"]


# --- floats and bools ----------------------------------------------------------------------


def test_float_accepts_integers_and_refuses_bools_and_strings() -> None:
    assert structure(3, float) == 3.0
    assert type(structure(3, float)) is float
    assert problem_lines(True, float) == ["$: expected a finite number, got true"]
    assert problem_lines("1.5", float) == ['$: expected a finite number, got "1.5"']


@pytest.mark.parametrize(
    ("value", "shown"),
    [("true", '"true"'), (1, "1"), (0, "0"), ("yes", '"yes"'), (None, "nothing")],
)
def test_only_true_and_false_are_bools(value: object, shown: str) -> None:
    assert problem_lines(value, bool) == [f"$: expected true or false, got {shown}"]


def test_true_and_false_are_bools() -> None:
    assert structure(True, bool) is True
    assert structure(False, bool) is False


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2021/03/04", '"2021/03/04"'),
        ("20210304", '"20210304"'),
        ("2021-W01-1", '"2021-W01-1"'),
        ("2021-02-30", '"2021-02-30"'),
        ("2021-3-4", '"2021-3-4"'),
        ("2021-03-04T00:00:00", '"2021-03-04T00:00:00"'),
        (" 2021-03-04", '" 2021-03-04"'),
        ("２０２１-03-04", '"２０２１-03-04"'),
        (dt.datetime(2021, 3, 4, 8, 30), "2021-03-04T08:30:00"),
        (20210304, "20210304"),
    ],
)
def test_only_iso_dates_are_dates(value: object, shown: str) -> None:
    assert problem_lines(value, dt.date) == [f"$: expected a date written YYYY-MM-DD, got {shown}"]


def test_iso_text_and_native_dates_are_dates() -> None:
    assert structure("2021-03-04", dt.date) == dt.date(2021, 3, 4)
    assert structure("2024-02-29", dt.date) == dt.date(2024, 2, 29)
    assert structure(dt.date(2021, 3, 4), dt.date) == dt.date(2021, 3, 4)


def test_a_date_time_is_refused_inside_a_record() -> None:
    assert problem_lines(
        {"role": "activist", "start": dt.datetime(2021, 3, 1, 9, 0)}, RoleSpan
    ) == ["$.start: expected a date written YYYY-MM-DD, got 2021-03-01T09:00:00"]


# --- keys, arrays and tables ---------------------------------------------------------------


def test_unknown_keys_are_reported_at_their_own_path() -> None:
    assert problem_lines({"id": "1", "name": "王芳", "nickname": "芳芳"}, Person) == [
        f"$.nickname: unknown key; expected one of: {PERSON_FIELDS}"
    ]


def test_every_unknown_key_is_reported_in_name_order() -> None:
    assert problem_lines({"id": "1", "name": "王芳", "zodiac": "x", "age": 20}, Person) == [
        f"$.age: unknown key; expected one of: {PERSON_FIELDS}",
        f"$.zodiac: unknown key; expected one of: {PERSON_FIELDS}",
    ]


def test_nested_unknown_keys_and_keys_that_are_not_identifiers() -> None:
    person = {"id": "1", "name": "王芳", "roles": [{"role": "activist", "since": "2021-03-01"}]}
    assert problem_lines(person, Person) == [
        "$.roles[0].since: unknown key; expected one of: role, start, end"
    ]
    assert problem_lines({"zh": "一", "en": "one", "英文": "one"}, Label) == [
        '$["英文"]: unknown key; expected one of: zh, en'
    ]


def test_a_string_is_refused_where_an_array_is_expected() -> None:
    assert problem_lines({"id": "1", "name": "王芳", "roles": "activist"}, Person) == [
        '$.roles: expected an array, got "activist"'
    ]
    assert problem_lines(
        {"id": "e-1", "kind": "meeting", "date": "2021-04-17", "participants": "2021001"}, Event
    ) == ['$.participants: expected an array, got "2021001"']


def test_a_table_is_refused_where_an_array_is_expected() -> None:
    assert problem_lines({"id": "1", "name": "王芳", "roles": {"role": "activist"}}, Person) == [
        "$.roles: expected an array, got a table"
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("三联系", '"三联系"'), (["三联系"], "an array"), (3, "3"), (None, "nothing")],
)
def test_a_non_table_is_refused_where_a_record_is_expected(value: object, shown: str) -> None:
    assert problem_lines(value, Label) == [f"$: expected a table, got {shown}"]


def test_a_non_table_is_refused_for_nested_records_and_mappings() -> None:
    assert problem_lines({"id": "1", "name": "王芳", "roles": ["activist"]}, Person) == [
        '$.roles[0]: expected a table, got "activist"'
    ]
    assert problem_lines(
        {"id": "e-1", "kind": "meeting", "date": "2021-04-17", "counts": [["persons", 3]]}, Event
    ) == ["$.counts: expected a table, got an array"]


def test_missing_required_fields_are_each_reported() -> None:
    assert problem_lines({"name": "王芳"}, Person) == ["$.id: missing (it is required)"]
    assert problem_lines({"kind": "month"}, Period) == [
        "$.key: missing (it is required)",
        "$.start: missing (it is required)",
        "$.end: missing (it is required)",
    ]


def test_optional_fields_may_be_left_out() -> None:
    assert structure({"id": "1", "name": "王芳"}, Person) == Person(id="1", name="王芳")
    assert structure({"id": "1", "name": "王芳", "id_number": None}, Person) == Person(
        id="1", name="王芳"
    )


# --- enums and literals --------------------------------------------------------------------

PERIOD_KINDS = '"academic_year", "semester", "year", "quarter", "month", "custom"'


def test_period_kinds_are_their_exact_values() -> None:
    period = {"key": "2021-Q1", "start": "2021-01-01", "end": "2021-03-31"}
    assert structure({**period, "kind": "quarter"}, Period) == Period.quarter(2021, 1)
    assert structure(period, Period).kind is PeriodKind.CUSTOM


@pytest.mark.parametrize(
    ("kind", "shown"),
    [("Quarter", '"Quarter"'), ("QUARTER", '"QUARTER"'), ("quarterly", '"quarterly"'), (3, "3")],
)
def test_other_period_kinds_are_refused(kind: object, shown: str) -> None:
    period = {"key": "2021-Q1", "kind": kind, "start": "2021-01-01", "end": "2021-03-31"}
    assert problem_lines(period, Period) == [f"$.kind: expected one of {PERIOD_KINDS}, got {shown}"]


def test_framework_language_is_an_exact_literal() -> None:
    assert structure(framework_document(language="en"), Framework).language == "en"
    assert structure(framework_document(), Framework).language == "zh"
    for value, shown in [("EN", '"EN"'), ("fr", '"fr"'), (True, "true"), ("zh ", '"zh "')]:
        assert problem_lines(framework_document(language=value), Framework) == [
            f'$.language: expected one of "zh", "en", got {shown}'
        ]


# --- decimals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, "3"),
        (-2, "-2"),
        ("12.50", "12.50"),
        ("-0.5", "-0.5"),
        ("1E+2", "1E+2"),
        (0.1, "0.1"),
        (2.675, "2.675"),
        (1e-07, "1E-7"),
        (12.0, "12.0"),
    ],
)
def test_decimals_from_integers_strings_and_floats(value: object, expected: str) -> None:
    number = structure(value, decimal.Decimal)
    assert isinstance(number, decimal.Decimal)
    assert str(number) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "true"),
        ("abc", '"abc"'),
        ("NaN", '"NaN"'),
        ("sNaN", '"sNaN"'),
        ("Infinity", '"Infinity"'),
        ("", '""'),
        ([1], "an array"),
    ],
)
def test_decimals_refuse_bools_words_and_non_finite_text(value: object, shown: str) -> None:
    assert problem_lines(value, decimal.Decimal) == [f"$: expected a decimal number, got {shown}"]


@settings(max_examples=50)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_becomes_the_decimal_of_its_repr(number: float) -> None:
    result = make_converter().structure(number, decimal.Decimal)
    assert result == decimal.Decimal(repr(number))
    assert float(result) == number


def test_award_points_in_a_document() -> None:
    reason = label("理论学习", "Study")
    assert structure({"points": 1.5, "reason": reason}, Award).points == decimal.Decimal("1.5")
    assert problem_lines({"points": "1,5", "reason": reason}, Award) == [
        '$.points: expected a decimal number, got "1,5"'
    ]


# --- every problem, in document order ------------------------------------------------------


def several_problems() -> dict[str, object]:
    practice = {"key": 12, "label": label("三联系", "Three contacts")}
    area = {
        "key": "students",
        "label": label("服务学生发展", "Student development"),
        "approach": label("三机制", "Three mechanisms"),
        "practices": [practice],
    }
    return {
        "framework": framework_document(areas=[area]),
        "people": [
            {"id": 2023001.0, "name": "王芳"},
            {"id": "2021002", "name": "李娜"},
            {"id": "2021003", "name": "张伟", "roles": "activist"},
        ],
        "events": [
            {"id": "e-001", "kind": "meeting", "date": "2021-04-17", "counts": {"persons": -3}},
            {"id": "e-002", "kind": "meeting", "date": "2021/04/18", "colour": "red"},
        ],
    }


EXPECTED_SEVERAL = {
    "framework": ["branch.toml: $.framework.areas[0].practices[0].key: expected a string, got 12"],
    "people": [
        "branch.toml: $.people[0].id: expected a string, got 2023001.0",
        'branch.toml: $.people[2].roles: expected an array, got "activist"',
    ],
    "events": [
        "branch.toml: $.events[0].counts.persons: a count cannot be negative, got -3",
        'branch.toml: $.events[1].date: expected a date written YYYY-MM-DD, got "2021/04/18"',
        f"branch.toml: $.events[1].colour: unknown key; expected one of: {EVENT_FIELDS}",
    ],
}


@pytest.mark.parametrize(
    "order", [("framework", "people", "events"), ("events", "people", "framework")]
)
def test_every_problem_of_every_section_in_document_order(order: tuple[str, ...]) -> None:
    content = several_problems()
    document = Document(source="branch.toml", content={key: content[key] for key in order})
    with pytest.raises(InputError) as caught:
        structure_sections(document, CORE_SECTIONS, make_converter())
    lines = [str(problem) for problem in caught.value.problems]
    assert lines == [line for key in order for line in EXPECTED_SEVERAL[key]]
    assert str(caught.value).splitlines() == ["6 problems in the input:", *lines]


def test_problems_carry_source_and_path_as_data() -> None:
    document = Document(source="branch.toml", content={"people": [{"id": 1, "name": "王芳"}]})
    with pytest.raises(InputError) as caught:
        structure_sections(document, CORE_SECTIONS, make_converter())
    (problem,) = caught.value.problems
    assert problem.source == "branch.toml"
    assert problem.path == ("people", 0, "id")
    assert problem.message == "expected a string, got 1"
    assert problem.location is None


def test_a_record_reports_every_broken_rule_of_its_own() -> None:
    assert problem_lines({"id": "", "name": " 王芳"}, Person) == [
        "$.id: must not be empty",
        "$.name: must not start or end with spaces",
    ]
    assert problem_lines(
        {"id": "e-1", "kind": "Meeting", "date": "2021-04-17", "counts": {"persons": -1}}, Event
    ) == [
        "$.kind: 'Meeting' is not a key: use lower-case letters, digits, '_' and '-', "
        "starting with a letter",
        "$.counts.persons: a count cannot be negative, got -1",
    ]


def test_structured_sections_are_returned_by_key() -> None:
    document = Document(
        source="branch.toml",
        content={"people": [{"id": "2021001", "name": "王芳"}], "framework": framework_document()},
    )
    structured = structure_sections(document, CORE_SECTIONS, make_converter())
    assert structured["people"] == (Person(id="2021001", name="王芳"),)
    assert isinstance(structured["framework"], Framework)
    assert structured["framework"].practice("contacts").label.en == "Three contacts"


def test_an_unknown_section_is_a_problem_with_the_known_ones() -> None:
    document = Document(source="branch.toml", content={"persons": []})
    with pytest.raises(InputError) as caught:
        structure_sections(document, CORE_SECTIONS, make_converter())
    assert [str(p) for p in caught.value.problems] == [
        "branch.toml: $.persons: unknown section; expected one of: "
        "alignments, assessments, assignments, candidates, cases, checklists, events, evidence, "
        "follow_ups, framework, indicators, item_transitions, memberships, obligations, outcomes, "
        "pair_rules, pairings, people, periods, plans, preferences, profiles, role_spans, rubrics, "
        "schemes, standards, targets, terms, tiers, units"
    ]


# --- privacy -------------------------------------------------------------------------------

_MARKERS = st.text(string.ascii_uppercase, min_size=10, max_size=16).map(lambda s: "SECRET" + s)


@st.composite
def _bad_id_numbers(draw: st.DrawFn) -> tuple[object, str]:
    """A wrongly typed ID-number value that contains a marker, and the marker as text."""
    marker = draw(_MARKERS)
    number = draw(st.integers(10**17, 10**18 - 1))
    return draw(
        st.sampled_from(
            [
                (number, str(number)),
                (float(number) + 0.5, str(float(number) + 0.5)),
                ([marker], marker),
                ({"value": marker}, marker),
                ({marker: 1}, marker),
                ([[marker, 1]], marker),
            ]
        )
    )


@settings(max_examples=30, deadline=None)
@given(bad=_bad_id_numbers(), index=st.integers(0, 2))
def test_a_sensitive_value_never_appears_in_structuring_problems(
    bad: tuple[object, str], index: int
) -> None:
    value, marker = bad
    people: list[dict[str, object]] = [{"id": f"202100{i}", "name": "王芳"} for i in range(3)]
    people[index]["id_number"] = value
    with pytest.raises(InputError) as caught:
        structure({"people": people}, Dataset, source="people.toml")
    (problem,) = caught.value.problems
    assert problem.path == ("people", index, "id_number")
    assert problem.message.startswith("expected a string, got ")
    assert marker not in str(problem)
    assert marker not in str(caught.value)


def test_a_sensitive_value_is_named_by_its_type_only() -> None:
    assert problem_lines({"id": "1", "name": "王芳", "id_number": 110101199003071234}, Person) == [
        "$.id_number: expected a string, got an integer"
    ]
    # A personal (not sensitive) field shows its value, to help find it.
    assert problem_lines({"id": "1", "name": "王芳", "birth_date": "2003-02-29"}, Person) == [
        '$.birth_date: expected a date written YYYY-MM-DD, got "2003-02-29"'
    ]


@settings(max_examples=30, deadline=None)
@given(marker=_MARKERS)
def test_a_valid_sensitive_value_stays_out_of_other_problems(marker: str) -> None:
    person = {"id": "", "name": " 王芳", "id_number": marker, "nickname": marker.lower()}
    lines = problem_lines({"people": [person]}, Dataset, source="people.toml")
    assert lines == [
        f"people.toml: $.people[0].nickname: unknown key; expected one of: {PERSON_FIELDS}"
    ]
    del person["nickname"]
    lines = problem_lines({"people": [person]}, Dataset, source="people.toml")
    assert lines == [
        "people.toml: $.people[0].id: must not be empty",
        "people.toml: $.people[0].name: must not start or end with spaces",
    ]
    assert all(marker not in line for line in lines)


def test_dataset_fields_and_sections_agree() -> None:
    # Every Dataset field is a section, and a section's records are the field's type.
    names = [field.name for field in attrs.fields(Dataset)]
    assert names == ["people", "units", "periods", "events", "evidence", "terms"]
    assert {key: section.record_type.__name__ for key, section in CORE_SECTIONS.items()} == {
        "framework": "Framework",
        "people": "Person",
        "units": "Unit",
        "periods": "Period",
        "events": "Event",
        "evidence": "Evidence",
        "terms": "Term",
        "schemes": "Scheme",
        "candidates": "Candidate",
        "tiers": "Tier",
        "plans": "AssistancePlan",
        "assignments": "Assignment",
        "cases": "AssistanceCase",
        "follow_ups": "FollowUp",
        "pairings": "PairingScheme",
        "obligations": "Obligation",
        "profiles": "Profile",
        "pair_rules": "PairRule",
        "preferences": "Preference",
        "outcomes": "Outcome",
        "rubrics": "Rubric",
        "assessments": "Assessment",
        "checklists": "Checklist",
        "item_transitions": "ItemTransition",
        "targets": "Target",
        "indicators": "IndicatorSpec",
        "standards": "Standard",
        "alignments": "Alignment",
        "role_spans": "RoleSpan",
        "memberships": "Membership",
    }
