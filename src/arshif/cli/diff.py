"""`arshif diff`: what changed between two versions of a record, field by field and word by word."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import to_json
from arshif.cli.params import version_name


@click.command("diff")
@click.argument("record_id")
@click.argument("first")
@click.argument("second")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["unified", "json"]),
    default="unified",
    show_default=True,
    help="unified: readable, [-removed-]{+added+}; json: structured.",
)
@pass_app
def diff_command(app: AppContext, record_id: str, first: str, second: str, fmt: str) -> None:
    """Compare two versions of a record (text stays in logical order, never reshaped).

    \b
    Examples:
      arshif diff 529ae1d8c55a v1 v2
      arshif diff 529ae1d8c55a 1 3 --format json | jq .metadata
    """
    from arshif.curation.diff import render_unified
    from arshif.curation.diff import to_json as diff_json
    from arshif.curator import Curator

    repo = app.repo()
    short = repo.resolve_id(record_id)
    old, new = version_name(first), version_name(second)
    result = Curator(repo).diff(short, old, new)
    if fmt == "json":
        click.echo(to_json(diff_json(result)))
    elif result.is_empty:
        click.echo(f"{short}: {old} and {new} do not differ", err=True)
    else:
        click.echo(render_unified(result), nl=False)
