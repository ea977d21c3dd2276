"""Crash recovery: bring every object back to a whole, valid state after an interrupted write.

Readers read only the object's root ``inventory.json`` (replaced by an atomic rename) and the
paths it names, which are always renamed into place before it: they see the old version or the
new one, never half of one. A writer takes the lock and runs recovery before anything else
(`StorageRoot.lock` does it), so a crash is repaired by the next writer. Every step below is
durable (files and directories fsynced) before the next starts.

Crash windows of a **new object** (``writer.write_new_object``), by the last step completed:

1. staging dir + ``intent.json`` created, content/inventories partly staged (``intent-written``,
   ``content-staged``, ``version-staged``, ``object-staged``): nothing in the archive changed.
   Recovery removes the staging dir.
2. n-tuple parent directories created (``parents-created``): the archive has empty directories
   (OCFL E073) but no object. Recovery removes the empty parents, then the staging dir.
3. staged object renamed to its final path (``object-renamed``): the object is complete and
   valid. Recovery finds it consistent and removes the leftover staging dir.

A **batch of new objects** (``writer.write_new_objects``) has one staging dir whose intent
lists every object (``object_paths``); each object goes through the same windows 1-3 and is
repaired the same way, one after another.

Crash windows of a **new version vN** (``writer.write_next_version``):

1. staging only (``intent-written`` ... ``inventory-staged``): object untouched; staging removed.
2. ``vN`` renamed into the object, root inventory still at v(N-1) (``version-renamed``): readers
   still see v(N-1); the object is invalid for a validator (E046b, a version directory the
   inventory does not know). Recovery *rolls forward*: ``vN`` is accepted if its own inventory
   and sidecar match, it extends the root inventory (same id, earlier versions and manifest
   unchanged, head ``vN``) and every content file it adds is present with its digest, then its
   inventory and sidecar are copied over the root ones (atomically, inventory first). A ``vN``
   that fails any check, or does not directly follow the head, is removed (roll back).
3. root inventory replaced, sidecar not (``inventory-replaced``): readers already see ``vN``;
   the root sidecar does not match (E060). Recovery replaces root inventory and sidecar with the
   head version's copies (which are byte-identical to what was intended).
4. sidecar replaced (``sidecar-replaced``): the write is complete; only the staging dir is left,
   and recovery removes it.

Recovery itself is idempotent and crash-safe: it only removes what no inventory names, and its
own replacements of the root inventory go through a staging dir and rename.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path, PurePosixPath

from arshif.errors import IntegrityError

from .durable import fsync_dir, make_dirs, prune_empty_dirs, remove_tree, rename, write_file
from .inventory import (
    CONTENT_DIRECTORY,
    INVENTORY,
    SIDECAR,
    Inventory,
    file_digests,
    parse,
    sidecar_matches,
    version_number,
)
from .writer import read_intent


def recover_staging(root: Path, work_dir: Path, staging: Path) -> list[str]:
    """Repair the object named by each leftover staging dir, then remove that dir.

    Returns:
        One line per repair made (empty when there was nothing to do).
    """
    if not staging.is_dir():
        return []
    actions: list[str] = []
    for entry in sorted(staging.iterdir()):
        intent = read_intent(entry) if entry.is_dir() else None
        object_paths = [intent.get("object_path", "")] if intent else []
        if intent and "object_paths" in intent:  # a batch of new objects (write_new_objects)
            object_paths = intent["object_paths"].split("\n")
        for object_path in object_paths:
            if object_path and _is_safe_relative(object_path):
                actions.extend(recover_object(root, work_dir, staging, root / object_path))
        remove_tree(entry)
        actions.append(f"removed leftover staging {entry.name}")
    return actions


def recover_object(root: Path, work_dir: Path, staging: Path, object_dir: Path) -> list[str]:
    """Roll `object_dir` forward or back to its last complete version; return what was done."""
    if not object_dir.is_dir():
        return [f"removed empty directory {p.relative_to(root)}" for p in _prune(object_dir, root)]
    try:
        root_bytes = (object_dir / INVENTORY).read_bytes()
        current = parse(root_bytes, str(object_dir))
        head_number = version_number(str(current["head"]))
    except (OSError, IntegrityError):
        return [f"cannot recover {object_dir}: its root inventory is missing or broken"]
    if head_number is None:
        return [f"cannot recover {object_dir}: unexpected head {current['head']!r}"]
    actions: list[str] = []
    extra = sorted(
        (number, entry)
        for entry in object_dir.iterdir()
        if entry.is_dir() and (number := version_number(entry.name) or 0) > head_number
    )
    for number, version_dir in extra:
        accepted = _complete_version(version_dir, current) if number == head_number + 1 else None
        if accepted is None:
            remove_tree(version_dir)
            actions.append(f"removed incomplete {version_dir.name} of {current['id']}")
        else:
            current, head_number = accepted, number
            actions.append(f"rolled {current['id']} forward to {version_dir.name}")
    head_dir = object_dir / str(current["head"])
    try:
        head_bytes = (head_dir / INVENTORY).read_bytes()
        head_sidecar = (head_dir / SIDECAR).read_bytes()
    except OSError:
        return [*actions, f"cannot recover {current['id']}: no inventory in {head_dir.name}"]
    if not sidecar_matches(head_bytes, head_sidecar):
        return [*actions, f"cannot recover {current['id']}: {head_dir.name} sidecar mismatch"]
    root_sidecar = _read_or_empty(object_dir / SIDECAR)
    if root_bytes != head_bytes or root_sidecar != head_sidecar:
        replace_root_inventory(work_dir, staging, object_dir, head_bytes, head_sidecar)
        actions.append(f"restored root inventory of {current['id']} from {head_dir.name}")
    return actions


def replace_root_inventory(
    work_dir: Path, staging: Path, object_dir: Path, inventory: bytes, sidecar: bytes
) -> None:
    """Atomically replace an object's root inventory, then its sidecar, via a staging dir."""
    make_dirs(staging, work_dir.parent)
    scratch = staging / f"recover-{uuid.uuid4().hex}"
    os.mkdir(scratch)
    write_file(scratch / INVENTORY, inventory)
    write_file(scratch / SIDECAR, sidecar)
    fsync_dir(scratch)
    rename(scratch / INVENTORY, object_dir / INVENTORY)
    rename(scratch / SIDECAR, object_dir / SIDECAR)
    remove_tree(scratch)


