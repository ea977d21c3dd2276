"""`Repository.ingest` called from Python (no CLI) checks the new records for near-duplicates,
returns them with the outcomes, and keeps the fingerprint store current for later ingests."""

from __future__ import annotations

from pathlib import Path

import pytest

import arshif.ingest.nearduplicates as nearduplicates
from arshif.config import Settings
from arshif.curation.fingerprints import FingerprintStore
from arshif.ingest.files import DEFAULT_SIZE_LIMIT
from arshif.ingest.prepare import CaptureRequest
from arshif.model import User
from arshif.repository import Repository
from tests.cli.helpers import SEEDS
from tests.curation_cli.helpers import COPY, WIRE

#: Every test here runs on each search engine (`tests.conftest.engine_env`).
pytestmark = pytest.mark.usefixtures("engine_env")

USER = User("Python Caller", "caller@example.org")


def _request(seed: str) -> CaptureRequest:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    return CaptureRequest(path.read_bytes(), str(path))


def _store(root: Path) -> tuple[FingerprintStore, str]:
    loaded = FingerprintStore.load(root / "indexes" / "duplicates")
    assert loaded is not None
    return loaded


def test_ingest_returns_near_duplicates_and_keeps_the_store_current(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "root")
    first = repo.ingest([_request("001")], USER, limit=DEFAULT_SIZE_LIMIT)
    assert first.added == [WIRE]
    assert first.near_duplicates.found == ()
    assert first.near_duplicates.not_checked is None
    store, signature = _store(repo.settings.root)
    assert store.ids == [WIRE]
    assert signature == repo.current_signature()

    # seed 003 quotes two wire passages of seed 001: a near-duplicate of it
    second = Repository(Settings(repo.settings.root)).ingest(
        [_request("003"), _request("001")], USER, limit=DEFAULT_SIZE_LIMIT
    )
    assert [(o.status, o.id) for o in second.outcomes] == [("added", COPY), ("duplicate", WIRE)]
    assert [(d.id, d.other) for d in second.near_duplicates.found] == [(COPY, WIRE)]
    assert (
        second.near_duplicates.found[0]
        .describe()
        .startswith(f"{COPY}: near-duplicate of {WIRE} (2 shared passages")
    )
    store, signature = _store(repo.settings.root)
    assert sorted(store.ids) == sorted([WIRE, COPY])
    assert signature == Repository(Settings(repo.settings.root)).current_signature()


def test_a_large_ingest_is_not_checked_but_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nearduplicates, "NEAR_DUPLICATE_CHECK_BYTES", 100)
    repo = Repository.init(tmp_path / "root")
    summary = repo.ingest([_request("001"), _request("003")], USER, limit=DEFAULT_SIZE_LIMIT)
    assert summary.added == [WIRE, COPY]
    assert summary.near_duplicates.found == ()
    assert summary.near_duplicates.not_checked is not None
    assert "run `arshif duplicates`" in summary.near_duplicates.not_checked
    store, signature = _store(repo.settings.root)  # remembered for later ingests
    assert sorted(store.ids) == sorted([WIRE, COPY])
    assert signature == repo.current_signature()
