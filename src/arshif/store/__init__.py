"""The OCFL 1.1 storage layer: objects, versions and bytes, knowing nothing of TEI or search.

`StorageRoot` is the whole API: open or `StorageRoot.init` a storage root (layout extension
0003), read objects without any lock, and write versions atomically under the writer lock
(staged in the work directory, fsynced, renamed into place; see `arshif.store.recovery` for the
crash windows and how each is repaired). `StorageRoot.verify` reports problems as `StoreIssue`
values carrying OCFL error codes.
"""

from __future__ import annotations

from .exceptions import ConcurrentUpdate, LogicalPathNotFound, ObjectDiverges, ObjectExistsError
from .incoming import IncomingObject
from .layout import LAYOUT_NAME, Layout
from .root import NewObject, StorageRoot
from .verify import StoreIssue

__all__ = [
    "LAYOUT_NAME",
    "ConcurrentUpdate",
    "IncomingObject",
    "Layout",
    "LogicalPathNotFound",
    "NewObject",
    "ObjectDiverges",
    "ObjectExistsError",
    "StorageRoot",
    "StoreIssue",
]
