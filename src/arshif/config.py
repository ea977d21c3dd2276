"""Where the archive is and who is working on it: root discovery and the acting user.

Nothing here runs at import; the CLI builds a `Settings` once per command.
"""

from __future__ import annotations

import getpass
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from arshif.errors import ArchiveNotFound
from arshif.model import User

#: The file that marks an OCFL 1.1 storage root (the "NAMASTE" conformance declaration).
ROOT_MARKER = "0=ocfl_1.1"


@dataclass(frozen=True)
class Settings:
    """The folders of a root: ``archive/`` (truth), ``indexes/`` (derived), ``.arshif/`` (work)."""

    root: Path

    @property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    @property
    def index_dir(self) -> Path:
        return self.root / "indexes"

    @property
    def search_dir(self) -> Path:
        """The search index's folder, whichever engine (`arshif.archiveconfig`) built it: each
        engine reads the other's index as stale, so switching engines is a rebuild in place."""
        return self.index_dir / "search"

    @property
    def work_dir(self) -> Path:
        return self.root / ".arshif"


def is_root(path: Path) -> bool:
    """True when `path` holds an arshif archive (``archive/0=ocfl_1.1``)."""
    return (path / "archive" / ROOT_MARKER).is_file()


def find_root(explicit: Path | None, env: Mapping[str, str], cwd: Path) -> Path:
    """Find the root: ``--root``, else ``ARSHIF_ROOT``, else walk up from `cwd`.

    Raises:
        ArchiveNotFound: with a message saying how to create or point at an archive.
    """
    given = explicit if explicit is not None else env.get("ARSHIF_ROOT") or None
    if given is not None:
        path = Path(given).expanduser().resolve()
        if path.name == "archive" and (path / ROOT_MARKER).is_file():
            return path.parent
        if is_root(path):
            return path
        source = "--root" if explicit is not None else "ARSHIF_ROOT"
        raise ArchiveNotFound(
            f"{source} points at {path}, which holds no archive (no archive/{ROOT_MARKER}); "
            f"create one with `arshif --root {path} init`"
        )
    for folder in (cwd.resolve(), *cwd.resolve().parents):
        if is_root(folder):
            return folder
    raise ArchiveNotFound(
        f"no archive here: no archive/{ROOT_MARKER} in {cwd} or above it; "
        "pass --root DIR, set ARSHIF_ROOT, or create one with `arshif init`"
    )


def resolve_user(explicit: str | None, env: Mapping[str, str]) -> User:
    """Who is acting: ``--user``, else ``ARSHIF_USER``, else git's user.name/email, else the login.

    A value of the form ``Name <email>`` gives the user an ``mailto:`` address.
    """
    value = explicit or env.get("ARSHIF_USER")
    if value:
        return parse_user(value)
    name, email = _git_identity()
    if name:
        return User(name=name, address=f"mailto:{email}" if email else None)
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return User(name=login)


def parse_user(value: str) -> User:
    """``"Fatima Ahmadi <fatima@example.org>"`` → User with a mailto: address."""
    value = value.strip()
    if value.endswith(">") and "<" in value:
        name, _, email = value[:-1].rpartition("<")
        return User(name=name.strip() or email, address=f"mailto:{email.strip()}")
    return User(name=value)


def _git_identity() -> tuple[str | None, str | None]:
    import subprocess  # here: a command that needs no identity (a search) never loads it

    git = shutil.which("git")
    if git is None:
        return None, None

    def get(key: str) -> str | None:
        try:
            out = subprocess.run(
                [git, "config", "--get", key],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() or None

    return get("user.name"), get("user.email")
