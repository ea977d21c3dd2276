"""RIS export: rispy reads five NEWS records from the seeds, with the tags issue 7 names."""

from __future__ import annotations

import rispy

from arshif.cite import export
from arshif.model import Record
from tests.cite.records import full_arabic, full_persian


def _load(text: str) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = rispy.loads(text)
    for entry in entries:
        assert "unknown_tag" not in entry, entry
    return entries


def test_five_news_records_from_the_seeds(seeds: list[Record]) -> None:
    entries = _load(export(seeds, "ris"))
    assert len(entries) == 5
    assert all(e["type_of_reference"] == "NEWS" for e in entries)
    assert [e["accession_number"] for e in entries] == [f"urn:arshif:{r.id}" for r in seeds]
    assert [e["language"] for e in entries] == ["fa", "ar", "ar", "ar", "ar"]
    kayhan = entries[4]
    assert kayhan["secondary_title"] == "kayhan.ir"
    assert kayhan["year"] == "2021"
    assert kayhan["date"] == "2021/07/31"
    assert kayhan["notes"] == ["Published 2021-07-31T19:51:00"]
    assert kayhan["title"] == seeds[4].metadata.title
    assert entries[3]["date"] == "2021/11/19"
    for entry in entries[:4]:
        assert "secondary_title" not in entry  # no outlet invented
    for field in ("year", "date", "urls"):
        assert field not in entries[0]
    # untitled: the supplied title; held in the archive; captured on the access date
    assert entries[0]["title"] == "[به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…]"
    assert entries[2]["title"].startswith("[أكدت قيادة العمليات المشتركة العراقية")
    assert all(e["name_of_database"] == "arshif" for e in entries)
    assert all(e["database_provider"] == "arshif" for e in entries)
    assert [e.get("access_date") for e in entries] == ["2026/11/26"] * 5
    assert entries[0]["notes"] == ["Attributed in the text to ایرنا"]
    assert "authors" not in entries[0]


def test_every_field_of_a_full_record() -> None:
    (arabic, persian) = _load(export([full_arabic(), full_persian()], "ris"))
    assert arabic["authors"] == ["محمد أحمد"]
    assert arabic["translated_title"] == "Bread prices rise in Cairo"
    assert arabic["urls"] == [full_arabic().metadata.url]
    assert arabic["access_date"] == "2024/01/05"
    assert arabic["name_of_database"] == "arshif"
    assert arabic["notes"] == ["Romanized title: Irtifāʿ asʿār al-khubz fī al-Qāhirah"]
    assert persian["translated_title"] == "Bread prices rise in Tehran"
    assert "Translated title (fr): Le prix du pain augmente" in persian["notes"]


def test_round_trip_is_identical(all_records: list[Record]) -> None:
    entries = _load(export(all_records, "ris"))
    assert len(entries) == len(all_records)
    assert rispy.loads(rispy.dumps(entries)) == entries


def test_record_layout(seeds: list[Record]) -> None:
    text = export(seeds[:1], "ris")
    assert text.splitlines()[0] == "TY  - NEWS"
    assert text.rstrip("\n").splitlines()[-1].rstrip() == "ER  -"
