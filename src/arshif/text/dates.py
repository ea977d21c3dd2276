"""Dates as Arabic and Persian news print them, read into ISO 8601 without guessing.

Forms read (digits may be ASCII, Arabic-Indic ٠-٩ or Persian ۰-۹ anywhere):

- day, month name, year: ``19 نوفمبر 2021``, with the month in the Egyptian/Gulf series (يناير...
  ديسمبر), the Levantine one (كانون الثاني... كانون الأول), the Maghrebi ones (جانفي، فيفري، أفريل،
  ماي، جوان، جويلية، أوت; يوليوز، غشت، شتنبر، نونبر، دجنبر), the Persian names of Gregorian months
  (ژانویه... دسامبر), English names, or the Jalali months (فروردین... اسفند, e.g. ``۲۸ آبان ۱۴۰۰``);
  a doubled month such as ``ديسمبر/ كانون الأول`` or ``سبتمبر (أيلول)`` must agree with itself;
- English order ``July 31, 2021`` and the compact ``2021July31``;
- numbers: ISO ``2021-11-19`` (with ``T19:51[:00]`` and an offset when printed), day first
  ``19/11/2021``, ``19-11-2021``, ``19.11.2021``, year first ``2021/11/19``; a year-first date in
  the 1200s–1500s is Jalali only when written in Persian digits or when the text is Persian
  (``lang="fa"``): the same number could be a Hijri year, so otherwise it is not read;
- a time right after the date (``- 19:51``, ``الساعة 07:51 م``, ``ساعت ۱۹:۵۱``) is kept as the local
  time printed: never converted to UTC, no offset invented.

Hijri dates are recognised (so ``… 1443 هـ الموافق 19 نوفمبر 2021`` still reads as a date line)
but not converted: the Umm al-Qura and tabular calendars differ by a day or two, and a wrong date
is worse than none. Every value is range-checked (no 30 February, no 31 Mehr, hours < 24).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

import jdatetime

__all__ = ["DateMatch", "ParsedDate", "find_dates", "parse_date"]

Calendar = Literal["gregorian", "jalali"]


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text: ISO form, the form printed, and the calendar of the printed form."""

    iso: str  #: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" (plus the offset only when one was printed)
    printed: str  #: the date exactly as printed (stripped of surrounding space and punctuation)
    calendar: str  #: "gregorian" or "jalali"


@dataclass(frozen=True)
class DateMatch:
    """Where a date was found in a longer text."""

    start: int
    end: int
    date: ParsedDate


# --- month names ---------------------------------------------------------------------------

_GREGORIAN_MONTHS: Final[dict[str, int]] = {
    # Egyptian / Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine / Iraqi
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين أول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11, "كانون الأول": 12, "كانون أول": 12,
    # Maghrebi (Algeria/Tunisia; Morocco)
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # Persian names of the Gregorian months
    "ژانویه": 1, "ژانویهٔ": 1, "فوریه": 2, "آوریل": 4, "مه": 5, "می": 5, "مئی": 5, "ژوئن": 6,
    "ژوئیه": 7, "جولای": 7, "اوت": 8, "آگوست": 8, "سپتامبر": 9, "اکتبر": 10, "نوامبر": 11,
    "دسامبر": 12,
}  # fmt: skip
_JALALI_MONTHS: Final[dict[str, int]] = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}  # fmt: skip
_ENGLISH_MONTHS: Final[dict[str, int]] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_HIJRI_MONTHS: Final = (
    "محرم", "صفر", "ربيع الأول", "ربيع الاول", "ربيع الآخر", "ربيع الثاني", "جمادى الأولى",
    "جمادى الأول", "جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "رجب", "شعبان", "رمضان",
    "شوال", "ذو القعدة", "ذي القعدة", "ذو الحجة", "ذي الحجة",
)  # fmt: skip
_WEEKDAYS: Final = (
    "الأحد", "الإثنين", "الأثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
    "یکشنبه", "یک‌شنبه", "دوشنبه", "سه‌شنبه", "سه شنبه", "سهشنبه", "چهارشنبه", "چهار‌شنبه",
    "پنجشنبه", "پنج‌شنبه", "پنج شنبه", "جمعه", "شنبه",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
)  # fmt: skip

