"""Ingest: a capture (bytes as received) → clean text and metadata → a TEI record for OCFL v1.

This module prepares what is written; `arshif.repository.Repository.ingest` writes it (store,
then index). Manifests are read and validated whole before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from arshif import __version__
from arshif.errors import InputError, InvalidRecord, ValidationError
from arshif.model import CaptureInfo, CaptureOrigin, Change, Metadata, Record, User

if TYPE_CHECKING:
    from arshif.curation.fingerprints import Profile

#: Length of the short id: the first hex digits of the capture's sha256 (48 bits).
SHORT_ID_LENGTH = 12
#: Default largest capture accepted, in bytes (``--max-size`` changes it).
DEFAULT_SIZE_LIMIT = 50 * 2**20

_EXTENSIONS = {"text/plain": "txt", "text/html": "html", "application/tei+xml": "xml"}
#: Characters no XML (so no TEI record) can carry: C0 controls but tab and newline, lone
#: surrogates, U+FFFE and U+FFFF. Refused in manifest metadata, with the line.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Lone surrogates: a JSON string can hold them (``"\\ud800"``), UTF-8 cannot.
_SURROGATE = re.compile("[\ud800-\udfff]")
_MANIFEST_KEYS = frozenset(
    {
        "text",
        "path",
        "source_id",
        "title",
        "url",
        "outlet",
        "published",
        "lang",
        "author",
        "retrieved",
        "encoding",
    }
)


@dataclass(frozen=True)
class CaptureRequest:
    """One capture to ingest, with what the user states about it."""

    data: bytes
    name: str | None  #: file name or manifest reference, for messages and provenance
    given: Metadata = field(default_factory=Metadata)
    encoding: str | None = None
    where: str | None = None  #: where it was named, for messages (default: `name`)
    origin: CaptureOrigin | None = None  #: what a web archive says of it (`arshif.sources.warc`)

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


def short_id_for(capture_sha256: str) -> str:
    """The short id of a capture: the same capture always gets the same id."""
    return capture_sha256[:SHORT_ID_LENGTH]


def now_rfc3339() -> str:
    """The current time in UTC, RFC 3339 at seconds (OCFL `created`, TEI `change/@when`)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def prepare(request: CaptureRequest, user: User, when: str, limit: int) -> PreparedRecord:
    """Decode, extract, clean and describe one capture as a record (nothing is written).

    Raises:
        InputError: the capture is empty, binary, undecodable, hostile or too large, or its
            record could not be written (a paragraph too long for XML); the message starts
            with where the capture was named (file, or manifest line).
    """
    where = request.where or request.name or "capture"
    try:
        return _prepare(request, user, when, limit)
    except InvalidRecord as exc:
        raise InputError(f"{where}: {exc}") from exc
    except InputError as exc:
        message = str(exc)
        raise InputError(message if message.startswith(where) else f"{where}: {message}") from exc


def _prepare(request: CaptureRequest, user: User, when: str, limit: int) -> PreparedRecord:
    from arshif.curation.duplicates import duplicate_profile
    from arshif.extract import extract
    from arshif.sources import decode_capture
    from arshif.sources.maintext import main_text_step
    from arshif.sources.warc import web_archive_statements
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
    if not record.paragraphs and record.metadata.title is None:
        # A headline-only capture is kept (its record has an empty body); nothing at all is not.
        raise InputError("no text left after cleaning")
    files = {capture.path: request.data, "record.xml": record_to_tei(record)}
    return PreparedRecord(record, files, duplicate_profile(record.text))


def read_manifest(
    path: Path,
    *,
    limit: int = DEFAULT_SIZE_LIMIT,
    on_bad: Callable[[str], None] | None = None,
) -> list[CaptureRequest]:
    """Read and validate a JSONL manifest whole: one bad line and nothing is ingested.

    Each line is an object with ``text`` (inline) or ``path`` (relative to the manifest's folder;
    absolute paths, ``..`` and links leading outside that folder are refused), and optional
    ``source_id``, ``title``, ``url``, ``outlet``, ``published``, ``lang``, ``author``,
    ``retrieved``, ``encoding``. A line may be at most `manifest_line_limit` bytes long.

    Args:
        on_bad: with ``--skip-bad``: called with the message of each bad line, which is
            skipped, instead of raising.

    Raises:
        InputError: naming the manifest line of the first problem found (without `on_bad`), or
            when the manifest itself cannot be read (not a regular file, unreadable).
    """
    return list(iter_manifest(path, limit=limit, on_bad=on_bad))


