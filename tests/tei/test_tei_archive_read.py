"""Records read back from an archive of real texts are exactly what was written.

The archive holds the seeds (edited: outlets, dates, tags, an author) and SaudiNewsNet (Arabic)
and Fars News (Persian) articles, one of them withdrawn and two linked: for every version of
every record, the record read from the store (`Repository.record`, as a reindex reads it) writes
back to the stored TEI byte for byte, and `text_from_tei` gives its text.
"""

from __future__ import annotations

from pathlib import Path

from arshif.repository import Repository
from arshif.tei import record_to_tei
from arshif.tei.read import text_from_tei
from tests.archives import USER, copy_root, corpus_entries, run, write_manifest


def test_every_stored_version_reads_back_to_its_tei(
    seeds_root: Path, corpora: Path, tmp_path: Path
) -> None:
    root = copy_root(seeds_root, tmp_path / "root")
    sample = corpus_entries(corpora, authors=True)[::10]  # 20 Arabic, 10 Persian
    assert {entry["lang"] for entry in sample} == {"ar", "fa"}
    manifest = write_manifest(tmp_path / "sample.jsonl", sample)
    assert run(root, "ingest", "--manifest", str(manifest), "--user", USER).exit_code == 0
    repository = Repository.find(root)
    first, second, third = repository.ids()[:3]
    assert run(root, "withdraw", first, "--reason", "نسخة مكررة", "--user", USER).exit_code == 0
    linked = run(root, "link", second, third, "--as", "same-story", "-m", "x", "--user", USER)
    assert linked.exit_code == 0, linked.output
    versions = 0
    for short_id in repository.ids():
        for version in repository.versions(short_id):
            stored = repository.record_tei(short_id, version.version)
            record = repository.record(short_id, version.version)
            assert record_to_tei(record) == stored, (short_id, version.version)
            assert text_from_tei(stored) == record.text
            versions += 1
    assert versions >= len(sample) + 5 + 3  # the seeds, the sample, the new versions
