"""`export(records, fmt)`: citations of records in one format, in the order given."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from arshif.archiveconfig import DEFAULT_NAME
from arshif.cite.csl import to_csl, without_forbidden
from arshif.cite.formatted import render
from arshif.cite.keys import unique_keys
from arshif.cite.latex import biblatex, bibtex
from arshif.cite.ris import ris
from arshif.errors import UsageError
from arshif.model import Record

#: Every format `export` writes (`ALIASES` adds shorter names).
FORMATS = (
    "biblatex",
    "bibtex",
    "ris",
    "csl-json",
    "chicago-author-date",
    "chicago-note-bibliography",
    "apa",
)
#: Other names accepted for a format.
ALIASES = {"chicago": "chicago-note-bibliography", "csl": "csl-json", "csljson": "csl-json"}
#: The formats made by a CSL processor (plain text, one reference per line).
FORMATTED = ("chicago-author-date", "chicago-note-bibliography", "apa")


def format_name(fmt: str) -> str:
    """The canonical name of `fmt` (an alias or a format), or `UsageError` naming the choices."""
    name = ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
    if name not in FORMATS:
        choices = ", ".join([*FORMATS, *ALIASES])
        raise UsageError(f"unknown citation format {fmt!r}; choose one of: {choices}")
    return name


def csl_items(records: Sequence[Record], archive_name: str = DEFAULT_NAME) -> list[dict[str, Any]]:
    """The CSL items of `records`, in order, with citation keys unique within the list."""
    keys = unique_keys(records)
    return [to_csl(r, archive_name, key=k) for r, k in zip(records, keys, strict=True)]


def export(records: Sequence[Record], fmt: str, archive_name: str = DEFAULT_NAME) -> str:
    """Citations of `records` in format `fmt` (see `FORMATS`, `ALIASES`), in the given order.

    Every format is derived from the CSL items of `to_csl`. The result is text ending with a
    newline (empty for no records) that contains no Arabic presentation form and no bidi control.
    """
    name = format_name(fmt)
    items = csl_items(records, archive_name)
    if name == "csl-json":
        text = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    elif name == "biblatex":
        text = biblatex(items)
    elif name == "bibtex":
        text = bibtex(items)
    elif name == "ris":
        text = ris(items)
    else:
        text = "".join(line + "\n" for line in render(items, name))
    return without_forbidden(text)
