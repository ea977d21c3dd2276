"""The `Repository` facade: one arshif root (archive, index, work folder) and its operations.

The CLI and the Python API both go through this class. The store is the truth; the index is
brought up to date after every write and rebuilt from the store when missing or behind.

Why it is as long as it is: it is the one door of about fifty operations (opening, records,
curation, reading, search, ingest, bags, the index, verify), and each is a typed signature, a
docstring and one call into the package that does the work (`arshif.curation`,
`arshif.ingest`, `arshif.bags`, `arshif.freshness`, `arshif.verification`, `arshif.search`).
Imports sit inside the methods so that a command loads only what it uses. Logic does not
belong here: a check, a loop or a policy goes to its package, and the method calls it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from arshif.archiveconfig import (
    DEFAULT_ENGINE,
    default_engine,
    load_archive_config,
    save_archive_config,
)
from arshif.archiveconfig import DEFAULT_NAME as DEFAULT_NAME  # the CLI's help names it
from arshif.archiveconfig import ENGINES as ENGINES  # the CLI's choices
from arshif.archiveconfig import ArchiveConfig as ArchiveConfig  # the front ends check with it
from arshif.config import Settings
from arshif.errors import ObjectNotFound, UsageError
from arshif.freshness import IndexKeeper
from arshif.lazynames import lazy_names
from arshif.model import (
    RECORD_PATH,
    Concordance,
    LinkKind,
    Record,
    User,
    VersionInfo,
    object_id_for,
    short_id_of,
)

if TYPE_CHECKING:
    from arshif.bags import BagExport, BagImport
    from arshif.curation.csvedit import PlannedEdit
    from arshif.curation.diff import RecordDiff
    from arshif.curation.duplicatelist import ListedDuplicate
    from arshif.curation.editing import Written
    from arshif.curation.fields import FieldChange
    from arshif.curation.history import HistoryEntry
    from arshif.curation.related import Related
    from arshif.curation.stats import ArchiveStats, FacetValues

    # (DEFAULT_SIZE_LIMIT ... IngestSummary: what callers of `Repository.ingest` give and get,
    # re-exported for the front ends; at run time imported when asked for: `lazy_names` below)
    from arshif.ingest.files import DEFAULT_SIZE_LIMIT as DEFAULT_SIZE_LIMIT
    from arshif.ingest.inputs import CaptureInputs as CaptureInputs
    from arshif.ingest.pipeline import IngestOutcome as IngestOutcome
    from arshif.ingest.pipeline import IngestSummary as IngestSummary
    from arshif.ingest.prepare import CaptureRequest, Refusal
    from arshif.search import SearchIndex, SearchResults
    from arshif.store import StorageRoot
    from arshif.verification import VerifyProblem
    from arshif.views import SearchPage
else:  # the ingest names, imported when asked for: a search never loads the ingest pipeline
    __getattr__ = lazy_names(
        __name__,
        {
            "DEFAULT_SIZE_LIMIT": "arshif.ingest.files",
            "CaptureInputs": "arshif.ingest.inputs",
            "IngestOutcome": "arshif.ingest.pipeline",
            "IngestSummary": "arshif.ingest.pipeline",
        },
    )

DEFAULT_LOCK_WAIT = 60.0
_SHORT_ID_CHARS = frozenset("0123456789abcdef")


class Repository:
    """An arshif root: ``archive/`` (OCFL storage root), ``indexes/`` (the search index, built
    by the archive's engine), ``.arshif/``."""

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
        self._keeper: IndexKeeper | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def init(cls, root: Path, config: ArchiveConfig | None = None) -> Repository:
        """Create an empty archive under `root` (``root/archive`` as an OCFL storage root).

        `config` (the archive's name, contact, engine) is written beside the root declaration
        when given; without it the archive has the defaults (`arshif.archiveconfig`), its
        engine ``$ARSHIF_ENGINE`` when that is set (`default_engine`).
        """
        from arshif.store import StorageRoot

        if config is None:
            engine = default_engine(os.environ)
            config = ArchiveConfig(engine=engine) if engine != DEFAULT_ENGINE else None
        settings = Settings(root.resolve())
        settings.root.mkdir(parents=True, exist_ok=True)
        StorageRoot.init(settings.archive_dir, work_dir=settings.work_dir)
        if config is not None:
            save_archive_config(settings.archive_dir, config)
        return cls(settings)

    @classmethod
    def find(
        cls,
        root: Path | None = None,
        *,
        lock_wait: float = DEFAULT_LOCK_WAIT,
        on_wait: Callable[[], None] | None = None,
    ) -> Repository:
        """The archive at `root`; without it, ``$ARSHIF_ROOT`` or the nearest root above the
        working directory. Raises `ArchiveNotFound`."""
        from arshif.config import find_root

        found = find_root(root, os.environ, Path.cwd())
        return cls(Settings(found), lock_wait=lock_wait, on_wait=on_wait)

    @classmethod
    def create(
        cls,
        root: Path,
        *,
        name: str | None = None,
        admin_email: str | None = None,
        engine: str | None = None,
    ) -> Repository:
        """A new, empty archive under `root` with its name, contact and search engine
        (`ArchiveConfig` checks them; `engine` None: ``$ARSHIF_ENGINE``, else whoosh);
        UsageError if `root` already holds one or the engine is not installed."""
        from arshif.config import is_root
        from arshif.search.engine import open_engine

        if is_root(root):
            raise UsageError(f"{root} already holds an archive")
        values = {"name": name, "admin_email": admin_email}
        config = ArchiveConfig().with_values(**{k: v for k, v in values.items() if v is not None})
        config = config.with_values(engine=engine or default_engine(os.environ))
        open_engine(config.engine)  # not installed: say so before anything is written
        return cls.init(root, config)

    @staticmethod
    def user(explicit: str | None = None) -> User:
        """Who acts: `explicit` (``Name <email>``), else $ARSHIF_USER, git's user, the login."""
        from arshif.config import resolve_user

        return resolve_user(explicit, os.environ)

    @property
    def config(self) -> ArchiveConfig:
        """The archive's settings (name, admin e-mail, engine), read from the storage root."""
        return load_archive_config(self.settings.archive_dir)

    def configure(self, **values: str | None) -> ArchiveConfig:
        """Change the archive's settings (`ArchiveConfig.with_values` checks each) under the
        writer lock, so two writers cannot lose each other's change; returns the new settings."""
        with self.writing():
            config = self.config.with_values(**values)
            save_archive_config(self.settings.archive_dir, config)
        return config

    @property
    def store(self) -> StorageRoot:
        if self._store is None:
            from arshif.store import StorageRoot

            self._store = StorageRoot(self.settings.archive_dir, work_dir=self.settings.work_dir)
        return self._store

    @property
    def _freshness(self) -> IndexKeeper:
        """What keeps the index current with the archive (`arshif.freshness`)."""
        if self._keeper is None:
            from arshif.records import read_records, shard_records

            settings = self.settings
            self._keeper = IndexKeeper(
                settings,
                self.store,
                read=self.record,
                read_many=functools.partial(read_records, self, Repository, settings),
                shard=lambda part: functools.partial(shard_records, Repository, settings, part),
                lock_wait=self.lock_wait,
                on_wait=self.on_wait,
            )
        return self._keeper

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

    # -- curation and reading (arshif.curation, arshif.search, arshif.cite) -------------------
    # Every correction is a new OCFL version, written by `arshif.curation.editing` under the
    # writer lock; the reading methods return typed values the CLI, serve and notebooks render.

    def edit(
        self, short_id: str, assignments: Sequence[str], message: str | None, user: User
    ) -> VersionInfo | None:
        """Set metadata fields (``FIELD=VALUE`` each, validated before anything is written)
        as a new version; None when nothing changes."""
        from arshif.curation import editing, parse_assignment

        pairs = [parse_assignment(a) for a in assignments]
        return editing.edit(self, short_id, pairs, message, user)

    def preview_edit(self, short_id: str, assignments: Sequence[str]) -> list[FieldChange]:
        """What `edit` would change (validated like it; nothing is written)."""
        from arshif.curation import editing, parse_assignment

        pairs = [parse_assignment(a) for a in assignments]
        return editing.preview(self, short_id, pairs)

    def head(self, short_id: str) -> str:
        """The head version of a record (to pass back as `expected_head`)."""
        from arshif.curation import editing

        return editing.head(self, short_id)

    def record_tei(self, short_id: str, version: str | None = None) -> bytes:
        """The record's TEI as arshif writes it (what the editor opens)."""
        from arshif.tei import record_to_tei

        return record_to_tei(self.record(short_id, version))

    @staticmethod
    def read_edited_tei(data: bytes, original: bytes) -> Record | list[str]:
        """The record of an edited TEI file, or the problems that keep it from validating."""
        from arshif.curation import editing

        return editing.read_edited_tei(data, original)

    def replace_record(
        self,
        short_id: str,
        edited: Record,
        message: str | None,
        user: User,
        expected_head: str | None = None,
    ) -> VersionInfo | None:
        """Store a whole edited record as the next version (ConcurrentUpdate, nothing
        written, if the head is no longer `expected_head`)."""
        from arshif.curation import editing

        return editing.replace_record(self, short_id, edited, message, user, expected_head)

    def revert(
        self, short_id: str, version: str, message: str | None, user: User
    ) -> VersionInfo | None:
        """A new version whose content equals `version`'s (history is kept, not rewound)."""
        from arshif.curation import editing

        return editing.revert(self, short_id, version, message, user)

    def withdraw(
        self, short_id: str, reason: str, message: str | None, user: User
    ) -> VersionInfo | None:
        """Withdraw a record (it stays, with its capture and versions, out of results)."""
        from arshif.curation import editing

        return editing.withdraw(self, short_id, reason, message, user)

    def restore(self, short_id: str, message: str | None, user: User) -> VersionInfo | None:
        """Bring a withdrawn record back to search results and listings."""
        from arshif.curation import editing

        return editing.restore(self, short_id, message, user)

    def link(
        self, first: str, second: str, kind: LinkKind, message: str | None, user: User
    ) -> list[Written]:
        """Link two records (both carry the link: a version each, none if already there)."""
        from arshif.curation import editing

        return editing.link(self, first, second, kind, message, user)

    def plan_csv(self, source: str | bytes | os.PathLike[str]) -> list[PlannedEdit]:
        """The edits a metadata CSV asks for against the head records (nothing written)."""
        from arshif.curation import editing

        return editing.plan_csv(self, source)

    def apply_csv(
        self,
        source: str | bytes | os.PathLike[str],
        message: str | None,
        user: User,
        name: str = "the CSV",
    ) -> list[Written]:
        """Apply a metadata CSV: one version per changed record, all under one lock."""
        from arshif.curation import editing

        return editing.apply_csv(self, source, message, user, name)

    def history(self, short_id: str) -> Iterator[HistoryEntry]:
        """Every version of a record, oldest first, with what each changed."""
        from arshif.curation import history

        return history.history(self, short_id)

    def diff(self, short_id: str, first: str, second: str) -> RecordDiff:
        """What changed from version `first` to version `second` of a record."""
        from arshif.curation import history

        return history.diff(self, short_id, first, second)

    def duplicates(
        self,
        threshold: float | None = None,
        min_words: int | None = None,
        include_withdrawn: bool = False,
    ) -> list[ListedDuplicate]:
        """Every group of near-duplicates, with titles and links (withdrawn records only
        with `include_withdrawn`)."""
        from arshif.curation.duplicatelist import list_duplicates
        from arshif.curation.duplicatestore import save_store

        keep = functools.partial(save_store, self.settings)  # the fingerprint store, on the way
        return list_duplicates(self, threshold, min_words, include_withdrawn, keep)

    def stats(self, include_withdrawn: bool = False) -> ArchiveStats:
        """What the archive holds (`arshif.curation.stats`)."""
        from arshif.curation.stats import archive_stats
        from arshif.search.facets import FACETS

        facets = self._facet_values(FACETS, include_withdrawn)
        return archive_stats(self, facets, include_withdrawn)

    def facet_counts(
        self, names: Sequence[str], include_withdrawn: bool = False
    ) -> dict[str, list[tuple[str, int]]]:
        """Every value of each facet in `names` with its count, most frequent first."""
        return self._facet_values(names, include_withdrawn)[2]

    def _facet_values(self, names: Sequence[str], include_withdrawn: bool) -> FacetValues:
        from arshif.search.facets import archive_facets

        return archive_facets(self.index(), tuple(names), include_withdrawn)

    def listed(
        self,
        *,
        tag: str | None = None,
        outlet: str | None = None,
        lang: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_withdrawn: bool = False,
    ) -> Iterator[Record]:
        """The head records a listing shows (`arshif.curation.recordfilter`), in id order."""
        from arshif.curation.recordfilter import RecordFilter
        from arshif.search.query import date_filter_bounds

        date_filter_bounds(since, until)  # refuses a date that is not one
        wanted = RecordFilter(tag, outlet, lang, since, until, include_withdrawn)
        return (record for record in self.records() if wanted.matches(record))

    def metadata_csv(self, records: Sequence[Record], *, withdrawn_column: bool = False) -> str:
        """The metadata CSV of `records` (what `edit --from-csv` reads back)."""
        from arshif.curation.csvedit import metadata_csv

        return metadata_csv(records, withdrawn_column=withdrawn_column)

    def cite(self, short_ids: Sequence[str], fmt: str) -> str:
        """Citations of the records `short_ids` in `fmt` (`arshif.cite`), naming the archive."""
        from arshif.cite import export

        return export([self.record(short) for short in short_ids], fmt, self.config.name)

    def related(self, record: Record) -> list[Related]:
        """The records linked to `record` and its near-duplicates, with the passages they
        share (`arshif.curation.related`)."""
        from arshif.curation.duplicatestore import store_path
        from arshif.curation.related import related

        return related(self, record, store_path(self.settings))

    @staticmethod
    def read_queries(path: Path) -> list[tuple[str, str]]:
        """The ``qid<TAB>query`` lines of a batch file of queries (`search --queries`), read
        safely (`arshif.ingest.files.read_queries`)."""
        from arshif.ingest.files import read_queries

        return read_queries(path)

    def search_page(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        page: int | None = None,
        sort: str = "relevance",
        facets: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        exact: bool = False,
        include_withdrawn: bool = False,
        snippets: bool = True,
        suggest: bool = True,
    ) -> SearchPage:
        """One page of a search with arshif's query language (`arshif.api.Archive.search`
        documents the options); UsageError for a bad option or query."""
        from arshif.views import SearchPage, page_offset

        offset = page_offset(limit, offset, page, sort, facets)
        results = self.search(
            query,
            snippets=snippets,
            limit=limit,
            offset=offset,
            exact=exact,
            include_withdrawn=include_withdrawn,
            sort=sort,
            facets=tuple(facets),
            since=since,
            until=until,
            suggest=suggest,
        )
        return SearchPage(
            query=query,
            hits=results.hits,
            total=results.total,
            offset=offset,
            limit=limit,
            facets=results.facets,
            suggestion=results.suggestion,
        )

    def kwic(
        self,
        term: str,
        *,
        width: int = 40,
        limit: int = 100,
        exact: bool = False,
        include_withdrawn: bool = False,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Concordance]:
        """Keyword-in-context lines for `term` (any query), `width` characters each side."""
        from arshif.search.kwic import concordance

        if width < 1 or limit < 1:
            raise UsageError(f"width and limit must be at least 1 (got {width}, {limit})")
        return concordance(
            self.index(),
            term,
            self._text_of,
            width=width,
            limit=limit,
            exact=exact,
            include_withdrawn=include_withdrawn,
            since=since,
            until=until,
        )

    def similar(
        self, record_id: str, *, limit: int = 10, include_withdrawn: bool = False
    ) -> SearchPage:
        """The records most like `record_id` (more-like-this on its analysed text)."""
        from arshif.search.similar import similar
        from arshif.views import SearchPage

        short = self.resolve_id(record_id)
        results = similar(
            self.index(),
            short,
            self.record(short).text,
            limit=limit,
            include_withdrawn=include_withdrawn,
        )
        return SearchPage(query=f"similar:{short}", hits=results.hits, total=results.total)

    # -- ingest ------------------------------------------------------------------------------

    def ingest(
        self,
        requests: Iterable[CaptureRequest | Refusal],
        user: User,
        *,
        limit: int,
        skip_bad: bool = False,
        on_outcome: Callable[[IngestOutcome], None] | None = None,
    ) -> IngestSummary:
        """Ingest captures: each new one becomes an object (v1) and enters the index; the
        new records are checked for near-duplicates in the archive (or, past the check's
        limits, only kept in the fingerprint store for later checks).

        All captures are prepared (decoded, extracted, checked) before anything is written.
        A refused capture (a `Refusal` in `requests`, such as a bad manifest line, or one whose
        preparation fails) is reported as a "refused" outcome, and every capture is still
        read, so that all refusals are found in one run; then `CapturesRefused` is raised and
        nothing is written, unless `skip_bad` is set (refused captures are then "skipped" and
        the others written). A capture already in the archive (same bytes) is reported as a
        duplicate and not added again (nor prepared, so re-running a killed batch costs only
        what is left to do). Memory stays bounded whatever the number of captures
        (`arshif.ingest.pipeline`). Outcomes are reported in the order of `requests`, each once
        its object is written; the summary holds them and the near-duplicates
        (`arshif.ingest.nearduplicates.NearDuplicateCheck`).
        """
        from arshif.ingest.nearduplicates import check_new_records
        from arshif.ingest.pipeline import IngestTarget, run_ingest

        target = IngestTarget(
            self.store,
            self.record,
            self.writing,
            self._freshness.writable_index,
            lambda records: self.index_records(records, new=True),
            self._freshness.index_new,
        )
        summary = run_ingest(
            target, requests, user, limit=limit, skip_bad=skip_bad, on_outcome=on_outcome
        )
        try:
            summary.near_duplicates = check_new_records(
                self, summary.added, summary.added_bytes, summary.profiles
            )
        finally:
            summary.profiles.close()  # their temporary file: the store has them now
        return summary

    # -- bags (BagIt exchange with other repositories; arshif.bags) ---------------------------

    def export_bag(
        self,
        target: Path,
        ids: Sequence[str] = (),
        query: str | None = None,
        *,
        include_withdrawn: bool = False,
        on_object: Callable[[], None] | None = None,
    ) -> BagExport:
        """Write a BagIt bag at `target` of the records named by `ids` and found by `query`
        (all records when neither is given; `arshif.bags.export_bag`)."""
        from arshif.bags import export_bag
        from arshif.curation.csvedit import metadata_csv

        return export_bag(
            self,
            target,
            ids,
            query,
            metadata_csv=metadata_csv,
            include_withdrawn=include_withdrawn,
            on_object=on_object,
        )

    def import_bag(self, path: Path, *, limit: int) -> BagImport:
        """Bring in the objects of a bag, every version as it is, and index them
        (`arshif.bags.import_bag`)."""
        from arshif.bags import import_bag

        return import_bag(self._freshness, path, limit=limit)

    # -- search ------------------------------------------------------------------------------

    def index(self, *, refresh: bool = True) -> SearchIndex:
        """The search index, built from the archive when missing and caught up when behind
        (`arshif.freshness.IndexKeeper.index`: a reader never waits for a writer)."""
        return self._freshness.index(refresh=refresh)

    def index_is_live(self) -> bool:
        """False when the index this repository opened was replaced by a rebuild since (a
        long-lived reader, such as `arshif serve`, then opens a new `Repository`)."""
        return self._freshness.is_live()

    def search(self, query: str, *, snippets: bool = True, **options: object) -> SearchResults:
        """Run a query (see docs/query-syntax.md) against the index; hits in rank order.

        With `snippets` (the default) each hit gets a passage of its text, read from the
        archive; a batch that prints no passages (TREC runs) leaves them out.
        """
        from arshif.search import search

        text_of = self._text_of if snippets else None
        return search(self.index(), query, text_of=text_of, **options)  # type: ignore[arg-type]

    def _text_of(self, short_id: str) -> str:
        """The head record's text (`Record.text`), read without the rest of the record."""
        from arshif.tei.read import text_from_tei

        return text_from_tei(self.store.read(object_id_for(short_id), RECORD_PATH))

    def record_count(self) -> int:
        """How many records the archive holds, from the index when it is current (cheap)."""
        return self._freshness.record_count()

    def reindex(
        self,
        on_start: Callable[[int], None] | None = None,
        on_record: Callable[[], None] | None = None,
        *,
        engine: str | None = None,
    ) -> int:
        """Rebuild the index from the archive alone; returns the number of records indexed.

        Runs under the writer lock, so no write lands in the old index while the new one is built.
        For progress bars: `on_start` is told how many records there are, `on_record` is
        called after each record is read. `engine`: switch the archive to this search engine:
        the index is built with it, and only then is it recorded in the archive's settings
        (killed before that, the archive keeps its engine and rebuilds its index).
        """
        with self.writing():
            config = self.config
            if engine is not None:
                config.with_values(engine=engine)  # an unknown name fails before any work
            count = self._freshness.rebuild(on_start, on_record, engine=engine).doc_count()
            if engine is not None and engine != config.engine:
                save_archive_config(
                    self.settings.archive_dir, self.config.with_values(engine=engine)
                )
            return count

    def index_records(self, records: Sequence[Record], *, new: bool = False) -> None:
        """Bring the index up to date with records just written, under the writer lock
        (`arshif.freshness.IndexKeeper.index_records`; `new`: objects this lock holder created)."""
        self._freshness.index_records(records, new=new)

    def current_signature(self) -> str | None:
        """The archive's signature (`arshif.signature`) without reading the archive: the one
        stored with the index when the index is current; None when that cannot be known cheaply."""
        return self._freshness.current_signature()

    def writing(self) -> AbstractContextManager[None]:
        """The archive's writer lock; every write happens inside it (readers never take it;
        `arshif.freshness.IndexKeeper.writing`)."""
        return self._freshness.writing()

    def index_lag(self) -> int:
        """How many records the index is missing or holds at an older version."""
        return self._freshness.lag()

    # -- verify ------------------------------------------------------------------------------

    def verify(self, *, repair: bool = False) -> list[VerifyProblem]:
        """Check OCFL validity, every digest, every record's TEI and the index's currency
        (`arshif.verification`); with `repair`, recover and catch the index up first."""
        from arshif.verification import verify

        return verify(self._freshness, repair=repair)
