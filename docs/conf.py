"""Sphinx configuration for the branchkit documentation."""

from __future__ import annotations

import branchkit

project = "branchkit"
author = "The branchkit developers"
copyright = "the branchkit developers"
release = branchkit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx_click",
]

nitpicky = True
html_theme = "furo"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
exclude_patterns = ["_build"]
