"""A tantivy search index: generations, the writer, readers (`arshif.search.engine`).

The directory layout is the Whoosh engine's (`arshif.search.whoosh.indexer`): ``CURRENT``
names the live generation ``gNNNNNN/``, a tantivy index plus ``arshif-index.json`` (the
engine, the analysis version) and the readers' leases (`arshif.search.leases`). A build writes
a new generation beside the live one and swaps ``CURRENT`` (a reader opens either, never a
partial one); add, replace and delete go through tantivy's writer, whose commit is atomic (a
new ``meta.json``), one commit a call. One writer at a time: the archive's writer lock, and
tantivy's own lock in the directory.

The analysis version is kept under ``analysis_version``, not the Whoosh engine's
``schema_version``: the Whoosh engine finds no version in a tantivy index (-1: stale) and
rebuilds it rather than open it, as this engine does with a Whoosh index (it has no
``engine``); switching an archive's engine is a rebuild.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Any

import tantivy

from arshif import __version__
from arshif.errors import IndexStale
from arshif.model import Record
from arshif.processes import bound_allocator, release_free_memory
from arshif.search.fields import SCHEMA_VERSION
from arshif.search.leases import (
    CURRENT,
    Lease,
    current_generation,
    lease_on,
    take,
    tidy,
    write_atomic,
)
from arshif.search.tantivy.reader import TantivyReader
from arshif.search.tantivy.schema import build_schema, tantivy_document
from arshif.search.tantivy.terms import Document
from arshif.search.tantivy.workers import RecordSource, analysed, documents

NAME = "tantivy"
INFO = "arshif-index.json"
#: The layout of the tantivy fields (`arshif.search.tantivy.schema`); bump when it changes.
FORMAT = 2
#: The writer's memory budget (tantivy's heap; it writes a segment when it is full).
HEAP = 96_000_000
#: A build commits its new generation every this many documents, lets tantivy's merges end
#: and takes a new writer (`_build_into`); the generation, not current before the build ends,
#: is seen by no reader meanwhile. tantivy merges segments eight at a time and a merge maps
#: every page of the segments it reads (about 300 MB for eight full heaps of arshif's
#: documents, ~21,000 articles a heap): merges run at a commit, while no heap fills (fewer than
#: eight heaps fill between two commits); the allocator may keep a freed heap's memory (the
#: figures: docs/performance.md, "Scale").
COMMIT_EVERY = 100_000


def _info() -> dict[str, Any]:
    return {
        "engine": NAME,
        "format": FORMAT,
        "analysis_version": SCHEMA_VERSION,
        "arshif": __version__,
    }


def _check(path: Path, generation: Path) -> None:
    try:
        info = json.loads((generation / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexStale(
            f"the search index at {path} has no readable {INFO} ({error}): run `arshif reindex`"
        ) from error
    if info.get("engine") != NAME:
        raise IndexStale(
            f"the search index at {path} is a {info.get('engine', 'whoosh')} index, not a "
            f"{NAME} one: run `arshif reindex`"
        )
    found = (info.get("analysis_version"), info.get("format"))
    if found != (SCHEMA_VERSION, FORMAT):
        raise IndexStale(
            f"the search index at {path} was built with analysis version {found[0]} (format "
            f"{found[1]}), this arshif uses {SCHEMA_VERSION} ({FORMAT}): run `arshif reindex`"
        )


def _open(generation: Path) -> tuple[tantivy.Index, Path | None]:
    """The tantivy index of `generation`, and the shadow folder it was opened through (None:
    opened in place).

    tantivy takes a lock file in the index folder even to read it; where the folder cannot be
    written (a read-only copy of an archive) the index is opened through a temporary folder of
    symbolic links to its files, which holds the lock files instead.
    """
    try:
        index = tantivy.Index.open(str(generation))
    except ValueError:
        if os.access(generation, os.W_OK):
            raise
        shadow = Path(tempfile.mkdtemp(prefix="arshif-tantivy-read-only-"))
        try:
            for entry in generation.iterdir():
                if not entry.name.endswith(".lock"):  # (tantivy's own lock files: fresh ones)
                    (shadow / entry.name).symlink_to(entry)
            index = tantivy.Index.open(str(shadow))
        except BaseException:
            shutil.rmtree(shadow, ignore_errors=True)
            raise
        index.config_reader(reload_policy="manual")
        return index, shadow
    index.config_reader(reload_policy="manual")
    return index, None


def _write(
    writer: tantivy.IndexWriter,
    docs: Iterable[Document],
    on_progress: Callable[[int], None] | None = None,
) -> int:
    count = 0
    for doc in docs:
        writer.add_document(tantivy_document(doc))
        count += 1
        if on_progress is not None and count % 100 == 0:
            on_progress(100)
    if on_progress is not None and count % 100:
        on_progress(count % 100)
    return count


def _build_into(
    index: tantivy.Index,
    docs: Iterable[Document],
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write `docs` into the new generation's `index`, in commits of `COMMIT_EVERY` documents,
    each followed by tantivy's merges (see `COMMIT_EVERY`); how many were written."""
    stream, count = iter(docs), 0
    # The first document before the first writer: the analysis workers are forked then, and a
    # worker forked while a writer is open holds its lock (a `flock` on an inherited file) for
    # as long as it lives, which would refuse the next writer.
    first = next(stream, None)
    stream = chain([] if first is None else [first], stream)
    while True:
        writer = index.writer(HEAP, 1)
        try:
            written = _write(writer, islice(stream, COMMIT_EVERY), on_progress)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        writer.wait_merging_threads()  # (no heap fills while the merges run)
        del writer
        release_free_memory()  # (the writer's heap and the merges' buffers, freed)
        count += written
        if written < COMMIT_EVERY:
            return count


