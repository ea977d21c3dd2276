"""`arshif.text.fold.fold`: the search folding shared by the index, queries and duplicates."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arshif.text.fold import DELETED, REPLACED, fold

ARABIC_SCRIPT = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
INTERESTING = st.sampled_from(
    list("\u200c\u200d\u0301a İ\ufefb\ufe8d\ufedf٠۹ۀە\u0654\u08d3")
    + [chr(0xFB50 + i) for i in range(8)]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanwin
        ("الـقـــوات", "القوات"),  # tatweel
        ("هٰذا", "هذا"),  # superscript alef U+0670
        ("كتابهٔ", "كتابه"),  # combining hamza above U+0654
        ("ذٰلِكَ ٱلْكِتَٰبُ", "ذلك الكتب"),  # Quranic spelling: wasla → ا, dagger alef deleted
        ("صَلَّىٰ ٱللَّهُ عَلَيْهِ وَسَلَّمَ\u06d6", "صلي الله عليه وسلم"),  # Quranic pause mark
        ("أحمد إبراهيم آمن", "احمد ابراهيم امن"),  # alef forms
        ("على مستشفى", "علي مستشفي"),  # alef maksura
        ("ایران", "ايران"),  # Persian yeh
        ("هاے", "هاي"),  # yeh barree
        ("کتاب", "كتاب"),  # keheh
        ("مدرسة خانۀ زادہ", "مدرسه خانه زاده"),  # teh marbuta, heh with yeh, heh goal
        ("خانه\u0654", "خانه"),  # decomposed ۀ
        ("۱۴۰۲/۰۸/۲۸ ٢٠٢١", "1402/08/28 2021"),  # Persian and Arabic-Indic digits
        ("ﺍﻟﻘﻮﺍﺕ ﻻ", "القوات لا"),  # presentation forms, lam-alef ligature (NFKC)
        ("UN Security Council", "un security council"),  # lowercase
        ("می\u200cخواهد", "مي\u200cخواهد"),  # ZWNJ is left to the analyzer
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_persian_and_arabic_spellings_meet() -> None:
    variants = ["نیروهای آمریکایی", "نيروهاي آمريكايي", "نیروهای امریکایی", "نيروهاي أمريكايي"]
    assert len({fold(v) for v in variants}) == 1


@pytest.mark.parametrize(
    "variants",
    [
        ("مسؤول", "مسئول", "مسئُول", "مسوول"),  # hamza on waw (Arabic), on yeh (Persian)
        ("شؤون", "شئون"),
        ("يقرؤون", "يقرئون"),
        ("إسرائيل", "اسرائيل", "اسراييل", "اسراییل", "إسرائیل"),  # the seat alone
        ("پائیز", "پاییز"),  # Persian spelling reform: ئ → ی
        ("رؤية", "روية"),
    ],
)
def test_hamza_seats_meet(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1, [fold(v) for v in variants]


def test_hamza_alone_and_on_alef_are_unchanged_by_the_seat_rule() -> None:
    assert fold("جزء سماء") == "جزء سماء"  # the hamza on the line stays
    assert fold("رئيس") == "رييس" != fold("رؤوس")  # ئ before a letter other than و is a yeh


def test_folding_classes_from_pyarabic_are_the_hand_typed_ones() -> None:
    """The deleted marks built from pyarabic's classes are the ranges once typed by hand."""
    ranges = [
        (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
        (0x06DF, 0x06E8), (0x06EA, 0x06ED), (0x08D3, 0x08E1), (0x08E3, 0x08FF), (0x0640, 0x0640),
    ]  # fmt: skip
    assert set(DELETED) == {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}
    for alef in "آأإٱ\u0672\u0673\u0675":
        assert REPLACED[alef] == "ا"
    assert "ى" not in REPLACED or REPLACED["ى"] == "ي"  # not pyarabic's normalize_alef (ى → ا)


def test_nfkd_pitfall_heh_with_yeh_folds_to_heh_not_ae() -> None:
    decomposed = unicodedata.normalize("NFKD", "خانۀ")
    assert decomposed.endswith("\u06d5\u0654")  # the wrong letter a plain "strip marks" gives
    assert fold(decomposed) == fold("خانۀ") == "خانه"


def _lucene_rows(corpora: Path, name: str) -> list[list[str]]:
    with (corpora / "testvectors" / "lucene" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["arabic_normalization_filter.tsv", "persian_normalization_filter.tsv"]
)
def test_lucene_normalization_vectors(corpora: Path, name: str) -> None:
    rows = _lucene_rows(corpora, name)
    assert rows
    for text, expected, method in rows:
        assert fold(text) == expected, method


@settings(max_examples=500)
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@settings(max_examples=500)
@given(st.text(alphabet=ARABIC_SCRIPT | INTERESTING))
def test_fold_is_idempotent_on_arabic_script(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert not set(once) & set(DELETED)
    assert not set(once) & set(REPLACED)
    assert not any("\u0660" <= c <= "\u0669" or "\u06f0" <= c <= "\u06f9" for c in once)
