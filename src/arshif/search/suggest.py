""" "Did you mean": corrected query words from the index's own vocabulary.

A query word the index does not hold (in the exact, folded, unstemmed fields) is replaced by
the most frequent indexed word within one edit (two for words of six letters or more) that
starts with the same letter. A word the index holds is never replaced, however rare
(``title:تحميها`` finds its record: no ``did you mean``). The corrected query keeps the user's
syntax (operators, fields, quotes) and, when the word was typed with Persian ی/ک, Persian
letters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arshif.search.querycheck import tokenize
from arshif.text.fold import fold

_FIELDS = ("body_exact", "title_exact")
_TEXT_FIELDS = ("", "title:", "body:")
_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک"})

if TYPE_CHECKING:
    from arshif.search.engine import EngineReader


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (small words: the plain dynamic programme)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _within(a: str, b: str, most: int) -> bool:
    """Whether `a` and `b` are at most `most` edits apart, a swap of two neighbours counting
    as one edit (the optimal string alignment distance, as Whoosh's `terms_within`)."""
    if abs(len(a) - len(b)) > most:
        return False
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1] <= most


def _frequency(reader: EngineReader, word: str) -> int:
    return sum(reader.doc_frequency(field, word) for field in _FIELDS)


def indexed(reader: EngineReader, word: str) -> bool:
    """Does the index hold `word` as it is (folded, in the exact fields)?"""
    return _frequency(reader, fold(word)) > 0


def correct_word(reader: EngineReader, word: str) -> str | None:
    """An indexed spelling of `word` (folded form) when the index does not hold it, or None."""
    folded = fold(word)
    if len(folded) < 3 or not folded.isalpha() or indexed(reader, word):
        return None
    maxdist = 2 if len(folded) >= 6 else 1
    best: tuple[int, int, str] | None = None
    for text, _count in reader.terms("body_exact", folded[0]):
        if text == folded or not _within(folded, text, maxdist):
            continue
        frequency = _frequency(reader, text)
        if frequency < 1:
            continue
        key = (_distance(folded, text), -frequency, text)
        if best is None or key < (best[0], -best[1], best[2]):
            best = (key[0], frequency, text)
    return best[2] if best else None


def _as_typed(word: str, better: str) -> str:
    """`better` (folded) written like `word`: the letters they share keep the user's spelling
    (آ, ی, ک, marks), and Persian ی/ک are used when `word` has Persian letters."""
    common = 0
    folded = fold(word)
    while common < min(len(folded), len(better)) and folded[common] == better[common]:
        common += 1
    used, end = 0, 0
    while end < len(word) and used < common:
        used += len(fold(word[end]))
        end += 1
    while end < len(word) and not fold(word[end]):  # marks of the last shared letter
        end += 1
    rest = better[used:]
    if any(c in word for c in "یکگپچژ"):
        rest = rest.translate(_PERSIAN)
    return word[:end] + rest


def suggest_query(reader: EngineReader, query: str) -> str | None:
    """`query` with its rare words corrected, or None when nothing would change."""
    try:
        tokens = tokenize(query)
    except Exception:  # a malformed query is reported by the parser, not here
        return None
    pieces: list[tuple[int, int, str]] = []  # (start, end, replacement) in `query`
    for token in tokens:
        if token.kind not in ("word", "phrase"):
            continue
        text, start = token.text, token.column - 1
        prefix = next((p for p in _TEXT_FIELDS[1:] if text.lower().startswith(p)), "")
        if ":" in text.split('"')[0] and not prefix:
            continue  # outlet:, lang:, published: ... are not corrected
        body_start = start + len(prefix)
        body = text[len(prefix) :]
        if token.kind == "word" and body.endswith("*"):
            continue
        offset = 0
        for word in body.replace('"', " ").split():
            at = body.index(word, offset)
            offset = at + len(word)
            clean = word.split("^")[0].split("~")[0]
            better = correct_word(reader, clean)
            if better is None:
                continue
            better = _as_typed(clean, better)
            pieces.append((body_start + at, body_start + at + len(clean), better))
    if not pieces:
        return None
    out, cursor = [], 0
    for start, end, replacement in pieces:
        out += [query[cursor:start], replacement]
        cursor = end
    out.append(query[cursor:])
    return "".join(out)
