"""`Repository.verify` (`arshif.verification`) called from Python on the seeds root: each of its
checks finds what it is for on disk, and `repair` brings the index back."""

from __future__ import annotations

import shutil
from pathlib import Path

from arshif.config import Settings
from arshif.model import object_id_for
from arshif.repository import Repository


def codes(repo: Repository) -> set[tuple[str | None, str]]:
    return {(problem.object_id, problem.code) for problem in repo.verify()}


def test_a_whole_archive_has_no_problems(root: Path) -> None:
    assert Repository(Settings(root)).verify() == []


def test_damaged_settings_are_a_config_problem(root: Path) -> None:
    (root / "archive" / "arshif.json").write_text('{"name": 5}', "utf-8")
    assert codes(Repository(Settings(root))) == {(None, "CONFIG")}


def test_repair_with_damaged_settings_reports_them(root: Path) -> None:
    # the index's engine is unknown: repair recovers the store, leaves the index, says why
    (root / "archive" / "arshif.json").write_text('{"name": 5}', "utf-8")
    problems = Repository(Settings(root)).verify(repair=True)
    assert {(p.object_id, p.code) for p in problems} == {(None, "CONFIG")}


def test_a_missing_index_is_reported_and_repaired(root: Path) -> None:
    repo = Repository(Settings(root))
    shutil.rmtree(root / "indexes")
    problems = repo.verify()
    assert [(p.object_id, p.code) for p in problems] == [(None, "INDEX")]
    assert f"lags the archive by {len(repo.ids())} record(s)" in problems[0].message
    assert Repository(Settings(root)).verify(repair=True) == []
    assert Repository(Settings(root)).verify() == []


def test_a_changed_record_is_named_by_the_store_check_and_not_read_again(root: Path) -> None:
    repo = Repository(Settings(root))
    short = repo.ids()[0]
    oid = object_id_for(short)
    record = next(repo.store.object_path(oid).glob("v1/content/record.xml"))
    record.write_bytes(record.read_bytes().replace(b"<TEI", b"<TEX", 1))
    found = codes(repo)
    assert {code for object_id, code in found if object_id == oid} != set()
    assert (oid, "TEI") not in found  # the object the store found broken is not read again
