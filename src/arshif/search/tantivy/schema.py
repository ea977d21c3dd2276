"""The tantivy schema of arshif's search index, and a `terms.Document` made a tantivy one.

The fields of `arshif.search.fields`, with the terms of its analyzers (as the Whoosh engine); how
each is indexed here:

==========================================  ================================================
``title_ar/_fa``, ``body_ar/_fa``           whitespace tokenizer, frequencies (the stems)
``title_exact``, ``body_exact``,            whitespace tokenizer or pre-tokenized text,
``outlet_text``, ``author``                 positions (phrases)
``id``, ``outlet``, ``lang``,               raw (each value one term, as recorded), fast
``published``                               (sort, facets, ranges)
``year``                                    raw, fast: ``published``'s year (the year facet)
``tags``                                    raw, fast: each tag as recorded (the tag facet)
``source_id``, ``ident``, ``tag``           raw: each value folded whole
``withdrawn``                               boolean
``published_key``                           u64, fast: ``published`` as an order-preserving
                                            number (`published_key`), for date ranges
``published_odd``                           raw: a ``published`` value no key can hold
``stored``                                  the stored fields, JSON (stored only)
==========================================  ================================================

A date range (``published:A..B``, ``--since``/``--until``) is a range of ``published`` terms in
string order (`arshif.search.fields.published_bounds`). Listing every term in it took 0.6-0.9 s
at 30-100k articles; ``published_key`` answers it with one fast-field range query instead
(`arshif.search.tantivy.queries`). The key of a value is its first `KEY_CHARS` characters as
digits of base `len(KEY_ALPHABET) + 1` (0: the value has ended), so that two values compare as
their keys do, exactly when both are at most `KEY_CHARS` long and as far as their first
`KEY_CHARS` characters otherwise; the query settles the values that share a bound's key by their
terms. A value with a character outside `KEY_ALPHABET` has no key: it goes to
``published_odd``, whose terms a range lists (an archive's dates are ISO: it is empty).
"""

from __future__ import annotations

import tantivy

from arshif.search.fields import STEMMED_LANGS
from arshif.search.tantivy.terms import Document

#: Fields with positions (phrases).
POSITIONAL = frozenset({"title_exact", "body_exact", "outlet_text", "author"})
#: Fields of stems (frequencies only).
STEMMED = frozenset(f"{name}_{lang}" for name in ("title", "body") for lang in STEMMED_LANGS)
#: Whole-value fields that are fast (sort and facets): the value as recorded.
FAST = ("id", "outlet", "lang", "published", "year", "tags")
#: Whole-value fields of folded terms.
FOLDED = ("source_id", "ident", "tag")
BOOLEAN = frozenset({"withdrawn"})
PUBLISHED_KEY = "published_key"
PUBLISHED_ODD = "published_odd"
#: The characters of an ISO date or time, in code point order, and the top bound of a range
#: (`arshif.search.fields.published_bounds` ends a range with U+FFFF).
KEY_ALPHABET = " +-.0123456789:TZ\uffff"
#: How many characters of a value its key holds: the most whose keys fit in 64 bits.
KEY_CHARS = 15
_RANK = {ch: rank + 1 for rank, ch in enumerate(KEY_ALPHABET)}
_BASE = len(KEY_ALPHABET) + 1
assert _BASE**KEY_CHARS < 2**64


def published_key(value: str) -> int | None:
    """`value`'s order-preserving key (see the module docstring); None when it has a character
    outside `KEY_ALPHABET`."""
    key = 0
    for position in range(KEY_CHARS):
        rank = 0
        if position < len(value):
            found = _RANK.get(value[position])
            if found is None:
                return None
            rank = found
        key = key * _BASE + rank
    if any(ch not in _RANK for ch in value[KEY_CHARS:]):
        return None
    return key


STORED = "stored"
#: Every field a query may name, and how its terms are indexed.
TEXT = frozenset({*POSITIONAL, *STEMMED, *FAST, *FOLDED})


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in sorted(STEMMED):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    for name in sorted(POSITIONAL):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in FAST:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="freq")
    for name in FOLDED:
        builder.add_text_field(name, tokenizer_name="raw", index_option="freq")
    builder.add_boolean_field("withdrawn", indexed=True, fast=True)
    builder.add_unsigned_field(PUBLISHED_KEY, fast=True)
    builder.add_text_field(PUBLISHED_ODD, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field(STORED, stored=True)
    return builder.build()


def tantivy_document(doc: Document) -> tantivy.Document:
    """`doc` as tantivy takes it."""
    out = tantivy.Document()
    for name, terms in doc.text.items():
        if isinstance(terms, str):
            out.add_text(name, terms)
        else:
            tokens = [tantivy.Token(term, pos, 0, 0) for term, pos in terms]
            out.add_pre_tokenized_text(name, tantivy.PreTokenizedString("", tokens))
    for name, values in doc.raw.items():
        for value in values:
            out.add_text(name, value)
    for value in doc.raw.get("published", ()):
        key = published_key(value)
        if key is None:
            out.add_text(PUBLISHED_ODD, value)
        else:
            out.add_unsigned(PUBLISHED_KEY, key)
    out.add_boolean("withdrawn", doc.withdrawn)
    out.add_bytes(STORED, doc.stored.encode("utf-8"))
    return out


__all__ = [
    "BOOLEAN",
    "FAST",
    "KEY_CHARS",
    "POSITIONAL",
    "PUBLISHED_KEY",
    "PUBLISHED_ODD",
    "STEMMED",
    "TEXT",
    "build_schema",
    "published_key",
    "tantivy_document",
]
