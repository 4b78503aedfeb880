"""Input and output: the strict converter, readers, documents and their sections."""

from branchkit.io.converter import ConversionProblem, describe_value, make_converter
from branchkit.io.documents import (
    STRUCTURING_ERRORS,
    Document,
    Importer,
    Section,
    structure,
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
from branchkit.io.problems import Locator, problems_from_error
from branchkit.io.readers import CORE_IMPORTERS, read_json, read_toml, read_yaml

__all__ = [
    "CORE_IMPORTERS",
    "CORE_SECTIONS",
    "DATASET_SECTIONS",
    "STRUCTURING_ERRORS",
    "ConversionProblem",
    "Document",
    "Importer",
    "Loaded",
    "Locator",
    "Section",
    "describe_value",
    "find_importer",
    "load",
    "load_file",
    "make_converter",
    "problems_from_error",
    "read_json",
    "read_toml",
    "read_yaml",
    "structure",
    "structure_sections",
]
