"""Librarians' operations on the archive: every correction is a new, immutable OCFL version.

Edits, reverts, withdrawals, restores, links and batch edits each write one new version per
record, under the archive's writer lock, guarded against lost updates: the head is read under
the lock and the version is added to that head, so two librarians editing the same record
both end up as versions, one after the other. The OCFL inventory's ``message`` and ``user``
and the record's TEI ``revisionDesc/change`` say the same thing. History is never rewritten.

A metadata field a librarian sets (``edit --set``, ``edit --from-csv``, the editor) gets the
provenance ``librarian``, its evidence the version that set it; a revert restores the earlier
version's provenance with its content.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from arshif.curation.csvedit import PlannedEdit, plan_edits, read_edit_csv
from arshif.curation.diff import RecordDiff, diff_records
from arshif.curation.fields import (
    FieldChange,
    apply_edits,
    check_edited,
    describe_changes,
    summarize_changes,
)
from arshif.errors import InvalidRecord, UsageError, VersionNotFound
from arshif.model import (
    Change,
    FieldProvenance,
    Link,
    LinkKind,
    Metadata,
    Record,
    User,
    VersionInfo,
    Withdrawal,
)
from arshif.repository import RECORD_PATH, Repository
from arshif.store.inventory import now_rfc3339

if TYPE_CHECKING:  # numpy and the duplicate finder: imported only when needed
    from arshif.duplicatelist import ListedDuplicate

Transform = Callable[[Record], Record]

#: Metadata attributes whose provenance a librarian's edit replaces (tags and notes are the
#: librarian's own; the printed date and calendar describe the capture, not the edit).
_PROVENANCE_FIELDS = frozenset(
    {
        "title",
        "title_romanized",
        "outlet",
        "author",
        "published",
        "url",
        "lang",
        "source_id",
        "retrieved",
        "attributed_source",
        "news_code",
        "dateline",
    }
)


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a record, with what it changed against the version before."""

    version: VersionInfo
    changes: tuple[FieldChange, ...]
    text_changed: bool


@dataclass(frozen=True)
class Written:
    """One version written by an operation that touches several records (link, batch edit)."""

    id: str
    version: VersionInfo


@dataclass(frozen=True)
class _Prepared:
    """A version ready to be added to an object (computed under the lock, not yet written)."""

    id: str
    object_id: str
    head: str
    record: Record
    data: bytes
    message: str
    when: str


