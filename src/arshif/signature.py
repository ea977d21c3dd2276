"""The archive signature: one number that changes whenever any record's head version does.

The signature of an archive is the sum, modulo 2**256, of one SHA-256 digest per record (of
its short id and head version), written as 64 hex digits. Being a sum, it is updated per
record written (`signature_step`, `signature_after`) without reading the rest of the archive.
`arshif.freshness` stores it with the search index (``indexes/state.json``) and the
near-duplicate check keeps it with its fingerprint store (`arshif.curation.fingerprints`);
each trusts what it keeps only when the signature is the archive's now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from arshif.model import Record

#: The signature of an archive without records (`signature_of` of nothing).
EMPTY_SIGNATURE = f"{0:064x}"

_MODULUS = 2**256


def _digest(short: str, head: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{short} {head}\n".encode()).digest(), "big")


def signature_of(heads: Mapping[str, str]) -> str:
    """The signature of an archive whose records (short id → head version) are `heads`."""
    return f"{sum(_digest(s, h) for s, h in heads.items()) % _MODULUS:064x}"


def signature_after(signature: str, added: Sequence[str]) -> str:
    """`signature` after new records `added` (short ids) were ingested (each at v1)."""
    value = int(signature, 16) + sum(_digest(short, "v1") for short in added)
    return f"{value % _MODULUS:064x}"


def signature_step(signature: str | None, record: Record) -> str | None:
    """`signature` after `record` was written as its last change's version (None: unknown)."""
    if signature is None or not record.changes:
        return None
    try:
        value = int(signature, 16)
    except ValueError:
        return None
    value += _digest(record.id, record.changes[-1].version)
    if len(record.changes) > 1:
        value -= _digest(record.id, record.changes[-2].version)
    return f"{value % _MODULUS:064x}"
