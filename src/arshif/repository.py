"""The `Repository` facade: one arshif root (archive, index, work folder) and its operations.

The CLI and the Python API both go through this class. The store is the truth; the index is
brought up to date after every write and rebuilt from the store when missing or behind.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, TypeAlias

from arshif.archiveconfig import ArchiveConfig, load_archive_config, save_archive_config
from arshif.config import Settings
from arshif.errors import IndexStale, InputError, ObjectNotFound, ReadOnlyArchive, UsageError
from arshif.ingest import (
    CaptureRequest,
    CapturesRefused,
    PreparedRecord,
    Refusal,
    now_rfc3339,
    prepare_or_refuse,
    short_id_for,
)
from arshif.model import Record, User, VersionInfo, object_id_for, short_id_of

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from arshif.bags import BagWritten
    from arshif.search import SearchIndex, SearchResults
    from arshif.store import StorageRoot

RECORD_PATH = "record.xml"
DEFAULT_LOCK_WAIT = 60.0
_SHORT_ID_CHARS = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one capture: added as a new record, or already in the archive."""

    status: Literal["added", "duplicate", "skipped", "refused"]
    id: str | None
    name: str | None
    lang: str | None = None
    title: str | None = None
    reason: str | None = None  #: why a capture was refused or skipped (``--skip-bad``)
    size: int | None = None  #: bytes of the capture added
    refusal: Refusal | None = None  #: the refusal of a capture refused or skipped


@dataclass
class IngestSummary:
    outcomes: list[IngestOutcome] = field(default_factory=list)
    #: short id → near-duplicate profile of each record added (`arshif.curation.fingerprints`)
    profiles: dict[str, Any] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass(frozen=True)
class BagExport:
    """What `Repository.export_bag` wrote: the bag, the records in it, those left out."""

    bag: BagWritten
    ids: list[str]
    withdrawn_left_out: int


@dataclass(frozen=True)
class BagImport:
    """What `Repository.import_bag` did: the bag's tags, the records added, those given later
    versions, and those already here as they are in the bag."""

    info: dict[str, str]
    added: list[str]
    updated: list[str]
    present: list[str]


@dataclass(frozen=True)
class VerifyProblem:
    object_id: str | None
    code: str
    message: str


