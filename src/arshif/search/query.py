"""The query language: a user's query string → a Whoosh query over arshif's fields.

Syntax now (issue 8 extends it; docs/query-syntax.md will document it):

* words: each searched in the title and body, stemmed, in both languages' fields, plus the
  exact-form fields with weight `Weights.exact` (not for stop words); words are combined with
  OR (measured far better than AND on both judged sets, docs/search-quality.md);
* ``"quoted phrase"`` (and ``"..."~N``): the exact (folded, unstemmed) fields, in order;
* ``word*``: prefix of the exact form;
* ``AND``, ``OR``, ``NOT``, ``( )``, ``word^2``; ``*`` alone matches every record;
* fields: ``title:`` ``body:`` ``outlet:`` ``author:`` ``lang:`` ``tag:`` ``id:``
  ``source_id:`` ``published:`` (``2021``, ``2021-11``, ``2021-11-01..2021-11-30``, open ends
  ``2021-11..``). Field clauses and ``NOT`` clauses at the top level restrict the result
  (``lang:fa تهران`` is Persian records about Tehran, not Persian records or Tehran).

``exact=True`` (``--exact``) searches every word in the exact fields only. A standalone
``می``/``نمی`` before a word, and ``ها``/``های``/``هایی``/``ترین`` after one, are joined to it
with ZWNJ, as the index does, so ``می خواهد`` and ``کتاب ها`` find all three spellings. A
query of stop words only is searched in the exact fields. A malformed query raises
`arshif.errors.QuerySyntaxError` saying what is wrong and where.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from whoosh import qparser
from whoosh.qparser import syntax
from whoosh.query import Every, NullQuery, Query

from arshif.errors import QuerySyntaxError
from arshif.search.schema import STEMMED_LANGS
from arshif.text.fold import fold
from arshif.text.stopwords import stopwords


@dataclass(frozen=True)
class Weights:
    """Boosts of the title against the body, and of exact-form matches (a multiplier)."""

    title: float = 1.0
    body: float = 1.0
    exact: float = 0.0


#: Chosen on Hamshahri and ARCD (docs/search-quality.md): a title match is worth 0.3 of a
#: body match (1.0 cost Hamshahri 4 MAP points), and a word in its exact form adds a quarter.
DEFAULT_WEIGHTS = Weights(title=0.3, body=1.0, exact=0.25)

#: Fields a user may name, and the index fields each one searches.
SIMPLE_FIELDS = {
    "outlet": "outlet_text",
    "author": "author",
    "lang": "lang",
    "tag": "tag",
    "id": "id",
    "source_id": "source_id",
    "published": "published",
}
TEXT_FIELDS = ("title", "body")
USER_FIELDS = (*TEXT_FIELDS, *SIMPLE_FIELDS)
#: Whole-value fields: a quoted value is one term, not a phrase.
_WHOLE_VALUE = frozenset({"lang", "tag", "id", "source_id", "published"})

#: Index fields whose clauses filter (AND) rather than join the words' OR.
_FILTER_FIELDS = frozenset(SIMPLE_FIELDS.values())
_FIELD = r"(?P<text>[A-Za-z_][A-Za-z0-9_]*):"
_EMPTY_FIELD = re.compile(r"(?<![\w])([A-Za-z_][A-Za-z0-9_]*):(?=\s|$|\))")
_MI_SPACE = re.compile(r"(?<![\w\u200c])(ن?م[يیى])\s+(?=[^\W\d_])")
_SUFFIX_SPACE = re.compile(r"(?<=[^\W\d_])\s+(ها|ها[يیى]|ها[يیى][يیى]|تر[يیى]ن)(?![\w\u200c])")


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError for unbalanced quotes or parentheses and empty fields."""
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    quote_at, opened = -1, []
    for column, char in enumerate(text, 1):
        if char == '"':
            quote_at = column if quote_at < 0 else -1
        elif quote_at < 0 and char == "(":
            opened.append(column)
        elif quote_at < 0 and char == ")":
            if not opened:
                raise QuerySyntaxError(
                    f"query syntax: ')' at column {column} closes nothing; "
                    "remove it or put the text in quotes"
                )
            opened.pop()
    if quote_at >= 0:
        raise QuerySyntaxError(f"query syntax: the quote at column {quote_at} is not closed")
    if opened:
        raise QuerySyntaxError(f"query syntax: '(' at column {opened[-1]} is not closed")
    for match in _EMPTY_FIELD.finditer(_outside_quotes(text)):
        raise QuerySyntaxError(
            f"query syntax: {match.group(1)}: at column {match.start() + 1} has no value "
            f"(e.g. {match.group(1)}:word)"
        )


def _outside_quotes(text: str) -> str:
    """`text` with quoted spans blanked (same length), for scanning the syntax around them."""
    return re.sub(r'"[^"]*"', lambda m: "x" * len(m.group()), text)


