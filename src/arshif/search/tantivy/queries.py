"""arshif's query tree (`arshif.search.querytree`) as tantivy queries.

Every text in a node is an index term already (analysed by arshif), so nothing here
analyses: a `Term` is a tantivy term query on the same term the index holds. Where tantivy
differs from Whoosh:

* scores are tantivy's BM25 (k1 1.2, b 0.75, fixed), not arshif's BM25F on Whoosh: rankings
  differ, match sets do not;
* `Or.scale` (the "or0.9" conjunction, a coordination factor) is not applied: tantivy has no
  per-document count of matching clauses to scale by, so a scaled Or scores as a plain Or;
* `Phrase.slop` above 1: tantivy's slop counts the moves of all the words together and lets
  two words swap at a cost of 2, where Whoosh wants each word within `slop` positions after
  the one before it. The tree's slop s becomes tantivy's (s - 1) × (words - 1): every Whoosh
  match is found, and a few near-orders Whoosh would refuse (slop 1, adjacent words, is exact);
* `Prefix` and `Range` list the field's terms (`Searcher.terms_with_prefix`, which is what
  Whoosh does too) and match them as a set with a constant score (tantivy's own range query
  refuses text fields), except a `Range` on ``published``: a range query on its order-preserving
  key (`arshif.search.tantivy.schema.published_key`) from one bound's key to the other's,
  the values sharing a bound's key but outside the range excluded by their terms, and the
  values that have no key (rare) listed beside it;
* `Not` outside an `And` and an `And` of `Not`s only match against every document (tantivy's
  boolean query of exclusions alone matches nothing).
"""

from __future__ import annotations

import tantivy

from arshif.search import querytree as qt
from arshif.search.tantivy.schema import (
    BOOLEAN,
    KEY_CHARS,
    POSITIONAL,
    PUBLISHED_KEY,
    PUBLISHED_ODD,
    TEXT,
    published_key,
)

Must, Should, MustNot = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
#: The texts of a boolean term that mean true (`arshif.search.fields.WITHDRAWN_TERM`: "true").
TRUE = frozenset({"true", "t", "1", "yes", "y"})


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def _nothing() -> tantivy.Query:
    return tantivy.Query.empty_query()


