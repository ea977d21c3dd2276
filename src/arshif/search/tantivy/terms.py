"""The index terms of a record as the tantivy engine indexes them: arshif's own analysis.

tantivy never analyses arshif's text: every term comes from arshif's analyzers
(`arshif.search.analysis`, `arshif.search.textanalysis`), so that both engines index identical
terms at identical positions. This module makes them, with no tantivy in it (it runs in the
worker processes of a build, `arshif.search.tantivy.workers`):

* a text without a Persian compound takes `arshif.search.textanalysis.analyze_text` (one
  tokenization, cached folding and stemming);
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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from arshif.model import Record
from arshif.search.analysis import _AFFIX_INITIALS, _TANWIN_ENDINGS, _WORD, _affix
from arshif.search.fields import STEMMED_LANGS, STORED, record_document
from arshif.search.textanalysis import _stem, analyze_text
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


def compound_tokens(text: str) -> list[tuple[str, int, bool]]:
    """The tokens ``(text, position, is a part)`` that `arshif.search.analysis.ZwnjFilter`
    makes of `text` in index mode, before folding."""
    out: list[tuple[str, int, bool]] = []
    append = out.append
    shift = 0
    pending: tuple[str, int] | None = None  # a standalone می waiting for the next word
    previous = ""  # the last word emitted, for a spaced suffix
    previous_pos = 0
    previous_end = -10
    for i, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        start, end = match.span()
        kind = _KINDS.get(word)
        if kind is None:
            kind = _kind(word)
        pos = i - shift
        if pending is not None or kind == _SUFFIX:
            spaced = start - previous_end <= 3 and text[previous_end:start].isspace()
        previous_end = end
        if pending is not None:
            prefix, prefix_pos = pending
            pending = None
            if spaced:
                shift += 1
                append((prefix, prefix_pos, False))
                if "\u200c" in word or "\u200d" in word:
                    append((prefix + _JOINERS.sub("", word), prefix_pos, False))
                    out.extend((part, prefix_pos, True) for part in _PART.findall(word))
                else:
                    append((prefix + word, prefix_pos, False))
                    append((word, prefix_pos, True))
                previous = ""
                continue
            append((prefix, prefix_pos, False))
        if kind == _PREFIX:
            pending = (word, pos)
            continue
        if kind == _SUFFIX and previous and spaced:
            shift += 1
            append((_JOINERS.sub("", previous) + word, previous_pos, True))
            append((word, previous_pos, True))
            previous = ""
            continue
        previous = word
        previous_pos = pos
        if kind != _PLAIN and ("\u200c" in word or "\u200d" in word):
            append((_JOINERS.sub("", word), pos, False))
            out.extend((part, pos, True) for part in _PART.findall(word))
        else:
            append((word, pos, False))
    if pending is not None:
        append((pending[0], pending[1], False))
    return out


def _joined(terms: dict[str, list[int]]) -> Field:
    """An exact field's terms → joined by spaces when their positions are 0..n-1, else pairs."""
    count = sum(map(len, terms.values()))
    slots: list[str | None] = [None] * count
    try:
        for term, positions in terms.items():
            for pos in positions:
                slots[pos] = term
    except IndexError:
        slots = [None]
    if None in slots:
        return sorted(((t, p) for t, ps in terms.items() for p in ps), key=lambda tp: tp[1])
    return " ".join(slots)  # type: ignore[arg-type]


def _repeated(counts: Iterable[tuple[str, int]]) -> str:
    return "".join((term + " ") * count for term, count in counts)


def analyse(text: str, lang: str | None) -> tuple[Field, str]:
    """The exact field's terms of `text`, and (with `lang`, "ar" or "fa") its stemmed field's
    terms (joined by spaces, in no particular order: that field keeps frequencies only)."""
    analysis = analyze_text(text)
    if analysis is not None:
        stemmed = _repeated(analysis.stemmed(lang).items()) if lang else ""
        return _joined(analysis.exact), stemmed
    exact: list[tuple[str, int]] = []
    stems: list[str] = []
    add_term, add_stem = exact.append, stems.append
    cache = _TERMS["fa" if lang == "fa" else "ar"]
    head = None  # the stem of the last whole word: a part with the same stem is dropped
    for surface, pos, part in compound_tokens(text):
        found = cache.get(surface)
        if found is None:
            found = _terms(surface, lang)
        term, stem = found
        if term:
            add_term((term, pos))
        if stem and lang:
            if part:
                if stem == head:
                    continue
            else:
                head = stem
            add_stem(stem)
    return exact, " ".join(stems)


def exact_terms(text: str) -> Field:
    """The terms of a short text for an exact field (`arshif.search.analysis.exact_analyzer`)."""
    return analyse(text, None)[0]


def _whole(value: str, separator: str) -> list[str]:
    """Each `separator`-separated part stripped and folded whole; empty ones left out
    (`arshif.search.schema.ident_analyzer`, `tag_analyzer`)."""
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
