"""The JSON API answers what the CLI prints: `/api/search` = `arshif search --format json`,
`/api/records/<id>` = `arshif show --format json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import seed_ids
from tests.search_cli.helpers import cli
from tests.serve.conftest import Server
from tests.serve.helpers import get


@pytest.mark.parametrize(
    ("params", "args"),
    [
        ({"q": "انسحاب", "facet": "outlet,lang,year,tag"}, ("--facet", "outlet,lang,year,tag")),
        (
            {"q": "نیروهای آمریکایی", "facet": "lang", "limit": "5"},
            ("--facet", "lang", "--limit", "5"),
        ),
        (
            {"q": "السعودية", "facet": "outlet", "sort": "-published", "page": "2"},
            ("--facet", "outlet", "--sort", "-published", "--page", "2"),
        ),
        ({"q": "الخفاجب", "facet": "year"}, ("--facet", "year")),
    ],
)
def test_search_is_the_cli_json(
    corpus_server: Server, corpus_root: Path, params: dict[str, str], args: tuple[str, ...]
) -> None:
    reply = get(corpus_server.url + "/api/search", params)
    assert reply.status == 200
    assert reply.content_type == "application/json; charset=utf-8"
    shown = cli(corpus_root, "search", "--format", "json", *args, "--", params["q"])
    assert json.loads(reply.body) == json.loads(shown.stdout)


def test_record_is_the_cli_json(corpus_server: Server, corpus_root: Path) -> None:
    for short in seed_ids().values():
        reply = get(corpus_server.url + f"/api/records/{short}")
        assert reply.status == 200
        shown = cli(corpus_root, "show", short, "--format", "json")
        assert json.loads(reply.body) == json.loads(shown.stdout)
        assert reply.body.decode("utf-8") == shown.stdout  # byte for byte: controls escaped
    short = seed_ids()["000"]
    reply = get(corpus_server.url + f"/api/records/{short}", {"version": "v1"})
    shown = cli(corpus_root, "show", short, "--format", "json", "--version", "v1")
    assert json.loads(reply.body) == json.loads(shown.stdout)


def test_errors_are_json_with_one_line(corpus_server: Server, corpus_root: Path) -> None:
    reply = get(corpus_server.url + "/api/search", {"q": '"unclosed'})
    assert reply.status == 400
    body = json.loads(reply.body)
    shown = cli(corpus_root, "search", '"unclosed')
    assert shown.stderr.strip() == f"arshif: error: {body['error']}"
    assert get(corpus_server.url + "/api/search").status == 400
    assert get(corpus_server.url + "/api/search", {"q": "x", "facet": "colour"}).status == 400
    missing = get(corpus_server.url + "/api/records/ffffffffffff")
    assert missing.status == 404
    assert "ffffffffffff" in json.loads(missing.body)["error"]
