"""The fixtures of branchkit's pytest plugin, over the national plugin and this one.

The national plugin (cpc) gives the member roles, the theme day and the "七个有力" standard the
framework is aligned to; this plugin gives the framework.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from branchkit_cpc import hooks as cpc_hooks
from branchkit_teacher_branch import hooks

pytest_plugins = ["branchkit.pytest_plugin"]

#: The plugin's folder: the examples and the paths the tutorial's commands name are under it.
PLUGIN = Path(__file__).parents[1]
EXAMPLES = PLUGIN / "examples"


# [plugins]
@pytest.fixture
def branchkit_plugins() -> Sequence[object]:
    """The plugins under test: the national rules and the teachers' branch."""
    return [cpc_hooks, hooks]


# [/plugins]
