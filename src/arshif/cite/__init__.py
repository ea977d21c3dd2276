"""Citations of records: CSL-JSON (the one mapping), BibLaTeX, BibTeX, RIS, Chicago and APA.

`to_csl(record)` maps a record to a CSL-JSON item; every format `export(records, fmt)` writes is
derived from those items. Nothing the record does not hold is added (docs/citations.md).
"""

from __future__ import annotations

from arshif.cite.csl import to_csl
from arshif.cite.export import ALIASES, FORMATS, csl_items, export, format_name
from arshif.cite.keys import base_key, unique_keys

__all__ = [
    "ALIASES",
    "FORMATS",
    "base_key",
    "csl_items",
    "export",
    "format_name",
    "to_csl",
    "unique_keys",
]
