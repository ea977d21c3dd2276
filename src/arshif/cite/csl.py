"""The one mapping from a record to a citation: a CSL-JSON item (CSL 1.0.2 input schema).

Every other export format is derived from the item `to_csl` returns, never from the record, so
a field can only appear in a citation if this module put it into the item. What the record does
not hold stays out: no guessed outlet, no "n.d.", no invented time zone.

Text is cleaned on the way in (`clean`): Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF)
become their NFKC base letters, bidi embedding/override/isolate controls and marks are dropped,
control characters go, and runs of white space become one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from arshif.archiveconfig import DEFAULT_NAME
from arshif.cite.cleaning import FORBIDDEN, clean, without_forbidden
from arshif.cite.keys import base_key
from arshif.cite.supplied import supplied_title
from arshif.model import Record

__all__ = ["FORBIDDEN", "IsoDate", "clean", "parse_iso_date", "to_csl", "without_forbidden"]

#: How notes name an attributed source (a quoted agency, not the author or outlet).
ATTRIBUTED_NOTE = "Attributed in the text to"
#: CSL item type of every record.
CSL_TYPE = "article-newspaper"

#: Keys of the item's `custom` object (CSL 1.0.2 has no romanized or translated title variable).
CUSTOM_TITLE_ROMANIZED = "title-romanized"
CUSTOM_TITLES_TRANSLATED = "titles-translated"
CUSTOM_SHORT_ID = "arshif-id"
CUSTOM_TITLE_SUPPLIED = "title-supplied"
CUSTOM_ATTRIBUTED_SOURCE = "attributed-source"

_ISO = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


@dataclass(frozen=True)
class IsoDate:
    """An ISO 8601 date as the record states it: year, optional month and day, optional time."""

    text: str  #: the value as stored (ISO 8601)
    year: int
    month: int | None = None
    day: int | None = None
    time: str | None = None  #: "HH:MM" or "HH:MM:SS[.fff]" as stored
    zone: str | None = None  #: "Z" or "+03:00", only when the record has one

    @property
    def parts(self) -> list[int]:
        """CSL `date-parts` for this date: [year], [year, month] or [year, month, day]."""
        return [p for p in (self.year, self.month, self.day) if p is not None]

    @property
    def has_time(self) -> bool:
        return self.time is not None


def parse_iso_date(value: str | None) -> IsoDate | None:
    """The ISO 8601 date (or local date-time) `value`, or None when it is absent or not ISO.

    >>> parse_iso_date("2021-07-31T19:51:00").parts
    [2021, 7, 31]
    >>> parse_iso_date("19 Nov 2021") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    match = _ISO.match(value)
    if match is None:
        return None
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return IsoDate(value, int(match["year"]), month, day, match["time"], match["zone"])


def _date(value: str | None) -> dict[str, Any] | None:
    """A CSL date variable for an ISO value: date-parts, plus `raw` when a time is stated."""
    cleaned = clean(value)
    if cleaned is None:
        return None
    parsed = parse_iso_date(cleaned)
    if parsed is None:
        # Not ISO 8601: keep the value as the record states it rather than guess a date.
        return {"literal": cleaned}
    date: dict[str, Any] = {"date-parts": [parsed.parts]}
    if parsed.has_time:
        # date-parts cannot hold a time; the schema's `raw` keeps the full ISO value.
        date["raw"] = parsed.text
    return date


