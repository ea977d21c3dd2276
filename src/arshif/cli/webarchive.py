"""`arshif ingest --warc/--wacz`: what the command adds to an ingest of web archives
(`arshif.ingest.web`): a progress bar by bytes read, the count of skipped records by reason,
and the same-story links made between the captures of one URL whose page changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import click

from arshif.cli.progress import Progress
from arshif.model import User
from arshif.repository import CaptureInputs, IngestSummary, Repository

_MIB = 2**20
T = TypeVar("T")


def web_progress(inputs: CaptureInputs) -> Progress:
    """A progress bar of the MiB of web archives read."""
    return Progress("reading", "MiB", total=max(1, -(-inputs.size // _MIB)))


def bytes_read(progress: Progress) -> Callable[[int], None]:
    """What advances `progress` by the MiB of web archives read."""
    read = [0]

    def on_bytes(n: int) -> None:
        read[0] += n
        if (whole := read[0] // _MIB) > progress.count:
            progress.advance(whole - progress.count)

    return on_bytes


def then_writing(requests: Iterable[T], progress: Progress) -> Iterator[T]:
    """The captures of the web archives; once all are read, `progress` counts them written."""
    count = 0
    for request in requests:
        count += 1
        yield request
    progress.phase("writing", count)
    progress.unit = "captures"


def finish_web(repo: Repository, inputs: CaptureInputs, summary: IngestSummary, user: User) -> None:
    """Report what was skipped, by reason; link the changed pages as the same story."""
    for reason, number in sorted(inputs.web_skipped.items()):
        click.echo(f"not ingested: {number} {reason}", err=True)
    for later, earlier in inputs.link_changed_pages(repo, summary, user, repo.link):
        click.echo(f"{later}\tsame-story\t{earlier} (the same URL, changed)", err=True)
    if inputs.earlier_not_checked:
        click.echo(
            "earlier captures of these URLs not looked for (a large archive): "
            "run `arshif duplicates` to find changed pages",
            err=True,
        )
