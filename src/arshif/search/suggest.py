""" "Did you mean": corrected query words from the index's own vocabulary.

A query word the index does not hold (in the exact, folded, unstemmed fields) is replaced by
the most frequent indexed word within one edit (two for words of six letters or more) that
starts with the same letter. A word the index holds is never replaced, however rare
(``title:تحميها`` finds its record: no ``did you mean``). The corrected query keeps the user's
syntax (operators, fields, quotes) and, when the word was typed with Persian ی/ک, Persian
letters.
"""

from __future__ import annotations

from typing import Any

from arshif.search.querycheck import tokenize
from arshif.text.fold import fold

_FIELDS = ("body_exact", "title_exact")
_TEXT_FIELDS = ("", "title:", "body:")
_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک"})


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (small words: the plain dynamic programme)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _frequency(searcher: Any, word: str) -> int:
    return sum(int(searcher.doc_frequency(field, word)) for field in _FIELDS)


def indexed(searcher: Any, word: str) -> bool:
    """Does the index hold `word` as it is (folded, in the exact fields)?"""
    return _frequency(searcher, fold(word)) > 0


def correct_word(searcher: Any, word: str) -> str | None:
    """An indexed spelling of `word` (folded form) when the index does not hold it, or None."""
    folded = fold(word)
    if len(folded) < 3 or not folded.isalpha() or indexed(searcher, word):
        return None
    reader = searcher.reader()
    maxdist = 2 if len(folded) >= 6 else 1
    best: tuple[int, int, str] | None = None
    for term in reader.terms_within("body_exact", folded, maxdist, prefix=1):
        text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        if text == folded:
            continue
        frequency = _frequency(searcher, text)
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


def suggest_query(searcher: Any, query: str) -> str | None:
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
            better = correct_word(searcher, clean)
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
