"""Option helpers shared by `search`, `kwic` and `similar`: facet lists and query batches."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.api import FACETS
from arshif.errors import InputError


def facet_list(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """``--facet outlet,year --facet tag`` → ("outlet", "year", "tag"); unknown names refused."""
    names: list[str] = []
    for item in value:
        for name in (part.strip().lower() for part in item.split(",")):
            if not name:
                continue
            if name not in FACETS:
                raise click.BadParameter(
                    f"{name!r} is not a facet; choose from {', '.join(FACETS)}", ctx, param
                )
            if name not in names:
                names.append(name)
    return tuple(names)


#: Largest --queries file read, in bytes.
QUERIES_SIZE_LIMIT = 16 * 2**20


def read_queries(path: Path) -> list[tuple[str, str]]:
    """The `qid<TAB>query` lines of a batch file."""
    pairs = []
    from arshif.ingest.files import read_capture_file

    try:  # a regular file of bounded size: a FIFO or device is refused, never waited on
        lines = read_capture_file(path, QUERIES_SIZE_LIMIT).decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read queries from {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        qid, tab, text = line.partition("\t")
        if not tab or not qid.strip() or not text.strip():
            raise InputError(f"{path.name}, line {number}: expected `qid<TAB>query`")
        pairs.append((qid.strip(), text.strip()))
    return pairs
