"""Writing a BagIt 1.0 bag of records: their OCFL objects, every version, and a metadata CSV.

The bag is built beside its destination under a hidden name and renamed into place when it is
whole, so an interrupted export leaves no bag that looks complete (only the hidden folder,
removed on an error).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import bagit

from arshif import __version__
from arshif.archiveconfig import ArchiveConfig
from arshif.errors import ArshifError, UsageError
from arshif.store import StorageRoot

#: The payload folders and files, under ``data/``.
ARCHIVE = "archive"
METADATA = "metadata.csv"
#: Payload and tag manifests, strongest last.
CHECKSUMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


@dataclass(frozen=True)
class BagWritten:
    """What `write_bag` wrote."""

    path: Path
    objects: int
    payload_bytes: int
    payload_files: int


def bag_info(
    config: ArchiveConfig, selection: str, query: str | None, count: int
) -> dict[str, str]:
    """The ``bag-info.txt`` elements of a bag of `count` records of the archive `config` names.

    `selection` says in words which records were chosen; `query`, when they were searched for,
    is recorded as given (one line: control characters become spaces).
    """
    info = {
        "Source-Organization": one_line(config.name),
        "Bagging-Date": datetime.now(UTC).date().isoformat(),
        "External-Description": (
            f"{count} record(s) of the archive {one_line(config.name)}: data/{ARCHIVE}/ is an "
            "OCFL 1.1 storage root (layout 0003-hash-and-id-n-tuple-storage-layout) holding "
            "each record's object with every version (TEI record and original capture); "
            f"data/{METADATA} lists their metadata."
        ),
        "Bag-Software-Agent": f"arshif {__version__} (bagit.py {bagit.VERSION})",
        "Arshif-Selection": one_line(selection),
    }
    if query is not None:
        info["Arshif-Query"] = one_line(query)
    if config.admin_email:
        info["Contact-Email"] = config.admin_email
    return info


def one_line(text: str) -> str:
    """`text` on one line (a tag value cannot hold a line break)."""
    return _CONTROL.sub(" ", text).strip()


def write_bag(
    store: StorageRoot,
    target: Path,
    object_ids: Sequence[str],
    metadata_csv: str,
    info: Mapping[str, str],
    on_object: Callable[[], None] | None = None,
) -> BagWritten:
    """Write a bag at `target` (absent, or an empty folder) holding `object_ids` from `store`.

    Each object is copied as of its head, every version, digest-checked
    (`StorageRoot.copy_object`). `info` goes to ``bag-info.txt``, with ``Payload-Oxum`` and
    ``Bag-Size`` added.

    Raises:
        UsageError: `target` exists and is not an empty folder.
        IntegrityError: an object is damaged in the archive (no bag is left behind).
        ArshifError: the bag cannot be written there (permissions, a full disk).
    """
    target = Path(target)
    if target.is_symlink() or (target.exists() and (not target.is_dir() or any(target.iterdir()))):
        raise UsageError(f"{target} already exists; give a new folder for the bag")
    try:
        return _write(store, target, object_ids, metadata_csv, info, on_object)
    except (OSError, bagit.BagError) as exc:
        raise ArshifError(f"cannot write the bag {target}: {exc}; no bag was written") from exc


def _write(
    store: StorageRoot,
    target: Path,
    object_ids: Sequence[str],
    metadata_csv: str,
    info: Mapping[str, str],
    on_object: Callable[[], None] | None,
) -> BagWritten:
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f".{target.name}.partial-{uuid.uuid4().hex[:12]}"
    scratch = target.parent / f".{target.name}.work-{uuid.uuid4().hex[:12]}"
    os.mkdir(work)
    try:
        payload = StorageRoot.init(work / ARCHIVE, scratch)
        for object_id in object_ids:
            store.copy_object(object_id, payload.object_path(object_id))
            if on_object is not None:
                on_object()
        (work / METADATA).write_bytes(metadata_csv.encode("utf-8"))
        size = sum(p.stat().st_size for p in work.rglob("*") if p.is_file())
        tags = {**info, "Bag-Size": human_size(size)}
        bag = bagit.make_bag(str(work), bag_info=tags, checksums=list(CHECKSUMS))
        (work / "bagit.txt").write_text(BAGIT_TXT, "utf-8")  # make_bag writes 0.97
        bag.save()  # the tag manifests again, over the new bagit.txt
        payload_bytes, _, payload_files = str(bag.info["Payload-Oxum"]).partition(".")
        if target.exists():
            target.rmdir()
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return BagWritten(target, len(object_ids), int(payload_bytes), int(payload_files))


def human_size(size: int) -> str:
    """A size in bytes as BagIt's ``Bag-Size`` gives it, e.g. ``1.4 MB`` (powers of 1000)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")
