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
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter
from typing import Any, TypeAlias

from arshif.model import Record
from arshif.search.analysis import _AFFIX_INITIALS, _TANWIN_ENDINGS, _WORD, WORD_PATTERN, _affix
from arshif.search.fields import STEMMED_LANGS, STORED, record_document
from arshif.search.stemming import STEMMERS
from arshif.search.textanalysis import _stem, _word
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
_PLAIN, _PREFIX, _SUFFIX, _JOINED = 0, 1, 2, 3
#: Distinct surface words remembered (each cache is emptied when it is full).
CACHE_LIMIT = 100_000
_KINDS: dict[str, int] = {}
#: surface word → (exact term, stemmer input: "" for a stop word or a word folding to nothing)
_FOLDS: dict[str, tuple[str, str]] = {}
_STOPS: frozenset[str] | None = None
#: stemmer language → surface word → (exact term, stem: "" for a stop word)
_TERMS: dict[str, dict[str, tuple[str, str]]] = {"ar": {}, "fa": {}}
#: stemmer language → surface word → (exact term, stem), as `_TERMS`; None: a word of a Persian
#: compound (`ZwnjFilter`'s), which `compound_tokens` handles. Two generations: when the current
#: one holds `PLAIN_GENERATION` words it becomes the old one (the one before is dropped) and a
#: word met again is copied from the old into the new, so the words a corpus keeps using stay
#: (emptying one cache when full, as the others here do, made every common word be folded and
#: stemmed again: 1.9x the analysis time at 3,000 SaudiNewsNet articles, with over 100,000
#: distinct words).
_PLAIN: dict[str, dict[str, tuple[str, str] | None]] = {"ar": {}, "fa": {}}
_PLAIN_OLD: dict[str, dict[str, tuple[str, str] | None]] = {"ar": {}, "fa": {}}
#: Words in one generation of `_PLAIN` (two at most are kept: about 450 bytes a word each).
PLAIN_GENERATION = 100_000
_MISSING: Any = object()


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


def _kind(surface: str) -> int:
    kind = _KINDS.get(surface)
    if kind is None:
        kind = _affix(surface) if surface[:1] in _AFFIX_INITIALS and len(surface) <= 5 else 0
        if not kind and ("\u200c" in surface or "\u200d" in surface):
            kind = _JOINED
        if len(_KINDS) >= CACHE_LIMIT:
            _KINDS.clear()
        _KINDS[surface] = kind
    return kind


def _folds(surface: str) -> tuple[str, str]:
    """(exact term, stemmer input) of one token text (see `_FOLDS`)."""
    found = _FOLDS.get(surface)
    if found is None:
        global _STOPS
        if _STOPS is None:
            _STOPS = frozenset(stopwords(None))
        text = surface
        if len(text) > 4 and text.endswith(_TANWIN_ENDINGS):  # FoldFilter(tanwin=True)
            text = text[:-2]
        folded = fold(text)
        found = (fold(surface), "" if not folded or folded in _STOPS else folded)
        if len(_FOLDS) >= CACHE_LIMIT:
            _FOLDS.clear()
        _FOLDS[surface] = found
    return found


def _terms(surface: str, lang: str | None) -> tuple[str, str]:
    """(exact term, stem for `lang`: "" for a stop word) of one token text, cached."""
    key = "fa" if lang == "fa" else "ar"
    term, stem_input = _folds(surface)
    found = (term, _stem(stem_input, key) if stem_input else "")
    cache = _TERMS[key]
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[surface] = found
    return found


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
    kinds: dict[str, int] = {}  # (not `_KINDS` itself: it may be emptied meanwhile)
    for word in set(words):
        found = _KINDS.get(word)
        kinds[word] = _kind(word) if found is None else found
    count = len(words)
    out: list[tuple[str, int, bool]] = []
    append, extend = out.append, out.extend
    shift = 0
    previous = ""  # the last word emitted, for a spaced suffix
    previous_pos = 0
    i = 0  # the next word to emit
    for at in compress(range(count), map(kinds.__getitem__, words)):
        if at < i:  # the verb a می before it took
            continue
        if at > i:  # plain words
            extend(zip(words[i:at], range(i - shift, at - shift), repeat(False)))
            previous, previous_pos = words[at - 1], at - 1 - shift
        word, kind, pos = words[at], kinds[words[at]], at - shift
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
    process meets (`_PLAIN`).
    """
    surfaces = _WORD.findall(text)
    key = "fa" if lang == "fa" else "ar"
    cache = _PLAIN[key]
    pairs = list(map(cache.get, surfaces, repeat(_MISSING)))
    if _MISSING in pairs:  # words this generation has not met
        if len(cache) >= PLAIN_GENERATION:
            _PLAIN_OLD[key], cache = cache, {}
            _PLAIN[key] = cache
        old = _PLAIN_OLD[key]
        for at in [at for at, pair in enumerate(pairs) if pair is _MISSING]:
            surface = surfaces[at]
            found = cache.get(surface, _MISSING)
            if found is _MISSING:
                found = old.get(surface, _MISSING)
                if found is _MISSING:
                    info = _word(surface)
                    found = (
                        None
                        if info is None
                        else (info[0], STEMMERS[key](info[1]) if info[1] else "")
                    )
                cache[surface] = found
            pairs[at] = found
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
    surfaces = list(map(itemgetter(0), tokens))
    cache = _TERMS["fa" if lang == "fa" else "ar"]
    known: dict[str, tuple[str, str]] = {}  # (not `cache` itself: it may be emptied meanwhile)
    for surface in set(surfaces):
        found = cache.get(surface)
        known[surface] = _terms(surface, lang) if found is None else found
    infos = list(map(known.__getitem__, surfaces))
    exact = [(info[0], token[1]) for info, token in zip(infos, tokens, strict=True) if info[0]]
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
