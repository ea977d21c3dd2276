"""arshif's own query tree: what a parsed query means, for any engine.

The query language (`arshif.search.query`) is parsed to these nodes; an engine
(`arshif.search.engine.Engine`) translates them to its own queries. Every text in a node is an
*index term*: already analysed (folded, stemmed) as the engine indexed that field, so that every
engine sees identical terms. Fields are the index's field names (`arshif.search.fields`):
``title_ar``, ``body_fa``, ``title_exact``, ``outlet``, ``lang``, ``tag``, ``published``...

Scores: a node's `boost` multiplies its score; `Range` and `Every` match with a constant score
(their boost: 0.0 for a pure filter, e.g. ``--since``). `Or.scale` is the "or0.9" conjunction
(a document matching more clauses scores higher, as Whoosh's ``OrGroup.factory``); 0 means none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True)
class Term:
    """One index term in one field."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Index terms in this order, at most `slop` positions apart (1: adjacent)."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Every index term of the field starting with `text`."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """Terms of the field between `start` and `end` (inclusive; None: open), constant score."""

    field: str
    start: str | None
    end: str | None
    boost: float = 1.0


@dataclass(frozen=True)
class Every:
    """Every document (``*``), constant score."""

    boost: float = 1.0


@dataclass(frozen=True)
class Nothing:
    """No document (e.g. a query of stop words only, in exact form)."""


@dataclass(frozen=True)
class And:
    """Documents matching every child; the children's scores added."""

    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    """Documents matching any child; the matching children's scores added."""

    children: tuple[Node, ...]
    boost: float = 1.0
    scale: float = 0.0


@dataclass(frozen=True)
class AndNot:
    """Documents matching `positive` and not `negative`; scored by `positive`."""

    positive: Node
    negative: Node


@dataclass(frozen=True)
class AndMaybe:
    """Documents matching `required`; `optional` adds its score where it matches too."""

    required: Node
    optional: Node


@dataclass(frozen=True)
class Not:
    """Documents not matching `child` (only inside an `And`), no score."""

    child: Node


Node: TypeAlias = (
    Term | Phrase | Prefix | Range | Every | Nothing | And | Or | AndNot | AndMaybe | Not
)


def children(node: Node) -> tuple[Node, ...]:
    """The direct children of `node`."""
    if isinstance(node, And | Or):
        return node.children
    if isinstance(node, AndNot):
        return (node.positive, node.negative)
    if isinstance(node, AndMaybe):
        return (node.required, node.optional)
    if isinstance(node, Not):
        return (node.child,)
    return ()


def walk(node: Node) -> Iterator[Node]:
    """`node` and every node under it, depth first."""
    yield node
    for child in children(node):
        yield from walk(child)


__all__ = [
    "And",
    "AndMaybe",
    "AndNot",
    "Every",
    "Node",
    "Not",
    "Nothing",
    "Or",
    "Phrase",
    "Prefix",
    "Range",
    "Term",
    "children",
    "walk",
]
