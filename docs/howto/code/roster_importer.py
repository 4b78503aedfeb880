"""An importer: a plain-text roster (花名册), one person a line, read into the people section.

A plugin module of its own, as the how-to guide :doc:`/howto/importer` builds it. It reads
files whose names end in ``.roster.txt``::

    # 学号      姓名
    2021001    王芳
    2021002    李伟
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from branchkit import hookimpl
from branchkit.errors import InputError, Problem
from branchkit.errors import Path as DocumentPath
from branchkit.io import Document, Importer
from branchkit.io.readers import read_text
from branchkit.records import Label

#: The columns of a line, by the field of a person each gives.
COLUMNS = {"id": "学号", "name": "姓名"}


def read_roster(path: Path) -> Document:
    """The people of a roster file, as a document with one section, ``people``.

    Blank lines and lines starting with ``#`` are skipped; every other line gives a student
    number and a name, separated by spaces or a tab.

    :param path: the roster file.
    :returns: the document; problems of the records name the line and the column.
    :raises InputError: naming every line that does not have exactly two columns.
    """
    rows: list[dict[str, str]] = []
    lines: list[int] = []  # the line number of each row, for the locator
    problems: list[Problem] = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        cells = text.split()
        if len(cells) != len(COLUMNS):
            problems.append(
                Problem(
                    source=str(path),
                    location=f"line {number}",
                    message=f"expected 学号 and 姓名, got {len(cells)} columns",
                )
            )
            continue
        rows.append(dict(zip(COLUMNS, cells, strict=True)))
        lines.append(number)
    if problems:
        # Every bad line at once, so that the file is fixed in one go.
        raise InputError(problems)

    def locate(at: DocumentPath) -> str | None:
        # ("people", 3, "id") is the 4th row's student number: name its line and column.
        if len(at) >= 2 and isinstance(at[1], int) and at[1] < len(lines):
            column = COLUMNS.get(str(at[2])) if len(at) > 2 else None
            return f"line {lines[at[1]]}" + (f", column {column}" if column else "")
        return None

    return Document(source=str(path), content={"people": rows}, locator=locate)


@hookimpl
def branchkit_importers() -> Sequence[Importer]:
    """The roster reader, for files ending in ``.roster.txt``."""
    return [
        Importer(
            key="roster",
            label=Label(zh="花名册文本文件", en="plain-text roster"),
            suffixes=(".roster.txt",),
            read=read_roster,
        )
    ]
