"""Indexing the title and body fields fast: one pass, cached analysis, the same terms.

Whoosh indexes a field by running its analyzer, a chain of generators, over the text, token by
token; arshif indexes each text twice (the exact field and the stemmed field of its language),
and most of that work repeats itself: a news archive says the same words again and again.
`AnalyzedText` is a TEXT field whose `index` takes a faster road to the same postings:

* one tokenization of the text (the tokenizer's own pattern) serves both of its fields: the
  first of the two fields asked for a given text object analyzes it and keeps the result
  until the other asks (Whoosh indexes a document's fields one after the other);
* each distinct surface word is folded, checked against the stop list and stemmed in both
  languages once per process (a dict cache), not once per occurrence.

The terms, frequencies and positions are exactly those of `exact_analyzer()` and
`stemmed_analyzer(lang)` in index mode (tests/search compare them on real text). A text with a
Persian compound (ZWNJ/ZWJ inside a word, or a standalone می/نمی or ها/های/هایی/ترین, which
`ZwnjFilter` joins) is left to the analyzers themselves, so that filter's rules live in one
place. The query side always uses the analyzers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import fields
from whoosh.system import pack_uint

from arshif.search.analysis import _AFFIX_INITIALS, _TANWIN_ENDINGS, _WORD, _affix
from arshif.search.stemming import STEMMERS
from arshif.text.fold import fold
from arshif.text.stopwords import stopwords

#: Distinct surface words remembered (the cache is emptied when it is full).
CACHE_LIMIT = 500_000

#: surface word → (exact term, Arabic stem, Persian stem); a stem is "" for a stop word or a
#: word that folds to nothing (an exact term is "" when it folds to nothing); None: the word
#: needs the ZwnjFilter.
_Word = tuple[str, str, str]
_WORDS: dict[str, _Word | None] = {}
_STOPS: frozenset[str] | None = None


def _word(surface: str) -> _Word | None:
    """What the analyzers make of one surface word (see `_WORDS`)."""
    global _STOPS
    if "\u200c" in surface or "\u200d" in surface:
        return None
    if surface[:1] in _AFFIX_INITIALS and len(surface) <= 5 and _affix(surface):
        return None
    if _STOPS is None:
        _STOPS = frozenset(stopwords(None))
    exact = fold(surface)
    text = surface
    if len(text) > 4 and text.endswith(_TANWIN_ENDINGS):  # FoldFilter(tanwin=True)
        text = text[:-2]
    folded = fold(text)
    if not folded or folded in _STOPS:  # StopFilter (positions kept, so none to renumber)
        return exact, "", ""
    return exact, STEMMERS["ar"](folded), STEMMERS["fa"](folded)


class Analysis:
    """The terms of one text for the exact field, and its words' counts for the stemmed one."""

    __slots__ = ("counts", "exact")

    def __init__(self, exact: dict[str, list[int]], counts: dict[_Word, int]) -> None:
        self.exact = exact
        self.counts = counts

    def stemmed(self, lang: str) -> dict[str, int]:
        """Stem → frequency, for the stemmer of `lang` ("ar" or "fa")."""
        which = 2 if lang == "fa" else 1
        out: dict[str, int] = {}
        for info, count in self.counts.items():
            stem = info[which]
            if stem:
                out[stem] = out.get(stem, 0) + count
        return out


def word_analysis(surface: str) -> _Word | None:
    """``(exact term, Arabic stem, Persian stem)`` of one surface word, cached (see `_WORDS`)."""
    try:
        return _WORDS[surface]
    except KeyError:
        info = _word(surface)
        if len(_WORDS) >= CACHE_LIMIT:
            _WORDS.clear()
        _WORDS[surface] = info
        return info


def analyze_text(text: str) -> Analysis | None:
    """`Analysis` of `text`, or None when it holds a Persian compound (see the module doc)."""
    words = _WORDS
    exact: dict[str, list[int]] = {}
    counts: dict[_Word, int] = {}
    for pos, match in enumerate(_WORD.finditer(text)):
        surface = match.group()
        try:
            info = words[surface]
        except KeyError:
            info = _word(surface)
            if len(words) >= CACHE_LIMIT:
                words.clear()
            words[surface] = info
        if info is None:
            return None
        term = info[0]
        if term:
            found = exact.get(term)
            if found is None:
                exact[term] = [pos]
            else:
                found.append(pos)
        counts[info] = counts.get(info, 0) + 1
    return Analysis(exact, counts)


#: The last text analyzed and its analysis (the other field of the same text reuses it).
_last: tuple[str, Analysis | None] | None = None


def _analysis(text: str) -> Analysis | None:
    global _last
    if _last is not None and _last[0] is text:
        return _last[1]
    result = analyze_text(text)
    _last = (text, result)
    return result


class AnalyzedText(fields.TEXT):  # type: ignore[misc]
    """A TEXT field indexed through `analyze_text` (see the module docstring).

    `role` is "exact" (positions, `exact_analyzer`) or a stemmer language, "ar" or "fa"
    (frequencies, `stemmed_analyzer(role)`); `analyzer` must be the matching analyzer, which
    the query side, highlighting and the fallback use.
    """

    def __init__(self, role: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.role = role

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        analysis = _analysis(value) if isinstance(value, str) and not kwargs else None
        if analysis is None:
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        if self.role == "exact":
            encode = self.format.encode
            for term, positions in analysis.exact.items():
                freq = len(positions)
                yield term.encode("utf-8"), freq, freq * boost, encode(positions)
        else:
            for term, freq in analysis.stemmed(self.role).items():
                yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)
