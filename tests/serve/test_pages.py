"""The web reader against a real server: the same records in the same order as `arshif search`,
filters, facets, paging, did-you-mean; the record page, its versions, diff and downloads; 410."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import lxml.html
import pytest

from arshif.config import Settings
from arshif.repository import Repository
from tests.archives import USER, run
from tests.cli.helpers import seed_ids
from tests.search_cli.helpers import cli, ndjson
from tests.serve.conftest import Server
from tests.serve.helpers import get


def page(server: Server, path: str = "/", **params: str) -> lxml.html.HtmlElement:
    reply = get(server.url + path, params)
    assert reply.status == 200, reply.text
    assert reply.content_type == "text/html; charset=utf-8"
    return lxml.html.fromstring(reply.body)


def hit_ids(doc: lxml.html.HtmlElement) -> list[str]:
    return [a.get("href").rpartition("/")[2] for a in doc.cssselect("li.hit a.title")]


def cli_ids(root: Path, query: str, *args: str) -> list[str]:
    result = cli(root, "search", "--format", "ndjson", *args, "--", query)
    assert result.exit_code in (0, 1), result.output
    return [row["id"] for row in ndjson(result.stdout) if "id" in row]


@pytest.mark.parametrize(
    ("params", "query", "args"),
    [
        ({"q": "انسحاب"}, "انسحاب", ()),
        ({"q": "نیروهای آمریکایی"}, "نیروهای آمریکایی", ()),
        ({"q": "نيروهاي امريكايي"}, "نيروهاي امريكايي", ()),
        ({"q": "السعودية"}, "السعودية", ()),
        ({"q": "السعودية", "sort": "-published"}, "السعودية", ("--sort", "-published")),
        ({"q": "السعودية", "page": "3"}, "السعودية", ("--offset", "20")),
        ({"q": "السعودية", "lang": "ar"}, "(السعودية) lang:ar", ()),
        (
            {"q": "وزارة", "since": "2015-08", "until": "2015-08"},
            "وزارة",
            ("--since", "2015-08", "--until", "2015-08"),
        ),
        ({"q": "الرياض OR جدة", "sort": "outlet"}, "الرياض OR جدة", ("--sort", "outlet")),
        ({"q": '"القوات الأميركية"'}, '"القوات الأميركية"', ()),
        ({"lang": "fa"}, "lang:fa", ()),
    ],
)
def test_search_page_lists_what_the_cli_lists(
    corpus_server: Server,
    corpus_root: Path,
    params: dict[str, str],
    query: str,
    args: tuple[str, ...],
) -> None:
    doc = page(corpus_server, **params)
    expected = cli_ids(corpus_root, query, "--limit", "10", *args)
    assert hit_ids(doc) == expected
    total = cli(corpus_root, "search", "--format", "json", "--facet", "lang", *args, "--", query)
    assert doc.get_element_by_id("total").text_content() == str(json.loads(total.stdout)["total"])
    command = doc.cssselect("code.command")[0].text_content()
    assert query in command or f"'{query}'" in command


def test_facets_are_links_with_counts(corpus_server: Server, corpus_root: Path) -> None:
    doc = page(corpus_server, q="السعودية")
    outlets = doc.get_element_by_id("facet-outlet")
    first = outlets.cssselect("li")[0]
    name, count = first.cssselect("a")[0].text_content(), first.cssselect(".count")[0].text
    link = first.cssselect("a")[0].get("href")
    narrowed = page(corpus_server, path="/", **dict(_query(link)))
    assert narrowed.get_element_by_id("total").text_content() == count
    expected = cli_ids(corpus_root, f'(السعودية) outlet:"{name}"', "--limit", "10")
    assert hit_ids(narrowed) == expected
    years = doc.get_element_by_id("facet-year").cssselect("a")
    assert years[0].text_content() == "2015"


def _query(href: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl, urlsplit

    return parse_qsl(urlsplit(href).query)


def test_highlights_and_language_attributes(corpus_server: Server) -> None:
    doc = page(corpus_server, q="نیروهای آمریکایی")
    hits = doc.cssselect("li.hit")
    assert hits
    for hit in hits:
        snippet = hit.cssselect("p.snippet")[0]
        assert snippet.get("lang") in ("ar", "fa")
        assert snippet.get("dir") == "rtl"
        assert hit.cssselect("a.title")[0].get("dir") == "rtl"
    marks = [m.text_content() for m in doc.cssselect("p.snippet mark")]
    assert any("آمریکایی" in m or "امريكايي" in m or "آمريكايي" in m for m in marks), marks


def test_did_you_mean_is_a_link(corpus_server: Server) -> None:
    doc = page(corpus_server, q="الخفاجب")
    suggestion = doc.get_element_by_id("suggestion").cssselect("a")[0]
    assert suggestion.text_content() == "الخفاجي"
    assert ("q", "الخفاجي") in _query(suggestion.get("href"))


def test_paging_links_and_bounds(corpus_server: Server) -> None:
    doc = page(corpus_server, q="السعودية", page="2")
    rel = {a.get("rel"): a.get("href") for a in doc.cssselect("nav.pages a")}
    assert ("page", "3") in _query(rel["next"])
    assert "page" not in dict(_query(rel["prev"]))
    for bad in ({"page": "0"}, {"page": "1001"}, {"page": "x"}, {"limit": "1000"}, {"sort": "x"}):
        reply = get(corpus_server.url + "/", {"q": "السعودية", **bad})
        assert reply.status == 400
        assert "Traceback" not in reply.text
    far = page(corpus_server, q="السعودية", page="400")
    assert hit_ids(far) == []


def test_record_page(corpus_server: Server, corpus_root: Path) -> None:
    ids = seed_ids()
    record = Repository(Settings(corpus_root)).record(ids["000"])
    doc = page(corpus_server, f"/records/{ids['000']}")
    title = doc.get_element_by_id("title")
    assert title.text_content() == (record.metadata.title or record.id)
    assert (title.get("lang"), title.get("dir")) == ("fa", "rtl")
    text = doc.get_element_by_id("text")
    assert [p.text_content() for p in text.cssselect("p")] == list(record.paragraphs)
    provenance = doc.get_element_by_id("provenance").text_content()
    assert record.capture.sha256 in provenance
    assert str(record.capture.size) in provenance
    for step in record.cleaning:
        assert step.step in provenance
    versions = doc.get_element_by_id("versions")
    rows = versions.cssselect("tr")[1:]
    assert len(rows) == 3  # ingest, metadata for tests, link
    assert "metadata for tests" in versions.text_content()
    assert "Test Librarian" in versions.text_content()
    related = doc.get_element_by_id("related")
    assert ids["002"] in related.cssselect("a")[0].get("href")
    old = page(corpus_server, f"/records/{ids['000']}", version="v1")
    assert "version v1" in old.cssselect("p.old-version")[0].text_content()
    assert get(corpus_server.url + f"/records/{ids['000']}", {"version": "v9"}).status == 404


def test_diff_page(corpus_server: Server) -> None:
    ids = seed_ids()
    doc = page(corpus_server, f"/records/{ids['000']}/diff", **{"from": "v1", "to": "v2"})
    changes = doc.get_element_by_id("metadata-changes").text_content()
    assert "ایرنا" in changes
    assert "2021-11-20" in changes
    same = page(corpus_server, f"/records/{ids['000']}/diff", **{"from": "v2", "to": "v2"})
    assert same.get_element_by_id("no-changes") is not None


def test_downloads(corpus_server: Server, corpus_root: Path) -> None:
    import rispy

    from arshif.tei import validate_record

    ids = seed_ids()
    base = corpus_server.url + f"/records/{ids['001']}"
    expected = {
        "biblatex": "application/x-bibtex",
        "bibtex": "application/x-bibtex",
        "ris": "application/x-research-info-systems",
        "csl-json": "application/vnd.citationstyles.csl+json",
        "apa": "text/plain",
        "chicago-author-date": "text/plain",
        "chicago-note-bibliography": "text/plain",
    }
    for fmt, media_type in expected.items():
        reply = get(f"{base}/cite/{fmt}")
        assert reply.status == 200
        assert reply.content_type == f"{media_type}; charset=utf-8"
        assert reply.headers["Content-Disposition"].startswith("attachment;")
        shown = cli(corpus_root, "cite", ids["001"], "--format", fmt)
        assert reply.text == shown.stdout
    entry = rispy.loads(get(f"{base}/cite/ris").text)[0]
    assert entry["accession_number"] == f"urn:arshif:{ids['001']}"
    assert get(f"{base}/cite/html").status == 404
    tei = get(f"{base}/tei")
    assert tei.content_type == "application/tei+xml; charset=utf-8"
    assert validate_record(tei.body) == []
    capture = get(f"{base}/capture")
    assert capture.headers["Content-Disposition"].startswith("attachment;")
    seed = next(p for p in sorted((Path(__file__).parents[2] / "seeds").glob("001_*.txt")))
    assert capture.body == seed.read_bytes()
    assert hashlib.sha256(capture.body).hexdigest()[:12] == ids["001"]


def test_withdrawn_record_is_gone(mutable_server: Server, mutable_root: Path) -> None:
    ids = seed_ids()
    assert ids["002"] in hit_ids(page(mutable_server, q="العراق"))
    result = run(
        mutable_root,
        "withdraw",
        ids["002"],
        "--reason",
        "duplicate of a wire story",
        "--user",
        USER,
    )
    assert result.exit_code == 0, result.output
    for path in ("", "/tei", "/capture", "/cite/ris", "/diff"):
        reply = get(mutable_server.url + f"/records/{ids['002']}{path}")
        assert reply.status == 410, path
        assert "duplicate of a wire story" in reply.text
        assert "Test Librarian" in reply.text
    record = Repository(Settings(mutable_root)).record(ids["002"], "v1")
    gone = get(mutable_server.url + f"/records/{ids['002']}").text
    assert record.paragraphs[0] not in gone
    api = get(mutable_server.url + f"/api/records/{ids['002']}")
    assert api.status == 410
    assert json.loads(api.body)["withdrawn"]["reason"] == "duplicate of a wire story"
    doc = page(mutable_server, q="العراق")
    assert ids["002"] not in hit_ids(doc)


def test_near_duplicates_with_shared_passages(
    mutable_server: Server, mutable_root: Path, tmp_path: Path
) -> None:
    """A near copy of a seed (a sentence added) is shown on the seed's page with the passage
    they share, found through the fingerprint store `arshif duplicates` keeps."""
    ids = seed_ids()
    original = Repository(Settings(mutable_root)).record(ids["000"])
    copy = original.text + "\n\nوأضاف المصدر أن الاجتماع المقبل سيعقد في طهران الأسبوع القادم."
    manifest = tmp_path / "copy.jsonl"
    manifest.write_text(
        json.dumps({"text": copy, "lang": "fa"}, ensure_ascii=False) + "\n", "utf-8"
    )
    result = run(mutable_root, "ingest", "--manifest", str(manifest), "--user", USER)
    assert result.exit_code == 0, result.output
    assert run(mutable_root, "duplicates").exit_code in (0, 1)
    doc = page(mutable_server, f"/records/{ids['000']}")
    related = doc.get_element_by_id("related")
    kinds = [k.text_content() for k in related.cssselect(".kind")]
    assert "near" in kinds, kinds
    passages = [q.text_content() for q in related.cssselect("blockquote")]
    assert passages
    assert all(p.replace("…", "").strip()[:30] in original.text for p in passages[:1])


def facet_counts(doc: lxml.html.HtmlElement) -> dict[str, dict[str, int]]:
    return {
        section.get("id").removeprefix("facet-"): {
            li.cssselect("a")[0].text_content(): int(li.cssselect(".count")[0].text)
            for li in section.cssselect("li")
        }
        for section in doc.cssselect("section.facet")
    }


def cli_facets(root: Path, query: str) -> dict[str, dict[str, int]]:
    result = cli(root, "search", "--format", "json", "--facet", "outlet,lang,year,tag", query)
    assert result.exit_code == 0, result.output
    facets = json.loads(result.stdout)["facets"]
    return {name: {v["value"]: v["count"] for v in values} for name, values in facets.items()}


def test_facets_after_a_commit_count_the_new_version(
    mutable_server: Server, mutable_root: Path, tmp_path: Path
) -> None:
    """The server counts facets from values it reads once per searcher: after a new commit
    its counts are those of the new version (as `arshif search` counts them)."""
    for _ in range(3):  # counted more than once: the values are kept for this searcher
        before = facet_counts(page(mutable_server, q="الخفاجي"))
    assert {k: v for k, v in before.items() if v} == {
        k: v for k, v in cli_facets(mutable_root, "الخفاجي").items() if v
    }
    assert "وكالة الاختبار" not in before["outlet"]
    entry = {
        "text": "قال الخفاجي إن الاجتماع المقبل سيعقد في بغداد الأسبوع القادم.",
        "lang": "ar",
        "outlet": "وكالة الاختبار",
        "published": "2019-03-04",
        "tags": ["test-tag"],
    }
    manifest = tmp_path / "new.jsonl"
    manifest.write_text(json.dumps(entry, ensure_ascii=False) + "\n", "utf-8")
    result = run(mutable_root, "ingest", "--manifest", str(manifest), "--user", USER)
    assert result.exit_code == 0, result.output
    after = facet_counts(page(mutable_server, q="الخفاجي"))
    assert after["outlet"]["وكالة الاختبار"] == 1
    assert after["year"]["2019"] == 1
    assert after["tag"]["test-tag"] == 1
    assert after["lang"]["ar"] == before["lang"]["ar"] + 1
    assert {k: v for k, v in after.items() if v} == {
        k: v for k, v in cli_facets(mutable_root, "الخفاجي").items() if v
    }
