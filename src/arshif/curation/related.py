"""The records related to one record (the web reader's record page): its links, and its
near-duplicates, each with the passages the two texts share.

Near-duplicates are looked up read-only in the fingerprint store that `arshif duplicates` and
ingest keep (`indexes/duplicates/`, `arshif.curation.fingerprints`): its candidates are checked
against the two texts themselves (`DuplicateFinder`), so a store a little behind the archive
can miss a new duplicate but never invent one. Without a store, only links are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from arshif.errors import ObjectNotFound
from arshif.model import Link, Record

if TYPE_CHECKING:
    from arshif.curation.archive import ArchiveAccess

MAX_CANDIDATES = 20
MAX_PASSAGES = 5


@dataclass(frozen=True)
class Related:
    record: Record
    kind: str  #: "duplicate-of", "same-story" (links) or "exact", "near", "passage"
    link: Link | None
    similarity: float | None
    shared: tuple[str, ...]


def related(repo: ArchiveAccess, record: Record, fingerprints: Path) -> list[Related]:
    """The records `record` links to, then its near-duplicates (not withdrawn), each compared
    with it; near-duplicates are looked up in the fingerprint store at `fingerprints`."""
    found: list[Related] = []
    seen = {record.id}
    for link in record.links:
        other = _record(repo, link.target)
        if other is None:
            continue
        seen.add(other.id)
        similarity, shared = compare(record, other)
        found.append(Related(other, link.kind, link, similarity, shared))
    for short in sorted(_candidates(fingerprints, record) - seen)[:MAX_CANDIDATES]:
        other = _record(repo, short)
        if other is None or other.withdrawn is not None:
            continue
        similarity, shared = compare(record, other)
        if similarity is not None or shared:
            kind = "exact" if similarity == 1.0 and other.text == record.text else "near"
            found.append(
                Related(other, kind if similarity else "passage", None, similarity, shared)
            )
    return found


def compare(a: Record, b: Record) -> tuple[float | None, tuple[str, ...]]:
    """The similarity of two records' texts (None below the near-duplicate threshold) and the
    passages they share."""
    from arshif.curation.duplicates import DuplicateFinder

    finder = DuplicateFinder()
    finder.add(a.id, a.text)
    finder.add(b.id, b.text)
    similarity: float | None = None
    shared: list[str] = []
    for group in finder.find(max_passages=MAX_PASSAGES):
        if group.kind in ("exact", "near"):
            similarity = max(similarity or 0.0, group.similarity)
        shared.extend(group.shared)
    return similarity, tuple(shared[:MAX_PASSAGES])


def _candidates(fingerprints: Path, record: Record) -> set[str]:
    from arshif.curation.duplicates import duplicate_profile
    from arshif.curation.fingerprints import FingerprintStore

    loaded = FingerprintStore.load(fingerprints)
    if loaded is None:
        return set()
    return loaded[0].candidates(duplicate_profile(record.text))


def _record(repo: ArchiveAccess, short: str) -> Record | None:
    try:
        return repo.record(short)
    except ObjectNotFound:
        return None
