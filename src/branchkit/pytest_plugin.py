"""Fixtures for testing a branchkit plugin with pytest; opt in from a ``conftest.py``.

branchkit does not register this module with pytest itself: a project that wants the fixtures
names it in its top-level ``conftest.py``, so nothing changes for projects that do not::

    pytest_plugins = ["branchkit.pytest_plugin"]

    import pytest
    import my_branch.hooks

    @pytest.fixture
    def branchkit_plugins():
        return [my_branch.hooks]

Every fixture is built anew for each test, so nothing a test registers or loads is seen by
another; none reads the plugins installed on the machine nor its ``BRANCHKIT_*`` settings.

- ``branchkit_plugins``: the plugins under test; override it (none by default).
- ``branchkit_host``: an :func:`~branchkit.testing.hosts.isolated_host` of them.
- ``branchkit_problems``: every problem :func:`~branchkit.testing.validation.plugin_problems`
  finds in each of them (checked alongside the others); empty when all are sound.
- ``branchkit_load``: loads a file or folder with that host (:meth:`Host.load
  <branchkit.plugins.host.Host.load>`).
- ``branchkit_seed`` and ``branchkit_dataset``: a seed (0; override it) and the synthetic
  :func:`~branchkit.testing.builders.dataset` it gives.
- ``branchkit_cli``: runs the ``branchkit`` command line in the test's process with that host
  and returns click's :class:`~click.testing.Result`.

A test using them::

    def test_my_plugin_is_sound(branchkit_problems):
        assert branchkit_problems == ()

    def test_my_framework_loads(branchkit_host):
        assert "my-branch" in branchkit_host.frameworks()

    def test_the_example_validates(branchkit_cli):
        result = branchkit_cli("validate", "examples")
        assert result.exit_code == 0, result.output
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import pytest
from click.testing import CliRunner, Result

from branchkit.io.loading import Loaded
from branchkit.plugins.host import Host
from branchkit.records.dataset import Dataset
from branchkit.records.periods import Period
from branchkit.testing.builders import dataset
from branchkit.testing.hosts import isolated_host
from branchkit.testing.validation import plugin_problems

__all__ = [
    "CliInvoker",
    "Loader",
    "branchkit_cli",
    "branchkit_dataset",
    "branchkit_host",
    "branchkit_load",
    "branchkit_plugins",
    "branchkit_problems",
    "branchkit_seed",
]

#: What ``branchkit_load`` is: a file or folder's path to its loaded records.
#:
#: Example, as the type of a test's argument::
#:
#:     def test_examples(branchkit_load: Loader) -> None:
#:         assert branchkit_load("examples").dataset.people
Loader = Callable[[str | os.PathLike[str]], Loaded]
#: What ``branchkit_cli`` is: the command line's arguments to its result.
#:
#: Example, as the type of a test's argument::
#:
#:     def test_validate(branchkit_cli: CliInvoker) -> None:
#:         assert branchkit_cli("validate", "examples").exit_code == 0
CliInvoker = Callable[..., Result]

#: The people ``branchkit_dataset`` holds, the events among them, and its academic year.
DATASET_PEOPLE = 12
DATASET_EVENTS = 6
DATASET_YEAR = 2024


@pytest.fixture
def branchkit_plugins() -> Sequence[object]:
    """The plugin modules or objects under test: none unless a ``conftest.py`` overrides it.

    Example, in a ``conftest.py``::

        @pytest.fixture
        def branchkit_plugins():
            return [my_branch.hooks]
    """
    return ()


@pytest.fixture
def branchkit_host(branchkit_plugins: Sequence[object]) -> Host:
    """A new host of branchkit's built-ins and ``branchkit_plugins``, and nothing else.

    Example::

        def test_my_terms(branchkit_host):
            assert branchkit_host.label("role", "pioneer").zh == "党员先锋岗"
    """
    return isolated_host(*branchkit_plugins)


@pytest.fixture
def branchkit_problems(branchkit_plugins: Sequence[object]) -> tuple[str, ...]:
    """Every problem of every plugin under test, each checked alongside the others.

    Empty when all are sound; compare it with ``()`` so that a failure prints every problem.

    Example::

        def test_my_plugin_is_sound(branchkit_problems):
            assert branchkit_problems == ()
    """
    return tuple(
        problem
        for index, plugin in enumerate(branchkit_plugins)
        for problem in plugin_problems(
            plugin,
            alongside=[*branchkit_plugins[:index], *branchkit_plugins[index + 1 :]],
        )
    )


@pytest.fixture
def branchkit_load(branchkit_host: Host) -> Loader:
    """Load a file or folder with ``branchkit_host``; its problems raise ``InputError``.

    Example::

        def test_the_example_loads(branchkit_load):
            loaded = branchkit_load("examples")
            assert loaded.dataset.people
    """
    return branchkit_host.load


@pytest.fixture
def branchkit_seed() -> int:
    """The seed ``branchkit_dataset`` is built from: 0 unless overridden.

    Example, to test with other records::

        @pytest.fixture(params=[1, 2, 3])
        def branchkit_seed(request):
            return request.param
    """
    return 0


@pytest.fixture
def branchkit_dataset(branchkit_seed: int) -> Dataset:
    """Synthetic records of the academic year 2024–25: 12 students in 2 classes, 6 events.

    The same seed gives the same records (:func:`~branchkit.testing.builders.dataset`).

    Example::

        def test_events_are_counted(branchkit_dataset):
            assert len(branchkit_dataset.events) == 6
    """
    return dataset(
        DATASET_PEOPLE,
        seed=branchkit_seed,
        period=Period.academic_year(DATASET_YEAR),
        event_count=DATASET_EVENTS,
    )


@pytest.fixture
def branchkit_cli(branchkit_host: Host) -> CliInvoker:
    """Run ``branchkit`` with ``branchkit_host`` in the test's process.

    Arguments are converted with :class:`str`, so paths may be given as they are. The result's
    ``exit_code``, ``stdout`` and ``stderr`` are those of the command; an exception that is
    not an exit is raised into the test instead of being kept in the result.

    Example::

        def test_validate(branchkit_cli, tmp_path):
            result = branchkit_cli("validate", tmp_path / "framework.toml")
            assert result.exit_code == 0, result.stderr
    """
    # Imported here: the command line is the costliest part of branchkit to import.
    from branchkit.cli.main import cli  # noqa: PLC0415
    from branchkit.cli.settings import Settings  # noqa: PLC0415

    def invoke(*args: object, input: str | None = None) -> Result:
        return CliRunner().invoke(
            cli,
            [str(arg) for arg in args],
            input=input,
            obj=Settings((), None, host=branchkit_host),
            env={name: None for name in os.environ if name.startswith("BRANCHKIT_")},
            catch_exceptions=False,
        )

    return invoke
