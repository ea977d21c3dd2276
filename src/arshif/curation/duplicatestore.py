"""An archive's fingerprint store on disk (``indexes/duplicates/``, `FingerprintStore`): where
it is kept, and writing it, whole (`save_store`) or with new profiles added (`save_added`).

The store is derived data, like the search index: it spares the near-duplicate check at ingest
(`arshif.ingest.nearduplicates`) reading the whole archive, and `arshif duplicates` writes it
from the records it read. When it cannot be written, the next check reads the archive again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path

from arshif.config import Settings
from arshif.curation.duplicates import DuplicateFinder, duplicate_profile
from arshif.curation.fingerprints import FingerprintStore, Profile
from arshif.model import Record


def store_path(settings: Settings) -> Path:
    """Where the fingerprint store of an archive is kept (derived data, beside the index)."""
    return settings.index_dir / "duplicates"


def save_store(
    settings: Settings, finder: DuplicateFinder, records: dict[str, Record], signature: str
) -> None:
    """Write the store of every record of the archive (`records`, all of them), read when
    its signature was `signature`; `finder` holds those of them it was given (their profiles
    are taken from it, the others' made)."""
    rows = [
        (short, finder.profile_of(short) if short in finder else duplicate_profile(record.text))
        for short, record in sorted(records.items())
    ]
    save_added(FingerprintStore.empty(), rows, store_path(settings), signature)


def store_rows(
    store: FingerprintStore, profiles: Iterable[tuple[str, Profile]]
) -> Iterator[tuple[str, Profile]]:
    """`profiles` marked representative unless the same words came first (stored or here)."""
    seen: set[bytes] = set()
    for short, profile in profiles:
        first = profile.exact not in seen and store.representative_of(profile.exact) is None
        seen.add(profile.exact)
        yield short, dataclasses.replace(profile, representative=first)


def save_added(
    store: FingerprintStore,
    profiles: Iterable[tuple[str, Profile]],
    path: Path,
    signature: str,
    width: int | None = None,
) -> None:
    """Write `store` with `profiles` added, for the archive `signature` (derived data: if it
    cannot be written, the next ingest reads the archive again); `profiles` are read once
    when their band `width` is given (`FingerprintStore.added`)."""
    # ValueError: a damaged part, say; EOFError, UnpicklingError: a damaged temporary file of
    # an ingest's profiles (`arshif.ingest.nearduplicates.NewProfiles`)
    with contextlib.suppress(OSError, ValueError, EOFError, pickle.UnpicklingError):
        store.added(store_rows(store, profiles), width).save(path, signature)
        (path.parent / "duplicates.npz").unlink(missing_ok=True)  # format 1, a single file
