"""Rendering of rows for the terminal and for pipes: table, json, ndjson, csv, tsv.

Data goes to stdout and messages to stderr. JSON keeps Arabic and Persian readable
(``ensure_ascii=False``) and in logical order; machine formats never carry reshaped text or
terminal escapes. Tables align columns by display width (combining marks take no cell); colour,
bidi and the pager are `arshif.cli.display`'s.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import click

from arshif.cli import display as terminal
from arshif.cli.display import Display, echo, is_rtl, resolve_display, style
from arshif.cli.display import visual as to_visual
from arshif.text.normalize import strip_bidi_controls

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


def display_width(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian = 2; combining marks, format and control
    characters (such as the highlight markers) = 0."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def one_line(value: object, limit: int = 0) -> str:
    """A cell for a table: no newlines, no bidi controls (untrusted titles), optionally cut."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = strip_bidi_controls(" ".join(str(value).split()))
    if limit and display_width(text) > limit:
        width = 0
        for end, char in enumerate(text):
            width += display_width(char)
            if width > limit - 1:
                return text[:end] + "…"
    return text


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    limits: Mapping[str, int] | None = None,
    display: Display | None = None,
) -> str:
    """Columns aligned by display width; with `display.bidi` each cell is in visual order
    (right-to-left cells right-aligned); highlights styled per `display`."""
    display = display or Display()
    limits = limits or {}
    cells = [[one_line(row.get(c), limits.get(c, 0)) for c in columns] for row in rows]
    right = [[False] * len(columns) for _ in cells]
    if display.bidi:
        for r, row in enumerate(cells):
            for i, cell in enumerate(row):
                right[r][i] = is_rtl(cell)
                row[i] = to_visual(cell)
    widths = [
        max([display_width(c)] + [display_width(r[i]) for r in cells])
        for i, c in enumerate(columns)
    ]
    lines = ["  ".join(_pad(c.upper(), w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for row, flags in zip(cells, right, strict=True):
        padded = [_pad(v, w, f) for v, w, f in zip(row, widths, flags, strict=True)]
        lines.append(style("  ".join(padded).rstrip(), display.markers))
    return "\n".join(lines)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
    limits: Mapping[str, int] | None = None,
    display: Display | None = None,
) -> None:
    """Write rows to stdout in `fmt`; json is one array, ndjson one object per line.

    A table goes through `arshif.cli.display.echo` (pager, colour, bidi per `display`, by
    default from the environment)."""
    if fmt == "ndjson":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "json":
        click.echo(to_json(list(rows)))
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer,
            fieldnames=list(columns),
            extrasaction="ignore",
            delimiter="," if fmt == "csv" else "\t",
            lineterminator="\n",
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(v) for k, v in row.items()})
        click.echo(buffer.getvalue(), nl=False)
    else:
        display = display or resolve_display(fmt)
        echo(render_table(list(rows), columns, limits, display), display)


def _flat(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return "" if value is None else value