class Curator:
    """Curation over one repository (the CLI's edit, revert, withdraw, link, history…)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    # -- writing versions --------------------------------------------------------------------

    def new_version(
        self,
        short_id: str,
        transform: Transform,
        message: str | None,
        user: User,
        *,
        librarian: bool = True,
        expected_head: str | None = None,
    ) -> VersionInfo | None:
        """Apply `transform` to the head record (read under the writer lock) and store the
        result as the next version; None (nothing written) when it changes nothing.

        `transform` may raise an `ArshifError` (e.g. the record is already withdrawn): nothing is
        written. With `librarian`, changed metadata fields get the ``librarian`` provenance.
        With `expected_head`, the write is refused (ConcurrentUpdate) if the head moved.
        """
        with self.repo.writing():
            ready = self._prepare(short_id, transform, message, user, librarian, expected_head)
            return None if ready is None else self._commit([ready])[0].version

    def _prepare(
        self,
        short_id: str,
        transform: Transform,
        message: str | None,
        user: User,
        librarian: bool,
        expected_head: str | None = None,
    ) -> _Prepared | None:
        from arshif.store import ConcurrentUpdate
        from arshif.tei import record_to_tei, validate_record

        current = self.repo.record(short_id)
        head = self.repo.store.head(current.object_id)
        if expected_head is not None and head != expected_head:
            raise ConcurrentUpdate(
                f"{short_id} changed while you were editing it (now {head}, you started from "
                f"{expected_head}); nothing written: edit it again"
            )
        changed = transform(current)
        if _content(changed) == _content(current):
            return None
        version = f"v{int(head[1:]) + 1}"
        if librarian:
            changed = _mark_librarian(current, changed, version)
        when = now_rfc3339()
        text = " ".join((message or _default_message(current, changed)).split())
        new = dataclasses.replace(
            changed, changes=(*current.changes, Change(version, when, user, text))
        )
        data = record_to_tei(new)
        errors = validate_record(data)
        if errors:
            raise InvalidRecord(f"record {short_id} would not validate: {errors[0]}")
        return _Prepared(short_id, current.object_id, head, new, data, text, when)

    def _commit(self, prepared: Sequence[_Prepared]) -> list[Written]:
        written = []
        for ready in prepared:
            last = ready.record.changes[-1]
            info = self.repo.store.add_version(
                ready.object_id,
                {RECORD_PATH: ready.data},
                ready.message,
                last.who,
                expected_head=ready.head,
                created=ready.when,
            )
            written.append(Written(ready.id, info))
        if prepared:
            self.repo.index_records([ready.record for ready in prepared])
        return written

    def edit(
        self, short_id: str, assignments: Sequence[tuple[str, str]], message: str | None, user: User
    ) -> VersionInfo | None:
        """Set metadata fields (validated before anything is written)."""

        def change(record: Record) -> Record:
            return dataclasses.replace(record, metadata=apply_edits(record.metadata, assignments))

        apply_edits(self.repo.record(short_id).metadata, assignments)  # refuse early, unlocked
        return self.new_version(short_id, change, message, user)

    def preview(self, short_id: str, assignments: Sequence[tuple[str, str]]) -> list[FieldChange]:
        """What `edit` would change (validated like it; nothing is written)."""
        old = self.repo.record(short_id).metadata
        return describe_changes(old, apply_edits(old, assignments))

    def head(self, short_id: str) -> str:
        """The head version of a record (to pass back as `expected_head`)."""
        return self.repo.store.head(self.repo.record(short_id).object_id)

    def replace_record(
        self,
        short_id: str,
        edited: Record,
        message: str | None,
        user: User,
        expected_head: str | None = None,
    ) -> VersionInfo | None:
        """Store a whole edited record (from the editor) as the next version; with
        `expected_head`, refuse (nothing written) if another version was added meanwhile."""
        if edited.id != short_id or edited.capture != self.repo.record(short_id).capture:
            raise UsageError("the record's id and capture description cannot be edited")

        def replaced(current: Record) -> Record:
            # the metadata is checked field by field as `edit --set` checks it
            metadata = check_edited(current.metadata, edited.metadata)
            return dataclasses.replace(edited, metadata=metadata, changes=current.changes)

        return self.new_version(short_id, replaced, message, user, expected_head=expected_head)

    def revert(
        self, short_id: str, version: str, message: str | None, user: User
    ) -> VersionInfo | None:
        """A new version whose content equals `version`'s (history is kept, not rewound)."""
        old = self._record_at(short_id, version)
        text = message or f"Reverted to {version}"
        return self.new_version(
            short_id,
            lambda current: dataclasses.replace(old, changes=current.changes),
            text,
            user,
            librarian=False,
        )

    def withdraw(
        self, short_id: str, reason: str, message: str | None, user: User
    ) -> VersionInfo | None:
        """Withdraw a record (it stays, with its capture and versions, out of results)."""
        reason = " ".join(reason.split())
        if not reason:
            raise UsageError("give the reason for withdrawing with --reason")
        when = now_rfc3339()

        def withdrawn(record: Record) -> Record:
            if record.withdrawn is not None:
                raise UsageError(
                    f"{short_id} is already withdrawn ({record.withdrawn.when} by "
                    f"{record.withdrawn.who.name}: {record.withdrawn.reason})"
                )
            return dataclasses.replace(record, withdrawn=Withdrawal(when, user, reason))

        return self.new_version(short_id, withdrawn, message or f"Withdrawn: {reason}", user)

    def restore(self, short_id: str, message: str | None, user: User) -> VersionInfo | None:
        """Bring a withdrawn record back to search results and listings."""

        def restored(record: Record) -> Record:
            if record.withdrawn is None:
                raise UsageError(f"{short_id} is not withdrawn")
            return dataclasses.replace(record, withdrawn=None)

        return self.new_version(short_id, restored, message or "Restored", user)

    def link(
        self, first: str, second: str, kind: LinkKind, message: str | None, user: User
    ) -> list[Written]:
        """Link two records: both records carry the link (one version each, or none for a
        record that already has it)."""
        if first == second:
            raise UsageError("a record cannot be linked to itself")
        with self.repo.writing():
            prepared = []
            inverse = kind == "duplicate-of"  # directed; same-story reads the same both ways
            for here, link in ((first, Link(kind, second)), (second, Link(kind, first, inverse))):
                text = message or f"Linked as {kind} {link.target}"
                ready = self._prepare(here, _add_link(link), text, user, librarian=False)
                if ready is not None:
                    prepared.append(ready)
            return self._commit(prepared)

    # -- batch edits from a spreadsheet ------------------------------------------------------

    def plan_csv(self, source: str | bytes | os.PathLike[str]) -> list[PlannedEdit]:
        """The edits a CSV asks for against the head records (nothing is written)."""
        current = {record.id: record.metadata for record in self.repo.records()}
        return plan_edits(read_edit_csv(source, current), current)

    def apply_csv(
        self,
        source: str | bytes | os.PathLike[str],
        message: str | None,
        user: User,
        name: str = "the CSV",
    ) -> list[Written]:
        """Apply a CSV of metadata edits: one version per changed record, all under one lock.

        The CSV is planned against the heads read under the lock, and every new record is
        built and validated before the first version is written.
        """
        with self.repo.writing():
            prepared = []
            for plan in self.plan_csv(source):
                text = message or f"Batch edit from {name}: {summarize_changes(plan.changes)}"
                ready = self._prepare(plan.id, _set_metadata(plan.new), text, user, librarian=True)
                if ready is not None:
                    prepared.append(ready)
            return self._commit(prepared)

    # -- reading history ---------------------------------------------------------------------

    def _record_at(self, short_id: str, version: str) -> Record:
        names = [v.version for v in self.repo.versions(short_id)]
        if version not in names:
            raise VersionNotFound(
                f"{short_id} has no version {version} (it has {', '.join(names)})"
            )
        return self.repo.record(short_id, version)

    def history(self, short_id: str) -> Iterator[HistoryEntry]:
        previous: Record | None = None
        for info in self.repo.versions(short_id):
            record = self.repo.record(short_id, info.version)
            if previous is None:
                yield HistoryEntry(info, (), False)
            else:
                yield HistoryEntry(
                    info,
                    tuple(_all_changes(previous, record)),
                    previous.paragraphs != record.paragraphs,
                )
            previous = record

    def diff(self, short_id: str, first: str, second: str) -> RecordDiff:
        return diff_records(self._record_at(short_id, first), self._record_at(short_id, second))

    # -- duplicates --------------------------------------------------------------------------

    def duplicates(
        self,
        threshold: float | None = None,
        min_words: int | None = None,
        include_withdrawn: bool = False,
    ) -> list[ListedDuplicate]:
        """Every group of near-duplicates, with titles and links (`arshif.duplicatelist`);
        withdrawn records only with `include_withdrawn`."""
        from arshif.duplicatelist import list_duplicates

        return list_duplicates(self.repo, threshold, min_words, include_withdrawn)


