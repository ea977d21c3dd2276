"""Storage layout 0003 (hashed n-tuples + an object-id encapsulation directory) and name checks.

The mapping follows OCFL community extension ``0003-hash-and-id-n-tuple-storage-layout``: the
object id, encoded as UTF-8, is hashed (sha256 by default) to lowercase hex; the first
``numberOfTuples`` runs of ``tupleSize`` characters become nested directories; the leaf is the id
with every character other than ``A-Z a-z 0-9 - _`` percent-encoded (lowercase hex of its UTF-8
bytes), truncated to 100 characters plus ``-<digest>`` when longer. Hashing the id means no id
can name a path outside the storage root; `check_object_id` still refuses ids that are empty,
absurdly long or carry control characters, since they come from users.

Logical paths (names of files inside an object) are checked by `check_logical_path`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from arshif.errors import UsageError

LAYOUT_NAME = "0003-hash-and-id-n-tuple-storage-layout"
LAYOUT_DESCRIPTION = (
    "Extension 0003: Hashed Truncated N-tuple Trees with Object ID Encapsulating Directory "
    "for OCFL Storage Hierarchies"
)
#: Longest object id accepted, in characters.
MAX_ID_LENGTH = 512
#: Longest encapsulation directory name before truncation (set by the extension).
MAX_ENCAPSULATION = 100
#: Longest path segment most file systems accept, in UTF-8 bytes.
MAX_SEGMENT_BYTES = 255

_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class Layout:
    """Parameters of extension 0003 as its ``config.json`` gives them (the defaults are ours)."""

    digest_algorithm: str = "sha256"
    tuple_size: int = 3
    number_of_tuples: int = 3

    def config(self) -> dict[str, object]:
        """The extension's ``config.json`` content."""
        return {
            "extensionName": LAYOUT_NAME,
            "digestAlgorithm": self.digest_algorithm,
            "tupleSize": self.tuple_size,
            "numberOfTuples": self.number_of_tuples,
        }

    @classmethod
    def from_config(cls, config: dict[str, object]) -> Layout:
        """Read a ``config.json``; raise `ValueError` on parameters the extension forbids."""
        algorithm = config.get("digestAlgorithm", "sha256")
        size = config.get("tupleSize", 3)
        count = config.get("numberOfTuples", 3)
        if config.get("extensionName", LAYOUT_NAME) != LAYOUT_NAME:
            raise ValueError(f"config.json is for {config.get('extensionName')!r}")
        if not isinstance(algorithm, str) or algorithm not in hashlib.algorithms_available:
            raise ValueError(f"unsupported digestAlgorithm {algorithm!r}")
        if not isinstance(size, int) or not isinstance(count, int):
            raise ValueError("tupleSize and numberOfTuples must be integers")
        if not (0 <= size <= 32 and 0 <= count <= 32) or (size == 0) != (count == 0):
            raise ValueError(f"bad tupleSize/numberOfTuples {size}/{count}")
        if size * count > len(hashlib.new(algorithm, b"").hexdigest()):
            raise ValueError("tupleSize * numberOfTuples exceeds the digest length")
        return cls(algorithm, size, count)

    def object_path(self, object_id: str) -> str:
        """The object's root, relative to the storage root, with ``/`` separators."""
        digest = hashlib.new(self.digest_algorithm, object_id.encode("utf-8")).hexdigest().lower()
        size = self.tuple_size
        parts = [digest[i * size : (i + 1) * size] for i in range(self.number_of_tuples)]
        parts.append(encapsulation_directory(object_id, digest))
        return "/".join(parts)


def percent_encode(object_id: str) -> str:
    """Percent-encode each character outside ``A-Za-z0-9-_`` as lowercase hex of its UTF-8 bytes."""
    out: list[str] = []
    for char in object_id:
        if char in _SAFE:
            out.append(char)
        else:
            out.extend(f"%{byte:02x}" for byte in char.encode("utf-8"))
    return "".join(out)


def encapsulation_directory(object_id: str, digest: str) -> str:
    """The leaf directory name: the encoded id, truncated to 100 characters plus ``-digest``."""
    encoded = percent_encode(object_id)
    if len(encoded) > MAX_ENCAPSULATION:
        return f"{encoded[:MAX_ENCAPSULATION]}-{digest}"
    return encoded


def check_object_id(object_id: object) -> str:
    """Return `object_id` if it is acceptable, else raise `UsageError` saying why."""
    if not isinstance(object_id, str) or not object_id:
        raise UsageError("an object id must be a non-empty string")
    if len(object_id) > MAX_ID_LENGTH:
        raise UsageError(f"object id is {len(object_id)} characters long (at most {MAX_ID_LENGTH})")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in object_id):
        raise UsageError(f"object id {object_id!r} contains a control character")
    try:
        object_id.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(f"object id {object_id!r} is not valid Unicode") from exc
    return object_id


def check_logical_path(path: object) -> str:
    """Return `path` if it is a valid OCFL logical path we can store, else raise `UsageError`.

    A logical path is ``/``-separated, with no leading or trailing ``/``, no empty, ``.`` or
    ``..`` segment (OCFL E052/E053), no control character, and segments short enough for a file
    system, because the path is also used for the content file of the version that adds it.
    """
    if not isinstance(path, str) or not path:
        raise UsageError("a logical path must be a non-empty string")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path) or "\\" in path:
        raise UsageError(f"logical path {path!r} contains a control character or backslash")
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            raise UsageError(f"logical path {path!r} has an empty, '.' or '..' segment")
        try:
            size = len(segment.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise UsageError(f"logical path {path!r} is not valid Unicode") from exc
        if size > MAX_SEGMENT_BYTES:
            raise UsageError(f"logical path {path!r} has a segment longer than 255 bytes")
    return path


def check_path_conflicts(paths: set[str]) -> None:
    """Raise `UsageError` if a path is also used as a directory of another (OCFL E095b)."""
    for path in paths:
        parts = path.split("/")
        for i in range(1, len(parts)):
            prefix = "/".join(parts[:i])
            if prefix in paths:
                raise UsageError(f"logical path {prefix!r} is both a file and a folder of {path!r}")
