"""The near-duplicates of a whole archive as a curator reads them (`arshif duplicates`).

Each group (`arshif.curation.duplicates.DuplicateGroup`) comes with what a curator needs to
decide about it without opening the records: their titles, which of them are withdrawn, and the
links already recorded between them (``arshif link``), so that a pair already resolved is seen
as such. Withdrawn records take part only when asked (`include_withdrawn`), as in the other
listings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from arshif.model import Record

if TYPE_CHECKING:
    from arshif.curation.archive import ArchiveAccess
    from arshif.curation.duplicates import DuplicateFinder, DuplicateGroup


@dataclass(frozen=True)
class ListedDuplicate:
    """One duplicate group with its records' titles, withdrawals and links."""

    group: DuplicateGroup
    titles: tuple[str | None, ...]  #: the title of each of `group.ids`, in their order
    withdrawn: tuple[str, ...]  #: the ids of the group that are withdrawn
    linked: tuple[str, ...]  #: the kinds of the links recorded between its records

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the group's (`ids`, `kind`, `similarity`, `shared`) and `titles`,
        `linked` (link kinds, empty when none) and `withdrawn` (ids)."""
        return {
            **self.group.as_dict(),
            "titles": list(self.titles),
            "linked": list(self.linked),
            "withdrawn": list(self.withdrawn),
        }


def list_duplicates(
    repo: ArchiveAccess,
    threshold: float | None = None,
    min_words: int | None = None,
    include_withdrawn: bool = False,
    keep: Callable[[DuplicateFinder, dict[str, Record], str], None] | None = None,
) -> list[ListedDuplicate]:
    """Every group of near-duplicates in the archive (withdrawn records left out unless
    `include_withdrawn`), in `DuplicateFinder.find`'s order.

    When the index is current, `keep` is given what was read, to write the fingerprint store
    that spares later ingests reading the whole archive (the facade passes
    `arshif.curation.duplicatestore.save_store`): the finder, every record and the
    archive's signature.
    """
    from arshif.curation.duplicates import DuplicateFinder

    signature = repo.current_signature()  # before anything is read
    finder = DuplicateFinder()
    records: dict[str, Record] = {}
    for record in repo.records():
        records[record.id] = record
        if include_withdrawn or record.withdrawn is None:
            finder.add(record.id, record.text)
    groups = finder.find(threshold=threshold, min_words=min_words)
    if signature is not None and keep is not None:
        keep(finder, records, signature)
    return [_listed(group, records) for group in groups]


def _listed(group: DuplicateGroup, records: dict[str, Record]) -> ListedDuplicate:
    members = [records[short] for short in group.ids]
    kinds: list[str] = []
    for first, second in combinations(members, 2):
        for link in first.links:
            if link.target == second.id and link.kind not in kinds:
                kinds.append(link.kind)
    return ListedDuplicate(
        group,
        tuple(record.metadata.title for record in members),
        tuple(record.id for record in members if record.withdrawn is not None),
        tuple(kinds),
    )
