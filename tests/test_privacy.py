"""Privacy: redaction in every output format, small counts, pseudonyms and their key."""

from __future__ import annotations

import csv
import io
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import PrivacyError, RecordError
from branchkit.io import make_converter
from branchkit.io.pseudonyms import (
    KEY_VARIABLE,
    PREFIX,
    Pseudonymiser,
    load_key,
    pseudonymise_data,
)
from branchkit.records import Person, Sensitivity, fields_at_least
from branchkit.records.privacy import (
    ANONYMOUS,
    REDACTED,
    PrivacyPolicy,
    Viewer,
    redact,
    redact_data,
    small_count,
)
from tests.strategies import identifiers, people

MARKER = "MARK⟦secret⟧"
SENSITIVE_FIELDS = fields_at_least(Person, Sensitivity.SENSITIVE)
POLICY = PrivacyPolicy(sensitive_roles=frozenset({"counsellor"}))
COUNSELLOR = Viewer(name="counsellor on duty", roles=frozenset({"counsellor"}))
SECRETARY = Viewer(name="secretary", roles=frozenset({"secretary"}))
KEY = b"k" * 32
OTHER_KEY = b"o" * 32


@st.composite
def marked_people(draw: st.DrawFn) -> Person:
    """A person whose every sensitive field holds :data:`MARKER` in some random text."""
    person = draw(people())
    marked: dict[str, Any] = {
        name: f"{draw(st.text(max_size=5)).strip()}{MARKER}{name}{draw(st.text(max_size=5))}"
        for name in SENSITIVE_FIELDS
    }
    return attrs.evolve(person, **marked)


def json_text(people_: tuple[Person, ...], viewer: Viewer) -> str:
    data = make_converter().unstructure(people_, tuple[Person, ...])
    redacted = redact_data(tuple[Person, ...], data, POLICY, viewer)
    return json.dumps(redacted, ensure_ascii=False, sort_keys=True)


def csv_text(people_: tuple[Person, ...], viewer: Viewer) -> str:
    columns = [
        field.name for field in attrs.fields(Person) if field.name not in {"roles", "memberships"}
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    converter = make_converter()
    for person in people_:
        row = redact_data(Person, converter.unstructure(person), POLICY, viewer)
        writer.writerow(row)
    return buffer.getvalue()


OUTPUTS = [json_text, csv_text]


def test_person_has_a_sensitive_field() -> None:
    assert SENSITIVE_FIELDS == ("id_number",)


@pytest.mark.parametrize("output", OUTPUTS, ids=["json", "csv"])
@settings(max_examples=50)
@given(crowd=st.lists(marked_people(), min_size=1, max_size=4).map(tuple))
def test_no_marker_without_the_role(output: Any, crowd: tuple[Person, ...]) -> None:
    for viewer in (ANONYMOUS, SECRETARY):
        text = output(crowd, viewer)
        assert MARKER not in text
        assert REDACTED in text
    assert MARKER in output(crowd, COUNSELLOR)


@settings(max_examples=50)
@given(person=marked_people())
def test_live_records_are_redacted_too(person: Person) -> None:
    assert MARKER not in json.dumps(redact((person,), POLICY), default=str, ensure_ascii=False)
    assert MARKER in json.dumps(redact(person, POLICY, COUNSELLOR), default=str, ensure_ascii=False)
    assert MARKER not in repr(person)


def test_personal_fields_are_hidden_when_the_policy_says_so() -> None:
    policy = PrivacyPolicy(
        personal_roles=frozenset({"secretary"}), sensitive_roles=frozenset({"counsellor"})
    )
    data = {"id": "2021001", "name": "王芳", "id_number": "110101199003071234"}
    assert redact_data(Person, data, policy) == {
        "id": REDACTED,
        "name": REDACTED,
        "id_number": REDACTED,
    }
    assert redact_data(Person, data, policy, SECRETARY)["name"] == "王芳"
    assert redact_data(Person, data, policy, COUNSELLOR) == data


def test_redacting_unknown_keys_fails_closed() -> None:
    with pytest.raises(PrivacyError, match="unknown field 'diagnosis'"):
        redact_data(Person, {"id": "1", "name": "王芳", "diagnosis": "secret"})
    with pytest.raises(PrivacyError):
        redact_data(Person, ["not", "a", "mapping"])


def test_policy_and_viewer_check_their_roles() -> None:
    with pytest.raises(RecordError):
        Viewer(roles=frozenset({"Not A Key"}))
    with pytest.raises(RecordError):
        PrivacyPolicy(k=0)


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (6, 6)])
def test_small_count_boundaries(count: int, shown: int | str) -> None:
    assert small_count(count, POLICY) == shown
    assert small_count(count, POLICY, SECRETARY) == shown
    assert small_count(count, POLICY, COUNSELLOR) == count


