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
