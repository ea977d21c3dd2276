"""`arshif reindex`: rebuild the search index from the archive alone."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.progress import Progress


@click.command("reindex")
@pass_app
def reindex_command(app: AppContext) -> None:
    """Rebuild indexes/ from archive/ (after an upgrade that changed the analysis).

    The new index is built beside the old one and swapped in, so searches keep working.
    On a terminal a progress bar shows the records indexed and the rate.

    \b
    Example:
      arshif reindex
    """
    repo = app.repo()
    with Progress("reindex", "records") as progress:
        count = repo.reindex(
            on_start=lambda total: progress.phase("reindex", total), on_record=progress.advance
        )
    click.echo(f"indexed {count} record(s)", err=True)
