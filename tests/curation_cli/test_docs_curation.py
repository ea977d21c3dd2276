"""docs/curation.md cannot drift: its ``console`` blocks are run in order on a fresh copy of the
seeds, and each command's output must be what the page shows (times and temporary paths masked).

To regenerate the outputs after a deliberate change:
``ARSHIF_WRITE_DOCS=1 python -m pytest tests/curation_cli/test_docs_curation.py``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from arshif.cli import cli
from tests.cli.helpers import REPO, SEEDS

DOC = REPO / "docs" / "curation.md"
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")
SCORE = re.compile(r"(?<![\d.])\d+\.\d{4}(?![\d.])")
HEAD = re.compile(r"\s*\|\s*head -n (\d+)\s*$")
#: sizes on disk depend on the file system (`arshif stats`)
SIZE = re.compile(r"\d[\d,.]* (?:bytes|KB|MB|GB)")


@dataclass
class Step:
    command: str  #: the command, as typed after "$ " (a heredoc's lines included)
    output: str  #: what the page shows


@dataclass
class Session:
    home: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(self, command: str) -> str:
        first = command.splitlines()[0]
        if first.startswith("export "):
            for item in shlex.split(first)[1:]:
                name, _, value = item.partition("=")
                self.env[name] = value.replace("~", str(self.home), 1)
            return ""
        if (
            first.startswith("arshif ")
            and "\n" not in command
            and ("|" not in first or HEAD.search(first))
        ):
            return self._arshif(first)
        proc = subprocess.run(
            ["bash", "-c", command],
            cwd=self.home,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, **self.env},
            check=False,
        )
        return proc.stdout + proc.stderr

    def _arshif(self, line: str) -> str:
        limit = None
        piped = HEAD.search(line)
        if piped:
            limit, line = int(piped.group(1)), line[: piped.start()]
        args = shlex.split(line)[1:]
        env = {"VISUAL": None, "EDITOR": None, **self.env}
        cwd = os.getcwd()
        os.chdir(self.home)
        try:
            result = CliRunner().invoke(cli, args, env=env)  # type: ignore[arg-type]
        finally:
            os.chdir(cwd)
        if limit is not None:
            return "".join(result.stdout.splitlines(keepends=True)[:limit])
        return result.output

    def mask_paths(self, text: str) -> str:
        return text.replace(str(self.home), "~")

    def mask(self, text: str, command: str) -> str:
        text = self.mask_paths(text)
        text = TIME.sub("<time>", text)
        if command.startswith("arshif search"):
            text = SCORE.sub("<score>", text)
        if command.startswith("arshif stats"):
            text = SIZE.sub("<size>", text)
        return text


def parse(doc: str) -> list[tuple[re.Match[str], list[Step]]]:
    blocks = []
    for match in BLOCK.finditer(doc):
        steps: list[Step] = []
        lines = match.group(1).splitlines(keepends=True)
        i = 0
        while i < len(lines):
            line = lines[i]
            assert line.startswith("$ "), f"console block line without a command: {line!r}"
            command = line[2:]
            i += 1
            heredoc = re.search(r"<<'?(\w+)'?\s*$", command)
            if heredoc:
                while i < len(lines) and lines[i].rstrip("\n") != heredoc.group(1):
                    command += lines[i]
                    i += 1
                command += lines[i]
                i += 1
            output = ""
            while i < len(lines) and not lines[i].startswith("$ "):
                output += lines[i]
                i += 1
            steps.append(Step(command.rstrip("\n"), output))
        blocks.append((match, steps))
    return blocks


def _session(tmp_path: Path) -> Session:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(SEEDS, home / "seeds")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return Session(home, {"HOME": str(home), "PATH": path})


@pytest.mark.engines("whoosh")  # the page shows the default engine: its scores and tie order,
# its index's size on disk and "search engine: whoosh" (tantivy's differ: search/tantivy/README.md)
def test_every_documented_command_prints_what_the_page_shows(tmp_path: Path) -> None:
    doc = DOC.read_text("utf-8")
    blocks = parse(doc)
    assert len(blocks) >= 10
    session = _session(tmp_path)
    rewritten, at = [], 0
    problems = []
    for match, steps in blocks:
        rewritten.append(doc[at : match.start(1)])
        for step in steps:
            actual = session.run(step.command)
            actual += "" if actual.endswith("\n") or not actual else "\n"
            expected = step.output
            if session.mask(actual, step.command) != session.mask(expected, step.command):
                problems.append(
                    f"$ {step.command}\n--- the page shows\n{expected}"
                    f"--- the command prints\n{actual}"
                )
            rewritten.append(f"$ {step.command}\n{actual}")
        at = match.end(1)
    rewritten.append(doc[at:])
    if os.environ.get("ARSHIF_WRITE_DOCS") == "1":
        DOC.write_text(session.mask_paths("".join(rewritten)), "utf-8")
        return
    assert not problems, "docs/curation.md drifted:\n\n" + "\n\n".join(problems)


def test_the_walk_through_covers_every_curation_command() -> None:
    commands = {
        shlex.split(step.command)[1]
        for _, steps in parse(DOC.read_text("utf-8"))
        for step in steps
        if step.command.startswith("arshif ")
    }
    assert {
        "edit",
        "history",
        "diff",
        "show",
        "revert",
        "withdraw",
        "restore",
        "duplicates",
        "link",
        "export",
        "list",
        "search",
        "stats",
    } <= commands
