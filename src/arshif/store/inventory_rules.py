"""The OCFL 1.1 rules one inventory must satisfy on its own, with the spec's error codes."""

from __future__ import annotations

import re
from typing import Any

from arshif.errors import UsageError

from .inventory import CONTENT_DIRECTORY, INVENTORY_TYPE, check_created, version_number
from .layout import check_logical_path

Problem = tuple[str, str]  #: (OCFL error code, message)

ALLOWED_KEYS = frozenset(
    {"id", "type", "digestAlgorithm", "head", "manifest", "versions", "fixity", "contentDirectory"}
)
VERSION_KEYS = frozenset({"created", "message", "user", "state"})
DIGEST_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128, "blake2b-512": 128}
_HEX = re.compile(r"^[0-9a-fA-F]+$")


def inventory_problems(inventory: Any) -> tuple[list[Problem], bool]:
    """Check one parsed inventory; return the problems and whether content can still be checked.

    Content checks need a usable manifest and versions block; when the second value is False,
    the inventory is too broken to go on.
    """
    if not isinstance(inventory, dict):
        return [("E033", "inventory is not a JSON object")], False
    problems: list[Problem] = []
    for key in sorted(set(inventory) - ALLOWED_KEYS):
        problems.append(("E102", f"inventory has a key the spec does not define: {key!r}"))
    object_id = inventory.get("id")
    if not isinstance(object_id, str) or not object_id:
        problems.append(("E036a", "inventory `id` is missing or empty"))
    if inventory.get("type") != INVENTORY_TYPE:
        problems.append(("E038a", f"inventory `type` is {inventory.get('type')!r}"))
    algorithm = inventory.get("digestAlgorithm")
    if algorithm not in ("sha512", "sha256"):
        problems.append(("E025a", f"digestAlgorithm {algorithm!r} is not sha512 or sha256"))
        algorithm = "sha512"
    content_dir = content_directory(inventory)
    if content_dir in ("", ".", "..") or "/" in content_dir:
        problems.append(("E017", f"contentDirectory {content_dir!r} is not a directory name"))
    manifest, versions = inventory.get("manifest"), inventory.get("versions")
    if not isinstance(manifest, dict):
        problems.append(("E041a", "inventory has no manifest object"))
    if not isinstance(versions, dict) or not versions:
        problems.append(("E008", "inventory has no versions"))
    if not isinstance(manifest, dict) or not isinstance(versions, dict) or not versions:
        return problems, False
    problems.extend(_version_sequence(versions, inventory.get("head")))
    problems.extend(_manifest(manifest, str(algorithm), set(versions), content_dir))
    used: set[str] = set()
    for name, block in versions.items():
        problems.extend(_version_block(name, block, manifest, used))
    for digest in sorted(set(manifest) - used):
        problems.append(("E107", f"manifest digest {digest[:16]}… is used by no version state"))
    problems.extend(_fixity(inventory.get("fixity"), manifest))
    fatal = any(code in ("E008", "E009", "E010", "E017", "E042b") for code, _ in problems)
    return problems, not fatal


def _version_sequence(versions: dict[str, Any], head: Any) -> list[Problem]:
    numbers = sorted(version_number(name) or 0 for name in versions)
    if 0 in numbers:
        return [("E010", f"version names {sorted(versions)} are not v1, v2, ... unpadded")]
    if numbers != list(range(1, len(numbers) + 1)):
        return [("E009" if 1 not in numbers else "E010", f"versions {sorted(versions)} skip one")]
    if head != f"v{numbers[-1]}":
        return [("E040", f"head is {head!r} but the last version is v{numbers[-1]}")]
    return []


def content_directory(inventory: dict[str, Any]) -> str:
    """The inventory's content directory name (``content`` unless it sets another)."""
    value = inventory.get("contentDirectory", CONTENT_DIRECTORY)
    return value if isinstance(value, str) else ""


def _manifest(
    manifest: dict[str, Any], algorithm: str, versions: set[str], content_dir: str
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for digest, paths in manifest.items():
        if len(digest) != DIGEST_LENGTHS[algorithm] or not _HEX.match(digest):
            problems.append(("E025b", f"manifest digest {digest!r} is not a {algorithm} digest"))
        if not isinstance(paths, list) or not paths:
            problems.append(("E091", f"manifest entry for {digest[:16]}… is not a list of paths"))
            continue
        for path in paths:
            if not isinstance(path, str) or path.startswith("/") or path.endswith("/"):
                problems.append(("E100", f"content path {path!r} begins or ends with /"))
                continue
            parts = path.split("/")
            if any(part in ("", ".", "..") for part in parts):
                problems.append(("E099", f"content path {path!r} has an empty, . or .. element"))
            elif parts[0] not in versions:
                problems.append(("E042b", f"content path {path!r} is in no version directory"))
            elif len(parts) < 3 or parts[1] != content_dir:
                problems.append(("E042c", f"content path {path!r} is outside the content dir"))
            if path in seen:
                problems.append(("E101a", f"content path {path!r} is repeated"))
            seen.add(path)
    return problems


def _version_block(
    name: str, block: Any, manifest: dict[str, Any], used: set[str]
) -> list[Problem]:
    if not isinstance(block, dict):
        return [("E048", f"version {name} is not a JSON object")]
    problems: list[Problem] = []
    for key in sorted(set(block) - VERSION_KEYS):
        problems.append(("E102", f"version {name} has a key the spec does not define: {key!r}"))
    try:
        check_created(str(block.get("created")))
    except UsageError:
        problems.append(
            ("E049a", f"version {name} created {block.get('created')!r} is not RFC 3339")
        )
    if "message" in block and not isinstance(block["message"], str):
        problems.append(("E094", f"version {name} message is not a string"))
    user = block.get("user")
    if user is not None and (not isinstance(user, dict) or not isinstance(user.get("name"), str)):
        problems.append(("E054a", f"version {name} user is not an object with a name"))
    state = block.get("state")
    if not isinstance(state, dict):
        return [*problems, ("E048c", f"version {name} has no state object")]
    logical: set[str] = set()
    for digest, paths in state.items():
        used.add(digest)
        if digest not in manifest:
            problems.append(
                ("E050f", f"version {name} state digest {digest[:16]}… not in manifest")
            )
        for path in paths if isinstance(paths, list) else []:
            try:
                check_logical_path(path)
            except UsageError:
                problems.append(("E053", f"version {name} has invalid logical path {path!r}"))
            if path in logical:
                problems.append(("E095a", f"version {name} uses logical path {path!r} twice"))
            logical.add(path)
    for path in logical:
        parts = path.split("/")
        if any("/".join(parts[:i]) in logical for i in range(1, len(parts))):
            problems.append(("E095b", f"version {name} uses {path!r} below a file path"))
    return problems


def _fixity(fixity: Any, manifest: dict[str, Any]) -> list[Problem]:
    if fixity is None:
        return []
    if not isinstance(fixity, dict):
        return [("E056a", "fixity is not a JSON object")]
    problems: list[Problem] = []
    content_paths = {p for paths in manifest.values() if isinstance(paths, list) for p in paths}
    for algorithm, block in fixity.items():
        if algorithm not in DIGEST_LENGTHS:
            problems.append(("E056b", f"fixity algorithm {algorithm!r} is not known"))
            continue
        if not isinstance(block, dict):
            problems.append(("E057a", f"fixity block {algorithm} is not a JSON object"))
            continue
        for paths in block.values():
            for path in paths if isinstance(paths, list) else []:
                if path not in content_paths:
                    problems.append(("E057d", f"fixity {algorithm} path {path!r} not in manifest"))
    return problems
