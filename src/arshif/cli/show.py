"""`arshif show`: one record's metadata and text (head or any version), as text, TEI or JSON."""

from __future__ import annotations

from typing import Any

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import Display, bidi_options, echo, resolve_display, visual
from arshif.cli.output import one_line, to_json
from arshif.cli.params import version_name
from arshif.model import Link, Record
from arshif.views import shown_record, strip_terminal_controls

LABELS = (
    "id",
    "title",
    "title_romanized",
    "lang",
    "outlet",
    "author",
    "published",
    "url",
    "source_id",
    "attributed_source",
    "tags",
)
_LABEL_WIDTH = 19


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
@bidi_options
@pass_app
def show_command(
    app: AppContext,
    record_id: str,
    fmt: str,
    version: str | None,
    bidi: str | None,
    no_pager: bool,
) -> None:
    """Show one record: which version, its metadata, links, provenance and text.

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
    versions = repo.versions(short)
    view = shown_record(record, versions, wanted)
    if fmt == "json":
        click.echo(to_json(view))
        return
    shown = resolve_display("text", bidi=bidi, no_pager=no_pager)
    echo(text_view(record, view, shown), shown)


def text_view(record: Record, view: dict[str, Any], display: Display) -> str:
    """Labelled metadata lines, the version shown, links and translated titles, then the text
    (with ``--bidi on``, each line wrapped to the terminal and laid out in visual order)."""
    lines = [_labelled(label, view[label]) for label in LABELS if view.get(label) not in _EMPTY]
    for lang, title in view["titles_translated"].items():
        lines.append(_labelled(f"title ({lang})", title))
    lines += [_labelled("links", _link(link)) for link in record.links]
    if record.withdrawn is not None:
        w = record.withdrawn
        lines.append(_labelled("withdrawn", f"{w.when} by {w.who.name}: {one_line(w.reason)}"))
    head = view["versions"][-1]["version"]
    lines.append(_labelled("version", f"{view['version']} of {head}"))
    lines.append(_labelled("capture", f"{record.capture.path} sha256 {record.capture.sha256}"))
    lines.append("")
    body = strip_terminal_controls(record.text, keep="\n")
    if not display.bidi:
        return "\n".join([*lines, body])
    import wcwidth

    from arshif.cli.table import terminal_width

    wrapped = [
        row for paragraph in body.split("\n") for row in wcwidth.wrap(paragraph, terminal_width())
    ]
    return "\n".join(visual(line) for line in [*lines, *wrapped])


_EMPTY: tuple[object, ...] = (None, [], "", {})


def _labelled(label: str, value: object) -> str:
    return f"{label + ':':<{_LABEL_WIDTH}}{one_line(value)}"


def _link(link: Link) -> str:
    if link.kind == "duplicate-of" and link.inverse:
        return f"duplicated by {link.target}"
    return f"{link.kind} {link.target}"
