"""`arshif verify`: check the archive's OCFL validity, every digest, every record, the index."""

from __future__ import annotations

import sys

import click

from arshif.cli.context import AppContext, pass_app


@click.command("verify")
@click.option(
    "--repair",
    is_flag=True,
    help="Remove leftover staging, finish or roll back interrupted writes, and bring "
    "the index up to date.",
)
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
        bad = sorted({p.object_id for p in problems if p.object_id and p.code not in _REPAIRABLE})
        repairable = sorted({p.code for p in problems if p.code in _REPAIRABLE})
        parts = [p.message for p in problems if p.code == "CONFIG"]
        if bad:
            parts.append(f"{len(bad)} of {count} object(s) invalid: {', '.join(bad)}")
        if repairable:
            what = " and ".join(_REPAIRABLE[code] for code in repairable)
            parts.append(what if repair else f"{what}; run `arshif verify --repair`")
        click.echo(f"arshif: error: {'; '.join(parts)}", err=True)
        sys.exit(8)
    click.echo(f"{count} object(s) valid", err=True)


#: Problem codes that are not damage to an object: what an interrupted write leaves behind.
_REPAIRABLE = {
    "INDEX": "the search index lags the archive",
    "staging-leftover": "an interrupted write left staging",
}
