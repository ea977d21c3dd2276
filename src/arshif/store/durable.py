"""Durable file-system steps: write + fsync, directory fsync, rename, and read-only detection.

Every step that changes the disk goes through this module so that the order of durable effects
is explicit in `arshif.store.writer` and `arshif.store.recovery`. POSIX only (``fsync`` on a
directory, ``rename`` replacing its target atomically).
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from arshif.errors import ReadOnlyArchive

#: errno values that mean "this archive cannot be written".
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


@contextmanager
def writable(root: Path) -> Iterator[None]:
    """Turn an `OSError` that means "read-only" into `ReadOnlyArchive` (one clear line)."""
    try:
        yield
    except OSError as exc:
        if exc.errno in READ_ONLY_ERRNOS:
            raise ReadOnlyArchive(
                f"the archive at {root} is read-only ({exc.strerror}); nothing was written"
            ) from exc
        raise


def is_read_only_error(exc: BaseException) -> bool:
    """True if `exc` (or its cause) is an OS error meaning the archive cannot be written."""
    if isinstance(exc, ReadOnlyArchive):
        return True
    return isinstance(exc, OSError) and exc.errno in READ_ONLY_ERRNOS


def fsync_dir(path: Path) -> None:
    """Make the entries of directory `path` (creations, renames, removals) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Create `path` (which must not exist) holding `data`, and fsync it (not its directory).

    With ``sync=False`` the caller fsyncs it later (`fsync_files`): a batch writes all its files
    first and then fsyncs them one after another, which costs one journal commit, not one each.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def fsync_files(paths: Iterable[Path]) -> None:
    """Fsync each file of `paths` (written earlier with ``sync=False``)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def sync_all(where: Path, files: Iterable[Path], dirs: Iterable[Path]) -> None:
    """Make `files` and `dirs` (written without fsync) durable, as fsyncing each one would.

    On Linux this is one ``syncfs(2)`` of the file system holding `where` (which must hold them
    all): it writes back every dirty file and directory there and commits the journal once,
    which for a batch of hundreds of small files is ten to fifty times faster than fsyncing
    them one by one (measured on ext4). Elsewhere, or if ``syncfs`` is missing, each file and
    then each directory (in the order given: deepest first) is fsynced.
    """
    syncfs = _syncfs()
    if syncfs is not None:
        fd = os.open(where, os.O_RDONLY | os.O_DIRECTORY)
        try:
            if syncfs(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, f"syncfs: {os.strerror(code)}", str(where))
        finally:
            os.close(fd)
        return
    fsync_files(files)
    for directory in dirs:
        fsync_dir(directory)


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return function


def make_dirs(path: Path, stop: Path, *, sync: bool = True) -> list[Path]:
    """Create `path` and its missing parents below `stop`, fsyncing each parent; return them.

    With ``sync=False`` nothing is fsynced: the caller fsyncs the parents of what was created
    (``directory.parent`` of each returned directory) before relying on them.
    """
    missing: list[Path] = []
    current = path
    while current != stop and not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        os.mkdir(directory)
        if sync:
            fsync_dir(directory.parent)
    return list(reversed(missing))


def fsync_tree(path: Path) -> None:
    """Fsync every directory of the tree under `path` (deepest first), then `path` itself."""
    for dirpath, _dirnames, _filenames in os.walk(path, topdown=False):
        fsync_dir(Path(dirpath))


def rename(source: Path, target: Path) -> None:
    """Atomically move `source` to `target` (replacing a file) and make both directories durable."""
    os.rename(source, target)
    fsync_dir(target.parent)
    if source.parent != target.parent:
        fsync_dir(source.parent)


def remove_tree(path: Path) -> None:
    """Remove a file or directory tree and make its removal durable (idempotent)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    else:
        return
    fsync_dir(path.parent)


def prune_empty_dirs(start: Path, stop: Path) -> list[Path]:
    """Remove `start` and its parents below `stop` while they are empty; return what went."""
    removed: list[Path] = []
    current = start
    while current != stop and stop in current.parents:
        try:
            os.rmdir(current)
        except FileNotFoundError:
            pass
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                break
            raise
        else:
            removed.append(current)
            fsync_dir(current.parent)
        current = current.parent
    return removed
