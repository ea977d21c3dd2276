"""What changed between two versions of a record: metadata field by field, text word by word.

Text is compared paragraph by paragraph (paragraphs aligned with difflib, an edited paragraph
paired with its most similar counterpart), then word by word within a paragraph (words are runs
of non-space characters, compared exactly). Right-to-left text is never reshaped or reordered:
everything stays in logical order, and changes are marked inline like ``git diff --word-diff``,
``[-removed-]{+added+}`` (or other marks, such as colours), which reads correctly in a terminal
or a pipe; a rendering may show only the changed passages with a few words around them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any, ClassVar, Literal

from arshif.curation.fields import FieldChange, FieldValue, describe_changes
from arshif.model import Record

TextOp = Literal["replace", "insert", "delete"]
_WORD = re.compile(r"\S+")
#: Paragraphs at least this similar (difflib ratio over words) are shown as one edited paragraph.
PAIRING_RATIO = 0.5
_MAX_PAIRING_CELLS = 2500


@dataclasses.dataclass(frozen=True)
class TextChange:
    """One change in the text, in logical order.

    `paragraph` is the paragraph's index (from 0) in the new record, or in the old one for a
    deleted paragraph; `word` is the index of the first changed word in the old paragraph (in
    the new one for an inserted paragraph). `old`/`new` are the original text ("" when absent).
    """

    paragraph: int
    op: TextOp
    old: str
    new: str
    word: int = 0


@dataclasses.dataclass(frozen=True)
class ParagraphDiff:
    """One paragraph that differs: `segments` are (kind, text) with kind "equal", "delete" or
    "insert", whose concatenation without the insertions is the old paragraph."""

    old_index: int | None
    new_index: int | None
    segments: tuple[tuple[str, str], ...]
    changes: tuple[TextChange, ...]


#: How removed and added words are marked: ``git diff --word-diff``'s plain markers.
PLAIN_MARKS: dict[str, tuple[str, str]] = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}


@dataclasses.dataclass(frozen=True)
class RecordDiff:
    old_id: str
    new_id: str
    old_label: str
    new_label: str
    metadata: tuple[FieldChange, ...]
    paragraphs: tuple[ParagraphDiff, ...]
    #: `PLAIN_MARKS`, for a renderer that lays the text out itself
    plain_marks: ClassVar[dict[str, tuple[str, str]]] = PLAIN_MARKS

    @property
    def text(self) -> tuple[TextChange, ...]:
        return tuple(change for para in self.paragraphs for change in para.changes)

    @property
    def is_empty(self) -> bool:
        return not self.metadata and not self.paragraphs

    def unified(
        self, context: int | None = None, marks: dict[str, tuple[str, str]] | None = None
    ) -> str:
        """The readable rendering (`render_unified`)."""
        return render_unified(self, context, marks)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (`to_json`)."""
        return to_json(self)


def _label(record: Record) -> str:
    return record.changes[-1].version if record.changes else ""


def _record_state(record: Record) -> tuple[FieldValue, FieldValue]:
    withdrawn = record.withdrawn
    state = f"{withdrawn.when} by {withdrawn.who.name}: {withdrawn.reason}" if withdrawn else None
    links = tuple(f"{link.kind}:{link.target}" for link in record.links)
    return state, links


