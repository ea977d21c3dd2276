"""OAI-PMH 2.0 response documents, built with lxml: the envelope, headers, ``oai_dc`` and ``tei``.

Dublin Core is mapped from the record: title (and its romanized and translated forms), creator
(the author), publisher (the outlet), date (as published), language, subject (tags), identifier
(the article's URL, the archive's URN, the record's page here), source (the agency the text
attributes itself to), type (``Text``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml import etree

from arshif.model import Record
from arshif.tei.safexml import parse_xml

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI_SCHEMA = "https://tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd"
IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: metadataPrefix → (schema, namespace)
FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS), "tei": (TEI_SCHEMA, TEI_NS)}


def _q(name: str, ns: str = OAI_NS) -> str:
    return f"{{{ns}}}{name}"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(base_url: str, request: dict[str, str] | None) -> etree._Element:
    """``<OAI-PMH>`` with its responseDate and request (no attributes when `request` is None:
    the spec's rule for badVerb and badArgument)."""
    nsmap: dict[Any, str] = {None: OAI_NS, "xsi": XSI_NS}  # the stubs want str keys
    root = etree.Element(_q("OAI-PMH"), nsmap=nsmap)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    etree.SubElement(root, _q("responseDate")).text = now()
    element = etree.SubElement(root, _q("request"), request or {})
    element.text = base_url
    return root


def add(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name), attrs)
    if text is not None:
        element.text = text
    return element


def error(root: etree._Element, code: str, message: str) -> None:
    add(root, "error", message, code=code)


def header(
    parent: etree._Element, identifier: str, datestamp: str, sets: tuple[str, ...], deleted: bool
) -> None:
    element = add(parent, "header", **({"status": "deleted"} if deleted else {}))
    add(element, "identifier", identifier)
    add(element, "datestamp", datestamp)
    for spec in sets:
        add(element, "setSpec", spec)


def oai_dc(record: Record, identifiers: list[str]) -> etree._Element:
    """The record's unqualified Dublin Core (``oai_dc:dc``)."""
    nsmap = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    dc = etree.Element(_q("dc", OAI_DC_NS), nsmap=nsmap)
    dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    meta = record.metadata

    def put(name: str, value: str | None, lang: str | None = None) -> None:
        if value:
            element = etree.SubElement(dc, _q(name, DC_NS))
            element.text = value
            if lang:
                element.set(XML_LANG, lang)

    put("title", meta.title, meta.lang)
    if meta.title_romanized:
        put("title", meta.title_romanized, f"{meta.lang}-Latn" if meta.lang else None)
    for lang, title in meta.titles_translated:
        put("title", title, lang)
    put("creator", meta.author)
    for tag in meta.tags:
        put("subject", tag)
    put("publisher", meta.outlet)
    put("date", meta.published)
    put("type", "Text")
    put("format", "application/tei+xml")
    for identifier in [meta.url, record.object_id, *identifiers]:
        put("identifier", identifier)
    put("source", meta.attributed_source)
    put("language", meta.lang)
    return dc


def tei(data: bytes) -> etree._Element:
    """The TEI record itself (parsed with entities, DTDs and the network off)."""
    return parse_xml(data, what="TEI record")


def identify_description(parent: etree._Element, repository_id: str, sample: str) -> None:
    """The oai-identifier description of Identify (the guidelines' scheme and delimiter)."""
    description = add(parent, "description")
    nsmap: dict[Any, str] = {None: IDENTIFIER_NS, "xsi": XSI_NS}
    element = etree.SubElement(description, _q("oai-identifier", IDENTIFIER_NS), nsmap=nsmap)
    element.set(f"{{{XSI_NS}}}schemaLocation", f"{IDENTIFIER_NS} {IDENTIFIER_SCHEMA}")
    for name, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_id),
        ("delimiter", ":"),
        ("sampleIdentifier", sample),
    ):
        etree.SubElement(element, _q(name, IDENTIFIER_NS)).text = value


def serialize(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
