"""Pandoc reads the CSL-JSON export: `pandoc --citeproc` cites every seed by what it holds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from arshif.cite import export, unique_keys
from arshif.cite.formatted import style_path
from arshif.model import Record
from tests.conftest import need_tool

pytestmark = pytest.mark.validator


def _pandoc(seeds: list[Record], tmp_path: Path, *options: str) -> str:
    pandoc = need_tool("pandoc")
    (tmp_path / "refs.json").write_text(export(seeds, "csl-json", "Press archive"), "utf-8")
    keys = unique_keys(seeds)
    document = "".join(f"Claim {n} [@{key}].\n\n" for n, key in enumerate(keys))
    result = subprocess.run(
        [pandoc, "--citeproc", "--bibliography", "refs.json", "--wrap=none", "-t", "plain",
         *options],
        input=document + "# References\n", capture_output=True, text=True, cwd=tmp_path,
        timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr  # no "citation not found", no parse warning
    return result.stdout


def test_pandoc_cites_untitled_and_undated_seeds(seeds: list[Record], tmp_path: Path) -> None:
    """Pandoc's own Chicago author-date: the in-text citation of an untitled record gives its
    supplied title, not just "(n.d.)"."""
    text = _pandoc(seeds, tmp_path)
    claims, references = text.split("References")
    supplied = "[به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…]"
    assert f"Claim 0 (“{supplied}” n.d.)." in claims
    assert "Claim 2 (“[أكدت قيادة العمليات المشتركة العراقية" in claims
    assert "Claim 4 (kayhan.ir 2021)." in claims
    assert "(n.d.)" not in claims
    entries = [line for line in references.splitlines() if line.strip()]
    assert len(entries) == 5
    assert all("Press archive." in entry for entry in entries)
    assert sum("Accessed November 26, 2026" in entry for entry in entries) == 3  # undated ones


def test_pandoc_with_the_vendored_apa_style(seeds: list[Record], tmp_path: Path) -> None:
    text = _pandoc(seeds, tmp_path, "--csl", str(style_path("apa")))
    claims, references = text.split("References")
    assert "Claim 0 ([به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…], n.d.)." in claims
    assert "Claim 3 (العراق ينفي تمديد موعد انسحاب القوات الأميركية, 2021)." in claims
    assert "(urn:arshif:af6cfb6633955341). (n.d.). Press archive." in references
