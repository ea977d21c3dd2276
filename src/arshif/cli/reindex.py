"""`arshif reindex`: rebuild the search index from the archive alone."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.progress import Progress
from arshif.repository import ENGINES


@click.command("reindex")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="Switch the archive to this search engine: the index is rebuilt with it, and the "
    "engine is recorded in ROOT/archive/arshif.json once the new index is complete.",
)
@pass_app
def reindex_command(app: AppContext, engine: str | None) -> None:
    """Rebuild indexes/ from archive/ (after an upgrade that changed the analysis), or switch
    the search engine (--engine).

    The new index is built beside the old one and swapped in, so searches keep working.
    On a terminal a progress bar shows the records indexed and the rate. A switch killed
    before it finished leaves the archive on its old engine (its index is rebuilt by the
    next search); tantivy needs pip install 'arshif[tantivy]' (exit 2 if it is missing).

    \b
    Examples:
      arshif reindex
      arshif reindex --engine tantivy
    """
    repo = app.repo()
    with Progress("reindex", "records") as progress:
        count = repo.reindex(
            on_start=lambda total: progress.phase("reindex", total),
            on_record=progress.advance,
            engine=engine,
        )
    engine_note = f" with the {engine} engine" if engine else ""
    click.echo(f"indexed {count} record(s){engine_note}", err=True)
