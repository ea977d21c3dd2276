"""Whoosh index generations whose segments are built by several processes, and large
replaces indexed in parallel (`arshif.search.whoosh.segments`)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from arshif.errors import InputError
from arshif.model import Record
from arshif.search import SearchIndex, search
from arshif.search import sharding as sharding_module
from arshif.search.sharding import SHARD_FROM, shards
from arshif.search.whoosh import indexer

from .helpers import make_record


def _records(count: int, word: str = "خبر") -> list[Record]:
    return [
        make_record(
            f"9e{i:010x}",
            f"{word} رقم {i} عن الاقتصاد والسياسة في المنطقة {'الرياض' if i % 2 else 'جدة'}",
            title=f"عنوان {i}",
            lang="ar",
        )
        for i in range(count)
    ]


def _ids(index: SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in search(index, query, limit=10_000).hits}


def _segments(index: SearchIndex) -> list[object]:
    """The Whoosh segments of the index's latest commit."""
    return list(index.engine_index._ix._segments())  # type: ignore[attr-defined]


def _from(records: list[Record]) -> Iterator[Record]:
    yield from records


def _failing(records: list[Record]) -> Iterator[Record]:
    yield from records[:10]
    raise InputError("record 10 cannot be read")


def test_shards_are_contiguous_and_cover_everything() -> None:
    items = list(range(5 * SHARD_FROM + 3))
    parts = shards(items, most=2)
    assert len(parts) == 2
    assert [x for part in parts for x in part] == items
    assert shards(items[: 2 * SHARD_FROM - 1], most=4) == [items[: 2 * SHARD_FROM - 1]]


def test_a_generation_built_by_two_processes_holds_every_record(tmp_path: Path) -> None:
    records = _records(600)
    seen = []
    parts = [records[:300], records[300:]]
    index = SearchIndex.build(
        tmp_path / "ix",
        shards=[functools.partial(_from, part) for part in parts],
        on_record=lambda: seen.append(1),
    )
    assert index.doc_count() == 600
    assert len(seen) == 600  # progress from both processes
    assert len(_segments(index)) == 2
    assert _ids(index, "الرياض") == {r.id for i, r in enumerate(records) if i % 2}
    assert _ids(index, '"رقم 599"') == {records[599].id}
    assert sorted(index.ids()) == sorted(r.id for r in records)


@pytest.mark.parametrize("failing", [0, 1], ids=["this process", "a child"])
def test_a_failing_process_leaves_the_old_generation(tmp_path: Path, failing: int) -> None:
    path = tmp_path / "ix"
    old = SearchIndex.build(path, _records(5))
    records = _records(600)
    sources = [functools.partial(_from, records[:300]), functools.partial(_from, records[300:])]
    sources[failing] = functools.partial(_failing, records)
    with pytest.raises(InputError, match="record 10 cannot be read"):
        SearchIndex.build(path, shards=sources)
    reopened = SearchIndex.open(path).engine_index
    assert reopened.generation == old.engine_index.generation  # type: ignore[attr-defined]
    assert SearchIndex.open(path).doc_count() == 5
    assert not [p for p in path.iterdir() if p.name.startswith(".building-")]


def test_a_large_replace_is_indexed_in_parallel_and_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharding_module, "PROCESSES", 2)
    index = SearchIndex.build(tmp_path / "ix", _records(100, "قديم"))
    changed = _records(100, "معدل")  # the same ids, new text
    added = [
        make_record(f"ad{i:010x}", f"جديد {i} في الأسواق", lang="ar") for i in range(2 * SHARD_FROM)
    ]
    assert index.replace([*changed, *added]) == 100 + 2 * SHARD_FROM
    assert index.doc_count() == 100 + 2 * SHARD_FROM
    assert _ids(index, "قديم") == set()
    assert _ids(index, "معدل") == {r.id for r in changed}
    assert _ids(index, "جديد") == {r.id for r in added}
    assert len(_segments(index)) >= 3  # the old one and one a process
    reopened = SearchIndex.open(tmp_path / "ix")
    assert reopened.doc_count() == 100 + 2 * SHARD_FROM


def test_small_updates_still_merge_small_segments(tmp_path: Path) -> None:
    index = SearchIndex.build(tmp_path / "ix", _records(3 * SHARD_FROM))
    for i in range(8):  # eight edits, one commit each
        index.replace([make_record(f"9e{i:010x}", f"نص معدل {i}", lang="ar")])
    assert index.doc_count() == 3 * SHARD_FROM
    assert len(_segments(index)) < 6  # Whoosh's policy merged the small ones
    assert _ids(index, "معدل") == {f"9e{i:010x}" for i in range(8)}


def test_a_replace_larger_than_a_chunk_is_one_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer, "CHUNK", 2 * SHARD_FROM)
    monkeypatch.setattr(sharding_module, "PROCESSES", 2)
    index = SearchIndex.build(tmp_path / "ix", _records(10))
    records = _records(5 * SHARD_FROM, "كبير")  # 2.5 chunks: parallel, parallel, this process
    assert index.replace(records) == 5 * SHARD_FROM
    assert index.doc_count() == 5 * SHARD_FROM
    assert _ids(index, "كبير") == {r.id for r in records}
