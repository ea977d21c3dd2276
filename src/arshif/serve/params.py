"""Search parameters of the reader and the JSON API, checked and bounded.

A filter (language, outlet, tag) is added to the query in arshif's own query language, so the
page shows the exact `arshif search` command that gives the same records in the same order.
Anything malformed is a `UsageError` (a 400 with one line).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from arshif.errors import UsageError
from arshif.views import FACETS, SORTS

MAX_QUERY = 1000  #: characters of a query
MAX_VALUE = 200  #: characters of a filter value
MAX_PAGE = 1000  #: the last page number the reader serves
MAX_LIMIT = 100  #: hits per page at most
MAX_OFFSET = 10_000  #: the deepest hit a page may start at
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class SearchRequest:
    words: str  #: the query as typed
    lang: str | None
    outlet: str | None
    tag: str | None
    since: str | None
    until: str | None
    sort: str
    limit: int
    offset: int
    facets: tuple[str, ...]

    @property
    def query(self) -> str:
        """The query with its filters, in the query language (docs/query-syntax.md)."""
        parts = [f"({self.words})"] if self.words and self.has_filters else [self.words]
        if self.lang:
            parts.append(f"lang:{self.lang}")
        if self.outlet:
            parts.append(f'outlet:"{self.outlet}"')
        if self.tag:
            parts.append(f'tag:"{self.tag}"')
        return " ".join(p for p in parts if p)

    @property
    def has_filters(self) -> bool:
        return bool(self.lang or self.outlet or self.tag)

    @property
    def page(self) -> int:
        return self.offset // self.limit + 1

    def command(self) -> str:
        """The `arshif search` command line giving the same records in the same order."""
        args = ["arshif", "search", self.query, "--limit", str(self.limit)]
        if self.offset:
            args += ["--offset", str(self.offset)]
        if self.sort != "relevance":
            args += ["--sort", self.sort]
        for name, value in (("--since", self.since), ("--until", self.until)):
            if value:
                args += [name, value]
        return shlex.join(args)

    def options(self) -> dict[str, Any]:
        """Keyword arguments of `Repository.search_page`."""
        return {
            "limit": self.limit,
            "offset": self.offset,
            "sort": self.sort,
            "since": self.since,
            "until": self.until,
            "facets": self.facets,
        }

    def params(self, **changes: str | int | None) -> dict[str, str]:
        """This request's parameters for a link, with `changes` (None removes one)."""
        values: dict[str, str | int | None] = {
            "q": self.words,
            "lang": self.lang,
            "outlet": self.outlet,
            "tag": self.tag,
            "since": self.since,
            "until": self.until,
            "sort": None if self.sort == "relevance" else self.sort,
            "page": None if self.page == 1 else self.page,
            "limit": None if self.limit == 10 else self.limit,
        }
        values.update(changes)
        if str(values.get("page")) == "1":
            values["page"] = None
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def parse_search(args: Mapping[str, str], *, api: bool = False) -> SearchRequest:
    """The search request of query parameters `args` (`UsageError` for a malformed one)."""
    words = _text(args, "q", MAX_QUERY)
    lang = _text(args, "lang", 35)
    if lang and not _LANG.fullmatch(lang):
        raise UsageError(f"lang={lang!r} is not a language code (ar, fa, ...)")
    outlet, tag = _text(args, "outlet", MAX_VALUE), _text(args, "tag", MAX_VALUE)
    for name, value in (("outlet", outlet), ("tag", tag)):
        if '"' in value:
            raise UsageError(f"{name} must not contain a double quote")
    since, until = _text(args, "since", 10), _text(args, "until", 10)
    for name, value in (("since", since), ("until", until)):
        if value and not _DATE.fullmatch(value):
            raise UsageError(f"{name}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    sort = _text(args, "sort", 20) or "relevance"
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    limit = _number(args, "limit", 1, MAX_LIMIT, 10)
    page = _number(args, "page", 1, MAX_PAGE, 1)
    offset = _number(args, "offset", 0, MAX_OFFSET, 0)
    if offset and page != 1:
        raise UsageError("give an offset or a page, not both")
    offset = offset or (page - 1) * limit
    if offset > MAX_OFFSET:
        raise UsageError(f"pages go no deeper than hit {MAX_OFFSET}; narrow the search")
    if api:
        facets = tuple(f for f in _text(args, "facet", 100).split(",") if f.strip())
        for name in facets:
            if name not in FACETS:
                raise UsageError(f"unknown facet {name!r}; choose from {', '.join(FACETS)}")
    else:
        facets = FACETS
    return SearchRequest(
        words,
        lang or None,
        outlet or None,
        tag or None,
        since or None,
        until or None,
        sort,
        limit,
        offset,
        facets,
    )


def _text(args: Mapping[str, str], name: str, longest: int) -> str:
    value = str(args.get(name) or "").strip()
    if len(value) > longest:
        raise UsageError(f"{name} is too long ({len(value)} characters; at most {longest})")
    if any(ord(c) < 32 for c in value):
        raise UsageError(f"{name} must not contain control characters")
    return value


def _number(args: Mapping[str, str], name: str, low: int, high: int, default: int) -> int:
    value = str(args.get(name) or "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise UsageError(f"{name} must be a whole number from {low} to {high} (got {value!r})")
    return int(value)
