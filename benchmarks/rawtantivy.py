"""A stand-in engine for the benchmarks: raw tantivy-py behind arshif's `Engine` protocol.

`benchmarks/scale.py` and `benchmarks/engines.py` measure engines through
`arshif.search.engine` (the Engine protocol) only. Until arshif's own tantivy engine
(`arshif.search.tantivy`) is in, and as a peer afterwards, this module gives them two engines
built on the tantivy-py API alone (a benchmark tool, not part of arshif):

* ``raw-arshif`` (`RawTantivy(analysis=True)`): arshif's analysis (`arshif.search.textanalysis`,
  the terms arshif's Whoosh index holds: exact terms with positions, stems per language) joined
  by spaces and indexed with tantivy's ``whitespace`` tokenizer, in arshif's field names
  (`arshif.search.fields`), so the same query trees run on it. A text with a Persian compound
  goes through arshif's analyzer chain (its several tokens at one position are flattened here).
* ``raw-own`` (`RawTantivy(analysis=False)`): tantivy's own ``default`` tokenizer on the raw
  title and text (no folding, no stop words, no stemming): the cost of the engine alone. Its
  queries are trees over the fields ``title``/``body`` with the lowercased surface words
  (`own_query_fields`).

Filters: ``published`` is indexed as a tantivy date (``published_date``; a `Range` on
``published`` becomes a date range); ``lang`` and ``outlet`` are fast fields for facets.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from arshif.model import Record
from arshif.search.analysis import analyze, exact_analyzer, stemmed_analyzer
from arshif.search.engine import Found, RecordSource
from arshif.search.fields import stem_lang
from arshif.search.querytree import (
    And,
    AndMaybe,
    AndNot,
    Every,
    Node,
    Not,
    Nothing,
    Or,
    Phrase,
    Prefix,
    Range,
    Term,
)
from arshif.search.textanalysis import analyze_text

#: Writer heap (bytes, split between its threads): tantivy's default is 50 MB a thread.
HEAP = 200_000_000
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_STEMMED = ("title_ar", "title_fa", "body_ar", "body_fa")
_EXACT = ("title_exact", "body_exact")
_STORED_RAW = ("id", "source_id", "title", "author", "published", "tag")


def _schema(analysis: bool) -> Any:
    builder = tantivy.SchemaBuilder()
    for name in _STORED_RAW:
        builder.add_text_field(name, stored=True, tokenizer_name="raw")
    for name in ("lang", "outlet"):
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    builder.add_date_field("published_date", indexed=True, fast=True)
    if analysis:
        for name in _STEMMED:
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
        for name in _EXACT:
            builder.add_text_field(name, tokenizer_name="whitespace")
    else:
        builder.add_text_field("title_text")  # tantivy's default tokenizer, positions
        builder.add_text_field("body")
    return builder.build()


def _date(value: str, end: bool = False) -> datetime | None:
    """The first (or, `end`, the last) day a date or date prefix names; None if none."""
    found = _DATE.match(value.strip())
    if not found:
        return None
    year, month, day = found.groups()
    if end:
        if month is None:
            return datetime(int(year), 12, 31, 23, 59, 59, tzinfo=UTC)
        if day is None:
            nxt = datetime(int(year) + int(month) // 12, int(month) % 12 + 1, 1, tzinfo=UTC)
            return datetime.fromtimestamp(nxt.timestamp() - 1, tz=UTC)
        return datetime(int(year), int(month), int(day), 23, 59, 59, tzinfo=UTC)
    return datetime(int(year), int(month or 1), int(day or 1), tzinfo=UTC)


def _ordered(positions: dict[str, list[int]]) -> str:
    """Exact terms with positions as one whitespace-separated text in position order."""
    slots = sorted((pos, term) for term, where in positions.items() for pos in where)
    return " ".join(term for _pos, term in slots)


def _analysed(text: str, lang: str) -> tuple[str, str]:
    """(exact terms in order, stems with their frequencies) of `text`, space-separated."""
    analysis = analyze_text(text)
    if analysis is None:  # a Persian compound: arshif's analyzer chain
        return (
            " ".join(analyze(exact_analyzer(), text)),
            " ".join(analyze(stemmed_analyzer(lang), text)),
        )
    stems = analysis.stemmed(lang)
    return _ordered(analysis.exact), " ".join(
        itertools.chain.from_iterable(itertools.repeat(s, f) for s, f in stems.items())
    )


def _values(record: Record, analysis: bool) -> list[tuple[str, Any]]:
    """(field, value) pairs of a record's document: the analysis done (picklable)."""
    meta = record.metadata
    lang = (meta.lang or "ar").lower()
    key = stem_lang(lang)
    values: list[tuple[str, Any]] = [("id", record.id), ("lang", lang)]
    for name, value in (
        ("source_id", meta.source_id),
        ("title", meta.title),
        ("author", meta.author),
        ("published", meta.published),
        ("outlet", meta.outlet),
    ):
        if value:
            values.append((name, value))
    values += [("tag", tag) for tag in meta.tags]
    when = _date(meta.published or "")
    if when is not None:
        values.append(("published_date", when))
    if analysis:
        exact, stems = _analysed(record.text, key)
        values += [("body_exact", exact), (f"body_{key}", stems)]
        if meta.title:
            exact, stems = _analysed(meta.title, key)
            values += [("title_exact", exact), (f"title_{key}", stems)]
    else:
        values.append(("body", record.text))
        if meta.title:
            values.append(("title_text", meta.title))
    return values


