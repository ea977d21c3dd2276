"""The top of an article: masthead, news code, date line, kicker and headline.

Rules (general; each was checked against real Arabic and Persian articles, see tests/extract):

- *Masthead*: a line that is only a domain name ("kayhan.ir"), or a short outlet-type name
  ("وكالة ...", "خبرگزاری ...", "صحيفة ...") directly followed by another header line, above
  the headline. It names the outlet whose copy this is.
- *News code*: "رمز الخبر: 135145", "کد خبر: ۱۲۳۴", "رقم الخبر", "شناسه خبر", "News ID".
- *Date line*: a labelled line ("تاريخ النشر :", "تأريخ النشر", "تاریخ انتشار", "Published"...)
  or a line that is nothing but a date, in the header. A date inside a sentence is not one, and
  neither is the first entry of a chronology (several date-only lines) above any headline.
- *Dated dateline*: "PLACE DATE [AGENCY]" alone on a line at the top (the Saudi Press Agency's
  "جنيف 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس") gives the date and the dateline.
- *Headline*: the first remaining line, when it reads as one: 3–20 words, at most 150
  characters, no final period, comma or colon, a single sentence, mostly Arabic script, not a
  dateline or an attribution; followed by a longer body; and either set apart by a blank line
  with some of its content words restated in the next paragraphs, or restated strongly. A
  kicker (a short line ending in ".." or "…") directly above such a headline is not the title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from arshif.extract.lines import Line, overlap, word_count
from arshif.text.dates import ParsedDate, find_dates, parse_date

__all__ = ["Header", "dated_dateline", "labelled_date", "news_code", "read_header"]

_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*"
    r"\.[a-z]{2,24}/?$",
    re.IGNORECASE,
)
_OUTLET_WORD = re.compile(
    r"^(?:وكالة|وکالة|صحيفة|جريدة|موقع|قناة|شبكة|مجلة|خبرگزاری|خبرگزاري|روزنامه|پایگاه|پايگاه|"
    r"شبکه|شبكه|هفته\s*نامه|سایت|سايت)\s"
)
_NEWS_CODE = re.compile(
    r"^(?P<label>رمز\s+الخبر|رقم\s+الخبر|كود\s+الخبر|کد\s+خبر|كد\s+خبر|کد\s+مطلب|كد\s+مطلب|"
    r"شناسه\s+خبر|شناسه\s+مطلب|شماره\s+خبر|news\s+(?:id|code))\s*[:：]?\s*(?P<code>[0-9۰-۹٠-٩]{2,20})$",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^(?:تأريخ|تاريخ|تاریخ|تاريخ|زمان|وقت)\s+(?:النشر|الخبر|نشر|انتشار|انتشار\s+خبر|الإضافة)"
    r"|^(?:نشر\s+في|نشر\s+بتاريخ|منتشر\s+شده\s+در|published(?:\s+on)?|date|publication\s+date)",
    re.IGNORECASE,
)
_UPDATE_LABEL = re.compile(r"^(?:آخر\s+تحديث|تحديث|به\s*‌?روز\s*رسانی|updated|last\s+updated)", re.I)
_LABEL_SEPARATOR = re.compile(r"^\s*[:：\-–—|]?\s*")
_ENDS_AS_SENTENCE = re.compile(r"[.،,؛;:][\s\"'»”)\-–—\u200c\u200f]*$")
_KICKER_END = re.compile(r"(?:\.\.+|…)[\s\"'»”)\u200c\u200f]*$")
#: bullets, and the openings of photo captions ("جانب من ...", "من ...", "صورة ...")
_NOT_HEADLINE_START = re.compile(
    r"^(?:[*•▪►■●\-–—]|(?:جانب|جوانب)\s+من\s|من\s|صورة|الصورة|لقطة|عکس|عكس|تصویر|تصوير)"
)
#: "name – outlet" bylines and "outlet – place" lines
_SHORT_PAIR = re.compile(r"^[^\-–—:]{2,40}\s*[-–—]\s*[^\-–—:]{2,40}$")
_INNER_SENTENCE = re.compile(r"[^.\d]\.\s+\S")
_ATTRIBUTION_START = re.compile(
    r"^(?:به\s+گزارش|نقلا\s+عن|نقلاً\s+عن|وفقا\s+ل|وفقاً\s+ل|بحسب|حسب)\s"
    # "خبرگزاری فارس: ..." opens a lead signed by its agency
    r"|^(?:خبرگزاری|خبرگزاري|وكالة|وکالة)\s+[^:]{2,30}:",
    re.IGNORECASE,
)
_DATELINE_START = re.compile(
    r"^[^\s:،,.]{2,20}(?:\s[^\s:،,.]{2,20}){0,2}\s*[-–—]\s*\S.{0,30}?[:\-–—]\s"
)
_PLACE_WORD = re.compile(r"^[^\W\d_]+$")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z]")

#: how many lines from the top may still be header lines
_HEADER_LINES = 8


@dataclass
class Header:
    """What the top of the text states, and the lines it was read from."""

    outlet: Line | None = None
    news_code: tuple[Line, str] | None = None
    published: tuple[Line, ParsedDate] | None = None
    title: Line | None = None
    dateline: Line | None = None  #: a "place date agency" line, e.g. "بريدة 25 شوال ... 2015 م واس"
    kicker: Line | None = None
    metadata_lines: list[Line] = field(default_factory=list)
    body_start: int = 0  #: index into the lines given of the first body line


def news_code(text: str) -> str | None:
    match = _NEWS_CODE.match(text)
    return match.group("code") if match else None


def labelled_date(text: str, lang: str | None) -> ParsedDate | None:
    """The date of a line like "تاريخ النشر : 2021July31 - 19:51" (not "آخر تحديث")."""
    if _UPDATE_LABEL.match(text):
        return None
    label = _DATE_LABEL.match(text)
    if not label:
        return None
    rest = _LABEL_SEPARATOR.sub("", text[label.end() :], count=1)
    parsed = parse_date(rest, lang=lang)
    if parsed is None:
        return None
    return parsed


def dated_dateline(text: str, lang: str | None) -> ParsedDate | None:
    """The date of a line "PLACE DATE [AGENCY]" ("جنيف 10 اغسطس 2015 م واس"), else None."""
    if len(text) > 120 or not find_dates(text, lang=lang):
        return None
    if _UPDATE_LABEL.match(text) or _DATE_LABEL.match(text):
        return None
    tokens = text.split()
    for place in range(1, 4):
        if not all(_PLACE_WORD.match(token) for token in tokens[:place]):
            break
        for agency in range(3):
            tail = tokens[len(tokens) - agency :] if agency else []
            if any(c.isdigit() for c in "".join(tail)):
                break
            middle = " ".join(tokens[place : len(tokens) - agency])
            parsed = parse_date(middle, lang=lang)
            if parsed is not None:
                return parsed
    return None


def _is_masthead(line: Line, following: Sequence[Line]) -> bool:
    if _DOMAIN.match(line.text):
        return True
    if _OUTLET_WORD.match(line.text) and word_count(line.text) <= 5:
        # a name alone is a masthead only when more header lines follow it
        nxt = following[0].text if following else ""
        return bool(news_code(nxt) or _DATE_LABEL.match(nxt) or parse_date(nxt))
    return False


def _shape_of_headline(text: str) -> bool:
    count = word_count(text)
    if not 3 <= count <= 20 or len(text) > 150:
        return False
    if _ENDS_AS_SENTENCE.search(text) or _KICKER_END.search(text):
        return False
    if _INNER_SENTENCE.search(text):
        return False  # two sentences: a lead, not a headline
    if _ATTRIBUTION_START.match(text) or _DATELINE_START.match(text):
        return False
    if _NOT_HEADLINE_START.match(text) or (count <= 6 and _SHORT_PAIR.match(text)):
        return False
    if find_dates(text):
        return False  # a dateline, or a line about a date: a wrong title would be worse than none
    arabic = len(_ARABIC_LETTER.findall(text))
    return arabic > 2 * len(_LATIN_LETTER.findall(text)) and arabic >= 6


def _is_headline(candidate: Line, rest: Sequence[Line]) -> bool:
    """A headline by shape, followed by a longer body that restates it."""
    if not _shape_of_headline(candidate.text):
        return False
    body = [line.text for line in rest[:4]]
    if not body or max(len(t) for t in body) < 1.2 * len(candidate.text):
        return False
    restated = overlap(candidate.text, body)
    return restated >= 0.5 or (candidate.blank_after and restated >= 0.25)


def _is_date_line(text: str, lang: str | None) -> ParsedDate | None:
    return labelled_date(text, lang) or (parse_date(text, lang=lang) if len(text) <= 80 else None)


def read_header(lines: Sequence[Line], lang: str | None, find_title: bool = True) -> Header:
    """Read the header of `lines` (boilerplate already taken out)."""
    header = Header()
    i = 0
    limit = min(len(lines), _HEADER_LINES)
    while i < limit:
        line = lines[i]
        text = line.text
        if (
            header.title is None
            and header.outlet is None
            and header.kicker is None
            and (_is_masthead(line, lines[i + 1 :]))
        ):
            header.outlet = line
        elif header.news_code is None and (code := news_code(text)) is not None:
            header.news_code = (line, code)
        elif (
            header.published is None
            and (date := _is_date_line(text, lang)) is not None
            and (
                labelled_date(text, lang)
                or header.title
                or header.outlet
                or header.news_code
                or not _timeline(lines, lang)
            )
        ):
            header.published = (line, date)
        elif header.published is None and (date := dated_dateline(text, lang)) is not None:
            header.published = (line, date)
            header.dateline = line
        elif header.title is None and header.kicker is None and find_title:
            if (
                _KICKER_END.search(text)
                and word_count(text) <= 20
                and i + 1 < len(lines)
                and _is_headline(lines[i + 1], _after_header(lines, i + 2, lang))
            ):
                header.kicker = line
                header.title = lines[i + 1]
                i += 2
                continue
            if _is_headline(line, _after_header(lines, i + 1, lang)):
                header.title = line
            else:
                break
        else:
            break
        i += 1
    header.body_start = i
    if header.published is None and i < 2:
        # A date line under a first line that did not read as a headline (an unusual title, a
        # caption), but only when it is the one date-only line of the text: several date-only
        # lines are a timeline, whose first entry is not the publication date.
        near = [
            (line, date)
            for line in lines[i + 1 : i + 3]
            if (date := _is_date_line(line.text, lang)) is not None
        ]
        if near and not _timeline(lines, lang):
            header.published = near[0]
    header.metadata_lines = [
        line
        for line in (
            header.outlet,
            header.news_code[0] if header.news_code else None,
            header.published[0] if header.published else None,
            header.title,
        )
        if line is not None
    ]
    return header


def _timeline(lines: Sequence[Line], lang: str | None) -> bool:
    """True when more than one line of the text is only a date (a chronology, not a header)."""
    count = 0
    for line in lines[:500]:
        if len(line.text) <= 80 and parse_date(line.text, lang=lang) is not None:
            count += 1
            if count > 1:
                return True
    return False


def _after_header(lines: Sequence[Line], start: int, lang: str | None) -> list[Line]:
    """The lines after `start`, skipping date and news-code lines that may sit under a title."""
    rest = list(lines[start : start + 8])
    while rest and (news_code(rest[0].text) or _is_date_line(rest[0].text, lang)):
        rest.pop(0)
    return rest
