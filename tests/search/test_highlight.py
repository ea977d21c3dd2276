"""Snippets mark the words the user typed in the record's own spelling."""

from __future__ import annotations

import pytest

from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START
from arshif.search import SearchIndex, search
from arshif.search.highlight import snippet

from .helpers import ALL, TEXTS, make_record


def marked(text: str) -> list[str]:
    """The highlighted pieces of a snippet."""
    pieces = text.split(HIGHLIGHT_START)[1:]
    return [piece.split(HIGHLIGHT_END)[0] for piece in pieces]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> SearchIndex:
    """The test records in an index of each search engine (`tests.conftest.arshif_engine`)."""
    long = make_record(
        "long01",
        " ".join(["مقدمة طويلة عن الطقس والرياضة."] * 30)
        + " ثم أعلنت الحكومة انسحاب القوَّات من المدينة. "
        + " ".join(["خاتمة عن الاقتصاد والفن."] * 30),
        title="خبر طويل",
        lang="ar",
    )
    TEXTS[long.id] = long.text
    path = tmp_path_factory.mktemp(f"hl-{arshif_engine}") / "index"
    return SearchIndex.build(path, [*ALL, long], engine=arshif_engine)


def first_snippet(index: SearchIndex, query: str, record: str | None = None) -> str:
    hits = search(index, query, text_of=TEXTS.get).hits
    return next(h.snippet for h in hits if record in (None, h.id))


def test_original_spelling_and_diacritics_are_kept(index: SearchIndex) -> None:
    text = first_snippet(index, "القوات الامريكيه")
    assert marked(text) == ["القوَّات", "الأمريكيّة"]


def test_persian_letters_in_the_query_mark_the_arabic_letters_of_the_text(
    index: SearchIndex,
) -> None:
    assert marked(first_snippet(index, "الأمریکیه")) == ["الأمريكيّة"]


def test_all_spellings_mark_the_zwnj_word(index: SearchIndex) -> None:
    for query in ("میخواهد", "می خواهد", "می\u200cخواهد"):
        assert marked(first_snippet(index, query)) == ["می\u200cخواهد"], query


def test_stemmed_and_exact_matches(index: SearchIndex) -> None:
    assert marked(first_snippet(index, "گروه")) == ["گروه\u200cهای"]
    assert marked(first_snippet(index, '"نیروهای آمریکایی"')) == ["نیروهای", "آمریکایی"]
    assert marked(first_snippet(index, "۱۴۰۲")) == ["۱۴۰۲"]
    assert marked(first_snippet(index, "1402")) == ["۱۴۰۲"]
    assert marked(first_snippet(index, "تهر*")) == ["تهران"]


def test_negated_words_are_not_marked(index: SearchIndex) -> None:
    assert marked(first_snippet(index, "تهران NOT بغداد")) == ["تهران"]
    assert marked(first_snippet(index, "lang:fa تهران")) == ["تهران"]


def test_best_passage_of_a_long_text(index: SearchIndex) -> None:
    text = first_snippet(index, "انسحاب القوات", "long01")
    assert marked(text) == ["انسحاب", "القوَّات"]
    assert text.startswith("…")
    assert text.endswith("…")
    assert len(text) < 300
    assert "\n" not in text


def test_no_text_no_snippet_and_no_match_gives_the_lead(index: SearchIndex) -> None:
    assert search(index, "تهران").hits[0].snippet == ""  # no text_of
    text = first_snippet(index, "title:خارج")  # matched in the title only
    assert text.startswith("او می")
    assert not marked(text)


def test_snippet_function_merges_overlapping_spans() -> None:
    text = "او می خواهد برود"
    assert snippet(text, [(3, 11)]) == f"او {HIGHLIGHT_START}می خواهد{HIGHLIGHT_END} برود"
    assert snippet("", []) == ""
    assert snippet("a\n\nb", []) == "a b"


@pytest.mark.parametrize(
    "query",
    ["العراق", "الحكومة انسحاب", "القوات", "كتاب*", '"انسحاب القوات"', "تهران نیروها"],
)
def test_word_by_word_spans_are_the_analyzers_spans(query: str) -> None:
    """The cached word-by-word path (`_fast_spans`) marks exactly what the analyzers do."""
    from arshif.search.highlight import _analyzer_spans, _fast_spans, query_terms
    from arshif.search.query import parse_query

    texts = [
        *TEXTS.values(),
        "العراقي العراق xالعراق العراق_ 5العراق (العراق) العراق.",
        "الكتاب كتابة كتب الحكومةُ الحكومات انسحابٌ القوّات القوات",
        "تهران نیروهای نیروها تهرانی",
    ]
    terms = query_terms(parse_query(query))
    compared = 0
    for text in texts:
        for lang in ("ar", "fa"):
            fast = _fast_spans(text, terms, lang)
            if fast is not None:
                assert sorted(fast) == sorted(set(_analyzer_spans(text, terms, lang))), (text, lang)
                compared += 1
    assert compared >= len(texts)  # (None: a text the fast path leaves to the analyzers)
