"""What every part of `arshif serve` shares: the server's configuration (`ServeConfig`), and,
inside a request, the running application's archive readers (`readers`) and configuration
(`site`). The application itself is made by `arshif.serve.wsgi.create_app`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from arshif.config import Settings
from arshif.errors import InputError, UsageError
from arshif.repository import ArchiveConfig
from arshif.serve.readers import Readers

#: A repository identifier of the oai-identifier guidelines (a domain name).
REPOSITORY_ID = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
DEFAULT_REPOSITORY_ID = "arshif.local"


@dataclass(frozen=True)
class ServeConfig:
    """What the server needs besides the archive: where it is reached, the OAI settings."""

    settings: Settings
    base_url: str  #: e.g. ``https://news.example.org/arshif`` (no trailing slash)
    oai_page_size: int = 100
    repository_id: str = DEFAULT_REPOSITORY_ID  #: the ``oai:<id>:`` of identifiers
    admin_email: str | None = None  #: overrides the archive's configured one

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise UsageError(f"{self.base_url!r} is not a base URL (write http(s)://host[/path])")
        if not REPOSITORY_ID.fullmatch(self.repository_id):
            raise UsageError(
                f"{self.repository_id!r} is not an OAI repository identifier "
                "(a domain name, e.g. news.example.org)"
            )
        if self.admin_email is not None:
            try:  # the rule `arshif config admin_email` applies
                ArchiveConfig().with_values(admin_email=self.admin_email)
            except InputError as exc:
                raise UsageError(str(exc)) from None
        if not 1 <= self.oai_page_size <= 1000:
            raise UsageError(f"the OAI page size must be 1-1000 (got {self.oai_page_size})")

    def url(self, path: str) -> str:
        """The absolute URL of a path of this server (`path` starts with ``/``)."""
        return self.base_url.rstrip("/") + path


def default_repository_id(base_url: str) -> str:
    """The base URL's host name when it is a valid repository identifier, else `arshif.local`."""
    host = urlsplit(base_url).hostname or ""
    return host if REPOSITORY_ID.fullmatch(host) else DEFAULT_REPOSITORY_ID


def readers() -> Readers:
    from flask import current_app

    found = current_app.extensions["arshif.readers"]
    assert isinstance(found, Readers)
    return found


def site() -> ServeConfig:
    from flask import current_app

    found = current_app.config["ARSHIF"]
    assert isinstance(found, ServeConfig)
    return found


__all__ = ["ServeConfig", "default_repository_id", "readers", "site"]
