"""benchmarks/scale.py: its harness runs end to end on a tiny N and writes its doc section.

No timing is asserted: the figures are only checked to be there and coherent (queries found
what their words are in, the added article is visible, the facets were counted).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.benchmarks.scripts import benchmark_module


@pytest.fixture(scope="module")
def run(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("tantivy")
    scale = benchmark_module("scale")
    work = tmp_path_factory.mktemp("scale")
    saved = work / "scale.json"
    scale.main(
        [
            "--sizes",
            "300",
            "--engine",
            "raw-arshif",
            "--work",
            str(work / "w"),
            "--save",
            str(saved),
            "--rows",
            str(work / "rows.json"),
            "--no-doc",
            "--adds",
            "1",
        ]
    )
    result = dict(json.loads(saved.read_text("utf-8")))
    result["rows"] = scale.load_rows(work / "rows.json")
    return result


def test_every_figure_of_a_size(run: dict[str, Any]) -> None:
    (row,) = run["results"]
    assert row["n"] == 300
    assert row["engine"] == "raw-arshif"
    assert row["rate"] > 0
    assert row["build_wall"] > row["generation"] > 0
    assert row["peak_rss"] >= row["baseline_rss"] > 0
    assert row["index_bytes"] > 0
    for form in ("1-word", "2-word", "phrase", "filtered", "faceted"):
        assert row[f"p95 {form}"] >= row[f"p50 {form}"] > 0
    # the query words come from these very articles' titles: most one-word queries match
    assert row["total 1-word"] >= 1
    assert row["total 2-word"] >= row["total 1-word"]
    assert row["add"] > 0
    assert row["add_process"] >= row["add"]
    assert len(row["load"]) == 4
    assert run["command"].startswith("python benchmarks/scale.py --sizes 300")


def test_queries_are_reproducible_and_of_every_form(corpora: Path) -> None:
    scale = benchmark_module("scale")
    first = scale.query_set(1, per_form=5, source=300)
    again = scale.query_set(1, per_form=5, source=300)
    assert [q["tree"] for q in first] == [q["tree"] for q in again]
    assert [q["form"] for q in first] == [f for f in scale.FORMS for _ in range(5)]
    assert all(q["facets"] == ("outlet", "lang") for q in first if q["form"] == "faceted")


def test_rows_are_kept_between_runs(run: dict[str, Any], tmp_path: Path) -> None:
    scale = benchmark_module("scale")
    (row,) = run["rows"]
    assert row["generator"] == "own process"
    assert row["generator_pss"] > 0
    assert row["date"].endswith("UTC")
    assert row["command"] == run["command"]
    rows = tmp_path / "rows.json"
    older = dict(row, n=100, date="2026-01-01 00:00 UTC")
    scale.save_rows(rows, [older, dict(row, rate=1.0)])
    scale.save_rows(rows, [row])  # the same engine and size: replaced
    assert [(r["n"], r["rate"]) for r in scale.load_rows(rows)] == [
        (100, row["rate"]),
        (300, row["rate"]),
    ]


def test_the_doc_table_and_plot(
    run: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    scale = benchmark_module("scale")
    doc = tmp_path / "performance.md"
    words = "# Performance\n\nkept above\n<!-- scale-table:begin -->\nold\n"
    words += "<!-- scale-table:end -->\nbelow\n"
    doc.write_text(words, "utf-8")
    monkeypatch.setattr(scale, "DOC", doc)
    monkeypatch.setattr(scale, "PLOT", tmp_path / "images" / "scale.png")
    (row,) = run["rows"]
    seeded = dict(row, n=100, generator="in the build's process")
    del seeded["generator_pss"]  # a row of before the generator had a process of its own
    scale.write_doc([seeded, row])
    scale.write_doc([seeded, row])  # rewritten in place, once
    text = doc.read_text("utf-8")
    assert text.startswith("# Performance\n\nkept above\n<!-- scale-table:begin -->\n| engine")
    assert text.endswith("<!-- scale-table:end -->\nbelow\n")
    assert "old" not in text
    assert "| raw-arshif | 300 |" in text
    assert "| raw-arshif | 100 |" in text
    assert " = ~" in text  # the seeded row's arshif's share is marked approximate
    assert (tmp_path / "images" / "scale.png").read_bytes().startswith(b"\x89PNG")
