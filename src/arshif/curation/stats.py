"""What an archive holds, at a glance (`arshif stats`): records, withdrawals, versions, counts
by language, outlet, year and tag, sizes on disk, the last change and who made it, and the
search engine.

Counts by facet come from the search index (caught up first, as a search is), over the records
a search shows: withdrawn records are counted only when asked (`include_withdrawn`), as in the
other listings. Versions and the last change are read from the OCFL inventories (one read per
object); sizes are the space the files take on disk (blocks, as ``du`` counts them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arshif.model import VersionInfo, short_id_of

if TYPE_CHECKING:
    from arshif.curation.archive import ArchiveAccess


@dataclass(frozen=True)
class LastChange:
    """The most recent version written in the archive."""

    id: str
    version: VersionInfo

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version.version,
            "created": self.version.created,
            "user": self.version.user.name,
            "address": self.version.user.address,
            "message": self.version.message,
        }


@dataclass(frozen=True)
class ArchiveStats:
    name: str
    engine: str
    records: int
    withdrawn: int
    versions: int
    #: facet → every (value, count), most frequent first, over the records counted
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    counted: int = 0  #: the records the facets count (not withdrawn, unless asked)
    archive_bytes: int = 0
    index_bytes: int = 0
    index_generations: int = 0
    last_change: LastChange | None = None

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        """The JSON form; each facet lists its `top` values (all when None), and
        ``facet_values`` says how many values each has."""
        return {
            "name": self.name,
            "engine": self.engine,
            "records": self.records,
            "withdrawn": self.withdrawn,
            "versions": self.versions,
            "counted": self.counted,
            "facets": {
                name: [{"value": v, "count": c} for v, c in values[:top]]
                for name, values in self.facets.items()
            },
            "facet_values": {name: len(values) for name, values in self.facets.items()},
            "sizes": {
                "archive": self.archive_bytes,
                "index": self.index_bytes,
                "index_generations": self.index_generations,
            },
            "last_change": self.last_change.as_dict() if self.last_change else None,
        }


#: What the search index counts: ``(records, withdrawn, counts)``, every value of each facet
#: with its count (`arshif.search.facets.archive_facets`, which the facade calls).
FacetValues = tuple[int, int, dict[str, list[tuple[str, int]]]]


def archive_stats(
    repo: ArchiveAccess, facet_values: FacetValues, include_withdrawn: bool = False
) -> ArchiveStats:
    """The statistics of the archive at `repo` (an empty archive has zeros and no last change),
    with the index's `facet_values` (over withdrawn records too with `include_withdrawn`)."""
    config = repo.config
    indexed, withdrawn, facets = facet_values
    records = versions = 0
    latest: list[tuple[str, VersionInfo]] = []  # the heads written in the latest second
    for object_id, count, head in repo.store.head_versions():
        records += 1
        versions += count
        if not latest or head.created > latest[0][1].created:
            latest = [(object_id, head)]
        elif head.created == latest[0][1].created:
            latest.append((object_id, head))
    last = None
    if latest:  # OCFL times are to the second: the inventory written last breaks a tie
        object_id, head = max(latest, key=lambda item: (_written(repo, item[0]), item[0]))
        last = LastChange(short_id_of(object_id), head)
    index_dir = repo.settings.index_dir
    search_dir = repo.settings.search_dir
    return ArchiveStats(
        name=config.name,
        engine=config.engine,
        records=records,
        withdrawn=withdrawn,
        versions=versions,
        facets=facets,
        counted=indexed if include_withdrawn else indexed - withdrawn,
        archive_bytes=disk_usage(repo.settings.archive_dir),
        index_bytes=disk_usage(index_dir),
        index_generations=sum(
            1 for p in _entries(search_dir) if p.name.startswith("g") and p.is_dir()
        ),
        last_change=last,
    )


def _written(repo: ArchiveAccess, object_id: str) -> int:
    try:
        return (repo.store.object_path(object_id) / "inventory.json").stat().st_mtime_ns
    except OSError:
        return 0


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def disk_usage(folder: Path) -> int:
    """Bytes the files under `folder` take on disk (allocated blocks, like ``du``)."""
    total = 0
    for top, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            try:
                info = os.lstat(os.path.join(top, name))
            except OSError:  # removed while walking (an old index generation)
                continue
            total += info.st_blocks * 512
    return total
