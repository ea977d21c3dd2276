"""Manifests as people write them, through the CLI: every bad line reported with its own
number, --skip-bad and --rejects, tags, URLs as outlets publish them, control characters and
unbalanced bidi controls in the given metadata (removed as recorded cleaning steps)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.reliability.helpers import assert_clean, cli, init_root, short_id, snapshot

#: Every test here runs on each search engine (`tests.conftest.engine_env`).
pytestmark = pytest.mark.usefixtures("engine_env")

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
ARABIC = "أعلنت وزارة التعليم في المملكة عن استمرار القبول في الكليات التقنية حتى نهاية الشهر"
OTHER = "قالت قيادة العمليات المشتركة العراقية إن موعد انسحاب القوات ثابت ولا تمديد له"
NBSP_URL = "http://www.al-madina.com/node/620849/«التقني»\u00a0تعلن-استمرار-القبول-والعام-التدريبي-8-ذو-القعدة.html"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    init_root(root)
    return root


def write_manifest(folder: Path, *lines: dict[str, Any] | str) -> Path:
    path = folder / "batch.jsonl"
    text = "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
        for line in lines
    )
    path.write_text(text, "utf-8")
    return path


def reported(stderr: str, status: str) -> list[tuple[int, str]]:
    """(line number, reason) of each ``status: batch.jsonl, line N: reason`` line, in order."""
    found = re.findall(rf"^{status}: batch\.jsonl, line (\d+): (.*)$", stderr, re.MULTILINE)
    return [(int(number), reason) for number, reason in found]


def record_tei(root: Path, record_id: str) -> etree._Element:
    result = cli(root, "show", record_id, "--format", "tei")
    assert_clean(result, 0)
    return etree.fromstring(result.stdout.encode("utf-8"))


#: Bad lines 2, 4, 5 and 6: three of them the same (empty) capture, which the archive
#: prepares once, and a line refused as it is read.
BAD_BATCH: list[dict[str, Any] | str] = [
    {"text": ARABIC, "lang": "ar"},
    {"text": "", "lang": "ar"},
    {"text": OTHER, "lang": "ar"},
    {"text": "", "source_id": "b"},
    {"text": ARABIC + " ٢", "lang": "klingon"},
    {"text": "", "source_id": "c"},
    {"text": ARABIC + " ٣"},
]


def test_every_bad_line_is_reported_with_its_own_number_and_nothing_is_written(
    root: Path, tmp_path: Path
) -> None:
    path = write_manifest(tmp_path, *BAD_BATCH)
    before = snapshot(root / "archive")
    result = cli(root, "ingest", "--manifest", str(path))
    assert_clean(result, 6)
    lines = reported(result.stderr, "refused")
    assert [number for number, _ in lines] == [2, 4, 5, 6]
    assert "empty" in lines[0][1]
    assert "empty" in lines[1][1]
    assert "empty" in lines[3][1]
    assert "klingon" in lines[2][1]
    assert "not a known language" in lines[2][1]
    assert "4 captures refused, nothing written" in result.stderr
    assert snapshot(root / "archive") == before
    assert result.stdout == ""


def test_skip_bad_reports_each_line_counts_them_and_writes_rejects(
    root: Path, tmp_path: Path
) -> None:
    path = write_manifest(tmp_path, *BAD_BATCH)
    rejects = tmp_path / "rejects.jsonl"
    result = cli(root, "ingest", "--manifest", str(path), "--skip-bad", "--rejects", str(rejects))
    assert_clean(result, 0)
    assert [number for number, _ in reported(result.stderr, "skipped")] == [2, 4, 5, 6]
    assert "3 added, 0 already in archive, 4 skipped" in result.stderr
    rows = [json.loads(line) for line in rejects.read_text("utf-8").splitlines()]
    assert [row["line"] for row in rows] == [2, 4, 5, 6]
    assert [row["entry"] for row in rows] == [BAD_BATCH[i - 1] for i in (2, 4, 5, 6)]
    assert all(row["reason"] for row in rows)
    # fixed and fed back: the entries of the rejects file are a manifest again
    fixed = [dict(row["entry"]) for row in rows]
    for number, entry in enumerate(fixed):
        entry["text"] = entry["text"] or f"{OTHER} {number}"
        entry["lang"] = "ar"
    again = write_manifest(tmp_path, *fixed)
    result = cli(root, "ingest", "--manifest", str(again), "--rejects", str(rejects))
    assert_clean(result, 0)
    assert "4 added, 0 already in archive, 0 skipped" in result.stderr
    assert rejects.read_text("utf-8") == ""


def test_a_copy_of_a_refused_capture_is_judged_on_its_own_line(root: Path, tmp_path: Path) -> None:
    path = write_manifest(
        tmp_path,
        {"text": ARABIC, "encoding": "no-such-encoding"},
        {"text": ARABIC, "lang": "ar"},
        {"text": ARABIC, "encoding": "no-such-encoding"},
    )
    result = cli(root, "ingest", "--manifest", str(path), "--skip-bad")
    assert_clean(result, 0)
    # line 2 states no bad encoding: its capture is added; line 3 is judged on its own again
    assert [number for number, _ in reported(result.stderr, "skipped")] == [1, 3]
    assert short_id(ARABIC.encode()) in result.stdout
    assert "1 added, 0 already in archive, 2 skipped" in result.stderr


def test_unknown_keys_are_refused_with_the_valid_ones_and_tags_are_taken(
    root: Path, tmp_path: Path
) -> None:
    path = write_manifest(tmp_path, {"text": ARABIC, "colour": "red", "tag": "x"})
    result = cli(root, "ingest", "--manifest", str(path))
    assert_clean(result, 6)
    message = result.stderr
    assert "unknown key(s) colour, tag" in message
    for key in ("text", "path", "source_id", "title", "url", "lang", "tags", "retrieved"):
        assert key in message.split("the keys are")[1]
    path = write_manifest(
        tmp_path,
        {"text": ARABIC, "tags": "التعليم,wire"},
        {"text": OTHER, "tags": ["iraq", "wire"]},
    )
    assert_clean(cli(root, "ingest", "--manifest", str(path)), 0)
    shown = json.loads(cli(root, "list", "--tag", "wire", "--format", "json").stdout)
    assert {tuple(r["tags"]) for r in shown} == {("التعليم", "wire"), ("iraq", "wire")}
    bad = write_manifest(tmp_path, {"text": ARABIC + " ٤", "tags": "two words"})
    assert "a tag has no spaces" in cli(root, "ingest", "--manifest", str(bad)).stderr


def test_urls_as_outlets_publish_them_are_stored_as_a_browser_sends_them(
    root: Path, tmp_path: Path
) -> None:
    plain = "https://www.alaraby.co.uk/politics/x"
    path = write_manifest(
        tmp_path, {"text": ARABIC, "url": NBSP_URL}, {"text": OTHER, "url": plain}
    )
    assert_clean(cli(root, "ingest", "--manifest", str(path)), 0)
    doc = record_tei(root, short_id(ARABIC.encode()))
    stored = doc.findtext(".//t:bibl[@type='article']/t:idno[@type='URL']", namespaces=TEI)
    assert stored == (
        "http://www.al-madina.com/node/620849/%C2%AB%D8%A7%D9%84%D8%AA%D9%82%D9%86%D9%8A%C2%BB"
        "%C2%A0%D8%AA%D8%B9%D9%84%D9%86-%D8%A7%D8%B3%D8%AA%D9%85%D8%B1%D8%A7%D8%B1-%D8%A7%D9%84"
        "%D9%82%D8%A8%D9%88%D9%84-%D9%88%D8%A7%D9%84%D8%B9%D8%A7%D9%85-%D8%A7%D9%84%D8%AA%D8%AF"
        "%D8%B1%D9%8A%D8%A8%D9%8A-8-%D8%B0%D9%88-%D8%A7%D9%84%D9%82%D8%B9%D8%AF%D8%A9.html"
    )
    given = doc.findtext(".//t:note[@type='provenance'][@n='url']", namespaces=TEI)
    assert given == NBSP_URL  # the string as given, kept where it differs
    doc = record_tei(root, short_id(OTHER.encode()))
    assert doc.findtext(".//t:idno[@type='URL']", namespaces=TEI) == plain
    note = doc.find(".//t:note[@type='provenance'][@n='url']", TEI)
    assert note is not None
    assert note.text is None
    bad = write_manifest(tmp_path, {"text": ARABIC + " ٥", "url": "javascript:alert(1)"})
    assert "http" in cli(root, "ingest", "--manifest", str(bad)).stderr


def test_control_and_unbalanced_bidi_characters_in_metadata_are_recorded_removals(
    root: Path, tmp_path: Path
) -> None:
    path = write_manifest(
        tmp_path,
        {
            "text": ARABIC,
            "title": "\x1a  رئيس بلدية وسط الدمام",
            "author": "\u200f\u202bمحرر الأخبار",
            "outlet": "\u202bالمدينة\u202c",
            "source_id": "a\x00b",
        },
    )
    result = cli(root, "ingest", "--manifest", str(path))
    assert_clean(result, 0)
    record_id = short_id(ARABIC.encode())
    doc = record_tei(root, record_id)
    assert doc.findtext(".//t:titleStmt/t:title", namespaces=TEI) == "رئيس بلدية وسط الدمام"
    assert (
        doc.findtext(".//t:bibl[@type='article']/t:author", namespaces=TEI) == "\u200fمحرر الأخبار"
    )
    assert doc.findtext(".//t:bibl/t:publisher", namespaces=TEI) == "\u202bالمدينة\u202c"
    assert doc.findtext(".//t:idno[@type='source']", namespaces=TEI) == "ab"
    steps = {
        p.get("n"): [item.text for item in p.iterfind(".//t:item", TEI)]
        for p in doc.iterfind(".//t:editorialDecl/t:p", TEI)
    }
    assert steps["metadata-control-characters-removed"] == ["title: U+001A", "source_id: U+0000"]
    assert steps["metadata-bidi-controls-removed"] == ["author: U+202B"]
    # the capture stays byte-exact
    assert [p.read_bytes() for p in (root / "archive").rglob("capture.txt")] == [ARABIC.encode()]


def test_rejects_may_not_overwrite_the_manifest(root: Path, tmp_path: Path) -> None:
    path = write_manifest(tmp_path, {"text": ARABIC})
    result = cli(root, "ingest", "--manifest", str(path), "--rejects", str(path))
    assert_clean(result, 2)
    assert json.loads(path.read_text("utf-8")) == {"text": ARABIC}


def test_bad_files_on_the_command_line_are_all_reported(root: Path, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name, text in (("a.txt", ARABIC), ("b.txt", ""), ("c.txt", OTHER), ("d.txt", " \n")):
        (tmp_path / "in" / name).write_text(text, "utf-8")
    result = cli(root, "ingest", str(tmp_path / "in"))
    assert_clean(result, 6)
    refused = re.findall(r"^refused: (\S+): ", result.stderr, re.MULTILINE)
    assert [Path(name).name for name in refused] == ["b.txt", "d.txt"]
    assert list((root / "archive").rglob("capture.txt")) == []
