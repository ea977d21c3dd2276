"""`arshif ingest`: add captures (text, HTML or TEI files, or a JSONL manifest) to the archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import one_line
from arshif.cli.params import wait_option
from arshif.cli.progress import Progress
from arshif.cli.webarchive import web_archive_input
from arshif.errors import InputError, UsageError
from arshif.ingest import (
    DEFAULT_SIZE_LIMIT,
    CaptureRequest,
    Refusal,
    given_metadata,
    iter_capture_files,
    read_capture_file,
)
from arshif.manifest import manifest_items, write_rejects
from arshif.repository import IngestOutcome, Repository

_META_OPTIONS = ("outlet", "url", "published", "lang", "title", "author", "retrieved", "source_id")


@click.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSONL manifest: one object per line with `text` or `path`, and metadata "
    "(the keys: docs/ingest.md).",
)
@click.option("--warc", is_flag=True, help="The files are WARC web archives (.warc, .warc.gz).")
@click.option("--wacz", is_flag=True, help="The files are WACZ web archives (.wacz).")
@click.option("--outlet", help="The publisher of the article (one file only).")
@click.option("--url", help="Where the article was published (one file only).")
@click.option("--published", help="Publication date, ISO 8601 (one file only).")
@click.option("--lang", help="Language of the text, BCP 47: ar, fa, ckb… (one file only).")
@click.option("--title", help="The headline, in the original script (one file only).")
@click.option("--author", help="The author as printed (one file only).")
@click.option("--retrieved", help="When the capture was retrieved, ISO 8601 (one file only).")
@click.option("--source-id", "source_id", help="Your own identifier for the capture.")
@click.option("--encoding", help="Decode the captures with this encoding (e.g. windows-1256).")
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=DEFAULT_SIZE_LIMIT,
    show_default=True,
    help="Largest capture accepted, in bytes.",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Skip captures and manifest lines that cannot be ingested (each reported on stderr) "
    "and ingest the rest. Without it, every bad one is reported and nothing is written.",
)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the refused manifest lines (and files) to this file as JSONL: line number, "
    "reason and the line's object as given, to fix and feed back.",
)
@click.option("--user", help="Who is ingesting (default: $ARSHIF_USER, git's user, login).")
@wait_option
@pass_app
def ingest_command(
    app: AppContext,
    /,
    paths: tuple[Path, ...],
    manifest: Path | None,
    encoding: str | None,
    max_size: int,
    skip_bad: bool,
    rejects: Path | None,
    user: str | None,
    wait: float,
    warc: bool,
    wacz: bool,
    **given: str | None,
) -> None:
    """Ingest captures: each becomes a TEI record in a new OCFL object, and is indexed.

    The capture is kept byte-exact beside the record. A capture already in the archive is
    reported as a duplicate with its id and not added again. Nothing is written when a
    capture is refused, unless --skip-bad.

    Manifest keys, what each becomes in the record and how given metadata is checked and
    cleaned: docs/ingest.md.

    \b
    Examples:
      arshif ingest seeds/
      arshif ingest article.html --outlet "kayhan.ir" --published 2021-07-31 --lang ar
      arshif ingest --manifest batch.jsonl --skip-bad --rejects rejects.jsonl
      arshif ingest --warc crawl.warc.gz
    """
    stated = [(k, v) for k, v in given.items() if v]
    web = web_archive_input(
        paths,
        warc=warc,
        wacz=wacz,
        stated={**dict(stated), "encoding": encoding or ""},
        manifest=manifest,
    )
    if manifest is None and not paths:
        raise UsageError("give files or folders to ingest, or --manifest FILE.jsonl")
    if rejects is not None and manifest is not None and rejects.resolve() == manifest.resolve():
        raise UsageError("--rejects must name another file than the manifest")
    if rejects is not None and not rejects.resolve().parent.is_dir():
        raise UsageError(f"--rejects {rejects}: no such folder {rejects.parent}")
    files = list(iter_capture_files(paths))
    if stated and (len(files) != 1 or manifest is not None):
        flags = "/--".join(sorted(k for k, _ in stated))
        raise UsageError(f"--{flags} apply to one file; use a manifest for metadata of many")
    metadata = given_metadata(stated)
    refusals: list[Refusal] = []
    web_skipped: list[str] = []
    progress = web.progress() if web else Progress("reading", "captures")

    def skip(message: str) -> None:
        """A damaged web archive record skipped (``--skip-bad``): reported, kept for --rejects."""
        web_skipped.append(message)
        where, _, reason = message.partition(": ")
        refusal = Refusal(where, reason or message)
        report(IngestOutcome("skipped", None, None, reason=message, refusal=refusal))

    def report(outcome: IngestOutcome) -> None:
        if outcome.refusal is not None:
            refusals.append(outcome.refusal)
        elif progress.label == "reading":
            progress.phase("writing", progress.count)
        progress.clear()
        _report(outcome)
        if outcome.refusal is None:
            progress.advance()

    def requests() -> Iterator[CaptureRequest | Refusal]:
        """The captures, read one at a time (the repository reads them all before writing)."""
        if web:
            yield from web.requests(max_size, skip if skip_bad else None, progress)
            return
        for file in files:
            try:
                data = read_capture_file(file, max_size)
            except InputError as exc:
                yield Refusal(str(file), str(exc).removeprefix(f"{file}: "))
                continue
            yield CaptureRequest(
                data,
                str(file),
                metadata.metadata,
                encoding,
                cleaning=metadata.cleaning,
                given_as=metadata.given_as,
            )
        if manifest is not None:
            yield from manifest_items(manifest, limit=max_size)

    repo = app.repo(lock_wait=wait)
    try:
        with progress:
            summary = repo.ingest(
                requests() if web else progress.iterate(requests()),
                app.user(user),
                limit=max_size,
                skip_bad=skip_bad,
                on_outcome=report,
            )
    finally:
        if rejects is not None:
            write_rejects(rejects, refusals, manifest, max_size)
    added = [o.id for o in summary.outcomes if o.status == "added" and o.id]
    added_bytes = sum(o.size or 0 for o in summary.outcomes if o.status == "added")
    if added_bytes > NEAR_DUPLICATE_CHECK_BYTES:
        click.echo(
            f"near-duplicates not checked ({added_bytes:,} bytes of new captures, more than "
            f"{NEAR_DUPLICATE_CHECK_BYTES:,}): run `arshif duplicates`",
            err=True,
        )
        if added:  # later ingests are still checked against these records
            from arshif.ingestcheck import remember

            remember(repo, summary.profiles)
    else:
        _report_near_duplicates(repo, added, summary.profiles)
    if web:
        web.finish(repo, summary, app.user(user))
    click.echo(
        f"{summary.count('added')} added, {summary.count('duplicate')} already in "
        f"archive, {summary.count('skipped') + len(web_skipped)} skipped",
        err=True,
    )


#: The near-duplicate check at ingest holds about 100 bytes of memory per byte of text it
#: reads; above this much new capture it is left to `arshif duplicates` (memory stays bounded).
NEAR_DUPLICATE_CHECK_BYTES = 2**20


def _report_near_duplicates(repo: Repository, added: list[str], profiles: dict[str, Any]) -> None:
    """One stderr line per near-duplicate of a record just added (`ingestcheck.duplicates_of`)."""
    if not added:
        return
    from arshif.curation.editing import INGEST_DUPLICATE_CHECK_LIMIT
    from arshif.ingestcheck import duplicates_of

    found = duplicates_of(repo, added, profiles)
    if found is None:
        click.echo(
            f"near-duplicates not checked (more than {INGEST_DUPLICATE_CHECK_LIMIT} "
            "records to read): run `arshif duplicates` (later ingests are then checked)",
            err=True,
        )
    for item in found or ():
        click.echo(item.describe(), err=True)


def _report(outcome: IngestOutcome) -> None:
    """One line per capture: ``id<TAB>lang<TAB>title`` on stdout, skips on stderr.

    The title is untrusted text: shown on one line without bidi controls (see `one_line`).
    """
    if outcome.status in ("skipped", "refused"):
        click.echo(f"{outcome.status}: {one_line(outcome.reason)}", err=True)
        return
    label = "" if outcome.status == "added" else "\tduplicate (already in archive)"
    click.echo(f"{outcome.id}\t{outcome.lang or '–'}\t{one_line(outcome.title)}{label}")
