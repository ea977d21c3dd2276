"""Realistic Records built by hand from the seeds' content, plus edge cases.

What each seed states (and so what its record holds) is read by a person from the seed text, not
by the extractor: these records test the TEI layer alone. Other test folders may import them.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from arshif.model import (
    CaptureInfo,
    Change,
    CleaningStep,
    FieldProvenance,
    Link,
    Metadata,
    Record,
    User,
    Withdrawal,
)
from tests.conftest import SEEDS

INGEST = User("arshif ingest", "mailto:archive@example.org")
FATIMA = User("Fatima Rezaei", "mailto:fatima@example.org")
KARIM = User("Karim Haddad")  # no address
ZWNJ = "\u200c"


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def _capture(prefix: str) -> CaptureInfo:
    path = _seed(prefix)
    data = path.read_bytes()
    return CaptureInfo(
        "capture.txt", hashlib.sha256(data).hexdigest(), len(data), "text/plain", "utf-8", path.name
    )


def _lines(prefix: str) -> list[str]:
    return [line.strip() for line in _seed(prefix).read_text("utf-8").split("\n")]


def _record(prefix: str, metadata: Metadata, paragraphs: list[str], **more: object) -> Record:
    capture = _capture(prefix)
    ingested = Change(
        "v1", "2024-03-01T09:00:00Z", INGEST, f"Ingested from {capture.original_name}"
    )
    fields: dict[str, object] = {"changes": (ingested,), "tool_version": "0.1.0", **more}
    return Record(capture.sha256[:12], metadata, tuple(paragraphs), capture, **fields)  # type: ignore[arg-type]


def seed_004() -> Record:
    """kayhan.ir, news code 135145, published 2021-07-31 19:51 as printed "2021July31 - 19:51"."""
    lines = _lines("004")
    body = [line for line in lines[9:] if line]
    return _record(
        "004",
        Metadata(
            title=lines[6],
            outlet="kayhan.ir",
            published="2021-07-31T19:51:00",
            published_text="2021July31 - 19:51",
            published_calendar="gregorian",
            lang="ar",
            news_code="135145",
            dateline="بغداد – وكالات",
        ),
        body,
        cleaning=(
            CleaningStep(
                "header-to-metadata",
                "Masthead, news code and date lines read as metadata",
                (lines[0], lines[2], lines[3]),
            ),
            CleaningStep("kicker-removed", "Kicker line above the headline", (lines[4],)),
        ),
        provenance=(
            FieldProvenance("title", "capture", lines[6]),
            FieldProvenance("outlet", "capture", "kayhan.ir"),
            FieldProvenance("news_code", "capture", "رمز الخبر: 135145"),
            FieldProvenance("published", "capture", "تأريخ النشر : 2021July31 - 19:51"),
            FieldProvenance("dateline", "capture", "بغداد – وكالات :"),
        ),
    )


def seed_000() -> Record:
    """Persian, no headline (the first line is the lead), opens «به گزارش ایرنا»: untitled."""
    return _record(
        "000",
        Metadata(lang="fa", attributed_source="ایرنا"),
        [line for line in _lines("000") if line],
        provenance=(FieldProvenance("attributed_source", "capture", "به گزارش ایرنا،"),),
    )


def seed_000_curated() -> Record:
    """Seed 000 after a librarian's edits: a Persian title with ZWNJ, tags, a Jalali date."""
    record = seed_000()
    title = f"گردان{ZWNJ}های سیدالشهداء: برای رویارویی سرنوشت{ZWNJ}ساز آماده باشید"
    metadata = record.metadata.with_changes(
        title=title,
        title_romanized="Gurdān-hā-yi Sayyid al-Shuhadāʼ",
        titles_translated=(
            ("en", "Kataib Sayyid al-Shuhada: be ready"),
            ("ar", "كتائب سيد الشهداء"),
        ),
        published="2021-11-19",
        published_text="۱۴۰۰/۰۸/۲۸",
        published_calendar="jalali",
        tags=(f"خروج{ZWNJ}نیروها", "iraq-2021"),
    )
    changes = (
        *record.changes,
        Change("v2", "2024-03-02T10:15:00+03:30", FATIMA, f"Set title: {title}"),
        Change("v3", "2024-03-05T08:00:00Z", KARIM, "Added tags and the Jalali date"),
    )
    provenance = (
        *record.provenance,
        FieldProvenance("title", "librarian", "edit v2"),
        FieldProvenance("published", "librarian", None),
    )
    return replace(record, metadata=metadata, changes=changes, provenance=provenance)


