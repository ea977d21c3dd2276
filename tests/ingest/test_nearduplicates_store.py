"""The near-duplicate check at ingest reads only candidates once a fingerprint store exists,
and finds what reading the whole archive finds."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from arshif.config import Settings
from arshif.curation.fingerprints import MANIFEST, MAX_PARTS, ORPHAN_AGE, FingerprintStore, Profile
from arshif.ingest.files import DEFAULT_SIZE_LIMIT
from arshif.ingest.manifest import iter_manifest
from arshif.ingest.nearduplicates import duplicates_of
from arshif.model import Record, User
from arshif.repository import Repository
from tests.cli.helpers import invoke
from tests.ingest.test_nearduplicates import NEAR, _batch, _init


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


@pytest.mark.usefixtures("engine_env")  # the archive is indexed: on each search engine
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
    store_path = root / "indexes" / "duplicates"
    loaded = FingerprintStore.load(store_path)
    assert loaded is not None
    assert len(loaded[0]) == 80

    # the check `Repository.ingest` runs on the records it adds (a Python caller, no CLI)
    reads = _count_reads(monkeypatch)
    repo = Repository(Settings(root))
    requests = iter_manifest(_manifest(tmp_path / "b.jsonl", second))
    summary = repo.ingest(requests, User("test"), limit=DEFAULT_SIZE_LIMIT)
    added = [o.id for o in summary.outcomes if o.status == "added" and o.id]
    assert len(added) == len(second)

    with_store = _described(list(summary.near_duplicates.found))
    read_with_store = len(set(reads))
    assert read_with_store < len(added) + 10  # the new records and a few candidates
    updated = FingerprintStore.load(store_path)
    assert updated is not None
    assert len(updated[0]) == len(first) + len(second)

    shutil.rmtree(store_path)
    reads.clear()
    whole = _described(duplicates_of(Repository(Settings(root)), added))
    assert len(set(reads)) == len(first) + len(second)  # the whole archive, once
    assert with_store == whole
    assert any("near-duplicate of" in line and "Jaccard" in line for line in whole), whole
    assert sum("shared passage" in line for line in whole) >= 2, whole  # quoter, batch-0/1
    assert len(whole) >= 4, whole


@pytest.mark.usefixtures("engine_env")  # the archive is indexed: on each search engine
def test_a_store_of_another_archive_state_is_not_used(tmp_path: Path) -> None:
    root = _init(tmp_path)
    lines, _ = _batch(30, seed=11)
    path = _manifest(tmp_path / "a.jsonl", lines[:20])
    assert invoke(["--root", str(root), "ingest", "--manifest", str(path)]).exit_code == 0
    store_path = root / "indexes" / "duplicates"
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
    path = tmp_path / "duplicates"
    assert FingerprintStore.load(path) is None  # none at all
    path.mkdir()
    (path / MANIFEST).write_text("not json", "utf-8")
    assert FingerprintStore.load(path) is None
    (path / MANIFEST).write_text(json.dumps({"format": 1, "archive": "0", "parts": []}), "utf-8")
    assert FingerprintStore.load(path) is None  # another format
    store = FingerprintStore.empty().added([("a" * 12, _profile(1, [5, 6]))])
    store.save(path, "1" * 64)
    loaded = FingerprintStore.load(path)
    assert loaded is not None
    assert loaded[1] == "1" * 64
    part = next(p for p in path.iterdir() if p.is_dir())
    (part / "records.npy").write_bytes(b"damaged")
    assert FingerprintStore.load(path) is None
    shutil.rmtree(part)
    assert FingerprintStore.load(path) is None  # a part named but missing


def _profile(seed: int, prints: list[int], exact: bytes | None = None) -> Profile:
    bands = np.arange(seed * 100, seed * 100 + 25, dtype=np.uint64)
    key = exact if exact is not None else seed.to_bytes(16, "little")
    return Profile(key, bands, np.array(sorted(prints), dtype=np.uint64))


def test_each_save_adds_a_part_and_past_the_limit_they_are_merged(tmp_path: Path) -> None:
    path = tmp_path / "duplicates"
    store = FingerprintStore.empty()
    for n in range(MAX_PARTS + 3):
        store = store.added([(f"{n:012d}", _profile(n, [n, 1000]))])
        store.save(path, f"{n:064x}")
        loaded = FingerprintStore.load(path)
        assert loaded is not None
        store, signature = loaded
        assert signature == f"{n:064x}"
        assert store.ids == [f"{i:012d}" for i in range(n + 1)]
        assert store.parts == (n + 1 if n < MAX_PARTS else (n + 1) - MAX_PARTS)
        assert store.record_counts(np.array([1000, n, 99_999], np.uint64)) == {
            1000: n + 1, n: 1, 99_999: 0,
        }  # fmt: skip
        assert store.candidates(_profile(9999, [n])) == {f"{n:012d}"}  # a fingerprint
    assert store.candidates(_profile(3, [])) == {f"{3:012d}"}  # its exact key and bands
    same = _profile(77, [], exact=(4).to_bytes(16, "little"))
    assert store.candidates(same) == {f"{4:012d}"}
    assert store.representative_of(same.exact) == f"{4:012d}"
    # the directory holds the parts the manifest names (and old ones, until ORPHAN_AGE)
    named = json.loads((path / MANIFEST).read_text("utf-8"))["parts"]
    assert set(named) <= {p.name for p in path.iterdir()}


def test_orphaned_parts_are_removed_once_old(tmp_path: Path) -> None:
    path = tmp_path / "duplicates"
    FingerprintStore.empty().added([("a" * 12, _profile(1, [1]))]).save(path, "1" * 64)
    orphan, unfinished = path / "part-0123456789abcdef", path / ".writing-x"
    orphan.mkdir()
    unfinished.mkdir()
    young = path / "part-fedcba9876543210"
    young.mkdir()
    old = time.time() - 2 * ORPHAN_AGE
    os.utime(orphan, (old, old))
    os.utime(unfinished, (old, old))
    loaded = FingerprintStore.load(path)
    assert loaded is not None
    loaded[0].added([("b" * 12, _profile(2, [2]))]).save(path, "2" * 64)
    names = {p.name for p in path.iterdir()}
    assert orphan.name not in names
    assert unfinished.name not in names
    assert young.name in names  # perhaps another process's part, being written
    again = FingerprintStore.load(path)
    assert again is not None
    assert again[0].ids == ["a" * 12, "b" * 12]


@pytest.mark.usefixtures("engine_env")  # the archive is indexed: on each search engine
def test_arshif_duplicates_writes_the_store_for_later_ingests(tmp_path: Path) -> None:
    root = _init(tmp_path)
    lines, _ = _batch(25, seed=5)
    path = _manifest(tmp_path / "a.jsonl", lines)
    assert invoke(["--root", str(root), "ingest", "--manifest", str(path)]).exit_code == 0
    store_path = root / "indexes" / "duplicates"
    shutil.rmtree(store_path)
    result = invoke(["--root", str(root), "duplicates"])
    assert result.exit_code == 0, result.output
    loaded = FingerprintStore.load(store_path)
    assert loaded is not None
    assert len(loaded[0]) == 25
    assert loaded[1] == Repository(Settings(root)).current_signature()


@pytest.mark.usefixtures("engine_env")  # the archive is indexed: on each search engine
def test_a_large_ingest_into_a_fresh_archive_keeps_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import arshif.ingest.nearduplicates as ingest_command

    monkeypatch.setattr(ingest_command, "NEAR_DUPLICATE_CHECK_BYTES", 1000)
    root = _init(tmp_path)
    lines, quote = _batch(40, seed=3)
    result = invoke(
        ["--root", str(root), "ingest", "--manifest", str(_manifest(tmp_path / "a.jsonl", lines))]
    )
    assert "near-duplicates not checked" in result.stderr
    loaded = FingerprintStore.load(root / "indexes" / "duplicates")
    assert loaded is not None  # made from the profiles the ingest computed
    assert len(loaded[0]) == 40
    monkeypatch.setattr(ingest_command, "NEAR_DUPLICATE_CHECK_BYTES", 2**20)
    reads = _count_reads(monkeypatch)
    one = _manifest(tmp_path / "b.jsonl", [{"text": f"بداية {quote} نهاية", "lang": "ar"}])
    result = invoke(["--root", str(root), "ingest", "--manifest", str(one)])
    assert result.exit_code == 0, result.output
    assert len(NEAR.findall(result.stderr)) == 2  # batch-0 and batch-1 quote it
    assert len(set(reads)) <= 5  # the new record and its two candidates, not 41


def test_parts_of_texts_without_words_merge_with_the_others(tmp_path: Path) -> None:
    path = tmp_path / "duplicates"
    wordless = Profile(b"", np.zeros(0, np.uint64), np.zeros(0, np.uint64))
    store = FingerprintStore.empty().added([("0" * 12, wordless)])  # a part of band width 0
    store.save(path, "0" * 64)
    for n in range(1, MAX_PARTS + 2):  # past MAX_PARTS: the parts are merged
        store = store.added([(f"{n:012d}", _profile(n, [n]))])
        store.save(path, f"{n:064x}")
    loaded = FingerprintStore.load(path)
    assert loaded is not None
    assert loaded[0].parts < MAX_PARTS
    assert loaded[0].ids == [f"{n:012d}" for n in range(MAX_PARTS + 2)]
    assert loaded[0].candidates(_profile(3, [])) == {f"{3:012d}"}


def test_new_profiles_past_their_memory_wait_in_a_file_and_come_back_in_order() -> None:
    from arshif.ingest.nearduplicates import NewProfiles

    profiles = NewProfiles(memory=3)
    made = [(f"{n:012d}", _profile(n, [n, n + 7, 1000])) for n in range(10)]
    wordless = ("w" * 12, Profile(b"", np.zeros(0, np.uint64), np.zeros(0, np.uint64)))
    for short, profile in [*made, wordless]:
        profiles.add(short, profile)
    try:
        assert (len(profiles), profiles.spilled, profiles.width) == (11, 8, 25)
        assert list(profiles) == [short for short, _ in [*made, wordless]]
        for (short, profile), (read_short, read) in zip(
            [*made, wordless], profiles.rows(), strict=True
        ):
            assert read_short == short
            assert read.exact == profile.exact
            assert read.bands.tolist() == profile.bands.tolist()
            assert read.fingerprints.tolist() == profile.fingerprints.tolist()
        assert profiles["000000000007"].exact == made[7][1].exact  # by id, from the file
        assert "000000000009" in profiles
        assert "x" * 12 not in profiles
    finally:
        profiles.close()


@pytest.mark.usefixtures("engine_env")  # the archive is indexed: on each search engine
def test_a_large_ingest_writes_the_same_store_when_its_profiles_wait_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Profiles spilled to a file and gathered a few rows at a time make the very store that
    profiles held in memory and gathered at once make."""
    import arshif.curation.fingerprints as fingerprints
    import arshif.ingest.nearduplicates as ingest_command

    monkeypatch.setattr(ingest_command, "NEAR_DUPLICATE_CHECK_BYTES", 1000)
    lines, _ = _batch(40, seed=4)
    lines.append({"text": lines[3]["text"] + " ", "lang": "ar"})  # the same words: no prints
    manifest = _manifest(tmp_path / "a.jsonl", lines)
    spilled: list[int] = []
    rows = ingest_command.NewProfiles.rows

    def counting(self: ingest_command.NewProfiles) -> object:
        spilled.append(self.spilled)
        return rows(self)

    monkeypatch.setattr(ingest_command.NewProfiles, "rows", counting)
    stores = []
    for memory, chunk in ((10_000, 10_000), (6, 7)):
        monkeypatch.setattr(ingest_command, "PROFILES_IN_MEMORY", memory)
        monkeypatch.setattr(fingerprints, "_CHUNK", chunk)
        root = _init(tmp_path / str(memory))
        result = invoke(["--root", str(root), "ingest", "--manifest", str(manifest)])
        assert result.exit_code == 0, result.output
        assert "near-duplicates not checked" in result.stderr
        parts = list((root / "indexes" / "duplicates").glob("part-*"))
        assert len(parts) == 1
        stores.append({a: np.load(parts[0] / f"{a}.npy") for a in fingerprints._ARRAYS})
    assert spilled == [0, 35]
    assert len(stores[0]["ids"]) == 41
    for name, array in stores[0].items():
        assert array.tolist() == stores[1][name].tolist(), name
