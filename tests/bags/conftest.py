"""Fixtures for the bag tests: an archive with edits and a withdrawal, its bag, fresh roots
(on each search engine)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from arshif.archiveconfig import ArchiveConfig
from arshif.repository import Repository
from tests.cli.helpers import SEEDS, invoke, seed_ids

ARCHIVE_NAME = "أرشيف الأخبار العراقية"
LIBRARIAN = "Test Librarian <t@example.org>"
CORRECTOR = "Maryam Corrector <m@example.org>"


def run(root: Path, *args: str) -> None:
    result = invoke(["--root", str(root), *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(autouse=True)
def each_engine(engine_env: str) -> str:
    """Every test here runs on each search engine (`tests.conftest.engine_env`): an imported
    bag is indexed, and its searches must find what the source archive's do."""
    return engine_env


@pytest.fixture(scope="module")
def source_root(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    """The seeds, two of them corrected (three versions, two users) and one withdrawn."""
    root = tmp_path_factory.mktemp(f"source-{arshif_engine}") / "root"
    config = ArchiveConfig(
        name=ARCHIVE_NAME, admin_email="archive@example.org", engine=arshif_engine
    )
    Repository.init(root, config)
    run(root, "ingest", str(SEEDS), "--user", LIBRARIAN)
    ids = seed_ids()
    run(root, "edit", ids["001"], "--set", "title=عنوان مصحح", "-m", "Title", "--user", CORRECTOR)
    run(root, "edit", ids["001"], "--set", "tags=+wire", "-m", "Tag", "--user", LIBRARIAN)
    run(root, "edit", ids["000"], "--set", "outlet=kayhan.ir", "-m", "Outlet", "--user", CORRECTOR)
    run(root, "withdraw", ids["004"], "--reason", "Takedown request", "--user", LIBRARIAN)
    return root


@pytest.fixture(scope="module")
def source_bag(source_root: Path) -> Path:
    """Every record of `source_root`, withdrawn ones too, as a bag (never changed by a test)."""
    bag = source_root.parent / "bag"
    result = invoke(
        ["--root", str(source_root), "export", "--bag", str(bag), "--include-withdrawn"]
    )
    assert result.exit_code == 0, result.output
    return bag


@pytest.fixture
def bag(source_bag: Path, tmp_path: Path) -> Path:
    """A copy of `source_bag` that a test may damage."""
    copy = tmp_path / "bag"
    shutil.copytree(source_bag, copy, symlinks=True)
    return copy


@pytest.fixture
def fresh_root(tmp_path: Path) -> Path:
    root = tmp_path / "fresh"
    run(root, "init")
    return root


def bagit_validate(bag: Path) -> subprocess.CompletedProcess[str]:
    """The bagit-python command line, `bagit.py --validate`, run on `bag`."""
    script = Path(sys.executable).parent / "bagit.py"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bagit"]
    return subprocess.run(
        [*command, "--validate", str(bag)], capture_output=True, text=True, check=False
    )


def tree(path: Path) -> dict[str, bytes]:
    """Every file under `path` and its bytes (to show that nothing was written)."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in files}
