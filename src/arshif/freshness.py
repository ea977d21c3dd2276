"""Is the index current? Keeping ``indexes/`` up to date with ``archive/``.

``indexes/state.json`` holds what the index was last brought up to date with: ``archive``, the
signature of the archive's heads then (`arshif.signature`: a sum of one digest per object, so
that it can be updated per record written), and ``marker``: the store's change token
(`StorageRoot.change_token`, replaced before every arshif write) and the stat of the git index
of the work tree holding the archive (`git_stamp`: rewritten by every git checkout, pull, merge,
reset or stash that changes files). A reader whose marker matches knows, with a few file reads
and no walk of the archive, that neither an arshif process nor git changed the archive since:
the index is current. Otherwise the heads are read and compared with the signature, and the
index is caught up when they differ (by a reader only when the writer lock is free at once).
Changes made by other tools (rsync, cp, an editor) are not noticed until one of those happens;
`arshif verify` always compares every record and `verify --repair` / `reindex` fix what it finds.

The engine that keeps the index is the archive's (`ArchiveConfig.engine`, in
``archive/arshif.json``), read afresh whenever the index is opened. The index folder is the
same for every engine, and each engine reads the other's index as stale (`stored_version` -1):
an index of another engine is treated like one of another analysis version, rebuilt by the
first search that can take the writer lock. `rebuild` can build with another engine (switching,
`Repository.reindex`); the caller records the engine only once the new index is complete.

`IndexKeeper` does all of it for one root; `arshif.repository.Repository` delegates to it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from arshif.archiveconfig import load_archive_config
from arshif.config import Settings
from arshif.errors import IndexStale, LockTimeout, ReadOnlyArchive
from arshif.model import Record, short_id_of
from arshif.signature import signature_of, signature_step
from arshif.store.durable import rename, write_file

if TYPE_CHECKING:
    from arshif.search import SearchIndex
    from arshif.store import StorageRoot

#: The file of ``indexes/`` recording what the index is current with.
STATE_FILE = "state.json"


def git_stamp(start: Path) -> str:
    """The stat of the git index of the work tree holding `start` ("" outside git).

    Git rewrites its index whenever a checkout, pull, merge, reset or stash changes the files
    of the work tree, so an unchanged stamp means git changed nothing there.
    """
    for folder in (start, *start.parents):
        dot = folder / ".git"
        try:
            if dot.is_dir():
                index = dot / "index"
            elif dot.is_file():
                text = dot.read_text("utf-8").strip()
                if not text.startswith("gitdir:"):
                    return "git?"
                index = folder / text.partition(":")[2].strip() / "index"
            else:
                continue
            info = index.stat()
        except OSError:
            return "git?"
        return f"git:{info.st_mtime_ns}:{info.st_size}:{info.st_ino}"
    return ""


@dataclass
class Hold:
    """What `IndexKeeper.writing` noted when it took the writer lock (see `index_records`)."""

    current: bool  #: the index was current with the archive
    signature: str | None  #: the archive signature stored with the index
    git: str  #: the git stamp then


class IndexKeeper:
    """The search index of one root, built when missing and caught up when behind.

    `read` reads one head record; `read_many` the head records of some ids, in order (it may
    read them in worker processes); `shard` gives, for some ids, a source of their head records
    that another process can run (`SearchIndex.build`'s shards).
    """

    def __init__(
        self,
        settings: Settings,
        store: StorageRoot,
        *,
        read: Callable[[str], Record],
        read_many: Callable[[Sequence[str]], Iterable[Record]],
        shard: Callable[[Sequence[str]], Callable[[], Iterable[Record]]],
        lock_wait: float,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self._read = read
        self._read_many = read_many
        self._shard = shard
        self.lock_wait = lock_wait
        self.on_wait = on_wait
        self.hold: Hold | None = None  #: set while this keeper holds the writer lock
        self._index: SearchIndex | None = None

    @property
    def path(self) -> Path:
        """The index's folder."""
        return self.settings.search_dir

    @property
    def engine(self) -> str:
        """The archive's search engine (`ArchiveConfig.engine`, read from the storage root)."""
        return load_archive_config(self.settings.archive_dir).engine

    # -- the state stored with the index -----------------------------------------------------

    def _state_file(self) -> Path:
        return self.settings.index_dir / STATE_FILE

    def _read_state(self) -> dict[str, str]:
        try:
            value = json.loads(self._state_file().read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}

    def _marker(self, git: str) -> str:
        return f"{self.store.change_token() or '-'} {git}"

    def is_current(self) -> bool:
        """True when the marker stored with the index is the archive's now (a cheap check)."""
        git = git_stamp(self.settings.archive_dir)
        return self._read_state().get("marker") == self._marker(git)

    def current_signature(self) -> str | None:
        """The archive's signature without reading the archive: the one stored with the index
        when the index is current (`is_current`); None when that cannot be known cheaply."""
        return self._read_state().get("archive") if self.is_current() else None

    def write_state(self, signature: str, git: str) -> None:
        """Record that the index is current with the archive (called under the writer lock).

        `git` is the git stamp taken before the archive was read."""
        target = self._state_file()
        state = {"archive": signature, "marker": self._marker(git)}
        temporary = target.with_name(f".{STATE_FILE}.{uuid.uuid4().hex}.tmp")
        try:
            write_file(temporary, json.dumps(state).encode("utf-8"))
            rename(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise
        if self.hold is not None:
            self.hold.current, self.hold.signature, self.hold.git = True, signature, git

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The archive's writer lock; every write happens inside it (readers never take it).

        Taking it notes whether the index is current (`is_current`), so that the records
        written under it can be indexed alone (`index_records`).
        """
        with self.store.lock(self.lock_wait, self.on_wait):
            if self.hold is not None:  # reentrant
                yield
                return
            git = git_stamp(self.settings.archive_dir)
            state = self._read_state()
            current = state.get("marker") == self._marker(git)
            self.hold = Hold(current, state.get("archive"), git)
            try:
                yield
            finally:
                self.hold = None

    # -- the index ---------------------------------------------------------------------------

    def index(self, *, refresh: bool = True) -> SearchIndex:
        """The search index, built from the archive when missing and caught up when behind.

        Building a missing index takes the writer lock (waiting like a writer). Whether the
        index is behind is first asked cheaply (`is_current`: no walk of the archive); catching
        up a lagging one is done only when the lock is free at once and the archive is
        writable; otherwise the index is searched as it is (a reader never waits for a writer).
        """
        if self._index is None:
            from arshif.search import SCHEMA_VERSION, SearchIndex

            path = self.path

            def missing() -> bool:  # none, another analysis or another engine: build it anew
                return SearchIndex.stored_version(path, self.engine) != SCHEMA_VERSION

            if missing():
                try:
                    with self.writing():
                        if missing():
                            self._index = self.rebuild()
                        else:
                            self._index = SearchIndex.open(path, self.engine)
                except ReadOnlyArchive as exc:
                    what = (
                        "there is no search index yet"
                        if SearchIndex.stored_version(path, self.engine) is None
                        else "the search index was built by another analysis version or "
                        f"engine than this archive's ({self.engine})"
                    )
                    raise ReadOnlyArchive(
                        f"{what}, and {exc}; build it with "
                        "`arshif reindex` where the archive can be written"
                    ) from exc
            else:
                self._index = SearchIndex.open(path, self.engine)
                if refresh and not self.is_current():
                    self._try_catch_up(self._index)
        return self._index

    def is_live(self) -> bool:
        """False when the index this keeper opened was replaced by a rebuild since."""
        return self._index is None or self._index.is_live()

    def record_count(self) -> int:
        """How many records the archive holds, from the index when it is current (cheap)."""
        if self._index is not None or self.is_current():
            try:
                return self.index(refresh=False).doc_count()
            except IndexStale:
                pass
        return sum(1 for _ in self.store.object_ids())

    def writable_index(self) -> SearchIndex:
        """Under the writer lock: the index, built when missing, caught up when behind."""
        from arshif.search import SearchIndex

        if self._index is None and SearchIndex.stored_version(self.path, self.engine) is None:
            self._index = self.rebuild()
            return self._index
        index = self.index(refresh=False)
        if self.hold is None or not self.hold.current:
            self.catch_up(index)
        return index

    def rebuild(
        self,
        on_start: Callable[[int], None] | None = None,
        on_record: Callable[[], None] | None = None,
        *,
        engine: str | None = None,
    ) -> SearchIndex:
        """Under the writer lock: a new index of every head record, replacing the old one.

        `on_start` is told how many records there are, `on_record` called after each is read.
        `engine`: build with this engine rather than the archive's (a switch: the caller then
        records it in the archive's settings).
        """
        from arshif.search import SearchIndex, shards
        from arshif.search.engine import open_engine

        engine = engine or self.engine
        open_engine(engine)  # an engine that is not installed fails before anything changes
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if self._index is not None:  # its lease would keep the old generation on disk
            self._index.close()
            self._index = None
        git = git_stamp(self.settings.archive_dir)
        heads = self.heads()
        if on_start is not None:
            on_start(len(heads))
        parts = shards(sorted(heads))
        if len(parts) < 2:
            records = _counted(self._read_many(parts[0]), on_record)
            index = SearchIndex.build(path, records, engine=engine)
        else:  # contiguous parts of the archive, each read and indexed by its own process
            sources = [self._shard(part) for part in parts]
            index = SearchIndex.build(path, shards=sources, on_record=on_record, engine=engine)
        self.write_state(signature_of(heads), git)
        self._index = index
        return index

    def heads(self) -> dict[str, str]:
        """Short id → head version of every record of the archive (read from the store)."""
        return {short_id_of(oid): head for oid, head in self.store.heads()}

    def catch_up(self, index: SearchIndex, fresh: Sequence[Record] = ()) -> None:
        """Bring a lagging index up to the archive: re-add what changed, drop what is gone.

        `fresh` are records just written (used as they are rather than read back). When the
        archive's signature is the one stored with the index, nothing changed since the index
        was last brought up to date, and the index is not read.
        """
        git = git_stamp(self.settings.archive_dir)  # before reading the archive
        heads = self.heads()
        signature = signature_of(heads)
        if fresh or signature != self._read_state().get("archive"):
            indexed = index.versions()
            known = {record.id: record for record in fresh}
            changed = [s for s, head in heads.items() if indexed.get(s) != head or s in known]
            gone = [s for s in indexed if s not in heads]
            if gone:
                index.delete(gone)
            if changed:
                index.replace(known.get(s) or self._read(s) for s in changed)
        self.write_state(signature, git)

    def _try_catch_up(self, index: SearchIndex) -> None:
        """Catch the index up if the writer lock is free now; a reader never waits for it."""
        try:
            with self.store.lock(0):  # reentrant: a writer already holding it just goes on
                self.catch_up(index)
        except (LockTimeout, ReadOnlyArchive):
            pass  # another writer is at work (it updates the index), or nobody may write
        except OSError as exc:  # the index folder alone is read-only: search it as it is
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise

    def index_records(self, records: Sequence[Record], *, new: bool = False) -> None:
        """Bring the index up to date with records just written (under the writer lock).

        When the index was current when the lock was taken (`is_current`), only `records` are
        (re)indexed and the stored signature is updated from their versions; otherwise (a write
        killed before it indexed, another tool changed the archive) the whole index is caught
        up, so the state written never hides a lagging record. `new`: the records are objects
        this lock holder created (an ingest), so a current index cannot hold them yet and they
        are added without looking for old documents.
        """
        from arshif.search import SearchIndex

        hold = self.hold
        if hold is None or SearchIndex.stored_version(self.path, self.engine) is None:
            self.writable_index()  # builds a missing index from the archive (records too)
            return
        index = self.index(refresh=False)
        signature = hold.signature if hold.current else None
        for record in records:
            signature = signature_step(signature, record)
        if signature is None:
            self.catch_up(index, records)
            return
        if new:
            index.add(records)
        else:
            index.replace(records)
        self.write_state(signature, hold.git)

    def index_new(
        self,
        short_ids: Sequence[str],
        source: Callable[[Sequence[str]], Callable[[], Iterable[Record]]] | None = None,
    ) -> None:
        """Index many records this lock holder's ingest created, read by several processes at
        once, each into segments of its own (`SearchIndex.add_from`): each part of
        `short_ids` by the source `source` makes of it (the ingest's own copy of the records
        it wrote), else read back from the archive."""
        from arshif.processes import release_free_memory
        from arshif.search import SearchIndex, shards
        from arshif.signature import signature_after

        hold = self.hold
        if hold is None or SearchIndex.stored_version(self.path, self.engine) is None:
            self.writable_index()  # builds a missing index from the archive (these too)
            return
        index = self.index(refresh=False)
        if not hold.current or hold.signature is None:
            self.catch_up(index)  # the index lagged before: bring all of it up to date
            return
        release_free_memory()  # before forking the processes that index
        make = source or self._shard
        index.add_from([make(part) for part in shards(list(short_ids))])
        self.write_state(signature_after(hold.signature, short_ids), hold.git)

    def lag(self) -> int:
        """How many records the index is missing or holds at an older version."""
        from arshif.search import SearchIndex

        heads = self.heads()
        engine = self.engine
        if SearchIndex.stored_version(self.path, engine) is None:
            return len(heads)
        with SearchIndex.open(self.path, engine) as index:
            indexed = index.versions()
        return sum(1 for s, h in heads.items() if indexed.get(s) != h) + sum(
            1 for s in indexed if s not in heads
        )

    def repair(self) -> None:
        """Under the writer lock: rebuild a missing or unreadable index, else catch it up."""
        from arshif.search import SearchIndex

        self._index = None
        try:
            index = SearchIndex.open(self.path, self.engine)
        except IndexStale:
            self.rebuild()
            return
        self.catch_up(index)
        self._index = index


def _counted(records: Iterable[Record], on_record: Callable[[], None] | None) -> Iterator[Record]:
    for record in records:
        yield record
        if on_record is not None:
            on_record()
