"""The Python API for notebooks and scripts: a thin, typed, read-only view of an archive.

`Archive` opens an archive and reads it as the CLI does: its `search`, `kwic` and `similar` are
`Repository.search_page`, `Repository.kwic` and `Repository.similar`, so a query string and its
filters mean the same thing here and on the command line (docs/python-api.md,
docs/query-syntax.md)::

    from arshif.api import Archive

    archive = Archive.open("~/news")
    page = archive.search("انسحاب القوات", since="2021-11", facets=["outlet", "year"])
    for hit in page.hits:
        print(hit.rank, hit.id, hit.title)
    page.facets["outlet"]            # [("kayhan.ir", 3), ...]
    rows = page.rows()               # list of dicts: pandas.DataFrame(rows)

Writing (ingest, edit, withdraw) is the facade's: ``archive.repository``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from arshif.model import Concordance, Hit, Record
from arshif.repository import Repository
from arshif.views import FACETS, SORTS, SearchPage, highlights

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

Sort = Literal["relevance", "published", "-published", "outlet"]


class Archive:
    """An arshif archive opened for reading and searching (a `Repository` underneath)."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    @classmethod
    def open(cls, root: str | os.PathLike[str] | None = None) -> Archive:
        """Open the archive at `root`; without it, ``$ARSHIF_ROOT`` or the nearest root above
        the working directory (as the CLI finds it). Raises `ArchiveNotFound`."""
        return cls(Repository.find(Path(root).expanduser() if root is not None else None))

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
        return self.repository.search_page(
            query,
            limit=limit,
            offset=offset,
            page=page,
            sort=sort,
            facets=facets,
            since=since,
            until=until,
            exact=exact,
            include_withdrawn=include_withdrawn,
            snippets=snippets,
            suggest=suggest,
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
        return self.repository.kwic(
            term,
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
        return self.repository.similar(record_id, limit=limit, include_withdrawn=include_withdrawn)
