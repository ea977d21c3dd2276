"""Which fast-path internals of the Whoosh engine (`arshif.search.whoosh`) still pay for
themselves: each row replaces one of them by stock Whoosh's counterpart, one process, one run.

    python benchmarks/whoosh_internals.py [N]        (N SaudiNewsNet articles, default 3000)

Indexing (one process, CPU seconds, index size on disk), every row with arshif's analysis:

* ``arshif``: `WhooshIndex.build` (BulkWriter, ArshifCodec, AnalyzedText);
* ``stock writer``: Whoosh's SegmentWriter, ArshifCodec, AnalyzedText;
* ``stock writer + W3Codec``: Whoosh's SegmentWriter and codec, AnalyzedText;
* ``stock writer + W3Codec + TEXT``: all stock but the analyzers (no AnalyzedText).

Searching (the arshif index, `perf.make_queries` queries, limit 10, withdrawn masked; CPU
seconds, the least of five passes after a first one, on one searcher, parsing excluded):

* ``arshif``: `WhooshReader.search` (taat, FastBM25F);
* ``arshif, union OR matchers``: the same with every OR matched by a tree of union matchers
  where Whoosh matches it (what `translate.to_whoosh` did until this measurement);
* ``Whoosh collector``: Whoosh's `Searcher.search` on the same Whoosh query (FastBM25F);
* ``Whoosh collector, union OR matchers``: as above with union matchers;
* ``Whoosh collector, BM25F``: as above with Whoosh's own BM25F.

Two query sets: `perf.make_queries` (words, phrases, fields, dates), and the ``+a b``,
``a b -c``, ``a NOT b`` forms of its single words (taat leaves these to Whoosh's matchers).

Opening: a fresh process opening the index and running one search, with and without
`codec.read_through_maps` (median of 3, wall seconds, peak RSS: VmHWM).

Prints a Markdown table; nothing is written.
"""

from __future__ import annotations

import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import perf
from arshif.model import CaptureInfo, Metadata, Record


def records_of(docs: Iterable[dict[str, str]]) -> list[Record]:
    """Records built from manifest lines (text as given, as ingest keeps it)."""
    out = []
    for entry in docs:
        text = entry["text"]
        digest = hashlib.sha256((entry.get("source_id", "") + text).encode("utf-8")).hexdigest()
        capture = CaptureInfo("capture.txt", digest, len(text.encode()), "text/plain", "utf-8")
        meta = Metadata(
            title=entry.get("title"),
            lang=entry.get("lang"),
            source_id=entry.get("source_id"),
            outlet=entry.get("outlet"),
            published=entry.get("published"),
        )
        paragraphs = tuple(p for p in text.split("\n\n") if p.strip())
        out.append(Record(digest[:12], meta, paragraphs, capture))
    return out


