"""`arshif export`, `edit --from-csv` (dry run and for real), and tags (`list --tag`, `tag:`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.curation_cli.helpers import (
    COPY,
    IDS,
    KAYHAN,
    PERSIAN,
    WIRE,
    check_archive,
    last_version,
    ndjson,
    ok,
    run,
    show_json,
)

MESSAGE = "Outlets and tags from the publishers' sites"


def _export(root: Path, path: Path) -> list[dict[str, str]]:
    ok(root, "export", "-o", str(path))
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())  # a BOM, so that Excel reads Arabic script
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _write(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")


def test_export_csv_and_ndjson(root: Path, tmp_path: Path) -> None:
    rows = _export(root, tmp_path / "m.csv")
    assert [r["id"] for r in rows] == sorted(IDS.values())
    assert list(rows[0])[:3] == ["id", "title", "title.romanized"]
    by_id = {r["id"]: r for r in rows}
    assert by_id[KAYHAN]["outlet"] == "kayhan.ir"
    assert by_id[COPY]["title"] == "العراق ينفي تمديد موعد انسحاب القوات الأميركية"
    stdout = ok(root, "export").stdout
    assert stdout.startswith("\ufeffid,title")
    lines = ndjson(ok(root, "export", "--format", "ndjson").stdout)
    assert [x["id"] for x in lines] == sorted(IDS.values())
    assert {x["id"]: x["outlet"] for x in lines}[KAYHAN] == "kayhan.ir"
    assert "versions" not in lines[0]
    raw = ok(root, "export", "--format", "ndjson").stdout
    assert "\\u06" not in raw  # Arabic script as is, not escaped


def test_round_trip_without_changes_writes_nothing(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    rows = _export(root, path)
    result = ok(root, "edit", "--from-csv", str(path))
    assert result.stdout == ""
    assert "no changes" in result.stderr
    # as a European spreadsheet saves it: ';', no BOM, LF line ends
    _write(tmp_path / "resaved.csv", rows, delimiter=";")
    assert ok(root, "edit", "--from-csv", str(tmp_path / "resaved.csv")).stdout == ""
    check_archive(root)


def _fixed(root: Path, tmp_path: Path) -> Path:
    path = tmp_path / "m.csv"
    rows = _export(root, path)
    by_id = {r["id"]: r for r in rows}
    by_id[WIRE]["outlet"] = "السومرية نيوز"
    by_id[WIRE]["tags"] = "iraq; wire"
    by_id[COPY]["outlet"] = "العربي الجديد"
    by_id[COPY]["url"] = "https://www.alaraby.co.uk/politics/iraq-denies"
    by_id[PERSIAN]["published"] = "2021-11-19"
    _write(path, rows)
    return path


def test_dry_run_prints_the_changes_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    path = _fixed(root, tmp_path)
    result = ok(root, "edit", "--from-csv", str(path), "--dry-run")
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted([WIRE, COPY, PERSIAN])
    wire = next(line for line in lines if line.startswith(WIRE))
    assert "outlet: (none) → 'السومرية نيوز'" in wire
    assert "tags: +iraq +wire" in wire
    assert "3 record(s) would change; nothing written" in result.stderr
    check_archive(root)


def test_from_csv_one_version_per_changed_record_one_message(root: Path, tmp_path: Path) -> None:
    path = _fixed(root, tmp_path)
    result = ok(root, "edit", "--from-csv", str(path), "-m", MESSAGE)
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert sorted(x[0] for x in lines) == sorted([WIRE, COPY, PERSIAN])
    assert {x[1] for x in lines} == {"v2"}
    assert {x[2] for x in lines} == {MESSAGE}
    check_archive(root, {WIRE: 2, COPY: 2, PERSIAN: 2})
    for sid in (WIRE, COPY, PERSIAN):
        assert last_version(root, sid)["message"] == MESSAGE
        assert last_version(root, sid)["user"]["name"] == "Fatima Ahmadi"
    assert show_json(root, WIRE)["tags"] == ["iraq", "wire"]
    assert show_json(root, COPY)["url"] == "https://www.alaraby.co.uk/politics/iraq-denies"
    assert show_json(root, PERSIAN)["published"] == "2021-11-19"
    # the same file again changes nothing
    assert ok(root, "edit", "--from-csv", str(path)).stdout == ""
    check_archive(root, {WIRE: 2, COPY: 2, PERSIAN: 2})
    # without -m, each version says what the sheet changed
    rows = _export(root, path)
    next(r for r in rows if r["id"] == KAYHAN)["author"] = "کیهان"
    _write(path, rows)
    ok(root, "edit", "--from-csv", str(path))
    assert (
        last_version(root, KAYHAN)["message"] == "Batch edit from m.csv: author: (none) → 'کیهان'"
    )
    check_archive(root, {WIRE: 2, COPY: 2, PERSIAN: 2, KAYHAN: 2})


def test_a_bad_row_applies_nothing(root: Path, tmp_path: Path) -> None:
    path = _fixed(root, tmp_path)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))
    rows[-1]["published"] = "1400-08-28"
    rows.append({**rows[0], "id": "abcdef123456"})
    _write(path, rows)
    result = run(root, "edit", "--from-csv", str(path))
    assert result.exit_code == 2
    assert "nothing applied" in result.stderr
    assert "line 6" in result.stderr
    assert "line 7" in result.stderr
    check_archive(root)
    assert run(root, "edit", WIRE, "--from-csv", str(path)).exit_code == 2
    assert run(root, "edit", "--from-csv", str(tmp_path / "missing.csv")).exit_code == 2


def test_tags_list_and_search(root: Path) -> None:
    ok(root, "edit", WIRE, "--set", "tags=iraq,wire")
    ok(root, "edit", COPY, "--set", "tags=wire")
    ok(root, "edit", KAYHAN, "--set", "tags=+iraq")
    check_archive(root, {WIRE: 2, COPY: 2, KAYHAN: 2})
    listed = ndjson(ok(root, "list", "--tag", "wire", "--format", "ndjson").stdout)
    assert [r["id"] for r in listed] == sorted([WIRE, COPY])
    assert listed[0]["tags"]
    assert ndjson(ok(root, "list", "--tag", "nothing", "--format", "ndjson").stdout) == []
    found = ndjson(ok(root, "search", "tag:wire", "--format", "ndjson").stdout)
    assert sorted(h["id"] for h in found) == sorted([WIRE, COPY])
    found = ndjson(ok(root, "search", "tag:iraq الخفاجي", "--format", "ndjson").stdout)
    assert [h["id"] for h in found] == [WIRE]
    # a withdrawn record leaves tag listings and tag searches too
    ok(root, "withdraw", COPY, "--reason", "Wire copy")
    assert [r["id"] for r in ndjson(ok(root, "list", "--tag", "wire").stdout)] == [WIRE]
    assert [h["id"] for h in ndjson(ok(root, "search", "tag:wire").stdout)] == [WIRE]
    both = ok(root, "search", "tag:wire", "--include-withdrawn", "--format", "json").stdout
    assert sorted(h["id"] for h in json.loads(both)["hits"]) == sorted([WIRE, COPY])
    # a tag matches however its letters are typed (Persian ی or Arabic ي), as in search
    ok(root, "edit", PERSIAN, "--set", "tags=ایران")
    assert [r["id"] for r in ndjson(ok(root, "list", "--tag", "ايران").stdout)] == [PERSIAN]
    assert [h["id"] for h in ndjson(ok(root, "search", "tag:ايران").stdout)] == [PERSIAN]
    # removing the tag takes the record out of the collection
    ok(root, "edit", WIRE, "--set", "tags=-wire")
    assert run(root, "search", "tag:wire", "--format", "ndjson").exit_code == 1
    check_archive(root, {WIRE: 3, COPY: 3, KAYHAN: 2, PERSIAN: 2})
