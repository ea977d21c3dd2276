"""Ranking a query a clause at a time: Whoosh's matches and BM25F scores, without its
per-match Python.

Whoosh ranks document at a time: a tree of matchers (a union per OR, an intersection per AND)
walks every match, with several Python method calls per match and clause. An arshif query has
six clauses a word (the title and body fields, stemmed for Arabic and for Persian, and exact),
and a common word matches thousands of records: on SaudiNewsNet that walk was nine tenths of a
query's time (docs/performance.md). Here each segment is scored a clause at a time instead:

* a term's postings are read a block at a time (`arshif.search.whoosh.postings`) and scored with the
  formula of `arshif.search.whoosh.scoring.FastBM25F` (the same operations in the same order: each
  posting's score is Whoosh's to the last bit), or by their weight in a field that is not
  scored (as Whoosh's `WeightScorer`), times the term's boost;
* a range (or another multi-term query matched as Whoosh's `MultiTerm.matcher` matches it) is
  the OR of its terms in the segment; a constant-score one (ranges, the date filter) scores its
  boost for every match;
* an OR adds its clauses' score arrays and matches where any clause does; an AND adds them and
  matches where all do; a compound query's boost multiplies;
* any other query (a phrase, a negation, a prefix or wildcard, which Whoosh expands its own
  way...) is matched by Whoosh's own matcher, its matches and scores read in;
* the mask (e.g. withdrawn records) and the segment's deleted documents are removed, and the
  best `limit` matches taken: by score, then document number, as Whoosh's collector orders
  ties.

Scores are kept in one of two ways, with the same operations in the same order (so the same
results to the last bit): numpy arrays of the segment's size (`_Dense`), or dictionaries of the
matching documents (`_Sparse`). Importing numpy takes about 0.1 s, a third of a single search
from the command line; so a process's first search uses dictionaries, and later ones (a batch
of queries, a long-running program) numpy, which is several times faster on common words.

A document's clause scores are added in the order of the query's clauses, where Whoosh adds
them in the order of its matcher tree: totals can differ in the last bit, as Whoosh's own
matcher types differ among themselves (tests/search/test_taat.py compares both). One
difference is deliberate: Whoosh scores a constant-score range 1.0 a match when it has one
term in the segment or the segment has fewer than 5,000 documents (whatever its boost), and
its boost times the term weights otherwise; here every match scores the boost, so the
``--since``/``--until`` filter (boost 0) adds nothing and never reorders two segments' records.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from whoosh.query import And, Or, Query, Term
from whoosh.query.terms import MultiTerm
from whoosh.reading import TermNotFound
from whoosh.scoring import WeightScorer

from arshif.search.whoosh.postings import read_postings
from arshif.search.whoosh.scoring import _Scorer

S = TypeVar("S")
Hit = tuple[int, float]
#: Searches so far in this process (the first does not import numpy; see the docstring)
_searches = 0


@dataclass(frozen=True)
class Ranked:
    """Every match of a query: `total` documents; `hits` the best, (docnum, score) best first;
    `docs` every matching document number."""

    total: int
    hits: list[Hit]
    docs: list[int]


def best_matches(
    searcher: Any, q: Query, limit: int | None, mask: Query | None, arrays: bool | None = None
) -> Ranked:
    """The best `limit` (None: all) matches of `q` not matching `mask`, and how many matched.

    `arrays`: keep scores in numpy arrays (True) or dictionaries (False); None: dictionaries
    for this process's first search, arrays after (module docstring).
    """
    global _searches
    _searches += 1
    if arrays is None:
        arrays = _searches > 1
    context = searcher.context()
    docs: list[int] = []
    scores: list[float] = []
    for subsearcher, offset in searcher.leaf_searchers():
        segment = _Segment(subsearcher, context, _Dense if arrays else _Sparse)
        found = segment.matches(q, mask)
        docs.extend(d + offset for d in found[0])
        scores.extend(found[1])
    hits = _best(docs, scores, len(docs) if limit is None else limit, arrays)
    return Ranked(len(docs), hits, docs)


def _best(docs: list[int], scores: list[float], limit: int, arrays: bool) -> list[Hit]:
    """The best `limit` (docnum, score), by score, then document number (as Whoosh orders ties)."""
    if not arrays:
        hits = zip(docs, scores, strict=True)
        return heapq.nsmallest(limit, hits, key=lambda hit: (-hit[1], hit[0]))
    import numpy as np

    numbers = np.asarray(docs, dtype=np.int64)
    values = np.asarray(scores, dtype=np.float64)
    if len(numbers) > limit:
        keep = np.argpartition(-values, limit - 1)[:limit] if limit else np.zeros(0, np.intp)
        cutoff = values[keep].min() if limit else np.inf
        keep = np.flatnonzero(values >= cutoff)  # every tie at the cut-off, ordered below
    else:
        keep = np.arange(len(numbers))
    order = keep[np.lexsort((numbers[keep], -values[keep]))][:limit]
    return list(zip(numbers[order].tolist(), values[order].tolist(), strict=True))


class _Segment(Generic[S]):
    """One segment's searcher, scoring queries into the backend's score sets."""

    def __init__(self, searcher: Any, context: Any, backend: type[_Backend[S]]) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.context = context
        self.scores = backend(int(searcher.doc_count_all()), self.reader)

    def matches(self, q: Query, mask: Query | None) -> tuple[list[int], list[float]]:
        """The documents matching `q` and not `mask` nor deleted, and their scores."""
        found = self.evaluate(q)
        if mask is not None:
            found = self.scores.without(found, self.evaluate(mask))
        if self.reader.has_deletions():
            found = self.scores.without_docs(found, self.reader.deleted_docs_set)
        return self.scores.items(found)

    def evaluate(self, q: Query) -> S:
        """The documents matching `q` in this segment, with their scores."""
        if type(q) is Term:
            scored = self._term(q)
            if scored is not None:
                return scored
        elif isinstance(q, MultiTerm) and type(q).matcher is MultiTerm.matcher:
            words = [word for word in q._btexts(self.reader) if word]
            if not words:
                return self.scores.empty()
            field = q.field()
            terms = [Term(field, field_text(self.searcher, field, word)) for word in words]
            if getattr(q, "constantscore", False):  # each match scores the boost
                return self.scores.constant(self.evaluate(Or(terms)), q.boost)
            if len(terms) == 1:  # as Whoosh: the term alone, without the query's boost
                return self.evaluate(terms[0])
            return self.evaluate(Or(terms, boost=q.boost))
        elif (type(q) is And or isinstance(q, Or)) and not _special(q):
            parts = [self.evaluate(sub) for sub in q.subqueries]
            if not parts:
                return self.scores.empty()
            if len(parts) == 1:  # as Whoosh: the subquery alone, without the compound's boost
                return parts[0]
            return self.scores.combine(parts, every=isinstance(q, And), boost=q.boost)
        return self._whoosh(q)

    def _term(self, q: Term) -> S | None:
        """A term's scores from its postings; None if its scorer is not BM25F's."""
        schema = self.searcher.schema
        if q.fieldname not in schema:
            return self.scores.empty()
        try:
            text = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return self.scores.empty()
        try:
            postings = read_postings(self.reader, q.fieldname, text)
        except TermNotFound:
            return self.scores.empty()
        if postings is None:
            return None
        ids, weights = postings
        scorer = self.context.weighting.scorer(self.searcher, q.fieldname, text)
        if isinstance(scorer, _Scorer):
            return self.scores.bm25f(ids, weights, q.fieldname, scorer, q.boost)
        if type(scorer) is WeightScorer:
            return self.scores.weighted(ids, weights, q.boost)
        return None

    def _whoosh(self, q: Query) -> S:
        """`q` matched by Whoosh's matcher for this segment."""
        matcher = q.matcher(self.searcher, self.context)
        ids: list[int] = []
        values: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            values.append(float(matcher.score()))
            matcher.next()
        return self.scores.weighted(ids, values, 1.0)


