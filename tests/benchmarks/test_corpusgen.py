"""benchmarks/corpusgen.py: generated articles are reproducible, mixed as asked, and ingestible.

The generator reads the real corpora (../shared/corpora, through the `corpora` fixture); nothing
it makes is written outside the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.benchmarks.scripts import benchmark_module
from tests.conftest import REPO

SCRIPT = REPO / "benchmarks" / "corpusgen.py"


corpusgen = benchmark_module("corpusgen")
corpuspools = benchmark_module("corpuspools")


@pytest.fixture(scope="module")
def pools(corpora: Path) -> Any:
    return corpuspools.load_pools(corpora)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_same_seed_same_bytes_whatever_the_hash_seed(pools: Any, corpora: Path, tmp_path: Path):
    options = corpusgen.Options(n=300, seed=7, near=0.05, exact=0.02)
    assert corpusgen.write(pools, options, tmp_path / "a") == 300
    assert corpusgen.write(pools, options, tmp_path / "b") == 300
    first = (tmp_path / "a" / "manifest.jsonl").read_bytes()
    assert first == (tmp_path / "b" / "manifest.jsonl").read_bytes()
    # the command line, in another process with another string hash seed, to stdout
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    args = ["--n", "300", "--seed", "7", "--near", "0.05", "--exact", "0.02"]
    run = subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--corpora", str(corpora)],
        capture_output=True,
        env=env,
        check=True,
    )
    assert run.stdout == first
    assert "300 articles in" in run.stderr.decode()
    other = corpusgen.write(pools, corpusgen.Options(n=300, seed=8), tmp_path / "c")
    assert other == 300
    assert (tmp_path / "c" / "manifest.jsonl").read_bytes() != first


def test_language_mix_duplicates_and_distinct_urls(pools: Any):
    made = list(corpusgen.articles(pools, corpusgen.Options(n=3000, seed=3, fa_share=0.3)))
    share = sum(a.metadata["lang"] == "fa" for a in made) / len(made)
    assert 0.26 < share < 0.34, share
    kinds = Counter(a.kind for a in made)
    assert kinds["near"] > 20, kinds
    assert kinds["exact"] > 3, kinds
    assert len({a.metadata["url"] for a in made}) == len(made)
    assert len({a.metadata["source_id"] for a in made}) == len(made)
    for copy in (a for a in made if a.copy_of is not None):
        original = made[copy.copy_of]
        assert original.kind == "original"
        assert copy.metadata["title"] == original.metadata["title"]
        if copy.kind == "exact":
            assert copy.text == original.text
            continue
        assert copy.metadata["outlet"] != original.metadata["outlet"]  # a wire copy
        lede, copied = original.text.split("\n\n")[0], copy.text.split("\n\n")[0]
        assert copied != lede
        assert copied.endswith(lede)
    texts = Counter(a.text for a in made)
    assert sum(n - 1 for n in texts.values()) == kinds["exact"]  # only exact copies repeat
    for article in made:
        paragraphs = article.text.split("\n\n")
        assert all(p.strip() for p in paragraphs)
        published = datetime.fromisoformat(article.metadata["published"])
        retrieved = datetime.fromisoformat(article.metadata["retrieved"])
        if published.tzinfo is None:  # the date only: retrieved on that day or later
            assert published.date() <= retrieved.date()
        else:
            assert published < retrieved
        if article.kind == "original":  # a copy may fall a few hours into the next year
            assert 2005 <= int(article.metadata["published"][:4]) <= 2024
    untagged = corpusgen.articles(pools, corpusgen.Options(n=3000, seed=3, tags=False))
    for article, plain in zip(made, untagged, strict=True):  # the same articles, without tags
        assert "tags" not in plain.metadata
        assert {k: v for k, v in article.metadata.items() if k != "tags"} == plain.metadata
        assert plain.text == article.text
    assert any("tags" in a.metadata for a in made)
    arabic_only = corpusgen.articles(pools, corpusgen.Options(n=500, seed=3, fa_share=0.0))
    assert {a.metadata["lang"] for a in arabic_only} == {"ar"}


def test_outlets_and_urls_are_the_real_ones(pools: Any, corpora: Path):
    real: dict[str, set[str]] = {}
    for name in sorted((corpora / "saudinewsnet" / "zips").glob("*.zip")):
        with zipfile.ZipFile(name) as archive:
            for member in archive.namelist():
                for item in json.loads(archive.read(member).decode("utf-8")):
                    real.setdefault(item["source"], set()).add(urlsplit(item["url"]).hostname or "")
    made = corpusgen.articles(pools, corpusgen.Options(n=2000, seed=5, fa_share=0.3))
    seen = set()
    for article in made:
        outlet, host = article.metadata["outlet"], urlsplit(article.metadata["url"]).hostname
        seen.add(outlet)
        if article.metadata["lang"] == "ar":
            assert host in real[outlet], (outlet, article.metadata["url"])
        else:
            assert (outlet, host) in {
                ("farsnews", "www.farsnews.ir"),
                ("hamshahri", "www.hamshahrionline.ir"),
            }
    assert {"alriyadh", "aawsat", "farsnews", "hamshahri"} <= seen


def test_jalali_dates_match_hamshahri(corpora: Path):
    import gzip

    path = corpora / "hamshahri-ir-subset" / "docs.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    for doc in docs:
        assert (
            "{:04d}-{:02d}-{:02d}".format(*corpuspools.jalali(date.fromisoformat(doc["date"])))
            == (doc["date_jalali"])
        )


def test_a_generated_batch_is_ingested_whole(pools: Any, tmp_path: Path):
    """300 articles (wire and exact copies among them) through `arshif ingest --manifest`."""
    options = corpusgen.Options(n=300, seed=11, near=0.05, exact=0.02)
    out = tmp_path / "batch"
    corpusgen.write(pools, options, out, files=True)
    made = list(corpusgen.articles(pools, options))
    exact = sum(a.kind == "exact" for a in made)
    assert exact > 0
    root = tmp_path / "root"
    arshif = [sys.executable, "-m", "arshif", "--root", str(root)]
    subprocess.run([*arshif, "init"], check=True, capture_output=True)
    run = subprocess.run(
        [*arshif, "ingest", "--manifest", str(out / "manifest.jsonl"), "--user", "Bench <b@x.org>"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"{300 - exact} added, {exact} already in archive, 0 skipped" in run.stderr
    rows = run.stdout.splitlines()
    assert len(rows) == 300
    assert Counter(row.split("\t")[1] for row in rows if "duplicate" not in row) == Counter(
        a.metadata["lang"] for a in made if a.kind != "exact"
    )
    shown = subprocess.run(
        [*arshif, "search", "--format", "json", "lang:fa"], capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)  # the Persian articles are found by their language