# Each letter of a name matches the ways it is typed (hamza forms, Arabic/Persian yeh and kaf,
# taa marbuta, ZWNJ or a space inside a name). Tatweel and diacritics may follow any letter: the
# patterns run on the text without them (`_skeleton`), which keeps them small (compiling them
# with an optional mark class after every letter took a quarter of a second at every start).
_VARIANTS: Final = {
    "ا": "[اأإآٱ]", "أ": "[اأإآ]", "إ": "[اأإ]", "آ": "[اآأ]",
    "ي": "[يیى]", "ی": "[يیى]", "ى": "[يیى]", "ك": "[كک]", "ک": "[كک]",
    "ة": "[ةه]", "ه": "[هة]", "ئ": "[ئي]", "\u200c": "[\u200c ]?",
}  # fmt: skip
#: Tatweel and the Arabic diacritics (hamza above, U+0654, among them): not in `_skeleton`
_MARKS = frozenset("\u0640\u0670" + "".join(chr(c) for c in range(0x064B, 0x0660)))


def _skeleton(text: str) -> tuple[str, list[int] | None]:
    """`text` without `_MARKS`, and the position in `text` of each of its characters (one more:
    the end), or None when `text` has no marks (the same positions)."""
    if _MARKS.isdisjoint(text):
        return text, None
    kept = [i for i, char in enumerate(text) if char not in _MARKS]
    return "".join(text[i] for i in kept), [*kept, len(text)]


def _name_pattern(name: str) -> str:
    parts: list[str] = []
    for char in name:
        if char in _MARKS:
            continue
        if char == " ":
            parts.append(r"[\s\u200c]+")
        else:
            parts.append(_VARIANTS.get(char) or re.escape(char))
    return "".join(parts)


def _alternation(names: list[str]) -> str:
    return "|".join(_name_pattern(n) for n in sorted(names, key=len, reverse=True))


_FOLD_TABLE = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه",
        "ئ": "ی", "\u200c": "", " ": "", "\u0640": "", "ٔ": "",
    }
)  # fmt: skip
_STRIP_MARKS = re.compile("[\u064b-\u065f\u0670\\s]+")


def _fold(name: str) -> str:
    return _STRIP_MARKS.sub("", name.translate(_FOLD_TABLE)).lower()


_MONTH_LOOKUP: Final[dict[str, tuple[int, Calendar]]] = {}
for _name, _number in _GREGORIAN_MONTHS.items():
    _MONTH_LOOKUP[_fold(_name)] = (_number, "gregorian")
for _name, _number in _ENGLISH_MONTHS.items():
    _MONTH_LOOKUP[_fold(_name)] = (_number, "gregorian")
for _name, _number in _JALALI_MONTHS.items():
    _MONTH_LOOKUP[_fold(_name)] = (_number, "jalali")

_MONTH = (
    "(?:"
    + _alternation([*_GREGORIAN_MONTHS, *_JALALI_MONTHS])
    + "|"
    + "|".join(sorted(_ENGLISH_MONTHS, key=len, reverse=True))
    + r")(?![^\W\d_])\.?"
)
_HIJRI_MONTH = "(?:" + _alternation(list(_HIJRI_MONTHS)) + r")(?![^\W\d_])"
_WEEKDAY = "(?:" + _alternation(list(_WEEKDAYS)) + r")(?![^\W\d_])"

_D = r"(?<!\d)\d{1,2}(?!\d)"
_Y = r"(?<!\d)\d{4}(?!\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTHS_SPEC = (
    rf"(?P<m>{_MONTH})(?:[\s\u200c]*ماه)?"
    rf"(?:\s*[/(\-–]\s*(?P<m2>{_MONTH})\s*\)?)?"
)
_ERA = r"(?:\s*(?:م|ميلادي|ميلادية|میلادی|ه\.?ش|هـ\.?ش|ش)(?![^\W\d_]))?"
_TIME = (
    r"(?P<time>(?:\s*[-–—,،|@]?\s*(?:(?:في\s+)?الساعة|ساعت|at)?\s*)"
    r"(?P<H>(?<!\d)\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?(?!\d)"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?"
    r"(?:\s*(?P<ampm>صباحاً|صباحا|مساءً|مساء|ص|م|AM|PM|am|pm|a\.m\.|p\.m\.|ق\.ظ|ب\.ظ)(?![^\W\d_]))?)?"
)

