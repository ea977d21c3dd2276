"""`arshif revert`: a new version equal in content to an earlier one (history is kept)."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.params import message_option, report_version, version_name, writer_options


@click.command("revert")
@click.argument("record_id")
@click.argument("version")
@message_option()
@writer_options
@pass_app
def revert_command(
    app: AppContext,
    record_id: str,
    version: str,
    message: str | None,
    user: str | None,
    wait: float,
) -> None:
    """Make a new version whose content equals VERSION; no version is ever removed.

    \b
    Example:
      arshif revert 529ae1d8c55a v1 -m "The outlet correction was wrong"
    """
    repo = app.repo(lock_wait=wait)
    short = repo.resolve_id(record_id)
    info = repo.revert(short, version_name(version), message, app.user(user))
    report_version(short, info)
