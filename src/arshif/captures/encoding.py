"""Bytes to str for captures: encoding detection and the refusals that protect the archive.

Order of decisions (the first that applies wins):

1. an explicit encoding (``--encoding``): decoded strictly with it, a bad byte is reported;
2. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE;
3. UTF-16 without a BOM, recognised from its pattern: in one byte of every pair, NUL (Latin
   characters, spaces, digits) or 0x06 (the Arabic block), in the other almost never;
4. NUL bytes in anything else mean binary data;
5. strict UTF-8;
6. Windows-1256, when UTF-8 fails and the bytes above 0x7F decode to Arabic-script letters (and
   are not broken UTF-8 Arabic, whose lead bytes 0xD8–0xDB would pair with continuation bytes);
7. otherwise the byte offset of the first invalid UTF-8 byte is reported, with the way to give
   the encoding.

The decoded text is then refused when it is empty or only whitespace, mostly control or
unassigned characters (binary), or probable mojibake (UTF-8 Arabic once decoded as Latin-1 or
Windows-1252: runs like ``Ø§Ù„``).
"""

from __future__ import annotations

import codecs
import re

from arshif.errors import InputError

__all__ = ["ENCODING_OPTION", "check_text", "decode_bytes"]

#: how a user names the encoding on the command line (quoted in messages)
ENCODING_OPTION = "--encoding"

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
#: high bytes of UTF-16 code units that text in Arabic script is made of
_UTF16_HIGH = frozenset({0x00, 0x06, 0x20, 0xFB, 0xFC, 0xFD, 0xFE})
_UTF16_HIGH_BYTES = bytes(sorted(_UTF16_HIGH))

_MOJIBAKE_PAIR = re.compile(
    "[\u00d8\u00d9\u00da\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_LATIN1_RUN = re.compile("[\u00c0-\u00ff]{4,}")
_SAMPLE = 1 << 20
_VISIBLE = re.compile("[^\\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_BAD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")


def _offset_error(exc: UnicodeDecodeError, base: int, encoding: str, hint: bool) -> InputError:
    offset = base + exc.start
    bad = exc.object[exc.start : exc.start + 1]
    message = f"not valid {encoding} at byte offset {offset} (byte 0x{bad.hex()})"
    if hint:
        message += (
            f"; if the file is in another encoding, give it with {ENCODING_OPTION} "
            f"(e.g. {ENCODING_OPTION} cp1256 for Windows Arabic/Persian)"
        )
    return InputError(message)


def _strict(data: bytes, codec: str, name: str, base: int = 0, hint: bool = True) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise _offset_error(exc, base, name, hint) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when `data` has the byte pattern of UTF-16 text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[: 1 << 16]
    even, odd = sample[0::2], sample[1::2]
    for name, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        pattern = high.count(0x00) + high.count(0x06)
        plausible = len(high) - len(high.translate(None, _UTF16_HIGH_BYTES))
        if (
            pattern >= 0.3 * len(high)
            and plausible >= 0.95 * len(high)
            and low.count(0) <= 0.02 * len(low)
        ):
            return name
    return None


def _looks_cp1256(data: bytes, text: str) -> bool:
    data, text = data[: 1 << 20], text[: 1 << 20]
    high = sum(1 for b in data if b >= 0x80)
    if not high:
        return False
    # Broken UTF-8 Arabic: lead bytes 0xD8-0xDB followed by continuation bytes.
    utf8_pairs = len(re.findall(rb"[\xd8-\xdb][\x80-\xbf]", data))
    if 2 * utf8_pairs >= 0.5 * high:
        return False
    decoded_high = [c for c, b in zip(text, data, strict=True) if b >= 0x80]
    arabic = sum(
        1 for c in decoded_high if "\u0600" <= c <= "\u06ff" or c in "\u200c\u200d«»…–—\u00a0"
    )
    letters = [c for c in text if c.isalpha()]
    arabic_letters = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return arabic >= 0.9 * len(decoded_high) and arabic_letters >= 0.5 * max(len(letters), 1)


def decode_bytes(
    data: bytes, encoding: str | None = None, declared: str | None = None
) -> tuple[str, str]:
    """(text, encoding name) of `data`; `declared` is a charset the document itself names.

    Raises `InputError` for an unknown or wrong explicit encoding, binary data, or bytes that
    are not UTF-8 and not recognisably Windows-1256 (naming the first bad byte's offset).
    """
    if encoding:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        text = _strict(data, info.name, info.name, hint=False)
        return text.removeprefix("\ufeff"), info.name
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            if codec == "utf-8-sig":
                return _strict(data[len(bom) :], "utf-8", name, base=len(bom)), name
            return _strict(data[len(bom) :], codec, name, base=len(bom), hint=False), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, utf16, hint=False), utf16
    nuls = data.count(0)
    if nuls and (nuls > 16 or nuls * 1000 > len(data)):
        raise InputError(
            f"binary data ({nuls} NUL bytes), not text; arshif ingests text, HTML and TEI"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    if declared:
        try:
            name = codecs.lookup(declared).name
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    candidate = data.decode("cp1256")
    if _looks_cp1256(data, candidate):
        return candidate, "cp1256"
    raise _offset_error(first_error, 0, "UTF-8", hint=True)


def check_text(text: str) -> None:
    """Refuse decoded text that is empty, whitespace only, binary-looking, or mojibake.

    Binary data and mojibake show in the first megabyte; only that much is measured.
    """
    sample = text[:_SAMPLE]
    bad = len(_BAD.findall(sample))
    if bad > 0.1 * len(sample):
        raise InputError(
            f"the capture looks binary ({bad} of {len(sample)} characters are control, "
            "private-use or replacement characters); arshif ingests text, HTML and TEI"
        )
    if not _VISIBLE.search(text):
        raise InputError("the capture is empty or holds only whitespace")
    pairs = len(_MOJIBAKE_PAIR.findall(sample))
    runs = len(_LATIN1_RUN.findall(sample))
    # (the Arabic letters are counted only when there is mojibake to weigh them against)
    arabic = len(_ARABIC_LETTER.findall(sample)) if pairs >= 3 or runs >= 3 else 0
    if (pairs >= 3 and pairs >= arabic) or (runs >= 3 and runs * 4 >= arabic):
        raise InputError(
            "the text is probable mojibake (runs like 'Ø§Ù„' or 'ÇáÚÑÇÞ'): Arabic or Persian "
            "was decoded with the wrong encoding before this file was saved; fetch or export "
            "the original again"
        )
