"""`best_matches` (term at a time, numpy) finds what Whoosh's collector finds: the same
documents, the same totals, the same BM25F scores (up to the order clause scores are added),
the same order, across segments, deletions, masks and every kind of query arshif makes."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from whoosh import index
from whoosh.collectors import FilterCollector, TopCollector
from whoosh.query import And, Not, Or, Prefix, Query, Term, TermRange

from arshif.search.query import parse_query
from arshif.search.whoosh.bulkwriter import BulkWriter
from arshif.search.whoosh.codec import ArshifCodec
from arshif.search.whoosh.schema import build_schema
from arshif.search.whoosh.scoring import FastBM25F
from arshif.search.whoosh.taat import best_matches
from arshif.search.whoosh.translate import to_whoosh

from .test_bulkwriter import _documents

QUERIES = [
    "الحكومة",
    "الحكومة تعلن",
    "القرار",
    '"القرار رقم"',
    "title:القرار",
    "نیروهای آمریکایی",
    "سياسة",
    "الحكومة AND القرار",
    "الحكومة -تعلن",
    "القرار published:2021-11-03..2021-11-09",
    "tag:سياسة",
    "outlet:واس القرار",
    "زقزقزقزق",
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("taat")
    ix = index.create_in(str(folder), build_schema())
    documents = _documents()
    for start in range(0, len(documents), 120):  # several segments, by both writers
        writer: Any = (
            BulkWriter(ix, codec=ArshifCodec()) if start % 240 else ix.writer(codec=ArshifCodec())
        )
        for document in documents[start : start + 120]:
            writer.add_document(**document)
        writer.commit(merge=False)
    writer = ix.writer(codec=ArshifCodec())
    for number in range(3, len(documents), 17):  # deletions in every segment
        writer.delete_document(number)
    writer.commit(merge=False)
    assert len(ix._segments()) > 2
    return ix


def _whoosh(searcher: Any, q: Query, limit: int, mask: Query | None) -> tuple[int, list[Any]]:
    collector: Any = TopCollector(limit, usequality=False, replace=0)
    if mask is not None:
        collector = FilterCollector(collector, None, mask)
    searcher.search_with_collector(q, collector)
    results = collector.results()
    return len(results), [(hit.docnum, hit.score) for hit in results]


def _same(got: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    """The same scores rank by rank; documents trade places only where scores tie (up to the
    last bit), at a rank or at the cut-off."""
    assert len(got) == len(expected)
    for (_doc, score), (_their_doc, their_score) in zip(got, expected, strict=True):
        assert math.isclose(score, their_score, rel_tol=1e-12), (got, expected)
    scores = dict(got) | dict(expected)
    differ = {doc for doc, _ in got} ^ {doc for doc, _ in expected}
    assert all(math.isclose(scores[doc], expected[-1][1], rel_tol=1e-12) for doc in differ)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("limit", [1, 10, 1000])
def test_best_matches_are_whooshs(ix: Any, text: str, limit: int) -> None:
    q = to_whoosh(parse_query(text))
    with ix.searcher(weighting=FastBM25F()) as searcher:
        for mask in (None, Term("outlet", "سبق")):
            total, expected = _whoosh(searcher, q, limit, mask)
            ranked = best_matches(searcher, q, limit, mask, arrays=True)
            assert ranked.total == total
            _same(ranked.hits, expected)
            assert len(ranked.docs) == total
            # dictionaries and arrays: the same operations in the same order, the same bits
            assert best_matches(searcher, q, limit, mask, arrays=False) == ranked


@pytest.mark.parametrize("arrays", [False, True])
def test_queries_match_something_and_deletions_are_honoured(ix: Any, arrays: bool) -> None:
    with ix.searcher(weighting=FastBM25F()) as searcher:
        everything = best_matches(
            searcher, to_whoosh(parse_query("الحكومة")), None, None, arrays=arrays
        )
        assert everything.total > 250
        assert not any(searcher.reader().is_deleted(d) for d in everything.docs)
        assert len(set(everything.docs)) == everything.total
        scores = [score for _, score in everything.hits]
        assert scores == sorted(scores, reverse=True)
        nothing = to_whoosh(parse_query("زقزقزقزق"))
        assert best_matches(searcher, nothing, 10, None, arrays=arrays).total == 0


@pytest.mark.parametrize("arrays", [False, True])
def test_ties_are_ordered_by_document_number(ix: Any, arrays: bool) -> None:
    # a constant-score range: every match scores the same; Whoosh keeps the lowest numbers
    q = TermRange("published", "2021-11-01", "2021-11-30", constantscore=True)
    with ix.searcher(weighting=FastBM25F()) as searcher:
        total, expected = _whoosh(searcher, q, 7, None)
        ranked = best_matches(searcher, q, 7, None, arrays=arrays)
    assert total > 7
    assert ranked.hits == expected
    assert [doc for doc, _ in ranked.hits] == sorted(doc for doc, _ in ranked.hits)


@pytest.mark.parametrize(
    "q",
    [
        Or([Term("body_ar", "حكوم"), Term("title_ar", "قرار", boost=0.3)], boost=2.0),
        And([Term("body_ar", "حكوم"), Term("body_ar", "قرار")], boost=0.5),
        And([Term("body_ar", "حكوم"), Not(Term("body_ar", "قرار"))]),
        Or([Term("body_ar", "حكوم"), Term("body_ar", "قرار")], minmatch=2),
        Or([Term("nosuchfield", "x"), Term("body_ar", "حكوم")]),
        Term("withdrawn", True),
        Prefix("body_exact", "الق", boost=0.5),
        And([Term("body_exact", "الحكومه")], boost=3.0),  # one subquery: Whoosh drops the boost
        Or([Term("body_exact", "الحكومه")], boost=3.0),
        And([Term("body_ar", "قرار"), TermRange("published", "2021-11-02", "2021-11-20")]),
    ],
    ids=[
        "boosted-or",
        "boosted-and",
        "and-not",
        "minmatch",
        "unknown-field",
        "boolean",
        "prefix",
        "one-clause-and",
        "one-clause-or",
        "word-and-range",
    ],
)
def test_compound_boosts_and_queries_left_to_whoosh(ix: Any, q: Query) -> None:
    with ix.searcher(weighting=FastBM25F()) as searcher:
        total, expected = _whoosh(searcher, q, 50, None)
        ranked = best_matches(searcher, q, 50, None, arrays=True)
        assert best_matches(searcher, q, 50, None, arrays=False) == ranked
    assert ranked.total == total
    _same(ranked.hits, expected)


@pytest.mark.parametrize("boost", [0.0, 1.0, 3.0])
@pytest.mark.parametrize(
    ("start", "end"), [("2021-11-05", "2021-11-05"), ("2021-11-02", "2021-11-20")]
)
def test_a_constant_score_range_scores_its_boost_in_every_segment(
    ix: Any, boost: float, start: str, end: str
) -> None:
    """Whoosh scores a constant-score range 1.0 a match when it has one term in a segment or
    the segment is small (whatever the boost), else the boost times the weights; here every
    match scores the boost, so --since/--until (boost 0) never reorders records of different
    segments."""
    q = TermRange("published", start, end, constantscore=True, boost=boost)
    word = Term("body_exact", "القرار")
    with ix.searcher(weighting=FastBM25F()) as searcher:
        total, expected = _whoosh(searcher, q, 1000, None)
        for arrays in (False, True):
            ranked = best_matches(searcher, q, 1000, None, arrays=arrays)
            assert ranked.total == total > 5
            assert sorted(d for d, _ in ranked.hits) == sorted(d for d, _ in expected)
            assert {score for _, score in ranked.hits} == {boost}
            # a word filtered by the range: its own scores, plus the boost
            alone = dict(best_matches(searcher, word, None, None, arrays=arrays).hits)
            both = best_matches(searcher, And([word, q]), None, None, arrays=arrays)
            assert both.total > 0
            assert all(score == alone[doc] + boost for doc, score in both.hits)
