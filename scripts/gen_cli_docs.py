"""Regenerate the command reference in docs/cli.md from `arshif <command> --help`.

Run `python scripts/gen_cli_docs.py` after changing a command; tests/test_docs.py fails when
docs/cli.md and the help texts disagree. Only the part between the markers is generated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from arshif.cli import COMMANDS, cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
BEGIN = "<!-- BEGIN GENERATED: arshif --help -->"
END = "<!-- END GENERATED -->"


def help_text(args: list[str]) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="arshif", terminal_width=100)
    if result.exit_code != 0:
        raise RuntimeError(f"arshif {' '.join(args)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def reference() -> str:
    parts = ["## arshif\n\n```text\n" + help_text([]) + "```\n"]
    for name in sorted(COMMANDS):
        parts.append(f"## arshif {name}\n\n```text\n{help_text([name])}```\n")
    return "\n".join(parts)


def render(doc: str) -> str:
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{reference()}\n{END}{tail}"


if __name__ == "__main__":
    text = render(DOC.read_text("utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if text == DOC.read_text("utf-8") else 1)
    DOC.write_text(text, "utf-8")
