"""Capture bytes to text: encoding detection, HTML reading, TEI captures (lxml allowed here)."""

from arshif.captures.capture import (
    DEFAULT_LIMIT,
    MEDIA_HTML,
    MEDIA_TEI,
    MEDIA_TEXT,
    SIZE_LIMIT_OPTION,
    DecodedCapture,
    decode_capture,
)
from arshif.captures.encoding import ENCODING_OPTION

__all__ = [
    "DEFAULT_LIMIT",
    "ENCODING_OPTION",
    "MEDIA_HTML",
    "MEDIA_TEI",
    "MEDIA_TEXT",
    "SIZE_LIMIT_OPTION",
    "DecodedCapture",
    "decode_capture",
]
