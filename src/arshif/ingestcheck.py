"""The near-duplicate check at ingest: each new record against the whole archive.

`duplicates_of` finds, for records just ingested, the near-duplicates `arshif duplicates`
would pair them with (`arshif.curation.duplicates.DuplicateFinder.find_for`). It reads from
the archive only the records that could be duplicates, found in a fingerprint store
(`arshif.curation.fingerprints`, ``indexes/duplicates/``), when that store describes the
archive exactly as it was before the ingest; otherwise it reads the whole archive once (up to
`INGEST_DUPLICATE_CHECK_LIMIT` records) and writes the store anew. `remember` keeps the store
current after a large ingest that was not checked; `save_store` writes it from records read
by `arshif duplicates`.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from arshif.curation.editing import INGEST_DUPLICATE_CHECK_LIMIT, IngestDuplicate
from arshif.model import Record
from arshif.repository import Repository

if TYPE_CHECKING:
    from arshif.curation.duplicates import DuplicateFinder
    from arshif.curation.fingerprints import FingerprintStore, Profile


def store_path(repo: Repository) -> Path:
    """Where the fingerprint store of `repo` is kept (derived data, beside the index)."""
    return repo.settings.index_dir / "duplicates"


def duplicates_of(
    repo: Repository, new_ids: Sequence[str], profiles: dict[str, Profile] | None = None
) -> list[IngestDuplicate] | None:
    """Near-duplicates of the records `new_ids` (just ingested) in the whole archive, each
    pair once; None when the archive is too large to read whole at ingest
    (`INGEST_DUPLICATE_CHECK_LIMIT`) and no current fingerprint store spares the reading.

    `profiles` are the new records' profiles if already made (`IngestSummary.profiles`).
    """
    import numpy as np

    from arshif.curation.duplicates import DuplicateFinder, duplicate_profile

    if not new_ids:
        return []
    signature = repo.current_signature()  # before anything is read
    finder = DuplicateFinder()
    new = {short: repo.record(short) for short in new_ids}
    made = {s: (profiles or {}).get(s) or duplicate_profile(r.text) for s, r in new.items()}
    store = _store_before(repo, new_ids, signature)
    if store is not None:
        wanted: set[str] = set()
        for profile in made.values():
            wanted |= store.candidates(profile)
        records = {short: repo.record(short) for short in sorted(wanted - new.keys())}
        records.update(new)
        prints = [p.fingerprints for p in made.values() if len(p.fingerprints)]
        counts = store.record_counts(np.unique(np.concatenate(prints))) if prints else {}
        for _short, row in _store_rows(store, [(s, made[s]) for s in new_ids]):
            if row.representative:  # the new records' own fingerprints count too
                for h in row.fingerprints.tolist():
                    counts[h] = counts.get(h, 0) + 1
        finder.record_counts = counts
    else:
        if repo.record_count() > INGEST_DUPLICATE_CHECK_LIMIT:  # cheap: no walk
            return None
        records = {short: new.get(short) or repo.record(short) for short in repo.ids()}
    found = _pairs(finder, records, new_ids)
    if signature is not None:
        if store is None:  # the whole archive was read (and added to `finder`): all of it
            save_store(repo, finder, records, signature)
        else:
            _save(store, [(short, made[short]) for short in new_ids], store_path(repo), signature)
    return found


def remember(repo: Repository, profiles: dict[str, Profile]) -> None:
    """Keep the fingerprint store current after an ingest whose check was skipped (a large
    one): the new records' profiles are added when the store described the archive as it was
    before (or the archive was empty), else the store is left to be rebuilt."""
    from arshif.curation.fingerprints import EMPTY_ARCHIVE, FingerprintStore

    if not profiles:
        return
    signature = repo.current_signature()
    new_ids = list(profiles)
    store = _store_before(repo, new_ids, signature)
    if store is None and signature == repo.signature_after(EMPTY_ARCHIVE, new_ids):
        store = FingerprintStore.empty()  # a fresh archive: these are all its records
    if store is not None and signature is not None:
        _save(
            store,
            [(short, profiles[short]) for short in new_ids],
            store_path(repo),
            signature,
        )


def save_store(
    repo: Repository, finder: DuplicateFinder, records: dict[str, Record], signature: str
) -> None:
    """Write the store of every record of the archive (`records`, all of them), read when
    its signature was `signature`; `finder` holds those of them it was given (their profiles
    are taken from it, the others' made)."""
    from arshif.curation.duplicates import duplicate_profile
    from arshif.curation.fingerprints import FingerprintStore

    rows = [
        (short, finder.profile_of(short) if short in finder else duplicate_profile(record.text))
        for short, record in sorted(records.items())
    ]
    _save(FingerprintStore.empty(), rows, store_path(repo), signature)


def _store_before(
    repo: Repository, new_ids: Sequence[str], signature: str | None
) -> FingerprintStore | None:
    """The fingerprint store, if it describes the archive as it was before `new_ids`."""
    from arshif.curation.fingerprints import FingerprintStore

    if signature is None:
        return None
    loaded = FingerprintStore.load(store_path(repo))
    if loaded is None:
        return None
    store, before = loaded
    try:
        expected = repo.signature_after(before, new_ids)
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


def _store_rows(
    store: FingerprintStore, profiles: list[tuple[str, Profile]]
) -> list[tuple[str, Profile]]:
    """`profiles` marked representative unless the same words came first (stored or here)."""
    seen: set[bytes] = set()
    rows = []
    for short, profile in profiles:
        first = profile.exact not in seen and store.representative_of(profile.exact) is None
        seen.add(profile.exact)
        rows.append((short, dataclasses.replace(profile, representative=first)))
    return rows


def _save(
    store: FingerprintStore, profiles: list[tuple[str, Profile]], path: Path, signature: str
) -> None:
    """Write `store` with `profiles` added, for the archive `signature` (derived data: if it
    cannot be written, the next ingest reads the archive again)."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: a damaged part, say
        store.added(_store_rows(store, profiles)).save(path, signature)
        (path.parent / "duplicates.npz").unlink(missing_ok=True)  # format 1, a single file
