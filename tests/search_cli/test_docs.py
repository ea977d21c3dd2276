"""docs/query-syntax.md and docs/python-api.md agree with the program: every example runs on the
seeds, the options table is `arshif search --help`'s options, and the API example executes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.cli.helpers import invoke

from .helpers import cli

REPO = Path(__file__).resolve().parents[2]
SYNTAX = (REPO / "docs" / "query-syntax.md").read_text("utf-8")
API = (REPO / "docs" / "python-api.md").read_text("utf-8")


def _commands() -> list[list[str]]:
    block = re.search(r"## Examples\n\n```sh\n(.*?)```", SYNTAX, re.S)
    assert block
    return [shlex.split(line)[1:] for line in block.group(1).splitlines() if line.strip()]


def _table_examples() -> list[str]:
    """The example queries of the forms, operators and fields tables (`…` · `…`)."""
    found = []
    for line in SYNTAX.splitlines():
        if (line.startswith("| ") and " · " in line) or re.match(r"^\| `[a-z_]+:` ", line):
            cell = line.rstrip(" |").rsplit(" | ", 1)[-1]
            found += [re.sub(r"\\\|", "|", m) for m in re.findall(r"`((?:[^`\\]|\\.)+)`", cell)]
    return found


@pytest.mark.parametrize("args", _commands(), ids=lambda a: " ".join(a))
def test_every_documented_command_runs(seeds_root: Path, args: list[str]) -> None:
    result = cli(seeds_root, *args[:1], "--format", "json", *args[1:])
    assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize("query", _table_examples())
def test_every_documented_query_form_parses(seeds_root: Path, query: str) -> None:
    args = shlex.split(query) if query.startswith("'") else [query]
    result = cli(seeds_root, "search", "--format", "json", "--", *args)
    assert result.exit_code in (0, 1), (query, result.output)


def test_documented_forms_cover_the_examples() -> None:
    assert len(_table_examples()) >= 30
    assert len(_commands()) >= 15


def test_the_options_table_is_the_help() -> None:
    help_text = invoke(["search", "--help"]).stdout
    in_help = set(
        re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-z])\b", help_text.split("Options:")[1])
    )
    table = SYNTAX.split("## Options")[1].split("##")[0]
    documented = set(re.findall(r"`(--[a-z][a-z-]+|-[a-z])", table))
    documented |= set(re.findall(r", `(--[a-z][a-z-]+)", table))
    assert in_help - {"-h", "--help"} == documented
    for choice in ("relevance", "-published", "outlet,lang,year,tag", "auto|always|never"):
        assert choice in table.replace("\\|", "|")


def test_the_python_api_example_runs(seeds_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```python\n(.*?)```", API, re.S)
    assert block
    monkeypatch.setenv("ARSHIF_ROOT", str(seeds_root))
    namespace: dict[str, object] = {}
    exec(compile(block.group(1), "python-api.md", "exec"), namespace)
    assert namespace["page"].total > 0  # type: ignore[attr-defined]
