"""arshif's query tree (`arshif.search.querytree`) as a Whoosh query."""

from __future__ import annotations

from whoosh import query as wq

from arshif.search import querytree as qt


def to_whoosh(node: qt.Node) -> wq.Query:
    """The Whoosh query meaning `node`, every OR matched by a tree of union matchers.

    (In a segment of fewer than 5,000 documents Whoosh matches an OR of three or more clauses
    by loading every match into arrays that it clears and fills in Python loops, 2,048 slots
    at a time; for arshif's queries (a word is six clauses) that was about a tenth of a
    query's time (docs/performance.md). The union tree gives the same matches, and the same
    scores up to the order in which a document's clause scores are added.)
    """
    if isinstance(node, qt.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Phrase):
        return wq.Phrase(node.field, list(node.words), slop=node.slop, boost=node.boost)
    if isinstance(node, qt.Prefix):
        return wq.Prefix(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Range):
        return wq.TermRange(node.field, node.start, node.end, boost=node.boost, constantscore=True)
    if isinstance(node, qt.Every):
        return wq.Every(boost=node.boost)
    if isinstance(node, qt.Nothing):
        return wq.NullQuery
    if isinstance(node, qt.And):
        return wq.And([to_whoosh(child) for child in node.children], boost=node.boost)
    if isinstance(node, qt.Or):
        union = wq.Or(
            [to_whoosh(child) for child in node.children],
            boost=node.boost,
            scale=node.scale or None,
        )
        union.matcher_type = wq.Or.DEFAULT_MATCHER
        return union
    if isinstance(node, qt.AndNot):
        return wq.AndNot(to_whoosh(node.positive), to_whoosh(node.negative))
    if isinstance(node, qt.AndMaybe):
        return wq.AndMaybe(to_whoosh(node.required), to_whoosh(node.optional))
    if isinstance(node, qt.Not):
        return wq.Not(to_whoosh(node.child))
    raise TypeError(f"not a query tree node: {node!r}")


__all__ = ["to_whoosh"]
