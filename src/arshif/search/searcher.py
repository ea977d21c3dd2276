"""Searching the index: a query string → ranked `arshif.model.Hit`s with snippets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh.query import Term

from arshif.errors import UsageError
from arshif.model import Hit
from arshif.search.highlight import match_spans, query_terms, snippet
from arshif.search.query import DEFAULT_WEIGHTS, Weights, parse_query
from arshif.search.schema import stem_lang

if TYPE_CHECKING:
    from arshif.search.indexer import SearchIndex

#: Gives the clean text of a record by short id (the repository reads it from the store).
TextOf = Callable[[str], "str | None"]

#: How words combine by default: "or" (measured better than "and", docs/search-quality.md).
DEFAULT_CONJUNCTION = "or"


@dataclass(frozen=True)
class SearchResults:
    """One page of hits and the number of records that matched in all."""

    hits: list[Hit]
    total: int


def search(
    index: SearchIndex,
    query: str,
    limit: int = 10,
    offset: int = 0,
    exact: bool = False,
    include_withdrawn: bool = False,
    text_of: TextOf | None = None,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    conjunction: str = DEFAULT_CONJUNCTION,
) -> SearchResults:
    """Run `query` (arshif's query syntax, `arshif.search.query`) on `index`.

    Hits ``offset+1 .. offset+limit`` in rank order; withdrawn records only with
    `include_withdrawn`. With `text_of`, each hit gets a snippet of its text with the matched
    words marked in their original spelling. Raises `QuerySyntaxError` for a malformed query.
    """
    if limit < 0 or offset < 0:
        raise UsageError(f"limit and offset must not be negative (got {limit}, {offset})")
    q = parse_query(query, index.schema, exact=exact, weights=weights, conjunction=conjunction)
    searcher = index.searcher()
    mask = None if include_withdrawn else Term("withdrawn", True)
    results = searcher.search(q, limit=max(1, offset + limit), mask=mask)
    total = len(results)
    terms = query_terms(q) if text_of is not None else None
    hits = []
    for rank, hit in enumerate(results[offset : offset + limit], offset + 1):
        stored = hit.fields()
        passage = ""
        if text_of is not None and terms is not None:
            text = text_of(stored["id"])
            if text:
                spans = match_spans(text, terms, stem_lang(stored.get("lang")), index.schema)
                passage = snippet(text, spans)
        tags = stored.get("tag")
        hits.append(
            Hit(
                id=stored["id"],
                rank=rank,
                score=float(hit.score),
                title=stored.get("title"),
                outlet=stored.get("outlet"),
                published=stored.get("published"),
                lang=stored.get("lang"),
                source_id=stored.get("source_id"),
                snippet=passage,
                withdrawn=bool(stored.get("withdrawn", False)),
                tags=tuple(tags.split(",")) if tags else (),
            )
        )
    return SearchResults(hits=hits, total=total)
