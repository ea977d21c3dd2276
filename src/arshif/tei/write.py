"""Record → TEI P5 bytes (docs/record-format.md describes every element written here).

The output is deterministic: the same Record gives the same bytes (fixed element and attribute
order, two-space indentation added only inside element-only containers, so no text value is ever
touched: titles, paragraphs and quotes keep their exact characters, bidi controls and ZWNJ
included). An optional value is either absent (None) or non-empty text; an empty string is refused
rather than silently turned into None.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from typing import Any, NoReturn

from lxml import etree

from arshif.errors import InvalidRecord
from arshif.model import Change, Metadata, Record, User, Withdrawal
from arshif.tei import datatypes as dt
from arshif.tei.safexml import MAX_VALUE_BYTES, TEI_NS, XML_ID, XML_LANG, tei

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
PUBLISHER = "arshif archive"
LINK_KINDS = ("duplicate-of", "same-story")
ORIGINS = ("capture", "user", "librarian")
LANGUAGE_NAMES = {"ar": "Arabic", "fa": "Persian"}
CALENDAR_NAMES = {
    "gregorian": "Gregorian calendar",
    "jalali": "Solar Hijri (Jalali, Iranian) calendar",
    "hijri": "Islamic (Hijri, lunar) calendar",
}
#: Elements whose content is elements only; the writer indents inside these and nowhere else.
CONTAINERS = frozenset(
    tei(name)
    for name in (
        *("TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt"),
        *("notesStmt", "sourceDesc", "bibl", "extent", "listRelation", "encodingDesc"),
        *("appInfo", "application", "editorialDecl", "list", "profileDesc", "langUsage"),
        *("textClass", "keywords", "calendarDesc", "calendar", "revisionDesc", "text", "body"),
    )
)
#: The Metadata fields that are a string or None (the others are tuples).
_OPTIONAL_METADATA = tuple(f.name for f in fields(Metadata) if f.default is None)


def record_to_tei(record: Record) -> bytes:
    """The record as a TEI P5 document: UTF-8, XML declaration, deterministic indentation.

    Raises:
        InvalidRecord: a value TEI cannot hold (an empty optional string, a control character,
            a date that is not ISO 8601, a malformed language code...), naming the field.
    """
    _check(record)
    root = _Builder(record).build()
    _indent(root, 0)
    return DECLARATION + etree.tostring(root, encoding="utf-8") + b"\n"


def user_ids(record: Record) -> dict[User, str]:
    """The xml:id of each distinct user (changes, then the withdrawal), in first-seen order."""
    users: dict[User, str] = {}
    people = [change.who for change in record.changes]
    if record.withdrawn is not None:
        people.append(record.withdrawn.who)
    for who in people:
        users.setdefault(who, f"u{len(users) + 1}")
    return users


def _check(record: Record) -> None:
    meta = record.metadata

    def refuse(field: str, problem: str) -> NoReturn:
        raise InvalidRecord(f"record {record.id}: {field} {problem}")

    for name in _OPTIONAL_METADATA:
        if getattr(meta, name) == "":
            refuse(f"metadata.{name}", "is an empty string; an absent value is None")
    for field, value in _other_optionals(record):
        if value == "":
            refuse(field, "is an empty string; an absent value is None")
    if meta.lang is not None and not dt.is_language(meta.lang):
        refuse("metadata.lang", f"{meta.lang!r} is not a BCP 47 language code")
    for lang, _ in meta.titles_translated:
        if not dt.is_language(lang):
            refuse("metadata.titles_translated", f"language {lang!r} is not a BCP 47 code")
    dates = [("metadata.published", meta.published), ("metadata.retrieved", meta.retrieved)]
    dates += [(f"change {c.version} when", c.when) for c in record.changes]
    if record.withdrawn:
        dates.append(("withdrawn.when", record.withdrawn.when))
    for field, value in dates:
        if value is not None and dt.when_attribute(value) is None:
            refuse(field, f"{value!r} is not an ISO 8601 date or date-time")
    calendar = meta.published_calendar
    if calendar is not None and not dt.CALENDAR_NAME.fullmatch(calendar):
        refuse("metadata.published_calendar", f"{calendar!r} is not a calendar name")
    if not dt.NAME.fullmatch(record.tool):
        refuse("tool", f"{record.tool!r} is not an XML name")
    size = record.capture.size
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        refuse("capture.size", f"{size!r} is not a byte count")
    for link in record.links:
        if link.kind not in LINK_KINDS:
            refuse("links", f"kind {link.kind!r} is not one of {', '.join(LINK_KINDS)}")
        if not dt.URI_SAFE.fullmatch(link.target) or not dt.URI_SAFE.fullmatch(record.id):
            refuse("links", f"target {link.target!r} or id {record.id!r} is not a plain id")
    for prov in record.provenance:
        if prov.origin not in ORIGINS:
            refuse("provenance", f"origin {prov.origin!r} is not one of {', '.join(ORIGINS)}")


def _other_optionals(record: Record) -> Iterator[tuple[str, str | None]]:
    yield "capture.original_name", record.capture.original_name
    for name, value in record.capture.origin:
        yield f"capture origin {name!r}", value
    for user in user_ids(record):
        yield f"user {user.name!r} address", user.address
    for prov in record.provenance:
        yield f"provenance of {prov.name!r} evidence", prov.evidence


class _Builder:
    def __init__(self, record: Record) -> None:
        self.record = record
        self.meta = record.metadata
        self.users = user_ids(record)

    def build(self) -> etree._Element:
        nsmap: dict[Any, str] = {None: TEI_NS}  # the default namespace (stubs want str keys)
        root = etree.Element(tei("TEI"), nsmap=nsmap)
        if self.meta.lang:
            root.set(XML_LANG, self.meta.lang)
        header = self.el(root, "teiHeader")
        self.file_desc(self.el(header, "fileDesc"))
        self.encoding_desc(self.el(header, "encodingDesc"))
        self.profile_desc(header)
        self.revision_desc(header)
        body = self.el(self.el(root, "text"), "body")
        for number, paragraph in enumerate(self.record.paragraphs, start=1):
            self.leaf(body, "p", paragraph, f"paragraph {number}")
        if not self.record.paragraphs:
            self.el(body, "div", type="empty")
        return root

    # -- element helpers -------------------------------------------------------------------

    def el(self, parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, tei(tag))
        for name, value in attrs.items():
            self.set(element, name, value)
        return element

    def leaf(
        self, parent: etree._Element, tag: str, text: str | None, field: str, **attrs: str
    ) -> etree._Element:
        element = self.el(parent, tag, **attrs)
        self.check_length(text, field)
        try:
            element.text = text
        except ValueError as exc:
            raise InvalidRecord(
                f"record {self.record.id}: {field} holds a character XML cannot carry "
                "(a control character, a lone surrogate or U+FFFE/U+FFFF)"
            ) from exc
        return element

    def set(self, element: etree._Element, name: str, value: str) -> None:
        key = {"lang": XML_LANG, "id": XML_ID, "when_iso": "when-iso"}.get(name, name)
        self.check_length(value, f"attribute {key}")
        try:
            element.set(key, value)
        except ValueError as exc:
            raise InvalidRecord(
                f"record {self.record.id}: attribute {key} of {etree.QName(element).localname} "
                "holds a character XML cannot carry"
            ) from exc

    def check_length(self, value: str | None, field: str) -> None:
        if value and len(value) > MAX_VALUE_BYTES // 4 and len(value.encode()) > MAX_VALUE_BYTES:
            raise InvalidRecord(
                f"record {self.record.id}: {field} is longer than {MAX_VALUE_BYTES:,} bytes, "
                "more than the XML parser reads back"
            )

    def date(
        self, parent: etree._Element, value: str | None, text: str | None, field: str, **attrs: str
    ) -> etree._Element:
        element = self.leaf(parent, "date", text, field, **attrs)
        if value is not None:
            self.set(element, dt.when_attribute(value) or "when", value)
        return element

    # -- teiHeader ---------------------------------------------------------------------------

    def file_desc(self, file_desc: etree._Element) -> None:
        meta = self.meta
        title_stmt = self.el(file_desc, "titleStmt")
        main = self.leaf(title_stmt, "title", meta.title, "metadata.title", type="main")
        if meta.lang:
            self.set(main, "lang", meta.lang)
        if meta.title_romanized is not None:
            base = meta.lang.split("-")[0] if meta.lang else "und"
            self.leaf(
                title_stmt,
                "title",
                meta.title_romanized,
                "metadata.title_romanized",
                type="romanized",
                lang=f"{base}-Latn",
            )
        for lang, title in meta.titles_translated:
            self.leaf(
                title_stmt,
                "title",
                title,
                "metadata.titles_translated",
                type="translated",
                lang=lang,
            )
        for user, ident in self.users.items():
            resp_stmt = self.el(title_stmt, "respStmt", id=ident)
            self.leaf(resp_stmt, "resp", "made changes to this record", "resp", lang="en")
            self.leaf(resp_stmt, "name", user.name, "user name")
            if user.address is not None:
                self.leaf(resp_stmt, "note", user.address, "user address", type="address")
        publication = self.el(file_desc, "publicationStmt")
        self.leaf(publication, "publisher", PUBLISHER, "publisher", lang="en")
        self.leaf(publication, "idno", self.record.object_id, "id", type="URN")
        self.leaf(publication, "idno", self.record.id, "id", type="arshif")
        self.notes_stmt(file_desc)
        source_desc = self.el(file_desc, "sourceDesc")
        self.article_bibl(self.el(source_desc, "bibl", type="article"))
        self.capture_bibl(self.el(source_desc, "bibl", type="capture"))
        if self.record.links:
            relations = self.el(source_desc, "listRelation", type="links")
            for link in self.record.links:
                self.el(
                    relations,
                    "relation",
                    name=link.kind,
                    active=f"urn:arshif:{link.target}" if link.inverse else self.record.object_id,
                    passive=self.record.object_id if link.inverse else f"urn:arshif:{link.target}",
                )

    def notes_stmt(self, file_desc: etree._Element) -> None:
        withdrawn = self.record.withdrawn
        if self.meta.note is None and withdrawn is None and not self.record.provenance:
            return
        notes = self.el(file_desc, "notesStmt")
        if self.meta.note is not None:
            self.leaf(notes, "note", self.meta.note, "metadata.note", type="general")
        if withdrawn is not None:
            self.withdrawal(notes, withdrawn)
        for prov in self.record.provenance:
            self.leaf(
                notes,
                "note",
                prov.evidence,
                f"provenance of {prov.name!r}",
                type="provenance",
                subtype=prov.origin,
                n=prov.name,
            )

    def withdrawal(self, notes: etree._Element, withdrawn: Withdrawal) -> None:
        note = self.el(notes, "note", type="withdrawal", resp=f"#{self.users[withdrawn.who]}")
        self.date(note, withdrawn.when, None, "withdrawn.when")
        self.leaf(note, "p", withdrawn.reason, "withdrawn.reason")
        note.text = "\n"  # marks element-only content: _indent treats it as a container

    def article_bibl(self, bibl: etree._Element) -> None:
        meta = self.meta
        if meta.title is not None:
            self.leaf(bibl, "title", meta.title, "metadata.title", level="a")
        if meta.author is not None:
            self.leaf(bibl, "author", meta.author, "metadata.author")
        if meta.outlet is not None:
            self.leaf(bibl, "publisher", meta.outlet, "metadata.outlet")
        stated = (meta.published, meta.published_text, meta.published_calendar)
        if any(value is not None for value in stated):
            published = self.date(
                bibl,
                meta.published,
                meta.published_text,
                "metadata.published_text",
                type="published",
            )
            if meta.published_calendar is not None:
                self.set(published, "calendar", f"#cal-{meta.published_calendar}")
        if meta.retrieved is not None:
            self.date(bibl, meta.retrieved, None, "metadata.retrieved", type="retrieved")
        for kind, value in (
            ("URL", meta.url),
            ("source", meta.source_id),
            ("newsCode", meta.news_code),
        ):
            if value is not None:
                self.leaf(bibl, "idno", value, f"idno {kind}", type=kind)
        for kind, value in (("attribution", meta.attributed_source), ("dateline", meta.dateline)):
            if value is not None:
                self.leaf(bibl, "note", value, f"metadata.{kind}", type=kind)

    def capture_bibl(self, bibl: etree._Element) -> None:
        capture = self.record.capture
        self.leaf(bibl, "idno", capture.path, "capture.path", type="path")
        self.leaf(bibl, "idno", capture.sha256, "capture.sha256", type="sha256")
        self.el(self.el(bibl, "extent"), "measure", unit="byte", quantity=str(capture.size))
        self.leaf(bibl, "ident", capture.media_type, "capture.media_type", type="mediaType")
        self.leaf(bibl, "ident", capture.encoding, "capture.encoding", type="encoding")
        if capture.original_name is not None:
            self.leaf(
                bibl, "name", capture.original_name, "capture.original_name", type="originalName"
            )
        for name, value in capture.origin:
            self.leaf(bibl, "note", value, f"capture origin {name!r}", type="origin", n=name)

    def encoding_desc(self, encoding: etree._Element) -> None:
        record = self.record
        version = dt.version_attribute(record.tool_version)
        application = self.el(
            self.el(encoding, "appInfo"), "application", ident=record.tool, version=version
        )
        self.leaf(application, "label", record.tool, "tool")
        if version != record.tool_version:
            self.leaf(application, "desc", record.tool_version, "tool_version", type="version")
        if not record.cleaning:
            return
        editorial = self.el(encoding, "editorialDecl")
        for step in record.cleaning:
            paragraph = self.el(editorial, "p", n=step.step)
            self.leaf(paragraph, "desc", step.description, f"cleaning {step.step!r}")
            if step.removed:
                removed = self.el(paragraph, "list", type="removed")
                for line in step.removed:
                    self.leaf(removed, "item", line, f"cleaning {step.step!r} removed text")
            paragraph.text = "\n"  # a container, like the withdrawal note

    def profile_desc(self, header: etree._Element) -> None:
        meta = self.meta
        if not (meta.lang or meta.tags or meta.published_calendar):
            return
        profile = self.el(header, "profileDesc")
        if meta.lang:
            usage = self.el(profile, "langUsage")
            name = LANGUAGE_NAMES.get(meta.lang)
            language = self.leaf(usage, "language", name, "language", ident=meta.lang)
            if name:
                self.set(language, "lang", "en")
        if meta.tags:
            keywords = self.el(self.el(profile, "textClass"), "keywords")
            for tag in meta.tags:
                self.leaf(keywords, "term", tag, "metadata.tags")
        if meta.published_calendar:
            calendar = self.el(
                self.el(profile, "calendarDesc"), "calendar", id=f"cal-{meta.published_calendar}"
            )
            description = CALENDAR_NAMES.get(meta.published_calendar, meta.published_calendar)
            self.leaf(calendar, "p", description, "calendar", lang="en")

    def revision_desc(self, header: etree._Element) -> None:
        if not self.record.changes:
            return
        revisions = self.el(header, "revisionDesc")
        if self.record.withdrawn is not None:
            revisions.set("status", "withdrawn")
        for change in self.record.changes:
            self.change(revisions, change)

    def change(self, revisions: etree._Element, change: Change) -> None:
        element = self.leaf(
            revisions, "change", change.message, f"change {change.version}", n=change.version
        )
        self.set(element, dt.when_attribute(change.when) or "when", change.when)
        self.set(element, "who", f"#{self.users[change.who]}")


def _indent(element: etree._Element, depth: int) -> None:
    """Indent inside containers only (two spaces a level); text content is never touched.

    An element marked by a ``"\\n"`` text (a ``p`` or ``note`` used as a container) is treated as
    a container too; the marker is replaced by the indentation.
    """
    children = list(element)
    if not children:
        return
    if element.tag in CONTAINERS or element.text == "\n":
        inner = "\n" + "  " * (depth + 1)
        element.text = inner
        for child in children:
            child.tail = inner
        children[-1].tail = "\n" + "  " * depth
    for child in children:
        _indent(child, depth + 1)
