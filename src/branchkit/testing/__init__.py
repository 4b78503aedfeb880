"""Helpers for plugin authors' tests; importing them does not import pytest.

- :func:`~branchkit.testing.hosts.isolated_host`: a host with branchkit's built-ins and only
  the plugins a test names.
- :func:`~branchkit.testing.validation.plugin_problems` and
  :func:`~branchkit.testing.validation.check_plugin`: every problem of a plugin and of its
  files (:func:`~branchkit.testing.validation.plugin_files`), listed or raised.
- :func:`~branchkit.testing.builders.people`, :func:`~branchkit.testing.builders.units`,
  :func:`~branchkit.testing.builders.events`, :func:`~branchkit.testing.builders.dataset`:
  synthetic records, the same for the same seed.
- :func:`~branchkit.testing.assertions.assert_excluded_by`,
  :func:`~branchkit.testing.assertions.assert_selected` and the others: checks of a staged
  evaluation's result that say why they failed.

>>> import branchkit_cpc.hooks
>>> from branchkit.testing import check_plugin, isolated_host
>>> check_plugin(branchkit_cpc.hooks)
>>> sorted(isolated_host(branchkit_cpc.hooks, names=["cpc"]).frameworks())
['cpc']
"""

from branchkit.testing.assertions import (
    assert_eligible,
    assert_excluded_by,
    assert_not_selected,
    assert_selected,
    candidate_in,
)
from branchkit.testing.builders import (
    GIVEN_NAMES,
    SURNAMES,
    dataset,
    events,
    names,
    people,
    units,
)
from branchkit.testing.hosts import TEST_DISTRIBUTION, isolated_host, plugin_name, plugin_source
from branchkit.testing.validation import check_plugin, plugin_files, plugin_problems

__all__ = [
    "GIVEN_NAMES",
    "SURNAMES",
    "TEST_DISTRIBUTION",
    "assert_eligible",
    "assert_excluded_by",
    "assert_not_selected",
    "assert_selected",
    "candidate_in",
    "check_plugin",
    "dataset",
    "events",
    "isolated_host",
    "names",
    "people",
    "plugin_files",
    "plugin_name",
    "plugin_problems",
    "plugin_source",
    "units",
]
