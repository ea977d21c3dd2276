"""Verification of a storage root and its objects, reported with OCFL 1.1 error codes.

Checks the root declaration and layout, the hierarchy (no stray files or empty directories),
that each object sits at the path the layout gives its id, each object's declaration,
inventories (rules in `arshif.store.inventory_rules`), sidecars, that the root inventory is
byte-identical to the head version's copy, that earlier version inventories agree with the root
one, that no file on disk is missing from the manifest or vice versa, and (optionally) every
manifest (sha512) and fixity (sha256) digest, streamed in chunks. Leftover staging from an
interrupted write is reported with the non-spec code ``staging-leftover``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .hierarchy import EXTENSIONS, LAYOUT_FILE, ROOT_DECLARATION, ROOT_DECLARATION_TEXT, walk
from .inventory import (
    INVENTORY,
    OBJECT_DECLARATION,
    OBJECT_DECLARATION_TEXT,
    SIDECAR,
    file_digests,
    sidecar_matches,
    version_number,
)
from .inventory_rules import content_directory, inventory_problems
from .layout import LAYOUT_NAME, Layout
from .writer import read_intent


@dataclass(frozen=True)
class StoreIssue:
    """One problem found by verification."""

    object_id: str | None  #: the object concerned, or None for the root (or an unreadable id)
    code: str  #: an OCFL error code such as ``E092a``, or ``staging-leftover``/``layout-mismatch``
    message: str


def verify_root(
    root: Path, layout: Layout, staging: Path, check_digests: bool = True
) -> list[StoreIssue]:
    """Every problem of the storage root at `root`, objects included."""
    issues = _root_files(root)
    for kind, path in walk(root):
        relative = path.relative_to(root).as_posix()
        if kind == "file":
            issues.append(StoreIssue(None, "E072", f"file outside any object: {relative}"))
        elif kind == "empty":
            issues.append(StoreIssue(None, "E073", f"empty directory: {relative}"))
        else:
            object_id, found = check_object(path, None, check_digests)
            issues.extend(found)
            if object_id is not None and layout.object_path(object_id) != relative:
                message = f"object {object_id} is at {relative}, not where the layout puts it"
                issues.append(StoreIssue(object_id, "layout-mismatch", message))
    issues.extend(staging_leftovers(staging))
    return issues


def staging_leftovers(staging: Path) -> list[StoreIssue]:
    """One issue per leftover staging entry (an interrupted write)."""
    if not staging.is_dir():
        return []
    issues = []
    for entry in sorted(staging.iterdir()):
        intent = read_intent(entry) if entry.is_dir() else None
        object_id = intent.get("object_id") if intent else None
        message = f"leftover staging {entry} from an interrupted write; run verify --repair"
        issues.append(StoreIssue(object_id, "staging-leftover", message))
    return issues


def _root_files(root: Path) -> list[StoreIssue]:
    issues = []
    declarations = sorted(p.name for p in root.glob("0=*"))
    declaration = root / ROOT_DECLARATION
    if not declaration.is_file():
        issues.append(StoreIssue(None, "E069a", f"{root} has no {ROOT_DECLARATION}"))
    elif declaration.read_bytes() != ROOT_DECLARATION_TEXT.encode("ascii"):
        issues.append(StoreIssue(None, "E069e", f"{ROOT_DECLARATION} has the wrong content"))
    if len(declarations) > 1:
        issues.append(StoreIssue(None, "E069b", f"several root declarations: {declarations}"))
    try:
        layout = json.loads((root / LAYOUT_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        layout = None
    if not isinstance(layout, dict) or not isinstance(layout.get("description"), str):
        issues.append(StoreIssue(None, "E070c", f"{LAYOUT_FILE} is missing or malformed"))
    elif layout.get("extension") != LAYOUT_NAME:
        issues.append(StoreIssue(None, "E071", f"unsupported layout {layout.get('extension')!r}"))
    extensions = root / EXTENSIONS
    if extensions.is_dir():
        for entry in sorted(extensions.iterdir()):
            if not entry.is_dir():
                issues.append(StoreIssue(None, "E086", f"file in extensions/: {entry.name}"))
    return issues


def check_object(
    object_dir: Path, expected_id: str | None, check_digests: bool = True
) -> tuple[str | None, list[StoreIssue]]:
    """Verify one object directory; return its id (as its inventory states it) and its issues."""
    found: list[tuple[str, str]] = []
    declaration = object_dir / OBJECT_DECLARATION
    if not declaration.is_file():
        found.append(("E003a", f"{object_dir.name}: no {OBJECT_DECLARATION}"))
    elif declaration.read_bytes() != OBJECT_DECLARATION_TEXT.encode("ascii"):
        found.append(("E007", f"{OBJECT_DECLARATION} has the wrong content"))
    object_id = expected_id
    try:
        root_bytes = (object_dir / INVENTORY).read_bytes()
    except OSError:
        found.append(("E063", "the root inventory is missing"))
        return object_id, _issues(object_id, found)
    try:
        inventory = json.loads(root_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        found.append(("E033", f"the root inventory is not valid JSON ({exc})"))
        return object_id, _issues(object_id, found)
    if isinstance(inventory, dict) and isinstance(inventory.get("id"), str):
        object_id = inventory["id"]
        if expected_id is not None and object_id != expected_id:
            found.append(("E037b", f"inventory id {object_id!r} is not {expected_id!r}"))
    problems, usable = inventory_problems(inventory)
    found.extend(problems)
    found.extend(_sidecar(object_dir, root_bytes, "root"))
    if usable:
        found.extend(_object_entries(object_dir, inventory))
        found.extend(_version_inventories(object_dir, inventory, root_bytes))
        found.extend(_content(object_dir, inventory, check_digests))
    return object_id, _issues(object_id, found)


def _issues(object_id: str | None, found: list[tuple[str, str]]) -> list[StoreIssue]:
    return [StoreIssue(object_id, code, message) for code, message in found]


def _sidecar(directory: Path, inventory_bytes: bytes, where: str) -> list[tuple[str, str]]:
    try:
        sidecar = (directory / SIDECAR).read_bytes()
    except OSError:
        return [("E058a", f"the {where} inventory has no {SIDECAR}")]
    if not sidecar_matches(inventory_bytes, sidecar):
        return [("E060", f"the {where} inventory does not match its {SIDECAR}")]
    return []


def _object_entries(object_dir: Path, inventory: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    versions = set(inventory["versions"])
    expected_files = {OBJECT_DECLARATION, INVENTORY, SIDECAR}
    for entry in sorted(object_dir.iterdir()):
        name = entry.name
        if entry.is_dir() and not entry.is_symlink():
            if name in versions or name in ("logs", "extensions"):
                continue
            code = "E046b" if version_number(name) else "E001b"
            found.append((code, f"unexpected directory in the object root: {name}"))
        elif entry.is_file() and not entry.is_symlink():
            if name not in expected_files:
                found.append(("E001a", f"unexpected file in the object root: {name}"))
        else:
            found.append(("E001c", f"unexpected entry in the object root: {name}"))
    for name in sorted(versions):
        if not (object_dir / name).is_dir():
            found.append(("E046a", f"version directory {name} is missing"))
    return found


def _version_inventories(
    object_dir: Path, inventory: dict[str, Any], root_bytes: bytes
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    head = inventory["head"]
    for name, block in inventory["versions"].items():
        version_dir = object_dir / name
        if not version_dir.is_dir():
            continue
        for entry in sorted(version_dir.iterdir()):
            if entry.name in (INVENTORY, SIDECAR) and entry.is_file():
                continue
            if entry.name == content_directory(inventory) and entry.is_dir():
                continue
            found.append(("E015", f"unexpected {entry.name} in version directory {name}"))
        try:
            data = (version_dir / INVENTORY).read_bytes()
        except OSError:
            if name == head:
                found.append(("E064", f"the head version {name} has no inventory copy"))
            continue
        found.extend(_sidecar(version_dir, data, name))
        if name == head:
            if data != root_bytes:
                found.append(("E064", f"root inventory and the copy in {name} differ"))
            continue
        try:
            older = json.loads(data.decode("utf-8"))
            older_versions = older["versions"]
        except (UnicodeDecodeError, ValueError, TypeError, KeyError):
            found.append(("E033", f"the inventory of {name} is not a valid inventory"))
            continue
        if older_versions.get(name) != block or not set(older_versions) <= set(
            inventory["versions"]
        ):
            found.append(("E066a", f"the inventory of {name} disagrees with the root inventory"))
    return found


def _content(
    object_dir: Path, inventory: dict[str, Any], check_digests: bool
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    algorithm = str(inventory["digestAlgorithm"])
    manifest = {p: d for d, paths in inventory["manifest"].items() for p in paths}
    fixity: dict[str, dict[str, str]] = {}
    for name, block in (inventory.get("fixity") or {}).items():
        if isinstance(block, dict):
            fixity[name] = {p: d for d, paths in block.items() for p in paths}
    on_disk: set[str] = set()
    for version in inventory["versions"]:
        content_dir = object_dir / version / content_directory(inventory)
        for dirpath, dirnames, filenames in os.walk(content_dir):
            if not dirnames and not filenames:
                relative = Path(dirpath).relative_to(object_dir).as_posix()
                found.append(("E024", f"empty directory {relative}"))
            for filename in filenames:
                on_disk.add(Path(dirpath, filename).relative_to(object_dir).as_posix())
    for path in sorted(on_disk - set(manifest)):
        found.append(("E023a", f"file not in the manifest: {path}"))
    for path in sorted(set(manifest) - on_disk):
        found.append(("E092b", f"manifest names a file that is missing: {path}"))
    for name, paths in fixity.items():
        for path in sorted(set(paths) - on_disk):
            found.append(("E093b", f"fixity {name} names a file that is missing: {path}"))
    if not check_digests:
        return found
    for path in sorted(on_disk & set(manifest)):
        wanted = {algorithm: manifest[path]}
        for name, paths in fixity.items():
            if path in paths and name in hashlib.algorithms_available:
                wanted[name] = paths[path]
        actual = file_digests(object_dir / path, wanted)
        for name, digest in wanted.items():
            if actual[name] != digest.lower():
                code = "E092a" if name == algorithm else "E093a"
                found.append((code, f"{name} digest of {path} does not match (content changed)"))
    return found
