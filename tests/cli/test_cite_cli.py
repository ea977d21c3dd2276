"""`arshif cite` and `arshif search --cite` through the real CLI on the seeds archive."""

from __future__ import annotations

import json
from pathlib import Path

import rispy

from tests.cli.helpers import invoke, seed_ids


def test_cite_ris_for_every_seed_has_news_type_and_archive_link(archive_root: Path) -> None:
    ids = list(seed_ids().values())
    result = invoke(["--root", str(archive_root), "cite", *ids, "--format", "ris"])
    assert result.exit_code == 0, result.output
    entries = rispy.loads(result.stdout)
    assert len(entries) == 5
    assert {e["type_of_reference"] for e in entries} == {"NEWS"}
    assert {e["accession_number"] for e in entries} == {f"urn:arshif:{i}" for i in ids}


def test_cite_writes_to_a_file_with_dash_o(archive_root: Path, tmp_path: Path) -> None:
    kayhan = seed_ids()["004"]
    target = tmp_path / "refs.bib"
    result = invoke(["--root", str(archive_root), "cite", kayhan, "-o", str(target)])
    assert result.exit_code == 0
    text = target.read_text("utf-8")
    assert "howpublished = {kayhan.ir}" in text
    assert "date = {2021-07-31T19:51:00}" in text


def test_search_cite_follows_rank_order_and_limit(archive_root: Path) -> None:
    ranked = invoke(["--root", str(archive_root), "search", "الخفاجي", "--format", "ndjson"])
    order = [json.loads(line)["id"] for line in ranked.stdout.splitlines()]
    assert len(order) >= 3
    cited = invoke(
        ["--root", str(archive_root), "search", "الخفاجي", "--cite", "csl-json", "--limit", "2"]
    )
    assert cited.exit_code == 0
    items = json.loads(cited.stdout)
    assert [item["archive_location"].rsplit(":", 1)[1] for item in items] == order[:2]


def test_cite_unknown_record_is_one_line_error(archive_root: Path) -> None:
    result = invoke(["--root", str(archive_root), "cite", "ffffffffffff"])
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1