class Translator:
    """Makes tantivy queries of query-tree nodes for one searcher (prefixes and ranges list
    the terms of its snapshot)."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher) -> None:
        self.schema = schema
        self.searcher = searcher

    def query(self, node: qt.Node) -> tantivy.Query:
        if isinstance(node, qt.Term):
            return _boosted(self._term(node.field, node.text), node.boost)
        if isinstance(node, qt.Phrase):
            return _boosted(self._phrase(node), node.boost)
        if isinstance(node, qt.Prefix):
            terms = self._terms(node.field, node.text)
            return self._constant(node.field, terms, node.boost)
        if isinstance(node, qt.Range):
            return self._range(node)
        if isinstance(node, qt.Every):
            return tantivy.Query.const_score_query(tantivy.Query.all_query(), node.boost)
        if isinstance(node, qt.Nothing):
            return _nothing()
        if isinstance(node, qt.And):
            return _boosted(self._and(node.children), node.boost)
        if isinstance(node, qt.Or):
            if not node.children:
                return _nothing()
            clauses = [(Should, self.query(child)) for child in node.children]
            return _boosted(tantivy.Query.boolean_query(clauses), node.boost)
        if isinstance(node, qt.AndNot):
            return tantivy.Query.boolean_query(
                [(Must, self.query(node.positive)), (MustNot, self.query(node.negative))]
            )
        if isinstance(node, qt.AndMaybe):
            return tantivy.Query.boolean_query(
                [(Must, self.query(node.required)), (Should, self.query(node.optional))]
            )
        if isinstance(node, qt.Not):
            return self._and((node,))
        raise TypeError(f"not a query-tree node: {node!r}")

    def _and(self, children: tuple[qt.Node, ...]) -> tantivy.Query:
        clauses = [
            (MustNot, self.query(child.child))
            if isinstance(child, qt.Not)
            else (Must, self.query(child))
            for child in children
        ]
        if not clauses:
            return _nothing()
        if all(occur == MustNot for occur, _ in clauses):
            every = tantivy.Query.const_score_query(tantivy.Query.all_query(), 0.0)
            clauses.append((Must, every))
        return tantivy.Query.boolean_query(clauses)

    def _term(self, field: str, text: str) -> tantivy.Query:
        if field in BOOLEAN:
            return tantivy.Query.term_query(self.schema, field, text.lower() in TRUE)
        if field not in TEXT:
            return _nothing()
        option = "position" if field in POSITIONAL else "freq"
        return tantivy.Query.term_query(self.schema, field, text, index_option=option)

    def _phrase(self, node: qt.Phrase) -> tantivy.Query:
        words: list[str | tuple[int, str]] = list(node.words)
        if len(words) == 1:
            return self._term(node.field, node.words[0])
        if not words or node.field not in TEXT:
            return _nothing()
        if node.field not in POSITIONAL:  # no positions: every word (Whoosh refuses it)
            return self._and(tuple(qt.Term(node.field, word) for word in node.words))
        slop = max(0, node.slop - 1) * (len(words) - 1)
        return tantivy.Query.phrase_query(self.schema, node.field, words, slop=slop)

    def _terms(self, field: str, prefix: str) -> list[str]:
        if field not in TEXT:
            return []
        return [term for term, _ in self.searcher.terms_with_prefix(field, prefix)]

    def _constant(self, field: str, terms: list[str], boost: float) -> tantivy.Query:
        if not terms:
            return _nothing()
        matched = tantivy.Query.term_set_query(self.schema, field, terms)
        return tantivy.Query.const_score_query(matched, boost)

    def _range(self, node: qt.Range) -> tantivy.Query:
        if node.field == "published" and (node.start is not None or node.end is not None):
            keyed = self._published_range(node.start, node.end)
            if keyed is not None:
                return tantivy.Query.const_score_query(keyed, node.boost)
        return self._listed_range(node)

    def _published_range(self, start: str | None, end: str | None) -> tantivy.Query | None:
        """`published` values from `start` to `end` (inclusive, string order) by their keys;
        None when a bound has no key (then the terms are listed)."""
        low = None if start is None else published_key(start[:KEY_CHARS])
        high = None if end is None else published_key(end[:KEY_CHARS])
        if (start is not None and low is None) or (end is not None and high is None):
            return None

        def within(term: str) -> bool:
            return (start is None or term >= start) and (end is None or term <= end)

        # A key is a value's first KEY_CHARS characters: the keys from the bounds' keys
        # (inclusive) are the values in the range, but for those sharing a bound's first
        # KEY_CHARS characters that fall outside it (none unless the bound is that long),
        # excluded by their terms, and the values that have no key, listed.
        outside: set[str] = set()
        for bound in (start, end):
            if bound is not None and len(bound) >= KEY_CHARS:
                outside.update(self._terms("published", bound[:KEY_CHARS]))
        outside = {term for term in outside if not within(term)}
        keyless = sorted(
            t for t, _ in self.searcher.terms_with_prefix(PUBLISHED_ODD, "") if within(t)
        )
        keyed = tantivy.Query.range_query(
            self.schema,
            PUBLISHED_KEY,
            tantivy.FieldType.Unsigned,
            lower_bound=low,
            upper_bound=high,
            include_lower=True,
            include_upper=True,
        )
        if outside:
            excluded = tantivy.Query.term_set_query(self.schema, "published", sorted(outside))
            keyed = tantivy.Query.boolean_query([(Must, keyed), (MustNot, excluded)])
        if not keyless:
            # (alone, not in a union: a union reads a fast field's range over a window of
            # records around each record asked about, which across a large archive made a
            # filtered query cost as much as the archive is large)
            return keyed
        listed = tantivy.Query.term_set_query(self.schema, "published", keyless)
        return tantivy.Query.boolean_query([(Should, keyed), (Should, listed)])

    def _listed_range(self, node: qt.Range) -> tantivy.Query:
        start, end = node.start, node.end
        common = ""
        if start is not None and end is not None:
            while (
                len(common) < min(len(start), len(end)) and start[len(common)] == end[len(common)]
            ):
                common += start[len(common)]
        terms = [
            term
            for term in self._terms(node.field, common)
            if (start is None or term >= start) and (end is None or term <= end)
        ]
        return self._constant(node.field, terms, node.boost)


__all__ = ["TRUE", "Translator"]
