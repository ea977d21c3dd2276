"""Ingest from a WARC against ingest of the same articles from a manifest: speed and memory.

Workload: the first N SaudiNewsNet articles (../shared/corpora/saudinewsnet, as
`benchmarks/perf.py` loads them), each rendered as the HTML page a news site would serve (a
menu, the headline, the paragraphs, a footer). The same pages are written twice:

* as files with a JSONL manifest (``path``, ``url``, ``retrieved`` per line), ingested with
  ``arshif ingest --manifest``;
* as one gzip-compressed WARC of HTTP exchanges (a ``request`` and a ``response`` record per
  page, written with warcio; half of the responses chunked, a quarter gzip-encoded), ingested
  with ``arshif ingest --warc``.

Each ingest runs in a fresh root as a whole process (`perf.measure`: wall time, peak RSS of the
process tree). The runs alternate, manifest first, `--repeat` times; the best of each is kept.

Usage::

    python benchmarks/warc_ingest.py --docs 5000              # prints the figures
    python benchmarks/warc_ingest.py --docs 5000 --write-doc  # and updates docs/performance.md
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from htmlpages import paragraphs_html, write_block
from perf import DOC, MB, Run, _arshif_cmd, load_corpus, machine, measure

BEGIN, END = "<!-- warc-ingest:begin -->", "<!-- warc-ingest:end -->"


def page(doc: dict[str, str]) -> bytes:
    paragraphs = paragraphs_html(line.strip() for line in doc["text"].split("\n") if line.strip())
    title = escape(doc.get("title", ""))
    return (
        "<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><nav><a href='/'>الرئيسية</a>"
        "<a href='/p'>سياسة</a><a href='/e'>اقتصاد</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"
    ).encode()


def chunked(data: bytes, size: int = 4096) -> bytes:
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def build(folder: Path, docs: Sequence[dict[str, str]]) -> tuple[Path, Path]:
    """(manifest, WARC) of the same pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = folder / "pages"
    pages.mkdir()
    manifest = folder / "pages.jsonl"
    warc = folder / "pages.warc.gz"
    with manifest.open("w", encoding="utf-8") as lines, warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, doc in enumerate(docs):
            data = page(doc)
            url = doc["source_id"] if doc["source_id"].startswith("http") else f"http://x/{number}"
            url = quote(url, safe=":/?#[]@!$&'()*+,;=%")  # an HTTP request line is ASCII
            when = (doc.get("published") or "2015-07-01") + "T12:00:00Z"
            (pages / f"{number}.html").write_bytes(data)
            entry = {"path": f"pages/{number}.html", "url": url, "retrieved": when}
            lines.write(json.dumps(entry, ensure_ascii=False) + "\n")
            headers = [("Content-Type", "text/html; charset=utf-8")]
            body = data
            if number % 4 == 1:
                body = gzip.compress(body, mtime=0)
                headers.append(("Content-Encoding", "gzip"))
            if number % 2 == 1:
                body = chunked(body)
                headers.append(("Transfer-Encoding", "chunked"))
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=StatusAndHeaders(
                    f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True
                ),
                warc_headers_dict={"WARC-Date": when},
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": when},
            )
            for record in (request, response):
                writer.write_record(record)
                if record.raw_stream is not None:
                    record.raw_stream.close()
    return manifest, warc


def ingest(kind: str, source: Path, work: Path, run: int) -> Run:
    root = work / f"root-{kind}-{run}"
    measure([*_arshif_cmd(), "--root", str(root), "init"])
    option = ["--manifest", str(source)] if kind == "manifest" else ["--warc", str(source)]
    result = measure([*_arshif_cmd(), "--root", str(root), "ingest", *option, "--user", "bench"])
    added = result.stderr.strip().splitlines()[-1]
    print(f"  {kind} run {run}: {result.wall:.1f} s, {result.tree_rss / MB:.0f} MB; {added}")
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs = load_corpus()[: args.docs]
    with tempfile.TemporaryDirectory(prefix="arshif-warc-bench-") as name:
        work = Path(name)
        manifest, warc = build(work, docs)
        html_bytes = sum(f.stat().st_size for f in (work / "pages").iterdir())
        print(
            f"{len(docs)} pages, {html_bytes / MB:.1f} MB of HTML; "
            f"WARC {warc.stat().st_size / MB:.1f} MB"
        )
        runs: dict[str, list[Run]] = {"manifest": [], "warc": []}
        for run in range(args.repeat):
            runs["manifest"].append(ingest("manifest", manifest, work, run))
            runs["warc"].append(ingest("warc", warc, work, run))
    best = {kind: min(r.wall for r in items) for kind, items in runs.items()}
    peak = {kind: max(r.tree_rss for r in items) for kind, items in runs.items()}
    ratio = best["manifest"] / best["warc"]
    rows = [
        "| input | docs | best wall (s) | docs/s | peak tree RSS (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in ("manifest", "warc"):
        rows.append(
            f"| {kind} | {len(docs)} | {best[kind]:.1f} | {len(docs) / best[kind]:.1f} "
            f"| {peak[kind] / MB:.0f} |"
        )
    text = "\n".join(rows) + f"\n\nWARC speed / manifest speed: **{ratio:.2f}×** (target ≥ 0.9×)."
    print(text)
    if args.write_doc:
        command = f"python benchmarks/warc_ingest.py --docs {args.docs} --repeat {args.repeat}"
        write_doc(text, command, time.perf_counter() - started, len(docs), html_bytes)


def write_doc(text: str, command: str, elapsed: float, docs: int, html_bytes: int) -> None:
    block = f"""{BEGIN}
## Ingest from a WARC (issue 20)

`{command}` ({elapsed / 60:.0f} min, {date.today().isoformat()}): {docs:,} SaudiNewsNet articles
rendered as HTML pages ({html_bytes / MB:.1f} MB), ingested from files named in a manifest and
from one gzip-compressed WARC of the same pages as HTTP exchanges (request and response records;
half the responses chunked, a quarter gzip-encoded), each into a fresh root, whole processes.
{machine()}.

{text}

The WARC is read as a stream, one record at a time and each payload in 64 KiB pieces (never
past `--max-size`); what waits to be written is spooled to disk past a bound exactly as for a
manifest, so the peak memory is that of the ingest pipeline, not of the WARC's size.
{END}"""
    write_block(DOC, BEGIN, block, END)


if __name__ == "__main__":
    main()
