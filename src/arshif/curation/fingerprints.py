"""What the near-duplicate check at ingest keeps of every record, so as not to reread them.

Checking a new record against the archive needs, of each older record, only enough to know
whether it *could* be a duplicate: its exact key (a hash of its word sequence), the keys of its
MinHash LSH bands, and its winnowed n-gram fingerprints (`DuplicateFinder.profile`). Any record
that is a duplicate of the new one by `DuplicateFinder.find_for`'s rules shares one of those
with it: an identical text shares its exact key, a near-duplicate found by LSH shares a band,
a shared passage of `min_words` words shares a fingerprint (the winnowing guarantee). So the
check reads only those candidates from the archive and compares them as before; the number of
records holding each fingerprint, which decides what is boilerplate, comes from the store.

`FingerprintStore` is derived data (``indexes/duplicates.npz``), like the search index: written
atomically, and trusted only when it describes the archive as it is. It records the archive
signature it was made for (`arshif.repository`'s sum of one digest per record version); the
check after an ingest accepts it only if that signature plus the new records' digests is the
archive's signature now, and otherwise reads the whole archive once and writes it anew.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from arshif.curation.shingles import U32, U64

#: The archive signature of an empty archive (`arshif.repository._signature_of` of nothing).
EMPTY_ARCHIVE = f"{0:064x}"

#: Format of the files; a store of another format is not read (it is rebuilt).
FORMAT = 1


@dataclass(frozen=True)
class Profile:
    """What the store keeps of one record (see the module docstring)."""

    exact: bytes  #: 16-byte hash of the word sequence (b"" for a text without words)
    bands: U64  #: one 64-bit key per LSH band (empty without words)
    fingerprints: U64  #: the winnowed n-gram hashes, each once
    representative: bool = True  #: False: an identical text came first (no bands, no prints)


class FingerprintStore:
    """Profiles of the archive's records: ids, exact keys, band keys and fingerprint postings."""

    def __init__(
        self,
        ids: list[str],
        exact: list[bytes],
        bands: U64,
        print_hashes: U64,
        print_records: U32,
    ) -> None:
        self.ids = ids
        self.exact = exact
        self.bands = bands.reshape(len(ids), -1) if len(ids) else bands.reshape(0, 0)
        order = np.argsort(print_hashes, kind="stable")
        self.print_hashes = print_hashes[order]
        self.print_records = print_records[order]
        self._exact_index = {key: i for i, key in reversed(list(enumerate(exact))) if key}

    @classmethod
    def empty(cls) -> FingerprintStore:
        return cls([], [], np.zeros(0, np.uint64), np.zeros(0, np.uint64), np.zeros(0, np.uint32))

    def __len__(self) -> int:
        return len(self.ids)

    def representative_of(self, exact: bytes) -> str | None:
        """The first stored record with this exact key."""
        index = self._exact_index.get(exact) if exact else None
        return None if index is None else self.ids[index]

    def candidates(self, profile: Profile) -> set[str]:
        """Stored records that could be duplicates of `profile`'s text (module docstring)."""
        found: set[int] = set()
        if profile.exact and profile.exact in self._exact_index:
            found |= {i for i, key in enumerate(self.exact) if key == profile.exact}
        if len(profile.bands) and self.bands.shape[1] == len(profile.bands):
            found |= set(np.flatnonzero((self.bands == profile.bands).any(axis=1)).tolist())
        if len(profile.fingerprints) and len(self.print_hashes):
            left = np.searchsorted(self.print_hashes, profile.fingerprints, side="left")
            right = np.searchsorted(self.print_hashes, profile.fingerprints, side="right")
            for lo, hi in zip(left.tolist(), right.tolist(), strict=True):
                found.update(self.print_records[lo:hi].tolist())
        return {self.ids[i] for i in found}

    def record_counts(self, hashes: U64) -> dict[int, int]:
        """How many stored (representative) records hold each of `hashes`."""
        left = np.searchsorted(self.print_hashes, hashes, side="left")
        right = np.searchsorted(self.print_hashes, hashes, side="right")
        return {
            int(h): hi - lo
            for h, lo, hi in zip(hashes.tolist(), left.tolist(), right.tolist(), strict=True)
        }

    def added(self, profiles: list[tuple[str, Profile]]) -> FingerprintStore:
        """A store with `profiles` appended (in order)."""
        ids, exact = list(self.ids), list(self.exact)
        width = self.bands.shape[1] if len(self.ids) else 0
        bands = [self.bands.reshape(-1)]
        hashes, records = [self.print_hashes], [self.print_records]
        for short, profile in profiles:
            if not width and len(profile.bands):
                width = len(profile.bands)
            number = len(ids)
            ids.append(short)
            exact.append(profile.exact)
            keys = profile.bands if profile.representative else np.zeros(0, np.uint64)
            if len(keys) != width:
                keys = np.zeros(width, np.uint64)  # no words, or not the representative
            bands.append(keys)
            if profile.representative:
                hashes.append(profile.fingerprints)
                records.append(np.full(len(profile.fingerprints), number, np.uint32))
        return FingerprintStore(
            ids, exact, np.concatenate(bands), np.concatenate(hashes), np.concatenate(records)
        )

    # -- files -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> tuple[FingerprintStore, str] | None:
        """The store at `path` and the archive signature it was written for (None: no
        readable store of this format)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in _ARRAYS}
        except (OSError, ValueError, KeyError, EOFError):
            return None
        if int(arrays["format"]) != FORMAT:
            return None
        ids = [str(short) for short in arrays["ids"].tolist()]
        exact = [bytes.fromhex(str(key)) for key in arrays["exact"].tolist()]
        records = arrays["records"]
        if len(ids) != len(exact) or (len(records) and int(records.max()) >= len(ids)):
            return None
        store = cls(
            ids,
            exact,
            arrays["bands"].astype(np.uint64),
            arrays["hashes"].astype(np.uint64),
            records.astype(np.uint32),
        )
        return store, str(arrays["archive"])

    def save(self, path: Path, signature: str) -> None:
        """Write the store for archive `signature`: one file, replaced atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as handle:
            try:
                np.savez(
                    handle,
                    format=np.array(FORMAT),
                    archive=np.array(signature),
                    ids=np.array(self.ids, dtype=str),
                    exact=np.array([key.hex() for key in self.exact], dtype=str),
                    bands=self.bands.reshape(-1),
                    hashes=self.print_hashes,
                    records=self.print_records,
                )
            except BaseException:
                os.unlink(handle.name)
                raise
        os.replace(handle.name, path)


_ARRAYS = ("format", "archive", "ids", "exact", "bands", "hashes", "records")
