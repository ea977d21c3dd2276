"""The extraction rules on made-up articles: each rule, and what it must not take."""

from __future__ import annotations

import pytest

from arshif.extract import extract
from arshif.model import FieldProvenance, Metadata

LEAD = (
    "نفت السلطات العراقية، مساء الجمعة، الحديث عن وجود نية لتمديد موعد انسحاب القوات "
    "الأميركية القتالية من العراق المقرر في نهاية العام، وفقا لاتفاق سابق بين بغداد وواشنطن."
)
BODY = (
    "وقال المتحدث باسم قيادة العمليات المشتركة إن الحديث عن تمديد موعد الانسحاب غير دقيق "
    "وغير صحيح، مشيرا إلى أن الموعد ثابت ولا تغيير فيه."
)
HEADLINE = "العراق ينفي تمديد موعد انسحاب القوات الأميركية"
PERSIAN_LEAD = (
    "به گزارش ایسنا، سخنگوی دولت امروز در نشست خبری گفت که برنامه‌های اقتصادی دولت برای "
    "کاهش تورم در سال آینده اجرا خواهد شد و نتایج آن تا پایان سال مشخص می‌شود."
)


def meta(text: str, **given: str) -> Metadata:
    return extract(text, Metadata(**given)).metadata  # type: ignore[arg-type]


def test_headline_set_apart_and_restated() -> None:
    assert meta(f"{HEADLINE}\n\n{LEAD}\n{BODY}").title == HEADLINE
    assert meta(f"{HEADLINE}\n{LEAD}\n{BODY}").title == HEADLINE


@pytest.mark.parametrize(
    "first",
    [
        LEAD,  # a lead sentence
        "وقال المتحدث باسم قيادة العمليات المشتركة:",  # a colon-ended lead-in
        "بغداد – وكالات : نفت السلطات العراقية تمديد موعد الانسحاب",  # a dateline
        "حنان خواسك – عين اليوم",  # a byline
        "جانب من اجتماع قيادة العمليات المشتركة",  # a photo caption
        "kayhan.ir",  # a masthead
        "19 نوفمبر 2021",  # a date line
        "الانسحاب",  # one word
        "مباراة كرة القدم انتهت بالتعادل السلبي في الملعب",  # nothing in common with the story
    ],
)
def test_not_a_headline(first: str) -> None:
    assert meta(f"{first}\n\n{LEAD}\n{BODY}").title is None


def test_kicker_above_headline() -> None:
    kicker = "بسبب الخلاف على الموعد.."
    result = extract(f"{kicker}\n\n{HEADLINE}\n\n{LEAD}\n{BODY}")
    assert result.metadata.title == HEADLINE
    assert result.paragraphs[0] == kicker


def test_kicker_without_headline_is_not_a_title() -> None:
    assert meta(f"بسبب الخلاف على الموعد..\n\n{LEAD}\n{BODY}").title is None


def test_date_in_a_sentence_is_not_the_publication_date() -> None:
    text = f"{HEADLINE}\n\nحدد الطرفان 31 ديسمبر 2021 موعدا نهائيا للانسحاب من العراق كله.\n{BODY}"
    assert meta(text).published is None


def test_labelled_dates() -> None:
    assert meta(f"تاريخ النشر: 19/11/2021\n{HEADLINE}\n\n{LEAD}").published == "2021-11-19"
    persian = f"تاریخ انتشار: ۲۸ آبان ۱۴۰۰ - ۱۹:۵۱\n\n{PERSIAN_LEAD}"
    found = meta(persian)
    assert (found.published, found.published_calendar) == ("2021-11-19T19:51:00", "jalali")
    assert found.published_text == "۲۸ آبان ۱۴۰۰ - ۱۹:۵۱"
    assert meta(f"آخر تحديث: 19/11/2021\n\n{LEAD}").published is None  # an update, not publication


def test_chronology_first_entry_is_not_the_publication_date() -> None:
    text = f"1 يناير 2021\n{LEAD}\n15 مارس 2021\n{BODY}"
    assert meta(text).published is None


def test_dated_dateline_line() -> None:
    text = f"جنيف 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\n{LEAD}\n{BODY}"
    found = meta(text)
    assert found.published == "2015-08-10"
    assert found.dateline == "جنيف 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"


def test_news_code_in_persian_digits() -> None:
    found = meta(f"کد خبر: ۱۲۳۴۵۶\n\n{PERSIAN_LEAD}")
    assert (found.news_code, found.attributed_source, found.lang) == ("۱۲۳۴۵۶", "ایسنا", "fa")


@pytest.mark.parametrize(
    ("opening", "source"),
    [
        (
            "به گزارش خبرگزاری فارس از تهران، سخنگوی دولت گفت که برنامه‌ها اجرا می‌شود.",
            "خبرگزاری فارس",
        ),
        (
            "نقلا عن وكالة الأنباء العراقية، قال المتحدث باسم العمليات المشتركة إن الموعد ثابت.",
            "وكالة الأنباء العراقية",
        ),
        (
            "ذكرت وكالة رويترز أن القوات الأميركية بدأت الانسحاب من قواعدها في العراق اليوم.",
            "وكالة رويترز",
        ),
    ],
)
def test_opening_attribution_is_not_the_outlet(opening: str, source: str) -> None:
    found = meta(f"{opening}\n{BODY}")
    assert (found.attributed_source, found.outlet) == (source, None)


