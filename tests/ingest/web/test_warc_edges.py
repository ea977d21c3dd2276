"""WARCs written with warcio for the edge cases: compression, chunking, charsets, revisits,
changed pages, and damaged or hostile records (reported, skipped or refused; no traceback).

On the default engine only: what these check is the web archive reader; the whole path from a
WARC or WACZ to the index runs on each engine in test_warc_crawl.py."""

from __future__ import annotations

from pathlib import Path

from arshif.config import Settings
from arshif.repository import Repository
from tests.cli.helpers import invoke, objects_valid
from tests.ingest.web.warcs import Warc, chunked, gzipped, sha1_digest

PAGE = (
    "<html><head><meta charset='utf-8'><title>انسحاب القوات</title></head><body>"
    "<p>نفت السلطات العراقية، مساء الجمعة، الحديث عن وجود نية لتمديد موعد انسحاب القوات "
    "الأمريكية من البلاد في نهاية العام الجاري.</p>"
    "<p>وقال المتحدث باسم قيادة العمليات المشتركة إن الموعد ثابت ولا تغيير فيه.</p>"
    "</body></html>"
).encode()
URL = "https://news.example.org/2021/11/20/withdrawal.html"


def run(root: Path, *args: str) -> tuple[int, str]:
    if not (root / "archive").exists():
        assert invoke(["--root", str(root), "init"]).exit_code == 0
    result = invoke(["--root", str(root), "ingest", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def repo(root: Path) -> Repository:
    return Repository(Settings(root))


def test_gzip_members_chunked_and_compressed_payload(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc.gz")
    warc.request(URL)
    headers = (
        ("Content-Type", "text/html; charset=utf-8"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Encoding", "gzip"),
    )
    warc.response(URL, chunked(gzipped(PAGE)), headers=headers)
    code, err = run(tmp_path, "--warc", str(warc.close()))
    assert code == 0, err
    (short,) = repo(tmp_path).ids()
    _, data = repo(tmp_path).capture(short)
    assert data == PAGE  # dechunked and decompressed, then kept byte-exact
    record = repo(tmp_path).record(short)
    origin = dict(record.capture.origin)
    assert origin["http-transfer-encoding"] == "chunked (dechunked)"
    assert origin["http-content-encoding"] == "gzip (decompressed)"
    assert record.metadata.url == URL
    assert record.metadata.retrieved == "2021-11-20T10:00:00Z"
    assert record.metadata.title == "انسحاب القوات"
    assert "1 request records" in err


def test_http_charset_decodes_a_page_without_meta(tmp_path: Path) -> None:
    page = "<html><body><p>نفت السلطات العراقية الحديث عن تمديد موعد الانسحاب</p></body></html>"
    warc = Warc(tmp_path / "a.warc", compress=False)
    headers = (("Content-Type", "text/html; charset=windows-1256"),)
    warc.response(URL, page.encode("cp1256"), headers=headers)
    code, err = run(tmp_path, "--warc", str(warc.close()))
    assert code == 0, err
    (short,) = repo(tmp_path).ids()
    record = repo(tmp_path).record(short)
    assert record.capture.encoding == "cp1256"
    assert "نفت السلطات العراقية" in record.text


def test_plain_text_kept_and_other_media_skipped(tmp_path: Path) -> None:
    text = "نفت السلطات العراقية الحديث عن تمديد موعد الانسحاب.\n".encode()
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(URL + ".txt", text, headers=(("Content-Type", "text/plain; charset=utf-8"),))
    warc.response(URL + ".png", b"\x89PNG\r\n", headers=(("Content-Type", "image/png"),))
    warc.response(URL + ".js", b"x()", headers=(("Content-Type", "application/javascript"),))
    warc.response(URL + ".gone", PAGE, status="404 Not Found")
    warc.response(URL + ".old", b"", status="302 Found", headers=(("Location", URL),))
    code, err = run(tmp_path, "--warc", str(warc.close()))
    assert code == 0, err
    assert len(repo(tmp_path).ids()) == 1
    assert "not ingested: 2 not HTML or text" in err
    assert "not ingested: 1 HTTP status 404" in err
    assert "not ingested: 1 redirects" in err


def test_dns_resource_and_metadata_records_are_counted(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc.gz")
    warc.block("dns:news.example.org", "response", b"20211120 news. 300 IN A 1.2.3.4\n", "text/dns")
    warc.block(URL, "resource", PAGE, "text/html")
    warc.block(URL, "metadata", b"outlink: " + URL.encode(), "application/warc-fields")
    warc.response(URL, PAGE)
    code, err = run(tmp_path, "--warc", str(warc.close()))
    assert code == 0, err
    assert len(repo(tmp_path).ids()) == 1
    for reason in ("1 dns records", "1 resource records", "1 metadata records"):
        assert f"not ingested: {reason}" in err


def test_revisits_resolved_in_the_input_or_counted(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(URL, PAGE)
    warc.revisit(URL, sha1_digest(PAGE))
    warc.revisit(URL + "?other", sha1_digest(b"a payload not in this input"))
    code, err = run(tmp_path, "--warc", str(warc.close()))
    assert code == 0, err
    assert len(repo(tmp_path).ids()) == 1
    assert "not ingested: 1 revisits of a capture in the input" in err
    assert "not ingested: 1 revisits\n" in err


def test_same_page_twice_is_one_record_a_changed_page_is_linked(tmp_path: Path) -> None:
    changed = PAGE.replace("ثابت".encode(), "نهائي وثابت".encode())
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(URL, PAGE, date="2021-11-20T10:00:00Z")
    warc.response(URL, PAGE, date="2021-11-20T12:00:00Z")
    warc.response(URL, changed, date="2021-11-21T10:00:00Z")
    code, err = run(tmp_path, "--warc", str(warc.close()))
    assert code == 0, err
    ids = repo(tmp_path).ids()
    assert len(ids) == 2
    first, later = (repo(tmp_path).record(i) for i in ids)
    assert {link.kind for link in first.links} == {"same-story"}
    assert {link.target for link in first.links} == {later.id}
    assert {link.target for link in later.links} == {first.id}
    assert "same-story" in err
    assert objects_valid(tmp_path / "archive") == 2


def test_a_later_crawl_of_a_changed_page_is_linked_to_the_earlier_record(tmp_path: Path) -> None:
    first = Warc(tmp_path / "monday.warc.gz")
    first.response(URL, PAGE)
    code, err = run(tmp_path, "--warc", str(first.close()))
    assert code == 0, err
    (earlier,) = repo(tmp_path).ids()
    second = Warc(tmp_path / "tuesday.warc.gz")
    second.response(URL, PAGE.replace("ثابت".encode(), "نهائي".encode()))
    code, err = run(tmp_path, "--warc", str(second.close()))
    assert code == 0, err
    (later,) = set(repo(tmp_path).ids()) - {earlier}
    assert [link.target for link in repo(tmp_path).record(later).links] == [earlier]
    assert [link.target for link in repo(tmp_path).record(earlier).links] == [later]


def test_wrong_payload_digest_refuses_the_capture(tmp_path: Path) -> None:
    altered = PAGE.replace(b"</body>", b"<p>x</p></body>")
    warc = Warc(tmp_path / "a.warc", compress=False)
    warc.response(URL + "?good", PAGE)
    warc.response(URL, altered)
    path = warc.close()
    # the record states the digest of the page before it was altered
    data = path.read_bytes()
    assert sha1_digest(altered).encode() in data
    path.write_bytes(data.replace(sha1_digest(altered).encode(), sha1_digest(PAGE).encode()))
    code, err = run(tmp_path, "--warc", str(path))
    assert code == 6
    assert "payload digest failed" in err
    assert "offset" in err
    assert repo(tmp_path).ids() == []  # nothing half-written
    code, err = run(tmp_path, "--warc", str(path), "--skip-bad")
    assert code == 0
    assert len(repo(tmp_path).ids()) == 1
    assert "payload digest failed" in err


def test_truncated_record_is_reported_with_its_offset(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc", compress=False)
    warc.response(URL + "?good", PAGE)
    warc.response(URL, PAGE * 20)
    path = warc.close()
    path.write_bytes(path.read_bytes()[:-1500])  # Content-Length now runs past the end
    code, err = run(tmp_path, "--warc", str(path))
    assert code == 6
    assert "offset" in err
    assert repo(tmp_path).ids() == []
    code, err = run(tmp_path, "--warc", str(path), "--skip-bad")
    assert code == 0, err
    assert len(repo(tmp_path).ids()) == 1


def test_truncated_gzip_member_is_reported(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(URL + "?good", PAGE)
    warc.response(URL, PAGE * 20)
    path = warc.close()
    path.write_bytes(path.read_bytes()[:-200])
    code, err = run(tmp_path, "--warc", str(path), "--skip-bad")
    assert code == 0, err
    assert len(repo(tmp_path).ids()) == 1
    assert "skipped:" in err


def test_decompression_bomb_refused_while_streaming(tmp_path: Path) -> None:
    bomb = gzipped(b"<html><body><p>" + b"\x20" * (200 * 2**20) + b"</p></body></html>")
    assert len(bomb) < 2**20
    warc = Warc(tmp_path / "a.warc.gz")
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    warc.response(URL, bomb, headers=headers)
    path = warc.close()
    code, err = run(tmp_path, "--warc", str(path), "--max-size", "1000000")
    assert code == 6
    assert "over the 1,000,000-byte limit once decompressed" in err
    assert repo(tmp_path).ids() == []


def test_target_uri_with_control_characters(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response("https://news.example.org/a\x1b[2Jb", PAGE)
    path = warc.close()
    code, err = run(tmp_path, "--warc", str(path))
    assert code == 6
    assert "not a plain http(s) URL" in err
    assert "\x1b" not in err
    code, err = run(tmp_path, "--warc", str(path), "--skip-bad")
    assert code == 0
    assert repo(tmp_path).ids() == []


def test_malformed_record_header(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc", compress=False)
    warc.response(URL + "?good", PAGE)
    warc.raw(b"NOT-A-WARC/9.9\r\nContent-Length: 12\r\n\r\nhello world!\r\n\r\n")
    path = warc.close()
    code, err = run(tmp_path, "--warc", str(path))
    assert code == 6
    assert "unreadable WARC record" in err
    bad = path.read_bytes().index(b"NOT-A-WARC")
    assert f"a.warc, offset {bad}: " in err  # where the bad record starts
    assert repo(tmp_path).ids() == []
    code, err = run(tmp_path, "--warc", str(path), "--skip-bad")
    assert code == 0
    assert len(repo(tmp_path).ids()) == 1


def test_not_a_warc_at_all(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage" * 10)
    code, err = run(tmp_path, "--warc", str(path))
    assert code == 6
    assert "a.warc.gz, offset 0" in err


def test_metadata_options_refused_with_warc(tmp_path: Path) -> None:
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(URL, PAGE)
    code, err = run(tmp_path, "--warc", str(warc.close()), "--outlet", "x")
    assert code == 2
    assert "--warc/--wacz" in err


def test_target_uris_go_through_the_url_rule_of_every_way_in(tmp_path: Path) -> None:
    """A target URI is stored as a browser sends it (as manifest URLs are), the URI as the WARC
    states it kept in the capture's origin; one no browser could open is refused."""
    raw = "https://News.example.org/node/620849/«التقني»\u00a0تعلن"
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(raw, PAGE)
    warc.response("http://ex%ample.org/[", PAGE.replace(b"</body>", b"<p>x</p></body>"))
    path = warc.close()
    code, err = run(tmp_path / "strict", "--warc", str(path))
    assert code == 6
    assert "ex%ample.org" in err
    assert repo(tmp_path / "strict").ids() == []
    code, err = run(tmp_path / "lenient", "--warc", str(path), "--skip-bad")
    assert code == 0, err
    [short] = repo(tmp_path / "lenient").ids()
    record = repo(tmp_path / "lenient").record(short)
    assert record.metadata.url == (
        "https://news.example.org/node/620849/"
        "%C2%AB%D8%A7%D9%84%D8%AA%D9%82%D9%86%D9%8A%C2%BB%C2%A0%D8%AA%D8%B9%D9%84%D9%86"
    )
    assert ("warc-target-uri", raw) in record.capture.origin


def test_a_truncated_record_that_would_be_skipped_is_reported_as_damaged(tmp_path: Path) -> None:
    """An image (not ingested) cut short is a damaged record, not a silent "not HTML" skip."""
    warc = Warc(tmp_path / "a.warc", compress=False)
    warc.response(URL + "?good", PAGE)
    warc.response(URL + ".png", b"\x89PNG" * 2000, headers=(("Content-Type", "image/png"),))
    path = warc.close()
    path.write_bytes(path.read_bytes()[:-1500])
    code, err = run(tmp_path, "--warc", str(path))
    assert code == 6
    assert "ends before its Content-Length" in err
    assert repo(tmp_path).ids() == []
    code, err = run(tmp_path, "--warc", str(path), "--skip-bad")
    assert code == 0, err
    assert "not HTML" not in err
    assert len(repo(tmp_path).ids()) == 1
