"""Searching the index: a query string → ranked `arshif.model.Hit`s with snippets, facets and a
"did you mean" suggestion."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from whoosh.query import And, Or, Query, Term, TermRange

from arshif.errors import UsageError
from arshif.model import Hit
from arshif.search.compounds import Vocabulary
from arshif.search.facets import FACETS, SORTS, count_facets, sort_docnums
from arshif.search.highlight import match_spans, query_terms, snippet
from arshif.search.query import DEFAULT_WEIGHTS, Weights, date_filter_bounds, parse_query
from arshif.search.schema import stem_lang
from arshif.search.taat import best_matches

if TYPE_CHECKING:
    from arshif.search.indexer import SearchIndex

#: Gives the clean text of a record by short id (the repository reads it from the store).
TextOf = Callable[[str], "str | None"]

#: How words combine by default: "or" (measured better than "and", docs/search-quality.md).
DEFAULT_CONJUNCTION = "or"
#: A query with fewer hits than this gets a "did you mean" suggestion when one finds more.
SUGGEST_BELOW = 3


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, the number of records that matched in all, the facet counts asked
    for (over every match), and a corrected query when this one found little."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None


def prepare(
    index: SearchIndex,
    query: str,
    *,
    exact: bool = False,
    include_withdrawn: bool = False,
    since: str | None = None,
    until: str | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    conjunction: str = DEFAULT_CONJUNCTION,
) -> tuple[Query, Query | None]:
    """The Whoosh query for `query` (restricted to `since`..`until`) and the mask (the
    withdrawn records, unless `include_withdrawn`). Raises `QuerySyntaxError`."""
    q = parse_query(
        query,
        index.schema,
        exact=exact,
        weights=weights,
        conjunction=conjunction,
        vocabulary=vocabulary(index.searcher()),
    )
    if since or until:
        start, end = date_filter_bounds(since, until)
        q = And([q, TermRange("published", start, end, constantscore=True, boost=0.0)])
    mask = None if include_withdrawn else Term("withdrawn", True)
    return _union_matchers(q), mask


def vocabulary(searcher: Any) -> Vocabulary:
    """How many records hold a term in a field (`arshif.search.compounds`, the article rule)."""
    reader = searcher.reader()

    def frequency(field: str, term: str) -> int:
        return int(reader.doc_frequency(field, term))

    return frequency


def _union_matchers(q: Query) -> Query:
    """`q` with every OR matched by a tree of union matchers.

    In a segment of fewer than 5,000 documents Whoosh matches an OR of three or more clauses
    by loading every match into arrays that it clears and fills in Python loops, 2,048 slots
    at a time; for arshif's queries (a word is six clauses) that was about a tenth of a
    query's time (docs/performance.md). The union tree gives the same matches, and the same
    scores up to the order in which a document's clause scores are added.
    """
    for node in _walk(q):
        if isinstance(node, Or):
            node.matcher_type = Or.DEFAULT_MATCHER
    return q


def _walk(q: Query) -> Iterator[Query]:
    yield q
    for child in q.children():
        yield from _walk(child)


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
    sort: str = "relevance",
    facets: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    suggest: bool = False,
) -> SearchResults:
    """Run `query` (arshif's query syntax, `arshif.search.query`) on `index`.

    Hits ``offset+1 .. offset+limit`` in `sort` order (relevance, ``published``,
    ``-published``, ``outlet``); withdrawn records only with `include_withdrawn`; `since` and
    `until` (ISO dates, partial allowed) restrict ``published``. With `text_of`, each hit gets
    a snippet of its text with the matched words marked in their original spelling. `facets`
    (outlet, lang, year, tag) are counted over every match. With `suggest`, a query that found
    fewer than `SUGGEST_BELOW` records gets a corrected query that finds more, if there is one.
    Raises `QuerySyntaxError` for a malformed query.
    """
    if limit < 0 or offset < 0:
        raise UsageError(f"limit and offset must not be negative (got {limit}, {offset})")
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    unknown = [name for name in facets if name not in FACETS]
    if unknown:
        raise UsageError(f"unknown facet {unknown[0]!r}; choose from {', '.join(FACETS)}")
    q, mask = prepare(
        index,
        query,
        exact=exact,
        include_withdrawn=include_withdrawn,
        since=since,
        until=until,
        weights=weights,
        conjunction=conjunction,
    )
    searcher = index.searcher()
    if sort == "relevance":
        ranked = best_matches(searcher, q, max(1, offset + limit), mask)
        page = ranked.hits[offset : offset + limit]
    else:
        ranked = best_matches(searcher, q, None, mask)
        scores = dict(ranked.hits)
        ordered = sort_docnums(searcher, ranked.hits, sort)
        page = [(docnum, scores[docnum]) for docnum in ordered[offset : offset + limit]]
    total = ranked.total
    counts = count_facets(searcher, ranked.docs, facets) if facets and total else {}
    if facets and not total:
        counts = {name: [] for name in facets}
    terms = query_terms(q) if text_of is not None else None
    hits = []
    for rank, (docnum, score) in enumerate(page, offset + 1):
        stored = searcher.stored_fields(docnum)
        passage = ""
        if text_of is not None and terms is not None:
            text = text_of(stored["id"])
            if text:
                spans = match_spans(text, terms, stem_lang(stored.get("lang")), index.schema)
                passage = snippet(text, spans)
        hits.append(make_hit(stored, rank, score, passage))
    suggestion = None
    if suggest and total < SUGGEST_BELOW:
        suggestion = _suggestion(index, searcher, query, total, q, mask, exact)
    return SearchResults(hits=hits, total=total, facets=counts, suggestion=suggestion)


def make_hit(stored: dict[str, Any], rank: int, score: float, passage: str = "") -> Hit:
    """A `Hit` from a document's stored fields."""
    tags = stored.get("tag")
    return Hit(
        id=stored["id"],
        rank=rank,
        score=score,
        title=stored.get("title"),
        outlet=stored.get("outlet"),
        published=stored.get("published"),
        lang=stored.get("lang"),
        source_id=stored.get("source_id"),
        snippet=passage,
        withdrawn=bool(stored.get("withdrawn", False)),
        tags=tuple(tags.split(",")) if tags else (),
    )


def _suggestion(
    index: SearchIndex,
    searcher: Any,
    query: str,
    total: int,
    q: Query,
    mask: Query | None,
    exact: bool,
) -> str | None:
    """A corrected `query` (its rare words replaced by better-attested ones) that finds at
    least as many records as `query` (and at least one), or None."""
    from arshif.search.suggest import suggest_query

    corrected = suggest_query(searcher, query)
    if corrected is None or corrected == query:
        return None
    try:
        better = parse_query(corrected, index.schema, exact=exact, vocabulary=vocabulary(searcher))
    except UsageError:
        return None
    if isinstance(q, And) and len(q.subqueries) == 2 and isinstance(q.subqueries[1], TermRange):
        better = And([better, q.subqueries[1]])  # keep --since/--until
    found = best_matches(searcher, better, 1, mask).total
    return corrected if found >= max(total, 1) else None


__all__ = ["SearchResults", "TextOf", "make_hit", "prepare", "search"]
