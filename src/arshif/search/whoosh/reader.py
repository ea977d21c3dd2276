"""A reader of the Whoosh index (`arshif.search.engine.EngineReader`): one Whoosh searcher,
scoring with `FastBM25F`, matching with `best_matches` (`arshif.search.whoosh.taat`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.searching import Searcher

from arshif.search import querytree as qt
from arshif.search.engine import Found
from arshif.search.whoosh.facets import count_facets, sort_docnums
from arshif.search.whoosh.taat import best_matches
from arshif.search.whoosh.translate import to_whoosh


class WhooshReader:
    """A Whoosh searcher on one commit of the index, read as `EngineReader` asks."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def search(
        self,
        query: qt.Node,
        *,
        mask: qt.Node | None = None,
        limit: int | None = 10,
        offset: int = 0,
        sort: str = "relevance",
        facets: Sequence[str] = (),
    ) -> Found:
        searcher = self.searcher
        q = to_whoosh(query)
        excluded = None if mask is None else to_whoosh(mask)
        if sort == "relevance":
            most = None if limit is None else max(1, offset + limit)
            ranked = best_matches(searcher, q, most, excluded)
            end = None if limit is None else offset + limit
            page = ranked.hits[offset:end]
        else:
            ranked = best_matches(searcher, q, None, excluded)
            scores = dict(ranked.hits)
            ordered = sort_docnums(searcher, ranked.hits, sort)
            end = None if limit is None else offset + limit
            page = [(docnum, scores[docnum]) for docnum in ordered[offset:end]]
        counts = count_facets(searcher, ranked.docs, facets) if facets and ranked.total else {}
        hits = [(searcher.stored_fields(docnum), score) for docnum, score in page]
        return Found(total=ranked.total, hits=hits, facets=counts)

    def doc_count(self) -> int:
        return int(self.searcher.doc_count())

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self.searcher.reader().doc_frequency(field, term))

    def frequency(self, field: str, term: str) -> float:
        return float(self.searcher.reader().frequency(field, term))

    def terms(self, field: str, prefix: str = "") -> Iterator[tuple[str, int]]:
        reader = self.searcher.reader()
        if field not in reader.indexed_field_names():
            return
        for term, info in reader.iter_prefix(field, prefix):
            text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            yield text, int(info.doc_frequency())

    def stored(self, record_id: str) -> dict[str, Any] | None:
        docnum = self.searcher.document_number(id=record_id)
        return None if docnum is None else dict(self.searcher.stored_fields(docnum))

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        yield from self.searcher.reader().all_stored_fields()

    def up_to_date(self) -> bool:
        return bool(self.searcher.up_to_date())

    def close(self) -> None:
        self.searcher.close()


__all__ = ["WhooshReader"]
