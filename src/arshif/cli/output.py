"""Rendering of rows for the terminal and for pipes: table, json, ndjson, csv, tsv.

Data goes to stdout and messages to stderr. JSON keeps Arabic and Persian readable
(``ensure_ascii=False``) and in logical order; machine formats never carry reshaped text or
terminal escapes: control characters are escaped in every machine format
(`arshif.text.escape`). Tables fit the terminal (`arshif.cli.table`); colour, bidi and the pager
are `arshif.cli.display`'s.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import click

from arshif.cli import display as terminal
from arshif.cli import table
from arshif.cli.display import Display, echo, is_rtl, resolve_display, style
from arshif.cli.display import visual as to_visual
from arshif.cli.table import Column, cell, truncate
from arshif.cli.table import display_width as display_width
from arshif.views import csv_field, json_text, tsv_field

F = TypeVar("F", bound=Callable[..., Any])
MACHINE_FORMATS = ("json", "ndjson", "csv", "tsv")


def default_format() -> str:
    """``table`` on a terminal, ``ndjson`` when stdout is a pipe or a file."""
    return "table" if terminal.stdout_is_terminal() else "ndjson"


def format_option(*choices: str) -> Callable[[F], F]:
    """The shared ``--format`` option (default: table on a terminal, ndjson in a pipe)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=None,
        help=f"Output format: {', '.join(choices)}. Default: table on a terminal, else ndjson.",
    )


def one_line(value: object, limit: int = 0) -> str:
    """A cell for a table: no newlines, no bidi controls (untrusted titles), optionally cut to
    `limit` display cells (never inside a grapheme)."""
    text = cell(value)
    return truncate(text, limit) if limit else text


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column | str],
    display: Display | None = None,
    width: int | None = None,
) -> str:
    """Columns aligned by display width, fitted to `width` (default: the terminal's; see
    `arshif.cli.table`); with `display.bidi` each cell is in visual order (right-to-left cells
    right-aligned); highlights styled per `display`."""
    display = display or Display()
    model = [as_column(c) for c in columns]
    bidi = {"visual": to_visual, "is_rtl": is_rtl} if display.bidi else {}
    marker = 0 if display.color else 1  # without colour a highlight is [ ] and takes cells
    lines = table.render(rows, model, width, marker=marker, **bidi)
    return "\n".join([lines[0]] + [style(line, display.markers) for line in lines[1:]])


def as_column(column: Column | str) -> Column:
    """A column of the model; a bare name is a column that never shrinks."""
    return column if isinstance(column, Column) else Column(column)


def to_json(value: object) -> str:
    """Indented JSON, terminal control characters escaped (`arshif.text.escape`)."""
    return json_text(value, indent=2)


def json_line(value: object) -> str:
    """One NDJSON line, terminal control characters escaped."""
    return json_text(value)


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[Column | str],
    fmt: str,
    display: Display | None = None,
) -> None:
    """Write rows to stdout in `fmt`; json is one array, ndjson one object per line, csv and
    tsv one row per record under a header of the column names.

    A table goes through `arshif.cli.display.echo` (pager, colour, bidi per `display`, by
    default from the environment)."""
    if fmt == "ndjson":
        for row in rows:
            click.echo(json_line(row))
    elif fmt == "json":
        click.echo(to_json(list(rows)))
    elif fmt in ("csv", "tsv"):
        names = [as_column(c).name for c in columns]
        click.echo(delimited(rows, names, fmt), nl=False)
    else:
        display = display or resolve_display(fmt)
        echo(render_table(list(rows), columns, display), display)


def delimited(rows: Iterable[Mapping[str, Any]], names: Sequence[str], fmt: str) -> str:
    """CSV (RFC 4180 quoting) or TSV (the TSV convention: ``\\t`` ``\\n`` ``\\\\`` escapes,
    no quoting); lists joined with ``;``; control characters escaped (`arshif.text.escape`)."""
    if fmt == "tsv":
        lines = ["\t".join(tsv_field(n) for n in names)]
        lines += ["\t".join(tsv_field(_flat(row.get(n))) for n in names) for row in rows]
        return "".join(line + "\n" for line in lines)
    import csv  # here: only csv output needs it

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_field(_flat(row.get(n))) for n in names])
    return buffer.getvalue()


def _flat(value: object) -> str:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"  # as `arshif export` writes its withdrawn column
    return "" if value is None else str(value)
