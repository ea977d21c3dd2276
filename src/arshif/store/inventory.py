"""OCFL 1.1 inventories: build the next one, serialise it, read versions and states back, digests.

Our inventories hold exactly the keys the spec defines: ``id``, ``type``, ``digestAlgorithm``
(sha512), ``head``, ``manifest``, ``versions`` (each with ``created``, ``message``, ``user`` and
``state``) and ``fixity`` (sha256). Content is deduplicated: a digest already in the manifest is
never stored again, so a state may point at content written by an earlier version.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from arshif.errors import IntegrityError, UsageError, VersionNotFound
from arshif.model import User, VersionInfo

from .layout import check_logical_path, check_path_conflicts

Inventory = dict[str, Any]

INVENTORY_TYPE = "https://ocfl.io/1.1/spec/#inventory"
DIGEST_ALGORITHM = "sha512"
FIXITY_ALGORITHM = "sha256"
INVENTORY = "inventory.json"
SIDECAR = f"{INVENTORY}.{DIGEST_ALGORITHM}"
OBJECT_DECLARATION = "0=ocfl_object_1.1"
OBJECT_DECLARATION_TEXT = "ocfl_object_1.1\n"
CONTENT_DIRECTORY = "content"
_CHUNK = 1 << 20
_VERSION = re.compile(r"^v([1-9][0-9]*)$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True)
class NewVersion:
    """A version ready to be written: its inventory bytes and the content files it adds."""

    version: str
    inventory: Inventory
    inventory_bytes: bytes
    content: dict[str, bytes]  #: path inside the version directory ("content/...") -> bytes

    @property
    def sidecar_bytes(self) -> bytes:
        return sidecar_for(self.inventory_bytes)


def version_number(name: str) -> int | None:
    """The number of an unpadded version name (``v3`` -> 3), or None if it is not one."""
    match = _VERSION.match(name)
    return int(match.group(1)) if match else None


def now_rfc3339() -> str:
    """The current UTC time as RFC 3339 at seconds, e.g. ``2026-01-02T03:04:05Z``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def check_created(created: str) -> str:
    """Return `created` if it is RFC 3339 with a time zone and seconds, else raise `UsageError`."""
    if not isinstance(created, str) or not _RFC3339.match(created):
        raise UsageError(f"created {created!r} must be RFC 3339 with seconds and a time zone")
    try:
        datetime.fromisoformat(created)
    except ValueError as exc:
        raise UsageError(f"created {created!r} is not a valid date-time") from exc
    return created


def digest_bytes(data: bytes, algorithm: str = DIGEST_ALGORITHM) -> str:
    """Lowercase hex digest of `data`."""
    return hashlib.new(algorithm, data).hexdigest()


def file_digests(path: Path, algorithms: Iterable[str]) -> dict[str, str]:
    """Lowercase hex digests of a file for each algorithm, read in 1 MiB chunks."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            for hasher in hashers.values():
                hasher.update(chunk)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def dump(inventory: Inventory) -> bytes:
    """Serialise an inventory (UTF-8, two-space indent, trailing newline)."""
    return (json.dumps(inventory, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def sidecar_for(inventory_bytes: bytes) -> bytes:
    """The ``inventory.json.sha512`` content for these inventory bytes."""
    return f"{digest_bytes(inventory_bytes)}  {INVENTORY}\n".encode("ascii")


def sidecar_matches(inventory_bytes: bytes, sidecar_bytes: bytes) -> bool:
    """True if the sidecar names ``inventory.json`` and records the digest of `inventory_bytes`."""
    try:
        fields = sidecar_bytes.decode("ascii").split()
    except UnicodeDecodeError:
        return False
    return (
        len(fields) == 2
        and fields[1] == INVENTORY
        and fields[0].lower() == digest_bytes(inventory_bytes)
    )


def parse(data: bytes, where: str) -> Inventory:
    """Parse inventory bytes; raise `IntegrityError` naming `where` if they are not an inventory."""
    try:
        inventory = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IntegrityError(f"{where}: inventory is not valid JSON ({exc})") from exc
    if not isinstance(inventory, dict) or not isinstance(inventory.get("versions"), dict):
        raise IntegrityError(f"{where}: inventory has no versions block")
    if not isinstance(inventory.get("manifest"), dict) or "head" not in inventory:
        raise IntegrityError(f"{where}: inventory has no manifest or head")
    return inventory


def _user_block(user: User) -> dict[str, str]:
    if not isinstance(user, User) or not user.name:
        raise UsageError("a version needs a user with a non-empty name")
    block = {"name": user.name}
    if user.address:
        block["address"] = user.address
    return block


def _version_block(
    state: dict[str, str], message: str, user: User, created: str | None
) -> dict[str, Any]:
    if not isinstance(message, str):
        raise UsageError("a version message must be a string")
    by_digest: dict[str, list[str]] = {}
    for logical, digest in sorted(state.items()):
        by_digest.setdefault(digest, []).append(logical)
    return {
        "created": check_created(created) if created is not None else now_rfc3339(),
        "message": message,
        "user": _user_block(user),
        "state": by_digest,
    }


def head_state(inventory: Inventory, version: str | None = None) -> dict[str, str]:
    """Logical path -> digest of a version's state (the head by default)."""
    name = version or inventory["head"]
    block = inventory["versions"].get(name)
    if block is None:
        raise VersionNotFound(f"object {inventory['id']} has no version {name}")
    return {path: digest for digest, paths in block["state"].items() for path in paths}


