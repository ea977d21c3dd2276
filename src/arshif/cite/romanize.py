"""A simplified ALA-LC romanization of Arabic and Persian words, in ASCII, for citation keys.

Why a table of our own: the packages that transliterate to ASCII (`unidecode`, `anyascii`) drop
the long vowels and the article (العمليات → ``l`mlyt``, ايرنا → ``yrn``), and the tools that
restore the short vowels unwritten in Arabic script are either GPL (`mishkal`, Arabic only) or
need models downloaded at run time (`camel-tools`); Persian has none. So this module follows the
ALA-LC tables (Library of Congress, Arabic 2012 and Persian 2012) for what the script writes,
with the diacritics dropped, and leaves out what it does not write:

- consonants as ALA-LC: ث th (Persian s), ج j, ح h, خ kh, ذ dh (Persian z), ش sh, ص s,
  ض d (Persian z), ط t, ظ z, غ gh, ق q, ك/ک k, گ g, پ p, چ ch, ژ zh; ʻayn and hamzah
  are apostrophes in ALA-LC and are dropped (ئ and ؤ keep their vowel, i and u); a word-initial
  أ/إ/آ gives its vowel (a, i, a);
- long vowels: ا ى → a; و → u and ي/ی → i between consonants or at the end of a word, w/v and y
  before a vowel letter or at the start of a word (Persian و is v, as ALA-LC writes it);
  ـِيّـ before a vowel letter is ``iy`` (العراقية → ``raqiyah``); a word-initial اي/إي/او is i/u;
- ة → ``ah`` (ALA-LC's pausal form); short-vowel marks, when written, give a, i, u;
- the Arabic article ال at the start of a word is dropped (ALA-LC's ``al-``);
- Arabic-Indic and Persian digits become ASCII digits; Latin letters lose their accents.

Short vowels the script leaves unwritten stay unwritten: فصائل is ``fsail`` where ALA-LC, which
knows the word, writes ``faṣāʼil``. It is a key, not a romanization to print.
"""

from __future__ import annotations

import unicodedata

_CONSONANTS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ک": "k",
    "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ۀ": "h", "ة": "ah",
}  # fmt: skip
_PERSIAN = {"ث": "s", "ذ": "z", "ض": "z", "و": "v"}
_SILENT = set("عءٔ")
_HAMZAH_SEATS = {"ئ": "i", "ؤ": "u"}  # ALA-LC ʼi, ʼu: the apostrophe dropped
_INITIAL = {"أ": "a", "إ": "i", "آ": "a", "ا": "a", "ٱ": "a"}
_ALIF = set("اآٱأإى")
_SHORT = {"\u064e": "a", "\u0650": "i", "\u064f": "u"}
_VOWEL_LETTERS = _ALIF | set("ويیة")
_DIGITS = {chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)}


def is_arabic_script(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def romanize_word(word: str, lang: str | None = None) -> str:
    """One word in lower-case ASCII (see the module's docstring for the table).

    >>> romanize_word("العراقية"), romanize_word("ایرنا", "fa"), romanize_word("همشهری", "fa")
    ('raqiyah', 'irna', 'hmshhri')
    """
    persian = (lang or "").lower().startswith("fa")
    if not is_arabic_script(word):
        decomposed = unicodedata.normalize("NFKD", word)
        return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()
    letters = [ch for ch in unicodedata.normalize("NFC", word) if ch != "\u0640"]  # tatweel
    if len(letters) > 3 and letters[0] == "ا" and letters[1] == "ل" and not persian:
        letters = letters[2:]
    out: list[str] = []
    for index, ch in enumerate(letters):
        before = letters[index - 1] if index else ""
        after = letters[index + 1] if index + 1 < len(letters) else ""
        if ch in _DIGITS:
            out.append(_DIGITS[ch])
        elif index == 0 and ch in _INITIAL:
            out.append("" if _long_initial(ch, after) else _INITIAL[ch])
        elif ch in _ALIF:
            out.append("a")
        elif ch in "يیو":
            out.append(_semivowel(ch, index, before, after, persian))
        elif ch in _SHORT:
            out.append(_SHORT[ch])
        elif ch in _HAMZAH_SEATS:
            out.append(_HAMZAH_SEATS[ch])
        elif ch in _SILENT:
            continue
        elif ch in _CONSONANTS:
            out.append(_PERSIAN.get(ch, _CONSONANTS[ch]) if persian else _CONSONANTS[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
    return "".join(out)


def _long_initial(first: str, second: str) -> bool:
    """Whether a word opening `first` `second` opens with a long vowel (ایران, إيران, او)."""
    return (first in "اإ" and second in "يی") or (first == "ا" and second == "و")


def _semivowel(ch: str, index: int, before: str, after: str, persian: bool) -> str:
    vowel, consonant = ("i", "y") if ch in "يی" else ("u", "v" if persian else "w")
    if index == 1 and _long_initial(before, ch):
        return vowel  # ايـ / إيـ / او at the start: ī, ū
    if index == 0 or before in _ALIF:
        return consonant
    if after in _VOWEL_LETTERS and after:
        return vowel + consonant if ch in "يی" else consonant
    return vowel
