"""The ``branchkit`` command."""

from branchkit.cli.main import cli, main

__all__ = ["cli", "main"]
