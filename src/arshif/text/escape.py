"""Data output that cannot take over a terminal line: control characters written as escapes.

A record's text and metadata may hold characters that a terminal obeys rather than shows: C0
and C1 controls (a carriage return rewrites the line, ESC starts a colour or cursor sequence),
DEL, the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069; a stray
RIGHT-TO-LEFT OVERRIDE reverses the rest of the line), the bidi marks (U+200E, U+200F, U+061C)
and the line and paragraph separators (U+2028, U+2029). The stored record keeps them; every
data output (JSON, NDJSON, CSV, TSV) writes them as escapes, so that `cat`-ing an export shows
them instead of obeying them. ZWNJ and ZWJ (U+200C, U+200D), which Persian spelling needs, are
letters' business and stay as they are.

* JSON and NDJSON: ``\\u202e``, JSON's own escape (`json_text`); a JSON reader gets the
  original string back.
* TSV: the TSV convention (as PostgreSQL's and MySQL's text formats and the IANA TSV
  practice): ``\\t``, ``\\n``, ``\\r`` and ``\\\\`` for tab, newline, carriage return and
  backslash, ``\\uXXXX`` for the other characters above; no quoting (`tsv_field`).
* CSV: RFC 4180 quoting keeps tabs and newlines (spreadsheets show them in the cell); every other
  character above is written ``\\uXXXX``, and a backslash that would read as such an escape is
  written ``\\u005c`` (`csv_field`); `csv_unescape` reverses it exactly, so that `arshif edit
  --from-csv` reads an exported cell as the value it came from.
"""

from __future__ import annotations

import json
import re

#: Characters a terminal obeys: C0 and C1 controls, DEL, bidi controls and marks, separators.
TERMINAL_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_CSV_ESCAPED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
    r"|\\(?=u[0-9A-Fa-f]{4})"
)
#: What JSON leaves raw that a terminal obeys (json.dumps escapes C0 controls itself).
_JSON_ESCAPED = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CSV_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")
_TSV_SHORT = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_ESCAPED = re.compile(r"[\\]|" + TERMINAL_CONTROLS.pattern)


def _code(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def strip_terminal_controls(text: str, keep: str = "") -> str:
    """`text` without the characters a terminal obeys, except those in `keep` (for what a
    table or a text view shows: the data outputs escape them instead)."""
    return TERMINAL_CONTROLS.sub(lambda m: m.group() if m.group() in keep else "", text)


def escape_controls(text: str) -> str:
    """`text` with every terminal control character written ``\\uXXXX`` (a TREC docno)."""
    return TERMINAL_CONTROLS.sub(_code, text)


def json_text(value: object, indent: int | None = None) -> str:
    """`value` as JSON, Arabic and Persian as they are (not ``\\u`` escapes), every terminal
    control character escaped (``\\u202e``)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_ESCAPED.sub(_code, text)  # outside strings JSON has none of these


def tsv_field(value: str) -> str:
    """One TSV field: ``\\t`` ``\\n`` ``\\r`` ``\\\\``, other controls ``\\uXXXX``."""
    return _TSV_ESCAPED.sub(lambda m: _TSV_SHORT.get(m.group()) or _code(m), value)


def tsv_unescape(field: str) -> str:
    """The value of a `tsv_field`."""
    short = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return short[code] if code in short else chr(int(code[1:], 16))

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|[tnr\\])", one, field)


def csv_field(value: str) -> str:
    """One CSV cell's text (before CSV quoting): controls other than tab and newline as
    ``\\uXXXX``, a backslash that would read as such an escape as ``\\u005c``."""
    return _CSV_ESCAPED.sub(_code, value)


def csv_unescape(cell: str) -> str:
    """The value of a `csv_field` (the exact inverse)."""
    return _CSV_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), cell)
