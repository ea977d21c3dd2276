"""`arshif export --bag DIR`: the selected records as a BagIt bag (see `arshif.bags`)."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.cli.context import AppContext
from arshif.cli.progress import Progress


def export_bag(
    app: AppContext, target: Path, ids: tuple[str, ...], query: str | None, withdrawn: bool
) -> None:
    """Write the bag; say on stderr what is in it (and what was left out)."""
    repo = app.repo()
    with Progress("bagging", "objects") as progress:
        done = repo.export_bag(
            target, ids, query, include_withdrawn=withdrawn, on_object=progress.advance
        )
    if done.withdrawn_left_out:
        click.echo(
            f"{done.withdrawn_left_out} withdrawn record(s) left out (--include-withdrawn "
            "keeps them)",
            err=True,
        )
    click.echo(
        f"bag {done.bag.path}: {done.bag.objects} record(s), {done.bag.payload_files} files, "
        f"{done.bag.payload_bytes:,} bytes of payload",
        err=True,
    )
