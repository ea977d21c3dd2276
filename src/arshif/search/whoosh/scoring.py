"""`FastBM25F`: Whoosh's BM25F, scoring from field lengths read once per segment.

Whoosh's BM25F scorer asks the searcher for the document's field length at every posting it
scores: a chain of five method calls down to one byte of the lengths column, decoded each
time. arshif's queries score every match in six fields, so that was a third of a query's
time. `FastBM25F` decodes a segment's lengths column for a field once, into a list kept with
the segment's reader, and scores with the same formula, in the same order of operations (the
scores are Whoosh's to the last bit: tests/search/test_scoring.py).
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import _lenfield
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length


class FastBM25F(BM25F):  # type: ignore[misc]
    """BM25F (same parameters as Whoosh's) with cached field lengths."""

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if type(scorer) is BM25FScorer:
            lengths = field_lengths(searcher, fieldname, default=1)
            if lengths is not None:
                return _Scorer(scorer, lengths)
        return scorer


class _Scorer(BM25FScorer):  # type: ignore[misc]
    def __init__(self, scorer: BM25FScorer, lengths: list[int]) -> None:
        self.__dict__.update(scorer.__dict__)
        self._lengths = lengths

    def score(self, matcher: Any) -> float:
        tf = matcher.weight()
        fl = self._lengths[matcher.id()]
        idf, avgfl, b, k1 = self.idf, self.avgfl, self.B, self.K1
        return float(idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl))))


def field_lengths(searcher: Any, fieldname: str, default: int) -> list[int] | None:
    """Every document's length of `fieldname` in the searcher's segment, as the segment's
    `doc_field_length(docnum, fieldname, default)` gives it; None when not a W3 segment."""
    perdoc: Any = getattr(searcher.reader(), "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if perdoc is None or cached_reader is None:
        return None
    cache: dict[tuple[str, int], list[int]] = perdoc.__dict__.setdefault("_arshif_lengths", {})
    key = (fieldname, default)
    found = cache.get(key)
    if found is not None:
        return found
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    doccount = perdoc.doc_count_all()
    column = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        lengths = [default] * doccount
    else:
        table = [byte_to_length(b) if b else default for b in range(256)]
        count = min(column._count, doccount)
        data = column._dbfile.get(column._basepos, count) if count else b""
        lengths = list(map(table.__getitem__, data))
        lengths += [default] * (doccount - len(lengths))  # documents past the column's end
    cache[key] = lengths
    return lengths
