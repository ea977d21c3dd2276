"""Retrieval quality of arshif's Arabic/Persian search against stock Whoosh and a Lucene reference.

Collections (../shared/corpora): Hamshahri (5,375 Persian news documents, queries 1-30 with
judgments; the same queries retyped with Persian ی/ک as `hamshahri-fa-letters`) and ARCD (465
Arabic Wikipedia passages, 698 questions, one relevant passage each). Metrics: MAP, P@10,
nDCG@10 (Hamshahri); MRR@10, Recall@10 (ARCD); runs are 1,000 deep. The analyzers' speed is
reported as tokens out per second.

arshif is measured as a user runs it: the collection is written as an ingest manifest (JSONL:
text, source_id, lang, title) and the queries as a TSV, then either

* ``--via cli``: ``arshif --root DIR init``, ``arshif --root DIR ingest --manifest docs.jsonl``,
  ``arshif --root DIR search --queries q.tsv --format trec --limit 1000`` (TREC lines
  ``qid Q0 source_id rank score arshif``), or
* ``--via library`` (the default until the CLI exists): the same manifest and queries read back
  and run through `arshif.search.SearchIndex` and `arshif.search.search`.

``--engine whoosh|tantivy|both`` chooses the search engine arshif runs on (`SearchIndex.build(...,
engine=...)`, or ``arshif init --engine``); ``both`` gives one arshif row per engine,
``arshif/whoosh`` and ``arshif/tantivy``, beside the stock baselines.

Usage::

    python benchmarks/retrieval.py                 # prints the table
    python benchmarks/retrieval.py --write-doc     # and updates docs/search-quality.md
    python benchmarks/retrieval.py --engine both   # arshif on the Whoosh and tantivy engines
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import WhooshBaseline, lucene_system, stock_system

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
DOC = REPO / "docs" / "search-quality.md"
DEPTH = 1000
ENGINES = ("whoosh", "tantivy")
Run = dict[str, list[tuple[str, float]]]


@dataclass
class Collection:
    name: str
    lang: str
    docs: list[dict[str, str]]  # manifest lines: text, source_id, lang, title
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    metrics: tuple[str, ...]


def _read_queries(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line.strip())


def _read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        qid, _, doc, rel = line.split()
        if int(rel) > 0:
            qrels.setdefault(qid, set()).add(doc)
    return qrels


def persian_letters(text: str) -> str:
    """The query as typed on a Persian keyboard today: ي → ی, ك → ک."""
    return text.translate({ord("ي"): "ی", ord("ك"): "ک"})


def load_collections(corpora: Path) -> list[Collection]:
    ham = corpora / "hamshahri-ir-subset"
    with gzip.open(ham / "docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        raw = [json.loads(line) for line in handle]
    ham_docs = [
        {"text": d["text"], "source_id": d["id"], "lang": "fa", "title": d["title"]} for d in raw
    ]
    ham_queries = _read_queries(ham / "queries.tsv")
    ham_qrels = _read_qrels(ham / "qrels.txt")
    arcd = corpora / "qa-retrieval" / "arcd"
    passages = [
        json.loads(line)
        for line in (arcd / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    arcd_docs = [
        {"text": p["text"], "source_id": p["id"], "lang": "ar", "title": p["title"]}
        for p in passages
    ]
    hamshahri = ("MAP", "P@10", "nDCG@10")
    return [
        Collection("hamshahri", "fa", ham_docs, ham_queries, ham_qrels, hamshahri),
        Collection(
            "hamshahri-fa-letters",
            "fa",
            ham_docs,
            {q: persian_letters(t) for q, t in ham_queries.items()},
            ham_qrels,
            hamshahri,
        ),
        Collection(
            "arcd",
            "ar",
            arcd_docs,
            _read_queries(arcd / "queries.tsv"),
            _read_qrels(arcd / "qrels.txt"),
            ("MRR@10", "Recall@10", "MAP"),
        ),
    ]


# -- metrics -----------------------------------------------------------------------------


def _ranked(run: list[tuple[str, float]]) -> list[str]:
    return [doc for doc, _ in run]


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked, 1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 1) for i, d in enumerate(ranked[:k], 1) if d in relevant)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return next((1 / i for i, d in enumerate(ranked[:k], 1) if d in relevant), 0.0)


METRICS: dict[str, Callable[[list[str], set[str]], float]] = {
    "MAP": average_precision,
    "P@10": lambda r, rel: sum(d in rel for d in r[:10]) / 10,
    "nDCG@10": ndcg_at,
    "MRR@10": reciprocal_rank_at,
    "Recall@10": lambda r, rel: len(set(r[:10]) & rel) / len(rel) if rel else 0.0,
}


def evaluate(run: Run, collection: Collection) -> dict[str, float]:
    """Mean of each metric over the judged queries (a query with no run scores 0)."""
    qids = [q for q in collection.queries if q in collection.qrels]
    return {
        m: sum(METRICS[m](_ranked(run.get(q, [])), collection.qrels[q]) for q in qids) / len(qids)
        for m in collection.metrics
    }


# -- arshif ------------------------------------------------------------------------------


def write_inputs(collection: Collection, directory: Path) -> tuple[Path, Path]:
    manifest, queries = directory / "docs.jsonl", directory / "queries.tsv"
    with manifest.open("w", encoding="utf-8") as out:
        for doc in collection.docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    queries.write_text(
        "".join(f"{q}\t{t}\n" for q, t in collection.queries.items()), encoding="utf-8"
    )
    return manifest, queries


def parse_trec(text: str) -> Run:
    run: Run = {}
    for line in text.splitlines():
        if line.strip():
            qid, _, doc, _, score, _ = line.split()
            run.setdefault(qid, []).append((doc, float(score)))
    return run


def arshif_via_cli(manifest: Path, queries: Path, work: Path, engine: str = "whoosh") -> Run:
    root = work / "root"

    def arshif(*args: str) -> str:
        command = [sys.executable, "-m", "arshif", "--root", str(root), *args]
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
        if done.returncode not in (0, 1):  # 1 = some query found nothing (grep convention)
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr}")
        return done.stdout

    arshif("init", *(("--engine", engine) if engine != "whoosh" else ()))
    arshif("ingest", "--manifest", str(manifest))
    return parse_trec(
        arshif("search", "--queries", str(queries), "--format", "trec", "--limit", str(DEPTH))
    )


def manifest_records(manifest: Path) -> Iterable[Any]:
    """Records built from manifest lines the way ingest keeps them (text as given)."""
    import hashlib

    from arshif.model import CaptureInfo, Metadata, Record

    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        text = entry["text"]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        capture = CaptureInfo("capture.txt", digest, len(text.encode()), "text/plain", "utf-8")
        meta = Metadata(
            title=entry.get("title"), lang=entry.get("lang"), source_id=entry.get("source_id")
        )
        paragraphs = tuple(p for p in text.split("\n\n") if p.strip())
        yield Record(digest[:12], meta, paragraphs, capture)


def arshif_via_library(manifest: Path, queries: Path, work: Path, engine: str = "whoosh") -> Run:
    from arshif.errors import QuerySyntaxError
    from arshif.search import SearchIndex, search

    index = SearchIndex.build(work / "index", manifest_records(manifest), engine=engine)
    run: Run = {}
    for qid, text in _read_queries(queries).items():
        try:
            results = search(index, text, limit=DEPTH)
        except QuerySyntaxError as error:  # the CLI reports it and goes on; so do we
            print(f"  query {qid}: {error}", file=sys.stderr)
            continue
        run[qid] = [(hit.source_id or hit.id, hit.score) for hit in results.hits]
    index.close()
    return run


# -- speed -------------------------------------------------------------------------------


def tokens_per_second(analyzer: Any, texts: list[str]) -> tuple[float, float]:
    """(tokens out per second, million characters per second), best of 3, index mode."""
    chars = sum(map(len, texts))
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        count = sum(1 for text in texts for _ in analyzer(text, positions=True, chars=True))
        best = min(best, time.perf_counter() - start)
    return count / best, chars / best / 1e6


def speed_table(collections: list[Collection], testvectors: Path) -> list[str]:
    from arshif.search.analysis import exact_analyzer, stemmed_analyzer
    from baselines import lucene_analyzer

    lines = [
        "| analyzer | Persian (Hamshahri, 1,000 docs) tokens/s | Mchar/s "
        "| Arabic (ARCD, 465 passages) tokens/s | Mchar/s |",
        "|---|---|---|---|---|",
    ]
    fa = [d["text"] for d in collections[0].docs[:1000]]
    ar = [d["text"] for d in collections[-1].docs]
    for name, make in [
        ("stock StandardAnalyzer", lambda lang: stock_system().analyzer),
        ("Lucene-ref", lambda lang: lucene_analyzer(testvectors)),
        ("arshif stemmed (body_fa / body_ar)", stemmed_analyzer),
        ("arshif exact (body_exact)", lambda lang: exact_analyzer()),
    ]:
        fa_speed, ar_speed = tokens_per_second(make("fa"), fa), tokens_per_second(make("ar"), ar)
        lines.append(
            f"| {name} | {fa_speed[0]:,.0f} | {fa_speed[1]:.2f} "
            f"| {ar_speed[0]:,.0f} | {ar_speed[1]:.2f} |"
        )
    return lines


# -- main --------------------------------------------------------------------------------


def run_all(
    via: str,
    corpora: Path,
    only: list[str] | None = None,
    engines: tuple[str, ...] = ("whoosh",),
) -> list[str]:
    from arshif.search.queryfields import DEFAULT_WEIGHTS

    collections = load_collections(corpora)
    if only:
        collections = [c for c in collections if c.name in only]
    testvectors = corpora / "testvectors"
    systems: list[Callable[[Collection, Path], dict[str, Run]]] = []
    for make in (stock_system, lambda: lucene_system(testvectors)):

        def baseline(collection: Collection, work: Path, make: Any = make) -> dict[str, Run]:
            system: WhooshBaseline = make()
            system.index(work / "baseline", collection.docs)
            tuned = f"{system.name}, title weight {DEFAULT_WEIGHTS.title}"
            return {
                system.name: system.run(collection.queries, DEPTH),
                tuned: system.run(collection.queries, DEPTH, DEFAULT_WEIGHTS.title),
            }

        systems.append(baseline)

    def arshif(collection: Collection, work: Path, engine: str) -> dict[str, Run]:
        manifest, queries = write_inputs(collection, work)
        via_run = arshif_via_cli if via == "cli" else arshif_via_library
        run = via_run(manifest, queries, work, engine)
        name = "arshif" if engines == ("whoosh",) else f"arshif/{engine}"
        return {f"**{name}** ({via})": run}

    for engine in engines:
        systems.append(lambda c, w, engine=engine: arshif(c, w, engine))
    lines = [
        "| collection | system | metric 1 | metric 2 | metric 3 | seconds (index + run) |",
        "|---|---|---|---|---|---|",
    ]
    scores: dict[tuple[str, str], dict[str, float]] = {}
    for collection in collections:
        for system in systems:
            with tempfile.TemporaryDirectory(prefix="arshif-bench-") as work:
                start = time.perf_counter()
                runs = system(collection, Path(work))
                elapsed = time.perf_counter() - start
            for name, run in runs.items():
                scores[collection.name, name] = evaluate(run, collection)
                cells = " | ".join(f"{m} {v:.4f}" for m, v in scores[collection.name, name].items())
                lines.append(f"| {collection.name} | {name} | {cells} | {elapsed:.0f} |")
                print(lines[-1], file=sys.stderr)
    if len(engines) == 2:
        lines += ["", *engine_verdicts(scores, [c.name for c in collections], via)]
    if len(collections) < 3:
        return lines
    return [*lines, "", *speed_table(collections, testvectors)]


#: The issue's target: tantivy within this of the Whoosh engine, or better, on every metric.
TOLERANCE = 0.005


def engine_verdicts(
    scores: dict[tuple[str, str], dict[str, float]], collections: list[str], via: str
) -> list[str]:
    """One line per collection: is arshif on tantivy within `TOLERANCE` of arshif on Whoosh,
    or better, on every metric?"""
    lines = []
    for name in collections:
        whoosh = scores[name, f"**arshif/whoosh** ({via})"]
        tantivy = scores[name, f"**arshif/tantivy** ({via})"]
        deltas = ", ".join(f"{m} {tantivy[m] - whoosh[m]:+.4f}" for m in whoosh)
        worse = [m for m in whoosh if tantivy[m] < whoosh[m] - TOLERANCE]
        verdict = (
            f"NOT within {TOLERANCE} on {', '.join(worse)}"
            if worse
            else f"within {TOLERANCE} of Whoosh or better on every metric"
        )
        lines.append(f"- {name}: tantivy {verdict} (tantivy − whoosh: {deltas}).")
    return lines


def machine() -> str:
    """The CPU model and how many cores this process may use."""
    import os

    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {len(os.sched_getaffinity(0))} cores, {platform.machine()}"


def write_doc(table: list[str], command: str) -> None:
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    stamp = (
        f"Command: `{command}` on {date.today().isoformat()}, Python "
        f"{platform.python_version()}, {machine()}."
    )
    DOC.write_text(
        head + start + "\n" + stamp + "\n\n" + "\n".join(table) + "\n" + end + tail,
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--via",
        choices=("library", "cli"),
        default="library",
        help="run arshif through the library (default) or the arshif CLI",
    )
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument(
        "--only",
        action="append",
        choices=("hamshahri", "hamshahri-fa-letters", "arcd"),
        help="run only this collection (repeatable; no speed table then)",
    )
    parser.add_argument(
        "--engine",
        choices=(*ENGINES, "both"),
        default="whoosh",
        help="the search engine arshif runs on (both: one arshif row per engine)",
    )
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help=f"replace the results block of {DOC.relative_to(REPO)}",
    )
    args = parser.parse_args(argv)
    engines = ENGINES if args.engine == "both" else (args.engine,)
    table = run_all(args.via, args.corpora, args.only, engines)
    print("\n".join(table))
    if args.write_doc and not args.only:
        command = f"python benchmarks/retrieval.py --via {args.via} --engine {args.engine}"
        write_doc(table, command + " --write-doc")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