def seed_001() -> Record:
    """A headline, no date stated (the dates in the body are the withdrawal deadline)."""
    lines = [line for line in _lines("001") if line]
    return _record(
        "001",
        Metadata(title=lines[0], lang="ar"),
        lines[1:],
        provenance=(FieldProvenance("title", "capture", lines[0]),),
        links=(Link("same-story", "211c54ea0d5b"),),
    )


def seed_002() -> Record:
    """A scraper repeated the body: kept once, the repeat listed as removed."""
    lines = [line for line in _lines("002") if line]
    return _record(
        "002",
        Metadata(lang="ar", source_id="wire-0002"),
        lines[:10],
        cleaning=(
            CleaningStep(
                "repeated-body-removed", "The body was repeated by the scraper", tuple(lines[10:])
            ),
        ),
    )


def seed_003() -> Record:
    """Headline, printed date "19 نوفمبر 2021", boilerplate widgets removed; linked to 001."""
    lines = _lines("003")
    return _record(
        "003",
        Metadata(
            title=lines[0],
            published="2021-11-19",
            published_text="19 نوفمبر 2021",
            lang="ar",
            retrieved="2021-11-20T08:00:00Z",
            url="https://www.alaraby.co.uk/politics/العراق-ينفي-تمديد-موعد-انسحاب",
        ),
        [line for line in lines[6:] if line and line != "المساهمون"],
        cleaning=(
            CleaningStep(
                "boilerplate-removed",
                "Font-size widget and contributors footer",
                ("+ الخط -", "المساهمون"),
            ),
            CleaningStep("caption-removed", "Photo caption", (lines[3],)),
        ),
        links=(Link("same-story", "529ae1d8c55a"),),
    )


def maximal() -> Record:
    """Every optional field set, several versions, withdrawn, linked, bidi controls in a title."""
    record = seed_004()
    metadata = record.metadata.with_changes(
        title="\u2067فصائل المقاومة\u2069 RT \u202bتقرير\u202c",
        title_romanized="Faṣāʼil al-muqāwamah",
        titles_translated=(
            ("en", "Resistance factions"),
            ("fr", "Les factions"),
            ("fa", f"گروه{ZWNJ}های مقاومت"),
        ),
        author="مراسل كيهان العربي",
        url="https://kayhan.ir/ar/news/135145?x=1&y=<2>",
        source_id="batch-7:0004",
        retrieved="2021-08-01",
        attributed_source="وكالات",
        tags=("iraq", "مقاومة", f"خروج{ZWNJ}نیروها"),
        note="Checked against the print edition; see also 211c54ea0d5b.",
    )
    changes = (
        *record.changes,
        Change("v2", "2024-03-02T10:15:00Z", FATIMA, "Set author, url, tags"),
        Change("v3", "2024-03-03T11:00:00.250+01:00", KARIM, "Linked duplicate"),
        Change("v4", "2024-03-04T12:00:00Z", FATIMA, "Withdrawn: copyright claim"),
    )
    return replace(
        record,
        metadata=metadata,
        changes=changes,
        tool_version="0.2.0.dev1+g1234abc",
        withdrawn=Withdrawal("2024-03-04T12:00:00Z", FATIMA, "Copyright claim by the outlet"),
        links=(Link("duplicate-of", "211c54ea0d5b"), Link("same-story", "529ae1d8c55a")),
    )


