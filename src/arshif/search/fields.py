"""The index's fields, for every engine: names, what each holds, and a record's document.

Fields (names are index fields; the query language maps user names onto them, see
`arshif.search.query`):

=================  ==========================================================================
``id``             short record id; unique, stored
``source_id``      the caller's id (manifest ``source_id``); stored, folded whole (digits of
                   any script match)
``ident``          the record's identifiers (source id, the outlet's news code), one term
                   each, folded whole: a query word with a digit also searches it
``version``        the record version indexed ("v3"), stored (the repository's catch-up)
``title``          stored original title (display only; searched through the fields below)
``title_ar/_fa``   title, stemmed for the record's language (the other one is left empty)
``title_exact``    title, folded, unstemmed, stop words kept, positions (phrases)
``body_ar/_fa``    clean text, stemmed for the record's language; NOT stored
``body_exact``     clean text, folded, unstemmed, positions (phrases, ``--exact``)
``outlet``         stored outlet as printed; sortable (facets, sorting)
``outlet_text``    outlet, folded words (``outlet:همشهری``)
``author``         stored, folded words
``lang``           BCP 47 language as recorded ("ar", "fa"); stored, lowercased, sortable
``tag``            comma-separated tags, each folded whole; stored
``published``      ISO date as recorded ("2021-11-19", "2021-11-19T10:30"); stored, sortable;
                   queries take a prefix (``2021-11``) or a range (``2021-11-01..2021-11-30``)
``withdrawn``      boolean, stored; its index term is `WITHDRAWN_TERM` ("true") for a
                   withdrawn record; withdrawn records leave default results
=================  ==========================================================================

The analyzer of each field is `analyzers()` (`arshif.search.analysis`); every engine indexes
exactly the terms they give. Per-language stemmed fields keep one language's stemmer off the
other's words (وزیر is not an Arabic و + زیر; سازمان is not a Persian plural) and give each
language its own term statistics; a query runs through both stemmers. See
docs/search-quality.md.

`SCHEMA_VERSION` is written beside every index; bump it whenever the analysis or the fields
change, so that old indexes are reported stale instead of silently mismatching the query side.
"""

from __future__ import annotations

import re
from typing import Any

from arshif.model import Record
from arshif.search.analysis import (
    exact_analyzer,
    ident_analyzer,
    lowercase_analyzer,
    stemmed_analyzer,
    tag_analyzer,
)
from arshif.text.language import detect_language

#: The version of the analysis and fields; stored with the index and checked on open.
#: 2: hamza seats folded, Persian ال rule, identifiers searchable; 3: the Whoosh engine's
#: classes (pickled in its index) moved to `arshif.search.whoosh`
SCHEMA_VERSION = 3

#: Languages that have their own stemmed fields.
STEMMED_LANGS = ("ar", "fa")

#: The index term of ``withdrawn`` for a withdrawn record (`querytree.Term("withdrawn", ...)`).
WITHDRAWN_TERM = "true"

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?")
_TOP = "\uffff"  # sorts after every character an ISO date can contain


def stem_lang(lang: str | None) -> str:
    """The stemmed-field suffix for a record language: "fa" for Persian, else "ar"."""
    return "fa" if lang is not None and lang.lower().split("-")[0] in ("fa", "per", "fas") else "ar"


def published_bounds(text: str) -> tuple[str | None, str | None]:
    """The inclusive term bounds of a ``published:`` value (a prefix or ``a..b``; open ends).

    >>> published_bounds("2021-11")
    ('2021-11', '2021-11\\uffff')
    >>> published_bounds("2021-11-01..2021-11-30")
    ('2021-11-01', '2021-11-30\\uffff')
    """
    text = text.strip()
    start, sep, end = text.partition("..")
    if not sep:
        end = start
    if not start and not end:
        raise ValueError(f"published:{text} gives no date; write e.g. published:2021-11")
    for part in (start, end):
        if part and not _DATE.fullmatch(part):
            raise ValueError(
                f"published:{text}: {part!r} is not a date; write YYYY, YYYY-MM, YYYY-MM-DD "
                "or a range such as published:2021-11-01..2021-11-30"
            )
    if start and end and start > end + _TOP:
        raise ValueError(f"published:{text}: the range ends before it starts")
    return (start or None, end + _TOP if end else None)


def record_document(record: Record) -> dict[str, Any]:
    """The document of a record: index field → value (None values left out, as engines want).

    The language is the recorded one, or (only for a record without one; ingest normally
    records it) `arshif.text.language.detect_language`'s guess from the title and text.
    """
    meta = record.metadata
    text = record.text
    guessed = meta.lang or detect_language((meta.title or "") + "\n" + text) or "ar"
    lang = guessed.lower()
    key = stem_lang(lang)
    doc: dict[str, Any] = {
        "id": record.id,
        "lang": lang,
        f"body_{key}": text,
        "body_exact": text,
        "withdrawn": record.withdrawn is not None,
    }
    if meta.title:
        doc.update({"title": meta.title, f"title_{key}": meta.title, "title_exact": meta.title})
    if meta.outlet:
        doc.update({"outlet": meta.outlet, "outlet_text": meta.outlet})
    optional = {"source_id": meta.source_id, "author": meta.author, "published": meta.published}
    doc.update({name: value for name, value in optional.items() if value})
    if record.changes:
        doc["version"] = record.changes[-1].version
    identifiers = [value for value in (meta.source_id, meta.news_code) if value]
    if identifiers:
        doc["ident"] = "\n".join(" ".join(value.split()) for value in identifiers)
    if meta.tags:
        doc["tag"] = ",".join(tag.replace(",", " ") for tag in meta.tags)
    return doc


def analyzers() -> dict[str, Any]:
    """Index field → a fresh analyzer giving its index terms (each call builds its own
    analyzers and their caches). ``id``, ``published`` and ``version`` are one term as they
    are; ``withdrawn`` is `WITHDRAWN_TERM` or nothing; ``title``, ``outlet`` (stored)
    and ``version`` are not searched."""
    found: dict[str, Any] = {
        f"{name}_{lang}": stemmed_analyzer(lang)
        for lang in STEMMED_LANGS
        for name in ("title", "body")
    }
    found.update(
        title_exact=exact_analyzer(),
        body_exact=exact_analyzer(),
        outlet_text=exact_analyzer(),
        author=exact_analyzer(),
        source_id=ident_analyzer(),
        ident=ident_analyzer(),
        tag=tag_analyzer(),
        lang=lowercase_analyzer(),
    )
    return found


#: The fields whose value is stored (what an engine gives back with a hit), as documented
#: above: the value of `record_document`, unchanged.
STORED = (
    "id",
    "source_id",
    "version",
    "title",
    "outlet",
    "author",
    "lang",
    "tag",
    "published",
    "withdrawn",
)
#: The fields an engine sorts and counts facets by (one value a record).
SORTABLE = ("outlet", "lang", "published")

__all__ = [
    "SCHEMA_VERSION",
    "SORTABLE",
    "STEMMED_LANGS",
    "STORED",
    "WITHDRAWN_TERM",
    "analyzers",
    "published_bounds",
    "record_document",
    "stem_lang",
]
