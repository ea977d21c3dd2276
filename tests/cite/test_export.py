"""export(): every format, the order of the records, and text no export may contain."""

from __future__ import annotations

import doctest
import importlib
import json
import re

import pytest

from arshif.cite import FORMATS, csl_items, export, format_name
from arshif.cite.export import FORMATTED
from arshif.errors import UsageError
from arshif.model import Record
from tests.cite.records import hostile

FORBIDDEN = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\u202a-\u202e\u2066-\u2069]")


def test_formats() -> None:
    assert FORMATS == (
        "biblatex",
        "bibtex",
        "ris",
        "csl-json",
        "chicago-author-date",
        "chicago-note-bibliography",
        "apa",
    )
    assert format_name("chicago") == "chicago-note-bibliography"
    assert format_name("CSL-JSON") == "csl-json"


def test_unknown_format_is_a_usage_error(seeds: list[Record]) -> None:
    with pytest.raises(UsageError, match="biblatex"):
        export(seeds, "mla")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_presentation_forms_or_bidi_controls(fmt: str, all_records: list[Record]) -> None:
    record = hostile()
    fields = [record.metadata.title, record.metadata.outlet, record.metadata.author]
    assert all(FORBIDDEN.search(f or "") for f in fields)  # the input does contain them
    text = export(all_records, fmt)
    assert not FORBIDDEN.search(text), [hex(ord(c)) for c in FORBIDDEN.findall(text)]
    assert "\u200f" not in text
    assert "\u200e" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_presentation_forms_become_letters(fmt: str) -> None:
    text = export([hostile()], fmt)
    assert "الجزيرة" in text  # the outlet was written in presentation forms
    if fmt not in ("ris", "csl-json", "bibtex", "biblatex"):
        return
    assert "لا تمديد" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_rank_order_is_preserved(fmt: str, all_records: list[Record]) -> None:
    for records in (all_records, list(reversed(all_records))):
        text = export(records, fmt)
        if fmt in FORMATTED:
            # one reference per line, each the reference of its record alone
            assert text.splitlines() == [export([r], fmt).rstrip("\n") for r in records]
            continue
        positions = [text.find(r.object_id) for r in records]
        assert all(p >= 0 for p in positions), (fmt, positions)
        assert positions == sorted(positions), fmt


def test_csl_json_is_a_list_of_items_in_order(all_records: list[Record]) -> None:
    data = json.loads(export(all_records, "csl-json"))
    assert [d["archive_location"] for d in data] == [r.object_id for r in all_records]
    assert data == json.loads(json.dumps(csl_items(all_records)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_records(fmt: str) -> None:
    assert export([], fmt) in ("", "[]\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_absent_outlet_is_not_invented(fmt: str, seeds: list[Record]) -> None:
    """IRNA, quoted by seed 000, is neither its author nor its outlet: it appears in the
    supplied title (the record's own words) and, where a format has room, as the attributed
    source, and nowhere else."""
    text = export(seeds[:4], fmt)
    rest = text.replace("به گزارش ایرنا،", "").replace("Attributed in the text to ایرنا", "")
    rest = rest.replace('"attributed-source": "ایرنا"', "")
    assert "ایرنا" not in rest
    assert "IRNA" not in text
    if fmt in ("csl-json", "ris", "biblatex", "bibtex"):
        assert "Attributed in the text to ایرنا" in text


@pytest.mark.parametrize("module", ["csl", "cleaning", "keys", "latex", "romanize"])
def test_doctests(module: str) -> None:
    imported = importlib.import_module(f"arshif.cite.{module}")
    result = doctest.testmod(imported)
    assert result.failed == 0
    assert result.attempted > 0
