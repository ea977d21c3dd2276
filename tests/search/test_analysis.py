"""The analysis chain: tokenizer, ZWNJ joining, folding, stop words, stemming, analyzers."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arshif.search.analysis import (
    ArabicPersianTokenizer,
    FoldFilter,
    LightStemFilter,
    analyze,
    exact_analyzer,
    stemmed_analyzer,
    stop_filter,
)
from arshif.search.stemming import persian_light_stem
from arshif.text.fold import fold

ZWNJ = "\u200c"


def spans(analyzer, text: str, mode: str = "index") -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    """(term, position, original text of the token) for each token."""
    return [
        (t.text, t.pos, text[t.startchar : t.endchar])
        for t in analyzer(text, positions=True, chars=True, mode=mode)
    ]


# -- tokenizer ---------------------------------------------------------------------------


def test_tokenizer_keeps_vowelled_words_whole_with_true_offsets() -> None:
    text = "قال مُحَمَّدٌ: الـقـوات هٰذا كتابهٔ"
    tokens = [
        (t.text, text[t.startchar : t.endchar]) for t in ArabicPersianTokenizer()(text, chars=True)
    ]
    assert [original for _, original in tokens] == ["قال", "مُحَمَّدٌ", "الـقـوات", "هٰذا", "كتابهٔ"]
    assert all(text_ == original for text_, original in tokens)


def test_tokenizer_keeps_zwnj_inside_words_and_splits_at_punctuation() -> None:
    text = f"«گروه{ZWNJ}های» سیاسی، ۱۴۰۲؛ U.S."
    words = [t.text for t in ArabicPersianTokenizer()(text)]
    assert words == [f"گروه{ZWNJ}های", "سیاسی", "۱۴۰۲", "U", "S"]


def test_tokenizer_marks_tokens_after_whitespace() -> None:
    spaced = [t.spaced for t in ArabicPersianTokenizer()("می خواهد، برود")]
    assert spaced == [False, True, False]


# -- ZWNJ and spaced affixes ---------------------------------------------------------------


def test_zwnj_word_gives_joined_form_and_parts_at_one_position() -> None:
    text = f"او می{ZWNJ}خواهد برود"
    assert spans(exact_analyzer(), text) == [
        ("او", 0, "او"),
        ("ميخواهد", 1, f"می{ZWNJ}خواهد"),
        ("مي", 1, "می"),
        ("خواهد", 1, "خواهد"),
        ("برود", 2, "برود"),
    ]


def test_spaced_mi_is_joined_and_later_positions_close_up() -> None:
    text = "او می خواهد برود"
    assert spans(exact_analyzer(), text) == [
        ("او", 0, "او"),
        ("مي", 1, "می"),
        ("ميخواهد", 1, "می خواهد"),
        ("خواهد", 1, "خواهد"),
        ("برود", 2, "برود"),
    ]


def test_spaced_plural_suffix_is_joined_to_its_word() -> None:
    text = "راه های جلوگیری"
    assert spans(exact_analyzer(), text) == [
        ("راه", 0, "راه"),
        ("راههاي", 0, "راه های"),
        ("هاي", 0, "های"),
        ("جلوگيري", 1, "جلوگیری"),
    ]


@pytest.mark.parametrize("analyzer", [exact_analyzer(), stemmed_analyzer("fa")])
def test_three_spellings_share_the_query_term(analyzer) -> None:  # type: ignore[no-untyped-def]
    spellings = ["میخواهد", f"می{ZWNJ}خواهد", "می خواهد"]
    query_terms = {tuple(analyze(analyzer, f"می{ZWNJ}خواهد", "query"))}
    assert query_terms == {("ميخواهد",)}
    for spelling in spellings:
        assert "ميخواهد" in analyze(analyzer, spelling)


def test_query_mode_gives_joined_forms_only() -> None:
    assert analyze(exact_analyzer(), f"گروه{ZWNJ}های سیاسی", "query") == ["گروههاي", "سياسي"]


def test_mi_at_the_end_or_before_punctuation_stays_alone() -> None:
    assert analyze(exact_analyzer(), "می. خواهد") == ["مي", "خواهد"]
    assert analyze(exact_analyzer(), "شراب و می") == ["شراب", "و", "مي"]


def test_compound_stem_counts_once() -> None:
    # گروه‌ها → joined گروهها → stem گروه; the part گروه is the same term and is dropped.
    assert analyze(stemmed_analyzer("fa"), f"گروه{ZWNJ}ها") == ["گروه"]


# -- folding, stop words, stemming ---------------------------------------------------------


def test_fold_filter_drops_tokens_that_fold_to_nothing() -> None:
    analyzer = ArabicPersianTokenizer() | FoldFilter()
    assert analyze(analyzer, "كتاب \u064e ـ ۱۲") == ["كتاب", "12"]


def test_tanwin_alef_comes_off_in_stemmed_fields_only() -> None:
    # Only words longer than four characters: غداً ("tomorrow") keeps its alef.
    assert analyze(stemmed_analyzer("ar"), "يوماً مؤكداً غداً") == [
        "يوم",
        "موكد",
        "غدا",
    ]  # ؤ folds to و
    assert analyze(exact_analyzer(), "يوماً") == ["يوما"]


def test_stop_words_go_but_positions_stay() -> None:
    analyzer = ArabicPersianTokenizer() | FoldFilter() | stop_filter()
    tokens = [(t.text, t.pos) for t in analyzer("انسحاب القوات من العراق", positions=True)]
    assert tokens == [("انسحاب", 0), ("القوات", 1), ("العراق", 3)]


def test_exact_analyzer_keeps_stop_words() -> None:
    assert analyze(exact_analyzer(), "من العراق") == ["من", "العراق"]


def test_stemmed_analyzers_use_their_own_language() -> None:
    assert analyze(stemmed_analyzer("ar"), "والقوات الأمريكية") == ["قو", "امريك"]
    assert analyze(stemmed_analyzer("fa"), "نیروهای آمریکایی") == ["نيرو", "امريكا"]
    assert analyze(stemmed_analyzer("fa"), "وزارت خودرو") == ["وزارت", "خودرو"]
    assert analyze(stemmed_analyzer("ar"), "وزارت") == ["زارت"]


def test_light_stem_filter_caches_and_pickles_without_its_cache() -> None:
    stem = LightStemFilter("fa")
    assert stem.stem("كتابها") == "كتاب"
    assert stem._cache == {"كتابها": "كتاب"}
    restored = pickle.loads(pickle.dumps(stem))
    assert restored == stem
    assert restored._cache == {}
    assert "كتابها" not in pickle.dumps(stem).decode("latin-1")
    with pytest.raises(ValueError, match="no stemmer"):
        LightStemFilter("en")


@pytest.mark.parametrize("make", [exact_analyzer, lambda: stemmed_analyzer("ar")])
def test_analyzers_pickle_by_reference(make) -> None:  # type: ignore[no-untyped-def]
    analyzer = make()
    analyze(analyzer, "القوات الأمريكية")  # fill the caches
    data = pickle.dumps(analyzer)
    assert len(data) < 12_000  # stop list yes, caches no
    restored = pickle.loads(data)
    assert restored == analyzer
    assert analyze(restored, "القوات الأمريكية") == analyze(analyzer, "القوات الأمريكية")


# -- Lucene's analyzer vectors -------------------------------------------------------------


def _rows(corpora: Path, name: str) -> list[list[str]]:
    with (corpora / "testvectors" / "lucene" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


@pytest.mark.corpus
def test_lucene_arabic_analyzer_vectors(corpora: Path) -> None:
    """Every default-setting row of Lucene's ArabicAnalyzer test (custom-setting rows skipped)."""
    custom = {"testCustomStopwords", "testWithStemExclusionSet", "testDigitsBackCompat"}
    rows = [row for row in _rows(corpora, "arabic_analyzer.tsv") if row[2] not in custom]
    assert len(rows) == 14
    for text, expected, method in rows:
        assert " ".join(analyze(stemmed_analyzer("ar"), text)) == expected, method


