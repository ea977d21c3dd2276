"""benchmarks/retrieval.py on both engines, cheaply: a slice of ARCD through the library path
(`SearchIndex.build(..., engine=...)`, `search`) and the per-collection engine verdict.

No quality figure is asserted beyond "the questions find their passages": the benchmark's
numbers are in docs/search-quality.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.scripts import benchmark_module


@pytest.fixture(scope="module")
def arcd_slice(corpora: Path) -> object:
    """The first 40 ARCD passages and the questions whose passage is among them."""
    retrieval = benchmark_module("retrieval")
    arcd = retrieval.load_collections(corpora)[-1]
    docs = arcd.docs[:40]
    ids = {doc["source_id"] for doc in docs}
    qrels = {q: rel for q, rel in arcd.qrels.items() if rel <= ids}
    queries = {q: text for q, text in arcd.queries.items() if q in qrels}
    assert len(queries) >= 20
    return retrieval.Collection("arcd", "ar", docs, queries, qrels, arcd.metrics)


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_library_path_runs_on_each_engine(engine: str, arcd_slice: object, tmp_path: Path) -> None:
    if engine == "tantivy":
        pytest.importorskip("tantivy")
    retrieval = benchmark_module("retrieval")
    manifest, queries = retrieval.write_inputs(arcd_slice, tmp_path)
    run = retrieval.arshif_via_library(manifest, queries, tmp_path, engine)
    scores = retrieval.evaluate(run, arcd_slice)
    assert set(scores) == {"MRR@10", "Recall@10", "MAP"}
    assert scores["Recall@10"] > 0.8  # the questions find their passages on either engine
    assert all(0.0 <= value <= 1.0 for value in scores.values())


def test_engine_verdict_names_the_metrics_outside_the_tolerance() -> None:
    retrieval = benchmark_module("retrieval")
    whoosh = {"MAP": 0.80, "P@10": 0.70}
    scores = {
        ("a", "**arshif/whoosh** (library)"): whoosh,
        ("a", "**arshif/tantivy** (library)"): {"MAP": 0.796, "P@10": 0.75},
        ("b", "**arshif/whoosh** (library)"): whoosh,
        ("b", "**arshif/tantivy** (library)"): {"MAP": 0.79, "P@10": 0.70},
    }
    a, b = retrieval.engine_verdicts(scores, ["a", "b"], "library")
    assert a.startswith("- a: tantivy within 0.005 of Whoosh or better on every metric")
    assert "MAP -0.0040" in a
    assert "P@10 +0.0500" in a
    assert b.startswith("- b: tantivy NOT within 0.005 on MAP (")


def test_engine_option_is_parsed() -> None:
    retrieval = benchmark_module("retrieval")
    with pytest.raises(SystemExit):
        retrieval.main(["--engine", "lucene"])
