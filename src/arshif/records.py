"""Reading many records at once: in worker processes, a bounded window of them at a time.

A reindex reads every record of the archive, and a large ingest reads back the records it
wrote, to index them; parsing TEI is the slow part, so it is spread over worker processes
(`arshif.processes.worker_pool`). Each worker opens the archive itself with `open_archive`
(the facade's class, `arshif.repository.Repository`, given by the caller: this module knows only
that what it opens has a `record` method).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from arshif.config import Settings
from arshif.model import Record

if TYPE_CHECKING:
    from concurrent.futures import Future

#: Records read in the indexing process before worker processes read them (`reindex`).
READ_INLINE = 200
#: Records one worker reads per task, and tasks in flight at a time.
READ_CHUNK, READ_WINDOW = 50, 8


class RecordReader(Protocol):
    def record(self, short_id: str, version: str | None = None) -> Record: ...


#: Opens the archive of some settings for reading (in a worker process).
OpenArchive = Callable[[Settings], RecordReader]


def read_records(
    reader: RecordReader, open_archive: OpenArchive, settings: Settings, short_ids: Sequence[str]
) -> Iterator[Record]:
    """The head records of `short_ids`, in order: read by `reader` when they are few, else by
    worker processes (`read_in_workers`), a bounded window of them at a time, while the caller
    indexes."""
    from arshif.processes import WORKERS

    if len(short_ids) <= READ_INLINE or WORKERS < 2:
        yield from (reader.record(short_id) for short_id in short_ids)
    else:
        yield from read_in_workers(open_archive, settings, short_ids)


def read_in_workers(
    open_archive: OpenArchive, settings: Settings, short_ids: Sequence[str]
) -> Iterator[Record]:
    """The head record of each id, in order, read by worker processes (bounded window)."""
    from arshif.processes import worker_pool

    chunks = (short_ids[i : i + READ_CHUNK] for i in range(0, len(short_ids), READ_CHUNK))
    queue: deque[Future[list[Record]]] = deque()
    pool = worker_pool(_open_reader, open_archive, settings)
    try:
        for chunk in chunks:
            queue.append(pool.submit(_read_records, list(chunk)))
            while len(queue) > READ_WINDOW:
                yield from queue.popleft().result()
        while queue:
            yield from queue.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def shard_records(
    open_archive: OpenArchive, settings: Settings, short_ids: Sequence[str]
) -> Iterator[Record]:
    """The head records of `short_ids`, read by this process (one shard of a reindex)."""
    reader = open_archive(settings)
    return (reader.record(short_id) for short_id in short_ids)


_reader: RecordReader | None = None


def _open_reader(open_archive: OpenArchive, settings: Settings) -> None:
    global _reader
    _reader = open_archive(settings)


def _read_records(short_ids: list[str]) -> list[Record]:
    assert _reader is not None
    return [_reader.record(short_id) for short_id in short_ids]
