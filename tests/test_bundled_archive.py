"""The archive committed with the repository: the five seeds, valid OCFL, valid TEI, searchable."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from arshif.store import StorageRoot
from arshif.tei import record_from_tei, validate_record
from tests.cli.helpers import REPO, SEEDS, invoke, objects_valid
from tests.tei_all import load_tei_all

ARCHIVE = REPO / "archive"


def test_bundled_archive_holds_each_seed_byte_exact() -> None:
    store = StorageRoot(ARCHIVE, work_dir=REPO / ".arshif")
    captures = {}
    for oid in store.object_ids():
        record = record_from_tei(store.read(oid, "record.xml"))
        captures[record.capture.sha256] = store.read(oid, record.capture.path)
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest(): p.read_bytes() for p in SEEDS.glob("*")}
    assert captures == seeds


def test_bundled_archive_is_valid_ocfl_and_tei() -> None:
    assert objects_valid(ARCHIVE) == 5
    tei_all = load_tei_all()
    store = StorageRoot(ARCHIVE, work_dir=REPO / ".arshif")
    assert store.verify() == []
    for oid in store.object_ids():
        data = store.read(oid, "record.xml")
        assert validate_record(data) == []
        assert tei_all.errors(data) == []


def test_search_on_a_copy_of_the_bundled_archive(tmp_path: Path) -> None:
    shutil.copytree(ARCHIVE, tmp_path / "archive")
    result = invoke(["--root", str(tmp_path), "search", "موعد انسحاب", "--format", "ndjson"])
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) >= 3
    assert (tmp_path / "indexes").is_dir()