@pytest.mark.parametrize(
    "line",
    [
        "وقال المتحدث لوكالة الأنباء العراقية إن الموعد ثابت ولا تغيير فيه على الإطلاق.",
        "وذكرت مديرية الحشد في بيان تلقت السومرية نيوز نسخة منه أن العملية مستمرة.",
        "وقال مصدر في التنسيقية لـRT إن المواجهة قد تبدأ في أي لحظة من الآن.",
        "جنود أميركيون في العراق (الأناضول)",
    ],
)
def test_quotes_and_credits_are_not_outlets(line: str) -> None:
    found = meta(f"{HEADLINE}\n\n{LEAD}\n{line}\n{BODY}")
    assert (found.outlet, found.attributed_source) == (None, None)


def test_masthead_and_copyright_footer() -> None:
    assert meta(f"www.example.com\n\n{HEADLINE}\n\n{LEAD}").outlet == "www.example.com"
    result = extract(f"{HEADLINE}\n\n{LEAD}\n{BODY}\n© 2021 Kayhan")
    assert result.metadata.outlet == "Kayhan"
    assert "© 2021 Kayhan" not in result.paragraphs


def test_domain_in_the_body_is_not_a_masthead() -> None:
    assert meta(f"{HEADLINE}\n\n{LEAD}\nkayhan.ir\n{BODY}").outlet is None


def test_boilerplate_lines_removed_and_listed() -> None:
    text = (
        f"{HEADLINE}\n\n+ الخط -\nشارك\n{LEAD}\nاقرأ أيضا: العراق يعلن موعد الانسحاب\n{BODY}\n"
        "طباعة\nA+ A-\nالمساهمون\nاشتراک گذاری"
    )
    result = extract(text)
    (step,) = [s for s in result.cleaning if s.step == "boilerplate-removed"]
    assert step.removed == (
        "+ الخط -", "شارك", "اقرأ أيضا: العراق يعلن موعد الانسحاب", "طباعة", "A+ A-",
        "المساهمون", "اشتراک گذاری",
    )  # fmt: skip
    assert result.paragraphs == (LEAD, BODY)


def test_single_repeated_paragraph_is_kept() -> None:
    quote = "«إن الموعد ثابت ولا تغيير فيه» هكذا قال المتحدث في ختام المؤتمر الصحفي."
    result = extract(f"{LEAD}\n{quote}\n{BODY}\n{quote}")
    assert result.paragraphs == (LEAD, quote, BODY, quote)


def test_whole_body_repeated_is_kept_once() -> None:
    result = extract(f"{HEADLINE}\n\n{LEAD}\n{BODY}\n{LEAD}\n{BODY}")
    assert result.paragraphs == (LEAD, BODY)
    (step,) = [s for s in result.cleaning if s.step == "repeated-body-removed"]
    assert step.removed == (LEAD, BODY)


def test_markup_title_removes_the_h1_paragraph_and_keeps_its_evidence() -> None:
    stated = FieldProvenance("title", "capture", 'html meta property="og:title"')
    result = extract(
        "", html_paragraphs=(HEADLINE, LEAD, BODY),
        captured=Metadata(title=HEADLINE, outlet="العربي الجديد"), captured_provenance=(stated,),
    )  # fmt: skip
    assert result.paragraphs == (LEAD, BODY)
    assert result.metadata.title == HEADLINE
    assert stated in result.provenance
    assert FieldProvenance("outlet", "capture", "markup") in result.provenance


def test_given_wins_over_markup_and_text() -> None:
    result = extract(
        f"kayhan.ir\n\n{HEADLINE}\n\n{LEAD}",
        Metadata(outlet="Kayhan International"),
        captured=Metadata(outlet="Kayhan"),
    )
    assert result.metadata.outlet == "Kayhan International"
    assert FieldProvenance("outlet", "user") in result.provenance


def test_nothing_invented_for_plain_text() -> None:
    result = extract("نص قصير")
    assert result.metadata == Metadata(lang="ar")
    assert set(result.unstated) == {
        "title", "published", "outlet", "attributed_source", "news_code", "dateline",
    }  # fmt: skip


def test_control_characters_and_blank_lines() -> None:
    result = extract(f"\n\n  \t \n{LEAD}\x00\x07\r\n\u00a0\n\n{BODY}\n")
    assert result.paragraphs == (LEAD, BODY)


def test_huge_inputs() -> None:
    many = "\n".join(f"{LEAD} {i}" for i in range(20_000))
    assert len(extract(many).paragraphs) == 20_000
    assert len(extract("كلمة " * 1_000_000).paragraphs) == 1
