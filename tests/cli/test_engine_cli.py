"""The search engine is the archive's: chosen by `init --engine` (or $ARSHIF_ENGINE), switched
by `reindex --engine`, shown by `stats` and `config`; the index on disk is always the engine's.

These tests run on each engine (`tests.conftest.engine_env`): "the other engine" is the one
the test's archive does not have.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import SEEDS, invoke, seed_ids

USER = "Test Librarian <t@example.org>"
#: What each engine's index generation holds (besides arshif-index.json and the leases).
ENGINE_FILE = {"whoosh": "*.toc", "tantivy": "meta.json"}


def other(engine: str) -> str:
    return "tantivy" if engine == "whoosh" else "whoosh"


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke(["--root", str(root), *args])


def index_engine(root: Path) -> str:
    """The engine that built the live index generation (read from its files)."""
    search = root / "indexes" / "search"
    generation = search / (search / "CURRENT").read_text("utf-8").strip()
    info = json.loads((generation / "arshif-index.json").read_text("utf-8"))
    engine = str(info["engine"])
    assert list(generation.glob(ENGINE_FILE[engine])), sorted(p.name for p in generation.iterdir())
    assert not list(generation.glob(ENGINE_FILE[other(engine)]))
    return engine


def stats_engine(root: Path) -> str:
    result = run(root, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["engine"])


def found(root: Path, query: str) -> set[str]:
    result = run(root, "search", query, "--format", "ndjson", "--limit", "100")
    assert result.exit_code in (0, 1), result.output
    return {json.loads(line)["id"] for line in result.stdout.splitlines()}


def test_the_archive_and_its_index_have_the_tests_engine(
    archive_root: Path, arshif_engine: str
) -> None:
    assert stats_engine(archive_root) == arshif_engine
    assert index_engine(archive_root) == arshif_engine
    table = run(archive_root, "stats", "--format", "table").stdout
    assert f"search engine: {arshif_engine}" in table
    assert run(archive_root, "config", "engine").stdout == f"{arshif_engine}\n"


def test_init_engine_wins_over_the_environment(tmp_path: Path, arshif_engine: str) -> None:
    root = tmp_path / "root"
    assert run(root, "init", "--engine", other(arshif_engine)).exit_code == 0
    assert run(root, "ingest", str(SEEDS), "--user", USER).exit_code == 0
    assert stats_engine(root) == index_engine(root) == other(arshif_engine)


def test_reindex_switches_the_engine_and_the_same_records_are_found(
    archive_root: Path, arshif_engine: str
) -> None:
    queries = ["العراق", "آمریکا", '"القوات الأميركية"', "title:العراق", "lang:fa"]
    before = {query: found(archive_root, query) for query in queries}
    assert all(before.values())
    result = run(archive_root, "reindex", "--engine", other(arshif_engine))
    assert result.exit_code == 0, result.output
    assert f"indexed 5 record(s) with the {other(arshif_engine)} engine" in result.stderr
    assert run(archive_root, "config", "engine").stdout == f"{other(arshif_engine)}\n"
    assert stats_engine(archive_root) == index_engine(archive_root) == other(arshif_engine)
    assert {query: found(archive_root, query) for query in queries} == before
    # writes after the switch go to the new engine's index
    edit = ["edit", seed_ids()["004"], "--set", "outlet=kayhan.ir", "-m", "outlet", "--user", USER]
    assert run(archive_root, *edit).exit_code == 0
    assert found(archive_root, "outlet:kayhan.ir") == {seed_ids()["004"]}
    assert index_engine(archive_root) == other(arshif_engine)
    assert run(archive_root, "verify").exit_code == 0


def test_an_index_of_the_other_engine_is_rebuilt_by_the_first_search(
    archive_root: Path, arshif_engine: str
) -> None:
    """What a `reindex --engine` killed after its build, before it recorded the engine, leaves:
    the archive keeps its engine, and the other engine's index is treated as missing."""
    expected = found(archive_root, "العراق")
    settings = archive_root / "archive" / "arshif.json"
    kept = settings.read_bytes()
    assert run(archive_root, "reindex", "--engine", other(arshif_engine)).exit_code == 0
    settings.write_bytes(kept)  # as if killed before the engine was recorded
    assert index_engine(archive_root) == other(arshif_engine)
    assert run(archive_root, "verify").exit_code == 8  # the index is stale: reported
    assert found(archive_root, "العراق") == expected
    assert index_engine(archive_root) == arshif_engine
    assert run(archive_root, "verify").exit_code == 0


def test_an_unknown_engine_is_refused(tmp_path: Path, archive_root: Path) -> None:
    root = tmp_path / "new"
    result = run(root, "init", "--engine", "lucene")
    assert result.exit_code == 2
    assert not root.exists()
    assert run(archive_root, "reindex", "--engine", "lucene").exit_code == 2


@pytest.fixture
def without_tantivy(monkeypatch: pytest.MonkeyPatch) -> None:
    """tantivy as if it were not installed (`import tantivy` fails)."""
    monkeypatch.setitem(sys.modules, "tantivy", None)  # type: ignore[arg-type]
    for name in [m for m in sys.modules if m.startswith("arshif.search.tantivy")]:
        monkeypatch.delitem(sys.modules, name)


@pytest.mark.engines("whoosh")
def test_tantivy_not_installed_is_one_line_and_changes_nothing(
    tmp_path: Path, archive_root: Path, without_tantivy: None
) -> None:
    root = tmp_path / "new"
    result = run(root, "init", "--engine", "tantivy")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "pip install 'arshif[tantivy]'" in result.stderr
    assert not (root / "archive").exists()
    settings = (archive_root / "archive" / "arshif.json").read_bytes()
    result = run(archive_root, "reindex", "--engine", "tantivy")
    assert result.exit_code == 2
    assert "pip install 'arshif[tantivy]'" in result.stderr
    assert (archive_root / "archive" / "arshif.json").read_bytes() == settings
    assert index_engine(archive_root) == "whoosh"
    assert found(archive_root, "العراق")
