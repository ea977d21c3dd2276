"""Cleaning rules: page furniture removed, a body repeated by a scraper kept once.

Each rule only marks lines; `arshif.extract.core` removes them and lists every removed line
verbatim in a `CleaningStep`, so the record says exactly what went (the capture itself is kept
byte-exact in the store).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from arshif.extract.lines import Line, fold, words

__all__ = ["boilerplate_lines", "repeated_lines"]

# Words that page widgets are made of (folded: ي→ی, ك→ک, ة→ه, hamza on alef → ا).
_WIDGET_TEXT = """
    الخط خط حجم تکبیر تصغیر شارک شارکها مشارکه المشارکه طباعه اطبع ارسل ارسال لصدیق البرید
    الالکترونی الکترونی تویتر فیسبوک فیس بوک واتساب واتس اب تلغرام تیلیغرام تلیجرام لینکدان
    انستغرام یوتیوب نسخ الرابط رابط مختصر حفظ تعلیق تعلیقات التعلیقات اضف المساهمون المساهمین
    اقرا ایضا المزید تابعونا علی عبر اشترک النشره البریدیه الاخباریه الخبر المقال
    اندازه متن قلم فونت اشتراک گذاری چاپ دوستان ایمیل پست الکترونیک توییتر تلگرام واتساپ
    اینستاگرام کپی لینک کوتاه نظرات دیدگاه بیشتر بخوانید مطالب مرتبط ذخیره بازنشر کد
    share tweet print email mail facebook twitter whatsapp telegram linkedin font size text
    comments comment copy link save contributors read more also related follow us a
"""
_WIDGET_WORDS = frozenset(fold(w) for w in _WIDGET_TEXT.split())
#: lines that introduce links to other stories ("read also: <headline>")
_READ_ALSO = re.compile(
    r"^(?:اقرأ|إقرأ|اقرا)\s+(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)|^(?:بیشتر|بيشتر)\s+(?:بخوانید|بخوانيد)"
    r"|^(?:مطالب|أخبار|اخبار|مواضيع|مقالات)\s+(?:مرتبط|ذات\s+صلة)|^(?:read\s+(?:also|more)|related)\b",
    re.IGNORECASE,
)
_SYMBOLS = re.compile(r"^[\s+\-–—|/•·*()\[\]<>:،,.]*$")


def _is_widget(text: str) -> bool:
    if len(text) > 80:
        return False
    tokens = words(text)
    if not tokens:
        # only symbols: "+ -", "| |"... but not a lone dash that separates sections
        return bool(_SYMBOLS.match(text)) and any(c in text for c in "+|•")
    numbers = [t for t in tokens if t.isdigit()]
    return len(numbers) <= 1 and all(t in _WIDGET_WORDS or t.isdigit() for t in tokens)


def _is_read_also(text: str) -> bool:
    return len(text) <= 200 and bool(_READ_ALSO.match(text))


def boilerplate_lines(lines: Sequence[Line]) -> list[Line]:
    """Widget lines (font size, share, print, contributors...) and "read also" link lines."""
    return [line for line in lines if _is_widget(line.text) or _is_read_also(line.text)]


_MIN_REPEAT_CHARS = 40


def repeated_lines(lines: Sequence[Line]) -> list[Line]:
    """Lines of a run of two or more paragraphs that repeats, in order, an earlier run.

    A scraper that appends the article body twice leaves the second copy here. A single
    repeated paragraph (a pull quote, a refrain) is kept: only runs of at least two paragraphs,
    or one paragraph of 300 characters and more, count as a repeated body.
    """
    first_seen: dict[str, int] = {}
    removed: list[Line] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        j = first_seen.get(text)
        if j is not None and len(text) >= _MIN_REPEAT_CHARS:
            length = 0
            while (
                i + length < len(lines)
                and j + length < i
                and lines[j + length].text == lines[i + length].text
            ):
                length += 1
            chars = sum(len(lines[i + k].text) for k in range(length))
            if length >= 2 or chars >= 300:
                removed.extend(lines[i : i + length])
                i += length
                continue
        first_seen.setdefault(text, i)
        i += 1
    return removed
