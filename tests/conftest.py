"""Shared fixtures: the seeds, the third-party corpora beside the repository, temporary roots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not time: no per-example deadline (Hypothesis's default is
# 200 ms; the CSV round-trip property failed once in a fresh clone's first, cold run and in none
# of 4,000 examples run after it, which points at that deadline), and a failing example is
# printed with its reproduction blob.
settings.register_profile("arshif", deadline=None, print_blob=True)
settings.load_profile("arshif")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CORPORA = REPO.parent / "shared" / "corpora"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_path(path: Path, what: str) -> Path:
    """Skip (outside CI) or fail (under CI=true) when a corpus or tool is missing."""
    if path.exists():
        return path
    message = f"{what} not found at {path} (it lives beside the repository, in ../shared)"
    if IN_CI:
        pytest.fail(message + "; under CI=true a missing corpus is a failure")
    pytest.skip(message)


def need_tool(name: str) -> str:
    """The path of an external validator, skipping outside CI and failing under CI when absent."""
    found = shutil.which(name)
    if found:
        return found
    message = (
        f"{name} is not installed (`bash scripts/install-validators.sh` installs it; .ci/run does)"
    )
    if IN_CI:
        pytest.fail(message + "; under CI=true a missing validator is a failure")
    pytest.skip(message)


@pytest.fixture(scope="session")
def corpora() -> Path:
    return need_path(CORPORA, "the shared corpora")


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
