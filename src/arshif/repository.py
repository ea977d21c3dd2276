"""The `Repository` facade: one arshif root (archive, index, work folder) and its operations.

The CLI and the Python API both go through this class. The store is the truth; the index is
brought up to date after every write and rebuilt from the store when missing or behind.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from arshif.config import Settings
from arshif.errors import IndexStale, InputError, ObjectNotFound, UsageError
from arshif.ingest import CaptureRequest, PreparedRecord, now_rfc3339, prepare, short_id_for
from arshif.model import Record, User, VersionInfo, object_id_for, short_id_of

if TYPE_CHECKING:
    from arshif.search import SearchIndex, SearchResults
    from arshif.store import StorageRoot

RECORD_PATH = "record.xml"
DEFAULT_LOCK_WAIT = 60.0
_SHORT_ID_CHARS = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one capture: added as a new record, or already in the archive."""

    status: Literal["added", "duplicate", "skipped"]
    id: str | None
    name: str | None
    lang: str | None = None
    title: str | None = None
    reason: str | None = None  #: why a capture was skipped (``--skip-bad``)


@dataclass
class IngestSummary:
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass(frozen=True)
class VerifyProblem:
    object_id: str | None
    code: str
    message: str


class Repository:
    """An arshif root: ``archive/`` (OCFL storage root), ``indexes/`` (Whoosh), ``.arshif/``."""

    def __init__(
        self,
        settings: Settings,
        *,
        lock_wait: float = DEFAULT_LOCK_WAIT,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.lock_wait = lock_wait
        self.on_wait = on_wait
        self._store: StorageRoot | None = None
        self._index: SearchIndex | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def init(cls, root: Path) -> Repository:
        """Create an empty archive under `root` (``root/archive`` as an OCFL storage root)."""
        from arshif.store import StorageRoot

        settings = Settings(root.resolve())
        settings.root.mkdir(parents=True, exist_ok=True)
        StorageRoot.init(settings.archive_dir, work_dir=settings.work_dir)
        return cls(settings)

    @property
    def store(self) -> StorageRoot:
        if self._store is None:
            from arshif.store import StorageRoot

            self._store = StorageRoot(self.settings.archive_dir, work_dir=self.settings.work_dir)
        return self._store

    def writing(self) -> AbstractContextManager[object]:
        """The archive's writer lock; every write happens inside it (readers never take it)."""
        return self.store.lock(self.lock_wait, self.on_wait)

    # -- ids and records ---------------------------------------------------------------------

    def resolve_id(self, given: str) -> str:
        """The short id for what a user typed: a short id, a unique prefix of one, or a URN."""
        short = short_id_of(given.strip()).lower()
        if not short or not set(short) <= _SHORT_ID_CHARS or len(short) > 64:
            raise UsageError(f"{given!r} is not a record id (ids look like 5864ae73e390)")
        if self.store.has_object(object_id_for(short)):
            return short
        if len(short) >= 4:
            matches = [s for s in self.ids() if s.startswith(short)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise UsageError(f"{given!r} is ambiguous: {', '.join(matches[:5])}")
        raise ObjectNotFound(f"no record {given!r} in {self.settings.archive_dir}")

    def ids(self) -> list[str]:
        return sorted(short_id_of(oid) for oid in self.store.object_ids())

    def record(self, short_id: str, version: str | None = None) -> Record:
        """The record (head, or `version`) of one object, parsed from its TEI."""
        from arshif.tei import record_from_tei

        data = self.store.read(object_id_for(short_id), RECORD_PATH, version)
        return record_from_tei(data)

    def records(self) -> Iterator[Record]:
        """Every head record, in id order (streamed: one record in memory at a time)."""
        for short_id in self.ids():
            yield self.record(short_id)

    def versions(self, short_id: str) -> list[VersionInfo]:
        return self.store.versions(object_id_for(short_id))

    def capture(self, short_id: str) -> tuple[str, bytes]:
        """The capture's logical path and its bytes, exactly as received."""
        record = self.record(short_id)
        return record.capture.path, self.store.read(object_id_for(short_id), record.capture.path)

    # -- ingest ------------------------------------------------------------------------------

    def ingest(
        self,
        requests: Iterable[CaptureRequest],
        user: User,
        *,
        limit: int,
        skip_bad: bool = False,
        on_outcome: Callable[[IngestOutcome], None] | None = None,
    ) -> IngestSummary:
        """Ingest captures: each new one becomes an object (v1) and enters the index.

        All captures are prepared (decoded, extracted, checked) before anything is written,
        so a bad capture writes nothing unless `skip_bad` is set. A capture already in the
        archive (same bytes) is reported as a duplicate and not added again (nor prepared, so
        re-running a killed batch costs only what is left to do).
        """
        requests = list(requests)
        summary = IngestSummary()
        when = now_rfc3339()
        prepared: list[tuple[CaptureRequest, PreparedRecord | None]] = []
        seen: set[str] = set()
        refused: dict[str, str] = {}
        for request in requests:
            short = short_id_for(request.sha256)
            if short in seen or self.store.has_object(object_id_for(short)):
                prepared.append((request, None))
                continue
            seen.add(short)
            try:
                prepared.append((request, prepare(request, user, when, limit)))
            except InputError as exc:
                if not skip_bad:
                    raise
                refused[short] = str(exc)
                outcome = IngestOutcome("skipped", None, request.name, reason=str(exc))
                summary.outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
        added: list[Record] = []
        with self.writing():
            self.store.recover()
            for request, ready in prepared:
                short = short_id_for(request.sha256)
                oid = object_id_for(short)
                if short in refused:  # a second copy of a capture skipped above
                    outcome = IngestOutcome("skipped", None, request.name, reason=refused[short])
                elif ready is None or self.store.has_object(oid):
                    known = self.record(short) if self.store.has_object(oid) else None
                    outcome = IngestOutcome(
                        "duplicate",
                        short,
                        request.name,
                        known.metadata.lang if known else None,
                        known.metadata.title if known else None,
                    )
                else:
                    record = ready.record
                    self.store.create_object(
                        record.object_id,
                        ready.files,
                        record.changes[0].message,
                        user,
                        created=record.changes[0].when,
                    )
                    added.append(record)
                    outcome = IngestOutcome(
                        "added",
                        record.id,
                        request.name,
                        record.metadata.lang,
                        record.metadata.title,
                    )
                summary.outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
            if added or self._stored_signature() != self.archive_signature():
                self.index_records(added)  # also what a killed earlier run left unindexed
        return summary

    # -- search ------------------------------------------------------------------------------

    def index(self, *, refresh: bool = True) -> SearchIndex:
        """The search index, built from the archive when missing and caught up when behind.

        Building a missing index takes the writer lock (waiting like a writer). Catching up a
        lagging one is done only when the lock is free at once and the archive is writable;
        otherwise the index is searched as it is (a reader never waits for a writer).
        """
        if self._index is None:
            from arshif.search import SearchIndex

            path = self._index_path()
            if SearchIndex.stored_version(path) is None:
                with self.writing():
                    if SearchIndex.stored_version(path) is None:
                        self._index = self._rebuild_index()
                    else:
                        self._index = SearchIndex.open(path)
            else:
                self._index = SearchIndex.open(path)
                if refresh and self._stored_signature() != self.archive_signature():
                    self._try_catch_up(self._index)
        return self._index

    def _index_path(self) -> Path:
        return self.settings.index_dir / "whoosh"

    def _try_catch_up(self, index: SearchIndex) -> None:
        """Catch the index up if the writer lock is free now; a reader never waits for it."""
        from arshif.errors import LockTimeout, ReadOnlyArchive

        try:
            with self.store.lock(0):  # reentrant: a writer already holding it just goes on
                self._catch_up(index)
        except (LockTimeout, ReadOnlyArchive):
            pass  # another writer is at work (it updates the index), or nobody may write
        except OSError as exc:  # the index folder alone is read-only: search it as it is
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise

    def search(self, query: str, **options: object) -> SearchResults:
        """Run a query (see docs/query-syntax.md) against the index; hits in rank order."""
        from arshif.search import search

        return search(self.index(), query, text_of=self._text_of, **options)  # type: ignore[arg-type]

    def _text_of(self, short_id: str) -> str:
        return self.record(short_id).text

    def reindex(self) -> int:
        """Rebuild the index from the archive alone; returns the number of records indexed.

        Runs under the writer lock, so no write lands in the old index while the new one is built.
        """
        with self.writing():
            self._index = self._rebuild_index()
            return self._index.doc_count()

    def _rebuild_index(self) -> SearchIndex:
        from arshif.search import SearchIndex

        path = self._index_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        signature = self.archive_signature()
        index = SearchIndex.create_or_replace(path, self.records())
        self._write_signature(signature)
        return index

    def _catch_up(self, index: SearchIndex, fresh: Sequence[Record] = ()) -> None:
        """Bring a lagging index up to the archive: re-add what changed, drop what is gone.

        `fresh` are records just written (used as they are rather than read back).
        """
        heads = self._heads()
        indexed = index.versions()
        known = {record.id: record for record in fresh}
        changed = [s for s, head in heads.items() if indexed.get(s) != head or s in known]
        gone = [s for s in indexed if s not in heads]
        if gone:
            index.delete(gone)
        if changed:
            index.replace(known.get(s) or self.record(s) for s in changed)
        self._write_signature(_signature_of(heads))

    def index_records(self, records: Sequence[Record]) -> None:
        """Bring the index up to date with records just written (under the writer lock).

        Anything else the index lacks (left by a write that was killed before it indexed) is
        caught up at the same time, so the signature written never hides a lagging record.
        """
        self._catch_up(self.index(refresh=False), records)

    def _heads(self) -> dict[str, str]:
        return {short_id_of(oid): self.store.head(oid) for oid in self.store.object_ids()}

    def archive_signature(self) -> str:
        """A digest of every object's id and head version: changes whenever the archive does."""
        return _signature_of(self._heads())

    def _signature_file(self) -> Path:
        return self.settings.index_dir / "state.json"

    def _stored_signature(self) -> str | None:
        try:
            value = json.loads(self._signature_file().read_text("utf-8")).get("archive")
        except (OSError, ValueError, AttributeError):
            return None
        return value if isinstance(value, str) else None

    def _write_signature(self, signature: str) -> None:
        target = self._signature_file()
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps({"archive": signature}), "utf-8")
        os.replace(tmp, target)

    def index_lag(self) -> int:
        """How many records the index is missing or holds at an older version."""
        from arshif.search import SearchIndex

        path = self._index_path()
        heads = self._heads()
        if SearchIndex.stored_version(path) is None:
            return len(heads)
        indexed = SearchIndex.open(path).versions()
        return sum(1 for s, h in heads.items() if indexed.get(s) != h) + sum(
            1 for s in indexed if s not in heads
        )

    # -- verify ------------------------------------------------------------------------------

    def verify(self, *, repair: bool = False) -> list[VerifyProblem]:
        """Check OCFL validity, every digest, every record's TEI and the index's currency."""
        from arshif.tei import validate_record

        problems: list[VerifyProblem] = []
        if repair:
            with self.writing():
                self.store.recover(full=True)
                self._repair_index()
        for issue in self.store.verify():
            problems.append(VerifyProblem(issue.object_id, issue.code, issue.message))
        bad = {p.object_id for p in problems}
        for oid in self.store.object_ids():
            if oid in bad:
                continue
            try:
                errors = validate_record(self.store.read(oid, RECORD_PATH))
            except (OSError, ObjectNotFound) as exc:
                errors = [str(exc)]
            problems.extend(VerifyProblem(oid, "TEI", e) for e in errors[:3])
        try:
            lag = self.index_lag()
        except IndexStale as exc:
            problems.append(VerifyProblem(None, "INDEX", str(exc)))
            return problems
        if lag:
            problems.append(
                VerifyProblem(
                    None,
                    "INDEX",
                    f"the index lags the archive by {lag} record(s); "
                    "run `arshif verify --repair` or `arshif reindex`",
                )
            )
        return problems

    def _repair_index(self) -> None:
        """Under the writer lock: rebuild a missing or unreadable index, else catch it up."""
        from arshif.search import SearchIndex

        self._index = None
        try:
            index = SearchIndex.open(self._index_path())
        except IndexStale:
            self._index = self._rebuild_index()
            return
        self._catch_up(index)
        self._index = index


def _signature_of(heads: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for short, head in sorted(heads.items()):
        digest.update(f"{short} {head}\n".encode())
    return digest.hexdigest()
