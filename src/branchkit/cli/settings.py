"""The options every command shares, and the plugin host they build."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from branchkit.plugins.host import Host

__all__ = ["Settings"]


class Settings:
    """The root options, and the plugin host built from them on first use."""

    def __init__(
        self, blocked: tuple[str, ...], strict: bool | None, host: Host | None = None
    ) -> None:
        self.blocked = blocked
        self.strict = strict
        # A host given here (by a test's runner) is used as it is: no plugins are loaded.
        self._host: Host | None = host

    def host(self) -> Host:
        """The plugin host, created on first use; load failures are warned about once."""
        if self._host is None:
            # Imported here so that `branchkit --help` does not pay for loading plugins.
            from branchkit.plugins.host import Host  # noqa: PLC0415

            self._host = Host.create(blocked=self.blocked, strict=self.strict)
            for failure in self._host.failures:
                click.echo(f"warning: {failure}", err=True)
        return self._host
