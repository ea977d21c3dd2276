"""`arshif ingest`: add captures (text, HTML or TEI files, or a JSONL manifest) to the archive."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import one_line
from arshif.cli.params import max_size_option, wait_option
from arshif.cli.progress import Progress
from arshif.cli.webarchive import bytes_read, finish_web, then_writing, web_progress
from arshif.errors import UsageError
from arshif.repository import DEFAULT_SIZE_LIMIT, CaptureInputs, IngestOutcome

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
@max_size_option(DEFAULT_SIZE_LIMIT, "Largest capture accepted, in bytes.")
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
    if warc and wacz:
        raise UsageError("give --warc or --wacz, not both (one kind of file per ingest)")
    inputs = CaptureInputs(
        paths,
        manifest=manifest,
        stated=[(k, v) for k, v in given.items() if v],
        encoding=encoding,
        limit=max_size,
        kind="warc" if warc else "wacz" if wacz else "files",
        rejects=rejects,
    )
    progress = web_progress(inputs) if inputs.is_web else Progress("reading", "captures")

    def report(outcome: IngestOutcome) -> None:
        inputs.note(outcome)
        if outcome.refusal is None and progress.label == "reading":
            progress.phase("writing", progress.count)
        progress.clear()
        _report(outcome)
        if outcome.refusal is None:
            progress.advance()

    skipped = report if skip_bad else None
    if inputs.is_web:
        read = inputs.requests(on_skipped=skipped, on_bytes=bytes_read(progress))
        requests = then_writing(read, progress)
    else:
        requests = progress.iterate(inputs.requests())
    repo = app.repo(lock_wait=wait)
    try:
        with progress:
            summary = repo.ingest(
                requests, app.user(user), limit=max_size, skip_bad=skip_bad, on_outcome=report
            )
    finally:
        inputs.write_rejects()
    if summary.near_duplicates.not_checked:
        click.echo(summary.near_duplicates.not_checked, err=True)
    for item in summary.near_duplicates.found:
        click.echo(item.describe(), err=True)
    if inputs.is_web:
        finish_web(repo, inputs, summary, app.user(user))
    click.echo(
        f"{summary.count('added')} added, {summary.count('duplicate')} already in "
        f"archive, {summary.count('skipped') + inputs.damaged_skipped} skipped",
        err=True,
    )


def _report(outcome: IngestOutcome) -> None:
    """One line per capture: ``id<TAB>lang<TAB>title`` on stdout, skips on stderr.

    The title is untrusted text: shown on one line without bidi controls (see `one_line`).
    """
    if outcome.status in ("skipped", "refused"):
        click.echo(f"{outcome.status}: {one_line(outcome.reason)}", err=True)
        return
    label = "" if outcome.status == "added" else "\tduplicate (already in archive)"
    click.echo(f"{outcome.id}\t{outcome.lang or '–'}\t{one_line(outcome.title)}{label}")
