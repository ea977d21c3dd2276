"""Engines side by side (issue 18): one run at SaudiNewsNet's 30,676 articles.

Engines: arshif's tantivy engine (``tantivy``, `arshif.search.tantivy`, when installed),
`rawtantivy`'s stand-ins (``raw-arshif``: tantivy-py with arshif's analysis; ``raw-own``:
tantivy with its own tokenizer, no Arabic/Persian analysis, the raw engine), and stock
single-process Whoosh (``whoosh-stock``: `perf.stock_schema`, StandardAnalyzer). Every
tantivy engine is driven through arshif's engine boundary (`arshif.search.engine`); stock
Whoosh through its own API (it has no arshif analysis to be given).

For each engine, each a child process measured by `perf.measure` (peak RSS/PSS of its tree):

* reindex: the corpus (`perf.load_corpus`, a manifest) read and indexed in one build, docs/s;
* batch: perf's 300 queries (`perf.make_queries`: words, two words, phrases, ``title:``, a date
  range) in one process, whole-process wall time (start-up and opening the index included),
  and the per-query p50/p95 inside it (index open, top 10, exact total). For the engines the
  query text becomes a query tree as arshif's parser makes it (`scale._word`, `scale._phrase`;
  ``raw-own``: its own fields and the lowercased words); stock Whoosh parses `perf.stock_query`;
* the index's bytes on disk; adding one article not in the corpus (open, add, commit, a new
  reader finds it), median of 3, in the process and as a whole process.

Usage::

    python benchmarks/engines.py --engines tantivy,raw-arshif,raw-own,whoosh-stock
    python benchmarks/engines.py --n 3000 --no-doc          # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perf
import scale
from arshif.model import Record

BEGIN, END = "<!-- engines:begin -->", "<!-- engines:end -->"
STOCK = "whoosh-stock"
_TOKEN = re.compile(r'"[^"]+"|\S+')


def record_of(doc: dict[str, str]) -> Record:
    """An arshif record of a SaudiNewsNet manifest line (what an engine is given)."""
    return scale.record_of(
        scale.corpusgen.Article(0, "original", {**doc, "lang": "ar"}, doc["text"])
    )


def tree_of(text: str, fields: str) -> Any:
    """The query tree of one of perf's queries (see the module doc); None: nothing to search."""
    from arshif.search.querytree import And, Or, Range

    words: list[Any] = []
    filters: list[Any] = []
    for token in _TOKEN.findall(text):
        if token.startswith('"'):
            node = scale._phrase(token.strip('"').split(), fields)
        elif token.startswith("published:"):
            start, _, end = token.removeprefix("published:").partition("..")
            filters.append(Range("published", start or None, end or None, 0.0))
            continue
        elif token.startswith("title:"):
            node = scale._word(token.removeprefix("title:"), fields)
            if node is not None:
                node = Or(tuple(c for c in node.children if c.field.startswith("title")))
        else:
            node = scale._word(token if fields != "own" else token.lower(), fields)
        if node is not None:
            words.append(node)
    if not words:
        return None
    query = words[0] if len(words) == 1 else Or(tuple(words))
    return And((query, *filters)) if filters else query


# -- workers ----------------------------------------------------------------------------------


def worker_build(engine: str, manifest: Path, out: Path) -> dict[str, Any]:
    if engine == STOCK:
        return perf.worker_stock_index(manifest, out, 1)
    started = time.perf_counter()

    def source() -> Any:
        return (record_of(doc) for doc in perf.read_manifest(manifest))

    index = scale.engine_named(engine).build(out, [source])
    seconds = time.perf_counter() - started
    count = index.reader().doc_count()
    index.close()
    return {"seconds": seconds, "docs": count}


def worker_queries(engine: str, queries: Path, out: Path) -> dict[str, Any]:
    if engine == STOCK:
        return perf.worker_stock_queries(out, queries, timed=True)
    fields = "own" if engine == "raw-own" else "arshif"
    texts = [line.split("\t", 1)[1] for line in queries.read_text("utf-8").splitlines() if line]
    reader = scale.engine_named(engine).open(out).reader()
    latencies, hits = [], 0
    for text in texts:
        start = time.perf_counter()
        tree = tree_of(text, fields)
        found = reader.search(tree, limit=perf.LIMIT) if tree is not None else None
        latencies.append(time.perf_counter() - start)
        hits += len(found.hits) if found else 0
    return {"latencies": latencies, "hits": hits}


