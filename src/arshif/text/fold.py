"""Search folding: the one letter-level normalisation shared by the index, the query side and
duplicate detection.

`fold` maps the spellings users type interchangeably onto one form, so that the same word
matches however it was typed:

* NFKC (presentation forms and lam-alef ligatures → base letters, full-width → ASCII);
* delete harakat, shadda, sukun, U+0654/U+0655 hamza marks, superscript alef U+0670, Quranic
  annotation marks and tatweel U+0640;
* alef forms آ أ إ ٱ → ا;
* ى ی ے ۓ → ي, ک ڪ → ك, ة ۀ ہ ۂ ە → ه (Persian letters fold to the Arabic ones);
* Persian and Arabic-Indic digits → ASCII;
* lowercase.

Direction of the fold: folding is applied identically to documents, queries and the stop
lists, so choosing Arabic or Persian target letters only relabels the index; retrieval
scores are identical by construction. We fold *to the Arabic letters*, the direction of
Lucene's PersianNormalizer, so Lucene's stop lists and test vectors apply unchanged
(docs/search-quality.md). ZWNJ is left alone: the analyzer decides how to split or join at it.

This is not the storage normalisation (`arshif.text.normalize`): records keep the letters and
diacritics of their source; only the index and the comparisons see folded text.
"""

from __future__ import annotations

import unicodedata

#: Combining marks and tatweel deleted by `fold`.
DELETED = "".join(
    chr(c)
    for lo, hi in (
        (0x0610, 0x061A),  # Quranic honorifics and small letters
        (0x064B, 0x065F),  # harakat, shadda, sukun, hamza above/below (U+0654/U+0655), ...
        (0x0670, 0x0670),  # superscript (dagger) alef
        (0x06D6, 0x06DC),  # Quranic annotation marks
        (0x06DF, 0x06E8),
        (0x06EA, 0x06ED),
        (0x08D3, 0x08E1),  # Arabic Extended-A marks
        (0x08E3, 0x08FF),
        (0x0640, 0x0640),  # tatweel
    )
    for c in range(lo, hi + 1)
)

#: Letter replacements (one letter to one letter).
REPLACED = {
    "آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "\u0672": "ا", "\u0673": "ا", "\u0675": "ا",
    "ى": "ي", "ی": "ي", "ے": "ي", "ۓ": "ي",
    "ک": "ك", "ڪ": "ك",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ۂ": "ه", "ە": "ه",
}  # fmt: skip

_TABLE: dict[int, int | None] = {ord(c): None for c in DELETED}
_TABLE.update({ord(k): ord(v) for k, v in REPLACED.items()})
_TABLE.update({0x0660 + i: ord("0") + i for i in range(10)})  # Arabic-Indic digits
_TABLE.update({0x06F0 + i: ord("0") + i for i in range(10)})  # Persian (extended) digits


def fold(text: str) -> str:
    """The search form of `text` (see the module docstring). Idempotent.

    >>> fold("الأَمْرِيكِيّـة ۱۴۰۲") == "الامريكيه 1402"
    True
    >>> fold("می‌خواهد") == "مي\u200cخواهد"
    True
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text)
    folded = text.translate(_TABLE)
    if len(folded) != len(text):
        # Deleting a mark can unblock a canonical composition (a + U+0610 + U+0301):
        # recompose so that fold(fold(x)) == fold(x).
        folded = unicodedata.normalize("NFKC", folded)
    return folded.lower()
