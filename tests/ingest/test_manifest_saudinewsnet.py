"""SaudiNewsNet as published goes in through ``arshif ingest --manifest`` with no line refused.

The manifest is made as benchmarks/perf.py makes it: the corpus's URL (as ``url`` and as
``source_id``), title, author, outlet and text untouched; ``published`` is the date of
``date_extracted``. The 354 articles without content have no capture and are left out.

The whole corpus (30,676 lines) is read and checked by the manifest reader (every line's
metadata through the validators: a few seconds). Ingesting all of it takes minutes on a shared
two-core machine (about 200 articles/s, docs/performance.md), too slow for the suite; so the CLI
ingests a sample: every article whose metadata holds what the issue met (a control character,
a bidi embedding, override or isolate control; a URL with a no-break space or a bidi mark),
every 10th URL with «», and every 100th article (Arabic URLs, tabs and quotes in titles among
them): some 480 lines from all 14 outlets. `benchmarks/perf.py` ingests all of it.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from arshif.ingest.manifest import manifest_items
from arshif.ingest.prepare import CaptureRequest, Refusal
from tests.reliability.helpers import assert_clean, init_root, run, short_id

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
#: what the issue met: in any metadata a control character or a bidi embedding, override or
#: isolate control; in a URL also a no-break space, another bidi mark, or «» (every 10th of those)
HOSTILE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
URL_ODD = re.compile("[\u00a0\u200e\u200f]")
STRIDE = 100


def as_published(corpus: Path) -> list[dict[str, str]]:
    """The manifest lines of SaudiNewsNet, values as the corpus has them (benchmarks/perf.py)."""
    lines: list[dict[str, str]] = []
    for name in sorted((corpus / "saudinewsnet" / "zips").glob("*.zip")):
        with zipfile.ZipFile(name) as archive:
            for member in sorted(archive.namelist()):
                for item in json.loads(archive.read(member).decode("utf-8")):
                    if not item["content"].strip():
                        continue  # no capture at all
                    line = {
                        "text": item["content"],
                        "source_id": item["url"],
                        "url": item["url"],
                        "title": item["title"],
                        "outlet": item["source"],
                        "published": item["date_extracted"][:10],
                        "lang": "ar",
                        "author": item["author"],
                    }
                    lines.append({k: v for k, v in line.items() if v})
    return lines


@pytest.fixture(scope="module")
def corpus_lines(corpora: Path) -> list[dict[str, str]]:
    if not (corpora / "saudinewsnet" / "zips").is_dir():
        pytest.skip("SaudiNewsNet is not in the shared corpora")
    return as_published(corpora)


def write(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def unusual(line: dict[str, str], number: int) -> bool:
    meta = [line.get(key, "") for key in ("url", "title", "author", "outlet")]
    url = line.get("url", "")
    quoted = "«" in url and number % 10 == 0
    return any(HOSTILE.search(value) for value in meta) or bool(URL_ODD.search(url)) or quoted


def test_every_line_of_the_corpus_is_accepted_by_the_manifest_reader(
    corpus_lines: list[dict[str, str]], tmp_path: Path
) -> None:
    assert len(corpus_lines) == 30676
    manifest = write(tmp_path / "saudinewsnet.jsonl", corpus_lines)
    refusals, requests = [], 0
    for item in manifest_items(manifest):
        if isinstance(item, Refusal):
            refusals.append(str(item))
        else:
            assert isinstance(item, CaptureRequest)
            requests += 1
    assert refusals == []
    assert requests == len(corpus_lines)


@pytest.mark.usefixtures("engine_env")  # the archive is indexed: on each search engine
def test_a_large_sample_goes_in_through_the_cli_with_no_line_refused(
    corpus_lines: list[dict[str, str]], tmp_path: Path
) -> None:
    sample = [x for n, x in enumerate(corpus_lines) if unusual(x, n) or n % STRIDE == 0]
    assert len(sample) > 450
    assert len({x["outlet"] for x in sample}) == 14
    hard = [x for x in sample if "\u00a0" in x["url"]]
    control = [x for x in sample if "\x1a" in x.get("title", "")]
    assert len(hard) == 2
    assert len(control) == 1
    root = tmp_path / "root"
    init_root(root)
    result = run(
        root, "ingest", "--manifest", str(write(tmp_path / "m.jsonl", sample)), timeout=900
    )
    assert_clean(result, 0)
    assert "refused" not in result.stderr
    assert "skipped:" not in result.stderr
    counts = re.search(r"(\d+) added, (\d+) already in archive, 0 skipped", result.stderr)
    assert counts is not None, result.stderr
    assert int(counts.group(1)) + int(counts.group(2)) == len(sample)

    # the no-break-space URL: stored as a browser sends it, the string as given in provenance
    record = run(root, "show", short_id(hard[0]["text"].encode()), "--format", "tei")
    doc = etree.fromstring(record.stdout.encode("utf-8"))
    stored = doc.findtext(".//t:idno[@type='URL']", namespaces=TEI)
    assert stored is not None
    assert stored.isascii()
    assert "%C2%A0" in stored
    assert doc.findtext(".//t:note[@n='url']", namespaces=TEI) == hard[0]["url"]
    # the title with U+001A: removed from the title, listed as a cleaning step
    record = run(root, "show", short_id(control[0]["text"].encode()), "--format", "tei")
    doc = etree.fromstring(record.stdout.encode("utf-8"))
    assert doc.findtext(".//t:titleStmt/t:title", namespaces=TEI) == "رئيس بلدية وسط الدمام"
    step = doc.find(".//t:editorialDecl/t:p[@n='metadata-control-characters-removed']", TEI)
    assert step is not None
    assert [item.text for item in step.iterfind(".//t:item", TEI)] == ["title: U+001A"]
