"""`arshif duplicates`: near-duplicate records (wire copies, republished stories) and the
passages they share."""

from __future__ import annotations

from typing import Any

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import bidi_options, resolve_display
from arshif.cli.output import default_format, emit_rows, format_option, one_line
from arshif.cli.table import Column

#: The titles and the shared passage take the room that is left.
COLUMNS: tuple[Column | str, ...] = (
    Column("ids", min_width=12, shrink=1),
    Column("kind"),
    Column("similarity"),
    Column("linked"),
    Column("titles", min_width=16, shrink=3),
    Column("shared", min_width=16, shrink=2),
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
@click.option(
    "--include-withdrawn",
    is_flag=True,
    help="Compare withdrawn records too (marked in a withdrawn column).",
)
@format_option("table", "json", "ndjson")
@bidi_options
@pass_app
def duplicates_command(
    app: AppContext,
    threshold: float | None,
    min_words: int | None,
    include_withdrawn: bool,
    fmt: str | None,
    bidi: str | None,
    no_pager: bool,
) -> None:
    """List groups of near-duplicate records with their titles, the links already recorded
    between them (linked), and the passages they share.

    Passages that many different records share (an outlet's footer, a prince's titles, a
    weather report's formula) are boilerplate and not reported.

    \b
    Examples:
      arshif duplicates
      arshif duplicates --format ndjson | jq -c 'select(.linked == []) | .ids'
    """
    listed = app.repo().duplicates(
        threshold=threshold, min_words=min_words, include_withdrawn=include_withdrawn
    )
    fmt = fmt or default_format()
    columns = (*COLUMNS[:4], Column("withdrawn"), *COLUMNS[4:]) if include_withdrawn else COLUMNS
    rows: list[dict[str, Any]] = [item.as_dict() for item in listed]
    if fmt == "table":
        for row in rows:
            row["titles"] = " | ".join(one_line(title, 30) for title in row["titles"])
    emit_rows(rows, columns, fmt, resolve_display(fmt, bidi=bidi, no_pager=no_pager))
