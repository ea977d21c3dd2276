"""Lines of a capture's text, and the word-level helpers the extraction rules share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "Line",
    "content_words",
    "fold",
    "overlap",
    "split_lines",
    "word_count",
    "words",
]


@dataclass(frozen=True)
class Line:
    """A non-empty line of the text, stripped, with whether a blank line follows it."""

    index: int  #: position among the non-empty lines
    text: str
    blank_after: bool
    blank_before: bool


def split_lines(text: str) -> list[Line]:
    """Non-empty lines (whitespace-only ones count as blank), in order."""
    raw = [line.strip() for line in text.split("\n")]
    lines: list[Line] = []
    blank_before = False
    for position, line in enumerate(raw):
        if not line:
            blank_before = True
            continue
        blank_after = position + 1 < len(raw) and not raw[position + 1]
        lines.append(Line(len(lines), line, blank_after, blank_before))
        blank_before = False
    return lines


def lines_from_paragraphs(paragraphs: Iterable[str]) -> list[Line]:
    """Lines from paragraphs given by markup (no blank-line evidence there)."""
    texts = [p.strip() for p in paragraphs]
    return [Line(i, t, False, False) for i, t in enumerate(t for t in texts if t)]


_FOLD = str.maketrans(
    {
        "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ؤ": "و", "ئ": "ی", "\u0640": "", "\u200c": " ", "\u200d": "",
    }
)  # fmt: skip
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_WORD = re.compile(r"[^\W_]+")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def fold(text: str) -> str:
    """Letter variants folded (ي/ی, ك/ک, ة/ه, hamza on alef, marks, digits), lower case.

    For comparing words only: stored text is never folded.
    """
    return _MARKS.sub("", text.translate(_FOLD)).translate(_DIGITS).lower()


def words(text: str) -> list[str]:
    """Folded words (letters and digits) of `text`."""
    return _WORD.findall(fold(text))


def word_count(text: str) -> int:
    return len(text.split())


# Function words of Arabic and Persian (folded), which say nothing about a story's content.
_STOP_TEXT = """
    فی من الی علی عن ان انه انها ما لا لم لن قد هذا هذه ذلک تلک التی الذی الذین کان کانت
    مع بین بعد قبل حتی عند او ثم کل غیر هو هی هم نحن و یا الا اما بل لکن منذ خلال ضد حول
    است را از این آن که می نمی های ها برای شد شده شود کرد کرده کند با در به بر تا یک خود نیز
    هر چه چند وی اند بود باید دارد گفت
"""
_STOP = frozenset(_STOP_TEXT.split())
_PREFIXES = ("وال", "بال", "فال", "کال", "لل", "ال", "و", "ف", "ب", "ل")


def _stem(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    for suffix in ("های", "ها", "ات", "ون", "ین", "ان", "یه", "ه", "ی"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Light stems of the content words of `text` (function words and short tokens dropped)."""
    return [_stem(w) for w in words(text) if w not in _STOP and len(w) > 1 and not w.isdigit()]


def overlap(candidate: str, following: Sequence[str]) -> float:
    """Share of `candidate`'s content words that reappear in the `following` text."""
    mine = content_words(candidate)
    if not mine:
        return 0.0
    theirs = set(content_words(" ".join(following)))
    return sum(1 for w in mine if w in theirs) / len(mine)
