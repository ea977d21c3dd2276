"""The state a command needs: where the root is, who acts, and the open `Repository`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import click

from arshif.config import Settings, find_root, resolve_user
from arshif.model import User
from arshif.repository import DEFAULT_LOCK_WAIT, Repository


@dataclass
class AppContext:
    root_option: Path | None
    debug: bool = False
    _repo: Repository | None = field(default=None, repr=False)

    def settings(self) -> Settings:
        return Settings(find_root(self.root_option, os.environ, Path.cwd()))

    def repo(self, lock_wait: float = DEFAULT_LOCK_WAIT) -> Repository:
        if self._repo is None:
            self._repo = Repository(self.settings(), lock_wait=lock_wait, on_wait=_say_waiting)
        return self._repo

    def user(self, explicit: str | None) -> User:
        return resolve_user(explicit, os.environ)


def _say_waiting() -> None:
    click.echo("arshif: waiting for another writer to finish…", err=True)


pass_app = click.make_pass_decorator(AppContext)
