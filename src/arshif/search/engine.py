"""The engine boundary: what arshif asks of a search engine (DRAFT of issue 18, to be finished
by the engine-boundary work; the tantivy engine implements it too).

Engine-neutral (in `arshif.search`, never in an engine): analysis (index terms with positions),
the query language parsed to `arshif.search.querytree`, snippets, highlighting, KWIC, what a
facet means, "similar" and "did you mean". An engine stores and ranks: it indexes records'
documents (`arshif.search` gives it the analysed terms), matches a query tree, counts facets,
and answers the statistics that similar and suggestions need. Readers never block and never see
half a commit. The rest of arshif never imports an engine package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from arshif.model import Record
from arshif.search.querytree import Node

#: A source of records for a parallel build: called in a worker, yields the records to index.
RecordSource = Callable[[], Iterable[Record]]


@dataclass(frozen=True)
class Found:
    """What a search found: the exact number of matches, one page of (stored fields, score) in
    the order asked for, and the facet counts over every match."""

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
        """Documents matching `query` and not `mask`; `limit` None: all of them."""
        ...

    def doc_count(self) -> int: ...

    def doc_frequency(self, field: str, term: str) -> int:
        """How many documents hold the index term `term` in `field`."""
        ...

    def terms(self, field: str, prefix: str = "") -> Iterator[tuple[str, int]]:
        """The index terms of `field` starting with `prefix`, with their document counts."""
        ...

    def stored(self, record_id: str) -> dict[str, Any] | None:
        """The stored fields of one record, or None when it is not indexed."""
        ...

    def stored_documents(self) -> Iterator[dict[str, Any]]: ...


class EngineIndex(Protocol):
    """One index directory of one engine: its writer (one at a time, under the archive's writer
    lock) and its readers."""

    path: Path

    def reader(self) -> EngineReader: ...

    def add(self, records: Iterable[Record]) -> int: ...

    def replace(self, records: Iterable[Record]) -> int: ...

    def delete(self, ids: Iterable[str]) -> int: ...

    def add_from(self, sources: Sequence[RecordSource]) -> int: ...

    def close(self) -> None: ...


class Engine(Protocol):
    """An engine: opens and builds its indexes."""

    name: str

    def open(self, path: Path) -> EngineIndex: ...

    def build(
        self,
        path: Path,
        sources: Sequence[RecordSource],
        on_progress: Callable[[int], None] | None = None,
    ) -> EngineIndex: ...


__all__ = ["Engine", "EngineIndex", "EngineReader", "Found", "RecordSource"]
