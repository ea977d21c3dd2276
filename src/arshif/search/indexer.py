"""The search index: Whoosh documents built from records, kept in swappable generations.

Layout of an index directory (e.g. ``<root>/indexes/search/``)::

    CURRENT              the name of the live generation, e.g. "g000003" (replaced atomically)
    g000003/             a Whoosh index + arshif-index.json {"schema_version": N, ...}
                         + READERS (the readers' leases, `arshif.search.leases`)
    g000002/             an older generation, while a reader that opened it before the swap
                         still holds it (removed at the next open or build once none does)

Segments are written with `arshif.search.codec.ArshifCodec` (Whoosh's W3 format, written
faster; any W3 reader reads it). `rebuild` writes a complete new generation in a fresh
directory, then points ``CURRENT`` at it with one ``os.replace``: a reader opens either the old
index or the new one, never a partial one. `add`/`replace`/`delete` go through Whoosh's own
writer (its TOC makes each commit atomic).

The analysis version (`arshif.search.schema.SCHEMA_VERSION`) is stored in
``arshif-index.json`` beside the Whoosh files rather than inside them, so a stale index is
recognised without unpickling its schema (whose classes may have changed).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from arshif import __version__
from arshif.errors import IndexStale
from arshif.model import Record
from arshif.search.codec import ArshifCodec
from arshif.search.leases import CURRENT, Lease, current_generation, lease_on, remove_unused, take
from arshif.search.schema import SCHEMA_VERSION, build_schema, stem_lang
from arshif.search.scoring import FastBM25F

if TYPE_CHECKING:
    from arshif.search.generation import RecordSource
    from arshif.search.searcher import SearchResults, TextOf

#: Records `SearchIndex.add`/`replace` hold in memory at a time.
CHUNK = 4000
INFO = "arshif-index.json"
_PERSIAN_ONLY = frozenset("پچژگکی\u200c")


def guess_lang(text: str) -> str:
    """ "fa" when the text has Persian-only letters (پ چ ژ گ ک ی, ZWNJ) in some number, else "ar".

    Only for records whose language is not recorded; ingest normally records it.
    """
    sample = text[:4000]
    persian = sum(1 for c in sample if c in _PERSIAN_ONLY)
    return "fa" if persian >= max(2, len(sample) // 400) else "ar"


def record_document(record: Record) -> dict[str, Any]:
    """The Whoosh document of a record (None values left out, as Whoosh wants)."""
    meta = record.metadata
    text = record.text
    lang = (meta.lang or guess_lang((meta.title or "") + "\n" + text)).lower()
    key = stem_lang(lang)
    doc: dict[str, Any] = {
        "id": record.id,
        "lang": lang,
        f"body_{key}": text,
        "body_exact": text,
        "withdrawn": record.withdrawn is not None,
    }
    if meta.title:
        doc.update({"title": meta.title, f"title_{key}": meta.title, "title_exact": meta.title})
    if meta.outlet:
        doc.update({"outlet": meta.outlet, "outlet_text": meta.outlet})
    optional = {"source_id": meta.source_id, "author": meta.author, "published": meta.published}
    doc.update({name: value for name, value in optional.items() if value})
    if record.changes:
        doc["version"] = record.changes[-1].version
    identifiers = [value for value in (meta.source_id, meta.news_code) if value]
    if identifiers:
        doc["ident"] = "\n".join(" ".join(value.split()) for value in identifiers)
    if meta.tags:
        doc["tag"] = ",".join(tag.replace(",", " ") for tag in meta.tags)
    return doc


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


def _tidy(path: Path) -> None:
    """Remove the generations no reader holds any more (best effort: a read-only index)."""
    with suppress(OSError):
        remove_unused(path)


def _write_atomic(target: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
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


class SearchIndex:
    """One arshif search index directory (see the module docstring for its layout)."""

    def __init__(self, path: Path, generation: Path, ix: Any, lease: Lease | None = None) -> None:
        self.path = path
        self.generation = generation
        self._ix = ix
        self._lease = lease  #: held while open: the generation is not removed under it
        self._searcher: Searcher | None = None

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
    def open(cls, path: Path) -> SearchIndex:
        """Open the index at `path`; `IndexStale` if it is missing or from another analysis."""
        path = Path(path)
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
        _tidy(path)
        return cls(path, generation, ix, lease)

    @classmethod
    def open_or_create(cls, path: Path) -> SearchIndex:
        """Open the index at `path`, creating an empty one if there is none.

        A stale index raises `IndexStale`; build a new one with `SearchIndex.build`.
        """
        path = Path(path)
        if _generation(path) is None:
            return cls.build(path, ())
        return cls.open(path)

    @classmethod
    def create_or_replace(cls, path: Path, records: Iterable[Record]) -> SearchIndex:
        """`build`: a fresh index of `records` at `path`, swapped in atomically."""
        return cls.build(path, records)

    @classmethod
    def build(
        cls,
        path: Path,
        records: Iterable[Record] = (),
        *,
        shards: Sequence[RecordSource] = (),
        on_record: Callable[[], None] | None = None,
    ) -> SearchIndex:
        """Index `records`, or the records of `shards`, into a new generation and make it
        current atomically.

        `shards` are indexed side by side, each in its own process (the first in this one; see
        `arshif.search.generation`), each into segments of bounded size. Works whether the
        index at `path` is missing, current or stale.
        """
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        number = 1 + max(
            (int(p.name[1:]) for p in path.glob("g[0-9]*") if p.name[1:].isdigit()), default=0
        )
        staging = Path(tempfile.mkdtemp(dir=path, prefix=".building-"))
        try:
            from arshif.search.generation import build_segments, write_first_toc

            whoosh_index.create_in(str(staging), build_schema())
            sources = list(shards) or [lambda: records]
            segments, count = build_segments(str(staging), sources, record_document, on_record)
            write_first_toc(str(staging), segments)
            ix = whoosh_index.open_dir(str(staging))
            held = _doc_count(ix)
            if held != count:  # never trust a commit blindly
                raise IndexStale(f"the new index holds {held} of {count} records")
            info = {"schema_version": SCHEMA_VERSION, "arshif": __version__}
            _write_atomic(staging / INFO, json.dumps(info) + "\n")
            generation = path / f"g{number:06d}"
            os.replace(staging, generation)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        lease = lease_on(generation)
        _write_atomic(path / CURRENT, generation.name + "\n")
        for old in path.iterdir():  # staging folders of builds that were killed
            if old.is_dir() and old.name.startswith(".building-"):
                shutil.rmtree(old, ignore_errors=True)
        _tidy(path)  # the generations before it that no reader holds
        return cls(path, generation, whoosh_index.open_dir(str(generation)), lease)

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def _writer(self) -> Iterator[IndexWriter]:
        from arshif.search.bulkwriter import BulkWriter  # (numpy: only when writing)

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
        from arshif.search.generation import build_segments

        with self._writer() as writer:
            built, count = build_segments(str(self.generation), sources, record_document)
            writer.mergetype = functools.partial(_with_segments, built)
        return count

    def _index(self, records: Iterable[Record], replace: bool) -> int:
        """Index `records` (replacing the documents of their ids when `replace`), all named
        in the index by one commit.

        The records are taken `CHUNK` at a time (memory stays bounded whatever their number);
        a chunk of many is indexed by several processes at once, each into segments of its
        own (`arshif.search.generation`), a smaller one by this process's writer.
        """
        from itertools import islice

        from arshif.search.generation import build_segments, shards

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

    def rebuild(self, records: Iterable[Record]) -> None:
        """Replace the whole index with `records`, atomically (see `build`)."""
        self.close()
        fresh = SearchIndex.build(self.path, records)
        self.generation, self._ix = fresh.generation, fresh._ix
        self._lease, fresh._lease = fresh._lease, None

    # -- reading ------------------------------------------------------------------------

    def searcher(self) -> Searcher:
        """A Whoosh searcher on the latest commit (kept open, reopened after a new commit).

        Not Whoosh's `Searcher.refresh`: it reuses the readers of segments it had open, and
        appends the old segments to the new ones, so a record replaced or deleted since (an
        edit, a withdrawal) was still found in its old segment by a long-lived reader such as
        `arshif serve`. A reader of an index without segments (a new archive) is reopened
        the same way (Whoosh's `refresh` iterates its `segments()`, None there).
        """
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=FastBM25F())
        return self._searcher

    @property
    def schema(self) -> Any:
        """The index's schema (read once: Whoosh reads and unpickles its TOC at every ask)."""
        cached = self.__dict__.get("_schema")
        if cached is None or cached[0] is not self._ix:
            cached = self.__dict__["_schema"] = (self._ix, self._ix.schema)
        return cached[1]

    def doc_count(self) -> int:
        return _doc_count(self._ix)

    def is_live(self) -> bool:
        """False once another generation replaced this one (a `rebuild` by any process)."""
        return _generation(self.path) == self.generation

    def token(self) -> str:
        """A value that changes whenever the index does (a new generation or a new commit)."""
        return f"{self.generation.name}:{self._ix.latest_generation()}"

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        """The stored fields of every record in the index, one at a time."""
        with self._ix.reader() as reader:
            yield from reader.all_stored_fields()

    def ids(self) -> list[str]:
        """The short ids of every indexed record, sorted."""
        return sorted(self.versions())

    def versions(self) -> dict[str, str | None]:
        """Short id → the record version indexed ("v3"; None when the record had no history)."""
        with self._ix.reader() as reader:
            return {f["id"]: f.get("version") for f in reader.all_stored_fields()}

    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        exact: bool = False,
        include_withdrawn: bool = False,
        text_of: TextOf | None = None,
    ) -> SearchResults:
        """`arshif.search.searcher.search` on this index."""
        from arshif.search.searcher import search

        return search(self, query, limit, offset, exact, include_withdrawn, text_of)

    def close(self) -> None:
        """Close the searcher and give up the lease on the generation (`arshif.search.leases`):
        it may be removed from then on, so the index is not to be read after this."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
