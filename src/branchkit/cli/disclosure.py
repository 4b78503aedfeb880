"""The ``--role``, ``--pseudonymise`` and ``--key-file`` options every reporting command takes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from branchkit.records.privacy import PrivacyPolicy
    from branchkit.report.disclosure import Disclosure

__all__ = ["disclosure_options", "make_disclosure"]

F = TypeVar("F", bound=Callable[..., None])


def disclosure_options(command: F) -> F:
    """Add the options that choose what an output may show."""
    command = click.option(
        "--key-file",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="PATH",
        help="The pseudonym key's file (else BRANCHKIT_PSEUDONYM_KEY).",
    )(command)
    command = click.option(
        "--pseudonymise",
        is_flag=True,
        help="Replace identifiers with keyed pseudonyms and leave names out.",
    )(command)
    return click.option(
        "--role",
        "roles",
        multiple=True,
        metavar="ROLE",
        help="A role the reader holds; the framework's privacy policy says what it may see.",
    )(command)


def make_disclosure(
    policy: PrivacyPolicy, roles: tuple[str, ...], pseudonymise: bool, key_file: Path | None
) -> Disclosure:
    """The disclosure for a command's options, under ``policy``.

    A role the policy grants nothing is a usage error rather than a silent no-op: a misspelt
    ``--role`` would otherwise print a redacted report its reader takes for complete.
    """
    # Imported when a command runs, so that `branchkit --help` stays quick.
    from branchkit.io.pseudonyms import Pseudonymiser  # noqa: PLC0415
    from branchkit.records.privacy import Viewer  # noqa: PLC0415
    from branchkit.report.disclosure import Disclosure  # noqa: PLC0415

    granted = policy.sensitive_roles | (policy.personal_roles or frozenset())
    for role in roles:
        if role not in granted:
            known = ", ".join(sorted(granted)) or "(none)"
            raise click.UsageError(
                f"the role {role!r} may see nothing more than anyone; roles with more: {known}"
            )
    if key_file is not None and not pseudonymise:
        raise click.UsageError("--key-file goes with --pseudonymise")
    pseudonymiser = Pseudonymiser.from_environment(file=key_file) if pseudonymise else None
    return Disclosure(
        policy=policy, viewer=Viewer(roles=frozenset(roles)), pseudonymiser=pseudonymiser
    )
