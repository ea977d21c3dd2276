"""Search folding: the one letter-level normalisation shared by the index, the query side and
duplicate detection.

`fold` maps the spellings users type interchangeably onto one form, so that the same word
matches however it was typed:

* NFKC (presentation forms and lam-alef ligatures → base letters, full-width → ASCII);
* delete harakat, shadda, sukun, U+0654/U+0655 hamza marks, superscript alef U+0670, Quranic
  annotation marks, small waw/yeh and tatweel U+0640 (`MARKS`);
* alef forms آ أ إ ٱ → ا;
* hamza seats: ؤ → و and ئ → ي, and ئ before و → و, so that the Arabic مسؤول/شؤون and the
  Persian (and Egyptian) مسئول/شئون fold alike (مسوول, شوون), and إسرائيل meets the hamza-less
  اسراييل and Persian پائیز meets پاییز;
* ى ی ے ۓ → ي, ک ڪ → ك, ة ۀ ہ ۂ ە → ه (Persian letters fold to the Arabic ones);
* Persian and Arabic-Indic digits → ASCII;
* lowercase.

The letter classes come from pyarabic (`pyarabic.araby`: its diacritics, small letters,
tatweel, alef, yeh and hamza-seat constants); the Unicode database adds the Arabic
Extended-A marks pyarabic does not list. pyarabic's own normalisers are deliberately not used:
`normalize_alef` folds ى to ا (على → علا, إلى → إلا "except") and `normalize_hamza` folds أ إ
to ء by default (أمريكا no longer meets the common hamza-less امريكا); docs/search-quality.md
has the measured cost of each.

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

from pyarabic import araby

#: Arabic Extended-A combining marks (U+08D3-U+08FF), which pyarabic does not list.
_EXTENDED_MARKS = "".join(
    chr(c) for c in range(0x08D3, 0x0900) if unicodedata.category(chr(c)) == "Mn"
)
#: Combining marks that may sit inside a word: pyarabic's diacritics (harakat, shadda, sukun,
#: hamza above/below, Quranic marks, superscript alef) and the Extended-A marks.
MARKS = "".join(araby.DIACRITICS) + _EXTENDED_MARKS
#: Deleted by `fold`: the marks, pyarabic's small letters (small waw/yeh) and tatweel.
DELETED = "".join(dict.fromkeys(MARKS + "".join(araby.SMALL) + araby.TATWEEL))

#: Alef forms (pyarabic's ALEFAT, less ى, which is a yeh here, and the small alef, a mark;
#: with the wavy-hamza alefs U+0672/U+0673/U+0675).
_ALEFS = [c for c in araby.ALEFAT if c not in (araby.ALEF, araby.ALEF_MAKSURA, araby.SMALL_ALEF)]
#: Whether the hamza seats fold (ؤ → و; ئ → ي, but ئو → وو, the seat variant of ؤو:
#: مسئول/مسؤول, شئون/شؤون). False only in the ablation (benchmarks/ablations.py).
HAMZA_SEATS = True
_SEATS = {ord(araby.WAW_HAMZA): ord(araby.WAW), ord(araby.YEH_HAMZA): ord(araby.YEH)}

#: Letter replacements (one letter to one letter).
REPLACED = {
    **{alef: araby.ALEF for alef in _ALEFS}, "\u0672": "ا", "\u0673": "ا", "\u0675": "ا",
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
    >>> fold("مسئول") == fold("مسؤول") == "مسوول", fold("إسرائيل") == fold("اسراییل")
    (True, True)
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text)
    folded = text.translate(_TABLE)
    if len(folded) != len(text):
        # Deleting a mark can unblock a canonical composition (a + U+0610 + U+0301):
        # recompose so that fold(fold(x)) == fold(x).
        folded = unicodedata.normalize("NFKC", folded)
    if HAMZA_SEATS and (araby.YEH_HAMZA in folded or araby.WAW_HAMZA in folded):
        # after the marks went, so that مسئُول is مسئول
        folded = folded.replace(araby.YEH_HAMZA + araby.WAW, araby.WAW + araby.WAW)
        folded = folded.translate(_SEATS)
    return folded.lower()
