"""Plain-dict views of records and hits, the shape of arshif's JSON output (see docs/cli.md),
and the page of a search (`SearchPage`) that `Repository.search_page` returns.

A field the record does not hold is ``None`` (JSON ``null``), never a placeholder.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from arshif.errors import UsageError
from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START, Hit, Record, VersionInfo

# The escapes every output applies to untrusted text (terminal and bidi controls), for the
# CLI and the web reader, which render through this module.
from arshif.text.escape import csv_field as csv_field
from arshif.text.escape import escape_controls as escape_controls
from arshif.text.escape import json_text as json_text
from arshif.text.escape import strip_terminal_controls as strip_terminal_controls
from arshif.text.escape import tsv_field as tsv_field

if TYPE_CHECKING:
    from arshif.curation.fields import FieldChange

#: The orders a search knows: rank, date (oldest or newest first), outlet name.
SORTS = ("relevance", "published", "-published", "outlet")
#: The facets a search can count over the whole result set.
FACETS = ("outlet", "lang", "year", "tag")


def page_offset(limit: int, offset: int, page: int | None, sort: str, facets: Sequence[str]) -> int:
    """The offset of the first hit of a page of a search, its options checked (UsageError for
    a negative number, both an offset and a page, or an unknown sort or facet)."""
    for name, number in (("limit", limit), ("offset", offset)):
        if number < 0:
            raise UsageError(f"{name} must not be negative (got {number})")
    if page is not None:
        if page < 1:
            raise UsageError(f"page numbers start at 1 (got {page})")
        if offset:
            raise UsageError("give an offset or a page, not both")
        offset = (page - 1) * limit
    for what, value in (("sort", sort), *(("facet", facet) for facet in facets)):
        allowed = SORTS if what == "sort" else FACETS
        if value not in allowed:
            raise UsageError(f"unknown {what} {value!r}; choose from {', '.join(allowed)}")
    return offset


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: the hits, how many records matched in all, facet counts, and a
    corrected query when the query found nothing or little ("did you mean")."""

    query: str
    hits: list[Hit]
    total: int
    offset: int = 0
    limit: int = 10
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None

    def rows(self, markers: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
        """The hits as plain dicts (the JSON output's shape), matched words between `markers`."""
        return [hit_row(hit, markers) for hit in self.hits]

    def facet_rows(self) -> list[dict[str, Any]]:
        """Facet counts as rows: ``{"facet": "outlet", "value": "...", "count": 3}``."""
        return [
            {"facet": name, "value": value, "count": count}
            for name, counts in self.facets.items()
            for value, count in counts
        ]

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


def highlights(snippet: str) -> list[str]:
    """The matched words of a snippet, in the record's own spelling, in order."""
    words = []
    for piece in snippet.split(HIGHLIGHT_START)[1:]:
        word, _, _ = piece.partition(HIGHLIGHT_END)
        if word:
            words.append(word)
    return words


def hit_row(hit: Hit, markers: tuple[str, str] = ("[", "]")) -> dict[str, Any]:
    """One hit as the CLI's JSON prints it: `hit_view` plus tags and highlights."""
    row = hit_view(hit, markers)
    row["tags"] = list(hit.tags)
    row["highlights"] = highlights(hit.snippet)
    return row


def record_view(record: Record, versions: list[VersionInfo] | None = None) -> dict[str, Any]:
    """The JSON form of `arshif show`: metadata, provenance summary, versions, withdrawal."""
    meta = record.metadata
    view: dict[str, Any] = {
        "id": record.id,
        "object_id": record.object_id,
        "title": meta.title,
        "title_romanized": meta.title_romanized,
        "titles_translated": dict(meta.titles_translated),
        "lang": meta.lang,
        "outlet": meta.outlet,
        "author": meta.author,
        "published": meta.published,
        "published_text": meta.published_text,
        "url": meta.url,
        "source_id": meta.source_id,
        "retrieved": meta.retrieved,
        "attributed_source": meta.attributed_source,
        "news_code": meta.news_code,
        "dateline": meta.dateline,
        "tags": list(meta.tags),
        "note": meta.note,
        "capture": {
            "path": record.capture.path,
            "sha256": record.capture.sha256,
            "size": record.capture.size,
            "media_type": record.capture.media_type,
            "encoding": record.capture.encoding,
            "original_name": record.capture.original_name,
        },
        "cleaning": [
            {"step": c.step, "description": c.description, "removed": list(c.removed)}
            for c in record.cleaning
        ],
        "links": [
            {"kind": link.kind, "target": link.target, "inverse": link.inverse}
            for link in record.links
        ],
        "withdrawn": None
        if record.withdrawn is None
        else {
            "when": record.withdrawn.when,
            "who": record.withdrawn.who.name,
            "reason": record.withdrawn.reason,
        },
        "versions": [version_view(v) for v in versions] if versions is not None else None,
        "paragraphs": len(record.paragraphs),
    }
    return view


def version_view(version: VersionInfo) -> dict[str, Any]:
    return {
        "version": version.version,
        "created": version.created,
        "user": version.user.name,
        "address": version.user.address,
        "message": version.message,
    }


def hit_view(hit: Hit, markers: tuple[str, str] = ("[", "]")) -> dict[str, Any]:
    """The JSON form of one search hit; highlight markers become `markers` (default [ ])."""
    return {
        "rank": hit.rank,
        "id": hit.id,
        "score": round(hit.score, 4),
        "source_id": hit.source_id,
        "title": hit.title,
        "outlet": hit.outlet,
        "published": hit.published,
        "lang": hit.lang,
        "snippet": mark(hit.snippet, markers),
        "withdrawn": hit.withdrawn,
    }


def mark(snippet: str, markers: tuple[str, str]) -> str:
    return snippet.replace(HIGHLIGHT_START, markers[0]).replace(HIGHLIGHT_END, markers[1])


def page_view(page: SearchPage, facets: bool) -> dict[str, Any]:
    """The JSON form of a search page (`arshif search --format json`): one object,
    ``{"query", "total", "offset", "limit", "hits", "suggestion"}``, and ``"facets"`` when
    asked for (``{name: [{"value", "count"}, ...]}``)."""
    data: dict[str, Any] = {
        "query": page.query,
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "hits": page.rows(),
        "suggestion": page.suggestion,
    }
    if facets:
        data["facets"] = {
            name: [{"value": v, "count": c} for v, c in counts]
            for name, counts in page.facets.items()
        }
    return data


def shown_record(
    record: Record, versions: list[VersionInfo], version: str | None = None
) -> dict[str, Any]:
    """The JSON form of `arshif show --format json`: `record_view`, the version shown (`version`,
    else the head) and the text's paragraphs."""
    view = record_view(record, versions)
    view["version"] = version or (versions[-1].version if versions else None)
    view["text"] = list(record.paragraphs)
    return view


def change_summary(changes: Sequence[FieldChange]) -> str:
    """Field changes on one line, as version messages give them: ``title: 'a' → 'b'; tags:
    +wire -old`` (`arshif.curation.fields.summarize_changes`)."""
    from arshif.curation.fields import summarize_changes

    return summarize_changes(changes)
