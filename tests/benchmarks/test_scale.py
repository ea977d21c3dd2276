"""benchmarks/scale.py: its harness runs end to end on a tiny N and writes its doc section.

No timing is asserted: the figures are only checked to be there and coherent (queries found
what their words are in, the added article is visible, the facets were counted).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO

BENCHMARKS = REPO / "benchmarks"


def _module(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def run(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("tantivy")
    scale = _module("scale")
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
            "--no-doc",
            "--adds",
            "1",
        ]
    )
    return dict(json.loads(saved.read_text("utf-8")))


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
    scale = _module("scale")
    first = scale.query_set(1, per_form=5, source=300)
    again = scale.query_set(1, per_form=5, source=300)
    assert [q["tree"] for q in first] == [q["tree"] for q in again]
    assert [q["form"] for q in first] == [f for f in scale.FORMS for _ in range(5)]
    assert all(q["facets"] == ("outlet", "lang") for q in first if q["form"] == "faceted")


def test_the_doc_section_and_plot(
    run: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    scale = _module("scale")
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nkept above\n", "utf-8")
    monkeypatch.setattr(scale, "DOC", doc)
    monkeypatch.setattr(scale, "PLOT", tmp_path / "images" / "scale.png")
    scale.write_doc(run)
    scale.write_doc(run)  # rewritten in place, once
    text = doc.read_text("utf-8")
    assert text.startswith("# Performance\n\nkept above\n")
    assert text.count(scale.BEGIN) == 1
    assert text.count(scale.END) == 1
    assert "| raw-arshif | 300 |" in text
    assert (tmp_path / "images" / "scale.png").read_bytes().startswith(b"\x89PNG")