def cpu(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    result = action()
    return time.process_time() - start, result


def stock_text_schema() -> Any:
    """arshif's schema with plain Whoosh TEXT fields in place of AnalyzedText."""
    from whoosh import fields

    from arshif.search.whoosh.schema import build_schema
    from arshif.search.whoosh.textfield import AnalyzedText

    schema = build_schema()
    names = {}
    for name in schema.names():
        field = schema[name]
        if isinstance(field, AnalyzedText):
            field = fields.TEXT(analyzer=field.analyzer, phrase=field.format.supports("positions"))
        names[name] = field
    return fields.Schema(**names)


def stock_build(path: Path, records: list[Record], codec: Any, schema: Any) -> None:
    from whoosh import index

    from arshif.search.fields import record_document

    path.mkdir(parents=True)
    ix = index.create_in(str(path), schema)
    writer = ix.writer(codec=codec) if codec is not None else ix.writer()
    for record in records:
        writer.add_document(**record_document(record))
    writer.commit()


def index_rows(work: Path, records: list[Record]) -> tuple[list[tuple[str, float, int]], Path]:
    from arshif.search.whoosh.codec import ArshifCodec
    from arshif.search.whoosh.indexer import WhooshIndex
    from arshif.search.whoosh.schema import build_schema

    rows = []
    seconds, built = cpu(lambda: WhooshIndex.build(work / "arshif", [lambda: records]))
    rows.append(("arshif", seconds, perf.disk_bytes(built.generation)))
    built.close()
    for name, codec, schema in (
        ("stock writer", ArshifCodec(), build_schema),
        ("stock writer + W3Codec", None, build_schema),
        ("stock writer + W3Codec + TEXT", None, stock_text_schema),
    ):
        path = work / name.replace(" ", "_").replace("+", "")
        seconds, _ = cpu(lambda p=path, c=codec, s=schema: stock_build(p, records, c, s()))
        rows.append((name, seconds, perf.disk_bytes(path)))
    return rows, work / "arshif"


def search_rows(path: Path, texts: list[str]) -> list[tuple[str, float, int]]:
    from whoosh import query as wq
    from whoosh.scoring import BM25F

    from arshif.search.searcher import WITHDRAWN, query_tree
    from arshif.search.whoosh.indexer import WhooshIndex
    from arshif.search.whoosh.scoring import FastBM25F
    from arshif.search.whoosh.translate import to_whoosh

    index = WhooshIndex.open(path)
    reader = index.reader()
    trees = []
    for text in texts:
        try:
            trees.append(query_tree(reader, text)[0])
        except Exception:
            continue
    mask = to_whoosh(WITHDRAWN)

    def union(q: Any) -> Any:
        for node in _walk(q):
            if isinstance(node, wq.Or):
                node.matcher_type = wq.Or.DEFAULT_MATCHER
        return q

    def arshif_pass() -> int:
        return sum(reader.search(tree, mask=WITHDRAWN, limit=10).total for tree in trees)

    searchers = []

    def collector(weighting: Any, rewrite: Callable[[Any], Any]) -> Callable[[], int]:
        queries = [rewrite(to_whoosh(tree)) for tree in trees]
        searcher = index._ix.searcher(weighting=weighting)  # one, as `WhooshIndex.reader`
        searchers.append(searcher)

        def run() -> int:
            return sum(len(searcher.search(q, limit=10, mask=mask).top_n) for q in queries)

        return run

    def arshif_union_pass() -> int:
        from arshif.search.whoosh import reader as reader_module

        def translate(node: Any) -> Any:
            return union(to_whoosh(node))

        saved = reader_module.to_whoosh
        reader_module.to_whoosh = translate
        try:
            return arshif_pass()
        finally:
            reader_module.to_whoosh = saved

    rows = []
    for name, action in (
        ("arshif", arshif_pass),
        ("arshif, union OR matchers", arshif_union_pass),
        ("Whoosh collector", collector(FastBM25F(), lambda q: q)),
        ("Whoosh collector, union OR matchers", collector(FastBM25F(), union)),
        ("Whoosh collector, BM25F", collector(BM25F(), lambda q: q)),
    ):
        action()  # the first pass: caches, numpy's import
        seconds = min(cpu(action)[0] for _ in range(5))
        rows.append((name, seconds, len(trees)))
    for searcher in searchers:
        searcher.close()
    index.close()
    return rows


def plus_minus(texts: list[str]) -> list[str]:
    """``+a b``, ``a b -c`` and ``a NOT b`` made of the single-word queries of `texts`."""
    words = [text for text in texts if " " not in text and ":" not in text and '"' not in text]
    out = []
    for i in range(0, len(words) - 2, 3):
        a, b, c = words[i : i + 3]
        out += [f"+{a} {b}", f"{a} {b} -{c}", f"{a} NOT {b}"]
    return out


def _walk(q: Any) -> Iterable[Any]:
    yield q
    for child in q.children():
        yield from _walk(child)


_OPEN = """
import sys, time
start = time.perf_counter()
from whoosh import index
from arshif.search.whoosh.reader import WhooshReader
from arshif.search.whoosh.scoring import FastBM25F
from arshif.search.query import parse_query
if sys.argv[2] == "maps":
    from arshif.search.whoosh.codec import read_through_maps
    read_through_maps()
ix = index.open_dir(sys.argv[1])
reader = WhooshReader(ix.searcher(weighting=FastBM25F()))
reader.search(parse_query(sys.argv[3]), limit=10)
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print(time.perf_counter() - start, int(status))
"""


def open_rows(generation: Path, text: str) -> list[tuple[str, float, int]]:
    rows = []
    for name, mode in (("read through maps", "maps"), ("Whoosh's BytesIO copies", "copy")):
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", _OPEN, str(generation), mode, text],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            runs.append((float(out[0]), int(out[1])))
        rows.append((name, statistics.median(r[0] for r in runs), max(r[1] for r in runs)))
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    docs = perf.workload(perf.load_corpus(), n)
    records = records_of(docs)
    texts = [text for _, text in perf.make_queries(docs, 200)]
    work = Path(tempfile.mkdtemp(prefix="arshif-internals-"))
    try:
        built, arshif = index_rows(work, records)
        print(f"## {n} SaudiNewsNet articles, one process\n")
        print("| indexing | CPU s | × arshif | index MB |\n|---|---:|---:|---:|")
        for name, seconds, size in built:
            print(f"| {name} | {seconds:.1f} | {seconds / built[0][1]:.2f} | {size / 1e6:.1f} |")
        for label, queries in (("queries", texts), ("+/-/NOT queries", plus_minus(texts))):
            found = search_rows(arshif, queries)
            print(f"\n| {found[0][2]} {label} (best of 5 passes) | CPU s | × arshif |")
            print("|---|---:|---:|")
            for name, seconds, _ in found:
                print(f"| {name} | {seconds:.2f} | {seconds / found[0][1]:.2f} |")
        generation = next(arshif.glob("g*"))
        opened = open_rows(generation, texts[0])
        print("\n| open + one search, fresh process | wall s | peak RSS MB |\n|---|---:|---:|")
        for name, seconds, peak in opened:
            print(f"| {name} | {seconds:.2f} | {peak / 1024:.0f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
