"""The archive's own settings, kept in the storage root: its name, a contact, its search engine.

They live in ``archive/arshif.json``, a direct child of the OCFL storage root (OCFL 1.1 §4.1
lets a storage root hold other files as direct children), so they travel with the archive (and
are committed with it) while ``indexes/`` stays derived. An archive without the file has the
defaults; `save_archive_config` replaces the file atomically (write, fsync, rename).

Who uses what:
- ``name``: citations (where an item is held), OAI-PMH ``Identify``, BagIt ``Source-Organization``;
- ``admin_email``: OAI-PMH ``Identify``;
- ``engine``: which search engine builds ``indexes/`` (see `arshif.search`): chosen by
  ``arshif init --engine`` (default: ``$ARSHIF_ENGINE``, else whoosh, `default_engine`),
  switched by ``arshif reindex --engine``.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from arshif.errors import InputError

CONFIG_FILE = "arshif.json"
DEFAULT_NAME = "arshif"
#: The search engines an archive can choose (each an ``arshif.search.<name>`` package), the
#: default first.
ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = ENGINES[0]
#: The environment variable naming the engine of new archives (when init is given none).
ENGINE_VARIABLE = "ARSHIF_ENGINE"
MAX_NAME = 200


@dataclass(frozen=True)
class ArchiveConfig:
    """An archive's settings; every field has a default so an old archive needs no file."""

    name: str = DEFAULT_NAME
    admin_email: str | None = None
    engine: str = DEFAULT_ENGINE

    def with_values(self, **values: str | None) -> ArchiveConfig:
        """A copy with `values` set, each checked (`InputError` names the bad one)."""
        unknown = sorted(set(values) - set(asdict(self)))
        if unknown:
            valid = ", ".join(sorted(asdict(self)))
            raise InputError(f"unknown archive setting {unknown[0]!r} (valid: {valid})")
        checked = {key: _check(key, value) for key, value in values.items()}
        return replace(self, **checked)  # type: ignore[arg-type]


def default_engine(env: Mapping[str, str]) -> str:
    """The engine of a new archive when none is given: ``$ARSHIF_ENGINE``, else whoosh
    (`InputError` for an unknown name)."""
    value = env.get(ENGINE_VARIABLE) or DEFAULT_ENGINE
    engine = _check("engine", value)
    assert engine is not None
    return engine


def config_path(archive_dir: Path) -> Path:
    return archive_dir / CONFIG_FILE


def load_archive_config(archive_dir: Path) -> ArchiveConfig:
    """The settings stored in `archive_dir` (the storage root), or the defaults.

    Raises:
        InputError: the file exists but is not a JSON object of known, valid settings.
    """
    path = config_path(archive_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ArchiveConfig()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path} is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path} must hold a JSON object")
    return ArchiveConfig().with_values(**data)


def save_archive_config(archive_dir: Path, config: ArchiveConfig) -> None:
    """Write `config` to the storage root atomically (a reader sees the old or the new file)."""
    from arshif.store.durable import rename, write_file

    path = config_path(archive_dir)
    data = json.dumps(asdict(config), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    temporary = archive_dir / f".{CONFIG_FILE}.{uuid.uuid4().hex}.tmp"
    try:
        write_file(temporary, data.encode("utf-8"))
        rename(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _check(key: str, value: object) -> str | None:
    if key == "admin_email":
        if value is None or value == "":
            return None
        if not isinstance(value, str) or not _is_email(value):
            raise InputError(f"admin_email {value!r} is not an e-mail address (name@host)")
        return value
    if not isinstance(value, str):
        raise InputError(f"{key} must be a string, not {type(value).__name__}")
    if key == "engine":
        if value not in ENGINES:
            raise InputError(f"engine {value!r} is not one of: {', '.join(ENGINES)}")
        return value
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise InputError("the archive's name must not be empty")
    if len(text) > MAX_NAME:
        raise InputError(f"the archive's name is longer than {MAX_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch != "\u200c" for ch in text):
        raise InputError("the archive's name holds control or bidi formatting characters")
    return text


def _is_email(value: str) -> bool:
    local, at, host = value.partition("@")
    return bool(at and local and "." in host and not any(c.isspace() for c in value))
