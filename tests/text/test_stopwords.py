"""`arshif.text.stopwords`: Savoy's lists, folded, pruned of news content words."""

from __future__ import annotations

import pytest

from arshif.text.fold import fold
from arshif.text.stopwords import LANGUAGES, read_list, stopwords


def test_lists_are_folded_like_the_text() -> None:
    for lang in LANGUAGES:
        assert stopwords(lang)
        assert all(fold(word) == word for word in stopwords(lang))


def test_spelling_variants_collapse_to_one_entry() -> None:
    arabic = read_list("stopwords-ar.txt")
    assert {"الا", "ألا", "إلا"} <= set(arabic)
    assert fold("إلا") in stopwords("ar")
    assert "إلا" not in stopwords("ar")  # only the folded form is kept


@pytest.mark.parametrize("word", ["في", "من", "الذي", "إلى", "هذه", "أن"])
def test_arabic_function_words(word: str) -> None:
    assert fold(word) in stopwords("ar")


@pytest.mark.parametrize("word", ["می", "نمی", "است", "این", "های", "ها", "که", "را"])
def test_persian_function_words_in_either_letter_form(word: str) -> None:
    assert fold(word) in stopwords("fa")
    assert fold(word.replace("ی", "ي").replace("ک", "ك")) in stopwords("fa")


@pytest.mark.parametrize("word", ["میلیون", "میلیارد", "مردم", "جدید", "امروز", "کرد", "حق"])
def test_news_content_words_are_pruned(word: str) -> None:
    assert fold(word) not in stopwords(None)


def test_union_and_unknown_language() -> None:
    assert stopwords(None) == stopwords("ar") | stopwords("fa")
    with pytest.raises(ValueError, match="no stop list"):
        stopwords("en")


def test_files_name_their_source_and_licence() -> None:
    from importlib import resources

    for lang in LANGUAGES:
        text = resources.files("arshif.text").joinpath("data", f"stopwords-{lang}.txt")
        header = text.read_text(encoding="utf-8")[:1500]
        assert "Savoy" in header
        assert "BSD" in header
        assert "Lucene" in header
