"""Chicago and APA: arshif's citeproc-py output equals citeproc-js's (same CSL-JSON, same style)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from arshif.cite import csl_items, export
from arshif.cite.export import FORMATTED
from arshif.cite.formatted import locale_path, processor_item, render, style_path
from arshif.model import Record
from tests.cite.records import quoted_titles

SCRIPT = Path(__file__).with_name("citeproc_js_render.js")


def _citeproc_js(
    citeproc_js: tuple[str, Path], items: list[dict[str, Any]], style: str
) -> list[str]:
    node, package = citeproc_js
    items = [processor_item(item) for item in items]  # as arshif passes them: ids case-protected
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
        f"kayhan.ir. 2021. “{title},” July 31, 2021. urn:arshif:fd2ff384f8cb858e. arshif.\n"
    )
    assert export([kayhan], "apa") == f"{title}. (2021, July 31). kayhan.ir. arshif.\n"
    supplied = "[به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…]"
    assert export(seeds[:1], "chicago", "Press archive") == (
        f"“{supplied},” n.d. urn:arshif:af6cfb6633955341. Press archive. "
        "Accessed November 26, 2026.\n"
    )
    assert export(seeds[:1], "apa", "Press archive") == (
        f"{supplied} (urn:arshif:af6cfb6633955341). (n.d.). Press archive.\n"
    )


def test_author_date_gives_the_date_once_without_an_outlet(seeds: list[Record]) -> None:
    """Without an outlet the year was followed by the full date: "2021, November 19, 2021"."""
    (reference,) = export(seeds[3:4], "chicago-author-date").splitlines()
    assert reference.count("2021") == 1, reference
    assert "” 2021, November 19. urn:arshif:7ad7e274a5b987ef. arshif." in reference
    # with an outlet, Chicago 17 gives the year after the author and the full date after it
    (kayhan,) = export(seeds[4:], "chicago-author-date").splitlines()
    assert "kayhan.ir. 2021. “" in kayhan
    assert kayhan.endswith(",” July 31, 2021. urn:arshif:fd2ff384f8cb858e. arshif.")


def test_identifiers_keep_their_case(all_records: list[Record]) -> None:
    for style in FORMATTED:
        text = export(all_records, style)
        assert "Urn:" not in text, style
        if style != "apa":  # APA gives the archive location only when there is no outlet
            assert text.count("urn:arshif:") == len(all_records), style


def test_every_untitled_seed_has_its_supplied_title(seeds: list[Record]) -> None:
    for style in FORMATTED:
        lines = export(seeds, style).splitlines()
        for index in (0, 2):
            assert "[" + seeds[index].paragraphs[0].split()[0] in lines[index], style
            assert "…]" in lines[index], style


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
