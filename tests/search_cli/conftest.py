"""Archives for the search CLI tests: the five seeds with metadata (`tests.conftest.seeds_root`,
built in `tests.archives`), and a few hundred records generated from ../shared/corpora (built
once per session through `arshif ingest --manifest`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.archives import USER, corpus_entries, run, write_manifest
from tests.cli.helpers import seed_ids


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
    manifest = write_manifest(folder / "corpus.jsonl", corpus_entries(corpora, authors=True))
    root = folder / "root"
    assert run(root, "init", "--engine", arshif_engine).exit_code == 0
    result = run(root, "ingest", "--manifest", str(manifest), "--skip-bad", "--user", USER)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(autouse=True)
def each_engine(engine_env: str) -> str:
    """Every test here runs on each search engine (`tests.conftest.engine_env`)."""
    return engine_env
