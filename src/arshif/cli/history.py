"""`arshif history`: every version of a record: when, who, why, and what changed."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.output import default_format, emit_rows, format_option

COLUMNS = ("version", "created", "user", "message", "changed")


@click.command("history")
@click.argument("record_id")
@format_option("table", "json", "ndjson", "csv")
@pass_app
def history_command(app: AppContext, record_id: str, fmt: str | None) -> None:
    """Show every version of a record: date (with its time zone), user, message, changes.

    \b
    Examples:
      arshif history 529ae1d8c55a
      arshif history 529ae1d8c55a --format ndjson | jq .message
    """
    from arshif.curator import Curator

    repo = app.repo()
    short = repo.resolve_id(record_id)
    rows = []
    for entry in Curator(repo).history(short):
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
    emit_rows(rows, COLUMNS, fmt or default_format(), limits={"message": 60})


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
