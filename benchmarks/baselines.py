"""The two reference systems of benchmarks/retrieval.py, built on plain Whoosh.

* ``stock``: Whoosh's `StandardAnalyzer` (regex ``\\w`` tokens, lowercase, English stop words),
  as a Whoosh user gets it out of the box.
* ``lucene-ref``: a re-implementation, inside the benchmark and independent of arshif's code,
  of Lucene's analysis: a tokenizer that keeps combining marks in words and breaks at ZWNJ
  (StandardTokenizer + PersianCharFilter), LowerCaseFilter, DecimalDigitFilter,
  ArabicNormalizationFilter, PersianNormalizationFilter, the Lucene (Savoy) ar ∪ fa stop lists
  (normalized the same way, applied after normalization as PersianAnalyzer does) and
  ArabicStemFilter (light10). Rules from ../shared/reference/arabic-persian-analysis.md §2.

Both index ``title`` and ``body`` and are queried with Whoosh's MultifieldParser over both
fields, OR-grouped, BM25F defaults: the same fields and ranking function arshif uses. Like
arshif's parser they take ``word*`` as a prefix but no other wildcard: Whoosh's default
WildcardPlugin reads the Arabic question mark ؟ (U+061F) as a one-letter wildcard, so every
question ending in ؟ would search a wildcard instead of its last word (``wildcards=True``
restores that default, for the record).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import fields, index, qparser
from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
)

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
#: StandardTokenizer-like for this script: marks stay in the word; ZWNJ is a break.
LUCENE_PATTERN = rf"[\w{_MARKS}]+"

_AR_NORM = {ord(c): "ا" for c in "آأإ"} | {ord("ى"): "ي", ord("ة"): "ه"}
_AR_NORM |= {c: None for c in [0x0640, *range(0x064B, 0x0653)]}
_FA_NORM = {ord("ی"): "ي", ord("ے"): "ي", ord("ک"): "ك", ord("ۀ"): "ه", ord("ہ"): "ه", 0x0654: None}
_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def lucene_digits(text: str) -> str:
    """DecimalDigitFilter: every non-ASCII decimal digit → its ASCII digit."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.digit(c)) if c.isdecimal() and ord(c) > 0x7F else c for c in text
    )


def lucene_normalize(text: str) -> str:
    """ArabicNormalizer then PersianNormalizer."""
    return text.translate(_AR_NORM).translate(_FA_NORM)


def lucene_arabic_stem(word: str) -> str:
    """ArabicStemmer: first matching prefix (guarded), then every matching suffix in order."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) >= max(len(prefix) + 2, 4):
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


class LuceneArabicFilter(Filter):  # type: ignore[misc]
    """Digits, normalization and the Arabic light stemmer, with stop words in between."""

    def __init__(self, stops: frozenset[str]) -> None:
        self.stops = stops

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for t in tokens:
            text = lucene_normalize(lucene_digits(t.text))
            if not text or (text in self.stops and t.removestops):
                continue
            t.text = lucene_arabic_stem(text)
            yield t


def lucene_stopwords(testvectors: Path) -> frozenset[str]:
    words: set[str] = set()
    for name in ("ar_stopwords.txt", "fa_stopwords.txt"):
        for line in (testvectors / "lucene" / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.add(lucene_normalize(line.strip().lower()))
    return frozenset(words)


def lucene_analyzer(testvectors: Path) -> Any:
    return (
        RegexTokenizer(LUCENE_PATTERN)
        | LowercaseFilter()
        | LuceneArabicFilter(lucene_stopwords(testvectors))
    )


class WhooshBaseline:
    """A title+body Whoosh index with one analyzer, searched with MultifieldParser (OR)."""

    def __init__(self, name: str, analyzer: Any, wildcards: bool = False) -> None:
        self.name = name
        self.analyzer = analyzer
        self.wildcards = wildcards

    def index(self, directory: Path, docs: Iterable[dict[str, str]]) -> None:
        schema = fields.Schema(
            source_id=fields.ID(stored=True, unique=True),
            title=fields.TEXT(analyzer=self.analyzer),
            body=fields.TEXT(analyzer=self.analyzer),
        )
        directory.mkdir(parents=True, exist_ok=True)
        self.ix = index.create_in(str(directory), schema)
        writer = self.ix.writer(limitmb=256)
        for doc in docs:
            writer.add_document(
                source_id=doc["source_id"], title=doc.get("title") or "", body=doc["text"]
            )
        writer.commit()

    def run(
        self, queries: dict[str, str], depth: int, title_weight: float = 1.0
    ) -> dict[str, list[tuple[str, float]]]:
        """Runs of `queries`; `title_weight` boosts the title field against the body's 1.0."""
        parser = qparser.MultifieldParser(
            ["title", "body"], self.ix.schema, {"title": title_weight}, group=qparser.OrGroup
        )
        if not self.wildcards:  # Whoosh takes the Arabic question mark ؟ for a wildcard
            parser.remove_plugin_class(qparser.WildcardPlugin)
            parser.add_plugin(qparser.PrefixPlugin())
        runs = {}
        with self.ix.searcher() as searcher:
            for qid, text in queries.items():
                results = searcher.search(parser.parse(text), limit=depth)
                runs[qid] = [(hit["source_id"], float(hit.score)) for hit in results]
        return runs


def stock_system() -> WhooshBaseline:
    return WhooshBaseline("stock Whoosh", StandardAnalyzer())


def lucene_system(testvectors: Path) -> WhooshBaseline:
    return WhooshBaseline("Lucene-ref", lucene_analyzer(testvectors))
