"""`arshif ingest --warc/--wacz`: web archives as the input of ingest (`arshif.ingest.web`).

What the command adds to an ingest of files: a progress bar by bytes read, the count of skipped
records by reason, and the same-story links between the captures of one URL whose page changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import click

from arshif.cli.progress import Progress
from arshif.curator import Curator
from arshif.errors import UsageError
from arshif.ingest.files import iter_capture_files
from arshif.ingest.pipeline import IngestSummary
from arshif.ingest.prepare import CaptureRequest
from arshif.ingest.web import WebArchiveIngest
from arshif.model import User
from arshif.repository import Repository

_MIB = 2**20


@dataclass
class WebArchiveInput:
    files: list[Path]
    kind: Literal["warc", "wacz"]
    source: WebArchiveIngest | None = field(default=None)

    def progress(self) -> Progress:
        total = sum(f.stat().st_size for f in self.files)
        return Progress("reading", "MiB", total=max(1, -(-total // _MIB)))

    def requests(
        self, limit: int, on_bad: Callable[[str], None] | None, progress: Progress
    ) -> Iterator[CaptureRequest]:
        """Every capture of every file, the progress advanced by MiB read."""
        read = [0]

        def on_bytes(n: int) -> None:
            read[0] += n
            if (whole := read[0] // _MIB) > progress.count:
                progress.advance(whole - progress.count)

        self.source = WebArchiveIngest(
            self.files, self.kind, limit, on_bad=on_bad, on_bytes=on_bytes
        )
        count = 0
        for request in self.source.requests():
            count += 1
            yield request
        progress.phase("writing", count)
        progress.unit = "captures"

    def finish(self, repo: Repository, summary: IngestSummary, user: User) -> None:
        """Report what was skipped, by reason; link the changed pages as the same story."""
        if self.source is None:
            return
        for reason, number in sorted(self.source.skipped.items()):
            click.echo(f"not ingested: {number} {reason}", err=True)
        link = Curator(repo).link
        for later, earlier in self.source.link_changed_pages(repo, summary, user, link):
            click.echo(f"{later}\tsame-story\t{earlier} (the same URL, changed)", err=True)
        if self.source.earlier_not_checked:
            click.echo(
                "earlier captures of these URLs not looked for (a large archive): "
                "run `arshif duplicates` to find changed pages",
                err=True,
            )


def web_archive_input(
    paths: tuple[Path, ...],
    *,
    warc: bool,
    wacz: bool,
    stated: Mapping[str, str],
    manifest: Path | None,
) -> WebArchiveInput | None:
    """The web archives to read, or None for an ingest of files and manifests."""
    if not (warc or wacz):
        return None
    if warc and wacz:
        raise UsageError("give --warc or --wacz, not both (one kind of file per ingest)")
    if manifest is not None or any(stated.values()):
        raise UsageError(
            "--warc/--wacz take their metadata and charsets from the archive: no --manifest, "
            "--encoding or metadata options"
        )
    if not paths:
        raise UsageError("give the web archive files to ingest")
    return WebArchiveInput(list(iter_capture_files(paths)), "warc" if warc else "wacz")
