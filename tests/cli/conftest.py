from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import SEEDS, invoke


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    """A fresh root with the five seeds ingested through the CLI."""
    root = tmp_path / "root"
    assert invoke(["--root", str(root), "init"]).exit_code == 0
    result = invoke(
        ["--root", str(root), "ingest", str(SEEDS), "--user", "Test Librarian <t@example.org>"]
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(autouse=True)
def each_engine(engine_env: str) -> str:
    """Every test here runs on each search engine (`tests.conftest.engine_env`)."""
    return engine_env
