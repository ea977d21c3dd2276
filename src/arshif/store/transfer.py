"""Whole objects in and out of a storage root: a snapshot copy out, a checked copy in.

`copy_snapshot` copies an object as of its head, lock-free: it reads the head version's own
inventory (immutable once its directory is in place, unlike the root inventory a writer may
replace meanwhile) and copies exactly the files it names, checking each digest on the way, so
the copy is a valid object even while a writer adds a version.

`copy_tree` copies an object directory received from elsewhere (a bag) into staging: regular
files and directories only (a symbolic link, device or FIFO is refused), none larger than a
limit, read without following links. See also `arshif.store.incoming`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePosixPath

from arshif.errors import InputError, IntegrityError

from .durable import write_file
from .inventory import (
    INVENTORY,
    OBJECT_DECLARATION,
    OBJECT_DECLARATION_TEXT,
    SIDECAR,
    Inventory,
    parse,
    sidecar_matches,
)

_CHUNK = 1 << 20


def copy_snapshot(object_dir: Path, object_id: str, head: str, target: Path) -> Inventory:
    """Copy the object at `object_dir`, as of version `head`, to `target` (which must not exist).

    Returns the inventory copied. Nothing is fsynced: the caller makes the copy durable if it
    needs to.

    Raises:
        IntegrityError: a file is missing, or does not match its digest, or an inventory does
            not match its sidecar.
    """
    head_dir = object_dir / head
    head_bytes = _read(head_dir / INVENTORY, object_id)
    head_sidecar = _read(head_dir / SIDECAR, object_id)
    if not sidecar_matches(head_bytes, head_sidecar):
        raise IntegrityError(f"object {object_id}: the inventory of {head} mismatches its sidecar")
    inventory = parse(head_bytes, str(head_dir / INVENTORY))
    if inventory.get("id") != object_id or inventory.get("head") != head:
        raise IntegrityError(f"object {object_id}: the inventory of {head} is not its head's")
    algorithm = str(inventory["digestAlgorithm"])
    target.mkdir(parents=True)
    write_file(target / OBJECT_DECLARATION, OBJECT_DECLARATION_TEXT.encode("ascii"), sync=False)
    for version in inventory["versions"]:
        (target / version).mkdir()
        for name in (INVENTORY, SIDECAR):
            if version != head and (object_dir / version / name).is_file():
                _copy_checked(object_dir / version / name, target / version / name, None, "")
    for digest, paths in inventory["manifest"].items():
        for path in paths:
            parts = PurePosixPath(path).parts
            if path.startswith("/") or ".." in parts or len(parts) < 3:
                raise IntegrityError(f"object {object_id}: unsafe content path {path!r}")
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            _copy_checked(object_dir / path, target / path, algorithm, digest)
    for name, data in ((INVENTORY, head_bytes), (SIDECAR, head_sidecar)):
        write_file(target / head / name, data, sync=False)
        write_file(target / name, data, sync=False)
    return inventory


def _read(path: Path, object_id: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IntegrityError(f"object {object_id}: cannot read {path.name} ({exc})") from exc


def _copy_checked(source: Path, target: Path, algorithm: str | None, digest: str) -> None:
    """Copy a file, checking its digest (when `algorithm` is given) as it streams."""
    hasher = hashlib.new(algorithm) if algorithm else None
    try:
        reader = source.open("rb")
    except OSError as exc:
        raise IntegrityError(f"cannot read {source} ({exc}); run `arshif verify`") from exc
    with reader, target.open("xb") as out:  # an error writing the copy is the copy's
        while chunk := reader.read(_CHUNK):
            if hasher is not None:
                hasher.update(chunk)
            out.write(chunk)
    if hasher is not None and hasher.hexdigest() != digest.lower():
        raise IntegrityError(f"{source} does not match its digest; run `arshif verify`")


def copy_tree(
    source: Path, target: Path, limit: int, written: list[Path], dirs: list[Path]
) -> None:
    """Copy the directory tree `source` to `target` (which must not exist), unsynced.

    Lists the files written in `written` and the directories made in `dirs` (deepest first), so
    the caller can make them durable together.

    Raises:
        InputError: an entry is a symbolic link or not a regular file or directory, or a file
            is larger than `limit` bytes.
    """
    os.mkdir(target)
    made = [target]
    with os.scandir(source) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        info = entry.stat(follow_symlinks=False)
        where = Path(entry.path)
        if stat.S_ISDIR(info.st_mode):
            copy_tree(where, target / entry.name, limit, written, dirs)
            continue
        if not stat.S_ISREG(info.st_mode):
            kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
            raise InputError(f"{where} is {kind}; nothing was imported")
        _copy_limited(where, target / entry.name, limit)
        written.append(target / entry.name)
    dirs.extend(reversed(made))


def _copy_limited(source: Path, target: Path, limit: int) -> None:
    """Copy one regular file without following a link, refusing it past `limit` bytes."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as reader:
        if not stat.S_ISREG(os.fstat(reader.fileno()).st_mode):
            raise InputError(f"{source} is not a regular file; nothing was imported")
        copied = 0
        with target.open("xb") as out:
            while chunk := reader.read(_CHUNK):
                copied += len(chunk)
                if copied > limit:
                    raise InputError(
                        f"{source} is larger than {limit:,} bytes (--max-size); "
                        "nothing was imported"
                    )
                out.write(chunk)
