"""The ingest pipeline: captures → prepared records → objects in the store → the index.

`run_ingest` is the body of `arshif.repository.Repository.ingest`. All captures are prepared
(decoded, extracted, checked: `arshif.ingest.prepare`) before anything is written; past the
first `PREPARE_INLINE` of them, in worker processes (`arshif.processes.worker_pool`). Prepared
records wait in a spool (memory, then a temporary file), so that memory stays bounded whatever
the number of captures; then they are written in batches, each one store write, and indexed.

The pipeline knows the archive it writes to only through an `IngestTarget`: the store, reading
a record, the writer lock and the index (the facade makes one of itself).
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Literal, TypeAlias

from arshif.ingest.nearduplicates import NearDuplicateCheck, NewProfiles
from arshif.ingest.prepare import (
    CaptureRequest,
    CapturesRefused,
    PreparedRecord,
    Refusal,
    prepare_record_or_refusal,
    short_id_for,
)
from arshif.model import Record, User, object_id_for

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from arshif.search.engine import RecordSource
    from arshif.store import StorageRoot

#: The most new objects written in one store batch during ingest. The first
#: `INGEST_SINGLES` objects of a run are written one by one, then batches grow 2, 4, 8 …:
#: small inputs and the first outcomes are reported at once, large ones go fast.
INGEST_BATCH = 500
INGEST_SINGLES = 16
#: An ingest of more new records than this indexes them at its end, by worker processes
#: reading them from a temporary file of the records written (`IngestTarget.index_written`:
#: large segments, bounded memory; the records are not parsed back from the archive); a
#: smaller one indexes the records it holds, in one commit.
INDEX_BATCH = 1000
#: Bytes of prepared records a spool keeps in memory before it spills to a temporary file.
SPOOL_MEMORY = 64 * 2**20
#: Captures prepared in the ingesting process before worker processes are started.
PREPARE_INLINE = 32
#: Captures in flight (being prepared, or prepared and waiting their turn) at a time.
PREPARE_WINDOW = 256

_Job: TypeAlias = "PreparedRecord | Refusal | Future[PreparedRecord | Refusal] | None"


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
    """What an ingest did: one outcome per capture, and the near-duplicate check of the
    records added (`arshif.ingest.nearduplicates`)."""

    outcomes: list[IngestOutcome] = field(default_factory=list)
    #: short id → near-duplicate profile of each record added (`arshif.curation.fingerprints`;
    #: past a few, kept in a temporary file, closed once `Repository.ingest` has used them)
    profiles: NewProfiles = field(default_factory=NewProfiles)
    #: the near-duplicates of the records added, or why they were not looked for
    near_duplicates: NearDuplicateCheck = field(default_factory=NearDuplicateCheck)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def added(self) -> list[str]:
        """The ids of the records added, in input order."""
        return [o.id for o in self.outcomes if o.status == "added" and o.id]

    @property
    def added_bytes(self) -> int:
        """The bytes of the captures added."""
        return sum(o.size or 0 for o in self.outcomes if o.status == "added")


@dataclass(frozen=True)
class IngestTarget:
    """The archive an ingest writes to, as the pipeline uses it."""

    store: StorageRoot
    #: the head record of a short id
    record: Callable[[str], Record]
    #: the archive's writer lock (every write happens inside it)
    writing: Callable[[], AbstractContextManager[None]]
    #: under the lock, before writing: the index built when missing, caught up when behind
    open_index: Callable[[], object]
    #: index new records held in memory (a small ingest), in one commit
    index_records: Callable[[Sequence[Record]], None]
    #: index new records (a large ingest), each part of their ids read by the source the
    #: second argument makes of it (in a worker process)
    index_written: Callable[[Sequence[str], Callable[[Sequence[str]], RecordSource]], None]


def run_ingest(
    target: IngestTarget,
    requests: Iterable[CaptureRequest | Refusal],
    user: User,
    *,
    limit: int,
    skip_bad: bool = False,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest captures into `target` (see `arshif.repository.Repository.ingest`); the
    summary's `near_duplicates` are left for the facade to fill."""
    from arshif.store.inventory import now_rfc3339

    summary = IngestSummary()
    when = now_rfc3339()
    refusals: list[Refusal] = []
    with _Spool() as spool, _KeptRecords() as kept, _closed_on_error(summary.profiles):
        for name, short, size, ready in _prepared_records(target, requests, user, when, limit):
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
        with target.writing():
            target.store.recover()
            target.open_index()
            window: list[IngestOutcome] = []
            batch: dict[str, PreparedRecord] = {}
            written: list[Record] = []  # past INDEX_BATCH: kept in a file, indexed at the end
            added = 0
            size = 1  # objects in the next store batch (see INGEST_BATCH)
            for item in spool:
                window.append(_outcome(target, item, batch))
                if len(batch) >= size or len(window) >= 4 * INGEST_BATCH:
                    added += len(batch)
                    written += _write_batch(target, batch, user, window, summary, on_outcome)
                    size = 1 if added < INGEST_SINGLES else min(2 * size, INGEST_BATCH)
                if len(written) >= INDEX_BATCH:
                    kept.extend(written)
                    written.clear()
            written += _write_batch(target, batch, user, window, summary, on_outcome)
            if kept.ids:
                kept.extend(written)
                target.index_written(kept.ids, kept.source)
            elif written:
                target.index_records(written)
    return summary


