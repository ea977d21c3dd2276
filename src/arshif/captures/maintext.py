"""The article's main text in an HTML page, found by trafilatura (menus, captions, related links
and footers left out).

trafilatura (https://trafilatura.readthedocs.io) reads the page's structure and link density to
tell the article from the page around it. Its text is taken paragraph by paragraph; arshif's own
reading of the page (`arshif.captures.html`) stays the source of the stated metadata, and the
fallback when trafilatura finds no main text (very short pages, pages that are all article).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import cast

import lxml.html

from arshif.model import CleaningStep
from arshif.text.normalize import normalize_storage

__all__ = ["extractor_name", "left_out_of", "main_text_of", "main_text_step"]


@lru_cache(maxsize=1)
def _version() -> str:
    from importlib.metadata import version

    return version("trafilatura")


def extractor_name() -> str:
    """Which extractor made the main text, with its version (for the record's provenance)."""
    return f"trafilatura {_version()}"


def main_text_of(html: str, page: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The main content's paragraphs, or None when none was found.

    The page is read with the same safe parser as `arshif.captures.html` and the same elements
    are dropped first (scripts, forms, ``nav``, ``aside``, ``footer``...), so the main text
    never holds what arshif's own reading refuses. When `page` (arshif's paragraphs of the
    page) is given, the main text keeps those paragraphs of `page` that it holds, in page
    order, when those hold all of the main text; else the main text's own lines (the page has
    main text outside p and h elements). Measured: docs/ingest.md.
    """
    import lxml.etree
    import lxml.html
    import trafilatura

    from arshif.captures.html import DROPPED

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs, we report
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        doc = cast(
            lxml.html.HtmlElement,
            lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser),
        )
    except (lxml.etree.ParserError, ValueError):
        return None
    for element in list(doc.iter(*DROPPED)):
        cast(lxml.html.HtmlElement, element).drop_tree()
    protected = _protect_joiners(doc)
    text = trafilatura.extract(
        doc,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
        fast=True,  # no fallback extractors: faster, and as good here (docs/ingest.md)
    )
    if not text:
        return None
    if protected:
        text = text.replace(_ZWNJ_MARK, "\u200c").replace(_ZWJ_MARK, "\u200d")
    lines = (" ".join(normalize_storage(line).split()) for line in text.split("\n"))
    found = tuple(line for line in lines if line)
    if not found or not page:
        return found or None
    kept = [page[i] for i in _found_in(page, found)]
    if not kept:
        return found
    covered = f" {' '.join(_key(p) for p in kept)} "
    extra = [line for line in found if f" {_key(line)} " not in covered]
    # arshif's paragraphs when they hold all of the main text (their breaks are the page's;
    # trafilatura may run short paragraphs together), else the extractor's lines
    return found if extra else tuple(kept)


#: trafilatura drops "non-printable" characters, among them the zero-width non-joiner and
#: joiner that Persian and Arabic spelling needs (نمی‌شود): they pass through it as these marks
_ZWNJ_MARK, _ZWJ_MARK = "\u2042\u2041", "\u2042\u2040"
_PROTECT = {0x200C: _ZWNJ_MARK, 0x200D: _ZWJ_MARK}
_JOINER = re.compile("[\u200c\u200d]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _protect_joiners(doc: lxml.html.HtmlElement) -> bool:
    """Replace ZWNJ/ZWJ in the text of `doc` by marks trafilatura keeps (False when the page
    holds the marks' first character itself: then nothing is replaced)."""
    parts = [t for e in doc.iter() for t in (e.text, e.tail) if t]
    if any("\u2042" in part for part in parts):
        return False
    for element in doc.iter():
        if element.text and _JOINER.search(element.text):
            element.text = _protected(element.text)
        if element.tail and _JOINER.search(element.tail):
            element.tail = _protected(element.tail)
    return True


def _protected(text: str) -> str:
    # lxml refuses to set text with control characters the parser let through; they are
    # dropped from the text in any case (trafilatura and `normalize_storage` remove them)
    return _NOT_XML.sub("", text.translate(_PROTECT))


def _found_in(page: tuple[str, ...], lines: tuple[str, ...]) -> list[int]:
    """The indexes of the paragraphs of `page` found in the main text `lines`: a paragraph of
    a few words (a breadcrumb, a label, a heading) only when it is one of those lines (a word
    of the article is not taken for it), a longer one as whole words anywhere in them."""
    text = f" {' '.join(_key(line) for line in lines)} "
    own = {_key(line) for line in lines}
    kept = []
    for index, paragraph in enumerate(page):
        key = _key(paragraph)
        short = len(key.split()) < SHORT_WORDS
        if key and (key in own if short else f" {key} " in text):
            kept.append(index)
    return kept


#: Paragraphs of fewer words are taken only when they are a line of the main text.
SHORT_WORDS = 4


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def left_out_of(page: tuple[str, ...], main: tuple[str, ...]) -> tuple[str, ...]:
    """The paragraphs of the page (arshif's reading) that are nowhere in the main text."""
    found = set(_found_in(page, main))
    return tuple(p for i, p in enumerate(page) if i not in found)


def main_text_step(extractor: str, left_out: tuple[str, ...]) -> CleaningStep:
    """The cleaning step that says which extractor chose the main text, and what it left out."""
    return CleaningStep(
        "main-text-extracted",
        f"the article's main text as {extractor} finds it; the page's menus, captions, related "
        "links and footers are left out",
        left_out,
    )
