"""Rendering of search pages (`arshif search`, `arshif similar`) in every output format.

* table: one row per hit, fitted to the terminal (`TABLE_COLUMNS`), the snippet cut around its
  first highlight, then the facet counts; with ``--limit 0`` the count of hits instead;
* json: always one object, ``{"query", "total", "offset", "limit", "hits", "suggestion"}``
  and ``"facets"`` when asked for (with ``--queries``, one such object per query, with its
  ``qid``);
* ndjson: one hit per line, then one ``{"facet", "value", "count"}`` line per facet value
  (with ``--limit 0``, a ``{"query", "total"}`` line first);
* csv/tsv: one hit per row (the count with ``--limit 0`` and facet counts go to stderr);
* trec: ``qid Q0 docno rank score arshif`` lines.

Highlights are ``[``…``]`` in json, ndjson and csv (and the ``highlights`` list holds the matched
words), bold colour on a terminal (`arshif.cli.display`). "Did you mean" and "N of M hits" are
messages: stderr.
"""

from __future__ import annotations

from typing import Any

import click

from arshif.cli.display import Display, echo
from arshif.cli.output import emit_rows, json_line, one_line, render_table, to_json
from arshif.cli.table import Column
from arshif.model import HIGHLIGHT_START
from arshif.views import SearchPage, escape_controls

#: The table of hits: when room is short the snippet keeps three times the room of the outlet
#: and twice that of the title; on a narrow terminal the language, the score and the date are
#: left out.
TABLE_COLUMNS: tuple[Column | str, ...] = (
    Column("rank"),
    Column("id"),
    Column("score", optional=2),
    Column("lang", optional=3),
    Column("published", optional=1),
    Column("outlet", max_width=16, min_width=8, shrink=1),
    Column("title", max_width=40, min_width=12, shrink=1.5),
    Column("snippet", min_width=20, shrink=3),
)
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


def focus(snippet: str, keep_before: int = 12) -> str:
    """`snippet` starting a few words before its first highlight (so a cut cell shows it)."""
    at = snippet.find(HIGHLIGHT_START)
    if at <= keep_before:
        return snippet
    space = snippet.rfind(" ", 0, at - keep_before)
    return "…" + snippet[space + 1 :] if space >= 0 else snippet


def page_object(page: SearchPage, facets: bool, qid: str | None = None) -> dict[str, Any]:
    """The JSON form of a page (`arshif.views.page_view`, which `arshif serve`'s API gives too),
    with the query's ``qid`` first in a batch."""
    from arshif.views import page_view

    return {**({} if qid is None else {"qid": qid}), **page_view(page, facets)}


def emit_page(
    page: SearchPage,
    fmt: str,
    display: Display,
    qid: str | None = None,
    facets: bool = False,
    envelope: bool = True,
    withdrawn: bool = False,
) -> None:
    """Write `page` to stdout in `fmt` (see the module docstring); `envelope` false writes
    json as the bare list of hits (`arshif similar`); `withdrawn` (withdrawn records were asked
    for) adds a withdrawn column to tables, csv and tsv."""
    if fmt == "trec":  # one write a page (a batch of queries writes many pages)
        lines = [
            f"{qid or 'q'} Q0 {escape_controls(hit.source_id or hit.id)} {hit.rank} "
            f"{hit.score:.4f} arshif\n"
            for hit in page.hits
        ]
        if lines:
            click.echo("".join(lines), nl=False)
        return
    if fmt == "json" and envelope:
        click.echo(to_json(page_object(page, facets, qid)))
        return
    if fmt in ("json", "ndjson", "csv", "tsv"):
        rows: list[dict[str, Any]] = page.rows()
        if fmt == "ndjson" and page.limit == 0:
            click.echo(json_line({"query": page.query, "total": page.total}))
        if fmt == "ndjson" and facets:
            rows = rows + page.facet_rows()
        columns = CSV_COLUMNS if fmt in ("csv", "tsv") else TABLE_COLUMNS
        emit_rows(rows, (*columns, "withdrawn") if withdrawn else columns, fmt)
        if fmt in ("csv", "tsv") and page.limit == 0:
            click.echo(f"{page.total} hits", err=True)
        if fmt in ("csv", "tsv") and facets:
            click.echo(facet_lines(page), err=True)
        return
    echo(table(page, display, facets, withdrawn), display)


def table(page: SearchPage, display: Display, facets: bool = False, withdrawn: bool = False) -> str:
    """The hits as a table that fits the terminal (a withdrawn column before the snippet when
    `withdrawn`), then the facet counts; with a limit of 0, the count of hits instead."""
    rows = page.rows(markers=("\x02", "\x03"))
    for row in rows:
        row["snippet"] = focus(row["snippet"])
    columns = (
        (*TABLE_COLUMNS[:-1], Column("withdrawn"), TABLE_COLUMNS[-1])
        if withdrawn
        else TABLE_COLUMNS
    )
    text = render_table(rows, columns, display) if rows else ""
    if page.limit == 0:
        text = f"{page.total} hits"
    if facets:
        text = (text + "\n\n" if text else "") + facet_lines(page)
    return text


def facet_lines(page: SearchPage) -> str:
    """``outlet: kayhan.ir 3 · alriyadh 2`` per facet."""
    lines = []
    for name, counts in page.facets.items():
        shown = " · ".join(f"{one_line(value)} {count}" for value, count in counts) or "–"
        lines.append(f"{name}: {shown}")
    return "\n".join(lines)


def report(page: SearchPage, terminal: bool) -> None:
    """Messages on stderr: how many hits were shown of how many, "did you mean", and, on a
    terminal, that nothing was found."""
    if page.suggestion:
        click.echo(f"did you mean: {one_line(page.suggestion)}", err=True)
    shown = len(page.hits)
    if not page.limit:
        return
    if page.total and not shown:
        click.echo(f"no hits past {page.offset} ({page.total} in all)", err=True)
    elif terminal and not page.total:
        click.echo(f"no hits for {one_line(page.query)}", err=True)
    elif terminal and page.total > shown:
        first = page.offset + 1
        click.echo(f"hits {first}–{page.offset + shown} of {page.total}", err=True)
