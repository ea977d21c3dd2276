"""What the benchmarks that read HTML share: an article's paragraphs as HTML, and a result
block written between its markers in a docs page.

`extraction.py` (a seed article amid a news site's furniture) and `warc_ingest.py` (a lighter
page of a SaudiNewsNet article, served in a WARC) wrap the paragraphs in their own pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path


def paragraphs_html(paragraphs: Iterable[str]) -> str:
    """Each paragraph, escaped, as ``<p>…</p>`` on a line of its own."""
    return "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)


def write_block(doc: Path, begin: str, block: str, end: str) -> None:
    """Put `block` (which starts with `begin` and ends with `end`) in place of the text from
    `begin` to `end` in `doc`, or at its end when `doc` has no `begin` yet."""
    text = doc.read_text(encoding="utf-8")
    if begin in text:
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")
