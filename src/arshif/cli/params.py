"""Options shared by the commands that write: who acts, the message, how long to wait."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def wait_option(func: F) -> F:
    """``--wait``: how long a command that writes waits for another writer's lock."""
    return click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=60.0,
        show_default=True,
        help="Seconds to wait for another writer to finish.",
    )(func)


def max_size_option(default: int, help: str) -> Callable[[F], F]:
    """``--max-size``: the largest input (a capture, a file in a bag) a command reads, in
    bytes (`ingest` and `import`)."""
    return click.option(
        "--max-size",
        type=click.IntRange(min=1),
        default=default,
        show_default=True,
        help=help,
    )


def writer_options(func: F) -> F:
    """``--user`` and ``--wait`` for every command that writes a version."""
    func = wait_option(func)
    return click.option(
        "--user",
        help="Who makes the change, as `Name <email>` (default: "
        "$ARSHIF_USER, else git's user.name/email, else the login name).",
    )(func)


def message_option(required: bool = False) -> Callable[[F], F]:
    return click.option(
        "-m",
        "--message",
        required=required,
        help="Why: stored in the OCFL inventory and the TEI revisionDesc.",
    )


def version_name(value: str) -> str:
    """``3`` or ``v3`` → ``v3``."""
    value = value.strip()
    if value.isdigit():
        return f"v{int(value)}"
    if value.startswith("v") and value[1:].isdigit():
        return f"v{int(value[1:])}"
    raise click.BadParameter(f"{value!r} is not a version (v1, v2, … or 1, 2, …)")


def report_version(record_id: str, info: object) -> None:
    """One line per written version, or say that nothing changed."""
    if info is None:
        click.echo(f"{record_id}: no change, no new version", err=True)
    else:
        from arshif.cli.table import cell

        message = cell(info.message)  # type: ignore[attr-defined]
        click.echo(f"{record_id}\t{info.version}\t{message}")  # type: ignore[attr-defined]


def date_options(func: F) -> F:
    """``--since`` and ``--until``: publication dates, inclusive (search, kwic, list)."""
    func = click.option("--until", metavar="DATE", help="Published on or before DATE (inclusive).")(
        func
    )
    return click.option(
        "--since", metavar="DATE", help="Published on or after DATE (2021, 2021-11, ...)."
    )(func)


def include_withdrawn_option(help: str = "Include withdrawn records.") -> Callable[[F], F]:
    """``--include-withdrawn``: withdrawn records too (each listing says how in `help`)."""
    return click.option("--include-withdrawn", is_flag=True, help=help)


def record_filter_options(withdrawn_help: str) -> Callable[[F], F]:
    """The filters of a listing of records (`Repository.listed`): ``--tag``, ``--outlet``,
    ``--lang``, the dates and ``--include-withdrawn``."""

    def decorate(func: F) -> F:
        func = include_withdrawn_option(withdrawn_help)(func)
        func = date_options(func)
        for name, help in reversed(_RECORD_FILTERS):
            func = click.option(name, help=help)(func)
        return func

    return decorate


_RECORD_FILTERS = (
    ("--tag", "Only records with this tag."),
    ("--outlet", "Only records of this outlet (as search's outlet: matches it)."),
    ("--lang", "Only records in this language (fa also matches fa-IR)."),
)
