"""Citation keys: ASCII, stable for a record, unique within one export.

A key is ``outlet-year-word`` (parts the record does not hold are left out): the outlet's first
word (a domain such as ``kayhan.ir`` gives ``kayhan``), the publication year, and the first
significant word of the title (the romanized title when the record has one, else the original
title transliterated letter by letter to ASCII). A record that yields none of these is keyed by
its short id. Within one export a key met again gets ``a``, ``b``, ``c``... appended, in the
order the records are exported, so the first record keeps the plain key.

The letter-by-letter transliteration is only for keys (ASCII identifiers that LaTeX, BibTeX and
reference managers accept); it is not a romanization to print.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import count

from arshif.cite.cleaning import clean
from arshif.model import Record

_ARABIC_TO_ASCII = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "w", "ئ": "y",
    "ب": "b", "پ": "p", "ت": "t", "ة": "a", "ث": "th", "ج": "j", "چ": "ch", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
    "ك": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ۀ": "h",
    "و": "w", "ي": "y", "ی": "y", "ى": "a", "ے": "y",
}  # fmt: skip
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}
#: Words that do not make a key: Arabic/Persian particles and English/French articles.
_STOP = {
    "fy", "fi", "mn", "min", "la", "aly", "ala", "n", "an", "ila", "w", "wa", "b", "bh", "ba",
    "dr", "az", "ra", "kh", "ke", "ast", "ayn", "ya", "ma", "lm", "qd",
    "the", "a", "of", "in", "on", "and", "to", "for", "le", "les", "de", "des", "du", "un", "une",
    "al", "el",
}  # fmt: skip
_MAX_WORD = 12


def _ascii_word(word: str) -> str:
    """One word as lower-case ASCII letters and digits (Arabic script transliterated)."""
    if any("\u0600" <= ch <= "\u06ff" for ch in word):
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        word = "".join(_ARABIC_TO_ASCII.get(ch, _DIGITS.get(ch, ch)) for ch in word)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


def _first_word(text: str | None, *, skip_stop_words: bool) -> str | None:
    if not text:
        return None
    for raw in re.split(r"[\s\-–—/:;,.!?«»\"'“”()\[\]]+", text):
        if skip_stop_words and re.fullmatch(r"(?i)(al|el|ad|an|ar|as|at|az|ash)-.*", raw):
            raw = raw.split("-", 1)[1]
        word = _ascii_word(raw)
        if not word or word.isdigit():
            continue
        if skip_stop_words and (word in _STOP or len(word) < 2):
            continue
        return word[:_MAX_WORD]
    return None


def _outlet_word(outlet: str | None) -> str | None:
    if not outlet:
        return None
    outlet = re.sub(r"^(?:https?://)?(?:www\.)?", "", outlet.strip(), flags=re.I)
    if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", outlet, flags=re.I):  # a domain name
        outlet = outlet.split(".")[0]
    return _first_word(outlet, skip_stop_words=False) if outlet else None


def base_key(record: Record) -> str:
    """The key of `record` before de-duplication: ``outlet-year-word``, or the short id.

    >>> from arshif.model import CaptureInfo, Metadata, Record
    >>> cap = CaptureInfo("capture.txt", "0" * 64, 1, "text/plain", "utf-8")
    >>> meta = Metadata(outlet="kayhan.ir", published="2021-07-31T19:51:00",
    ...                 title="فصائل المقاومة العراقية")
    >>> base_key(Record("fd2ff384f8cb858e", meta, (), cap))
    'kayhan-2021-fsayl'
    """
    meta = record.metadata
    title, romanized, outlet = clean(meta.title), clean(meta.title_romanized), clean(meta.outlet)
    year_match = re.match(r"\s*(\d{4})", meta.published or "")
    word = _first_word(romanized, skip_stop_words=True) or _first_word(title, skip_stop_words=True)
    parts = [_outlet_word(outlet), year_match.group(1) if year_match else None, word]
    key = "-".join(p for p in parts if p)
    return key or _ascii_word(record.id) or "record"


def unique_keys(records: Iterable[Record]) -> list[str]:
    """Keys for `records` in order, each unique: a repeated key gets ``a``, ``b``... appended."""
    used: set[str] = set()
    keys: list[str] = []
    for record in records:
        key = base = base_key(record)
        if key in used:
            for n in count():
                key = base + _suffix(n)
                if key not in used:
                    break
        used.add(key)
        keys.append(key)
    return keys


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ..."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters
