"""What the tests of the seed branch's examples share: a host of both plugins, and the folder.

The national plugin (cpc) gives the roles, the evidence kinds and the standard the examples
use; cqfe gives the framework. Built once per run: hosts and loaded records do not change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from branchkit import Host
from branchkit.io import Loaded
from branchkit.plugins import PluginSource
from branchkit_cpc import hooks as cpc_hooks
from branchkit_cqfe import hooks

CPC = PluginSource(name="cpc", distribution="branchkit-cpc", version="test")
CQFE = PluginSource(name="cqfe", distribution="branchkit-cqfe", version="test")
EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture(scope="session")
def host() -> Host:
    """A host of branchkit's own plugin, cpc and cqfe, and no other."""
    return Host.create(autoload=False, plugins=[(CPC, cpc_hooks), (CQFE, hooks)], environ={})


@pytest.fixture(scope="session")
def loaded(host: Host) -> Loaded:
    """The example folder, loaded by that host."""
    return host.load(EXAMPLES)