class Repository:
    """An arshif root: ``archive/`` (OCFL storage root), ``indexes/`` (Whoosh), ``.arshif/``."""

    def __init__(
        self,
        settings: Settings,
        *,
        lock_wait: float = DEFAULT_LOCK_WAIT,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.lock_wait = lock_wait
        self.on_wait = on_wait
        self._store: StorageRoot | None = None
        self._index: SearchIndex | None = None
        self._hold: _Hold | None = None
        self._on_record: Callable[[], None] | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def init(cls, root: Path, config: ArchiveConfig | None = None) -> Repository:
        """Create an empty archive under `root` (``root/archive`` as an OCFL storage root).

        `config` (the archive's name, contact, engine) is written beside the root declaration
        when given; without it the archive has the defaults (`arshif.archiveconfig`).
        """
        from arshif.store import StorageRoot

        settings = Settings(root.resolve())
        settings.root.mkdir(parents=True, exist_ok=True)
        StorageRoot.init(settings.archive_dir, work_dir=settings.work_dir)
        if config is not None:
            save_archive_config(settings.archive_dir, config)
        return cls(settings)

    @property
    def config(self) -> ArchiveConfig:
        """The archive's settings (name, admin e-mail, engine), read from the storage root."""
        return load_archive_config(self.settings.archive_dir)

    def configure(self, **values: str | None) -> ArchiveConfig:
        """Change the archive's settings (`ArchiveConfig.with_values` checks each) under the
        writer lock, so two writers cannot lose each other's change; returns the new settings."""
        with self.writing():
            config = self.config.with_values(**values)
            save_archive_config(self.settings.archive_dir, config)
        return config

    @property
    def store(self) -> StorageRoot:
        if self._store is None:
            from arshif.store import StorageRoot

            self._store = StorageRoot(self.settings.archive_dir, work_dir=self.settings.work_dir)
        return self._store

    # -- ids and records ---------------------------------------------------------------------

    def resolve_id(self, given: str) -> str:
        """The short id for what a user typed: a short id, a unique prefix of one, or a URN."""
        short = short_id_of(given.strip()).lower()
        if not short or not set(short) <= _SHORT_ID_CHARS or len(short) > 64:
            raise UsageError(f"{given!r} is not a record id (ids look like 5864ae73e390)")
        if self.store.has_object(object_id_for(short)):
            return short
        if len(short) >= 4:
            matches = [s for s in self.ids() if s.startswith(short)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise UsageError(f"{given!r} is ambiguous: {', '.join(matches[:5])}")
        raise ObjectNotFound(f"no record {given!r} in {self.settings.archive_dir}")

    def ids(self) -> list[str]:
        return sorted(short_id_of(oid) for oid in self.store.object_ids())

    def record(self, short_id: str, version: str | None = None) -> Record:
        """The record (head, or `version`) of one object, parsed from its TEI."""
        from arshif.tei import record_from_tei

        data = self.store.read(object_id_for(short_id), RECORD_PATH, version)
        return record_from_tei(data)

    def records(self) -> Iterator[Record]:
        """Every head record, in id order (streamed: one record in memory at a time)."""
        for short_id in self.ids():
            yield self.record(short_id)

    def versions(self, short_id: str) -> list[VersionInfo]:
        return self.store.versions(object_id_for(short_id))

    def capture(self, short_id: str) -> tuple[str, bytes]:
        """The capture's logical path and its bytes, exactly as received."""
        record = self.record(short_id)
        return record.capture.path, self.store.read(object_id_for(short_id), record.capture.path)

    # -- ingest ------------------------------------------------------------------------------

    def ingest(
        self,
        requests: Iterable[CaptureRequest | Refusal],
        user: User,
        *,
        limit: int,
        skip_bad: bool = False,
        on_outcome: Callable[[IngestOutcome], None] | None = None,
    ) -> IngestSummary:
        """Ingest captures: each new one becomes an object (v1) and enters the index.

        All captures are prepared (decoded, extracted, checked) before anything is written.
        A refused capture (a `Refusal` in `requests`, such as a bad manifest line, or one whose
        preparation fails) is reported as a "refused" outcome, and every capture is still
        read, so that all refusals are found in one run; then `CapturesRefused` is raised and
        nothing is written, unless `skip_bad` is set (refused captures are then "skipped" and
        the others written). A capture already in the archive (same bytes) is reported as a
        duplicate and not added again (nor prepared, so re-running a killed batch costs only
        what is left to do).

        Memory stays bounded whatever the number of captures: `requests` is read once, as a
        stream; prepared records wait in a spool (memory, then a temporary file); they are
        then written in batches of up to `INGEST_BATCH`, each one store write (its fsyncs made
        together, every object still atomic), and indexed at the end (past `INDEX_BATCH`
        records, read back from the archive by worker processes).
        Outcomes are reported in the order of `requests`, each once its object is written.
        """
        summary = IngestSummary()
        when = now_rfc3339()
        refusals: list[Refusal] = []
        with _Spool() as spool:
            for name, short, size, ready in self._prepared(requests, user, when, limit):
                if isinstance(ready, Refusal):
                    refusals.append(ready)
                    status: Literal["skipped", "refused"] = "skipped" if skip_bad else "refused"
                    outcome = IngestOutcome(status, None, name, reason=str(ready), refusal=ready)
                    summary.outcomes.append(outcome)
                    if on_outcome:
                        on_outcome(outcome)
                    continue
                if refusals and not skip_bad:
                    continue  # nothing will be written: only look for more refusals
                weight = sum(len(data) for data in ready.files.values()) * 3 if ready else 0
                spool.add(_Pending(name, short, size, ready), weight)
            if refusals and not skip_bad:
                raise CapturesRefused(refusals)
            with self.writing():
                self.store.recover()
                self._writable_index()
                window: list[IngestOutcome] = []
                batch: dict[str, PreparedRecord] = {}
                written: list[Record] = []
                unindexed: list[str] = []  # past INDEX_BATCH: indexed at the end, from disk
                added = 0
                size = 1  # objects in the next store batch (see INGEST_BATCH)
                for item in spool:
                    window.append(self._ingest_outcome(item, batch))
                    if len(batch) >= size or len(window) >= 4 * INGEST_BATCH:
                        added += len(batch)
                        written += self._write_batch(batch, user, window, summary, on_outcome)
                        size = 1 if added < INGEST_SINGLES else min(2 * size, INGEST_BATCH)
                    if len(written) >= INDEX_BATCH:
                        unindexed += [record.id for record in written]
                        written.clear()
                written += self._write_batch(batch, user, window, summary, on_outcome)
                if unindexed:
                    self._index_new([*unindexed, *(record.id for record in written)])
                elif written:
                    self.index_records(written, new=True)
        return summary

    def _index_new(self, short_ids: Sequence[str]) -> None:
        """Index many records this ingest created, read back from the archive by
        several processes at once, each into segments of its own (`SearchIndex.add_from`)."""
        from arshif.processes import release_free_memory
        from arshif.search import SearchIndex, shards

        hold = self._hold
        if hold is None or SearchIndex.stored_version(self._index_path()) is None:
            self._writable_index()  # builds a missing index from the archive (these too)
            return
        index = self.index(refresh=False)
        if not hold.current or hold.signature is None:
            self._catch_up(index)  # the index lagged before: bring all of it up to date
            return
        parts = shards(list(short_ids))
        release_free_memory()  # before forking the processes that index
        index.add_from([functools.partial(_shard_records, self.settings, p) for p in parts])
        self._write_state(self.signature_after(hold.signature, short_ids), hold.git)

    def _prepared(
        self, requests: Iterable[CaptureRequest | Refusal], user: User, when: str, limit: int
    ) -> Iterator[tuple[str | None, str, int, PreparedRecord | Refusal | None]]:
        """``(name, short id, size, prepared)`` for each request, in order.

        `prepared` is the record, the `Refusal` of the capture, or None for a capture already
        in the archive or earlier in `requests` (a copy of a capture refused earlier is
        prepared itself: its own line may hold what the first lacked, and is refused under its
        own name). Past the first `PREPARE_INLINE` captures, they are prepared in
        `PREPARE_WORKERS` worker processes (decoding and extraction are pure functions of the
        capture), a bounded window of them at a time.
        """
        from concurrent.futures import Future

        seen: set[str] = set()
        refused: set[str] = set()
        queue: deque[tuple[str | None, str, int, _Job, CaptureRequest | None]] = deque()
        pool: ProcessPoolExecutor | None = None

        def resolved() -> tuple[str | None, str, int, PreparedRecord | Refusal | None]:
            name, short, size, job, request = queue.popleft()
            ready = job.result() if isinstance(job, Future) else job
            if ready is None and request is not None and short in refused:
                ready = prepare_or_refuse(request, user, when, limit)
            if isinstance(ready, Refusal):
                refused.add(short)
            return name, short, size, ready

        try:
            for request in requests:
                if isinstance(request, Refusal):
                    queue.append((request.where, "", 0, request, None))
                    continue
                short = short_id_for(request.sha256)
                size = len(request.data)
                job: _Job = None
                if short in seen:
                    pass  # a copy: prepared only if the first copy is refused (`resolved`)
                elif not self.store.has_object(object_id_for(short)):
                    seen.add(short)
                    if pool is None and len(seen) > PREPARE_INLINE and PREPARE_WORKERS > 1:
                        pool = _worker_pool()
                    if pool is None:
                        job = prepare_or_refuse(request, user, when, limit)
                    else:
                        job = pool.submit(prepare_or_refuse, request, user, when, limit)
                copy = request if short in seen and job is None else None
                queue.append((request.name, short, size, job, copy))
                while queue and (len(queue) > PREPARE_WINDOW or _is_done(queue[0][3])):
                    yield resolved()
            while queue:
                yield resolved()
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def _ingest_outcome(self, item: _Pending, batch: dict[str, PreparedRecord]) -> IngestOutcome:
        """The outcome of one spooled capture; a new record joins `batch` (to be written)."""
        oid = object_id_for(item.short)
        if item.ready is None or item.short in batch or self.store.has_object(oid):
            if item.short in batch:
                known: Record | None = batch[item.short].record
            else:
                known = self.record(item.short) if self.store.has_object(oid) else None
            return IngestOutcome(
                "duplicate",
                item.short,
                item.name,
                known.metadata.lang if known else None,
                known.metadata.title if known else None,
            )
        record = item.ready.record
        batch[item.short] = item.ready
        return IngestOutcome(
            "added",
            record.id,
            item.name,
            record.metadata.lang,
            record.metadata.title,
            size=item.size,
        )

    def _write_batch(
        self,
        batch: dict[str, PreparedRecord],
        user: User,
        window: list[IngestOutcome],
        summary: IngestSummary,
        on_outcome: Callable[[IngestOutcome], None] | None,
    ) -> list[Record]:
        """Write the new objects of `batch`, then report `window`; empty both.

        Returns the records written, for the index (an outcome is reported once its object is
        in the archive, durably; the index follows, in larger batches).
        """
        from arshif.store import NewObject

        records = [ready.record for ready in batch.values()]
        summary.profiles.update(
            (short, ready.profile) for short, ready in batch.items() if ready.profile is not None
        )
        if batch:
            self.store.create_objects(
                [
                    NewObject(
                        ready.record.object_id,
                        ready.files,
                        ready.record.changes[0].message,
                        user,
                        ready.record.changes[0].when,
                    )
                    for ready in batch.values()
                ]
            )
        for outcome in window:
            summary.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        batch.clear()
        window.clear()
        return records

    # -- bags (BagIt exchange with other repositories; arshif.bags) ---------------------------

    def export_bag(
        self,
        target: Path,
        ids: Sequence[str] = (),
        query: str | None = None,
        *,
        include_withdrawn: bool = False,
        on_object: Callable[[], None] | None = None,
    ) -> BagExport:
        """Write a BagIt bag at `target` of the records named by `ids` and found by `query`
        (all records when neither is given), withdrawn ones only with `include_withdrawn`.

        The bag holds their OCFL objects, every version, and a metadata CSV (`arshif.bags`).
        """
        from arshif.bags import bag_info, write_bag
        from arshif.curation.csvedit import export_columns, to_csv

        inside = Path(os.path.realpath(target))
        for kept_dir in (
            self.settings.archive_dir,
            self.settings.index_dir,
            self.settings.work_dir,
        ):
            if inside == kept_dir.resolve() or kept_dir.resolve() in inside.parents:
                raise UsageError(
                    f"{target} is inside the archive's {kept_dir.name}/; choose a folder outside it"
                )
        named = [self.resolve_id(given) for given in ids]
        chosen = dict.fromkeys(named)
        if query is not None:
            found = self.search(
                query,
                snippets=False,
                limit=max(1, self.record_count()),
                include_withdrawn=include_withdrawn,
            )
            chosen.update(dict.fromkeys(hit.id for hit in found.hits))
        if not ids and query is None:
            chosen = dict.fromkeys(self.ids())
        # the CSV needs the metadata alone: the text and provenance are not kept in memory
        records = [
            replace(self.record(short_id), paragraphs=(), cleaning=(), provenance=())
            for short_id in chosen
        ]
        kept = [r for r in records if include_withdrawn or r.withdrawn is None]
        if not kept:
            left = f" ({len(records)} withdrawn: --include-withdrawn)" if records else ""
            raise ObjectNotFound(f"no record is selected{left}; no bag was written")
        parts = [f"records found by the query {query!r}"] if query is not None else []
        parts += [f"the records {', '.join(named)}"] if named else []
        selection = " and ".join(parts) or "every record"
        selection += "; withdrawn records " + ("included" if include_withdrawn else "left out")
        info = bag_info(self.config, selection, query, len(kept))
        written = write_bag(
            self.store,
            target,
            [record.object_id for record in kept],
            to_csv(kept, export_columns(kept)),
            info,
            on_object,
        )
        return BagExport(written, [r.id for r in kept], len(records) - len(kept))

    def import_bag(self, path: Path, *, limit: int) -> BagImport:
        """Bring in the objects of a bag, every version as it is, and index them.

        The bag is validated whole first (`arshif.bags.open_bag`), then the objects are added
        (`StorageRoot.import_objects`: each whole or absent; an object already here with the
        same history is left alone, one the bag continues gets its later versions, one with
        another history refuses the bag).
        """
        from arshif.bags import open_bag

        received = open_bag(path, limit)
        with self.writing():
            self._writable_index()
            status = self.store.import_objects(received.objects, limit=limit)
            ids = [short_id_of(item.object_id) for item in received.objects]
            if any(state != "present" for state in status):
                self._catch_up(self.index(refresh=False))
        by_state: dict[str, list[str]] = {"added": [], "updated": [], "present": []}
        for short_id, state in zip(ids, status, strict=True):
            by_state[state].append(short_id)
        return BagImport(received.info, **by_state)

    # -- search ------------------------------------------------------------------------------

    def index(self, *, refresh: bool = True) -> SearchIndex:
        """The search index, built from the archive when missing and caught up when behind.

        Building a missing index takes the writer lock (waiting like a writer). Whether the
        index is behind is first asked cheaply (`_state_is_current`: no walk of the archive);
        catching up a lagging one is done only when the lock is free at once and the archive
        is writable; otherwise the index is searched as it is (a reader never waits for a
        writer).
        """
        if self._index is None:
            from arshif.search import SCHEMA_VERSION, SearchIndex

            path = self._index_path()

            def missing() -> bool:  # no index, or one of another analysis: build it anew
                return SearchIndex.stored_version(path) != SCHEMA_VERSION

            if missing():
                try:
                    with self.writing():
                        if missing():
                            self._index = self._rebuild_index()
                        else:
                            self._index = SearchIndex.open(path)
                except ReadOnlyArchive as exc:
                    what = (
                        "there is no search index yet"
                        if SearchIndex.stored_version(path) is None
                        else "the search index was built by another analysis version"
                    )
                    raise ReadOnlyArchive(
                        f"{what}, and {exc}; build it with "
                        "`arshif reindex` where the archive can be written"
                    ) from exc
            else:
                self._index = SearchIndex.open(path)
                if refresh and not self._state_is_current():
                    self._try_catch_up(self._index)
        return self._index

    def index_is_live(self) -> bool:
        """False when the index this repository opened was replaced by a rebuild since (a
        long-lived reader, such as `arshif serve`, then opens a new `Repository`)."""
        return self._index is None or self._index.is_live()

    def _index_path(self) -> Path:
        return self.settings.index_dir / "whoosh"

    def _try_catch_up(self, index: SearchIndex) -> None:
        """Catch the index up if the writer lock is free now; a reader never waits for it."""
        from arshif.errors import LockTimeout

        try:
            with self.store.lock(0):  # reentrant: a writer already holding it just goes on
                self._catch_up(index)
        except (LockTimeout, ReadOnlyArchive):
            pass  # another writer is at work (it updates the index), or nobody may write
        except OSError as exc:  # the index folder alone is read-only: search it as it is
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise

    def search(self, query: str, *, snippets: bool = True, **options: object) -> SearchResults:
        """Run a query (see docs/query-syntax.md) against the index; hits in rank order.

        With `snippets` (the default) each hit gets a passage of its text, read from the
        archive; a batch that prints no passages (TREC runs) leaves them out.
        """
        from arshif.search import search

        text_of = self._text_of if snippets else None
        return search(self.index(), query, text_of=text_of, **options)  # type: ignore[arg-type]

    def _text_of(self, short_id: str) -> str:
        """The head record's text (`Record.text`), read without the rest of the record."""
        from arshif.tei.read import text_from_tei

        return text_from_tei(self.store.read(object_id_for(short_id), RECORD_PATH))

    def record_count(self) -> int:
        """How many records the archive holds, from the index when it is current (cheap)."""
        if self._index is not None or self._state_is_current():
            try:
                return self.index(refresh=False).doc_count()
            except IndexStale:
                pass
        return sum(1 for _ in self.store.object_ids())

    def reindex(
        self,
        on_start: Callable[[int], None] | None = None,
        on_record: Callable[[], None] | None = None,
    ) -> int:
        """Rebuild the index from the archive alone; returns the number of records indexed.

        Runs under the writer lock, so no write lands in the old index while the new one is built.
        For progress bars: `on_start` is told how many records there are, `on_record` is
        called after each record is read.
        """
        with self.writing():
            self._on_record = on_record
            try:
                self._index = self._rebuild_index(on_start)
            finally:
                self._on_record = None
            return self._index.doc_count()

    def _rebuild_index(self, on_start: Callable[[int], None] | None = None) -> SearchIndex:
        from arshif.search import SearchIndex

        path = self._index_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        if self._index is not None:  # its lease would keep the old generation on disk
            self._index.close()
            self._index = None
        git = _git_stamp(self.settings.archive_dir)
        heads = self._heads()
        if on_start is not None:
            on_start(len(heads))
        from arshif.search import shards

        parts = shards(sorted(heads))
        if len(parts) < 2:
            index = SearchIndex.build(path, self._records_of(parts[0]))
        else:  # contiguous parts of the archive, each read and indexed by its own process
            sources = [functools.partial(_shard_records, self.settings, part) for part in parts]
            index = SearchIndex.build(path, shards=sources, on_record=self._on_record)
        self._write_state(_signature_of(heads), git)
        return index

    def _records_of(self, short_ids: Sequence[str]) -> Iterator[Record]:
        """The head records of `short_ids`, in order; read and parsed in worker processes
        (`PREPARE_WORKERS`) when there are many, a bounded window of them at a time, while
        this process indexes."""
        if len(short_ids) <= READ_INLINE or PREPARE_WORKERS < 2:
            found: Iterable[Record] = (self.record(short_id) for short_id in short_ids)
        else:
            found = _read_in_workers(self.settings, short_ids)
        for record in found:
            yield record
            if self._on_record is not None:
                self._on_record()

    def _catch_up(self, index: SearchIndex, fresh: Sequence[Record] = ()) -> None:
        """Bring a lagging index up to the archive: re-add what changed, drop what is gone.

        `fresh` are records just written (used as they are rather than read back). When the
        archive's signature is the one stored with the index, nothing changed since the index
        was last brought up to date, and the index is not read.
        """
        git = _git_stamp(self.settings.archive_dir)  # before reading the archive
        heads = self._heads()
        signature = _signature_of(heads)
        if fresh or signature != self._read_state().get("archive"):
            indexed = index.versions()
            known = {record.id: record for record in fresh}
            changed = [s for s, head in heads.items() if indexed.get(s) != head or s in known]
            gone = [s for s in indexed if s not in heads]
            if gone:
                index.delete(gone)
            if changed:
                index.replace(known.get(s) or self.record(s) for s in changed)
        self._write_state(signature, git)

    def index_records(self, records: Sequence[Record], *, new: bool = False) -> None:
        """Bring the index up to date with records just written (under the writer lock).

        When the index was current when the lock was taken (`_state_is_current`), only
        `records` are (re)indexed and the stored signature is updated from their versions;
        otherwise (a write killed before it indexed, another tool changed the archive) the
        whole index is caught up, so the state written never hides a lagging record. `new`:
        the records are objects this lock holder created (an ingest), so a current index
        cannot hold them yet and they are added without looking for old documents.
        """
        from arshif.search import SearchIndex

        hold = self._hold
        if hold is None or SearchIndex.stored_version(self._index_path()) is None:
            self._writable_index()  # builds a missing index from the archive (records too)
            return
        index = self.index(refresh=False)
        signature = hold.signature if hold.current else None
        for record in records:
            signature = _signature_step(signature, record)
        if signature is None:
            self._catch_up(index, records)
            return
        if new:
            index.add(records)
        else:
            index.replace(records)
        self._write_state(signature, hold.git)

    def _writable_index(self) -> SearchIndex:
        """Under the writer lock: the index, built when missing, caught up when behind."""
        from arshif.search import SearchIndex

        if self._index is None and SearchIndex.stored_version(self._index_path()) is None:
            self._index = self._rebuild_index()
            return self._index
        index = self.index(refresh=False)
        if self._hold is None or not self._hold.current:
            self._catch_up(index)
        return index

    def _heads(self) -> dict[str, str]:
        return {short_id_of(oid): head for oid, head in self.store.heads()}

    def archive_signature(self) -> str:
        """A digest of every object's id and head version: changes whenever the archive does."""
        return _signature_of(self._heads())

    # -- index state -------------------------------------------------------------------------
    #
    # indexes/state.json holds what the index was last brought up to date with: ``archive``,
    # the signature of the archive's heads then (a sum of one digest per object, so that it can
    # be updated per record written), and ``marker``: the store's change token
    # (`StorageRoot.change_token`, replaced before every arshif write) and the stat of the git
    # index of the work tree holding the archive (rewritten by every git checkout, pull, merge,
    # reset or stash that changes files). A reader whose marker matches knows, with a few file
    # reads and no walk of the archive, that neither an arshif process nor git changed the
    # archive since: the index is current. Otherwise the heads are read and compared with the
    # signature (and the index caught up when they differ). Changes made by other tools (rsync,
    # cp, an editor) are not noticed until one of those happens; `arshif verify` always
    # compares every record and `verify --repair` / `reindex` fix what it finds.

    def _state_file(self) -> Path:
        return self.settings.index_dir / "state.json"

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

    def current_signature(self) -> str | None:
        """The archive's signature (`_signature_of` its heads) without reading the archive:
        the one stored with the index, when the index is current (`_state_is_current`);
        None when that cannot be known cheaply."""
        return self._read_state().get("archive") if self._state_is_current() else None

    @staticmethod
    def signature_after(signature: str, added: Sequence[str]) -> str:
        """The archive's signature after new records `added` (short ids) were ingested (v1)."""
        value = int(signature, 16) + sum(_digest(short, "v1") for short in added)
        return f"{value % _MODULUS:064x}"

    def _state_is_current(self) -> bool:
        """True when the marker stored with the index is the archive's now (a cheap check)."""
        git = _git_stamp(self.settings.archive_dir)
        return self._read_state().get("marker") == self._marker(git)

    def _write_state(self, signature: str, git: str) -> None:
        """Record that the index is current with the archive (called under the writer lock)."""
        target = self._state_file()
        tmp = target.with_suffix(".tmp")
        state = {"archive": signature, "marker": self._marker(git)}
        tmp.write_text(json.dumps(state), "utf-8")
        os.replace(tmp, target)
        if self._hold is not None:
            self._hold.current, self._hold.signature, self._hold.git = True, signature, git

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The archive's writer lock; every write happens inside it (readers never take it).

        Taking it notes whether the index is current (`_state_is_current`), so that the
        records written under it can be indexed alone (`index_records`).
        """
        with self.store.lock(self.lock_wait, self.on_wait):
            if self._hold is not None:  # reentrant
                yield
                return
            git = _git_stamp(self.settings.archive_dir)
            state = self._read_state()
            current = state.get("marker") == self._marker(git)
            self._hold = _Hold(current, state.get("archive"), git)
            try:
                yield
            finally:
                self._hold = None

    def index_lag(self) -> int:
        """How many records the index is missing or holds at an older version."""
        from arshif.search import SearchIndex

        path = self._index_path()
        heads = self._heads()
        if SearchIndex.stored_version(path) is None:
            return len(heads)
        with SearchIndex.open(path) as index:
            indexed = index.versions()
        return sum(1 for s, h in heads.items() if indexed.get(s) != h) + sum(
            1 for s in indexed if s not in heads
        )

    # -- verify ------------------------------------------------------------------------------

    def verify(self, *, repair: bool = False) -> list[VerifyProblem]:
        """Check OCFL validity, every digest, every record's TEI and the index's currency."""
        from arshif.tei import validate_record

        problems: list[VerifyProblem] = []
        if repair:
            with self.writing():
                self.store.recover(full=True)
                self._repair_index()
        for issue in self.store.verify():
            problems.append(VerifyProblem(issue.object_id, issue.code, issue.message))
        try:
            self.config  # noqa: B018 (reading it is the check)
        except InputError as exc:
            problems.append(VerifyProblem(None, "CONFIG", str(exc)))
        bad = {p.object_id for p in problems}
        for oid in self.store.object_ids():
            if oid in bad:
                continue
            try:
                errors = validate_record(self.store.read(oid, RECORD_PATH))
            except (OSError, ObjectNotFound) as exc:
                errors = [str(exc)]
            problems.extend(VerifyProblem(oid, "TEI", e) for e in errors[:3])
        try:
            lag = self.index_lag()
        except IndexStale as exc:
            problems.append(VerifyProblem(None, "INDEX", str(exc)))
            return problems
        if lag:
            problems.append(
                VerifyProblem(
                    None,
                    "INDEX",
                    f"the index lags the archive by {lag} record(s); "
                    "run `arshif verify --repair` or `arshif reindex`",
                )
            )
        return problems

    def _repair_index(self) -> None:
        """Under the writer lock: rebuild a missing or unreadable index, else catch it up."""
        from arshif.search import SearchIndex

        self._index = None
        try:
            index = SearchIndex.open(self._index_path())
        except IndexStale:
            self._index = self._rebuild_index()
            return
        self._catch_up(index)
        self._index = index


_MODULUS = 2**256


def _digest(short: str, head: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{short} {head}\n".encode()).digest(), "big")


def _signature_of(heads: dict[str, str]) -> str:
    """The archive's signature: the sum of one digest per (id, head), so it can be updated."""
    return f"{sum(_digest(s, h) for s, h in heads.items()) % _MODULUS:064x}"


def _signature_step(signature: str | None, record: Record) -> str | None:
    """`signature` after `record` was written as its last change's version (None: unknown)."""
    if signature is None or not record.changes:
        return None
    try:
        value = int(signature, 16)
    except ValueError:
        return None
    value += _digest(record.id, record.changes[-1].version)
    if len(record.changes) > 1:
        value -= _digest(record.id, record.changes[-2].version)
    return f"{value % _MODULUS:064x}"


def _git_stamp(start: Path) -> str:
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
class _Hold:
    """What `Repository.writing` noted when it took the lock (see `index_records`)."""

    current: bool  #: the index was current with the archive
    signature: str | None  #: the archive signature stored with the index
    git: str  #: the git stamp then


#: The most new objects written in one store batch during ingest. The first
#: `INGEST_SINGLES` objects of a run are written one by one, then batches grow 2, 4, 8 …:
#: small inputs and the first outcomes are reported at once, large ones go fast.
INGEST_BATCH = 500
INGEST_SINGLES = 16
#: An ingest of more new records than this indexes them at its end, read back from the
#: archive by worker processes (`_index_new`: large segments, bounded memory); a smaller one
#: indexes the records it holds, in one commit.
INDEX_BATCH = 1000
#: Bytes of prepared records a spool keeps in memory before it spills to a temporary file.
SPOOL_MEMORY = 64 * 2**20


#: Captures prepared in the ingesting process before worker processes are started.
PREPARE_INLINE = 32
#: Worker processes that prepare captures (decode, extract, TEI) for a large ingest.
PREPARE_WORKERS = max(
    1,
    min(
        4,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    ),
)
#: Captures in flight (being prepared, or prepared and waiting their turn) at a time.
PREPARE_WINDOW = 256

_Job: TypeAlias = "PreparedRecord | Refusal | Future[PreparedRecord | Refusal] | None"


#: Records read in the indexing process before worker processes read them (`reindex`).
READ_INLINE = 200
#: Records one worker reads per task, and tasks in flight at a time.
READ_CHUNK, READ_WINDOW = 50, 8


def _worker_pool(
    initializer: Callable[..., None] | None = None, *args: object
) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        PREPARE_WORKERS,
        mp_context=context,
        initializer=functools.partial(_worker_init, os.getpid(), initializer, *args),
    )


def _read_in_workers(settings: Settings, short_ids: Sequence[str]) -> Iterator[Record]:
    """`Repository.record` of each id, in order, read by worker processes (bounded window)."""
    chunks = (short_ids[i : i + READ_CHUNK] for i in range(0, len(short_ids), READ_CHUNK))
    queue: deque[Future[list[Record]]] = deque()
    pool = _worker_pool(_open_reader, settings)
    try:
        for chunk in chunks:
            queue.append(pool.submit(_read_records, list(chunk)))
            while len(queue) > READ_WINDOW:
                yield from queue.popleft().result()
        while queue:
            yield from queue.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_reader: Repository | None = None


def _open_reader(settings: Settings) -> None:
    global _reader
    _reader = Repository(settings)


def _shard_records(settings: Settings, short_ids: Sequence[str]) -> Iterator[Record]:
    """The head records of `short_ids`, read by this process (one shard of a reindex)."""
    reader = Repository(settings)
    return (reader.record(short_id) for short_id in short_ids)


def _read_records(short_ids: list[str]) -> list[Record]:
    assert _reader is not None
    return [_reader.record(short_id) for short_id in short_ids]


def _worker_init(
    parent: int, initializer: Callable[..., None] | None = None, *args: object
) -> None:
    """In a worker: leave Ctrl-C to the parent, and die with it (Linux) rather than linger."""
    from arshif.processes import die_with_parent

    die_with_parent(parent)
    if initializer is not None:
        initializer(*args)


def _is_done(job: object) -> bool:
    from concurrent.futures import Future

    return not isinstance(job, Future) or job.done()


@dataclass(frozen=True)
class _Pending:
    """One capture of an ingest, between preparing and writing."""

    name: str | None
    short: str
    size: int
    ready: PreparedRecord | None  #: None: already in the archive, or a second copy


class _Spool:
    """Items kept in order: in memory up to `memory` bytes, then pickled to a temporary file."""

    def __init__(self, memory: int = SPOOL_MEMORY) -> None:
        self._memory = memory
        self._items: list[_Pending | None] = []
        self._size = 0
        self._file: IO[bytes] | None = None
        self._spilled = 0

    def add(self, item: _Pending, size: int) -> None:
        if self._file is None and self._size + size <= self._memory:
            self._items.append(item)
            self._size += size
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled += 1

    def __iter__(self) -> Iterator[_Pending]:
        for number, item in enumerate(self._items):
            self._items[number] = None  # let it go once handed out
            if item is not None:
                yield item
        self._items = []
        if self._file is not None:
            self._file.seek(0)
            for _ in range(self._spilled):
                loaded = pickle.load(self._file)  # our own temporary file
                assert isinstance(loaded, _Pending)
                yield loaded

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()
