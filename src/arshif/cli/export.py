"""`arshif export`: the metadata of every record as CSV or ndjson (to fix in a spreadsheet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import json_line
from arshif.cli.progress import Progress
from arshif.errors import UsageError


@click.command("export")
@click.argument("ids", nargs=-1)
@click.option(
    "--bag",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a BagIt bag to this new folder instead: the records' OCFL objects with every "
    "version, and their metadata (IDS and --query select the records; default all).",
)
@click.option("--query", help="With --bag: the records this search finds (with IDS: and those).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "ndjson"]),
    default="csv",
    show_default=True,
    help="csv (for spreadsheets, with a BOM) or ndjson.",
)
@click.option(
    "--include-withdrawn",
    is_flag=True,
    help="Include withdrawn records (the CSV gets a withdrawn column, which edit --from-csv "
    "reads past).",
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write to this file (default: stdout).",
)
@pass_app
def export_command(
    app: AppContext,
    ids: tuple[str, ...],
    bag: Path | None,
    query: str | None,
    fmt: str,
    include_withdrawn: bool,
    output: Any,
) -> None:
    """Export the metadata of the records; `arshif edit --from-csv` reads the CSV back.

    \b
    Examples:
      arshif export > metadata.csv
      arshif export --format ndjson | jq .outlet
      arshif export --bag handover/ --query "outlet:kayhan.ir"
    """
    if bag is not None:
        from arshif.cli.export_bag import export_bag

        export_bag(app, bag, ids, query, include_withdrawn)
        return
    if ids or query is not None:
        raise UsageError("IDS and --query select the records of a bag: use them with --bag")
    from arshif.views import record_view

    repo = app.repo()
    with Progress("export", "records", repo.record_count()) as progress:
        records = [
            r for r in progress.iterate(repo.records()) if include_withdrawn or r.withdrawn is None
        ]
    if fmt == "csv":
        output.write(repo.metadata_csv(records, withdrawn_column=include_withdrawn))
        return
    for record in records:
        view = record_view(record)
        view.pop("versions")
        output.write(json_line(view) + "\n")
