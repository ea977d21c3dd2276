"""Rendering of search pages (`arshif search`, `arshif similar`) in every output format.

* table: one row per hit, the snippet cut around its first highlight, then the facet counts;
* json: the list of hits, or, with facets, ``{"query", "total", "offset", "limit", "hits",
  "facets", "suggestion"}``;
* ndjson: one hit per line, then one ``{"facet", "value", "count"}`` line per facet value;
* csv/tsv: one hit per row (facet counts go to stderr);
* trec: ``qid Q0 docno rank score arshif`` lines.

Highlights are ``[``…``]`` in json, ndjson and csv (and the ``highlights`` list holds the matched
words), bold colour on a terminal (`arshif.cli.display`). "Did you mean" and "N of M hits" are
messages: stderr.
"""

from __future__ import annotations

import shutil
from typing import Any

import click

from arshif.api import SearchPage
from arshif.cli.display import Display, echo
from arshif.cli.output import display_width, emit_rows, one_line, render_table, to_json
from arshif.model import HIGHLIGHT_START

TABLE_COLUMNS = ("rank", "id", "score", "lang", "published", "outlet", "title", "snippet")
CSV_COLUMNS = (
    "rank",
    "id",
    "score",
    "lang",
    "published",
    "outlet",
    "title",
    "source_id",
    "tags",
    "snippet",
    "highlights",
)


def focus(snippet: str, keep_before: int = 24) -> str:
    """`snippet` starting a few words before its first highlight (so a cut cell shows it)."""
    at = snippet.find(HIGHLIGHT_START)
    if at <= keep_before:
        return snippet
    space = snippet.rfind(" ", 0, at - keep_before)
    return "…" + snippet[space + 1 :] if space >= 0 else snippet


def emit_page(
    page: SearchPage,
    fmt: str,
    display: Display,
    qid: str | None = None,
    facets: bool = False,
    withdrawn: bool = False,
) -> None:
    """Write `page` to stdout in `fmt` (see the module docstring); `withdrawn` (withdrawn
    records were asked for) adds a withdrawn column to tables, csv and tsv."""
    if fmt == "trec":
        for hit in page.hits:
            docno = hit.source_id or hit.id
            click.echo(f"{qid or 'q'} Q0 {docno} {hit.rank} {hit.score:.4f} arshif")
        return
    if fmt == "json" and facets:
        click.echo(
            to_json(
                {
                    "query": page.query,
                    "total": page.total,
                    "offset": page.offset,
                    "limit": page.limit,
                    "hits": page.rows(),
                    "facets": {
                        name: [{"value": v, "count": c} for v, c in counts]
                        for name, counts in page.facets.items()
                    },
                    "suggestion": page.suggestion,
                }
            )
        )
        return
    if fmt in ("json", "ndjson", "csv", "tsv"):
        rows: list[dict[str, Any]] = page.rows()
        if fmt == "ndjson" and facets:
            rows = rows + page.facet_rows()
        columns = CSV_COLUMNS if fmt in ("csv", "tsv") else TABLE_COLUMNS
        emit_rows(rows, (*columns, "withdrawn") if withdrawn else columns, fmt)
        if fmt in ("csv", "tsv") and facets:
            click.echo(facet_lines(page), err=True)
        return
    echo(table(page, display, facets, withdrawn), display)


def table(page: SearchPage, display: Display, facets: bool = False, withdrawn: bool = False) -> str:
    """The hits as an aligned table (a withdrawn column before the snippet when `withdrawn`),
    then the facet counts."""
    rows = page.rows(markers=("\x02", "\x03"))
    for row in rows:
        row["snippet"] = focus(row["snippet"])
    columns = (*TABLE_COLUMNS[:-1], "withdrawn", "snippet") if withdrawn else TABLE_COLUMNS
    limits = {"title": 40, "outlet": 16}
    used = sum(
        2 + max([len(c)] + [display_width(one_line(r.get(c), limits.get(c, 0))) for r in rows])
        for c in columns[:-1]
    )
    limits["snippet"] = max(30, shutil.get_terminal_size((160, 24)).columns - used - 1)
    text = render_table(rows, columns, limits, display) if rows else ""
    if facets:
        text = (text + "\n\n" if text else "") + facet_lines(page)
    return text


def facet_lines(page: SearchPage) -> str:
    """``outlet: kayhan.ir 3 · alriyadh 2`` per facet."""
    lines = []
    for name, counts in page.facets.items():
        shown = " · ".join(f"{value} {count}" for value, count in counts) or "–"
        lines.append(f"{name}: {shown}")
    return "\n".join(lines)


def report(page: SearchPage, terminal: bool) -> None:
    """Messages on stderr: how many hits were shown of how many, and "did you mean"."""
    if page.suggestion:
        click.echo(f"did you mean: {page.suggestion}", err=True)
    shown = len(page.hits)
    if page.total and not shown:
        click.echo(f"no hits past {page.offset} ({page.total} in all)", err=True)
    elif terminal and page.total > shown:
        first = page.offset + 1
        click.echo(f"hits {first}–{page.offset + shown} of {page.total}", err=True)
