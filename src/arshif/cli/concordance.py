"""Rendering of a keyword-in-context concordance as aligned lines, right-to-left aware.

Each line is ``before  KEYWORD  after  id``, where `before` is padded to the context width on
the side away from the keyword, so that keywords line up in one column:

* logical order (the default, for terminals that do bidi themselves, and for files): the cells
  stay in reading order. A right-to-left line starts with RLM (U+200F) and has an RLM before
  its id, so a bidi terminal lays the whole line out right to left: `before` on the right,
  then the keyword, then `after`, each cell keeping its width;
* visual order (``--bidi on``): each cell is reshaped and reordered, and a right-to-left line
  is assembled ``after  KEYWORD  before`` from left to right, `after` right-aligned against the
  keyword and `before` left-aligned against it.
"""

from __future__ import annotations

from arshif.cli.display import Display, is_rtl, style, visual
from arshif.cli.table import display_width, terminal_width, truncate, truncate_start
from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START, Concordance
from arshif.views import strip_terminal_controls

RLM = "\u200f"


def _pad(text: str, width: int, left: bool, marker: int = 0) -> str:
    fill = " " * max(0, width - display_width(text, marker))
    return fill + text if left else text + fill


def kwic_table(
    lines: list[Concordance], width: int, display: Display, total: int | None = None
) -> str:
    """The concordance `lines` aligned (see the module docstring), each at most `total` cells
    (default: the terminal's width): the context on each side is cut to fit, by display width
    and never inside a grapheme."""
    total = terminal_width() if total is None else total
    marker = 0 if display.color else 1  # without colour the keyword is between [ ]
    id_width = max((display_width(c.id) for c in lines), default=0)
    keyword_width = min(
        max((display_width(c.keyword) for c in lines), default=0), max(8, total // 3)
    )
    room = total - keyword_width - 2 * marker - id_width - 6
    width = max(1, min(width, room // 2))
    out = []
    for line in lines:
        rtl = is_rtl(line.keyword) or is_rtl(line.before + line.after)
        keyword = HIGHLIGHT_START + truncate(_shown(line.keyword), keyword_width) + HIGHLIGHT_END
        before = truncate_start(_shown(line.before), width)
        after = truncate(_shown(line.after), width)
        if display.bidi:
            before, key, after = visual(before), visual(keyword), visual(after)
        else:
            key = keyword
        key = _pad(key, keyword_width + 2 * marker, left=False, marker=marker)
        if display.bidi and rtl:
            text = "  ".join(
                [line.id, _pad(after, width, left=True), key, _pad(before, width, left=False)]
            )
        elif rtl:
            cells = [_pad(before, width, left=True), key, _pad(after, width, left=False)]
            text = RLM + "  ".join(cells) + "  " + RLM + line.id
        else:
            cells = [_pad(before, width, left=True), key, _pad(after, width, left=False)]
            text = "  ".join([*cells, line.id])
        text = text.rstrip()
        if display_width(text, marker) > total:
            text = truncate(text, total, marker)
        out.append(style(text, display.markers))
    return "\n".join(out)


def _shown(text: str) -> str:
    """Context as a terminal may show it: one line, no control or bidi characters."""
    return strip_terminal_controls(text.replace("\n", " ").replace("\t", " "))


def kwic_row(line: Concordance) -> dict[str, object]:
    """One concordance line for json, ndjson, csv and tsv (logical order, no markers)."""
    return {
        "id": line.id,
        "lang": line.lang,
        "before": line.before,
        "keyword": line.keyword,
        "after": line.after,
        "offset": line.start,
        "title": line.title,
        "published": line.published,
        "outlet": line.outlet,
    }
