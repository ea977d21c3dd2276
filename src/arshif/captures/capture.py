"""`decode_capture`: the bytes of a capture as text, with their media type and encoding.

The capture itself is never changed (the store keeps it byte-exact); what comes out is the text
for extraction, normalised with `normalize_storage`, plus what HTML or TEI markup states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import lxml.etree

from arshif.captures.encoding import check_text, decode_bytes
from arshif.captures.html import declared_charset, looks_like_html, parse_html
from arshif.errors import ArshifError, InputError
from arshif.model import FieldProvenance, Metadata
from arshif.text.normalize import normalize_storage

__all__ = [
    "DEFAULT_LIMIT",
    "MEDIA_HTML",
    "MEDIA_TEI",
    "MEDIA_TEXT",
    "SIZE_LIMIT_OPTION",
    "DecodedCapture",
    "decode_capture",
]

DEFAULT_LIMIT = 50 * 2**20
#: how a user raises the size limit on the command line (quoted in the message)
SIZE_LIMIT_OPTION = "--max-size"

MEDIA_TEXT = "text/plain"
MEDIA_HTML = "text/html"
MEDIA_TEI = "application/tei+xml"

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})
_XML_SUFFIXES = frozenset({".xml", ".tei"})
_XML_PROLOG = (
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?"
    r"(?:<!--(?:[^-]|-(?!->))*-->\s*|<\?[^?]*(?:\?(?!>)[^?]*)*\?>\s*|<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>\s*)*"
)
_TEI_ROOT = re.compile(_XML_PROLOG + r"<(?:[A-Za-z_][\w.-]*:)?TEI[\s>/]", re.DOTALL)
_XML_START = re.compile(r"\A\s*<\?xml\s", re.DOTALL)
_XML_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)"""
)


#: U+FFFE and U+FFFF: valid in UTF-8/16 but no XML (so no TEI record) can carry them; the other
#: characters XML refuses (C0/C1 controls) are removed by `normalize_storage`, and the strict
#: decoders never produce lone surrogates.
_NOT_XML = dict.fromkeys((0xFFFE, 0xFFFF))


@dataclass(frozen=True)
class DecodedCapture:
    """A capture read as text. For HTML and TEI, `text` is the paragraphs joined by newlines."""

    text: str
    media_type: str  #: "text/plain", "text/html" or "application/tei+xml"
    encoding: str  #: the encoding the bytes were decoded with, e.g. "utf-8", "cp1256"
    metadata: Metadata  #: what the markup states (HTML meta, TEI header); empty for plain text
    paragraphs: tuple[str, ...] | None  #: from the markup (HTML, TEI); None for plain text
    provenance: tuple[FieldProvenance, ...] = ()  #: where each field of `metadata` was read
    #: for HTML whose main text an extractor found: the extractor and version (e.g.
    #: "trafilatura 2.3.1") and the page's paragraphs it left out, verbatim
    extractor: str | None = None
    left_out: tuple[str, ...] = ()


def _normalized_metadata(metadata: Metadata) -> Metadata:
    changes: dict[str, object] = {}
    for name, value in vars(metadata).items():
        if isinstance(value, str):
            changes[name] = normalize_storage(value).strip() or None
    return metadata.with_changes(**changes)


def _tei(data: bytes, text: str, encoding: str) -> DecodedCapture:
    from arshif.tei import parse_tei_capture  # the sibling written alongside; imported lazily

    try:
        capture = parse_tei_capture(data)
    except ArshifError:
        raise
    except (ValueError, lxml.etree.LxmlError) as exc:
        raise InputError(f"the TEI capture could not be read: {exc}") from None
    paragraphs = tuple(p for p in (normalize_storage(p).strip() for p in capture.paragraphs) if p)
    metadata = _normalized_metadata(capture.metadata)
    provenance = tuple(
        FieldProvenance(name, "capture", "TEI header")
        for name, value in vars(metadata).items()
        if value not in (None, ())
    )
    return DecodedCapture(
        "\n".join(paragraphs), MEDIA_TEI, encoding, metadata, paragraphs, provenance
    )