def minimal() -> Record:
    """Nothing stated at all: no title, no language, one paragraph, one change."""
    capture = CaptureInfo("capture.html", "0" * 64, 0, "text/html", "windows-1256")
    return Record(
        "000000000000",
        Metadata(),
        ("نص",),
        capture,
        changes=(Change("v1", "2024-01-01T00:00:00Z", KARIM, ""),),
    )


#: A SaudiNewsNet URL as published: «» and a no-break space in an Arabic path.
MADINA_URL = "http://www.al-madina.com/node/620849/«التقني»\u00a0تعلن-استمرار-القبول-والعام-التدريبي-8-ذو-القعدة.html"


def given_at_ingest() -> Record:
    """Metadata given at ingest as SaudiNewsNet publishes it, through the real ingest path
    (`given_metadata`, `prepare`): the URL as a browser sends it with the string as given in
    provenance, a title's U+001A and an author's unbalanced RLE removed as cleaning steps."""
    from arshif.ingest.prepare import CaptureRequest, given_metadata, prepare_record

    given = given_metadata(
        [
            ("title", "\x1a  رئيس بلدية وسط الدمام"),
            ("author", "\u200f\u202bمحرر المدينة"),
            ("url", MADINA_URL),
            ("lang", "ar"),
        ]
    )
    text = "أعلنت الكلية التقنية استمرار القبول والعام التدريبي يبدأ في الثامن من ذي القعدة."
    request = CaptureRequest(
        text.encode("utf-8"),
        "madina.txt",
        given.metadata,
        cleaning=given.cleaning,
        given_as=given.given_as,
    )
    return prepare_record(request, KARIM, "2024-01-01T00:00:00Z", 2**20).record


def web_capture() -> Record:
    """Seed 001 as a page of a web archive: the capture's origin in the WARC, and the main text
    chosen by an extractor (what `arshif ingest --warc` writes)."""
    record = seed_001()
    capture = CaptureInfo(
        "capture.html",
        "e8410731811de1b30bd53c29bf1eef375365af5d7afe4fd3eea577217288cf9e",
        4257,
        "text/html",
        "utf-8",
        "news.warc.gz",
        origin=(
            ("warc-file", "news.warc.gz"),
            (
                "warc-file-sha256",
                "53ac0b3f260ceffb679d0e922f0fd6023edd37262469475715607c484c4d1972",
            ),
            ("warc-record-id", "<urn:uuid:d222a24a-f19d-4566-bade-d72e089a201a>"),
            ("warc-record-offset", "5634"),
            ("http-content-type", "text/html; charset=utf-8"),
            ("warc-payload-digest", "sha1:LICFAW53V5DYXI3UNL5QFPU5PE5WLGGR (verified)"),
            ("http-transfer-encoding", "chunked (dechunked)"),
        ),
    )
    step = CleaningStep(
        "main-text-extracted",
        "the article's main text as trafilatura 2.3.1 finds it; the page's menus, captions, "
        "related links and footers are left out",
        ("اشترك في النشرة الإخبارية اليومية لتصلك آخر الأخبار",),
    )
    return replace(
        record,
        id=capture.sha256[:12],
        capture=capture,
        cleaning=(step, *record.cleaning),
        changes=(Change("v1", "2026-12-06T05:57:32Z", INGEST, "Ingested from news.warc.gz"),),
    )


def examples() -> dict[str, Record]:
    """Every hand-built record by name (for parametrised tests)."""
    return {
        "seed_000": seed_000(),
        "seed_000_curated": seed_000_curated(),
        "seed_001": seed_001(),
        "seed_002": seed_002(),
        "seed_003": seed_003(),
        "seed_004": seed_004(),
        "maximal": maximal(),
        "minimal": minimal(),
        "given_at_ingest": given_at_ingest(),
        "web_capture": web_capture(),
    }
