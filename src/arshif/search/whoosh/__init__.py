"""The Whoosh engine (the default): pure Python, tuned for arshif's archives.

`ENGINE` (`arshif.search.engine.Engine`) opens and builds Whoosh indexes
(`arshif.search.whoosh.indexer`). The rest of this package is what makes Whoosh fast enough:
see README.md beside this file.
"""

from arshif.search.engine import Engine
from arshif.search.whoosh.indexer import WhooshEngine

#: (typed as the protocol: mypy checks that the engine, its indexes and readers conform)
ENGINE: Engine = WhooshEngine()

__all__ = ["ENGINE"]
