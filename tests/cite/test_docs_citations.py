"""docs/citations.md shows real output: each export block equals what arshif prints.

``<!-- export: SEED FORMAT -->`` blocks are `export([record], fmt)` of a record of
`tests/cite/records.py`; ``<!-- cite: ID FORMAT -->`` blocks are ``arshif cite ID --format FORMAT``
on the bundled archive (what a reader of the docs gets). To refresh every block after a
deliberate change: ``python -m tests.cite.test_docs_citations --write``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from arshif.cite import FORMATS, export
from arshif.model import Record
from tests.cite.records import full_arabic, seed_records
from tests.cli.helpers import REPO, invoke

DOC = REPO / "docs" / "citations.md"
BLOCK = re.compile(r"<!-- (export|cite): (\S+) (\S+) -->\n```(\w*)\n(.*?)```\n", re.S)
#: The bundled archive's untitled seeds (000 Persian, 002 Arabic), shown in every format.
UNTITLED = ("5864ae73e390", "47469c51ded2")


def _record(name: str) -> Record:
    if name == "full":
        return full_arabic()
    return seed_records()[int(name)]


def real_output(kind: str, name: str, fmt: str) -> str:
    if kind == "export":
        return export([_record(name)], fmt).rstrip("\n") + "\n"
    result = invoke(["--root", str(REPO), "cite", name, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip("\n") + "\n"


def _blocks(text: str) -> list[tuple[str, str, str, str]]:
    return [(m[1], m[2], m[3], m[5]) for m in BLOCK.finditer(text)]


def test_every_format_is_shown_for_a_seed() -> None:
    blocks = _blocks(DOC.read_text("utf-8"))
    assert {fmt for kind, name, fmt, _ in blocks if name == "004"} == set(FORMATS)
    for record_id in UNTITLED:
        assert {fmt for kind, name, fmt, _ in blocks if name == record_id} == set(FORMATS)


@pytest.mark.parametrize(
    ("kind", "name", "fmt", "shown"), _blocks(DOC.read_text("utf-8")), ids=lambda v: str(v)[:20]
)
def test_shown_output_is_real(kind: str, name: str, fmt: str, shown: str) -> None:
    assert real_output(kind, name, fmt) == shown


def _write(path: Path) -> None:
    def fill(match: re.Match[str]) -> str:
        kind, name, fmt, lang = match[1], match[2], match[3], match[4]
        return f"<!-- {kind}: {name} {fmt} -->\n```{lang}\n{real_output(kind, name, fmt)}```\n"

    path.write_text(BLOCK.sub(fill, path.read_text("utf-8")), "utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        _write(DOC)