def _media_type(name: str | None, text: str) -> str:
    suffix = PurePath(name).suffix.lower() if name else ""
    if _TEI_ROOT.match(text[:16384]):
        return MEDIA_TEI
    if suffix in _HTML_SUFFIXES or looks_like_html(text):
        return MEDIA_HTML
    if suffix in _XML_SUFFIXES or _XML_START.match(text):
        raise InputError(
            "an XML capture must be a TEI document (root element TEI in the TEI namespace)"
        )
    return MEDIA_TEXT


def decode_capture(
    data: bytes,
    name: str | None = None,
    encoding: str | None = None,
    limit: int = DEFAULT_LIMIT,
    *,
    charset: str | None = None,
    media_type: str | None = None,
    main_text: bool = True,
) -> DecodedCapture:
    """Decode a capture's bytes, detect its media type, and read HTML or TEI markup.

    `name` (the file name, if any) helps tell HTML and TEI from plain text; `encoding` overrides
    detection; `limit` is the largest size accepted, in bytes. `charset` and `media_type` are
    what the transport stated (HTTP ``Content-Type`` of a WARC record): the charset is tried
    before the page's ``<meta>`` one, and ``text/html`` (or XHTML) is read as HTML. With
    `main_text`, an HTML page's paragraphs are its main content as `arshif.captures.maintext`
    finds it (else every paragraph of the page).
    Raises `InputError` (one line,
    saying what to do) for empty, whitespace-only, binary, over-size, undecodable or mojibake
    input, and for HTML or TEI that cannot be read safely.
    """
    if len(data) > limit:
        raise InputError(
            f"the capture is {len(data):,} bytes, over the limit of {limit:,} bytes "
            f"({limit / 2**20:g} MiB); raise it with {SIZE_LIMIT_OPTION} if the file is genuine"
        )
    if not data.strip():
        raise InputError("the capture is empty or holds only whitespace")
    declared = charset or declared_charset(data)
    if declared is None:
        xml_declared = _XML_ENCODING.match(data[:1024])
        declared = xml_declared.group(1).decode("ascii") if xml_declared else None
    raw_text, used = decode_bytes(data, encoding, declared)
    check_text(raw_text)
    if "\ufffe" in raw_text or "\uffff" in raw_text:  # (translate reads every character)
        raw_text = raw_text.translate(_NOT_XML)
    stated_html = media_type in _HTML_TYPES and not _TEI_ROOT.match(raw_text[:16384])
    media_type = MEDIA_HTML if stated_html else _media_type(name, raw_text)
    if media_type == MEDIA_TEI:
        return _tei(data, raw_text, used)
    if media_type == MEDIA_HTML:
        html = parse_html(raw_text)
        if not html.paragraphs:
            raise InputError("the HTML page holds no readable text")
        metadata = _normalized_metadata(html.metadata)
        paragraphs, extractor = html.paragraphs, None
        left_out: tuple[str, ...] = ()
        if main_text:
            from arshif.captures.maintext import extractor_name, left_out_of, main_text_of

            found = main_text_of(raw_text, html.paragraphs)
            if found:
                paragraphs, extractor = found, extractor_name()
                left_out = left_out_of(html.paragraphs, found)
        return DecodedCapture(
            "\n".join(paragraphs),
            MEDIA_HTML,
            used,
            metadata,
            paragraphs,
            html.provenance,
            extractor,
            left_out,
        )
    text = normalize_storage(raw_text)
    if not text.strip():  # e.g. only U+FFFE, or controls: nothing a record can hold
        raise InputError("the capture is empty or holds only whitespace")
    return DecodedCapture(text, MEDIA_TEXT, used, Metadata(), None)
