"""Curation: librarians' edits, version diffs, near-duplicate detection and batch edits from CSV.

The modules here are pure (no disk, no store): `fields` validates and applies metadata edits,
`diff` compares two records, `duplicates` finds wire copies and shared passages, and `csvedit`
reads and writes the metadata spreadsheet. `arshif.repository` wires them to the archive.
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
