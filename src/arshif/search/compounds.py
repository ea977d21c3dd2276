"""Persian compounds written joined or spaced: the query also tries the other spelling.

Persian writes a compound with ZWNJ (سرنوشت‌ساز), and scrapers and keyboards drop the ZWNJ,
giving it joined (سرنوشتساز) or spaced (سرنوشت ساز). The index already makes a ZWNJ compound
findable by its joined form and by each part (`arshif.search.analysis.ZwnjFilter`); what it
cannot know is where a joined word without ZWNJ splits, nor that two spaced words are one
word. So the query side tries both, before the query is parsed:

* two adjacent plain words (no operator, field, prefix or boost between or on them, neither a
  stop word) are also tried joined: ``سرنوشت ساز`` → ``(سرنوشت OR سرنوشتساز) ساز``;
* a plain word of six letters or more is also tried as the phrase of its two halves, at each
  point where both halves (three letters or more, not stop words) are words of the index's
  vocabulary, each held by more records than the joined word: ``سرنوشتساز`` →
  ``(سرنوشتساز OR "سرنوشت ساز")``. A common word is not cut into rarer pieces (مدیریت is
  not مدی ریت, دانشگاه not دانش گاه), which on Hamshahri cost MAP; a word rarer than its
  halves is the joined spelling of a compound more often written apart.

The other spelling is an alternative of the word it stands beside (an OR in parentheses), so
operators keep their meaning (``a b AND c`` still requires c). docs/search-quality.md has the
measured effect on the judged sets.

The Arabic article across scripts (`ARTICLE`, `other_article_form`) is the same kind of
alternative, applied by the query parser in the Persian fields (`arshif.search.query`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from arshif.search.querycheck import Token, tokenize
from arshif.text.fold import fold
from arshif.text.stopwords import stopwords

#: Whether queries try the other spelling of compounds (the ablation switches it off).
ENABLED = True
#: The shortest half of a split word, and the shortest word split (in folded letters).
MIN_PART, MIN_SPLIT = 3, 6
#: At most this many splits of one word are tried.
MAX_SPLITS = 2

#: How many records hold this term in this field? (field, term) → count
Vocabulary = Callable[[str, str], int]

_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_JOINERS = re.compile("[\u200c\u200d]")
_NOT_PLAIN = re.compile(r"[:*^~\"]")


def _plain(token: Token) -> bool:
    """A bare word in Arabic script (not a field value, prefix, boost or phrase)."""
    return (
        token.kind == "word"
        and not _NOT_PLAIN.search(token.text)
        and bool(_ARABIC_LETTER.search(token.text))
    )


def _content(word: str) -> bool:
    folded = fold(word)
    return len(folded) >= 2 and folded not in stopwords()


def _frequency(vocabulary: Vocabulary, word: str) -> int:
    return vocabulary("body_exact", word) + vocabulary("title_exact", word)


def splits(word: str, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """The two-word readings of `word` (folded halves that are both indexed content words)."""
    folded = _JOINERS.sub("", fold(word))
    if len(folded) < MIN_SPLIT or not folded.isalpha():
        return []
    found = []
    stops = stopwords()
    joined = _frequency(vocabulary, folded)
    for cut in range(MIN_PART, len(folded) - MIN_PART + 1):
        head, tail = folded[:cut], folded[cut:]
        if head in stops or tail in stops:
            continue
        if min(_frequency(vocabulary, head), _frequency(vocabulary, tail)) >= joined:
            found.append((head, tail))
            if len(found) == MAX_SPLITS:
                break
    return found


def with_compounds(text: str, vocabulary: Vocabulary | None = None) -> str:
    """`text` (a checked query) with the other spellings of its compounds as alternatives.

    `vocabulary` (how many records hold a term in a field) enables the splits; without it
    only joins are tried.
    """
    if not ENABLED:
        return text
    tokens = tokenize(text)
    pieces: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens):
        if not _plain(token) or (i and tokens[i - 1].kind in ("plus", "minus", "not")):
            continue
        start = token.column - 1
        end = start + len(token.text)
        alternatives = []
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            following is not None
            and _plain(following)
            and text[end : following.column - 1].isspace()
            and _content(token.text)
            and _content(following.text)
        ):
            alternatives.append(token.text + following.text)
        if vocabulary is not None and _content(token.text):
            alternatives += [f'"{head} {tail}"' for head, tail in splits(token.text, vocabulary)]
        if alternatives:
            pieces.append((start, end, f"({' OR '.join([token.text, *alternatives])})"))
    if not pieces:
        return text
    out, cursor = [], 0
    for start, end, replacement in pieces:
        out += [text[cursor:start], replacement]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


#: The Arabic article. Persian text keeps it on Arabic names and loanwords (الخفاجی, البرادعی),
#: where the Persian stemmer leaves it (it cannot tell it from بین‌المللی's ال). So a word the
#: Persian fields do not hold is searched there with the article added, or removed when it has
#: one: خفاجي finds الخفاجی, as the Arabic stemmer makes it find الخفاجي, and المسؤول finds the
#: Persian مسئول. Only then: in Persian, اسلام is a word of its own and الاسلام mostly حجت‌الاسلام
#: (adding the article always cost Hamshahri 0.4 MAP points). None switches it off.
ARTICLE: str | None = "ال"


def other_article_form(text: str) -> str | None:
    """`text`, a word not a stop word, with the article added (or removed), else None."""
    if ARTICLE is None:
        return None
    folded = fold(text)
    if len(folded) < 3 or not folded.isalpha() or folded.isascii() or folded in stopwords():
        return None
    if not folded.startswith(ARTICLE):
        return ARTICLE + text
    rest = text[len(ARTICLE) :] if text.startswith(ARTICLE) else None
    return rest if rest is not None and len(fold(rest)) >= 3 else None


__all__ = ["ARTICLE", "Vocabulary", "other_article_form", "splits", "with_compounds"]
