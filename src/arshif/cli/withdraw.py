"""`arshif withdraw` and `arshif restore`: take a record out of results, or bring it back."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.params import message_option, report_version, writer_options


@click.command("withdraw")
@click.argument("record_id")
@click.option(
    "--reason", required=True, help="Why (takedown, copyright, error…); kept in the record."
)
@message_option()
@writer_options
@pass_app
def withdraw_command(
    app: AppContext, record_id: str, reason: str, message: str | None, user: str | None, wait: float
) -> None:
    """Withdraw a record: it leaves default search results and listings, but its capture and
    every version stay in the archive, and `show` says when, by whom and why.

    \b
    Example:
      arshif withdraw 529ae1d8c55a --reason "Takedown request from the publisher"
    """
    repo = app.repo(lock_wait=wait)
    short = repo.resolve_id(record_id)
    report_version(short, repo.withdraw(short, reason, message, app.user(user)))


@click.command("restore")
@click.argument("record_id")
@message_option()
@writer_options
@pass_app
def restore_command(
    app: AppContext, record_id: str, message: str | None, user: str | None, wait: float
) -> None:
    """Restore a withdrawn record to search results and listings (a new version).

    \b
    Example:
      arshif restore 529ae1d8c55a -m "Takedown request withdrawn"
    """
    repo = app.repo(lock_wait=wait)
    short = repo.resolve_id(record_id)
    report_version(short, repo.restore(short, message, app.user(user)))
