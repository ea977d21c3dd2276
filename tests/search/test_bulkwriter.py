"""`BulkWriter` writes the segment Whoosh's own writer writes for the same documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import index
from whoosh.query import Term

from arshif.search.fields import record_document
from arshif.search.whoosh.bulkwriter import BulkWriter
from arshif.search.whoosh.codec import ArshifCodec
from arshif.search.whoosh.schema import build_schema

from .helpers import ALL, make_record
from .test_textfield import TEXTS


def _documents() -> list[dict[str, Any]]:
    records = [*ALL, *(make_record(f"5eed{i:08x}", t) for i, t in enumerate(TEXTS))]
    # A word in 300 documents: posting lists of several blocks (128 postings a block), and
    # words in 8+ documents: not inlined in the term index.
    records += [
        make_record(
            f"b10c{i:08x}",
            f"الحكومة {'تعلن' if i % 3 else 'أعلنت'} القرار رقم {i % 11} " * (1 + i % 4),
            title=f"القرار {i % 7}",
            outlet="واس" if i % 2 else "سبق",
            published=f"2021-11-{1 + i % 28:02d}",
            tags=("سياسة",) if i % 5 == 0 else (),
            lang="ar",
        )
        for i in range(300)
    ]
    return [record_document(record) for record in records]


def _contents(ix: Any) -> dict[str, Any]:
    """Everything a reader can see of an index: terms, term statistics, postings, documents."""
    out: dict[str, Any] = {}
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out[f"term {fieldname} {text!r}"] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
                postings,
            )
        for docnum in range(reader.doc_count_all()):
            out[f"doc {docnum}"] = reader.stored_fields(docnum)
            for fieldname in reader.indexed_field_names():
                out[f"length {docnum} {fieldname}"] = reader.doc_field_length(docnum, fieldname)
        for fieldname in ("outlet", "lang", "published"):
            out[f"column {fieldname}"] = list(reader.column_reader(fieldname))
    return out


def _build(path: Path, writer_of: Any, documents: list[dict[str, Any]]) -> Any:
    path.mkdir()
    ix = index.create_in(str(path), build_schema())
    writer = writer_of(ix)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return ix


def test_the_bulk_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    documents = _documents()
    whoosh = _build(tmp_path / "whoosh", lambda ix: ix.writer(codec=ArshifCodec()), documents)
    bulk = _build(tmp_path / "bulk", lambda ix: BulkWriter(ix, codec=ArshifCodec()), documents)
    expected, got = _contents(whoosh), _contents(bulk)
    assert got == expected
    terms = [key for key in expected if key.startswith("term ")]
    assert len(terms) > 1000
    longest = max(len(expected[key][7]) for key in terms)
    assert longest > 2 * 128  # several blocks were written


def test_updates_deletions_and_merges_go_through_the_bulk_writer(tmp_path: Path) -> None:
    documents = _documents()
    path = tmp_path / "ix"
    path.mkdir()
    ix = index.create_in(str(path), build_schema())
    # Six commits (Whoosh merges small segments as it goes), then an update merging them all
    # (add_reader: the old postings come into the bulk writer's columns one by one)
    for start in range(0, 60, 10):
        writer = BulkWriter(ix, codec=ArshifCodec())
        for document in documents[start : start + 10]:
            writer.add_document(**document)
        writer.commit()
    writer = BulkWriter(ix, codec=ArshifCodec())
    changed = dict(documents[3], body_exact="نص جديد تماما", body_ar="نص جديد تماما")
    writer.update_document(**changed)
    writer.commit(optimize=True)
    assert len(ix._segments()) == 1
    reference_path = tmp_path / "reference"
    expected_docs = [*documents[:3], *documents[4:60], changed]
    reference = _build(reference_path, lambda i: i.writer(codec=ArshifCodec()), expected_docs)
    with ix.searcher() as searcher, reference.searcher() as ref:
        assert searcher.doc_count() == ref.doc_count() == 60
        for fieldname, text in ref.reader().all_terms():
            term = Term(fieldname, ref.schema[fieldname].from_bytes(text))
            hits = {hit["id"] for hit in searcher.search(term, limit=None)}
            assert hits == {hit["id"] for hit in ref.search(term, limit=None)}
        got = {f["id"] for f in searcher.documents(body_exact="جديد")}
        assert got == {documents[3]["id"]}


def test_a_failing_document_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "ix"
    path.mkdir()
    ix = index.create_in(str(path), build_schema())
    writer = BulkWriter(ix, codec=ArshifCodec())
    writer.add_document(**_documents()[0])
    with pytest.raises(Exception, match="No field named"):
        writer.add_document(id="x", nonsense="y")
    writer.cancel()
    assert ix.doc_count() == 0
