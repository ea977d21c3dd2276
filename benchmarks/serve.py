"""Benchmark of `arshif serve` (issue 19): search page latency and a full OAI-PMH harvest.

On an archive of N SaudiNewsNet articles (the workload of benchmarks/perf.py, built here with
`arshif ingest --manifest`, or an existing root given with --root), one `arshif serve` process is
started and a client in this process:

1. loads the search page (`/?q=...`, 20 hits with snippets and facets) for 300 queries made from
   the titles (perf.py's), one at a time after 20 warm-up loads, and reports p50/p95/max;
2. harvests the whole archive with `ListRecords&metadataPrefix=oai_dc` through every resumption
   token, sampling the server's RSS (psutil) after each page: the catalogue's first build, the
   harvest's time and the server's memory before, during (peak) and after.

Results go to stdout; `--write-doc` replaces the section after `SECTION` in docs/performance.md.

    python benchmarks/serve.py --size 31030 --write-doc
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from perf import (
    DOC,
    SERVE_SECTION,
    load_corpus,
    machine,
    make_queries,
    percentile,
    workload,
    write_manifest,
)

SECTION = SERVE_SECTION
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def arshif() -> list[str]:
    return [sys.executable, "-m", "arshif"]


def build(root: Path, n: int, work: Path) -> tuple[int, float]:
    docs = workload(load_corpus(), n)
    manifest = work / "docs.jsonl"
    write_manifest(manifest, docs)
    subprocess.run([*arshif(), "--root", str(root), "init"], check=True)
    start = time.perf_counter()
    subprocess.run(
        [*arshif(), "--root", str(root), "ingest", "--manifest", str(manifest), "--skip-bad"],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "ARSHIF_USER": "Benchmark <bench@example.org>"},
    )
    return len(docs), time.perf_counter() - start


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=600) as response:
        return response.status, response.read()


def rss(process: Any) -> int:
    return int(process.memory_info().rss)


def search_latency(base: str, path: str, queries: list[str]) -> dict[str, float]:
    for query in queries[:20]:
        fetch(base + path + "?" + urlencode({"q": query}))
    times = []
    for query in queries:
        start = time.perf_counter()
        status, _ = fetch(base + path + "?" + urlencode({"q": query}))
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200
    return {
        "queries": len(times),
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times),
    }


def harvest(base: str, server: Any) -> dict[str, float]:
    from lxml import etree

    before = rss(server)
    start = time.perf_counter()
    fetch(base + "/oai?verb=Identify")  # builds the catalogue
    catalogue_s = time.perf_counter() - start
    after_catalogue = rss(server)
    params = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    records = pages = 0
    peak = after_catalogue
    samples = []
    start = time.perf_counter()
    while True:
        status, body = fetch(base + "/oai?" + urlencode(params))
        assert status == 200
        root = etree.fromstring(body)
        error = root.find(f"{OAI}error")
        assert error is None, error.text
        records += len(root.findall(f".//{OAI}record"))
        pages += 1
        current = rss(server)
        peak = max(peak, current)
        samples.append(current)
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            break
        params = {"verb": "ListRecords", "resumptionToken": token.text}
    seconds = time.perf_counter() - start
    tenth = samples[len(samples) // 10] if samples else 0
    return {
        "records": records,
        "pages": pages,
        "seconds": seconds,
        "records_s": records / seconds,
        "catalogue_s": catalogue_s,
        "rss_before_mb": before / 2**20,
        "rss_catalogue_mb": after_catalogue / 2**20,
        "rss_at_10pct_mb": tenth / 2**20,
        "rss_peak_mb": peak / 2**20,
        "rss_end_mb": samples[-1] / 2**20 if samples else 0,
    }


def run(root: Path, n: int, page_size: int) -> dict[str, Any]:
    import psutil

    docs = workload(load_corpus(), n)
    queries = [text for _, text in make_queries(docs)]
    process = subprocess.Popen(
        [*arshif(), "--root", str(root), "serve", "--port", "0", "--oai-page-size", str(page_size)],
        stdout=subprocess.PIPE,
        stderr=sys.stderr,
        text=True,
    )
    try:
        assert process.stdout is not None
        base = process.stdout.readline().strip().rstrip("/")
        server = psutil.Process(process.pid)
        started = rss(server)
        search = search_latency(base, "/", queries)
        api = search_latency(base, "/api/search", queries[:100])
        oai = harvest(base, server)
        return {"started_rss_mb": started / 2**20, "search": search, "api": api, "oai": oai}
    finally:
        process.terminate()
        process.wait(timeout=120)


def section(result: dict[str, Any], command: str) -> str:
    s, a, o = result["search"], result["api"], result["oai"]
    built = (
        f"; the archive built by `arshif ingest --manifest` in {result['build_s'] / 60:.0f} min"
        if result["build_s"]
        else ""
    )
    rows = [
        (
            f"search page `/?q=…` (10 hits, snippets, 4 facets), {s['queries']} queries one "
            "at a time: p50 / p95 / max",
            f"{s['p50_ms']:.0f} / **{s['p95_ms']:.0f}** / {s['max_ms']:.0f} ms",
        ),
        (
            f"`/api/search?q=…` (10 hits), {a['queries']} queries: p50 / p95",
            f"{a['p50_ms']:.0f} / {a['p95_ms']:.0f} ms",
        ),
        (
            "OAI catalogue's first build (index stored fields, every inventory)",
            f"{o['catalogue_s']:.1f} s",
        ),
        (
            "full `ListRecords` oai_dc harvest: records, pages, time",
            f"{o['records']:,}, {o['pages']}, {o['seconds']:.0f} s "
            f"({o['records_s']:.0f} records/s)",
        ),
        (
            "server RSS: started / after the searches / after the catalogue / at 10% of the "
            "harvest / peak / end",
            f"{result['started_rss_mb']:.0f} / {o['rss_before_mb']:.0f} / "
            f"{o['rss_catalogue_mb']:.0f} / {o['rss_at_10pct_mb']:.0f} / "
            f"{o['rss_peak_mb']:.0f} / {o['rss_end_mb']:.0f} MB",
        ),
    ]
    table = "\n".join(["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])
    growth = o["rss_peak_mb"] - o["rss_at_10pct_mb"]
    verdict = "yes" if s["p95_ms"] <= 100 else "**no**"
    return f"""{SECTION}

