"""A staged evaluation as JSON, as rows for CSV and spreadsheets, and as a text table.

The JSON is the complete result (see the docs' "Ranking JSON format"): every candidate with
``id``, ``rank``, ``selected``, ``total``, ``dimensions`` and ``gates``, points as exact
decimal text, keys sorted, so the same input gives the same bytes. Every writer takes a
:class:`~branchkit.report.disclosure.Disclosure`, which redacts and pseudonymises what it must.

A ranking made from a points ledger names the head of the ledger's hash chain it read
(:class:`~branchkit.ledger.store.Head`): the JSON's ``ledger`` object, and a footer line of
the other formats (:func:`ledger_head_line`).

>>> from branchkit.ledger import Head
>>> from branchkit.report.ranking import ledger_head_line, ledger_json
>>> ledger_head_line(Head(seq=12, hash="ab" * 32), "en")
'ledger head #12 abababababababababababababababababababababababababababababababab'
>>> ledger_json(Head(seq=12, hash="ab" * 32))["seq"]
12
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import cattrs

from branchkit.ledger.store import Head
from branchkit.mechanisms.staging.results import DueItem, StagingResult
from branchkit.records.labels import Label, Language
from branchkit.report.disclosure import Disclosure
from branchkit.report.tables import json_text

__all__ = [
    "due_json",
    "due_rows",
    "ledger_head_line",
    "ledger_json",
    "ranking_json",
    "ranking_rows",
]

# Read-only and without a pseudonymiser, so one default serves every call.
_ANYONE = Disclosure()


def ranking_json(
    result: StagingResult,
    converter: cattrs.Converter,
    disclosure: Disclosure = _ANYONE,
    ledger: Head | None = None,
) -> str:
    """The whole result as JSON text, disclosed by ``disclosure``.

    :param result: the evaluation.
    :param converter: the converter that unstructures it.
    :param disclosure: what the output may show; by default no sensitive field.
    :param ledger: the head of the ledger the candidates were read from, if they were: the
        document then has a ``ledger`` object (:func:`ledger_json`).
    """
    document = disclosure.unstructure(result, converter)
    if ledger is not None:
        document["ledger"] = ledger_json(ledger)
    return json_text(document)


def ledger_json(head: Head) -> dict[str, object]:
    """A ledger's head as reports write it in JSON: ``{"seq": 12, "hash": "..."}``.

    :param head: the head of the hash chain the report read.
    """
    return {"seq": head.seq, "hash": head.hash}


def ledger_head_line(head: Head, language: Language) -> str:
    """A ledger's head as the footer of a table or the heading of a report writes it.

    :param head: the head of the hash chain the report read.
    :param language: the language of the words.
    """
    return f"{'账本链头' if language == 'zh' else 'ledger head'} #{head.seq} {head.hash}"


def ranking_rows(
    result: StagingResult,
    language: Language,
    bands: Mapping[str, Label] | None = None,
    disclosure: Disclosure = _ANYONE,
) -> list[list[str]]:
    """The ranking as rows of text, headings first: one row per candidate.

    :param result: the evaluation.
    :param language: the language of headings and reasons.
    :param bands: the names of the bands by key, to show instead of the keys.
    :param disclosure: what the output may show; by default no sensitive field.
    """
    names = bands or {}
    zh = language == "zh"
    dimensions = result.candidates[0].dimensions if result.candidates else ()
    headings = [
        "名次" if zh else "rank",
        "编号" if zh else "id",
        "姓名" if zh else "name",
        "符合条件" if zh else "eligible",
        "总分" if zh else "total",
        "档次" if zh else "band",
        "入选" if zh else "selected",
        "待定" if zh else "needs decision",
        *(d.label.text(language) for d in dimensions),
        "未通过的条件" if zh else "gates not passed",
    ]
    yes, no = ("是", "否") if zh else ("yes", "no")
    rows = [headings]
    for candidate in result.candidates:
        not_passed = [
            f"{gate.label.text(language)}: {gate.reason.text(language)}"
            for gate in candidate.gates
            if gate.outcome.value != "passed"
        ]
        rows.append(
            [
                "" if candidate.rank is None else str(candidate.rank),
                str(disclosure.value(candidate, "id")),
                str(disclosure.value(candidate, "name")),
                yes if candidate.eligible else no,
                str(candidate.total),
                _band(candidate.band, names, language),
                yes if candidate.selected else no,
                yes if candidate.needs_decision else no,
                *(str(d.weighted) for d in candidate.dimensions),
                "；".join(not_passed),
            ]
        )
    return rows


def _band(key: str | None, names: Mapping[str, Label], language: Language) -> str:
    if key is None:
        return ""
    return names[key].text(language) if key in names else key


def due_json(
    items: Sequence[DueItem], converter: cattrs.Converter, disclosure: Disclosure = _ANYONE
) -> str:
    """The due list as JSON text.

    :param items: the due list.
    :param converter: the converter that unstructures it.
    :param disclosure: what the output may show; by default no sensitive field.
    """
    return json_text(
        {"items": disclosure.unstructure(tuple(items), converter, tuple[DueItem, ...])}
    )


def due_rows(
    items: Sequence[DueItem], language: Language, disclosure: Disclosure = _ANYONE
) -> list[list[str]]:
    """The due list as rows of text, headings first.

    :param items: the due list.
    :param language: the language of headings and reasons.
    :param disclosure: what the output may show; by default no sensitive field.
    """
    zh = language == "zh"
    rows = [
        ["编号", "条件", "类型", "日期", "状态", "说明"]
        if zh
        else ["id", "gate", "kind", "due", "status", "reason"]
    ]
    rows.extend(
        [
            str(disclosure.value(item, "candidate")),
            item.gate,
            item.kind,
            item.due.isoformat() if item.due else "",
            item.status,
            item.reason.text(language),
        ]
        for item in items
    )
    return rows
