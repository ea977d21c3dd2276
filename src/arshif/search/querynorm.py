"""Whoosh's query normalisation (`whoosh.query.Query.normalize`) done on arshif's query tree.

The query parser (`arshif.search.queryparser`) used to let Whoosh normalise its query objects
before converting them: flattening an OR inside an OR copies every clause with
``copy.deepcopy`` (``with_boost``), which was a third of a query's parse (six field clauses a
word). `normalized` gives the same tree from the converted, unnormalised one, for the node
kinds it covers (`covers`); the parser keeps Whoosh's own normalisation for the rest (ranges,
``*``, one-word phrases), so every tree stays the one Whoosh's normalisation made
(tests/search/test_querynorm.py compares the two on the test suites' queries and more).

What Whoosh does, and this mirrors: an ``And``/``Or`` normalises its children, takes in the
children of a child of its own kind (each child's boost multiplied by that child's boost),
drops duplicates (Whoosh's equality: an ``Or``'s scale is not compared) and empty queries, and
becomes its one remaining child (boosts multiplied) or nothing; ``AndNot``/``AndMaybe``
become their one non-empty side; a ``Not`` of nothing is nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from arshif.search import querytree as qt

_LEAVES = (qt.Term, qt.Phrase, qt.Prefix, qt.Nothing)
_BOOSTED = (qt.Term, qt.Phrase, qt.Prefix, qt.And, qt.Or)


def covers(node: qt.Node) -> bool:
    """Whether `normalized` gives Whoosh's normalisation of `node` (no ``Range``, ``Every`` or
    one-word ``Phrase`` in it)."""
    if isinstance(node, qt.Phrase):
        return len(node.words) > 1
    if isinstance(node, _LEAVES):
        return True
    if isinstance(node, qt.And | qt.Or | qt.AndNot | qt.AndMaybe | qt.Not):
        return all(covers(child) for child in qt.children(node))
    return False


def _with_boost(node: qt.Node, boost: float) -> qt.Node:
    """Whoosh's ``with_boost`` (a node without a boost in the tree keeps none)."""
    if isinstance(node, _BOOSTED) and node.boost != boost:
        return dataclasses.replace(node, boost=boost)
    return node


def _boost(node: qt.Node) -> float:
    return node.boost if isinstance(node, _BOOSTED) else 1.0


def _key(node: qt.Node) -> Any:
    """What Whoosh's equality compares (an ``Or``'s scale is not)."""
    if isinstance(node, qt.Or):
        return (qt.Or, tuple(_key(child) for child in node.children), node.boost)
    if isinstance(node, qt.And):
        return (qt.And, tuple(_key(child) for child in node.children), node.boost)
    return node


def normalized(node: qt.Node) -> qt.Node:
    """Whoosh's normalisation of `node` (a tree `covers` accepts)."""
    if isinstance(node, qt.Not):
        child = normalized(node.child)
        return child if isinstance(child, qt.Nothing) else qt.Not(child)
    if isinstance(node, qt.AndNot):
        return _binary(qt.AndNot, normalized(node.positive), normalized(node.negative))
    if isinstance(node, qt.AndMaybe):
        return _binary(qt.AndMaybe, normalized(node.required), normalized(node.optional))
    if isinstance(node, qt.And | qt.Or):
        return _compound(node)
    return node


def _binary(kind: Any, a: qt.Node, b: qt.Node) -> qt.Node:
    """``AndNot``/``AndMaybe`` as Whoosh normalises them: nothing without the left side (the
    right one is never a query of its own), the left side alone without the right one."""
    if isinstance(a, qt.Nothing):
        return a
    if isinstance(b, qt.Nothing):
        return a
    made: qt.Node = kind(a, b)
    return made


def _compound(node: qt.And | qt.Or) -> qt.Node:
    children: list[qt.Node] = []
    for child in node.children:
        child = normalized(child)
        if type(child) is type(node):
            assert isinstance(child, qt.And | qt.Or)
            children += [_with_boost(c, _boost(c) * child.boost) for c in child.children]
        else:
            children.append(child)
    kept, seen = [], set()
    for child in children:
        key = _key(child)
        if key in seen or isinstance(child, qt.Nothing):
            continue
        seen.add(key)
        kept.append(child)
    if not kept:
        return qt.Nothing()
    if len(kept) == 1:
        only = kept[0]
        if node.boost == 1.0 and _boost(only) == 1.0:
            return only
        return _with_boost(only, _boost(only) * node.boost)
    if isinstance(node, qt.Or):
        return qt.Or(tuple(kept), node.boost, node.scale)
    return qt.And(tuple(kept), node.boost)


__all__ = ["covers", "normalized"]
