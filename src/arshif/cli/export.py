"""`arshif export`: the metadata of every record as CSV or ndjson (to fix in a spreadsheet)."""

from __future__ import annotations

import json
from typing import Any

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.progress import Progress


@click.command("export")
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
def export_command(app: AppContext, fmt: str, include_withdrawn: bool, output: Any) -> None:
    """Export the metadata of the records; `arshif edit --from-csv` reads the CSV back.

    \b
    Examples:
      arshif export > metadata.csv
      arshif export --format ndjson | jq .outlet
    """
    from arshif.curation.csvedit import export_columns, to_csv
    from arshif.views import record_view

    repo = app.repo()
    with Progress("export", "records", repo.record_count()) as progress:
        records = [
            r for r in progress.iterate(repo.records()) if include_withdrawn or r.withdrawn is None
        ]
    if fmt == "csv":
        columns = export_columns(records)
        output.write(to_csv(records, (*columns, "withdrawn") if include_withdrawn else columns))
        return
    for record in records:
        view = record_view(record)
        view.pop("versions")
        output.write(json.dumps(view, ensure_ascii=False) + "\n")
