"""Analysis in worker processes, feeding the one writer.

The Rust writer indexes fast; arshif's analysis (Python) is most of an index build's time, so
it runs in forked worker processes and this process only turns their documents into tantivy
documents for the writer (whose own thread indexes them meanwhile). Two ways:

* `documents(sources)`: several record sources (parts of the archive, each reading its own
  records, `arshif.search.sharding`) each run in a worker of its own, which reads, analyses
  (`arshif.search.tantivy.terms.document`) and sends back documents in batches;
* `analysed(records)`: records this process reads (a single source: its iteration, and
  whatever it reports on the way, stays here) go to a pool of workers in batches, a bounded
  number at a time, and come back as documents in their order. Fewer than `WORKERS_FROM`
  records are analysed here.

A worker's exception is raised here (once every worker has stopped). On a platform without
``fork`` everything is analysed here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from typing import Any

from arshif.model import Record
from arshif.processes import die_with_parent
from arshif.search.tantivy.terms import Document, document

RecordSource = Callable[[], Iterable[Record]]

#: Documents sent back per message.
BATCH = 64
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
#: Worker processes analysing records read here (one a core, four at most).
PROCESSES = max(1, min(4, _CPUS or 1))
#: Fewer records than this are analysed in this process (forking is not worth it).
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


def _analyse(batch: list[Record]) -> list[Document]:
    return [document(record) for record in batch]


def analysed(records: Iterable[Record]) -> Iterator[Document]:
    """The documents of `records` in their order, analysed by a pool of worker processes
    (iterated here: see the module docstring)."""
    iterator = iter(records)
    first = list(islice(iterator, WORKERS_FROM))
    if len(first) < WORKERS_FROM or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(document, chain(first, iterator))
        return
    context = multiprocessing.get_context("fork")
    everything = chain(first, iterator)
    del first
    with context.Pool(PROCESSES, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        pending: deque[Any] = deque()
        while batch := list(islice(everything, BATCH)):
            pending.append(pool.apply_async(_analyse, (batch,)))
            if len(pending) >= 3 * PROCESSES:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


__all__ = ["PROCESSES", "RecordSource", "analysed", "documents"]
