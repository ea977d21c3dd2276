"""Sorting, pagination, facets, "did you mean", output formats parsed back, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .helpers import cli, ndjson


def rows(root: Path, *args: str) -> list[dict[str, object]]:
    result = cli(root, "search", "--format", "ndjson", *args)
    assert result.exit_code == 0, result.output
    return [r for r in ndjson(result.stdout) if "rank" in r]


def test_sort_by_published_both_ways_records_without_a_date_last(
    seeds_root: Path, ids: dict[str, str]
) -> None:
    oldest = [r["id"] for r in rows(seeds_root, "--sort", "published", "*")]
    newest = [r["id"] for r in rows(seeds_root, "--sort", "-published", "*")]
    dated = [ids[s] for s in ("004", "001", "003", "000", "002")]
    assert oldest == dated
    assert newest == dated[::-1]
    ranks = [r["rank"] for r in rows(seeds_root, "--sort", "published", "*")]
    assert ranks == [1, 2, 3, 4, 5]


def test_sort_by_outlet(seeds_root: Path, ids: dict[str, str]) -> None:
    found = rows(seeds_root, "--sort", "outlet", "*")
    outlets = [r["outlet"] for r in found]
    assert outlets[-1] is None  # 003 has no outlet: last
    assert outlets[:-1] == sorted(outlets[:-1], key=lambda o: str(o).casefold())
    assert found[0]["id"] == ids["004"]  # kayhan.ir: Latin sorts before Arabic


def test_relevance_is_the_default_and_scores_descend(seeds_root: Path) -> None:
    found = rows(seeds_root, "الخفاجي")
    assert found == rows(seeds_root, "الخفاجي", "--sort", "relevance")
    scores = [r["score"] for r in found]
    assert scores == sorted(scores, reverse=True)


def test_limit_offset_and_page_cut_the_same_ranking(seeds_root: Path) -> None:
    every = [r["id"] for r in rows(seeds_root, "انسحاب", "--limit", "50")]
    assert len(every) >= 4
    assert [r["id"] for r in rows(seeds_root, "انسحاب", "-n", "2")] == every[:2]
    assert [r["id"] for r in rows(seeds_root, "انسحاب", "-n", "2", "--offset", "2")] == every[2:4]
    page2 = rows(seeds_root, "انسحاب", "-n", "2", "--page", "2")
    assert [r["id"] for r in page2] == every[2:4]
    assert [r["rank"] for r in page2] == [3, 4]
    by_date = [r["id"] for r in rows(seeds_root, "*", "--sort", "-published")]
    assert [
        r["id"] for r in rows(seeds_root, "*", "--sort", "-published", "--page", "3", "-n", "2")
    ] == by_date[4:]


def test_a_page_past_the_end_is_empty_but_the_query_found_something(seeds_root: Path) -> None:
    result = cli(seeds_root, "search", "الخفاجي", "--page", "9", "--format", "json")
    assert result.exit_code == 0
    page = json.loads(result.stdout)
    assert (page["hits"], page["total"], page["offset"]) == ([], 4, 80)
    assert "no hits past 80 (4 in all)" in result.stderr


def test_facets_in_json_count_every_match_not_only_the_page(seeds_root: Path) -> None:
    result = cli(
        seeds_root,
        "search",
        "*",
        "--facet",
        "outlet,lang",
        "--facet",
        "year,tag",
        "-n",
        "1",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"] == 5
    assert len(data["hits"]) == 1
    facets = {
        name: {v["value"]: v["count"] for v in values} for name, values in data["facets"].items()
    }
    assert list(data["facets"]) == ["outlet", "lang", "year", "tag"]
    assert facets["lang"] == {"ar": 4, "fa": 1}
    assert facets["year"] == {"2021": 5}
    assert facets["tag"] == {"iraq": 2, "wire": 1}
    assert facets["outlet"] == {"kayhan.ir": 1, "ایرنا": 1, "السومرية نيوز": 1, "واع": 1}
    assert data["facets"]["lang"][0] == {"value": "ar", "count": 4}  # most frequent first
    assert data["suggestion"] is None


def test_facets_in_ndjson_csv_and_table(seeds_root: Path) -> None:
    lines = ndjson(
        cli(seeds_root, "search", "الخفاجي", "--facet", "lang", "--format", "ndjson").stdout
    )
    assert [line for line in lines if "facet" in line] == [
        {"facet": "lang", "value": "ar", "count": 3},
        {"facet": "lang", "value": "fa", "count": 1},
    ]
    as_csv = cli(seeds_root, "search", "الخفاجي", "--facet", "lang", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == 4
    assert "lang: ar 3 · fa 1" in as_csv.stderr
    table = cli(seeds_root, "search", "الخفاجي", "--facet", "lang,tag", "--format", "table")
    assert table.stdout.rstrip().splitlines()[-2:] == ["lang: ar 3 · fa 1", "tag: iraq 2 · wire 1"]


def test_facets_of_a_query_that_finds_nothing(seeds_root: Path) -> None:
    result = cli(seeds_root, "search", "زززز", "--facet", "outlet", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["facets"] == {"outlet": []}


def test_did_you_mean_from_the_index_vocabulary(seeds_root: Path, ids: dict[str, str]) -> None:
    result = cli(seeds_root, "search", "الخفاجب", "--format", "json", "--facet", "lang")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["suggestion"] == "الخفاجي"
    assert "did you mean: الخفاجي" in result.stderr
    # Persian letters stay Persian; the rest of the query is kept as typed
    result = cli(seeds_root, "search", "lang:fa نیروهای آمریکاین", "--format", "ndjson")
    assert "did you mean: lang:fa نیروهای آمریکایی" in result.stderr
    # a query that finds enough gets no suggestion
    assert "did you mean" not in cli(seeds_root, "search", "انسحاب").stderr


def test_json_ndjson_csv_tsv_carry_the_same_hits(seeds_root: Path) -> None:
    query = ["search", "الخفاجي", "--limit", "3"]
    page = json.loads(cli(seeds_root, *query, "--format", "json").stdout)
    assert (page["total"], page["limit"]) == (4, 3)
    assert "facets" not in page
    as_json = page["hits"]
    as_ndjson = ndjson(cli(seeds_root, *query, "--format", "ndjson").stdout)
    as_csv = list(csv.DictReader(io.StringIO(cli(seeds_root, *query, "--format", "csv").stdout)))
    tsv_text = cli(seeds_root, *query, "--format", "tsv").stdout
    as_tsv = list(csv.DictReader(io.StringIO(tsv_text), delimiter="\t"))
    assert as_json == as_ndjson
    assert [r["id"] for r in as_json] == [r["id"] for r in as_csv] == [r["id"] for r in as_tsv]
    for parsed, text in zip(as_json, as_csv, strict=True):
        assert text["snippet"] == parsed["snippet"]
        assert text["highlights"] == ";".join(parsed["highlights"])
        assert float(text["score"]) == parsed["score"]
    assert set(as_json[0]) >= {
        "rank",
        "id",
        "score",
        "title",
        "outlet",
        "published",
        "lang",
        "snippet",
        "highlights",
        "tags",
        "source_id",
        "withdrawn",
    }
    assert "\x1b" not in tsv_text + json.dumps(as_json)


def test_snippets_mark_the_original_spelling(seeds_root: Path, ids: dict[str, str]) -> None:
    """Typed with Arabic ي, the Persian record's match is shown as it is written: الخفاجی."""
    found = {r["id"]: r for r in rows(seeds_root, "الخفاجي")}
    persian = found[ids["000"]]
    assert "[الخفاجی]" in persian["snippet"]
    assert set(persian["highlights"]) == {"الخفاجی"}
    assert "[الخفاجي]" in found[ids["001"]]["snippet"]
    # a phrase marks each of its words; a prefix marks whole words
    phrase = rows(seeds_root, '"القوات الأميركية"')[0]
    assert "[القوات] [الأميركية]" in phrase["snippet"]
    prefix = {r["id"]: r for r in rows(seeds_root, "الانسحا*")}
    assert "الانسحاب" in prefix[ids["002"]]["highlights"]


