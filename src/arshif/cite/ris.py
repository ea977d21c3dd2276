"""RIS records (``TY  - NEWS``), derived from the CSL item of each record.

Tags: ``AU`` author, ``TI`` title (original script), ``TT`` translated title (the first; RIS
readers keep one), ``T2`` outlet, ``PY`` year, ``DA`` date ``YYYY/MM/DD`` (``YYYY/MM`` for a month),
``UR`` URL, ``Y2`` access date (the capture date for a record without URL), ``LA`` language,
``AN`` archive record URN, ``DB`` and ``DP`` the archive's name (Zotero reads ``DB`` as
*Archive*), ``N1`` romanized title, further translated titles, the attributed source and the
full publication date-time (RIS has no tag for them), ``ER``.
Lines end with LF; Zotero, EndNote and Mendeley read it, and so does `rispy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from arshif.cite.csl import (
    ATTRIBUTED_NOTE,
    IsoDate,
    attributed_source,
    date_of,
    romanized_title,
    translated_titles,
)


def ris_date(date: IsoDate) -> str:
    """``YYYY/MM/DD``, ``YYYY/MM`` or ``YYYY`` (RIS date form; the time goes to ``N1``)."""
    return "/".join([f"{date.year:04d}", *(f"{p:02d}" for p in date.parts[1:])])


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {value}"


def ris_record(item: dict[str, Any]) -> str:
    """One RIS record for a CSL item."""
    lines = [_line("TY", "NEWS")]
    for name in item.get("author", []):
        lines.append(_line("AU", name["literal"]))
    if item.get("title"):
        lines.append(_line("TI", item["title"]))
    translated = translated_titles(item)
    if translated:
        lines.append(_line("TT", translated[0][1]))  # TT is not repeatable; others go to N1
    if item.get("container-title"):
        lines.append(_line("T2", item["container-title"]))
    issued = date_of(item, "issued")
    notes: list[str] = []
    if issued:
        lines.append(_line("PY", f"{issued.year:04d}"))
        if issued.month:
            lines.append(_line("DA", ris_date(issued)))
        if issued.time:
            notes.append(f"Published {issued.text}")
    elif "literal" in item.get("issued", {}):
        notes.append(f"Published {item['issued']['literal']}")
    if item.get("URL"):
        lines.append(_line("UR", item["URL"]))
    accessed = date_of(item, "accessed")
    if accessed:
        lines.append(_line("Y2", ris_date(accessed)))
    elif "literal" in item.get("accessed", {}):
        notes.append(f"Accessed {item['accessed']['literal']}")
    if item.get("language"):
        lines.append(_line("LA", item["language"]))
    lines.append(_line("AN", item["archive_location"]))
    lines.append(_line("DB", item["archive"]))  # Zotero: Archive
    lines.append(_line("DP", item["archive"]))  # database provider: who holds the item
    romanized = romanized_title(item)
    if romanized:
        lines.append(_line("N1", f"Romanized title: {romanized}"))
    lines.extend(
        _line("N1", f"Translated title ({lang}): {title}") for lang, title in translated[1:]
    )
    attributed = attributed_source(item)
    if attributed:
        notes.append(f"{ATTRIBUTED_NOTE} {attributed}")
    lines.extend(_line("N1", note) for note in notes)
    lines.append(_line("ER", ""))
    return "\n".join(lines)


def ris(items: Sequence[dict[str, Any]]) -> str:
    """A RIS file: one record per item, in the given order, separated by blank lines."""
    return "".join(ris_record(item) + "\n\n" for item in items)
