"""TEI P5 bytes → Record: the exact inverse of `arshif.tei.write.record_to_tei`.

Reading is tolerant of what a valid record may vary (indentation, comments, whitespace around
attribute tokens) and strict about what it needs: a record without its capture description, or
a change by an unknown person, raises `InvalidRecord` naming the problem.
"""

from __future__ import annotations

from typing import cast

from lxml import etree

from arshif.errors import InvalidRecord
from arshif.model import (
    CaptureInfo,
    Change,
    CleaningStep,
    FieldOrigin,
    FieldProvenance,
    Link,
    LinkKind,
    Metadata,
    Record,
    User,
    Withdrawal,
    short_id_of,
)
from arshif.tei.safexml import XML_ID, XML_LANG, parse_xml, tei, text_content


def record_from_tei(data: bytes) -> Record:
    """Parse a record written by `record_to_tei` (or edited by hand and still valid).

    Raises:
        InvalidRecord: not well-formed, hostile (entity declarations), not a TEI record, or
            missing a part every record has.
    """
    root = parse_xml(data, what="TEI record", error=InvalidRecord)
    if root.tag != tei("TEI"):
        raise InvalidRecord(f"not a TEI record: the root element is {root.tag!r}")
    return _Reader(root).record()


def text_from_tei(data: bytes) -> str:
    """The clean text of a record (its `Record.text`) without reading the rest of it: a
    search page's snippets need only the text of each hit.

    Raises:
        InvalidRecord: not well-formed, hostile, or not a TEI record.
    """
    root = parse_xml(data, what="TEI record", error=InvalidRecord)
    if root.tag != tei("TEI"):
        raise InvalidRecord(f"not a TEI record: the root element is {root.tag!r}")
    body = path(root, "text", "body")
    return "\n\n".join(text_of(p) or "" for p in children(body, "p"))


def text_of(element: etree._Element | None) -> str | None:
    """The text content of an element (comments ignored); None for no element or no text."""
    if element is None:
        return None
    return text_content(element) or None


def token(value: str | None) -> str | None:
    """An attribute token as XML Schema sees it (surrounding whitespace dropped)."""
    if value is None:
        return None
    return value.strip() or None


def children(parent: etree._Element | None, tag: str, **attrs: str) -> list[etree._Element]:
    """Child elements of `parent` named `tag` (TEI) whose attributes equal `attrs` as tokens."""
    if parent is None:
        return []
    found = list(parent.iterchildren(tei(tag)))
    for name, value in attrs.items():
        found = [element for element in found if token(element.get(name)) == value]
    return found


def child(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element | None:
    """The first of `children(parent, tag, **attrs)`, or None."""
    if parent is None:
        return None
    for element in parent.iterchildren(tei(tag)):
        for name, value in attrs.items():
            if token(element.get(name)) != value:
                break
        else:
            return element
    return None


def path(element: etree._Element | None, *tags: str) -> etree._Element | None:
    for tag in tags:
        element = child(element, tag)
    return element


def date_value(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return token(element.get("when")) or token(element.get("when-iso"))


class _Reader:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.header = child(root, "teiHeader")
        self.file_desc = child(self.header, "fileDesc")
        self.title_stmt = child(self.file_desc, "titleStmt")
        self.notes = child(self.file_desc, "notesStmt")
        source_desc = child(self.file_desc, "sourceDesc")
        self.article = child(source_desc, "bibl", type="article")
        self.capture_bibl = child(source_desc, "bibl", type="capture")
        self.relations = child(source_desc, "listRelation", type="links")
        self.profile = child(self.header, "profileDesc")
        self.users = self._users()
        self.short_id = ""

    def fail(self, problem: str) -> InvalidRecord:
        return InvalidRecord(f"TEI record: {problem}")

    def record(self) -> Record:
        publication = child(self.file_desc, "publicationStmt")
        short = text_of(child(publication, "idno", type="arshif"))
        if short is None:
            urn = text_of(child(publication, "idno", type="URN"))
            if urn is None:
                raise self.fail("no idno type='arshif' or 'URN' in publicationStmt")
            short = short_id_of(urn)
        self.short_id = short
        application = path(self.header, "encodingDesc", "appInfo", "application")
        if application is None:
            raise self.fail("no encodingDesc/appInfo/application")
        version = child(application, "desc", type="version")
        body = path(self.root, "text", "body")
        return Record(
            id=short,
            metadata=self.metadata(),
            paragraphs=tuple(text_of(p) or "" for p in children(body, "p")),
            capture=self.capture(),
            cleaning=self.cleaning(),
            provenance=tuple(
                FieldProvenance(
                    name=note.get("n", ""),
                    origin=self._origin(token(note.get("subtype"))),
                    evidence=text_of(note),
                )
                for note in children(self.notes, "note", type="provenance")
            ),
            changes=self.changes(),
            tool=token(application.get("ident")) or "",
            tool_version=(
                text_of(version) or ""
                if version is not None
                else token(application.get("version")) or ""
            ),
            withdrawn=self.withdrawal(),
            links=tuple(self._link(r) for r in children(self.relations, "relation")),
        )

    def metadata(self) -> Metadata:
        title_stmt, article = self.title_stmt, self.article
        published = child(article, "date", type="published")
        calendar = token(published.get("calendar")) if published is not None else None
        idno = {
            kind: text_of(child(article, "idno", type=kind))
            for kind in ("URL", "source", "newsCode")
        }
        return Metadata(
            title=text_of(child(title_stmt, "title", type="main")),
            title_romanized=text_of(child(title_stmt, "title", type="romanized")),
            titles_translated=tuple(
                (token(t.get(XML_LANG)) or "", text_of(t) or "")
                for t in children(title_stmt, "title", type="translated")
            ),
            outlet=text_of(child(article, "publisher")),
            author=text_of(child(article, "author")),
            published=date_value(published),
            published_text=text_of(published),
            published_calendar=calendar.lstrip("#").removeprefix("cal-") if calendar else None,
            url=idno["URL"],
            lang=token(self.root.get(XML_LANG)),
            source_id=idno["source"],
            retrieved=date_value(child(article, "date", type="retrieved")),
            attributed_source=text_of(child(article, "note", type="attribution")),
            news_code=idno["newsCode"],
            dateline=text_of(child(article, "note", type="dateline")),
            tags=tuple(
                text_of(term) or ""
                for term in children(path(self.profile, "textClass", "keywords"), "term")
            ),
            note=text_of(child(self.notes, "note", type="general")),
        )

    def capture(self) -> CaptureInfo:
        bibl = self.capture_bibl
        if bibl is None:
            raise self.fail("no sourceDesc/bibl type='capture' (the capture's description)")
        measure = path(bibl, "extent", "measure")
        quantity = token(measure.get("quantity")) if measure is not None else None
        try:
            size = int(quantity or "")
        except ValueError:
            raise self.fail(f"capture size {quantity!r} is not a byte count") from None
        return CaptureInfo(
            path=text_of(child(bibl, "idno", type="path")) or "",
            sha256=text_of(child(bibl, "idno", type="sha256")) or "",
            size=size,
            media_type=text_of(child(bibl, "ident", type="mediaType")) or "",
            encoding=text_of(child(bibl, "ident", type="encoding")) or "",
            original_name=text_of(child(bibl, "name", type="originalName")),
            origin=tuple(
                (note.get("n", ""), text_of(note) or "")
                for note in children(bibl, "note", type="origin")
            ),
        )

    def cleaning(self) -> tuple[CleaningStep, ...]:
        editorial = path(self.header, "encodingDesc", "editorialDecl")
        return tuple(
            CleaningStep(
                step=p.get("n", ""),
                description=text_of(child(p, "desc")) or "",
                removed=tuple(
                    text_of(item) or ""
                    for item in children(child(p, "list", type="removed"), "item")
                ),
            )
            for p in children(editorial, "p")
        )

    def changes(self) -> tuple[Change, ...]:
        revisions = child(self.header, "revisionDesc")
        return tuple(
            Change(
                version=change.get("n", ""),
                when=date_value(change) or "",
                who=self._user(change.get("who")),
                message=text_of(change) or "",
            )
            for change in children(revisions, "change")
        )

    def withdrawal(self) -> Withdrawal | None:
        note = child(self.notes, "note", type="withdrawal")
        if note is None:
            return None
        return Withdrawal(
            when=date_value(child(note, "date")) or "",
            who=self._user(note.get("resp")),
            reason=text_of(child(note, "p")) or "",
        )

    def _users(self) -> dict[str, User]:
        users: dict[str, User] = {}
        for resp_stmt in children(self.title_stmt, "respStmt"):
            ident = resp_stmt.get(XML_ID)
            if ident:
                address = child(resp_stmt, "note", type="address")
                users[ident] = User(
                    name=text_of(child(resp_stmt, "name")) or "",
                    address=text_of(address),
                )
        return users

    def _user(self, pointer: str | None) -> User:
        ident = (token(pointer) or "").removeprefix("#")
        if ident not in self.users:
            raise self.fail(f"@who/@resp {pointer!r} points to no respStmt in titleStmt")
        return self.users[ident]

    def _origin(self, value: str | None) -> FieldOrigin:
        if value in ("capture", "user", "librarian"):
            return cast(FieldOrigin, value)
        raise self.fail(f"field provenance origin {value!r} is not capture, user or librarian")

    def _link(self, relation: etree._Element) -> Link:
        """A relation names this record as @active (its own link) or @passive (inverse)."""
        kind = self._kind(token(relation.get("name")))
        active = token(relation.get("active")) or ""
        passive = token(relation.get("passive")) or ""
        if short_id_of(passive) == self.short_id and short_id_of(active) != self.short_id:
            return Link(kind=kind, target=short_id_of(active), inverse=True)
        return Link(kind=kind, target=short_id_of(passive))

    def _kind(self, value: str | None) -> LinkKind:
        if value in ("duplicate-of", "same-story"):
            return cast(LinkKind, value)
        raise self.fail(f"relation name {value!r} is not duplicate-of or same-story")
