"""Text as citations receive it: one line, NFC, no presentation forms, no bidi controls."""

from __future__ import annotations

import re
import unicodedata

from arshif.text.normalize import normalize_storage, strip_bidi_controls

#: Characters no export may contain: Arabic presentation forms and bidi embedding, override and
#: isolate controls.
FORBIDDEN = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\u202a-\u202e\u2066-\u2069]")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")


def clean(text: str | None) -> str | None:
    """`text` fit for a citation, or None when nothing is left.

    Presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) become their NFKC base letters, bidi
    controls and marks are dropped, control characters go, white space runs become one space.

    >>> clean("\\u202bﻻ\\u202c  جديد\\n")
    'لا جديد'
    """
    if text is None:
        return None
    text = strip_bidi_controls(normalize_storage(text))
    text = " ".join(text.split())
    return text or None


def without_forbidden(text: str) -> str:
    """`text` with presentation forms unfolded (NFKC) and bidi controls removed (the last guard)."""
    if not FORBIDDEN.search(text):
        return text
    text = _PRESENTATION_FORMS.sub(
        lambda m: unicodedata.normalize("NFKC", m.group(0)).replace("\ufeff", ""), text
    )
    return FORBIDDEN.sub("", text)
