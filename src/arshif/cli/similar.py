"""`arshif similar`: the records most like a given one (more like this)."""

from __future__ import annotations

import sys

import click

from arshif.cli import display
from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import display_options, resolve_display
from arshif.cli.output import default_format, format_option
from arshif.cli.params import include_withdrawn_option
from arshif.cli.results import emit_page


@click.command("similar")
@click.argument("record_id")
@click.option(
    "-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Most hits."
)
@include_withdrawn_option()
@format_option("table", "json", "ndjson", "csv", "tsv")
@display_options
@pass_app
def similar_command(
    app: AppContext,
    record_id: str,
    limit: int,
    include_withdrawn: bool,
    fmt: str | None,
    color: str,
    bidi: str | None,
    no_pager: bool,
) -> None:
    """Records most like RECORD_ID: those sharing the most of its distinctive words.

    The record's key terms (Whoosh more-like-this on its analysed text, in its language) are
    searched; the record itself is left out. Exits 1 when nothing is similar.

    \b
    Examples:
      arshif similar 529ae1d8c55a
      arshif similar 529ae1d8c55a --limit 3 --format ndjson | jq -r .id
    """
    page = app.repo().similar(record_id, limit=limit, include_withdrawn=include_withdrawn)
    fmt = fmt or default_format()
    shown = resolve_display(fmt, color, bidi, no_pager)
    emit_page(page, fmt, shown, envelope=False, withdrawn=include_withdrawn)
    if not page.hits and display.stdout_is_terminal():
        click.echo(f"no records like {page.query.removeprefix('similar:')}", err=True)
    sys.exit(0 if page.hits else 1)
