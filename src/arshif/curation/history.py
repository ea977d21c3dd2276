"""A record's versions as a librarian reads them: each version with what it changed, the record
as it was at a version, and the difference between two versions (`arshif history`, `diff`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from arshif.curation.diff import RecordDiff, diff_records
from arshif.curation.fields import FieldChange, describe_changes
from arshif.errors import VersionNotFound
from arshif.model import Record, VersionInfo

if TYPE_CHECKING:  # the facade calls these functions with itself
    from arshif.curation.archive import ArchiveAccess


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a record, with what it changed against the version before."""

    version: VersionInfo
    changes: tuple[FieldChange, ...]
    text_changed: bool


def record_at(repo: ArchiveAccess, short_id: str, version: str) -> Record:
    """The record as it was at `version` (VersionNotFound names the versions it has)."""
    names = [v.version for v in repo.versions(short_id)]
    if version not in names:
        raise VersionNotFound(f"{short_id} has no version {version} (it has {', '.join(names)})")
    return repo.record(short_id, version)


def history(repo: ArchiveAccess, short_id: str) -> Iterator[HistoryEntry]:
    """Every version of a record, oldest first, with what each changed."""
    previous: Record | None = None
    for info in repo.versions(short_id):
        record = repo.record(short_id, info.version)
        if previous is None:
            yield HistoryEntry(info, (), False)
        else:
            yield HistoryEntry(
                info,
                tuple(all_changes(previous, record)),
                previous.paragraphs != record.paragraphs,
            )
        previous = record


def diff(repo: ArchiveAccess, short_id: str, first: str, second: str) -> RecordDiff:
    """What changed from version `first` to version `second` of a record."""
    return diff_records(record_at(repo, short_id, first), record_at(repo, short_id, second))


def all_changes(old: Record, new: Record) -> list[FieldChange]:
    """What changed from `old` to `new`: metadata fields, withdrawal, links, the text."""
    changes = describe_changes(old.metadata, new.metadata)
    if old.withdrawn != new.withdrawn:
        changes.append(FieldChange("withdrawn", _withdrawal(old), _withdrawal(new)))
    if old.links != new.links:
        changes.append(FieldChange("links", _links(old), _links(new)))
    if old.paragraphs != new.paragraphs:
        changes.append(
            FieldChange(
                "text", f"{len(old.paragraphs)} paragraphs", f"{len(new.paragraphs)} paragraphs"
            )
        )
    return changes


def _withdrawal(record: Record) -> str | None:
    return None if record.withdrawn is None else record.withdrawn.reason


def _links(record: Record) -> str | None:
    return "; ".join(f"{link.kind} {link.target}" for link in record.links) or None
