"""SearchIndex: building, updating, atomic rebuilds and the analysis version check."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable
from pathlib import Path

import pytest

from arshif.errors import IndexStale
from arshif.model import Record
from arshif.search import SCHEMA_VERSION, SearchIndex, search
from arshif.search.fields import record_document
from arshif.search.whoosh.indexer import CURRENT, INFO
from arshif.search.whoosh.schema import build_schema
from arshif.text.language import detect_language

from .helpers import ALL, ARABIC, PERSIAN, WITHDRAWN, make_record


def generation(index: SearchIndex) -> Path:
    """The Whoosh generation folder the index opened."""
    folder: Path = index.engine_index.generation  # type: ignore[attr-defined]
    return folder


def rebuild(index: SearchIndex, records: Iterable[Record]) -> SearchIndex:
    """What `arshif reindex` does: a new index built at the same path, the old one closed."""
    index.close()
    return SearchIndex.build(index.path, records)


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    index = SearchIndex.build(tmp_path / "index")
    index.add(ALL)
    return index


def test_build_makes_an_empty_current_index(tmp_path: Path) -> None:
    index = SearchIndex.build(tmp_path / "index")
    assert index.doc_count() == 0
    assert index.ids() == []
    assert (tmp_path / "index" / CURRENT).read_text().strip() == generation(index).name
    info = json.loads((generation(index) / INFO).read_text())
    assert info["schema_version"] == SCHEMA_VERSION
    assert SearchIndex.stored_version(tmp_path / "index") == SCHEMA_VERSION
    assert generation(SearchIndex.open(tmp_path / "index")) == generation(index)


def test_add_replace_delete(index: SearchIndex) -> None:
    assert index.doc_count() == 3
    assert index.ids() == sorted(r.id for r in ALL)
    assert index.versions()[PERSIAN.id] == "v1"
    edited = make_record(
        PERSIAN.id, "متن تازه درباره اصفهان", title="عنوان تازه", lang="fa", version="v2"
    )
    index.replace([edited])
    assert index.doc_count() == 3
    assert index.versions()[PERSIAN.id] == "v2"
    assert search(index, "اصفهان").hits[0].title == "عنوان تازه"
    assert search(index, "تهران").total == 0
    assert index.delete([ARABIC.id, "nosuchid"]) == 1
    assert index.ids() == sorted([PERSIAN.id, WITHDRAWN.id])


def test_rebuild_swaps_generations_atomically(index: SearchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index"
    before = generation(index)
    reader = SearchIndex.open(path)  # a reader on the old generation
    assert search(reader, "تهران").total == 1
    index = rebuild(index, [ARABIC])
    assert generation(index) != before
    assert index.ids() == [ARABIC.id]
    assert (path / CURRENT).read_text().strip() == generation(index).name
    assert before.exists()  # kept while a reader holds it
    assert search(reader, "تهران").total == 1  # the old reader still works
    assert SearchIndex.open(path).ids() == [ARABIC.id]
    middle = generation(index)
    index = rebuild(index, [PERSIAN])
    assert before.exists()  # still held
    assert not middle.exists()  # held by nobody
    assert search(reader, "تهران").total == 1
    reader.close()
    assert SearchIndex.open(path).ids() == [PERSIAN.id]  # an open removes what none holds
    assert not before.exists()
    assert [p.name for p in path.iterdir() if p.is_dir()] == [generation(index).name]
    assert not list(path.glob(".building-*"))


def test_a_rebuild_without_readers_leaves_one_generation(
    index: SearchIndex, tmp_path: Path
) -> None:
    path = tmp_path / "index"
    for records in ([ARABIC], [PERSIAN], [ARABIC, PERSIAN]):
        index = rebuild(index, records)
        assert [p.name for p in path.iterdir() if p.is_dir()] == [generation(index).name]


def test_failed_rebuild_leaves_the_old_index(index: SearchIndex, tmp_path: Path) -> None:
    def broken():  # type: ignore[no-untyped-def]
        yield ARABIC
        raise RuntimeError("store read failed")

    with pytest.raises(RuntimeError):
        rebuild(index, broken())
    assert SearchIndex.open(tmp_path / "index").doc_count() == 3
    assert not list((tmp_path / "index").glob(".building-*"))


def test_other_analysis_version_is_stale(index: SearchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index"
    info = generation(index) / INFO
    info.write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    with pytest.raises(IndexStale) as caught:
        SearchIndex.open(path)
    message = str(caught.value)
    assert f"analysis version {SCHEMA_VERSION - 1}" in message
    assert f"uses {SCHEMA_VERSION}" in message
    assert "arshif reindex" in message
    with pytest.raises(IndexStale):
        SearchIndex.open(path)
    rebuilt = SearchIndex.build(path, ALL)  # what `arshif reindex` does
    assert SearchIndex.open(path).doc_count() == rebuilt.doc_count() == 3


def test_missing_or_unreadable_index_is_stale(tmp_path: Path) -> None:
    with pytest.raises(IndexStale, match="no search index"):
        SearchIndex.open(tmp_path / "nothing")
    index = SearchIndex.build(tmp_path / "index")
    (generation(index) / INFO).write_text("{not json")
    with pytest.raises(IndexStale, match="arshif reindex"):
        SearchIndex.open(tmp_path / "index")
    (generation(index) / INFO).write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
    for toc in generation(index).glob("*.toc"):
        toc.unlink()
    with pytest.raises(IndexStale, match="cannot be read"):
        SearchIndex.open(tmp_path / "index")


def test_schema_pickles_round_trip() -> None:
    schema = build_schema()
    restored = pickle.loads(pickle.dumps(schema))
    assert restored.names() == schema.names()
    for name in schema.names():  # (Whoosh's sortable column objects have no __eq__)
        assert type(restored[name]) is type(schema[name])
        assert getattr(restored[name], "analyzer", None) == getattr(schema[name], "analyzer", None)
    assert len(pickle.dumps(schema)) < 60_000


def test_documents_from_records() -> None:
    doc = record_document(PERSIAN)
    assert doc["body_fa"] == PERSIAN.text
    assert "body_ar" not in doc
    assert doc["title_fa"] == doc["title"] == PERSIAN.metadata.title
    assert doc["tag"] == "سیاست,حقوق بشر"
    assert doc["withdrawn"] is False
    assert record_document(WITHDRAWN)["withdrawn"] is True
    assert "author" not in record_document(ARABIC)  # absent metadata is not indexed as ""


def test_language_is_guessed_only_when_not_recorded() -> None:
    assert detect_language("نیروهای آمریکایی از عراق خارج می‌شوند و گفت که") == "fa"
    assert detect_language("نيروهاي آمريكايي از عراق خارج مي شوند و گفت كه پس از چند") == "fa"
    assert detect_language("القوات الأمريكية تنسحب من العراق") == "ar"
    unknown = make_record("xx0001", "گروه‌های سیاسی در تهران جلسه داشتند و چند پیشنهاد")
    assert record_document(unknown)["lang"] == "fa"
