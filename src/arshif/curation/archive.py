"""What the curation modules need of an archive: the part of `arshif.repository.Repository`
they call, as a protocol, so that curation (a lower layer) never imports the facade above it.
The facade passes itself."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from arshif.model import Record, VersionInfo

if TYPE_CHECKING:
    from arshif.archiveconfig import ArchiveConfig
    from arshif.config import Settings
    from arshif.store import StorageRoot


class ArchiveAccess(Protocol):
    """The records of an archive, its store and settings, and its writer lock."""

    @property
    def settings(self) -> Settings: ...

    @property
    def config(self) -> ArchiveConfig: ...

    @property
    def store(self) -> StorageRoot: ...

    def record(self, short_id: str, version: str | None = None) -> Record: ...

    def records(self) -> Iterator[Record]: ...

    def versions(self, short_id: str) -> list[VersionInfo]: ...

    def current_signature(self) -> str | None: ...

    def writing(self) -> AbstractContextManager[None]: ...

    def index_records(self, records: Sequence[Record]) -> None:
        """Bring the search index up to date with `records` (new versions just written)."""
