"""Curation: librarians' edits, version diffs, near-duplicate detection and batch edits from CSV.

Pure modules (no disk, no store): `fields` validates and applies metadata edits, `diff` compares
two records, `duplicates` finds wire copies and shared passages, `csvedit` reads and writes the
metadata spreadsheet, `recordfilter` says which records a listing shows.

Modules over the archive, which the facade's methods call with itself (`Repository.edit`,
`revert`, `withdraw`, `link`, `stats`, `duplicates`, `related`…): `editing` writes every
correction as a new version, `stats` says what the archive holds, `duplicatelist` lists its
near-duplicate groups, `related` finds a record's links and near-duplicates, and
`fingerprints` keeps the near-duplicate store.
"""

from __future__ import annotations

from arshif.curation.fields import (
    EDITABLE_FIELDS,
    FieldChange,
    apply_edits,
    describe_changes,
    parse_assignment,
    summarize_changes,
)

__all__ = [
    "EDITABLE_FIELDS",
    "FieldChange",
    "apply_edits",
    "describe_changes",
    "parse_assignment",
    "summarize_changes",
]
