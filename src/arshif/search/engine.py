"""The engine boundary: what arshif asks of a search engine (issue 18).

Engine-neutral (in `arshif.search`, never in an engine): analysis (index terms with positions,
`arshif.search.analysis`), the fields and a record's document (`arshif.search.fields`), the
query language parsed to `arshif.search.querytree`, snippets, highlighting, KWIC, what a facet
and a sort order mean (`arshif.search.facets`), "similar" and "did you mean". An engine stores
and ranks: it indexes records' documents (`fields.record_document`; the terms of every text
field are exactly those of its analyzer, `fields.analyzers()`), matches a query tree, sorts,
counts facets, and answers the statistics that similar and suggestions need. Readers never
block and never see half a commit. The rest of arshif never imports an engine package: it
uses `arshif.search.SearchIndex`, which opens an engine by name (`open_engine`).

An engine package (``arshif.search.whoosh``, ``arshif.search.tantivy``) has a module-level
``ENGINE`` object satisfying `Engine`.

Conventions every engine follows:

* one index directory (`EngineIndex.path`) per archive; its layout is the engine's own, but
  the analysis version (`fields.SCHEMA_VERSION`) it was built with must be readable without
  opening the index (`Engine.stored_version`);
* `IndexStale` (arshif.errors) when an index is missing, unreadable or of another analysis
  version: the caller rebuilds it;
* scores are BM25F-like and only compared within one engine; a hit's stored fields are those
  of `fields.STORED`, with the values `fields.record_document` gave;
* the boolean field ``withdrawn`` is matched by ``Term("withdrawn", fields.WITHDRAWN_TERM)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from arshif.archiveconfig import DEFAULT_ENGINE, ENGINES
from arshif.model import Record
from arshif.search.querytree import Node

#: A source of records for a parallel build: called in a worker, yields the records to index.
RecordSource = Callable[[], Iterable[Record]]


@dataclass(frozen=True)
class Found:
    """What a search found: the exact number of matches, one page of (stored fields, score) in
    the order asked for, and the facet counts over every match.

    `facets`: for each facet name asked, every value among the matches with its count, in any
    order (`arshif.search.facets` orders and cuts them); the value is the one
    `facets.facet_value` gives; a record without a value counts under none.
    """

    total: int
    hits: list[tuple[dict[str, Any], float]]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class EngineReader(Protocol):
    """A snapshot of the index (one commit), for as long as it is held."""

    def search(
        self,
        query: Node,
        *,
        mask: Node | None = None,
        limit: int | None = 10,
        offset: int = 0,
        sort: str = "relevance",
        facets: Sequence[str] = (),
    ) -> Found:
        """Documents matching `query` and not `mask`: hits ``offset .. offset+limit`` (`limit`
        None: all of them; 0: none, only the total and the facets) in `sort` order
        (`arshif.search.facets.SORTS`: "relevance" is by score, best first; the others as
        the `arshif.search.facets` docstring says), the exact number of matches, and the
        counts of `facets` (`arshif.search.facets.FACETS`) over every match."""
        ...

    def doc_count(self) -> int:
        """How many documents the snapshot holds (withdrawn records included)."""
        ...

    def doc_frequency(self, field: str, term: str) -> int:
        """How many documents hold the index term `term` in `field`."""
        ...

    def frequency(self, field: str, term: str) -> float:
        """How often `term` occurs in `field` over all documents (the collection frequency);
        an engine that keeps only document counts answers `doc_frequency`."""
        ...

    def terms(self, field: str, prefix: str = "") -> Iterator[tuple[str, int]]:
        """The index terms of `field` starting with `prefix`, in term order, with their
        document counts."""
        ...

    def stored(self, record_id: str) -> dict[str, Any] | None:
        """The stored fields of one record, or None when it is not indexed."""
        ...

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        """The stored fields of every document, one at a time."""
        ...

    def close(self) -> None:
        """Give up the snapshot (its files may go once no reader holds them)."""
        ...


class EngineIndex(Protocol):
    """One index directory of one engine: its writer (one at a time, under the archive's writer
    lock) and its readers. Each of add/replace/delete/add_from is one commit: a reader sees
    all of it or none of it."""

    path: Path

    def reader(self) -> EngineReader:
        """A reader on the latest commit (the same one again while no commit came since:
        the caller does not close it; `close` does)."""
        ...

    def add(self, records: Iterable[Record]) -> int:
        """Add new records (ids not yet in the index); returns how many."""
        ...

    def replace(self, records: Iterable[Record]) -> int:
        """Add or replace records by id; returns how many."""
        ...

    def delete(self, ids: Iterable[str]) -> int:
        """Remove records by id; returns how many documents went."""
        ...

    def add_from(self, sources: Sequence[RecordSource]) -> int:
        """Add the new records of `sources` (each may be analysed in a process of its own);
        returns how many."""
        ...

    def doc_count(self) -> int:
        """How many documents the latest commit holds (cheap: no reader needed)."""
        ...

    def token(self) -> str:
        """A value that changes whenever the index does (a new build or a new commit)."""
        ...

    def is_live(self) -> bool:
        """False once another build (by any process) replaced the one this index opened."""
        ...

    def close(self) -> None:
        """Close the readers; the index is not to be used after this."""
        ...


class Engine(Protocol):
    """An engine: opens and builds its indexes."""

    name: str

    def open(self, path: Path) -> EngineIndex:
        """The index at `path`; `IndexStale` if it is missing, unreadable or from another
        analysis version."""
        ...

    def build(
        self,
        path: Path,
        sources: Sequence[RecordSource],
        on_progress: Callable[[int], None] | None = None,
    ) -> EngineIndex:
        """A complete new index of the records of `sources` at `path`, swapped in atomically
        (whether the index there is missing, current or stale); readers of the old one keep
        reading it. `on_progress(n)` is called as records are indexed, `n` the number indexed
        since the last call."""
        ...

    def stored_version(self, path: Path) -> int | None:
        """The analysis version the index at `path` was built with (None: no index there;
        -1: an index whose version cannot be read)."""
        ...


def open_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine called `name` (its package imported now, not before: tantivy is an extra).

    `UsageError` for a name arshif does not know, or an engine whose package is not installed.
    """
    import importlib

    from arshif.errors import UsageError

    if name not in ENGINES:
        raise UsageError(f"unknown search engine {name!r}; choose from {', '.join(ENGINES)}")
    try:
        module = importlib.import_module(f"arshif.search.{name}")
    except ImportError as error:
        raise UsageError(
            f"the {name} search engine is not installed ({error}): pip install 'arshif[{name}]'"
        ) from error
    engine: Engine = module.ENGINE
    return engine


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Engine",
    "EngineIndex",
    "EngineReader",
    "Found",
    "RecordSource",
    "open_engine",
]
