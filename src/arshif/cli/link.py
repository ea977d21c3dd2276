"""`arshif link`: record that two records are duplicates or the same story (in both records)."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.params import message_option, writer_options


@click.command("link")
@click.argument("first")
@click.argument("second")
@click.option(
    "--as",
    "kind",
    type=click.Choice(["duplicate-of", "same-story"]),
    required=True,
    help="How FIRST relates to SECOND.",
)
@message_option()
@writer_options
@pass_app
def link_command(
    app: AppContext,
    first: str,
    second: str,
    kind: str,
    message: str | None,
    user: str | None,
    wait: float,
) -> None:
    """Link two records; each record's TEI records the link (one new version each).

    \b
    Example:
      arshif link 211c54ea0d5b 529ae1d8c55a --as duplicate-of -m "Wire copy"
    """
    repo = app.repo(lock_wait=wait)
    a, b = repo.resolve_id(first), repo.resolve_id(second)
    written = repo.link(a, b, kind, message, app.user(user))  # type: ignore[arg-type]
    for item in written:
        click.echo(f"{item.id}\t{item.version.version}\t{item.version.message}")
    if not written:
        click.echo(f"{a} and {b} are already linked as {kind}: no new version", err=True)
