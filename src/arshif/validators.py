"""One rule per metadata field, for every way a value comes in.

Ingest (``--lang``, ``--url``… and manifest lines), ``arshif edit --set``, the editor and
``edit --from-csv`` all check values here, so the same value is accepted or refused everywhere
(`arshif.curation.fields.apply_edits` applies them; the editor path checks a whole record with
`metadata_problems`):

- language: a well-formed BCP 47 tag (RFC 5646) whose primary subtag is an ISO 639 code
  (``klingon``, ``xx``, ``english`` are refused), stored in canonical case (``AR-latn`` →
  ``ar-Latn``);
- dates (``published``, ``retrieved``): ISO 8601 ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a
  date-time, ASCII digits, Gregorian, year 1800 or later;
- URL: an absolute ``http``/``https`` URL as a browser reads it (WHATWG URL Standard, parsed by
  ada-url): what must be percent-encoded is (an Arabic path, a no-break space, «»), the host is
  lower-cased (and IDNA-encoded); the stored value is the URL as a browser would send it;
- tags: no whitespace, comma or semicolon, no leading ``+``/``-``;
- titles and other one-line text: one line, without control characters and without unbalanced
  bidi embedding, override or isolate controls (`clean_text`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import ada_url

from arshif.text.languagecodes import is_known_language

__all__ = [
    "MIN_YEAR",
    "canonical_language_tag",
    "canonical_url",
    "clean_text",
    "iso_date_problem",
    "language_problem",
    "split_tags",
    "tag_problem",
    "url_problem",
]

MIN_YEAR = 1800

# --- language: BCP 47 (RFC 5646 section 2.1, the ABNF as a regular expression) -------------------

_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language ["-" extlang]
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
_PRIVATEUSE = rf"x(?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|"
    "i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|"
    "zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_BCP47 = re.compile(rf"(?:{_LANGTAG}|{_PRIVATEUSE}|{_GRANDFATHERED})", re.IGNORECASE | re.ASCII)


def canonical_language_tag(value: str) -> str | None:
    """`value` in RFC 5646 canonical case if it is a well-formed BCP 47 tag, else None.

    >>> canonical_language_tag("AR-latn-eg"), canonical_language_tag("ar latn")
    ('ar-Latn-EG', None)
    """
    if not _BCP47.fullmatch(value):
        return None
    out: list[str] = []
    after_singleton = False
    for i, part in enumerate(value.split("-")):
        if i == 0 or after_singleton or len(part) == 1:
            after_singleton = after_singleton or (i > 0 and len(part) == 1)
            out.append(part.lower())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def language_problem(value: str) -> str | None:
    """Why `value` cannot be a record's language (``lang``), or None if it can.

    >>> language_problem("fa-IR") is None, language_problem("klingon") is None
    (True, False)
    """
    if canonical_language_tag(value) is None:
        return "not a well-formed BCP 47 language tag (e.g. ar, fa, ar-Latn)"
    if not is_known_language(value):
        return "not a known language code (ISO 639, e.g. ar, fa, ckb, ar-IQ)"
    return None


# --- dates: ISO 8601 ------------------------------------------------------------------------------

_DATE = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?",
    re.ASCII,
)


def iso_date_problem(value: str) -> str | None:
    """Why `value` is not an accepted ISO 8601 date or date-time, or None if it is."""
    match = _DATE.fullmatch(value)
    if match is None:
        if any(ch.isdigit() and not ch.isascii() for ch in value):
            return "use ASCII digits and the Gregorian calendar (YYYY-MM-DD)"
        return "not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][±hh:mm])"
    year, month, day, hour, minute, second, offset = match.groups()
    if int(year) < MIN_YEAR:
        return f"year before {MIN_YEAR}: give the Gregorian date, not the Hijri or Jalali one"
    try:
        date(int(year), int(month or 1), int(day or 1))
        if hour is not None:
            datetime(2000, 1, 1, int(hour), int(minute), int(second or 0))
        if offset and offset != "Z":
            sign = -1 if offset[0] == "-" else 1
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            if minutes >= 60:
                raise ValueError("offset minutes out of range")
            timezone(sign * timedelta(hours=hours, minutes=minutes))
    except ValueError as exc:
        return f"not a real date or time ({exc})"
    return None


# --- URLs (WHATWG URL Standard, through ada-url) --------------------------------------------------


def _parsed_url(value: str) -> ada_url.URL | str:
    try:
        url = ada_url.URL(value)
    except ValueError:
        return "not a URL a browser could open (WHATWG URL Standard)"
    if url.protocol not in ("http:", "https:"):
        return "not an absolute http:// or https:// URL"
    if not url.hostname:
        return "the URL has no host"
    return url


def url_problem(value: str) -> str | None:
    """Why `value` is not an absolute http(s) URL, or None if it is.

    URLs as outlets publish them are accepted: an Arabic path, «», a no-break space.
    """
    parsed = _parsed_url(value)
    return parsed if isinstance(parsed, str) else None


def canonical_url(value: str) -> str:
    """The URL as a browser would send it (WHATWG serialization: percent-encoded, host in
    lower case), for a value `url_problem` accepts.

    >>> canonical_url("http://Example.com/«التقني»\\u00a0تعلن")
    'http://example.com/%C2%AB%D8%A7%D9%84%D8%AA%D9%82%D9%86%D9%8A%C2%BB%C2%A0%D8%AA%D8%B9%D9%84%D9%86'
    """
    parsed = _parsed_url(value)
    if isinstance(parsed, str):
        raise ValueError(f"{value!r}: {parsed}")
    return str(parsed.href)


# --- tags ----------------------------------------------------------------------------------------

_TAG_SEPARATORS = re.compile(r"[,;]")


def split_tags(value: str) -> list[str]:
    """Tags of a comma- (or semicolon-) separated list, stripped, empty items dropped."""
    return [tag.strip() for tag in _TAG_SEPARATORS.split(value) if tag.strip()]


def tag_problem(tag: str) -> str | None:
    """Why `tag` cannot be a tag, or None."""
    if any(ch.isspace() for ch in tag):
        return "a tag has no spaces (use - or _)"
    if tag[0] in "+-":
        return "a tag does not start with + or -"
    return None


# --- text: control characters and unbalanced bidi controls ----------------------------------------

#: C0 and C1 control characters but tab and line feed (carriage returns are line ends).
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_OPENERS = {"\u202a": "embed", "\u202b": "embed", "\u202d": "embed", "\u202e": "embed"}
_OPENERS |= {"\u2066": "isolate", "\u2067": "isolate", "\u2068": "isolate"}
_BIDI_EMBEDDINGS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def unbalanced_bidi(text: str) -> list[int]:
    """Positions of the bidi embedding, override and isolate controls (U+202A–U+202E,
    U+2066–U+2069) of `text` that are not matched: a pop (PDF, PDI) with nothing open to
    close, an opener never closed, or an embedding left open inside a closed isolate.

    >>> unbalanced_bidi("\\u202bok\\u202c"), unbalanced_bidi("\\u200f\\u202bnot closed")
    ([], [1])
    """
    stack: list[tuple[str, int]] = []
    unmatched: list[int] = []
    for match in _BIDI_EMBEDDINGS.finditer(text):
        index, char = match.start(), match.group()
        if char in _OPENERS:
            stack.append((_OPENERS[char], index))
        elif char == "\u202c":
            if stack and stack[-1][0] == "embed":
                stack.pop()
            else:
                unmatched.append(index)
        elif char == "\u2069":
            if any(kind == "isolate" for kind, _ in stack):
                while stack[-1][0] != "isolate":
                    unmatched.append(stack.pop()[1])
                stack.pop()
            else:
                unmatched.append(index)
    unmatched.extend(position for _, position in stack)
    return sorted(unmatched)


def clean_text(text: str) -> tuple[str, list[str], list[str]]:
    """`text` without control characters (but tab and newline) and unbalanced bidi controls,
    with what was removed of each kind (as ``U+XXXX``, in order)."""
    controls = [f"U+{ord(ch):04X}" for ch in CONTROLS.findall(text)]
    if controls:
        text = CONTROLS.sub("", text)
    positions = unbalanced_bidi(text)
    bidi = [f"U+{ord(text[i]):04X}" for i in positions]
    if positions:
        drop = set(positions)
        text = "".join(ch for i, ch in enumerate(text) if i not in drop)
    return text, controls, bidi
