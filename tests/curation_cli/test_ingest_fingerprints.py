"""The near-duplicate check at ingest reads only candidates once a fingerprint store exists,
and finds what reading the whole archive finds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from arshif.config import Settings
from arshif.curation.fingerprints import FingerprintStore
from arshif.curator import Curator
from arshif.ingest import DEFAULT_SIZE_LIMIT, iter_manifest
from arshif.model import Record, User
from arshif.repository import Repository
from tests.cli.helpers import invoke
from tests.curation_cli.test_ingest_duplicates import NEAR, _batch, _init


def _manifest(path: Path, lines: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    return path


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the records read from the archive from now on (`Repository.record`)."""
    reads: list[str] = []
    original = Repository.record

    def counting(self: Repository, short_id: str, version: str | None = None) -> Record:
        reads.append(short_id)
        return original(self, short_id, version)

    monkeypatch.setattr(Repository, "record", counting)
    return reads


def _described(found: list[object] | None) -> list[str]:
    assert found is not None
    return sorted(item.describe() for item in found)  # type: ignore[attr-defined]


def test_a_later_ingest_reads_only_candidates_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _init(tmp_path)
    lines, quote = _batch(140)
    first, second = lines[:80], lines[80:]
    # in the second batch: a near-copy of a first-batch article (three words changed), an
    # article quoting the wire passage of batch-0, and the same words as batch-5 re-punctuated
    near = first[10]["text"].split(" ")
    near[5:8] = ["تغيير", "بسيط", "هنا"]
    second += [
        {"text": " ".join(near), "source_id": "near-copy", "lang": "ar"},
        {"text": f"مقدمة جديدة تماما. {quote} خاتمة أخرى.", "source_id": "quoter", "lang": "ar"},
        {"text": first[5]["text"].replace(" ", "  ") + "!", "source_id": "same", "lang": "ar"},
    ]
    manifest = _manifest(tmp_path / "a.jsonl", first)
    assert invoke(["--root", str(root), "ingest", "--manifest", str(manifest)]).exit_code == 0
    store_path = root / "indexes" / "duplicates.npz"
    loaded = FingerprintStore.load(store_path)
    assert loaded is not None
    assert len(loaded[0]) == 80

    repo = Repository(Settings(root))
    requests = iter_manifest(_manifest(tmp_path / "b.jsonl", second))
    summary = repo.ingest(requests, User("test"), limit=DEFAULT_SIZE_LIMIT)
    added = [o.id for o in summary.outcomes if o.status == "added" and o.id]
    assert len(added) == len(second)

    reads = _count_reads(monkeypatch)
    with_store = _described(Curator(Repository(Settings(root))).duplicates_of(added))
    read_with_store = len(set(reads))
    assert read_with_store < len(added) + 10  # the new records and a few candidates
    updated = FingerprintStore.load(store_path)
    assert updated is not None
    assert len(updated[0]) == len(first) + len(second)

    store_path.unlink()
    reads.clear()
    whole = _described(Curator(Repository(Settings(root))).duplicates_of(added))
    assert len(set(reads)) == len(first) + len(second)  # the whole archive, once
    assert with_store == whole
    assert any("near-duplicate of" in line and "Jaccard" in line for line in whole), whole
    assert sum("shared passage" in line for line in whole) >= 2, whole  # quoter, batch-0/1
    assert len(whole) >= 4, whole


def test_a_store_of_another_archive_state_is_not_used(tmp_path: Path) -> None:
    root = _init(tmp_path)
    lines, _ = _batch(30, seed=11)
    path = _manifest(tmp_path / "a.jsonl", lines[:20])
    assert invoke(["--root", str(root), "ingest", "--manifest", str(path)]).exit_code == 0
    store_path = root / "indexes" / "duplicates.npz"
    loaded = FingerprintStore.load(store_path)
    assert loaded is not None
    store, _signature = loaded
    # a store claiming another archive state: the next ingest reads the whole archive and
    # writes a store for the archive as it is
    store.save(store_path, "0" * 64)
    path = _manifest(tmp_path / "b.jsonl", lines[20:])
    result = invoke(["--root", str(root), "ingest", "--manifest", str(path)])
    assert result.exit_code == 0, result.output
    assert NEAR.findall(result.stderr) == []
    again = FingerprintStore.load(store_path)
    assert again is not None
    assert again[1] != "0" * 64
    assert len(again[0]) == 30
    assert again[1] == Repository(Settings(root)).current_signature()


def test_a_damaged_store_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "duplicates.npz"
    path.write_bytes(b"not an npz file")
    assert FingerprintStore.load(path) is None
    np.savez(path, format=np.array(99))
    assert FingerprintStore.load(path) is None


def test_arshif_duplicates_writes_the_store_for_later_ingests(tmp_path: Path) -> None:
    root = _init(tmp_path)
    lines, _ = _batch(25, seed=5)
    path = _manifest(tmp_path / "a.jsonl", lines)
    assert invoke(["--root", str(root), "ingest", "--manifest", str(path)]).exit_code == 0
    store_path = root / "indexes" / "duplicates.npz"
    store_path.unlink()
    result = invoke(["--root", str(root), "duplicates"])
    assert result.exit_code == 0, result.output
    loaded = FingerprintStore.load(store_path)
    assert loaded is not None
    assert len(loaded[0]) == 25
    assert loaded[1] == Repository(Settings(root)).current_signature()


def test_a_large_ingest_into_a_fresh_archive_keeps_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import arshif.cli.ingest as ingest_command

    monkeypatch.setattr(ingest_command, "NEAR_DUPLICATE_CHECK_BYTES", 1000)
    root = _init(tmp_path)
    lines, quote = _batch(40, seed=3)
    result = invoke(
        ["--root", str(root), "ingest", "--manifest", str(_manifest(tmp_path / "a.jsonl", lines))]
    )
    assert "near-duplicates not checked" in result.stderr
    loaded = FingerprintStore.load(root / "indexes" / "duplicates.npz")
    assert loaded is not None  # made from the profiles the ingest computed
    assert len(loaded[0]) == 40
    monkeypatch.setattr(ingest_command, "NEAR_DUPLICATE_CHECK_BYTES", 2**20)
    reads = _count_reads(monkeypatch)
    one = _manifest(tmp_path / "b.jsonl", [{"text": f"بداية {quote} نهاية", "lang": "ar"}])
    result = invoke(["--root", str(root), "ingest", "--manifest", str(one)])
    assert result.exit_code == 0, result.output
    assert len(NEAR.findall(result.stderr)) == 2  # batch-0 and batch-1 quote it
    assert len(set(reads)) <= 5  # the new record and its two candidates, not 41
