"""Scale (issue 18): an engine at 100k, 300k and 1,000,000 generated articles.

For each size N, articles from `corpusgen` (fixed seed) are turned into arshif records and
indexed through the engine boundary (`arshif.search.engine.Engine.build`), in a child process
whose process tree is sampled for memory (`perf.measure`). Then, each in a fresh process:

* queries (`query_set`): 100 of each form, drawn with a fixed seed from the words of the titles
  of the first 20,000 generated articles (N if smaller; the same queries at every N >= 20,000):
  one word, two words
  (arshif's default "or"), a two-word phrase (title and body), one word filtered by language and
  a publication range (5 years, constant score), one word with facet counts (outlet, language).
  Each a query tree built like arshif's parser's (six field clauses a word: stems of both
  languages and the exact form, in title and body, arshif's default weights).
  Latency is per query in one process with the index open (one warm-up query first);
* adding one article (median of 3): open the index, add a new record, commit, open a new reader
  and find the record by id; timed inside the process (the whole process too);
* the index's bytes on disk, and the load average (the machine is shared).

Engines (``--engine``): ``tantivy`` and ``whoosh`` are arshif's engines
(`arshif.search.engine.open_engine`; this page's runs used tantivy);
``raw-arshif`` and ``raw-own`` are `rawtantivy`'s stand-ins (tantivy-py with arshif's analysis, or
with tantivy's own tokenizer). Index rate is N over the build's wall time less the generator's
own time (measured in the process that runs the source); both are kept.

Every size's row is added to `ROWS` (benchmarks/scale-rows.json, replacing the row of the
same engine and size) as soon as it is measured; docs/performance.md's table (between its
``scale-table`` markers; the words around it are the page's own) and the plot
(docs/images/scale.png) are made from every row there.

Usage::

    python benchmarks/scale.py --sizes 100000,300000,1000000 --engine tantivy \\
        --save scale.json --work /tmp/scale     # rows, then docs/performance.md's table + PNG
    python benchmarks/scale.py --sizes 30000 --engine tantivy --no-doc    # rows only
    python benchmarks/scale.py --render        # the table and plot from benchmarks/scale-rows.json
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpusgen
import perf
from arshif.model import CaptureInfo, Metadata, Record

REPO = perf.REPO
DOC = perf.DOC
PLOT = REPO / "docs" / "images" / "scale.png"
#: Every row measured so far, kept between runs (the doc's table and plot are made from it).
ROWS = Path(__file__).resolve().parent / "scale-rows.json"
TABLE_BEGIN, TABLE_END = "<!-- scale-table:begin -->", "<!-- scale-table:end -->"
FORMS = ("1-word", "2-word", "phrase", "filtered", "faceted")
PER_FORM = 100
#: Analysis processes of a stand-in engine's build (arshif's engines choose their own).
WORKERS = int(os.environ.get("SCALE_WORKERS", os.cpu_count() or 1))
QUERY_SOURCE = 20_000  #: the first articles whose titles give the query words
WEIGHTS = {"title": 0.3, "body": 1.0, "exact": 0.25}  #: arshif's DEFAULT_WEIGHTS
_LETTERS = re.compile(r"[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")

# -- records and queries ----------------------------------------------------------------------


def record_of(article: corpusgen.Article) -> Record:
    """An arshif record of a generated article (no archive: what an engine is given)."""
    meta = article.metadata
    data = article.text.encode("utf-8")
    digest = hashlib.sha256(meta["source_id"].encode("utf-8") + b"\n" + data).hexdigest()
    return Record(
        id=digest[:12],
        metadata=Metadata(
            title=meta.get("title"),
            outlet=meta.get("outlet"),
            author=meta.get("author"),
            published=meta.get("published"),
            url=meta.get("url"),
            lang=meta.get("lang"),
            source_id=meta.get("source_id"),
            retrieved=meta.get("retrieved"),
            tags=tuple(meta.get("tags", ())),
        ),
        paragraphs=tuple(p for p in article.text.split("\n\n") if p.strip()),
        capture=CaptureInfo("capture.txt", digest, len(data), "text/plain", "utf-8"),
    )


@functools.cache
def _pools() -> Any:
    """The corpus pools (read once a process)."""
    return corpusgen.load_pools()


#: Records sent from the generator's process per message.
RECORDS_PER_MESSAGE = 64


def _generate(parent: int, n: int, seed: int, send: Any) -> None:
    """The generator's process: N records down `send` in batches, then its own figures."""
    import resource

    from arshif.processes import die_with_parent

    die_with_parent(parent)
    try:
        pools = _pools()
        send.send(("ready", None))
        loaded = time.process_time()
        batch: list[Record] = []
        for article in corpusgen.articles(pools, corpusgen.Options(n=n, seed=seed)):
            batch.append(record_of(article))
            if len(batch) >= RECORDS_PER_MESSAGE:
                send.send(("records", batch))
                batch = []
        if batch:
            send.send(("records", batch))
        figures = {
            "seconds": time.process_time() - loaded,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "pss": _own_pss(),
        }
        send.send(("done", figures))
    except BaseException as error:
        send.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        send.close()


