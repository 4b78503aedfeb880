"""Reading candidates for a staged scheme from any document: TOML, JSON, YAML, CSV or Excel.

A candidate is a row (or a table) with an id, a name, a stage and a group, plus facts. Facts
may be given in a ``facts`` table (TOML, JSON, YAML) or as columns of their own (CSV, Excel);
a column is matched to a fact by the fact's key, its Chinese or English name, or an alias,
after normalising (:func:`~branchkit.io.names.normalise_name`). A stage may be written as its
key or its name (``activist`` or 入党积极分子). Identifiers must be text: a number in an id
cell is refused, never converted. Every problem of every row is reported at once, located by
row and column where the document can say so.
"""

from __future__ import annotations

from collections.abc import Mapping

from branchkit.errors import InputError, Path, Problem, RecordError
from branchkit.io.converter import describe_value
from branchkit.io.documents import Document
from branchkit.io.names import normalise_name
from branchkit.mechanisms.staging.candidates import Candidate
from branchkit.mechanisms.staging.facts import Fact, FactValue, coercer
from branchkit.mechanisms.staging.scheme import Scheme

__all__ = ["CANDIDATE_HEADINGS", "candidates_from_document"]

#: The headings of a candidate's own fields, besides the facts.
CANDIDATE_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "编号", "学号", "工号", "人员编号"),
    "name": ("name", "姓名"),
    "stage": ("stage", "阶段", "发展阶段"),
    "group": ("group", "组别", "分组", "班级"),
}
_SECTION_NAMES = ("candidates", "候选人")
# The candidate fields by normalised heading.
_FIELDS = {
    normalise_name(name): field for field, names in CANDIDATE_HEADINGS.items() for name in names
}


def _fact_names(scheme: Scheme) -> dict[str, Fact]:
    names: dict[str, Fact] = {}
    for fact in scheme.facts:
        for name in (fact.key, fact.label.zh, fact.label.en, *fact.aliases):
            names.setdefault(normalise_name(name), fact)
    return names


class _Reader:
    def __init__(self, document: Document, scheme: Scheme, section: str) -> None:
        self.document = document
        self.section = section
        self.facts = _fact_names(scheme)
        self.coerce = {fact.key: coercer(fact) for fact in scheme.facts}
        self.fields = _FIELDS
        self.stages = {
            normalise_name(name): stage.key
            for stage in scheme.stages
            for name in (stage.key, stage.label.zh, stage.label.en)
        }
        self.known_stages = ", ".join(stage.key for stage in scheme.stages)
        self.problems: list[Problem] = []
        # Every row of a document repeats the same headings: each is normalised once.
        self.names: dict[str, str] = {}

    def name(self, key: object) -> str:
        """``key`` as a heading, normalised (:func:`~branchkit.io.names.normalise_name`)."""
        text = str(key)
        found = self.names.get(text)
        if found is None:
            found = self.names[text] = normalise_name(text)
        return found

    def problem(self, path: Path, message: str) -> None:
        locator = self.document.locator
        self.problems.append(
            Problem(
                source=self.document.source,
                path=path,
                message=message,
                location=locator(path) if locator is not None else None,
            )
        )

    def fact(
        self, at: Path, key: str | int, spec: Fact, value: object, facts: dict[str, FactValue]
    ) -> None:
        """Type the value of the fact ``spec`` given under ``key`` at ``at``, into ``facts``."""
        if value is None or value == "":
            return
        try:
            facts[spec.key] = self.coerce[spec.key](value)
        except ValueError as error:
            self.problem((*at, key), str(error))

    def row(self, index: int, row: object) -> Candidate | None:
        at: Path = (self.section, index)
        if not isinstance(row, Mapping):
            self.problem(at, "expected a table (one candidate)")
            return None
        fields: dict[str, str] = {}
        facts: dict[str, FactValue] = {}
        given: set[str] = set()
        for key, value in row.items():
            name = self.name(key)
            if name in self.fields:
                field = self.fields[name]
                if value not in (None, ""):
                    given.add(field)
                self.own_field((*at, key), field, value, fields)
            elif name == "facts" and isinstance(value, Mapping):
                for fact_key, fact_value in value.items():
                    spec = self.facts.get(self.name(fact_key))
                    if spec is None:
                        self.problem((*at, key, fact_key), "the scheme has no such fact")
                    else:
                        self.fact((*at, key), fact_key, spec, fact_value, facts)
            elif name in self.facts:
                self.fact(at, key, self.facts[name], value, facts)
            elif value not in (None, ""):
                self.problem((*at, key), "unknown column: neither a candidate field nor a fact")
        for required in ("id", "stage"):
            if required not in given and (required == "id" or self.stages):
                self.problem((*at, required), "missing (it is required)")
        if "id" not in fields:
            return None
        try:
            return Candidate(
                id=fields["id"],
                name=fields.get("name", ""),
                stage=fields.get("stage", ""),
                group=fields.get("group", ""),
                facts=facts,
            )
        except RecordError as error:
            for relative, message in error.problems:
                self.problem((*at, *relative), message)
            return None

    def own_field(self, path: Path, field: str, value: object, fields: dict[str, str]) -> None:
        if value is None or value == "":
            return
        if not isinstance(value, str):
            what = "an identifier" if field == "id" else "it"
            self.problem(path, f"{what} must be text, got {describe_value(value)}")
            return
        text = value.strip()
        if field == "stage" and self.stages:
            stage = self.stages.get(self.name(text))
            if stage is None:
                self.problem(path, f"no stage is called {text!r}; known: {self.known_stages}")
                return
            text = stage
        fields[field] = text


def candidates_from_document(document: Document, scheme: Scheme) -> tuple[Candidate, ...]:
    """The candidates a document lists, their facts typed as ``scheme`` declares them.

    :param document: a read document; its ``candidates`` section (or sheet, or file), or its
        only section.
    :param scheme: the scheme whose facts and stages the candidates have.
    :raises InputError: with every problem of every row.
    """
    section, rows = document.part(
        _SECTION_NAMES,
        missing="no candidates: name the section (or sheet, or file) candidates or 候选人",
    )
    if not isinstance(rows, list | tuple):
        raise InputError(
            [
                Problem(
                    source=document.source, path=(section,), message="expected rows of candidates"
                )
            ]
        )
    reader = _Reader(document, scheme, section)
    found: list[Candidate] = []
    first: dict[str, int] = {}
    for index, row in enumerate(rows):
        candidate = reader.row(index, row)
        if candidate is None:
            continue
        if candidate.id in first:
            reader.problem(
                (section, index, "id"),
                f"duplicate {candidate.id!r} (first at index {first[candidate.id]})",
            )
        first.setdefault(candidate.id, index)
        found.append(candidate)
    if reader.problems:
        raise InputError(reader.problems)
    return tuple(found)
