"""The tantivy engine indexes arshif's own terms: the analyzers' terms and positions exactly,
the Persian compounds through their fast path too."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshif.search.analysis import exact_analyzer, stemmed_analyzer
from arshif.search.tantivy.terms import Field, analyse, compound_tokens
from arshif.search.textanalysis import analyze_text

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
TEXTS = [
    "",
    "القوات الأمريكية تنسحب من العراق، وقال الخفاجي إن الانسحاب يتم يوماً بعد يوم.",
    "وَالْمُؤْتَمَرُ الصَّحَفِيُّ ـــ عُقِدَ في ٢٠٢١/١١/١٩ بالرياض ﻻ ﷲ",
    "في من على إلى عن مع هذا هذه التي الذي",
    "نیروهای آمریکایی از عراق خارج می‌شوند",
    "کتاب ها را می خواهد و کتابهای دیگر نمی خواهد",
    "می می خواهد ها ها کتاب‌های‌ ترین می",
    "گروه‌ها و گروه‌های سیاسی، بزرگ ترین و بزرگ‌ترین",
    "abc ABC 123 ١٢٣ ۱۲۳ mixed العربية English ً",
    "يوماً حتماً كتاباً",
] + [path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def _positions(field: Field) -> list[tuple[str, int]]:
    if isinstance(field, str):
        return sorted((term, pos) for pos, term in enumerate(field.split()))
    return sorted(field)


def assert_same_terms(text: str, lang: str) -> None:
    exact, stemmed = analyse(text, lang)
    expected = sorted((t.text, t.pos) for t in exact_analyzer()(text, positions=True))
    assert _positions(exact) == expected
    stems = Counter(t.text for t in stemmed_analyzer(lang)(text))
    assert Counter(stemmed.split()) == stems


@pytest.mark.parametrize("lang", ["ar", "fa"])
@pytest.mark.parametrize("text", TEXTS)
def test_terms_and_positions_are_the_analyzers(text: str, lang: str) -> None:
    assert_same_terms(text, lang)


def test_compounds_take_the_fast_path_with_several_terms_at_one_position() -> None:
    text = "او می‌خواهد به تهران برود"
    assert analyze_text(text) is None  # the Whoosh engine's analyzer-chain case
    assert compound_tokens(text) == [
        ("او", 0, False),
        ("میخواهد", 1, False),
        ("می", 1, True),
        ("خواهد", 1, True),
        ("به", 2, False),
        ("تهران", 3, False),
        ("برود", 4, False),
    ]
    exact, _ = analyse(text, "fa")
    assert isinstance(exact, list)  # pre-tokenized: three terms at position 1


_PIECES = ["می", "نمی", "ها", "های", "هایی", "ترین", "کتاب", "خواهد", "و", "ً", "یوماً", "ا"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_PIECES),
            st.sampled_from([" ", "\u200c", "  ", " . ", "\u200d", "، ", "    ", ""]),
        ),
        max_size=12,
    )
)
def test_any_mix_of_compound_pieces_gives_the_analyzers_terms(
    pieces: list[tuple[str, str]],
) -> None:
    text = "".join(word + gap for word, gap in pieces)
    for lang in ("ar", "fa"):
        assert_same_terms(text, lang)


def test_hamshahri_articles_give_the_analyzers_terms(corpora: Path) -> None:
    path = corpora / "hamshahri-ir-subset" / "docs.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        docs = [json.loads(line) for line in islice(lines, 150)]
    assert sum(analyze_text(doc["text"]) is None for doc in docs) > 100  # compounds: most
    for doc in docs:
        assert_same_terms(doc["title"] + "\n" + doc["text"], "fa")


def test_the_word_cache_gives_the_same_terms_across_its_generations(
    corpora: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SaudiNewsNet articles, with generations of 300 words: the current one is moved to the old
    one, and the old one dropped, many times over; every text still gives the analyzers' terms,
    and the same terms the second time (words copied from the old generation)."""
    import zipfile

    from arshif.search.tantivy import terms

    monkeypatch.setattr(terms, "PLAIN_GENERATION", 300)
    monkeypatch.setattr(terms, "_PLAIN", {"ar": {}, "fa": {}})
    monkeypatch.setattr(terms, "_PLAIN_OLD", {"ar": {}, "fa": {}})
    zips = sorted((corpora / "saudinewsnet" / "zips").glob("*.zip"))
    with zipfile.ZipFile(zips[0]) as archive:
        items = json.loads(archive.read(sorted(archive.namelist())[0]).decode("utf-8"))
    texts = [item["content"] for item in items if item.get("content", "").strip()][:60]
    assert len(texts) == 60
    first = [analyse(text, "ar") for text in texts]
    assert terms._PLAIN_OLD["ar"]  # the generations have turned over
    for text, terms_before in zip(texts, first, strict=True):
        assert_same_terms(text, "ar")
        assert analyse(text, "ar") == terms_before
