"""`arshif diff`: what changed between two versions of a record, field by field and word by word."""

from __future__ import annotations

import click

from arshif.cli import display as terminal
from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import display_options, echo, resolve_display, visual
from arshif.cli.output import to_json
from arshif.cli.params import version_name
from arshif.views import strip_terminal_controls

#: Unchanged words shown around a change on a terminal.
DEFAULT_CONTEXT = 5
#: Colours of removed and added words (as git's word diff: red and green).
COLOR_MARKS = {"delete": ("\x1b[31m", "\x1b[m"), "insert": ("\x1b[32m", "\x1b[m")}
#: Each kind of change is bounded by one control character (under --bidi reordering may swap
#: the two ends), turned into colours or marks once the line is laid out.
_TOGGLES = {"delete": "\x0e", "insert": "\x0f"}


def context_value(ctx: click.Context, param: click.Parameter, value: str | None) -> int | str:
    """``--context N`` (words) or ``all``; None: a few words on a terminal, else all."""
    if value is None:
        return DEFAULT_CONTEXT if terminal.stdout_is_terminal() else "all"
    if value.strip().lower() == "all":
        return "all"
    if value.strip().isdigit():
        return int(value)
    raise click.BadParameter(f"{value!r}: give a number of words or 'all'", ctx, param)


@click.command("diff")
@click.argument("record_id")
@click.argument("first")
@click.argument("second")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["unified", "json"]),
    default="unified",
    show_default=True,
    help="unified: readable, [-removed-]{+added+} (coloured on a terminal); json: structured.",
)
@click.option(
    "--context",
    metavar="N|all",
    callback=context_value,
    help=f"Unchanged words shown around each change, or all: whole paragraphs. Default: "
    f"{DEFAULT_CONTEXT} on a terminal, all in a pipe.",
)
@display_options
@pass_app
def diff_command(
    app: AppContext,
    record_id: str,
    first: str,
    second: str,
    fmt: str,
    context: int | str,
    color: str,
    bidi: str | None,
    no_pager: bool,
) -> None:
    """Compare two versions of a record (text stays in logical order, never reshaped).

    On a terminal only the changed passages are shown, with a few words around them, removed
    words in red and added ones in green (like `git diff --word-diff=color`); in a pipe, whole
    paragraphs with [-removed-]{+added+} markers and no colour.

    \b
    Examples:
      arshif diff 529ae1d8c55a v1 v2
      arshif diff 529ae1d8c55a v1 v2 --context all
      arshif diff 529ae1d8c55a 1 3 --format json | jq .metadata
    """
    repo = app.repo()
    short = repo.resolve_id(record_id)
    old, new = version_name(first), version_name(second)
    result = repo.diff(short, old, new)
    if fmt == "json":
        click.echo(to_json(result.as_dict()))
        return
    if result.is_empty:
        click.echo(f"{short}: {old} and {new} do not differ", err=True)
        return
    shown = resolve_display("unified", color, bidi, no_pager)
    words = None if context == "all" else int(context)
    toggles = {kind: (char, char) for kind, char in _TOGGLES.items()}
    text = result.unified(words, toggles).rstrip("\n")
    text = strip_terminal_controls(text, keep="\n" + "".join(_TOGGLES.values()))
    lines = [visual(line) if shown.bidi else line for line in text.split("\n")]
    marks = COLOR_MARKS if shown.color else result.plain_marks
    echo("\n".join(_styled(line, marks) for line in lines), shown)


def _styled(line: str, marks: dict[str, tuple[str, str]]) -> str:
    """A line (laid out by `visual` under --bidi), its change bounds turned into colours or
    plain marks."""
    inside = {kind: False for kind in _TOGGLES}
    out = []
    for char in line:
        kind = next((k for k, c in _TOGGLES.items() if c == char), None)
        if kind is None:
            out.append(char)
            continue
        out.append(marks[kind][1] if inside[kind] else marks[kind][0])
        inside[kind] = not inside[kind]
    return "".join(out)
