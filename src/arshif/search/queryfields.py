"""The fields of the query language: what a user may name, what each searches, and weights."""

from __future__ import annotations

from dataclasses import dataclass


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
WHOLE_VALUE = frozenset({"lang", "tag", "id", "source_id", "published"})

#: Index fields whose clauses filter (AND) rather than join the words' OR.
FILTER_FIELDS = frozenset(SIMPLE_FIELDS.values())


__all__ = [
    "DEFAULT_WEIGHTS",
    "FILTER_FIELDS",
    "SIMPLE_FIELDS",
    "TEXT_FIELDS",
    "USER_FIELDS",
    "WHOLE_VALUE",
    "Weights",
]
