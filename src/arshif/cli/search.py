"""`arshif search`: full-text search of the archive, one query or a batch (TREC run output)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from arshif.cli.cite import CITE_FORMATS
from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import emit_rows, format_option
from arshif.errors import InputError, UsageError
from arshif.views import hit_view

COLUMNS = ("rank", "id", "score", "lang", "published", "outlet", "title", "snippet")


@click.command("search")
@click.argument("query", required=False)
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Most hits to show.",
)
@click.option("--exact", is_flag=True, help="Match the exact word forms (no stemming).")
@click.option("--include-withdrawn", is_flag=True, help="Include withdrawn records.")
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
@format_option("table", "json", "ndjson", "csv", "trec")
@pass_app
def search_command(
    app: AppContext,
    query: str | None,
    limit: int,
    exact: bool,
    include_withdrawn: bool,
    queries: Path | None,
    cite_format: str | None,
    fmt: str | None,
) -> None:
    """Search the archive, in Arabic or Persian, however the words are typed.

    Exit status like grep: 0 when something was found, 1 when nothing was, 2 on a usage
    error. With --queries and --format trec, prints TREC run lines
    `qid Q0 <source_id or id> rank score arshif`.

    \b
    Examples:
      arshif search "انسحاب القوات"
      arshif search 'نیروهای آمریکایی' --format ndjson | jq .title
      arshif search --queries topics.tsv --format trec --limit 1000 > run.txt
      arshif search "الخفاجي" --cite biblatex --limit 3 > refs.bib
    """
    if (query is None) == (queries is None):
        raise UsageError("give a QUERY or --queries FILE, not both")
    repo = app.repo()
    options = {"limit": limit, "exact": exact, "include_withdrawn": include_withdrawn}
    if queries is not None:
        found = False
        for qid, text in _read_queries(queries):
            results = repo.search(text, **options)
            found = found or bool(results.hits)
            _emit(results.hits, fmt or "trec", qid)
        sys.exit(0 if found else 1)
    results = repo.search(query or "", **options)
    if cite_format is not None:
        from arshif.cite import export

        click.echo(export([repo.record(h.id) for h in results.hits], cite_format), nl=False)
        sys.exit(0 if results.hits else 1)
    _emit(results.hits, fmt or _default(), None)
    if sys.stdout.isatty() and results.total > len(results.hits):
        click.echo(f"{len(results.hits)} of {results.total} hits", err=True)
    sys.exit(0 if results.hits else 1)


def _default() -> str:
    from arshif.cli.output import default_format

    return default_format()


def _emit(hits: list, fmt: str, qid: str | None) -> None:  # type: ignore[type-arg]
    if fmt == "trec":
        for hit in hits:
            docno = hit.source_id or hit.id
            click.echo(f"{qid or 'q'} Q0 {docno} {hit.rank} {hit.score:.4f} arshif")
        return
    rows = [hit_view(h) for h in hits]
    emit_rows(rows, COLUMNS, fmt, limits={"title": 50, "snippet": 60, "outlet": 16})


def _read_queries(path: Path) -> list[tuple[str, str]]:
    pairs = []
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read queries from {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        qid, tab, text = line.partition("\t")
        if not tab or not qid.strip() or not text.strip():
            raise InputError(f"{path.name}, line {number}: expected `qid<TAB>query`")
        pairs.append((qid.strip(), text.strip()))
    return pairs