def test_exit_codes(seeds_root: Path) -> None:
    assert cli(seeds_root, "search", "الخفاجي", "--format", "json").exit_code == 0
    assert cli(seeds_root, "search", "زززز", "--format", "json").exit_code == 1
    assert cli(seeds_root, "search", "(", "--format", "json").exit_code == 2
    assert cli(seeds_root, "search").exit_code == 2
    missing = cli(seeds_root.parent / "nowhere", "search", "x")
    assert missing.exit_code == 4


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "tsv", "table"])
def test_every_format_says_nothing_on_stdout_for_no_hits(seeds_root: Path, fmt: str) -> None:
    result = cli(seeds_root, "search", "زززز", "--format", fmt)
    assert result.exit_code == 1
    if fmt == "json":  # one object, as always: nothing found
        assert json.loads(result.stdout)["hits"] == []
        assert json.loads(result.stdout)["total"] == 0
    else:
        assert result.stdout == "" or result.stdout.startswith("rank")


def test_batch_queries_take_the_filters_too(
    seeds_root: Path, tmp_path: Path, ids: dict[str, str]
) -> None:
    topics = tmp_path / "topics.tsv"
    topics.write_text("q1\tالخفاجي\nq2\tالمقاومة\n", "utf-8")
    result = cli(
        seeds_root, "search", "--queries", str(topics), "--since", "2021-11-19", "--format", "trec"
    )
    assert result.exit_code == 0, result.output
    run = [line.split() for line in result.stdout.splitlines()]
    assert {(r[0], r[2]) for r in run} == {
        ("q1", ids["000"]),
        ("q1", ids["002"]),
        ("q1", ids["003"]),
        ("q2", ids["003"]),
    }


