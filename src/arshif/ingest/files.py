"""Input files: one read safely (a regular file, within the size limit), folders expanded.

The files named on the command line and the ``path`` entries of a manifest
(`arshif.ingest.manifest`) are read here, each into the bytes of a `CaptureRequest`; so is the
batch file of queries of ``search --queries`` (`read_queries`), with the same care.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from arshif.errors import InputError

#: Default largest capture accepted, in bytes (``--max-size`` changes it).
DEFAULT_SIZE_LIMIT = 50 * 2**20
#: Largest ``search --queries`` file read, in bytes.
QUERIES_SIZE_LIMIT = 16 * 2**20


def read_capture_file(
    path: Path,
    limit: int = DEFAULT_SIZE_LIMIT,
    where: str | None = None,
    what: str = "capture",
    raise_limit: str = " (raise it with --max-size)",
) -> bytes:
    """The bytes of a capture file of at most `limit` bytes, refusing FIFOs, devices and huge
    files (it never blocks on a FIFO or device); `where` starts the messages (a manifest line),
    `what` names the file in them, `raise_limit` says how to raise the limit."""
    at = f"{where}: {path}" if where else str(path)
    try:
        handle = open_regular(path, what)
    except InputError as exc:
        raise InputError(f"{where}: {exc}" if where else str(exc)) from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise InputError(f"{at} is {size:,} bytes, over the {limit:,}-byte limit{raise_limit}")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{at}: cannot read it ({exc.strerror})") from exc
    if len(data) > limit:
        raise InputError(f"{at} is over the {limit:,}-byte limit{raise_limit}")
    return data


def open_regular(path: Path, what: str) -> BinaryIO:
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


def read_queries(path: Path) -> list[tuple[str, str]]:
    """The ``qid<TAB>query`` lines of a batch file of queries (`search --queries`): a
    regular file of at most `QUERIES_SIZE_LIMIT` bytes (a FIFO or device is refused)."""
    try:
        data = read_capture_file(path, QUERIES_SIZE_LIMIT, what="queries file", raise_limit="")
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read queries from {path}: {exc}") from exc
    pairs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        qid, tab, text = line.partition("\t")
        if not tab or not qid.strip() or not text.strip():
            raise InputError(f"{path.name}, line {number}: expected `qid<TAB>query`")
        pairs.append((qid.strip(), text.strip()))
    return pairs
