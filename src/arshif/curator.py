"""Librarians' operations on the archive: every correction is a new, immutable OCFL version.

Edits, reverts, withdrawals, restores and links each write one new version per record, under
the archive's writer lock, guarded against lost updates (the head read under the lock is the
head the version is added to). The OCFL inventory's ``message`` and ``user`` and the record's
TEI ``revisionDesc/change`` say the same thing. History is never rewritten.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from arshif.curation.diff import RecordDiff, diff_records
from arshif.curation.duplicates import DuplicateFinder, DuplicateGroup
from arshif.curation.fields import FieldChange, apply_edits, describe_changes, summarize_changes
from arshif.errors import InvalidRecord, UsageError, VersionNotFound
from arshif.ingest import now_rfc3339
from arshif.model import Change, Link, LinkKind, Record, User, VersionInfo, Withdrawal
from arshif.repository import RECORD_PATH, Repository

Transform = Callable[[Record], Record]


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a record, with what it changed against the version before."""

    version: VersionInfo
    changes: tuple[FieldChange, ...]
    text_changed: bool


class Curator:
    """Curation over one repository (the CLI's edit, revert, withdraw, link, history…)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    # -- writing versions --------------------------------------------------------------------

    def new_version(self, short_id: str, transform: Transform, message: str | None,
                    user: User) -> VersionInfo | None:
        """Apply `transform` to the head record and store the result as the next version.

        Returns None (and writes nothing) when the transform changes nothing.
        """
        with self.repo.writing():
            return self._write(short_id, transform, message, user)

    def _write(self, short_id: str, transform: Transform, message: str | None,
               user: User) -> VersionInfo | None:
        from arshif.tei import record_to_tei, validate_record

        store = self.repo.store
        current = self.repo.record(short_id)
        oid = current.object_id
        head = store.head(oid)
        changed = transform(current)
        if _content(changed) == _content(current):
            return None
        version = f"v{int(head[1:]) + 1}"
        when = now_rfc3339()
        text = message or _default_message(current, changed)
        new = dataclasses.replace(changed, changes=(*current.changes,
                                                    Change(version, when, user, text)))
        data = record_to_tei(new)
        errors = validate_record(data)
        if errors:
            raise InvalidRecord(f"record {short_id} would not validate: {errors[0]}")
        info = store.add_version(oid, {RECORD_PATH: data}, text, user, expected_head=head,
                                 created=when)
        self.repo.index_records([new])
        return info

    def edit(self, short_id: str, assignments: Sequence[tuple[str, str]], message: str | None,
             user: User) -> VersionInfo | None:
        """Set metadata fields (validated before anything is written)."""
        def change(record: Record) -> Record:
            return dataclasses.replace(record, metadata=apply_edits(record.metadata, assignments))

        apply_edits(self.repo.record(short_id).metadata, assignments)  # refuse early, unlocked
        return self.new_version(short_id, change, message, user)

    def replace_record(self, short_id: str, edited: Record, message: str | None,
                       user: User) -> VersionInfo | None:
        """Store a whole edited record (from the editor) as the next version."""
        if edited.id != short_id or edited.capture != self.repo.record(short_id).capture:
            raise UsageError("the record's id and capture description cannot be edited")
        return self.new_version(
            short_id, lambda current: dataclasses.replace(edited, changes=current.changes),
            message, user)

    def revert(self, short_id: str, version: str, message: str | None,
               user: User) -> VersionInfo | None:
        """A new version whose content equals `version`'s (history is kept, not rewound)."""
        old = self._record_at(short_id, version)
        text = message or f"Reverted to {version}"
        return self.new_version(
            short_id, lambda current: dataclasses.replace(old, changes=current.changes),
            text, user)

    def withdraw(self, short_id: str, reason: str, message: str | None,
                 user: User) -> VersionInfo | None:
        if not reason.strip():
            raise UsageError("give the reason for withdrawing with --reason")
        if self.repo.record(short_id).withdrawn is not None:
            raise UsageError(f"{short_id} is already withdrawn")
        when = now_rfc3339()
        return self.new_version(
            short_id,
            lambda r: dataclasses.replace(r, withdrawn=Withdrawal(when, user, reason.strip())),
            message or f"Withdrawn: {reason.strip()}", user)

    def restore(self, short_id: str, message: str | None, user: User) -> VersionInfo | None:
        if self.repo.record(short_id).withdrawn is None:
            raise UsageError(f"{short_id} is not withdrawn")
        return self.new_version(short_id, lambda r: dataclasses.replace(r, withdrawn=None),
                                message or "Restored", user)

    def link(self, first: str, second: str, kind: LinkKind, message: str | None,
             user: User) -> list[VersionInfo]:
        """Link two records (both records carry the link; one version each)."""
        if first == second:
            raise UsageError("a record cannot be linked to itself")
        written = []
        with self.repo.writing():
            for here, there in ((first, second), (second, first)):
                link = Link(kind, there)
                text = message or f"Linked as {kind} {there}"
                info = self._write(
                    here, lambda r, link=link: r if link in r.links else dataclasses.replace(
                        r, links=(*r.links, link)), text, user)
                if info is not None:
                    written.append(info)
        return written

    # -- reading history ---------------------------------------------------------------------

    def _record_at(self, short_id: str, version: str) -> Record:
        names = [v.version for v in self.repo.versions(short_id)]
        if version not in names:
            raise VersionNotFound(f"{short_id} has no version {version} (it has {', '.join(names)})")
        return self.repo.record(short_id, version)

    def history(self, short_id: str) -> Iterator[HistoryEntry]:
        previous: Record | None = None
        for info in self.repo.versions(short_id):
            record = self.repo.record(short_id, info.version)
            if previous is None:
                yield HistoryEntry(info, (), False)
            else:
                yield HistoryEntry(info, tuple(_all_changes(previous, record)),
                                   previous.paragraphs != record.paragraphs)
            previous = record

    def diff(self, short_id: str, first: str, second: str) -> RecordDiff:
        return diff_records(self._record_at(short_id, first), self._record_at(short_id, second))

    def duplicates(self, threshold: float | None = None,
                   min_words: int | None = None) -> list[DuplicateGroup]:
        finder = DuplicateFinder()
        for record in self.repo.records():
            if record.withdrawn is None:
                finder.add(record.id, record.text)
        return finder.find(threshold=threshold, min_words=min_words)


def _content(record: Record) -> tuple[Any, ...]:
    """A record's content: everything but its revision history."""
    return dataclasses.astuple(dataclasses.replace(record, changes=()))


def _all_changes(old: Record, new: Record) -> list[FieldChange]:
    changes = describe_changes(old.metadata, new.metadata)
    if old.withdrawn != new.withdrawn:
        changes.append(FieldChange("withdrawn", _withdrawal(old), _withdrawal(new)))
    if old.links != new.links:
        changes.append(FieldChange("links", _links(old), _links(new)))
    if old.paragraphs != new.paragraphs:
        changes.append(FieldChange("text", f"{len(old.paragraphs)} paragraphs",
                                   f"{len(new.paragraphs)} paragraphs"))
    return changes


def _withdrawal(record: Record) -> str | None:
    return None if record.withdrawn is None else record.withdrawn.reason


def _links(record: Record) -> str | None:
    return "; ".join(f"{link.kind} {link.target}" for link in record.links) or None


def _default_message(old: Record, new: Record) -> str:
    return summarize_changes(_all_changes(old, new)) or "Edited"
