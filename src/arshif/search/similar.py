"""More like this: the records whose analysed text shares the most distinctive words with one.

The key terms of the record's text are chosen by Whoosh's Bo1 model over its stemmed field
(the record's language), and searched as an OR query in that field (weighted by how
distinctive each is); the record itself and, by default, withdrawn records are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whoosh.query import Or, Term

from arshif.errors import IndexStale
from arshif.search.schema import stem_lang
from arshif.search.searcher import SearchResults, make_hit
from arshif.search.taat import best_matches

if TYPE_CHECKING:
    from arshif.search.indexer import SearchIndex

#: Key terms taken from the record (more: slower and broader).
KEY_TERMS = 25


def key_terms(index: SearchIndex, record_id: str, text: str) -> list[tuple[str, float]]:
    """The record's most distinctive (stemmed) terms, with their weights."""
    searcher = index.searcher()
    docnum = searcher.document_number(id=record_id)
    if docnum is None:
        raise IndexStale(f"record {record_id} is not in the search index: run `arshif reindex`")
    field = f"body_{stem_lang(searcher.stored_fields(docnum).get('lang'))}"
    title = searcher.stored_fields(docnum).get("title") or ""
    found = searcher.key_terms_from_text(
        field, f"{title}\n{text}", numterms=KEY_TERMS, normalize=True
    )
    return [(str(term), float(weight)) for term, weight in found]


def similar(
    index: SearchIndex,
    record_id: str,
    text: str,
    *,
    limit: int = 10,
    include_withdrawn: bool = False,
) -> SearchResults:
    """The `limit` records most like `record_id` (whose clean text is `text`), best first."""
    searcher = index.searcher()
    docnum = searcher.document_number(id=record_id)
    terms = key_terms(index, record_id, text)
    if not terms or docnum is None:
        return SearchResults(hits=[], total=0)
    field = f"body_{stem_lang(searcher.stored_fields(docnum).get('lang'))}"
    q = Or([Term(field, term, boost=weight) for term, weight in terms])
    excluded = [Term("id", record_id)]
    if not include_withdrawn:
        excluded.append(Term("withdrawn", True))
    ranked = best_matches(searcher, q, limit, Or(excluded))
    hits = [
        make_hit(searcher.stored_fields(docnum), rank, score)
        for rank, (docnum, score) in enumerate(ranked.hits, 1)
    ]
    return SearchResults(hits=hits, total=ranked.total)
