"""`arshif list`: the records in the archive, one line each."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import default_format, emit_rows, format_option

COLUMNS = ("id", "lang", "published", "outlet", "title", "source_id")


@click.command("list")
@click.option("--tag", help="Only records with this tag.")
@click.option("--include-withdrawn", is_flag=True, help="Include withdrawn records.")
@format_option("table", "json", "ndjson", "csv", "tsv")
@pass_app
def list_command(
    app: AppContext, tag: str | None, include_withdrawn: bool, fmt: str | None
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
    emit_rows(rows, COLUMNS, fmt or default_format(), limits={"title": 60, "outlet": 20})
