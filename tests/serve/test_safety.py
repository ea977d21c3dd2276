"""Hostile input: markup and bidi overrides render as text, CSP without inline script, nothing
outside the archive is served, malformed parameters are a 400 with one line, only GET/HEAD,
links from the configured base URL and never from the Host header."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.search_cli.helpers import cli
from tests.serve.conftest import HOSTILE_TITLE, Server, hostile_id
from tests.serve.helpers import OAI, get, valid_oai


def test_hostile_record_renders_as_text(mutable_server: Server, mutable_root: Path) -> None:
    short = hostile_id(mutable_root)
    for path, params in ((f"/records/{short}", {}), ("/", {"q": "الحماية"})):
        reply = get(mutable_server.url + path, params)
        assert reply.status == 200
        html = reply.text
        assert "<script" not in html
        assert "<img" not in html
        assert "<b>outlet" not in html
        assert "<i>tag" not in html
        assert "\u202e" not in html  # the override is shown as a visible code point
        assert "&lt;U+202E&gt;" in html
        doc = lxml.html.fromstring(reply.body)
        assert doc.xpath("//script") == []
        shown = doc.cssselect("#title" if path != "/" else "li.hit a.title")[0].text_content()
        assert shown == HOSTILE_TITLE.replace("\u202e", "<U+202E>").replace("\u202c", "<U+202C>")
    page = lxml.html.fromstring(get(mutable_server.url + f"/records/{short}").body)
    text = page.get_element_by_id("text").text_content()
    assert "<script>document.title='pwned'</script>" in text  # shown, not run


def test_security_headers(corpus_server: Server) -> None:
    for path in ("/", "/records/529ae1d8c55a", "/api/search?q=x", "/oai?verb=Identify", "/nothing"):
        reply = get(corpus_server.url + path)
        csp = reply.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp
        assert "script-src" not in csp  # no script at all, inline or not
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert "Traceback" not in reply.text


@pytest.mark.parametrize(
    "path",
    [
        "/records/../../etc/passwd",
        "/records/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/records/..%2f..%2f..%2fetc%2fpasswd/tei",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/records/529ae1d8c55a/../../../etc/passwd",
        "/records/%00",
        "/records/529ae1d8c55a%00/tei",
        "/etc/passwd",
        "//etc/passwd",
        "/records/529a",  # a prefix: only whole ids (finding a prefix would walk the archive)
        "/records/urn:arshif:529ae1d8c55a",
    ],
)
def test_nothing_outside_the_archive(corpus_server: Server, path: str) -> None:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(corpus_server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path)  # sent as written: no client-side normalisation
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    assert response.status == 404, (path, response.status)
    assert "root:" not in body
    assert "import" not in body
    assert "Traceback" not in body


def test_malformed_query_is_a_400_with_the_cli_message(
    corpus_server: Server, corpus_root: Path
) -> None:
    for query in ('"unclosed', "(open", "published:2021-99..x", "AND"):
        reply = get(corpus_server.url + "/", {"q": query})
        shown = cli(corpus_root, "search", "--", query)
        if shown.exit_code != 2:
            continue
        assert reply.status == 400, query
        message = lxml.html.fromstring(reply.body).get_element_by_id("message").text_content()
        assert shown.stderr.strip() == f"arshif: error: {message}"
        assert "Traceback" not in reply.text
    for params in (
        {"lang": "<x>"},
        {"since": "yesterday"},
        {"q": "x" * 2000},
        {"outlet": 'a"b'},
        {"q": "a\x01"},
    ):
        reply = get(corpus_server.url + "/", params)
        assert reply.status == 400, params
        assert (
            len(
                lxml.html.fromstring(reply.body)
                .get_element_by_id("message")
                .text_content()
                .splitlines()
            )
            == 1
        )


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_read_only(corpus_server: Server, method: str) -> None:
    for path in ("/", "/records/529ae1d8c55a", "/oai", "/api/search"):
        reply = get(corpus_server.url + path, method=method)
        assert reply.status == 405, (method, path)
        assert reply.headers["Allow"] == "GET, HEAD"


def test_head_answers_like_get(corpus_server: Server) -> None:
    reply = get(corpus_server.url + "/records/529ae1d8c55a", method="HEAD")
    assert reply.status == 200
    assert reply.body == b""


def test_host_header_is_not_trusted(corpus_server: Server) -> None:
    headers = {
        "Host": "evil.example",
        "X-Forwarded-Host": "evil.example",
        "Forwarded": "host=evil.example",
    }
    oai = get(corpus_server.url + "/oai", {"verb": "Identify"}, headers=headers)
    root = valid_oai(oai.body)
    assert root.findtext(f"{OAI}Identify/{OAI}baseURL") == corpus_server.url + "/oai"
    assert root.findtext(f"{OAI}request") == corpus_server.url + "/oai"
    page = get(corpus_server.url + "/", {"q": "انسحاب"}, headers=headers)
    assert "evil.example" not in page.text


def test_base_url_from_configuration(tmp_path: Path, mutable_root: Path) -> None:
    server = Server(mutable_root, "--base-url", "https://news.example.org/arshif")
    try:
        root = valid_oai(get(server.url + "/oai", {"verb": "Identify"}).body)
        assert root.findtext(f"{OAI}Identify/{OAI}baseURL") == "https://news.example.org/arshif/oai"
        sample = root.findtext(
            ".//{http://www.openarchives.org/OAI/2.0/oai-identifier}repositoryIdentifier"
        )
        assert sample == "news.example.org"
        page = lxml.html.fromstring(get(server.url + "/", {"q": "العراق"}).body)
        links = [a.get("href") for a in page.cssselect("li.hit a.title")]
        assert links
        assert all(link.startswith("/arshif/records/") for link in links)
    finally:
        assert server.stop()[0] == 0