def worker_add(engine: str, article: Path, out: Path) -> dict[str, Any]:
    doc = json.loads(article.read_text("utf-8"))
    started = time.perf_counter()
    if engine == STOCK:
        from whoosh import index, query

        ix = index.open_dir(str(out))
        writer = ix.writer()
        writer.add_document(
            id=doc["source_id"],
            title=doc.get("title", ""),
            body=doc["text"],
            published=doc.get("published", ""),
        )
        writer.commit()
        with index.open_dir(str(out)).searcher() as searcher:
            total = len(searcher.search(query.Term("id", doc["source_id"])))
    else:
        from arshif.search.querytree import Term

        record = record_of(doc)
        built = scale.engine_named(engine).open(out)
        built.add([record])
        built.close()
        reader = scale.engine_named(engine).open(out).reader()
        total = reader.search(Term("id", record.id), limit=1).total
    if total != 1:
        raise SystemExit(f"{engine}: the added article is not visible to a new reader")
    return {"seconds": time.perf_counter() - started}


def _worker(name: str, work: Path, **options: Any) -> tuple[perf.Run, dict[str, Any]]:
    result = work / f"{name}-{options['engine']}.json"
    cmd = [sys.executable, __file__, "--worker", name, "--result", str(result)]
    for key, value in options.items():
        cmd += [f"--{key}", str(value)]
    run = perf.measure(cmd, check=False)
    if run.returncode != 0:
        raise RuntimeError(
            f"{name} {options['engine']} exited {run.returncode}: {run.stderr[-3000:]}"
        )
    return run, json.loads(result.read_text("utf-8"))


# -- the run ----------------------------------------------------------------------------------


def bench(engines: Sequence[str], n: int | None, work: Path) -> dict[str, Any]:
    corpus = perf.load_corpus()
    docs = corpus[:n] if n else corpus
    manifest = work / "docs.jsonl"
    perf.write_manifest(manifest, docs)
    qfile = work / "queries.tsv"
    qfile.write_text("".join(f"{q}\t{t}\n" for q, t in perf.make_queries(docs)), "utf-8")
    extra = perf.workload(corpus, len(corpus) + 3)[-3:]  # three articles not in the index
    rows: dict[str, dict[str, Any]] = {}
    for engine in engines:
        out = work / engine
        shutil.rmtree(out, ignore_errors=True)
        row: dict[str, Any] = {"load": [os.getloadavg()[0]]}
        perf.log(f"{engine}: reindex {len(docs):,}")
        run, built = _worker("build", work, engine=engine, manifest=manifest, out=out)
        row.update(
            rate=len(docs) / built["seconds"],
            build_wall=run.wall,
            peak_rss=run.tree_rss,
            peak_pss=run.tree_pss,
            index_bytes=perf.disk_bytes(out),
        )
        perf.log(f"{engine}: {row['rate']:,.0f} docs/s; queries")
        runs = [_worker("queries", work, engine=engine, queries=qfile, out=out) for _ in range(2)]
        best = min(runs, key=lambda pair: pair[0].wall)
        latencies = best[1]["latencies"]
        row.update(
            batch=best[0].wall,
            p50=perf.percentile(latencies, 0.5),
            p95=perf.percentile(latencies, 0.95),
            hits=best[1]["hits"],
        )
        times, walls = [], []
        for i, doc in enumerate(extra):
            article = work / f"add-{engine}-{i}.json"
            article.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
            run, added = _worker("add", work, engine=engine, article=article, out=out)
            times.append(added["seconds"])
            walls.append(run.wall)
        row.update(add=statistics.median(times), add_process=statistics.median(walls))
        row["load"].append(os.getloadavg()[0])
        rows[engine] = row
        perf.log(f"{engine}: {json.dumps(row)[:400]}")
    return {"n": len(docs), "rows": rows}


