"""Records out of an archive into a bag, and a bag's objects into an archive.

`export_bag` chooses the records (named, found by a query, or all) and writes them with
`write_bag`; `import_bag` validates a bag with `open_bag` and adds its objects under the
writer lock, then brings the index up to date. `arshif.repository.Repository.export_bag` and
`import_bag` are these. The archive is what `Archive` says it must offer, so that this package
imports neither the facade nor the search engine; the metadata CSV is made by the caller's
`metadata_csv` (the columns of ``arshif export``, `arshif.curation.csvedit`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from arshif.errors import ObjectNotFound, UsageError
from arshif.model import Hit, Record, short_id_of

from .read import open_bag
from .write import BagWritten, bag_info, write_bag

if TYPE_CHECKING:
    from arshif.archiveconfig import ArchiveConfig
    from arshif.config import Settings
    from arshif.freshness import IndexKeeper
    from arshif.store import StorageRoot


class Found(Protocol):
    """What `Archive.search` returns that `export_bag` reads: the hits."""

    @property
    def hits(self) -> Sequence[Hit]: ...


class Archive(Protocol):
    """What `export_bag` reads of an archive (`arshif.repository.Repository` is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> StorageRoot: ...

    @property
    def config(self) -> ArchiveConfig: ...

    def resolve_id(self, given: str) -> str: ...

    def ids(self) -> list[str]: ...

    def record(self, short_id: str, version: str | None = None) -> Record: ...

    def record_count(self) -> int: ...

    def search(self, query: str, *, snippets: bool = True, **options: object) -> Found: ...


@dataclass(frozen=True)
class BagExport:
    """What `export_bag` wrote: the bag, the records in it, those left out."""

    bag: BagWritten
    ids: list[str]
    withdrawn_left_out: int


@dataclass(frozen=True)
class BagImport:
    """What `import_bag` did: the bag's tags, the records added, those given later versions,
    and those already here as they are in the bag."""

    info: dict[str, str]
    added: list[str]
    updated: list[str]
    present: list[str]


def export_bag(
    archive: Archive,
    target: Path,
    ids: Sequence[str] = (),
    query: str | None = None,
    *,
    metadata_csv: Callable[[list[Record]], str],
    include_withdrawn: bool = False,
    on_object: Callable[[], None] | None = None,
) -> BagExport:
    """Write a BagIt bag at `target` of the records named by `ids` and found by `query`
    (all records when neither is given), withdrawn ones only with `include_withdrawn`.

    The bag holds their OCFL objects, every version, and the CSV `metadata_csv` makes of
    their records (read without their text) (`arshif.bags`).
    """
    settings = archive.settings
    inside = Path(os.path.realpath(target))
    for kept_dir in (settings.archive_dir, settings.index_dir, settings.work_dir):
        if inside == kept_dir.resolve() or kept_dir.resolve() in inside.parents:
            raise UsageError(
                f"{target} is inside the archive's {kept_dir.name}/; choose a folder outside it"
            )
    named = [archive.resolve_id(given) for given in ids]
    chosen = dict.fromkeys(named)
    if query is not None:
        found = archive.search(
            query,
            snippets=False,
            limit=max(1, archive.record_count()),
            include_withdrawn=include_withdrawn,
        )
        chosen.update(dict.fromkeys(hit.id for hit in found.hits))
    if not ids and query is None:
        chosen = dict.fromkeys(archive.ids())
    # the CSV needs the metadata alone: the text and provenance are not kept in memory
    records = [
        replace(archive.record(short_id), paragraphs=(), cleaning=(), provenance=())
        for short_id in chosen
    ]
    kept = [r for r in records if include_withdrawn or r.withdrawn is None]
    if not kept:
        left = f" ({len(records)} withdrawn: --include-withdrawn)" if records else ""
        raise ObjectNotFound(f"no record is selected{left}; no bag was written")
    parts = [f"records found by the query {query!r}"] if query is not None else []
    parts += [f"the records {', '.join(named)}"] if named else []
    selection = " and ".join(parts) or "every record"
    selection += "; withdrawn records " + ("included" if include_withdrawn else "left out")
    info = bag_info(archive.config, selection, query, len(kept))
    written = write_bag(
        archive.store,
        target,
        [record.object_id for record in kept],
        metadata_csv(kept),
        info,
        on_object,
    )
    return BagExport(written, [r.id for r in kept], len(records) - len(kept))


def import_bag(keeper: IndexKeeper, path: Path, *, limit: int) -> BagImport:
    """Bring in the objects of a bag, every version as it is, and index them.

    The bag is validated whole first (`open_bag`), then the objects are added
    (`StorageRoot.import_objects`: each whole or absent; an object already here with the
    same history is left alone, one the bag continues gets its later versions, one with
    another history refuses the bag).
    """
    received = open_bag(path, limit)
    with keeper.writing():
        keeper.writable_index()
        status = keeper.store.import_objects(received.objects, limit=limit)
        ids = [short_id_of(item.object_id) for item in received.objects]
        if any(state != "present" for state in status):
            keeper.catch_up(keeper.index(refresh=False))
    by_state: dict[str, list[str]] = {"added": [], "updated": [], "present": []}
    for short_id, state in zip(ids, status, strict=True):
        by_state[state].append(short_id)
    return BagImport(received.info, **by_state)
