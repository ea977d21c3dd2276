"""Record diffs: metadata field by field, text word by word, RTL kept in logical order."""

from __future__ import annotations

import dataclasses
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from arshif.curation.diff import diff_records, render_unified, to_json
from arshif.curation.fields import apply_edits
from arshif.model import CaptureInfo, Change, Link, Metadata, Record, User, Withdrawal

CAPTURE = CaptureInfo(
    path="capture.txt", sha256="0" * 64, size=1, media_type="text/plain", encoding="utf-8"
)
LIBRARIAN = User("Librarian", "mailto:lib@example.org")
P1 = "نفت قيادة العمليات العراقية المشتركة تمديد موعد انسحاب القوات الأميركية من العراق."
P2 = "وكان التحالف الدولي أعلن في وقت سابق أن دوره في العراق لن يتغير."
P3 = "بدورها أكدت الهيئة التنسيقية لفصائل المقاومة العراقية."


def record(paragraphs: tuple[str, ...], version: str = "v1", **metadata: object) -> Record:
    meta = Metadata(title="العراق ينفي", lang="ar").with_changes(**metadata)
    change = Change(version, "2024-01-01T00:00:00Z", LIBRARIAN, "m")
    return Record("5864ae73e390", meta, paragraphs, CAPTURE, changes=(change,))


def test_a_record_against_itself_is_empty() -> None:
    r = record((P1, P2, P3))
    diff = diff_records(r, r)
    assert diff.is_empty
    assert render_unified(diff) == ""
    assert to_json(diff)["metadata"] == []
    assert to_json(diff)["text"] == []


_ARABIC_WORDS = st.lists(
    st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي\u064e\u0650ةىءأإآ،.", min_size=1, max_size=8),
    min_size=0,
    max_size=12,
).map(" ".join)


@given(st.lists(_ARABIC_WORDS, max_size=6), st.text(max_size=20))
def test_diff_of_a_record_with_itself_is_empty(paragraphs: list[str], title: str) -> None:
    r = record(tuple(paragraphs), title=title or None)
    assert diff_records(r, dataclasses.replace(r)).is_empty


@given(
    st.lists(_ARABIC_WORDS, min_size=1, max_size=5), st.lists(_ARABIC_WORDS, min_size=1, max_size=5)
)
def test_segments_rebuild_the_old_paragraph(old: list[str], new: list[str]) -> None:
    diff = diff_records(record(tuple(old)), record(tuple(new), "v2"))
    for para in diff.paragraphs:
        rebuilt = "".join(text for kind, text in para.segments if kind != "insert")
        if para.old_index is not None:
            assert rebuilt == old[para.old_index]
        added = " ".join(text for kind, text in para.segments if kind != "delete").split()
        if para.new_index is not None:
            assert added == new[para.new_index].split()


def test_metadata_changes_field_by_field() -> None:
    a = record((P1,), tags=("wire",))
    meta = apply_edits(
        a.metadata, [("title", "العراق ينفي تمديد"), ("tags", "+iraq"), ("published", "2021-11-19")]
    )
    b = dataclasses.replace(
        a, metadata=meta, changes=(*a.changes, Change("v2", "t", LIBRARIAN, "m"))
    )
    diff = diff_records(a, b)
    assert [c.field for c in diff.metadata] == ["title", "published", "tags"]
    assert render_unified(diff) == (
        "--- 5864ae73e390 v1\n+++ 5864ae73e390 v2\n@@ metadata @@\n"
        "- title: العراق ينفي\n+ title: العراق ينفي تمديد\n"
        "+ published: 2021-11-19\n"
        "- tags: wire\n+ tags: wire, iraq\n"
    )
    assert to_json(diff)["metadata"][2] == {
        "field": "tags",
        "old": ["wire"],
        "new": ["wire", "iraq"],
    }


def test_word_changes_are_marked_in_logical_order() -> None:
    a = record((P1, P2))
    changed = P1.replace("تمديد موعد", "تأجيل موعد").replace("من العراق", "في العراق")
    b = record((changed, P2), "v2")
    diff = diff_records(a, b)
    text = render_unified(diff)
    assert text.splitlines()[2:] == [
        "@@ paragraph 0 → 0 @@",
        "نفت قيادة العمليات العراقية المشتركة [-تمديد-]{+تأجيل+} موعد انسحاب القوات الأميركية"
        " [-من-]{+في+} العراق.",
    ]
    assert to_json(diff)["text"] == [
        {"paragraph": 0, "op": "replace", "old": "تمديد", "new": "تأجيل", "word": 5},
        {"paragraph": 0, "op": "replace", "old": "من", "new": "في", "word": 10},
    ]
    # never reshaped: no presentation forms, no bidi controls added
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)


def test_inserted_words_are_spaced_like_word_diff() -> None:
    a, b = record(("الف باء جيم",)), record(("دال الف باء هاء جيم واو",), "v2")
    assert render_unified(diff_records(a, b)).splitlines()[-1] == (
        "{+دال+} الف باء {+هاء+} جيم {+واو+}"
    )
    ops = [(c["op"], c["new"], c["word"]) for c in to_json(diff_records(a, b))["text"]]
    assert ops == [("insert", "دال", 0), ("insert", "هاء", 2), ("insert", "واو", 3)]


def test_paragraphs_added_removed_and_edited() -> None:
    a = record((P1, P2, P3))
    b = record(("فقرة جديدة تماما هنا.", P1, P2.replace("الدولي", "الدولي بقيادة واشنطن")), "v2")
    diff = diff_records(a, b)
    entries = to_json(diff)["text"]
    assert {
        "paragraph": 0,
        "op": "insert",
        "old": "",
        "new": "فقرة جديدة تماما هنا.",
        "word": 0,
    } in entries
    assert {"paragraph": 2, "op": "delete", "old": P3, "new": "", "word": 0} in entries
    assert {"paragraph": 2, "op": "insert", "old": "", "new": "بقيادة واشنطن", "word": 3} in entries
    lines = render_unified(diff).splitlines()
    assert "@@ paragraph 0 (added) @@" in lines
    assert "@@ paragraph 1 → 2 @@" in lines
    assert "@@ paragraph 2 (removed) @@" in lines
    assert f"[-{P3}-]" in lines


def test_whitespace_only_change_is_still_a_change() -> None:
    diff = diff_records(record(("الف  باء",)), record(("الف باء",), "v2"))
    assert not diff.is_empty
    assert to_json(diff)["text"] == [
        {"paragraph": 0, "op": "replace", "old": "الف  باء", "new": "الف باء", "word": 0}
    ]


def test_withdrawal_and_links_show_in_the_metadata_part() -> None:
    a = record((P1,))
    b = dataclasses.replace(
        a,
        withdrawn=Withdrawal("2024-02-01T10:00:00Z", LIBRARIAN, "copyright"),
        links=(Link("duplicate-of", "abc"),),
    )
    fields = {c["field"]: c for c in to_json(diff_records(a, b))["metadata"]}
    assert fields["withdrawn"]["new"] == "2024-02-01T10:00:00Z by Librarian: copyright"
    assert fields["links"]["new"] == ["duplicate-of:abc"]
    json.dumps(to_json(diff_records(a, b)), ensure_ascii=False)
