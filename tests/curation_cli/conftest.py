"""A root with the five seeds ingested through the CLI, built once and copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import SEEDS, invoke


@pytest.fixture(scope="session")
def pristine_root(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    root = tmp_path_factory.mktemp(f"pristine-{arshif_engine}") / "root"
    assert invoke(["--root", str(root), "init", "--engine", arshif_engine]).exit_code == 0
    result = invoke(
        ["--root", str(root), "ingest", str(SEEDS), "--user", "Ingest Robot <robot@example.org>"]
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def root(pristine_root: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeds root (archive, index and work folder)."""
    copy = tmp_path / "root"
    shutil.copytree(pristine_root, copy)
    return copy


@pytest.fixture(autouse=True)
def each_engine(engine_env: str) -> str:
    """Every test here runs on each search engine (`tests.conftest.engine_env`)."""
    return engine_env
