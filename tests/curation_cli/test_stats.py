"""`arshif stats` (issue 16): on the seeds after a librarian's day, and on an empty archive."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from tests.cli.helpers import invoke
from tests.curation_cli.helpers import COPY, KAYHAN, PERSIAN, WIRE, inventory, ok, run


def du(folder: Path) -> int:
    return sum(
        os.lstat(os.path.join(top, name)).st_blocks * 512
        for top, dirs, files in os.walk(folder)
        for name in (*dirs, *files)
    )


def librarians_day(root: Path) -> None:
    ok(root, "edit", WIRE, "--set", "outlet=السومرية نيوز", "--set", "published=2021-11-18")
    ok(root, "edit", WIRE, "--set", "tags=iraq,withdrawal")
    ok(root, "edit", PERSIAN, "--set", "tags=iraq,ایران")
    ok(root, "withdraw", KAYHAN, "--reason", "Takedown request", "-m", "Publisher's request")


def stats(root: Path, *args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(ok(root, "stats", "--format", "json", *args).output)  # type: ignore[no-any-return]


def test_stats_on_the_seeds(root: Path, arshif_engine: str) -> None:
    librarians_day(root)
    view = stats(root)
    assert view["records"] == 5
    assert view["withdrawn"] == 1
    heads = [len(inventory(root, i)["versions"]) for i in (WIRE, COPY, KAYHAN, PERSIAN)]
    assert view["versions"] == sum(heads) + 1  # + seed 002, never edited
    assert view["versions"] == 3 + 1 + 2 + 2 + 1
    assert view["counted"] == 4
    assert view["facets"]["lang"] == [{"value": "ar", "count": 3}, {"value": "fa", "count": 1}]
    assert view["facets"]["outlet"] == [{"value": "السومرية نيوز", "count": 1}]  # kayhan.ir left
    assert view["facets"]["year"] == [{"value": "2021", "count": 2}]
    assert view["facets"]["tag"] == [
        {"value": "iraq", "count": 2},
        {"value": "withdrawal", "count": 1},
        {"value": "ایران", "count": 1},
    ]
    last = view["last_change"]
    assert (last["id"], last["version"], last["message"]) == (KAYHAN, "v2", "Publisher's request")
    assert last["user"] == "Fatima Ahmadi"
    assert view["engine"] == arshif_engine
    assert view["sizes"]["archive"] == du(root / "archive")
    assert view["sizes"]["index"] == du(root / "indexes")
    assert view["sizes"]["index_generations"] == 1
    counted = stats(root, "--include-withdrawn")
    assert counted["counted"] == 5
    assert {"value": "kayhan.ir", "count": 1} in counted["facets"]["outlet"]


def test_stats_table(root: Path, arshif_engine: str) -> None:
    librarians_day(root)
    text = ok(root, "stats", "--format", "table").output
    lines = dict(line.split(":", 1) for line in text.splitlines())
    assert lines["records"].strip() == "5 (1 withdrawn)"
    assert lines["versions"].strip() == "9"
    assert f"by Fatima Ahmadi: {KAYHAN} v2 Publisher's request" in lines["last change"]
    assert lines["by lang"].strip() == "ar 3 · fa 1"
    assert lines["by tag"].strip() == "iraq 2 · withdrawal 1 · ایران 1"
    assert f"search engine: {arshif_engine}" in lines["archive"]


def test_the_values_of_a_facet_without_a_search(root: Path) -> None:
    librarians_day(root)
    rows = [json.loads(line) for line in ok(root, "stats", "--facet", "tag").output.splitlines()]
    assert rows == [
        {"value": "iraq", "count": 2},
        {"value": "withdrawal", "count": 1},
        {"value": "ایران", "count": 1},
    ]
    top = ok(root, "stats", "--facet", "tag", "--top", "1", "--format", "csv").output
    assert list(csv.DictReader(io.StringIO(top))) == [{"value": "iraq", "count": "2"}]
    outlets = ok(root, "stats", "--facet", "outlet", "--include-withdrawn", "--format", "tsv")
    assert outlets.output.splitlines()[1:] == ["kayhan.ir\t1", "السومرية نيوز\t1"]
    table = ok(root, "stats", "--facet", "lang", "--format", "table").output.splitlines()
    assert table[0].split() == ["VALUE", "COUNT"]
    assert table[1].split() == ["ar", "3"]


def test_csv_without_a_facet_is_refused(root: Path) -> None:
    result = run(root, "stats", "--format", "csv")
    assert result.exit_code == 2
    assert "--facet" in result.output


def test_stats_on_an_empty_archive(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    assert invoke(["--root", str(root), "init"]).exit_code == 0
    view = stats(root)
    assert (view["records"], view["withdrawn"], view["versions"], view["counted"]) == (0, 0, 0, 0)
    assert view["facets"] == {"outlet": [], "lang": [], "year": [], "tag": []}
    assert view["last_change"] is None
    assert view["sizes"]["archive"] > 0
    text = ok(root, "stats", "--format", "table").output
    assert "records:         0 (0 withdrawn)" in text
    assert "last change:     –" in text
    assert ok(root, "stats", "--facet", "outlet", "--format", "ndjson").output == ""


def test_facets_and_sorts_read_segments_that_lack_the_field(root: Path) -> None:
    """An edit of a record without outlet or date makes an index segment with no column for
    them; facet counts and date sorts read past it (Whoosh's multi-segment column reader
    read another segment's column there: IndexError)."""
    ok(root, "edit", PERSIAN, "--set", "tags=iraq")
    ok(root, "edit", WIRE, "--set", "tags=iraq", "--set", "outlet=السومرية نيوز")
    page = json.loads(
        ok(root, "search", "tag:iraq", "--facet", "outlet,year", "--format", "json").output
    )
    assert page["facets"]["outlet"] == [{"value": "السومرية نيوز", "count": 1}]
    assert page["facets"]["year"] == []
    ranked = ok(root, "search", "tag:iraq", "--sort", "outlet", "--format", "ndjson").output
    assert [json.loads(line)["id"] for line in ranked.splitlines()] == [WIRE, PERSIAN]


def test_stats_in_a_pipe_is_one_json_line(root: Path) -> None:
    librarians_day(root)
    [line] = ok(root, "stats").output.splitlines()
    assert json.loads(line) == stats(root)
