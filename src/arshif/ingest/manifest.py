"""JSONL manifests: one capture per line, with what the user states about it (docs/ingest.md).

Each line is an object with ``text`` (the capture inline) or ``path`` (a file relative to the
manifest's folder; absolute paths, ``..`` and links leading outside that folder are refused), and
the optional keys of `MANIFEST_KEYS`. Values are strings (``tags`` may also be a list of
strings); an empty string is as if the key were absent. Metadata values are checked and cleaned
by `arshif.ingest.prepare.given_metadata`, the rules of ``arshif edit --set``.

Every line is read and checked: a bad line is a `Refusal` naming its own line number and why, so
a run reports all of them. `write_rejects` writes the refused lines back as JSONL (line number,
reason and the line's object as given) to be fixed and fed back.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from arshif.errors import InputError, ValidationError
from arshif.ingest.files import DEFAULT_SIZE_LIMIT, open_regular, read_capture_file
from arshif.ingest.prepare import CaptureRequest, Refusal, given_metadata

#: Every key a manifest line may have (docs/ingest.md says what each becomes in the record).
MANIFEST_KEYS: tuple[str, ...] = (
    "text",
    "path",
    "encoding",
    "source_id",
    "title",
    "url",
    "outlet",
    "published",
    "lang",
    "author",
    "retrieved",
    "tags",
)
_NOT_METADATA = frozenset({"text", "path", "encoding"})
#: Characters no text file (so no record) can carry: lone surrogates (a JSON string can hold
#: them, UTF-8 cannot), and in metadata U+FFFE and U+FFFF. Refused, with the line.
_SURROGATE = re.compile("[\ud800-\udfff]")
_NONCHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")


def manifest_line_limit(limit: int) -> int:
    """The longest manifest line read: room for a `limit`-byte capture inline, JSON-escaped."""
    return 6 * limit + 2**16


def manifest_items(
    path: Path, *, limit: int = DEFAULT_SIZE_LIMIT
) -> Iterator[CaptureRequest | Refusal]:
    """Each line's request, or the `Refusal` of the line, in order (blank lines are skipped).

    One line is read at a time (memory stays bounded). `arshif.repository.Repository.ingest`
    takes both, so that every bad line is reported in one run.

    Raises:
        InputError: when the manifest itself cannot be read (not a regular file, unreadable).
    """
    folder = path.parent.resolve()
    seen_ids: dict[str, int] = {}
    for number, raw in _lines(path, limit):
        where = f"{path.name}, line {number}"
        if raw is None:
            longest = manifest_line_limit(limit)
            yield Refusal(where, f"longer than {longest:,} bytes; refused", number)
            continue
        if not raw.strip():
            continue
        try:
            yield _manifest_line(raw, number, where, folder, path.name, limit, seen_ids)
        except InputError as exc:
            yield Refusal(where, str(exc).removeprefix(f"{where}: "), number)


def iter_manifest(
    path: Path,
    *,
    limit: int = DEFAULT_SIZE_LIMIT,
    on_bad: Callable[[str], None] | None = None,
) -> Iterator[CaptureRequest]:
    """The requests of a manifest; at a bad line, `on_bad` is called with its message, or
    (without it) `InputError` is raised."""
    for item in manifest_items(path, limit=limit):
        if isinstance(item, CaptureRequest):
            yield item
        elif on_bad is None:
            raise InputError(str(item))
        else:
            on_bad(str(item))


def _lines(path: Path, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line; None for a line over `manifest_line_limit`."""
    longest = manifest_line_limit(limit)
    with open_regular(path, "manifest") as handle:
        number = 0
        while raw := handle.readline(longest + 1):
            number += 1
            if len(raw) > longest and not raw.endswith(b"\n"):
                while (rest := handle.readline(longest + 1)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the over-long line, a bounded piece at a time
                yield number, None
            else:
                yield number, raw


def _manifest_line(
    raw: bytes,
    number: int,
    where: str,
    folder: Path,
    manifest: str,
    limit: int,
    seen_ids: dict[str, int],
) -> CaptureRequest:
    entry = _entry(raw, number, where)
    unknown = sorted(set(entry) - set(MANIFEST_KEYS))
    if unknown:
        raise InputError(
            f"{where}: unknown key(s) {', '.join(unknown)}; the keys are "
            f"{', '.join(MANIFEST_KEYS)} (docs/ingest.md)"
        )
    if isinstance(entry.get("tags"), list) and all(isinstance(t, str) for t in entry["tags"]):
        entry["tags"] = ",".join(entry["tags"])
    if not all(isinstance(v, str) for v in entry.values()):
        raise InputError(f"{where}: every value must be a string (tags: a list of strings)")
    if ("text" in entry) == ("path" in entry):
        raise InputError(f"{where}: give exactly one of `text` or `path`")
    for key, value in entry.items():
        bad = (_SURROGATE if key == "text" else _NONCHARACTER).search(value)
        if bad:
            raise InputError(
                f"{where}: {key} holds the character U+{ord(bad.group()):04X}, which no text "
                "file can carry; refused"
            )
    pairs = [(k, v) for k, v in entry.items() if k not in _NOT_METADATA and v != ""]
    try:
        given = given_metadata(pairs)
    except ValidationError as exc:
        raise InputError(f"{where}: {exc}") from exc
    source_id = given.metadata.source_id
    if source_id is not None:
        if source_id in seen_ids:
            raise InputError(
                f"{where}: source_id {source_id!r} already used on line {seen_ids[source_id]}"
            )
        seen_ids[source_id] = number
    if "text" in entry:
        data = entry["text"].encode("utf-8")
        name = given.metadata.source_id or f"{manifest}:{number}"
    else:
        file = _safe_member(folder, entry["path"], where)
        data = read_capture_file(file, limit, where)
        name = entry["path"]
    return CaptureRequest(
        data=data,
        name=name,
        given=given.metadata,
        encoding=entry.get("encoding") or None,
        where=where,
        line=number,
        cleaning=given.cleaning,
        given_as=given.given_as,
    )


def _entry(raw: bytes, number: int, where: str) -> dict[str, Any]:
    try:
        entry = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{where}: not a JSON object ({exc})") from exc
    if not isinstance(entry, dict):
        raise InputError(f"{where}: not a JSON object")
    return entry


def _safe_member(folder: Path, relative: str, where: str) -> Path:
    """Resolve a manifest `path` and refuse anything outside the manifest's folder."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise InputError(f"{where}: path {relative!r} must stay inside the manifest's folder")
    resolved = (folder / candidate).resolve()
    if not resolved.is_relative_to(folder):
        raise InputError(f"{where}: path {relative!r} leads outside the manifest's folder")
    return resolved


# --- rejects ------------------------------------------------------------------------------------


def write_rejects(
    out: Path, refusals: Iterable[Refusal], manifest: Path | None, limit: int = DEFAULT_SIZE_LIMIT
) -> int:
    """Write `refusals` to `out` as JSONL, one object per refused capture, in input order:
    ``{"line": 4, "reason": "...", "entry": {...}}`` for a manifest line (``entry`` the line's
    object as given, or ``raw``, its text, when it is not a JSON object), ``{"file": "...",
    "reason": "..."}`` for a file. The file is replaced whole (written aside, then renamed).

    Returns how many were written.
    """
    refusals = list(refusals)
    by_line = {r.line: r for r in refusals if r.line is not None}
    rows: list[dict[str, Any]] = []
    if by_line and manifest is not None:
        for number, raw in _lines(manifest, limit):
            refusal = by_line.get(number)
            if refusal is not None:
                rows.append({"line": number, "reason": refusal.reason, **_as_given(raw, number)})
    rows += [{"file": r.where, "reason": r.reason} for r in refusals if r.line is None]
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            for row in rows:
                line = json.dumps(row, ensure_ascii=False)
                if _SURROGATE.search(line):  # a lone surrogate: only an escape can carry it
                    line = json.dumps(row)
                stream.write(line + "\n")
        os.replace(name, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return len(rows)


def _as_given(raw: bytes | None, number: int) -> dict[str, Any]:
    if raw is None:
        return {}
    text = raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace").rstrip("\r\n")
    try:
        entry = json.loads(text)
    except json.JSONDecodeError:
        return {"raw": text}
    return {"entry": entry} if isinstance(entry, dict) else {"raw": text}
