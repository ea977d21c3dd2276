"""Indexing many records fast: bounded segments, built by several processes at once.

`build_segments` indexes record sources into new segments of an index folder:

* each source (a part of the archive, or of a large ingest) is indexed by a `BulkWriter` into
  segments of at most about `SEGMENT_POSTINGS` postings: memory stays bounded at any size, and
  no segment is ever merged (a merge in Whoosh is posting by posting, the cost `BulkWriter`
  removes);
* the first source is indexed in this process, every other one in a forked child process at
  the same time (on a platform without ``fork`` they are indexed one after the other here);
* a child sends back its segments (small descriptions; the files are in the folder) or its
  exception, which the parent raises once every child has stopped.

The index's table of contents is not touched: the caller names the segments in it, all at
once (`write_first_toc` for a new generation, which `SearchIndex.build` swaps in only then; a
writer's commit for a live index). Until then no reader sees them; the files of segments that
are never named are removed by `SearchIndex.build` (its staging folder) or by Whoosh's next
commit on the live index.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from arshif.model import Record
from arshif.processes import die_with_parent
from arshif.search.engine import RecordSource
from arshif.search.whoosh.bulkwriter import SEGMENT_POSTINGS, BulkWriter
from arshif.search.whoosh.codec import ArshifCodec


class _PrivateTemp(FileStorage):  # type: ignore[misc]
    """An index folder whose writers each get their own temporary folder.

    Whoosh's writer makes ``MAIN.tmp`` and removes it when done; writers working side by side
    in one folder would remove each other's.
    """

    def temp_storage(self, name: str | None = None) -> Any:
        return super().temp_storage(f"{name or 'w'}.{os.getpid()}.{id(self)}.tmp")


def build_segments(
    folder: str,
    sources: Sequence[RecordSource],
    document_of: Callable[[Record], dict[str, Any]],
    on_record: Callable[[], None] | None = None,
) -> tuple[list[Any], int]:
    """Index every record of `sources` into new segments in the index folder `folder`;
    returns the segments and the number of records.

    The index's table of contents is not touched (see the module docstring).
    """
    forking = len(sources) > 1 and "fork" in multiprocessing.get_all_start_methods()
    children = []
    if forking:
        context = multiprocessing.get_context("fork")
        counter = context.Value("q", 0, lock=False)
        for source in sources[1:]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_child,
                args=(os.getpid(), folder, source, document_of, send, counter),
                daemon=True,
            )
            process.start()
            send.close()
            children.append((process, receive))
        here: Sequence[RecordSource] = sources[:1]
    else:
        counter = None
        here = sources
    seen = 0

    def report_children() -> None:
        nonlocal seen
        if on_record is not None and counter is not None:
            done = counter.value
            for _ in range(done - seen):
                on_record()
            seen = done

    def progress() -> None:
        if on_record is not None:
            on_record()
            report_children()

    try:
        segments: list[Any] = []
        count = 0
        for source in here:
            built, indexed = _segments_of(folder, source(), document_of, progress)
            segments += built
            count += indexed
        for process, receive in children:
            outcome = _outcome(process, receive, report_children)
            if isinstance(outcome, BaseException):
                raise outcome
            segments += outcome[0]
            count += outcome[1]
        report_children()
    finally:
        for process, _ in children:
            if process.is_alive():
                process.kill()
            process.join()
    return segments, count


def write_first_toc(staging: str, segments: list[Any]) -> None:
    """Name `segments` in the table of contents of the new index at `staging`."""
    storage = FileStorage(staging)
    schema = storage.open_index().schema
    TOC(schema, segments, 1).write(storage, whoosh_index._DEF_INDEX_NAME)
    clean_files(storage, whoosh_index._DEF_INDEX_NAME, 1, segments)


def _segments_of(
    folder: str,
    records: Iterable[Record],
    document_of: Callable[[Record], dict[str, Any]],
    progress: Callable[[], None],
) -> tuple[list[Any], int]:
    """Index `records` into new segments of `folder` (no table of contents written)."""
    ix = _PrivateTemp(folder).open_index()
    with _fewer_collections():
        return _index_into(ix, records, document_of, progress)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while indexing.

    Indexing makes millions of small lists and tuples that live until the segment is written
    (none in cycles); with Python's default thresholds the collector traverses them again and
    again (about a tenth of the time measured on SaudiNewsNet). Objects from before are moved
    out of its sight (`gc.freeze`) and the first threshold raised, both undone afterwards.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _index_into(
    ix: Any,
    records: Iterable[Record],
    document_of: Callable[[Record], dict[str, Any]],
    progress: Callable[[], None],
) -> tuple[list[Any], int]:
    segments: list[Any] = []
    count = 0
    writer: BulkWriter | None = None
    try:
        for record in records:
            if writer is None:
                writer = BulkWriter(ix, _lk=False, codec=ArshifCodec())
            writer.add_document(**document_of(record))
            count += 1
            progress()
            if writer.postings >= SEGMENT_POSTINGS:
                segments.append(_close(writer))
                writer = None
        if writer is not None:
            segments.append(_close(writer))
            writer = None
    finally:
        if writer is not None and not writer.is_closed:
            writer.cancel()
    return segments, count


def _close(writer: BulkWriter) -> Any:
    """Write the writer's segment's files; the segment, for the table of contents."""
    segment = writer._finalize_segment()
    writer._finish()
    return segment


def _child(
    parent: int,
    folder: str,
    source: RecordSource,
    document_of: Callable[[Record], dict[str, Any]],
    send: Any,
    counter: Any,
) -> None:
    """A child process: index one source, send back ``(segments, count)`` or the exception."""
    die_with_parent(parent)

    def progress() -> None:
        counter.value += 1

    try:
        outcome: Any = _segments_of(folder, source(), document_of, progress)
    except BaseException as error:  # everything goes back to the parent, which raises it
        outcome = error
    try:
        send.send_bytes(pickle.dumps(outcome))
    except Exception as error:  # an exception that does not pickle
        send.send_bytes(pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}")))
    send.close()


def _outcome(process: Any, receive: Any, waiting: Callable[[], None]) -> Any:
    """What a child sent, waiting for it (`waiting` is called every tenth of a second)."""
    while not receive.poll(0.1):
        waiting()
        if not process.is_alive() and not receive.poll(0):
            return RuntimeError(f"an indexing process died (exit code {process.exitcode})")
    try:
        return pickle.loads(receive.recv_bytes())
    except EOFError:
        return RuntimeError(f"an indexing process died (exit code {process.exitcode})")