def table(result: dict[str, Any]) -> str:
    rows = result["rows"]
    stock = rows.get(STOCK)

    def ratio(value: float, key: str, higher: bool) -> str:
        if not stock or stock[key] <= 0 or value <= 0:
            return ""
        r = value / stock[key] if higher else stock[key] / value
        return f" ({r:.2f}x)"

    lines = [
        "| engine | reindex docs/s (x stock) | batch 300 s (x stock) | p50 / p95 ms "
        "| index MB (of stock) | peak PSS MB | add one s (process) | load avg |",
        "|" + " --- |" * 8,
    ]
    for engine, r in rows.items():
        size = f" ({r['index_bytes'] / stock['index_bytes']:.2f})" if stock else ""
        lines.append(
            f"| {engine} | {r['rate']:,.0f}{ratio(r['rate'], 'rate', True)} "
            f"| {r['batch']:.2f}{ratio(r['batch'], 'batch', False)} "
            f"| {r['p50'] * 1000:.2f} / {r['p95'] * 1000:.2f} "
            f"| {r['index_bytes'] / perf.MB:,.1f}{size} "
            f"| {r['peak_pss'] / perf.MB:,.0f} "
            f"| {r['add']:.2f} ({r['add_process']:.2f}) "
            f"| {' '.join(f'{x:.1f}' for x in r['load'])} |"
        )
    return "\n".join(lines)


def section(runs: Sequence[dict[str, Any]], note: str = "") -> str:
    """The doc section: each run's table with its command (ratios within a run only)."""
    tables = "\n\n".join(
        f"`{saved['command']}` ({saved['elapsed'] / 60:.0f} min, {saved['date']}, "
        f"{saved['n']:,} articles){': ' + saved['note'] if saved.get('note') else ''}\n\n"
        f"{table(saved)}"
        for saved in runs
    )
    return f"""{BEGIN}
## Engines side by side (benchmarks/engines.py, issue 18)

Machine: {runs[0]["machine"]}

SaudiNewsNet articles (the first N of `perf.load_corpus`). Ratios in brackets are to stock
single-process Whoosh in the same run (higher is better; batch and index: stock's over this
engine's, size: this engine's over stock's). reindex: one build, one commit; batch: perf's 300
queries, whole process, best of two; p50/p95: per query in that process; add one: open, add,
commit, a new reader finds it (median of 3). Peak PSS: the build's process tree, sampled (its
RSS from wait4 counts the forking parent's image, which holds the corpus). `raw-own` is tantivy
with its own tokenizer (no Arabic/Persian analysis): the gap to it is the cost of arshif's
analysis; `raw-arshif` is tantivy-py given arshif's terms without arshif's engine around it.

{tables}

{note}
{END}"""


def write_doc(runs: Sequence[dict[str, Any]], note: str = "") -> None:
    text = perf.DOC.read_text("utf-8") if perf.DOC.exists() else "# Performance\n"
    new = section(runs, note)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + new + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + new + "\n"
    perf.DOC.write_text(text, "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="tantivy,raw-arshif,raw-own,whoosh-stock")
    parser.add_argument("--n", type=int, help="the first N articles only (default: all)")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--render", help="write the doc from --save files (a,b) only")
    parser.add_argument("--note", default="")
    parser.add_argument("--no-doc", action="store_true")
    for hidden in ("worker", "engine", "manifest", "out", "result", "queries", "article"):
        parser.add_argument(f"--{hidden}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        out, engine = Path(args.out), args.engine
        if args.worker == "build":
            result = worker_build(engine, Path(args.manifest), out)
        elif args.worker == "queries":
            result = worker_queries(engine, Path(args.queries), out)
        else:
            result = worker_add(engine, Path(args.article), out)
        Path(args.result).write_text(json.dumps(result), "utf-8")
        return
    if args.render:  # one or more --save files (comma-separated), a table each
        runs = [json.loads(Path(name).read_text("utf-8")) for name in args.render.split(",")]
        write_doc(runs, args.note)
        return
    shown = list(sys.argv[1:] if argv is None else argv)
    for option in ("--save", "--work"):
        if option in shown:
            del shown[shown.index(option) : shown.index(option) + 2]
    base = args.work or Path(tempfile.mkdtemp(prefix="arshif-engines-"))
    base.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    perf.compile_sources()
    try:
        saved = bench(args.engines.split(","), args.n, base)
    finally:
        if args.work is None:
            shutil.rmtree(base, ignore_errors=True)
    saved.update(
        command=("python benchmarks/engines.py " + " ".join(shown)).strip(),
        machine=perf.machine(),
        date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        elapsed=time.perf_counter() - started,
        note=args.note,
    )
    if args.save:
        args.save.write_text(json.dumps(saved, indent=1), "utf-8")
    print(table(saved))
    if not args.no_doc:
        write_doc([saved])


if __name__ == "__main__":
    main()
