"""`arshif history`: every version of a record: when, who, why, and what changed."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.display import bidi_options, resolve_display
from arshif.cli.output import default_format, emit_rows, format_option
from arshif.cli.table import Column

#: When room is short the message keeps twice the room of the user and the changed fields.
COLUMNS: tuple[Column | str, ...] = (
    Column("version"),
    Column("created"),
    Column("user", max_width=24, min_width=12, shrink=1),
    Column("message", min_width=16, shrink=2),
    Column("changed", min_width=10, shrink=1),
)


@click.command("history")
@click.argument("record_id")
@format_option("table", "json", "ndjson", "csv", "tsv")
@bidi_options
@pass_app
def history_command(
    app: AppContext, record_id: str, fmt: str | None, bidi: str | None, no_pager: bool
) -> None:
    """Show every version of a record: date (with its time zone), user, message, changes.

    \b
    Examples:
      arshif history 529ae1d8c55a
      arshif history 529ae1d8c55a --format ndjson | jq .message
    """
    repo = app.repo()
    short = repo.resolve_id(record_id)
    rows = []
    for entry in repo.history(short):
        info = entry.version
        rows.append(
            {
                "version": info.version,
                "created": info.created,
                "user": info.user.name,
                "address": info.user.address,
                "message": info.message,
                "changed": [c.field for c in entry.changes],
                "changes": [
                    {"field": c.field, "old": _plain(c.old), "new": _plain(c.new)}
                    for c in entry.changes
                ],
            }
        )
    fmt = fmt or default_format()
    emit_rows(rows, COLUMNS, fmt, resolve_display(fmt, bidi=bidi, no_pager=no_pager))


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
