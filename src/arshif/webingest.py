"""Ingest from web archives: the capture requests of WARC/WACZ files, and after the ingest the
same-story links between the captures of one URL whose page changed.

`arshif.captures.warc` reads the files; this module makes `CaptureRequest` s of what it finds
(for `arshif.repository.Repository.ingest`, which keeps its guarantees: nothing is written when a
capture is refused, unless ``skip_bad``) and links, as `arshif link --as same-story` does, each
new capture of a URL to the capture of the same URL before it: earlier in the same input, or in
the archive (whose records are then read for their URLs, up to `EARLIER_CAPTURE_CHECK_LIMIT`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from arshif.captures.warc import WebArchiveReader
from arshif.ingest import CaptureRequest, short_id_for
from arshif.model import CaptureOrigin, User
from arshif.validators import canonical_url, url_problem

if TYPE_CHECKING:
    from arshif.repository import IngestSummary, Repository

__all__ = ["EARLIER_CAPTURE_CHECK_LIMIT", "WebArchiveIngest"]

#: the most records read to find earlier captures of the URLs just ingested (every head record
#: is read: past this, `arshif duplicates` finds changed pages as near-duplicates)
EARLIER_CAPTURE_CHECK_LIMIT = 20_000


class WebArchiveIngest:
    """The captures of some WARC (``kind="warc"``) or WACZ files, read once as a stream."""

    def __init__(
        self,
        files: Sequence[Path],
        kind: Literal["warc", "wacz"],
        limit: int,
        *,
        on_bad: Callable[[str], None] | None = None,
        on_bytes: Callable[[int], None] | None = None,
    ) -> None:
        self.files, self.kind = list(files), kind
        self.reader = WebArchiveReader(limit, on_bad=on_bad, on_bytes=on_bytes)
        #: whether the archive was too large to look for earlier captures (`link_changed_pages`)
        self.earlier_not_checked = False

    @property
    def skipped(self) -> Counter[str]:
        """How many records were not ingested, by reason (request records, redirects…)."""
        return self.reader.skipped

    def requests(self) -> Iterator[CaptureRequest]:
        for path in self.files:
            if self.kind == "warc":
                items = self.reader.warc_requests(path)
            else:
                items = self.reader.wacz_requests(path)
            for item in items:
                origin = self._checked_origin(item.origin, item.where)
                if origin is not None:
                    yield CaptureRequest(item.data, item.name, where=item.where, origin=origin)

    def _checked_origin(self, origin: CaptureOrigin, where: str) -> CaptureOrigin | None:
        """`origin` with its URL as a browser sends it (the one rule of `arshif.validators`,
        as for every way in; the target URI as the WARC states it is kept in the notes when it
        differs), or None when the URL is refused (reported as a damaged record)."""
        problem = url_problem(origin.url)
        if problem is not None:
            self.reader.refuse(f"{where}: the target URI {origin.url[:80]!r}: {problem}; skipped")
            return None
        url = canonical_url(origin.url)
        if url == origin.url:
            return origin
        return replace(origin, url=url, notes=(*origin.notes, ("warc-target-uri", origin.url)))

    def link_changed_pages(
        self, repo: Repository, summary: IngestSummary, user: User
    ) -> list[tuple[str, str]]:
        """Link each new record to the earlier capture of its URL; (new, earlier) pairs."""
        added = {o.id for o in summary.outcomes if o.status == "added" and o.id}
        known = added | {o.id for o in summary.outcomes if o.status == "duplicate" and o.id}
        pairs = {(short_id_for(a), short_id_for(b)) for a, b in self.reader.same_story}
        pairs = {(a, b) for a, b in pairs if b in added and a in known}
        pairs |= self._earlier_captures(repo, added, known)
        if not pairs:
            return []
        for earlier, later in sorted(pairs):
            repo.link(later, earlier, "same-story", "Same URL, page changed", user)
        return [(later, earlier) for earlier, later in sorted(pairs)]

    def _earlier_captures(
        self, repo: Repository, added: set[str], known: set[str]
    ) -> set[tuple[str, str]]:
        """(earlier, new) for each new record whose URL an earlier ingest captured with other
        bytes."""
        new_urls: dict[str, str] = {}  # URL → its first capture in this ingest, if new
        for url, sha in self.reader.first_of_url.items():
            if (short := short_id_for(sha)) in added and url_problem(url) is None:
                new_urls[canonical_url(url)] = short  # as records store their URLs
        count = len(repo.ids())
        if not new_urls or count == len(known):  # nothing in the archive but this ingest's
            return set()
        if count > EARLIER_CAPTURE_CHECK_LIMIT:
            self.earlier_not_checked = True
            return set()
        pairs: set[tuple[str, str]] = set()
        for record in repo.records():
            if record.id not in known and record.metadata.url in new_urls:
                pairs.add((record.id, new_urls[record.metadata.url or ""]))
        return pairs
