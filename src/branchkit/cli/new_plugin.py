"""``branchkit new-plugin``: write a plugin's project, ready to install, test and change.

The project is rendered from the templates in ``branchkit/cli/templates/plugin/``: each file
there ends in ``.tmpl`` (so that no tool takes a template for code of branchkit's own) and is
rendered with Jinja2; a folder named ``__package__`` becomes the plugin's package. The names
the templates are given come from :func:`plugin_names`.

>>> names = plugin_names("river-branch")
>>> names.distribution, names.package, names.slug
('branchkit-river-branch', 'branchkit_river_branch', 'river-branch')
>>> plugin_names("branchkit-river-branch") == names
True
>>> branchkit_requirement("0.1.0")
'branchkit>=0.1,<0.2'
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs
import click

from branchkit._version import __version__
from branchkit.errors import BranchkitError

__all__ = ["PluginNames", "branchkit_requirement", "new_plugin", "plugin_names", "write_plugin"]

#: What every generated distribution's name starts with.
DISTRIBUTION_PREFIX = "branchkit-"
#: The ending of template files, taken off the files written.
TEMPLATE_SUFFIX = ".tmpl"
#: The folder name in the templates that becomes the plugin's package.
PACKAGE_FOLDER = "__package__"
#: The longest slug: it is a plugin name, a framework key and part of every key and import,
#: and the generated code stays within its line length for names up to this long.
MAX_SLUG = 40
# A slug is a branchkit key that also makes a Python identifier once "-" is "_": lower-case
# words of letters and digits joined by single hyphens, starting with a letter.
_SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_RELEASE = re.compile(r"(\d+)\.(\d+)(?:\.\d+)*")
# The plugin name branchkit registers its own hooks under.
_RESERVED = frozenset({"builtin"})


@attrs.frozen(kw_only=True)
class PluginNames:
    """The names of a new plugin, all derived from one.

    :param slug: the plugin's name (its entry point's name) and its framework's key
        (``river-branch``).
    :param distribution: the distribution's name (``branchkit-river-branch``).
    :param package: the Python package's name (``branchkit_river_branch``).
    :param prefix: what the keys the plugin contributes start with, so that they do not clash
        with another plugin's (``river_branch``).
    """

    slug: str
    distribution: str
    package: str
    prefix: str


def plugin_names(name: str) -> PluginNames:
    """The names of the plugin called ``name``, with or without the ``branchkit-`` prefix.

    :param name: a distribution name such as ``branchkit-river-branch`` or ``river-branch``.
    :raises ValueError: when ``name`` is not lower-case ASCII letters, digits and single
        hyphens starting with a letter, or is too long.
    """
    slug = name.removeprefix(DISTRIBUTION_PREFIX)
    if not slug or slug == "branchkit" or slug.startswith(DISTRIBUTION_PREFIX):
        raise ValueError(f"{name!r} does not name a branch after {DISTRIBUTION_PREFIX!r}")
    if not _SLUG.fullmatch(slug):
        raise ValueError(
            f"{name!r} is not a plugin name: use lower-case ASCII letters, digits and single "
            "hyphens, starting with a letter (river-branch)"
        )
    if len(slug) > MAX_SLUG:
        raise ValueError(f"{name!r} is too long: at most {MAX_SLUG} characters after the prefix")
    if slug in _RESERVED:
        raise ValueError(f"{name!r} is reserved: branchkit's own plugin is called {slug!r}")
    prefix = slug.replace("-", "_")
    return PluginNames(
        slug=slug,
        distribution=DISTRIBUTION_PREFIX + slug,
        package="branchkit_" + prefix,
        prefix=prefix,
    )


def branchkit_requirement(version: str) -> str:
    """The requirement on branchkit a plugin written against ``version`` states.

    Any release of the same minor series: a plugin uses hooks and records that a minor release
    of a 0.x series may change. A pre-release (``0.2.0rc1``) is allowed in its series.

    :param version: a branchkit version, such as ``0.1.0``.
    :raises ValueError: when ``version`` does not start with a major and a minor number.
    """
    found = _RELEASE.match(version)
    if found is None:
        raise ValueError(f"{version!r} is not a release version")
    major, minor = int(found[1]), int(found[2])
    lowest = f"{major}.{minor}" if found.end() == len(version) else f"{major}.{minor}.0.dev0"
    return f"branchkit>={lowest},<{major}.{minor + 1}"


def _templates() -> Traversable:
    return files("branchkit.cli") / "templates" / "plugin"


def _template_files(
    folder: Traversable, parts: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Traversable]]:
    """Every template under ``folder`` with its path's parts, in order of path."""
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _template_files(entry, (*parts, entry.name))
        elif entry.name.endswith(TEMPLATE_SUFFIX):
            yield (*parts, entry.name), entry


