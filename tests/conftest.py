"""Shared fixtures: the seeds, the third-party corpora beside the repository, temporary roots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from tests.archives import build_seeds_root

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


# -- the search engine of the archives a test makes ------------------------------------------
# The CLI, curation, facade, crash and concurrency suites run once per engine: their folders'
# conftest.py (and test_crash.py, test_concurrency.py of tests/reliability) use `engine_env`,
# which sets $ARSHIF_ENGINE, the engine `arshif init` and `Repository.init` give a new archive.
# `arshif_engine` is parametrized per session (pytest runs all of one engine, then the other),
# so archives built once per session (seeds_root, pristine_root, corpus_root) are built once per
# engine. `--engines whoosh` runs one engine; `@pytest.mark.engines("whoosh")` keeps a test to
# the engines named (for what only one engine has: Whoosh's scores and files).

ENGINE_NAMES = ("whoosh", "tantivy")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engines",
        default=",".join(ENGINE_NAMES),
        help="the search engines the engine-parametrized suites run on (comma-separated; "
        "default: whoosh,tantivy)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "arshif_engine" not in metafunc.fixturenames:
        return
    chosen = [e.strip() for e in metafunc.config.getoption("engines").split(",") if e.strip()]
    unknown = sorted(set(chosen) - set(ENGINE_NAMES))
    if unknown:
        raise pytest.UsageError(f"--engines: unknown engine {unknown[0]!r}")
    marker = metafunc.definition.get_closest_marker("engines")
    if marker is not None:
        chosen = [e for e in chosen if e in marker.args]
    metafunc.parametrize("arshif_engine", chosen, indirect=True, scope="session")


@pytest.fixture(scope="session")
def arshif_engine(request: pytest.FixtureRequest) -> str:
    """The search engine of the archives this test makes (whoosh outside the parametrized
    suites)."""
    return str(getattr(request, "param", ENGINE_NAMES[0]))


@pytest.fixture
def engine_env(arshif_engine: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """$ARSHIF_ENGINE set to this test's engine: every archive it inits has that engine."""
    monkeypatch.setenv("ARSHIF_ENGINE", arshif_engine)
    return arshif_engine


@pytest.fixture(scope="session")
def seeds_root(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    """The seeds, ingested and given outlets, dates, tags and an author (`tests.archives`),
    built once per engine; read-only: share it, or copy it (`tests.archives.copy_root`) to
    write to it."""
    root = tmp_path_factory.mktemp(f"seeds-{arshif_engine}") / "root"
    return build_seeds_root(root, arshif_engine)
