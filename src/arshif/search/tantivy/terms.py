"""The index terms of a record as the tantivy engine indexes them: arshif's own analysis.

tantivy never analyses arshif's text: every term comes from arshif's analyzers
(`arshif.search.analysis`, `arshif.search.textanalysis`), so that both engines index identical
terms at identical positions. This module makes them, with no tantivy in it (it runs in the
worker processes of a build, `arshif.search.tantivy.workers`):

* a text without a Persian compound takes `_plain`: one tokenization, and each word's exact
  term and stem looked up in a dict of the distinct words met (folding and stemming run once
  per distinct word, `arshif.search.textanalysis`), with C loops over the occurrences;
* a text with one (a ZWNJ inside a word, a standalone می/نمی, a spaced ها/های/هایی/ترین)
  takes `compound_tokens`, a single loop that gives exactly the tokens of
  `arshif.search.analysis.ZwnjFilter` in index mode (several at one position), with the
  folding, stop words and stems cached per surface word. The Whoosh engine sends such texts
  through the analyzer chain, a generator per filter per token; this is the fast path.

A field's terms are handed over in one of two forms (`Field`): a string of terms joined by
spaces (tantivy's ``whitespace`` tokenizer numbers them 0, 1, 2...: right whenever every term
has its own position, and for the stemmed fields, which keep frequencies only), or a list of
``(term, position)`` for the exact fields of texts whose terms share positions (tantivy's
pre-tokenized text). tests/search/tantivy_engine compare both with the analyzers on real text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, repeat
from operator import itemgetter
from typing import Any, TypeAlias

from arshif.model import Record
from arshif.search.analysis import _AFFIX_INITIALS, _TANWIN_ENDINGS, _WORD, WORD_PATTERN, _affix
from arshif.search.fields import STEMMED_LANGS, STORED, record_document
from arshif.search.stemming import STEMMERS
from arshif.search.textanalysis import _word
from arshif.text.fold import fold
from arshif.text.stopwords import stopwords

#: Terms joined by spaces (consecutive positions), or (term, position) pairs.
Field: TypeAlias = str | list[tuple[str, int]]

#: Fields whose every value is one term, as recorded (raw tokenizer): the facet and sort
#: values, and the identifiers' folded forms.
RAW_FIELDS = ("id", "source_id", "ident", "outlet", "lang", "tag", "published", "year", "tags")
#: Fields holding the analyser's terms (whitespace tokenizer or pre-tokenized).
TEXT_FIELDS = (
    *(f"{name}_{lang}" for name in ("title", "body") for lang in STEMMED_LANGS),
    "title_exact",
    "body_exact",
    "outlet_text",
    "author",
)

_SPLIT = re.compile(f"({WORD_PATTERN})")
_JOINERS = re.compile("[\u200c\u200d]+")
_PART = re.compile("[^\u200c\u200d]+")
_PREFIX, _SUFFIX, _JOINED = 1, 2, 3  # a word's kind for `ZwnjFilter` (0: none of these)
#: Words in one generation of a `_Words` cache (two at most are kept).
GENERATION = 50_000
_MISSING: Any = object()
_STOPS: frozenset[str] | None = None


class _Words:
    """What a function makes of each distinct surface word, remembered in two generations.

    `lookup` maps a text's words with C loops (one dict `get` a word occurrence); the function
    runs once per distinct word a process meets. When the current generation holds `GENERATION`
    words it becomes the old one (the one before is dropped), and a word met again is copied
    from the old into the new one: the words a corpus keeps using stay. (Emptying a cache when
    full made every common word be folded and stemmed again: 1.9x the analysis time at 3,000
    SaudiNewsNet articles, which have over 100,000 distinct words.)
    """

    __slots__ = ("make", "new", "old")

    def __init__(self, make: Callable[[str], Any]) -> None:
        self.make = make
        self.new: dict[str, Any] = {}
        self.old: dict[str, Any] = {}

    def lookup(self, words: list[str]) -> list[Any]:
        found = list(map(self.new.get, words, repeat(_MISSING)))
        if _MISSING in found:
            if len(self.new) >= GENERATION:
                self.old, self.new = self.new, {}
            new, old, make = self.new, self.old, self.make
            for at in [at for at, value in enumerate(found) if value is _MISSING]:
                word = words[at]
                value = new.get(word, _MISSING)
                if value is _MISSING:
                    value = old.get(word, _MISSING)
                    if value is _MISSING:
                        value = make(word)
                    new[word] = value
                found[at] = value
        return found


def _kind(surface: str) -> int:
    """What `ZwnjFilter` does with a word: `_PREFIX`, `_SUFFIX`, `_JOINED` or 0 (nothing)."""
    kind = _affix(surface) if surface[:1] in _AFFIX_INITIALS and len(surface) <= 5 else 0
    if not kind and ("\u200c" in surface or "\u200d" in surface):
        kind = _JOINED
    return kind


def _token_terms(surface: str, stemmer: Callable[[str], str]) -> tuple[str, str]:
    """(exact term, stem: "" for a stop word or a word folding to nothing) of a token of
    `compound_tokens` (no ZWNJ in it)."""
    global _STOPS
    if _STOPS is None:
        _STOPS = frozenset(stopwords(None))
    text = surface
    if len(text) > 4 and text.endswith(_TANWIN_ENDINGS):  # FoldFilter(tanwin=True)
        text = text[:-2]
    folded = fold(text)
    return fold(surface), "" if not folded or folded in _STOPS else stemmer(folded)


def _word_terms(surface: str, stemmer: Callable[[str], str]) -> tuple[str, str] | None:
    """`_token_terms` of a word of a text's tokenizer; None: a word `ZwnjFilter` acts on."""
    info = _word(surface)
    return None if info is None else (info[0], stemmer(info[1]) if info[1] else "")


