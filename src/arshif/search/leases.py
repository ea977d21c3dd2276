"""Readers' leases on index generations: an old generation goes once no reader holds it.

`arshif reindex` builds a new generation beside the live one and points ``CURRENT`` at it
(both engines: `arshif.search.whoosh.indexer`, `arshif.search.tantivy.index`). A process that
opened the old one before the swap may still be reading it, so it cannot simply be deleted;
kept until the next rebuild, it doubled the size of ``indexes/``. The rule:

* Every `SearchIndex` holds a *lease* on its generation for as long as it is open: a shared
  ``flock`` on the generation's ``READERS`` file (`take`). The kernel drops it when the reader
  closes the index or its process ends, however it ends, so no reader leaves a stale lease.
* A generation older than the current one is removed by whoever next opens or builds the index
  (`remove_unused`), only if its lease can be taken *exclusively* at once (no reader holds it):
  under that exclusive lock the folder is renamed away (``.removing-…``), then deleted.
* A reader that read ``CURRENT`` just before a swap may reach an old generation as it is being
  removed: taking its lease waits the instant the rename takes, then sees that the ``READERS``
  file it locked is no longer the one in the generation's folder, and starts again from
  ``CURRENT``. It therefore reads either a generation it holds or the new one, never a
  half-deleted one.

A generation newer than ``CURRENT`` (being swapped in by a build) is never touched. Where the
index cannot be written (a read-only copy), readers take no lease and nothing is removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from arshif.errors import IndexStale

CURRENT = "CURRENT"
LEASE = "READERS"
#: Times a reader starts again from CURRENT when generations are swapped under it.
ATTEMPTS = 20


class Lease:
    """A reader's shared lock on one generation; `release` (or the process's end) drops it."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        # only close: a forked child sharing the descriptor must not unlock its parent's lease
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __del__(self) -> None:
        self.release()


def generation_number(name: str) -> int | None:
    """``g000003`` → 3; None for anything that is not a generation's folder name."""
    digits = name[1:]
    return int(digits) if name.startswith("g") and digits.isdigit() else None


def current_generation(path: Path) -> Path | None:
    """The folder ``CURRENT`` names (None: no index at `path`)."""
    try:
        name = (path / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return path / name


def lease_on(generation: Path) -> Lease | None:
    """A shared lease on `generation`; None when it is gone (removed, or being removed).

    Raises PermissionError (or another OSError) when the lease file cannot be made.
    """
    lease_file = generation / LEASE
    try:
        fd = os.open(lease_file, os.O_RDONLY | os.O_CREAT, 0o644)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a remover renames the folder away
        if os.path.samestat(os.fstat(fd), os.stat(lease_file)):
            return Lease(fd)
    except FileNotFoundError:
        pass
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return None


def take(path: Path) -> tuple[Path | None, Lease | None]:
    """The current generation of the index at `path` and a lease on it.

    ``(None, None)`` when there is no index; the lease is None when the index cannot be
    written (read-only: nothing is removed there either).
    """
    for _ in range(ATTEMPTS):
        generation = current_generation(path)
        if generation is None:
            return None, None
        try:
            lease = lease_on(generation)
        except OSError:  # read-only index (EROFS, EACCES): read it without a lease
            return generation, None
        if lease is not None:
            return generation, lease
    raise IndexStale(f"the search index at {path} kept changing while it was opened; try again")


def remove_unused(path: Path) -> list[str]:
    """Remove the generations older than the current one that no reader holds, and what a
    removal cut short left behind; returns the names of the generations removed.

    Safe without the writer lock, at the same time as readers, builds and other removers.
    """
    current = current_generation(path)
    newest = generation_number(current.name) if current is not None else None
    if newest is None:
        return []
    removed = []
    try:
        entries = list(path.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(".removing-"):
            shutil.rmtree(entry, ignore_errors=True)
            continue
        number = generation_number(entry.name)
        if number is None or number >= newest or not entry.is_dir():
            continue
        if _remove_if_free(path, entry):
            removed.append(entry.name)
    return removed


def _remove_if_free(path: Path, generation: Path) -> bool:
    try:
        fd = os.open(generation / LEASE, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:  # gone already, or read-only
        return False
    grave = path / f".removing-{generation.name}-{os.getpid()}"
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a reader holds it: the next open or build tries again
        os.rename(generation, grave)
    except OSError:
        return False
    finally:
        os.close(fd)
    shutil.rmtree(grave, ignore_errors=True)
    return True


def tidy(path: Path) -> None:
    """Remove the generations under `path` that no reader holds, quietly (a later open or
    build tries again)."""
    with suppress(OSError):
        remove_unused(path)


def write_atomic(target: Path, text: str) -> None:
    """Write `text` to `target` whole or not at all (fsync, then rename): a generation's info
    file and ``CURRENT``.

    The same discipline as `arshif.store.durable`; search and store are independent
    components (neither imports the other), so search keeps this one helper of its own.
    """
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