_FORMS: Final = [
    # 19 نوفمبر 2021, ۲۸ آبان ۱۴۰۰, 31 ديسمبر/ كانون الأول 2021, 31st July 2021
    re.compile(
        rf"(?P<d>{_D}){_ORDINAL}[\s\u200c]*(?:(?:من|of)\s+)?(?:شهر\s+)?{_MONTHS_SPEC}"
        rf"\s*[,،]?\s*(?:(?:سال|عام)\s+)?(?P<y>{_Y}){_ERA}{_TIME}",
        re.IGNORECASE,
    ),
    # July 31, 2021
    re.compile(
        rf"(?<![^\W\d_]){_MONTHS_SPEC}\s*(?P<d>{_D}){_ORDINAL}\s*,?\s*(?P<y>{_Y}){_TIME}",
        re.IGNORECASE,
    ),
    # 2021July31, 2021 July 31
    re.compile(
        rf"(?P<y>{_Y})[\s\-]*{_MONTHS_SPEC}[\s\-]*(?P<d>{_D}){_ORDINAL}{_TIME}",
        re.IGNORECASE,
    ),
    # 2021-11-19, 2021/11/19, ۱۴۰۰/۰۸/۲۸ (ISO date-times too)
    re.compile(
        r"(?<![\d/.\-])(?P<y>\d{4})(?P<sep>[/.\-])(?P<mn>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
        r"(?![\d/]|\.\d)(?:T(?=\d))?" + _TIME
    ),
    # 19/11/2021, 19-11-2021, 19.11.2021
    re.compile(
        r"(?<![\d/.\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<mn>\d{1,2})(?P=sep)(?P<y>\d{4})"
        r"(?![\d/]|\.\d)" + _ERA + _TIME
    ),
]

_HIJRI_DATE = re.compile(
    rf"{_D}[\s\u200c]*(?:من\s+)?{_HIJRI_MONTH}\s*[,،]?\s*{_Y}\s*(?:هـ|ه|هجري|هجرية)?\.?(?![^\W\d_])"
)
_FILLER = re.compile(
    rf"(?:{_WEEKDAY}|الموافق|موافق|برابر\s+با|{_HIJRI_DATE.pattern}|[\s\u200c,،\-–—/|()\[\]:.؛;])+",
)

_PERSIAN_DIGITS = frozenset("۰۱۲۳۴۵۶۷۸۹")
#: Stripped from the ends of a date as printed
_SEPARATORS = " \t\u200c,،-–—|"
_PM = frozenset({"م", "مساء", "مساءً", "pm", "p.m.", "ب.ظ"})
_AM = frozenset({"ص", "صباحا", "صباحاً", "am", "a.m.", "ق.ظ"})

_GREGORIAN_YEARS = range(1800, 2200)
_JALALI_YEARS = range(1200, 1600)


def _month_of(name: str | None) -> tuple[int, Calendar] | None:
    if name is None:
        return None
    return _MONTH_LOOKUP.get(_fold(name.rstrip(".")))


def _time_part(match: re.Match[str]) -> str | None:
    """'THH:MM:SS[offset]' from the time groups, or '' when no time, None when out of range."""
    if match.group("H") is None:
        return ""
    hour, minute = int(match.group("H")), int(match.group("M"))
    second = int(match.group("S")) if match.group("S") is not None else 0
    ampm = (match.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        if ampm in _PM and hour != 12:
            hour += 12
        elif ampm in _AM and hour == 12:
            hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = match.group("tz") or ""
    if offset and offset != "Z":
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if minutes > 59 or hours > 14 or (hours == 14 and minutes):
            return None  # offsets run from -14:00 to +14:00
        offset = f"{offset[0]}{digits[:2]}:{digits[2:]}"
    return f"T{hour:02d}:{minute:02d}:{second:02d}{offset}"


def _gregorian_iso(year: int, month: int, day: int) -> str | None:
    if year not in _GREGORIAN_YEARS:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _jalali_iso(year: int, month: int, day: int) -> str | None:
    if year not in _JALALI_YEARS:
        return None
    try:
        converted = jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError):
        return None
    return str(converted.isoformat())


