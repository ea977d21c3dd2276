"""`arshif history`, `diff`, `show --version` and `revert` on the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from arshif.tei import record_from_tei
from tests.curation_cli.helpers import (
    KAYHAN,
    LIBRARIAN,
    WIRE,
    check_archive,
    head_record,
    last_version,
    ndjson,
    no_presentation_forms,
    ok,
    run,
    show_json,
)

RFC3339_WITH_ZONE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
OUTLET = "السومرية نيوز"
TITLE_EN = "Joint Operations: the US withdrawal date is fixed"


def _three_versions(root: Path) -> None:
    ok(
        root,
        "edit",
        WIRE,
        "--set",
        f"outlet={OUTLET}",
        "--set",
        "published=2021-11-18",
        "-m",
        "Outlet and date from the site",
    )
    ok(
        root,
        "edit",
        WIRE,
        "--set",
        "tags=iraq",
        "--set",
        f"title.en={TITLE_EN}",
        "--user",
        "Karim Haddad <karim@example.org>",
    )
    check_archive(root, {WIRE: 3})


def test_history_ndjson_and_table(root: Path) -> None:
    _three_versions(root)
    rows = ndjson(ok(root, "history", WIRE, "--format", "ndjson").stdout)
    assert [r["version"] for r in rows] == ["v1", "v2", "v3"]
    for row in rows:
        assert {"version", "created", "user", "message", "changed"} <= set(row)
        assert RFC3339_WITH_ZONE.fullmatch(row["created"]), row["created"]
    assert [r["user"] for r in rows] == ["Ingest Robot", "Fatima Ahmadi", "Karim Haddad"]
    assert rows[1]["message"] == "Outlet and date from the site"
    assert rows[1]["changed"] == ["outlet", "published"]
    assert {"field": "outlet", "old": None, "new": OUTLET} in rows[1]["changes"]
    assert rows[2]["changed"] == ["title.en", "tags"]
    assert rows[2]["message"].startswith("title.en: (none) → ")
    # the same facts as the OCFL inventory
    assert rows[2]["message"] == last_version(root, WIRE)["message"]
    wide = {"COLUMNS": "160"}  # at 80 columns the message and the fields are cut to fit
    table = ok(root, "history", WIRE, "--format", "table", env=wide).stdout.splitlines()
    assert table[0].split() == ["VERSION", "CREATED", "USER", "MESSAGE", "CHANGED"]
    assert len(table) == 4
    assert "Outlet and date from the site" in table[2]
    assert "outlet, published" in table[2]
    assert json.loads(ok(root, "history", WIRE, "--format", "json").stdout)[0]["version"] == "v1"
    assert run(root, "history", "abcdef123456").exit_code == 5


def test_diff_unified_and_json_keep_rtl_text_logical(root: Path) -> None:
    _three_versions(root)
    unified = ok(root, "diff", WIRE, "v1", "v3").stdout
    assert unified.splitlines()[:3] == [f"--- {WIRE} v1", f"+++ {WIRE} v3", "@@ metadata @@"]
    assert f"+ outlet: {OUTLET}" in unified  # logical order, the letters as stored
    assert f"+ title.en: {TITLE_EN}" in unified
    assert "+ tags: iraq" in unified
    assert no_presentation_forms(unified)
    assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", unified)  # no bidi controls
    assert not unified.endswith("\n\n")
    data = json.loads(ok(root, "diff", WIRE, "1", "2", "--format", "json").stdout)
    assert data["old"] == {"id": WIRE, "version": "v1"}
    assert data["new"] == {"id": WIRE, "version": "v2"}
    assert {"field": "outlet", "old": None, "new": OUTLET} in data["metadata"]
    assert data["text"] == []
    assert no_presentation_forms(json.dumps(data, ensure_ascii=False))
    same = ok(root, "diff", WIRE, "v2", "v2")
    assert same.stdout == ""
    assert "do not differ" in same.stderr
    assert run(root, "diff", WIRE, "v1", "v9").exit_code == 5
    assert run(root, "diff", WIRE, "v1", "latest").exit_code == 2


def test_show_version(root: Path) -> None:
    _three_versions(root)
    v1 = show_json(root, WIRE, "--version", "v1")
    assert v1["outlet"] is None
    assert v1["tags"] == []
    assert show_json(root, WIRE, "--version", "2")["outlet"] == OUTLET
    head = show_json(root, WIRE)
    assert head["tags"] == ["iraq"]
    assert len(head["versions"]) == 3
    text = ok(root, "show", WIRE, "--version", "v1").stdout
    assert "outlet:" not in text
    tei_v1 = ok(root, "show", WIRE, "--format", "tei", "--version", "v1").stdout
    assert tei_v1.encode("utf-8") == head_record(root, WIRE, "v1")
    assert run(root, "show", WIRE, "--version", "v7").exit_code == 5


def _content(data: bytes) -> object:
    record = record_from_tei(data)
    return (
        record.metadata,
        record.paragraphs,
        record.provenance,
        record.withdrawn,
        record.links,
        record.cleaning,
        record.capture,
    )


def test_revert_makes_a_new_version_equal_to_the_old_one(root: Path) -> None:
    _three_versions(root)
    result = ok(root, "revert", WIRE, "v1", "-m", "The outlet came from another copy")
    assert result.stdout.split("\t")[:2] == [WIRE, "v4"]
    check_archive(root, {WIRE: 4})
    assert _content(head_record(root, WIRE)) == _content(head_record(root, WIRE, "v1"))
    assert last_version(root, WIRE)["message"] == "The outlet came from another copy"
    assert last_version(root, WIRE)["user"]["name"] == LIBRARIAN.split(" <")[0]
    assert ok(root, "diff", WIRE, "v1", "v4").stdout == ""
    # history is kept: v2 and v3 are still there and readable
    assert show_json(root, WIRE, "--version", "v3")["tags"] == ["iraq"]
    # reverting to the content the record already has writes nothing
    again = ok(root, "revert", WIRE, "v4")
    assert "no new version" in again.stderr
    ok(root, "revert", WIRE, "3")
    check_archive(root, {WIRE: 5})
    assert last_version(root, WIRE)["message"] == "Reverted to v3"
    assert _content(head_record(root, WIRE)) == _content(head_record(root, WIRE, "v3"))
    assert run(root, "revert", WIRE, "v9").exit_code == 5
    assert run(root, "revert", KAYHAN, "vx").exit_code == 2
    check_archive(root, {WIRE: 5})