class Generated:
    """N generated records as a `RecordSource`, made in a process of their own.

    The generator's corpus pools (about 200 MB) stay out of the process that builds the index
    and out of the analysis workers it forks, so that the build's process tree holds them once,
    in a process of their own, whose memory is reported apart (`memory`, after the last
    record). The records come through a pipe, a batch at a time: 1,000,000 of them are never
    held. `start` before the build (the fork then copies a small process); `seconds` is the
    generator's CPU time once its pools are loaded (its share of the machine).
    """

    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed = n, seed
        self.seconds = 0.0
        self.memory: dict[str, int] = {}
        self._process: Any = None
        self._receive: Any = None

    def start(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_generate, args=(os.getpid(), self.n, self.seed, send), daemon=True
        )
        self._process.start()
        send.close()
        kind, payload = self._receive.recv()  # (the pools are loaded: not the build's time)
        if kind != "ready":
            raise RuntimeError(f"the generator failed: {payload}")

    def __call__(self) -> Iterator[Record]:
        if self._process is None:
            self.start()
        try:
            while True:
                kind, payload = self._receive.recv()
                if kind == "records":
                    yield from payload
                elif kind == "done":
                    self.seconds, self.memory = payload.pop("seconds"), payload
                    return
                else:
                    raise RuntimeError(f"the generator failed: {payload}")
        finally:
            self._receive.close()
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._process = None


def _word(surface: str, fields: str) -> Any:
    """The query tree of one word as arshif's parser makes it (``fields``: arshif or own)."""
    from arshif.search.querytree import Or, Term

    if fields == "own":
        return Or((Term("title_text", surface, WEIGHTS["title"]), Term("body", surface)))
    from arshif.search.textanalysis import word_analysis, word_stem

    info = word_analysis(surface)
    if info is None:
        return None
    exact, clauses = info[0], []
    for lang in ("ar", "fa"):
        stem = word_stem(info, lang)
        if stem:
            clauses += [Term(f"title_{lang}", stem, WEIGHTS["title"]), Term(f"body_{lang}", stem)]
    if exact:
        clauses += [
            Term("title_exact", exact, WEIGHTS["title"] * WEIGHTS["exact"]),
            Term("body_exact", exact, WEIGHTS["exact"]),
        ]
    return Or(tuple(clauses)) if clauses else None


def _phrase(words: Sequence[str], fields: str) -> Any:
    from arshif.search.querytree import Or, Phrase

    if fields == "own":
        terms = tuple(w.lower() for w in words)
        return Or((Phrase("title_text", terms, 1, WEIGHTS["title"]), Phrase("body", terms)))
    from arshif.search.textanalysis import word_analysis

    infos = [word_analysis(w) for w in words]
    if any(info is None or not info[0] for info in infos):
        return None
    terms = tuple(info[0] for info in infos if info)
    return Or((Phrase("title_exact", terms, 1, WEIGHTS["title"]), Phrase("body_exact", terms)))


