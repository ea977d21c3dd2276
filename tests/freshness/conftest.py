"""An arshif root that is also a git work tree (the archive committed, as README suggests).

Every test here runs on each search engine (`each_engine`): keeping the index fresh is the
freshness module's work, but the index it catches up is the engine's."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import SEEDS, invoke

USER = "Freshness Test <freshness@example.org>"
#: Seed 001 (Arabic, on the withdrawal of US forces from Iraq) holds this word; seed 000
#: (Persian) does not.
WORD_OF_001 = "انسحاب"


def arshif(root: Path, *args: str, exits: tuple[int, ...] = (0,)) -> str:
    """Run one `arshif` command (a new `Repository`, as a new process would open) and return
    its output; fail on an exit code not in `exits`."""
    result = invoke(["--root", str(root), *args])
    assert result.exit_code in exits, result.output
    return result.output


def search_ids(root: Path, query: str) -> list[str]:
    """The ids `arshif search` finds for `query`, in rank order (it exits 1 on no hit)."""
    found = json.loads(arshif(root, "search", query, "--format", "json", exits=(0, 1)))
    return [hit["id"] for hit in found["hits"]]


def seed(number: str) -> Path:
    return next(SEEDS.glob(f"{number}_*.txt"))


class Git:
    """The git work tree at `root`, driven through the real `git` command."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-c", "user.name=Freshness Test", "-c", "user.email=f@example.org",
             "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
            cwd=self.root, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def commit(self, message: str) -> str:
        """Commit everything not ignored; returns the commit's hash."""
        self("add", "--all")
        self("commit", "--quiet", "-m", message)
        return self("rev-parse", "HEAD")


@pytest.fixture(autouse=True)
def each_engine(engine_env: str) -> str:
    """Every test here runs on each search engine (`tests.conftest.engine_env`)."""
    return engine_env


@pytest.fixture
def git_root(tmp_path: Path) -> tuple[Path, Git]:
    """An arshif root inside a new git repository that ignores ``indexes/`` and ``.arshif/``."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "root"
    arshif(root, "init")
    (root / ".gitignore").write_text("indexes/\n.arshif/\n", "utf-8")
    git = Git(root)
    git("init", "--quiet", "--initial-branch=main")
    return root, git