class FieldMapPlugin(qparser.Plugin):  # type: ignore[misc]
    """Map user field names (or none) onto index fields with their weights (after FieldsPlugin)."""

    def __init__(self, weights: Weights, exact: bool) -> None:
        self.weights = weights
        self.exact = exact

    def filters(self, parser: Any) -> list[tuple[Any, int]]:
        return [(self.map_fields, 110), (self.require_filters, 700)]

    @staticmethod
    def require_filters(parser: Any, group: Any) -> Any:
        """Top-level field filters and NOT clauses restrict the words instead of joining the OR."""
        if not isinstance(group, syntax.OrGroup):
            return group
        required = [node for node in group if _is_filter(node)]
        if not required:
            return group
        rest = [node for node in group if not _is_filter(node)]
        if rest:
            required.append(rest[0] if len(rest) == 1 else group.__class__(rest))
        return syntax.AndGroup(required)

    def targets(self, node: Any) -> list[tuple[str, float]]:
        name = node.fieldname.lower() if node.fieldname else None
        if name in SIMPLE_FIELDS:
            return [(SIMPLE_FIELDS[name], 1.0)]
        if name is not None and name not in TEXT_FIELDS:
            raise QuerySyntaxError(
                f"query syntax: unknown field {node.fieldname}: (fields are "
                f"{', '.join(f'{f}:' for f in USER_FIELDS)}); "
                f'to search for "{node.fieldname}:" as text, put it in quotes'
            )
        w = self.weights
        parts = [part for part in TEXT_FIELDS if name in (None, part)]
        weight = {"title": w.title, "body": w.body}
        exact_only = self.exact or not isinstance(node, syntax.WordNode)
        found = []
        for part in parts:
            if exact_only:
                found.append((f"{part}_exact", weight[part]))
                continue
            found += [(f"{part}_{lang}", weight[part]) for lang in STEMMED_LANGS]
            if w.exact > 0 and not _is_stopword(node.text):
                found.append((f"{part}_exact", weight[part] * w.exact))
        return [(field, boost) for field, boost in found if boost > 0]

    def map_fields(self, parser: Any, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.map_fields(parser, node)
                continue
            if not node.has_fieldname:
                continue
            name = node.fieldname.lower() if node.fieldname else None
            if name in _WHOLE_VALUE and not isinstance(node, syntax.WordNode):
                word = syntax.WordNode(node.text)
                word.fieldname, word.boost = node.fieldname, node.boost
                word.startchar, word.endchar = node.startchar, node.endchar
                node = word
            copies = []
            for field, weight in self.targets(node):
                new = copy.copy(node)
                new.set_fieldname(field, override=True)
                new.set_boost(node.boost * weight)
                copies.append(new)
            group[i] = copies[0] if len(copies) == 1 else syntax.OrGroup(copies)
        return group


def _is_stopword(word: str) -> bool:
    """A stop word gets no exact-form bonus (it would only cost time: it is everywhere)."""
    return fold(word) in stopwords()


def _is_filter(node: Any) -> bool:
    if isinstance(node, syntax.NotGroup):
        return True
    return bool(node.has_fieldname and node.fieldname in _FILTER_FIELDS)


def make_parser(
    schema: Any, exact: bool = False, weights: Weights = DEFAULT_WEIGHTS, conjunction: str = "or"
) -> qparser.QueryParser:
    """A Whoosh QueryParser for arshif's syntax (conjunction "or", "and", or "or0.9" scaled)."""
    if conjunction == "and":
        group = syntax.AndGroup
    elif conjunction.startswith("or") and conjunction[2:]:
        group = qparser.OrGroup.factory(float(conjunction[2:]))
    else:
        group = syntax.OrGroup
    plugins = [
        qparser.WhitespacePlugin(),
        qparser.FieldsPlugin(expr=_FIELD, remove_unknown=False),
        qparser.PrefixPlugin(),
        qparser.PhrasePlugin(),
        qparser.GroupPlugin(),
        qparser.OperatorsPlugin(),
        qparser.BoostPlugin(),
        qparser.EveryPlugin(),
        FieldMapPlugin(weights, exact),
    ]
    return qparser.QueryParser(None, schema, plugins=plugins, group=group)


def _errors(q: Query) -> list[str]:
    found = [str(q.error)] if getattr(q, "error", None) else []
    for child in q.children():
        found += _errors(child)
    return found


def parse_query(
    text: str,
    schema: Any,
    exact: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    conjunction: str = "or",
) -> Query:
    """The Whoosh query for `text` (see the module docstring); QuerySyntaxError if malformed."""
    check_syntax(text)
    if text.strip() == "*":
        return Every()
    prepared = _SUFFIX_SPACE.sub("\u200c\\1", _MI_SPACE.sub("\\1\u200c", text))
    try:
        q = make_parser(schema, exact, weights, conjunction).parse(prepared)
    except QuerySyntaxError:
        raise
    except Exception as error:  # Whoosh's parser has no error type of its own
        raise QuerySyntaxError(f"query syntax: cannot parse {text!r} ({error})") from error
    errors = _errors(q)
    if errors:
        raise QuerySyntaxError(f"query syntax: {errors[0]}")
    if q is NullQuery and not exact:
        return parse_query(text, schema, True, weights, conjunction)
    return q
