"""A root with the five seeds ingested through the CLI, built once and copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import SEEDS, invoke


@pytest.fixture(scope="session")
def pristine_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "root"
    assert invoke(["--root", str(root), "init"]).exit_code == 0
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