def _prepared_records(
    target: IngestTarget,
    requests: Iterable[CaptureRequest | Refusal],
    user: User,
    when: str,
    limit: int,
) -> Iterator[tuple[str | None, str, int, PreparedRecord | Refusal | None]]:
    """``(name, short id, size, prepared)`` for each request, in order.

    `prepared` is the record, the `Refusal` of the capture, or None for a capture already
    in the archive or earlier in `requests` (a copy of a capture refused earlier is
    prepared itself: its own line may hold what the first lacked, and is refused under its
    own name). Past the first `PREPARE_INLINE` captures, they are prepared in worker
    processes (`arshif.processes.WORKERS`: decoding and extraction are pure functions of the
    capture), a bounded window of them at a time.
    """
    from concurrent.futures import Future

    from arshif.processes import WORKERS, is_done, worker_pool

    seen: set[str] = set()
    refused: set[str] = set()
    queue: deque[tuple[str | None, str, int, _Job, CaptureRequest | None]] = deque()
    pool: ProcessPoolExecutor | None = None

    def resolved() -> tuple[str | None, str, int, PreparedRecord | Refusal | None]:
        name, short, size, job, request = queue.popleft()
        ready = job.result() if isinstance(job, Future) else job
        if ready is None and request is not None and short in refused:
            ready = prepare_record_or_refusal(request, user, when, limit)
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
            elif not target.store.has_object(object_id_for(short)):
                seen.add(short)
                if pool is None and len(seen) > PREPARE_INLINE and WORKERS > 1:
                    pool = worker_pool()
                if pool is None:
                    job = prepare_record_or_refusal(request, user, when, limit)
                else:
                    job = pool.submit(prepare_record_or_refusal, request, user, when, limit)
            copy = request if short in seen and job is None else None
            queue.append((request.name, short, size, job, copy))
            while queue and (len(queue) > PREPARE_WINDOW or is_done(queue[0][3])):
                yield resolved()
        while queue:
            yield resolved()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _outcome(
    target: IngestTarget, item: _Pending, batch: dict[str, PreparedRecord]
) -> IngestOutcome:
    """The outcome of one spooled capture; a new record joins `batch` (to be written)."""
    oid = object_id_for(item.short)
    if item.ready is None or item.short in batch or target.store.has_object(oid):
        if item.short in batch:
            known: Record | None = batch[item.short].record
        else:
            known = target.record(item.short) if target.store.has_object(oid) else None
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
    target: IngestTarget,
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
    for short, ready in batch.items():
        if ready.profile is not None:
            summary.profiles.add(short, ready.profile)
    if batch:
        target.store.create_objects(
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


@contextlib.contextmanager
def _closed_on_error(profiles: NewProfiles) -> Iterator[None]:
    """`profiles` closed if the ingest fails (else the facade closes them after its check)."""
    try:
        yield
    except BaseException:
        profiles.close()
        raise


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


class _KeptRecords:
    """Records written by a large ingest, pickled to a temporary file until they are indexed.

    `source(ids)` reads some of them back (`os.pread` on the file, which forked worker
    processes inherit), in the order of `ids`: what the index gets is the very record
    written, without parsing its TEI back from the archive.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._where: dict[str, tuple[int, int]] = {}  # id -> (offset, length)
        self._file: IO[bytes] | None = None
        self._end = 0

    def extend(self, records: Iterable[Record]) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__
        for record in records:
            data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
            self._file.write(data)
            self._where[record.id] = (self._end, len(data))
            self.ids.append(record.id)
            self._end += len(data)

    def source(self, ids: Sequence[str]) -> RecordSource:
        """The records `ids` (each kept here), read where the source is called."""
        assert self._file is not None
        self._file.flush()
        return functools.partial(_read_kept, self._file.fileno(), [self._where[i] for i in ids])

    def __enter__(self) -> _KeptRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()


def _read_kept(fd: int, places: Sequence[tuple[int, int]]) -> Iterator[Record]:
    for offset, length in places:
        record = pickle.loads(os.pread(fd, length, offset))  # our own temporary file
        assert isinstance(record, Record)
        yield record