def _document(values: list[tuple[str, Any]]) -> Any:
    doc = tantivy.Document()
    for name, value in values:
        if name == "published_date":
            doc.add_date(name, value)
        else:
            doc.add_text(name, value)
    return doc


def _analysed_values(job: tuple[Record, bool]) -> list[tuple[str, Any]]:
    return _values(*job)


class RawReader:
    """One searcher of the index (a commit), for as long as it is held."""

    def __init__(self, index: Any, schema: Any) -> None:
        index.reload()
        self._schema = schema
        self._searcher = index.searcher()

    def _query(self, node: Node) -> Any:
        q = tantivy.Query
        schema = self._schema
        made: Any
        boost = getattr(node, "boost", 1.0)
        if isinstance(node, Term):
            made = q.term_query(schema, node.field, node.text)
        elif isinstance(node, Phrase):
            if len(node.words) == 1:
                made = q.term_query(schema, node.field, node.words[0])
            else:
                made = q.phrase_query(schema, node.field, list(node.words), max(0, node.slop - 1))
        elif isinstance(node, Prefix):
            made = q.regex_query(schema, node.field, re.escape(node.text) + ".*")
        elif isinstance(node, Range):
            lower = _date(node.start) if node.start else None
            upper = _date(node.end, end=True) if node.end else None
            made = q.range_query(
                schema, "published_date", tantivy.FieldType.Date, lower, upper, True, True
            )
            made = q.const_score_query(made, boost)
            boost = 1.0
        elif isinstance(node, Every):
            made = q.const_score_query(q.all_query(), node.boost)
            boost = 1.0
        elif isinstance(node, Nothing):
            return q.empty_query()
        elif isinstance(node, And | Or):
            occur = tantivy.Occur.Must if isinstance(node, And) else tantivy.Occur.Should
            clauses = []
            for child in node.children:
                if isinstance(child, Not):
                    clauses.append((tantivy.Occur.MustNot, self._query(child.child)))
                else:
                    clauses.append((occur, self._query(child)))
            made = q.boolean_query(clauses)
        elif isinstance(node, AndNot):
            made = q.boolean_query(
                [
                    (tantivy.Occur.Must, self._query(node.positive)),
                    (tantivy.Occur.MustNot, self._query(node.negative)),
                ]
            )
        elif isinstance(node, AndMaybe):
            made = q.boolean_query(
                [
                    (tantivy.Occur.Must, self._query(node.required)),
                    (tantivy.Occur.Should, self._query(node.optional)),
                ]
            )
        else:  # Not outside an And: everything but the child
            made = q.boolean_query(
                [(tantivy.Occur.Must, q.all_query()), (tantivy.Occur.MustNot, self._query(node))]
            )
        return q.boost_query(made, boost) if boost != 1.0 else made

    def search(
        self,
        query: Node,
        *,
        mask: Node | None = None,
        limit: int | None = 10,
        offset: int = 0,
        sort: str = "relevance",
        facets: Sequence[str] = (),
    ) -> Found:
        made = self._query(query)
        if mask is not None:
            made = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, made), (tantivy.Occur.MustNot, self._query(mask))]
            )
        searcher = self._searcher
        size = limit if limit is not None else max(1, searcher.num_docs)
        if sort == "relevance":
            result = searcher.search(made, size, count=True, offset=offset)
        else:
            order = tantivy.Order.Asc if sort == "oldest" else tantivy.Order.Desc
            result = searcher.search(
                made, size, count=True, offset=offset, order_by_field="published_date", order=order
            )
        hits = [
            (self._stored(searcher.doc(address)), float(score)) for score, address in result.hits
        ]
        counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            spec = {name: {"terms": {"field": name, "size": 1000}} for name in facets}
            aggregated = searcher.aggregate(made, spec)
            for name in facets:
                buckets = aggregated.get(name, {}).get("buckets", [])
                counts[name] = [(b["key"], int(b["doc_count"])) for b in buckets]
        return Found(int(result.count or 0), hits, counts)

    @staticmethod
    def _stored(doc: Any) -> dict[str, Any]:
        fields = doc.to_dict()
        out: dict[str, Any] = {}
        for name, values in fields.items():
            if name == "tag":
                out[name] = list(values)
            elif values:
                out[name] = values[0]
        return out

    def doc_count(self) -> int:
        return int(self._searcher.num_docs)

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._searcher.doc_freq(field, term))

    def terms(self, field: str, prefix: str = "") -> Iterator[tuple[str, int]]:
        for term in self._searcher.terms_with_prefix(field, prefix):
            yield term, self.doc_frequency(field, term)

    def stored(self, record_id: str) -> dict[str, Any] | None:
        found = self.search(Term("id", record_id), limit=1)
        return found.hits[0][0] if found.hits else None

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        found = self.search(Every(), limit=None)
        for doc, _score in found.hits:
            yield doc


