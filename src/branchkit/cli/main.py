"""The ``branchkit`` command line.

Exit codes: 0 when all is well, 1 for bad input (every problem is printed, one per line, never
a traceback), 2 for a command used wrongly. Output for people goes to standard output;
warnings and errors go to standard error.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import click

from branchkit._version import __version__
from branchkit.cli.checklist import checklist
from branchkit.cli.contacts import contacts
from branchkit.cli.evaluate import evaluate
from branchkit.cli.ledger import ledger
from branchkit.cli.new_plugin import new_plugin
from branchkit.cli.obligations import obligations
from branchkit.cli.pairing import pair
from branchkit.cli.rubric import rubric
from branchkit.cli.settings import Settings
from branchkit.cli.staging import due, rank
from branchkit.cli.targets import targets
from branchkit.errors import BranchkitError, InputError

__all__ = ["cli", "main"]

EXIT_BAD_INPUT = 1


class _Group(click.Group):
    """A group that reports branchkit's errors as messages with exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except BranchkitError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(EXIT_BAD_INPUT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", prog_name="branchkit", message="%(prog)s %(version)s"
)
@click.option(
    "--block-plugin",
    "blocked",
    multiple=True,
    metavar="NAME",
    help="Do not load the plugin NAME (repeatable; also BRANCHKIT_BLOCK_PLUGINS=a,b).",
)
@click.option(
    "--strict-plugins/--no-strict-plugins",
    "strict",
    default=None,
    help="Fail when a plugin cannot be loaded instead of skipping it with a warning "
    "(also BRANCHKIT_STRICT_PLUGINS=1).",
)
@click.pass_context
def cli(ctx: click.Context, blocked: tuple[str, ...], strict: bool | None) -> None:
    """branchkit: evaluate a party branch's work against its framework."""
    # An invocation may bring its own settings and host, as the pytest plugin's runner does.
    if not isinstance(ctx.obj, Settings):
        ctx.obj = Settings(blocked, strict)


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A listing for people, or JSON for programs.",
)
@click.pass_obj
def plugins(settings: Settings, output_format: str) -> None:
    """List the plugins with their distributions, hooks and contributions."""
    from branchkit.cli.output import plugins_json, plugins_table  # noqa: PLC0415

    host = settings.host()
    if output_format == "json":
        click.echo(plugins_json(host, host.converter()), nl=False)
    else:
        width = max(40, min(shutil.get_terminal_size().columns, 100) - 4)
        wrap = textwrap.TextWrapper(width, subsequent_indent="    ").wrap
        click.echo(plugins_table(host, wrap), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def validate(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Check framework and data files (or folders of them) and print every problem.

    Each problem is one line: the file, where in it, and what is wrong. The exit code is 0
    when every file is valid and 1 otherwise.
    """
    host = settings.host()
    failed = False
    for path in paths:
        problems = host.validate(path)
        for problem in problems:
            click.echo(str(problem))
        if problems:
            failed = True
            noun = "problem" if len(problems) == 1 else "problems"
            click.echo(f"{path}: {len(problems)} {noun}", err=True)
        else:
            click.echo(f"{path}: ok")
    if failed:
        raise SystemExit(EXIT_BAD_INPUT)


cli.add_command(rank)
cli.add_command(due)
cli.add_command(contacts)
cli.add_command(pair)
cli.add_command(obligations)
cli.add_command(checklist)
cli.add_command(targets)
cli.add_command(rubric)
cli.add_command(evaluate)
cli.add_command(ledger)
cli.add_command(new_plugin)


def main() -> None:
    """Run the command line (the ``branchkit`` console script)."""
    cli(prog_name="branchkit")
