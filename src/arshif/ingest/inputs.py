"""What one ingest reads, as `arshif.repository.Repository.ingest` takes it: capture files
(folders expanded) with the metadata stated for a single one, a JSONL manifest, or WARC/WACZ
web archives; and what is left to do once it is ingested: the refused captures written back as
rejects (``--rejects``), the changed pages of a web archive linked as the same story.

`CaptureInputs` checks the combination of inputs (`UsageError`) and the stated metadata
(`ValidationError`) before anything is read, so that a front end only parses its options,
calls, and renders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from arshif.errors import InputError, UsageError
from arshif.ingest.files import DEFAULT_SIZE_LIMIT, iter_capture_files, read_capture_file
from arshif.ingest.manifest import manifest_items, write_rejects
from arshif.ingest.prepare import CaptureRequest, Refusal, given_metadata

if TYPE_CHECKING:  # the web archive readers (warcio) only when a WARC/WACZ is ingested
    from arshif.ingest.pipeline import IngestOutcome, IngestSummary
    from arshif.ingest.web import ArchiveRecords, LinkRecords, WebArchiveIngest
    from arshif.model import User

__all__ = ["CaptureInputs"]


class CaptureInputs:
    """The captures of one ingest: `files` (or the web archives among them, `kind`), `manifest`,
    the metadata `stated` for a single file and the `encoding` to decode with."""

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        manifest: Path | None = None,
        stated: Sequence[tuple[str, str]] = (),
        encoding: str | None = None,
        limit: int = DEFAULT_SIZE_LIMIT,
        kind: Literal["files", "warc", "wacz"] = "files",
        rejects: Path | None = None,
    ) -> None:
        """Check the inputs, in this order: web archives take nothing else; there is something
        to read; `rejects` names a new file in a folder that exists; metadata is stated for
        one file only; the metadata itself (`given_metadata`)."""
        if kind != "files":
            if manifest is not None or stated or encoding:
                raise UsageError(
                    "--warc/--wacz take their metadata and charsets from the archive: no "
                    "--manifest, --encoding or metadata options"
                )
            if not paths:
                raise UsageError("give the web archive files to ingest")
        if manifest is None and not paths:
            raise UsageError("give files or folders to ingest, or --manifest FILE.jsonl")
        if rejects is not None and manifest is not None and rejects.resolve() == manifest.resolve():
            raise UsageError("--rejects must name another file than the manifest")
        if rejects is not None and not rejects.resolve().parent.is_dir():
            raise UsageError(f"--rejects {rejects}: no such folder {rejects.parent}")
        self.files = list(iter_capture_files(paths))
        if stated and (len(self.files) != 1 or manifest is not None):
            flags = "/--".join(sorted(k for k, _ in stated))
            raise UsageError(f"--{flags} apply to one file; use a manifest for metadata of many")
        self.metadata = given_metadata(stated)
        self.manifest, self.encoding, self.limit = manifest, encoding, limit
        self.kind, self.rejects = kind, rejects
        #: the refused and skipped captures seen (`note`), for `write_rejects`
        self.refusals: list[Refusal] = []
        #: damaged web archive records skipped (``skip_bad``), reported as "skipped" outcomes
        self.damaged_skipped = 0
        self.web: WebArchiveIngest | None = None

    @property
    def is_web(self) -> bool:
        return self.kind != "files"

    @property
    def size(self) -> int:
        """Bytes of the files named (a web archive's progress is counted in bytes read)."""
        return sum(f.stat().st_size for f in self.files)

    def requests(
        self,
        *,
        on_skipped: Callable[[IngestOutcome], None] | None = None,
        on_bytes: Callable[[int], None] | None = None,
    ) -> Iterator[CaptureRequest | Refusal]:
        """The captures, read one at a time (the repository reads them all before writing).

        A file that cannot be read is a `Refusal`. Of web archives: a damaged record stops the
        ingest (an `InputError`), unless `on_skipped` is given (``skip_bad``): it is then told
        of it as a "skipped" outcome; `on_bytes` is told of the bytes read as they are.
        """
        if self.kind != "files":
            from arshif.ingest.web import WebArchiveIngest

            on_bad = self._skipper(on_skipped) if on_skipped is not None else None
            self.web = WebArchiveIngest(
                self.files, self.kind, self.limit, on_bad=on_bad, on_bytes=on_bytes
            )
            yield from self.web.requests()
            return
        for file in self.files:
            try:
                data = read_capture_file(file, self.limit)
            except InputError as exc:
                yield Refusal(str(file), str(exc).removeprefix(f"{file}: "))
                continue
            yield CaptureRequest(
                data,
                str(file),
                self.metadata.metadata,
                self.encoding,
                cleaning=self.metadata.cleaning,
                given_as=self.metadata.given_as,
            )
        if self.manifest is not None:
            yield from manifest_items(self.manifest, limit=self.limit)

    def _skipper(self, report: Callable[[IngestOutcome], None]) -> Callable[[str], None]:
        from arshif.ingest.pipeline import IngestOutcome

        def skip(message: str) -> None:
            """A damaged web archive record skipped: reported, kept for the rejects."""
            self.damaged_skipped += 1
            where, _, reason = message.partition(": ")
            refusal = Refusal(where, reason or message)
            report(IngestOutcome("skipped", None, None, reason=message, refusal=refusal))

        return skip

    def note(self, outcome: IngestOutcome) -> None:
        """Keep the refusal of a refused or skipped capture, for `write_rejects`."""
        if outcome.refusal is not None:
            self.refusals.append(outcome.refusal)

    def write_rejects(self) -> None:
        """Write the refusals noted to `rejects`, if given (`arshif.ingest.manifest`)."""
        if self.rejects is not None:
            write_rejects(self.rejects, self.refusals, self.manifest, self.limit)

    @property
    def web_skipped(self) -> Counter[str]:
        """Web archive records not ingested, by reason (request records, redirects…)."""
        return self.web.skipped if self.web is not None else Counter()

    @property
    def earlier_not_checked(self) -> bool:
        """Whether the archive was too large to look for earlier captures of the URLs."""
        return self.web is not None and self.web.earlier_not_checked

    def link_changed_pages(
        self, archive: ArchiveRecords, summary: IngestSummary, user: User, link: LinkRecords
    ) -> list[tuple[str, str]]:
        """Of web archives: link each new record to the earlier capture of its URL (see
        `WebArchiveIngest.link_changed_pages`); (new, earlier) pairs."""
        if self.web is None:
            return []
        return self.web.link_changed_pages(archive, summary, user, link)
