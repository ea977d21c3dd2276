"""Records for the search tests (no store needed: the index takes `Record`s)."""

from __future__ import annotations

import hashlib

from arshif.model import CaptureInfo, Change, Metadata, Record, User, Withdrawal


def make_record(
    short_id: str,
    text: str,
    *,
    withdrawn: bool = False,
    version: str = "v1",
    **metadata: object,
) -> Record:
    data = text.encode("utf-8")
    capture = CaptureInfo(
        "capture.txt", hashlib.sha256(data).hexdigest(), len(data), "text/plain", "utf-8"
    )
    paragraphs = tuple(p for p in text.split("\n\n") if p.strip())
    who = User("test")
    change = Change(version, "2024-01-01T00:00:00Z", who, "test")
    return Record(
        short_id,
        Metadata(**metadata),  # type: ignore[arg-type]
        paragraphs,
        capture,
        changes=(change,),
        withdrawn=Withdrawal("2024-01-02T00:00:00Z", who, "duplicate") if withdrawn else None,
    )


PERSIAN = make_record(
    "fa0001",
    "او می\u200cخواهد به تهران برود.\n\nگروه\u200cهای سیاسی در ۱۴۰۲ جلسه داشتند و نیروهای "
    "آمریکایی را محکوم کردند.",
    title="نیروهای آمریکایی از عراق خارج می‌شوند",
    lang="fa",
    outlet="همشهری آنلاین",
    author="سمیه نصیری",
    published="2021-11-19",
    source_id="HAM-1",
    tags=("سیاست", "حقوق بشر"),
)
ARABIC = make_record(
    "ar0001",
    "قالت مصادر إن القوَّات الأمريكيّة ستنسحب يوماً ما من بغداد.\n\nوأكد المتحدث أن الموعد ثابت.",
    title="القوات الأمريكية تنسحب من العراق",
    lang="ar",
    outlet="الجزيرة",
    published="2021-12-01T10:30",
    source_id="AR-1",
    tags=("العراق",),
)
WITHDRAWN = make_record(
    "wd0001",
    "خبر قديم عن انسحاب القوات من بغداد.",
    title="خبر مسحوب",
    lang="ar",
    published="2020-05-05",
    withdrawn=True,
)
ALL = (PERSIAN, ARABIC, WITHDRAWN)
TEXTS = {record.id: record.text for record in ALL}
