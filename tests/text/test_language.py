"""Arabic vs Persian identification: the cases that matter, and no model to load."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.text.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Persian with Persian letters, ZWNJ, Persian digits
        ("بانک مرکزی گزارش داد که نرخ تورم ۱۲ درصد است", "fa"),
        ("نیروهای آمریکایی باید تا پایان سال جاری میلادی خاک عراق را ترک کنند", "fa"),
        # legacy Persian: Arabic ي and ك, no ZWNJ (Fars News, Hamshahri)
        ("بانك مركزي منشاء واردات بي رويه است", "fa"),
        ("ارائه خدمات بر خط بانكي در دفاتر روستايي امكان پذير مي شود", "fa"),
        ("قيمت جهاني اورانيوم 19 درصد افزايش يافت", "fa"),
        # Arabic, also with a Persian name written with Persian letters
        ("نفت قيادة العمليات العراقية المشتركة تمديد موعد انسحاب القوات الأميركية", "ar"),
        ("التقى الرئيس الإيراني مسعود پزشکیان رئيس الوزراء العراقي في بغداد اليوم", "ar"),
        ("قال المتحدث باسم الحكومة إن الاجتماع سيعقد في الرياض خلال الأسبوع المقبل", "ar"),
        ("١٩ نوفمبر ٢٠٢١ موعد انسحاب القوات من العراق", "ar"),
    ],
)
def test_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "Hello world", "12345", "DVD"])
def test_no_arabic_script_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_seeds_languages(seed_paths: list[Path]) -> None:
    languages = [detect_language(p.read_text("utf-8")) for p in seed_paths]
    assert languages == ["fa", "ar", "ar", "ar", "ar"]


def test_long_text_is_bounded() -> None:
    text = "این یک متن فارسی است. " * 200_000
    assert detect_language(text) == "fa"
