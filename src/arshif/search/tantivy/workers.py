"""Analysis in worker processes, feeding the one writer.

The Rust writer indexes fast; arshif's analysis (Python) is most of an index build's time.
`documents` runs each record source in a forked worker process that reads its records,
analyses them (`arshif.search.tantivy.terms.document`) and sends the documents back in
batches through a pipe; this process only turns them into tantivy documents for the writer
(whose own threads index them meanwhile). A worker's exception is raised here once every
worker has stopped. On a platform without ``fork`` the sources are analysed here, one after
the other.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from arshif.model import Record
from arshif.processes import die_with_parent
from arshif.search.tantivy.terms import Document, document

RecordSource = Callable[[], Iterable[Record]]

#: Documents sent back per message.
BATCH = 64
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
#: Worker processes a build uses for records held in memory (one a core, four at most).
PROCESSES = max(1, min(4, _CPUS or 1))
#: Fewer records than this are analysed in this process (a fork is not worth it).
WORKERS_FROM = 200


def _work(parent: int, source: RecordSource, send: Connection) -> None:
    die_with_parent(parent)
    try:
        batch: list[Document] = []
        for record in source():
            batch.append(document(record))
            if len(batch) >= BATCH:
                send.send(("documents", batch))
                batch = []
        if batch:
            send.send(("documents", batch))
        send.send(("done", None))
    except BaseException as error:  # sent to the parent, which raises it
        try:
            send.send(("error", error))
        except Exception:  # an exception that does not pickle
            send.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        send.close()


def documents(sources: Sequence[RecordSource]) -> Iterator[Document]:
    """The documents of every record of `sources`, each source analysed by its own worker
    process (in no particular order between sources)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        for source in sources:
            yield from map(document, source())
        return
    context = multiprocessing.get_context("fork")
    workers: dict[Connection, Any] = {}
    try:
        for source in sources:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_work, args=(os.getpid(), source, send), daemon=True)
            process.start()
            send.close()
            workers[receive] = process
        failure: BaseException | None = None
        while workers:
            for ready in wait(list(workers)):
                receive = ready  # type: ignore[assignment]
                try:
                    kind, payload = receive.recv()
                except EOFError:
                    kind, payload = "error", RuntimeError("an indexing worker died")
                if kind == "documents":
                    if failure is None:
                        yield from payload
                    continue
                if kind == "error" and failure is None:
                    failure = payload
                workers.pop(receive).join()
                receive.close()
        if failure is not None:
            raise failure
    finally:
        for receive, process in workers.items():
            process.kill()
            process.join()
            receive.close()


def record_sources(records: list[Record]) -> list[RecordSource]:
    """`records` split into one source a worker process (none: analyse them here)."""
    if len(records) < WORKERS_FROM:
        return []
    parts = [records[i::PROCESSES] for i in range(PROCESSES)]
    return [functools.partial(iter, part) for part in parts if part]


__all__ = ["PROCESSES", "RecordSource", "documents", "record_sources"]
