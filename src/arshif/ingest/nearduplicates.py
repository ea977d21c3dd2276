"""The near-duplicate check at ingest: each new record against the whole archive, and its
policy (when the check is run, when the new records are only remembered for later checks).

`check_new_records` is what `arshif.repository.Repository.ingest` runs after writing: up to
`NEAR_DUPLICATE_CHECK_BYTES` of new captures, `duplicates_of` the new records; past it, the new
records are only added to the fingerprint store (`remember`), so that later ingests are still
checked against them. Either way a Python caller of `Repository.ingest` keeps the store current.

`duplicates_of` finds, for records just ingested, the near-duplicates `arshif duplicates`
would pair them with (`arshif.curation.duplicates.DuplicateFinder.find_for`). It reads from
the archive only the records that could be duplicates, found in a fingerprint store
(`arshif.curation.fingerprints`, ``indexes/duplicates/``), when that store describes the
archive exactly as it was before the ingest; otherwise it reads the whole archive once (up to
`INGEST_DUPLICATE_CHECK_LIMIT` records) and writes the store anew. `remember` keeps the store
current after a large ingest that was not checked. The store on disk (where, and writing it)
is `arshif.curation.duplicatestore`'s.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Protocol

from arshif.config import Settings
from arshif.model import Record
from arshif.signature import EMPTY_SIGNATURE, signature_after

if TYPE_CHECKING:
    from arshif.curation.duplicates import DuplicateFinder, DuplicateGroup
    from arshif.curation.fingerprints import FingerprintStore, Profile

#: The near-duplicate check at ingest holds about 100 bytes of memory per byte of text it
#: reads; above this much new capture it is left to `arshif duplicates` (memory stays bounded).
NEAR_DUPLICATE_CHECK_BYTES = 2**20
#: Above this many records the archive is not searched for near-duplicates at ingest (reading
#: every record would make each ingest slow); `arshif duplicates` lists them all instead.
INGEST_DUPLICATE_CHECK_LIMIT = 20_000
#: Near-duplicate profiles (about 3 KB each in memory) an ingest keeps in memory; the rest wait
#: in a temporary file (`NewProfiles`).
PROFILES_IN_MEMORY = 1000


class CheckedArchive(Protocol):
    """What the check reads of the archive (`arshif.repository.Repository` is one)."""

    settings: Settings

    def ids(self) -> list[str]: ...
    def record(self, short_id: str, version: str | None = None) -> Record: ...
    def record_count(self) -> int: ...
    def current_signature(self) -> str | None: ...


@dataclass(frozen=True)
class IngestDuplicate:
    """A record just ingested that duplicates (part of) a record of the archive."""

    id: str
    other: str
    group: DuplicateGroup
    other_withdrawn: bool = False

    def describe(self) -> str:
        """``211c54ea0d5b: near-duplicate of 529ae1d8c55a (shared passage, 34 words)``."""
        group = self.group
        words = [len(passage.split()) for passage in group.shared]
        if group.kind == "exact":
            why = "the same text"
        elif group.kind == "near":
            why = f"similar text, Jaccard {group.similarity:.2f}"
        elif len(words) == 1:
            why = f"shared passage, {words[0]} words"
        else:
            why = f"{len(words)} shared passages, longest {max(words, default=0)} words"
        gone = ", withdrawn" if self.other_withdrawn else ""
        return f"{self.id}: near-duplicate of {self.other} ({why}{gone})"


@dataclass(frozen=True)
class NearDuplicateCheck:
    """The check of an ingest's new records: the near-duplicates found, each pair once, or why
    the records were not checked (`not_checked`, a sentence saying what to run instead)."""

    found: tuple[IngestDuplicate, ...] = ()
    not_checked: str | None = None


class NewProfiles(Mapping[str, "Profile"]):
    """The near-duplicate profiles of an ingest's new records (short id → profile), in the
    order added: the first `memory` (`PROFILES_IN_MEMORY`) in memory, the others pickled to a
    temporary file and read back one at a time, so that a large ingest does not hold one per
    record until its end."""

    def __init__(self, memory: int | None = None) -> None:
        self._memory = PROFILES_IN_MEMORY if memory is None else memory
        self._held: dict[str, Profile] = {}
        self._spilled: list[str] = []
        self._ends = array("Q")  # where each spilled profile ends in the file
        self._numbers: dict[str, int] | None = None  # made when one is looked up by id
        self._file: IO[bytes] | None = None
        #: the most LSH bands a profile has (`FingerprintStore.added`)
        self.width = 0

    @property
    def spilled(self) -> int:
        """How many profiles are in the temporary file."""
        return len(self._spilled)

    def add(self, short: str, profile: Profile) -> None:
        self.width = max(self.width, len(profile.bands))
        if not self._spilled and len(self._held) < self._memory:
            self._held[short] = profile
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._file.write(pickle.dumps(profile, protocol=pickle.HIGHEST_PROTOCOL))
        self._spilled.append(short)
        self._ends.append(self._file.tell())
        self._numbers = None

    def rows(self) -> Iterator[tuple[str, Profile]]:
        """``(short id, profile)`` in the order added, read back one at a time."""
        yield from self._held.items()
        for number, short in enumerate(self._spilled):
            yield short, self._read(number)

    def _read(self, number: int) -> Profile:
        assert self._file is not None
        if self._file.closed:
            raise ValueError(
                f"the near-duplicate profiles past the first {self._memory} of an ingest are "
                "removed when it ends: read them from the archive's fingerprint store"
            )
        self._file.flush()
        start = self._ends[number - 1] if number else 0
        data = os.pread(self._file.fileno(), self._ends[number] - start, start)
        return pickle.loads(data)  # type: ignore[no-any-return]  # our own temporary file

    def _spilled_numbers(self) -> dict[str, int]:
        """short id → its place in the temporary file (made once, after the last add)."""
        if self._numbers is None:
            self._numbers = {s: n for n, s in enumerate(self._spilled)}
        return self._numbers

    def __getitem__(self, short: str) -> Profile:
        if short in self._held:
            return self._held[short]
        return self._read(self._spilled_numbers()[short])

    def __contains__(self, short: object) -> bool:
        return short in self._held or short in self._spilled_numbers()

    def __iter__(self) -> Iterator[str]:
        yield from self._held
        yield from self._spilled

    def __len__(self) -> int:
        return len(self._held) + len(self._spilled)

    def close(self) -> None:
        """Remove the temporary file (the profiles in it can no longer be read)."""
        if self._file is not None:
            self._file.close()


def check_new_records(
    archive: CheckedArchive,
    new_ids: Sequence[str],
    new_bytes: int,
    profiles: Mapping[str, Profile],
) -> NearDuplicateCheck:
    """Check the records an ingest added (`new_ids`, `new_bytes` of captures, `profiles` as
    the pipeline made them) for near-duplicates, when they are small enough to check at once
    (`NEAR_DUPLICATE_CHECK_BYTES`); otherwise remember them in the fingerprint store."""
    if new_bytes > NEAR_DUPLICATE_CHECK_BYTES:
        remember(archive, profiles)  # later ingests are still checked against these records
        return NearDuplicateCheck(
            not_checked=f"near-duplicates not checked ({new_bytes:,} bytes of new captures, "
            f"more than {NEAR_DUPLICATE_CHECK_BYTES:,}): run `arshif duplicates`"
        )
    if not new_ids:
        return NearDuplicateCheck()
    found = duplicates_of(archive, new_ids, profiles)
    if found is None:
        return NearDuplicateCheck(
            not_checked=f"near-duplicates not checked (more than {INGEST_DUPLICATE_CHECK_LIMIT} "
            "records to read): run `arshif duplicates` (later ingests are then checked)"
        )
    return NearDuplicateCheck(tuple(found))


def duplicates_of(
    archive: CheckedArchive, new_ids: Sequence[str], profiles: Mapping[str, Profile] | None = None
) -> list[IngestDuplicate] | None:
    """Near-duplicates of the records `new_ids` (just ingested) in the whole archive, each
    pair once; None when the archive is too large to read whole at ingest
    (`INGEST_DUPLICATE_CHECK_LIMIT`) and no current fingerprint store spares the reading.

    `profiles` are the new records' profiles if already made (`IngestSummary.profiles`).
    """
    import numpy as np

    from arshif.curation.duplicates import DuplicateFinder, duplicate_profile
    from arshif.curation.duplicatestore import save_added, save_store, store_path, store_rows

    if not new_ids:
        return []
    signature = archive.current_signature()  # before anything is read
    finder = DuplicateFinder()
    new = {short: archive.record(short) for short in new_ids}
    made = {s: (profiles or {}).get(s) or duplicate_profile(r.text) for s, r in new.items()}
    store = _store_before(archive, new_ids, signature)
    if store is not None:
        wanted: set[str] = set()
        for profile in made.values():
            wanted |= store.candidates(profile)
        records = {short: archive.record(short) for short in sorted(wanted - new.keys())}
        records.update(new)
        prints = [p.fingerprints for p in made.values() if len(p.fingerprints)]
        counts = store.record_counts(np.unique(np.concatenate(prints))) if prints else {}
        for _short, row in store_rows(store, [(s, made[s]) for s in new_ids]):
            if row.representative:  # the new records' own fingerprints count too
                for h in row.fingerprints.tolist():
                    counts[h] = counts.get(h, 0) + 1
        finder.record_counts = counts
    else:
        if archive.record_count() > INGEST_DUPLICATE_CHECK_LIMIT:  # cheap: no walk
            return None
        records = {short: new.get(short) or archive.record(short) for short in archive.ids()}
    found = _pairs(finder, records, new_ids)
    if signature is not None:
        if store is None:  # the whole archive was read (and added to `finder`): all of it
            save_store(archive.settings, finder, records, signature)
        else:
            rows = [(short, made[short]) for short in new_ids]
            save_added(store, rows, store_path(archive.settings), signature)
    return found


def remember(archive: CheckedArchive, profiles: Mapping[str, Profile]) -> None:
    """Keep the fingerprint store current after an ingest whose check was skipped (a large
    one): the new records' profiles are added when the store described the archive as it was
    before (or the archive was empty), else the store is left to be rebuilt. `NewProfiles`
    are read once, one at a time."""
    from arshif.curation.duplicatestore import save_added, store_path
    from arshif.curation.fingerprints import FingerprintStore

    if not profiles:
        return
    signature = archive.current_signature()
    new_ids = list(profiles)
    store = _store_before(archive, new_ids, signature)
    if store is None and signature == signature_after(EMPTY_SIGNATURE, new_ids):
        store = FingerprintStore.empty()  # a fresh archive: these are all its records
    if store is not None and signature is not None:
        if isinstance(profiles, NewProfiles):
            rows, width = profiles.rows(), profiles.width
            save_added(store, rows, store_path(archive.settings), signature, width)
        else:
            rows_ = [(short, profiles[short]) for short in new_ids]
            save_added(store, rows_, store_path(archive.settings), signature)


def _store_before(
    archive: CheckedArchive, new_ids: Sequence[str], signature: str | None
) -> FingerprintStore | None:
    """The fingerprint store, if it describes the archive as it was before `new_ids`."""
    from arshif.curation.duplicatestore import store_path
    from arshif.curation.fingerprints import FingerprintStore

    if signature is None:
        return None
    loaded = FingerprintStore.load(store_path(archive.settings))
    if loaded is None:
        return None
    store, before = loaded
    try:
        expected = signature_after(before, new_ids)
    except ValueError:
        return None
    return store if expected == signature else None


def _pairs(
    finder: DuplicateFinder, records: dict[str, Record], new_ids: Sequence[str]
) -> list[IngestDuplicate]:
    """Add `records` (in id order) to `finder` and pair each new record with its duplicates."""
    withdrawn = {short for short, record in records.items() if record.withdrawn is not None}
    for short in sorted(records):
        finder.add(short, records[short].text)
    found: list[IngestDuplicate] = []
    order = {short: i for i, short in enumerate(new_ids)}
    seen: set[frozenset[str]] = set()
    for i, short in enumerate(new_ids):
        for group in finder.find_for(short, records[short].text):
            for other in group.ids[1:]:
                pair = frozenset((short, other))
                # two new records: the later one is reported as the duplicate
                if pair in seen or order.get(other, -1) > i:
                    continue
                seen.add(pair)
                found.append(IngestDuplicate(short, other, group, other in withdrawn))
    return found
