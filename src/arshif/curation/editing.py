"""Librarians' corrections of the archive: every correction is a new, immutable OCFL version.

Edits, reverts, withdrawals, restores, links and batch edits each write one new version per
record, under the archive's writer lock, guarded against lost updates: the head is read under
the lock and the version is added to that head, so two librarians editing the same record
both end up as versions, one after the other. The OCFL inventory's ``message`` and ``user``
and the record's TEI ``revisionDesc/change`` say the same thing. History is never rewritten.

The functions take the archive (`arshif.repository.Repository`) as their first argument: the
facade's curation methods (`Repository.edit`, `revert`, `withdraw`, `link`…) call them.

A metadata field a librarian sets (``edit --set``, ``edit --from-csv``, the editor) gets the
provenance ``librarian``, its evidence the version that set it; a revert restores the earlier
version's provenance with its content.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from arshif.curation.csvedit import PlannedEdit, plan_edits, read_edit_csv
from arshif.curation.fields import (
    FieldChange,
    apply_edits,
    check_edited,
    describe_changes,
    summarize_changes,
)
from arshif.curation.history import all_changes, record_at
from arshif.errors import InvalidRecord, UsageError, ValidationError
from arshif.model import (
    RECORD_PATH,
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
from arshif.store.inventory import now_rfc3339

if TYPE_CHECKING:  # the facade calls these functions with itself; numpy only when needed
    from arshif.curation.archive import ArchiveAccess

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
class Written:
    """One version written by an operation that touches several records (link, batch edit)."""

    id: str
    version: VersionInfo


@dataclass(frozen=True)
class _Staged:
    """A version ready to be added to an object (computed under the lock, not yet written)."""

    id: str
    object_id: str
    head: str
    record: Record
    data: bytes
    message: str
    when: str


def new_version(
    repo: ArchiveAccess,
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
    with repo.writing():
        ready = _staged(repo, short_id, transform, message, user, librarian, expected_head)
        return None if ready is None else _commit(repo, [ready])[0].version


def _staged(
    repo: ArchiveAccess,
    short_id: str,
    transform: Transform,
    message: str | None,
    user: User,
    librarian: bool,
    expected_head: str | None = None,
) -> _Staged | None:
    from arshif.store import ConcurrentUpdate
    from arshif.tei import record_to_tei, validate_record

    current = repo.record(short_id)
    head = repo.store.head(current.object_id)
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
    return _Staged(short_id, current.object_id, head, new, data, text, when)


def _commit(repo: ArchiveAccess, staged: Sequence[_Staged]) -> list[Written]:
    written = []
    for ready in staged:
        last = ready.record.changes[-1]
        info = repo.store.add_version(
            ready.object_id,
            {RECORD_PATH: ready.data},
            ready.message,
            last.who,
            expected_head=ready.head,
            created=ready.when,
        )
        written.append(Written(ready.id, info))
    if staged:
        repo.index_records([ready.record for ready in staged])
    return written


def edit(
    repo: ArchiveAccess,
    short_id: str,
    assignments: Sequence[tuple[str, str]],
    message: str | None,
    user: User,
) -> VersionInfo | None:
    """Set metadata fields (validated before anything is written)."""

    def change(record: Record) -> Record:
        return dataclasses.replace(record, metadata=apply_edits(record.metadata, assignments))

    apply_edits(repo.record(short_id).metadata, assignments)  # refuse early, unlocked
    return new_version(repo, short_id, change, message, user)


def preview(
    repo: ArchiveAccess, short_id: str, assignments: Sequence[tuple[str, str]]
) -> list[FieldChange]:
    """What `edit` would change (validated like it; nothing is written)."""
    old = repo.record(short_id).metadata
    return describe_changes(old, apply_edits(old, assignments))


def head(repo: ArchiveAccess, short_id: str) -> str:
    """The head version of a record (to pass back as `expected_head`)."""
    return repo.store.head(repo.record(short_id).object_id)


def replace_record(
    repo: ArchiveAccess,
    short_id: str,
    edited: Record,
    message: str | None,
    user: User,
    expected_head: str | None = None,
) -> VersionInfo | None:
    """Store a whole edited record (from the editor) as the next version; with
    `expected_head`, refuse (nothing written) if another version was added meanwhile."""
    if edited.id != short_id or edited.capture != repo.record(short_id).capture:
        raise UsageError("the record's id and capture description cannot be edited")

    def replaced(current: Record) -> Record:
        # the metadata is checked field by field as `edit --set` checks it
        metadata = check_edited(current.metadata, edited.metadata)
        return dataclasses.replace(edited, metadata=metadata, changes=current.changes)

    return new_version(repo, short_id, replaced, message, user, expected_head=expected_head)


def read_edited_tei(data: bytes, original: bytes) -> Record | list[str]:
    """The record a librarian's edited TEI `data` holds (edited from `original`), or the
    problems that keep it from validating (schema errors, then the metadata checks `edit --set`
    makes). A title edited in one of its two copies is copied to the other first."""
    from arshif.tei import record_from_tei, validate_record
    from arshif.tei.titles import keep_titles_in_step

    data = keep_titles_in_step(data, original)  # one copy of the title edited: both
    errors = validate_record(data)
    if errors:
        return errors
    try:
        record = record_from_tei(data)
        check_edited(record_from_tei(original).metadata, record.metadata)
        return record
    except (InvalidRecord, ValidationError) as exc:
        return [str(exc)]


def revert(
    repo: ArchiveAccess, short_id: str, version: str, message: str | None, user: User
) -> VersionInfo | None:
    """A new version whose content equals `version`'s (history is kept, not rewound)."""
    old = record_at(repo, short_id, version)
    text = message or f"Reverted to {version}"
    return new_version(
        repo,
        short_id,
        lambda current: dataclasses.replace(old, changes=current.changes),
        text,
        user,
        librarian=False,
    )


