"""`arshif withdraw`/`restore`, `duplicates` and `link` on the seeds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.cli.helpers import SEEDS
from tests.curation_cli.helpers import (
    COPY,
    IDS,
    KAYHAN,
    TEI,
    WIRE,
    check_archive,
    last_version,
    ndjson,
    no_presentation_forms,
    object_dir,
    ok,
    run,
    show_json,
    tei,
)

REASON = "Takedown request from the publisher"
#: The two quotes seeds 001 and 003 share (the wire paragraphs), folded spelling aside.
QUOTE_1 = "الحديث عن تمديد موعد انسحاب القوات الأميركية غير دقيق وغير صحيح"
QUOTE_2 = (
    "العلاقة بين الطرفين بعد خروج القوات القتالية ستكون علاقة استشارية في مجالات "
    "التدريب والتسليح والمعلومات الاستخبارية والأمنية ضد تنظيم"
)


def _ids(result_stdout: str) -> list[str]:
    return [row["id"] for row in ndjson(result_stdout)]


def _search(root: Path, query: str, *extra: str) -> list[str]:
    result = run(root, "search", query, "--format", "ndjson", *extra)
    assert result.exit_code in (0, 1), result.output
    return _ids(result.stdout)


def test_withdraw_and_restore(root: Path) -> None:
    query = "الهيئة التنسيقية لفصائل المقاومة"  # seed 004, kayhan.ir
    assert KAYHAN in _search(root, query)
    result = ok(root, "withdraw", KAYHAN, "--reason", REASON)
    assert result.stdout.split("\t") == [KAYHAN, "v2", f"Withdrawn: {REASON}\n"]
    check_archive(root, {KAYHAN: 2})
    # out of default listings and search results, back with --include-withdrawn
    assert KAYHAN not in _ids(ok(root, "list", "--format", "ndjson").stdout)
    assert KAYHAN in _ids(ok(root, "list", "--include-withdrawn", "--format", "ndjson").stdout)
    assert KAYHAN not in _search(root, query)
    assert KAYHAN in _search(root, query, "--include-withdrawn")
    assert KAYHAN not in _ids(ok(root, "export", "--format", "ndjson").stdout)
    # show says when, by whom and why
    text = ok(root, "show", KAYHAN).stdout
    line = next(x for x in text.splitlines() if x.startswith("withdrawn:"))
    assert "by Fatima Ahmadi" in line
    assert REASON in line
    assert "T" in line.split()[1]
    view = show_json(root, KAYHAN)
    assert view["withdrawn"]["who"] == "Fatima Ahmadi"
    assert view["withdrawn"]["reason"] == REASON
    assert view["withdrawn"]["when"] == last_version(root, KAYHAN)["created"]
    doc = tei(root, KAYHAN)
    assert doc.find(".//t:revisionDesc", TEI).get("status") == "withdrawn"
    # the capture and every version stay
    capture = object_dir(root, KAYHAN) / "v1" / "content" / "capture.txt"
    seed = (SEEDS / "004_fd2ff384f8cb858e.txt").read_bytes()
    assert capture.read_bytes() == seed
    assert view["capture"]["sha256"] == hashlib.sha256(seed).hexdigest()
    assert show_json(root, KAYHAN, "--version", "v1")["withdrawn"] is None
    # withdrawing twice is refused, and writes nothing
    twice = run(root, "withdraw", KAYHAN, "--reason", "again")
    assert twice.exit_code == 2
    assert "already withdrawn" in twice.stderr
    assert run(root, "withdraw", WIRE, "--reason", "  ").exit_code == 2
    assert run(root, "withdraw", WIRE).exit_code == 2  # --reason is required
    check_archive(root, {KAYHAN: 2})
    # restore
    ok(root, "restore", KAYHAN, "-m", "The request was withdrawn")
    check_archive(root, {KAYHAN: 3})
    assert last_version(root, KAYHAN)["message"] == "The request was withdrawn"
    assert KAYHAN in _search(root, query)
    assert KAYHAN in _ids(ok(root, "list", "--format", "ndjson").stdout)
    assert "withdrawn:" not in ok(root, "show", KAYHAN).stdout
    assert tei(root, KAYHAN).find(".//t:revisionDesc", TEI).get("status") is None
    again = run(root, "restore", KAYHAN)
    assert again.exit_code == 2
    assert "not withdrawn" in again.stderr
    history = ndjson(ok(root, "history", KAYHAN, "--format", "ndjson").stdout)
    assert [h["changed"] for h in history] == [[], ["withdrawn"], ["withdrawn"]]
    check_archive(root, {KAYHAN: 3})


def test_duplicates_reports_seeds_001_and_003_only(root: Path) -> None:
    result = ok(root, "duplicates", "--format", "ndjson")
    groups = ndjson(result.stdout)
    assert len(groups) == 1, groups
    group = groups[0]
    assert sorted(group["ids"]) == sorted([WIRE, COPY])
    assert group["kind"] in ("passage", "near")
    shared = " | ".join(group["shared"])
    assert QUOTE_1 in shared
    assert QUOTE_2 in shared
    assert no_presentation_forms(result.stdout)
    table = ok(root, "duplicates", "--format", "table").stdout.splitlines()
    assert table[0].split() == ["IDS", "KIND", "SIMILARITY", "LINKED", "TITLES", "SHARED"]
    assert len(table) == 2
    # a stricter passage length finds nothing; a withdrawn record is not listed
    assert ok(root, "duplicates", "--min-words", "40", "--format", "ndjson").stdout == ""
    ok(root, "withdraw", COPY, "--reason", "Wire copy")
    assert ok(root, "duplicates", "--format", "ndjson").stdout == ""
    assert run(root, "duplicates", "--threshold", "2").exit_code == 2
    check_archive(root, {COPY: 2})


def _relations(root: Path, short_id: str) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (r.get("name"), r.get("active"), r.get("passive"))
        for r in tei(root, short_id).iterfind(".//t:listRelation/t:relation", TEI)
    ]


def test_link_is_recorded_in_both_records(root: Path) -> None:
    result = ok(root, "link", COPY, WIRE, "--as", "duplicate-of", "-m", "Wire copy of 001")
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines == [[COPY, "v2", "Wire copy of 001"], [WIRE, "v2", "Wire copy of 001"]]
    check_archive(root, {COPY: 2, WIRE: 2})
    urn = "urn:arshif:"
    assert ("duplicate-of", urn + COPY, urn + WIRE) in _relations(root, COPY)
    assert any(urn + COPY in (a, p) for _, a, p in _relations(root, WIRE))
    assert show_json(root, COPY)["links"] == [
        {"kind": "duplicate-of", "target": WIRE, "inverse": False}
    ]
    assert show_json(root, WIRE)["links"] == [
        {"kind": "duplicate-of", "target": COPY, "inverse": True}
    ]
    # linking again writes nothing
    again = ok(root, "link", COPY, WIRE, "--as", "duplicate-of")
    assert again.stdout == ""
    assert "already linked" in again.stderr
    # same-story, with the default message
    other = IDS["002"]
    ok(root, "link", other, WIRE, "--as", "same-story")
    check_archive(root, {COPY: 2, WIRE: 3, other: 2})
    assert last_version(root, other)["message"] == f"Linked as same-story {WIRE}"
    assert ("same-story", urn + WIRE, urn + other) in _relations(root, WIRE)
    # refused: itself, an unknown kind or record
    assert run(root, "link", WIRE, WIRE, "--as", "same-story").exit_code == 2
    assert run(root, "link", WIRE, COPY, "--as", "copy").exit_code == 2
    assert run(root, "link", WIRE, "abcdef123456", "--as", "same-story").exit_code == 5
    check_archive(root, {COPY: 2, WIRE: 3, other: 2})
    assert json.loads(ok(root, "history", WIRE, "--format", "json").stdout)[1]["changed"] == [
        "links"
    ]


def test_link_duplicate_of_keeps_its_direction_in_the_other_record(root: Path) -> None:
    """ "003 duplicate-of 001", as recorded in 001's TEI, must still say that 003 is the copy.

    The TEI writer puts every relation with @active = the record itself, so 001 can only say
    "001 duplicate-of 003", the opposite of the truth (tei/ and model.Link need a direction).
    """
    ok(root, "link", COPY, WIRE, "--as", "duplicate-of")
    urn = "urn:arshif:"
    assert _relations(root, WIRE) == [("duplicate-of", urn + COPY, urn + WIRE)]
