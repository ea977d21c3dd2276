"""Chicago and APA: arshif's citeproc-py output equals citeproc-js's (same CSL-JSON, same style)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from arshif.cite import csl_items, export
from arshif.cite.export import FORMATTED
from arshif.cite.formatted import locale_path, render, style_path
from arshif.model import Record
from tests.cite.records import quoted_titles

SCRIPT = Path(__file__).with_name("citeproc_js_render.js")


def _citeproc_js(
    citeproc_js: tuple[str, Path], items: list[dict[str, Any]], style: str
) -> list[str]:
    node, package = citeproc_js
    result = subprocess.run(
        [node, str(SCRIPT), str(package), str(style_path(style)), str(locale_path())],
        input=json.dumps(items, ensure_ascii=False), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    references: list[str] = json.loads(result.stdout)
    return references


def _normal(text: str) -> str:
    # whitespace normalisation: citeproc-js writes U+202F before " :" and a trailing newline
    return " ".join(text.split())


@pytest.mark.validator
@pytest.mark.parametrize("style", FORMATTED)
def test_seeds_equal_citeproc_js(
    citeproc_js: tuple[str, Path], seeds: list[Record], style: str
) -> None:
    items = csl_items(seeds)
    expected = [_normal(ref) for ref in _citeproc_js(citeproc_js, items, style)]
    assert render(items, style) == expected
    assert export(seeds, style).splitlines() == expected


@pytest.mark.validator
@pytest.mark.parametrize("style", FORMATTED)
def test_richer_records_equal_citeproc_js(
    citeproc_js: tuple[str, Path], richer: list[Record], style: str
) -> None:
    items = csl_items(richer)
    expected = [_normal(ref) for ref in _citeproc_js(citeproc_js, items, style)]
    assert render(items, style) == expected


@pytest.mark.validator
@pytest.mark.parametrize("style", FORMATTED)
def test_quotation_marks_equal_citeproc_js(citeproc_js: tuple[str, Path], style: str) -> None:
    """Quotation marks in titles: markup, nesting and punctuation-in-quote as citeproc-js does."""
    items = csl_items(quoted_titles())
    expected = [_normal(ref) for ref in _citeproc_js(citeproc_js, items, style)]
    assert render(items, style) == expected


def test_quotation_marks_nest() -> None:
    (chicago,) = render(csl_items(quoted_titles()[:1]), "chicago-note-bibliography")
    assert "“قال ‘لا’ للتمديد,”" in chicago
    (apa,) = render(csl_items(quoted_titles()[:1]), "apa")
    assert apa.startswith("قال “لا” للتمديد.")
    for text in (chicago, apa):
        assert not any("\ue000" <= ch <= "\ue002" for ch in text)


def test_chicago_is_notes_bibliography(seeds: list[Record]) -> None:
    assert export(seeds, "chicago") == export(seeds, "chicago-note-bibliography")


def test_examples(seeds: list[Record]) -> None:
    """What the styles do with the seeds (these strings are also shown in docs/citations.md)."""
    kayhan = seeds[4]
    title = kayhan.metadata.title
    assert export([kayhan], "chicago-author-date") == (
        f"kayhan.ir. 2021. “{title},” July 31, 2021. Urn:arshif:fd2ff384f8cb858e. arshif.\n"
    )
    assert export([kayhan], "apa") == f"{title}. (2021, July 31). kayhan.ir. arshif.\n"
    assert export(seeds[:1], "chicago") == "N.d. Urn:arshif:af6cfb6633955341. arshif.\n"


def test_plain_text_not_html(all_records: list[Record]) -> None:
    for style in FORMATTED:
        text = export(all_records, style)
        assert "<" not in text, style
        assert "&amp;" not in text, style
        assert len(text.splitlines()) == len(all_records)


def test_literal_names_are_not_mangled(richer: list[Record]) -> None:
    for style in FORMATTED:
        text = export(richer[:2], style)
        assert "محمد أحمد" in text, style
        assert "علی رضایی" in text, style
        assert ", ." not in text, style
        assert "أحمد, م" not in text, style


def test_no_duplicated_substitute(seeds: list[Record]) -> None:
    """citeproc-py alone printed the outlet twice ("kayhan.ir. … kayhan.ir, July 31")."""
    for style in FORMATTED:
        text = export(seeds[4:], style)
        assert text.count("kayhan.ir") == 1, text
        assert text.count(seeds[4].metadata.title or "") == 1, text