def _complete_version(version_dir: Path, previous: Inventory) -> Inventory | None:
    """The inventory of `version_dir` if it is a complete successor of `previous`, else None."""
    try:
        data = (version_dir / INVENTORY).read_bytes()
        sidecar = (version_dir / SIDECAR).read_bytes()
        inventory = parse(data, str(version_dir))
    except (OSError, IntegrityError):
        return None
    name = version_dir.name
    if not sidecar_matches(data, sidecar) or inventory.get("head") != name:
        return None
    if inventory.get("id") != previous["id"]:
        return None
    if inventory.get("digestAlgorithm") != previous.get("digestAlgorithm"):
        return None
    if set(inventory["versions"]) != {*previous["versions"], name}:
        return None
    if any(inventory["versions"][v] != block for v, block in previous["versions"].items()):
        return None
    manifest: dict[str, list[str]] = inventory["manifest"]
    if any(manifest.get(d) != paths for d, paths in previous["manifest"].items()):
        return None
    expected: dict[str, str] = {}
    for digest, paths in manifest.items():
        for path in paths:
            if path.startswith(f"{name}/"):
                expected[path] = digest
            elif digest not in previous["manifest"]:
                return None
    on_disk = {
        f"{name}/{Path(dirpath, filename).relative_to(version_dir).as_posix()}"
        for dirpath, _dirs, files in os.walk(version_dir / CONTENT_DIRECTORY)
        for filename in files
    }
    if on_disk != set(expected):
        return None
    algorithm = str(inventory["digestAlgorithm"])
    for path, digest in expected.items():
        if file_digests(version_dir.parent / path, [algorithm])[algorithm] != digest.lower():
            return None
    return inventory


def _prune(object_dir: Path, root: Path) -> list[Path]:
    return prune_empty_dirs(object_dir.parent, root)


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _is_safe_relative(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts
