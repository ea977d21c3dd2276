"""Unicode normalisation of text as it is stored in records (not the search folding).

Stored text (record titles, paragraphs, metadata) is NFC, with Arabic presentation forms
(U+FB50–U+FDFF, U+FE70–U+FEFF, which legacy software and reshapers emit) replaced by their NFKC
base letters, line ends as ``\\n``, and C0/C1 control characters other than tab and newline removed.
Letters users type differently (ي/ی, ك/ک, hamza forms), diacritics and ZWNJ are kept exactly as
the capture has them: folding those is the search analyzer's job (`arshif.search.analysis`), so
the record stays faithful to its source. Bidi controls are kept in storage (they may be
meaningful) and neutralised only for display.
"""

from __future__ import annotations

import re
import unicodedata

_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def _nfkc(match: re.Match[str]) -> str:
    # U+FEFF (BOM / zero-width no-break space) has no NFKC mapping; drop it.
    return unicodedata.normalize("NFKC", match.group(0)).replace("\ufeff", "")


def normalize_storage(text: str) -> str:
    """Return `text` as records store it (NFC, presentation forms unfolded, no control characters).

    >>> normalize_storage("\\ufefb\\r\\nكتاب")
    'لا\\nكتاب'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    text = _PRESENTATION_FORMS.sub(_nfkc, text)
    return unicodedata.normalize("NFC", text)


def strip_bidi_controls(text: str) -> str:
    """Remove directional formatting characters (for one-line display of untrusted titles)."""
    return _BIDI_CONTROLS.sub("", text)
