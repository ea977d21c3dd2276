"""Helpers: run a search through the CLI and read its output back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.helpers import invoke


def cli(root: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return invoke(["--root", str(root), *args], env=env)


def ndjson(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def hit_ids(root: Path, query: str, *args: str) -> set[str]:
    """The ids a query finds (all of them), through `arshif search --format ndjson`."""
    result = cli(root, "search", "--format", "ndjson", "--limit", "1000", *args, "--", query)
    assert result.exit_code in (0, 1), result.output
    return {row["id"] for row in ndjson(result.stdout) if "id" in row}


def assert_usage_error(result: Any, *needles: str) -> str:
    """Exit 2, nothing on stdout, one `arshif: error:` line naming the problem, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1 or message.startswith("Usage:"), message
    for needle in needles:
        assert needle in message, (needle, message)
    return message
