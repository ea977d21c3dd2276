"""The state a command needs: where the root is, who acts, and the open `Repository`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from arshif.model import User
from arshif.repository import DEFAULT_LOCK_WAIT, Repository


@dataclass
class AppContext:
    root_option: Path | None
    debug: bool = False
    _repo: Repository | None = field(default=None, repr=False)

    def repo(self, lock_wait: float = DEFAULT_LOCK_WAIT) -> Repository:
        if self._repo is None:
            self._repo = Repository.find(
                self.root_option, lock_wait=lock_wait, on_wait=_say_waiting
            )
        return self._repo

    def user(self, explicit: str | None) -> User:
        return Repository.user(explicit)


def _say_waiting() -> None:
    click.echo("arshif: waiting for another writer to finish…", err=True)


pass_app = click.make_pass_decorator(AppContext)

ROOT_HELP = (
    "The arshif root (folder holding archive/). Default: $ARSHIF_ROOT, else the nearest "
    "folder above the working directory that holds archive/0=ocfl_1.1."
)


def _set_root(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    app = ctx.find_object(AppContext)
    if value is not None and app is not None:
        app.root_option = value


def root_option() -> click.Option:
    """``--root`` given after a subcommand (``arshif list --root R``): it sets the same
    `AppContext.root_option` as ``arshif --root R list``; the later one wins."""
    return click.Option(
        ["--root"],
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_set_root,
        help=ROOT_HELP,
    )


def with_root_option(command: click.Command) -> click.Command:
    """`command` accepting ``--root`` too (once; commands that define their own keep it)."""
    if not any(isinstance(p, click.Option) and "--root" in p.opts for p in command.params):
        command.params.append(root_option())
    return command
