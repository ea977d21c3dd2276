"""Captures from web archives: the HTML and text responses of WARC files (ISO 28500) and WACZ.

`WebArchiveReader` streams each file once with `warcio` (a record at a time, every payload read
in bounded pieces, never whole past ``--max-size``) and yields one `WarcCapture` per
``response`` record with HTTP status 200 and an HTML, XHTML or plain-text payload. The payload is
the HTTP entity as the server meant it: dechunked and decoded from its ``Content-Encoding``,
each step noted in the capture's origin; its ``WARC-Payload-Digest`` is verified (a mismatch
refuses the record). Everything else is counted in `WebArchiveReader.skipped` by reason.

A damaged record (malformed header, truncated payload, digest mismatch, a payload past the size
limit, a target URI with control characters) raises `InputError` naming the file and offset,
or with ``on_bad`` (``--skip-bad``) is reported and skipped; a file whose record headers cannot
be read any further is read no further.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from arshif.errors import InputError
from arshif.model import CaptureOrigin, FieldProvenance

if TYPE_CHECKING:
    from arshif.captures.capture import DecodedCapture

__all__ = ["WarcCapture", "WebArchiveReader", "web_archive_statements"]

#: media types whose payload becomes a capture
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
#: what a skipped record is counted as, by WARC-Type (the rest: "other WARC record")
_SKIPPED_TYPES = {
    "request": "request records",
    "metadata": "metadata records",
    "resource": "resource records",
    "warcinfo": "warcinfo records",
    "conversion": "conversion records",
    "continuation": "continuation records (segmented)",
}
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_PIECE = 2**16


@dataclass(frozen=True)
class WarcCapture:
    """One payload to ingest, with where it was found (`where`: file, offset and URL)."""

    data: bytes
    name: str  #: the WARC file's name (for a WACZ: ``x.wacz/archive/y.warc.gz``)
    where: str
    origin: CaptureOrigin

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class _CountingReader(io.RawIOBase):
    """A file as warcio reads it, telling `on_bytes` how many bytes each read took."""

    def __init__(self, handle: IO[bytes], on_bytes: Callable[[int], None] | None) -> None:
        self.handle, self.on_bytes, self.position = handle, on_bytes, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.position += len(data)
        if self.on_bytes and data:
            self.on_bytes(len(data))
        return data

    def tell(self) -> int:
        return self.position


def file_sha256(open_file: Callable[[], IO[bytes]]) -> str:
    digest = hashlib.sha256()
    with open_file() as handle:
        while piece := handle.read(2**20):
            digest.update(piece)
    return digest.hexdigest()


class WebArchiveReader:
    """Reads WARC and WACZ files into captures, counting what it skips.

    Args:
        limit: the largest payload accepted, in bytes (after dechunking and decompressing).
        on_bad: with ``--skip-bad``: called with the message of each damaged record instead of
            raising `InputError`.
        on_bytes: called with the number of bytes read from a file, as they are read.
    """

    def __init__(
        self,
        limit: int,
        *,
        on_bad: Callable[[str], None] | None = None,
        on_bytes: Callable[[int], None] | None = None,
    ) -> None:
        self.limit, self.on_bad, self.on_bytes = limit, on_bad, on_bytes
        self.skipped: Counter[str] = Counter()
        #: (earlier sha256, later sha256) of the payloads of one URL captured as it changed
        self.same_story: list[tuple[str, str]] = []
        #: URL → sha256 of its first capture read (about 200 bytes a page: the memory a
        #: web-archive ingest adds, for same-story links and revisits)
        self.first_of_url: dict[str, str] = {}
        self._payloads: set[str] = set()  #: payload digests of the captures read (revisits)

    def warc_requests(self, path: Path) -> Iterator[WarcCapture]:
        """The captures of one WARC file (plain or gzip-compressed)."""
        opener: Callable[[], IO[bytes]] = lambda: path.open("rb")  # noqa: E731
        yield from self._requests(opener, path.name)

    def wacz_requests(self, path: Path) -> Iterator[WarcCapture]:
        """The captures of every WARC in a WACZ (its ``archive/`` folder), each checked against
        the sha256 its ``datapackage.json`` states."""
        try:
            package = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(f"{path.name}: not a WACZ (ZIP) file: {exc}") from None
        with package:
            stated = _datapackage_hashes(package, path.name)
            members = [
                n for n in package.namelist() if n.startswith("archive/") and not n.endswith("/")
            ]
            if not members:
                raise InputError(f"{path.name}: no WARC files in its archive/ folder")
            for member in members:
                name = f"{path.name}/{member}"
                try:
                    sha = file_sha256(lambda m=member: package.open(m))  # type: ignore[misc]
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                    raise InputError(f"{name}: damaged in the WACZ ({exc}); refused") from None
                want = stated.get(member)
                if want is not None and want != sha:
                    raise InputError(
                        f"{name}: its sha256 is {sha}, datapackage.json states {want}; refused"
                    )
                opener: Callable[[], IO[bytes]] = lambda m=member: package.open(m)  # type: ignore[misc]  # noqa: E731
                yield from self._requests(opener, name, sha)

    def _requests(
        self, opener: Callable[[], IO[bytes]], name: str, sha: str | None = None
    ) -> Iterator[WarcCapture]:
        from warcio.archiveiterator import ArchiveIterator

        try:
            sha = sha or file_sha256(opener)
            handle = opener()
        except OSError as exc:
            raise InputError(f"cannot read the WARC {name}: {exc.strerror or exc}") from None
        with handle:
            counting = _CountingReader(handle, self.on_bytes)
            records = ArchiveIterator(counting, check_digests=True)
            while True:
                warnings = io.StringIO()
                try:
                    with contextlib.redirect_stderr(warnings):
                        record = next(records)
                except StopIteration:
                    break
                except Exception as exc:  # warcio raises many kinds on bad input
                    # (the offset: where the record after the last one read starts)
                    where = f"{name}, offset {records.offset}"
                    self._bad(f"{where}: unreadable WARC record ({_why(exc)})")
                    self.skipped["unreadable rest of a WARC file"] += 1
                    return
                if warnings.getvalue().strip():
                    self._bad(
                        f"{name}, offset {records.offset}: the record before ends where its "
                        "Content-Length does not say (damaged or mis-sized record)"
                    )
                request = self._request(record, name, sha, records.offset)
                if request is not None:
                    yield request

    def _bad(self, message: str) -> None:
        if self.on_bad is None:
            raise InputError(message)
        self.on_bad(message)

    def refuse(self, message: str) -> None:
        """A capture refused after reading (its URL, by the caller's rules): reported as
        `_bad` does and counted as a damaged record."""
        self._bad(message)
        self.skipped["damaged records"] += 1

    def _skip(self, record: Any, where: str, reason: str) -> None:
        """Count a record not ingested under `reason`, once read to its end: a record cut short
        (it ends before its Content-Length, or its gzip member is broken) is a damaged record,
        reported as such, never counted silently as skipped."""
        try:
            raw = record.raw_stream
            while raw.read(_PIECE):
                pass
            cut = getattr(raw, "limit", 0) > 0
        except Exception:  # zlib or EOF errors of a broken member: the record is damaged
            cut = True
        if cut:
            self._bad(f"{where}: the record ends before its Content-Length; skipped")
            self.skipped["damaged records"] += 1
        else:
            self.skipped[reason] += 1

    def _request(self, record: Any, name: str, sha: str, offset: int) -> WarcCapture | None:
        kind = record.rec_type
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        where = f"{name}, offset {offset}"
        if kind == "revisit":
            digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
            resolved = digest in self._payloads
            reason = "revisits of a capture in the input" if resolved else "revisits"
            self._skip(record, where, reason)
            return None
        if kind != "response":
            self._skip(record, where, _SKIPPED_TYPES.get(kind, "other WARC records"))
            return None
        if uri.startswith("dns:"):
            self._skip(record, where, "dns records")
            return None
        if _CONTROL.search(uri) or not re.match(r"(?i)https?://", uri):
            self._bad(f"{where}: the target URI {uri[:80]!r} is not a plain http(s) URL; skipped")
            self.skipped["damaged records"] += 1
            return None
        http = record.http_headers
        status = http.get_statuscode() if http is not None else None
        if status is None or not status.isdigit():
            self._skip(record, where, "responses without HTTP headers")
            return None
        if status != "200":
            redirect = status.startswith("3")
            self._skip(record, where, "redirects" if redirect else f"HTTP status {status}")
            return None
        content_type = http.get_header("Content-Type") or ""
        media_type, charset = _media_type(content_type)
        if media_type not in TEXT_TYPES:
            self._skip(record, where, "not HTML or text (images, scripts, other media)")
            return None
        try:
            data, steps = self._payload(record, where)
        except InputError as exc:
            self._bad(str(exc))
            self.skipped["damaged records"] += 1
            return None
        payload_digest = record.rec_headers.get_header("WARC-Payload-Digest")
        short = hashlib.sha256(data).hexdigest()
        if payload_digest:
            self._payloads.add(payload_digest)
        first = self.first_of_url.setdefault(uri, short)
        if first != short:
            self.same_story.append((first, short))
        notes = [
            ("warc-file", name),
            ("warc-file-sha256", sha),
            ("warc-record-id", record.rec_headers.get_header("WARC-Record-ID") or ""),
            ("warc-record-offset", str(offset)),
            ("http-content-type", " ".join(content_type.split())),
        ]
        if payload_digest:
            notes.append(("warc-payload-digest", f"{payload_digest} (verified)"))
        notes += steps
        date = record.rec_headers.get_header("WARC-Date") or ""
        origin = CaptureOrigin(uri, date, media_type, charset, tuple((k, v) for k, v in notes if v))
        return WarcCapture(data, name, f"{where} ({uri})", origin)

    def _payload(self, record: Any, where: str) -> tuple[bytes, list[tuple[str, str]]]:
        """The HTTP entity, read in pieces; refused past the limit, truncated or mis-digested."""
        http = record.http_headers
        encoding = (http.get_header("Content-Encoding") or "").strip().lower()
        chunked = (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked"
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise InputError(f"{where}: Content-Encoding {encoding!r} cannot be decoded; skipped")
        pieces: list[bytes] = []
        size = 0
        try:
            stream = record.content_stream()
            while piece := stream.read(_PIECE):
                size += len(piece)
                if size > self.limit:
                    raise InputError(
                        f"{where}: the payload is over the {self.limit:,}-byte limit once "
                        "decompressed (raise it with --max-size if it is genuine); refused"
                    )
                pieces.append(piece)
            raw = record.raw_stream
            while raw.read(_PIECE):
                pass  # the rest of the record: its digest is checked at the end
        except InputError:
            raise
        except Exception as exc:  # zlib, chunking, EOF errors of a bad record
            raise InputError(
                f"{where}: the payload cannot be read ({_why(exc)}); skipped"
            ) from None
        if getattr(raw, "limit", 0) > 0:
            raise InputError(f"{where}: the record ends before its Content-Length; skipped")
        checker = record.digest_checker
        if checker is not None and checker.passed is False:
            problems = "; ".join(checker.problems)
            raise InputError(f"{where}: {problems} (the payload is not what was archived)")
        steps: list[tuple[str, str]] = []
        if chunked:
            steps.append(("http-transfer-encoding", "chunked (dechunked)"))
        if encoding not in ("", "identity"):
            steps.append(("http-content-encoding", f"{encoding} (decompressed)"))
        return b"".join(pieces), steps


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _media_type(content_type: str) -> tuple[str, str | None]:
    """(media type, charset) of an HTTP Content-Type value."""
    parts = content_type.split(";")
    charset = None
    for parameter in parts[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return parts[0].strip().lower(), charset


def _datapackage_hashes(package: zipfile.ZipFile, name: str) -> dict[str, str]:
    """path → sha256 of the resources a WACZ's datapackage.json lists."""
    try:
        data = json.loads(package.read("datapackage.json"))
    except KeyError:
        raise InputError(f"{name}: no datapackage.json (not a WACZ)") from None
    except (ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"{name}: datapackage.json cannot be read: {exc}") from None
    hashes: dict[str, str] = {}
    for resource in data.get("resources", []) if isinstance(data, dict) else []:
        if isinstance(resource, dict) and isinstance(resource.get("hash"), str):
            algorithm, _, value = resource["hash"].partition(":")
            if algorithm == "sha256":
                hashes[str(PurePosixPath(str(resource.get("path", ""))))] = value
    return hashes


def web_archive_statements(decoded: DecodedCapture, origin: CaptureOrigin) -> DecodedCapture:
    """`decoded` with the URL and retrieval date the WARC record states (they win over what the
    page says of itself: the archive saw where and when it was fetched)."""
    metadata = decoded.metadata.with_changes(url=origin.url, retrieved=origin.retrieved or None)
    kept = [p for p in decoded.provenance if p.name not in ("url", "retrieved")]
    kept.append(FieldProvenance("url", "capture", f"WARC-Target-URI: {origin.url}"))
    if origin.retrieved:
        kept.append(FieldProvenance("retrieved", "capture", f"WARC-Date: {origin.retrieved}"))
    return replace(decoded, metadata=metadata, provenance=tuple(kept))
