"""Classic BibTeX export: bibtexparser v2 parses it whole; the classic bibtex program accepts it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import bibtexparser
import pytest

from arshif.cite import export
from arshif.model import Record
from tests.cite.records import full_arabic, hostile
from tests.conftest import need_tool


def _parse(bib: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    return {
        e.key: {"@type": e.entry_type, **{f.key: f.value for f in e.fields}}
        for e in library.entries
    }


def test_seeds_parse(seeds: list[Record]) -> None:
    entries = _parse(export(seeds, "bibtex"))
    assert len(entries) == 5
    kayhan = entries["kayhan2021"]
    assert kayhan["@type"] == "misc"
    assert kayhan["howpublished"] == "kayhan.ir"
    assert kayhan["year"] == "2021"
    assert kayhan["month"] == "jul"
    assert "Published 2021-07-31T19:51:00" in kayhan["note"]
    undated = entries["gzarsh"]
    for field in ("year", "howpublished", "author"):
        assert field not in undated
    assert undated["title"] == "{[به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…]}"
    assert undated["note"] == (
        "Accessed 2026-11-26. Attributed in the text to ایرنا. arshif: urn:arshif:af6cfb6633955341"
    )
    assert "n.d." not in export(seeds, "bibtex")


def test_every_case_parses(all_records: list[Record]) -> None:
    assert len(_parse(export(all_records, "bibtex"))) == len(all_records)


def test_article_and_url_conventions() -> None:
    entry = _parse(export([full_arabic()], "bibtex"))["jzirah2021"]
    assert entry["@type"] == "article"
    assert entry["journal"] == "الجزيرة نت"
    assert entry["author"] == "{محمد أحمد}"
    assert (
        r"\url{https://www.aljazeera.net/news/2021/11/19/bread?ref=a&x=1\%2C2\#top}"
        in entry["note"]
    )
    assert "Accessed 2024-01-05T10:00:00Z" in entry["note"]
    assert "arshif: urn:arshif:0a1b2c3d4e5f6071" in entry["note"]
    no_outlet = full_arabic().metadata.with_changes(outlet=None)
    record = full_arabic()
    entry = _parse(
        export([Record(record.id, no_outlet, record.paragraphs, record.capture)], "bibtex")
    )
    (only,) = entry.values()
    assert only["@type"] == "misc"
    assert only["howpublished"].startswith(r"\url{https://www.aljazeera.net/")


def test_specials_escaped() -> None:
    (entry,) = _parse(export([hostile()], "bibtex")).values()
    assert r"50\% \& \$5 \#1 a\_b \{x\}" in entry["title"]


@pytest.mark.validator
def test_classic_bibtex_reads_it_without_warnings(
    all_records: list[Record], tmp_path: Path
) -> None:
    bibtex = need_tool("bibtex")
    (tmp_path / "refs.bib").write_text(export(all_records, "bibtex"), "utf-8")
    (tmp_path / "doc.aux").write_text(
        "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", "utf-8"
    )
    result = subprocess.run(
        [bibtex, "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout
    assert "Warning--" not in result.stdout, result.stdout
    assert (tmp_path / "doc.bbl").read_text("utf-8").count("\\bibitem") == len(all_records)
