"""Objects brought in whole from outside the archive (a bag's): how they are named, checked
and compared with what the archive holds (see `StorageRoot.import_objects`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, NamedTuple

from arshif.errors import InputError

from .exceptions import ObjectDiverges
from .inventory import (
    CONTENT_DIRECTORY,
    DIGEST_ALGORITHM,
    INVENTORY,
    Inventory,
    digest_bytes,
    parse,
)
from .verify import check_object


class IncomingObject(NamedTuple):
    """One object of a `StorageRoot.import_objects` batch: a whole object from elsewhere."""

    object_id: str
    path: Path  #: the object's root directory (copied, never moved)
    inventory_sha512: str  #: digest of the root inventory the caller checked


def incoming_status(
    item: IncomingObject, present: Inventory, object_dir: Path
) -> Literal["present", "updated"]:
    """How an incoming object meets the archive's object `present` (at `object_dir`).

    ``present``: the same inventory. ``updated``: the incoming object has every version the
    archive has, byte for byte (its copy of the archive's head inventory is the archive's),
    and later ones to add. Otherwise `ObjectDiverges`, saying how the histories differ.
    """
    try:
        incoming = json.loads((item.path / INVENTORY).read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the inventory of {item.object_id} ({exc})") from exc
    relation = history_relation(present, incoming)
    if relation == "same":
        return "present"
    head = str(present["head"])
    if (
        relation == "ahead"
        and _same_file(item.path / head / INVENTORY, object_dir / INVENTORY)
        and _content_of(incoming, present) == _content_of(present, present)
    ):
        return "updated"
    theirs = incoming.get("head") if isinstance(incoming, dict) else None
    detail = {
        "ahead": f"its {head} is not this archive's",
        "behind": "this archive has versions it lacks",
        "diverged": "their histories differ",
    }[relation]
    raise ObjectDiverges(
        f"object {item.object_id} is already in the archive at {head}, and "
        f"the incoming copy at {theirs}: {detail}; nothing was imported"
    )


def _content_of(inventory: object, present: Inventory) -> set[tuple[str, str]]:
    """The (digest, path) entries of `inventory`'s manifest inside the version folders the
    archive's object `present` has: only later versions may add content (a root inventory that
    names more files in old version folders would leave the archive's object naming files it
    lacks, since only the later version folders are moved in)."""
    versions = set(present.get("versions", {}))
    manifest = inventory.get("manifest") if isinstance(inventory, dict) else None
    if not isinstance(manifest, dict):
        return set()
    return {
        (str(digest), str(path))
        for digest, paths in manifest.items()
        if isinstance(paths, list)
        for path in paths
        if str(path).split("/", 1)[0] in versions
    }


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.read_bytes() == other.read_bytes()
    except OSError:
        return False


def check_incoming(staged: Path, item: IncomingObject) -> None:
    """Refuse a staged incoming object unless it is valid, whole, and the one announced."""
    where = f"object {item.object_id}"
    try:
        data = (staged / INVENTORY).read_bytes()
    except OSError:
        raise InputError(f"{where} has no root inventory; nothing was imported") from None
    if digest_bytes(data) != item.inventory_sha512.lower():
        raise InputError(f"{where} changed while it was being imported; nothing was imported")
    _id, issues = check_object(staged, item.object_id, check_digests=True)
    if issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise InputError(
            f"{where} is not a valid OCFL object: [{first.code}] {first.message}{more}; "
            "nothing was imported"
        )
    problems = incoming_problems(parse(data, where))
    if problems:
        raise InputError(f"{where} cannot be kept here: {problems[0]}; nothing was imported")


def incoming_problems(inventory: Inventory) -> list[str]:
    """Why this store could not add versions to an object with `inventory` (empty: it can).

    New versions are written with sha512 digests in ``content/``; an object made otherwise
    would become a mixture.
    """
    problems = []
    if inventory.get("digestAlgorithm") != DIGEST_ALGORITHM:
        problems.append(f"its digest algorithm is {inventory.get('digestAlgorithm')!r}, not sha512")
    if inventory.get("contentDirectory", CONTENT_DIRECTORY) != CONTENT_DIRECTORY:
        problems.append(f"its content directory is {inventory.get('contentDirectory')!r}")
    return problems


def history_relation(present: Inventory, incoming: object) -> str:
    """How an incoming inventory relates to the one in the archive.

    ``same`` (identical), ``ahead`` (the incoming object has every version the archive has,
    identical, and more), ``behind`` (the reverse) or ``diverged``.
    """
    if present == incoming:
        return "same"
    if not isinstance(incoming, dict) or not isinstance(incoming.get("versions"), dict):
        return "diverged"
    mine, theirs = present.get("versions", {}), incoming.get("versions", {})
    shared = set(mine) & set(theirs)
    if any(mine[name] != theirs[name] for name in shared):
        return "diverged"
    if shared == set(mine) and len(theirs) > len(mine):
        return "ahead"
    if shared == set(theirs) and len(mine) > len(theirs):
        return "behind"
    return "diverged"