def query_set(
    seed: int, fields: str = "arshif", per_form: int = PER_FORM, source: int = QUERY_SOURCE
) -> list[dict[str, Any]]:
    """`per_form` queries of each of `FORMS` (see the module doc): form, tree, facets, text;
    their words from the titles of the first `source` articles."""
    from arshif.search.querytree import And, Or, Range, Term

    titles: list[tuple[list[str], str]] = []
    for article in corpusgen.articles(_pools(), corpusgen.Options(source, seed)):
        words = _LETTERS.findall(article.metadata.get("title", ""))
        if len(words) >= 2 and any(len(w) >= 3 for w in words):
            titles.append((words, article.metadata["lang"]))
    rng = random.Random(seed * 7919)
    out: list[dict[str, Any]] = []
    for form in FORMS:
        made = 0
        while made < per_form:
            words, lang = rng.choice(titles)
            i = rng.randrange(len(words) - 1)  # a phrase: words i and i+1 of the title
            facets: tuple[str, ...] = ()
            if form != "phrase":  # a word of 3 letters or more
                i = rng.choice([k for k, w in enumerate(words) if len(w) >= 3])
            if form == "2-word":
                other = rng.choice([w for w in words if len(w) >= 3])
                a, b = _word(words[i], fields), _word(other, fields)
                tree = Or((a, b)) if a is not None and b is not None else None
                text = f"{words[i]} {other}"
            elif form == "phrase":
                tree, text = _phrase(words[i : i + 2], fields), f'"{words[i]} {words[i + 1]}"'
            else:
                tree, text = _word(words[i], fields), words[i]
                if form == "filtered" and tree is not None:
                    start = rng.randrange(2005, 2021)
                    span = Range("published", str(start), str(start + 4), 0.0)
                    tree = And((tree, Term("lang", lang, 0.0), span))
                    text += f" lang:{lang} published:{start}..{start + 4}"
                elif form == "faceted":
                    facets = ("outlet", "lang")
            if tree is not None:
                out.append({"form": form, "tree": tree, "facets": facets, "text": text})
                made += 1
    return out


# -- engines ----------------------------------------------------------------------------------


def engine_named(name: str) -> Any:
    """An `arshif.search.engine.Engine` by name (see the module doc)."""
    if name in ("raw-arshif", "raw-own"):
        from rawtantivy import RawTantivy

        return RawTantivy(analysis=name == "raw-arshif", workers=WORKERS)
    from arshif.search.engine import open_engine

    return open_engine(name)  # arshif's engines: tantivy, whoosh


def _fields(engine: str) -> str:
    return "own" if engine == "raw-own" else "arshif"


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _own_pss() -> int:
    """This process's PSS (bytes; 0 where /proc has no smaps_rollup)."""
    try:
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# -- workers (subprocesses) -------------------------------------------------------------------


def worker_build(engine: str, n: int, seed: int, out: Path) -> dict[str, Any]:
    source = Generated(n, seed)
    source.start()  # (its pools are loaded in its own process, meanwhile)
    baseline = _rss()
    started = time.perf_counter()
    index = engine_named(engine).build(
        out, [source], on_progress=lambda count: perf.log(f"{engine}: {count:,} indexed")
    )
    wall = time.perf_counter() - started
    reader = index.reader()
    count = reader.doc_count()
    index.close()
    if count != n:
        raise SystemExit(f"{engine} indexed {count} of {n} records")
    return {
        "wall": wall,
        "generation": source.seconds,
        "docs": count,
        "baseline_rss": baseline,
        "generator_rss": source.memory.get("rss", 0),
        "generator_pss": source.memory.get("pss", 0),
    }


def worker_queries(engine: str, seed: int, out: Path, n: int) -> dict[str, Any]:
    """The queries' latencies and totals; their words from the first min(n, 20,000) articles."""
    queries = query_set(seed, _fields(engine), source=min(n, QUERY_SOURCE) if n else QUERY_SOURCE)
    index = engine_named(engine).open(out)
    started = time.perf_counter()
    reader = index.reader()
    opened = time.perf_counter() - started
    reader.search(queries[0]["tree"], limit=10)  # warm-up
    latencies: dict[str, list[float]] = {form: [] for form in FORMS}
    totals: dict[str, list[int]] = {form: [] for form in FORMS}
    for query in queries:
        start = time.perf_counter()
        found = reader.search(query["tree"], limit=10, facets=query["facets"])
        latencies[query["form"]].append(time.perf_counter() - start)
        totals[query["form"]].append(found.total)
        if query["facets"] and found.total and not found.facets.get("outlet"):
            raise SystemExit(f"no facet counts for {query['text']!r}")
    index.close()
    return {"open": opened, "latencies": latencies, "totals": totals}


