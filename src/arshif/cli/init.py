"""`arshif init`: create an empty archive (an OCFL 1.1 storage root) in the root folder."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.cli.context import AppContext, pass_app
from arshif.config import is_root
from arshif.errors import UsageError
from arshif.repository import Repository


@click.command("init")
@pass_app
def init_command(app: AppContext) -> None:
    """Create an empty archive: ROOT/archive as an OCFL 1.1 storage root.

    ROOT is --root, else $ARSHIF_ROOT, else the working directory.

    \b
    Example:
      arshif --root ~/news init
    """
    import os

    root = (app.root_option or Path(os.environ.get("ARSHIF_ROOT") or ".")).resolve()
    if is_root(root):
        raise UsageError(f"{root} already holds an archive")
    repo = Repository.init(root)
    click.echo(f"created an empty archive in {repo.settings.archive_dir}")