def test_include_withdrawn_in_search_kwic_and_similar(tmp_path: Path, ids: dict[str, str]) -> None:
    from tests.cli.helpers import SEEDS

    root = tmp_path / "root"
    assert cli(root, "init").exit_code == 0
    assert cli(root, "ingest", str(SEEDS), "--user", "T <t@example.org>").exit_code == 0
    gone = ids["002"]
    assert (
        cli(root, "withdraw", gone, "--reason", "test", "--user", "T <t@example.org>").exit_code
        == 0
    )
    default = {r["id"] for r in ndjson(cli(root, "search", "الخفاجي", "--format", "ndjson").stdout)}
    assert gone not in default
    every = cli(root, "search", "الخفاجي", "--include-withdrawn", "--format", "ndjson").stdout
    assert gone in {r["id"] for r in ndjson(every)}
    assert next(r for r in ndjson(every) if r["id"] == gone)["withdrawn"] is True
    kwic = ndjson(cli(root, "kwic", "خفاجي", "--exact", "--format", "ndjson").stdout)
    assert gone not in {line["id"] for line in kwic}
    kwic = cli(root, "kwic", "خفاجي", "--exact", "--include-withdrawn", "--format", "ndjson")
    assert {line["id"] for line in ndjson(kwic.stdout)} == {gone}
    similar = ndjson(cli(root, "similar", ids["001"], "--format", "ndjson", "-n", "5").stdout)
    assert gone not in {r["id"] for r in similar}
    similar = cli(
        root, "similar", ids["001"], "--include-withdrawn", "-n", "5", "--format", "ndjson"
    )
    assert gone in {r["id"] for r in ndjson(similar.stdout)}


def test_cite_the_hits_of_a_filtered_sorted_search(seeds_root: Path, ids: dict[str, str]) -> None:
    result = cli(
        seeds_root,
        "search",
        "*",
        "--since",
        "2021-11",
        "--sort",
        "published",
        "-n",
        "2",
        "--cite",
        "csl-json",
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    titles = [item["title"] for item in items]  # 001 (2021-11-18), then 003 (2021-11-19)
    assert titles[0].startswith("العمليات العراقية المشتركة")
    assert titles[1].startswith("العراق ينفي")
    assert len(items) == 2
