"""Whoosh analysis for Arabic and Persian: tokenizer, filters and the analyzers built from them.

Every class here is module level and every analyzer is a composition of them, so the schema
pickles into the index by reference to this module (a stable import path: moving or renaming
a class here makes existing indexes unreadable, which `SCHEMA_VERSION` then reports).

The chain (docs/search-quality.md has the measurements behind each step)::

    ArabicPersianTokenizer  words whole: marks, tatweel, ZWNJ/ZWJ inside a word stay in it;
                            offsets point into the original text
    ZwnjFilter              می‌خواهد → میخواهد + می + خواهد at one position (index);
                            spaced می خواهد / کتاب ها → also میخواهد / کتابها;
                            the query side keeps the joined form only
    FoldFilter              arshif.text.fold.fold (+ the tanwin alef for stemmed fields)
    StopFilter              folded Savoy/Lucene ar ∪ fa, positions kept (stemmed fields only)
    LightStemFilter         per language (arshif.search.stemming), with a dict cache
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import (
    CommaSeparatedTokenizer,
    CompositeAnalyzer,
    Filter,
    IDAnalyzer,
    RegexTokenizer,
    StopFilter,
    StripFilter,
    Token,
    Tokenizer,
)

from arshif.search.stemming import STEMMERS
from arshif.text.fold import MARKS, fold
from arshif.text.stopwords import stopwords

#: Combining marks that may sit inside a word (regex class body: `arshif.text.fold.MARKS`).
_MARKS = MARKS
#: A word: letters/digits/marks/tatweel, optionally joined by ZWNJ/ZWJ to further such runs.
WORD_PATTERN = rf"[\w{_MARKS}]+(?:[\u200c\u200d]+[\w{_MARKS}]+)*"
_WORD = re.compile(WORD_PATTERN)
_JOINERS = re.compile("[\u200c\u200d]+")
_PART = re.compile("[^\u200c\u200d]+")
#: The Persian continuous/negative verb prefixes, folded, that a space may separate from the verb.
MI_PREFIXES = frozenset({"مي", "نمي"})
#: Persian plural and superlative suffixes, folded, that a space may separate from the word.
JOINED_SUFFIXES = frozenset({"ها", "هاي", "هايي", "ترين"})
_AFFIX_INITIALS = frozenset("منهت")
_TANWIN_ENDINGS = ("ا\u064b", "\u064bا")
_CACHE_LIMIT = 200_000


class ArabicPersianTokenizer(Tokenizer):  # type: ignore[misc]
    """Words as runs of word characters and Arabic combining marks, ZWNJ/ZWJ kept inside.

    Sets ``t.spaced`` when only whitespace separates a token from the previous one (the
    ZwnjFilter joins ``می خواهد`` on it) and ``t.part = False`` (ZwnjFilter marks the parts
    it adds after a joined form).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.spaced = t.part = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        previous_end = -10
        for pos, match in enumerate(_WORD.finditer(value)):
            start, end = match.span()
            t.text = match.group()
            if keeporiginal:
                t.original = t.text
            t.stopped = t.part = False
            t.boost = 1.0
            t.spaced = start - previous_end <= 3 and value[previous_end:start].isspace()
            previous_end = end
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class ZwnjFilter(Filter):  # type: ignore[misc]
    """Make the three spellings of a Persian compound one term: joined, ZWNJ and space.

    Index mode, all at the position of the compound's first word (later words move back, so
    phrases match whichever spelling a document uses):

    * a word with ZWNJ/ZWJ gives its joined form, then each part (with its own offsets);
    * a standalone ``می``/``نمی`` before a word gives itself, ``میخواهد`` and the verb;
    * a standalone plural/superlative suffix (``ها``, ``های``, ``هایی``, ``ترین``) after a word
      adds the joined ``کتابها`` and itself to the word.

    Query mode gives the joined forms only (the query parser joins spaced prefixes and
    suffixes with ZWNJ before analysis, `arshif.search.query`). Runs before folding, on the
    original text, so the offsets are right.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0
        pending: Token | None = None  # a standalone می waiting for the next word
        previous = ""  # the last word emitted, for a spaced suffix (index mode)
        previous_pos = previous_start = 0
        for t in tokens:
            text = t.text
            if shift and t.positions:
                t.pos -= shift
            if pending is not None:
                prefix, pending = pending, None
                if t.spaced:
                    if t.positions:
                        t.pos = prefix.pos
                        shift += 1
                    yield from _emit(t, prefix)
                    previous = ""
                    continue
                yield prefix
            affix = _affix(text) if text[:1] in _AFFIX_INITIALS and len(text) <= 5 else 0
            if affix == _PREFIX:
                pending = t.copy()
                continue
            if affix == _SUFFIX and previous and t.spaced and t.mode != "query":
                start = t.startchar if t.chars else 0
                t.text, t.part, t.stopped = _JOINERS.sub("", previous) + text, True, False
                if t.positions:
                    t.pos = previous_pos
                    shift += 1
                if t.chars:
                    t.startchar = previous_start
                yield t
                t.text, t.stopped = text, False
                if t.chars:
                    t.startchar = start
                yield t
                previous = ""
                continue
            previous = text
            if t.positions:
                previous_pos = t.pos
            if t.chars:
                previous_start = t.startchar
            if "\u200c" in text or "\u200d" in text:
                yield from _emit(t, None)
            else:
                yield t
        if pending is not None:
            yield pending


_PREFIX, _SUFFIX = 1, 2
_AFFIXES: dict[str, int] = {}


def _affix(text: str) -> int:
    """1 if `text` is a standalone verb prefix (می), 2 if a plural/superlative suffix, else 0."""
    kind = _AFFIXES.get(text)
    if kind is None:
        folded = fold(text)
        kind = _PREFIX if folded in MI_PREFIXES else _SUFFIX if folded in JOINED_SUFFIXES else 0
        if len(_AFFIXES) < 10_000:
            _AFFIXES[text] = kind
    return kind


def _emit(t: Token, prefix: Token | None) -> Iterator[Token]:
    """`t` joined (to `prefix`, a standalone می, when given), then in index mode its parts."""
    word = t.text
    has_joiner = "\u200c" in word or "\u200d" in word
    if prefix is None and not has_joiner:
        yield t
        return
    start = t.startchar if t.chars else 0
    end = t.endchar if t.chars else 0
    joined = _JOINERS.sub("", word) if has_joiner else word
    index = t.mode != "query"
    if prefix is not None:
        if index:
            yield prefix
        joined = prefix.text + joined
        if t.chars:
            t.startchar = prefix.startchar
    t.text = joined
    t.stopped = False
    yield t
    if not index:
        return
    t.part = True
    for part in _PART.finditer(word) if has_joiner else (None,):
        t.text = word if part is None else part.group()
        t.stopped = False
        if t.chars:
            t.startchar, t.endchar = (
                (start, end)
                if part is None
                else (
                    start + part.start(),
                    start + part.end(),
                )
            )
        yield t


class FoldFilter(Filter):  # type: ignore[misc]
    """`arshif.text.fold.fold` each token; drop tokens that fold to nothing (a lone mark).

    With ``tanwin=True`` (stemmed fields) a final alef carrying fathatan (``يوماً``, ``حتماً``)
    is removed first in words longer than four characters, so the adverbial accusative meets
    its noun (يوم). Results are cached per surface form.
    """

    def __init__(self, tanwin: bool = False) -> None:
        self.tanwin = tanwin
        self._cache: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.tanwin == self.tanwin

    def __hash__(self) -> int:
        return hash((type(self), self.tanwin))

    def __getstate__(self) -> dict[str, Any]:
        return {"tanwin": self.tanwin}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.tanwin = state["tanwin"]
        self._cache = {}

    def fold(self, text: str) -> str:
        """The folded form of one token text (cached)."""
        folded = self._cache.get(text)
        if folded is None:
            raw = text
            if self.tanwin and len(text) > 4 and text.endswith(_TANWIN_ENDINGS):
                text = text[:-2]
            folded = fold(text)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[raw] = folded
        return folded

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        cache = self._cache
        for t in tokens:
            text = t.text
            folded = cache.get(text)
            if folded is None:
                folded = self.fold(text)
            if folded:
                t.text = folded
                yield t


class LightStemFilter(Filter):  # type: ignore[misc]
    """Stem with the light stemmer of one language ("ar", "fa" or "mixed"), dict-cached.

    A part of a ZWNJ compound whose stem is the compound's own (گروه‌ها → گروه, گروه) is
    dropped, so the compound counts once.

    The stemmer is looked up by language name, so the filter pickles as its name only.
    """

    def __init__(self, lang: str) -> None:
        if lang not in STEMMERS:
            raise ValueError(f"no stemmer for {lang!r} (have: {', '.join(sorted(STEMMERS))})")
        self.lang = lang
        self._cache: dict[str, str] = {}

    @property
    def stem_function(self) -> Callable[[str], str]:
        return STEMMERS[self.lang]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash((type(self), self.lang))

    def __getstate__(self) -> dict[str, Any]:
        return {"lang": self.lang}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lang = state["lang"]
        self._cache = {}

    def stem(self, word: str) -> str:
        """The stem of one folded word (cached)."""
        stemmed = self._cache.get(word)
        if stemmed is None:
            stemmed = STEMMERS[self.lang](word)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = stemmed
        return stemmed

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        cache = self._cache
        head = None  # the stem of the last joined form: a part with the same stem is dropped
        for t in tokens:
            if not t.stopped:
                stemmed = cache.get(t.text)
                t.text = stemmed = stemmed if stemmed is not None else self.stem(t.text)
                if t.part:
                    if stemmed == head:
                        continue
                else:
                    head = stemmed
            yield t


def stop_filter(lang: str | None = None) -> StopFilter:
    """Whoosh's StopFilter over the folded stop list, keeping positions (``renumber=False``)."""
    return StopFilter(stoplist=stopwords(lang), minsize=1, renumber=False)


