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

from arshif.lazynames import lazy_names

if TYPE_CHECKING:
    from arshif.search.fields import SCHEMA_VERSION
    from arshif.search.index import SearchIndex
    from arshif.search.searcher import SearchResults, search
    from arshif.search.sharding import shards
else:  # each imported when asked for: importing a module of the package (an engine building
    # an index, say) does not load the query parser
    __getattr__ = lazy_names(
        __name__,
        {
            "SCHEMA_VERSION": "arshif.search.fields",
            "SearchIndex": "arshif.search.index",
            "SearchResults": "arshif.search.searcher",
            "search": "arshif.search.searcher",
            "shards": "arshif.search.sharding",
        },
    )

__all__ = ["SCHEMA_VERSION", "SearchIndex", "SearchResults", "search", "shards"]