def to_csl(
    record: Record, archive_name: str = DEFAULT_NAME, *, key: str | None = None
) -> dict[str, Any]:
    """The CSL-JSON item for `record`; `key` (the citation key) defaults to `base_key(record)`.

    Fields: `type` article-newspaper, `title` (an untitled record's supplied title, its first
    words in brackets: `arshif.cite.supplied`), `container-title` (the outlet), `author` as a
    literal name, `issued` / `accessed` (date-parts, with the ISO date-time in `raw` when the
    record states a time; a record without URL is accessed where it is held, so its capture
    date stands in), `URL`, `language`, `archive` (the archive's name) + `archive_location`
    (the record's URN), `note` and `custom` (romanized and translated titles, the attributed
    source, which CSL has no variables for).
    """
    meta = record.metadata
    item: dict[str, Any] = {"id": key or base_key(record), "type": CSL_TYPE}
    custom: dict[str, Any] = {CUSTOM_SHORT_ID: record.id}
    title = clean(meta.title)
    if not title:
        title = supplied_title(record)
        if title:
            custom[CUSTOM_TITLE_SUPPLIED] = True
    if title:
        item["title"] = title
    outlet = clean(meta.outlet)
    if outlet:
        item["container-title"] = outlet
    author = clean(meta.author)
    if author:
        # A literal name: CSL processors split "given family" on spaces and mangle Arabic and
        # Persian names (kunya, nasab, "al-" particles); the record stores one display name.
        item["author"] = [{"literal": author}]
    issued = _date(meta.published)
    if issued:
        item["issued"] = issued
    url = clean(meta.url)
    accessed = _date(meta.retrieved)
    if accessed is None and not url:
        accessed = _date(captured(record))
    if accessed:
        item["accessed"] = accessed
    if url:
        item["URL"] = url.replace(" ", "%20")
    lang = clean(meta.lang)
    if lang:
        item["language"] = lang
    item["archive"] = clean(archive_name) or DEFAULT_NAME
    item["archive_location"] = record.object_id

    romanized = clean(meta.title_romanized)
    translated = [
        (clean(tag) or "und", text)
        for tag, title_text in meta.titles_translated
        if (text := clean(title_text))
    ]
    notes: list[str] = []
    if romanized:
        custom[CUSTOM_TITLE_ROMANIZED] = romanized
        notes.append(f"Romanized title: {romanized}")
    if translated:
        custom[CUSTOM_TITLES_TRANSLATED] = [{"language": t, "title": s} for t, s in translated]
        notes.extend(f"Translated title ({t}): {s}" for t, s in translated)
    attributed = clean(meta.attributed_source)
    if attributed:
        # A quoted agency ("according to IRNA"): never the author or the outlet.
        custom[CUSTOM_ATTRIBUTED_SOURCE] = attributed
        notes.append(f"{ATTRIBUTED_NOTE} {attributed}")
    if notes:
        item["note"] = "\n".join(notes)
    item["custom"] = custom
    return item


def captured(record: Record) -> str | None:
    """When the record's capture entered the archive: the date of its first version (UTC)."""
    first = next((c for c in record.changes if c.version == "v1"), None)
    return first.when[:10] if first else None


def attributed_source(item: dict[str, Any]) -> str | None:
    """The attributed source (a quoted agency) a CSL item carries in `custom`, if any."""
    value = item.get("custom", {}).get(CUSTOM_ATTRIBUTED_SOURCE)
    return value if isinstance(value, str) else None


def romanized_title(item: dict[str, Any]) -> str | None:
    """The romanized title a CSL item carries in `custom`, if any."""
    value = item.get("custom", {}).get(CUSTOM_TITLE_ROMANIZED)
    return value if isinstance(value, str) else None


def translated_titles(item: dict[str, Any]) -> list[tuple[str, str]]:
    """The (language, title) pairs a CSL item carries in `custom`, in the record's order."""
    pairs = item.get("custom", {}).get(CUSTOM_TITLES_TRANSLATED, [])
    return [(p["language"], p["title"]) for p in pairs]


def date_of(item: dict[str, Any], variable: str) -> IsoDate | None:
    """The ISO date a CSL date variable (`issued`, `accessed`) was built from, if it is ISO."""
    date = item.get(variable)
    if not date or "date-parts" not in date:
        return None
    if "raw" in date:
        return parse_iso_date(date["raw"])
    parts = date["date-parts"][0]
    text = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
    return parse_iso_date(text)
