"""Ranking a query term at a time, with numpy: Whoosh's matches and BM25F scores, without its
per-match Python.

Whoosh ranks document at a time: a tree of matchers (a union per OR, an intersection per AND)
walks every match, with several Python method calls per match and clause. An arshif query has
six clauses a word (the title and body fields, stemmed for Arabic and for Persian, and exact),
and a common word matches thousands of records: on SaudiNewsNet that walk was nine tenths of a
query's time (docs/performance.md). Here each segment is scored a clause at a time instead:

* a term's postings are read a block at a time into arrays and scored with the formula of
  `arshif.search.scoring.FastBM25F` (the same operations in the same order: each posting's
  score is Whoosh's to the last bit), or by their weight in a field that is not scored (as
  Whoosh's `WeightScorer`), times the term's boost;
* a range or other multi-term query is the OR of its terms in the segment, as Whoosh's
  `MultiTerm.matcher` makes it (one term: that term alone, without the query's boost);
* an OR adds its clauses' score arrays and matches where any clause does; an AND adds them and
  matches where all do; a compound query's boost multiplies;
* any other query (a phrase, a range, a negation...) is matched by Whoosh's own matcher, its
  matches and scores read into arrays;
* the mask (e.g. withdrawn records) and the segment's deleted documents are removed, and the
  best `limit` matches taken: by score, then document number, as Whoosh's collector orders
  ties.

A document's clause scores are added in the order of the query's clauses, where Whoosh adds
them in the order of its matcher tree: totals can differ in the last bit, as Whoosh's own
matcher types differ among themselves (tests/search/test_taat.py compares both). One
difference is deliberate: Whoosh scores a constant-score range of several terms 1.0 in a
segment of fewer than 5,000 documents, whatever its boost (its array matcher drops it), and
the boost times the term weights in a larger one; here it is always the latter, so the
``--since``/``--until`` filter (boost 0) adds nothing and never reorders two segments' records.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.query import And, Or, Query, Term
from whoosh.query.terms import MultiTerm
from whoosh.reading import TermNotFound
from whoosh.scoring import WeightScorer

from arshif.search.scoring import _Scorer

F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
_INT = struct.Struct("!i")  # whoosh.system's pack_int


@dataclass(frozen=True)
class Ranked:
    """Every match of a query: `total` documents; `hits` the best, (docnum, score) best first;
    `docs` every matching document number."""

    total: int
    hits: list[tuple[int, float]]
    docs: npt.NDArray[np.int64]


def best_matches(searcher: Any, q: Query, limit: int | None, mask: Query | None) -> Ranked:
    """The best `limit` (None: all) matches of `q` not matching `mask`, and how many matched."""
    context = searcher.context()
    numbers: list[npt.NDArray[np.int64]] = []
    values: list[F64] = []
    for subsearcher, offset in searcher.leaf_searchers():
        segment = _Segment(subsearcher, context)
        scores, matched = segment.evaluate(q)
        if mask is not None:
            matched &= ~segment.evaluate(mask)[1]
        matched &= ~segment.deleted()
        found = np.flatnonzero(matched)
        numbers.append(found.astype(np.int64) + offset)
        values.append(scores[found])
    docs = np.concatenate(numbers) if numbers else np.zeros(0, np.int64)
    scores = np.concatenate(values) if values else np.zeros(0, np.float64)
    limit = len(docs) if limit is None else limit
    if len(docs) > limit:  # the best `limit` (by score; lower document numbers win ties)
        keep = np.argpartition(-scores, limit - 1)[:limit] if limit else np.zeros(0, np.intp)
        cutoff = scores[keep].min() if limit else np.inf
        keep = np.flatnonzero(scores >= cutoff)  # every tie at the cut-off, ordered below
    else:
        keep = np.arange(len(docs))
    order = keep[np.lexsort((docs[keep], -scores[keep]))][:limit]
    hits = list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))
    return Ranked(len(docs), hits, docs)


class _Segment:
    """One segment's searcher, scoring queries into arrays of its document count."""

    def __init__(self, searcher: Any, context: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.context = context
        self.count = int(searcher.doc_count_all())
        self._lengths: dict[str, F64] = {}

    def empty(self) -> tuple[F64, Bools]:
        return np.zeros(self.count, np.float64), np.zeros(self.count, np.bool_)

    def deleted(self) -> Bools:
        deleted = np.zeros(self.count, np.bool_)
        if self.reader.has_deletions():
            deleted[list(self.reader.deleted_docs_set)] = True
        return deleted

    def evaluate(self, q: Query) -> tuple[F64, Bools]:
        """Each document's score for `q` (0 where it does not match), and where it matches."""
        if type(q) is Term:
            scored = self._term(q)
            if scored is not None:
                return scored
        elif isinstance(q, MultiTerm) and type(q).matcher is MultiTerm.matcher:
            words = [word for word in q._btexts(self.reader) if word]
            if not words:
                return self.empty()
            field = q.field()
            if len(words) == 1:
                return self.evaluate(Term(field, field_text(self.searcher, field, words[0])))
            terms = [Term(field, field_text(self.searcher, field, word)) for word in words]
            return self.evaluate(Or(terms, boost=q.boost))
        elif (type(q) is And or isinstance(q, Or)) and not _special(q):
            parts = [self.evaluate(sub) for sub in q.subqueries]
            if not parts:
                return self.empty()
            scores = parts[0][0].copy()
            matched = parts[0][1].copy()
            for sub_scores, sub_matched in parts[1:]:
                scores += sub_scores
                if isinstance(q, And):
                    matched &= sub_matched
                else:
                    matched |= sub_matched
            if q.boost != 1.0:
                scores *= q.boost
            scores[~matched] = 0.0
            return scores, matched
        return self._whoosh(q)

    def _term(self, q: Term) -> tuple[F64, Bools] | None:
        """A term's scores from its postings; None if its scorer is not BM25F's."""
        schema = self.searcher.schema
        if q.fieldname not in schema:
            return self.empty()
        try:
            text = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return self.empty()
        try:
            postings = _postings(self.reader, q.fieldname, text)
        except TermNotFound:
            return self.empty()
        if postings is None:
            return None
        scorer = self.context.weighting.scorer(self.searcher, q.fieldname, text)
        ids, tf = postings
        if isinstance(scorer, _Scorer):
            fl = self._field_lengths(q.fieldname, scorer)[ids]
            idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
            values = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
        elif type(scorer) is WeightScorer:
            values = tf
        else:
            return None
        if q.boost != 1.0:
            values = values * q.boost
        scores, matched = self.empty()
        scores[ids] = values
        matched[ids] = True
        return scores, matched

    def _field_lengths(self, fieldname: str, scorer: _Scorer) -> F64:
        """The scorer's field lengths as an array, kept with the segment's reader."""
        perdoc = getattr(self.reader, "_perdoc", None)
        cache: dict[str, F64] = (
            perdoc.__dict__.setdefault("_arshif_length_arrays", {}) if perdoc else self._lengths
        )
        found = cache.get(fieldname)
        if found is None or len(found) != len(scorer._lengths):
            found = cache[fieldname] = np.asarray(scorer._lengths, dtype=np.float64)
        return found

    def _whoosh(self, q: Query) -> tuple[F64, Bools]:
        """`q` matched by Whoosh's matcher for this segment, its matches read into arrays."""
        matcher = q.matcher(self.searcher, self.context)
        ids: list[int] = []
        values: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            values.append(matcher.score())
            matcher.next()
        scores, matched = self.empty()
        scores[ids] = values
        matched[ids] = True
        return scores, matched


def field_text(searcher: Any, fieldname: str, word: bytes) -> Any:
    """A term's text as a `Term` query holds it, from its bytes in the index."""
    return searcher.schema[fieldname].from_bytes(word)


def _special(q: Query) -> bool:
    """An OR that counts its matching clauses (`minmatch`, `scale`): left to Whoosh."""
    return bool(getattr(q, "minmatch", 0) or getattr(q, "scale", None))


def _postings(reader: Any, fieldname: str, text: bytes) -> tuple[npt.NDArray[np.intp], F64] | None:
    """A term's documents and weights in a W3 segment (None: another kind of reader)."""
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(terms, "term_info"):
        return None
    info = terms.term_info(fieldname, text)
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        return np.asarray(ids, dtype=np.intp), np.asarray(weights, dtype=np.float64)
    offset, _length = info.extent()  # (the length is read back as a 1-tuple: not used)
    return _blocks(terms._postfile, offset)


def _blocks(postfile: Any, start: int) -> tuple[npt.NDArray[np.intp], F64]:
    """The postings written at `start` of a W3 postings file, read a block at a time as
    `whoosh.codec.whoosh3.W3LeafMatcher` reads them (header, then blocks: a signed length,
    negative for the last; a pickled summary; the pickled, perhaps compressed, ids as gaps,
    weights and values)."""
    if postfile.get(start, 4) != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a W3 posting list")
    position = start + 4
    id_blocks: list[npt.NDArray[np.intp]] = []
    weight_blocks: list[F64] = []
    last = False
    while not last:
        length = _INT.unpack(postfile.get(position, 4))[0]
        last = length < 0
        block = BytesIO(postfile.get(position + 4, abs(length)))
        count, _maxid, _maxweight, compression, _minlength, _maxlength = pickle.load(block)
        data = block.read()
        gaps, weights, _values = pickle.loads(zlib.decompress(data) if compression else data)
        id_blocks.append(np.cumsum(np.asarray(gaps, dtype=np.intp)))
        if weights is None:
            weight_blocks.append(np.ones(count, np.float64))
        elif isinstance(weights, float):  # all equal: stored once (as a float32 array reads it)
            weight_blocks.append(np.full(count, float(np.float32(weights)), np.float64))
        else:
            weight_blocks.append(np.asarray(weights, dtype=np.float64))
        position += 4 + abs(length)
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)
