"""The search CLI on a generated archive of a few hundred real articles (SaudiNewsNet, Fars
News): filters, facets, sorting and paging agree with each other and with the metadata."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from tests.archives import CORPUS_AR, CORPUS_FA

from .helpers import cli, ndjson

pytestmark = pytest.mark.corpus


def everything(root: Path, *args: str) -> list[dict[str, object]]:
    result = cli(root, "search", "--format", "ndjson", "--limit", "5000", *args)
    assert result.exit_code in (0, 1), result.output
    return [row for row in ndjson(result.stdout) if "rank" in row]


def test_the_generated_archive(corpus_root: Path) -> None:
    listed = ndjson(cli(corpus_root, "list", "--format", "ndjson").stdout)
    langs = Counter(row["lang"] for row in listed)
    assert langs["fa"] == CORPUS_FA
    assert CORPUS_AR - 5 <= langs["ar"] <= CORPUS_AR  # a few exact duplicates may collapse


def test_facets_match_the_metadata(corpus_root: Path) -> None:
    listed = ndjson(cli(corpus_root, "list", "--format", "ndjson").stdout)
    result = cli(corpus_root, "search", "*", "--facet", "outlet,lang,year", "--format", "json")
    data = json.loads(result.stdout)
    assert data["total"] == len(listed)
    lang = {v["value"]: v["count"] for v in data["facets"]["lang"]}
    assert lang == dict(Counter(row["lang"] for row in listed))
    assert {v["value"] for v in data["facets"]["year"]} == {"2015"}
    outlets = Counter(row["outlet"] for row in listed)
    for item in data["facets"]["outlet"]:
        assert outlets[item["value"]] == item["count"]
    assert data["facets"]["outlet"][0]["count"] == max(outlets.values())


def test_facet_counts_of_a_query_sum_to_its_total(corpus_root: Path) -> None:
    data = json.loads(
        cli(
            corpus_root, "search", "السعودية OR ایران", "--facet", "lang", "--format", "json"
        ).stdout
    )
    assert data["total"] > 20
    assert sum(v["count"] for v in data["facets"]["lang"]) == data["total"]


def test_filters_agree_with_the_metadata(corpus_root: Path) -> None:
    july = everything(corpus_root, "--since", "2015-07-25", "--until", "2015-07-31", "*")
    assert july
    assert all("2015-07-25" <= str(r["published"]) <= "2015-07-31" for r in july)
    same = everything(corpus_root, "published:2015-07-25..2015-07-31")
    assert {r["id"] for r in same} == {r["id"] for r in july}
    persian = everything(corpus_root, "lang:fa")
    assert len(persian) == CORPUS_FA
    assert all(r["lang"] == "fa" for r in persian)
    okaz = everything(corpus_root, "outlet:okaz")
    assert okaz
    assert all(r["outlet"] == "okaz" for r in okaz)
    not_okaz = everything(corpus_root, "lang:ar -outlet:okaz")
    assert not {r["id"] for r in not_okaz} & {r["id"] for r in okaz}


def test_sorted_pages_concatenate_to_the_full_order(corpus_root: Path) -> None:
    for order in ("published", "-published", "outlet", "relevance"):
        full = [r["id"] for r in everything(corpus_root, "--sort", order, "السعودية")]
        assert len(full) > 30, order
        pages = []
        for page in (1, 2, 3):
            pages += [
                r["id"]
                for r in everything(
                    corpus_root, "--sort", order, "-n", "10", "--page", str(page), "السعودية"
                )
            ]
        assert pages == full[:30], order
    dated = [r["published"] for r in everything(corpus_root, "--sort", "-published", "السعودية")]
    known = [d for d in dated if d]
    assert known == sorted(known, reverse=True)


def test_csv_of_a_corpus_search_parses(corpus_root: Path) -> None:
    text = cli(corpus_root, "search", "الرياض", "--format", "csv", "-n", "20").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 20
    assert all(row["highlights"] for row in rows)


def test_kwic_similar_and_suggestions_on_the_corpus(corpus_root: Path) -> None:
    lines = ndjson(cli(corpus_root, "kwic", "الرياض", "-n", "40", "--format", "ndjson").stdout)
    assert len(lines) == 40
    assert all(line["keyword"] for line in lines)
    first = everything(corpus_root, "lang:fa")[0]["id"]
    similar = ndjson(cli(corpus_root, "similar", str(first), "--format", "ndjson").stdout)
    assert similar
    assert first not in {r["id"] for r in similar}
    assert {r["lang"] for r in similar[:5]} == {"fa"}
    result = cli(
        corpus_root, "search", "السعوديه", "--format", "ndjson"
    )  # a typo of a frequent word
    assert result.exit_code in (0, 1)
    typo = cli(corpus_root, "search", "الرياظ", "--format", "ndjson")
    assert "did you mean: الرياض" in typo.stderr
