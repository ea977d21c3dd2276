"""`arshif kwic`: a keyword-in-context concordance of a word, phrase or query."""

from __future__ import annotations

import sys

import click

from arshif.cli import display
from arshif.cli.concordance import kwic_row, kwic_table
from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import display_options, echo, resolve_display
from arshif.cli.output import default_format, emit_rows, format_option, one_line
from arshif.cli.params import date_options, include_withdrawn_option
from arshif.cli.table import terminal_width

COLUMNS = ("id", "lang", "before", "keyword", "after", "offset", "title", "published", "outlet")


@click.command("kwic")
@click.argument("term")
@click.option(
    "--width",
    "-w",
    type=click.IntRange(min=1, max=500),
    help="Characters of context on each side (default: what fits the terminal, else 40); a "
    "table is cut to the terminal's width whatever the width.",
)
@click.option(
    "-n", "--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Most lines."
)
@date_options
@click.option("--exact", is_flag=True, help="Match the exact word forms (no stemming).")
@include_withdrawn_option()
@format_option("table", "json", "ndjson", "csv", "tsv")
@display_options
@pass_app
def kwic_command(
    app: AppContext,
    /,
    term: str,
    fmt: str | None,
    color: str,
    bidi: str | None,
    no_pager: bool,
    width: int | None,
    **options: object,
) -> None:
    """Keyword in context: every occurrence of TERM with the text before and after it.

    TERM is a word, a "phrase" or any query (docs/query-syntax.md); matches are found as
    search finds them (any spelling, stemmed unless quoted or --exact) and shown in the
    record's own spelling. Keywords are aligned in one column; right-to-left lines are laid
    out right to left (see --bidi). csv and tsv keep the text in logical order. Exits 1 when
    TERM occurs nowhere.

    \b
    Examples:
      arshif kwic الخفاجي
      arshif kwic '"القوات الأميركية"' --width 30
      arshif kwic نیروها --format csv > concordance.csv
    """
    fmt = fmt or default_format()
    if width is None:  # a table's context is then cut to what the terminal has room for
        width = max(10, min(80, (terminal_width() - 20) // 2)) if fmt == "table" else 40
    lines = app.repo().kwic(term, width=width, **options)  # type: ignore[arg-type]
    shown = resolve_display(fmt, color, bidi, no_pager)
    if fmt == "table":
        echo(kwic_table(lines, width, shown), shown)
    else:
        emit_rows([kwic_row(line) for line in lines], COLUMNS, fmt)
    if not lines and display.stdout_is_terminal():
        click.echo(f"no occurrences of {one_line(term)}", err=True)
    sys.exit(0 if lines else 1)