def render_plugin(names: PluginNames) -> dict[Path, str]:
    """Every file of the plugin's project: its path in the project and its text.

    :param names: the plugin's names.
    """
    import jinja2  # noqa: PLC0415 - only this command renders templates

    # StrictUndefined: a misspelled placeholder fails here, not in the developer's project.
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    values = {
        **attrs.asdict(names),
        "requirement": branchkit_requirement(__version__),
        "branchkit_version": __version__,
    }
    rendered: dict[Path, str] = {}
    for parts, template in _template_files(_templates()):
        *folders, name = (names.package if part == PACKAGE_FOLDER else part for part in parts)
        path = Path(*folders, name.removesuffix(TEMPLATE_SUFFIX))
        rendered[path] = environment.from_string(template.read_text("utf-8")).render(values)
    return rendered


def write_plugin(name: str, dest: Path) -> list[Path]:
    """Write the project of the plugin called ``name`` into ``dest/<distribution>``.

    Every file is rendered before the first is written, and each is created new: nothing that
    exists is ever overwritten.

    :param name: the plugin's name, as :func:`plugin_names` takes it.
    :param dest: the folder to create the project in; created if it does not exist.
    :returns: the files written, in order of path.
    :raises ValueError: when ``name`` is not a plugin name.
    :raises BranchkitError: when the project's folder exists and is not empty.
    """
    names = plugin_names(name)
    rendered = render_plugin(names)
    project = dest / names.distribution
    if project.exists() and (not project.is_dir() or any(project.iterdir())):
        raise BranchkitError(
            f"{project}: already exists and is not empty; choose another --dest or name"
        )
    written: list[Path] = []
    for relative, text in rendered.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": fail rather than overwrite a file that appeared since the check above.
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
        written.append(path)
    return written


def _name(context: click.Context, parameter: click.Parameter, value: str) -> str:
    try:
        plugin_names(value)
    except ValueError as error:
        raise click.BadParameter(str(error), context, parameter) from None
    return value


@click.command(name="new-plugin")
@click.argument("name", callback=_name)
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default="the current folder",
    metavar="DIR",
    help="The folder to create the project in, as DIR/branchkit-NAME.",
)
def new_plugin(name: str, dest: Path) -> None:
    """Write a new plugin's project for the branch NAME, ready to install and test.

    NAME is lower-case letters, digits and hyphens (river-branch or
    branchkit-river-branch). The project, DIR/branchkit-NAME, is a distribution with one
    contribution of each kind (a framework, terms, a condition predicate, a point rule, an
    indicator source, a report section), example records, tests and a README. An existing
    folder that is not empty is refused; nothing is overwritten.
    """
    names = plugin_names(name)
    written = write_plugin(name, dest)
    project = dest / names.distribution
    click.echo(
        f"created {project}: the plugin {names.slug} (package {names.package}), "
        f"{len(written)} files"
    )
    for path in written:
        click.echo(f"  {path.relative_to(project).as_posix()}")
    click.echo("next:")
    for command in (
        f"cd {shlex.quote(str(project))}",
        'python -m pip install -e ".[test]"',
        "python -m pytest",
        "branchkit plugins",
    ):
        click.echo(f"  {command}")
