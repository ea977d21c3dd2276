"""Checks of values against the XML Schema datatypes TEI uses for attributes.

The writer puts a value in an attribute only when it is valid there, so every record it writes
validates; these checks are deliberately a little stricter than the datatypes (ASCII digits only,
for instance), never looser.
"""

from __future__ import annotations

import re
from datetime import date

#: xsd:language (BCP 47 shaped): ``ar``, ``fa``, ``ar-Latn``, ``en-GB``.
LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
#: xsd:Name, ASCII subset (``application/@ident``).
NAME = re.compile(r"[A-Za-z_:][A-Za-z0-9_:.\-]*")
#: TEI teidata.versionNumber (``application/@version``), ASCII digits.
VERSION_NUMBER = re.compile(r"[0-9]+[a-z]*[0-9]*(\.[0-9]+[a-z]*[0-9]*){0,3}")
#: An NCName fragment usable after ``cal-`` in an xml:id (calendar names).
CALENDAR_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
#: A short id or link target that is also a valid URI path segment (``relation/@passive``).
URI_SAFE = re.compile(r"[A-Za-z0-9._~:\-]+")
#: TEI's ``@when-iso`` token pattern (teidata.temporal.iso, the non-W3C branch).
ISO_TOKEN = re.compile(r"[0-9.,DHMPRSTWYZ/:+\-]+")
#: ...and what arshif takes for an ISO 8601 date there: it starts with a four-digit year, so a
#: day-first form like ``31/07/2021`` (which the token pattern would let through) is refused.
ISO_START = re.compile(r"[+-]?[0-9]{4}")

_TZ = r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)?"
_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})" + _TZ)
_DATETIME = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?" + _TZ
)
_YEAR = re.compile(r"[0-9]{4}" + _TZ)
_YEAR_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])" + _TZ)


def _real_day(match: re.Match[str]) -> bool:
    try:
        date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return False
    return True


def is_w3c_when(value: str) -> bool:
    """True when `value` is valid in TEI ``@when``: xsd:date, dateTime, gYear or gYearMonth."""
    for pattern in (_DATE, _DATETIME):
        match = pattern.fullmatch(value)
        if match:
            return _real_day(match) and match["y"] != "0000"
    return bool(_YEAR.fullmatch(value) or _YEAR_MONTH.fullmatch(value)) and value[:4] != "0000"


def when_attribute(value: str) -> str | None:
    """The attribute a date value goes in: ``when`` (W3C forms), ``when-iso`` (other ISO 8601
    forms such as ``2021-07-31T19:51``), or None when TEI cannot hold it in either."""
    if is_w3c_when(value):
        return "when"
    if ISO_TOKEN.fullmatch(value) and ISO_START.match(value):
        return "when-iso"
    return None


def is_language(value: str) -> bool:
    return bool(LANGUAGE.fullmatch(value))


def version_attribute(tool_version: str) -> str:
    """A valid ``application/@version`` for `tool_version`: itself, else its leading numeric
    part (``0.1.0`` for ``0.1.0.dev3+g12``), else ``0``."""
    match = VERSION_NUMBER.match(tool_version)
    return match.group(0) if match else "0"
