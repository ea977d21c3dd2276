"""Arabic and Persian stop words, folded with `arshif.text.fold.fold`.

The lists are Jacques Savoy's (BSD), as shipped by Apache Lucene, in ``text/data/`` with their
source, licence and arshif's pruning noted in each file's header. Each entry is folded with the
same `fold` as the indexed text, so one entry matches every spelling of a word (``إلا`` and
``الا``; ``هاي`` and ``های``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from arshif.text.fold import fold

#: The languages that have a list; `stopwords(None)` is their union.
LANGUAGES = ("ar", "fa")


def read_list(name: str) -> list[str]:
    """The raw entries of ``text/data/<name>`` (comments and blank lines skipped, unfolded)."""
    text = resources.files("arshif.text").joinpath("data", name).read_text(encoding="utf-8")
    words = []
    for line in text.splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.append(word)
    return words


@cache
def stopwords(lang: str | None = None) -> frozenset[str]:
    """The folded stop words of `lang` ("ar" or "fa"), or of both when `lang` is None.

    >>> fold("إلى") in stopwords("ar") and fold("نمی") in stopwords("fa")
    True
    """
    if lang is None:
        return frozenset().union(*(stopwords(code) for code in LANGUAGES))
    if lang not in LANGUAGES:
        raise ValueError(f"no stop list for language {lang!r} (have: {', '.join(LANGUAGES)})")
    return frozenset(fold(word) for word in read_list(f"stopwords-{lang}.txt"))