def withdraw(
    repo: ArchiveAccess, short_id: str, reason: str, message: str | None, user: User
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

    return new_version(repo, short_id, withdrawn, message or f"Withdrawn: {reason}", user)


def restore(
    repo: ArchiveAccess, short_id: str, message: str | None, user: User
) -> VersionInfo | None:
    """Bring a withdrawn record back to search results and listings."""

    def restored(record: Record) -> Record:
        if record.withdrawn is None:
            raise UsageError(f"{short_id} is not withdrawn")
        return dataclasses.replace(record, withdrawn=None)

    return new_version(repo, short_id, restored, message or "Restored", user)


def link(
    repo: ArchiveAccess, first: str, second: str, kind: LinkKind, message: str | None, user: User
) -> list[Written]:
    """Link two records: both records carry the link (one version each, or none for a
    record that already has it)."""
    if first == second:
        raise UsageError("a record cannot be linked to itself")
    with repo.writing():
        staged = []
        inverse = kind == "duplicate-of"  # directed; same-story reads the same both ways
        for here, link in ((first, Link(kind, second)), (second, Link(kind, first, inverse))):
            text = message or f"Linked as {kind} {link.target}"
            ready = _staged(repo, here, _add_link(link), text, user, librarian=False)
            if ready is not None:
                staged.append(ready)
        return _commit(repo, staged)


# -- batch edits from a spreadsheet ------------------------------------------------------------


def plan_csv(repo: ArchiveAccess, source: str | bytes | os.PathLike[str]) -> list[PlannedEdit]:
    """The edits a CSV asks for against the head records (nothing is written)."""
    current = {record.id: record.metadata for record in repo.records()}
    return plan_edits(read_edit_csv(source, current), current)


def apply_csv(
    repo: ArchiveAccess,
    source: str | bytes | os.PathLike[str],
    message: str | None,
    user: User,
    name: str = "the CSV",
) -> list[Written]:
    """Apply a CSV of metadata edits: one version per changed record, all under one lock.

    The CSV is planned against the heads read under the lock, and every new record is
    built and validated before the first version is written.
    """
    with repo.writing():
        staged = []
        for plan in plan_csv(repo, source):
            text = message or f"Batch edit from {name}: {summarize_changes(plan.changes)}"
            ready = _staged(repo, plan.id, _set_metadata(plan.new), text, user, librarian=True)
            if ready is not None:
                staged.append(ready)
        return _commit(repo, staged)


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


def _default_message(old: Record, new: Record) -> str:
    return summarize_changes(all_changes(old, new)) or "Edited"
