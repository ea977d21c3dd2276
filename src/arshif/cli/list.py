"""`arshif list`: the records in the archive, one line each."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import bidi_options, resolve_display
from arshif.cli.output import default_format, emit_rows, format_option
from arshif.cli.params import record_filter_options
from arshif.cli.table import Column

#: When room is short the title keeps twice the room of the outlet and the source id; on a
#: narrow terminal the source id is left out.
COLUMNS: tuple[Column | str, ...] = (
    Column("id"),
    Column("lang"),
    Column("published"),
    Column("outlet", max_width=24, min_width=8, shrink=1),
    Column("title", min_width=16, shrink=2),
    Column("source_id", max_width=24, min_width=9, shrink=1, optional=1),
)


@click.command("list")
@record_filter_options("Include withdrawn records (a withdrawn column).")
@format_option("table", "json", "ndjson", "csv", "tsv")
@bidi_options
@pass_app
def list_command(
    app: AppContext,
    tag: str | None,
    outlet: str | None,
    lang: str | None,
    since: str | None,
    until: str | None,
    include_withdrawn: bool,
    fmt: str | None,
    bidi: str | None,
    no_pager: bool,
) -> None:
    """List the records in the archive (head versions), in id order.

    \b
    Examples:
      arshif list
      arshif list --format csv > records.csv
      arshif list --tag iraq --include-withdrawn
      arshif list --outlet kayhan.ir --lang ar --since 2021-07 --until 2021-12
    """
    listed = app.repo().listed(
        tag=tag,
        outlet=outlet,
        lang=lang,
        since=since,
        until=until,
        include_withdrawn=include_withdrawn,
    )
    rows = []
    for record in listed:
        meta = record.metadata
        rows.append(
            {
                "id": record.id,
                "lang": meta.lang,
                "published": meta.published,
                "outlet": meta.outlet,
                "title": meta.title,
                "source_id": meta.source_id,
                "withdrawn": record.withdrawn is not None,
                "tags": list(meta.tags),
            }
        )
    fmt = fmt or default_format()
    columns = (*COLUMNS, Column("withdrawn")) if include_withdrawn else COLUMNS
    emit_rows(rows, columns, fmt, resolve_display(fmt, bidi=bidi, no_pager=no_pager))
