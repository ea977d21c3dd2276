"""arshif's query tree (`arshif.search.querytree`) as a Whoosh query."""

from __future__ import annotations

from whoosh import query as wq

from arshif.search import querytree as qt


def to_whoosh(node: qt.Node) -> wq.Query:
    """The Whoosh query meaning `node`.

    (Every OR used to be matched by a tree of union matchers, which paid when Whoosh matched
    whole queries; `taat.best_matches` now scores ORs itself, and on the queries it leaves to
    Whoosh (``+``, ``-``, ``NOT``) Whoosh's own choice of matcher is faster: 0.67-0.71 s
    against 0.93-1.12 s for 135 such queries at 3,000 articles,
    benchmarks/whoosh_internals.py's measurements in docs/performance.md.)
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
        return wq.Or(
            [to_whoosh(child) for child in node.children],
            boost=node.boost,
            scale=node.scale or None,
        )
    if isinstance(node, qt.AndNot):
        return wq.AndNot(to_whoosh(node.positive), to_whoosh(node.negative))
    if isinstance(node, qt.AndMaybe):
        return wq.AndMaybe(to_whoosh(node.required), to_whoosh(node.optional))
    if isinstance(node, qt.Not):
        return wq.Not(to_whoosh(node.child))
    raise TypeError(f"not a query tree node: {node!r}")


__all__ = ["to_whoosh"]
