"""`arshif search`: full-text search of the archive, one query or a batch (TREC run output)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from arshif.cli import display
from arshif.cli.cite import CITE_FORMATS
from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import display_options, resolve_display
from arshif.cli.output import default_format, format_option
from arshif.cli.params import date_options, include_withdrawn_option
from arshif.cli.results import emit_page, report
from arshif.cli.searchopts import facet_list
from arshif.errors import QuerySyntaxError, UsageError
from arshif.views import FACETS, SORTS


@click.command("search")
@click.argument("query", required=False)
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Most hits to show; 0: only the count (and --facet counts).",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many hits.")
@click.option("--page", type=click.IntRange(min=1), help="Show page N (of --limit hits each).")
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="Order: relevance, published (oldest first), -published (newest first), outlet (A-Z).",
)
@click.option(
    "--facet",
    "facets",
    metavar="NAMES",
    multiple=True,
    callback=facet_list,
    help=f"Count the hits by {', '.join(FACETS)} (comma-separated).",
)
@date_options
@click.option("--exact", is_flag=True, help="Match the exact word forms (no stemming).")
@include_withdrawn_option()
@click.option(
    "--queries",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A batch of queries, one `qid<TAB>query` per line.",
)
@click.option(
    "--cite",
    "cite_format",
    type=click.Choice(CITE_FORMATS),
    help="Print citations of the hits (in rank order) in this format instead.",
)
@format_option("table", "json", "ndjson", "csv", "tsv", "trec")
@display_options
@pass_app
def search_command(
    app: AppContext,
    /,
    query: str | None,
    queries: Path | None,
    cite_format: str | None,
    fmt: str | None,
    color: str,
    bidi: str | None,
    no_pager: bool,
    **options: object,
) -> None:
    """Search the archive, in Arabic or Persian, however the words are typed.

    QUERY uses arshif's query language (docs/query-syntax.md): words (any one matches),
    "exact phrase", "phrase"~N (within N words), word*, AND OR NOT (or + - |), ( ),
    title: outlet: author: lang: tag: id: fields, published:2021-11-01..2021-11-30.

    Exit status like grep: 0 when something was found, 1 when nothing was (on a terminal, a
    line on stderr says so), 2 on a usage error (a malformed query is named with its column).
    --format json is one object: total, hits, and facets when asked for. With --queries and
    --format trec, prints TREC run lines `qid Q0 <source_id or id> rank score arshif`.

    \b
    Examples:
      arshif search "انسحاب القوات"
      arshif search '"نیروهای آمریکایی" lang:fa' --sort -published --facet outlet,year
      arshif search 'الخفاجي -تمديد' --since 2021-11 --format json | jq '.hits[].title'
      arshif search '*' --limit 0 --facet outlet,year
      arshif search --queries topics.tsv --format trec --limit 1000 > run.txt
      arshif search "الخفاجي" --cite biblatex --limit 3 > refs.bib
    """
    if (query is None) == (queries is None):
        raise UsageError("give a QUERY or --queries FILE, not both")
    repo = app.repo()
    facets = options["facets"]
    assert isinstance(facets, tuple)
    fmt = fmt or ("trec" if queries else default_format())
    shown = resolve_display(fmt, color, bidi, no_pager)
    if queries is not None:
        found, failed = False, False
        for qid, text in repo.read_queries(queries):
            try:
                page = repo.search_page(text, snippets=fmt != "trec", suggest=False, **options)  # type: ignore[arg-type]
            except QuerySyntaxError as exc:  # like grep with an unreadable file: say so, go on
                click.echo(f"arshif: query {qid}: {exc}", err=True)
                failed = True
                continue
            found = found or bool(page.total)
            withdrawn = bool(options.get("include_withdrawn"))
            emit_page(page, fmt, shown, qid, facets=bool(facets), withdrawn=withdrawn)
        sys.exit(2 if failed else 0 if found else 1)
    assert query is not None
    cite = cite_format is not None
    page = repo.search_page(query, snippets=not cite, suggest=not cite, **options)  # type: ignore[arg-type]
    if cite_format is not None:
        click.echo(repo.cite([hit.id for hit in page.hits], cite_format), nl=False)
    else:
        withdrawn = bool(options.get("include_withdrawn"))
        emit_page(page, fmt, shown, facets=bool(facets), withdrawn=withdrawn)
    report(page, display.stdout_is_terminal())
    sys.exit(0 if page.total else 1)