class _Backend(Generic[S]):
    """How a segment's score sets are kept (see `_Dense`, `_Sparse`)."""

    def __init__(self, count: int, reader: Any) -> None:
        self.count = count
        self.reader = reader

    def empty(self) -> S:
        raise NotImplementedError

    def weighted(self, ids: list[int], values: list[float], boost: float) -> S:
        """Documents scored `values` (times `boost`)."""
        raise NotImplementedError

    def bm25f(
        self, ids: list[int], tf: list[float], field: str, scorer: _Scorer, boost: float
    ) -> S:
        """A term's postings scored as `FastBM25F` scores them (times `boost`)."""
        raise NotImplementedError

    def combine(self, parts: list[S], every: bool, boost: float) -> S:
        """The documents in every part (`every`) or any, their scores added in part order."""
        raise NotImplementedError

    def constant(self, found: S, score: float) -> S:
        """The documents of `found`, each scored `score`."""
        raise NotImplementedError

    def without(self, found: S, other: S) -> S:
        raise NotImplementedError

    def without_docs(self, found: S, docs: frozenset[int]) -> S:
        raise NotImplementedError

    def items(self, found: S) -> tuple[list[int], list[float]]:
        """The documents (ascending) and their scores."""
        raise NotImplementedError


class _Sparse(_Backend[dict[int, float]]):
    """Scores in dictionaries of the matching documents."""

    def empty(self) -> dict[int, float]:
        return {}

    def weighted(self, ids: list[int], values: list[float], boost: float) -> dict[int, float]:
        if boost != 1.0:
            return {doc: value * boost for doc, value in zip(ids, values, strict=True)}
        return dict(zip(ids, values, strict=True))

    def bm25f(
        self, ids: list[int], tf: list[float], field: str, scorer: _Scorer, boost: float
    ) -> dict[int, float]:
        lengths = scorer._lengths
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        values = [
            idf * ((w * (k1 + 1)) / (w + k1 * ((1 - b) + b * lengths[doc] / avgfl)))
            for doc, w in zip(ids, tf, strict=True)
        ]
        return self.weighted(ids, values, boost)

    def combine(self, parts: list[dict[int, float]], every: bool, boost: float) -> dict[int, float]:
        if every:
            docs = set(parts[0]).intersection(*parts[1:])
            found = {doc: parts[0][doc] for doc in docs}
            for part in parts[1:]:
                for doc in docs:
                    found[doc] += part[doc]
        else:
            found = dict(parts[0])
            for part in parts[1:]:
                for doc, score in part.items():
                    found[doc] = found.get(doc, 0.0) + score
        if boost != 1.0:
            found = {doc: score * boost for doc, score in found.items()}
        return found

    def constant(self, found: dict[int, float], score: float) -> dict[int, float]:
        return dict.fromkeys(found, float(score))

    def without(self, found: dict[int, float], other: dict[int, float]) -> dict[int, float]:
        return {doc: score for doc, score in found.items() if doc not in other}

    def without_docs(self, found: dict[int, float], docs: frozenset[int]) -> dict[int, float]:
        return {doc: score for doc, score in found.items() if doc not in docs}

    def items(self, found: dict[int, float]) -> tuple[list[int], list[float]]:
        docs = sorted(found)
        return docs, [found[doc] for doc in docs]


