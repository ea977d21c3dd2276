"""One `Repository` per server thread, so that each thread keeps its own open index.

An index reader is refreshed between searches (`SearchIndex.reader`), so a reader sees each
commit of a writer that is ingesting; when the index is rebuilt (a new generation) the thread's
repository is replaced by a fresh one at its next request.
"""

from __future__ import annotations

import threading

from arshif.config import Settings
from arshif.repository import Repository


class Readers:
    """Hands each thread its `Repository` over `settings` (never used to write)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()

    def repository(self) -> Repository:
        repo = getattr(self._local, "repo", None)
        if not isinstance(repo, Repository) or not repo.index_is_live():
            repo = Repository(self.settings, lock_wait=0)
            self._local.repo = repo
        return repo
