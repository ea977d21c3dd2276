"""Walking the storage hierarchy one directory at a time (never the whole tree in memory)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

ROOT_DECLARATION = "0=ocfl_1.1"
ROOT_DECLARATION_TEXT = "ocfl_1.1\n"
LAYOUT_FILE = "ocfl_layout.json"
EXTENSIONS = "extensions"

Kind = Literal["object", "file", "empty"]


def walk(root: Path) -> Iterator[tuple[Kind, Path]]:
    """Yield the object roots under `root`, and what the spec forbids between them.

    Yields ``("object", dir)`` for each directory holding an object declaration (not descending
    into it), ``("file", path)`` for a file in an intermediate directory (OCFL E072) and
    ``("empty", dir)`` for an empty directory (E073), in sorted order. Files directly in the
    storage root and its ``extensions`` folder are the root's own and are skipped.
    """
    for kind, path in walk_paths(root):
        yield kind, Path(path)


def walk_paths(root: Path) -> Iterator[tuple[Kind, str]]:
    """`walk` with the paths as strings (a reader of every object makes no `Path` of each)."""
    yield from _visit(os.fspath(root), top=True)


def _visit(directory: str, top: bool) -> Iterator[tuple[Kind, str]]:
    with os.scandir(directory) as scan:
        entries = [(entry.name, entry) for entry in scan]
    entries.sort()  # by name: names in a directory are unique, so entries are never compared
    if not top and any(
        name.startswith("0=ocfl_object_") and entry.is_file(follow_symlinks=False)
        for name, entry in entries
    ):
        yield "object", directory
        return
    if not entries and not top:
        yield "empty", directory
        return
    for name, entry in entries:
        if top and name == EXTENSIONS:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _visit(entry.path, top=False)
        elif not top:
            yield "file", entry.path
