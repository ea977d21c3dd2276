"""The facade's curation and reading methods called from Python, as a notebook or a script
calls them: every correction a new OCFL version, checked on disk (`check_archive`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from arshif.config import Settings
from arshif.errors import UsageError, VersionNotFound
from arshif.model import Record, User
from arshif.repository import Repository
from tests.curation_cli.helpers import COPY, KAYHAN, PERSIAN, WIRE, check_archive, version_dirs

FATIMA = User("Fatima Ahmadi", "mailto:fatima@example.org")


@pytest.fixture
def repo(root: Path) -> Repository:
    return Repository(Settings(root))


def test_edit_history_diff_and_revert(root: Path, repo: Repository) -> None:
    before = repo.record(KAYHAN).metadata.outlet
    assert [c.field for c in repo.preview_edit(KAYHAN, ["outlet=Kayhan"])] == ["outlet"]
    assert version_dirs(root, KAYHAN) == ["v1"]  # a preview writes nothing
    info = repo.edit(KAYHAN, ["outlet=Kayhan"], "Outlet from the masthead", FATIMA)
    assert info is not None
    assert info.version == "v2"
    assert repo.edit(KAYHAN, ["outlet=Kayhan"], None, FATIMA) is None  # no change, no version
    assert repo.head(KAYHAN) == "v2"
    entries = list(repo.history(KAYHAN))
    assert [e.version.version for e in entries] == ["v1", "v2"]
    assert [(c.field, c.old, c.new) for c in entries[1].changes] == [("outlet", before, "Kayhan")]
    diff = repo.diff(KAYHAN, "v1", "v2")
    assert [c.field for c in diff.metadata] == ["outlet"]
    assert not diff.paragraphs
    assert diff.as_dict()["metadata"][0]["new"] == "Kayhan"
    with pytest.raises(VersionNotFound):
        repo.diff(KAYHAN, "v1", "v9")
    reverted = repo.revert(KAYHAN, "v1", None, FATIMA)
    assert reverted is not None
    assert reverted.message == "Reverted to v1"
    assert repo.record(KAYHAN).metadata.outlet == before
    check_archive(root, {KAYHAN: 3})


def test_withdraw_restore_and_listing(root: Path, repo: Repository) -> None:
    assert repo.withdraw(PERSIAN, "Takedown request", None, FATIMA) is not None
    with pytest.raises(UsageError, match="already withdrawn"):
        repo.withdraw(PERSIAN, "again", None, FATIMA)
    assert PERSIAN not in {r.id for r in repo.listed()}
    assert PERSIAN in {r.id for r in repo.listed(include_withdrawn=True)}
    assert repo.restore(PERSIAN, None, FATIMA) is not None
    with pytest.raises(UsageError, match="not withdrawn"):
        repo.restore(PERSIAN, None, FATIMA)
    assert PERSIAN in {r.id for r in repo.listed(lang="fa")}
    check_archive(root, {PERSIAN: 3})


def test_link_writes_both_records_once(root: Path, repo: Repository) -> None:
    written = repo.link(COPY, WIRE, "duplicate-of", None, FATIMA)
    assert sorted(w.id for w in written) == sorted([COPY, WIRE])
    assert repo.link(COPY, WIRE, "duplicate-of", None, FATIMA) == []
    assert [(link.kind, link.target) for link in repo.record(COPY).links] == [
        ("duplicate-of", WIRE)
    ]
    with pytest.raises(UsageError):
        repo.link(COPY, COPY, "same-story", None, FATIMA)
    check_archive(root, {COPY: 2, WIRE: 2})


def test_metadata_csv_round_trip(root: Path, repo: Repository, tmp_path: Path) -> None:
    records = list(repo.records())
    text = repo.metadata_csv(records)
    assert repo.plan_csv(text.encode("utf-8")) == []  # the export read back changes nothing
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    wire = next(row for row in rows if row["id"] == WIRE)
    wire["outlet"] = "Wire"
    edited = tmp_path / "fixes.csv"
    with edited.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow(wire)
    plans = repo.plan_csv(edited)
    assert [p.id for p in plans] == [WIRE]
    written = repo.apply_csv(edited, None, FATIMA, name=edited.name)
    assert [w.id for w in written] == [WIRE]
    assert written[0].version.message.startswith("Batch edit from fixes.csv")
    check_archive(root, {WIRE: 2})


def test_edited_tei_is_checked_before_it_is_stored(root: Path, repo: Repository) -> None:
    original = repo.record_tei(KAYHAN)
    problems = repo.read_edited_tei(original.replace(b"<TEI ", b"<TAI ", 1), original)
    assert isinstance(problems, list)
    assert problems
    record = repo.read_edited_tei(original, original)
    assert isinstance(record, Record)
    assert record.id == KAYHAN
    assert repo.replace_record(KAYHAN, record, None, FATIMA, expected_head="v1") is None
    check_archive(root)


def test_search_page_kwic_similar_and_stats(repo: Repository) -> None:
    page = repo.search_page("المقاومة", limit=1, facets=["outlet"])
    assert page.total >= 2
    assert len(page) == 1
    assert page.facets["outlet"]
    second = repo.search_page("المقاومة", limit=1, page=2)
    assert second.offset == 1
    assert second.hits[0].id != page.hits[0].id
    for bad in ({"limit": -1}, {"offset": 1, "page": 2}, {"page": 0}, {"sort": "size"}):
        with pytest.raises(UsageError):
            repo.search_page("المقاومة", **bad)  # type: ignore[arg-type]
    assert repo.kwic("المقاومة", width=20)
    assert repo.similar(WIRE).query == f"similar:{WIRE}"
    stats = repo.stats()
    assert stats.records == 5
    assert stats.withdrawn == 0
    assert sum(count for _, count in repo.facet_counts(["lang"])["lang"]) == 5
