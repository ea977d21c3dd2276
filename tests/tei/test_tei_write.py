"""record_to_tei: where each Record field lands, determinism, and what TEI cannot hold."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from arshif.errors import InvalidRecord
from arshif.model import Change, Link, Metadata, Record
from arshif.tei import record_from_tei, record_to_tei, validate_record
from tests.conftest import SEEDS
from tests.tei import records

NS = {"t": "http://www.tei-c.org/ns/1.0"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tree(record: Record) -> ET.Element:
    """Our own output, parsed with the standard library (trusted bytes, no DOCTYPE)."""
    return ET.fromstring(record_to_tei(record))


def one(root: ET.Element, path: str) -> ET.Element:
    found = root.findall(path, NS)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


HEADER = "t:teiHeader/t:fileDesc"
ARTICLE = f"{HEADER}/t:sourceDesc/t:bibl[@type='article']"
CAPTURE = f"{HEADER}/t:sourceDesc/t:bibl[@type='capture']"


def test_declaration_root_and_language() -> None:
    data = record_to_tei(records.seed_004())
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    assert data.startswith(declaration + b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ar">')
    assert data.endswith(b"</TEI>\n")
    data.decode("utf-8")


def test_same_record_same_bytes() -> None:
    assert record_to_tei(records.maximal()) == record_to_tei(records.maximal())
    assert record_to_tei(records.seed_004()) == record_to_tei(replace(records.seed_004()))


def test_seed_004_header() -> None:
    record = records.seed_004()
    root = tree(record)
    main = one(root, f"{HEADER}/t:titleStmt/t:title[@type='main']")
    assert main.text == record.metadata.title
    assert main.text.startswith("فصائل المقاومة العراقية")
    assert main.get(LANG) == "ar"
    assert one(root, f"{HEADER}/t:publicationStmt/t:publisher").text == "arshif archive"
    sha = hashlib.sha256(next(SEEDS.glob("004_*")).read_bytes()).hexdigest()
    assert (
        one(root, f"{HEADER}/t:publicationStmt/t:idno[@type='URN']").text
        == f"urn:arshif:{sha[:12]}"
    )
    assert one(root, f"{HEADER}/t:publicationStmt/t:idno[@type='arshif']").text == sha[:12]
    assert one(root, f"{ARTICLE}/t:title[@level='a']").text == record.metadata.title
    assert one(root, f"{ARTICLE}/t:publisher").text == "kayhan.ir"
    published = one(root, f"{ARTICLE}/t:date[@type='published']")
    assert published.get("when") == "2021-07-31T19:51:00"
    assert published.text == "2021July31 - 19:51"
    assert published.get("calendar") == "#cal-gregorian"
    calendar = one(root, "t:teiHeader/t:profileDesc/t:calendarDesc/t:calendar")
    assert calendar.get(XML_ID) == "cal-gregorian"
    assert one(root, f"{ARTICLE}/t:idno[@type='newsCode']").text == "135145"
    assert one(root, f"{ARTICLE}/t:note[@type='dateline']").text == "بغداد – وكالات"
    assert root.findall(f"{ARTICLE}/t:author", NS) == []  # not stated, so absent


def test_seed_004_capture_tool_cleaning_and_history() -> None:
    root = tree(records.seed_004())
    data = next(SEEDS.glob("004_*")).read_bytes()
    assert one(root, f"{CAPTURE}/t:idno[@type='sha256']").text == hashlib.sha256(data).hexdigest()
    assert one(root, f"{CAPTURE}/t:extent/t:measure").attrib == {
        "unit": "byte",
        "quantity": str(len(data)),
    }
    assert one(root, f"{CAPTURE}/t:ident[@type='mediaType']").text == "text/plain"
    assert one(root, f"{CAPTURE}/t:ident[@type='encoding']").text == "utf-8"
    assert one(root, f"{CAPTURE}/t:name[@type='originalName']").text == "004_fd2ff384f8cb858e.txt"
    application = one(root, "t:teiHeader/t:encodingDesc/t:appInfo/t:application")
    assert (application.get("ident"), application.get("version")) == ("arshif", "0.1.0")
    step = one(root, "t:teiHeader/t:encodingDesc/t:editorialDecl/t:p[@n='header-to-metadata']")
    items = [item.text for item in step.findall("t:list[@type='removed']/t:item", NS)]
    assert items == ["kayhan.ir", "رمز الخبر: 135145", "تأريخ النشر : 2021July31 - 19:51"]
    change = one(root, "t:teiHeader/t:revisionDesc/t:change")
    assert change.attrib == {"n": "v1", "when": "2024-03-01T09:00:00Z", "who": "#u1"}
    assert (
        one(root, f"{HEADER}/t:titleStmt/t:respStmt[@{XML_ID}='u1']/t:name").text == "arshif ingest"
    )
    notes = root.findall(f"{HEADER}/t:notesStmt/t:note[@type='provenance']", NS)
    assert [(n.get("n"), n.get("subtype")) for n in notes][:2] == [
        ("title", "capture"),
        ("outlet", "capture"),
    ]


def test_body_paragraphs_in_logical_order_unchanged() -> None:
    record = records.seed_004()
    paragraphs = [p.text for p in tree(record).findall("t:text/t:body/t:p", NS)]
    assert tuple(paragraphs) == record.paragraphs
    assert paragraphs[0].startswith("بغداد – وكالات :")
    # logical order, never reshaped: no Arabic presentation forms in the bytes
    assert not any(0xFB50 <= ord(c) <= 0xFEFF for c in record_to_tei(record).decode())


def test_untitled_record_has_an_empty_main_title_and_no_placeholder() -> None:
    record = records.seed_000()
    data = record_to_tei(record)
    root = ET.fromstring(data)
    main = one(root, f"{HEADER}/t:titleStmt/t:title[@type='main']")
    assert main.text is None
    assert len(main) == 0
    assert b'<title type="main" xml:lang="fa"/>' in data
    assert root.findall(f"{ARTICLE}/t:title", NS) == []
    assert b"untitled" not in data.lower()
    assert b"[" not in data
    assert record_from_tei(data).metadata.title is None
    assert one(root, f"{ARTICLE}/t:note[@type='attribution']").text == "ایرنا"


def test_persian_zwnj_and_bidi_controls_are_kept_as_characters() -> None:
    curated = records.seed_000_curated()
    data = record_to_tei(curated)
    assert curated.metadata.title is not None
    assert "\u200c" in curated.metadata.title
    assert curated.metadata.title.encode() in data
    assert b"&#" not in data  # written as UTF-8, not as character references
    maximal = records.maximal()
    assert maximal.metadata.title is not None
    assert maximal.metadata.title.encode() in record_to_tei(maximal)


def test_jalali_printed_date() -> None:
    root = tree(records.seed_000_curated())
    published = one(root, f"{ARTICLE}/t:date[@type='published']")
    assert published.attrib == {
        "type": "published",
        "when": "2021-11-19",
        "calendar": "#cal-jalali",
    }
    assert published.text == "۱۴۰۰/۰۸/۲۸"
    calendar = one(
        root, f"t:teiHeader/t:profileDesc/t:calendarDesc/t:calendar[@{XML_ID}='cal-jalali']"
    )
    assert "Jalali" in one(calendar, "t:p").text


def test_titles_romanized_and_translated() -> None:
    root = tree(records.maximal())
    romanized = one(root, f"{HEADER}/t:titleStmt/t:title[@type='romanized']")
    assert (romanized.get(LANG), romanized.text) == ("ar-Latn", "Faṣāʼil al-muqāwamah")
    translated = root.findall(f"{HEADER}/t:titleStmt/t:title[@type='translated']", NS)
    assert [t.get(LANG) for t in translated] == ["en", "fr", "fa"]


def test_versions_users_once_withdrawal_and_links() -> None:
    record = records.maximal()
    root = tree(record)
    changes = root.findall("t:teiHeader/t:revisionDesc/t:change", NS)
    assert [c.get("n") for c in changes] == ["v1", "v2", "v3", "v4"]
    assert [c.get("who") for c in changes] == ["#u1", "#u2", "#u3", "#u2"]
    assert changes[2].get("when") == "2024-03-03T11:00:00.250+01:00"
    people = root.findall(f"{HEADER}/t:titleStmt/t:respStmt", NS)
    assert [p.get(XML_ID) for p in people] == ["u1", "u2", "u3"]
    assert [one(p, "t:name").text for p in people] == [
        "arshif ingest",
        "Fatima Rezaei",
        "Karim Haddad",
    ]
    assert people[2].find("t:note", NS) is None  # Karim has no address
    assert one(root, "t:teiHeader/t:revisionDesc").get("status") == "withdrawn"
    withdrawal = one(root, f"{HEADER}/t:notesStmt/t:note[@type='withdrawal']")
    assert withdrawal.get("resp") == "#u2"
    assert one(withdrawal, "t:date").get("when") == "2024-03-04T12:00:00Z"
    assert one(withdrawal, "t:p").text == "Copyright claim by the outlet"
    relations = root.findall(f"{HEADER}/t:sourceDesc/t:listRelation[@type='links']/t:relation", NS)
    assert [r.attrib for r in relations] == [
        {"name": "duplicate-of", "active": record.object_id, "passive": "urn:arshif:211c54ea0d5b"},
        {"name": "same-story", "active": record.object_id, "passive": "urn:arshif:529ae1d8c55a"},
    ]
    terms = [
        t.text for t in root.findall("t:teiHeader/t:profileDesc/t:textClass/t:keywords/t:term", NS)
    ]
    assert terms == list(record.metadata.tags)


def test_tool_version_that_is_not_a_tei_version_number() -> None:
    root = tree(records.maximal())
    application = one(root, "t:teiHeader/t:encodingDesc/t:appInfo/t:application")
    assert application.get("version") == "0.2.0"
    assert one(application, "t:desc[@type='version']").text == "0.2.0.dev1+g1234abc"
    assert record_from_tei(record_to_tei(records.maximal())).tool_version == "0.2.0.dev1+g1234abc"


def test_local_time_without_seconds_goes_to_when_iso() -> None:
    record = replace(
        records.seed_004(),
        metadata=records.seed_004().metadata.with_changes(published="2021-07-31T19:51"),
    )
    data = record_to_tei(record)
    assert b'when-iso="2021-07-31T19:51"' in data
    assert validate_record(data) == []
    assert record_from_tei(data) == record


def test_no_paragraphs_is_an_empty_div() -> None:
    record = replace(records.minimal(), paragraphs=())
    data = record_to_tei(record)
    assert b'<div type="empty"/>' in data
    assert validate_record(data) == []
    assert record_from_tei(data) == record


def test_values_longer_than_the_parser_reads_back_are_refused() -> None:
    limit = 10_000_000  # libxml2's text node limit without huge_tree
    just = replace(records.minimal(), paragraphs=("ب" * (limit // 2),))
    assert record_from_tei(record_to_tei(just)) == just
    over = replace(records.minimal(), paragraphs=("ب" * (limit // 2) + "x",))
    with pytest.raises(InvalidRecord, match="paragraph 1 is longer than 10,000,000 bytes"):
        record_to_tei(over)


def test_whitespace_and_carriage_returns_survive() -> None:
    record = replace(records.minimal(), paragraphs=("  \r\n x \t", "", " "))
    assert record_from_tei(record_to_tei(record)) == record


BAD = {
    "empty title": (
        lambda r: replace(r, metadata=Metadata(title="")),
        "metadata.title is an empty string",
    ),
    "empty address": (
        lambda r: replace(r, changes=(Change("v1", "2024-01-01", records.User("x", ""), "m"),)),
        "address",
    ),
    "control character": (lambda r: replace(r, paragraphs=("a\x07b",)), "paragraph 1"),
    "date not ISO": (
        lambda r: replace(r, metadata=Metadata(published="31/07/2021")),
        "metadata.published",
    ),
    "language": (lambda r: replace(r, metadata=Metadata(lang="ar latn")), "metadata.lang"),
    "translated language": (
        lambda r: replace(r, metadata=Metadata(titles_translated=(("", "t"),))),
        "titles_translated",
    ),
    "change date": (
        lambda r: replace(r, changes=(Change("v1", "yesterday", records.KARIM, "m"),)),
        "change v1 when",
    ),
    "tool": (lambda r: replace(r, tool="arshif tool"), "tool"),
    "size": (lambda r: replace(r, capture=replace(r.capture, size=-1)), "capture.size"),
    "link target": (lambda r: replace(r, links=(Link("same-story", "a b"),)), "links"),
    "link kind": (lambda r: replace(r, links=(Link("cites", "abc"),)), "links"),  # type: ignore[arg-type]
    "calendar": (
        lambda r: replace(r, metadata=Metadata(published_calendar="#x y")),
        "published_calendar",
    ),
    "lone surrogate": (
        lambda r: replace(r, metadata=Metadata(author="a\ud800")),
        "metadata.author",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_refuses_values_tei_cannot_hold(case: str) -> None:
    change, expected = BAD[case]
    with pytest.raises(InvalidRecord, match="record 000000000000: ") as caught:
        record_to_tei(change(records.minimal()))
    assert expected in str(caught.value)
