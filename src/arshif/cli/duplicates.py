"""`arshif duplicates`: near-duplicate records (wire copies, republished stories) and the
passages they share."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import bidi_options, resolve_display
from arshif.cli.output import default_format, emit_rows, format_option
from arshif.cli.table import Column

#: The shared passage takes the room that is left.
COLUMNS: tuple[Column | str, ...] = (
    Column("ids", min_width=12, shrink=1),
    Column("kind"),
    Column("similarity"),
    Column("shared", min_width=16, shrink=3),
)


@click.command("duplicates")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Whole-record similarity (MinHash Jaccard) to report. Default 0.5.",
)
@click.option(
    "--min-words",
    type=click.IntRange(min=8),
    default=None,
    help="Shortest shared passage to report, in words. Default 12.",
)
@format_option("table", "json", "ndjson")
@bidi_options
@pass_app
def duplicates_command(
    app: AppContext,
    threshold: float | None,
    min_words: int | None,
    fmt: str | None,
    bidi: str | None,
    no_pager: bool,
) -> None:
    """List groups of near-duplicate records with the passages they share.

    \b
    Examples:
      arshif duplicates
      arshif duplicates --format ndjson | jq -c .ids
    """
    from arshif.curator import Curator

    groups = Curator(app.repo()).duplicates(threshold=threshold, min_words=min_words)
    rows = [g.as_dict() for g in groups]
    fmt = fmt or default_format()
    emit_rows(rows, COLUMNS, fmt, resolve_display(fmt, bidi=bidi, no_pager=no_pager))
