"""Ingest: a capture (bytes as received) → clean text and metadata → a TEI record for OCFL v1.

This module prepares what is written; `arshif.repository.Repository.ingest` writes it (store,
then index). Manifests are read and validated whole before anything is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from arshif import __version__
from arshif.errors import InputError, ValidationError
from arshif.model import CaptureInfo, Change, Metadata, Record, User

#: Length of the short id: the first hex digits of the capture's sha256 (48 bits).
SHORT_ID_LENGTH = 12
#: Default largest capture accepted, in bytes (``--max-size`` changes it).
DEFAULT_SIZE_LIMIT = 50 * 2**20

_EXTENSIONS = {"text/plain": "txt", "text/html": "html", "application/tei+xml": "xml"}
_MANIFEST_KEYS = frozenset(
    {"text", "path", "source_id", "title", "url", "outlet", "published", "lang", "author",
     "retrieved", "encoding"}
)


@dataclass(frozen=True)
class CaptureRequest:
    """One capture to ingest, with what the user states about it."""

    data: bytes
    name: str | None  #: file name or manifest reference, for messages and provenance
    given: Metadata = Metadata()
    encoding: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class PreparedRecord:
    """A record ready to become OCFL v1: the record and the files of the version."""

    record: Record
    files: dict[str, bytes]


def short_id_for(capture_sha256: str) -> str:
    """The short id of a capture: the same capture always gets the same id."""
    return capture_sha256[:SHORT_ID_LENGTH]


def now_rfc3339() -> str:
    """The current time in UTC, RFC 3339 at seconds (OCFL `created`, TEI `change/@when`)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def prepare(request: CaptureRequest, user: User, when: str, limit: int) -> PreparedRecord:
    """Decode, extract, clean and describe one capture as a record (nothing is written).

    Raises:
        InputError: the capture is empty, binary, undecodable, hostile or too large.
    """
    from arshif.extract import extract
    from arshif.sources import decode_capture
    from arshif.tei import record_to_tei

    decoded = decode_capture(request.data, request.name, encoding=request.encoding, limit=limit)
    given = _merge(decoded.metadata, request.given)
    extraction = extract(decoded.text, given, html_paragraphs=decoded.paragraphs)
    sha = request.sha256
    ext = _EXTENSIONS.get(decoded.media_type, "bin")
    capture = CaptureInfo(
        path=f"capture.{ext}",
        sha256=sha,
        size=len(request.data),
        media_type=decoded.media_type,
        encoding=decoded.encoding,
        original_name=Path(request.name).name if request.name else None,
    )
    source = f" from {capture.original_name}" if capture.original_name else ""
    record = Record(
        id=short_id_for(sha),
        metadata=extraction.metadata,
        paragraphs=extraction.paragraphs,
        capture=capture,
        cleaning=extraction.cleaning,
        provenance=extraction.provenance,
        changes=(Change("v1", when, user, f"Ingested{source}"),),
        tool="arshif",
        tool_version=__version__,
    )
    if not record.paragraphs:
        raise InputError(f"{request.name or 'capture'}: no text left after cleaning")
    return PreparedRecord(record, {capture.path: request.data, "record.xml": record_to_tei(record)})


def _merge(extracted: Metadata, given: Metadata) -> Metadata:
    """Metadata stated by the user wins over metadata read from an HTML or TEI capture."""
    stated = {
        name: value
        for name, value in vars(given).items()
        if value is not None and value != ()
    }
    return extracted.with_changes(**stated)


def read_manifest(path: Path, *, limit: int = DEFAULT_SIZE_LIMIT) -> list[CaptureRequest]:
    """Read and validate a JSONL manifest whole: one bad line and nothing is ingested.

    Each line is an object with ``text`` (inline) or ``path`` (relative to the manifest's folder;
    absolute paths, ``..`` and links leading outside that folder are refused), and optional
    ``source_id``, ``title``, ``url``, ``outlet``, ``published``, ``lang``, ``author``,
    ``retrieved``, ``encoding``.

    Raises:
        InputError: naming the manifest line of the first problem found.
    """
    return list(_manifest_requests(path, limit))


def _manifest_requests(path: Path, limit: int) -> Iterator[CaptureRequest]:
    folder = path.parent.resolve()
    seen_ids: dict[str, int] = {}
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read manifest {path}: {exc.strerror}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path.name}, line {number}"
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InputError(f"{where}: not a JSON object ({exc})") from exc
            if not isinstance(entry, dict):
                raise InputError(f"{where}: not a JSON object")
            unknown = sorted(set(entry) - _MANIFEST_KEYS)
            if unknown:
                raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}")
            if not all(isinstance(v, str) for v in entry.values()):
                raise InputError(f"{where}: every value must be a string")
            if ("text" in entry) == ("path" in entry):
                raise InputError(f"{where}: give exactly one of `text` or `path`")
            given = _given_from_entry(entry, where)
            if given.source_id is not None:
                if given.source_id in seen_ids:
                    raise InputError(
                        f"{where}: source_id {given.source_id!r} already used on line "
                        f"{seen_ids[given.source_id]}"
                    )
                seen_ids[given.source_id] = number
            if "text" in entry:
                data = entry["text"].encode("utf-8")
                name = entry.get("source_id") or f"{path.name}:{number}"
            else:
                file = _safe_member(folder, entry["path"], where)
                data = _read_capture_file(file, limit, where)
                name = entry["path"]
            yield CaptureRequest(data=data, name=name, given=given, encoding=entry.get("encoding"))


def _given_from_entry(entry: dict[str, str], where: str) -> Metadata:
    """The metadata a manifest line states, validated like a librarian's edit."""
    from arshif.curation.fields import apply_edits

    pairs = [(k, v) for k, v in entry.items() if k not in ("text", "path", "encoding") and v != ""]
    try:
        return apply_edits(Metadata(), pairs)
    except ValidationError as exc:
        raise InputError(f"{where}: {exc}") from exc


def _safe_member(folder: Path, relative: str, where: str) -> Path:
    """Resolve a manifest `path` and refuse anything outside the manifest's folder."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise InputError(f"{where}: path {relative!r} must stay inside the manifest's folder")
    resolved = (folder / candidate).resolve()
    if not resolved.is_relative_to(folder):
        raise InputError(f"{where}: path {relative!r} leads outside the manifest's folder")
    return resolved


def read_capture_file(path: Path, limit: int = DEFAULT_SIZE_LIMIT) -> bytes:
    """Read a capture file given on the command line, refusing FIFOs, devices and huge files."""
    return _read_capture_file(path, limit, str(path))


def _read_capture_file(path: Path, limit: int, where: str) -> bytes:
    import os
    import stat

    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{where}: cannot read {path}: {exc.strerror}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{where}: {path} is not a regular file")
    if info.st_size > limit:
        raise InputError(
            f"{where}: {path} is {info.st_size:,} bytes, over the {limit:,}-byte limit "
            "(raise it with --max-size)"
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{where}: cannot read {path}: {exc.strerror}") from exc
    if len(data) > limit:
        raise InputError(f"{where}: {path} is over the {limit:,}-byte limit (raise it with --max-size)")
    return data


def iter_capture_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named on the command line, folders expanded (sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
                    yield child
        else:
            yield path
