"""The Whoosh schema of arshif's search index, and the analysis version it was built with.

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
``lang``           BCP 47 language as recorded ("ar", "fa"); stored, sortable
``tag``            comma-separated tags, each folded whole; stored
``published``      ISO date as recorded ("2021-11-19", "2021-11-19T10:30"); stored, sortable;
                   queries take a prefix (``2021-11``) or a range (``2021-11-01..2021-11-30``)
``withdrawn``      boolean; withdrawn records leave default results
=================  ==========================================================================

The title and body fields are `AnalyzedText`: the same terms as their analyzers give, indexed
in one pass with cached analysis (`arshif.search.textfield`). Per-language stemmed fields keep
one language's stemmer off the other's words (وزیر is not an Arabic و + زیر; سازمان is not a
Persian plural) and give each language its own term statistics; a query runs through both
stemmers. See docs/search-quality.md.

`SCHEMA_VERSION` is written beside the index (`arshif.search.indexer`); bump it whenever the
analysis or the fields change, so that old indexes are reported stale instead of silently
mismatching the query side.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh import fields, query
from whoosh.analysis import (
    CommaSeparatedTokenizer,
    CompositeAnalyzer,
    IDAnalyzer,
    RegexTokenizer,
    StripFilter,
)

from arshif.search.analysis import FoldFilter, exact_analyzer, stemmed_analyzer
from arshif.search.textfield import AnalyzedText

#: The version of the analysis and fields; stored with the index and checked on open.
SCHEMA_VERSION = 2  # 2: hamza seats folded, Persian ال rule, identifiers searchable

#: Languages that have their own stemmed fields.
STEMMED_LANGS = ("ar", "fa")

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


class PublishedField(fields.ID):  # type: ignore[misc]
    """An ISO-date ID field that parses its own query text into a prefix or a range."""

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> Any:
        start, end = published_bounds(qstring)
        return query.TermRange(fieldname, start, end, boost=boost, constantscore=True)


def ident_analyzer() -> CompositeAnalyzer:
    """Identifiers, one a line, each folded whole (digits of any script → ASCII)."""
    return CompositeAnalyzer(RegexTokenizer(r"[^\n]+"), StripFilter(), FoldFilter())


def tag_analyzer() -> CompositeAnalyzer:
    """Comma-separated tags, each folded as a whole (``tag:"حقوق بشر"``)."""
    return CompositeAnalyzer(CommaSeparatedTokenizer(), FoldFilter())


def build_schema() -> fields.Schema:
    """A fresh schema object (each call builds its own analyzers and their caches)."""
    stemmed: dict[str, Any] = {}
    for lang in STEMMED_LANGS:
        for name in ("title", "body"):
            stemmed[f"{name}_{lang}"] = AnalyzedText(
                lang, analyzer=stemmed_analyzer(lang), phrase=False
            )
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        source_id=fields.ID(stored=True, analyzer=ident_analyzer()),
        ident=fields.KEYWORD(analyzer=ident_analyzer(), scorable=True),
        version=fields.STORED(),
        title=fields.STORED(),
        title_exact=AnalyzedText("exact", analyzer=exact_analyzer(), phrase=True),
        body_exact=AnalyzedText("exact", analyzer=exact_analyzer(), phrase=True),
        outlet=fields.ID(stored=True, sortable=True),
        outlet_text=fields.TEXT(analyzer=exact_analyzer(), phrase=True),
        author=fields.TEXT(analyzer=exact_analyzer(), phrase=True, stored=True),
        lang=fields.ID(stored=True, sortable=True, analyzer=IDAnalyzer(lowercase=True)),
        tag=fields.KEYWORD(stored=True, commas=True, scorable=True, analyzer=tag_analyzer()),
        published=PublishedField(stored=True, sortable=True),
        withdrawn=fields.BOOLEAN(stored=True),
        **stemmed,
    )
