"""Web archives made in the tests: a real crawl with wget against a local server, and WARCs
written record by record with warcio for the edge cases."""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"


def seed_page(text: str, number: int) -> bytes:
    """A seed as a news page: a menu, the article, related links and a footer."""
    lines = [line for line in text.split("\n") if line.strip()]
    body = "".join(f"<p>{escape(line)}</p>\n" for line in lines)
    return (
        "<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'>"
        f"<title>خبر {number}</title></head><body>"
        "<nav><a href='index.html'>الرئيسية</a> <a href='index.html'>سياسة</a></nav>"
        f"<article>{body}</article><img src='photo.png'>"
        "<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"
    ).encode()


def make_site(folder: Path) -> list[Path]:
    """The seeds as HTML pages, an index linking them, an image and links to a 404 and a
    redirect; returns the seeds in page order."""
    seeds = sorted(SEEDS.glob("*.txt"))
    links = []
    for number, seed in enumerate(seeds):
        (folder / f"a{number}.html").write_bytes(seed_page(seed.read_text("utf-8"), number))
        links.append(f"<a href='a{number}.html'>{number}</a>")
    links += ["<a href='missing.html'>gone</a>", "<a href='old'>moved</a>"]
    index = "<html><body><p>" + " ".join(links) + "</p><img src='photo.png'></body></html>"
    (folder / "index.html").write_text(index, "utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return seeds


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/a0.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A local http.server on 127.0.0.1 (a free port) serving `folder`; yields its base URL."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wget_crawl(wget: str, base: str, warc: Path, work: Path) -> Path:
    """Crawl `base` with wget (recursive, page requisites) into `warc` (``.warc.gz``)."""
    stem = str(warc).removesuffix(".warc.gz")
    subprocess.run(
        [wget, "-q", "-r", "-l", "2", "-p", "-e", "robots=off", "--no-warc-keep-log",
         f"--warc-file={stem}", "-P", str(work), f"{base}/index.html"],
        check=False, timeout=120,
    )  # fmt: skip
    assert warc.exists(), "wget wrote no WARC"
    return warc


def chunked(data: bytes, size: int = 100) -> bytes:
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


class Warc:
    """A WARC written record by record with warcio."""

    def __init__(self, path: Path, *, compress: bool = True) -> None:
        self.path = path
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=compress)

    def response(
        self,
        url: str,
        payload: bytes,
        *,
        status: str = "200 OK",
        headers: Sequence[tuple[str, str]] = (("Content-Type", "text/html; charset=utf-8"),),
        date: str = "2021-11-20T10:00:00Z",
    ) -> None:
        http = StatusAndHeaders(status, list(headers), protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
        self._write(record)

    def revisit(self, url: str, digest: str) -> None:
        record = self.writer.create_revisit_record(url, digest, url, "2021-11-21T10:00:00Z")
        self._write(record)

    def request(self, url: str) -> None:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        record = self.writer.create_warc_record(url, "request", http_headers=http)
        self._write(record)

    def _write(self, record: Any) -> None:
        self.writer.write_record(record)
        record.raw_stream.close()  # warcio spools a payload to a temporary file to digest it

    def block(self, url: str, kind: str, payload: bytes, content_type: str) -> None:
        """A record without HTTP headers (dns, resource, metadata)."""
        record = self.writer.create_warc_record(
            url, kind, payload=io.BytesIO(payload), warc_content_type=content_type
        )
        self._write(record)

    def raw(self, data: bytes) -> None:
        self.buffer.write(data)

    def close(self) -> Path:
        self.path.write_bytes(self.buffer.getvalue())
        return self.path


def sha1_digest(data: bytes) -> str:
    import base64

    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