_KINDS = _Words(_kind)
#: stemmer language → (exact term, stem) of each token of `compound_tokens`
_TOKENS = {lang: _Words(partial(_token_terms, stemmer=STEMMERS[lang])) for lang in STEMMED_LANGS}
#: stemmer language → (exact term, stem) of each word of a text without a Persian compound;
#: None: a word `ZwnjFilter` acts on (the text takes `compound_tokens`)
_PLAIN = {lang: _Words(partial(_word_terms, stemmer=STEMMERS[lang])) for lang in STEMMED_LANGS}


@dataclass
class Document:
    """One record's fields as the tantivy engine indexes them (picklable: built in workers)."""

    id: str
    withdrawn: bool
    #: field → its terms (`TEXT_FIELDS`)
    text: dict[str, Field] = field(default_factory=dict)
    #: field → its whole-value terms (`RAW_FIELDS`)
    raw: dict[str, list[str]] = field(default_factory=dict)
    #: the stored fields, JSON
    stored: str = "{}"


def _spaced(gap: str) -> bool:
    """Only whitespace, three characters at most, between two words (the tokenizer's rule)."""
    return len(gap) <= 3 and gap.isspace()


def compound_tokens(text: str) -> list[tuple[str, int, bool]]:
    """The tokens ``(text, position, is a part)`` that `arshif.search.analysis.ZwnjFilter`
    makes of `text` in index mode, before folding.

    The runs of plain words between the words the filter acts on (a word with ZWNJ/ZWJ, a
    standalone می/نمی, a suffix ها/های/هایی/ترین) are copied whole; only those words take
    Python statements.
    """
    pieces = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
    words = pieces[1::2]
    kinds = _KINDS.lookup(words)
    count = len(words)
    out: list[tuple[str, int, bool]] = []
    append, extend = out.append, out.extend
    shift = 0
    previous = ""  # the last word emitted, for a spaced suffix
    previous_pos = 0
    i = 0  # the next word to emit
    for at in compress(range(count), kinds):
        if at < i:  # the verb a می before it took
            continue
        if at > i:  # plain words
            extend(zip(words[i:at], range(i - shift, at - shift), repeat(False)))
            previous, previous_pos = words[at - 1], at - 1 - shift
        word, kind, pos = words[at], kinds[at], at - shift
        i = at + 1
        if kind == _PREFIX:
            append((word, pos, False))
            if i < count and _spaced(pieces[2 * i]):  # می خواهد: also میخواهد, خواهد
                verb = words[i]
                shift += 1
                if "\u200c" in verb or "\u200d" in verb:
                    append((word + _JOINERS.sub("", verb), pos, False))
                    extend((part, pos, True) for part in _PART.findall(verb))
                else:
                    append((word + verb, pos, False))
                    append((verb, pos, True))
                previous = ""
                i += 1
            continue
        if kind == _SUFFIX and previous and at and _spaced(pieces[2 * at]):
            shift += 1  # کتاب ها: کتابها and ها at کتاب's position
            append((_JOINERS.sub("", previous) + word, previous_pos, True))
            append((word, previous_pos, True))
            previous = ""
            continue
        previous, previous_pos = word, pos
        if "\u200c" in word or "\u200d" in word:
            append((_JOINERS.sub("", word), pos, False))
            extend((part, pos, True) for part in _PART.findall(word))
        else:
            append((word, pos, False))
    if i < count:
        extend(zip(words[i:], range(i - shift, count - shift), repeat(False)))
    return out