def _interpret(match: re.Match[str], lang: str | None, printed: str) -> ParsedDate | None:
    """The date `match` read (None: no valid date); `printed` is its form in the original text."""
    groups = match.groupdict()
    year, day = int(groups["y"]), int(groups["d"])
    calendar: Calendar
    if groups.get("mn") is not None:
        month = int(groups["mn"])
        if year in _GREGORIAN_YEARS:
            calendar = "gregorian"
        elif year in _JALALI_YEARS and (
            lang == "fa" or any(c in _PERSIAN_DIGITS for c in groups["y"])
        ):
            calendar = "jalali"
        else:
            return None  # a Hijri year, or a number that is no date
    else:
        first = _month_of(groups.get("m"))
        if first is None:
            return None
        month, calendar = first
        second = _month_of(groups.get("m2"))
        if groups.get("m2") is not None and (second is None or second[0] != month):
            return None  # "ديسمبر/ كانون الثاني": the two names disagree
    if not 1 <= month <= 12:
        return None
    iso = (_jalali_iso if calendar == "jalali" else _gregorian_iso)(year, month, day)
    time = _time_part(match)
    if iso is None or time is None:
        return None
    return ParsedDate(iso=iso + time, printed=printed, calendar=calendar)


def _matches(text: str, lang: str | None) -> Iterator[DateMatch]:
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    skeleton, where = _skeleton(text)
    for form in _FORMS:
        for match in form.finditer(skeleton):
            start, end = match.span()
            if where is not None:  # back to `text`, with the marks of a last letter
                last_is_letter = skeleton[end - 1].isalpha()
                start, end = where[start], where[end] if last_is_letter else where[end - 1] + 1
            if any(start < e and s < end for s, e in taken):
                continue
            # report the span of the printed form (without separators eaten at the ends)
            matched = text[start:end]
            printed = matched.strip(_SEPARATORS)
            parsed = _interpret(match, lang, printed)
            if parsed is None:
                continue
            start += max(matched.find(printed), 0)
            end = start + len(printed)
            taken.append((start, end))
            found.append(DateMatch(start, end, parsed))
    yield from sorted(found, key=lambda m: m.start)


def find_dates(text: str, *, lang: str | None = None) -> tuple[DateMatch, ...]:
    """Every date in `text` (left to right), each with its span; `lang` is the text's language.

    >>> [m.date.iso for m in find_dates("حتى 31 ديسمبر 2021 أو 2022-01-15")]
    ['2021-12-31', '2022-01-15']
    """
    return tuple(_matches(text, lang))


def parse_date(text: str, *, lang: str | None = None) -> ParsedDate | None:
    """The date `text` consists of, or None when it holds no date or more than a date.

    Around the date only a weekday, a Hijri equivalent, "الموافق" and punctuation may appear;
    `printed` is then the whole text, stripped. `lang="fa"` lets a year-first numeric date in
    the 1200s–1500s be read as Jalali.

    >>> parse_date("19 نوفمبر 2021")
    ParsedDate(iso='2021-11-19', printed='19 نوفمبر 2021', calendar='gregorian')
    >>> parse_date("2021July31 - 19:51").iso
    '2021-07-31T19:51:00'
    >>> parse_date("۲۸ آبان ۱۴۰۰").iso
    '2021-11-19'
    >>> parse_date("30 فبراير 2021") is None
    True
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 200:
        return None
    found = find_dates(stripped, lang=lang)
    if not found or len({m.date.iso for m in found}) != 1:
        return None  # no date, or two different dates (a range, an update time...)
    rest, cursor = [], 0
    for match in found:
        rest.append(stripped[cursor : match.start])
        cursor = match.end
    rest.append(stripped[cursor:])
    if not _FILLER.fullmatch(_skeleton(" ".join(rest))[0]):
        return None
    first = found[0]
    printed = stripped.strip(" \t\u200c,،-–—|:")
    return ParsedDate(iso=first.date.iso, printed=printed, calendar=first.date.calendar)
