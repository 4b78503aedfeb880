"""Loading files and folders of records: read, structure by section, check across records.

Problems are reported against the file they are in, even for the checks that need the whole
folder (an event in ``events.toml`` naming a person missing from ``people.toml``).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping
from pathlib import Path as FilePath
from types import MappingProxyType
from typing import Any, get_args, get_type_hints

import attrs
import cattrs

from branchkit.errors import InputError, Path, Problem
from branchkit.framework.model import Framework
from branchkit.io.converter import make_converter
from branchkit.io.documents import Document, Importer, Section, structure_sections
from branchkit.io.readers import CORE_IMPORTERS
from branchkit.records.dataset import Dataset, dataset_problems

__all__ = ["CORE_SECTIONS", "DATASET_SECTIONS", "Loaded", "find_importer", "load", "load_file"]

#: The sections that make up a :class:`~branchkit.records.Dataset`, one per field.
DATASET_SECTIONS: tuple[str, ...] = tuple(field.name for field in attrs.fields(Dataset))


def _core_sections() -> dict[str, Section]:
    hints = get_type_hints(Dataset)
    sections = {"framework": Section(key="framework", record_type=Framework, many=False)}
    for name in DATASET_SECTIONS:
        # Each Dataset field is a tuple of one record type: that type is the section's.
        sections[name] = Section(key=name, record_type=get_args(hints[name])[0])
    return sections


#: The sections core provides (through its built-in plugin): the framework and the records.
CORE_SECTIONS: Mapping[str, Section] = MappingProxyType(_core_sections())


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Loaded:
    """What a file or folder holds, structured and checked.

    :param sources: the files read, in order.
    :param framework: the framework a file describes, if one does.
    :param dataset: the records of every file together.
    :param sections: every section's records by key, plugin sections included; a section of
        one record has one entry per file that gives it.
    """

    sources: tuple[str, ...]
    framework: Framework | None
    dataset: Dataset
    sections: Mapping[str, tuple[Any, ...]]


def find_importer(path: FilePath, importers: Iterable[Importer]) -> Importer | None:
    """The importer that reads files named like ``path``, if any."""
    name = path.name.lower()
    for importer in importers:
        if any(name.endswith(suffix) for suffix in importer.suffixes):
            return importer
    return None


def _files(path: FilePath, importers: tuple[Importer, ...]) -> list[FilePath]:
    if path.is_dir():
        return sorted(
            child
            for child in path.iterdir()
            if child.is_file() and find_importer(child, importers) is not None
        )
    return [path]


def _read(path: FilePath, importers: tuple[Importer, ...]) -> Document:
    if not path.exists():
        raise InputError([Problem(source=str(path), message="no such file or folder")])
    importer = find_importer(path, importers)
    if importer is None:
        known = ", ".join(sorted(s for i in importers for s in i.suffixes))
        raise InputError(
            [Problem(source=str(path), message=f"no importer reads this file; known: {known}")]
        )
    document = importer.read(path)
    if not isinstance(document.content, Mapping):
        raise InputError(
            [Problem(source=document.source, message="the top level must be a table of sections")]
        )
    return document


def load(
    path: FilePath,
    *,
    importers: Iterable[Importer],
    sections: Mapping[str, Section],
    converter: cattrs.Converter,
    vocabulary: Mapping[str, frozenset[str]] | None = None,
) -> Loaded:
    """Read a file, or every readable file of a folder, and structure and check it.

    :param path: a file, or a folder whose files (not sub-folders) are read in name order.
    :param importers: the readers to choose from by file name.
    :param sections: the sections known, by key.
    :param converter: the converter to structure with.
    :param vocabulary: known keys per vocabulary for the cross-record checks, if any.
    :raises InputError: with every problem of every file.
    """
    readers = tuple(importers)
    problems: list[Problem] = []
    # For each section, which file each stretch of records came from, so that a problem found
    # in the merged records is reported against its own file and index.
    origins: dict[str, list[tuple[str, int]]] = {}
    collected: dict[str, list[Any]] = {}
    frameworks: list[tuple[str, Framework]] = []
    sources: list[str] = []
    files = _files(path, readers)
    if not files:
        raise InputError([Problem(source=str(path), message="the folder has no readable file")])
    for file in files:
        try:
            document = _read(file, readers)
            structured = structure_sections(document, sections, converter)
        except InputError as error:
            problems.extend(error.problems)
            continue
        sources.append(document.source)
        for key, value in structured.items():
            if key == "framework":
                frameworks.append((document.source, value))
                continue
            records = value if sections[key].many else (value,)
            origins.setdefault(key, []).append((document.source, len(records)))
            collected.setdefault(key, []).extend(records)
    for source, _ in frameworks[1:]:
        problems.append(
            Problem(
                source=source,
                path=("framework",),
                message=f"a second framework; {frameworks[0][0]} already has one",
            )
        )
    dataset = Dataset(
        **{key: tuple(collected.get(key, ())) for key in DATASET_SECTIONS if key in sections}
    )
    if not problems:

        def first_at(section: str, first: int, duplicate: int) -> str:
            first_source, first_path = _origin((section, first), origins)
            if first_source == _origin((section, duplicate), origins)[0]:
                return f"first at index {first_path[1]}"
            return f"first in {first_source} at index {first_path[1]}"

        for relative, message in dataset_problems(dataset, vocabulary, first_at):
            origin, local = _origin(relative, origins)
            problems.append(Problem(source=origin, path=local, message=message))
    if problems:
        raise InputError(problems)
    return Loaded(
        sources=tuple(sources),
        framework=frameworks[0][1] if frameworks else None,
        dataset=dataset,
        sections={key: tuple(values) for key, values in sorted(collected.items())},
    )


def load_file(path: str | os.PathLike[str]) -> Loaded:
    """Read one file (or folder) with core's importers and sections, without plugins.

    Plugins use it to load the TOML files they ship (a framework, vocabulary terms); the
    cross-record checks run, the vocabulary checks do not.

    :raises InputError: with every problem found.
    """
    return load(
        FilePath(path),
        importers=CORE_IMPORTERS,
        sections=CORE_SECTIONS,
        converter=make_converter(),
    )


def _origin(path: Path, origins: Mapping[str, list[tuple[str, int]]]) -> tuple[str | None, Path]:
    section, index, *rest = path
    if not isinstance(section, str) or not isinstance(index, int) or section not in origins:
        return None, path
    offsets = itertools.accumulate(count for _, count in origins[section])
    start = 0
    for (source, _), end in zip(origins[section], offsets, strict=True):
        if index < end:
            return source, (section, index - start, *rest)
        start = end
    return None, path