class TantivyIndex:
    """One tantivy index directory (`arshif.search.engine.EngineIndex`)."""

    def __init__(self, path: Path, generation: Path, lease: Lease | None) -> None:
        self.path = path
        self.generation = generation
        self._lease = lease
        self._index, shadow = _open(generation)
        if shadow is not None:  # (removed when this index goes, or at exit)
            weakref.finalize(self, shutil.rmtree, shadow, ignore_errors=True)
        self._reader: tuple[str, TantivyReader] | None = None

    # -- opening and building -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> TantivyIndex:
        """The index at `path`; `IndexStale` if there is none, or one of another engine or
        analysis."""
        path = Path(path)
        generation, lease = take(path)
        if generation is None:
            raise IndexStale(f"no search index at {path}: run `arshif reindex`")
        try:
            _check(path, generation)
            try:
                index = cls(path, generation, lease)
            except Exception as error:  # tantivy's own errors on a damaged index
                raise IndexStale(
                    f"the search index at {path} cannot be read ({error}): run `arshif reindex`"
                ) from error
        except BaseException:
            if lease is not None:
                lease.release()
            raise
        tidy(path)
        return index

    @classmethod
    def build(
        cls,
        path: Path,
        sources: Sequence[RecordSource],
        on_progress: Callable[[int], None] | None = None,
    ) -> TantivyIndex:
        """Index every record of `sources` into a new generation, and make it current
        atomically. Several sources run in a worker process each; a single one is read here
        and its records analysed by a pool of workers (`arshif.search.tantivy.workers`). The
        new generation is committed every `COMMIT_EVERY` documents; it becomes current only
        at the end (a build that fails or is killed leaves the old one current)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        number = 1 + max(
            (int(p.name[1:]) for p in path.glob("g[0-9]*") if p.name[1:].isdigit()), default=0
        )
        staging = Path(tempfile.mkdtemp(dir=path, prefix=".building-"))
        bound_allocator()  # (before tantivy's threads: see its docstring)
        try:
            index = tantivy.Index(build_schema(), str(staging), reuse=False)
            docs = analysed(sources[0]()) if len(sources) == 1 else documents(sources)
            count = _build_into(index, docs, on_progress)
            index.reload()
            held = index.searcher().num_docs
            if held != count:  # never trust a commit blindly
                raise IndexStale(f"the new index holds {held} of {count} records")
            del index
            write_atomic(staging / INFO, json.dumps(_info()) + "\n")
            generation = path / f"g{number:06d}"
            os.replace(staging, generation)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        lease = lease_on(generation)
        write_atomic(path / CURRENT, generation.name + "\n")
        for old in path.iterdir():  # staging folders of builds that were killed
            if old.is_dir() and old.name.startswith(".building-"):
                shutil.rmtree(old, ignore_errors=True)
        tidy(path)
        return cls(path, generation, lease)

    # -- reading ------------------------------------------------------------------------

    def reader(self) -> TantivyReader:
        """A snapshot of the latest commit: the same reader again while no commit came since
        (it stays valid, on its commit, for as long as it is held)."""
        token = self.token()
        if self._reader is None or self._reader[0] != token:
            self._index.reload()
            self._reader = (token, TantivyReader(self._index.searcher(), self._index.schema))
        return self._reader[1]

    def token(self) -> str:
        """A value that changes whenever the index does: the generation, and the identity of
        its ``meta.json`` (each commit writes a new one and renames it into place)."""
        try:
            meta = (self.generation / "meta.json").stat()
        except FileNotFoundError:
            return f"{self.generation.name}:gone"
        return f"{self.generation.name}:{meta.st_ino}:{meta.st_mtime_ns}:{meta.st_size}"

    def is_live(self) -> bool:
        """False once a build by any process made another generation current."""
        return current_generation(self.path) == self.generation

    def doc_count(self) -> int:
        return self.reader().doc_count()

    @staticmethod
    def stored_version(path: Path) -> int | None:
        """The analysis version the index at `path` was built with (None: no index there,
        -1: unreadable, an index of another engine or of another `FORMAT`: all rebuilt)."""
        generation = current_generation(Path(path))
        if generation is None:
            return None
        try:
            info = json.loads((generation / INFO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return -1
        version = info.get("analysis_version")
        ours = info.get("engine") == NAME and info.get("format") == FORMAT
        return version if isinstance(version, int) and ours else -1

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        writer = self._index.writer(HEAP, 1)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # (and gives up tantivy's lock)

    def add(self, records: Iterable[Record]) -> int:
        """Add new records (ids not in the index yet), one commit; returns how many."""
        return self._index_records(records, replace=False)

    def replace(self, records: Iterable[Record]) -> int:
        """Add or replace records by id (an edited, withdrawn or restored record)."""
        return self._index_records(records, replace=True)

    def _index_records(self, records: Iterable[Record], replace: bool) -> int:
        """Index `records` (deleting the documents of their ids first when `replace`), one
        commit; streamed, analysed by worker processes when there are many."""
        with self._writer() as writer:

            def read() -> Iterator[Record]:
                for record in records:
                    if replace:  # (before its new document: tantivy applies them in order)
                        writer.delete_documents_by_term("id", record.id)
                    yield record

            return _write(writer, analysed(read()))

    def add_from(self, sources: Sequence[RecordSource]) -> int:
        """Add the records of `sources` (each analysed by a worker process), one commit."""
        bound_allocator()  # (many records: a large ingest; see `build`)
        with self._writer() as writer:
            return _write(writer, documents(sources))

    def delete(self, ids: Iterable[str]) -> int:
        """Remove records by id, one commit; returns how many documents went."""
        wanted = list(dict.fromkeys(ids))
        reader = self.reader()
        present = [record_id for record_id in wanted if reader.stored(record_id) is not None]
        with self._writer() as writer:
            for record_id in wanted:
                writer.delete_documents_by_term("id", record_id)
        return len(present)

    def close(self) -> None:
        """Drop the reader and give up the lease on the generation (it may be removed from
        then on)."""
        self._reader = None
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def __enter__(self) -> TantivyIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TantivyEngine:
    """The tantivy engine (`arshif.search.engine.Engine`)."""

    name = NAME

    def open(self, path: Path) -> TantivyIndex:
        return TantivyIndex.open(path)

    def build(
        self,
        path: Path,
        sources: Sequence[RecordSource],
        on_progress: Callable[[int], None] | None = None,
    ) -> TantivyIndex:
        return TantivyIndex.build(path, sources, on_progress)

    def stored_version(self, path: Path) -> int | None:
        return TantivyIndex.stored_version(path)


__all__ = ["NAME", "TantivyEngine", "TantivyIndex"]
