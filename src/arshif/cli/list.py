"""`arshif list`: the records in the archive, one line each."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import bidi_options, resolve_display
from arshif.cli.output import default_format, emit_rows, format_option
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
@click.option("--tag", help="Only records with this tag.")
@click.option("--include-withdrawn", is_flag=True, help="Include withdrawn records.")
@format_option("table", "json", "ndjson", "csv", "tsv")
@bidi_options
@pass_app
def list_command(
    app: AppContext,
    tag: str | None,
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
    """
    from arshif.text.fold import fold

    repo = app.repo()
    wanted = None if tag is None else fold(tag.strip())  # as search's tag: matches (ی = ي)
    rows = []
    for record in repo.records():
        if record.withdrawn is not None and not include_withdrawn:
            continue
        if wanted is not None and wanted not in {fold(t) for t in record.metadata.tags}:
            continue
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
    emit_rows(rows, COLUMNS, fmt, resolve_display(fmt, bidi=bidi, no_pager=no_pager))