def build_version(
    previous: Inventory | None,
    object_id: str,
    changes: Mapping[str, bytes | None],
    message: str,
    user: User,
    created: str | None,
) -> NewVersion:
    """Build the inventory of the next version (v1 when `previous` is None) and its new content.

    `changes` maps logical paths to new bytes, or to None to delete a path of the head state;
    every other path of the head state is carried over and points at its existing content.
    """
    if previous is None:
        inventory: Inventory = {
            "id": object_id,
            "type": INVENTORY_TYPE,
            "digestAlgorithm": DIGEST_ALGORITHM,
            "head": "v1",
            "manifest": {},
            "versions": {},
            "fixity": {FIXITY_ALGORITHM: {}},
        }
        state: dict[str, str] = {}
    else:
        inventory = copy.deepcopy(previous)
        state = head_state(previous)
    number = len(inventory["versions"]) + 1
    version = f"v{number}"
    manifest: dict[str, list[str]] = inventory["manifest"]
    fixity: dict[str, list[str]] = inventory.setdefault("fixity", {}).setdefault(
        FIXITY_ALGORITHM, {}
    )
    content: dict[str, bytes] = {}
    for logical in sorted(changes):
        check_logical_path(logical)
        data = changes[logical]
        if data is None:
            if logical not in state:
                raise UsageError(f"cannot delete {logical!r}: it is not in {object_id}")
            del state[logical]
            continue
        if not isinstance(data, bytes | bytearray):
            raise UsageError(f"content of {logical!r} must be bytes")
        digest = digest_bytes(bytes(data))
        state[logical] = digest
        if digest not in manifest:
            content_path = f"{version}/{CONTENT_DIRECTORY}/{logical}"
            manifest[digest] = [content_path]
            fixity.setdefault(digest_bytes(bytes(data), FIXITY_ALGORITHM), []).append(content_path)
            content[f"{CONTENT_DIRECTORY}/{logical}"] = bytes(data)
    check_path_conflicts(set(state))
    inventory["head"] = version
    inventory["versions"][version] = _version_block(state, message, user, created)
    return NewVersion(version, inventory, dump(inventory), content)


def version_infos(inventory: Inventory) -> list[VersionInfo]:
    """Every version of an inventory, oldest first."""
    infos = []
    for name, block in sorted(
        inventory["versions"].items(), key=lambda item: version_number(item[0]) or 0
    ):
        user = block.get("user") or {}
        infos.append(
            VersionInfo(
                version=name,
                created=block.get("created", ""),
                user=User(name=user.get("name", ""), address=user.get("address")),
                message=block.get("message", ""),
            )
        )
    return infos


def content_path(inventory: Inventory, digest: str) -> str:
    """The first content path the manifest gives for `digest`."""
    paths = inventory["manifest"].get(digest)
    if not paths:
        raise IntegrityError(
            f"object {inventory['id']}: digest {digest[:16]}… is not in the manifest"
        )
    return str(paths[0])