def _plain(text: str, lang: str | None) -> tuple[Field, str] | None:
    """`analyse` of a text without a Persian compound; None when it has one.

    Every word occurrence goes through C loops only (`findall`, `map` over a dict of the
    distinct words, `str.join`); Python statements run once per distinct surface word a
    process meets (`_Words`).
    """
    surfaces = _WORD.findall(text)
    pairs = _PLAIN["fa" if lang == "fa" else "ar"].lookup(surfaces)
    if None in pairs:
        return None
    terms = list(map(itemgetter(0), pairs))
    exact: Field
    if "" in terms:  # a word folding to nothing keeps its position empty
        exact = [(term, pos) for pos, term in enumerate(terms) if term]
    else:
        exact = " ".join(terms)
    stemmed = " ".join(filter(None, map(itemgetter(1), pairs))) if lang else ""
    return exact, stemmed


def analyse(text: str, lang: str | None) -> tuple[Field, str]:
    """The exact field's terms of `text`, and (with `lang`, "ar" or "fa") its stemmed field's
    terms (joined by spaces, in no particular order: that field keeps frequencies only)."""
    if lang != "fa" and "\u200c" not in text and "\u200d" not in text:
        plain = _plain(text, lang)  # (None: it met a compound; Persian mostly has them)
        if plain is not None:
            return plain
    tokens = compound_tokens(text)
    infos = _TOKENS["fa" if lang == "fa" else "ar"].lookup(list(map(itemgetter(0), tokens)))
    terms = list(map(itemgetter(0), infos))
    # (term, position) of each token, those folding to nothing left out
    exact = list(compress(zip(terms, map(itemgetter(1), tokens), strict=True), terms))
    if not lang:
        return exact, ""
    stems = list(map(itemgetter(1), infos))
    # LightStemFilter: a part whose stem is that of the whole word before it is dropped
    for at in compress(range(len(tokens)), map(itemgetter(2), tokens)):
        stem = stems[at]
        if not stem:
            continue
        head = at - 1
        while head >= 0 and (tokens[head][2] or not stems[head]):
            head -= 1
        if head >= 0 and stems[head] == stem:
            stems[at] = ""
    return exact, " ".join(filter(None, stems))


def exact_terms(text: str) -> Field:
    """The terms of a short text for an exact field (`arshif.search.analysis.exact_analyzer`)."""
    return analyse(text, None)[0]


def _whole(value: str, separator: str) -> list[str]:
    """Each `separator`-separated part stripped and folded whole; empty ones left out
    (`arshif.search.analysis.ident_analyzer`, `tag_analyzer`)."""
    terms = []
    for part in value.split(separator):
        term = fold(part.strip())
        if term:
            terms.append(term)
    return terms


def document(record: Record) -> Document:
    """The tantivy engine's document of `record`: the fields of
    `arshif.search.fields.record_document`, with the terms of `fields.analyzers()`."""
    fields = record_document(record)
    lang = fields["lang"]
    doc = Document(id=record.id, withdrawn=bool(fields["withdrawn"]))
    text, raw = doc.text, doc.raw
    for name in ("title", "body"):
        for key in STEMMED_LANGS:
            value = fields.get(f"{name}_{key}")
            if value:
                text[f"{name}_exact"], text[f"{name}_{key}"] = analyse(value, key)
    for name in ("outlet_text", "author"):
        if fields.get(name):
            text[name] = exact_terms(fields[name])
    raw["id"] = [record.id]
    raw["lang"] = [lang]
    for name in ("outlet", "published"):
        if fields.get(name):
            raw[name] = [fields[name]]
    if fields.get("published"):
        raw["year"] = [fields["published"][:4]]
    if fields.get("source_id"):
        raw["source_id"] = _whole(fields["source_id"], "\n")
    if fields.get("ident"):
        raw["ident"] = _whole(fields["ident"], "\n")
    if fields.get("tag"):
        raw["tag"] = _whole(fields["tag"], ",")
        raw["tags"] = [tag for tag in fields["tag"].split(",") if tag]
    stored: dict[str, Any] = {name: fields[name] for name in STORED if name in fields}
    doc.stored = json.dumps(stored, ensure_ascii=False)
    return doc


__all__ = ["Document", "Field", "analyse", "compound_tokens", "document", "exact_terms"]
