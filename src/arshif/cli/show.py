"""`arshif show`: one record's metadata and text (head or any version), as text, TEI or JSON."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import one_line, to_json
from arshif.cli.params import version_name
from arshif.views import record_view


@click.command("show")
@click.argument("record_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "tei", "json"]),
    default="text",
    show_default=True,
    help="text: metadata and body; tei: the record's XML; json.",
)
@click.option("--version", "version", help="Show this version (v1, v2, … or 1, 2, …).")
@pass_app
def show_command(app: AppContext, record_id: str, fmt: str, version: str | None) -> None:
    """Show one record: its metadata, provenance and text.

    \b
    Examples:
      arshif show 529ae1d8c55a
      arshif show 529ae1d8c55a --format json | jq .published
      arshif show 529ae1d8c55a --format tei --version v1
    """
    repo = app.repo()
    short = repo.resolve_id(record_id)
    wanted = None if version is None else version_name(version)
    if fmt == "tei":
        data = repo.store.read(repo.record(short).object_id, "record.xml", wanted)
        click.echo(data.decode("utf-8"), nl=False)
        return
    record = repo.record(short, wanted)
    view = record_view(record, repo.versions(short))
    if fmt == "json":
        view["text"] = list(record.paragraphs)
        click.echo(to_json(view))
        return
    labels = (
        "id",
        "title",
        "lang",
        "outlet",
        "author",
        "published",
        "url",
        "source_id",
        "attributed_source",
        "tags",
    )
    for label in labels:
        if view.get(label) not in (None, [], ""):
            click.echo(f"{label + ':':<19}{one_line(view[label])}")
    if record.withdrawn is not None:
        w = record.withdrawn
        click.echo(f"{'withdrawn:':<19}{w.when} by {w.who.name}: {one_line(w.reason)}")
    versions = view["versions"] or []
    click.echo(f"{'versions:':<19}{len(versions)} (head {versions[-1]['version']})")
    click.echo(f"{'capture:':<19}{record.capture.path} sha256 {record.capture.sha256}")
    click.echo("")
    click.echo(record.text)
