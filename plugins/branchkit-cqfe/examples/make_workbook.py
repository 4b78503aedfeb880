"""Write the example folder as one workbook: ``examples-workbook/支部数据2021-2022.xlsx``.

The folder is read with branchkit's own loader (with the plugins cpc and cqfe, whose
vocabularies check it), and every record it holds is written back as a sheet per section,
named in Chinese, with Chinese column headings (:func:`branchkit.io.record_tables`): a
person's roles and memberships as the sheets ``人员角色`` and ``人员所属单位``, an event's
counts as the columns ``人次`` and ``问卷数``. Loading the workbook gives the same records as
loading the folder; ``tests/test_workbook_example.py`` checks it.

The workbook is not in ``examples/``: the folder is loaded as a whole, and a workbook inside it
would give every record twice. The candidates are kept as their file's text until the scheme
that ranks them gives them types; the workbook holds them as a spreadsheet user types them
(:func:`make_candidates.typed_rows`: dates as date cells, scores as numbers), which load as
the same candidates. The folder's assistance cases carry their (synthetic) categories, which
are sensitive: the workbook holds them too, as the folder does.

Running it again writes the same bytes: ``python make_workbook.py [FOLDER]`` writes into
``FOLDER``, by default ``../examples-workbook`` (needs openpyxl).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from make_candidates import HEADINGS as CANDIDATE_HEADINGS
from make_candidates import typed_rows

from branchkit import Host
from branchkit.io import Document, record_tables, write_workbook
from branchkit.plugins import PluginSource
from branchkit_cpc import hooks as cpc_hooks
from branchkit_cqfe import hooks

HERE = Path(__file__).parent
WORKBOOK = "支部数据2021-2022.xlsx"
CANDIDATE_SHEET = "候选人"
# The sheets in the order an organiser reads them: who and where, what was done, the three
# mechanisms' own records, and last the candidates of the points contest. A section not
# listed follows, by key, so that nothing loaded is left out.
ORDER = (
    "people",
    "units",
    "events",
    "evidence",
    "outcomes",
    "assignments",
    "cases",
    "follow_ups",
    "profiles",
    "pair_rules",
    "assessments",
    "item_transitions",
    "candidates",
)

# The people are students and teachers: 人员编号 heads their numbers, not 学号.
HEADINGS = {"people": {"id": "人员编号"}}


def host() -> Host:
    """The host the example is read with: branchkit and the plugins cpc and cqfe only."""
    plugins = [
        (PluginSource(name="cpc", distribution="branchkit-cpc", version="example"), cpc_hooks),
        (PluginSource(name="cqfe", distribution="branchkit-cqfe", version="example"), hooks),
    ]
    return Host.create(autoload=False, plugins=plugins, environ={})


def candidate_table() -> Document:
    """The candidates' sheet: the rows of ``candidates.csv`` with typed cells."""
    rows = [dict(zip(CANDIDATE_HEADINGS, row, strict=True)) for row in typed_rows()]
    return Document(
        source=CANDIDATE_SHEET,
        content={CANDIDATE_SHEET: rows},
        headings={CANDIDATE_SHEET: CANDIDATE_HEADINGS},
        text_values=True,
    )


def main(argv: Sequence[str] = ()) -> Path:
    """Write the workbook into the folder given, or into ``../examples-workbook``."""
    folder = Path(argv[0]) if argv else HERE.parent / "examples-workbook"
    reader = host()
    loaded = reader.load(HERE)
    keys = [key for key in ORDER if key in loaded.sections]
    keys += sorted(key for key in loaded.sections if key not in ORDER)
    records = {key: loaded.sections[key] for key in keys}
    if "candidates" in records:
        records["candidates"] = (candidate_table(),)
    tables = record_tables(records, reader.sections(), headings=HEADINGS, include_sensitive=True)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / WORKBOOK
    write_workbook(tables, path)
    return path


if __name__ == "__main__":
    main(sys.argv[1:])
