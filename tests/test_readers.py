"""Readers: TOML, JSON and YAML files into plain data, and their syntax errors as problems."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from branchkit.errors import InputError, MissingDependencyError, Problem
from branchkit.io import CORE_IMPORTERS, Document, find_importer, read_json, read_toml, read_yaml

DATA = Path(__file__).parent / "data"
Reader = Callable[[Path], Any]
READERS: dict[str, Reader] = {".toml": read_toml, ".json": read_json, ".yaml": read_yaml}


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test data folder, so that problems name files by stable relative paths."""
    monkeypatch.chdir(DATA)


def only_problem(read: Reader, path: Path) -> Problem:
    with pytest.raises(InputError) as caught:
        read(path)
    (problem,) = caught.value.problems
    return problem


# --- plain content -------------------------------------------------------------------------


def test_each_reader_gives_plain_content(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('id = "2021001"\ndate = 2021-04-17\ncount = 3\n', "utf-8")
    (tmp_path / "a.json").write_text('{"id": "2021001", "date": "2021-04-17", "count": 3}', "utf-8")
    (tmp_path / "a.yaml").write_text('id: "2021001"\ndate: 2021-04-17\ncount: 3\n', "utf-8")
    # TOML and YAML have dates of their own; JSON has only text.
    assert read_toml(tmp_path / "a.toml") == {
        "id": "2021001",
        "date": dt.date(2021, 4, 17),
        "count": 3,
    }
    assert read_json(tmp_path / "a.json") == {"id": "2021001", "date": "2021-04-17", "count": 3}
    assert read_yaml(tmp_path / "a.yaml") == {
        "id": "2021001",
        "date": dt.date(2021, 4, 17),
        "count": 3,
    }


# --- syntax errors -------------------------------------------------------------------------


@pytest.mark.usefixtures("in_data")
def test_toml_syntax_error_says_syntax() -> None:
    problem = only_problem(read_toml, Path("bad/syntax.toml"))
    assert problem.source == "bad/syntax.toml"
    assert problem.location == "syntax"
    assert problem.message.startswith("invalid TOML: ")
    assert problem.message.endswith("(at line 4, column 8)")
    assert str(problem).startswith("bad/syntax.toml: syntax: invalid TOML: ")


@pytest.mark.usefixtures("in_data")
def test_json_syntax_error_gives_line_and_column() -> None:
    problem = only_problem(read_json, Path("bad/syntax.json"))
    assert str(problem) == (
        "bad/syntax.json: line 3, column 22: invalid JSON: Expecting ',' delimiter"
    )


@pytest.mark.usefixtures("in_data")
def test_yaml_syntax_error_gives_line_and_column() -> None:
    problem = only_problem(read_yaml, Path("bad/syntax.yaml"))
    assert str(problem) == (
        "bad/syntax.yaml: line 4, column 7: invalid YAML: expected ',' or ']', but got ':'"
    )


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused(tmp_path: Path, constant: str) -> None:
    path = tmp_path / "counts.json"
    path.write_text(f'{{"events": [{{"counts": {{"persons": {constant}}}}}]}}', "utf-8")
    problem = only_problem(read_json, path)
    assert problem.source == str(path)
    assert problem.location == "syntax"
    assert problem.message == f"invalid JSON: {constant} is not a number branchkit accepts"


def test_an_empty_json_file_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("", "utf-8")
    assert str(only_problem(read_json, path)) == (
        f"{path}: line 1, column 1: invalid JSON: Expecting value"
    )


# --- YAML is loaded safely -----------------------------------------------------------------


def test_yaml_python_tags_are_refused_not_run(tmp_path: Path) -> None:
    tripwire = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(f"people: !!python/object/apply:os.mkdir [{str(tripwire)!r}]\n", "utf-8")
    problem = only_problem(read_yaml, path)
    assert str(problem) == (
        f"{path}: line 1, column 9: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.mkdir'"
    )
    assert not tripwire.exists()
    # The same text, loaded unsafely, does run: the check above can fail.
    yaml.unsafe_load(path.read_text("utf-8"))
    assert tripwire.is_dir()


def test_yaml_python_objects_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "object.yaml"
    path.write_text("people:\n  - !!python/object:types.SimpleNamespace {id: '1'}\n", "utf-8")
    assert str(only_problem(read_yaml, path)) == (
        f"{path}: line 2, column 5: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:types.SimpleNamespace'"
    )


def test_yaml_without_its_package_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "people.yaml"
    path.write_text("people: []\n", "utf-8")
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(MissingDependencyError) as caught:
        read_yaml(path)
    assert str(caught.value) == ("YAML files need the 'yaml' extra: pip install 'branchkit[yaml]'")
    assert isinstance(caught.value, ImportError)


# --- encodings -----------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"
CONTENT = {
    ".toml": 'name = "王芳"\n'.encode(),
    ".json": '{"name": "王芳"}'.encode(),
    ".yaml": "name: 王芳\n".encode(),
}


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_a_byte_order_mark_is_accepted(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(BOM + CONTENT[suffix])
    assert READERS[suffix](path) == {"name": "王芳"}


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_text_that_is_not_utf8_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"gbk{suffix}"
    # 王芳 in GBK, as an older spreadsheet tool might save it.
    content = CONTENT[suffix].decode("utf-8").encode("gbk")
    path.write_bytes(content)
    position = content.index("王芳".encode("gbk"))
    problem = only_problem(READERS[suffix], path)
    assert str(problem) == f"{path}: not UTF-8 text (byte {position})"
    assert problem.location is None


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_a_missing_file_cannot_be_read(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"missing{suffix}"
    problem = only_problem(READERS[suffix], path)
    assert problem.source == str(path)
    assert problem.message.startswith("cannot read: ")


# --- importers -----------------------------------------------------------------------------


def test_core_importers() -> None:
    assert [(i.key, i.suffixes, i.label.en) for i in CORE_IMPORTERS] == [
        ("toml", (".toml",), "TOML file"),
        ("json", (".json",), "JSON file"),
        ("yaml", (".yaml", ".yml"), "YAML file"),
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("people.toml", "toml"),
        ("PEOPLE.TOML", "toml"),
        ("events.json", "json"),
        ("units.yaml", "yaml"),
        ("terms.yml", "yaml"),
        ("people.csv", None),
        ("toml", None),
        ("people.toml.bak", None),
    ],
)
def test_find_importer_by_file_name(name: str, key: str | None) -> None:
    importer = find_importer(Path(name), CORE_IMPORTERS)
    assert (importer.key if importer is not None else None) == key


@pytest.mark.usefixtures("in_data")
def test_importers_read_documents_named_by_their_path() -> None:
    toml, json, yaml_importer = CORE_IMPORTERS
    document = toml.read(Path("good/branch/people.toml"))
    assert isinstance(document, Document)
    assert document.source == "good/branch/people.toml"
    assert [p["id"] for p in document.content["people"]] == ["2021001", "2021002"]
    assert list(json.read(Path("good/branch/events.json")).content) == [
        "periods",
        "events",
        "evidence",
    ]
    assert list(yaml_importer.read(Path("good/branch/units.yaml")).content) == ["units"]
    assert document.locator is None


# --- repeated keys -------------------------------------------------------------------------


def test_json_refuses_a_key_given_twice(tmp_path: Path) -> None:
    (tmp_path / "twice.json").write_text('{"people": [{"id": "1", "id": "2"}]}', "utf-8")
    problem = only_problem(read_json, tmp_path / "twice.json")
    assert (problem.location, problem.message) == (
        "syntax",
        'invalid JSON: the key "id" appears twice',
    )


def test_yaml_refuses_a_key_given_twice(tmp_path: Path) -> None:
    (tmp_path / "twice.yaml").write_text(
        "people:\n  - id: '1'\n    name: a\n    id: '2'\n", "utf-8"
    )
    problem = only_problem(read_yaml, tmp_path / "twice.yaml")
    assert (problem.location, problem.message) == (
        "line 4, column 5",
        "invalid YAML: the key 'id' appears twice",
    )


def test_yaml_merge_keys_still_work(tmp_path: Path) -> None:
    (tmp_path / "merge.yaml").write_text(
        "base: &base {kind: class}\nunit:\n  <<: *base\n  id: fin-2101\n", "utf-8"
    )
    assert read_yaml(tmp_path / "merge.yaml")["unit"] == {"kind": "class", "id": "fin-2101"}
