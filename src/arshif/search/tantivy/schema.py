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
``stored``                                  the stored fields, JSON (stored only)
==========================================  ================================================
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
    out.add_boolean("withdrawn", doc.withdrawn)
    out.add_bytes(STORED, doc.stored.encode("utf-8"))
    return out


__all__ = ["BOOLEAN", "FAST", "POSITIONAL", "STEMMED", "TEXT", "build_schema", "tantivy_document"]
