"""docs/record-format.md describes what the writer writes, and its seed 004 example is real."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from arshif.tei import record_to_tei
from tests.conftest import REPO
from tests.tei import records

DOC = (REPO / "docs" / "record-format.md").read_text("utf-8")


def test_every_element_and_type_written_is_documented() -> None:
    names: set[str] = set()
    types: set[str] = set()
    for record in records.examples().values():
        for element in ET.fromstring(record_to_tei(record)).iter():
            names.add(element.tag.split("}")[1])
            if "type" in element.attrib:
                types.add(element.attrib["type"])
    assert sorted(n for n in names if not re.search(rf"[`</]{n}\b", DOC)) == []
    assert sorted(t for t in types if f'type="{t}"' not in DOC) == []


def test_the_seed_004_example_is_what_the_writer_writes() -> None:
    example = DOC.split("## The whole record, seed 004", 1)[1].split("```xml\n", 1)[1]
    example = example.split("```", 1)[0]
    written = {line.strip() for line in record_to_tei(records.seed_004()).decode().splitlines()}
    shown = [line.strip() for line in example.splitlines() if "…" not in line]
    assert len(shown) > 50
    assert [line for line in shown if line not in written] == []


def test_every_seed_example_line_is_real() -> None:
    written: set[str] = set()
    for record in records.examples().values():
        written |= {line.strip() for line in record_to_tei(record).decode().splitlines()}
    blocks = re.findall(r"```xml\n(.*?)```", DOC, flags=re.S)
    for block in blocks:
        for line in block.splitlines():
            code = re.sub(r"\s*<!--.*?-->$", "", line).strip()
            if code and "…" not in code:
                assert code in written, code
