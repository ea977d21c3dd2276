"""Full-text search over the archive: the only package that imports Whoosh.

`SearchIndex` (indexer) keeps the index, `search` (searcher) runs a query, `SCHEMA_VERSION`
(schema) says which analysis built an index. Analysis classes live at the stable import path
`arshif.search.analysis`. See docs/search-quality.md for the design and its measurements.
The query language is `query` (checked by `querycheck`, docs/query-syntax.md); `facets`
(counts and sort orders), `suggest` ("did you mean"), `kwic` (concordances) and `similar`
(more like this) serve `arshif.api`.
"""

from arshif.search.indexer import SearchIndex
from arshif.search.schema import SCHEMA_VERSION
from arshif.search.searcher import SearchResults, search

__all__ = ["SCHEMA_VERSION", "SearchIndex", "SearchResults", "search"]
