"""`arshif kwic`, `arshif similar`, the Python API (`arshif.api`), progress bars, completion."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arshif.api import Archive, SearchPage, highlights
from arshif.cli import display
from arshif.errors import QuerySyntaxError, UsageError
from arshif.model import Hit

from .helpers import assert_usage_error, cli, ndjson


def test_kwic_csv_and_tsv_parse_back_in_logical_order(
    seeds_root: Path, ids: dict[str, str]
) -> None:
    result = cli(seeds_root, "kwic", "الخفاجي", "--width", "30", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {line["id"] for line in lines} == {ids[s] for s in ("000", "001", "002", "003")}
    assert {line["keyword"] for line in lines} >= {"الخفاجي", "الخفاجی", "خفاجي"}
    for line in lines:
        assert len(line["before"]) <= 30
        assert len(line["after"]) <= 30
        assert "\x1b" not in line["before"] + line["keyword"] + line["after"]
    text = cli(seeds_root, "kwic", "الخفاجي", "-w", "30", "--format", "tsv").stdout
    as_tsv = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    assert [(r["id"], r["offset"]) for r in as_tsv] == [(r["id"], r["offset"]) for r in lines]
    record = json.loads(cli(seeds_root, "show", ids["001"], "--format", "json").stdout)
    assert record["id"] == ids["001"]


def test_kwic_keyword_is_the_record_text_at_its_offset(
    seeds_root: Path, ids: dict[str, str]
) -> None:
    lines = ndjson(cli(seeds_root, "kwic", '"القوات الأميركية"', "--format", "ndjson").stdout)
    assert lines
    archive = Archive.open(seeds_root)
    for line in lines:
        text = archive.record(line["id"]).text
        assert line["keyword"] == "القوات الأميركية"  # a phrase is one keyword
        assert text[line["offset"] :].startswith(line["keyword"])
        assert " ".join(text[: line["offset"]].split()).endswith(line["before"])


def test_kwic_limit_filters_and_exit_codes(seeds_root: Path, ids: dict[str, str]) -> None:
    two = ndjson(cli(seeds_root, "kwic", "الخفاجي", "-n", "2", "--format", "ndjson").stdout)
    assert len(two) == 2
    persian = ndjson(
        cli(seeds_root, "kwic", "الخفاجي lang:fa", "--format", "json").stdout[0:0] or ""
    )
    assert persian == []
    only_fa = json.loads(cli(seeds_root, "kwic", "lang:fa الخفاجي", "--format", "json").stdout)
    assert {line["id"] for line in only_fa} == {ids["000"]}
    since = json.loads(
        cli(seeds_root, "kwic", "الخفاجي", "--since", "2021-11-21", "--format", "json").stdout
    )
    assert {line["id"] for line in since} == {ids["002"]}
    assert cli(seeds_root, "kwic", "زززز").exit_code == 1
    assert_usage_error(cli(seeds_root, "kwic", "(الخفاجي"), "'(' at column 1 is not closed")
    assert cli(seeds_root, "kwic", "x", "--width", "0").exit_code == 2


def test_similar_finds_the_same_story(
    seeds_root: Path, ids: dict[str, str], arshif_engine: str
) -> None:
    result = cli(seeds_root, "similar", ids["001"], "--format", "ndjson")
    assert result.exit_code == 0, result.output
    found = [row["id"] for row in ndjson(result.stdout)]
    assert ids["001"] not in found  # never itself
    assert {ids["002"], ids["003"]} <= set(found[:3])  # the other Arabic reports of it
    if arshif_engine == "whoosh":  # tantivy ranks the Kayhan piece (same topic) second of
        # five: its BM25 and its document counts for "similar"'s term choice (search/tantivy/
        # README.md, "How it differs") order this tiny collection differently
        assert set(found[:2]) <= {ids["002"], ids["003"]}
    scores = [row["score"] for row in ndjson(result.stdout)]
    assert scores == sorted(scores, reverse=True)
    prefix = cli(seeds_root, "similar", ids["001"][:8], "--format", "json", "-n", "1")
    assert [row["id"] for row in json.loads(prefix.stdout)] == found[:1]
    assert cli(seeds_root, "similar", "ffffffffffff").exit_code == 5
    assert cli(seeds_root, "similar", "not-an-id").exit_code == 2
    table = cli(seeds_root, "similar", ids["001"], "--format", "table").stdout
    assert table.startswith("RANK  ID")


def test_api_gives_the_cli_results_typed(seeds_root: Path, ids: dict[str, str]) -> None:
    archive = Archive.open(seeds_root)
    assert len(archive) == 5
    page = archive.search("الخفاجي", sort="-published", facets=["lang", "year"], limit=3)
    assert isinstance(page, SearchPage)
    assert all(isinstance(hit, Hit) for hit in page)
    assert page.total == 4
    assert len(page) == 3
    assert page.facets == {"lang": [("ar", 3), ("fa", 1)], "year": [("2021", 4)]}
    cli_rows = ndjson(
        cli(
            seeds_root, "search", "الخفاجي", "--sort", "-published", "-n", "3", "--format", "ndjson"
        ).stdout
    )
    assert page.rows() == cli_rows
    assert highlights(page.hits[0].snippet)
    second = archive.search("الخفاجي", sort="-published", limit=3, page=2)
    assert [h.rank for h in second] == [4]
    assert archive.search("*", since="2021-11-20").total == 2
    assert archive.search("الخفاجب").suggestion == "الخفاجي"
    assert [c.keyword for c in archive.kwic("ایرنا", width=8)] == ["ایرنا"]
    assert ids["001"] not in {h.id for h in archive.similar(ids["001"])}
    assert archive.record(ids["001"][:6]).id == ids["001"]
    with pytest.raises(QuerySyntaxError, match="column 1"):
        archive.search('"unclosed')
    with pytest.raises(UsageError):
        archive.search("x", sort="date")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        archive.search("x", facets=["colour"])


def test_api_finds_the_root_like_the_cli(seeds_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARSHIF_ROOT", str(seeds_root))
    assert Archive.open().root == seeds_root.resolve()
    monkeypatch.chdir(seeds_root / "archive")
    monkeypatch.delenv("ARSHIF_ROOT")
    assert Archive.open().root == seeds_root.resolve()


# -- progress bars -----------------------------------------------------------------------------


def test_progress_bars_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.helpers import SEEDS

    root = tmp_path / "root"
    assert cli(root, "init").exit_code == 0
    quiet = cli(root, "ingest", str(SEEDS), "--user", "T <t@example.org>")
    assert "\r" not in quiet.stderr
    assert "/s" not in quiet.stderr
    monkeypatch.setattr(display, "stderr_is_terminal", lambda: True)
    reindex = cli(root, "reindex")
    assert "reindex  [####################]  5/5 records" in reindex.stderr
    assert "/s" in reindex.stderr
    assert reindex.stderr.endswith("indexed 5 record(s)\n")
    export = cli(root, "export", "--format", "ndjson")
    assert "5/5 records" in export.stderr
    assert len(ndjson(export.stdout)) == 5  # the bar stays on stderr
    root2 = tmp_path / "root2"
    assert cli(root2, "init").exit_code == 0
    ingest = cli(root2, "ingest", str(SEEDS), "--user", "T <t@example.org>")
    assert ingest.exit_code == 0
    assert "reading  5 captures" in ingest.stderr
    assert "writing  [####################]  5/5 captures" in ingest.stderr
    assert len(ingest.stdout.splitlines()) == 5  # one line per capture, no bar on stdout
    assert "\r" not in ingest.stdout


# -- shell completion --------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    result = cli(Path("."), "completion", shell)
    assert result.exit_code == 0
    assert "_ARSHIF_COMPLETE" in result.stdout


def test_completion_completes_commands_and_choices() -> None:
    env = {**os.environ, "_ARSHIF_COMPLETE": "bash_complete", "COMP_CWORD": "1"}
    run = [sys.executable, "-c", "from arshif.cli import main; main()"]
    words = subprocess.run(
        run, env={**env, "COMP_WORDS": "arshif si"}, capture_output=True, text=True
    )
    assert "plain,similar" in words.stdout
    env["COMP_CWORD"] = "3"
    sort = subprocess.run(
        run, env={**env, "COMP_WORDS": "arshif search --sort pub"}, capture_output=True, text=True
    )
    assert "plain,published" in sort.stdout
