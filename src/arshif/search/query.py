"""The query language: a user's query string → arshif's query tree (`arshif.search.querytree`).

docs/query-syntax.md documents it for users; in short:

* words: each searched in the title and body, stemmed, in both languages' fields, plus the
  exact-form fields with weight `Weights.exact` (not for stop words); words are combined with
  OR (measured far better than AND on both judged sets, docs/search-quality.md);
* ``"quoted phrase"`` (and ``"..."~N``, within N words): the exact (folded, unstemmed) fields;
* ``word*``: prefix of the exact form (two letters at least);
* ``AND``, ``OR`` (or ``|``), ``NOT`` (or ``-word``), ``+word`` (required: the other words then
  only rank), ``( )``, ``word^2``; ``*`` alone matches every record;
* fields: ``title:`` ``body:`` ``outlet:`` ``author:`` ``lang:`` ``tag:`` ``id:`` (a prefix of
  4-11 hex digits matches like git) ``source_id:`` ``published:`` (``2021``, ``2021-11``,
  ``2021-11-01..2021-11-30``, open ends ``2021-11..``). Field clauses, ``NOT`` and ``+``
  clauses restrict the other words of their group (``lang:fa تهران`` is Persian records about
  Tehran, not Persian records or Tehran); ``outlet:`` and ``author:`` values of several words
  match as a phrase.

``exact=True`` (``--exact``) searches every word in the exact fields only. A standalone
``می``/``نمی`` before a word is joined to it with ZWNJ, as the index does, so ``می خواهد``
finds all three spellings; in a phrase so is ``ها``/``های``/``هایی``/``ترین`` after a word
(unquoted, stemming already makes ``کتاب ها`` meet ``کتابها``). A query of stop words only
is searched in the exact fields. A malformed query raises `arshif.errors.QuerySyntaxError`
saying what is wrong and where (`arshif.search.querycheck`): Whoosh's own parser would
read most mistakes as words, a silently different search.

Parsing is done by Whoosh's query parser with arshif's plugins, its output converted to the
query tree at once (`arshif.search.queryparser`); the fields a user may name and the weights
are `arshif.search.queryfields`.
"""

from __future__ import annotations

import re

from arshif.errors import QuerySyntaxError
from arshif.search import querytree as qt
from arshif.search.compounds import Vocabulary, with_compounds
from arshif.search.querycheck import check_date, check_query
from arshif.search.queryfields import DEFAULT_WEIGHTS, USER_FIELDS, Weights
from arshif.search.queryparser import parse_tree

_LETTER = "\u0621-\u065f\u0671-\u06d3"  # Arabic-script letters (and marks)
_MI_SPACE = re.compile(rf"(?<![\w\u200c])(ن?م[يیى])\s+(?=[{_LETTER}])")
_SUFFIX_SPACE = re.compile(rf"(?<=[{_LETTER}])\s+(ها|ها[يیى]|ها[يیى][يیى]|تر[يیى]ن)(?![\w\u200c])")


_QUOTED = re.compile(r'"[^"]*"')


def _join_suffixes(quoted: re.Match[str]) -> str:
    """Inside a phrase, join a spaced plural/superlative suffix to its word (ZWNJ).

    Only in phrases: there the suffix's position matters. Unquoted, the stemmed fields already
    meet every spelling (the suffix is a stop word, the joined form stems to the word), and
    joining would narrow the exact-form bonus to the plural: it cost 0.4 MAP points on Hamshahri.
    """
    return _SUFFIX_SPACE.sub("\u200c\\1", quoted.group())


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError for any malformed part of `text` (`arshif.search.querycheck`)."""
    check_query(text, frozenset(USER_FIELDS))


def date_filter_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Inclusive ``published`` term bounds for ``--since``/``--until`` (partial dates allowed:
    ``--until 2021-11`` includes the whole of November)."""
    since = since.strip() if since else None
    until = until.strip() if until else None
    for value, option in ((since, "--since"), (until, "--until")):
        if value is not None:
            check_date(value, option, prefix=False)
    if since and until and since[: len(until)] > until:
        raise QuerySyntaxError(f"--until {until} is before --since {since}")
    return since or None, f"{until}\uffff" if until else None


def parse_query(
    text: str,
    exact: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    conjunction: str = "or",
    vocabulary: Vocabulary | None = None,
) -> qt.Node:
    """The query tree for `text` (see the module docstring); QuerySyntaxError if malformed.

    With `vocabulary` (how many records hold a term in a field), a joined word is also tried as the
    phrase of two indexed words (`arshif.search.compounds`), and a word the Persian fields do not
    hold with the article added or removed (`arshif.search.compounds.ARTICLE`)."""
    check_syntax(text)
    if text.strip() == "*":
        return qt.Every()
    prepared = _QUOTED.sub(_join_suffixes, _MI_SPACE.sub("\\1\u200c", text))
    prepared = with_compounds(prepared, vocabulary)
    found = parse_tree(prepared, text, exact, weights, conjunction, vocabulary)
    if found is None:
        if not exact:
            return parse_query(text, True, weights, conjunction, vocabulary)
        return qt.Nothing()
    return found


__all__ = ["check_syntax", "date_filter_bounds", "parse_query"]
