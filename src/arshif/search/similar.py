"""More like this: the records whose analysed text shares the most distinctive words with one.

The key terms of the record's text are chosen by the Bo1 model (divergence from randomness,
as Whoosh's ``key_terms_from_text``) over its stemmed field (the record's language), from the
engine's collection frequencies (`EngineReader.frequency`), and searched as an OR query in
that field (weighted by how distinctive each is); the record itself and, by default,
withdrawn records are left out.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from arshif.errors import IndexStale
from arshif.search import querytree as qt
from arshif.search.analysis import analyze
from arshif.search.fields import WITHDRAWN_TERM, stem_lang
from arshif.search.highlight import text_analyzers
from arshif.search.searcher import SearchResults, make_hit

if TYPE_CHECKING:
    from arshif.search.engine import EngineReader
    from arshif.search.index import SearchIndex

#: Key terms taken from the record (more: slower and broader).
KEY_TERMS = 25


def bo1_terms(
    reader: EngineReader, field: str, text: str, number: int = KEY_TERMS
) -> list[tuple[str, float]]:
    """The `number` most distinctive terms of `text` in `field` by Bo1, with their weights
    normalized (the best one near 1)."""
    weights = Counter(analyze(text_analyzers()[field], text))
    count = reader.doc_count()
    if not weights or not count:
        return []
    scored = []
    best = 0.0
    for term, weight in weights.items():
        collection = reader.frequency(field, term)
        if collection <= 0:
            continue
        f = collection / count
        score = weight * math.log((1.0 + f) / f, 2) + math.log(1.0 + f, 2)
        best = max(best, score)
        scored.append((score, term))
    if best:
        f = best / count
        norm = (best * math.log((1.0 + f) / f) + math.log(1.0 + f)) / math.log(2.0)
    else:
        norm = best
    ranked = sorted(((score / norm, term) for score, term in scored), key=lambda x: (-x[0], x[1]))
    return [(term, weight) for weight, term in ranked[:number]]


def key_terms(index: SearchIndex, record_id: str, text: str) -> list[tuple[str, float]]:
    """The record's most distinctive (stemmed) terms, with their weights."""
    reader = index.reader()
    stored = reader.stored(record_id)
    if stored is None:
        raise IndexStale(f"record {record_id} is not in the search index: run `arshif reindex`")
    field = f"body_{stem_lang(stored.get('lang'))}"
    title = stored.get("title") or ""
    return bo1_terms(reader, field, f"{title}\n{text}")


def similar(
    index: SearchIndex,
    record_id: str,
    text: str,
    *,
    limit: int = 10,
    include_withdrawn: bool = False,
) -> SearchResults:
    """The `limit` records most like `record_id` (whose clean text is `text`), best first."""
    reader = index.reader()
    stored = reader.stored(record_id)
    terms = key_terms(index, record_id, text)
    if not terms or stored is None:
        return SearchResults(hits=[], total=0)
    field = f"body_{stem_lang(stored.get('lang'))}"
    q = qt.Or(tuple(qt.Term(field, term, boost=weight) for term, weight in terms))
    excluded: tuple[qt.Node, ...] = (qt.Term("id", record_id),)
    if not include_withdrawn:
        excluded += (qt.Term("withdrawn", WITHDRAWN_TERM),)
    found = reader.search(q, mask=qt.Or(excluded), limit=limit)
    hits = [make_hit(fields, rank, score) for rank, (fields, score) in enumerate(found.hits, 1)]
    return SearchResults(hits=hits, total=found.total)