def worker_add(engine: str, article: Path, out: Path) -> dict[str, Any]:
    """Add one record not in the index (an article of another seed, from a JSON file)."""
    from arshif.search.querytree import Term

    record = record_of(corpusgen.Article(**json.loads(article.read_text("utf-8"))))
    started = time.perf_counter()
    index = engine_named(engine).open(out)
    index.add([record])
    index.close()
    reader = engine_named(engine).open(out).reader()
    found = reader.search(Term("id", record.id), limit=1)
    seconds = time.perf_counter() - started
    if found.total != 1:
        raise SystemExit(f"the added record {record.id} is not visible to a new reader")
    return {"seconds": seconds}


def run_worker(args: argparse.Namespace) -> None:
    if args.worker == "build":
        result = worker_build(args.engine, args.n, args.seed, args.out)
    elif args.worker == "queries":
        result = worker_queries(args.engine, args.seed, args.out, args.n)
    elif args.worker == "add":
        result = worker_add(args.engine, Path(args.article), args.out)
    else:
        raise SystemExit(f"unknown worker {args.worker}")
    args.result.write_text(json.dumps(result), "utf-8")


def _worker(name: str, work: Path, **options: Any) -> tuple[perf.Run, dict[str, Any]]:
    result = work / f"{name}.json"
    cmd = [sys.executable, __file__, "--worker", name, "--result", str(result)]
    for key, value in options.items():
        cmd += [f"--{key}", str(value)]
    run = perf.measure(cmd, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"worker {name} exited {run.returncode}: {run.stderr[-3000:]}")
    return run, json.loads(result.read_text("utf-8"))


# -- one size ---------------------------------------------------------------------------------


def bench_size(engine: str, n: int, seed: int, work: Path, adds: int = 3) -> dict[str, Any]:
    """Every figure of one size (see the module doc); the index is left in `work`."""
    out = work / "index"
    shutil.rmtree(out, ignore_errors=True)
    row: dict[str, Any] = {"n": n, "engine": engine, "load": [os.getloadavg()[0]]}
    perf.log(f"{engine} {n:,}: building")
    run, built = _worker("build", work, engine=engine, n=n, seed=seed, out=out)
    row["load"].append(os.getloadavg()[0])
    row.update(
        build_wall=built["wall"],
        generation=built["generation"],
        rate=n / max(built["wall"] - built["generation"], 1e-9),
        rate_gross=n / built["wall"],
        process_wall=run.wall,
        peak_rss=run.tree_rss,
        peak_pss=run.tree_pss,
        baseline_rss=built["baseline_rss"],
        generator_pss=built["generator_pss"],
        generator_rss=built["generator_rss"],
        index_bytes=perf.disk_bytes(out),
    )
    perf.log(f"{engine} {n:,}: {row['rate']:,.0f} docs/s; queries")
    run, queried = _worker("queries", work, engine=engine, seed=seed, out=out, n=n)
    row["load"].append(os.getloadavg()[0])
    row["query_rss"] = run.tree_rss
    row["open"] = queried["open"]
    for form in FORMS:
        values = queried["latencies"][form]
        row[f"p50 {form}"] = perf.percentile(values, 0.5)
        row[f"p95 {form}"] = perf.percentile(values, 0.95)
        row[f"total {form}"] = statistics.median(queried["totals"][form])
    times, walls = [], []
    for i in range(adds):
        article = work / f"add-{i}.json"
        new = next(corpusgen.articles(_pools(), corpusgen.Options(1, seed + 1000 + i)))
        article.write_text(json.dumps(new.__dict__, ensure_ascii=False), "utf-8")
        run, added = _worker("add", work, engine=engine, article=article, out=out)
        times.append(added["seconds"])
        walls.append(run.wall)
    row["add"] = statistics.median(times)
    row["add_process"] = statistics.median(walls)
    row["load"].append(os.getloadavg()[0])
    perf.log(f"{engine} {n:,}: done ({json.dumps(row, default=str)[:300]})")
    return row