class _Dense(_Backend[Any]):
    """Scores in numpy arrays of the segment's size: (scores, matched)."""

    def __init__(self, count: int, reader: Any) -> None:
        super().__init__(count, reader)
        import numpy

        self.np = numpy

    def empty(self) -> Any:
        np = self.np
        return np.zeros(self.count, np.float64), np.zeros(self.count, np.bool_)

    def _of(self, ids: list[int], values: Any) -> Any:
        scores, matched = self.empty()
        scores[ids] = values
        matched[ids] = True
        return scores, matched

    def weighted(self, ids: list[int], values: list[float], boost: float) -> Any:
        array = self.np.asarray(values, dtype=self.np.float64)
        return self._of(ids, array * boost if boost != 1.0 else array)

    def bm25f(
        self, ids: list[int], tf: list[float], field: str, scorer: _Scorer, boost: float
    ) -> Any:
        np = self.np
        weights = np.asarray(tf, dtype=np.float64)
        fl = self._lengths(field, scorer)[ids]
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        values = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * fl / avgfl)))
        return self._of(ids, values * boost if boost != 1.0 else values)

    def _lengths(self, field: str, scorer: _Scorer) -> Any:
        """The scorer's field lengths as an array, kept with the segment's reader."""
        perdoc = getattr(self.reader, "_perdoc", None)
        cache: dict[str, Any] = (
            perdoc.__dict__.setdefault("_arshif_length_arrays", {}) if perdoc else {}
        )
        found = cache.get(field)
        if found is None or len(found) != len(scorer._lengths):
            found = cache[field] = self.np.asarray(scorer._lengths, dtype=self.np.float64)
        return found

    def combine(self, parts: list[Any], every: bool, boost: float) -> Any:
        scores = parts[0][0].copy()
        matched = parts[0][1].copy()
        for sub_scores, sub_matched in parts[1:]:
            scores += sub_scores
            if every:
                matched &= sub_matched
            else:
                matched |= sub_matched
        if boost != 1.0:
            scores *= boost
        scores[~matched] = 0.0
        return scores, matched

    def constant(self, found: Any, score: float) -> Any:
        scores = self.np.where(found[1], float(score), 0.0)
        return scores, found[1]

    def without(self, found: Any, other: Any) -> Any:
        return found[0], found[1] & ~other[1]

    def without_docs(self, found: Any, docs: frozenset[int]) -> Any:
        matched = found[1].copy()
        matched[list(docs)] = False
        return found[0], matched

    def items(self, found: Any) -> tuple[list[int], list[float]]:
        docs = self.np.flatnonzero(found[1])
        return docs.tolist(), found[0][docs].tolist()


def field_text(searcher: Any, fieldname: str, word: bytes) -> Any:
    """A term's text as a `Term` query holds it, from its bytes in the index."""
    return searcher.schema[fieldname].from_bytes(word)


def _special(q: Query) -> bool:
    """An OR that counts its matching clauses (`minmatch`, `scale`): left to Whoosh."""
    return bool(getattr(q, "minmatch", 0) or getattr(q, "scale", None))
