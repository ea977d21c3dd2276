"""Writing a version atomically: stage it in the work directory, fsync, rename it into place.

Each write gets its own staging directory ``<work_dir>/staging/<random>/`` whose first file,
``intent.json``, names the object being written, so `arshif.store.recovery` knows which object
to repair after a crash without walking the whole archive. The order of durable steps, and what
a crash between two of them leaves, is documented in `arshif.store.recovery`.

`crash_point` is called between steps; it does nothing, and tests replace it to stop a write at
each step as a crash would.
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from arshif.errors import IntegrityError

from .durable import (
    fsync_dir,
    fsync_tree,
    make_dirs,
    remove_tree,
    rename,
    sync_all,
    write_file,
)
from .inventory import (
    INVENTORY,
    OBJECT_DECLARATION,
    OBJECT_DECLARATION_TEXT,
    SIDECAR,
    NewVersion,
    version_number,
)
from .transfer import copy_tree

INTENT = "intent.json"

#: The crash points of a new object, in order.
NEW_OBJECT_STEPS = (
    "intent-written",
    "content-staged",
    "version-staged",
    "object-staged",
    "parents-created",
    "object-renamed",
)
#: The crash points of a batch of whole objects brought in (`write_whole_objects`), in order.
IMPORT_STEPS = (
    "intent-written",
    "content-staged",
    "object-staged",
    "parents-created",
    "object-renamed",
)
#: The crash points of an object already in the archive extended by an import, in order.
IMPORT_UPDATE_STEPS = (
    "intent-written",
    "content-staged",
    "object-staged",
    "version-renamed",
    "inventory-replaced",
    "sidecar-replaced",
)
#: The crash points of a new version of an existing object, in order.
NEW_VERSION_STEPS = (
    "intent-written",
    "content-staged",
    "version-staged",
    "inventory-staged",
    "version-renamed",
    "inventory-replaced",
    "sidecar-replaced",
)


def crash_point(step: str) -> None:
    """A hook between two durable steps of a write; does nothing (tests replace it)."""


def open_staging(work_dir: Path, staging: Path, intent: dict[str, str]) -> Path:
    """Create a fresh staging directory holding `intent` (durably) and return it."""
    make_dirs(staging, work_dir.parent)
    directory = staging / uuid.uuid4().hex
    os.mkdir(directory)
    fsync_dir(staging)
    write_file(directory / INTENT, json.dumps(intent, ensure_ascii=False).encode("utf-8"))
    fsync_dir(directory)
    crash_point("intent-written")
    return directory


def read_intent(directory: Path) -> dict[str, str] | None:
    """The intent of a staging directory, or None if it is missing or unreadable."""
    try:
        intent = json.loads((directory / INTENT).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(intent, dict) or not all(isinstance(v, str) for v in intent.values()):
        return None
    return intent


def _stage_version(version_dir: Path, new: NewVersion, written: list[Path] | None = None) -> None:
    """Stage version `new` in `version_dir`; with `written`, fsync nothing and list the files."""
    sync = written is None
    os.mkdir(version_dir)
    for relative, data in sorted(new.content.items()):
        target = version_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file(target, data, sync=sync)
        if written is not None:
            written.append(target)
    crash_point("content-staged")
    write_file(version_dir / INVENTORY, new.inventory_bytes, sync=sync)
    write_file(version_dir / SIDECAR, new.sidecar_bytes, sync=sync)
    if written is None:
        fsync_tree(version_dir)
    else:
        written += [version_dir / INVENTORY, version_dir / SIDECAR]
    crash_point("version-staged")


def write_new_object(
    root: Path, work_dir: Path, staging: Path, object_dir: Path, new: NewVersion
) -> None:
    """Write a whole new object (v1) at `object_dir`, which must not exist.

    Steps: stage the complete object (declaration, v1, root inventory and sidecar) and fsync it;
    create the missing n-tuple parents (each fsynced); rename the staged object into place
    (one atomic step that publishes it); remove the staging directory.
    """
    intent = {"object_id": new.inventory["id"], "object_path": _relative(root, object_dir)}
    intent["version"] = new.version
    directory = open_staging(work_dir, staging, intent)
    staged = directory / "object"
    os.mkdir(staged)
    write_file(staged / OBJECT_DECLARATION, OBJECT_DECLARATION_TEXT.encode("ascii"))
    _stage_version(staged / new.version, new)
    write_file(staged / INVENTORY, new.inventory_bytes)
    write_file(staged / SIDECAR, new.sidecar_bytes)
    fsync_tree(staged)
    crash_point("object-staged")
    make_dirs(object_dir.parent, root)
    crash_point("parents-created")
    if object_dir.exists():
        raise IntegrityError(f"{object_dir} already exists but holds no object; run verify")
    rename(staged, object_dir)
    crash_point("object-renamed")
    remove_tree(directory)


def write_new_objects(
    root: Path, work_dir: Path, staging: Path, items: Sequence[tuple[Path, NewVersion]]
) -> None:
    """Write a batch of new objects (v1 each) at their `object_dir`s, which must not exist.

    Each object is still published by one atomic rename of a complete, durable object, as in
    `write_new_object`; what a batch saves is the cost of durability, which on a journaling file
    system is about one journal commit per fsync: the batch writes every file first and makes
    them all durable at once (`durable.sync_all`).

    Steps: a staging dir whose intent names every object (``object_paths``, one per line); stage
    every complete object without fsyncing; make every staged file and directory durable; for
    each object, create its missing n-tuple parents and rename it into place; make the parent
    of every directory created and of every object renamed durable; remove the staging
    directory. A crash anywhere leaves each object whole (renamed) or absent (still
    in staging, or its rename not yet durable); recovery reads ``object_paths``, removes the
    empty parents left and then the staging dir. The caller reports an object written only
    after this returns, when all of it is durable.
    """
    paths = "\n".join(_relative(root, object_dir) for object_dir, _new in items)
    directory = open_staging(work_dir, staging, {"object_paths": paths, "version": "v1"})
    files: list[Path] = []
    staged_dirs: list[Path] = []
    for number, (_object_dir, new) in enumerate(items):
        staged = directory / f"object-{number}"
        os.mkdir(staged)
        write_file(staged / OBJECT_DECLARATION, OBJECT_DECLARATION_TEXT.encode("ascii"), sync=False)
        _stage_version(staged / new.version, new, files)
        write_file(staged / INVENTORY, new.inventory_bytes, sync=False)
        write_file(staged / SIDECAR, new.sidecar_bytes, sync=False)
        files += [staged / OBJECT_DECLARATION, staged / INVENTORY, staged / SIDECAR]
        staged_dirs.append(staged)
    # (the directories are walked only where `sync_all` fsyncs one by one: no syncfs)
    dirs = itertools.chain((d for s in staged_dirs for d in _tree(s)), [directory])
    sync_all(directory, files, dirs)
    crash_point("object-staged")
    _publish(root, directory, [(n, object_dir) for n, (object_dir, _new) in enumerate(items)])
    remove_tree(directory)


def write_whole_objects(
    root: Path,
    work_dir: Path,
    staging: Path,
    items: Sequence[tuple[Path, Path, str | None]],
    check: Callable[[int, Path], None],
    limit: int,
) -> None:
    """Place objects copied from elsewhere, every version, at their `object_dir`s.

    `items` are ``(object_dir, source, head)``: `source` is an object's root directory outside
    the archive (a bag's), copied, never moved (`transfer.copy_tree`: regular files only, none
    past `limit` bytes); `head` is None for a new object, else the head of the object already
    at `object_dir`, which `source` extends with later versions. `check(number, staged)`
    verifies each staged copy (what will be published) and raises to refuse the batch, which
    then leaves nothing behind.

    A new object is renamed into place whole, as in `write_new_objects` (same steps, intent and
    crash windows). An extended object gets its later version directories renamed in, in
    order, then the new root inventory, then its sidecar, as `write_next_version` does for one
    version: a crash leaves versions that recovery rolls forward one by one (each is complete,
    and its inventory extends the one before).
    """
    paths = "\n".join(_relative(root, object_dir) for object_dir, _source, _head in items)
    directory = open_staging(work_dir, staging, {"object_paths": paths, "version": "import"})
    try:
        files: list[Path] = []
        dirs: list[Path] = []
        for number, (_object_dir, source, _head) in enumerate(items):
            copy_tree(source, directory / f"object-{number}", limit, files, dirs)
        crash_point("content-staged")
        for number in range(len(items)):
            check(number, directory / f"object-{number}")
    except Exception:  # a refusal (a crash leaves staging to recovery, as for any write)
        remove_tree(directory)
        raise
    sync_all(directory, files, [*dirs, directory])
    crash_point("object-staged")
    new = [(n, object_dir) for n, (object_dir, _s, head) in enumerate(items) if head is None]
    _publish(root, directory, new)
    for number, (object_dir, _source, head) in enumerate(items):
        if head is not None:
            _extend(directory / f"object-{number}", object_dir, head)
    remove_tree(directory)


def _publish(root: Path, directory: Path, object_dirs: Sequence[tuple[int, Path]]) -> None:
    """Rename each staged ``object-N`` of `directory` into place and make it durable."""
    touched: dict[Path, None] = {}  # directories whose entries changed, in order
    for number, object_dir in object_dirs:
        for created in make_dirs(object_dir.parent, root, sync=False):
            touched[created.parent] = None
        crash_point("parents-created")
        if object_dir.exists():
            raise IntegrityError(f"{object_dir} already exists but holds no object; run verify")
        os.rename(directory / f"object-{number}", object_dir)
        touched[object_dir.parent] = None
        crash_point("object-renamed")
    sync_all(root, [], [*touched, directory])


def _extend(staged: Path, object_dir: Path, head: str) -> None:
    """Move the versions after `head` of a staged object into the object, then its inventory."""
    after = version_number(head) or 0
    later = sorted(
        (number, entry)
        for entry in staged.iterdir()
        if entry.is_dir() and (number := version_number(entry.name) or 0) > after
    )
    for _number, version_dir in later:
        if (object_dir / version_dir.name).exists():
            raise IntegrityError(f"{object_dir / version_dir.name} already exists; run verify")
        rename(version_dir, object_dir / version_dir.name)
        crash_point("version-renamed")
    rename(staged / INVENTORY, object_dir / INVENTORY)
    crash_point("inventory-replaced")
    rename(staged / SIDECAR, object_dir / SIDECAR)
    crash_point("sidecar-replaced")


def _tree(path: Path) -> list[Path]:
    """The directories of the tree under `path`, deepest first, then `path` itself."""
    return [Path(dirpath) for dirpath, _dirs, _files in os.walk(path, topdown=False)]


def write_next_version(
    root: Path, work_dir: Path, staging: Path, object_dir: Path, new: NewVersion
) -> None:
    """Add version `new` to the existing object at `object_dir`.

    Steps: stage ``vN`` (content, its inventory and sidecar) and copies of the new root
    inventory and sidecar, fsync them; rename ``vN`` into the object; rename the staged root
    inventory over the object's, then the sidecar over its sidecar; remove the staging directory.
    """
    intent = {"object_id": new.inventory["id"], "object_path": _relative(root, object_dir)}
    intent["version"] = new.version
    directory = open_staging(work_dir, staging, intent)
    _stage_version(directory / new.version, new)
    write_file(directory / INVENTORY, new.inventory_bytes)
    write_file(directory / SIDECAR, new.sidecar_bytes)
    fsync_dir(directory)
    crash_point("inventory-staged")
    if (object_dir / new.version).exists():
        raise IntegrityError(f"{object_dir / new.version} already exists; run verify --repair")
    rename(directory / new.version, object_dir / new.version)
    crash_point("version-renamed")
    rename(directory / INVENTORY, object_dir / INVENTORY)
    crash_point("inventory-replaced")
    rename(directory / SIDECAR, object_dir / SIDECAR)
    crash_point("sidecar-replaced")
    remove_tree(directory)


def _relative(root: Path, object_dir: Path) -> str:
    return object_dir.relative_to(root).as_posix()
