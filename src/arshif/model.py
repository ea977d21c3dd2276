"""Domain values shared by every layer: records, their metadata and provenance, versions, hits.

Everything here is a frozen dataclass with no I/O. A field the capture does not state is `None`
(or an empty tuple), never a placeholder: the archive never invents metadata.

Vocabulary (see docs/architecture.md): a *capture* is the original bytes as received; a *record*
is our TEI document for one article; an *object* is the OCFL object that holds every *version*
of a record and its capture; the *outlet* is the publisher of the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Lang = Literal["ar", "fa"]
LinkKind = Literal["duplicate-of", "same-story"]
FieldOrigin = Literal["capture", "user", "librarian"]

#: URN prefix of every OCFL object id; the short id users type follows it.
OBJECT_ID_PREFIX = "urn:arshif:"
#: The logical path of the TEI record in every version of an object (the capture sits beside it).
RECORD_PATH = "record.xml"


def object_id_for(short_id: str) -> str:
    """The OCFL object id of a record, e.g. ``urn:arshif:5864ae73e390``."""
    return OBJECT_ID_PREFIX + short_id


def short_id_of(object_id: str) -> str:
    """The short id users type, from an OCFL object id (or a short id, returned as is)."""
    return object_id.removeprefix(OBJECT_ID_PREFIX)


@dataclass(frozen=True)
class User:
    """Who made a version: a librarian, or the ingesting tool acting for one."""

    name: str
    address: str | None = None  #: a URI, usually ``mailto:...``


@dataclass(frozen=True)
class Metadata:
    """Bibliographic description of the captured article (TEI ``sourceDesc/bibl``)."""

    title: str | None = None  #: headline in the original script
    title_romanized: str | None = None
    titles_translated: tuple[tuple[str, str], ...] = ()  #: (BCP 47 language, title) pairs
    outlet: str | None = None  #: the publisher whose copy this is; never a quoted agency
    author: str | None = None
    published: str | None = None  #: ISO 8601 date or local date-time as printed, no invented zone
    published_text: str | None = None  #: the date exactly as printed in the capture
    published_calendar: str | None = None  #: "gregorian", "jalali" or "hijri" (of the printed form)
    url: str | None = None
    lang: str | None = None  #: BCP 47 language of the text, normally "ar" or "fa"
    source_id: str | None = None  #: the caller's own identifier (manifest `source_id`)
    retrieved: str | None = None  #: ISO 8601 date or date-time the capture was retrieved
    attributed_source: str | None = (
        None  #: agency the text attributes itself to ("according to IRNA")
    )
    news_code: str | None = None  #: the outlet's own item number (e.g. "رمز الخبر: 135145")
    dateline: str | None = None  #: place (and agency) line as printed, e.g. "بغداد – وكالات"
    tags: tuple[str, ...] = ()
    note: str | None = None

    def with_changes(self, **changes: object) -> Metadata:
        """A copy with some fields replaced (dataclasses.replace, typed for callers)."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class FieldProvenance:
    """Where one metadata value came from, and the evidence for it (the line it was read from)."""

    name: str  #: the Metadata field name
    origin: FieldOrigin
    evidence: str | None = None  #: the text it was extracted from, or a rule name


@dataclass(frozen=True)
class CaptureInfo:
    """The original bytes as received, described (they are stored byte-exact beside the record)."""

    path: str  #: logical path in the object, e.g. ``capture.txt``
    sha256: str
    size: int
    media_type: str  #: "text/plain", "text/html" or "application/tei+xml"
    encoding: str  #: the character encoding the bytes were decoded with, e.g. "utf-8"
    original_name: str | None = None  #: file name as given to ingest, if any
    #: where the bytes were taken from when not a file of their own, as (name, value) pairs in
    #: order, e.g. ("warc-file", "site.warc.gz"), ("warc-record-id", "<urn:uuid:…>")
    origin: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CaptureOrigin:
    """What a web archive (a WARC record) says about a capture it holds.

    `url` and `retrieved` become the record's URL and retrieval date (provenance: the WARC
    header named in `evidence`); `charset` is the HTTP ``charset`` (tried before the page's own
    ``<meta>``); `media_type` the HTTP media type; `notes` go into `CaptureInfo.origin`.
    """

    url: str
    retrieved: str
    media_type: str
    charset: str | None = None
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CleaningStep:
    """One change from the capture's text to the record's text; `removed` lists what went."""

    step: str  #: a stable name, e.g. "repeated-body-removed", "boilerplate-removed"
    description: str
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One entry of the record's revision history; one per OCFL version."""

    version: str  #: "v1", "v2", ...
    when: str  #: RFC 3339 date-time with a time zone
    who: User
    message: str


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawn record stays in the archive with its versions, but leaves default results."""

    when: str
    who: User
    reason: str


@dataclass(frozen=True)
class Link:
    """A librarian's link from this record to another (both records carry it)."""

    kind: LinkKind
    target: str  #: the other record's short id
    #: False: this record —kind→ target ("this is a duplicate of target"); True: the reverse
    #: (target —kind→ this record), as the other record of a directed link carries it.
    inverse: bool = False


@dataclass(frozen=True)
class Record:
    """One article as the archive keeps it: metadata, clean text and full provenance."""

    id: str  #: short id, what users type
    metadata: Metadata
    paragraphs: tuple[str, ...]
    capture: CaptureInfo
    cleaning: tuple[CleaningStep, ...] = ()
    provenance: tuple[FieldProvenance, ...] = ()
    changes: tuple[Change, ...] = ()
    tool: str = "arshif"
    tool_version: str = ""
    withdrawn: Withdrawal | None = None
    links: tuple[Link, ...] = ()

    @property
    def object_id(self) -> str:
        return object_id_for(self.id)

    @property
    def text(self) -> str:
        """The clean body text, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class VersionInfo:
    """One OCFL version of an object, as its inventory states it."""

    version: str
    created: str
    user: User
    message: str


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    rank: int
    score: float
    title: str | None
    outlet: str | None
    published: str | None
    lang: str | None
    source_id: str | None
    snippet: str = ""  #: best passage, matched words between HIGHLIGHT_START/END markers
    withdrawn: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Concordance:
    """One line of a concordance: `before` + `keyword` + `after`, in logical order."""

    id: str
    lang: str | None
    before: str
    keyword: str
    after: str
    start: int  #: character offset of the keyword in the record's text
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


#: Markers around highlighted words in snippets; renderers turn them into bold or «»/[] markers.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
