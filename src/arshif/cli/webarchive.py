"""`arshif ingest --warc/--wacz`: web archives as the input of ingest (`arshif.sources.warc`).

What the command adds to an ingest of files: a progress bar by bytes read, the count of skipped
records by reason, and the same-story links between the captures of one URL whose page changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import click

from arshif.cli.progress import Progress
from arshif.errors import UsageError
from arshif.ingest import CaptureRequest, iter_capture_files, short_id_for
from arshif.model import User
from arshif.repository import IngestSummary, Repository
from arshif.sources.warc import WebArchiveReader

_MIB = 2**20


@dataclass
class WebArchiveInput:
    files: list[Path]
    kind: str  #: "warc" or "wacz"
    reader: WebArchiveReader | None = field(default=None)

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

        self.reader = WebArchiveReader(limit, on_bad=on_bad, on_bytes=on_bytes)
        count = 0
        for path in self.files:
            items = (
                self.reader.warc_requests(path)
                if self.kind == "warc"
                else self.reader.wacz_requests(path)
            )
            for item in items:
                count += 1
                yield CaptureRequest(item.data, item.name, where=item.where, origin=item.origin)
        progress.phase("writing", count)
        progress.unit = "captures"

    def finish(self, repo: Repository, summary: IngestSummary, user: User) -> None:
        """Report what was skipped, by reason; link the changed pages as the same story."""
        if self.reader is None:
            return
        for reason, number in sorted(self.reader.skipped.items()):
            click.echo(f"not ingested: {number} {reason}", err=True)
        added = {o.id for o in summary.outcomes if o.status == "added" and o.id}
        known = added | {o.id for o in summary.outcomes if o.status == "duplicate" and o.id}
        pairs = {(short_id_for(a), short_id_for(b)) for a, b in self.reader.same_story}
        pairs = {(a, b) for a, b in pairs if b in added and a in known}
        pairs |= self._earlier_captures(repo, added, known)
        if not pairs:
            return
        from arshif.curator import Curator

        curator = Curator(repo)
        for earlier, later in sorted(pairs):
            curator.link(later, earlier, "same-story", "Same URL, page changed", user)
            click.echo(f"{later}\tsame-story\t{earlier} (the same URL, changed)", err=True)

    def _earlier_captures(
        self, repo: Repository, added: set[str], known: set[str]
    ) -> set[tuple[str, str]]:
        """(earlier, new) for each new record whose URL an earlier ingest already captured
        with other bytes; the archive's records are read (up to `EARLIER_CAPTURE_CHECK_LIMIT`)."""
        assert self.reader is not None
        new_urls: dict[str, str] = {}  # URL → its first capture in this ingest, if new
        for url, sha in self.reader.first_of_url.items():
            if (short := short_id_for(sha)) in added:
                new_urls[url] = short
        count = len(repo.ids())
        if not new_urls or count == len(known):  # nothing in the archive but this ingest's
            return set()
        if count > EARLIER_CAPTURE_CHECK_LIMIT:
            click.echo(
                "earlier captures of these URLs not looked for (a large archive): "
                "run `arshif duplicates` to find changed pages",
                err=True,
            )
            return set()
        pairs: set[tuple[str, str]] = set()
        for record in repo.records():
            if record.id not in known and record.metadata.url in new_urls:
                pairs.add((record.id, new_urls[record.metadata.url or ""]))
        return pairs


#: the most records read to find earlier captures of the URLs just ingested (every head record
#: is read: past this, `arshif duplicates` finds changed pages as near-duplicates)
EARLIER_CAPTURE_CHECK_LIMIT = 20_000


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
    if manifest is not None or stated:
        raise UsageError(
            "--warc/--wacz take their metadata from the archive: no --manifest or metadata options"
        )
    if not paths:
        raise UsageError("give the web archive files to ingest")
    return WebArchiveInput(list(iter_capture_files(paths)), "warc" if warc else "wacz")