# -- the doc ----------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _memory(r: dict[str, Any]) -> str:
    """Peak PSS of the build's tree = arshif's + the generator's (MB); "~" where the generator
    ran in the build's process (its pools then copied into the analysis workers in part, so
    that arshif's share, the tree less the pools, is an overestimate)."""
    tree = r["peak_pss"] / perf.MB
    if "generator_pss" in r:
        generator, mark = r["generator_pss"] / perf.MB, ""
    else:
        generator, mark = r["baseline_rss"] / perf.MB, "~"
    return f"{tree:,.0f} = {mark}{tree - generator:,.0f} + {generator:,.0f}"


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = (
        "| engine | articles | index docs/s (gross) | peak PSS MB: tree = arshif + generator "
        "| peak RSS MB | index MB | p50/p95 ms 1-word | 2-word | phrase | filtered | faceted "
        "| add one s (process) | load avg | date |"
    )
    lines = [head, "|" + " --- |" * 14]
    for r in sorted(rows, key=lambda r: (r["engine"], r["n"])):
        forms = " | ".join(f"{_ms(r[f'p50 {f}'])} / {_ms(r[f'p95 {f}'])}" for f in FORMS)
        lines.append(
            f"| {r['engine']} | {r['n']:,} | {r['rate']:,.0f} ({r['rate_gross']:,.0f}) "
            f"| {_memory(r)} | {r['peak_rss'] / perf.MB:,.0f} "
            f"| {r['index_bytes'] / perf.MB:,.0f} | {forms} "
            f"| {r['add']:.2f} ({r['add_process']:.2f}) "
            f"| {' '.join(f'{x:.1f}' for x in r['load'])} | {r.get('date', '')[:16]} |"
        )
    return "\n".join(lines)


def _arshif_pss(r: dict[str, Any]) -> float:
    return float(r["peak_pss"] - r.get("generator_pss", r["baseline_rss"]))


def _series(r: dict[str, Any]) -> str:
    """A row's line in the plot: its engine, apart when the generator ran in the build."""
    return r["engine"] + (" (gen. in build)" if "generator_pss" not in r else "")


