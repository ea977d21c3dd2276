"""BagIt (RFC 8493) packages of records, to hand a collection to another repository and back.

A bag written by arshif holds, under ``data/``:

- ``archive/``: an OCFL 1.1 storage root (layout 0003, as an arshif root's ``archive/``) with
  the selected objects exactly as they are stored, every version;
- ``metadata.csv``: the records' metadata, the columns of ``arshif export``.

Manifests and tag manifests are in sha256 and sha512. `write_bag` writes one (with the
`bagit` library), `open_bag` validates one whole before anything is read from it;
`export_bag` and `import_bag` take records of an archive out into a bag and back.
"""

from __future__ import annotations

import logging

from .exchange import BagExport, BagImport, export_bag, import_bag
from .read import ReceivedBag, open_bag
from .write import BagWritten, bag_info, write_bag

# bagit logs each problem it finds; arshif reports a refused bag in one line of its own.
logging.getLogger("bagit").addHandler(logging.NullHandler())

__all__ = [
    "BagExport",
    "BagImport",
    "BagWritten",
    "ReceivedBag",
    "bag_info",
    "export_bag",
    "import_bag",
    "open_bag",
    "write_bag",
]
