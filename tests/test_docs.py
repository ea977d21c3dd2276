"""docs/cli.md is generated from --help and cannot drift; every command documents itself;
docs/architecture.md names every module of arshif."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from click.testing import CliRunner

from arshif.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parent.parent


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", REPO / "scripts" / "gen_cli_docs.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_matches_help() -> None:
    gen = _generator()
    doc = (REPO / "docs" / "cli.md").read_text("utf-8")
    assert gen.render(doc) == doc, "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"`arshif {name} --help` shows no example"
        assert f"## arshif {name}" in (REPO / "docs" / "cli.md").read_text("utf-8")


def _named(doc: str, name: str) -> bool:
    """`name` stands in `doc` as code: `name`, `name.attribute` or `name(…)`."""
    return re.search(rf"`{re.escape(name)}[`.(]", doc) is not None


def test_architecture_names_every_module() -> None:
    doc = (REPO / "docs" / "architecture.md").read_text("utf-8")
    src = REPO / "src" / "arshif"
    unnamed = []
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts == ("__init__",):
            continue
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        dotted = ".".join(parts)
        names = [f"arshif.{dotted}", dotted]
        if parts[0] == "cli" and len(parts) == 2:
            names.append(parts[1])  # the commands are listed by name
        if not any(_named(doc, name) for name in names):
            unnamed.append(dotted)
    assert not unnamed, f"docs/architecture.md does not name {unnamed}"


def test_tests_readme_names_only_files_that_exist() -> None:
    """tests/README.md (where the tests of each part are) names no test file or folder that
    was moved or renamed (test_generation.py became test_segments.py in issue 18)."""
    doc = (REPO / "tests" / "README.md").read_text("utf-8")
    named = set(re.findall(r"`(tests/[\w/.]+)`", doc)) - {"tests/X/"}  # X: a placeholder
    assert named
    assert sorted(p for p in named if not (REPO / p).exists()) == []