def iter_manifest(
    path: Path,
    *,
    limit: int = DEFAULT_SIZE_LIMIT,
    on_bad: Callable[[str], None] | None = None,
) -> Iterator[CaptureRequest]:
    """`read_manifest` as a stream: one line read at a time (memory stays bounded).

    Raises `InputError` at the first bad line (without `on_bad`): a caller that must write
    nothing when a line is bad reads the stream to its end before writing
    (`arshif.repository.Repository.ingest` does).
    """
    for item in _manifest_requests(path, limit):
        if isinstance(item, CaptureRequest):
            yield item
        elif on_bad is None:
            raise item
        else:
            on_bad(str(item))


def manifest_line_limit(limit: int) -> int:
    """The longest manifest line read: room for a `limit`-byte capture inline, JSON-escaped."""
    return 6 * limit + 2**16


def _manifest_requests(path: Path, limit: int) -> Iterator[CaptureRequest | InputError]:
    """Each line's request, or the error that refuses the line (blank lines are skipped)."""
    folder = path.parent.resolve()
    seen_ids: dict[str, int] = {}
    longest = manifest_line_limit(limit)
    with _open_regular(path, "manifest") as handle:
        number = 0
        while raw := handle.readline(longest + 1):
            number += 1
            where = f"{path.name}, line {number}"
            if len(raw) > longest and not raw.endswith(b"\n"):
                yield InputError(f"{where}: longer than {longest:,} bytes; refused")
                while (rest := handle.readline(longest + 1)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the over-long line, a bounded piece at a time
                continue
            if not raw.strip():
                continue
            try:
                yield _manifest_line(raw, number, where, folder, path.name, limit, seen_ids)
            except InputError as exc:
                yield exc


def _manifest_line(
    raw: bytes,
    number: int,
    where: str,
    folder: Path,
    manifest: str,
    limit: int,
    seen_ids: dict[str, int],
) -> CaptureRequest:
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
    for key, value in entry.items():
        bad = _XML_ILLEGAL.search(value) if key != "text" else _SURROGATE.search(value)
        if bad:
            raise InputError(
                f"{where}: {key} holds the character U+{ord(bad.group()):04X}, which no text "
                "file can carry; refused"
            )
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
        name = entry.get("source_id") or f"{manifest}:{number}"
    else:
        file = _safe_member(folder, entry["path"], where)
        data = _read_capture_file(file, limit, where)
        name = entry["path"]
    return CaptureRequest(
        data=data, name=name, given=given, encoding=entry.get("encoding"), where=where
    )


def _given_from_entry(entry: dict[str, str], where: str) -> Metadata:
    """The metadata a manifest line states, validated like a librarian's edit."""
    from arshif.curation.fields import apply_edits

    pairs = [(k, v) for k, v in entry.items() if k not in ("text", "path", "encoding") and v != ""]
    try:
        check_language(entry.get("lang"))
        return apply_edits(Metadata(), pairs)
    except ValidationError as exc:
        raise InputError(f"{where}: {exc}") from exc


def check_language(tag: str | None) -> None:
    """Refuse a language tag whose primary subtag is no ISO 639 code (``klingon``, ``xx``).

    Raises:
        ValidationError: naming the tag (its form is checked by the edit rules).
    """
    from arshif.sources.languages import is_known_language

    if tag and not is_known_language(tag.strip()):
        raise ValidationError(
            f"lang={tag!r}: not a known language code (ISO 639, e.g. ar, fa, ckb, ar-IQ)"
        )


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
    return _read_capture_file(path, limit, None)


def _read_capture_file(path: Path, limit: int, where: str | None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (never blocks on a FIFO or device)."""
    at = f"{where}: {path}" if where else str(path)
    try:
        handle = _open_regular(path, "capture")
    except InputError as exc:
        raise InputError(f"{where}: {exc}" if where else str(exc)) from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise InputError(
                f"{at} is {size:,} bytes, over the {limit:,}-byte limit (raise it with --max-size)"
            )
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{at}: cannot read it ({exc.strerror})") from exc
    if len(data) > limit:
        raise InputError(f"{at} is over the {limit:,}-byte limit (raise it with --max-size)")
    return data


def _open_regular(path: Path, what: str) -> BinaryIO:
    """Open `path` for reading only if it is a regular file (checked on the open descriptor).

    A FIFO, socket or device (``/dev/zero``, ``/dev/urandom``) is refused at once: it is opened
    non-blocking, so a FIFO without a writer cannot hang us.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read the {what} {path}: {exc.strerror}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"the {what} {path} is not a regular file (a FIFO, device or folder)")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def iter_capture_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named on the command line, folders expanded (sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        else:
            yield path
