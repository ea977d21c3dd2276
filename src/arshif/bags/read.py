"""Receiving a bag: validate it whole, then its OCFL objects and their records, before any write.

Order of the checks (the first that fails refuses the bag, and nothing has been written):

1. every entry of the bag is a folder or a regular file, none larger than the limit (a
   symbolic link could make a valid-looking bag read files outside it; a huge file is refused
   before it is read);
2. the bag with `bagit`: structure, ``bagit.txt``, Payload-Oxum, completeness (every payload
   file in the manifests and every manifest entry present, no unsafe path) and every digest
   of every payload and tag manifest; payload manifests must include sha256 or sha512 and each
   must list every payload file;
3. ``data/archive`` is an OCFL storage root that arshif can read, and the store's own
   verification finds nothing wrong in it (each object where its id puts it, every inventory
   and sidecar, every file the inventories name; the OCFL digests of the content are checked
   on each object's staged copy, `StorageRoot.import_objects`, before anything is published);
4. each object is an arshif record: its id is a record id, and its head ``record.xml`` is a
   valid TEI record of that id.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import bagit

from arshif.errors import ArshifError, InputError, ObjectNotFound
from arshif.model import object_id_for, short_id_of
from arshif.store import IncomingObject, StorageRoot
from arshif.store.inventory import INVENTORY, digest_bytes
from arshif.tei import record_from_tei, validate_record

from .write import ARCHIVE

RECORD = "record.xml"
_STRONG = frozenset({"sha256", "sha512"})
_HEX = frozenset("0123456789abcdef")
#: Deepest folder nesting accepted in a bag (an arshif bag nests 8 or 9 folders).
MAX_DEPTH = 64


@dataclass(frozen=True)
class ReceivedBag:
    """A bag that passed every check of `open_bag`: its tags and the objects it brings."""

    path: Path
    info: dict[str, str]  #: bag-info.txt, the first value of each element
    objects: list[IncomingObject]


def open_bag(path: Path, limit: int) -> ReceivedBag:
    """Validate the bag at `path` whole (see the module's checks) and list its objects.

    Raises:
        InputError: the bag is refused; the message names the first problem.
    """
    path = Path(path)
    if path.is_symlink() or not path.is_dir():
        raise InputError(f"{path} is not a folder holding a bag")
    _scan(path, limit)
    try:
        bag = bagit.Bag(str(path))
        _check_manifests(bag)
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        details = getattr(exc, "details", None) or []
        first = f"{exc}: {details[0]}" if details else str(exc)
        more = f" (and {len(details) - 1} more problems)" if len(details) > 1 else ""
        raise InputError(f"bag {path} is invalid: {first}{more}; nothing was imported") from None
    except bagit.BagError as exc:
        raise InputError(f"bag {path} is invalid: {exc}; nothing was imported") from None
    info = {name: _first(value) for name, value in bag.info.items()}
    return ReceivedBag(path, info, _objects(path / "data" / ARCHIVE))


def _first(value: object) -> str:
    return str(value[0] if isinstance(value, list) and value else value)


def _scan(top: Path, limit: int) -> None:
    """Refuse links, special files, files over `limit` bytes and absurd nesting in the bag."""
    pending = [(top, 0)]
    while pending:
        folder, depth = pending.pop()
        if depth > MAX_DEPTH:
            where = folder.relative_to(top)
            raise InputError(
                f"bag {top} nests folders more than {MAX_DEPTH} deep ({where}); "
                "nothing was imported"
            )
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            info = entry.stat(follow_symlinks=False)
            where = Path(entry.path).relative_to(top)
            if stat.S_ISDIR(info.st_mode):
                pending.append((Path(entry.path), depth + 1))
            elif stat.S_ISLNK(info.st_mode):
                raise InputError(f"bag {top} holds a symbolic link, {where}; nothing was imported")
            elif not stat.S_ISREG(info.st_mode):
                raise InputError(f"bag {top}: {where} is not a regular file; nothing was imported")
            elif info.st_size > limit:
                raise InputError(
                    f"bag {top}: {where} is {info.st_size:,} bytes, more than {limit:,} "
                    "(--max-size); nothing was imported"
                )


def _check_manifests(bag: bagit.Bag) -> None:
    """Payload manifests in a strong algorithm, each listing every payload file."""
    algorithms = {
        Path(name).name.removeprefix("manifest-").removesuffix(".txt")
        for name in bag.manifest_files()
    }
    if not algorithms & _STRONG:
        found = ", ".join(sorted(algorithms)) or "none"
        raise bagit.BagError(f"its payload manifests are {found}, not sha256 or sha512")
    for name, digests in bag.payload_entries().items():
        if not algorithms <= set(digests):
            raise bagit.BagError(f"{name} is missing from a payload manifest")


def _objects(archive: Path) -> list[IncomingObject]:
    """The objects of the bag's storage root, each checked (steps 3 and 4)."""
    where = f"the bag's data/{ARCHIVE}"
    if not (archive / "0=ocfl_1.1").is_file():
        raise InputError(f"{where} is not an OCFL storage root; nothing was imported")
    try:
        root = StorageRoot(archive, archive.parent / ".unused")
    except ArshifError as exc:
        raise InputError(f"{where}: {exc}; nothing was imported") from None
    issues = root.verify(check_digests=False)  # digested by bagit; again when staged
    if issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        named = f"object {first.object_id}: " if first.object_id else ""
        raise InputError(
            f"{where} is not valid: {named}[{first.code}] {first.message}{more}; "
            "nothing was imported"
        )
    objects = []
    for object_id in sorted(root.object_ids()):
        short = short_id_of(object_id)
        if object_id_for(short) != object_id or not short or not set(short) <= _HEX:
            raise InputError(f"object {object_id!r} is not an arshif record; nothing was imported")
        try:
            data = root.read(object_id, RECORD)
        except ObjectNotFound:
            raise InputError(
                f"object {object_id} has no {RECORD}: not an arshif record; nothing was imported"
            ) from None
        errors = validate_record(data)
        if errors:
            raise InputError(
                f"object {object_id}: its {RECORD} is not a valid record ({errors[0]}); "
                "nothing was imported"
            )
        if record_from_tei(data).id != short:
            raise InputError(
                f"object {object_id}: its {RECORD} is the record of another id; "
                "nothing was imported"
            )
        object_dir = root.object_path(object_id)
        digest = digest_bytes((object_dir / INVENTORY).read_bytes())
        objects.append(IncomingObject(object_id, object_dir, digest))
    return objects
