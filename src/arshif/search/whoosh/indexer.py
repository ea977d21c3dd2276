"""The Whoosh engine's index: Whoosh segments built from records, kept in swappable generations.

Layout of an index directory (the archive's ``<index dir>/whoosh/``)::

    CURRENT              the name of the live generation, e.g. "g000003" (replaced atomically)
    g000003/             a Whoosh index + arshif-index.json {"engine", "schema_version", ...}
                         + READERS (the readers' leases, `arshif.search.leases`)
    g000002/             an older generation, while a reader that opened it before the swap
                         still holds it (removed at the next open or build once none does)

"generation" means only such a folder. Segments are written with
`arshif.search.whoosh.codec.ArshifCodec` by `arshif.search.whoosh.bulkwriter.BulkWriter` (and
built side by side by several processes, `arshif.search.whoosh.segments`). `WhooshIndex.build`
writes a complete new generation in a fresh directory, then points ``CURRENT`` at it with one
``os.replace``: a reader opens either the old index or the new one, never a partial one.
`add`/`replace`/`delete`/`add_from` commit through a `BulkWriter` (Whoosh's table of contents
makes each commit atomic).

The analysis version (`arshif.search.fields.SCHEMA_VERSION`) is stored in ``arshif-index.json``
beside the Whoosh files rather than inside them, so a stale index is recognised without
unpickling its schema (whose classes may have changed).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from arshif import __version__
from arshif.errors import IndexStale
from arshif.model import Record
from arshif.search.engine import RecordSource
from arshif.search.fields import SCHEMA_VERSION, record_document
from arshif.search.leases import (
    CURRENT,
    Lease,
    current_generation,
    lease_on,
    take,
    tidy,
    write_atomic,
)
from arshif.search.sharding import shards
from arshif.search.whoosh.codec import ArshifCodec, read_through_maps
from arshif.search.whoosh.reader import WhooshReader
from arshif.search.whoosh.schema import build_schema
from arshif.search.whoosh.scoring import FastBM25F

#: Records `WhooshIndex.add`/`replace` hold in memory at a time.
CHUNK = 4000
INFO = "arshif-index.json"


def _read_info(generation: Path) -> dict[str, Any]:
    try:
        info: dict[str, Any] = json.loads((generation / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexStale(
            f"the search index at {generation} has no readable {INFO} ({error}): "
            "run `arshif reindex`"
        ) from error
    return info


def _generation(path: Path) -> Path | None:
    return current_generation(path)


def _current_info(path: Path) -> tuple[Path, dict[str, Any]] | None:
    """The current generation and its info, read again if a swap removed the generation
    between reading CURRENT and its info."""
    while True:
        generation = _generation(path)
        if generation is None:
            return None
        try:
            return generation, _read_info(generation)
        except IndexStale:
            if _generation(path) == generation:
                raise


def _doc_count(ix: Any) -> int:
    """The live documents of a Whoosh index, from its table of contents.

    (Whoosh's own `doc_count` opens a reader on every segment, which maps and reads their
    files: some 300 MB of resident memory for a 31,000-article index.)
    """
    return sum(int(segment.doc_count()) for segment in ix._segments())


def _with_segments(built: list[Any], writer: IndexWriter, segments: list[Any]) -> list[Any]:
    """Whoosh's default merge policy (small segments merged into the writer's), with the
    segments `built` by other processes added as they are."""
    from whoosh.writing import MERGE_SMALL

    return [*MERGE_SMALL(writer, segments), *built]


class WhooshIndex:
    """One Whoosh index directory (see the module docstring for its layout)."""

    def __init__(self, path: Path, generation: Path, ix: Any, lease: Lease | None = None) -> None:
        self.path = path
        self.generation = generation
        self._ix = ix
        self._lease = lease  #: held while open: the generation is not removed under it
        self._reader: WhooshReader | None = None

    # -- opening ------------------------------------------------------------------------

    @staticmethod
    def stored_version(path: Path) -> int | None:
        """The analysis version the index at `path` was built with (None: no index there)."""
        found = _current_info(Path(path))
        if found is None:
            return None
        version = found[1].get("schema_version")
        return version if isinstance(version, int) else -1

    @classmethod
    def open(cls, path: Path) -> WhooshIndex:
        """Open the index at `path`; `IndexStale` if it is missing or from another analysis."""
        path = Path(path)
        read_through_maps()
        generation, lease = take(path)
        if generation is None:
            raise IndexStale(f"no search index at {path}: run `arshif reindex`")
        try:
            version = _read_info(generation).get("schema_version")
            if version != SCHEMA_VERSION:
                raise IndexStale(
                    f"the search index at {path} was built with analysis version {version}, "
                    f"this arshif uses {SCHEMA_VERSION}: run `arshif reindex`"
                )
            try:
                ix = whoosh_index.open_dir(str(generation))
                ix.schema  # noqa: B018 - unpickles the schema now, not at the first search
            except Exception as error:  # a damaged TOC or a schema pickled by other classes
                raise IndexStale(
                    f"the search index at {path} cannot be read ({type(error).__name__}: "
                    f"{error}): run `arshif reindex`"
                ) from error
        except BaseException:
            if lease is not None:
                lease.release()
            raise
        tidy(path)
        return cls(path, generation, ix, lease)

    @classmethod
    def build(
        cls,
        path: Path,
        sources: Sequence[RecordSource],
        on_progress: Callable[[int], None] | None = None,
    ) -> WhooshIndex:
        """Index the records of `sources` into a new generation and make it current
        atomically.

        The sources are indexed side by side, each in its own process (the first in this one;
        see `arshif.search.whoosh.segments`), each into segments of bounded size. Works whether
        the index at `path` is missing, current or stale.
        """
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        read_through_maps()
        number = 1 + max(
            (int(p.name[1:]) for p in path.glob("g[0-9]*") if p.name[1:].isdigit()), default=0
        )
        staging = Path(tempfile.mkdtemp(dir=path, prefix=".building-"))
        on_record = None if on_progress is None else functools.partial(on_progress, 1)
        try:
            from arshif.search.whoosh.segments import build_segments, write_first_toc

            whoosh_index.create_in(str(staging), build_schema())
            sources = list(sources) or [lambda: ()]
            segments, count = build_segments(str(staging), sources, record_document, on_record)
            write_first_toc(str(staging), segments)
            ix = whoosh_index.open_dir(str(staging))
            held = _doc_count(ix)
            if held != count:  # never trust a commit blindly
                raise IndexStale(f"the new index holds {held} of {count} records")
            info = {"engine": "whoosh", "schema_version": SCHEMA_VERSION, "arshif": __version__}
            write_atomic(staging / INFO, json.dumps(info) + "\n")
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
        tidy(path)  # the generations before it that no reader holds
        return cls(path, generation, whoosh_index.open_dir(str(generation)), lease)

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def _writer(self) -> Iterator[IndexWriter]:
        from arshif.search.whoosh.bulkwriter import BulkWriter  # (numpy: only when writing)

        writer = BulkWriter(self._ix, codec=ArshifCodec())
        try:
            yield writer
            writer.commit()
        except BaseException:
            if not writer.is_closed:  # (a failed commit too: its lock is released)
                writer.cancel()
            raise

    def add(self, records: Iterable[Record]) -> int:
        """Add new records (ids not yet in the index); returns how many."""
        return self._index(records, replace=False)

    def replace(self, records: Iterable[Record]) -> int:
        """Add or replace records by id (an edited, withdrawn or restored record)."""
        return self._index(records, replace=True)

    def add_from(self, sources: Sequence[RecordSource]) -> int:
        """Add the new records of `sources`, each source indexed by its own process (the
        first by this one) into segments of its own, named in the index by one commit."""
        from arshif.search.whoosh.segments import build_segments

        with self._writer() as writer:
            built, count = build_segments(str(self.generation), sources, record_document)
            writer.mergetype = functools.partial(_with_segments, built)
        return count

    def _index(self, records: Iterable[Record], replace: bool) -> int:
        """Index `records` (replacing the documents of their ids when `replace`), all named
        in the index by one commit.

        The records are taken `CHUNK` at a time (memory stays bounded whatever their number);
        a chunk of many is indexed by several processes at once, each into segments of its
        own (`arshif.search.whoosh.segments`), a smaller one by this process's writer.
        """
        from itertools import islice

        from arshif.search.whoosh.segments import build_segments

        iterator = iter(records)
        built: list[Any] = []
        count = 0
        with self._writer() as writer:
            while chunk := list(islice(iterator, CHUNK)):
                parts = shards(chunk)
                if len(parts) < 2:
                    for record in chunk:
                        if replace:
                            writer.update_document(**record_document(record))
                        else:
                            writer.add_document(**record_document(record))
                    count += len(chunk)
                    continue
                if replace:
                    for record in chunk:
                        writer.delete_by_term("id", record.id)
                sources = [functools.partial(iter, part) for part in parts]
                del chunk, parts  # (the sources hold the records)
                segments, indexed = build_segments(str(self.generation), sources, record_document)
                built += segments
                count += indexed
            writer.mergetype = functools.partial(_with_segments, built)
        return count

    def delete(self, ids: Iterable[str]) -> int:
        """Remove records by short id; returns how many documents went."""
        with self._writer() as writer:
            return sum(writer.delete_by_term("id", record_id) for record_id in ids)

    # -- reading ------------------------------------------------------------------------

    def reader(self) -> WhooshReader:
        """A reader on the latest commit (kept open, reopened after a new commit).

        Not Whoosh's `Searcher.refresh`: it reuses the readers of segments it had open, and
        appends the old segments to the new ones, so a record replaced or deleted since (an
        edit, a withdrawal) was still found in its old segment by a long-lived reader such as
        `arshif serve`. A reader of an index without segments (a new archive) is reopened
        the same way (Whoosh's `refresh` iterates its `segments()`, None there).
        """
        if self._reader is not None and not self._reader.up_to_date():
            self._reader.close()
            self._reader = None
        if self._reader is None:
            self._reader = WhooshReader(self._ix.searcher(weighting=FastBM25F()))
        return self._reader

    def doc_count(self) -> int:
        return _doc_count(self._ix)

    def is_live(self) -> bool:
        """False once another generation replaced this one (a build by any process)."""
        return _generation(self.path) == self.generation

    def token(self) -> str:
        """A value that changes whenever the index does (a new generation or a new commit)."""
        return f"{self.generation.name}:{self._ix.latest_generation()}"

    def close(self) -> None:
        """Close the reader and give up the lease on the generation
        (`arshif.search.leases`): it may be removed from then on."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._lease is not None:
            self._lease.release()
            self._lease = None


class WhooshEngine:
    """The Whoosh engine (`arshif.search.engine.Engine`)."""

    name = "whoosh"

    def open(self, path: Path) -> WhooshIndex:
        return WhooshIndex.open(path)

    def build(
        self,
        path: Path,
        sources: Sequence[RecordSource],
        on_progress: Callable[[int], None] | None = None,
    ) -> WhooshIndex:
        return WhooshIndex.build(path, sources, on_progress)

    def stored_version(self, path: Path) -> int | None:
        return WhooshIndex.stored_version(path)


__all__ = ["CHUNK", "CURRENT", "INFO", "WhooshEngine", "WhooshIndex"]