class RawIndex:
    """One index directory; its writer is opened when first asked for (one at a time)."""

    def __init__(self, path: Path, analysis: bool, *, create: bool = False) -> None:
        self.path = path
        self._analysis = analysis
        if create:
            path.mkdir(parents=True, exist_ok=True)
            self._schema = _schema(analysis)
            self._index = tantivy.Index(self._schema, path=str(path), reuse=False)
        else:
            self._index = tantivy.Index.open(str(path))
            self._schema = self._index.schema
        self._writer: Any = None

    def reader(self) -> RawReader:
        return RawReader(self._index, self._schema)

    def writer(self) -> Any:
        if self._writer is None:
            self._writer = self._index.writer(HEAP, 0)
        return self._writer

    def add(self, records: Iterable[Record], *, commit: bool = True) -> int:
        writer = self.writer()
        count = 0
        for record in records:
            writer.add_document(_document(_values(record, self._analysis)))
            count += 1
        if commit:
            writer.commit()
        return count

    def replace(self, records: Iterable[Record]) -> int:
        writer = self.writer()
        count = 0
        for record in records:
            writer.delete_documents("id", record.id)
            writer.add_document(_document(_values(record, self._analysis)))
            count += 1
        writer.commit()
        return count

    def delete(self, ids: Iterable[str]) -> int:
        writer = self.writer()
        count = 0
        for record_id in ids:
            writer.delete_documents("id", record_id)
            count += 1
        writer.commit()
        return count

    def add_from(self, sources: Sequence[RecordSource]) -> int:
        """Every source's records, one source after the other in this process (one commit)."""
        count = 0
        for source in sources:
            count += self.add(source(), commit=False)
        self.writer().commit()
        return count

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None


class RawTantivy:
    """The engine (see the module doc): `analysis` True indexes arshif's terms; `workers` > 1
    analyses records in that many processes (a build's), feeding the one writer."""

    def __init__(self, analysis: bool = True, workers: int = 1) -> None:
        self.analysis = analysis
        self.workers = workers
        self.name = "raw-arshif" if analysis else "raw-own"

    def open(self, path: Path) -> RawIndex:
        return RawIndex(path, self.analysis)

    def build(
        self,
        path: Path,
        sources: Sequence[RecordSource],
        on_progress: Callable[[int], None] | None = None,
    ) -> RawIndex:
        index = RawIndex(path, self.analysis, create=True)
        writer = index.writer()
        jobs = ((record, self.analysis) for source in sources for record in source())
        count = 0
        with contextlib.ExitStack() as stack:
            if self.workers > 1 and self.analysis:  # analysis in processes, one writer here
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(self.workers))
                documents = pool.imap(_analysed_values, jobs, chunksize=32)
            else:
                documents = map(_analysed_values, jobs)
            for values in documents:
                writer.add_document(_document(values))
                count += 1
                if on_progress is not None and count % 10_000 == 0:
                    on_progress(count)
        writer.commit()
        index.close()  # merges finished: the index as it stays on disk
        return index


def own_query_fields() -> tuple[str, str]:
    """The text fields of ``raw-own`` (its title, its body)."""
    return "title_text", "body"


__all__ = ["HEAP", "RawIndex", "RawReader", "RawTantivy", "own_query_fields"]
