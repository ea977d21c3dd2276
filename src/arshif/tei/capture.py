"""TEI given to ingest as a capture: its metadata and paragraphs (any reasonable TEI P5 file).

Read from the header: the title (``titleStmt/title``, the main or untyped one; romanized and
translated titles by ``@type``), the source description (``sourceDesc/bibl`` or ``biblStruct``:
article title, author, outlet as ``publisher`` or ``title level="j"``, publication date as
``date/@when`` with its printed form, URL as ``idno type="URL"``, ``ref``/``ptr``), and the
language (``text``/``TEI`` ``@xml:lang`` or ``langUsage``). Paragraphs are ``head``, ``p`` and
``ab`` of ``text/body`` in document order, without notes (footnotes are not running text), with
XML layout whitespace (spaces, tabs and line breaks) collapsed as TEI renders it; no other
character is changed. A value the file does not
state stays None. An arshif record given back as a capture reads as the article it describes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from arshif.errors import InputError
from arshif.model import Metadata
from arshif.tei import datatypes as dt
from arshif.tei.read import child, children, date_value, path, token
from arshif.tei.safexml import TEI_NS, XML_LANG, parse_xml, tei, text_content

_LAYOUT = re.compile(r"[ \t\r\n]+")
_BLOCKS = frozenset(tei(name) for name in ("head", "p", "ab"))
_NOTE = tei("note")
_SKIP_INSIDE = _BLOCKS | {_NOTE}


@dataclass(frozen=True)
class TeiCapture:
    """What a TEI capture states: its metadata and its paragraphs in logical order."""

    metadata: Metadata
    paragraphs: tuple[str, ...]


def parse_tei_capture(data: bytes) -> TeiCapture:
    """Metadata and paragraphs of a TEI P5 document given as a capture.

    Raises:
        InputError: not well-formed XML, hostile (entity declarations), not TEI, TEI in the
            wrong namespace, a teiCorpus, or no text in the body.
    """
    root = parse_xml(data, what="TEI capture", error=InputError)
    _check_root(root)
    header = child(root, "teiHeader")
    title_stmt = path(header, "fileDesc", "titleStmt")
    source = path(header, "fileDesc", "sourceDesc")
    bibl = next((b for b in children(source, "bibl") if token(b.get("type")) != "capture"), None)
    parts = _bibl_parts(bibl) if bibl is not None else _struct_parts(child(source, "biblStruct"))
    bibl_title = parts.pop("title", None)
    title = _title(title_stmt) or bibl_title
    paragraphs = _paragraphs(path(root, "text", "body"))
    if not paragraphs:
        raise InputError("TEI capture has no text: no p, head or ab with text in text/body")
    metadata = Metadata(
        title=title,
        title_romanized=_clean(child(title_stmt, "title", type="romanized")),
        titles_translated=tuple(
            (lang, text)
            for t in children(title_stmt, "title", type="translated")
            if (lang := token(t.get(XML_LANG))) and dt.is_language(lang)
            if (text := _clean(t))
        ),
        lang=_language(root, header),
    )
    return TeiCapture(metadata.with_changes(**parts), paragraphs)


def _check_root(root: etree._Element) -> None:
    name = etree.QName(root)
    if name.namespace == TEI_NS and name.localname == "TEI":
        return
    if name.namespace == TEI_NS and name.localname == "teiCorpus":
        raise InputError(
            "TEI capture is a teiCorpus of several texts; give one TEI file per article"
        )
    if name.localname in ("TEI", "TEI.2", "teiCorpus"):
        where = f"namespace {name.namespace}" if name.namespace else "no namespace"
        raise InputError(
            f"TEI capture's root <{name.localname}> is in {where}, not the TEI P5 namespace "
            f"{TEI_NS} (TEI P4, or a wrong xmlns): convert it to TEI P5"
        )
    raise InputError(f"not a TEI document: the root element is <{name.localname}>, not <TEI>")


def _clean(element: etree._Element | None) -> str | None:
    """Text content with layout whitespace collapsed; None when empty."""
    if element is None:
        return None
    text = _LAYOUT.sub(" ", text_content(element)).strip()
    return text or None


def _title(title_stmt: etree._Element | None) -> str | None:
    for title in children(title_stmt, "title"):
        if token(title.get("type")) in (None, "main") and (text := _clean(title)):
            return text
    return None


def _date(date: etree._Element | None) -> dict[str, str]:
    parts: dict[str, str] = {}
    when = date_value(date)
    if when and dt.when_attribute(when):
        parts["published"] = when
    if text := _clean(date):
        parts["published_text"] = text
    return parts


def _bibl_parts(bibl: etree._Element) -> dict[str, str | None]:
    titles = children(bibl, "title")
    article = [t for t in titles if token(t.get("level")) in ("a", None)]
    journal = [t for t in titles if token(t.get("level")) in ("j", "m")]
    dates = children(bibl, "date")
    published = child(bibl, "date", type="published")
    if published is None and dates:
        published = dates[0]
    retrieved = date_value(child(bibl, "date", type="retrieved"))
    parts: dict[str, str | None] = {
        "title": _clean(article[0]) if article else None,
        "author": _clean(child(bibl, "author")),
        "outlet": _clean(child(bibl, "publisher")) or (_clean(journal[0]) if journal else None),
        "url": _url(bibl),
        "source_id": _clean(child(bibl, "idno", type="source")),
        "news_code": _clean(child(bibl, "idno", type="newsCode")),
        "retrieved": retrieved if retrieved and dt.when_attribute(retrieved) else None,
        "attributed_source": _clean(child(bibl, "note", type="attribution")),
        "dateline": _clean(child(bibl, "note", type="dateline")),
        **_date(published),
    }
    return {key: value for key, value in parts.items() if value is not None}


def _struct_parts(struct: etree._Element | None) -> dict[str, str | None]:
    if struct is None:
        return {}
    analytic, monogr = child(struct, "analytic"), child(struct, "monogr")
    imprint = child(monogr, "imprint")
    dates = children(imprint, "date")
    parts: dict[str, str | None] = {
        "title": _clean(child(analytic, "title")),
        "author": _clean(child(analytic, "author")) or _clean(child(monogr, "author")),
        "outlet": _clean(child(monogr, "title")) or _clean(child(imprint, "publisher")),
        "url": _url(analytic) or _url(monogr) or _url(struct),
        **_date(dates[0] if dates else None),
    }
    return {key: value for key, value in parts.items() if value is not None}


def _url(element: etree._Element | None) -> str | None:
    for idno in children(element, "idno"):
        if (token(idno.get("type")) or "").upper() in ("URL", "URI") and (text := _clean(idno)):
            return text
    for tag in ("ref", "ptr"):
        for link in children(element, tag):
            target = token(link.get("target")) or ""
            if target.startswith(("http://", "https://")):
                return target
    return None


def _language(root: etree._Element, header: etree._Element | None) -> str | None:
    text = child(root, "text")
    usage = path(header, "profileDesc", "langUsage")
    candidates = [
        text.get(XML_LANG) if text is not None else None,
        root.get(XML_LANG),
        *(language.get("ident") for language in children(usage, "language")),
    ]
    for value in candidates:
        if (lang := token(value)) and dt.is_language(lang):
            return lang
    return None


def _paragraphs(body: etree._Element | None) -> tuple[str, ...]:
    if body is None:
        return ()
    found: list[str] = []
    for element in body.iter(*_BLOCKS):
        if any(ancestor.tag in _SKIP_INSIDE for ancestor in element.iterancestors()):
            continue  # inside another block, or in a note
        if text := _LAYOUT.sub(" ", _running_text(element)).strip():
            found.append(text)
    return tuple(found)


def _running_text(element: etree._Element) -> str:
    """The text of a block without its notes (footnotes are not running text) or comments."""
    parts = [element.text or ""]
    for node in element:
        if isinstance(node.tag, str) and node.tag != _NOTE:
            parts.append(_running_text(node))
        parts.append(node.tail or "")
    return "".join(parts)
