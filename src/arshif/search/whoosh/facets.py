"""Facet counts and sort orders (`arshif.search.facets`) over every record a query matched,
in a Whoosh index.

Values are read from the index's columns (outlet, lang, published are sortable) and stored
fields (tags), so counting is one pass over the matching documents.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from arshif.search.facets import FIELD_OF
from arshif.search.facets import facet_value as _facet_value


def _column(searcher: Any, field: str) -> Callable[[int], str]:
    """docnum → the field's value ("" when the record has none), from the column store.

    Read segment by segment: a segment whose records all lack the field has no column for it,
    and Whoosh's multi-segment column reader then reads another segment's column in its place
    (an IndexError, or a wrong value)."""
    leaves = searcher.reader().leaf_readers()
    if any(leaf.has_column(field) for leaf, _ in leaves):
        offsets = [offset for _, offset in leaves]
        columns = [
            leaf.column_reader(field) if leaf.has_column(field) else None for leaf, _ in leaves
        ]

        def value(docnum: int) -> str:
            at = bisect_right(offsets, docnum) - 1
            column = columns[at]
            if column is None:
                return ""
            found = column[docnum - offsets[at]]
            if isinstance(found, bytes):
                return found.decode("utf-8")
            return str(found or "")

        return value

    def stored(docnum: int) -> str:
        return str(searcher.stored_fields(docnum).get(field) or "")

    return stored


def count_facets(
    searcher: Any, docnums: Iterable[int], names: Sequence[str]
) -> dict[str, list[tuple[str, int]]]:
    """For each facet in `names`, its values among `docnums` with their counts."""
    docs = list(docnums)
    values = _facet_values(searcher, len(docs))
    counts: dict[str, Counter[str]] = {}
    for name in names:
        counter: Counter[str] = Counter()
        if name == "tag" and values is not None:
            tags_of = values.tags()
            for docnum in docs:
                tags = tags_of.get(docnum)
                if tags:
                    counter.update(tags)
        elif name == "tag":
            tagged = _tagged(searcher)
            for docnum in docs:
                if docnum not in tagged:  # read stored fields only where there are tags
                    continue
                counter.update(_tags_of(searcher, docnum))
        elif values is not None:
            counter.update(map(values.column(name).__getitem__, docs))
            counter.pop("", None)
        else:
            value_of = _column(searcher, FIELD_OF.get(name, name))
            for docnum in docs:
                value = _facet_value(name, value_of(docnum))
                if value:
                    counter[value] += 1
        counts[name] = counter
    return {name: list(counter.items()) for name, counter in counts.items()}


class FacetValues:
    """Every document's facet values in one searcher, each column read whole once.

    Bound to one Whoosh searcher, which sees one commit of the index (`SearchIndex.searcher`
    replaces it after a new commit), so these values are never those of an older version.
    A long-lived reader (`arshif serve`) counts facets over thousands of matches a search:
    a list look-up a match where reading the column store was most of a search page's
    facet time.
    """

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._columns: dict[str, list[str]] = {}
        self._tags: dict[int, frozenset[str]] | None = None
        self._lock = threading.Lock()

    def column(self, name: str) -> list[str]:
        """docnum → the facet `name`'s value ("" when the record has none)."""
        found = self._columns.get(name)
        if found is None:
            with self._lock:
                found = self._columns.get(name)
                if found is None:
                    found = self._columns[name] = self._read(name)
        return found

    def tags(self) -> dict[int, frozenset[str]]:
        """docnum → its tags, for the records that have any."""
        if self._tags is None:
            with self._lock:
                if self._tags is None:
                    self._tags = _tags(self.searcher)
        return self._tags

    def _read(self, name: str) -> list[str]:
        field = FIELD_OF.get(name, name)
        shared: dict[str, str] = {}  # one string per distinct value
        values: list[str] = []
        leaves = self.searcher.reader().leaf_readers()
        if not any(leaf.has_column(field) for leaf, _ in leaves):  # `_column`'s stored values
            value_of = _column(self.searcher, field)
            for docnum in range(self.searcher.doc_count_all()):
                value = _facet_value(name, value_of(docnum))
                values.append(shared.setdefault(value, value))
            return values
        for leaf, _ in leaves:
            if not leaf.has_column(field):
                values.extend([""] * leaf.doc_count_all())
                continue
            for found in leaf.column_reader(field):
                text = found.decode("utf-8") if isinstance(found, bytes) else str(found or "")
                value = _facet_value(name, text)
                values.append(shared.setdefault(value, value))
        return values


#: The `FacetValues` of each searcher still open that counted facets more than once.
_values: weakref.WeakKeyDictionary[Any, FacetValues] = weakref.WeakKeyDictionary()
#: How many times each open searcher counted facets.
_counted: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_values_lock = threading.Lock()


def _facet_values(searcher: Any, matches: int) -> FacetValues | None:
    """The searcher's `FacetValues` from its second count of facets on (a long-lived reader),
    or when the matches are a large part of the index; None for a single small count (one
    `arshif search`), which reads only the matches' values."""
    with _values_lock:
        values = _values.get(searcher)
        if values is None:
            times = _counted[searcher] = _counted.get(searcher, 0) + 1
            if times > 1 or matches * 4 >= searcher.doc_count_all():
                values = _values[searcher] = FacetValues(searcher)
        return values


def _tagged(searcher: Any) -> set[int]:
    """The documents that have a tag, from the tag field's postings (a few reads, where
    reading every match's stored fields cost 150 ms at p95 at 31,000 untagged articles)."""
    reader = searcher.reader()
    found: set[int] = set()
    if "tag" not in reader.indexed_field_names():
        return found
    for term in reader.lexicon("tag"):
        found.update(reader.postings("tag", term).all_ids())
    return found


def _tags_of(searcher: Any, docnum: int) -> frozenset[str]:
    tags = searcher.stored_fields(docnum).get("tag") or ""
    return frozenset(t for t in tags.split(",") if t)


def _tags(searcher: Any) -> dict[int, frozenset[str]]:
    """docnum → its tags, for every record that has tags."""
    return {docnum: _tags_of(searcher, docnum) for docnum in sorted(_tagged(searcher))}


def sort_docnums(searcher: Any, scored: Sequence[tuple[int, float]], order: str) -> list[int]:
    """`scored` (docnum, score) in `order`: by date (oldest first; ``-published`` newest
    first) or outlet (A→Z, then newest first); records without the value come last; ties keep
    rank order."""
    if order == "relevance":
        return [docnum for docnum, _ in scored]
    field = "outlet" if order == "outlet" else "published"
    value_of = _column(searcher, field)
    keyed = [(value_of(docnum), rank, docnum) for rank, (docnum, _) in enumerate(scored)]
    present = [k for k in keyed if k[0]]
    missing = [k for k in keyed if not k[0]]
    if order == "-published":
        present.sort(key=lambda k: (k[0], -k[1]), reverse=True)
    elif order == "outlet":
        published = _column(searcher, "published")
        present.sort(key=lambda k: (k[0].casefold(), _desc(published(k[2])), k[1]))
    else:
        present.sort(key=lambda k: (k[0], k[1]))
    return [k[2] for k in present + missing]


def _desc(text: str) -> tuple[int, ...]:
    """A key sorting `text` descending (newest date first) inside an ascending sort."""
    return (*(-ord(c) for c in text), 1)