def _add_link(link: Link) -> Transform:
    return lambda record: (
        record if link in record.links else dataclasses.replace(record, links=(*record.links, link))
    )


def _set_metadata(metadata: Metadata) -> Transform:
    return lambda record: dataclasses.replace(record, metadata=metadata)


def _content(record: Record) -> tuple[Any, ...]:
    """A record's content: everything but its revision history."""
    return dataclasses.astuple(dataclasses.replace(record, changes=()))


def _mark_librarian(old: Record, new: Record, version: str) -> Record:
    """`new` with the provenance of the metadata fields it changed set to ``librarian``
    (evidence: `version`), unless the provenance itself was edited (in the editor)."""
    if new.provenance != old.provenance:
        return new
    changed = [
        spec.name
        for spec in dataclasses.fields(Metadata)
        if spec.name in _PROVENANCE_FIELDS
        and getattr(old.metadata, spec.name) != getattr(new.metadata, spec.name)
    ]
    if not changed:
        return new
    mark = {name: FieldProvenance(name, "librarian", version) for name in changed}
    kept = tuple(mark.pop(p.name, p) for p in new.provenance)
    return dataclasses.replace(new, provenance=(*kept, *mark.values()))


def _all_changes(old: Record, new: Record) -> list[FieldChange]:
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


def _default_message(old: Record, new: Record) -> str:
    return summarize_changes(_all_changes(old, new)) or "Edited"
