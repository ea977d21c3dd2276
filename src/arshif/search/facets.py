"""What a facet and a sort order mean, for every engine.

Facets: ``outlet`` and ``lang`` (as recorded, the language lowercased), ``year`` (of
``published``), ``tag`` (each tag as recorded). An engine counts them over every record a query
matched (`arshif.search.engine.Found.facets`, values as `facet_value` gives them; records
without the value count under no key: a facet shows the shape of what is known); here they are
ordered and cut.

Sort orders (`SORTS`): ``relevance`` (best score first); ``published`` (oldest first) and
``-published`` (newest first); ``outlet`` (A→Z, case-folded, then newest first). Records
without the value come last; ties keep rank order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from arshif.search import querytree as qt
from arshif.search.fields import WITHDRAWN_TERM

if TYPE_CHECKING:
    from arshif.search.index import SearchIndex

FACETS = ("outlet", "lang", "year", "tag")
SORTS = ("relevance", "published", "-published", "outlet")
#: Most values listed per facet.
FACET_VALUES = 20
#: The index field a facet's values are read from (the others: the field of its name).
FIELD_OF = {"year": "published"}


def facet_value(name: str, value: str) -> str:
    """A field's value as the facet `name` counts it ("" for none)."""
    if name == "year":
        return value[:4]
    if name == "lang":
        return value.lower()
    return value


def ordered_counts(
    counts: Iterable[tuple[str, int]], top: int | None = FACET_VALUES
) -> list[tuple[str, int]]:
    """A facet's (value, count) pairs, most frequent first (then by value), at most `top`
    of them (None: all)."""
    return sorted(counts, key=lambda kv: (-kv[1], kv[0]))[:top]


def archive_facets(
    index: SearchIndex, names: Sequence[str], include_withdrawn: bool = False
) -> tuple[int, int, dict[str, list[tuple[str, int]]]]:
    """``(records, withdrawn, counts)`` of the whole index, without a query: how many records
    it holds, how many of them are withdrawn, and every value of each facet in `names` among
    the records not withdrawn (all records with `include_withdrawn`)."""
    reader = index.reader()
    withdrawn = qt.Term("withdrawn", WITHDRAWN_TERM)
    everyone = reader.search(qt.Every(), limit=0).total
    gone = reader.search(withdrawn, limit=0).total
    mask = None if include_withdrawn else withdrawn
    found = reader.search(qt.Every(), mask=mask, limit=0, facets=names)
    counts = {name: ordered_counts(found.facets.get(name, []), None) for name in names}
    return everyone, gone, counts


__all__ = ["FACETS", "FACET_VALUES", "SORTS", "archive_facets", "facet_value", "ordered_counts"]
