"""Readers: parse TOML, JSON and YAML files into plain data, reporting syntax errors as problems.

Each reader returns the document's plain content (tables, arrays, strings, numbers, dates)
without interpreting it; the strict converter gives it types. A syntax error becomes an
:class:`~branchkit.errors.InputError` with the file and the line, never a traceback.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Hashable
from pathlib import Path as FilePath
from typing import Any

from branchkit.errors import InputError, MissingDependencyError, Problem
from branchkit.io.documents import Document, Importer
from branchkit.records.labels import Label

__all__ = ["CORE_IMPORTERS", "read_json", "read_text", "read_toml", "read_yaml"]


def read_text(path: FilePath, *, fallback: str | None = None) -> str:
    """A file's text: UTF-8 (a byte-order mark allowed), else the ``fallback`` encoding.

    :raises InputError: when the file cannot be read or decoded.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        message = f"cannot read: {error.strerror}"
        raise InputError([Problem(source=str(path), message=message)]) from None
    try:
        # utf-8-sig accepts a byte-order mark, which spreadsheet tools like to write.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    if fallback is not None:
        try:
            return raw.decode(fallback)
        except UnicodeDecodeError:
            message = f"neither UTF-8 nor {fallback.upper()} text (byte {utf8_error.start})"
            raise InputError([Problem(source=str(path), message=message)]) from None
    message = f"not UTF-8 text (byte {utf8_error.start})"
    raise InputError([Problem(source=str(path), message=message)]) from None


def read_toml(path: FilePath) -> Any:
    """The content of a TOML file."""
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            [Problem(source=str(path), location="syntax", message=f"invalid TOML: {error}")]
        ) from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number branchkit accepts")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys; a value silently lost is a problem to report.
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            raise ValueError(f"the key {json.dumps(key, ensure_ascii=False)} appears twice")
        table[key] = value
    return table


def read_json(path: FilePath) -> Any:
    """The content of a JSON file; ``NaN``, ``Infinity`` and repeated keys are refused."""
    text = read_text(path)
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        location = f"line {error.lineno}, column {error.colno}"
        message = f"invalid JSON: {error.msg}"
    except ValueError as error:
        location, message = "syntax", f"invalid JSON: {error}"
    raise InputError([Problem(source=str(path), location=location, message=message)])


def _yaml_loader() -> Any:
    try:
        import yaml  # noqa: PLC0415 - an optional dependency, imported when used
    except ImportError:
        raise MissingDependencyError("YAML files", "yaml") from None

    class UniqueKeyLoader(yaml.SafeLoader):
        """PyYAML's safe loader, refusing a key that appears twice in one mapping."""

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: set[object] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # "<<" merges another mapping in; its keys may be overridden
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, Hashable) and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} appears twice", key_node.start_mark
                    )
                if isinstance(key, Hashable):
                    seen.add(key)
            return super().construct_mapping(node, deep)

    return yaml, UniqueKeyLoader


def read_yaml(path: FilePath) -> Any:
    """The content of a YAML file, loaded safely: plain data only, no key twice in a mapping.

    The loader is PyYAML's safe loader, so a tag naming a Python object is refused, never run.
    """
    yaml, loader = _yaml_loader()
    text = read_text(path)
    try:
        content = yaml.load(text, Loader=loader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        location = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "syntax"
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(
            [Problem(source=str(path), location=location, message=f"invalid YAML: {problem}")]
        ) from None
    return content


def _document_reader(parse: Callable[[FilePath], Any]) -> Callable[[FilePath], Document]:
    def read(path: FilePath) -> Document:
        return Document(source=str(path), content=parse(path))

    return read


#: The importers core provides (through its built-in plugin): TOML, JSON and YAML.
CORE_IMPORTERS: tuple[Importer, ...] = (
    Importer(
        key="toml",
        label=Label(zh="TOML 文件", en="TOML file"),
        suffixes=(".toml",),
        read=_document_reader(read_toml),
    ),
    Importer(
        key="json",
        label=Label(zh="JSON 文件", en="JSON file"),
        suffixes=(".json",),
        read=_document_reader(read_json),
    ),
    Importer(
        key="yaml",
        label=Label(zh="YAML 文件", en="YAML file"),
        suffixes=(".yaml", ".yml"),
        read=_document_reader(read_yaml),
    ),
)