def _metadata_changes(a: Record, b: Record) -> tuple[FieldChange, ...]:
    changes = describe_changes(a.metadata, b.metadata)
    (wa, la), (wb, lb) = _record_state(a), _record_state(b)
    if wa != wb:
        changes.append(FieldChange("withdrawn", wa, wb))
    if la != lb:
        changes.append(FieldChange("links", la, lb))
    return tuple(changes)


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _pair(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Align runs of differing paragraphs: similar ones pair up in order, others stand alone."""
    n, m = len(old), len(new)
    if n * m > _MAX_PAIRING_CELLS:
        pairs: list[tuple[int | None, int | None]] = [(i, i) for i in range(min(n, m))]
        pairs += [(i, None) for i in range(m, n)] + [(None, j) for j in range(n, m)]
        return pairs
    ratio = [[_ratio(old[i], new[j]) for j in range(m)] for i in range(n)]
    # best[i][j]: the largest total similarity aligning old[i:] with new[j:]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + ratio[i][j] if ratio[i][j] >= PAIRING_RATIO else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs = []
    i = j = 0
    while i < n or j < m:
        if i == n:
            pairs.append((None, j))
            j += 1
        elif j == m:
            pairs.append((i, None))
            i += 1
        elif ratio[i][j] >= PAIRING_RATIO and best[i][j] == best[i + 1][j + 1] + ratio[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs


def _word_diff(
    old: str, new: str, para: int
) -> tuple[tuple[tuple[str, str], ...], list[TextChange]]:
    old_spans, new_spans = _spans(old), _spans(new)
    old_words = [old[s:e] for s, e in old_spans]
    new_words = [new[s:e] for s, e in new_spans]
    if old_words == new_words:  # only the spacing changed: show the paragraph as replaced
        return (("delete", old), ("insert", new)), [TextChange(para, "replace", old, new)]
    segments: list[tuple[str, str]] = []
    changes: list[TextChange] = []
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    last = 0  # end of what old has emitted so far
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 < i2:
            start, end = old_spans[i1][0], old_spans[i2 - 1][1]
            if start > last:
                segments.append(("equal", old[last:start]))
            segments.append(("equal" if tag == "equal" else "delete", old[start:end]))
            last = end
        if tag == "equal":
            continue
        added = new[new_spans[j1][0] : new_spans[j2 - 1][1]] if j1 < j2 else ""
        if added:
            if i1 == i2 and last < len(old) and i1 < len(old_spans):
                segments.append(("equal", old[last : old_spans[i1][0]]))
                last = old_spans[i1][0]
            segments.append(("insert", added))
        removed = old[old_spans[i1][0] : old_spans[i2 - 1][1]] if i1 < i2 else ""
        op: TextOp = "replace" if removed and added else ("delete" if removed else "insert")
        changes.append(TextChange(para, op, removed, added, i1))
    if last < len(old):
        segments.append(("equal", old[last:]))
    return _merge(segments), changes


def _merge(segments: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    merged: list[tuple[str, str]] = []
    for kind, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return tuple(merged)


def _paragraph_diffs(old: Sequence[str], new: Sequence[str]) -> list[ParagraphDiff]:
    result: list[ParagraphDiff] = []
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for oi, ni in _pair(old[i1:i2], new[j1:j2]):
            if oi is not None and ni is not None:
                segments, changes = _word_diff(old[i1 + oi], new[j1 + ni], j1 + ni)
                result.append(ParagraphDiff(i1 + oi, j1 + ni, segments, tuple(changes)))
            elif oi is not None:
                text = old[i1 + oi]
                change = TextChange(i1 + oi, "delete", text, "")
                result.append(ParagraphDiff(i1 + oi, None, (("delete", text),), (change,)))
            elif ni is not None:
                text = new[j1 + ni]
                change = TextChange(j1 + ni, "insert", "", text)
                result.append(ParagraphDiff(None, j1 + ni, (("insert", text),), (change,)))
    return result


def diff_records(a: Record, b: Record) -> RecordDiff:
    """The changes from `a` (older) to `b` (newer): metadata, withdrawal, links and text."""
    return RecordDiff(
        old_id=a.id,
        new_id=b.id,
        old_label=_label(a),
        new_label=_label(b),
        metadata=_metadata_changes(a, b),
        paragraphs=tuple(_paragraph_diffs(a.paragraphs, b.paragraphs)),
    )


def _value_line(value: FieldValue) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    return (value or "").replace("\n", "\n  ")


ELLIPSIS = "…"


def _marked(segments: Sequence[tuple[str, str]], marks: dict[str, tuple[str, str]]) -> str:
    """Segments with word-diff markers; an insertion gets a space from the words beside it."""
    out: list[str] = []
    previous: tuple[str, str] | None = None
    for kind, text in segments:
        if (
            previous is not None
            and {kind, previous[0]} == {"insert", "equal"}
            and not previous[1][-1:].isspace()
            and not text[:1].isspace()
        ):
            out.append(" ")
        start, end = marks.get(kind, ("", ""))
        out.append(start + text + end)
        previous = (kind, text)
    return "".join(out)


def passages(
    segments: Sequence[tuple[str, str]], context: int
) -> list[tuple[tuple[str, str], ...]]:
    """The changed passages of a paragraph's `segments`, each with at most `context` unchanged
    words on either side (cut ends marked with an ellipsis); changes closer than twice
    `context` words stay in one passage."""
    groups: list[list[tuple[str, str]]] = [[]]
    last = len(segments) - 1
    for at, (kind, text) in enumerate(segments):
        if kind != "equal":
            groups[-1].append((kind, text))
            continue
        words = _spans(text)
        first, final = at == 0, at == last
        keep_head = 0 if first else context  # words after the change before
        keep_tail = 0 if final else context  # words before the change after
        if len(words) <= keep_head + keep_tail:
            groups[-1].append((kind, text))
            continue
        if keep_head:
            groups[-1].append((kind, text[: words[keep_head - 1][1]] + " " + ELLIPSIS))
        if not first:
            groups.append([])
        if keep_tail:
            groups[-1].append((kind, ELLIPSIS + " " + text[words[-keep_tail][0] :]))
    return [tuple(group) for group in groups if group]


def render_unified(
    diff: RecordDiff, context: int | None = None, marks: dict[str, tuple[str, str]] | None = None
) -> str:
    """A unified-like text rendering; "" when nothing changed.

    Metadata as ``- field: old`` / ``+ field: new`` lines, then each changed paragraph as one
    line with ``[-removed-]`` and ``{+added+}`` markers (or `marks`), all in logical order.
    With `context`, each changed passage instead, on a line of its own, with at most that many
    unchanged words around it (as ``git diff --word-diff`` shows hunks).
    """
    if diff.is_empty:
        return ""
    marks = PLAIN_MARKS if marks is None else marks
    old_name = f"{diff.old_id} {diff.old_label}".strip()
    new_name = f"{diff.new_id} {diff.new_label}".strip()
    lines = [f"--- {old_name}", f"+++ {new_name}"]
    if diff.metadata:
        lines.append("@@ metadata @@")
        for change in diff.metadata:
            if change.old not in (None, ()):
                lines.append(f"- {change.field}: {_value_line(change.old)}")
            if change.new not in (None, ()):
                lines.append(f"+ {change.field}: {_value_line(change.new)}")
    for para in diff.paragraphs:
        if para.old_index is None:
            where = f"paragraph {para.new_index} (added)"
        elif para.new_index is None:
            where = f"paragraph {para.old_index} (removed)"
        else:
            where = f"paragraph {para.old_index} → {para.new_index}"
        lines.append(f"@@ {where} @@")
        if context is None:
            lines.append(_marked(para.segments, marks))
        else:
            lines += [_marked(p, marks) for p in passages(para.segments, context)]
    return "\n".join(lines) + "\n"


def _json_value(value: FieldValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def to_json(diff: RecordDiff) -> dict[str, Any]:
    """``{"metadata": [{"field", "old", "new"}], "text": [{"paragraph", "op", "old", "new",
    "word"}]}`` plus the two record ids and version labels; tags and links as lists."""
    return {
        "old": {"id": diff.old_id, "version": diff.old_label or None},
        "new": {"id": diff.new_id, "version": diff.new_label or None},
        "metadata": [
            {"field": c.field, "old": _json_value(c.old), "new": _json_value(c.new)}
            for c in diff.metadata
        ],
        "text": [dataclasses.asdict(change) for change in diff.text],
    }
