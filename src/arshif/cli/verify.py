"""`arshif verify`: check the archive's OCFL validity, every digest, every record, the index."""

from __future__ import annotations

import sys

import click

from arshif.cli.context import AppContext, pass_app


@click.command("verify")
@click.option("--repair", is_flag=True,
              help="Remove leftover staging, finish or roll back interrupted writes, and bring "
              "the index up to date.")
@pass_app
def verify_command(app: AppContext, repair: bool) -> None:
    """Verify the archive: OCFL 1.1 structure, sha512 and sha256 digests, TEI validity, index.

    Exits 0 when everything is valid, 8 naming each bad object otherwise.

    \b
    Examples:
      arshif verify
      arshif verify --repair
    """
    repo = app.repo()
    problems = repo.verify(repair=repair)
    for problem in problems:
        where = problem.object_id or "archive"
        click.echo(f"{where}\t{problem.code}\t{problem.message}")
    count = len(repo.ids())
    if problems:
        bad = sorted({p.object_id for p in problems if p.object_id})
        click.echo(f"arshif: error: {len(bad)} of {count} object(s) invalid"
                   + (f": {', '.join(bad)}" if bad else "") , err=True)
        sys.exit(8)
    click.echo(f"{count} object(s) valid", err=True)
