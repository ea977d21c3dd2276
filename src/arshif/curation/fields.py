"""The metadata fields a librarian may edit, their validation, and what an edit changed.

An edit is an assignment ``FIELD=VALUE`` (``arshif edit --set``, or one cell of an edit CSV):

- ``title``, ``title.romanized``, ``outlet``, ``author``, ``note``, ``source_id``: free text
  (one line, except ``note``), stored NFC as records store text;
- ``title.<lang>``: a translated title, ``<lang>`` a BCP 47 tag (``title.en=...``);
- ``published``, ``retrieved``: ISO 8601 ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or a date-time
  ``YYYY-MM-DDThh:mm[:ss[.fff]]`` local (as printed) or with ``Z``/``±hh:mm``; ASCII digits,
  Gregorian calendar (a year before 1800 is refused: it is most likely Hijri or Jalali);
- ``url``: an absolute ``http``/``https`` URL, stored as a browser would send it (WHATWG);
  ``lang``: a BCP 47 tag (RFC 5646) naming an ISO 639 language, stored in its canonical case
  (``AR-latn`` → ``ar-Latn``);
- ``tags``: ``a,b`` sets the tags, ``+a,b`` adds, ``-a`` removes; a tag has no whitespace, comma
  or semicolon and does not start with ``+`` or ``-``.

An empty value clears the field (``author=`` sets it to None; ``tags=`` removes every tag). Every
value is validated before anything is returned: a refused edit changes nothing, and the
`ValidationError` names the field and the value in one line. The rules themselves are
`arshif.validators` (the same for ingest, ``--set``, the editor and CSV edits); text loses its
control characters and unbalanced bidi controls (`arshif.validators.clean_text`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from arshif.errors import UsageError, ValidationError
from arshif.model import Metadata
from arshif.text.normalize import normalize_storage, strip_bidi_controls
from arshif.validators import (
    MIN_YEAR,
    canonical_language_tag,
    canonical_url,
    clean_text,
    iso_date_problem,
    language_problem,
    split_tags,
    tag_problem,
    url_problem,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MIN_YEAR",
    "FieldChange",
    "apply_edits",
    "canonical_language_tag",
    "check_edited",
    "check_field_name",
    "describe_changes",
    "iso_date_problem",
    "parse_assignment",
    "split_tags",
    "summarize_changes",
    "tag_problem",
    "url_problem",
]

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

FieldValue = str | tuple[str, ...] | None


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One metadata field that differs between two versions (tags as tuples, others as text)."""

    field: str  #: editable name (``title.romanized``, ``title.en``) or the Metadata attribute name
    old: FieldValue
    new: FieldValue


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
    lowered = name.lower()
    if lowered in _ATTRIBUTES:
        return lowered
    if lowered.startswith(_TRANSLATED_PREFIX):
        tag = name[len(_TRANSLATED_PREFIX) :]
        if language_problem(tag) is None:
            return _TRANSLATED_PREFIX + (canonical_language_tag(tag) or tag)
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
    text = normalize_storage(clean_text(value)[0]).strip()
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
            text = text if why else canonical_url(text)
        elif field == "lang":
            why = language_problem(text)
            text = canonical_language_tag(text) or text
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


def check_edited(old: Metadata, new: Metadata) -> Metadata:
    """`new` (a whole record's metadata, edited in an editor) with every editable field that
    differs from `old` checked and stored as ``--set`` would store it.

    Raises ValidationError naming every refused field and value, like `apply_edits`.
    """
    assignments: list[tuple[str, str]] = []
    for change in describe_changes(old, new):
        if change.field in _ATTRIBUTES or change.field.startswith(_TRANSLATED_PREFIX):
            value = change.new
            text = ",".join(value) if isinstance(value, tuple) else (value or "")
            assignments.append((change.field, text))
    return new.with_changes(**_values(apply_edits(old, assignments)))


def _values(metadata: Metadata) -> dict[str, object]:
    names = [*_ATTRIBUTES.values(), "titles_translated"]
    return {name: getattr(metadata, name) for name in names}


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
