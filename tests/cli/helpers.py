"""Helpers for CLI tests: invoke the real CLI, map seeds to ids, validate objects with ocfl-py."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner, Result

from arshif.cli import cli

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


def invoke(args: list[str], input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, args, input=input, env=env, catch_exceptions=False)


def seed_ids(root: Path | None = None) -> dict[str, str]:
    """Seed number ("000"…"004") → short id (the first 12 hex digits of the capture's sha256)."""
    return {
        path.name[:3]: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(SEEDS.glob("*.txt"))
    }


def objects_valid(archive: Path) -> int:
    """Validate every object under `archive` with ocfl-py, one by one; return how many."""
    from ocfl.validator import Validator

    count = 0
    for marker in archive.rglob("0=ocfl_object_1.1"):
        validator = Validator(check_digests=True)
        assert validator.validate_object(str(marker.parent)), validator.status_str()
        count += 1
    return count
