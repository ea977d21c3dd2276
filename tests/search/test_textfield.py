"""The fast indexing path gives the analyzers' own postings; the codec's index searches the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields, index
from whoosh.codec.whoosh3 import W3Codec

from arshif.search import SearchIndex, search
from arshif.search.analysis import exact_analyzer, stemmed_analyzer
from arshif.search.fields import record_document
from arshif.search.textanalysis import analyze_text
from arshif.search.whoosh.codec import ArshifCodec
from arshif.search.whoosh.indexer import WhooshIndex
from arshif.search.whoosh.schema import build_schema
from arshif.search.whoosh.textfield import AnalyzedText

from .helpers import ALL, make_record

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TEXTS = [
    "",
    "القوات الأمريكية تنسحب من العراق، وقال الخفاجي إن الانسحاب يتم يوماً بعد يوم.",
    "وَالْمُؤْتَمَرُ الصَّحَفِيُّ ـــ عُقِدَ في ٢٠٢١/١١/١٩ بالرياض ﻻ ﷲ",
    "في من على إلى عن مع هذا هذه التي الذي",  # stop words only
    "نیروهای آمریکایی از عراق خارج می‌شوند",  # ZWNJ: the analyzers' own path
    "کتاب ها را می خواهد و کتابهای دیگر نمی خواهد",  # spaced affixes: the analyzers' own path
    "abc ABC 123 ١٢٣ ۱۲۳ mixed العربية English",
    "يوماً حتماً كتاباً",  # the tanwin alef of the stemmed fields
] + [path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def _reference(role: str) -> fields.TEXT:
    if role == "exact":
        return fields.TEXT(analyzer=exact_analyzer(), phrase=True)
    return fields.TEXT(analyzer=stemmed_analyzer(role), phrase=False)


@pytest.mark.parametrize("role", ["exact", "ar", "fa"])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_analyzed_text_indexes_what_the_analyzers_give(role: str, text: str) -> None:
    reference = _reference(role)
    fast = AnalyzedText(role, analyzer=reference.analyzer, phrase=role == "exact")
    assert sorted(fast.index(text)) == sorted(reference.index(text))


def test_both_fields_of_a_text_share_one_analysis() -> None:
    text = TEXTS[1] + " " + TEXTS[6]
    exact = AnalyzedText("exact", analyzer=exact_analyzer(), phrase=True)
    stemmed = AnalyzedText("ar", analyzer=stemmed_analyzer("ar"), phrase=False)
    for field, role in ((stemmed, "ar"), (exact, "exact"), (stemmed, "ar")):
        assert sorted(field.index(text)) == sorted(_reference(role).index(text))
    assert analyze_text(TEXTS[4]) is None  # a Persian compound: the analyzers do it
    assert analyze_text(TEXTS[1]) is not None


@pytest.mark.parametrize("codec", [ArshifCodec(), W3Codec()], ids=["arshif", "w3"])
def test_the_codec_writes_an_index_that_searches_the_same(tmp_path: Path, codec: object) -> None:
    records = [*ALL, *(make_record(f"5eed{i:08x}", text) for i, text in enumerate(TEXTS[8:]))]
    built = SearchIndex.build(tmp_path / "reference", records)
    (tmp_path / "other").mkdir()
    ix = index.create_in(str(tmp_path / "other"), build_schema())
    with ix.writer(codec=codec) as writer:
        for record in records:
            writer.add_document(**record_document(record))
    other = SearchIndex(WhooshIndex(tmp_path / "other", tmp_path / "other", ix))
    assert other.doc_count() == built.doc_count() == len(records)
    for query in ("الخفاجي", "القوات الأمريكية", '"القوات الأمريكية"', "نیروهای", "تهران", "*"):
        for exact in (False, True):
            a = search(built, query, limit=50, exact=exact)
            b = search(other, query, limit=50, exact=exact)
            assert a.total == b.total
            assert [(h.id, round(h.score, 4)) for h in a.hits] == [
                (h.id, round(h.score, 4)) for h in b.hits
            ]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_snippet_spans_are_the_analyzers_spans(text: str) -> None:
    from arshif.search import querytree as qt
    from arshif.search.analysis import analyze
    from arshif.search.highlight import _analyzer_spans, match_spans, query_terms

    schema = build_schema()
    words = [w for w in text.split() if len(w) > 2][:6] or ["القوات"]
    for lang in ("ar", "fa"):
        for field in (f"body_{lang}", "body_exact"):
            analyzer = schema[field].analyzer
            clauses: list[qt.Node] = [
                qt.Term(field, term) for word in words for term in analyze(analyzer, word, "query")
            ]
            q = qt.Or((*clauses, qt.Prefix(field, words[0][:3])))
            terms = query_terms(q)
            expected: list[tuple[int, int]] = []
            for start, end in sorted(set(_analyzer_spans(text, terms, lang))):
                if expected and start <= expected[-1][1]:
                    expected[-1] = (expected[-1][0], max(end, expected[-1][1]))
                else:
                    expected.append((start, end))
            assert match_spans(text, terms, lang) == expected
