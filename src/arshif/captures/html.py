"""HTML captures: readable paragraphs and the metadata the page states about itself.

Parsed with lxml's HTML parser from already-decoded text (so a wrong ``<meta charset>`` cannot
mis-decode it), with the network off, comments and processing instructions dropped. Removed before
reading: script, style, noscript, template, nav, footer, aside, form and embedded objects. A page
nested deeper than the parser's limit (256 levels), or with a text node beyond its size limit, is
refused rather than read in part.

Paragraphs are the p and h1–h6 elements in document order (a ``<br>`` splits a paragraph into
lines); a page without any falls back to the lines of its body text. Metadata, each with the
element it came from as evidence: the title from ``og:title``, else the first ``h1``, else
``<title>``; the publication date from ``article:published_time`` (and similar meta names),
else a ``<time datetime>`` of the article; the outlet from ``og:site_name``; the author from
``<meta name="author">``; the URL from ``<link rel="canonical">`` or ``og:url``.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from typing import cast

import lxml.etree
import lxml.html

from arshif.errors import InputError
from arshif.model import FieldProvenance, Metadata
from arshif.text.dates import parse_date
from arshif.text.normalize import normalize_storage

__all__ = ["HtmlContent", "declared_charset", "looks_like_html", "parse_html"]

DROPPED = (
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe",
    "object", "embed", "svg", "math", "button", "select", "textarea",
)  # fmt: skip
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
        "section", "table", "tbody", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publication_date", "date", "dc.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "parsely-pub-date", "sailthru.date",
)  # fmt: skip
_SPACE = re.compile(r"[^\S\n]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s)",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"<(?:p|div|br|h[1-6]|article|span|a\s+href)[\s/>]", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlContent:
    metadata: Metadata
    paragraphs: tuple[str, ...]
    provenance: tuple[FieldProvenance, ...]


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` near its start, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    """True when `text` starts like an HTML document or is dense with common HTML tags."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAGS.findall(head)) >= 3


def _clean(text: str) -> str:
    lines = (_SPACE.sub(" ", line).strip() for line in normalize_storage(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _one_line(text: str) -> str:
    return " ".join(normalize_storage(text).split())


def _element_text(element: lxml.html.HtmlElement) -> str:
    return _clean(element.text_content())


def _meta(doc: lxml.html.HtmlElement, *names: str) -> tuple[str, str] | None:
    """(content, evidence) of the first <meta> whose property/name/itemprop is one of `names`."""
    wanted = {n.lower() for n in names}
    for element in doc.iter("meta"):
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key in wanted:
                content = _one_line(element.get("content") or "")
                if content:
                    return content, f'html meta {attribute}="{element.get(attribute)}"'
    return None


def _parse_published(value: str) -> tuple[str, str] | None:
    """(iso, calendar) of a machine-readable date (ISO 8601 or RFC 2822)."""
    parsed = parse_date(value)
    if parsed is not None:
        return parsed.iso, parsed.calendar
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.isoformat(), "gregorian"


def _published(doc: lxml.html.HtmlElement) -> tuple[Metadata, FieldProvenance] | None:
    candidates: list[tuple[str, str]] = []
    found = _meta(doc, *_DATE_META)
    if found:
        candidates.append(found)
    times = [t for t in doc.iter("time") if (t.get("datetime") or "").strip()]
    preferred = [
        t
        for t in times
        if t.get("pubdate") is not None
        or (t.get("itemprop") or "").lower() == "datepublished"
        or any(a.tag == "article" for a in t.iterancestors())
    ]
    chosen = preferred[:1] or (times if len(times) == 1 else [])
    for element in chosen:
        candidates.append((_one_line(element.get("datetime") or ""), "html time datetime"))
    for value, evidence in candidates:
        parsed = _parse_published(value)
        if parsed:
            iso, calendar = parsed
            metadata = Metadata(published=iso, published_text=value, published_calendar=calendar)
            return metadata, FieldProvenance("published", "capture", f"{evidence}: {value}")
    return None


def _absolute_url(value: str | None) -> str | None:
    if value and re.match(r"https?://\S+\Z", value.strip()):
        return value.strip()
    return None


def _paragraphs(body: lxml.html.HtmlElement) -> tuple[str, ...]:
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    paragraphs: list[str] = []
    for element in body.iter(*_PARAGRAPH_TAGS):
        # a <p> inside another <p> (browsers never build one; lxml may) is read once, by the outer
        if any(a.tag in _PARAGRAPH_TAGS for a in element.iterancestors()):
            continue
        paragraphs.extend(line for line in _element_text(element).split("\n") if line)
    if paragraphs:
        return tuple(paragraphs)
    for element in body.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    return tuple(line for line in _element_text(body).split("\n") if line)


def parse_html(text: str) -> HtmlContent:
    """Paragraphs and stated metadata of an HTML page given as decoded text."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        doc = cast(
            lxml.html.HtmlElement,
            lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser),
        )
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"the HTML could not be read: {exc}") from None
    for error in parser.error_log:
        if error.level < lxml.etree.ErrorLevels.FATAL:
            continue
        if "depth" in error.message.lower():
            raise InputError(
                "the HTML is nested deeper than 256 elements (broken or hostile markup); refused"
            )
        # the parser stopped early: reading on would silently drop the rest of the page
        detail = " ".join(error.message.split())
        raise InputError(f"the HTML exceeds a parser limit ({detail}); refused")

    metadata = Metadata()
    provenance: list[FieldProvenance] = []

    def put(name: str, value: str | None, evidence: str) -> None:
        nonlocal metadata
        if value and getattr(metadata, name) is None:
            metadata = metadata.with_changes(**{name: value})
            provenance.append(FieldProvenance(name, "capture", evidence))

    title = _meta(doc, "og:title", "twitter:title")
    if title:
        put("title", title[0], title[1])
    site = _meta(doc, "og:site_name")
    if site:
        put("outlet", site[0], site[1])
    author = _meta(doc, "author", "article:author")
    if author and not _absolute_url(author[0]):
        put("author", author[0], author[1])
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            put("url", _absolute_url(link.get("href")), "html link rel=canonical")
    url = _meta(doc, "og:url")
    if url:
        put("url", _absolute_url(url[0]), url[1])
    published = _published(doc)
    if published:
        stated, evidence = published
        metadata = metadata.with_changes(
            published=stated.published,
            published_text=stated.published_text,
            published_calendar=stated.published_calendar,
        )
        provenance.append(evidence)
    for element in list(doc.iter(*DROPPED)):
        element.drop_tree()
    if metadata.title is None:
        for h1 in doc.iter("h1"):
            put("title", _one_line(h1.text_content()), "html h1")
            break
    if metadata.title is None:
        for element in doc.iter("title"):
            put("title", _one_line(element.text_content()), "html title")
            break
    body = doc.find("body")
    return HtmlContent(metadata, _paragraphs(doc if body is None else body), tuple(provenance))
