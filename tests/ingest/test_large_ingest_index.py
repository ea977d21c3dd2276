"""A large ingest (more new records than `INDEX_BATCH`) indexes the records it wrote from its
own copy of them, not parsed back from the archive, on each engine."""

from __future__ import annotations

from pathlib import Path

import pytest

import arshif.ingest.pipeline as pipeline
import arshif.records
from arshif.ingest.files import DEFAULT_SIZE_LIMIT
from arshif.ingest.prepare import CaptureRequest
from arshif.model import Metadata, User
from arshif.repository import Repository

USER = User("Python Caller", "caller@example.org")
WORDS = ("الرياض", "جدة", "مكة", "الدمام", "تبوك", "أبها", "حائل", "نجران", "جازان", "الطائف")


def _request(number: int) -> CaptureRequest:
    word = WORDS[number % len(WORDS)]
    text = (
        f"خبر رقم {number} من {word}.\n\n"
        f"قال المتحدث إن المشروع {number} في {word} سيكتمل العام المقبل بعد مراجعة الخطط.\n"
    )
    return CaptureRequest(text.encode("utf-8"), f"news-{number}.txt", Metadata(lang="ar"))


def test_a_large_ingest_indexes_its_own_records(
    tmp_path: Path, engine_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "INDEX_BATCH", 4)  # 23 records: the large ingest's path

    def no_reading_back(*args: object) -> None:
        raise AssertionError("the records written were read back from the archive")

    monkeypatch.setattr(arshif.records, "shard_records", no_reading_back)
    repo = Repository.init(tmp_path / "root")
    summary = repo.ingest([_request(n) for n in range(23)], USER, limit=DEFAULT_SIZE_LIMIT)
    assert len(summary.added) == 23
    assert repo.index_lag() == 0
    assert repo.record_count() == 23
    hits = repo.search('"المشروع 7"', snippets=False)
    assert [hit.id for hit in hits.hits] == [summary.added[7]]
    assert {hit.id for hit in repo.search("نجران", snippets=False).hits} == {
        summary.added[n] for n in range(23) if n % len(WORDS) == 7
    }
