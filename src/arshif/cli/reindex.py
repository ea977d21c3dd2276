"""`arshif reindex`: rebuild the search index from the archive alone."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app


@click.command("reindex")
@pass_app
def reindex_command(app: AppContext) -> None:
    """Rebuild indexes/ from archive/ (after an upgrade that changed the analysis).

    The new index is built beside the old one and swapped in, so searches keep working.

    \b
    Example:
      arshif reindex
    """
    count = app.repo().reindex()
    click.echo(f"indexed {count} record(s)", err=True)
