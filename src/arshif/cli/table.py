"""Tables that fit the terminal: a column model, widths by display cells, cuts by grapheme.

A table is a list of `Column`s. Each column has a natural width (its widest cell, at most
`max_width`); when the columns do not fit the terminal (``$COLUMNS``, else the terminal's own
width, else 80), the columns that may `shrink` give up cells one at a time, each time the one
widest for its weight (a column of `shrink` 3 keeps three times the room of one of `shrink` 1),
down to their `min_width`; if even that is too wide, `optional` columns are left out (the
highest `optional` first; an optional column with no value in any row goes first of all).
Whatever happens, no line is wider than the terminal. Cells are cut with an ellipsis by display
width (wide letters take two cells, combining marks and format characters none: `wcwidth`),
never inside a grapheme cluster (a letter and its marks, a ZWNJ-joined pair, an emoji sequence).

Commands declare their columns; a column another command adds (such as ``withdrawn``) slots in
with `Column(name)` and a place in the tuple.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START
from arshif.views import strip_terminal_controls

ELLIPSIS = "…"
#: What an empty cell shows.
EMPTY = "–"
GAP = "  "
#: Width used when neither $COLUMNS nor the terminal says.
DEFAULT_WIDTH = 80


@dataclass(frozen=True)
class Column:
    """One column of a table.

    `max_width` caps the natural width (0: only the terminal caps it); `min_width` is the
    narrowest a shrinking column gets (0: its header's width); `shrink` 0 never shrinks (ids,
    dates), else it is the column's weight: its share of the room when room is short;
    `optional` columns are left out on terminals too narrow for them, the highest number
    first; `right` aligns the cells right (numbers)."""

    name: str
    max_width: int = 0
    min_width: int = 0
    shrink: float = 0
    optional: int = 0
    right: bool = False

    @property
    def header(self) -> str:
        return self.name.upper()

    @property
    def narrowest(self) -> int:
        return max(self.min_width, 1) if self.min_width else display_width(self.header)


def terminal_width() -> int:
    """Cells a table may use: ``$COLUMNS``, else the terminal's width, else 80."""
    return max(20, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def display_width(text: str, marker: int = 0) -> int:
    """Terminal cells `text` takes: wide East Asian letters 2; combining marks, format and
    control characters and escape sequences 0; each highlight marker `marker` (the cells of
    the plain ``[`` ``]`` it becomes without colour)."""
    import wcwidth  # here: a command that prints no table (ndjson in a pipe) never loads it

    bare = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    return int(wcwidth.width(bare)) + marker * (len(text) - len(bare))


def _grapheme_width(cluster: str, marker: int) -> int:
    if cluster in (HIGHLIGHT_START, HIGHLIGHT_END):
        return marker
    import wcwidth

    return int(wcwidth.width(cluster))


def truncate(text: str, limit: int, marker: int = 0) -> str:
    """`text` cut to at most `limit` cells, ending in an ellipsis when cut; never inside a
    grapheme cluster. A highlight open at the cut is closed before the ellipsis."""
    if limit <= 0:
        return ""
    if display_width(text, marker) <= limit:
        return text
    import wcwidth

    out: list[str] = []
    used = 0
    inside = False
    for cluster in wcwidth.iter_graphemes(text):
        width = _grapheme_width(cluster, marker)
        opens = inside != (cluster in (HIGHLIGHT_START, HIGHLIGHT_END))
        if used + width + 1 + (marker if opens else 0) > limit:  # 1: the ellipsis
            break
        out.append(cluster)
        used += width
        inside = opens
    cut = "".join(out).rstrip()
    return cut + (HIGHLIGHT_END if inside else "") + ELLIPSIS


def truncate_start(text: str, limit: int, marker: int = 0) -> str:
    """`text` cut at its start to at most `limit` cells, beginning with an ellipsis when cut
    (the context before a keyword keeps the words next to it)."""
    if limit <= 0:
        return ""
    if display_width(text, marker) <= limit:
        return text
    import wcwidth

    out: list[str] = []
    used = 0
    for cluster in wcwidth.iter_graphemes_reverse(text):
        width = _grapheme_width(cluster, marker)
        if used + width > limit - 1:
            break
        out.append(cluster)
        used += width
    return ELLIPSIS + "".join(reversed(out)).lstrip()


def cell(value: object) -> str:
    """A value as one table cell: one line, no control or bidi characters (untrusted titles:
    `arshif.text.escape`), highlight markers kept; "–" if empty."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return strip_terminal_controls(text, keep=HIGHLIGHT_START + HIGHLIGHT_END)


def fit(
    columns: Sequence[Column], natural: Sequence[int], total: int, empty: Iterable[int] = ()
) -> list[int | None]:
    """The width of each column so that the row fits `total` cells; None: the column is left
    out (see the module docstring). Optional columns that are `empty` (no row has a value) are
    left out first, whenever the columns do not fit as they are."""
    left_out: set[int] = set()
    if _excess(natural, total) > 0:
        left_out = {i for i in empty if columns[i].optional}
    while True:
        widths = _shrink(columns, natural, total, left_out)
        optional = [i for i, c in enumerate(columns) if c.optional and i not in left_out]
        if _excess(widths, total) <= 0 or not optional:
            return widths
        left_out.add(max(optional, key=lambda i: columns[i].optional))


def _excess(widths: Sequence[int | None], total: int) -> int:
    shown = [w for w in widths if w is not None]
    return sum(shown) + len(GAP) * (len(shown) - 1) - total


def _shrink(
    columns: Sequence[Column], natural: Sequence[int], total: int, left_out: set[int]
) -> list[int | None]:
    widths: list[int | None] = [
        None if i in left_out else min(n, c.max_width) if c.max_width else n
        for i, (c, n) in enumerate(zip(columns, natural, strict=True))
    ]
    excess = _excess(widths, total)
    while excess > 0:  # the widest for its weight gives up one cell
        candidates = [
            i
            for i, c in enumerate(columns)
            if c.shrink and (w := widths[i]) is not None and w > c.narrowest
        ]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (widths[i] or 0) / columns[i].shrink)
        widths[widest] = (widths[widest] or 0) - 1
        excess -= 1
    return widths


def render(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    total: int | None = None,
    visual: Any = None,
    is_rtl: Any = None,
    marker: int = 0,
) -> list[str]:
    """The header and the rows as aligned lines of at most `total` cells (default: the
    terminal's width). With `visual` (a function: logical → visual order) each cell is laid
    out for a terminal without bidi, right-to-left cells (`is_rtl`) aligned right. Highlight
    markers stay in the text for `arshif.cli.display.style`, each counted as `marker` cells."""
    total = terminal_width() if total is None else total
    cells = [[cell(row.get(c.name)) for c in columns] for row in rows]
    natural = [
        max([display_width(c.header)] + [display_width(r[i], marker) for r in cells])
        for i, c in enumerate(columns)
    ]
    empty = [i for i in range(len(columns)) if all(r[i] == EMPTY for r in cells)]
    widths = fit(columns, natural, total, empty)
    shown = [(i, c, w) for i, (c, w) in enumerate(zip(columns, widths, strict=True)) if w]
    lines = [_line([_pad(truncate(c.header, w), w) for _, c, w in shown], total)]
    for row in cells:
        parts = []
        for i, column, width in shown:
            text = truncate(row[i], width, marker)
            right = column.right
            if visual is not None:
                right = right or bool(is_rtl and is_rtl(text))
                text = visual(text)
            parts.append(_pad(text, width, right, marker))
        lines.append(_line(parts, total, marker))
    return lines


def _line(parts: list[str], total: int, marker: int = 0) -> str:
    line = GAP.join(parts).rstrip()
    return truncate(line, total, marker) if display_width(line, marker) > total else line


def _pad(text: str, width: int, right: bool = False, marker: int = 0) -> str:
    fill = " " * max(0, width - display_width(text, marker))
    return fill + text if right else text + fill
