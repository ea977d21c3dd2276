"""A supplied title for an untitled record: its own first words, in square brackets.

APA (7th ed., 9.49) and Chicago (17th ed., 14.89; cataloguing rules likewise) give an untitled
work a description in square brackets. arshif never writes a description of its own: the
supplied title is the record's first words, in its own script and logical order, with ``…`` at
the logical end when the text goes on (``[به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…]``).

Up to `MAX_WORDS` words are taken from the first paragraphs; punctuation left hanging at the cut
(``،``, ``:``) is dropped, and a quotation or parenthesis opened but not closed within the
words is closed by taking up to `MAX_EXTRA` more words, or else cut before it.
"""

from __future__ import annotations

from arshif.cite.cleaning import clean
from arshif.model import Record

MAX_WORDS = 10
MAX_EXTRA = 4
ELLIPSIS = "…"
_PAIRS = {"«": "»", "(": ")", "“": "”", "[": "]", "‹": "›"}
_HANGING = " ،؛,;:-–—.…"


def _unclosed(words: list[str]) -> int | None:
    """The index of the word opening a pair that `words` do not close, if any."""
    stack: list[tuple[str, int]] = []
    for index, word in enumerate(words):
        for char in word:
            if char in _PAIRS:
                stack.append((_PAIRS[char], index))
            elif stack and char == stack[-1][0]:
                stack.pop()
    return stack[0][1] if stack else None


def first_words(record: Record) -> tuple[list[str], bool]:
    """The words a supplied title takes, and whether the text goes on after them."""
    words: list[str] = []
    for paragraph in record.paragraphs:
        words.extend((clean(paragraph) or "").split())
        if len(words) > MAX_WORDS + MAX_EXTRA:
            break
    taken = words[:MAX_WORDS]
    opened = _unclosed(taken)
    if opened is not None:
        for end in range(MAX_WORDS + 1, min(len(words), MAX_WORDS + MAX_EXTRA) + 1):
            if _unclosed(words[:end]) is None:
                taken = words[:end]
                break
        else:
            if opened >= 3:
                taken = words[:opened]
    return taken, len(taken) < len(words)


def supplied_title(record: Record) -> str | None:
    """``[first words…]`` for `record`, or None when it has no text."""
    words, more = first_words(record)
    text = " ".join(words).rstrip(_HANGING)
    if not text:
        return None
    return f"[{text}{ELLIPSIS if more else ''}]"
