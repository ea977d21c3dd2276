"""docs/citations.md shows real output: each `<!-- export: SEED FORMAT -->` block equals it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arshif.cite import FORMATS, export
from arshif.model import Record
from tests.cite.records import full_arabic, seed_records

DOC = Path(__file__).resolve().parents[2] / "docs" / "citations.md"
BLOCK = re.compile(r"<!-- export: (\S+) (\S+) -->\n```\w*\n(.*?)```\n", re.S)


def _record(name: str) -> Record:
    if name == "full":
        return full_arabic()
    return seed_records()[int(name)]


def _blocks() -> list[tuple[str, str, str]]:
    return [(m[1], m[2], m[3]) for m in BLOCK.finditer(DOC.read_text("utf-8"))]


def test_every_format_is_shown_for_a_seed() -> None:
    assert {fmt for name, fmt, _ in _blocks() if name == "004"} == set(FORMATS)


@pytest.mark.parametrize(("name", "fmt", "shown"), _blocks(), ids=lambda v: str(v)[:20])
def test_shown_output_is_real(name: str, fmt: str, shown: str) -> None:
    assert export([_record(name)], fmt).rstrip("\n") + "\n" == shown
