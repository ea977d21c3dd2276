"""The Python API for notebooks and scripts: the same searches as the CLI, typed results.

The CLI's `search`, `kwic` and `similar` commands are thin wrappers over this module, so a query
string and its filters mean the same thing here and on the command line (docs/python-api.md,
docs/query-syntax.md)::

    from arshif.api import Archive

    archive = Archive.open("~/news")
    page = archive.search("انسحاب القوات", since="2021-11", facets=["outlet", "year"])
    for hit in page.hits:
        print(hit.rank, hit.id, hit.title)
    page.facets["outlet"]            # [("kayhan.ir", 3), ...]
    rows = page.rows()               # list of dicts: pandas.DataFrame(rows)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from arshif.config import Settings, find_root
from arshif.errors import UsageError
from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START, Hit, Record
from arshif.repository import Repository
from arshif.views import hit_view

if TYPE_CHECKING:
    from arshif.search.kwic import Concordance

__all__ = [
    "FACETS",
    "SORTS",
    "Archive",
    "Concordance",
    "Hit",
    "Record",
    "SearchPage",
    "highlights",
]

#: The orders `Archive.search` knows: rank, date (oldest or newest first), outlet name.
SORTS = ("relevance", "published", "-published", "outlet")
#: The facets `Archive.search` can count over the whole result set.
FACETS = ("outlet", "lang", "year", "tag")

Sort = Literal["relevance", "published", "-published", "outlet"]


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: the hits, how many records matched in all, facet counts, and a
    corrected query when the query found nothing or little ("did you mean")."""

    query: str
    hits: list[Hit]
    total: int
    offset: int = 0
    limit: int = 10
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None

    def rows(self, markers: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
        """The hits as plain dicts (the JSON output's shape), matched words between `markers`."""
        return [hit_row(hit, markers) for hit in self.hits]

    def facet_rows(self) -> list[dict[str, Any]]:
        """Facet counts as rows: ``{"facet": "outlet", "value": "...", "count": 3}``."""
        return [
            {"facet": name, "value": value, "count": count}
            for name, counts in self.facets.items()
            for value, count in counts
        ]

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


def __getattr__(name: str) -> Any:
    """`Concordance` is imported on use (it lives with the search index code)."""
    if name == "Concordance":
        from arshif.search.kwic import Concordance

        return Concordance
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def highlights(snippet: str) -> list[str]:
    """The matched words of a snippet, in the record's own spelling, in order."""
    words = []
    for piece in snippet.split(HIGHLIGHT_START)[1:]:
        word, _, _ = piece.partition(HIGHLIGHT_END)
        if word:
            words.append(word)
    return words


def hit_row(hit: Hit, markers: tuple[str, str] = ("[", "]")) -> dict[str, Any]:
    """One hit as the CLI's JSON prints it: `arshif.views.hit_view` plus tags and highlights."""
    row = hit_view(hit, markers)
    row["tags"] = list(hit.tags)
    row["highlights"] = highlights(hit.snippet)
    return row


class Archive:
    """An arshif archive opened for reading and searching (a `Repository` underneath)."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    @classmethod
    def open(cls, root: str | os.PathLike[str] | None = None) -> Archive:
        """Open the archive at `root`; without it, ``$ARSHIF_ROOT`` or the nearest root above
        the working directory (as the CLI finds it). Raises `ArchiveNotFound`."""
        explicit = Path(root).expanduser() if root is not None else None
        return cls(Repository(Settings(find_root(explicit, os.environ, Path.cwd()))))

    @property
    def root(self) -> Path:
        return self.repository.settings.root

    def __len__(self) -> int:
        return self.repository.record_count()

    def record(self, record_id: str, version: str | None = None) -> Record:
        """One record (head, or `version`); `record_id` may be a unique prefix or a URN."""
        return self.repository.record(self.repository.resolve_id(record_id), version)

    def records(self) -> Iterator[Record]:
        """Every head record, in id order (withdrawn ones too), one at a time."""
        return self.repository.records()

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        page: int | None = None,
        sort: Sort = "relevance",
        facets: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        exact: bool = False,
        include_withdrawn: bool = False,
        snippets: bool = True,
        suggest: bool = True,
    ) -> SearchPage:
        """Search with arshif's query language (docs/query-syntax.md).

        `page` (1-based) sets `offset` to ``(page - 1) * limit``; a `limit` of 0 counts the
        matches (and `facets`) without returning any hit. `since`/`until` take ISO
        dates or partial dates (``2021``, ``2021-11``), both inclusive. `facets` are counted over
        every match, not only this page. Raises `QuerySyntaxError` (a `UsageError`) for a
        malformed query, naming the problem and its column.
        """
        offset = _offset(limit, offset, page)
        _check_choice("sort", sort, SORTS)
        for name in facets:
            _check_choice("facet", name, FACETS)
        results = self.repository.search(
            query,
            snippets=snippets,
            limit=limit,
            offset=offset,
            exact=exact,
            include_withdrawn=include_withdrawn,
            sort=sort,
            facets=tuple(facets),
            since=since,
            until=until,
            suggest=suggest,
        )
        return SearchPage(
            query=query,
            hits=results.hits,
            total=results.total,
            offset=offset,
            limit=limit,
            facets=results.facets,
            suggestion=results.suggestion,
        )

    def kwic(
        self,
        term: str,
        *,
        width: int = 40,
        limit: int = 100,
        exact: bool = False,
        include_withdrawn: bool = False,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Concordance]:
        """Keyword-in-context lines for `term` (any query), `width` characters each side."""
        from arshif.search.kwic import concordance

        if width < 1 or limit < 1:
            raise UsageError(f"width and limit must be at least 1 (got {width}, {limit})")
        return concordance(
            self.repository.index(),
            term,
            self._text_of,
            width=width,
            limit=limit,
            exact=exact,
            include_withdrawn=include_withdrawn,
            since=since,
            until=until,
        )

    def similar(
        self, record_id: str, *, limit: int = 10, include_withdrawn: bool = False
    ) -> SearchPage:
        """The records most like `record_id` (more-like-this on its analysed text)."""
        from arshif.search.similar import similar

        short = self.repository.resolve_id(record_id)
        record = self.repository.record(short)
        results = similar(
            self.repository.index(),
            short,
            record.text,
            limit=limit,
            include_withdrawn=include_withdrawn,
        )
        return SearchPage(query=f"similar:{short}", hits=results.hits, total=results.total)

    def _text_of(self, short_id: str) -> str:
        return self.repository.record(short_id).text


def _offset(limit: int, offset: int, page: int | None) -> int:
    if limit < 0:
        raise UsageError(f"limit must not be negative (got {limit})")
    if offset < 0:
        raise UsageError(f"offset must not be negative (got {offset})")
    if page is not None:
        if page < 1:
            raise UsageError(f"page numbers start at 1 (got {page})")
        if offset:
            raise UsageError("give an offset or a page, not both")
        return (page - 1) * limit
    return offset


def _check_choice(what: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise UsageError(f"unknown {what} {value!r}; choose from {', '.join(allowed)}")
