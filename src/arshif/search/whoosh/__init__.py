"""The Whoosh engine (the default): pure Python, tuned for arshif's archives.

`ENGINE` (`arshif.search.engine.Engine`) opens and builds Whoosh indexes
(`arshif.search.whoosh.indexer`). The rest of this package is what makes Whoosh fast enough:
see README.md beside this file.
"""

from arshif.search.whoosh.indexer import WhooshEngine

ENGINE = WhooshEngine()

__all__ = ["ENGINE"]
