"""Archives for the search CLI tests: the five seeds with metadata, and a few hundred records
generated from ../shared/corpora (built once per session through `arshif ingest --manifest`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import SEEDS, invoke, seed_ids
from tests.text.corpus_data import farsnews, saudinewsnet

USER = "Test Librarian <t@example.org>"
#: Seed number → metadata set on it (the seeds themselves state little).
SEED_METADATA = {
    "000": ["outlet=ایرنا", "published=2021-11-20", "tags=+iraq", "author=علی رضایی"],
    "001": ["outlet=السومرية نيوز", "published=2021-11-18", "tags=+iraq", "tags=+wire"],
    "002": ["outlet=واع", "published=2021-11-21"],
    "004": ["outlet=kayhan.ir"],
}
CORPUS_AR = 200
CORPUS_FA = 100


def run(root: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return invoke(["--root", str(root), *args], env=env)


@pytest.fixture(scope="session")
def seeds_root(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    """The seeds, ingested and given outlets, dates, tags and an author (read-only: share it)."""
    root = tmp_path_factory.mktemp(f"search-seeds-{arshif_engine}") / "root"
    assert run(root, "init", "--engine", arshif_engine).exit_code == 0
    result = run(root, "ingest", str(SEEDS), "--user", USER)
    assert result.exit_code == 0, result.output
    ids = seed_ids()
    for seed, edits in SEED_METADATA.items():
        args = [a for edit in edits for a in ("--set", edit)]
        result = run(root, "edit", ids[seed], *args, "-m", "metadata for tests", "--user", USER)
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def ids() -> dict[str, str]:
    """Seed number ("000"…"004") → record id."""
    return seed_ids()


@pytest.fixture(scope="session")
def corpus_root(
    corpora: Path, tmp_path_factory: pytest.TempPathFactory, arshif_engine: str
) -> Path:
    """A few hundred records: SaudiNewsNet (Arabic, 14 outlets, July-August 2015) and Fars
    News (Persian, no dates), ingested once through `arshif ingest --manifest`."""
    folder = tmp_path_factory.mktemp(f"search-corpus-{arshif_engine}")
    lines = []
    arabic = [d for d in saudinewsnet(corpora) if len(d["content"]) > 400 and d["title"]]
    for number, doc in enumerate(arabic[:: max(1, len(arabic) // CORPUS_AR)][:CORPUS_AR]):
        entry = {
            "text": doc["content"],
            "title": doc["title"],
            "outlet": doc["source"],
            "published": doc["date_extracted"][:10],
            "lang": "ar",
            "source_id": f"snn-{number}",
        }
        if doc.get("author"):
            entry["author"] = doc["author"]
        lines.append(entry)
    persian = [d for d in farsnews(corpora) if d.get("paragraphs") and d.get("title")]
    for number, doc in enumerate(persian[:CORPUS_FA]):
        paragraphs = doc["paragraphs"]
        text = "\n\n".join(paragraphs) if isinstance(paragraphs, list) else str(paragraphs)
        lines.append(
            {
                "text": text,
                "title": doc["title"],
                "outlet": "خبرگزاری فارس",
                "lang": "fa",
                "source_id": f"fars-{number}",
            }
        )
    manifest = folder / "corpus.jsonl"
    manifest.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines), "utf-8")
    root = folder / "root"
    assert run(root, "init", "--engine", arshif_engine).exit_code == 0
    result = run(root, "ingest", "--manifest", str(manifest), "--skip-bad", "--user", USER)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(autouse=True)
def each_engine(engine_env: str) -> str:
    """Every test here runs on each search engine (`tests.conftest.engine_env`)."""
    return engine_env
