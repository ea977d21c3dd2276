"""Records as TEI P5: write, read, validate, and read TEI given as a capture.

- `record_to_tei(record) -> bytes` and its exact inverse `record_from_tei(bytes) -> Record`;
- `validate_record(bytes) -> list[str]`: the shipped RELAX NG schema ``tei/schema/arshif.rng``
  (a strict subset of TEI P5 tei_all) plus our own rules; empty means valid;
- `parse_tei_capture(bytes) -> TeiCapture`: metadata and paragraphs of any reasonable TEI file
  given to ingest.

All XML is parsed by `arshif.tei.safexml.parse_xml`: entities, DTDs and the network off, and a
DOCTYPE declaring entities refused. docs/record-format.md describes the record element by element.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arshif.lazynames import lazy_names

if TYPE_CHECKING:
    from arshif.tei.capture import TeiCapture, parse_tei_capture
    from arshif.tei.read import record_from_tei
    from arshif.tei.validate import RelaxNGValidator, validate_record
    from arshif.tei.write import record_to_tei
else:  # each imported when asked for: a search reading a record with `arshif.tei.read` loads
    # neither the schema validator nor the capture reader
    __getattr__ = lazy_names(
        __name__,
        {
            "TeiCapture": "arshif.tei.capture",
            "parse_tei_capture": "arshif.tei.capture",
            "record_from_tei": "arshif.tei.read",
            "RelaxNGValidator": "arshif.tei.validate",
            "validate_record": "arshif.tei.validate",
            "record_to_tei": "arshif.tei.write",
        },
    )

__all__ = [
    "RelaxNGValidator",
    "TeiCapture",
    "parse_tei_capture",
    "record_from_tei",
    "record_to_tei",
    "validate_record",
]
