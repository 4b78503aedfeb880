"""branchkit-cpc: the national rules shared by every Chinese college party branch.

Besides the vocabulary and the framework it contributes as a plugin, the package gives the
national membership-development procedure as a staged scheme, for use from Python:

>>> from branchkit_cpc import procedure
>>> [stage.key for stage in procedure().stages]
['applicant', 'activist', 'development_target', 'probationary_member', 'full_member']
"""

from __future__ import annotations

import functools
from importlib.resources import as_file, files

from branchkit.io import Loaded, load_file
from branchkit.mechanisms.staging import Scheme

__version__ = "0.1.0"
__all__ = ["procedure"]


@functools.cache
def _load(name: str) -> Loaded:
    """One of the package's data files, loaded and checked once; the records are immutable."""
    with as_file(files(__name__) / name) as path:
        return load_file(path)


def procedure() -> Scheme:
    """The national procedure: five stages, the 25 steps as gate conditions, the fixed rules.

    Loaded from ``procedure.toml`` once and kept; the scheme is immutable.
    """
    (scheme,) = _load("procedure.toml").sections["schemes"]
    if not isinstance(scheme, Scheme):
        raise TypeError("procedure.toml's [[schemes]] did not load as a Scheme")
    return scheme
