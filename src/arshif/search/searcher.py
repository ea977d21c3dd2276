"""Searching the index: a query string → ranked `arshif.model.Hit`s with snippets, facets and a
"did you mean" suggestion.

The query is parsed to arshif's query tree (`arshif.search.query`), which the index's engine
runs (`arshif.search.engine.EngineReader.search`); snippets, facets' order and suggestions are
made here, the same for every engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from arshif.errors import UsageError
from arshif.model import Hit
from arshif.search import querytree as qt
from arshif.search.compounds import Vocabulary
from arshif.search.facets import FACETS, SORTS, ordered_counts
from arshif.search.fields import WITHDRAWN_TERM, stem_lang
from arshif.search.highlight import match_spans, query_terms, snippet
from arshif.search.query import date_filter_bounds, parse_query
from arshif.search.queryfields import DEFAULT_WEIGHTS, Weights

if TYPE_CHECKING:
    from arshif.search.engine import EngineReader
    from arshif.search.index import SearchIndex

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


#: The mask of default results: withdrawn records.
WITHDRAWN = qt.Term("withdrawn", WITHDRAWN_TERM)


def query_tree(
    reader: EngineReader,
    query: str,
    *,
    exact: bool = False,
    include_withdrawn: bool = False,
    since: str | None = None,
    until: str | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    conjunction: str = DEFAULT_CONJUNCTION,
) -> tuple[qt.Node, qt.Node | None]:
    """The query tree for `query` (restricted to `since`..`until`) and the mask (the
    withdrawn records, unless `include_withdrawn`). Raises `QuerySyntaxError`."""
    q = parse_query(
        query,
        exact=exact,
        weights=weights,
        conjunction=conjunction,
        vocabulary=vocabulary(reader),
    )
    if since or until:
        start, end = date_filter_bounds(since, until)
        q = qt.And((q, qt.Range("published", start, end, boost=0.0)))
    return q, None if include_withdrawn else WITHDRAWN


def vocabulary(reader: EngineReader) -> Vocabulary:
    """How many records hold a term in a field (`arshif.search.compounds`, the article rule)."""
    return reader.doc_frequency


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
    reader = index.reader()
    q, mask = query_tree(
        reader,
        query,
        exact=exact,
        include_withdrawn=include_withdrawn,
        since=since,
        until=until,
        weights=weights,
        conjunction=conjunction,
    )
    found = reader.search(q, mask=mask, limit=limit, offset=offset, sort=sort, facets=facets)
    counts = {name: ordered_counts(found.facets.get(name, [])) for name in facets}
    terms = query_terms(q) if text_of is not None else None
    hits = []
    for rank, (stored, score) in enumerate(found.hits, offset + 1):
        passage = ""
        if text_of is not None and terms is not None:
            text = text_of(stored["id"])
            if text:
                passage = snippet(text, match_spans(text, terms, stem_lang(stored.get("lang"))))
        hits.append(make_hit(stored, rank, score, passage))
    suggestion = None
    if suggest and found.total < SUGGEST_BELOW:
        suggestion = _suggestion(reader, query, found.total, q, mask, exact)
    return SearchResults(hits=hits, total=found.total, facets=counts, suggestion=suggestion)


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
    reader: EngineReader,
    query: str,
    total: int,
    q: qt.Node,
    mask: qt.Node | None,
    exact: bool,
) -> str | None:
    """A corrected `query` (its rare words replaced by better-attested ones) that finds at
    least as many records as `query` (and at least one), or None."""
    from arshif.search.suggest import suggest_query

    corrected = suggest_query(reader, query)
    if corrected is None or corrected == query:
        return None
    try:
        better = parse_query(corrected, exact=exact, vocabulary=vocabulary(reader))
    except UsageError:
        return None
    if isinstance(q, qt.And) and len(q.children) == 2 and isinstance(q.children[1], qt.Range):
        better = qt.And((better, q.children[1]))  # keep --since/--until
    found = reader.search(better, mask=mask, limit=0).total
    return corrected if found >= max(total, 1) else None


__all__ = ["SearchResults", "TextOf", "make_hit", "query_tree", "search"]
