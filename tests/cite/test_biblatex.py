"""BibLaTeX export: biber's data-model validation passes without a warning; issue 7's rules."""

from __future__ import annotations

import subprocess
from pathlib import Path

import bibtexparser
import pytest

from arshif.cite import export
from arshif.model import Record
from tests.cite.records import full_arabic, full_persian, hostile

pytestmark = pytest.mark.validator


def _biber(biber: str, bib: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "export.bib"
    source.write_text(bib, "utf-8")
    return subprocess.run(
        [biber, "--tool", "--validate-datamodel", "--dieondatamodel",
         "--output-file", str(tmp_path / "checked.bib"), str(source)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False,
    )  # fmt: skip


def _assert_biber_clean(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    problems = [line for line in output.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert result.returncode == 0, output
    assert problems == [], output
    assert "Datamodel validation complete" in output


def test_biber_validates_the_seeds(biber: str, seeds: list[Record], tmp_path: Path) -> None:
    _assert_biber_clean(_biber(biber, export(seeds, "biblatex"), tmp_path))


def test_biber_validates_every_case(biber: str, all_records: list[Record], tmp_path: Path) -> None:
    _assert_biber_clean(_biber(biber, export(all_records, "biblatex"), tmp_path))


def test_biber_check_is_live(biber: str, tmp_path: Path) -> None:
    """What the test relies on: a bad date is a WARN (exit 0) and a missing title an ERROR."""
    result = _biber(
        biber, "@misc{a, title = {x}, date = {19 Nov 2021}}\n@misc{b, date = {2021}}\n", tmp_path
    )
    output = result.stdout + result.stderr
    assert "WARN" in output
    assert "ERROR" in output
    assert result.returncode != 0


def _entries(bib: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    return {
        e.key: {"@type": e.entry_type, **{f.key: f.value for f in e.fields}}
        for e in library.entries
    }


def test_seed_entries_follow_issue_7(seeds: list[Record]) -> None:
    entries = list(_entries(export(seeds, "biblatex")).values())
    # no seed names an author: every entry is @misc with the newspaper subtype
    assert all(e["@type"] == "misc" and e["entrysubtype"] == "newspaper" for e in entries)
    assert [e["date"] for e in entries] == [
        "XXXX",
        "XXXX",
        "XXXX",
        "2021-11-19",
        "2021-07-31T19:51:00",
    ]
    assert entries[4]["howpublished"] == "kayhan.ir"
    assert [e["langid"] for e in entries] == ["persian", "arabic", "arabic", "arabic", "arabic"]
    assert entries[4]["eprinttype"] == "arshif"
    assert entries[4]["eprint"] == "urn:arshif:fd2ff384f8cb858e"
    for entry in entries[:4]:
        assert "howpublished" not in entry  # no outlet invented (IRNA is quoted, not the outlet)
        assert "author" not in entry


def test_no_nd_and_no_year_field(seeds: list[Record]) -> None:
    bib = export(seeds, "biblatex")
    assert "n.d." not in bib.lower()
    assert "year =" not in bib


def test_untitled_records_get_a_bracketed_supplied_title(seeds: list[Record]) -> None:
    """Biber's data model requires a title for @misc; an untitled record gets its first words."""
    entries = list(_entries(export(seeds, "biblatex")).values())
    assert entries[0]["title"].startswith("[به گزارش ایرنا")
    assert entries[0]["title"].endswith("…]")
    assert not entries[1]["title"].startswith("[")  # a record's own title is used as is


def test_article_only_with_author_outlet_and_date() -> None:
    entries = _entries(export([full_arabic(), full_persian()], "biblatex"))
    arabic = entries["jzyra-2021-irtifa"]
    assert arabic["@type"] == "article"
    assert arabic["entrysubtype"] == "newspaper"
    assert arabic["journaltitle"] == "الجزيرة نت"
    assert arabic["author"] == "{محمد أحمد}"  # one literal name, never split
    assert arabic["usera"] == "Irtifāʿ asʿār al-khubz fī al-Qāhirah"
    assert arabic["titleaddon"] == "[Bread prices rise in Cairo]"
    assert arabic["urldate"] == "2024-01-05T10:00:00Z"
    assert arabic["url"].startswith("https://www.aljazeera.net/")
    persian = entries["hmshhry-2021-afzayish"]
    assert persian["date"] == "2021-11-19T08:30:00"
    assert persian["langid"] == "persian"
    assert persian["titleaddon"] == "[Bread prices rise in Tehran; Le prix du pain augmente]"
    record = full_arabic()
    no_date = Record(
        record.id, record.metadata.with_changes(published=None), record.paragraphs, record.capture
    )
    (entry,) = _entries(export([no_date], "biblatex")).values()
    assert entry["@type"] == "misc"
    assert entry["howpublished"] == "الجزيرة نت"


def test_latex_specials_are_escaped(biber: str, tmp_path: Path) -> None:
    bib = export([hostile()], "biblatex")
    (entry,) = _entries(bib).values()
    assert r"50\% \& \$5 \#1 a\_b \{x\}" in entry["title"]
    assert entry["url"] == "https://example.org/a%20b?q=%7B1%7D&r=50%"
    _assert_biber_clean(_biber(biber, bib, tmp_path))
    checked = (tmp_path / "checked.bib").read_text("utf-8")
    assert "ﻻ" not in checked
    assert "لا تمديد" in checked
