"""`SearchIndex`: an archive's search index, whatever engine keeps it.

The engine is chosen by name (`arshif.search.engine.open_engine`: "whoosh", the default, or
"tantivy"); the index directory is the engine's own. Everything else in arshif reaches the
index through this class and `arshif.search.search`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from arshif.model import Record
from arshif.search.engine import (
    DEFAULT_ENGINE,
    EngineIndex,
    EngineReader,
    RecordSource,
    open_engine,
)


class SearchIndex:
    """One search index directory, opened through its engine."""

    def __init__(self, engine_index: EngineIndex, engine: str = DEFAULT_ENGINE) -> None:
        self.engine_index = engine_index
        self.engine = engine

    @property
    def path(self) -> Path:
        return self.engine_index.path

    # -- opening ------------------------------------------------------------------------

    @staticmethod
    def stored_version(path: Path, engine: str = DEFAULT_ENGINE) -> int | None:
        """The analysis version the index at `path` was built with (None: no index there)."""
        return open_engine(engine).stored_version(Path(path))

    @classmethod
    def open(cls, path: Path, engine: str = DEFAULT_ENGINE) -> SearchIndex:
        """Open the index at `path`; `IndexStale` if it is missing or from another analysis."""
        return cls(open_engine(engine).open(Path(path)), engine)

    @classmethod
    def build(
        cls,
        path: Path,
        records: Iterable[Record] = (),
        *,
        shards: Sequence[RecordSource] = (),
        on_record: Callable[[], None] | None = None,
        engine: str = DEFAULT_ENGINE,
    ) -> SearchIndex:
        """Index `records`, or the records of `shards` (each source indexed by a process of
        its own), into a new index at `path`, made current atomically (whether the index
        there is missing, current or stale)."""
        sources = list(shards) or [lambda: records]
        progress = None
        if on_record is not None:
            tick = on_record

            def progress(count: int) -> None:
                for _ in range(count):
                    tick()

        return cls(open_engine(engine).build(Path(path), sources, progress), engine)

    # -- writing ------------------------------------------------------------------------

    def add(self, records: Iterable[Record]) -> int:
        """Add new records (ids not yet in the index); returns how many."""
        return self.engine_index.add(records)

    def replace(self, records: Iterable[Record]) -> int:
        """Add or replace records by id (an edited, withdrawn or restored record)."""
        return self.engine_index.replace(records)

    def add_from(self, sources: Sequence[RecordSource]) -> int:
        """Add the new records of `sources`, each indexed by a process of its own, in one
        commit."""
        return self.engine_index.add_from(sources)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove records by short id; returns how many documents went."""
        return self.engine_index.delete(ids)

    # -- reading ------------------------------------------------------------------------

    def reader(self) -> EngineReader:
        """A reader on the latest commit (the same one while no commit came since)."""
        return self.engine_index.reader()

    def doc_count(self) -> int:
        return self.engine_index.doc_count()

    def is_live(self) -> bool:
        """False once another build (by any process) replaced the one opened here."""
        return self.engine_index.is_live()

    def token(self) -> str:
        """A value that changes whenever the index does (a new build or a new commit)."""
        return self.engine_index.token()

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        """The stored fields of every record in the index, one at a time."""
        return self.reader().stored_documents()

    def ids(self) -> list[str]:
        """The short ids of every indexed record, sorted."""
        return sorted(self.versions())

    def versions(self) -> dict[str, str | None]:
        """Short id → the record version indexed ("v3"; None when the record had no history)."""
        return {f["id"]: f.get("version") for f in self.stored_documents()}

    def close(self) -> None:
        """Close the index: it is not to be read after this (its files may go)."""
        self.engine_index.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["SearchIndex"]
