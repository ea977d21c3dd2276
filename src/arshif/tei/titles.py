"""The article's title is written twice in a record: ``titleStmt/title[@type='main']`` (the
title of the record) and ``sourceDesc/bibl[@type='article']/title[@level='a']`` (the title of
the article described). The two must agree (`arshif.tei.validate`).

A librarian correcting the title in the editor changes one of them; `keep_titles_in_step`
brings the other along, so that editing one place is enough. When both were changed, and
differently, nothing is guessed: validation says what to make equal.
"""

from __future__ import annotations

from lxml import etree

from arshif.errors import ArshifError, InvalidRecord
from arshif.tei.safexml import TEI_NS, parse_xml, tei, text_content

_NS = {"t": TEI_NS}
MAIN = "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='main']"
ARTICLE = "t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl[@type='article']"


def _first(root: etree._Element, xpath: str) -> etree._Element | None:
    found = root.xpath(xpath, namespaces=_NS)
    assert isinstance(found, list)
    return next((e for e in found if isinstance(e, etree._Element)), None)


def _titles(root: etree._Element) -> tuple[str, str]:
    """(main title, article title); "" for a missing or empty one."""
    main = _first(root, MAIN)
    article = _first(root, f"{ARTICLE}/t:title[@level='a']")
    return (
        text_content(main).strip() if main is not None else "",
        text_content(article).strip() if article is not None else "",
    )


def keep_titles_in_step(edited: bytes, original: bytes) -> bytes:
    """`edited` with the copy of the title the editor left alone set to the one it changed
    (against `original`); `edited` itself when the copies agree, both or neither changed, or
    the XML does not parse (validation reports it)."""
    try:
        root = parse_xml(edited, what="record", error=InvalidRecord)
        before = _titles(parse_xml(original, what="record", error=InvalidRecord))
    except ArshifError:
        return edited
    main, article = _titles(root)
    if main == article:
        return edited
    if main != before[0] and article == before[1]:
        _set_article_title(root, main)
    elif article != before[1] and main == before[0]:
        element = _first(root, MAIN)
        if element is None:
            return edited
        _set_text(element, article)
    else:
        return edited
    return bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8"))


def _set_text(element: etree._Element, text: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = text or None


def _set_article_title(root: etree._Element, text: str) -> None:
    bibl = _first(root, ARTICLE)
    if bibl is None:
        return
    title = _first(bibl, "t:title[@level='a']")
    if not text:  # no title: the article's description holds none (as ingest writes it)
        if title is not None:
            bibl.remove(title)
        return
    if title is None:
        title = etree.Element(tei("title"), level="a")
        title.tail = bibl.text
        bibl.insert(0, title)
    _set_text(title, text)
