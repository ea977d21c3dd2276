"""Dates as printed in Arabic and Persian news: forms, calendars, ranges, round trips."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshif.text.dates import ParsedDate, find_dates, parse_date

EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
            "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]  # fmt: skip
MAGHREBI = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
            "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
PERSIAN_GREGORIAN = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
                     "اکتبر", "نوامبر", "دسامبر"]  # fmt: skip
JALALI = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
          "بهمن", "اسفند"]  # fmt: skip
ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]  # fmt: skip
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    ("text", "iso", "calendar"),
    [
        ("19 نوفمبر 2021", "2021-11-19", "gregorian"),
        ("١٩ نوفمبر ٢٠٢١", "2021-11-19", "gregorian"),
        ("2021July31 - 19:51", "2021-07-31T19:51:00", "gregorian"),
        ("31 كانون الأول 2021", "2021-12-31", "gregorian"),
        ("19 تشرين الثاني 2021", "2021-11-19", "gregorian"),
        ("31 ديسمبر/ كانون الأول 2021", "2021-12-31", "gregorian"),
        ("11 سبتمبر (أيلول) 2001", "2001-09-11", "gregorian"),
        ("21 آب/أغسطس 2014", "2014-08-21", "gregorian"),
        ("5 جويلية 2021", "2021-07-05", "gregorian"),
        ("14 أفريل 2020", "2020-04-14", "gregorian"),
        ("۳۱ دسامبر ۲۰۲۱", "2021-12-31", "gregorian"),
        ("۲۸ آبان ۱۴۰۰", "2021-11-19", "jalali"),
        ("جمعه ۲۸ آبان ماه ۱۴۰۰ - ۱۹:۵۱", "2021-11-19T19:51:00", "jalali"),
        ("۱۴۰۰/۰۸/۲۸", "2021-11-19", "jalali"),
        ("2021-11-19", "2021-11-19", "gregorian"),
        ("2021-11-19T19:51", "2021-11-19T19:51:00", "gregorian"),
        ("2021-11-19T19:51:07+03:00", "2021-11-19T19:51:07+03:00", "gregorian"),
        ("19/11/2021", "2021-11-19", "gregorian"),
        ("19-11-2021", "2021-11-19", "gregorian"),
        ("2021/11/19", "2021-11-19", "gregorian"),
        ("July 31, 2021", "2021-07-31", "gregorian"),
        ("الجمعة 19 نوفمبر 2021 - 07:51 م", "2021-11-19T19:51:00", "gregorian"),
        ("5 مايو 2021 الساعة 10:30 صباحاً", "2021-05-05T10:30:00", "gregorian"),
        ("14 ربيع الآخر 1443 هـ الموافق 19 نوفمبر 2021 م", "2021-11-19", "gregorian"),
        ("30 اسفند 1399", "2021-03-20", "jalali"),
    ],
)
def test_forms(text: str, iso: str, calendar: str) -> None:
    parsed = parse_date(text)
    assert parsed == ParsedDate(iso=iso, printed=text, calendar=calendar)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "كانون الأول",  # month only: no day or year is invented
        "31 ديسمبر المقبل",
        "30 فبراير 2021",
        "2021-02-29",
        "31 مهر 1400",  # Mehr has 30 days
        "30 اسفند 1400",  # 1400 is not a leap year
        "19 نوفمبر 2021 - 25:10",
        "31 ديسمبر/ كانون الثاني 2021",  # the two month names disagree
        "12/31/2021",  # month first is not read (day first is the convention)
        "1400/08/28",  # Jalali or Hijri? not read without Persian digits or lang="fa"
        "19 نوفمبر 2021 و20 نوفمبر 2021",  # two dates
        "موعد الانسحاب 31 ديسمبر 2021",  # a sentence, not a date
    ],
)
def test_not_a_date(text: str) -> None:
    assert parse_date(text) is None


def test_jalali_numeric_in_persian_text() -> None:
    parsed = parse_date("1400/08/28", lang="fa")
    assert parsed is not None
    assert (parsed.iso, parsed.calendar) == ("2021-11-19", "jalali")


def test_local_time_kept_as_printed() -> None:
    parsed = parse_date("2021July31 - 19:51")
    assert parsed is not None
    assert parsed.iso == "2021-07-31T19:51:00"  # no UTC conversion, no offset invented


def test_find_dates_in_a_sentence() -> None:
    text = "موعد خروج نیروهای رزمی آمریکا ۳۱ دسامبر ۲۰۲۱ آینده و تا ۲۰۲۱/۱۲/۳۱"
    found = find_dates(text)
    assert [m.date.iso for m in found] == ["2021-12-31", "2021-12-31"]
    assert [text[m.start : m.end] for m in found] == ["۳۱ دسامبر ۲۰۲۱", "۲۰۲۱/۱۲/۳۱"]


def test_diacritics_and_tatweel_inside_names_keep_the_printed_span() -> None:
    text = "صدر يوم الجمعة ١٩ نُوفَمْبَـــرَ ٢٠٢١مـ، وفي ۲۸ آبانِ ۱۴۰۰ أيضًا"
    found = find_dates(text)
    assert [m.date.iso for m in found] == ["2021-11-19", "2021-11-19"]
    assert [text[m.start : m.end] for m in found] == ["١٩ نُوفَمْبَـــرَ ٢٠٢١مـ", "۲۸ آبانِ ۱۴۰۰"]
    assert [m.date.printed for m in found] == [text[m.start : m.end] for m in found]
    # a tatweel after the year's digits belongs to no letter of the date: not in its span
    tail = "ـ١٩ نوفمبر ٢٠٢١ـ"
    assert [tail[m.start : m.end] for m in find_dates(tail)] == ["١٩ نوفمبر ٢٠٢١"]
    parsed = parse_date("الجُمُعة، ١٩ كانُونَ الثّاني ٢٠٢١")
    assert parsed is not None
    assert parsed.iso == "2021-01-19"
    assert parsed.printed == "الجُمُعة، ١٩ كانُونَ الثّاني ٢٠٢١"


def test_huge_line() -> None:
    assert parse_date("19 " * 100_000) is None
    assert len(find_dates("نص " * 100_000 + "19 نوفمبر 2021")) == 1


GREGORIAN_DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@given(GREGORIAN_DAYS, st.sampled_from([EGYPTIAN, LEVANTINE, MAGHREBI, PERSIAN_GREGORIAN, ENGLISH]))
def test_round_trip_month_names(day: dt.date, months: list[str]) -> None:
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.iso, parsed.printed, parsed.calendar) == (day.isoformat(), text, "gregorian")


@given(
    GREGORIAN_DAYS,
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from([None, PERSIAN_DIGITS, ARABIC_DIGITS]),
)
def test_round_trip_numeric_with_time(
    day: dt.date, hour: int, minute: int, digits: dict[int, str] | None
) -> None:
    for text in (
        f"{day.day:02d}/{day.month:02d}/{day.year} - {hour:02d}:{minute:02d}",
        f"{day.isoformat()}T{hour:02d}:{minute:02d}:00",
        f"{day.year}{ENGLISH[day.month - 1]}{day.day} - {hour:02d}:{minute:02d}",
    ):
        shown = text.translate(digits) if digits else text
        parsed = parse_date(shown)
        assert parsed is not None, shown
        assert parsed.iso == f"{day.isoformat()}T{hour:02d}:{minute:02d}:00"


@given(st.dates(min_value=dt.date(1922, 1, 1), max_value=dt.date(2200, 1, 1)))
def test_round_trip_jalali(day: dt.date) -> None:
    jalali = jdatetime.date.fromgregorian(date=day)
    text = f"{jalali.day} {JALALI[jalali.month - 1]} {jalali.year}".translate(PERSIAN_DIGITS)
    parsed = parse_date(text)
    if jalali.year >= 1600:
        assert parsed is None  # outside the years read as Jalali
        return
    assert parsed is not None
    assert (parsed.iso, parsed.calendar) == (day.isoformat(), "jalali")
    numeric = f"{jalali.year}/{jalali.month:02d}/{jalali.day:02d}".translate(PERSIAN_DIGITS)
    again = parse_date(numeric)
    assert again is not None
    assert again.iso == day.isoformat()


@given(st.text(max_size=60))
def test_any_text_parses_or_not_without_error(text: str) -> None:
    parsed = parse_date(text)
    if parsed is not None:
        dt.date.fromisoformat(parsed.iso[:10])
