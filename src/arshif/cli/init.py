"""`arshif init`: create an empty archive (an OCFL 1.1 storage root) in the root folder."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.cli.context import AppContext, pass_app
from arshif.repository import DEFAULT_NAME, ENGINES, Repository


@click.command("init")
@click.option(
    "--name",
    help=f"The archive's name, cited as where records are held (default: {DEFAULT_NAME}; "
    "change it later with `arshif config name`).",
)
@click.option("--admin-email", help="A contact address for the archive (name@host).")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="The search engine (default: $ARSHIF_ENGINE, else whoosh). whoosh: pure Python, "
    "for small archives; tantivy: for large ones (pip install 'arshif[tantivy]'; exit 2 if "
    "it is not installed). Switch later with `arshif reindex --engine`.",
)
@pass_app
def init_command(
    app: AppContext, name: str | None, admin_email: str | None, engine: str | None
) -> None:
    """Create an empty archive: ROOT/archive as an OCFL 1.1 storage root, with its name,
    contact and search engine in ROOT/archive/arshif.json.

    ROOT is --root, else $ARSHIF_ROOT, else the working directory.

    \b
    Examples:
      arshif --root ~/news init
      arshif --root ~/news init --name "Iraq withdrawal press archive" --admin-email a@b.org
      arshif --root ~/news init --engine tantivy
    """
    import os

    root = (app.root_option or Path(os.environ.get("ARSHIF_ROOT") or ".")).resolve()
    repo = Repository.create(root, name=name, admin_email=admin_email, engine=engine)
    named = f" {repo.config.name!r}" if name is not None else ""
    click.echo(f"created an empty archive{named} in {repo.settings.archive_dir}")
