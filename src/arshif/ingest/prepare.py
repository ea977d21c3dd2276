"""Preparing a record from a capture: bytes as received → clean text and metadata → a TEI
record for OCFL v1 (`prepare_record`). "Prepare" means this, and only this, in arshif.

This module prepares what is written; the pipeline (`arshif.ingest.pipeline`) writes it (store,
then index). Every capture is read and prepared before anything is written: a refused one
(`Refusal`) writes nothing unless the caller skips it. Manifests are read by
`arshif.ingest.manifest`, capture files by `arshif.ingest.files`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from arshif import __version__
from arshif.errors import InputError, InvalidRecord
from arshif.model import (
    CaptureInfo,
    CaptureOrigin,
    Change,
    CleaningStep,
    FieldProvenance,
    Metadata,
    Record,
    User,
)

if TYPE_CHECKING:
    from arshif.curation.fingerprints import Profile

#: Length of the short id: the first hex digits of the capture's sha256 (48 bits).
SHORT_ID_LENGTH = 12
_EXTENSIONS = {"text/plain": "txt", "text/html": "html", "application/tei+xml": "xml"}


@dataclass(frozen=True)
class CaptureRequest:
    """One capture to ingest, with what the user states about it."""

    data: bytes
    name: str | None  #: file name or manifest reference, for messages and provenance
    given: Metadata = field(default_factory=Metadata)
    encoding: str | None = None
    where: str | None = None  #: where it was named, for messages (default: `name`)
    line: int | None = None  #: its manifest line, if any
    #: what `given_metadata` removed from the given metadata (recorded in the record)
    cleaning: tuple[CleaningStep, ...] = ()
    #: (field, value as given) where the value stored differs (a URL as a browser sends it)
    given_as: tuple[tuple[str, str], ...] = ()
    origin: CaptureOrigin | None = None  #: what a web archive says of it (`arshif.captures.warc`)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class PreparedRecord:
    """A record ready to become OCFL v1: the record and the files of the version."""

    record: Record
    files: dict[str, bytes]
    #: what the near-duplicate check keeps of the record (`arshif.curation.fingerprints`),
    #: made here so that it is made in the worker processes that prepare a large ingest
    profile: Profile | None = None


@dataclass(frozen=True)
class Refusal:
    """A capture (or manifest line) that cannot be ingested, and why."""

    where: str  #: the file, or ``manifest.jsonl, line 4``
    reason: str  #: why, without `where`
    line: int | None = None  #: the manifest line, if any

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class CapturesRefused(InputError):
    """Captures were refused and nothing was written (without ``skip_bad``); every one is in
    `refusals`, in input order."""

    def __init__(self, refusals: Sequence[Refusal]) -> None:
        self.refusals = tuple(refusals)
        if len(self.refusals) == 1:
            message = f"{self.refusals[0]}; nothing written"
        else:
            message = (
                f"{len(self.refusals)} captures refused, nothing written (the first: "
                f"{self.refusals[0]}); fix them, or skip them with --skip-bad"
            )
        super().__init__(message)


@dataclass(frozen=True)
class GivenMetadata:
    """What a user states about a capture, checked (`arshif.validators`) and cleaned."""

    metadata: Metadata
    cleaning: tuple[CleaningStep, ...] = ()
    given_as: tuple[tuple[str, str], ...] = ()


#: The cleaning steps of given metadata (`given_metadata`), by kind of character removed.
METADATA_CLEANING = {
    "controls": (
        "metadata-control-characters-removed",
        "Control characters removed from the metadata given at ingest (the capture is unchanged)",
    ),
    "bidi": (
        "metadata-bidi-controls-removed",
        "Unbalanced bidi embedding, override and isolate controls removed from the metadata "
        "given at ingest (the capture is unchanged)",
    ),
}


def given_metadata(pairs: Iterable[tuple[str, str]]) -> GivenMetadata:
    """The metadata of ``(field, value)`` pairs (``--title``, manifest keys), each value checked
    as ``arshif edit --set`` checks it (`arshif.curation.fields.apply_edits`).

    Control characters and unbalanced bidi controls are removed from every value but the URL
    (`arshif.validators.clean_text`), each removal listed in a cleaning step; the URL is stored
    as a browser would send it, and the string as given is kept (`GivenMetadata.given_as`) when
    that differs.

    Raises:
        ValidationError: naming every refused field and value.
    """
    from arshif.curation.fields import apply_edits
    from arshif.validators import clean_text

    removed: dict[str, list[str]] = {"controls": [], "bidi": []}
    values: list[tuple[str, str]] = []
    for name, value in pairs:
        if name != "url":
            value, controls, bidi = clean_text(value)
            for kind, found in (("controls", controls), ("bidi", bidi)):
                if found:
                    removed[kind].append(f"{name}: {', '.join(found)}")
        values.append((name, value))
    metadata = apply_edits(Metadata(), values)
    url = dict(values).get("url")
    given_as = (("url", url),) if url and metadata.url != url else ()
    cleaning = tuple(
        CleaningStep(*METADATA_CLEANING[kind], removed=tuple(items))
        for kind, items in removed.items()
        if items
    )
    return GivenMetadata(metadata, cleaning, given_as)


def short_id_for(capture_sha256: str) -> str:
    """The short id of a capture: the same capture always gets the same id."""
    return capture_sha256[:SHORT_ID_LENGTH]


def prepare_record(request: CaptureRequest, user: User, when: str, limit: int) -> PreparedRecord:
    """Decode, extract, clean and describe one capture as a record (nothing is written).

    Raises:
        InputError: the capture is empty, binary, undecodable, hostile or too large, or its
            record could not be written (a paragraph too long for XML); the message starts
            with where the capture was named (file, or manifest line).
    """
    where = request.where or request.name or "capture"
    try:
        return _record_from_capture(request, user, when, limit)
    except InvalidRecord as exc:
        raise InputError(f"{where}: {exc}") from exc
    except InputError as exc:
        message = str(exc)
        raise InputError(message if message.startswith(where) else f"{where}: {message}") from exc


def _record_from_capture(
    request: CaptureRequest, user: User, when: str, limit: int
) -> PreparedRecord:
    from arshif.captures import decode_capture
    from arshif.captures.maintext import main_text_step
    from arshif.captures.warc import web_archive_statements
    from arshif.curation.duplicates import duplicate_profile
    from arshif.extract import extract
    from arshif.tei import record_to_tei

    origin = request.origin
    decoded = decode_capture(
        request.data,
        request.name,
        encoding=request.encoding,
        limit=limit,
        charset=origin.charset if origin else None,
        media_type=origin.media_type if origin else None,
    )
    if origin is not None:
        decoded = web_archive_statements(decoded, origin)
    extraction = extract(
        decoded.text,
        request.given,
        html_paragraphs=decoded.paragraphs,
        captured=decoded.metadata,
        captured_provenance=decoded.provenance,
        main_text=decoded.extractor is not None,
    )
    cleaning = extraction.cleaning
    if decoded.extractor:
        cleaning = (main_text_step(decoded.extractor, decoded.left_out), *cleaning)
    sha = request.sha256
    ext = _EXTENSIONS.get(decoded.media_type, "bin")
    capture = CaptureInfo(
        path=f"capture.{ext}",
        sha256=sha,
        size=len(request.data),
        media_type=decoded.media_type,
        encoding=decoded.encoding,
        original_name=Path(request.name).name if request.name else None,
        origin=origin.notes if origin else (),
    )
    source = f" from {capture.original_name}" if capture.original_name else ""
    record = Record(
        id=short_id_for(sha),
        metadata=extraction.metadata,
        paragraphs=extraction.paragraphs,
        capture=capture,
        cleaning=cleaning,
        provenance=extraction.provenance,
        changes=(Change("v1", when, user, f"Ingested{source}"),),
        tool="arshif",
        tool_version=__version__,
    )
    if request.cleaning or request.given_as:
        record = _with_given_cleaning(record, request)
    if not record.paragraphs and record.metadata.title is None:
        # A headline-only capture is kept (its record has an empty body); nothing at all is not.
        raise InputError("no text left after cleaning")
    files = {capture.path: request.data, "record.xml": record_to_tei(record)}
    return PreparedRecord(record, files, duplicate_profile(record.text))


def prepare_record_or_refusal(
    request: CaptureRequest, user: User, when: str, limit: int
) -> PreparedRecord | Refusal:
    """`prepare_record`, returning the `Refusal` rather than raising (so that it crosses
    processes)."""
    where = request.where or request.name or "capture"
    try:
        return prepare_record(request, user, when, limit)
    except InputError as exc:
        reason = str(exc).removeprefix(f"{where}: ")
        return Refusal(where, reason, request.line)


def _with_given_cleaning(record: Record, request: CaptureRequest) -> Record:
    """`record` with the cleaning of its given metadata and the values as given recorded."""
    as_given = dict(request.given_as)
    provenance = tuple(
        FieldProvenance(p.name, p.origin, as_given[p.name])
        if p.origin == "user" and p.name in as_given
        else p
        for p in record.provenance
    )
    return replace(record, cleaning=(*record.cleaning, *request.cleaning), provenance=provenance)
