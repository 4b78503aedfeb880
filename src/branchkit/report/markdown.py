r"""A titled report as Markdown, for pasting into a work summary.

:func:`render_markdown` writes any :class:`~branchkit.report.tables.TitledReport`: a title,
the report's heading line, then each table under its own title as a GitHub-flavoured pipe
table. Cells are escaped (:func:`markdown_cell`), so a value with ``|`` or a line break keeps
its table in shape and ``<redacted>`` shows as written, and the same report gives the same
text.

>>> from branchkit.report.markdown import markdown_table
>>> print(markdown_table([["指标", "数值"], ["主题党日 | 党课", "8\n(次)"]]), end="")
| 指标 | 数值 |
| --- | --- |
| 主题党日 \| 党课 | 8<br>(次) |
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from branchkit.records.labels import Language
from branchkit.report.tables import TitledReport

__all__ = ["markdown_cell", "markdown_table", "render_markdown"]

#: What Markdown reads as markup inside a table cell: escaped with a backslash.
_MARKUP = re.compile(r"[\\|<>*_`\[\]]")


def markdown_cell(text: str) -> str:
    r"""A cell's text as a pipe table's cell may hold it.

    The characters Markdown would read as markup (``|``, which would end the cell, ``<``,
    which would start an HTML tag such as ``<redacted>``, emphasis, code and links) are
    escaped with a backslash; line breaks become ``<br>``, and an empty cell a space, so that
    no value ends a cell or a row early.

    >>> from branchkit.report.markdown import markdown_cell
    >>> markdown_cell("a|b\\c\r\nd")
    'a\\|b\\\\c<br>d'
    >>> print(markdown_cell("<redacted>"))
    \<redacted\>
    """
    text = _MARKUP.sub(r"\\\g<0>", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return text.strip() or " "


def markdown_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as a pipe table, the first row as headings; empty text for no rows.

    :param rows: the rows of text, headings first, each as long as the headings.
    """
    if not rows:
        return ""
    width = len(rows[0])
    lines = ["| " + " | ".join(markdown_cell(cell) for cell in rows[0]) + " |"]
    lines.append("| " + " | ".join("---" for _ in range(width)) + " |")
    lines.extend("| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows[1:])
    return "\n".join(lines) + "\n"


def render_markdown(report: TitledReport, language: Language, *, title: str) -> str:
    """A report as a Markdown document: ``title``, the heading line, then every table.

    :param report: the report.
    :param language: the language of titles and headings.
    :param title: the document's title (its level-1 heading).
    """
    parts = [f"# {title}\n", f"{markdown_cell(report.heading(language))}\n"]
    for table in report.tables(language):
        parts.append(f"## {markdown_cell(table.title.text(language))}\n")
        parts.append(markdown_table(table.rows))
    return "\n".join(parts)