@pytest.mark.corpus
def test_lucene_persian_analyzer_vectors(corpora: Path) -> None:
    """Lucene's PersianAnalyzer rows: each of its terms (stemmed as arshif stems) is ours too.

    Lucene splits at ZWNJ and drops the verb prefix; arshif also indexes the joined form
    (می‌خورد → میخورد + خورد), so ours is a superset of Lucene's terms.
    """
    custom = {"testCustomStopwords", "testDigitsBackCompat"}
    rows = [row for row in _rows(corpora, "persian_analyzer.tsv") if row[2] not in custom]
    assert len(rows) == 64
    for text, expected, method in rows:
        ours = set(analyze(stemmed_analyzer("fa"), text))
        wanted = {persian_light_stem(fold(term)) for term in expected.split()}
        assert wanted <= ours, (method, text, wanted, ours)


# -- properties ----------------------------------------------------------------------------

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإئؤةىیکگپچژ"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640\u0654\u0670"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=9)


@settings(max_examples=300)
@given(WORD, st.lists(st.tuples(st.integers(0, 8), st.sampled_from(MARKS + ZWNJ)), max_size=3))
def test_index_and_query_analysis_agree_on_single_words(
    word: str, inserts: list[tuple[int, str]]
) -> None:
    for i, mark in inserts:
        word = word[:i] + mark + word[i:]
    for analyzer in (exact_analyzer(), stemmed_analyzer("ar"), stemmed_analyzer("fa")):
        query = analyze(analyzer, word, "query")
        assert len(query) <= 1
        assert set(query) <= set(analyze(analyzer, word))


@settings(max_examples=300)
@given(WORD)
def test_spelling_variants_analyze_alike(word: str) -> None:
    persian = word.replace("ي", "ی").replace("ك", "ک")
    arabic = word.replace("ی", "ي").replace("ک", "ك")
    vowelled = "\u064e".join(word) + "\u0640"
    for analyzer in (exact_analyzer(), stemmed_analyzer("ar"), stemmed_analyzer("fa")):
        expected = analyze(analyzer, word, "query")
        for variant in (persian, arabic, vowelled):
            assert analyze(analyzer, variant, "query") == expected
