"""Analysing the title and body texts fast: one pass, cached analysis, the same terms.

An analyzer is a chain of generators run over the text token by token; arshif indexes each
text twice (the exact field and the stemmed field of its language), and most of that work
repeats itself: a news archive says the same words again and again. `analyze_text` takes a
faster road to the same terms (an engine indexes them: `arshif.search.whoosh.textfield`):

* one tokenization of the text (the tokenizer's own pattern) serves both of its fields: the
  first of the two fields asked for a given text object analyzes it and keeps the result
  until the other asks (Whoosh indexes a document's fields one after the other);
* each distinct surface word is folded and checked against the stop list once per process,
  and stemmed once per process for each language asked for (dict caches of `CACHE_LIMIT`
  words, emptied when full), not once per occurrence.

The terms, frequencies and positions are exactly those of `exact_analyzer()` and
`stemmed_analyzer(lang)` in index mode (tests/search compare them on real text). A text with a
Persian compound (ZWNJ/ZWJ inside a word, or a standalone می/نمی or ها/های/هایی/ترین, which
`ZwnjFilter` joins) is left to the analyzers themselves, so that filter's rules live in one
place. The query side always uses the analyzers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from arshif.search.analysis import _AFFIX_INITIALS, _TANWIN_ENDINGS, _WORD, _affix
from arshif.search.stemming import STEMMERS
from arshif.text.fold import fold
from arshif.text.stopwords import stopwords

#: Distinct surface words remembered (the cache is emptied when it is full).
CACHE_LIMIT = 100_000

#: surface word → (exact term, stemmer input): the input is the folded word without its
#: tanwin alef, "" for a stop word or a word that folds to nothing (an exact term is "" when
#: it folds to nothing); None: the word needs the ZwnjFilter.
_Word = tuple[str, str]
_WORDS: dict[str, _Word | None] = {}
#: language → stemmer input → stem (each language's stem is made only when asked for)
_STEMS: dict[str, dict[str, str]] = {"ar": {}, "fa": {}}
_STOPS: frozenset[str] | None = None
_MISSING: Any = object()


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
        return exact, ""
    return exact, folded


def word_stem(info: _Word, lang: str) -> str:
    """The stem of a word (`word_analysis`) for the stemmer of `lang`; "" for a stop word."""
    folded = info[1]
    return _stem(folded, "fa" if lang == "fa" else "ar") if folded else ""


def _stem(folded: str, lang: str) -> str:
    """`STEMMERS[lang](folded)`, cached per language (made only when asked for)."""
    stems = _STEMS[lang]
    stem = stems.get(folded)
    if stem is None:
        stem = STEMMERS[lang](folded)
        if len(stems) >= CACHE_LIMIT:
            stems.clear()
        stems[folded] = stem
    return stem


class Analysis:
    """The terms of one text for the exact field, and its words' counts for the stemmed one."""

    __slots__ = ("counts", "exact")

    def __init__(self, exact: dict[str, list[int]], counts: dict[_Word, int]) -> None:
        self.exact = exact
        self.counts = counts

    def stemmed(self, lang: str) -> dict[str, int]:
        """Stem → frequency, for the stemmer of `lang` ("ar" or "fa")."""
        key = "fa" if lang == "fa" else "ar"
        stems = _STEMS[key]
        out: dict[str, int] = {}
        for info, count in self.counts.items():
            folded = info[1]
            if folded:
                stem = stems.get(folded) or _stem(folded, key)
                out[stem] = out.get(stem, 0) + count
        return out


def word_analysis(surface: str) -> _Word | None:
    """``(exact term, stemmer input)`` of one surface word, cached (see `_WORDS`)."""
    try:
        return _WORDS[surface]
    except KeyError:
        info = _word(surface)
        if len(_WORDS) >= CACHE_LIMIT:
            _WORDS.clear()
        _WORDS[surface] = info
        return info


def analyze_text(text: str) -> Analysis | None:
    """`Analysis` of `text`, or None when it holds a Persian compound (see the module doc).

    The work per word occurrence is done by C loops (`findall`, `Counter`, a dict
    comprehension); the Python statements run once per distinct word of the text.
    """
    surfaces = _WORD.findall(text)
    counts = Counter(surfaces)
    last = {surface: pos for pos, surface in enumerate(surfaces)}  # a word's last position
    repeated = {surface for surface, count in counts.items() if count > 1}
    every: dict[str, list[int]] = {}
    if repeated:
        for pos, surface in enumerate(surfaces):
            if surface in repeated:
                every.setdefault(surface, []).append(pos)
    words = _WORDS
    exact: dict[str, list[int]] = {}
    infos: dict[_Word, int] = {}
    for surface, count in counts.items():
        info = words.get(surface, _MISSING)
        if info is _MISSING:
            info = word_analysis(surface)
        if info is None:
            return None
        term = info[0]
        if term:
            positions = every[surface] if count > 1 else [last[surface]]
            found = exact.get(term)
            if found is None:
                exact[term] = positions
            else:  # two spellings of one term (with and without diacritics)
                found.extend(positions)
                found.sort()
        infos[info] = infos.get(info, 0) + count
    return Analysis(exact, infos)


#: The last text analyzed and its analysis (the other field of the same text reuses it).
_last: tuple[str, Analysis | None] | None = None


def analysis_of(text: str) -> Analysis | None:
    """`analyze_text(text)`, kept for the next field of the same text object."""
    global _last
    if _last is not None and _last[0] is text:
        return _last[1]
    result = analyze_text(text)
    _last = (text, result)
    return result
