"""`StorageRoot`: an OCFL 1.1 storage root with layout 0003, read by anyone, written by one writer.

Reading (`object_ids`, `has_object`, `head`, `versions`, `read`, `logical_paths`, `inventory`,
`copy_object`, `verify`) is `arshif.store.reading.RootReader`'s: it takes no lock and writes
nothing, so it works on a read-only archive. Writing, here (`init`, `create_object`,
`add_version`, `create_objects`, `import_objects`, `recover`), needs the writer lock: a write
method called while this object holds it (``with root.lock(timeout): ...``) runs inside that
lock; otherwise it takes the lock itself for the one call, waiting up to `lock_timeout`
seconds. Taking the lock always runs crash recovery first (see `arshif.store.recovery`). Hold
the lock across a read-modify-write sequence, or pass `expected_head`, to avoid lost updates.
One `StorageRoot` is not thread-safe.

The module is a little over 400 lines because every write method here shares one discipline
(take or join the writer lock, recover, announce the change token, stage, fsync, rename:
`_writing` and `_commit`); the staging and inventory work itself is in `arshif.store.writer`,
`store.inventory` and `store.incoming`.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, NamedTuple

from arshif.errors import (
    InputError,
    UsageError,
)
from arshif.model import User, VersionInfo

from . import recovery, writer
from .durable import (
    fsync_dir,
    fsync_tree,
    make_dirs,
    prune_empty_dirs,
    rename,
    writable,
    write_file,
)
from .exceptions import ConcurrentUpdate, ObjectExistsError
from .hierarchy import EXTENSIONS, LAYOUT_FILE, ROOT_DECLARATION, ROOT_DECLARATION_TEXT, walk
from .incoming import IncomingObject, check_incoming, incoming_status
from .inventory import (
    INVENTORY,
    NewVersion,
    build_version,
    version_infos,
)
from .layout import LAYOUT_DESCRIPTION, LAYOUT_NAME, Layout, check_object_id
from .lock import WriterLock
from .reading import STAGING, RootReader

LOCK_FILE = "lock"
#: The change token, in the work directory (see `StorageRoot.change_token`).
CHANGES = "changes"


class NewObject(NamedTuple):
    """One object of a `StorageRoot.create_objects` batch."""

    object_id: str
    files: Mapping[str, bytes]
    message: str
    user: User
    created: str | None = None


class StorageRoot(RootReader):
    """An OCFL 1.1 storage root at `path`; `work_dir` holds the writer lock and staging area.

    Args:
        path: the storage root (a folder holding ``0=ocfl_1.1``).
        work_dir: lock and staging folder, on the same file system as `path` (renames must be
            atomic); default ``path.parent / ".arshif"``. Created by the first writer.
        lock_timeout: seconds a write method waits for the lock when the caller does not hold it.

    Raises:
        ArchiveNotFound: `path` is not a storage root.
        IntegrityError: its layout is not one arshif can read.
    """

    def __init__(self, path: Path, work_dir: Path | None = None, *, lock_timeout: float = 30.0):
        super().__init__(path, work_dir)
        self.lock_timeout = lock_timeout
        self._lock = WriterLock(self.work_dir / LOCK_FILE)
        #: What the recovery run by the last acquisition of the lock repaired (one line each).
        self.last_recovery: list[str] = []
        #: The change token on disk was set by this object and has not been read since.
        self._announced = False

    @classmethod
    def init(cls, path: Path, work_dir: Path | None = None) -> StorageRoot:
        """Create an empty storage root at `path` (or open it if it already is one).

        The root is built in the staging area and renamed into place, so a crash leaves either
        no root or a whole one.

        Raises:
            UsageError: `path` exists and is a non-empty folder (or a file) that is not a root.
            ReadOnlyArchive: the location cannot be written.
        """
        path = Path(path)
        work_dir = Path(work_dir) if work_dir is not None else path.parent / ".arshif"
        if (path / ROOT_DECLARATION).is_file():
            return cls(path, work_dir)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise UsageError(f"{path} is not empty and is not an archive; choose an empty folder")
        with writable(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            work_dir.mkdir(parents=True, exist_ok=True)
            _check_same_device(path.parent, work_dir)
            lock = WriterLock(work_dir / LOCK_FILE)
            lock.acquire(30.0)
            try:
                staged = work_dir / STAGING / f"init-{uuid.uuid4().hex}"
                make_dirs(staged, work_dir)
                _write_root_files(staged)
                fsync_tree(staged)
                if path.exists():
                    path.rmdir()
                rename(staged, path)
            finally:
                lock.release()
        return cls(path, work_dir)

    # ---- locking and recovery -------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the exclusive writer lock; the first acquisition runs `recover` for staging.

        Args:
            timeout: seconds to wait for another writer.
            on_wait: called once if we have to wait (e.g. to print "waiting for another writer…").

        Raises:
            LockTimeout: another writer held the lock for `timeout` seconds.
            ReadOnlyArchive: the work directory or lock file cannot be written.
        """
        with writable(self.path):
            self.work_dir.mkdir(parents=True, exist_ok=True)
            _check_same_device(self.path, self.work_dir)
            first = self._lock.acquire(timeout, on_wait)
        try:
            if first:
                self._announced = False
                with writable(self.path):
                    if self.staging.is_dir() and any(self.staging.iterdir()):
                        self._announce_change()  # recovery may roll a version forward
                    self.last_recovery = recovery.recover_staging(
                        self.path, self.work_dir, self.staging
                    )
            yield
        finally:
            self._lock.release()

    # ---- the change token -----------------------------------------------------------------

    def change_token(self) -> str | None:
        """A token that changes before every write made to the archive through this class.

        Every write method (and a recovery that has something to repair) first replaces the
        token, durably, under the writer lock, then changes the archive; so a token read
        before and again after some time is the same only if no arshif writer touched the
        archive meanwhile (a write killed half-way leaves the token changed). Changes made by
        other tools (git, rsync) do not change it. None: no write was ever made this way.
        """
        try:
            token = (self.work_dir / CHANGES).read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        self._announced = False  # the next write must change it again
        return token or None

    def _announce_change(self) -> None:
        """Replace the change token before a write (once until the token is read again)."""
        if self._announced and self._lock.held:
            return
        target = self.work_dir / CHANGES
        temporary = self.work_dir / f"{CHANGES}.tmp"  # ours alone: we hold the lock
        temporary.unlink(missing_ok=True)
        write_file(temporary, f"{uuid.uuid4().hex}\n".encode("ascii"))
        os.replace(temporary, target)
        fsync_dir(self.work_dir)
        self._announced = True

    def recover(self, full: bool = False) -> list[str]:
        """Repair interrupted writes; with `full`, check every object, not just those in staging.

        Returns:
            One line per repair made.
        """
        held = self._lock.held
        with self._writing():
            if held:
                actions = recovery.recover_staging(self.path, self.work_dir, self.staging)
            else:  # taking the lock has just recovered the staging area
                actions = list(self.last_recovery)
            if full:
                self._announce_change()
                for kind, path in walk(self.path):
                    if kind == "object":
                        repaired = recovery.recover_object(
                            self.path, self.work_dir, self.staging, path
                        )
                        actions.extend(repaired)
                    elif kind == "empty":
                        for gone in prune_empty_dirs(path, self.path):
                            actions.append(f"removed empty directory {gone.relative_to(self.path)}")
            return actions

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self._lock.held:
            with writable(self.path):
                yield
        else:
            with self.lock(self.lock_timeout), writable(self.path):
                yield

    # ---- writing --------------------------------------------------------------------------

    def create_object(
        self,
        object_id: str,
        files: Mapping[str, bytes],
        message: str,
        user: User,
        created: str | None = None,
    ) -> VersionInfo:
        """Create object `object_id` with version v1 holding `files` (logical path -> bytes).

        Raises:
            ObjectExistsError: the object is already in the archive.
            UsageError: a bad id, logical path, user or `created` date.
        """
        check_object_id(object_id)
        new = build_version(None, object_id, dict(files), message, user, created)
        object_dir = self._object_dir(object_id)
        with self._writing():
            if self.has_object(object_id):
                raise ObjectExistsError(f"object {object_id} is already in the archive")
            self._announce_change()
            self._commit(
                object_id,
                new,
                lambda: writer.write_new_object(
                    self.path, self.work_dir, self.staging, object_dir, new
                ),
            )
        return version_infos(new.inventory)[-1]

    def add_version(
        self,
        object_id: str,
        files: Mapping[str, bytes | None],
        message: str,
        user: User,
        expected_head: str | None = None,
        created: str | None = None,
    ) -> VersionInfo:
        """Add a version: `files` maps logical paths to new bytes, or None to delete the path.

        Paths not named in `files` are carried over from the head, pointing at their existing
        content (nothing is copied), as is new content identical to content already stored.

        Raises:
            ObjectNotFound: no such object.
            ConcurrentUpdate: `expected_head` was given and the head is another version.
            UsageError: a bad logical path (or deleting one that is not there), user or date.
        """
        check_object_id(object_id)
        changes = dict(files)
        object_dir = self._object_dir(object_id)
        with self._writing():
            previous = self._load(object_id)
            if expected_head is not None and previous["head"] != expected_head:
                raise ConcurrentUpdate(
                    f"object {object_id} changed meanwhile: its head is {previous['head']}, "
                    f"not {expected_head}; reload it and try again"
                )
            new = build_version(previous, object_id, changes, message, user, created)
            self._announce_change()
            self._commit(
                object_id,
                new,
                lambda: writer.write_next_version(
                    self.path, self.work_dir, self.staging, object_dir, new
                ),
            )
        return version_infos(new.inventory)[-1]

    def create_objects(self, objects: Sequence[NewObject]) -> list[VersionInfo]:
        """Create several new objects (v1 each), as `create_object` does for one, in one batch.

        Each object is published atomically and whole; the batch's fsyncs are made together
        (`arshif.store.writer.write_new_objects`), which is many times faster than one object
        at a time. When this returns, every object is durable; after an error or a crash, each
        object is whole or absent.

        Raises:
            ObjectExistsError: an object is already in the archive, or named twice (nothing is
                written).
            UsageError: a bad id, logical path, user or `created` date (nothing is written).
        """
        builds: list[tuple[Path, NewVersion]] = []
        named: set[str] = set()
        for item in objects:
            check_object_id(item.object_id)
            if item.object_id in named:
                raise ObjectExistsError(f"object {item.object_id} is named twice in the batch")
            named.add(item.object_id)
            new = build_version(
                None, item.object_id, dict(item.files), item.message, item.user, item.created
            )
            builds.append((self._object_dir(item.object_id), new))
        if not builds:
            return []
        with self._writing():
            for item in objects:
                if self.has_object(item.object_id):
                    raise ObjectExistsError(f"object {item.object_id} is already in the archive")
            self._announce_change()
            try:
                writer.write_new_objects(self.path, self.work_dir, self.staging, builds)
            except Exception:
                # leave each object whole or absent, and no staging behind; the original
                # error is the one to report
                with contextlib.suppress(Exception):
                    recovery.recover_staging(self.path, self.work_dir, self.staging)
                raise
        return [version_infos(new.inventory)[-1] for _path, new in builds]

    def import_objects(
        self, objects: Sequence[IncomingObject], *, limit: int
    ) -> list[Literal["added", "updated", "present"]]:
        """Bring in objects from directories outside the archive, every version as it is.

        Each is copied into staging (regular files only, none over `limit` bytes) and verified
        there (`verify_object`'s checks with every digest, its root inventory the one the caller
        checked, an object this store can extend). A new object is then renamed into place
        whole, as `create_objects` does (``added``); an object already here whose history the
        incoming one continues gets the later versions (``updated``), as `add_version` would
        (same crash guarantees); one with the same inventory is left alone (``present``).

        Raises:
            ObjectDiverges: an object is in the archive with another history (nothing is written).
            InputError: a staged copy is invalid, holds a link or a file over `limit` bytes, or
                an id is named twice (nothing is written).
        """
        status: list[Literal["added", "updated", "present"]] = []
        named: set[str] = set()
        for item in objects:
            check_object_id(item.object_id)
            if item.object_id in named:
                raise InputError(f"object {item.object_id} is named twice; nothing was imported")
            named.add(item.object_id)
        with self._writing():
            writes: list[tuple[IncomingObject, str | None]] = []
            for item in objects:
                if self.has_object(item.object_id):
                    present = self._load(item.object_id)
                    object_dir = self._object_dir(item.object_id)
                    status.append(incoming_status(item, present, object_dir))
                    if status[-1] == "updated":
                        writes.append((item, str(present["head"])))
                else:
                    status.append("added")
                    writes.append((item, None))
            if not writes:
                return status

            def check(number: int, staged: Path) -> None:
                check_incoming(staged, writes[number][0])

            self._announce_change()
            targets = [(self._object_dir(item.object_id), item.path, head) for item, head in writes]
            try:
                writer.write_whole_objects(
                    self.path, self.work_dir, self.staging, targets, check, limit
                )
            except Exception:
                with contextlib.suppress(Exception):
                    recovery.recover_staging(self.path, self.work_dir, self.staging)
                raise
        return status

    def _commit(self, object_id: str, new: NewVersion, write: Callable[[], None]) -> None:
        """Run `write`; on an error, recover, and succeed if the version got through whole."""
        try:
            write()
        except Exception:
            try:
                recovery.recover_staging(self.path, self.work_dir, self.staging)
                committed = (self._object_dir(object_id) / INVENTORY).read_bytes()
            except Exception:  # the original error is the one to report
                committed = b""
            if committed != new.inventory_bytes:
                raise


def _write_root_files(directory: Path) -> None:
    write_file(directory / ROOT_DECLARATION, ROOT_DECLARATION_TEXT.encode("ascii"))
    layout = {"extension": LAYOUT_NAME, "description": LAYOUT_DESCRIPTION}
    write_file(directory / LAYOUT_FILE, (json.dumps(layout, indent=2) + "\n").encode("utf-8"))
    config_dir = directory / EXTENSIONS / LAYOUT_NAME
    config_dir.mkdir(parents=True)
    config = json.dumps(Layout().config(), indent=2) + "\n"
    write_file(config_dir / "config.json", config.encode("utf-8"))


def _check_same_device(root: Path, work_dir: Path) -> None:
    if os.stat(root).st_dev != os.stat(work_dir).st_dev:
        raise UsageError(f"the work directory {work_dir} must be on the same file system as {root}")