Issue 19: the search page's latency and a full OAI-PMH harvest, measured by a client in the
same run against one `arshif serve` process (waitress, 4 threads) on {result["records"]:,}
SaudiNewsNet articles (the workload of perf.py{built}).

- Command: `{command}`
- Machine: {machine()}
- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC

{table}

Targets: search page p95 ≤ 100 ms ({verdict}). The harvest in bounded server memory: the
server keeps a catalogue of every record (id, datestamp, sets) and streams pages; its RSS at
the harvest's peak against a tenth of the way: {growth:+.0f} MB.
"""


def write_doc(text: str) -> None:
    """Replace this benchmark's section of docs/performance.md (up to the next ``## ``
    heading; the sections after it stay), or append it."""
    doc = DOC.read_text("utf-8")
    if SECTION not in doc:
        DOC.write_text(doc.rstrip() + "\n\n" + text, "utf-8")
        return
    head, _, rest = doc.partition(SECTION)
    following = rest.find("\n## ")
    tail = rest[following + 1 :] if following >= 0 else ""
    body = head.rstrip() + "\n\n" + text.rstrip() + "\n"
    DOC.write_text(body + ("\n" + tail if tail else ""), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=31030)
    parser.add_argument("--root", type=Path, help="an archive already built (of --size articles)")
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    parser.add_argument("--oai-page-size", type=int, default=100)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    command = "python " + " ".join(sys.argv)
    with tempfile.TemporaryDirectory(prefix="arshif-serve-bench-") as tmp:
        work = Path(tmp)
        root = args.root or args.keep or work / "root"
        build_s = 0.0
        if args.root is None:
            print(f"building {args.size} articles in {root}", file=sys.stderr)
            _, build_s = build(root, args.size, work)
        result = run(root, args.size, args.oai_page_size)
        result["records"] = result["oai"]["records"]
        result["build_s"] = build_s
    print(json.dumps(result, indent=2))
    text = section(result, command)
    print(text)
    if args.write_doc:
        write_doc(text)


if __name__ == "__main__":
    main()
