"""arshif's query language parsed by Whoosh's query parser (`whoosh.qparser`) with arshif's
plugins, its output converted to arshif's query tree at once (`parse_tree`): no Whoosh object
leaves this module. The parser runs over a parsing schema of the index's fields and analyzers
(`arshif.search.fields`). The language itself, and the text rewriting before parsing, is
`arshif.search.query`.
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from typing import Any, ClassVar

from whoosh import fields, qparser
from whoosh import query as wq
from whoosh.qparser import syntax
from whoosh.qparser.taggers import FnTagger

from arshif.errors import QuerySyntaxError
from arshif.search import querytree as qt
from arshif.search.compounds import Vocabulary, other_article_form
from arshif.search.fields import STEMMED_LANGS, analyzers, published_bounds
from arshif.search.queryfields import (
    DEFAULT_WEIGHTS,
    FILTER_FIELDS,
    SIMPLE_FIELDS,
    TEXT_FIELDS,
    USER_FIELDS,
    WHOLE_VALUE,
    Weights,
)
from arshif.search.querynorm import covers, normalized
from arshif.text.fold import fold
from arshif.text.stopwords import stopwords

_FIELD = r"(?P<text>[A-Za-z_][A-Za-z0-9_]*):"


class _Plus(syntax.MarkerNode):  # type: ignore[misc]
    """``+`` before a word, phrase or group."""


class _Minus(syntax.MarkerNode):  # type: ignore[misc]
    """``-`` before a word, phrase or group."""


class RequiredNode(syntax.Wrapper):  # type: ignore[misc]
    """``+clause``: the clause must match; the other clauses of its group only add score."""

    def query(self, parser: Any) -> Any:
        return self.nodes[0].query(parser)


class PlusMinusPlugin(qparser.Plugin):  # type: ignore[misc]
    """``+clause`` (required) and ``-clause`` (excluded, like NOT) at the start of a clause.

    A ``-`` inside a word (``covid-19``, ``2021-11``) or alone between spaces is not an
    operator.
    """

    def taggers(self, parser: Any) -> list[tuple[Any, int]]:
        return [
            (FnTagger(r"(?<![^\s(])\+(?=[^\s+\-|)])", _Plus, "plus"), 0),
            (FnTagger(r"(?<![^\s(])-(?=[^\s+\-|)])", _Minus, "minus"), 0),
        ]

    def filters(self, parser: Any) -> list[tuple[Any, int]]:
        return [(self.apply_markers, 590)]

    def apply_markers(self, parser: Any, group: Any) -> Any:
        nodes, out = list(group), []
        skip = False
        for i, node in enumerate(nodes):
            if skip:
                skip = False
                continue
            if isinstance(node, syntax.GroupNode):
                node = self.apply_markers(parser, node)
            if isinstance(node, _Plus | _Minus):
                if i + 1 < len(nodes):
                    target = nodes[i + 1]
                    if isinstance(target, syntax.GroupNode):
                        target = self.apply_markers(parser, target)
                    wrapper = RequiredNode if isinstance(node, _Plus) else syntax.NotGroup
                    out.append(wrapper([target]))
                    skip = True
                continue
            out.append(node)
        group.nodes = out
        return group


class FieldMapPlugin(qparser.Plugin):  # type: ignore[misc]
    """Map user field names (or none) onto index fields with their weights (after FieldsPlugin)."""

    def __init__(self, weights: Weights, exact: bool, vocabulary: Vocabulary | None = None) -> None:
        self.weights = weights
        self.exact = exact
        self.vocabulary = vocabulary

    def filters(self, parser: Any) -> list[tuple[Any, int]]:
        return [(self.map_fields, 110), (self.require_filters, 700)]

    @classmethod
    def require_filters(cls, parser: Any, group: Any) -> Any:
        """In every group of words (not an explicit ``OR``), field filters, NOT and ``+`` clauses
        restrict the other clauses instead of joining their OR (with a ``+`` clause, the others
        only add score)."""
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = cls.require_filters(parser, node)
        if not isinstance(group, syntax.OrGroup) or isinstance(group, _OrOperatorGroup):
            return group  # an explicit OR means or, filters included: tag:a OR tag:b
        required = [node for node in group if _is_filter(node) or isinstance(node, RequiredNode)]
        if not required:
            return group
        rest = [node for node in group if not (_is_filter(node) or isinstance(node, RequiredNode))]
        if not rest:
            return syntax.AndGroup(required)
        optional = rest[0] if len(rest) == 1 else group.__class__(rest)
        if any(isinstance(node, RequiredNode) for node in required):
            return syntax.AndMaybeGroup([syntax.AndGroup(required), optional])
        return syntax.AndGroup([*required, optional])

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
        if name is None and isinstance(node, syntax.WordNode) and _DIGIT.search(node.text or ""):
            found.append(("ident", w.body))  # a source id or news code, in any digit script
        return [(field, boost) for field, boost in found if boost > 0]

    def article_form(self, parser: Any, node: Any) -> str | None:
        """The word with the article added or removed (`compounds.ARTICLE`), when the Persian
        fields do not hold it as typed: a Persian word (اسلام, beside حجت‌الاسلام) is left alone."""
        other = other_article_form(node.text or "") if isinstance(node, syntax.WordNode) else None
        if other is None or self.vocabulary is None:
            return None
        analyzer = parser.schema["body_fa"].analyzer
        for term in analyzer(node.text, mode="query"):
            if self.vocabulary("body_fa", term.text) or self.vocabulary("title_fa", term.text):
                return None
        return other

    def map_fields(self, parser: Any, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.map_fields(parser, node)
                continue
            if not node.has_fieldname:
                continue
            name = node.fieldname.lower() if node.fieldname else None
            node = _reshape_value(node, name)
            copies = []
            other = self.article_form(parser, node) if not self.exact else None
            for field, weight in self.targets(node):
                new = copy.copy(node)
                new.set_fieldname(field, override=True)
                new.set_boost(node.boost * weight)
                copies.append(new)
                if other is not None and field.endswith("_fa"):
                    other_form = copy.copy(new)
                    other_form.text = other
                    copies.append(other_form)
            group[i] = copies[0] if len(copies) == 1 else syntax.OrGroup(copies)
        return group


_PREFIX = qparser.PrefixPlugin.PrefixNode
_PHRASE = qparser.PhrasePlugin.PhraseNode
_HEX_PREFIX = re.compile(r"[0-9a-fA-F]{4,11}")
_DIGIT = re.compile(r"\d")


def _reshape_value(node: Any, name: str | None) -> Any:
    """A field value in the node type its field needs: whole values are one term (an ``id:``
    of 4-11 hex digits, or ``id:abc*``, a prefix); several words of ``outlet:``/``author:``
    a phrase."""
    if name == "id" and (isinstance(node, _PREFIX) or _HEX_PREFIX.fullmatch(node.text or "")):
        return _retype(node, _PREFIX(node.text.lower()))
    if name in WHOLE_VALUE and not isinstance(node, syntax.WordNode):
        return _retype(node, syntax.WordNode(node.text))
    several_words = re.search(r"[^\w\u200c]", node.text or "")
    if name in ("outlet", "author") and isinstance(node, syntax.WordNode) and several_words:
        return _retype(node, _PHRASE(node.text, node.startchar))
    return node


def _retype(old: Any, new: Any) -> Any:
    new.fieldname, new.boost = old.fieldname, old.boost
    new.startchar, new.endchar = old.startchar, old.endchar
    return new


def _is_stopword(word: str) -> bool:
    """A stop word gets no exact-form bonus (it would only cost time: it is everywhere)."""
    return fold(word) in stopwords()


def _is_filter(node: Any) -> bool:
    if isinstance(node, syntax.NotGroup):
        return True
    return bool(node.has_fieldname and node.fieldname in FILTER_FIELDS)


def make_parser(
    exact: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    conjunction: str = "or",
    vocabulary: Vocabulary | None = None,
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
        _operators(),
        PlusMinusPlugin(),
        qparser.BoostPlugin(),
        qparser.EveryPlugin(),
        FieldMapPlugin(weights, exact, vocabulary),
    ]
    return qparser.QueryParser(None, parsing_schema(), plugins=plugins, group=group)


#: This thread's parsers by options (a parser is reused; only its vocabulary changes).
_PARSERS = threading.local()


def _parser(
    exact: bool, weights: Weights, conjunction: str, vocabulary: Vocabulary | None
) -> qparser.QueryParser:
    """`make_parser`'s parser, made once per thread for each `exact`, `weights` and
    `conjunction` (the taggers and plugins cost a tenth of a parse), given `vocabulary`."""
    parsers: dict[tuple[bool, Weights, str], qparser.QueryParser] | None
    parsers = getattr(_PARSERS, "parsers", None)
    if parsers is None:
        parsers = _PARSERS.parsers = {}
    key = (exact, weights, conjunction)
    parser = parsers.get(key)
    if parser is None:
        parser = parsers[key] = make_parser(exact, weights, conjunction)
    _parser_vocabulary(parser, vocabulary)
    return parser


def _parser_vocabulary(parser: qparser.QueryParser, vocabulary: Vocabulary | None) -> None:
    for plugin in parser.plugins:
        if isinstance(plugin, FieldMapPlugin):
            plugin.vocabulary = vocabulary


class _OrOperatorGroup(syntax.OrGroup):  # type: ignore[misc]
    """The group of an explicit OR: never merged into a parenthesised group beside it (Whoosh
    would turn ``(lang:fa x) OR y`` into ``lang:fa x y``)."""

    merging = False


def _operators() -> qparser.OperatorsPlugin:
    """AND, OR or ``|``, NOT (Whoosh's ANDNOT, ANDMAYBE and REQUIRE are plain words here)."""
    plugin = qparser.OperatorsPlugin(Or=None, AndNot=None, AndMaybe=None, Require=None)
    tagger = qparser.OperatorsPlugin.OpTagger(r"(?<=\s)OR(?=\s)|\|", _OrOperatorGroup, memo="or")
    plugin.ops.append((tagger, 0))
    return plugin


class PublishedField(fields.ID):  # type: ignore[misc]
    """``published:``: an ISO-date value parsed into a prefix or a range."""

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> Any:
        start, end = published_bounds(qstring)
        return wq.TermRange(fieldname, start, end, boost=boost, constantscore=True)


class _AnalysedText(fields.TEXT):  # type: ignore[misc]
    """A text field whose query terms are analysed once per analyzer and text: a word is
    searched in six fields, and the title and body fields of a language share an analyzer."""

    _terms: ClassVar[dict[tuple[int, str, str, tuple[tuple[str, Any], ...]], tuple[str, ...]]] = {}

    #: The same number for fields whose analyzers are equal (`parsing_schema`).
    analysis = 0

    def process_text(self, qstring: str, mode: str = "", **kwargs: Any) -> Any:
        key = (self.analysis, qstring, mode, tuple(sorted(kwargs.items())))
        terms = self._terms.get(key)
        if terms is None:
            terms = tuple(super().process_text(qstring, mode=mode, **kwargs))
            if len(self._terms) >= 10_000:
                self._terms.clear()
            self._terms[key] = terms
        return iter(terms)


@functools.cache
def parsing_schema() -> fields.Schema:
    """The index's fields as Whoosh's query parser needs them: their kinds and analyzers."""
    found = analyzers()
    text = {
        name: _AnalysedText(analyzer=found[name], phrase=name.endswith("_exact"))
        for name in found
        if name.startswith(("title_", "body_"))
    }
    distinct: list[Any] = []  # the title and body fields of a language share their terms
    for field in text.values():
        same = [i for i, analyzer in enumerate(distinct) if analyzer == field.analyzer]
        field.analysis = same[0] if same else len(distinct)
        if not same:
            distinct.append(field.analyzer)
    return fields.Schema(
        id=fields.ID(unique=True),
        source_id=fields.ID(analyzer=found["source_id"]),
        ident=fields.KEYWORD(analyzer=found["ident"], scorable=True),
        outlet=fields.ID(),
        outlet_text=fields.TEXT(analyzer=found["outlet_text"], phrase=True),
        author=fields.TEXT(analyzer=found["author"], phrase=True),
        lang=fields.ID(analyzer=found["lang"]),
        tag=fields.KEYWORD(commas=True, scorable=True, analyzer=found["tag"]),
        published=PublishedField(),
        withdrawn=fields.BOOLEAN(),
        **text,
    )


def _errors(q: wq.Query) -> list[str]:
    found = [str(q.error)] if getattr(q, "error", None) else []
    for child in q.children():
        found += _errors(child)
    return found


def _tree(q: wq.Query) -> qt.Node:
    """The query tree of a Whoosh query made by the parser."""
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return qt.Nothing()
    if isinstance(q, wq.Term):
        return qt.Term(q.fieldname, str(q.text), q.boost)
    if isinstance(q, wq.Phrase):
        return qt.Phrase(q.fieldname, tuple(q.words), q.slop, q.boost)
    if isinstance(q, wq.Prefix):
        return qt.Prefix(q.fieldname, q.text, q.boost)
    if isinstance(q, wq.TermRange):
        return qt.Range(q.fieldname, q.start, q.end, q.boost)
    if isinstance(q, wq.Every):
        return qt.Prefix(q.fieldname, "", q.boost) if q.fieldname else qt.Every(q.boost)
    if isinstance(q, wq.AndNot):
        return qt.AndNot(_tree(q.a), _tree(q.b))
    if isinstance(q, wq.AndMaybe):
        return qt.AndMaybe(_tree(q.a), _tree(q.b))
    if isinstance(q, wq.Not):
        return qt.Not(_tree(q.query))
    if isinstance(q, wq.Or):
        children = tuple(_tree(child) for child in q.subqueries)
        return qt.Or(children, q.boost, q.scale or 0.0)
    if isinstance(q, wq.And):
        return qt.And(tuple(_tree(child) for child in q.subqueries), q.boost)
    raise QuerySyntaxError(f"query syntax: cannot search {q!r}")  # (no plugin makes one)


def parse_tree(
    prepared: str,
    text: str,
    exact: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    conjunction: str = "or",
    vocabulary: Vocabulary | None = None,
) -> qt.Node | None:
    """The query tree of `prepared` (the user's `text`, rewritten by `arshif.search.query`);
    None when it searches nothing (stop words only, say). QuerySyntaxError if malformed."""
    parser = _parser(exact, weights, conjunction, vocabulary)
    try:
        q = parser.parse(prepared, normalize=False)
    except QuerySyntaxError:
        raise
    except Exception as error:  # Whoosh's parser has no error type of its own
        raise QuerySyntaxError(f"query syntax: cannot parse {text!r} ({error})") from error
    finally:  # the kept parser must not keep the reader (its generation) alive
        _parser_vocabulary(parser, None)
    raw = None if _errors(q) or not _plain(q) else _tree(q)
    if raw is not None and covers(raw):  # normalised on the tree: no deep copies
        tree = normalized(raw)
        return None if isinstance(tree, qt.Nothing) else tree
    q = q.normalize()
    errors = _errors(q)
    if errors:
        raise QuerySyntaxError(f"query syntax: {errors[0]}")
    return None if q is wq.NullQuery else _tree(q)


#: The Whoosh query classes whose normalisation `arshif.search.querynorm` mirrors.
_PLAIN = (wq.Term, wq.Phrase, wq.Prefix, wq.And, wq.Or, wq.AndNot, wq.AndMaybe, wq.Not)


def _plain(q: wq.Query) -> bool:
    """Whether `q` holds only the query classes of `_PLAIN` (exactly) and the empty query."""
    if q is wq.NullQuery:
        return True
    if type(q) not in _PLAIN:
        return False
    if type(q) is wq.Phrase and not all(isinstance(word, str) for word in q.words):
        return False
    return all(_plain(child) for child in q.children())


__all__ = ["make_parser", "parse_tree", "parsing_schema"]