def test_small_count_follows_k() -> None:
    policy = PrivacyPolicy(k=3)
    assert [small_count(n, policy) for n in (0, 1, 2, 3)] == [0, "<3", "<3", 3]
    assert [small_count(n, PrivacyPolicy(k=1)) for n in (0, 1)] == [0, 1]
    with pytest.raises(ValueError, match="negative"):
        small_count(-1)


@given(identifier=identifiers())
def test_pseudonyms_are_stable_with_one_key_and_differ_with_another(identifier: str) -> None:
    first = Pseudonymiser(key=KEY).pseudonym(identifier)
    assert first == Pseudonymiser(key=KEY).pseudonym(identifier)
    assert first != Pseudonymiser(key=OTHER_KEY).pseudonym(identifier)
    assert first.startswith(PREFIX)
    assert len(first) == len(PREFIX) + 16
    assert identifier not in first


@given(ids=st.lists(identifiers(), min_size=2, max_size=20, unique=True))
def test_distinct_identifiers_get_distinct_pseudonyms(ids: list[str]) -> None:
    pseudonymiser = Pseudonymiser(key=KEY)
    assert len({pseudonymiser.pseudonym(i) for i in ids}) == len(ids)


@settings(max_examples=30)
@given(person=people())
def test_pseudonymise_data_replaces_only_identifiers(person: Person) -> None:
    data = make_converter().unstructure(person)
    result = pseudonymise_data(Person, data, Pseudonymiser(key=KEY))
    assert result["id"] == Pseudonymiser(key=KEY).pseudonym(person.id)
    assert {key: value for key, value in result.items() if key != "id"} == {
        key: value for key, value in data.items() if key != "id"
    }
    assert data["id"] == person.id


def test_load_key_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    path.write_bytes(KEY + b"\n")
    assert load_key(file=path, environ={KEY_VARIABLE: OTHER_KEY.decode()}) == KEY
    assert Pseudonymiser.from_environment(file=path).pseudonym("1") == Pseudonymiser(
        key=KEY
    ).pseudonym("1")


def test_load_key_from_the_environment() -> None:
    assert load_key(environ={KEY_VARIABLE: KEY.decode()}) == KEY
    assert load_key(environ={"COLLEGE_KEY": KEY.decode()}, variable="COLLEGE_KEY") == KEY


def test_missing_key_and_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PrivacyError, match=KEY_VARIABLE):
        load_key(environ={})
    with pytest.raises(PrivacyError, match="cannot read"):
        load_key(file=tmp_path / "absent.key")


SHORT_KEY = "tooshort-SECRET"


def test_short_keys_are_refused_without_showing_them(tmp_path: Path) -> None:
    path = tmp_path / "short.key"
    path.write_text(SHORT_KEY, encoding="utf-8")
    attempts: list[Callable[[], object]] = [
        lambda: load_key(environ={KEY_VARIABLE: SHORT_KEY}),
        lambda: load_key(file=path),
        lambda: Pseudonymiser(key=SHORT_KEY.encode()),
    ]
    for attempt in attempts:
        with pytest.raises(PrivacyError, match="too short") as caught:
            attempt()
        assert SHORT_KEY not in str(caught.value)
        assert SHORT_KEY not in repr(caught.value)


def test_the_key_is_never_shown() -> None:
    pseudonymiser = Pseudonymiser(key=KEY)
    assert KEY.decode() not in repr(pseudonymiser)
    assert KEY.decode() not in str(pseudonymiser)
    with pytest.raises(TypeError):
        pickle.dumps(pseudonymiser)
