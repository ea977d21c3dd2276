"""The metadata fields a librarian may edit, their validation, and what an edit changed.

An edit is an assignment ``FIELD=VALUE`` (``arshif edit --set``, or one cell of an edit CSV):

- ``title``, ``title.romanized``, ``outlet``, ``author``, ``note``, ``source_id``: free text
  (one line, except ``note``), stored NFC as records store text;
- ``title.<lang>``: a translated title, ``<lang>`` a BCP 47 tag (``title.en=...``);
- ``published``, ``retrieved``: ISO 8601 ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or a date-time
  ``YYYY-MM-DDThh:mm[:ss[.fff]]`` local (as printed) or with ``Z``/``±hh:mm``; ASCII digits,
  Gregorian calendar (a year before 1800 is refused: it is most likely Hijri or Jalali);
- ``url``: an absolute ``http``/``https`` URL; ``lang``: a well-formed BCP 47 tag (RFC 5646),
  stored in its canonical case (``AR-latn`` → ``ar-Latn``);
- ``tags``: ``a,b`` sets the tags, ``+a,b`` adds, ``-a`` removes; a tag has no whitespace, comma
  or semicolon and does not start with ``+`` or ``-``.

An empty value clears the field (``author=`` sets it to None; ``tags=`` removes every tag). Every
value is validated before anything is returned: a refused edit changes nothing, and the
`ValidationError` names the field and the value in one line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from arshif.errors import UsageError, ValidationError
from arshif.model import Metadata
from arshif.text.normalize import normalize_storage, strip_bidi_controls

#: Fields accepted by ``--set`` and as edit-CSV columns; ``title.<lang>`` stands for any BCP 47 tag.
EDITABLE_FIELDS: tuple[str, ...] = (
    "title",
    "title.romanized",
    "title.<lang>",
    "outlet",
    "author",
    "published",
    "url",
    "lang",
    "tags",
    "note",
    "source_id",
    "retrieved",
)

#: Editable field name → Metadata attribute (title.<lang> is handled apart).
_ATTRIBUTES: dict[str, str] = {
    "title": "title",
    "title.romanized": "title_romanized",
    "outlet": "outlet",
    "author": "author",
    "published": "published",
    "url": "url",
    "lang": "lang",
    "tags": "tags",
    "note": "note",
    "source_id": "source_id",
    "retrieved": "retrieved",
}
_MULTILINE = frozenset({"note"})
_TRANSLATED_PREFIX = "title."
MIN_YEAR = 1800

FieldValue = str | tuple[str, ...] | None


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One metadata field that differs between two versions (tags as tuples, others as text)."""

    field: str  #: editable name (``title.romanized``, ``title.en``) or the Metadata attribute name
    old: FieldValue
    new: FieldValue


# --- BCP 47 (RFC 5646 section 2.1, the ABNF as a regular expression) -----------------------------

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


# --- ISO 8601 dates ------------------------------------------------------------------------------

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


# --- URLs and tags -------------------------------------------------------------------------------


def url_problem(value: str) -> str | None:
    """Why `value` is not an absolute http(s) URL, or None if it is."""
    if any(ch.isspace() for ch in value):
        return "a URL has no spaces (percent-encode them as %20)"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "not an absolute http:// or https:// URL"
    if not parts.hostname:
        return "the URL has no host"
    return None


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


# --- assignments ---------------------------------------------------------------------------------


def _shown(value: str, limit: int = 60) -> str:
    one_line = " ".join(strip_bidi_controls(value).split())
    return repr(one_line if len(one_line) <= limit else one_line[: limit - 1] + "…")


def _refuse(field: str, value: str, why: str) -> ValidationError:
    return ValidationError(f"{field}={_shown(value)}: {why}")


def check_field_name(field: str) -> str:
    """The canonical field name of `field`, whatever its case (``Title.EN`` → ``title.en``,
    ``Outlet`` → ``outlet``), or ValidationError."""
    name = field.strip()
    if name.lower() in _ATTRIBUTES:
        return name.lower()
    if name.lower().startswith(_TRANSLATED_PREFIX):
        tag = canonical_language_tag(name[len(_TRANSLATED_PREFIX) :])
        if tag is not None:
            return _TRANSLATED_PREFIX + tag
    raise ValidationError(
        f"{name!r} is not an editable field; use one of: {', '.join(EDITABLE_FIELDS)}"
    )


def parse_assignment(text: str) -> tuple[str, str]:
    """``"title=..."`` → ``("title", "...")``; UsageError without ``=``, ValidationError if the
    field is unknown. Only the first ``=`` splits, so values may contain ``=``."""
    field, sep, value = text.partition("=")
    if not sep or not field.strip():
        raise UsageError(f"{text!r} is not FIELD=VALUE (e.g. --set title=...)")
    return check_field_name(field), value


