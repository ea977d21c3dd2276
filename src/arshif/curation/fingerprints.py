"""What the near-duplicate check at ingest keeps of every record, so as not to reread them.

Checking a new record against the archive needs, of each older record, only enough to know
whether it *could* be a duplicate: its exact key (a hash of its word sequence), the keys of its
MinHash LSH bands, and its winnowed n-gram fingerprints (`DuplicateFinder.profile`). Any record
that is a duplicate of the new one by `DuplicateFinder.find_for`'s rules shares one of those
with it: an identical text shares its exact key, a near-duplicate found by LSH shares a band,
a shared passage of `min_words` words shares a fingerprint (the winnowing guarantee). So the
check reads only those candidates from the archive and compares them as before; the number of
records holding each fingerprint, which decides what is boilerplate, comes from the store.

`FingerprintStore` is derived data (``indexes/duplicates/``), like the search index, and
trusted only when it describes the archive as it is. It records the archive signature it was
made for (`arshif.signature`: a sum of one digest per record version); the check after an
ingest accepts it only if that signature plus the new records' digests is the archive's
signature now, and otherwise reads the whole archive once and writes it anew.

On disk the store is a few *parts* (each a directory of ``.npy`` arrays: ids, exact keys, band
keys, and the sorted fingerprints with the record holding each) and ``store.json`` naming them
with the archive signature, replaced atomically (each file fsynced before a manifest names it).
An ingest writes one part for its new records and a new ``store.json``: the cost of a small
ingest does not grow with the archive. Parts are read memory-mapped: opening one reads its
record column once (to check it), and a check then reads only the pages its fingerprints fall
in. Past `MAX_PARTS` parts, the next save merges them into one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from arshif.curation.shingles import U32, U64
from arshif.store.durable import fsync_dir, fsync_files

#: Format of the files; a store of another format is not read (it is rebuilt).
FORMAT = 3  # 3: hashes of words folded with the hamza-seat rule (arshif.text.fold)
#: The file naming the parts and the archive signature.
MANIFEST = "store.json"
#: Parts kept before a save merges them into one (an ingest adds one).
MAX_PARTS = 8
#: Seconds before a part no manifest names is removed (another process may be writing it).
ORPHAN_AGE = 600.0
_ARRAYS = ("ids", "exact", "bands", "hashes", "records")
#: Rows `_Part.of` gathers into one set of arrays at a time.
_CHUNK = 4096


@dataclass(frozen=True)
class Profile:
    """What the store keeps of one record (see the module docstring)."""

    exact: bytes  #: 16-byte hash of the word sequence (b"" for a text without words)
    bands: U64  #: one 64-bit key per LSH band (empty without words)
    fingerprints: U64  #: the winnowed n-gram hashes, each once
    representative: bool = True  #: False: an identical text came first (no bands, no prints)


@dataclass(frozen=True)
class _Part:
    """Some records' profiles: `hashes` sorted, `records[i]` the record (a row of `ids`) holding
    `hashes[i]`; `name` is its directory once written."""

    ids: npt.NDArray[np.str_]
    exact: npt.NDArray[np.bytes_]
    bands: U64  #: one row per record
    hashes: U64
    records: U32
    name: str | None = None

    @classmethod
    def of(cls, rows: Iterable[tuple[str, Profile]], width: int) -> _Part:
        """The part of `rows`, read once: their arrays are gathered `_CHUNK` rows at a time
        into a few large ones, so that many rows (a large ingest's, read one at a time from a
        file) cost their arrays' bytes and not one Python object per row."""
        ids: list[str] = []
        exact: list[bytes] = []
        bands: list[U64] = []
        hashes: list[U64] = []
        records: list[U32] = []
        done: list[tuple[U64, U64, U32]] = []  # (band rows, hashes, records) of each chunk

        def close_chunk() -> None:
            done.append(
                (
                    np.array(bands, dtype=np.uint64).reshape(len(bands), width),
                    np.concatenate([np.zeros(0, np.uint64), *hashes]),
                    np.concatenate([np.zeros(0, np.uint32), *records]),
                )
            )
            bands.clear()
            hashes.clear()
            records.clear()

        for number, (short, profile) in enumerate(rows):
            ids.append(short)
            exact.append(profile.exact)
            keys = profile.bands if profile.representative else np.zeros(0, np.uint64)
            bands.append(keys if len(keys) == width else np.zeros(width, np.uint64))
            if profile.representative:
                hashes.append(profile.fingerprints)
                records.append(np.full(len(profile.fingerprints), number, np.uint32))
            if len(bands) == _CHUNK:
                close_chunk()
        close_chunk()
        return cls.sorted(
            np.array(ids, dtype=np.str_),
            np.array(exact, dtype="S16"),
            np.concatenate([bands for bands, _, _ in done]),
            np.concatenate([hashes for _, hashes, _ in done]),
            np.concatenate([records for _, _, records in done]),
        )

    @classmethod
    def sorted(
        cls, ids: Any, exact: Any, bands: U64, hashes: U64, records: U32, name: str | None = None
    ) -> _Part:
        order = np.argsort(hashes, kind="stable")
        return cls(ids, exact, bands, hashes[order], records[order], name)

    @classmethod
    def merged(cls, parts: list[_Part]) -> _Part:
        offsets = np.cumsum([0] + [len(p.ids) for p in parts])
        width = max(p.bands.shape[1] for p in parts)  # a part of texts without words has none
        return cls.sorted(
            np.concatenate([p.ids for p in parts]),
            np.concatenate([p.exact for p in parts]).astype("S16"),
            np.concatenate(
                [
                    p.bands
                    if p.bands.shape[1] == width
                    else np.zeros((len(p.ids), width), np.uint64)
                    for p in parts
                ]
            ),
            np.concatenate([p.hashes for p in parts]),
            np.concatenate(
                [p.records + np.uint32(o) for p, o in zip(parts, offsets[:-1], strict=True)]
            ),
        )

    def holding(self, hashes: U64) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Where each of `hashes` starts and ends in `self.hashes`."""
        return (
            np.searchsorted(self.hashes, hashes, side="left"),
            np.searchsorted(self.hashes, hashes, side="right"),
        )

    def write(self, folder: Path) -> _Part:
        """This part written into a new directory of `folder`."""
        name = f"part-{uuid.uuid4().hex[:16]}"
        partial = Path(tempfile.mkdtemp(dir=folder, prefix=".writing-"))
        try:
            files = [partial / f"{array}.npy" for array in _ARRAYS]
            for array, path in zip(_ARRAYS, files, strict=True):
                np.save(path, getattr(self, array), allow_pickle=False)
            fsync_files(files)  # durable before a manifest names them
            fsync_dir(partial)
            os.rename(partial, folder / name)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return _Part(self.ids, self.exact, self.bands, self.hashes, self.records, name)

    @classmethod
    def read(cls, folder: Path) -> _Part | None:
        try:
            arrays = {
                a: np.load(folder / f"{a}.npy", mmap_mode="r", allow_pickle=False) for a in _ARRAYS
            }
        except (OSError, ValueError, EOFError):
            return None
        part = cls(**arrays, name=folder.name)
        count = len(part.ids)
        if len(part.exact) != count or part.bands.ndim != 2 or len(part.bands) != count:
            return None
        if len(part.hashes) != len(part.records):
            return None
        if len(part.records) and int(part.records.max()) >= count:
            return None
        return part


class FingerprintStore:
    """Profiles of the archive's records: ids, exact keys, band keys and fingerprint postings."""

    def __init__(self, parts: list[_Part]) -> None:
        self._parts = parts

    @classmethod
    def empty(cls) -> FingerprintStore:
        return cls([])

    def __len__(self) -> int:
        return sum(len(part.ids) for part in self._parts)

    @property
    def ids(self) -> list[str]:
        """Every stored record's id, in the order stored."""
        return [str(short) for part in self._parts for short in part.ids.tolist()]

    @property
    def parts(self) -> int:
        return len(self._parts)

    def representative_of(self, exact: bytes) -> str | None:
        """The first stored record with this exact key."""
        if not exact:
            return None
        for part in self._parts:
            rows = np.flatnonzero(part.exact == exact)
            if len(rows):
                return str(part.ids[rows[0]])
        return None

    def candidates(self, profile: Profile) -> set[str]:
        """Stored records that could be duplicates of `profile`'s text (module docstring)."""
        found: set[str] = set()
        for part in self._parts:
            rows: set[int] = set()
            if profile.exact:
                rows.update(np.flatnonzero(part.exact == profile.exact).tolist())
            if len(profile.bands) and part.bands.shape[1] == len(profile.bands):
                rows.update(np.flatnonzero((part.bands == profile.bands).any(axis=1)).tolist())
            if len(profile.fingerprints) and len(part.hashes):
                left, right = part.holding(profile.fingerprints)
                for lo, hi in zip(left.tolist(), right.tolist(), strict=True):
                    rows.update(part.records[lo:hi].tolist())
            found.update(str(part.ids[row]) for row in rows)
        return found

    def record_counts(self, hashes: U64) -> dict[int, int]:
        """How many stored (representative) records hold each of `hashes`."""
        counts = np.zeros(len(hashes), dtype=np.int64)
        for part in self._parts:
            left, right = part.holding(hashes)
            counts += right - left
        return dict(zip(hashes.tolist(), counts.tolist(), strict=True))

    def added(
        self, profiles: Iterable[tuple[str, Profile]], width: int | None = None
    ) -> FingerprintStore:
        """A store with `profiles` appended (in order), as one more part, read once when
        `width` (the LSH band count of the profiles that have bands) is given: profiles with
        a different number of bands than `width` are kept without bands, as with the parts'
        own width. Without `width`, `profiles` are listed first to find it."""
        if width is None:
            profiles = list(profiles)
            widths = [len(profile.bands) for _, profile in profiles if len(profile.bands)]
            width = max(widths, default=0)
        widths = [p.bands.shape[1] for p in self._parts if len(p.ids)]
        part = _Part.of(profiles, max([*widths, width]))
        return self if not len(part.ids) else FingerprintStore([*self._parts, part])

    # -- files -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> tuple[FingerprintStore, str] | None:
        """The store at `path` (a directory) and the archive signature it was written for
        (None: no readable store of this format)."""
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                return None
            names, signature = list(manifest["parts"]), str(manifest["archive"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        parts = [_Part.read(path / str(name)) for name in names]
        if any(part is None for part in parts):
            return None
        return cls([part for part in parts if part is not None]), signature

    def save(self, path: Path, signature: str) -> None:
        """Write the store for archive `signature`: its unwritten parts (all merged into one
        past `MAX_PARTS`), then the manifest naming them, replaced atomically."""
        path.mkdir(parents=True, exist_ok=True)
        parts = self._parts if len(self._parts) <= MAX_PARTS else [_Part.merged(self._parts)]
        written = [part if part.name else part.write(path) for part in parts]
        manifest = {"format": FORMAT, "archive": signature, "parts": [p.name for p in written]}
        with tempfile.NamedTemporaryFile(
            "w", dir=path, prefix=".writing-", suffix=".json", delete=False, encoding="utf-8"
        ) as handle:
            json.dump(manifest, handle)
            handle.flush()
            os.fsync(handle.fileno())
        fsync_dir(path)  # the new parts' entries, then the manifest naming them
        os.replace(handle.name, path / MANIFEST)
        fsync_dir(path)
        self._parts = written
        _remove_orphans(path, {str(p.name) for p in written})


def _remove_orphans(path: Path, named: set[str]) -> None:
    """Remove parts (and unfinished writes) that no manifest names, once `ORPHAN_AGE` old."""
    now = time.time()
    for entry in path.iterdir():
        if entry.name == MANIFEST or entry.name in named:
            continue
        with contextlib.suppress(OSError):
            if now - entry.stat().st_mtime > ORPHAN_AGE:
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
