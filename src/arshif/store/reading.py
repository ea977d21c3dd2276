"""Reading an OCFL 1.1 storage root: the objects, their versions and files, and verification.

`RootReader` takes no lock and writes nothing, so it works on a read-only archive (a mounted
copy, a checkout without write access). `arshif.store.root.StorageRoot` is a `RootReader` that
also writes, under the writer lock; like ocfl-py, reading objects and writing them are apart.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from arshif.errors import ArchiveNotFound, IntegrityError, ObjectNotFound
from arshif.model import VersionInfo

from .exceptions import LogicalPathNotFound
from .hierarchy import EXTENSIONS, LAYOUT_FILE, ROOT_DECLARATION, walk_paths
from .inventory import (
    INVENTORY,
    Inventory,
    content_path,
    digest_bytes,
    head_state,
    parse,
    version_infos,
)
from .layout import LAYOUT_NAME, Layout, check_object_id
from .transfer import copy_snapshot
from .verify import StoreIssue, check_object, verify_root

#: The folder of the work directory where versions are built.
STAGING = "staging"


class RootReader:
    """The objects of the OCFL storage root at `path` (`work_dir` holds the staging area, which
    verification looks at for leftovers).

    Raises:
        ArchiveNotFound: `path` is not a storage root.
        IntegrityError: its layout is not one arshif can read.
    """

    def __init__(self, path: Path, work_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.work_dir = Path(work_dir) if work_dir is not None else self.path.parent / ".arshif"
        if not (self.path / ROOT_DECLARATION).is_file():
            raise ArchiveNotFound(
                f"{self.path} is not an archive (no {ROOT_DECLARATION}); "
                "create one with `arshif init`"
            )
        self.layout = _read_layout(self.path)

    @property
    def staging(self) -> Path:
        """Where versions are built before being renamed into the archive."""
        return self.work_dir / STAGING

    # ---- reading --------------------------------------------------------------------------

    def object_ids(self) -> Iterator[str]:
        """Yield the id of every object, walking the root one directory at a time."""
        for inventory in self._root_inventories():
            if isinstance(inventory.get("id"), str):
                yield inventory["id"]

    def heads(self) -> Iterator[tuple[str, str]]:
        """Yield ``(id, head version)`` of every object (each root inventory read once)."""
        for inventory in self._root_inventories():
            object_id, head = inventory.get("id"), inventory.get("head")
            if isinstance(object_id, str) and isinstance(head, str):
                yield object_id, head

    def head_versions(self) -> Iterator[tuple[str, int, VersionInfo]]:
        """Yield ``(id, number of versions, head version)`` of every object (each root
        inventory read once; unreadable ones skipped, as `verify` reports them)."""
        for inventory in self._root_inventories():
            object_id = inventory.get("id")
            try:
                infos = version_infos(inventory)
            except (AttributeError, KeyError, TypeError):
                continue
            if isinstance(object_id, str) and infos:
                yield object_id, len(infos), infos[-1]

    def _root_inventories(self) -> Iterator[dict[str, Any]]:
        """The root inventory of every object, as JSON objects (unreadable ones skipped)."""
        for kind, path in walk_paths(self.path):
            if kind != "object":
                continue
            try:
                with open(os.path.join(path, INVENTORY), "rb") as stream:
                    inventory = json.loads(stream.read())
            except (OSError, ValueError):
                continue
            if isinstance(inventory, dict):
                yield inventory

    def has_object(self, object_id: str) -> bool:
        """True if an object with this id is in the archive."""
        return (self._object_dir(check_object_id(object_id)) / INVENTORY).is_file()

    def head(self, object_id: str) -> str:
        """The object's head version name, e.g. ``v3``."""
        return str(self._load(object_id)["head"])

    def versions(self, object_id: str) -> list[VersionInfo]:
        """Every version of the object, oldest first."""
        return version_infos(self._load(object_id))

    def logical_paths(self, object_id: str, version: str | None = None) -> list[str]:
        """The logical paths of a version's state (the head by default), sorted."""
        return sorted(head_state(self._load(object_id), version))

    def inventory(self, object_id: str) -> dict[str, Any]:
        """The object's root inventory, freshly parsed (changing it changes nothing on disk)."""
        return self._load(object_id)

    def read(self, object_id: str, logical_path: str, version: str | None = None) -> bytes:
        """The bytes of `logical_path` in `version` (the head by default), digest-checked.

        Raises:
            ObjectNotFound / VersionNotFound / LogicalPathNotFound: nothing there.
            IntegrityError: the stored file is missing or does not match its digest.
        """
        object_dir = self._object_dir(check_object_id(object_id))
        inventory = self._load_from(object_dir, object_id)
        digest = head_state(inventory, version).get(logical_path)
        if digest is None:
            raise LogicalPathNotFound(
                f"object {object_id} has no {logical_path!r} in {version or inventory['head']}"
            )
        stored = content_path(inventory, digest)
        parts = PurePosixPath(stored).parts
        if stored.startswith("/") or ".." in parts:
            raise IntegrityError(f"object {object_id}: unsafe content path {stored!r}")
        try:
            data = (object_dir / stored).read_bytes()
        except OSError as exc:
            raise IntegrityError(f"object {object_id}: cannot read {stored} ({exc})") from exc
        if digest_bytes(data, str(inventory["digestAlgorithm"])) != digest.lower():
            raise IntegrityError(
                f"object {object_id}: {stored} does not match its digest; run `arshif verify`"
            )
        return data

    def copy_object(self, object_id: str, target: Path) -> dict[str, Any]:
        """Copy the object as of its head, every version, to `target` (which must not exist).

        Lock-free and digest-checked (`transfer.copy_snapshot`): the copy is a valid object
        even while a writer adds a version. Returns the inventory copied.

        Raises:
            ObjectNotFound: no such object.
            IntegrityError: a file is missing or does not match its digest.
        """
        head = str(self._load(object_id)["head"])
        return copy_snapshot(self._object_dir(object_id), object_id, head, target)

    # ---- verification ---------------------------------------------------------------------

    def verify(self, check_digests: bool = True) -> list[StoreIssue]:
        """Every problem in the storage root (empty when all is well); see `arshif.store.verify`."""
        return verify_root(self.path, self.layout, self.staging, check_digests)

    def verify_object(self, object_id: str, check_digests: bool = True) -> list[StoreIssue]:
        """Every problem of one object.

        Raises:
            ObjectNotFound: there is no object directory for this id.
        """
        object_dir = self._object_dir(check_object_id(object_id))
        if not object_dir.is_dir():
            raise ObjectNotFound(f"no object {object_id} in {self.path}")
        return check_object(object_dir, object_id, check_digests)[1]

    # ---- helpers --------------------------------------------------------------------------

    def object_path(self, object_id: str) -> Path:
        """Where the layout puts the object (whether or not it exists)."""
        return self._object_dir(check_object_id(object_id))

    def _object_dir(self, object_id: str) -> Path:
        return self.path / self.layout.object_path(object_id)

    def _load(self, object_id: str) -> Inventory:
        return self._load_from(self._object_dir(check_object_id(object_id)), object_id)

    def _load_from(self, object_dir: Path, object_id: str) -> Inventory:
        """The root inventory of `object_id`, whose directory is `object_dir`."""
        path = object_dir / INVENTORY
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            raise ObjectNotFound(f"no object {object_id} in {self.path}") from None
        inventory = parse(data, str(path))
        if inventory.get("id") != object_id:
            raise IntegrityError(f"{path} is for {inventory.get('id')!r}, not {object_id!r}")
        return inventory


def _read_layout(root: Path) -> Layout:
    try:
        declared = json.loads((root / LAYOUT_FILE).read_text("utf-8"))
        if declared.get("extension") != LAYOUT_NAME:
            raise IntegrityError(
                f"{root} uses layout {declared.get('extension')!r}; arshif reads only {LAYOUT_NAME}"
            )
        config_path = root / EXTENSIONS / LAYOUT_NAME / "config.json"
        config = json.loads(config_path.read_text("utf-8")) if config_path.exists() else {}
        return Layout.from_config(config)
    except (OSError, ValueError, AttributeError) as exc:
        raise IntegrityError(f"{root}: cannot read the storage layout ({exc})") from exc