def _clean_text(field: str, value: str) -> str | None:
    text = normalize_storage(value).strip()
    if not text:
        return None
    if field not in _MULTILINE and "\n" in text:
        raise _refuse(field, value, "must be one line")
    return text


def _new_tags(current: tuple[str, ...], value: str) -> tuple[str, ...]:
    text = normalize_storage(value).strip()
    mode = text[:1] if text[:1] in ("+", "-") else "="
    items = split_tags(text[1:] if mode != "=" else text)
    for tag in items:
        why = tag_problem(tag)
        if why:
            raise _refuse("tags", value, f"{tag!r}: {why}")
    if mode == "=":
        return tuple(dict.fromkeys(items))
    if mode == "+":
        return tuple(dict.fromkeys((*current, *items)))
    return tuple(tag for tag in current if tag not in items)


def _edit(metadata: Metadata, field: str, value: str) -> Metadata:
    """`metadata` with one assignment applied (`field` canonical), or ValidationError."""
    if field == "tags":
        return metadata.with_changes(tags=_new_tags(metadata.tags, value))
    text = _clean_text(field, value)
    if field.startswith(_TRANSLATED_PREFIX) and field not in _ATTRIBUTES:
        lang = field[len(_TRANSLATED_PREFIX) :]
        pairs = list(metadata.titles_translated)
        index = next((i for i, (tag, _) in enumerate(pairs) if tag.lower() == lang.lower()), None)
        if text is None:
            if index is not None:
                del pairs[index]
        elif index is None:
            pairs.append((lang, text))
        else:
            pairs[index] = (lang, text)
        return metadata.with_changes(titles_translated=tuple(pairs))
    if text is not None:
        why: str | None = None
        if field in ("published", "retrieved"):
            why = iso_date_problem(text)
        elif field == "url":
            why = url_problem(text)
        elif field == "lang":
            tag = canonical_language_tag(text)
            why = None if tag else "not a well-formed BCP 47 language tag (e.g. ar, fa, ar-Latn)"
            text = tag or text
        if why:
            raise _refuse(field, value, why)
    return metadata.with_changes(**{_ATTRIBUTES[field]: text})


def apply_edits(metadata: Metadata, edits: Sequence[tuple[str, str]]) -> Metadata:
    """`metadata` with every ``(field, value)`` applied in order, all validated first.

    Raises ValidationError naming every refused field and value (one line, ``; ``-separated);
    nothing is applied unless everything is valid.
    """
    problems: list[str] = []
    result = metadata
    for field, value in edits:
        try:
            result = _edit(result, check_field_name(field), value)
        except ValidationError as exc:
            problems.append(str(exc))
    if problems:
        raise ValidationError("; ".join(problems))
    return result


# --- what changed --------------------------------------------------------------------------------

_DISPLAY_NAMES = {"title_romanized": "title.romanized"}


def describe_changes(old: Metadata, new: Metadata) -> list[FieldChange]:
    """Every Metadata field that differs, in Metadata's field order; translated titles per
    language as ``title.<lang>``; tags as tuples."""
    changes: list[FieldChange] = []
    for spec in dataclasses.fields(Metadata):
        before, after = getattr(old, spec.name), getattr(new, spec.name)
        if before == after:
            continue
        if spec.name == "titles_translated":
            olds, news = dict(before), dict(after)
            for lang in dict.fromkeys([*olds, *news]):
                if olds.get(lang) != news.get(lang):
                    changes.append(FieldChange(f"title.{lang}", olds.get(lang), news.get(lang)))
        else:
            changes.append(FieldChange(_DISPLAY_NAMES.get(spec.name, spec.name), before, after))
    return changes


def _summary_value(value: FieldValue) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, tuple):
        return _shown(", ".join(value), 40)
    return _shown(value, 40)


def summarize_changes(changes: Sequence[FieldChange]) -> str:
    """One line for a version message: ``title: 'a' → 'b'; tags: +wire -old``."""
    parts: list[str] = []
    for change in changes:
        if (
            change.field == "tags"
            and isinstance(change.old, tuple)
            and isinstance(change.new, tuple)
        ):
            added = [f"+{tag}" for tag in change.new if tag not in change.old]
            removed = [f"-{tag}" for tag in change.old if tag not in change.new]
            parts.append("tags: " + (" ".join(added + removed) or "reordered"))
        else:
            old, new = _summary_value(change.old), _summary_value(change.new)
            parts.append(f"{change.field}: {old} → {new}")
    return "; ".join(parts)
