"""The tantivy engine (``pip install 'arshif[tantivy]'``): arshif's analysis, tantivy's index.

The only package that imports tantivy. `ENGINE` (a `TantivyEngine`) is its
`arshif.search.engine.Engine`: `terms` makes a record's index terms with arshif's own analyzers
(the Whoosh engine's terms, at the same positions), `workers` runs that analysis in worker
processes feeding the one writer, `schema` is the tantivy schema, `queries` translates
arshif's query tree, `reader` searches one snapshot, `index` keeps the generations and the
writer. README.md beside this file says how it differs from the Whoosh engine.
"""

from arshif.search.tantivy.index import TantivyEngine, TantivyIndex
from arshif.search.tantivy.reader import TantivyReader

ENGINE = TantivyEngine()

__all__ = ["ENGINE", "TantivyEngine", "TantivyIndex", "TantivyReader"]
