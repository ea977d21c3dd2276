"""A reader of a tantivy index: one snapshot (one commit), searched with arshif's query tree.

A `tantivy.Searcher` holds the segments of the commit it was made from: a commit by the
writer, in this process or another, makes new segments and a new ``meta.json`` (written
atomically), never changes the ones a searcher holds, so a reader never blocks and never sees
half a commit (tests/search/tantivy_engine check it across a commit).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import tantivy

from arshif.search.engine import Found
from arshif.search.facets import FACETS, SORTS, facet_value
from arshif.search.querytree import Node
from arshif.search.tantivy.queries import Must, MustNot, Translator
from arshif.search.tantivy.schema import STORED, TEXT

#: The fast field each facet counts.
FACET_FIELDS = {"outlet": "outlet", "lang": "lang", "year": "year", "tag": "tags"}
#: Most distinct values a facet's aggregation collects (tantivy wants a bound).
_BUCKETS = 1_000_000
#: Documents read per page by `stored_documents`.
_PAGE = 1000

_Address = tuple[int, int]


def _key(address: tantivy.DocAddress) -> _Address:
    return (address.segment_ord, address.doc)


class TantivyReader:
    """One snapshot of a tantivy index (`arshif.search.engine.EngineReader`)."""

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema) -> None:
        self._searcher = searcher
        self._schema = schema

    # -- searching ----------------------------------------------------------------------

    def _query(self, query: Node, mask: Node | None) -> tantivy.Query:
        translator = Translator(self._schema, self._searcher)
        found = translator.query(query)
        if mask is None:
            return found
        return tantivy.Query.boolean_query([(Must, found), (MustNot, translator.query(mask))])

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
        """Documents matching `query` and not `mask`, `limit` of them from `offset` (None:
        all) in `sort` order, with the counts of `facets` over every match."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
        unknown = [name for name in facets if name not in FACETS]
        if unknown:
            raise ValueError(f"unknown facet {unknown[0]!r}; choose from {', '.join(FACETS)}")
        q = self._query(query, mask)
        searcher = self._searcher
        everything = max(1, searcher.num_docs)
        if sort == "relevance":
            wanted = everything if limit is None else offset + limit
            if wanted <= 0:
                result = searcher.search(q, 1, count=True)
                page: list[tuple[float, tantivy.DocAddress]] = []
            else:
                result = searcher.search(q, min(wanted, everything), count=True)
                page = result.hits[offset:]
            total = _count(result)
        else:
            ranked = searcher.search(q, everything, count=True)
            total = _count(ranked)
            ordered = self._sorted(q, ranked.hits, sort)
            page = ordered[offset:] if limit is None else ordered[offset : offset + limit]
        hits = [(self._stored_at(address), float(score)) for score, address in page]
        counts = self._facets(q, facets) if facets else {}
        return Found(total=total, hits=hits, facets=counts)

    def _values(self, q: tantivy.Query, field: str) -> dict[_Address, str]:
        """The value of the fast field `field` of every document matching `q`."""
        everything = max(1, self._searcher.num_docs)
        found = self._searcher.search(q, everything, order_by_field=field)
        return {_key(address): value for value, address in found.hits if value}

    def _sorted(
        self,
        q: tantivy.Query,
        ranked: list[tuple[float, tantivy.DocAddress]],
        order: str,
    ) -> list[tuple[float, tantivy.DocAddress]]:
        """`ranked` (relevance order) in `order`, as `arshif.search.facets.sort_docnums`: by
        date (``-published`` newest first) or outlet (A→Z, then newest first); records
        without the value last; ties in rank order."""
        field = "outlet" if order == "outlet" else "published"
        values = self._values(q, field)
        keyed = [(values.get(_key(a), ""), rank, s, a) for rank, (s, a) in enumerate(ranked)]
        present = [k for k in keyed if k[0]]
        missing = [k for k in keyed if not k[0]]
        if order == "-published":
            present.sort(key=lambda k: (k[0], -k[1]), reverse=True)
        elif order == "outlet":
            published = self._values(q, "published")
            present.sort(
                key=lambda k: (k[0].casefold(), _descending(published.get(_key(k[3]), "")), k[1])
            )
        else:
            present.sort(key=lambda k: (k[0], k[1]))
        return [(score, address) for _, _, score, address in present + missing]

    def _facets(self, q: tantivy.Query, names: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
        aggregations = {
            name: {"terms": {"field": FACET_FIELDS[name], "size": _BUCKETS}} for name in names
        }
        found = self._searcher.aggregate(q, aggregations)
        counts: dict[str, list[tuple[str, int]]] = {}
        for name in names:
            merged: dict[str, int] = {}
            for bucket in found.get(name, {}).get("buckets", []):
                value = facet_value(name, str(bucket["key"]))
                if value:
                    merged[value] = merged.get(value, 0) + int(bucket["doc_count"])
            counts[name] = list(merged.items())
        return counts

    # -- statistics and stored fields ---------------------------------------------------

    def doc_count(self) -> int:
        return int(self._searcher.num_docs)

    def doc_frequency(self, field: str, term: str) -> int:
        """How many documents hold `term` in `field` (deleted ones too, until a merge drops
        them, as in Whoosh)."""
        if field not in TEXT:
            return 0
        return int(self._searcher.doc_freq(field, term))

    def frequency(self, field: str, term: str) -> float:
        """The document count: tantivy keeps no collection frequencies (`EngineReader`)."""
        return float(self.doc_frequency(field, term))

    def terms(self, field: str, prefix: str = "") -> Iterator[tuple[str, int]]:
        """The terms of `field` starting with `prefix`, in order, with their document counts
        (tantivy keeps no collection frequencies)."""
        if field not in TEXT:
            return iter(())
        return iter(sorted(self._searcher.terms_with_prefix(field, prefix)))

    def _stored_at(self, address: tantivy.DocAddress) -> dict[str, Any]:
        raw = self._searcher.doc(address).get_first(STORED)
        stored: dict[str, Any] = json.loads(bytes(raw).decode("utf-8")) if raw else {}
        return stored

    def stored(self, record_id: str) -> dict[str, Any] | None:
        q = tantivy.Query.term_query(self._schema, "id", record_id)
        hits = self._searcher.search(q, 1).hits
        return self._stored_at(hits[0][1]) if hits else None

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        every = tantivy.Query.all_query()
        total = self._searcher.num_docs
        for offset in range(0, total, _PAGE):
            for _, address in self._searcher.search(every, _PAGE, offset=offset).hits:
                yield self._stored_at(address)

    def close(self) -> None:
        """Nothing to do: the snapshot goes with the last reference to it."""


def _count(result: tantivy.SearchResult) -> int:
    """The exact number of matches of a search made with ``count=True``."""
    count: int = result.count  # type: ignore[attr-defined]  # (not in tantivy's stubs)
    return count


def _descending(text: str) -> tuple[int, ...]:
    """A key sorting `text` descending (newest date first) inside an ascending sort."""
    return (*(-ord(c) for c in text), 1)


__all__ = ["FACET_FIELDS", "TantivyReader"]
