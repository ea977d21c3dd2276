"""Snippets: the best passage of a record's text with the matched words marked.

The index does not store the body, so the caller gives the text (`text_of`). We run the same
analyzers as the index over it with character offsets on; a token whose term the query
searched is marked at its offsets in the *original* text, so the snippet shows the record's own
spelling, diacritics and ZWNJ, between `arshif.model.HIGHLIGHT_START` and `HIGHLIGHT_END`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START
from arshif.search import querytree as qt
from arshif.search.analysis import _WORD
from arshif.search.fields import STEMMED_LANGS, analyzers
from arshif.search.textanalysis import word_analysis, word_stem
from arshif.text.fold import MARKS

_SPACES = re.compile(r"\s+")
_MAX_SPANS = 2000


@dataclass
class MatchTerms:
    """The terms a query searched in the body/title fields, by analysis."""

    stemmed: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in STEMMED_LANGS})
    exact: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    #: stemmer language → (surface words decided, those that matched), for this query
    decided: dict[str, tuple[set[str], set[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes or any(self.stemmed.values()))


def query_terms(q: qt.Node) -> MatchTerms:
    """The positive (not negated) text terms of `q`, grouped by the analysis that made them."""
    found = MatchTerms()

    def add(fieldname: str, text: str) -> None:
        if not fieldname.startswith(("title_", "body_")):
            return
        suffix = fieldname.rsplit("_", 1)[1]
        if suffix == "exact":
            found.exact.add(text)
        elif suffix in found.stemmed:
            found.stemmed[suffix].add(text)

    def walk(node: qt.Node) -> None:
        if isinstance(node, qt.Not):
            return
        if isinstance(node, qt.AndNot):
            walk(node.positive)
            return
        if isinstance(node, qt.Term):
            add(node.field, node.text)
        elif isinstance(node, qt.Phrase):
            for word in node.words:
                add(node.field, word)
        elif isinstance(node, qt.Prefix) and node.field.endswith("_exact"):
            found.prefixes.add(node.text)
        for child in qt.children(node):
            walk(child)

    walk(q)
    return found


@functools.cache
def text_analyzers() -> dict[str, Any]:
    """The analyzers of the index's fields (`arshif.search.fields.analyzers`), made once."""
    return analyzers()


def match_spans(text: str, terms: MatchTerms, lang: str) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) character spans of the words of `text` the query matched."""
    spans = _fast_spans(text, terms, lang)
    if spans is None:
        spans = _analyzer_spans(text, terms, lang)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans)[:_MAX_SPANS]:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


#: What `_keys` holds for a word the cached analysis cannot decide (a Persian compound: the
#: analyzers do it).
_ANALYZE = None
#: Surface words whose keys are remembered, per stemmer language, at most (then emptied).
_KEYS_LIMIT = 200_000
#: stemmer language → surface word → (exact term, stem), or `_ANALYZE`
_KEYS: dict[str, dict[str, tuple[str, str] | None]] = {}


def _keys(surface: str, lang: str) -> tuple[str, str] | None:
    """The exact term and the `lang` stem of `surface` ("" for a stop word), or `_ANALYZE`."""
    info = word_analysis(surface)
    return _ANALYZE if info is None else (info[0], word_stem(info, lang))


def _fast_spans(text: str, terms: MatchTerms, lang: str) -> list[tuple[int, int]] | None:
    """The spans through the index's cached word analysis (`arshif.search.textanalysis`), one
    distinct word at a time; None when the text holds a Persian compound (the analyzers do
    it).

    The words are listed by the tokenizer's pattern in C (`findall`); each distinct word's
    exact term and stem are remembered across queries (`_KEYS`) and its outcome across the
    hits of one query (`MatchTerms.matched`), and the offsets of the matched words found by a
    pattern of those words alone (`_occurrences`)."""
    keys = _KEYS.get(lang)
    if keys is None or len(keys) > _KEYS_LIMIT:
        keys = _KEYS[lang] = {}
    seen, matched = terms.decided.setdefault(lang, (set(), set()))
    words = set(_WORD.findall(text))
    new = words - seen
    if new:
        stems = terms.stemmed.get(lang) or set()
        exacts = terms.exact
        prefixes = tuple(terms.prefixes)
        for surface in new:
            try:
                key = keys[surface]
            except KeyError:
                key = keys[surface] = _keys(surface, lang)
            if key is _ANALYZE:
                return None  # (not remembered as seen: every text holding it says so)
            seen.add(surface)
            exact, stem = key
            if stem in stems or (exact and (exact in exacts or exact.startswith(prefixes))):
                matched.add(surface)
    found = words & matched
    return _occurrences(text, found) if found else []


def _occurrences(text: str, words: set[str]) -> list[tuple[int, int]]:
    """The spans of `words` as whole tokens of `text` (in order). A token of a text without
    a Persian compound is a longest run of word characters: an occurrence is one when no word
    character is beside it (a word holds only word characters, so an occurrence that is not
    a token never hides one that is)."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))
    inside = _word_character()
    end = len(text)
    return [
        (s, e)
        for s, e in (match.span() for match in _alternation(alternatives).finditer(text))
        if (s == 0 or not inside(text, s - 1)) and (e == end or not inside(text, e))
    ]


@functools.lru_cache(maxsize=1024)
def _alternation(alternatives: str) -> re.Pattern[str]:
    return re.compile(alternatives)


@functools.cache
def _word_character() -> Any:
    """``match(text, i)``: whether the character at `i` is a word character of the tokenizer."""
    return re.compile(rf"[\w{MARKS}]").match


def _analyzer_spans(text: str, terms: MatchTerms, lang: str) -> list[tuple[int, int]]:
    analyzer_of = text_analyzers()
    spans: list[tuple[int, int]] = []
    stems = terms.stemmed.get(lang)
    if stems:
        for t in analyzer_of[f"body_{lang}"](text, chars=True, mode="index"):
            if t.text in stems:
                spans.append((t.startchar, t.endchar))
    if terms.exact or terms.prefixes:
        prefixes = tuple(terms.prefixes)
        for t in analyzer_of["body_exact"](text, chars=True, mode="index"):
            if t.text in terms.exact or (prefixes and t.text.startswith(prefixes)):
                spans.append((t.startchar, t.endchar))
    return spans


def _best_window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    best: tuple[int, int, int] = (-1, 0, 0)
    best_window = (0, min(len(text), width))
    lead = width // 4
    for i, (anchor, _) in enumerate(spans):
        start = max(0, anchor - lead)
        end = min(len(text), start + width)
        inside = [text[s:e] for s, e in spans[i:] if e <= end]
        score = (len(set(inside)), len(inside), -anchor)
        if score > best:
            best, best_window = score, (start, end)
    return best_window


def _word_bounds(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    for s, e in spans:  # never cut a marked word
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space >= 0 else end
    return start, end


def snippet(text: str, spans: list[tuple[int, int]], width: int = 240) -> str:
    """The passage of `text` around the most distinct matched words, spans marked, one line."""
    if not text:
        return ""
    if not spans:
        start, end = _word_bounds(text, 0, min(len(text), width), [])
    else:
        start, end = _word_bounds(text, *_best_window(text, spans, width), spans)
    pieces = ["…"] if start > 0 else []
    cursor = start
    for s, e in spans:
        if s >= start and e <= end:
            pieces += [text[cursor:s], HIGHLIGHT_START, text[s:e], HIGHLIGHT_END]
            cursor = e
    pieces.append(text[cursor:end])
    if end < len(text):
        pieces.append("…")
    return _SPACES.sub(" ", "".join(pieces)).strip()