def plot(rows: Sequence[dict[str, Any]], path: Path | None = None) -> None:
    """Cost against size: index rate, p95 by form, memory, index size, add one."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    engines = sorted({_series(r) for r in rows})  # (rows of another setup: a series apart)
    for number, engine in enumerate(engines):
        mine = sorted((r for r in rows if _series(r) == engine), key=lambda r: r["n"])
        ns, color = [r["n"] for r in mine], f"C{number}"
        axes[0][0].plot(ns, [r["rate"] for r in mine], "o-", label=engine, color=color)
        tag = f"{engine} " if len(engines) > 1 else ""
        for form in FORMS:
            axes[0][1].plot(ns, [r[f"p95 {form}"] * 1000 for r in mine], "o-", label=tag + form)
        pss = [r["peak_pss"] / perf.MB for r in mine]
        axes[1][0].plot(ns, pss, "o-", label=f"{engine} peak PSS (tree)", color=color)
        own = [_arshif_pss(r) / perf.MB for r in mine]
        axes[1][0].plot(ns, own, "^:", label=f"{engine} arshif's (less the generator)", color=color)
        index = [r["index_bytes"] / perf.MB for r in mine]
        axes[1][0].plot(ns, index, "s--", label=tag + "index", color=color, alpha=0.5)
        axes[1][1].plot(ns, [r["add"] for r in mine], "o-", label=engine, color=color)
    titles = (
        ("index rate (docs/s)", "docs/s"),
        ("p95 latency by query form", "ms"),
        ("peak memory of a build and index size", "MB"),
        ("add one article (open, add, commit, visible)", "s"),
    )
    for ax, (title, unit) in zip([a for pair in axes for a in pair], titles, strict=True):
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.set_xlabel("articles")
        ax.set_xscale("log")
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=5)
    axes[0][1].set_yscale("log")  # the forms span three orders of magnitude
    axes[0][1].set_ylim(0.1, 5000)
    axes[0][1].axhline(50, color="red", lw=0.8, ls=":")
    axes[1][0].axhline(1024, color="red", lw=0.8, ls=":")
    axes[1][1].axhline(1, color="red", lw=0.8, ls=":")
    fig.suptitle("arshif: cost against size (benchmarks/scale.py)")
    fig.tight_layout()
    path = path or PLOT
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def load_rows(path: Path) -> list[dict[str, Any]]:
    """Every row measured so far (`ROWS`: one an engine and size, the latest)."""
    if not path.exists():
        return []
    return list(json.loads(path.read_text("utf-8"))["rows"])


def save_rows(path: Path, new: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add `new` rows to those of `path` (replacing a row of the same engine and size)."""
    keys = {(r["engine"], r["n"]) for r in new}
    rows = [r for r in load_rows(path) if (r["engine"], r["n"]) not in keys] + list(new)
    rows.sort(key=lambda r: (r["engine"], r["n"]))
    path.write_text(json.dumps({"rows": rows}, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return rows


def write_doc(rows: Sequence[dict[str, Any]]) -> None:
    """The table of docs/performance.md's "Scale" section (between its markers) and the plot,
    from `rows`; the section's words are the page's own."""
    plot(rows)
    text = DOC.read_text("utf-8")
    if TABLE_BEGIN not in text or TABLE_END not in text:
        raise SystemExit(f"{DOC} has no {TABLE_BEGIN} ... {TABLE_END} for the table")
    head, tail = text[: text.index(TABLE_BEGIN)], text[text.index(TABLE_END) :]
    DOC.write_text(f"{head}{TABLE_BEGIN}\n{table(rows)}\n{tail}", "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--engine", default="tantivy")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--save", type=Path, help="this run's results (JSON), after each size")
    parser.add_argument("--rows", type=Path, default=ROWS, help="every row so far (JSON)")
    parser.add_argument("--render", action="store_true", help="the doc's table and plot only")
    parser.add_argument("--no-doc", action="store_true", help="no table or plot written")
    parser.add_argument("--adds", type=int, default=3)
    for hidden in ("worker", "n", "out", "result", "article"):
        parser.add_argument(f"--{hidden}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        args.n = int(args.n or 0)
        args.out, args.result = Path(args.out), Path(args.result)
        run_worker(args)
        return
    if args.render:
        write_doc(load_rows(args.rows))
        return
    shown = [a for a in (sys.argv[1:] if argv is None else argv)]
    for option in ("--save", "--work", "--rows"):
        if option in shown:
            del shown[shown.index(option) : shown.index(option) + 2]
    saved: dict[str, Any] = {
        "command": "python benchmarks/scale.py " + " ".join(shown),
        "machine": perf.machine(),
        "seed": args.seed,
        "results": [],
    }
    base = args.work or Path(tempfile.mkdtemp(prefix="arshif-scale-"))
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            work = base / f"{args.engine}-{n}"
            work.mkdir(parents=True, exist_ok=True)
            row = bench_size(args.engine, n, args.seed, work, args.adds)
            row.update(
                date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
                command=saved["command"],
                machine=saved["machine"],
                generator="own process",
            )
            saved["results"].append(row)
            saved["elapsed"] = time.perf_counter() - started
            saved["date"] = row["date"]
            if args.save:
                args.save.write_text(json.dumps(saved, indent=1), "utf-8")
            rows = save_rows(args.rows, [row])  # (kept at once: a later size may not end)
            print(table(saved["results"][-1:]), flush=True)
            if args.work:  # the index of a size is not needed for the next one
                shutil.rmtree(work / "index", ignore_errors=True)
    finally:
        if args.work is None:
            shutil.rmtree(base, ignore_errors=True)
    print(table(saved["results"]))
    if not args.no_doc:
        write_doc(rows)


if __name__ == "__main__":
    main()
