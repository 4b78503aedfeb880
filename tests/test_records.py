"""Records' own rules, their privacy, the unit tree and the checks across a dataset."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any, cast

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError, UnknownNameError
from branchkit.framework.model import Area, Framework, Practice
from branchkit.records import (
    LANGUAGES,
    PERSONAL,
    SENSITIVE,
    Dataset,
    Event,
    Evidence,
    Label,
    Membership,
    Period,
    PeriodKind,
    Person,
    RoleSpan,
    Sensitivity,
    Term,
    Unit,
    UnitTree,
    dataset_problems,
    fields_at_least,
    redacted_repr,
    sensitivity_of,
)
from branchkit.records.sensitivity import METADATA_KEY
from tests import strategies as bs

D = dt.date


def not_a_key(value: str) -> str:
    rule = "use lower-case letters, digits, '_' and '-', starting with a letter"
    return f"{value!r} is not a key: {rule}"


def broken(build: Any, **fields: Any) -> RecordError:
    """The error building a record with ``fields`` raises."""
    with pytest.raises(RecordError) as caught:
        build(**fields)
    return caught.value


# --- labels and texts ----------------------------------------------------------------------


def test_label_needs_both_languages() -> None:
    error = broken(Label, zh="", en="Three contacts")
    assert error.record == "Label"
    assert error.problems == ((("zh",), "must not be empty"),)
    error = broken(Label, zh="三联系", en="   ")
    assert error.problems == ((("en",), "must not be empty"),)


def test_label_reports_both_languages_at_once() -> None:
    error = broken(Label, zh=" 三联系", en="")
    assert error.problems == (
        (("zh",), "must not start or end with spaces"),
        (("en",), "must not be empty"),
    )
    assert str(error) == (
        "invalid Label: $.zh: must not start or end with spaces; $.en: must not be empty"
    )
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("text", ["三联系\u3000", "\t三联系", "三联系\n", " x"])
def test_padding_includes_every_kind_of_space(text: str) -> None:
    assert broken(Label, zh=text, en="x").problems == (
        (("zh",), "must not start or end with spaces"),
    )


def test_label_text_by_language() -> None:
    label = Label(zh="三联系", en="Three contacts")
    assert [label.text(language) for language in LANGUAGES] == ["三联系", "Three contacts"]
    assert LANGUAGES == ("zh", "en")
    with pytest.raises(ValueError, match=r"^unknown language 'fr'; known: zh, en$"):
        label.text(cast("Any", "fr"))


def test_records_are_frozen() -> None:
    label = Label(zh="三联系", en="Three contacts")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        label.zh = "改"  # type: ignore[misc]


# --- keys ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["a", "full_member", "lead-reform", "q1", "a1_b2-c3", "x9"])
def test_keys_that_are_accepted(key: str) -> None:
    assert Term(vocabulary="role", key=key, label=Label(zh="键", en="key")).key == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "Full",
        "full_Member",
        "1st",
        "_a",
        "a_",
        "a__b",
        "a-_b",
        "full member",
        "a.b",
        "成员",
        "member\n",
        "ｍember",
    ],
)
def test_keys_that_are_refused(key: str) -> None:
    error = broken(Term, vocabulary="role", key=key, label=Label(zh="键", en="key"))
    assert error.problems == ((("key",), not_a_key(key)),)


@settings(max_examples=50)
@given(bs.keys())
def test_generated_keys_are_keys(key: str) -> None:
    assert Term(vocabulary=key, key=key, label=Label(zh="键", en="key")).key == key


def test_term_checks_vocabulary_and_key() -> None:
    error = broken(Term, vocabulary="Role", key="Full Member", label=Label(zh="正式党员", en="x"))
    assert error.problems == (
        (("vocabulary",), not_a_key("Role")),
        (("key",), not_a_key("Full Member")),
    )


# --- people --------------------------------------------------------------------------------


def test_person_lists_every_broken_rule_at_once() -> None:
    error = broken(Person, id="", name=" 王芳", id_number="  ")
    assert error.record == "Person"
    assert error.problems == (
        (("id",), "must not be empty"),
        (("name",), "must not start or end with spaces"),
        (("id_number",), "must not be empty when given"),
    )
    assert str(error) == (
        "invalid Person: $.id: must not be empty; $.name: must not start or end with spaces; "
        "$.id_number: must not be empty when given"
    )


def test_spans_cannot_end_before_they_start() -> None:
    assert broken(RoleSpan, role="activist", start=D(2022, 3, 1), end=D(2022, 2, 28)).problems == (
        (("end",), "2022-02-28 is before the start 2022-03-01"),
    )
    assert broken(Membership, unit="", start=D(2022, 3, 1), end=D(2021, 3, 1)).problems == (
        (("unit",), "must not be empty"),
        (("end",), "2021-03-01 is before the start 2022-03-01"),
    )
    # One day is a span; an open end or start is a span.
    assert RoleSpan(role="activist", start=D(2022, 3, 1), end=D(2022, 3, 1)).active_on(
        D(2022, 3, 1)
    )
    assert RoleSpan(role="activist", end=D(2000, 1, 1)).active_on(D(1900, 1, 1))


def test_role_span_role_is_a_key() -> None:
    assert broken(RoleSpan, role="Activist").problems == ((("role",), not_a_key("Activist")),)


PERSON = Person(
    id="2021001",
    name="王芳",
    roles=(
        RoleSpan(role="activist", start=D(2021, 3, 1), end=D(2022, 2, 28)),
        RoleSpan(role="development_target", start=D(2022, 3, 1)),
        RoleSpan(role="league_member", end=D(2022, 2, 28)),
    ),
    memberships=(
        Membership(unit="fin-2101", start=D(2021, 9, 1), end=D(2024, 6, 30)),
        Membership(unit="d12-305", start=D(2021, 9, 1)),
        Membership(unit="youth-league"),
    ),
)


@pytest.mark.parametrize(
    ("day", "roles"),
    [
        (D(2021, 2, 28), {"league_member"}),
        (D(2021, 3, 1), {"activist", "league_member"}),
        (D(2022, 2, 28), {"activist", "league_member"}),
        (D(2022, 3, 1), {"development_target"}),
        (D(2099, 1, 1), {"development_target"}),
    ],
)
def test_roles_on_includes_both_ends(day: dt.date, roles: set[str]) -> None:
    assert PERSON.roles_on(day) == frozenset(roles)
    for role in ("activist", "development_target", "league_member"):
        assert PERSON.holds(role, day) is (role in roles)


def test_holds_an_unknown_role_is_false() -> None:
    assert not PERSON.holds("full_member", D(2022, 3, 1))


@pytest.mark.parametrize(
    ("day", "units"),
    [
        (D(2021, 8, 31), {"youth-league"}),
        (D(2021, 9, 1), {"fin-2101", "d12-305", "youth-league"}),
        (D(2024, 6, 30), {"fin-2101", "d12-305", "youth-league"}),
        (D(2024, 7, 1), {"d12-305", "youth-league"}),
    ],
)
def test_units_on_includes_both_ends(day: dt.date, units: set[str]) -> None:
    assert PERSON.units_on(day) == frozenset(units)


# --- privacy -------------------------------------------------------------------------------

_MARKERS = st.text(string.ascii_uppercase, min_size=10, max_size=16).map(lambda s: "SECRET" + s)


def test_sensitive_field_is_redacted_in_repr() -> None:
    person = Person(id="2021001", name="王芳", id_number="11010119900307123X")
    assert repr(person) == (
        "Person(id='2021001', name='王芳', roles=(), memberships=(), birth_date=None, "
        "id_number=<redacted>)"
    )
    assert "id_number=None" in repr(Person(id="2021001", name="王芳"))
    assert redacted_repr("11010119900307123X") == "<redacted>"
    assert redacted_repr(None) == "None"


@settings(max_examples=30, deadline=None)
@given(person=bs.people(), marker=_MARKERS)
def test_a_sensitive_value_never_appears_in_repr_or_errors(person: Person, marker: str) -> None:
    secret = attrs.evolve(person, id_number=marker)
    assert secret.id_number == marker
    assert marker not in repr(secret)
    assert marker not in str(secret)
    assert marker not in repr(Dataset(people=(secret,)))
    assert marker not in repr([secret])
    with pytest.raises(RecordError) as caught:
        attrs.evolve(secret, id="", name=" " + secret.name)
    assert marker not in str(caught.value)
    assert marker not in repr(caught.value.problems)


def test_fields_at_least_each_level() -> None:
    assert fields_at_least(Person, Sensitivity.SENSITIVE) == ("id_number",)
    assert fields_at_least(Person, Sensitivity.PERSONAL) == (
        "id",
        "name",
        "birth_date",
        "id_number",
    )
    assert fields_at_least(Person, Sensitivity.PUBLIC) == (
        "id",
        "name",
        "roles",
        "memberships",
        "birth_date",
        "id_number",
    )


@pytest.mark.parametrize(
    "record", [Label, RoleSpan, Membership, Unit, Period, Event, Evidence, Term, Dataset]
)
def test_other_records_hold_nothing_personal(record: type[Any]) -> None:
    assert fields_at_least(record, Sensitivity.PERSONAL) == ()


def test_sensitivity_of_fields() -> None:
    assert sensitivity_of(Person, "id_number") is Sensitivity.SENSITIVE
    assert sensitivity_of(Person, "name") is Sensitivity.PERSONAL
    assert sensitivity_of(Person, "birth_date") is Sensitivity.PERSONAL
    assert sensitivity_of(Person, "roles") is Sensitivity.PUBLIC
    assert [level.rank for level in Sensitivity] == [0, 1, 2]
    with pytest.raises(KeyError):
        sensitivity_of(Person, "nickname")


def test_sensitivity_marks_must_be_sensitivities() -> None:
    @attrs.frozen
    class Marked:
        plain: str
        personal: str = attrs.field(metadata=PERSONAL)
        sensitive: str = attrs.field(metadata=SENSITIVE, repr=redacted_repr)

    @attrs.frozen
    class Mismarked:
        wrong: str = attrs.field(metadata={METADATA_KEY: "sensitive"})

    assert fields_at_least(Marked, Sensitivity.PERSONAL) == ("personal", "sensitive")
    assert repr(Marked(plain="a", personal="b", sensitive="c")) == (
        "Marked(plain='a', personal='b', sensitive=<redacted>)"
    )
    with pytest.raises(
        TypeError, match=r"^Mismarked\.wrong: branchkit\.sensitivity must be a Sensitivity$"
    ):
        sensitivity_of(Mismarked, "wrong")


# --- units ---------------------------------------------------------------------------------


def test_unit_rules() -> None:
    error = broken(
        Unit,
        id="fin-2101",
        kind="Class",
        name="",
        parent="fin-2101",
        end=D(2020, 1, 1),
        start=D(2021, 1, 1),
    )
    assert error.problems == (
        (("kind",), not_a_key("Class")),
        (("name",), "must not be empty"),
        (("parent",), "a unit cannot be its own parent"),
        (("end",), "2020-01-01 is before the start 2021-01-01"),
    )


def test_unit_exists_on_both_ends() -> None:
    unit = Unit(
        id="fin-2101", kind="class", name="金融2101班", start=D(2021, 9, 1), end=D(2024, 6, 30)
    )
    assert [unit.exists_on(day) for day in (D(2021, 8, 31), D(2021, 9, 1), D(2024, 6, 30))] == [
        False,
        True,
        True,
    ]
    assert not unit.exists_on(D(2024, 7, 1))


def unit(unit_id: str, parent: str | None = None, kind: str = "class") -> Unit:
    return Unit(id=unit_id, kind=kind, name=f"{unit_id}单位", parent=parent)


TREE = UnitTree.build(
    [
        unit("finance", kind="department"),
        unit("fin-2102", "finance"),
        unit("fin-2101", "finance"),
        unit("d12-306", "fin-2101", kind="dorm"),
        unit("d12-305", "fin-2101", kind="dorm"),
        unit("teaching", kind="department"),
    ]
)


def test_unit_tree_ancestors() -> None:
    assert TREE.ancestors("d12-305") == ("fin-2101", "finance")
    assert TREE.ancestors("fin-2102") == ("finance",)
    assert TREE.ancestors("finance") == ()


def test_unit_tree_children_and_descendants_are_sorted() -> None:
    assert TREE.children("finance") == ("fin-2101", "fin-2102")
    assert TREE.children("fin-2101") == ("d12-305", "d12-306")
    assert TREE.children("d12-305") == ()
    assert TREE.children("teaching") == ()
    assert TREE.descendants("finance") == ("d12-305", "d12-306", "fin-2101", "fin-2102")
    assert TREE.descendants("fin-2102") == ()
    assert sorted(TREE.units) == [
        "d12-305",
        "d12-306",
        "fin-2101",
        "fin-2102",
        "finance",
        "teaching",
    ]


def test_unit_tree_unknown_parent() -> None:
    error = broken(UnitTree.build, units=[unit("finance"), unit("fin-2101", "nowhere")])
    assert error.record == "UnitTree"
    assert error.problems == ((("units", 1, "parent"), "no unit has the id 'nowhere'"),)


def test_unit_tree_duplicate_ids() -> None:
    error = broken(UnitTree.build, units=[unit("finance"), unit("teaching"), unit("finance")])
    assert error.problems == ((("units", 2, "id"), "duplicate 'finance' (first at index 0)"),)


def test_unit_tree_cycle_is_reported_once() -> None:
    units = [unit("a", "b"), unit("b", "c"), unit("c", "a"), unit("d", "a")]
    error = broken(UnitTree.build, units=units)
    assert error.problems == ((("units", 0, "parent"), "units nest in a cycle: a -> b -> c -> a"),)


def test_unit_tree_cycle_reached_from_outside_is_reported_at_its_first_member() -> None:
    units = [unit("d", "a"), unit("a", "b"), unit("b", "a"), unit("x", "y"), unit("y", "x")]
    error = broken(UnitTree.build, units=units)
    assert error.problems == (
        (("units", 1, "parent"), "units nest in a cycle: a -> b -> a"),
        (("units", 3, "parent"), "units nest in a cycle: x -> y -> x"),
    )


@settings(max_examples=30, deadline=None)
@given(bs.datasets())
def test_ancestors_and_descendants_agree(dataset: Dataset) -> None:
    tree = UnitTree.build(dataset.units)
    ids = list(tree.units)
    for top in ids:
        for other in ids:
            assert (other in tree.descendants(top)) is (top in tree.ancestors(other))
        assert set(tree.children(top)) <= set(tree.descendants(top))


# --- events and evidence -------------------------------------------------------------------


def test_event_negative_counts_and_bad_count_names() -> None:
    error = broken(
        Event,
        id="e-001",
        kind="meeting",
        date=D(2021, 4, 17),
        counts={"persons": -1, "Person Times": 3, "questionnaires": 0},
    )
    assert error.problems == (
        (("counts", "Person Times"), not_a_key("Person Times")),
        (("counts", "persons"), "a count cannot be negative, got -1"),
    )
    assert str(error) == (
        "invalid Event: $.counts[\"Person Times\"]: 'Person Times' is not a key: use lower-case "
        "letters, digits, '_' and '-', starting with a letter; "
        "$.counts.persons: a count cannot be negative, got -1"
    )


def test_event_rules() -> None:
    error = broken(Event, id=" ", kind="Meeting", date=D(2021, 4, 17), end_date=D(2021, 4, 16))
    assert error.problems == (
        (("id",), "must not be empty"),
        (("kind",), not_a_key("Meeting")),
        (("end_date",), "2021-04-16 is before the date 2021-04-17"),
    )


def make_event(counts: dict[str, int]) -> Event:
    return Event(id="e-001", kind="meeting", date=D(2021, 4, 17), counts=counts)


def test_event_is_comparable_but_not_hashable() -> None:
    first = make_event({"persons": 3, "questionnaires": 20})
    assert first == make_event({"questionnaires": 20, "persons": 3})
    assert first != make_event({"persons": 4, "questionnaires": 20})
    with pytest.raises(TypeError, match="unhashable"):
        hash(first)


def test_event_counts_are_sorted_and_read_only() -> None:
    given_counts = {"questionnaires": 20, "persons": 3, "hours": 2}
    event = make_event(given_counts)
    assert list(event.counts) == ["hours", "persons", "questionnaires"]
    with pytest.raises(TypeError):
        cast("dict[str, int]", event.counts)["persons"] = 99
    given_counts["persons"] = 99
    assert event.count("persons") == 3
    assert event.count("villages") == 0


def test_event_last_day() -> None:
    assert make_event({}).last_day == D(2021, 4, 17)
    event = Event(id="e-1", kind="training", date=D(2021, 7, 1), end_date=D(2021, 7, 3))
    assert event.last_day == D(2021, 7, 3)


def test_evidence_rules() -> None:
    error = broken(Evidence, id="", kind="Minutes", date=D(2021, 3, 1), count=-2)
    assert error.problems == (
        (("id",), "must not be empty"),
        (("kind",), not_a_key("Minutes")),
        (("count",), "a count cannot be negative, got -2"),
    )
    assert Evidence(id="ev-1", kind="minutes", date=D(2021, 3, 1), count=0).count == 0


def test_period_rules() -> None:
    error = broken(Period, key="", start=D(2021, 3, 1), end=D(2021, 2, 1))
    assert error.problems == (
        (("key",), "must not be empty"),
        (("end",), "2021-02-01 is before the start 2021-03-01"),
    )
    assert Period(key="x", start=D(2021, 3, 1), end=D(2021, 3, 1)).kind is PeriodKind.CUSTOM


# --- frameworks ----------------------------------------------------------------------------


def practice(key: str) -> Practice:
    return Practice(key=key, label=Label(zh=f"{key}实践", en=key))


def area(key: str, *practice_keys: str) -> Area:
    return Area(
        key=key,
        label=Label(zh=f"{key}领域", en=key),
        approach=Label(zh="三机制", en="Three mechanisms"),
        practices=tuple(practice(k) for k in practice_keys),
    )


def framework(*areas: Area, key: str = "demo") -> Framework:
    return Framework(
        key=key,
        label=Label(zh="示例支部", en="Demo branch"),
        organisation=Label(zh="示例学院", en="Demo College"),
        areas=areas,
    )


def test_framework_duplicate_area_and_practice_keys() -> None:
    with pytest.raises(RecordError) as caught:
        framework(
            area("students", "contacts", "literacy"),
            area("teachers", "lead-reform", "contacts"),
            area("students", "literacy"),
        )
    assert caught.value.record == "Framework"
    assert caught.value.problems == (
        (("areas", 2, "key"), "duplicate 'students' (first at index 0)"),
        (("areas", 1, "practices", 1, "key"), "duplicate 'contacts' (already in area 'students')"),
        (("areas", 2, "practices", 0, "key"), "duplicate 'literacy' (already in area 'students')"),
    )


def test_framework_duplicate_practice_within_an_area() -> None:
    with pytest.raises(RecordError) as caught:
        framework(area("students", "contacts", "contacts"))
    assert caught.value.problems == (
        (("areas", 0, "practices", 1, "key"), "duplicate 'contacts' (already in area 'students')"),
    )


def test_framework_and_area_need_content() -> None:
    with pytest.raises(RecordError) as caught:
        framework(key="Demo")
    assert caught.value.problems == (
        (("key",), not_a_key("Demo")),
        (("areas",), "a framework needs at least one area"),
    )
    assert broken(
        Area,
        key="students",
        label=Label(zh="学生", en="Students"),
        approach=Label(zh="三", en="3"),
        practices=(),
    ).problems == ((("practices",), "an area needs at least one practice"),)
    assert broken(Practice, key="Contacts", label=Label(zh="三联系", en="x")).problems == (
        (("key",), not_a_key("Contacts")),
    )


def test_framework_lookups() -> None:
    demo = framework(area("students", "contacts", "literacy"), area("teachers", "lead-reform"))
    assert [p.key for p in demo.practices] == ["contacts", "literacy", "lead-reform"]
    assert demo.area("teachers").practices == (practice("lead-reform"),)
    assert demo.practice("literacy") == practice("literacy")
    assert demo.language == "zh"
    with pytest.raises(UnknownNameError) as caught:
        demo.practice("visits")
    assert str(caught.value) == "unknown practice 'visits'; known: contacts, lead-reform, literacy"
    with pytest.raises(UnknownNameError, match=r"^unknown area 'x'; known: students, teachers$"):
        demo.area("x")


@settings(max_examples=30, deadline=None)
@given(bs.frameworks())
def test_generated_frameworks_have_unique_practice_keys(generated: Framework) -> None:
    keys = [p.key for p in generated.practices]
    assert len(keys) == len(set(keys))
    assert [generated.practice(k).key for k in keys] == keys


# --- datasets ------------------------------------------------------------------------------


def test_an_empty_dataset_has_no_problems() -> None:
    assert list(dataset_problems(Dataset())) == []
    assert list(dataset_problems(Dataset(), {})) == []


@settings(max_examples=30, deadline=None)
@given(bs.datasets())
def test_generated_datasets_have_no_problems(dataset: Dataset) -> None:
    assert list(dataset_problems(dataset)) == []
    # The dataset's own keys as the vocabulary: nothing unknown.
    vocabulary = {
        "role": frozenset(span.role for p in dataset.people for span in p.roles),
        "unit_kind": frozenset(u.kind for u in dataset.units),
        "event_kind": frozenset(e.kind for e in dataset.events),
        "audience": frozenset(a for e in dataset.events for a in e.audience),
        "evidence_kind": frozenset(e.kind for e in dataset.evidence),
    }
    assert list(dataset_problems(dataset, vocabulary)) == []


def test_dataset_duplicate_ids() -> None:
    meeting = make_event({})
    role_term = Term(vocabulary="role", key="activist", label=Label(zh="积极分子", en="activist"))
    audience_term = Term(vocabulary="audience", key="activist", label=Label(zh="甲", en="a"))
    dataset = Dataset(
        people=(Person(id="2021001", name="王芳"), Person(id="2021001", name="李娜")),
        units=(unit("finance"), unit("finance")),
        periods=(Period.year(2021), Period.quarter(2021, 1), Period.year(2021)),
        events=(meeting, meeting),
        evidence=(
            Evidence(id="ev-1", kind="minutes", date=D(2021, 3, 1)),
            Evidence(id="ev-1", kind="photo", date=D(2021, 3, 2)),
        ),
        terms=(role_term, audience_term, role_term),
    )
    assert list(dataset_problems(dataset)) == [
        (("people", 1, "id"), "duplicate '2021001' (first at index 0)"),
        (("units", 1, "id"), "duplicate 'finance' (first at index 0)"),
        (("periods", 2, "key"), "duplicate '2021' (first at index 0)"),
        (("events", 1, "id"), "duplicate 'e-001' (first at index 0)"),
        (("evidence", 1, "id"), "duplicate 'ev-1' (first at index 0)"),
        (("terms", 2, "key"), "duplicate 'role/activist' (first at index 0)"),
    ]


def test_dataset_references_to_missing_people_and_units() -> None:
    dataset = Dataset(
        people=(
            Person(id="2021001", name="王芳", memberships=(Membership(unit="fin-2101"),)),
            Person(
                id="2021002",
                name="李娜",
                memberships=(Membership(unit="fin-2101"), Membership(unit="fin-2102")),
            ),
        ),
        units=(unit("finance", kind="department"), unit("fin-2101", "finance"), unit("x", "y")),
        events=(
            Event(
                id="e-001",
                kind="meeting",
                date=D(2021, 4, 17),
                participants=("2021001", "2021009"),
                units=("d12-305", "fin-2101"),
            ),
        ),
        evidence=(
            Evidence(
                id="ev-1", kind="minutes", date=D(2021, 3, 1), persons=("2021008",), units=("z",)
            ),
        ),
    )
    assert list(dataset_problems(dataset)) == [
        (("units", 2, "parent"), "no unit has the id 'y'"),
        (("people", 1, "memberships", 1, "unit"), "no unit has the id 'fin-2102'"),
        (("events", 0, "participants", 1), "no person has the id '2021009'"),
        (("events", 0, "units", 0), "no unit has the id 'd12-305'"),
        (("evidence", 0, "persons", 0), "no person has the id '2021008'"),
        (("evidence", 0, "units", 0), "no unit has the id 'z'"),
    ]


VOCABULARY = {
    "role": frozenset({"full_member"}),
    "unit_kind": frozenset({"class"}),
    "event_kind": frozenset({"meeting"}),
    "audience": frozenset({"community"}),
    "evidence_kind": frozenset({"meeting_minutes"}),
}

KEYED_DATASET = Dataset(
    people=(
        Person(
            id="2021001",
            name="王芳",
            roles=(RoleSpan(role="activist"), RoleSpan(role="prep_member")),
        ),
    ),
    units=(unit("d12-305", kind="dorm"), unit("fin-2101", kind="class")),
    events=(
        Event(
            id="e-001",
            kind="lecture",
            date=D(2021, 4, 17),
            audience=("village", "school", "community"),
        ),
        Event(id="e-002", kind="meeting", date=D(2021, 4, 18)),
    ),
    evidence=(Evidence(id="ev-1", kind="photo", date=D(2021, 3, 1)),),
    terms=(
        Term(vocabulary="role", key="activist", label=Label(zh="入党积极分子", en="activist")),
        Term(vocabulary="audience", key="village", label=Label(zh="乡村", en="village")),
    ),
)


def test_dataset_vocabulary_checks_include_the_datasets_own_terms() -> None:
    assert list(dataset_problems(KEYED_DATASET, VOCABULARY)) == [
        (("people", 0, "roles", 1, "role"), "'prep_member' is not a known role"),
        (("units", 0, "kind"), "'dorm' is not a known unit kind"),
        (("events", 0, "kind"), "'lecture' is not a known event kind"),
        (("events", 0, "audience", 1), "'school' is not a known audience"),
        (("evidence", 0, "kind"), "'photo' is not a known evidence kind"),
    ]


def test_dataset_vocabulary_checks_only_the_vocabularies_given() -> None:
    assert list(dataset_problems(KEYED_DATASET)) == []
    without_terms = attrs.evolve(KEYED_DATASET, terms=())
    assert list(dataset_problems(without_terms, {"unit_kind": frozenset({"class"})})) == [
        (("units", 0, "kind"), "'dorm' is not a known unit kind"),
    ]


def test_dataset_merge_keeps_order_and_compares_by_value() -> None:
    first = Dataset(people=(Person(id="1", name="王芳"),), periods=(Period.year(2021),))
    second = Dataset(people=(Person(id="2", name="李娜"),), events=(make_event({"persons": 1}),))
    merged = first.merge(second)
    assert [p.id for p in merged.people] == ["1", "2"]
    assert merged.periods == (Period.year(2021),)
    assert merged.events == (make_event({"persons": 1}),)
    assert merged == Dataset(
        people=(Person(id="1", name="王芳"), Person(id="2", name="李娜")),
        periods=(Period.year(2021),),
        events=(make_event({"persons": 1}),),
    )
    with pytest.raises(TypeError, match="unhashable"):
        hash(merged)
