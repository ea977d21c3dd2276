"""Light stemmers: Lucene's vectors, arshif's guards and the protected words."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from arshif.search.stemming import (
    PROTECTED,
    STEMMERS,
    arabic_light_stem,
    mixed_light_stem,
    persian_light_stem,
)
from arshif.text.fold import fold


def _rows(corpora: Path, name: str) -> list[list[str]]:
    with (corpora / "testvectors" / "lucene" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


@pytest.mark.corpus
def test_lucene_arabic_stem_filter_vectors(corpora: Path) -> None:
    rows = _rows(corpora, "arabic_stem_filter.tsv")
    assert len(rows) == 21
    for word, expected, method in rows:
        assert arabic_light_stem(word) == expected, method


@pytest.mark.corpus
def test_lucene_persian_stem_filter_vectors(corpora: Path) -> None:
    rows = _rows(corpora, "persian_stem_filter.tsv")
    assert len(rows) == 9
    for word, expected, _ in rows:
        assert persian_light_stem(word) == expected, word


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("القوات", "قو"),
        ("والقوات", "قو"),
        ("بالانسحاب", "انسحاب"),
        ("الأمريكية", "امريك"),  # folded first: أ → ا, ة → ه
        ("المقاومة", "مقاوم"),
        ("الخفاجي", "خفاج"),
        ("الخفاجی", "خفاج"),  # Persian yeh: the same stem once folded
    ],
)
def test_arabic_words(word: str, stem: str) -> None:
    assert arabic_light_stem(fold(word)) == stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("نیروهای", "نيرو"),
        ("گروههای", "گروه"),
        ("اشغالگران", "اشغالگر"),
        ("تروریستی", "تروريست"),
        ("آمریکایی", "امريكا"),
        ("بزرگترین", "بزرگ"),
        ("ایرانی", "ايران"),  # ی comes off; the protected stem then stays whole
        ("دوستان", "دوست"),
    ],
)
def test_persian_words(word: str, stem: str) -> None:
    assert persian_light_stem(fold(word)) == stem


@pytest.mark.parametrize(
    "word", ["ایران", "تهران", "سازمان", "خانه", "گروه", "ورزش", "لبنان", "البحرین", "سودان"]
)
def test_protected_words_are_not_stemmed(word: str) -> None:
    folded = fold(word)
    assert folded in PROTECTED
    for stem in STEMMERS.values():
        assert stem(folded) == folded


def test_protection_is_what_keeps_them_whole() -> None:
    none: frozenset[str] = frozenset()
    assert persian_light_stem(fold("ایران"), none) == "اير"
    assert persian_light_stem(fold("تهران"), none) == "تهر"
    assert arabic_light_stem(fold("لبنان"), none) == "لبن"  # "milk"
    assert arabic_light_stem(fold("البحرين"), none) == "بحر"  # "sea"
    assert mixed_light_stem(fold("خانه"), none) == "خان"  # "khan"


def test_protected_word_behind_an_arabic_prefix() -> None:
    assert arabic_light_stem(fold("والبحرين")) == fold("بحرين")
    assert arabic_light_stem(fold("ولبنان")) == fold("لبنان")


def test_per_language_rules_do_not_cross() -> None:
    # The Arabic و prefix and ه suffix are not Persian morphology.
    assert persian_light_stem(fold("وزارت")) == fold("وزارت")
    assert persian_light_stem(fold("خودرو")) == fold("خودرو")
    assert arabic_light_stem(fold("وزارة")) == "زار"  # Lucene's rule, kept for Arabic
    # Persian plural -ها comes off in both; the Arabic stemmer also takes ی off.
    assert persian_light_stem(fold("کتابها")) == arabic_light_stem(fold("کتابها")) == "كتاب"


def test_short_words_keep_two_letters() -> None:
    for word in ("ها", "ان", "الو", "وها", "يي"):
        for stem in STEMMERS.values():
            assert len(stem(word)) >= min(2, len(word))
