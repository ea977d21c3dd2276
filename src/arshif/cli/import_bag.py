"""`arshif import --bag DIR`: bring in another repository's bag, objects with their history.

A command of its own, not an option of `arshif ingest`: ingest turns captures into new records
(decoding, extraction, v1), import takes records that already exist elsewhere, every version
as it is, and shares none of ingest's options.
"""

from __future__ import annotations

from pathlib import Path

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import one_line
from arshif.cli.params import max_size_option, wait_option

#: The largest file a bag may hold (a capture is at most 50 MiB; its record is text).
DEFAULT_MAX_FILE = 256 * 2**20


@click.command("import")
@click.option(
    "--bag",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The bag's folder (BagIt 0.97 or 1.0, as `arshif export --bag` writes it).",
)
@max_size_option(DEFAULT_MAX_FILE, "Largest file accepted in the bag, in bytes.")
@wait_option
@pass_app
def import_command(app: AppContext, bag: Path, max_size: int, wait: float) -> None:
    """Import a bag's records with every version, and index them.

    The bag is checked whole first: every file and digest (a single changed byte refuses
    it), each OCFL object, each record. Then each object is added whole; one already here
    with the same history is skipped, one whose history the bag continues gets the later
    versions, one with another history refuses the bag. Nothing is written when the bag is
    refused. One line per record on stdout: id, then "added", "updated" or "already in
    archive".

    \b
    Examples:
      arshif import --bag handover/
    """
    done = app.repo(lock_wait=wait).import_bag(bag, limit=max_size)
    for short_id in done.added:
        click.echo(f"{short_id}\tadded")
    for short_id in done.updated:
        click.echo(f"{short_id}\tupdated")
    for short_id in done.present:
        click.echo(f"{short_id}\talready in archive")
    source = done.info.get("Source-Organization")
    origin = f" from {one_line(source)}" if source else ""
    click.echo(
        f"{len(done.added)} added, {len(done.updated)} updated, {len(done.present)} already "
        f"in archive{origin}",
        err=True,
    )
