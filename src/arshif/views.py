"""Plain-dict views of records and hits, the shape of arshif's JSON output (see docs/cli.md).

A field the record does not hold is ``None`` (JSON ``null``), never a placeholder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START, Hit, Record, VersionInfo

if TYPE_CHECKING:
    from arshif.api import SearchPage


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
