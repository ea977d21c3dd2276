"""`FastBM25F` gives Whoosh's BM25F scores exactly, across segments and field lengths."""

from __future__ import annotations

from pathlib import Path

from whoosh import index
from whoosh.scoring import BM25F

from arshif.search.query import parse_query
from arshif.search.whoosh.codec import ArshifCodec
from arshif.search.whoosh.schema import build_schema
from arshif.search.whoosh.scoring import FastBM25F
from arshif.search.whoosh.translate import to_whoosh

from .test_bulkwriter import _documents

QUERIES = ["الحكومة تعلن", "القرار", '"القرار رقم"', "title:القرار", "نیروهای آمریکایی", "سياسة"]


def test_fast_bm25f_scores_as_whoosh_bm25f(tmp_path: Path) -> None:
    ix = index.create_in(str(tmp_path), build_schema())
    documents = _documents()
    for start in range(0, len(documents), 150):  # several segments
        writer = ix.writer(codec=ArshifCodec())
        for document in documents[start : start + 150]:
            writer.add_document(**document)
        writer.commit(merge=False)
    assert len(ix._segments()) > 1
    compared = 0
    with ix.searcher(weighting=BM25F()) as slow, ix.searcher(weighting=FastBM25F()) as fast:
        for text in QUERIES:
            q = to_whoosh(parse_query(text))
            expected = [(hit.docnum, hit.score) for hit in slow.search(q, limit=None)]
            got = [(hit.docnum, hit.score) for hit in fast.search(q, limit=None)]
            assert got == expected
            compared += len(got)
    assert compared > 300
