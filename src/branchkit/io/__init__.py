"""Input and output: the strict converter, readers of files and tables, documents and sections."""

from branchkit.io.converter import (
    NOT_IN_A_CELL,
    ConversionProblem,
    describe_cell,
    describe_value,
    make_converter,
)
from branchkit.io.documents import (
    STRUCTURING_ERRORS,
    Document,
    Importer,
    Section,
    StructuredDocument,
    structure,
    structure_document,
    structure_sections,
)
from branchkit.io.loading import (
    CORE_SECTIONS,
    DATASET_SECTIONS,
    Loaded,
    find_importer,
    load,
    load_file,
)
from branchkit.io.names import normalise_name, visible_name
from branchkit.io.nesting import Child, Parent
from branchkit.io.problems import Locator, problems_from_error
from branchkit.io.readers import CORE_IMPORTERS, read_json, read_toml, read_yaml
from branchkit.io.tables import TABLE_IMPORTERS, read_csv, read_xlsx
from branchkit.io.writing import Table, record_tables, write_csv, write_workbook

__all__ = [
    "CORE_IMPORTERS",
    "CORE_SECTIONS",
    "DATASET_SECTIONS",
    "NOT_IN_A_CELL",
    "STRUCTURING_ERRORS",
    "TABLE_IMPORTERS",
    "Child",
    "ConversionProblem",
    "Document",
    "Importer",
    "Loaded",
    "Locator",
    "Parent",
    "Section",
    "StructuredDocument",
    "Table",
    "describe_cell",
    "describe_value",
    "find_importer",
    "load",
    "load_file",
    "make_converter",
    "normalise_name",
    "problems_from_error",
    "read_csv",
    "read_json",
    "read_toml",
    "read_xlsx",
    "read_yaml",
    "record_tables",
    "structure",
    "structure_document",
    "structure_sections",
    "visible_name",
    "write_csv",
    "write_workbook",
]
