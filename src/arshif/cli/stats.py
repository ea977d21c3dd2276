"""`arshif stats`: what the archive holds, at a glance; or every value of one facet."""

from __future__ import annotations

import json
from typing import Any

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import display_options, echo, resolve_display
from arshif.cli.display import visual as to_visual
from arshif.cli.output import default_format, emit_rows, format_option, one_line, to_json
from arshif.cli.params import include_withdrawn_option
from arshif.cli.table import Column
from arshif.errors import UsageError
from arshif.views import FACETS


@click.command("stats")
@click.option(
    "--facet",
    type=click.Choice(FACETS),
    help="List every value of this facet with its count (no search needed), most frequent first.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    help="Show only the N most frequent values (default: 10 per facet in the overview, all "
    "with --facet).",
)
@include_withdrawn_option("Count withdrawn records in the facets too.")
@format_option("table", "json", "ndjson", "csv", "tsv")
@display_options
@pass_app
def stats_command(
    app: AppContext,
    facet: str | None,
    top: int | None,
    include_withdrawn: bool,
    fmt: str | None,
    color: str | None,
    bidi: str | None,
    no_pager: bool,
) -> None:
    """Show what the archive holds: records, withdrawn, versions, counts by language, outlet,
    year and tag, sizes on disk, the last change and who made it, and the search engine.

    Facets count the records a search shows (not withdrawn ones, unless --include-withdrawn).
    csv and tsv are for --facet.

    \b
    Examples:
      arshif stats
      arshif stats --format json | jq .facets.outlet
      arshif stats --facet outlet
      arshif stats --facet tag --top 20 --format csv > tags.csv
    """
    fmt = fmt or default_format()
    display = resolve_display(fmt, color, bidi, no_pager)
    repo = app.repo()
    if facet is not None:
        counts = repo.facet_counts((facet,), include_withdrawn)
        rows = [{"value": v, "count": c} for v, c in counts[facet][:top]]
        emit_rows(rows, (Column("value", max_width=60, shrink=1), "count"), fmt, display)
        return
    if fmt in ("csv", "tsv"):
        raise UsageError(
            f"--format {fmt} lists one facet: add --facet (one of {', '.join(FACETS)})"
        )
    stats = repo.stats(include_withdrawn)
    view = stats.as_dict(top or 10)
    if fmt == "json":
        click.echo(to_json(view))
    elif fmt == "ndjson":
        click.echo(json.dumps(view, ensure_ascii=False))
    else:
        echo(overview(view, display.bidi), display)


def _size(count: int) -> str:
    """``1.2 MB`` (decimal units, as ``du --si``)."""
    if count < 1000:
        return f"{count:,} bytes"
    value = float(count)
    for unit in ("KB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def overview(view: dict[str, Any], bidi: bool = False) -> str:
    """The statistics as ``label: value`` lines (values in visual order with `bidi`)."""
    last = view["last_change"]
    sizes = view["sizes"]
    generations = sizes["index_generations"]
    lines = [
        ("archive", f"{view['name']} (search engine: {view['engine']})"),
        ("records", f"{view['records']:,} ({view['withdrawn']:,} withdrawn)"),
        ("versions", f"{view['versions']:,}"),
        (
            "last change",
            "–"
            if last is None
            else f"{last['created']} by {last['user']}: {last['id']} {last['version']} "
            f"{one_line(last['message'], 60)}",
        ),
        ("archive on disk", _size(sizes["archive"])),
        (
            "index on disk",
            f"{_size(sizes['index'])} ({generations} generation{'s' if generations != 1 else ''})",
        ),
        ("counted", f"{view['counted']:,} records (withdrawn ones only with --include-withdrawn)"),
    ]
    for name, values in view["facets"].items():
        shown = " · ".join(f"{one_line(v['value'], 40)} {v['count']:,}" for v in values) or "–"
        more = view["facet_values"][name] - len(values)
        lines.append((f"by {name}", shown + (f" · … {more:,} more" if more > 0 else "")))
    width = max(len(label) for label, _ in lines) + 2
    return "\n".join(
        f"{label + ':':<{width}}{to_visual(value) if bidi else value}" for label, value in lines
    )