def exact_analyzer() -> CompositeAnalyzer:
    """Unstemmed, with stop words: for quoted phrases, ``--exact`` and names."""
    return CompositeAnalyzer(ArabicPersianTokenizer(), ZwnjFilter(), FoldFilter())


def stemmed_analyzer(lang: str) -> CompositeAnalyzer:
    """Folded, stop words removed (positions kept), light-stemmed for `lang` ("ar"/"fa")."""
    return CompositeAnalyzer(
        ArabicPersianTokenizer(),
        ZwnjFilter(),
        FoldFilter(tanwin=True),
        stop_filter(),
        LightStemFilter(lang),
    )


def ident_analyzer() -> CompositeAnalyzer:
    """Identifiers, one a line, each folded whole (digits of any script → ASCII)."""
    return CompositeAnalyzer(RegexTokenizer(r"[^\n]+"), StripFilter(), FoldFilter())


def tag_analyzer() -> CompositeAnalyzer:
    """Comma-separated tags, each folded as a whole (``tag:"حقوق بشر"``)."""
    return CompositeAnalyzer(CommaSeparatedTokenizer(), FoldFilter())


def lowercase_analyzer() -> Any:
    """The whole value, lowercased (``lang``)."""
    return IDAnalyzer(lowercase=True)


def analyze(analyzer: CompositeAnalyzer, text: str, mode: str = "index") -> list[str]:
    """The terms `analyzer` makes of `text` (for tests, the benchmark and debugging)."""
    return [t.text for t in analyzer(text, mode=mode)]


__all__ = [
    "WORD_PATTERN",
    "ArabicPersianTokenizer",
    "FoldFilter",
    "LightStemFilter",
    "ZwnjFilter",
    "analyze",
    "exact_analyzer",
    "ident_analyzer",
    "lowercase_analyzer",
    "stemmed_analyzer",
    "stop_filter",
    "tag_analyzer",
]
