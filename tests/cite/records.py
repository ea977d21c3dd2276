"""Records for the citation tests, built by hand from the seeds (seeds/*.txt) plus richer cases.

The seeds are what real records look like: none names an author, four name no outlet, three have
no date, two have no title. The richer records add what the seeds lack (author, outlet, date
with and without time, romanized and translated titles, access date, URL) and hostile text
(presentation forms, bidi controls, LaTeX specials).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from arshif.model import CaptureInfo, Change, Metadata, Record, User

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
#: When the bundled archive ingested the seeds (their v1).
INGESTED = "2026-11-26T01:25:28Z"


def _capture(data: bytes, name: str) -> CaptureInfo:
    return CaptureInfo(
        path="capture.txt",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type="text/plain",
        encoding="utf-8",
        original_name=name,
    )


def _seed(number: str, metadata: Metadata, skip_lines: int = 0) -> Record:
    path = next(SEEDS.glob(f"{number}_*.txt"))
    data = path.read_bytes()
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    paragraphs = tuple(line for line in lines[skip_lines:] if line)
    short_id = path.stem.split("_", 1)[1]
    # v1 as in the bundled archive: the capture date stands in as the access date
    ingested = Change("v1", INGESTED, User("arshif maintainers"), f"Ingested from {path.name}")
    return Record(
        id=short_id,
        metadata=metadata,
        paragraphs=paragraphs,
        capture=_capture(data, path.name),
        changes=(ingested,),
    )


def seed_records() -> list[Record]:
    """The five seeds as records, with exactly the metadata their text states."""
    return [
        # Persian; "به گزارش ایرنا": IRNA is the quoted agency, not the outlet.
        _seed("000", Metadata(lang="fa", attributed_source="ایرنا")),
        _seed(
            "001",
            Metadata(
                lang="ar",
                title="العمليات العراقية المشتركة: موعد انسحاب القوات الأميركية ثابت في نهاية كانون الأول",  # noqa: E501
            ),
            skip_lines=1,
        ),
        _seed("002", Metadata(lang="ar")),
        _seed(
            "003",
            Metadata(
                lang="ar",
                title="العراق ينفي تمديد موعد انسحاب القوات الأميركية",
                published="2021-11-19",
                published_text="19 نوفمبر 2021",
                published_calendar="gregorian",
            ),
            skip_lines=4,
        ),
        _seed(
            "004",
            Metadata(
                lang="ar",
                outlet="kayhan.ir",
                title="فصائل المقاومة العراقية : المواجهة قد تبدأ في أي لحظة لان واشنطن غير جادة بالانسحاب",  # noqa: E501
                published="2021-07-31T19:51:00",
                published_text="2021July31 - 19:51",
                published_calendar="gregorian",
                news_code="135145",
                dateline="بغداد – وكالات",
            ),
            skip_lines=7,
        ),
    ]


def _record(short_id: str, metadata: Metadata, text: str = "نص الخبر.") -> Record:
    data = text.encode("utf-8")
    return Record(
        id=short_id, metadata=metadata, paragraphs=(text,), capture=_capture(data, "x.txt")
    )


def full_arabic() -> Record:
    """Everything a citation can carry: author, outlet, date, URL, access date, both titles."""
    return _record(
        "0a1b2c3d4e5f6071",
        Metadata(
            lang="ar",
            title="ارتفاع أسعار الخبز في القاهرة",
            title_romanized="Irtifāʿ asʿār al-khubz fī al-Qāhirah",
            titles_translated=(("en", "Bread prices rise in Cairo"),),
            outlet="الجزيرة نت",
            author="محمد أحمد",
            published="2021-11-19",
            url="https://www.aljazeera.net/news/2021/11/19/bread?ref=a&x=1%2C2#top",
            retrieved="2024-01-05T10:00:00Z",
        ),
    )


def full_persian() -> Record:
    """A Persian article with a time of publication and two translations."""
    return _record(
        "1b2c3d4e5f607182",
        Metadata(
            lang="fa",
            title="افزایش قیمت نان در تهران",
            title_romanized="Afzāyish-i qaymat-i nān dar Tihrān",
            titles_translated=(
                ("en", "Bread prices rise in Tehran"),
                ("fr", "Le prix du pain augmente"),
            ),
            outlet="همشهری آنلاین",
            author="علی رضایی",
            published="2021-11-19T08:30:00",
            url="https://www.hamshahrionline.ir/news/123456",
            retrieved="2024-01-05",
        ),
        "قیمت نان در تهران افزایش یافت.",
    )


def outlet_and_date_only() -> Record:
    """No author and no title: the outlet stands first, as the styles prescribe."""
    return _record(
        "2c3d4e5f60718293",
        Metadata(lang="ar", outlet="kayhan.ir", published="2021-08"),
        "ما زالت فصائل المقاومة في العراق تهدد بشن هجمات جديدة على القوات الأمريكية.",
    )


def hostile() -> Record:
    """Presentation forms, bidi controls and LaTeX specials in every text field."""
    return _record(
        "3d4e5f6071829304",
        Metadata(
            lang="ar",
            title="\u202bﻻ\u202c تمديد \u2067«ﷲ»\u2069 50% & $5 #1 a_b {x} ~ ^ \\ ﺍﻟﻌﺮﺍﻕ",
            title_romanized="\u202aLā tamdīd\u202c",
            titles_translated=(("en", "\u2066No extension\u2069"),),
            outlet="\ufeffﺍﻟﺠﺰﻳﺮﺓ\u200f",
            author="\u202eمحمد\u202c ﺃﺣﻤﺪ",
            published="2021-11-19",
            url="https://example.org/a b?q={1}&r=50%",
        ),
        "\u202bﻻ\u202c جديد.",
    )


def richer_records() -> list[Record]:
    return [full_arabic(), full_persian(), outlet_and_date_only(), hostile()]


#: Titles with quotation marks, which citeproc-js reads as markup (see arshif.cite.formatted).
QUOTED_TITLES = (
    'قال "لا" للتمديد',
    "قال “لا”, ثم مضى",
    "نقل عن 'مصدر' قوله",
    'قال: "نعم"',
    "قال: ”نعم“",
    "«نعم» قال",
    "Al-Jazeera's view",
    "a 'b \"c\" d' e",
    '"a" "b"',
    'he said "no',
    "it’s ‘x’",
    "5' 10\"",
    "هل ينسحب الجيش؟",
    "انتهى.",
)


def quoted_titles() -> list[Record]:
    """One record per title in `QUOTED_TITLES`, with an outlet and a date."""
    return [
        _record(
            f"{n:016x}",
            Metadata(lang="ar", title=title, outlet="kayhan.ir", published="2021-07-31"),
        )
        for n, title in enumerate(QUOTED_TITLES, start=0xC0)
    ]
