"""Keyword in context: each occurrence of a query's matched words, with the text around it.

Matches are found as snippets find them (`arshif.search.highlight.match_spans`: the same
analysis as the index, offsets into the record's own text), so the keyword is shown in the
record's spelling. Adjacent matched words (a phrase) make one keyword. Context is cut to
`width` characters each side (combining marks are not counted), on one line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from arshif.search import querytree as qt
from arshif.search.fields import stem_lang
from arshif.search.highlight import match_spans, query_terms, text_analyzers
from arshif.search.searcher import query_tree

if TYPE_CHECKING:
    from arshif.search.index import SearchIndex

_SPACES = re.compile(r"\s+")
_JOIN = re.compile(r"[\s\u200c]*")


@dataclass(frozen=True)
class Concordance:
    """One line of a concordance: `before` + `keyword` + `after`, in logical order."""

    id: str
    lang: str | None
    before: str
    keyword: str
    after: str
    start: int  #: character offset of the keyword in the record's text
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


def _cells(char: str) -> int:
    return 0 if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Cf") else 1


def cut_end(text: str, width: int) -> str:
    """The last `width` cells of `text` (never starting on a combining mark)."""
    used, start = 0, len(text)
    while start > 0:
        cells = _cells(text[start - 1])
        if used + cells > width:
            break
        used += cells
        start -= 1
    while start < len(text) and _cells(text[start]) == 0:
        start += 1
    return text[start:]


def cut_start(text: str, width: int) -> str:
    """The first `width` cells of `text` (with the combining marks of its last letter)."""
    used, end = 0, 0
    while end < len(text):
        cells = _cells(text[end])
        if used + cells > width:
            break
        used += cells
        end += 1
    return text[:end]


def _units(text: str, spans: list[tuple[int, int]], gap: int = 0) -> list[tuple[int, int]]:
    """Merge spans separated only by spaces or ZWNJ, or by at most `gap` words (a matched
    phrase, or a proximity match, is one keyword)."""
    units: list[tuple[int, int]] = []
    for start, end in spans:
        between = text[units[-1][1] : start] if units else ""
        if units and (_JOIN.fullmatch(between) or len(between.split()) <= gap):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units


def _shape(q: qt.Node) -> tuple[list[list[str]], bool, int]:
    """The positive phrases of `q` (their words), whether it has positive single words too,
    and the largest phrase slop."""
    phrases: list[list[str]] = []
    words = False
    slop = 1

    def walk(node: qt.Node) -> None:
        nonlocal words, slop
        if isinstance(node, qt.Not):
            return
        if isinstance(node, qt.AndNot):
            walk(node.positive)
            return
        if isinstance(node, qt.Phrase):
            if node.field.endswith("_exact") and list(node.words) not in phrases:
                phrases.append(list(node.words))
                slop = max(slop, node.slop)
            return
        if isinstance(node, qt.Term | qt.Prefix) and node.field.startswith(("title_", "body_")):
            words = True
        for child in qt.children(node):
            walk(child)

    walk(q)
    return phrases, words, slop


def _has_phrase(tokens: list[str], phrases: list[list[str]], slop: int) -> bool:
    """True when `tokens` hold every word of one phrase, in order (within `slop`)."""
    for phrase in phrases:
        at, found = -1, 0
        for word in phrase:
            try:
                nxt = tokens.index(word, at + 1)
            except ValueError:
                break
            if at >= 0 and nxt - at > slop:
                break
            at, found = nxt, found + 1
        if found == len(phrase):
            return True
    return False


def concordance(
    index: SearchIndex,
    query: str,
    text_of: Callable[[str], str | None],
    *,
    width: int = 40,
    limit: int = 100,
    exact: bool = False,
    include_withdrawn: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> list[Concordance]:
    """Up to `limit` lines for `query`, records in rank order, occurrences in text order."""
    reader = index.reader()
    q, mask = query_tree(
        reader, query, exact=exact, include_withdrawn=include_withdrawn, since=since, until=until
    )
    terms = query_terms(q)
    if not terms:
        return []
    phrases, words, slop = _shape(q)
    analyzer = text_analyzers()["body_exact"]
    lines: list[Concordance] = []
    for stored, _score in reader.search(q, mask=mask, limit=None).hits:  # as `search` ranks
        text = text_of(stored["id"])
        if not text:
            continue
        spans = match_spans(text, terms, stem_lang(stored.get("lang")))
        for start, end in _units(text, spans, slop - 1):
            if phrases and not words:
                tokens = [t.text for t in analyzer(text[start:end], mode="index")]
                if not _has_phrase(tokens, phrases, slop):
                    continue  # a word of a phrase, alone
            before = _SPACES.sub(" ", text[max(0, start - 4 * width) : start]).rstrip()
            after = _SPACES.sub(" ", text[end : end + 4 * width]).lstrip()
            lines.append(
                Concordance(
                    id=stored["id"],
                    lang=stored.get("lang"),
                    before=cut_end(before, width).lstrip(),
                    keyword=_SPACES.sub(" ", text[start:end]),
                    after=cut_start(after, width).rstrip(),
                    start=start,
                    title=stored.get("title"),
                    published=stored.get("published"),
                    outlet=stored.get("outlet"),
                )
            )
            if len(lines) >= limit:
                return lines
    return lines
