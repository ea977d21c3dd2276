"""Segment files are read through their memory map (`arshif.search.whoosh.codec._ViewStream`), as a
``BytesIO`` would read them, without copying the file when an index is opened."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import index

from arshif.search.whoosh.codec import ArshifCodec, _LazyBufferFile, _ViewStream, read_through_maps
from arshif.search.whoosh.schema import build_schema

from .test_bulkwriter import _documents

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(-1, 300)),
        st.tuples(st.just("readline"), st.integers(-1, 300)),
        st.tuples(st.just("seek"), st.integers(0, 1200), st.sampled_from([0, 1, 2])),
        st.tuples(st.just("seek-back"), st.integers(-50, 0)),
        st.tuples(st.just("tell")),
    ),
    max_size=40,
)


def _apply(stream: Any, operation: tuple[Any, ...]) -> Any:
    name = operation[0]
    try:
        if name == "seek":
            return stream.seek(operation[1], operation[2])
        if name == "seek-back":
            return stream.seek(operation[1], 1)
        if name == "tell":
            return stream.tell()
        return getattr(stream, name)(operation[1])
    except ValueError:
        return "ValueError"


@given(st.binary(max_size=1000).map(lambda b: b + b"\n" + b), OPERATIONS)
def test_a_view_stream_reads_as_bytesio(data: bytes, operations: list[tuple[Any, ...]]) -> None:
    ours, theirs = _ViewStream(memoryview(data)), io.BytesIO(data)
    for operation in operations:
        assert _apply(ours, operation) == _apply(theirs, operation), operation


def test_a_view_stream_unpickles_and_refuses_after_close() -> None:
    data = pickle.dumps(({"a": b"\x00\x01"}, 1.5, "نص"), 2) + pickle.dumps([b"x"] * 3, 3)
    stream = _ViewStream(memoryview(data))
    assert pickle.load(stream) == ({"a": b"\x00\x01"}, 1.5, "نص")  # protocol 2: readline
    assert pickle.load(stream) == [b"x"] * 3
    assert stream.read() == b""
    with pytest.raises(ValueError, match="negative seek"):
        stream.seek(-1)
    stream.close()
    with pytest.raises(ValueError, match="closed file"):
        stream.read(1)


def test_opening_an_index_copies_no_segment_file(tmp_path: Path) -> None:
    read_through_maps()  # (what `WhooshIndex.open` does)
    ix = index.create_in(str(tmp_path), build_schema())
    writer = ix.writer(codec=ArshifCodec())
    for document in _documents()[:200]:
        writer.add_document(**document)
    writer.commit()
    with ix.searcher() as searcher:
        files = [
            file
            for reader, _ in searcher.reader().leaf_readers()
            for file in (reader._terms._dbfile, reader._terms._postfile)
        ]
        assert files
        assert all(isinstance(f, _LazyBufferFile) for f in files)
        assert all(isinstance(f.file, _ViewStream) for f in files)
        assert searcher.doc_count() == 200
        assert len(searcher.search(next(iter(_query_terms(searcher))), limit=None)) > 0


def _query_terms(searcher: Any) -> Any:
    from whoosh.query import Term

    reader = searcher.reader()
    return (Term(field, text) for field, text in reader.all_terms() if field == "body_exact")
