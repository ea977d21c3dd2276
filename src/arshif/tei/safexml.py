"""The one way arshif parses XML: entities, DTDs and the network off, hostile DOCTYPEs refused.

Every XML document arshif reads (records from the store, TEI captures, records a librarian edited,
the shipped RELAX NG schema) goes through `parse_xml`, which uses `safe_parser`:

- no entity is ever expanded (``resolve_entities=False``) and no DTD is ever loaded
  (``load_dtd=False``, ``dtd_validation=False``), so an external entity (XXE) is never read and a
  billion-laughs bomb never grows;
- nothing is fetched (``no_network=True``);
- libxml2's default size and depth limits stay on (``huge_tree=False``);
- a document whose DOCTYPE declares entities is refused outright, before parsing (a byte scan
  that also sees UTF-16 and UTF-32) and after it (the parsed internal subset), with one clear
  message. A DOCTYPE without declarations (``<!DOCTYPE TEI SYSTEM "tei_all.dtd">``) is harmless
  here and accepted: the DTD it names is never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast

from lxml import etree

from arshif.errors import ArshifError, InputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_ID = f"{{{XML_NS}}}id"

#: The longest text node or attribute value (UTF-8 bytes) libxml2 reads without ``huge_tree``;
#: the writer refuses longer values so that every record it writes can be read back.
MAX_VALUE_BYTES = 10_000_000

#: ``<!ENTITY`` in any of UTF-8, UTF-16 and UTF-32 (NUL bytes between the letters).
_ENTITY_DECL = re.compile(b"<" + b"".join(b"\x00{0,3}" + bytes([c]) for c in b"!ENTITY"))
#: The start of the first element (the DOCTYPE, and so any declaration, comes before it).
_ELEMENT_START = re.compile(rb"<\x00{0,3}[A-Za-z_]")


def safe_parser() -> etree.XMLParser:
    """A new parser with entities, DTDs and the network off (parsers are not thread-safe)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )


def parse_xml(
    data: bytes, *, what: str = "XML document", error: type[ArshifError] = InputError
) -> etree._Element:
    """Parse `data` safely and return its root element.

    Raises:
        `error` (InputError by default): the bytes are not well-formed XML, or declare entities.
    """
    if not isinstance(data, bytes):
        raise TypeError(f"{what} must be bytes, not {type(data).__name__}")
    first_element = _ELEMENT_START.search(data)
    prolog = data[: first_element.start()] if first_element else data
    if _ENTITY_DECL.search(prolog):
        raise error(
            f"{what} declares XML entities in a DOCTYPE; refused (entities are never expanded)"
        )
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        reason = " ".join(str(exc).split())  # libxml2's messages may hold a newline: one line
        raise error(f"{what} is not well-formed XML: {reason}") from exc
    dtd: Any = root.getroottree().docinfo.internalDTD  # the stubs lack DTD.iterentities
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise error(
            f"{what} declares XML entities in a DOCTYPE; refused (entities are never expanded)"
        )
    if next(root.iter(etree.Entity), None) is not None:  # entity nodes only, found by lxml
        raise error(f"{what} uses an undeclared entity reference; refused")
    return root


def text_content(element: etree._Element) -> str:
    """All text inside `element` (its own and its descendants'), comments and PIs left out."""
    if not len(element):  # no child nodes (elements, comments, PIs): its text is all of it
        return element.text or ""
    # itertext gives str only (the stubs say str or bytes); comments' and PIs' text it skips
    return "".join(cast("Iterator[str]", element.itertext()))


def tei(tag: str) -> str:
    """The Clark name of a TEI element, e.g. ``{http://www.tei-c.org/ns/1.0}title``."""
    return f"{{{TEI_NS}}}{tag}"
