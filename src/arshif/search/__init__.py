"""Full-text search over the archive, engine-neutral (issue 18's boundary).

`SearchIndex` (index) keeps an archive's index through an engine (`engine`: the protocol and
`open_engine`; ``whoosh``, the default, and ``tantivy`` are sub-packages, imported only when
chosen); `search` (searcher) runs a query; `SCHEMA_VERSION` (fields) says which analysis built
an index. Analysis lives at `arshif.search.analysis`; the fields and a record's document at
`fields`. The query language is `query` (checked by `querycheck`, docs/query-syntax.md) and
parses to `querytree`; `facets` (what facets and sort orders mean), `suggest` ("did you
mean"), `kwic` (concordances) and `similar` (more like this) serve `arshif.api`.
See docs/search-quality.md for the design and its measurements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arshif.search.fields import SCHEMA_VERSION
    from arshif.search.index import SearchIndex
    from arshif.search.searcher import SearchResults, search
    from arshif.search.sharding import shards

#: Where each name is: `__getattr__` imports it when asked for, so that importing a module of
#: the package (an engine building an index, say) does not load the query parser.
_MODULES = {
    "SCHEMA_VERSION": "arshif.search.fields",
    "SearchIndex": "arshif.search.index",
    "SearchResults": "arshif.search.searcher",
    "search": "arshif.search.searcher",
    "shards": "arshif.search.sharding",
}


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up finds it without this function
    return value


__all__ = ["SCHEMA_VERSION", "SearchIndex", "SearchResults", "search", "shards"]
